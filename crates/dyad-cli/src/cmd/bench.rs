//! `dyad bench`: whole-pipeline speed on a corpus — articles/s, MB/s per core,
//! time per stage, peak memory — as medians of several runs.

use crate::run::{read_inputs, ResourceArgs};
use crate::Outcome;
use anyhow::{bail, Result};
use clap::Args;
use dyad_doc::{Doc, DocMeta};
use dyad_pipeline::Pipeline;
use dyad_source::{Document, ReadOptions};
use std::path::PathBuf;
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
/// Examples:
///
///   dyad bench ../shared/corpus/wikinews/wikinews.jsonl
///   dyad bench --runs 5 ../shared/corpus/reuters21578/reuters21578.jsonl
#[derive(Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct BenchArgs {
    /// Corpus files (.txt, .json, .jsonl).
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

/// Codes all documents on `threads` threads; returns the wall time and per-stage times.
fn one_run(
    documents: &[Document],
    pipeline: &Pipeline,
    resources: &dyad_resources::Resources,
    threads: usize,
    stages: usize,
) -> (Duration, Vec<Duration>) {
    let next = AtomicUsize::new(0);
    let started = Instant::now();
    let per_thread: Vec<Vec<Duration>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads.max(1))
            .map(|_| {
                scope.spawn(|| {
                    let mut timings = vec![Duration::ZERO; stages];
                    loop {
                        let idx = next.fetch_add(1, Ordering::Relaxed);
                        let Some(document) = documents.get(idx) else {
                            break;
                        };
                        let meta = DocMeta {
                            id: document.id.clone(),
                            published: document.published,
                            ..DocMeta::default()
                        };
                        let mut doc = Doc::new(meta, document.body.clone());
                        pipeline.run_timed(&mut doc, resources, &mut timings);
                    }
                    timings
                })
            })
            .collect();
        handles.into_iter().filter_map(|h| h.join().ok()).collect()
    });
    let elapsed = started.elapsed();
    let mut totals = vec![Duration::ZERO; stages];
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
    let names = pipeline.stage_names();
    let documents: Vec<Document> = read_inputs(&args.inputs, &ReadOptions::default(), None)
        .filter_map(Result::ok)
        .collect();
    if documents.is_empty() {
        bail!("no readable documents in the inputs");
    }
    let bytes: usize = documents.iter().map(|d| d.body.len()).sum();
    let all = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let runs = args.runs.max(1);
    let mut report = serde_json::json!({
        "documents": documents.len(),
        "megabytes": bytes as f64 / 1e6,
        "startup_ms": startup.as_secs_f64() * 1e3,
    });
    for (label, threads) in [("single_thread", 1usize), ("all_threads", all)] {
        let (mut docs_per_s, mut mb_per_s) = (Vec::new(), Vec::new());
        let mut stage_totals = vec![Duration::ZERO; names.len()];
        for _ in 0..runs {
            let (elapsed, stages) =
                one_run(&documents, &pipeline, &resources, threads, names.len());
            let seconds = elapsed.as_secs_f64().max(1e-9);
            docs_per_s.push(documents.len() as f64 / seconds);
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
    println!(
        "{} documents, {:.1} MB of text; start-up {:.0} ms; median of {runs} runs",
        documents.len(),
        bytes as f64 / 1e6,
        startup.as_secs_f64() * 1e3
    );
    for label in ["single_thread", "all_threads"] {
        let r = &report[label];
        println!(
            "{label:<14} {} thread(s): {:>8.0} articles/s  {:>6.2} MB/s  ({:.2} MB/s per core)",
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
