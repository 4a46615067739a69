//! `dyad bench`: whole-pipeline speed on a corpus — articles/s, MB/s per core,
//! time per stage, peak memory — as medians of several runs.
//!
//! Text inputs (plain text, JSON, JSON Lines) are read once and only the
//! pipeline is timed. HTML pages (`.html`, `.htm`, also gzipped, or folders of
//! them) are timed from the page to the record: extraction, pipeline and
//! `Record::from_doc`, so their figure is pages/s as a crawler would see it.

use crate::run::{read_inputs, ResourceArgs};
use crate::Outcome;
use anyhow::{bail, Result};
use clap::Args;
use dyad_doc::{Doc, DocMeta};
use dyad_pipeline::Pipeline;
use dyad_record::Record;
use dyad_source::compress::{decompress, Compression};
use dyad_source::{Document, Format, ReadOptions};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Measure coding speed on a corpus.
///
/// Reads the inputs once, then codes every document RUNS times on one thread
/// and RUNS times on all threads, and prints the median articles/s and MB/s
/// (per core for the single-thread runs), the share of time per stage, and
/// the peak resident memory of the process. Start-up (loading resources) is
/// timed separately.
///
/// HTML pages (files or folders of .html/.htm, gzipped or not) are timed from
/// the raw page to the record, extraction included: their figures are pages/s
/// and MB/s of HTML.
///
/// Examples:
///
///   dyad bench ../shared/corpus/wikinews/wikinews.jsonl
///   dyad bench --runs 5 ../shared/corpus/reuters21578/reuters21578.jsonl
///   dyad bench ../shared/eval/html/html
#[derive(Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct BenchArgs {
    /// Corpus files or folders (.txt, .json, .jsonl, .html; .gz/.zst unpacked first).
    #[arg(value_name = "FILE", required = true)]
    pub inputs: Vec<PathBuf>,
    /// Runs per setting; the median is reported.
    #[arg(long, default_value_t = 3)]
    pub runs: usize,
    /// Threads for the all-core runs (default: all cores).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Print the figures as JSON.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub resources: ResourceArgs,
}

/// One unit of work: a document already read, or an HTML page still to extract.
enum Item {
    /// A text document: only the pipeline is timed.
    Text(Document),
    /// An HTML page (decompressed): extraction, pipeline and record are timed.
    Page { name: String, html: Vec<u8> },
}

impl Item {
    /// The bytes this item stands for: text for documents, HTML for pages.
    fn bytes(&self) -> usize {
        match self {
            Item::Text(document) => document.body.len(),
            Item::Page { html, .. } => html.len(),
        }
    }
}

/// The files under `path` (itself when a file), sorted.
fn files_under(path: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(path) else {
        out.push(path.to_path_buf());
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if !hidden {
            files_under(&path, out);
        }
    }
}

/// Reads the inputs: HTML pages are kept raw, everything else is read into documents.
fn read_items(inputs: &[PathBuf], options: &ReadOptions) -> Vec<Item> {
    let mut files = Vec::new();
    for input in inputs {
        files_under(input, &mut files);
    }
    let mut items = Vec::new();
    let mut others = Vec::new();
    for file in files {
        let name = file.display().to_string();
        let (compression, plain_name) = Compression::from_name(&name);
        let is_html = Format::from_name(plain_name) == Some(Format::Html);
        let bytes = if is_html {
            std::fs::read(&file).ok()
        } else {
            None
        };
        match bytes {
            Some(bytes) => {
                let html = match compression.or_else(|| Compression::detect(&bytes)) {
                    Some(compression) => {
                        match decompress(&bytes, compression, options.max_decompressed) {
                            (html, None) => html,
                            (_, Some(_)) => continue,
                        }
                    }
                    None => bytes,
                };
                items.push(Item::Page { name, html });
            }
            None => others.push(file),
        }
    }
    if !others.is_empty() {
        items.extend(
            read_inputs(&others, options, None)
                .filter_map(Result::ok)
                .map(Item::Text),
        );
    }
    items
}

