//! `dyad code`: articles in, records out (a readable table, JSON or JSON Lines).

use crate::run::{code, read_inputs, PlaceConvention, ReadArgs, ResourceArgs};
use crate::Outcome;
use anyhow::{Context, Result};
use clap::Args;
use dyad_doc::Doc;
use dyad_pipeline::Pipeline;
use dyad_record::Record;
use dyad_resources::Resources;
use std::io::Write;
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Mutex};

/// Code articles: find actors, events, quotes, times and places.
///
/// Inputs are files or folders (read recursively): plain text (one article
/// per file), JSON or JSON Lines with the fields `id`, `text`, `published`,
/// `title`, `url` (other names with --text-field and friends), HTML pages
/// (main text extracted), RSS/Atom feeds, WARC archives — any of them gzip or
/// zstd compressed. With no input, or `-`, reads stdin.
///
/// Examples:
///
///   dyad code examples/envoy-talks.txt --published 2025-11-20
///   dyad code --jsonl articles.jsonl > records.jsonl
///   dyad code --explain story.txt
///
/// Exit status: 0 all documents coded; 1 some documents could not be read
/// (each is reported on stderr, the others are coded); 2 fatal error.
#[derive(Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct CodeArgs {
    /// Files to code (.txt, .json, .jsonl); none or `-` reads stdin.
    #[arg(value_name = "FILE")]
    pub inputs: Vec<PathBuf>,
    /// Print one pretty JSON record per document.
    #[arg(long, conflicts_with = "jsonl")]
    pub json: bool,
    /// Print one JSON record per line (for many documents, jq, pandas).
    #[arg(long)]
    pub jsonl: bool,
    /// In the table, show for each event the pattern and the spans that produced it.
    #[arg(long)]
    pub explain: bool,
    /// Keep only events the article states itself (not negated, not hypothetical, not attributed).
    #[arg(long)]
    pub asserted_only: bool,
    /// Which uses of a place name are places: `located` (dyad's conventions) or
    /// `every` toponym, demonyms and names acting as actors included (TR-News, LGL).
    #[arg(long, value_enum, default_value_t = PlaceConvention::Located, value_name = "CONVENTION")]
    pub places: PlaceConvention,
    /// Worker threads (default: all cores).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    #[command(flatten)]
    pub read: ReadArgs,
    #[command(flatten)]
    pub resources: ResourceArgs,
}

/// Codes `documents` on `threads` threads, keeping input order.
pub fn code_all(
    documents: Vec<dyad_source::Document>,
    pipeline: &Pipeline,
    resources: &Resources,
    threads: usize,
) -> Vec<(Doc, Record)> {
    let slots: Vec<Mutex<Option<dyad_source::Document>>> =
        documents.into_iter().map(|d| Mutex::new(Some(d))).collect();
    let results: Vec<Mutex<Option<(Doc, Record)>>> =
        slots.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..threads.max(1) {
            scope.spawn(|| loop {
                let idx = next.fetch_add(1, Ordering::Relaxed);
                let Some(slot) = slots.get(idx) else { break };
                let document = slot.lock().ok().and_then(|mut d| d.take());
                if let Some(document) = document {
                    let coded = code(document, pipeline, resources);
                    if let Ok(mut result) = results[idx].lock() {
                        *result = Some(coded);
                    }
                }
            });
        }
    });
    results
        .into_iter()
        .filter_map(|m| m.into_inner().ok().flatten())
        .collect()
}

/// How `dyad code` prints a record.
#[derive(Clone, Copy)]
enum Output {
    Table { explain: bool },
    Json,
    JsonLines,
}

/// What a worker hands back for the document at an index of its batch:
/// the printed record, or why it could not be printed.
type Printed = (usize, Result<Vec<u8>>);

