//! An ingest killed at any moment loses nothing committed and resumes.
//!
//! The test binary runs itself as a child (`child_ingest`, active only when
//! `DYAD_STORE_KILL_CHILD_DB` is set) that ingests a corpus batch by batch;
//! the parent SIGKILLs it several times mid-ingest, checking after each kill
//! that every document it had seen committed is still there, then lets a last
//! run finish and compares the store with one ingested without interruption.

mod common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{ev, item, Article, Ev};
use dyad_store::{IngestItem, Store};

const CHILD_ENV: &str = "DYAD_STORE_KILL_CHILD_DB";
const BATCHES: usize = 40;
const BATCH_SIZE: usize = 10;

fn leak(text: String) -> &'static str {
    Box::leak(text.into_boxed_str())
}

/// Words for filler text: none contains an actor name or a trigger.
const WORDS: &[&str] = &[
    "river", "bread", "window", "cloud", "garden", "ladder", "pencil", "harbour", "lantern",
    "orchard", "violin", "blanket", "copper", "meadow", "saddle", "tunnel", "kettle", "ribbon",
];

/// A deterministic corpus: varied articles, every fourth a light copy of the
/// one before (same story), events repeating across batches (aggregation).
fn corpus() -> Vec<Vec<IngestItem>> {
    let pairs = [
        ("RUS", "UKR"),
        ("FRA", "DEU"),
        ("USAGOV", "NATO"),
        ("UKRGOV", "RUSGOV"),
    ];
    let verbs = [("met", "040"), ("praised", "051"), ("shelled", "190")];
    let name = |code| match code {
        "RUS" => "Russia",
        "UKR" => "Ukraine",
        "FRA" => "France",
        "DEU" => "Germany",
        "USAGOV" => "Washington",
        "NATO" => "NATO",
        "UKRGOV" => "Kyiv",
        _ => "Kremlin",
    };
    let mut items = Vec::new();
    let mut previous = String::new();
    for i in 0..BATCHES * BATCH_SIZE {
        let (source, target) = pairs[i % pairs.len()];
        let (verb, cameo) = verbs[(i / 3) % verbs.len()];
        let day = 1 + i % 5;
        let body = if i % 4 == 3 {
            format!("{previous} Updated at noon.")
        } else {
            let filler: Vec<&str> = (0..150)
                .map(|k| WORDS[(i * 7 + k * 13 + k * k) % WORDS.len()])
                .collect();
            format!(
                "{} {verb} {} on the {day}th, officials said (item {i}). {}.",
                name(source),
                name(target),
                filler.join(" ")
            )
        };
        previous = body.clone();
        let verb_in_body = ["met", "praised", "shelled"]
            .into_iter()
            .find(|v| body.contains(&format!(" {v} ")))
            .unwrap_or(verb);
        let cameo = verbs
            .iter()
            .find(|(v, _)| *v == verb_in_body)
            .map_or(cameo, |(_, c)| c);
        let article = Article {
            id: leak(format!("doc-{i}")),
            outlet: Some(["Wire Agency", "Daily Paper", "Radio"][i % 3]),
            published: leak(format!("2025-12-{day:02}")),
            title: "Report",
            body,
        };
        let (source, target) = if i % 4 == 3 {
            pairs[(i - 1) % pairs.len()]
        } else {
            (source, target)
        };
        items.push(item(
            &article,
            &[Ev {
                ..ev(source, target, cameo, verb_in_body)
            }],
        ));
    }
    items
        .chunks(BATCH_SIZE)
        .map(<[IngestItem]>::to_vec)
        .collect()
}

/// The child: ingests the corpus into the store named by the environment.
/// In a normal test run the variable is unset and this does nothing.
#[test]
fn child_ingest() {
    let Ok(path) = std::env::var(CHILD_ENV) else {
        return;
    };
    let mut store = Store::open(&path).expect("child: open");
    for batch in corpus() {
        store.ingest(&batch).expect("child: ingest");
    }
}

fn spawn_child(db: &std::path::Path) -> std::process::Child {
    Command::new(std::env::current_exe().expect("test binary"))
        .args(["--exact", "child_ingest", "--test-threads=1", "--quiet"])
        .env(CHILD_ENV, db)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn child")
}

fn documents(db: &std::path::Path) -> i64 {
    Store::open(db)
        .and_then(|store| store.counts())
        .map_or(0, |counts| counts.documents)
}

#[test]
fn killed_ingest_resumes_to_the_same_store() {
    let dir = tempfile::tempdir().expect("tempdir");
    let total = (BATCHES * BATCH_SIZE) as i64;

    // The uninterrupted run, and the document count after each of its commits.
    let reference = dir.path().join("reference.db");
    let mut commits = vec![0];
    {
        let mut store = Store::open(&reference).expect("reference");
        for batch in corpus() {
            store.ingest(&batch).expect("ingest");
            commits.push(store.counts().expect("counts").documents);
        }
    }
    let reference = Store::open(&reference).expect("reference");
    let expected = reference.canonical_dump().expect("dump");
    // The corpus exercises stories and aggregation, not only rows.
    let counts = reference.counts().expect("counts");
    assert!(counts.stories < counts.documents, "{counts:?}");
    assert!(counts.aggregated_events < counts.events, "{counts:?}");

    let db = dir.path().join("killed.db");
    let mut kills_mid_ingest = 0;
    for round in 0..6u64 {
        let seen_before = documents(&db);
        if seen_before >= total {
            break;
        }
        let mut child = spawn_child(&db);
        // Wait until the child has committed something new, then a few
        // milliseconds more so the kill lands at an arbitrary point.
        let started = Instant::now();
        let mut seen = seen_before;
        while seen <= seen_before && started.elapsed() < Duration::from_secs(60) {
            if child.try_wait().expect("poll child").is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(1));
            seen = documents(&db);
        }
        std::thread::sleep(Duration::from_millis(round * 3 + 1));
        let finished = child.try_wait().expect("poll child").is_some();
        child.kill().expect("kill");
        child.wait().expect("reap");
        let after = documents(&db);
        assert!(
            after >= seen,
            "a kill lost committed documents: {seen} seen, {after} after"
        );
        assert!(
            commits.contains(&after),
            "a partial batch was committed: {after} documents"
        );
        eprintln!("round {round}: {seen_before} before, {seen} seen, {after} after the kill");
        if !finished && after < total {
            kills_mid_ingest += 1;
        }
    }
    assert!(kills_mid_ingest >= 1, "no kill landed mid-ingest");

    // Resume to the end.
    let status = spawn_child(&db).wait().expect("last run");
    assert!(status.success());
    let store = Store::open(&db).expect("open");
    assert_eq!(store.counts().expect("counts").documents, total);
    assert_eq!(store.canonical_dump().expect("dump"), expected);
}
