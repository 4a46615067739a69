//! End-to-end tests of `dyad ingest`, `query`, `export` and `watch` on stores
//! built from texts written for these tests.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn dyad(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(args)
        .output()
        .expect("the dyad binary runs")
}

fn text(output: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&output.stdout).to_string(),
        String::from_utf8_lossy(&output.stderr).to_string(),
    )
}

/// A small corpus of stories written for these tests, as JSON Lines.
fn corpus(dir: &Path, count: usize) -> PathBuf {
    let leaders = [
        (
            "Turkish Foreign Minister Hakan Fidan",
            "Iranian Foreign Minister Abbas Araghchi",
            "Ankara",
        ),
        (
            "Russian President Vladimir Putin",
            "Chinese President Xi Jinping",
            "Moscow",
        ),
        (
            "French President Emmanuel Macron",
            "German Chancellor Friedrich Merz",
            "Paris",
        ),
        (
            "Indian Prime Minister Narendra Modi",
            "Japanese Prime Minister Shigeru Ishiba",
            "Tokyo",
        ),
    ];
    let mut lines = String::new();
    for n in 0..count {
        let (a, b, city) = leaders[n % leaders.len()];
        let day = 1 + n % 28;
        let text = format!(
            "{a} met {b} in {city} on Monday for talks on trade, story {n}. The two sides agreed to meet again in March, officials said. {a} said the talks had been useful."
        );
        lines.push_str(&serde_json::json!({"id": format!("s{n}"), "published": format!("2025-02-{day:02}"), "source_name": format!("outlet{}", n % 3), "text": text}).to_string());
        lines.push('\n');
    }
    let path = dir.join("corpus.jsonl");
    std::fs::write(&path, lines).expect("write corpus");
    path
}

/// The stored records, one per line, sorted: a store's content independent of timing.
fn dump(db: &Path) -> Vec<String> {
    let output = dyad(&[
        "export",
        "-",
        "--format",
        "records",
        "--db",
        db.to_str().expect("path"),
    ]);
    assert!(output.status.success(), "{}", text(&output).1);
    let mut lines: Vec<String> = text(&output).0.lines().map(str::to_string).collect();
    lines.sort();
    lines
}

#[test]
fn ingest_is_idempotent_and_query_and_export_read_the_store() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = corpus(dir.path(), 40);
    let db = dir.path().join("news.db");
    let db_arg = db.to_str().expect("path");
    let first = dyad(&[
        "ingest",
        input.to_str().expect("path"),
        "--db",
        db_arg,
        "--quiet",
    ]);
    assert!(first.status.success(), "{}", text(&first).1);
    assert!(text(&first).1.contains("40 added"), "{}", text(&first).1);
    let again = dyad(&[
        "ingest",
        input.to_str().expect("path"),
        "--db",
        db_arg,
        "--quiet",
    ]);
    assert!(
        text(&again).1.contains("0 added, 40 already stored"),
        "{}",
        text(&again).1
    );

    let events = dyad(&[
        "query", "events", "--db", db_arg, "--actor", "TUR", "--format", "jsonl", "--limit", "1000",
    ]);
    let rows: Vec<serde_json::Value> = text(&events)
        .0
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON row"))
        .collect();
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r["source"]["code"]
        .as_str()
        .unwrap_or("")
        .starts_with("TUR")
        || r["target"]["code"]
            .as_str()
            .unwrap_or("")
            .starts_with("TUR")));

    let search = dyad(&[
        "query", "search", "Ankara", "--db", db_arg, "--format", "csv",
    ]);
    assert_eq!(
        text(&search).0.lines().count(),
        1 + 10,
        "header + the 10 Ankara stories"
    );

    let csv = dir.path().join("events.csv");
    let exported = dyad(&[
        "export",
        csv.to_str().expect("path"),
        "--db",
        db_arg,
        "--format",
        "csv",
    ]);
    assert!(exported.status.success(), "{}", text(&exported).1);
    let aggregated = dyad(&[
        "query",
        "aggregated",
        "--db",
        db_arg,
        "--format",
        "jsonl",
        "--limit",
        "100000",
    ]);
    let csv_rows = std::fs::read_to_string(&csv).expect("csv").lines().count() - 1;
    assert_eq!(csv_rows, text(&aggregated).0.lines().count());

    let parquet = dir.path().join("events.parquet");
    let exported = dyad(&[
        "export",
        parquet.to_str().expect("path"),
        "--db",
        db_arg,
        "--format",
        "parquet",
    ]);
    assert!(exported.status.success(), "{}", text(&exported).1);
    let magic = std::fs::read(&parquet).expect("parquet written");
    assert!(magic.starts_with(b"PAR1") && magic.ends_with(b"PAR1"));
}

