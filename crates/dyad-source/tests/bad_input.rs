//! Hostile input to the readers, generated here (nothing big is committed):
//! a feed of one million items, WARC lengths past any file size, NUL bytes,
//! dates in years 0 and 99999, and every input fuzzing ever crashed on
//! (`tests/fuzz-regressions/<target>/`, see `fuzz/README.md`). Each gives
//! documents or errors naming the document, with bounded time and memory.
//! Lying WARC lengths, gzip bombs, "billion laughs" and 50 MB lines have
//! their own tests (`warc.rs`, `compress.rs`, `feed.rs`, `readers.rs`).

use dyad_source::{documents, read, Document, Format, ReadOptions, SourceError, SourceErrorKind};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// Set in the child process that runs a memory-measured test body.
const CHILD: &str = "DYAD_SOURCE_BAD_INPUT_CHILD";

/// Peak resident memory of this process in KiB (Linux `VmHWM`).
fn peak_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Runs the test `name` alone in a fresh process (this test binary, one
/// test, one thread) so its peak memory is its own; returns that peak in
/// KiB, or `None` where /proc is missing. In the child, returns `None`
/// after running nothing: the caller runs the body, then prints its peak.
fn peak_of_child(name: &str) -> Option<u64> {
    let exe = std::env::current_exe().ok()?;
    let output = Command::new(exe)
        .args([name, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD, "1")
        .output()
        .ok()?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "child failed: {stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
        .lines()
        .find_map(|l| l.split_once("peak-kib: "))
        .and_then(|(_, v)| v.split_whitespace().next()?.parse().ok())
}

fn errors(results: &[Result<Document, SourceError>]) -> Vec<&SourceError> {
    results.iter().filter_map(|r| r.as_ref().err()).collect()
}

#[test]
fn a_feed_of_one_million_items_streams_in_bounded_time_and_memory() {
    if std::env::var_os(CHILD).is_none() {
        if let Some(peak) =
            peak_of_child("a_feed_of_one_million_items_streams_in_bounded_time_and_memory")
        {
            eprintln!("million-item feed: peak {peak} KiB");
            // The feed itself is about 60 MB; documents are dropped as they go.
            assert!(peak < 200 * 1024, "peak {peak} KiB");
        }
        return;
    }
    // Every thousandth item has text; the others are empty items, each an
    // error naming its item, so the test runs in seconds in a debug build.
    const ITEMS: usize = 1_000_000;
    let mut feed = String::with_capacity(ITEMS * 48);
    feed.push_str("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Wire</title>");
    for i in 0..ITEMS {
        feed.push_str("<item><guid>");
        feed.push_str(&i.to_string());
        if i % 1000 == 0 {
            feed.push_str("</guid><description>Ferries ran late.</description></item>");
        } else {
            feed.push_str("</guid></item>");
        }
    }
    feed.push_str("</channel></rss>");
    let options = ReadOptions::default();
    let started = Instant::now();
    let (mut good, mut bad) = (0usize, 0usize);
    let mut last = String::new();
    for result in documents("million.rss", feed.as_bytes(), Format::Feed, &options) {
        match result {
            Ok(document) => {
                good += 1;
                last = document.id;
            }
            Err(err) => {
                bad += 1;
                assert!(matches!(err.kind, SourceErrorKind::NoText), "{err}");
                assert!(err.to_string().starts_with("million.rss"), "{err}");
            }
        }
    }
    assert_eq!((good, bad), (ITEMS / 1000, ITEMS - ITEMS / 1000));
    assert_eq!(last, (ITEMS - 1000).to_string());
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "{:?}",
        started.elapsed()
    );
    println!("peak-kib: {}", peak_kib().unwrap_or(0));
}

#[test]
fn warc_lengths_past_any_file_are_errors_not_allocations() {
    let page = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>The harbour reopened on Monday after the storm, the port said.</p>";
    for length in [
        "18446744073709551615",
        "18446744073709551616",
        "99999999999999999999999",
        "9223372036854775807",
        "-5",
        "0x10",
        "",
    ] {
        let warc = format!(
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://example.org/a\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {length}\r\n\r\n{page}\r\n\r\n"
        );
        let results = read(
            "lie.warc",
            warc.as_bytes(),
            Format::Warc,
            &ReadOptions::default(),
        );
        let errs = errors(&results);
        assert!(!errs.is_empty(), "length {length:?}: {results:?}");
        for err in errs {
            assert!(err.to_string().starts_with("lie.warc"), "{err}");
        }
    }
}

#[test]
fn nul_bytes_are_refused_or_kept_never_a_panic() {
    let options = ReadOptions::default();
    // A NUL in the first 4 KiB marks binary data; past it, text is kept.
    let mut text = "Officials met in Riga on Monday and agreed on a plan. ".repeat(200);
    text.insert(5000, '\0');
    let results = read("nul.txt", text.as_bytes(), Format::Text, &options);
    assert!(results[0].is_ok(), "{results:?}");
    text.insert(100, '\0');
    let results = read("nul.txt", text.as_bytes(), Format::Text, &options);
    let err = results[0].as_ref().expect_err("binary");
    assert!(matches!(err.kind, SourceErrorKind::Binary(_)), "{err}");
    // Mostly NULs: refused as binary, by name.
    let results = read("zeros.txt", &[0u8; 8192], Format::Text, &options);
    let err = results[0].as_ref().expect_err("binary");
    assert!(matches!(err.kind, SourceErrorKind::Binary(_)), "{err}");
    assert!(err.to_string().starts_with("zeros.txt"), "{err}");
    // NUL as a JSON escape, raw in a JSON line, in HTML and in a feed.
    let inputs: [(&str, &[u8], Format); 5] = [
        ("a.json", b"{\"id\":\"a\",\"text\":\"Talks\\u0000 resumed in Oslo.\"}", Format::Json),
        ("b.jsonl", b"{\"id\":\"b\",\"text\":\"Talks\0resumed.\"}\n{\"id\":\"c\",\"text\":\"Fine.\"}\n", Format::JsonLines),
        ("c.html", b"<html><body><p>Talks\0 resumed in Oslo on Monday, officials said.</p></body></html>", Format::Html),
        ("d.rss", b"<rss><channel><item><guid>x</guid><description>Talks\0 resumed.</description></item></channel></rss>", Format::Feed),
        ("e.warc", b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 3\r\n\r\n\0\0\0\r\n\r\n", Format::Warc),
    ];
    for (name, bytes, format) in inputs {
        let results = read(name, bytes, format, &options);
        assert!(!results.is_empty() || format == Format::Warc, "{name}");
        for err in errors(&results) {
            assert!(err.to_string().starts_with(name), "{err}");
        }
    }
}

#[test]
fn dates_in_years_0_and_99999_are_read_or_refused_by_name() {
    let options = ReadOptions::default();
    let lines = [
        ("0000-01-01", Some("0000-01-01")),
        ("0000-01-01T00:00:00Z", Some("0000-01-01")),
        ("9999-12-31", Some("9999-12-31")),
        ("99999-01-01", None),
        ("+99999-01-01", None),
        ("-0001-01-01", None),
        ("0000-00-00", None),
        ("1 January 99999", None),
    ];
    for (date, expected) in lines {
        let line = format!(
            "{{\"id\":\"d\",\"text\":\"The treaty was signed.\",\"published\":\"{date}\"}}\n"
        );
        let results = read("dates.jsonl", line.as_bytes(), Format::JsonLines, &options);
        match (&results[0], expected) {
            (Ok(document), Some(expected)) => {
                assert_eq!(
                    document.published.map(|d| d.to_string()).as_deref(),
                    Some(expected)
                );
            }
            (Err(err), None) => {
                assert!(
                    matches!(err.kind, SourceErrorKind::BadDate(_)),
                    "{date}: {err}"
                );
                assert!(err.to_string().starts_with("dates.jsonl"), "{err}");
            }
            (other, _) => panic!("{date}: {other:?}"),
        }
    }
    // Feeds and pages: an out-of-range date is dropped, the text is kept.
    let feed = b"<rss><channel><item><guid>y</guid><pubDate>Mon, 01 Jan 99999 00:00:00 GMT</pubDate><description>Talks resumed.</description></item><item><guid>z</guid><pubDate>Sat, 01 Jan 0000 00:00:00 GMT</pubDate><description>Talks resumed.</description></item></channel></rss>";
    let results = read("years.rss", feed, Format::Feed, &options);
    assert_eq!(results.len(), 2, "{results:?}");
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    let page = b"<html><head><meta property=\"article:published_time\" content=\"99999-05-01\"></head><body><p>Talks resumed in Oslo on Monday, officials said, and went on late.</p></body></html>";
    let results = read("years.html", page, Format::Html, &options);
    assert!(results[0].is_ok(), "{results:?}");
}

/// The format a fuzz target reads its input as (see `fuzz/fuzz_targets`).
fn replay(target: &str, bytes: &[u8]) {
    let options = ReadOptions {
        max_bytes: 1024 * 1024,
        max_decompressed: 4 * 1024 * 1024,
        ..ReadOptions::default()
    };
    let format = match target {
        "source_html" => Format::Html,
        "source_feed" => Format::Feed,
        "source_warc" => Format::Warc,
        "source_json" | "source_compressed" => {
            // These targets use the first byte as a selector; replay every format.
            for format in [
                Format::Text,
                Format::Json,
                Format::JsonLines,
                Format::Html,
                Format::Feed,
                Format::Warc,
            ] {
                let _ = read(
                    "regression",
                    bytes.get(1..).unwrap_or_default(),
                    format,
                    &options,
                );
                let _ = read("regression", bytes, format, &options);
            }
            return;
        }
        _ => Format::sniff(bytes),
    };
    for result in read("regression", bytes, format, &options) {
        if let Err(err) = result {
            assert!(err.to_string().starts_with("regression"), "{err}");
        }
    }
}

#[test]
fn inputs_that_once_crashed_the_fuzzers_are_read_without_a_panic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    let Ok(targets) = std::fs::read_dir(&root) else {
        return;
    };
    for target in targets.filter_map(Result::ok) {
        let name = target.file_name().to_string_lossy().to_string();
        let Ok(files) = std::fs::read_dir(target.path()) else {
            continue;
        };
        for file in files.filter_map(Result::ok) {
            let bytes = std::fs::read(file.path()).expect("regression file reads");
            replay(&name, &bytes);
        }
    }
}
