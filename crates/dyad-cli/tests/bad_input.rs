//! Hostile input end to end through the `dyad` binary: NUL bytes, 100,000
//! levels of HTML nesting, years 0 and 99999 (in text, in JSON date fields
//! and in `--published`), and a 100 MB single line on stdin. Each is coded
//! or refused with an error naming the document, never a panic, and the
//! process's peak memory (sampled from /proc while it runs) stays bounded.
//! Invalid UTF-8, binary files, broken JSON and a 50 MB line are in
//! `cli.rs`; gzip bombs, lying WARC lengths, entity expansion and a feed of
//! a million items in dyad-source's tests.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

mod common;
use common::{check_spans, records};

/// Peak resident memory of process `pid` in KiB (Linux `VmHWM`).
fn peak_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Runs dyad with `args`, feeding stdin from `feed`, and returns its output
/// and the highest `VmHWM` seen while it ran (a lower bound of its peak,
/// `None` without /proc).
fn dyad(args: &[&str], feed: impl FnOnce(&mut dyn Write) + Send) -> (Output, Option<u64>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the dyad binary runs");
    let pid = child.id();
    let mut stdin = child.stdin.take().expect("stdin");
    let done = std::sync::atomic::AtomicBool::new(false);
    let (output, peak) = std::thread::scope(|scope| {
        let sampler = scope.spawn(|| {
            let mut peak = None;
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                if let Some(now) = peak_kib(pid) {
                    peak = peak.max(Some(now));
                }
                std::thread::sleep(Duration::from_millis(5));
            }
            peak
        });
        scope.spawn(move || {
            feed(&mut stdin);
            drop(stdin);
        });
        let output = child.wait_with_output().expect("dyad finishes");
        done.store(true, std::sync::atomic::Ordering::Relaxed);
        (output, sampler.join().ok().flatten())
    });
    (output, peak)
}

fn no_stdin(_: &mut dyn Write) {}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).to_string()
}

fn assert_no_panic(output: &Output) {
    let err = stderr(output);
    assert!(
        !err.contains("panicked") && output.status.code() != Some(101),
        "{err}"
    );
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    path.display().to_string()
}

const NUL_TEXT: &str = "Norway's foreign minister met\0 his Swedish counterpart in Oslo on Tuesday.\0 The two signed a fisheries accord.";

/// A NUL past the first 4 KiB (where binary data is sniffed): kept as text.
fn late_nul_text() -> String {
    "The port was quiet. ".repeat(250) + NUL_TEXT
}
const YEARS_TEXT: &str = "The treaty of the year 0 was renewed on 1 January 0000, then on 31 December 9999, and will lapse in 99999. Officials in Oslo said on Tuesday that next year the pact ends.";

#[test]
fn nul_bytes_deep_nesting_and_extreme_years_are_coded_or_refused_by_name() {
    let dir = tempfile::tempdir().expect("temp dir");
    let nul = write(dir.path(), "nul.txt", NUL_TEXT.as_bytes());
    let late = late_nul_text();
    let nul_late = write(dir.path(), "nul-late.txt", late.as_bytes());
    let years = write(dir.path(), "years.txt", YEARS_TEXT.as_bytes());
    let mut deep = String::from("<html><body>");
    deep.push_str(&"<div>".repeat(100_000));
    deep.push_str("<p>The harbour council met in Bergen on Monday and agreed to reopen the northern pier.</p>");
    deep.push_str(&"</div>".repeat(100_000));
    deep.push_str("</body></html>");
    let deep = write(dir.path(), "deep.html", deep.as_bytes());
    let lines = [
        r#"{"id":"y0","text":"The council met in Oslo on Friday.","published":"0000-01-01"}"#,
        r#"{"id":"y99999","text":"The council met in Oslo on Friday.","published":"99999-01-01"}"#,
        r#"{"id":"y9999","text":"The council will meet in Oslo next year.","published":"9999-12-31"}"#,
        r#"{"id":"nul","text":"The council\u0000 met in Oslo on Friday.","published":"2024-03-01"}"#,
    ];
    let jsonl = write(
        dir.path(),
        "dates.jsonl",
        (lines.join("\n") + "\n").as_bytes(),
    );
    let (output, peak) = dyad(
        &[
            "code",
            "--jsonl",
            "--threads",
            "2",
            "--published",
            "0000-01-01",
            &nul,
            &nul_late,
            &years,
            &deep,
            &jsonl,
        ],
        no_stdin,
    );
    assert_no_panic(&output);
    let err = stderr(&output);
    assert_eq!(
        output.status.code(),
        Some(1),
        "one line has a bad date: {err}"
    );
    assert!(
        err.contains("dates.jsonl:2") && err.contains("99999-01-01"),
        "{err}"
    );
    let records = records(&output);
    let ids: Vec<&str> = records
        .iter()
        .filter_map(|r| r["doc"]["id"].as_str())
        .collect();
    assert_eq!(ids.len(), 6, "{ids:?}\n{err}");
    for record in &records {
        let id = record["doc"]["id"].as_str().unwrap_or_default();
        if id.ends_with("nul-late.txt") {
            check_spans(record, &late);
            assert_eq!(record["doc"]["published"], "0000-01-01");
        } else if id.ends_with("years.txt") {
            check_spans(record, YEARS_TEXT);
        } else if id.ends_with("deep.html") {
            let places: Vec<&str> = record["places"]
                .as_array()
                .expect("places")
                .iter()
                .filter_map(|p| p["name"].as_str())
                .collect();
            assert!(places.contains(&"Bergen"), "{record}");
        }
    }
    eprintln!("hostile files: peak {peak:?} KiB");
    if let Some(peak) = peak {
        assert!(peak < 1024 * 1024, "peak {peak} KiB");
    }
}

#[test]
fn out_of_range_published_flags_are_usage_errors() {
    for value in ["99999-01-01", "2024-02-30", "0000-00-00"] {
        let (output, _) = dyad(&["code", "--published", value, "-"], no_stdin);
        assert_no_panic(&output);
        assert_eq!(output.status.code(), Some(2), "{value}");
        let err = stderr(&output);
        assert!(err.contains("--published") && err.contains(value), "{err}");
    }
}

#[test]
fn a_100_mb_single_line_on_stdin_is_refused_in_bounded_memory() {
    const SIZE: usize = 100 * 1024 * 1024;
    let (output, peak) = dyad(&["code", "--jsonl", "-"], |stdin| {
        // Streamed in 1 MiB pieces: the test never holds the line.
        let piece =
            "Envoys met again and talked at length about the border ".repeat(1024 * 1024 / 56);
        let mut sent = 0;
        while sent < SIZE {
            if stdin.write_all(piece.as_bytes()).is_err() {
                break;
            }
            sent += piece.len();
        }
    });
    assert_no_panic(&output);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(
        err.contains("stdin") && err.contains("over the limit"),
        "{err}"
    );
    eprintln!("100 MB line: peak {peak:?} KiB");
    if let Some(peak) = peak {
        // The line is held once (stdin is read whole), never copied per stage.
        assert!(peak < 600 * 1024, "peak {peak} KiB");
    }
}
