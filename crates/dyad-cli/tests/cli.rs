//! End-to-end tests of the `dyad` binary on fixtures written for these tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;
use common::{check_spans, records};

fn dyad(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(args)
        .output()
        .expect("the dyad binary runs")
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).to_string()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).to_string()
}

#[test]
fn codes_the_sample_article_as_a_table_and_as_json() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/envoy-talks.txt");
    let sample = sample.to_str().expect("utf-8 path");
    let table = dyad(&["code", sample, "--published", "2025-11-20"]);
    assert!(table.status.success(), "{}", stderr(&table));
    assert!(stdout(&table).contains("events ("));
    let json = dyad(&["code", sample, "--published", "2025-11-20", "--jsonl"]);
    assert!(json.status.success());
    let record = &records(&json)[0];
    let text = std::fs::read_to_string(sample).expect("sample readable");
    check_spans(record, &text);
    assert!(
        !record["events"].as_array().expect("events").is_empty(),
        "the sample has events"
    );
}

#[test]
fn bad_inputs_are_reported_by_name_and_the_run_goes_on() {
    let dir = tempfile::tempdir().expect("temp dir");
    let good = dir.path().join("good.txt");
    std::fs::write(&good, "Turkish Foreign Minister Hakan Fidan met Iranian Foreign Minister Abbas Araghchi in Ankara on Monday.").expect("write");
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "").expect("write");
    let invalid = dir.path().join("latin1.txt");
    std::fs::write(&invalid, b"Caf\xe9 diplomacy in Ankara.").expect("write");
    let binary = dir.path().join("junk.txt");
    std::fs::write(
        &binary,
        [0u8, 159, 146, 150, 0, 1, 2, 3, 255, 0].repeat(100),
    )
    .expect("write");
    let broken = dir.path().join("broken.jsonl");
    std::fs::write(
        &broken,
        "{\"id\": \"ok\", \"text\": \"Envoys met in Doha.\"}\n{\"id\": \"cut\", \"text\": \"Envo\n",
    )
    .expect("write");
    let paths: Vec<String> = [&good, &empty, &invalid, &binary, &broken]
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    let mut args = vec!["code", "--jsonl", "--published", "2025-06-02"];
    args.extend(paths.iter().map(String::as_str));
    let output = dyad(&args);
    assert_eq!(
        output.status.code(),
        Some(1),
        "some documents skipped: exit 1"
    );
    let err = stderr(&output);
    assert!(
        err.contains("empty.txt") && err.contains("empty document"),
        "{err}"
    );
    assert!(err.contains("latin1.txt") && err.contains("UTF-8"), "{err}");
    assert!(err.contains("junk.txt") && err.contains("binary"), "{err}");
    assert!(
        err.contains("broken.jsonl:2") && err.contains("JSON"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    let ids: Vec<String> = records(&output)
        .iter()
        .map(|r| r["doc"]["id"].as_str().expect("id").to_string())
        .collect();
    assert_eq!(
        ids.len(),
        2,
        "the good text and the good JSON line are coded: {ids:?}"
    );
}

#[test]
fn a_huge_single_line_is_refused_with_a_clear_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let huge = dir.path().join("huge.txt");
    let line = "Envoys met again and talked at length ".repeat(50 * 1024 * 1024 / 38 + 1);
    std::fs::write(&huge, line).expect("write");
    let output = dyad(&["code", huge.to_str().expect("path")]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("over the limit"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_long_line_under_the_limit_is_coded_without_trouble() {
    let dir = tempfile::tempdir().expect("temp dir");
    let long = dir.path().join("long.txt");
    let line =
        "the envoys met, and they talked about the border with Russian officials, ".repeat(4_000);
    std::fs::write(&long, line).expect("write");
    let output = dyad(&["code", "--jsonl", long.to_str().expect("path")]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(records(&output).len(), 1);
}

#[test]
fn reads_json_lines_from_stdin() {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(["code", "--jsonl"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"{\"id\": \"s1\", \"published\": \"2025-02-03\", \"text\": \"Chinese President Xi Jinping hosted Brazilian President Luiz Inacio Lula da Silva in Beijing on Monday.\"}\n")
        .expect("write");
    let output = child.wait_with_output().expect("wait");
    assert!(output.status.success());
    let record = &records(&output)[0];
    assert_eq!(record["doc"]["id"], "s1");
    assert_eq!(record["doc"]["published"], "2025-02-03");
}

/// More documents than one batch (64 a worker), with a broken line among
/// them: the workers, which live across batches, give the records in input
/// order and the same bytes on two threads as on one.
#[test]
fn records_keep_input_order_across_batches_and_threads() {
    let dir = std::env::temp_dir().join(format!("dyad-cli-order-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("many.jsonl");
    let mut lines = String::new();
    for n in 0..150 {
        if n == 70 {
            lines.push_str("{\"id\": broken\n");
        }
        let country = ["Peru", "Chile", "Norway"][n % 3];
        lines.push_str(&format!(
            "{{\"id\": \"d{n}\", \"text\": \"{country} thanked Bolivia on Monday.\"}}\n"
        ));
    }
    std::fs::write(&path, lines).expect("write fixture");
    let path = path.to_string_lossy().to_string();
    let one = dyad(&["code", "--jsonl", "--threads", "1", &path]);
    let two = dyad(&["code", "--jsonl", "--threads", "2", &path]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(one.status.code(), Some(1), "{}", stderr(&one));
    assert_eq!(two.status.code(), Some(1), "{}", stderr(&two));
    let ids: Vec<String> = records(&one)
        .iter()
        .map(|r| r["doc"]["id"].as_str().unwrap_or_default().to_string())
        .collect();
    let expected: Vec<String> = (0..150).map(|n| format!("d{n}")).collect();
    assert_eq!(ids, expected);
    assert_eq!(one.stdout, two.stdout);
}

#[test]
fn streams_json_lines_from_stdin_line_by_line_with_format_jsonl() {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(["code", "--jsonl", "--format", "jsonl"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    // Written while dyad reads: a good line, a broken one, another good one.
    stdin
        .write_all(b"{\"id\": \"s1\", \"text\": \"Norway thanked Chile on Monday.\"}\n")
        .expect("write");
    stdin.write_all(b"{\"id\": broken\n").expect("write");
    stdin
        .write_all(b"{\"id\": \"s3\", \"text\": \"Peru criticised Chile.\"}\n")
        .expect("write");
    drop(stdin);
    let output = child.wait_with_output().expect("wait");
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let ids: Vec<String> = records(&output)
        .iter()
        .map(|r| r["doc"]["id"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(ids, ["s1", "s3"]);
    assert!(stderr(&output).contains("stdin:2"), "{}", stderr(&output));
}

#[test]
fn eval_scores_a_small_gold_file_and_enforces_floors() {
    let gold = fixture("gold-time.jsonl");
    let output = dyad(&["eval", gold.to_str().expect("path"), "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let reports: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("JSON report");
    let report = &reports[0]["report"];
    assert_eq!(report["layer"], "time");
    assert_eq!(report["recall"], 1.0);
    let missed = dyad(&[
        "eval",
        gold.to_str().expect("path"),
        "--min",
        "time.f1=1.01",
    ]);
    assert_eq!(missed.status.code(), Some(1));
    assert!(stderr(&missed).contains("floor missed"));
}

#[test]
fn eval_scores_a_baseline_coder_beside_dyad_on_petrarch_records() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gold = dir.path().join("petr.jsonl");
    std::fs::write(
        &gold,
        concat!(
            r#"{"id": "p1", "sentence_text": "Norway condemned Sweden on Monday.", "date": "2024-03-04", "#,
            r#""expected_events": [{"source": "NOR", "target": "SWE", "code": "111"}]}"#,
            "\n",
            r#"{"id": "p2", "sentence_text": "Chile met Peru in Lima.", "date": "2024-03-04", "#,
            r#""expected_events": [{"source": "CHL", "target": "PER", "code": "040"}]}"#,
            "\n"
        ),
    )
    .expect("write gold");
    let baseline = dir.path().join("baseline.jsonl");
    std::fs::write(
        &baseline,
        concat!(
            r#"{"id": "p1", "got_events": [{"source": "NORGOV", "target": "SWE", "code": "112"}]}"#,
            "\n",
            r#"{"id": "p2", "got_events": [{"source": "PER", "target": "CHL", "code": "040"}]}"#,
            "\n"
        ),
    )
    .expect("write baseline");
    let output = dyad(&[
        "eval",
        gold.to_str().expect("path"),
        "--layer",
        "petrarch",
        "--baseline",
        baseline.to_str().expect("path"),
        "--json",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let reports: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("JSON report");
    assert_eq!(reports[0]["report"]["layer"], "petrarch");
    let scored = &reports[1]["report"];
    assert_eq!(scored["layer"], "baseline");
    // Both of its triples match (a reversed meeting counts); precision and recall 1.
    assert_eq!(scored["precision"], 1.0);
    assert_eq!(scored["recall"], 1.0);
}

#[test]
fn user_patterns_extend_the_builtin_ones() {
    let dir = tempfile::tempdir().expect("temp dir");
    let patterns = dir.path().join("mine.txt");
    std::fs::write(
        &patterns,
        "# source: written for this test\nmine.snub\t110\tsnub $T\n",
    )
    .expect("write");
    let story = dir.path().join("story.txt");
    std::fs::write(
        &story,
        "Russian President Vladimir Putin snubbed French President Emmanuel Macron on Tuesday.",
    )
    .expect("write");
    let output = dyad(&[
        "code",
        "--jsonl",
        "--published",
        "2024-03-07",
        "--patterns",
        patterns.to_str().expect("path"),
        story.to_str().expect("path"),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let record = &records(&output)[0];
    let patterns: Vec<&str> = record["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| e["pattern"].as_str().expect("pattern"))
        .collect();
    assert!(patterns.contains(&"mine.snub"), "{patterns:?}");
    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, "x\t999\tsnub\n").expect("write");
    let output = dyad(&[
        "code",
        "--patterns",
        bad.to_str().expect("path"),
        story.to_str().expect("path"),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("bad.txt:1"), "{}", stderr(&output));
}

/// Codes `text` with `extra` flags (a user's word files) and returns its one record.
fn code_with(dir: &Path, text: &str, extra: &[&str]) -> serde_json::Value {
    let story = dir.join("story.txt");
    std::fs::write(&story, text).expect("write");
    let mut args = vec!["code", "--jsonl", "--published", "2026-01-05"];
    args.extend_from_slice(extra);
    args.push(story.to_str().expect("path"));
    let output = dyad(&args);
    assert!(output.status.success(), "{}", stderr(&output));
    records(&output).swap_remove(0)
}

#[test]
fn user_word_files_extend_the_geo_and_event_word_classes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let geo = dir.path().join("geo.tsv");
    std::fs::write(&geo, "# written for this test\nattack_head\tsorties\n").expect("write");
    let nouns = dir.path().join("nouns.tsv");
    std::fs::write(&nouns, "# written for this test\nhazard\tsandstorm\n").expect("write");
    let geo_flag = ["--geo-words", geo.to_str().expect("path")];
    let noun_flag = ["--noun-classes", nouns.to_str().expect("path")];

    // "sorties on X" makes X the place attacked only once "sorties" is an attack head.
    let text = "The air force flew sorties on Syria on Monday.";
    let places = |record: &serde_json::Value| record["places"].as_array().map_or(0, Vec::len);
    assert_eq!(places(&code_with(dir.path(), text, &[])), 0);
    let record = code_with(dir.path(), text, &geo_flag);
    assert_eq!(record["places"][0]["text"], "Syria", "{record}");

    // A hazard killing names no attacker: no event once "sandstorm" is a hazard.
    let text = "After Chad's army withdrew, a sandstorm killed 40 villagers.";
    let events = |record: &serde_json::Value| record["events"].as_array().map_or(0, Vec::len);
    assert_eq!(events(&code_with(dir.path(), text, &[])), 1);
    assert_eq!(events(&code_with(dir.path(), text, &noun_flag)), 0);

    // A class the stages do not ask about is an error naming the file and line.
    for (flag, name) in [
        ("--geo-words", "bad-geo.tsv"),
        ("--noun-classes", "bad-nouns.tsv"),
    ] {
        let bad = dir.path().join(name);
        std::fs::write(&bad, "# written for this test\nno_such_class\tword\n").expect("write");
        let story = dir.path().join("story.txt");
        let output = dyad(&[
            "code",
            flag,
            bad.to_str().expect("path"),
            story.to_str().expect("path"),
        ]);
        assert_eq!(output.status.code(), Some(2), "{flag}");
        assert!(
            stderr(&output).contains(&format!("{name}:2")),
            "{}",
            stderr(&output)
        );
    }
}

#[test]
fn places_every_adds_demonyms_and_acting_countries() {
    let text = "Norwegian divers searched the fjord. Norway said the search would go on in Bergen.";
    let path = std::env::temp_dir().join(format!("dyad-places-{}.txt", std::process::id()));
    std::fs::write(&path, text).expect("write");
    let names = |output: &Output| -> Vec<String> {
        records(output)[0]["places"]
            .as_array()
            .expect("places")
            .iter()
            .map(|p| p["text"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    let located = dyad(&["code", "--jsonl", path.to_str().expect("path")]);
    assert!(located.status.success(), "{}", stderr(&located));
    assert_eq!(names(&located), ["Bergen"]);
    let every = dyad(&[
        "code",
        "--jsonl",
        "--places",
        "every",
        path.to_str().expect("path"),
    ]);
    assert!(every.status.success(), "{}", stderr(&every));
    assert_eq!(names(&every), ["Norwegian", "Norway", "Bergen"]);
    let _ = std::fs::remove_file(&path);
}
