//! `dyad ingest`: read, extract, code and store articles, on all cores, with a
//! progress bar; safe to interrupt and run again.

use crate::cmd::code::code_all;
use crate::run::{read_inputs, ReadArgs, ResourceArgs};
use crate::Outcome;
use anyhow::{Context, Result};
use clap::Args;
use dyad_pipeline::Pipeline;
use dyad_record::DocRecord;
use dyad_source::{Document, SourceError};
use dyad_store::{content_hash, IngestItem, Store};
use indicatif::{ProgressBar, ProgressStyle};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Read, code and store articles in one SQLite file.
///
/// Sources are files or folders in any format `dyad code` reads (text, JSON,
/// JSON Lines, HTML, RSS/Atom, WARC, compressed or not). Each article is
/// identified by a hash of its text: ingesting the same input again adds
/// nothing, and an ingest that was interrupted (even killed) keeps every
/// batch it committed and picks up where it stopped when run again. A
/// document that cannot be read or coded is stored with its error and the run
/// goes on.
///
/// Examples:
///
///   dyad ingest ../shared/corpus/wikinews/wikinews.jsonl
///   dyad ingest crawl/ feeds/*.xml --db news.db
///   dyad query events --db news.db --actor RUS --cameo 04
///
/// Exit status: 0 all stored; 1 some documents failed (stored with their error); 2 fatal.
#[derive(Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct IngestArgs {
    /// Files or folders to ingest.
    #[arg(value_name = "SOURCE", required = true)]
    pub inputs: Vec<PathBuf>,
    /// The store (created if missing).
    #[arg(long, default_value = "dyad.db", value_name = "FILE")]
    pub db: PathBuf,
    /// Documents per transaction: a larger batch is faster, a smaller one loses less when killed.
    #[arg(long, default_value_t = 256, value_name = "N")]
    pub batch: usize,
    /// Worker threads for coding (default: all cores).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
    #[command(flatten)]
    pub read: ReadArgs,
    #[command(flatten)]
    pub resources: ResourceArgs,
}

/// Running totals for the progress bar and the summary.
#[derive(Debug, Default)]
pub struct Totals {
    /// Documents read.
    pub documents: u64,
    /// Bytes of text read.
    pub bytes: u64,
    /// Documents coded and stored.
    pub added: usize,
    /// Documents already in the store.
    pub skipped: usize,
    /// Documents stored with an error.
    pub failed: usize,
}

/// What coding needs: the pipeline, resources and thread count.
pub struct Coder<'a> {
    /// The pipeline.
    pub pipeline: &'a Pipeline,
    /// Resources.
    pub resources: &'a dyad_resources::Resources,
    /// Worker threads.
    pub threads: usize,
}

/// Codes and stores one batch in one transaction: documents already stored are
/// skipped without coding, read errors are stored with their error (reported
/// through `report`).
pub fn store_batch(
    store: &mut Store,
    batch: Vec<Result<Document, SourceError>>,
    coder: &Coder<'_>,
    totals: &mut Totals,
    report: &dyn Fn(String),
) -> Result<()> {
    let mut items = Vec::with_capacity(batch.len());
    let mut to_code = Vec::new();
    for result in batch {
        match result {
            Ok(document) => {
                totals.bytes += document.body.len() as u64;
                // Resuming: what is already stored and coded is not coded again.
                if store.is_coded(&content_hash(&document.body))? {
                    totals.skipped += 1;
                } else {
                    to_code.push(document);
                }
            }
            Err(err) => {
                report(format!("dyad: {err}"));
                let meta = DocRecord {
                    id: err.origin.clone(),
                    ..DocRecord::default()
                };
                // The origin is the failed document's identity in the store.
                items.push(IngestItem::failed(
                    meta,
                    err.origin.clone(),
                    err.kind.to_string(),
                ));
            }
        }
    }
    for (doc, record) in code_all(to_code, coder.pipeline, coder.resources, coder.threads) {
        items.push(IngestItem::coded(doc.text(), record));
    }
    let report = store.ingest(&items)?;
    totals.added += report.added + report.recoded;
    totals.skipped += report.skipped;
    totals.failed += report.failed;
    Ok(())
}

/// Runs `dyad ingest`.
pub fn run(args: IngestArgs) -> Result<Outcome> {
    let started = Instant::now();
    dyad_pipeline::warm_up();
    let resources = args.resources.load()?;
    let pipeline = Pipeline::standard();
    let mut store = Store::open(&args.db)
        .with_context(|| format!("opening the store {}", args.db.display()))?;
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let progress = if args.quiet {
        ProgressBar::hidden()
    } else {
        ProgressBar::new_spinner()
    };
    progress.set_style(
        ProgressStyle::with_template("{spinner} {elapsed_precise} {pos} documents {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    progress.enable_steady_tick(Duration::from_millis(200));
    let mut totals = Totals::default();
    let options = args.read.options();
    let mut batch: Vec<Result<Document, SourceError>> = Vec::with_capacity(args.batch);
    let mut flush =
        |batch: &mut Vec<Result<Document, SourceError>>, totals: &mut Totals| -> Result<()> {
            let coder = Coder {
                pipeline: &pipeline,
                resources: &resources,
                threads,
            };
            store_batch(&mut store, std::mem::take(batch), &coder, totals, &|line| {
                progress.println(line)
            })
        };
    for result in read_inputs(&args.inputs, &options, args.read.format) {
        batch.push(result);
        totals.documents += 1;
        if batch.len() >= args.batch.max(1) {
            flush(&mut batch, &mut totals)?;
            let seconds = started.elapsed().as_secs_f64().max(1e-3);
            progress.set_position(totals.documents);
            progress.set_message(format!(
                "{:.1} MB  {:.0} docs/s  {} errors",
                totals.bytes as f64 / 1e6,
                totals.documents as f64 / seconds,
                totals.failed
            ));
        }
    }
    flush(&mut batch, &mut totals)?;
    progress.finish_and_clear();
    let counts = store.counts()?;
    let seconds = started.elapsed().as_secs_f64().max(1e-3);
    eprintln!(
        "dyad: read {} documents ({:.1} MB) in {:.1} s, {:.0} docs/s: {} added, {} already stored, {} failed; the store holds {} documents, {} events ({} distinct) in {} stories",
        totals.documents,
        totals.bytes as f64 / 1e6,
        seconds,
        totals.documents as f64 / seconds,
        totals.added,
        totals.skipped,
        totals.failed,
        counts.documents,
        counts.events,
        counts.aggregated_events,
        counts.stories
    );
    Ok(if totals.failed > 0 {
        Outcome::Partial
    } else {
        Outcome::Success
    })
}
