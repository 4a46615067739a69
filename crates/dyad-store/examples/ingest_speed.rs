//! Measures ingest and export speed on synthetic records (no NLP involved):
//! `cargo run --release -p dyad-store --example ingest_speed -- [DOCS] [BATCH]`.
//!
//! Articles are invented, ~1 KB each, with one event; every fourth is a light
//! copy of the one before (stories), events repeat across days (aggregation).

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::Instant;

use common::{ev, item, Article};
use dyad_store::{ExportFormat, ExportOptions, IngestItem, Partitioning, Store};

/// Syllables of the invented vocabulary (1,000 three-syllable words).
const SYLLABLES: &[&str] = &["ka", "lo", "mi", "ne", "ru", "sa", "te", "vo", "zi", "pe"];

/// xorshift64: a deterministic word stream per document.
fn next(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

/// A word of the vocabulary, skewed towards frequent words like real text.
fn word(state: &mut u64) -> String {
    let rank = (next(state) % 1000) * (next(state) % 1000) / 1000;
    let digits = [rank / 100, rank / 10 % 10, rank % 10];
    digits.iter().map(|&d| SYLLABLES[d as usize]).collect()
}

fn leak(text: String) -> &'static str {
    Box::leak(text.into_boxed_str())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let docs: usize = args.next().map_or(Ok(20_000), |a| a.parse())?;
    let batch_size: usize = args.next().map_or(Ok(500), |a| a.parse())?;
    let pairs = [
        ("RUS", "UKR"),
        ("FRA", "DEU"),
        ("USAGOV", "NATO"),
        ("UKRGOV", "RUSGOV"),
    ];
    let names = ["Russia", "France", "Washington", "Kyiv"];
    let targets = ["Ukraine", "Germany", "NATO", "Kremlin"];
    let mut items: Vec<IngestItem> = Vec::with_capacity(docs);
    let mut previous = String::new();
    for i in 0..docs {
        let pair = i % pairs.len();
        let body = if i % 4 == 3 {
            format!("{previous} Updated at noon.")
        } else {
            let mut state = i as u64 * 0x9e37_79b9 + 1;
            let filler: Vec<String> = (0..150).map(|_| word(&mut state)).collect();
            format!(
                "{} met {} on the {}th (item {i}). {}.",
                names[pair],
                targets[pair],
                1 + i % 28,
                filler.join(" ")
            )
        };
        previous = body.clone();
        let (source, target) = pairs[if i % 4 == 3 { (i - 1) % 4 } else { pair }];
        let article = Article {
            id: leak(format!("doc-{i}")),
            outlet: Some(["Wire Agency", "Daily Paper", "Radio"][i % 3]),
            published: leak(format!("2025-{:02}-{:02}", 1 + (i / 28) % 12, 1 + i % 28)),
            title: "Report",
            body,
        };
        items.push(item(&article, &[ev(source, target, "040", "met")]));
    }
    let bytes: usize = items.iter().map(|i| i.body.len()).sum();
    let dir = tempfile::tempdir()?;
    let mut store = Store::open(dir.path().join("speed.db"))?;
    let start = Instant::now();
    for batch in items.chunks(batch_size) {
        store.ingest(batch)?;
    }
    let seconds = start.elapsed().as_secs_f64();
    let counts = store.counts()?;
    println!(
        "ingest: {docs} docs ({:.1} MB) in batches of {batch_size}: {seconds:.2} s, {:.0} docs/s; {counts:?}",
        bytes as f64 / 1e6,
        docs as f64 / seconds
    );
    let start = Instant::now();
    let skipped = items
        .chunks(batch_size)
        .map(|batch| store.ingest(batch).map(|r| r.skipped))
        .sum::<Result<usize, _>>()?;
    println!(
        "re-ingest (all skipped: {skipped}): {:.2} s",
        start.elapsed().as_secs_f64()
    );
    for format in [
        ExportFormat::GdeltTsv,
        ExportFormat::Csv,
        ExportFormat::Jsonl,
        ExportFormat::Parquet,
    ] {
        let start = Instant::now();
        let options = ExportOptions {
            partitioning: Partitioning::ByMonth,
            ..ExportOptions::new(format)
        };
        let summary = store.export(&options, &dir.path().join(format.extension()))?;
        println!(
            "export {:?}: {} rows, {} files, {:.2} s",
            format,
            summary.rows,
            summary.files.len(),
            start.elapsed().as_secs_f64()
        );
    }
    let start = Instant::now();
    let hits = store.search("kaloka", 10)?;
    println!(
        "search: {} hits in {:.1} ms",
        hits.len(),
        start.elapsed().as_secs_f64() * 1e3
    );
    let size = std::fs::metadata(dir.path().join("speed.db"))?.len();
    println!("database: {:.1} MB", size as f64 / 1e6);
    Ok(())
}