/// Peak resident set size of this process in KiB (Linux: VmHWM), if known.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(|a, b| a.total_cmp(b));
    values.get(values.len() / 2).copied().unwrap_or(0.0)
}

/// Codes one item, adding each stage's time to `timings` (extraction and
/// record, for pages, to the last two slots).
fn code_item(
    item: &Item,
    pipeline: &Pipeline,
    resources: &dyad_resources::Resources,
    options: &ReadOptions,
    timings: &mut [Duration],
) {
    let stages = timings.len().saturating_sub(2);
    match item {
        Item::Text(document) => {
            let meta = DocMeta {
                id: document.id.clone(),
                published: document.published,
                ..DocMeta::default()
            };
            let mut doc = Doc::new(meta, document.body.clone());
            pipeline.run_timed(&mut doc, resources, &mut timings[..stages]);
        }
        Item::Page { name, html } => {
            let started = Instant::now();
            let documents = dyad_source::read(name, html, Format::Html, options);
            timings[stages] += started.elapsed();
            for document in documents.into_iter().flatten() {
                let meta = DocMeta {
                    id: document.id,
                    url: document.url,
                    title: document.title,
                    published: document.published,
                    source_name: document.source_name,
                };
                let mut doc = Doc::new(meta, document.body);
                pipeline.run_timed(&mut doc, resources, &mut timings[..stages]);
                let started = Instant::now();
                std::hint::black_box(Record::from_doc(&doc, resources));
                timings[stages + 1] += started.elapsed();
            }
        }
    }
}

/// Codes all items on `threads` threads; returns the wall time and the
/// per-stage times (the pipeline's stages, then extraction and record).
fn one_run(
    items: &[Item],
    pipeline: &Pipeline,
    resources: &dyad_resources::Resources,
    threads: usize,
    slots: usize,
) -> (Duration, Vec<Duration>) {
    let next = AtomicUsize::new(0);
    let options = ReadOptions::default();
    let started = Instant::now();
    let per_thread: Vec<Vec<Duration>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads.max(1))
            .map(|_| {
                scope.spawn(|| {
                    let mut timings = vec![Duration::ZERO; slots];
                    loop {
                        let idx = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(idx) else {
                            break;
                        };
                        code_item(item, pipeline, resources, &options, &mut timings);
                    }
                    timings
                })
            })
            .collect();
        handles.into_iter().filter_map(|h| h.join().ok()).collect()
    });
    let elapsed = started.elapsed();
    let mut totals = vec![Duration::ZERO; slots];
    for timings in per_thread {
        for (total, t) in totals.iter_mut().zip(timings) {
            *total += t;
        }
    }
    (elapsed, totals)
}