/// Runs `dyad code`.
///
/// The worker threads live for the whole run, not one batch: their
/// per-thread caches (the tagger's and lemmatizer's recent words) stay warm
/// from batch to batch, and no thread is started per batch. Each worker
/// codes a document, prints its record into a buffer and drops the `Doc`
/// and `Record` itself, so their many small allocations are freed by the
/// thread that made them (a free from another thread is the allocator's
/// slow path); the main thread only reads inputs and writes the buffers in
/// input order.
pub fn run(args: CodeArgs) -> Result<Outcome> {
    dyad_pipeline::warm_up();
    let resources = args.resources.load()?;
    let pipeline = args.places.pipeline();
    let options = args.read.options();
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let output = if args.jsonl {
        Output::JsonLines
    } else if args.json {
        Output::Json
    } else {
        Output::Table {
            explain: args.explain,
        }
    };
    let asserted_only = args.asserted_only;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let (jobs, job_queue) = mpsc::channel::<(usize, dyad_source::Document)>();
    let job_queue = Mutex::new(job_queue);
    let (done, printed) = mpsc::channel::<Printed>();
    let (pipeline, resources, job_queue) = (&pipeline, &resources, &job_queue);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let done = done.clone();
            scope.spawn(move || loop {
                // The lock is held only to take one job; the queue closes
                // when the main thread is done (or gone).
                let job = job_queue.lock().ok().and_then(|queue| queue.recv().ok());
                let Some((idx, document)) = job else { break };
                // A bug, not bad input (stages cannot fail): stop the run
                // with an error naming the document rather than hang the
                // main thread waiting for its record.
                let id = document.id.clone();
                let result = std::panic::catch_unwind(AssertUnwindSafe(|| {
                    print_one(document, pipeline, resources, output, asserted_only)
                }))
                .unwrap_or_else(|_| Err(anyhow::anyhow!("coding document {id} panicked")));
                if done.send((idx, result)).is_err() {
                    break;
                }
            });
        }
        drop(done);
        let outcome = code_in_batches(&args, &options, threads, &jobs, &printed, &mut out);
        // Closing the queue stops the workers, which the scope then joins.
        drop(jobs);
        outcome
    })
}

/// Reads the inputs in batches, hands each batch's documents to the workers
/// through `jobs`, and writes what comes back on `printed` in input order.
///
/// Reading in batches keeps memory bounded on archives: each batch is read
/// lazily, coded on all threads, printed, and dropped before the next is read.
fn code_in_batches(
    args: &CodeArgs,
    options: &dyad_source::ReadOptions,
    threads: usize,
    jobs: &mpsc::Sender<(usize, dyad_source::Document)>,
    printed: &mpsc::Receiver<Printed>,
    out: &mut impl Write,
) -> Result<Outcome> {
    let batch_size = threads * 64;
    let mut failed = 0usize;
    let mut inputs = read_inputs(&args.inputs, options, args.read.format).peekable();
    let mut slots: Vec<Option<Vec<u8>>> = Vec::with_capacity(batch_size);
    while inputs.peek().is_some() {
        slots.clear();
        for result in inputs.by_ref() {
            match result {
                Ok(document) => {
                    jobs.send((slots.len(), document))
                        .map_err(|_| anyhow::anyhow!("the coding threads stopped"))?;
                    slots.push(None);
                }
                Err(err) => {
                    failed += 1;
                    eprintln!("dyad: skipped {err}");
                }
            }
            if slots.len() == batch_size {
                break;
            }
        }
        for _ in 0..slots.len() {
            let (idx, bytes) = printed
                .recv()
                .map_err(|_| anyhow::anyhow!("the coding threads stopped"))?;
            if let Some(slot) = slots.get_mut(idx) {
                *slot = Some(bytes?);
            }
        }
        for bytes in slots.iter().flatten() {
            out.write_all(bytes)?;
        }
    }
    out.flush()?;
    if failed > 0 {
        eprintln!("dyad: {failed} document(s) could not be read");
        return Ok(Outcome::Partial);
    }
    Ok(Outcome::Success)
}

/// Codes one document and prints its record as `output` asks, into a buffer.
fn print_one(
    document: dyad_source::Document,
    pipeline: &Pipeline,
    resources: &Resources,
    output: Output,
    asserted_only: bool,
) -> Result<Vec<u8>> {
    let (doc, mut record) = code(document, pipeline, resources);
    if asserted_only {
        record.events.retain(|e| e.asserted);
    }
    // A JSON record is about twice its text's length: reserving that once
    // spares the buffer's doublings, each a copy of what was written.
    let mut out = Vec::with_capacity(1024 + 2 * doc.text().len());
    match output {
        Output::JsonLines => {
            // The bytes `serde_json::to_writer` would write, written directly.
            record.write_json(&mut out);
            out.push(b'\n');
        }
        Output::Json => {
            serde_json::to_writer_pretty(&mut out, &record).context("writing JSON")?;
            writeln!(out)?;
        }
        Output::Table { explain } => render_table(&mut out, &doc, &record, resources, explain)?,
    }
    Ok(out)
}