#[test]
fn an_ingest_killed_halfway_resumes_to_the_same_store() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = corpus(dir.path(), 1200);
    let whole = dir.path().join("whole.db");
    let output = dyad(&[
        "ingest",
        input.to_str().expect("path"),
        "--db",
        whole.to_str().expect("path"),
        "--quiet",
    ]);
    assert!(output.status.success(), "{}", text(&output).1);

    let killed = dir.path().join("killed.db");
    let mut child = Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args([
            "ingest",
            input.to_str().expect("path"),
            "--db",
            killed.to_str().expect("path"),
            "--quiet",
            "--batch",
            "10",
            "--threads",
            "1",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    // Kill it once some batches are committed: when the write-ahead log and
    // the file hold half the finished store's bytes. A fixed size just above
    // the empty schema could be crossed while the first batch's pages were
    // still being appended, before its commit, and then nothing was stored.
    let halfway = std::fs::metadata(&whole).expect("whole store").len() / 2;
    let started = Instant::now();
    let wal = killed.with_extension("db-wal");
    while started.elapsed() < Duration::from_secs(60) {
        let size = std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0)
            + std::fs::metadata(&killed).map(|m| m.len()).unwrap_or(0);
        if size > halfway {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().expect("SIGKILL");
    let _ = child.wait();
    let resumed = dyad(&[
        "ingest",
        input.to_str().expect("path"),
        "--db",
        killed.to_str().expect("path"),
        "--quiet",
    ]);
    assert!(resumed.status.success(), "{}", text(&resumed).1);
    let (_, summary) = text(&resumed);
    assert!(
        !summary.contains(" 0 already stored"),
        "the kill should land after some commits: {summary}"
    );
    assert_eq!(dump(&killed), dump(&whole));
}

/// A feed server on 127.0.0.1: one RSS feed (with an ETag) and its articles.
struct FeedServer {
    address: String,
    requests: Arc<Mutex<Vec<String>>>,
}

fn feed_server() -> FeedServer {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = format!("http://{}", listener.local_addr().expect("address"));
    let requests = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&requests);
    let base = address.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream.try_clone().expect("clone"));
            let mut request_line = String::new();
            if reader.read_line(&mut request_line).is_err() {
                continue;
            }
            let mut if_none_match = false;
            loop {
                let mut header = String::new();
                if reader.read_line(&mut header).map_or(true, |n| n == 0) || header == "\r\n" {
                    break;
                }
                if header
                    .to_ascii_lowercase()
                    .starts_with("if-none-match: \"v1\"")
                {
                    if_none_match = true;
                }
            }
            let path = request_line
                .split_whitespace()
                .nth(1)
                .unwrap_or("/")
                .to_string();
            let (status, body, content_type) = match path.as_str() {
                "/feed.xml" if if_none_match => ("304 Not Modified", String::new(), "application/rss+xml"),
                "/feed.xml" => (
                    "200 OK",
                    format!(
                        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Test wire</title>\
                         <item><title>Envoys meet</title><link>{base}/a1.html</link><pubDate>Tue, 04 Mar 2025 10:00:00 GMT</pubDate><description>Short summary.</description></item>\
                         <item><title>Talks resume</title><link>{base}/a2.html</link><pubDate>Wed, 05 Mar 2025 10:00:00 GMT</pubDate><description>Another summary.</description></item>\
                         </channel></rss>"
                    ),
                    "application/rss+xml",
                ),
                "/a1.html" => ("200 OK", "<html><head><title>Envoys meet</title></head><body><article><p>Turkish Foreign Minister Hakan Fidan met Iranian Foreign Minister Abbas Araghchi in Ankara on Tuesday to discuss border security and trade between the two neighbours.</p><p>Fidan said the talks had been useful and that both sides would meet again next month.</p></article></body></html>".to_string(), "text/html"),
                "/a2.html" => ("200 OK", "<html><head><title>Talks resume</title></head><body><article><p>Russian President Vladimir Putin hosted Chinese President Xi Jinping in Moscow on Wednesday for talks on energy supplies and the war in Ukraine.</p><p>The Kremlin said the two leaders had agreed to expand cooperation.</p></article></body></html>".to_string(), "text/html"),
                _ => ("404 Not Found", "missing".to_string(), "text/plain"),
            };
            log.lock()
                .expect("log")
                .push(format!("{path} {}", &status[..3]));
            let mut stream = stream;
            let _ = write!(stream, "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nETag: \"v1\"\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len());
            let _ = stream.flush();
            let mut rest = Vec::new();
            let _ = reader.read_to_end(&mut rest);
        }
    });
    FeedServer { address, requests }
}

#[test]
fn watch_fetches_new_articles_and_polls_conditionally() {
    let server = feed_server();
    let dir = tempfile::tempdir().expect("temp dir");
    let feeds = dir.path().join("feeds.txt");
    std::fs::write(
        &feeds,
        format!("# test feeds\n{}/feed.xml\n", server.address),
    )
    .expect("write");
    let db = dir.path().join("watch.db");
    let args = [
        "watch",
        feeds.to_str().expect("path"),
        "--db",
        db.to_str().expect("path"),
        "--once",
        "--delay",
        "0",
    ];
    let first = dyad(&args);
    assert!(first.status.success(), "{}", text(&first).1);
    assert!(
        text(&first).1.contains("2 new article(s) stored"),
        "{}",
        text(&first).1
    );
    let second = dyad(&args);
    assert!(second.status.success(), "{}", text(&second).1);
    assert!(text(&second).1.contains("unchanged"), "{}", text(&second).1);
    let log = server.requests.lock().expect("log").clone();
    assert_eq!(
        log,
        [
            "/feed.xml 200",
            "/a1.html 200",
            "/a2.html 200",
            "/feed.xml 304"
        ]
    );
    let events = dyad(&[
        "query",
        "events",
        "--db",
        db.to_str().expect("path"),
        "--format",
        "jsonl",
    ]);
    assert!(text(&events).0.lines().count() >= 2, "{}", text(&events).0);
}
