//! Reads files or folders with `read_path` and prints what came out:
//! documents, errors (the first few), body bytes, time and peak memory.
//!
//! `cargo run --release -p dyad-source --example read_stats -- crawl.warc.gz`

use std::time::Instant;

fn main() {
    let options = dyad_source::ReadOptions::default();
    let start = Instant::now();
    let (mut documents, mut errors, mut bytes) = (0usize, 0usize, 0usize);
    for path in std::env::args().skip(1) {
        for result in dyad_source::read_path(std::path::Path::new(&path), None, &options) {
            match result {
                Ok(document) => {
                    documents += 1;
                    bytes += document.body.len();
                }
                Err(error) => {
                    errors += 1;
                    if errors <= 5 {
                        eprintln!("error: {error}");
                    }
                }
            }
        }
    }
    let peak = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM"))
                .map(str::to_string)
        })
        .unwrap_or_default();
    println!(
        "{documents} documents, {errors} errors, {bytes} body bytes in {:.2} s; {peak}",
        start.elapsed().as_secs_f64()
    );
}