/// Runs `dyad bench`.
pub fn run(args: BenchArgs) -> Result<Outcome> {
    let started = Instant::now();
    dyad_pipeline::warm_up();
    let resources = args.resources.load()?;
    let startup = started.elapsed();
    let pipeline = Pipeline::standard();
    let mut names: Vec<&str> = pipeline.stage_names();
    let items = read_items(&args.inputs, &ReadOptions::default());
    if items.is_empty() {
        bail!("no readable documents in the inputs");
    }
    let pages = items
        .iter()
        .filter(|item| matches!(item, Item::Page { .. }))
        .count();
    if pages > 0 {
        names.extend(["extract", "record"]);
    }
    let slots = pipeline.stage_names().len() + 2;
    let bytes: usize = items.iter().map(Item::bytes).sum();
    let all = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let runs = args.runs.max(1);
    let mut report = serde_json::json!({
        "documents": items.len(),
        "html_pages": pages,
        "megabytes": bytes as f64 / 1e6,
        "startup_ms": startup.as_secs_f64() * 1e3,
    });
    for (label, threads) in [("single_thread", 1usize), ("all_threads", all)] {
        let (mut docs_per_s, mut mb_per_s) = (Vec::new(), Vec::new());
        let mut stage_totals = vec![Duration::ZERO; slots];
        for _ in 0..runs {
            let (elapsed, stages) = one_run(&items, &pipeline, &resources, threads, slots);
            let seconds = elapsed.as_secs_f64().max(1e-9);
            docs_per_s.push(items.len() as f64 / seconds);
            mb_per_s.push(bytes as f64 / 1e6 / seconds);
            for (total, t) in stage_totals.iter_mut().zip(stages) {
                *total += t;
            }
        }
        let stage_sum: f64 = stage_totals
            .iter()
            .map(Duration::as_secs_f64)
            .sum::<f64>()
            .max(1e-9);
        let shares: serde_json::Map<String, serde_json::Value> = names
            .iter()
            .zip(&stage_totals)
            .map(|(name, t)| {
                (
                    name.to_string(),
                    serde_json::json!((t.as_secs_f64() / stage_sum * 1000.0).round() / 10.0),
                )
            })
            .collect();
        report[label] = serde_json::json!({
            "threads": threads,
            "articles_per_s": median(&mut docs_per_s),
            "mb_per_s": median(&mut mb_per_s),
            "mb_per_s_per_core": median(&mut mb_per_s) / threads as f64,
            "stage_time_percent": shares,
        });
    }
    report["peak_rss_mb"] = serde_json::json!(peak_rss_kib().map(|k| k as f64 / 1024.0));
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(Outcome::Success);
    }
    let (unit, what) = if pages == items.len() {
        ("pages", "HTML")
    } else if pages > 0 {
        ("items", "text and HTML")
    } else {
        ("articles", "text")
    };
    println!(
        "{} {unit}, {:.1} MB of {what}; start-up {:.0} ms; median of {runs} runs",
        items.len(),
        bytes as f64 / 1e6,
        startup.as_secs_f64() * 1e3
    );
    for label in ["single_thread", "all_threads"] {
        let r = &report[label];
        println!(
            "{label:<14} {} thread(s): {:>8.0} {unit}/s  {:>6.2} MB/s  ({:.2} MB/s per core)",
            r["threads"],
            r["articles_per_s"].as_f64().unwrap_or(0.0),
            r["mb_per_s"].as_f64().unwrap_or(0.0),
            r["mb_per_s_per_core"].as_f64().unwrap_or(0.0)
        );
    }
    let shares = &report["single_thread"]["stage_time_percent"];
    let line: Vec<String> = names
        .iter()
        .map(|n| format!("{n} {}%", shares[*n]))
        .collect();
    println!("time per stage: {}", line.join(", "));
    match report["peak_rss_mb"].as_f64() {
        Some(mb) => println!("peak memory: {mb:.0} MB"),
        None => println!("peak memory: not available on this system"),
    }
    Ok(Outcome::Success)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_pages_are_kept_raw_and_text_is_read() {
        let dir = std::env::temp_dir().join(format!("dyad-bench-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let page = "<html><head><title>Talks</title></head><body><article><p>Leaders met in a northern city on Monday to discuss a ceasefire and trade.</p></article></body></html>";
        std::fs::write(dir.join("page.html"), page).expect("write page");
        std::fs::write(dir.join("story.txt"), "Ministers met on Tuesday.").expect("write text");
        let items = read_items(std::slice::from_ref(&dir), &ReadOptions::default());
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(items.len(), 2);
        assert!(matches!(&items[0], Item::Page { html, .. } if html.len() == page.len()));
        assert!(matches!(&items[1], Item::Text(d) if d.body.contains("Ministers")));
        let pipeline = Pipeline::standard();
        let slots = pipeline.stage_names().len() + 2;
        let (_, timings) = one_run(
            &items,
            &pipeline,
            dyad_resources::Resources::builtin(),
            1,
            slots,
        );
        assert_eq!(timings.len(), slots);
        assert!(timings[slots - 2] > Duration::ZERO, "extraction was timed");
    }
}