fn clip(text: &str, max: usize) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        one_line
    } else {
        let cut: String = one_line.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

/// The human-readable rendering of one record.
fn render_table(
    out: &mut impl Write,
    doc: &Doc,
    record: &Record,
    resources: &Resources,
    explain: bool,
) -> Result<()> {
    let actor = |id: &Option<String>| -> String {
        id.as_ref()
            .and_then(|id| record.actors.iter().find(|a| &a.id == id))
            .map_or("-".to_string(), |a| format!("{} {}", a.code, a.name))
    };
    writeln!(
        out,
        "== {}{} ==",
        record.doc.id,
        record
            .doc
            .published
            .as_ref()
            .map_or(String::new(), |d| format!(" ({d})"))
    )?;
    writeln!(out, "events ({})", record.events.len())?;
    for event in &record.events {
        let date = event
            .date
            .as_ref()
            .map_or("-".to_string(), |d| format!("{} ({})", d.value, d.time));
        let place = event
            .place
            .and_then(|i| record.places.get(i))
            .map_or(String::new(), |p| format!(" @{}", p.name));
        let mut flags = Vec::new();
        if event.negated {
            flags.push("NEGATED".to_string());
        }
        if event.modality != "asserted" {
            flags.push(event.modality.to_uppercase());
        }
        if let Some(attribution) = &event.attribution {
            flags.push(format!("claimed by {}", actor(&attribution.claimant)));
        }
        writeln!(
            out,
            "  {:<4} {:<5} {:<11} {} -> {}  \"{}\"  {}{}{}",
            event.id,
            event.cameo,
            event.plover,
            actor(&event.source),
            actor(&event.target),
            event.trigger,
            date,
            place,
            if flags.is_empty() {
                String::new()
            } else {
                format!("  [{}]", flags.join("; "))
            }
        )?;
        if explain {
            let pattern = resources.patterns.get(&event.pattern);
            writeln!(
                out,
                "         pattern {} ({})",
                event.pattern,
                pattern.map_or("?", |p| p.origin.as_str())
            )?;
            writeln!(
                out,
                "         trigger {}..{}  sentence {}..{}",
                event.trigger_start, event.trigger_end, event.sentence_start, event.sentence_end
            )?;
            for (role, id) in [("source", &event.source), ("target", &event.target)] {
                if let Some(id) = id {
                    let mention = record.mentions.iter().find(|m| {
                        m.actor.as_ref() == Some(id)
                            && m.start >= event.sentence_start
                            && m.end <= event.sentence_end
                    });
                    if let Some(m) = mention {
                        writeln!(out, "         {role} {}..{} \"{}\"", m.start, m.end, m.text)?;
                    }
                }
            }
            let sentence = doc.slice(dyad_doc::Span {
                start: event.sentence_start,
                end: event.sentence_end,
            });
            writeln!(out, "         in: \"{}\"", clip(sentence, 160))?;
        }
    }
    if explain {
        writeln!(out, "mentions ({})", record.mentions.len())?;
        for mention in &record.mentions {
            writeln!(
                out,
                "  {}..{} {:<12} \"{}\" => {}",
                mention.start,
                mention.end,
                mention.kind,
                mention.text,
                actor(&mention.actor)
            )?;
        }
    }
    writeln!(out, "quotes ({})", record.quotes.len())?;
    for quote in &record.quotes {
        let speaker = quote
            .speaker
            .as_ref()
            .map(|_| actor(&quote.speaker))
            .or_else(|| quote.speaker_text.clone())
            .unwrap_or_else(|| "?".into());
        let content = doc.slice(dyad_doc::Span {
            start: quote.content_start,
            end: quote.content_end,
        });
        writeln!(
            out,
            "  {:<8} {} {}: \"{}\"",
            quote.kind,
            speaker,
            quote.cue.clone().unwrap_or_default(),
            clip(content, 100)
        )?;
    }
    writeln!(out, "times ({})", record.times.len())?;
    for time in &record.times {
        writeln!(
            out,
            "  {:<24} {} ({})",
            format!("\"{}\"", time.text),
            time.value,
            time.grain
        )?;
    }
    writeln!(out, "places ({})", record.places.len())?;
    for place in &record.places {
        writeln!(
            out,
            "  {:<24} {}, {} ({:.2}, {:.2})",
            format!("\"{}\"", place.text),
            place.name,
            place.country.clone().unwrap_or_default(),
            place.lat,
            place.lon
        )?;
    }
    writeln!(out)?;
    Ok(())
}
