//! What the end-to-end tests share: reading the records `dyad code --jsonl`
//! prints, and checking that every span in them points at its text.
#![allow(dead_code)]

use std::process::Output;

/// The JSON Lines records on a run's standard output.
pub fn records(output: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

/// Every span in a record points at the text it reports.
pub fn check_spans(record: &serde_json::Value, text: &str) {
    let slice = |a: &serde_json::Value, b: &serde_json::Value| -> String {
        let (a, b) = (
            a.as_u64().expect("offset") as usize,
            b.as_u64().expect("offset") as usize,
        );
        assert!(
            a <= b && b <= text.len() && text.is_char_boundary(a) && text.is_char_boundary(b),
            "bad span {a}..{b}"
        );
        text[a..b].to_string()
    };
    for layer in ["mentions", "times", "places"] {
        for item in record[layer].as_array().expect("layer array") {
            assert_eq!(
                slice(&item["start"], &item["end"]),
                item["text"].as_str().expect("text"),
                "{layer} span text"
            );
        }
    }
    for quote in record["quotes"].as_array().expect("quotes") {
        slice(&quote["content_start"], &quote["content_end"]);
        slice(&quote["start"], &quote["end"]);
    }
    for event in record["events"].as_array().expect("events") {
        assert_eq!(
            slice(&event["trigger_start"], &event["trigger_end"]),
            event["trigger"].as_str().expect("trigger")
        );
        slice(&event["sentence_start"], &event["sentence_end"]);
        assert!(
            !event["pattern"].as_str().expect("pattern").is_empty(),
            "every event names its pattern"
        );
    }
}
