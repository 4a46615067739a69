//! The constructions of DESIGN.md's worked example, on a story written for
//! this test: a meeting placed by a building ("the Zhongnanhai meeting"), a
//! summit dated "in late October" and placed by its city, an objection, a
//! claim inside someone's words, relative dates, a capital as an actor, and a
//! share line that is not article text.

use std::path::Path;
use std::process::Command;

fn record() -> (serde_json::Value, String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/worked-example.txt");
    let text = std::fs::read_to_string(&path).expect("fixture readable");
    let output = Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(["code", "--json", "--published", "2025-12-04"])
        .arg(&path)
        .output()
        .expect("dyad runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    (
        serde_json::from_slice(&output.stdout).expect("one JSON record"),
        text,
    )
}

fn actor<'a>(record: &'a serde_json::Value, id: &serde_json::Value) -> &'a serde_json::Value {
    record["actors"]
        .as_array()
        .expect("actors")
        .iter()
        .find(|a| &a["id"] == id)
        .expect("actor id resolves")
}

fn country(record: &serde_json::Value, id: &serde_json::Value) -> String {
    if id.is_null() {
        return "-".into();
    }
    let a = actor(record, id);
    a["country"]
        .as_str()
        .or(a["org"].as_str())
        .unwrap_or("-")
        .to_string()
}

fn events<'a>(
    record: &'a serde_json::Value,
    source: &str,
    target: &str,
    root: &str,
) -> Vec<&'a serde_json::Value> {
    record["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter(|e| {
            country(record, &e["source"]) == source
                && country(record, &e["target"]) == target
                && e["cameo"].as_str().is_some_and(|c| c.starts_with(root))
        })
        .collect()
}

fn place<'a>(record: &'a serde_json::Value, event: &serde_json::Value) -> &'a serde_json::Value {
    let idx = event["place"].as_u64().expect("the event has a place") as usize;
    &record["places"][idx]
}

#[test]
fn a_meeting_is_placed_by_the_building_it_was_named_after() {
    let (record, _) = record();
    let meetings = events(&record, "CHN", "USA", "04");
    let zhongnanhai = meetings
        .iter()
        .find(|e| actor(&record, &e["target"])["name"] == "Scott Bessent")
        .expect("the Xi–Bessent meeting is coded");
    assert_eq!(place(&record, zhongnanhai)["name"], "Zhongnanhai");
    assert!(!zhongnanhai["pattern"].as_str().expect("pattern").is_empty());
}

#[test]
fn a_summit_gets_its_interval_date_and_its_city() {
    let (record, _) = record();
    let summit = events(&record, "CHN", "USA", "04")
        .into_iter()
        .find(|e| actor(&record, &e["target"])["name"] == "Donald Trump")
        .expect("the Xi–Trump summit is coded");
    assert_eq!(summit["date"]["value"], "2025-10-21/2025-10-31");
    assert_eq!(summit["date"]["time"], "text");
    let busan = place(&record, summit);
    assert_eq!(busan["name"], "Busan");
    assert!((busan["lat"].as_f64().expect("lat") - 35.10).abs() < 0.1);
    assert!((busan["lon"].as_f64().expect("lon") - 129.03).abs() < 0.1);
}

#[test]
fn an_objection_is_coded_as_disapproval() {
    let (record, _) = record();
    assert!(
        !events(&record, "CHN", "TWN", "11").is_empty()
            || !events(&record, "CHN", "TWN", "12").is_empty()
    );
}

#[test]
fn a_claim_in_someones_words_is_attributed_not_asserted() {
    let (record, _) = record();
    let claim = events(&record, "USA", "CHN", "01")
        .into_iter()
        .next()
        .expect("Trump's acknowledgement is coded");
    assert_eq!(claim["asserted"], false);
    let claimant = &claim["attribution"]["claimant"];
    assert_eq!(actor(&record, claimant)["name"], "Wang Yi");
    assert!(claim["attribution"]["quote"].is_u64());
}

#[test]
fn quotes_have_their_speaker_and_kind() {
    let (record, text) = record();
    let pause = record["quotes"]
        .as_array()
        .expect("quotes")
        .iter()
        .find(|q| {
            let (a, b) = (
                q["content_start"].as_u64().expect("start") as usize,
                q["content_end"].as_u64().expect("end") as usize,
            );
            text[a..b].contains("“pause”")
        })
        .expect("the quote with a quoted word");
    assert_eq!(pause["kind"], "mixed");
    assert_eq!(pause["cue"], "said");
    assert_eq!(actor(&record, &pause["speaker"])["name"], "Wang Yi");
}

#[test]
fn relative_dates_resolve_against_the_publication_date() {
    let (record, _) = record();
    let value = |phrase: &str| -> String {
        record["times"]
            .as_array()
            .expect("times")
            .iter()
            .find(|t| t["text"] == phrase)
            .map(|t| t["value"].as_str().expect("value").to_string())
            .unwrap_or_else(|| panic!("no time {phrase:?}"))
    };
    assert_eq!(value("on Thursday"), "2025-12-04");
    assert_eq!(value("earlier this year"), "2025");
    assert_eq!(value("since 2019"), "2019");
    assert_eq!(value("in late October"), "2025-10-21/2025-10-31");
}

#[test]
fn a_capital_that_acts_is_an_actor_not_a_place() {
    let (record, _) = record();
    let washington = record["mentions"]
        .as_array()
        .expect("mentions")
        .iter()
        .find(|m| m["text"] == "Washington")
        .expect("Washington is a mention");
    assert_eq!(actor(&record, &washington["actor"])["code"], "USAGOV");
    assert!(!record["places"]
        .as_array()
        .expect("places")
        .iter()
        .any(|p| p["text"] == "Washington"));
}

#[test]
fn the_share_line_is_not_article_text() {
    let (record, text) = record();
    let share = text.find("You can share").expect("share line present") as u64;
    for layer in ["mentions", "times", "places"] {
        for item in record[layer].as_array().expect("layer") {
            assert!(
                item["start"].as_u64().expect("start") < share,
                "{layer} inside the share line"
            );
        }
    }
    for quote in record["quotes"].as_array().expect("quotes") {
        assert!(quote["content_start"].as_u64().expect("start") < share);
    }
}
