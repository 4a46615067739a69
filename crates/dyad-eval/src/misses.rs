//! Per-document lists of what scoring missed: gold events with no matching
//! prediction and predictions matching no gold event (the `events` layer, at
//! the dyad + root level of `score`), and the records whose first event has
//! the wrong type (`plover`), and PETRARCH2 records' expected triples no
//! asserted event matched (`petrarch`). `dyad eval --misses` prints them, so that the
//! errors behind a figure can be read and sorted into causes.

use crate::layout::{GoldDoc, Layer};
use crate::score::{
    actor_key, asserted, date_agrees, gold_key, match_triples, petrarch_expected,
    petrarch_predicted, place_agrees, predicted_claimant, str_field,
};
use crate::Predictions;
use dyad_record::{EventRecord, Record};
use serde_json::Value;

/// The misses of one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocMisses {
    /// Document id.
    pub id: String,
    /// Gold items with no matching prediction, one line each.
    pub missed: Vec<String>,
    /// Predicted items matching no gold item, one line each.
    pub spurious: Vec<String>,
    /// Matched pairs whose claimant, date or place disagrees with the gold,
    /// one line each: the errors behind the `*_acc` figures over matched events.
    pub mismatched: Vec<String>,
}

/// The misses of every document that has some, in gold order; empty for layers
/// other than `events`, `plover` and `petrarch`.
pub fn misses(layer: Layer, gold: &[GoldDoc], pred: &Predictions) -> Vec<DocMisses> {
    let found = match layer {
        Layer::Events => gold.iter().map(|doc| event_misses(doc, pred)).collect(),
        Layer::Plover => gold.iter().map(|doc| plover_misses(doc, pred)).collect(),
        Layer::Petrarch => gold.iter().map(|doc| petrarch_misses(doc, pred)).collect(),
        _ => Vec::new(),
    };
    found
        .into_iter()
        .filter(|m: &DocMisses| {
            !m.missed.is_empty() || !m.spurious.is_empty() || !m.mismatched.is_empty()
        })
        .collect()
}

/// A short context of `text` around bytes `start..end` (on char boundaries).
fn context(text: &str, start: usize, end: usize) -> String {
    let mut from = start.saturating_sub(60).min(text.len());
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = (end + 40).min(text.len());
    while !text.is_char_boundary(to) {
        to += 1;
    }
    text[from..to].replace('\n', " ")
}

fn event_misses(doc: &GoldDoc, pred: &Predictions) -> DocMisses {
    let mut out = DocMisses {
        id: doc.id.clone(),
        missed: Vec::new(),
        spurious: Vec::new(),
        mismatched: Vec::new(),
    };
    let Some(record) = pred.get(&doc.id) else {
        return out;
    };
    let predicted: Vec<&EventRecord> = record
        .events
        .iter()
        .filter(|e| asserted(e) && !e.cameo.is_empty())
        .collect();
    let all: Vec<&Value> = doc
        .value
        .get("events")
        .and_then(Value::as_array)
        .map(|a| a.iter().collect())
        .unwrap_or_default();
    let optional = |g: &Value| g.get("optional").and_then(Value::as_bool) == Some(true);
    let same = |g: &Value, p: &EventRecord| event_matches(g, p, record);
    let mut used = vec![false; predicted.len()];
    for g in all.iter().filter(|g| !optional(g)) {
        match (0..predicted.len()).find(|&i| !used[i] && same(g, predicted[i])) {
            Some(i) => {
                used[i] = true;
                out.mismatched
                    .extend(attribute_mismatches(g, predicted[i], record));
            }
            None => {
                let start = g.get("trigger_start").and_then(Value::as_u64).unwrap_or(0) as usize;
                let end = g.get("trigger_end").and_then(Value::as_u64).unwrap_or(0) as usize;
                out.missed.push(format!(
                    "{} {}->{} {:?} | {}",
                    str_field(g, "cameo").unwrap_or("-"),
                    str_field(g, "source").unwrap_or("-"),
                    str_field(g, "target").unwrap_or("-"),
                    str_field(g, "trigger").unwrap_or(""),
                    context(&doc.text, start, end)
                ));
            }
        }
    }
    for (i, p) in predicted.iter().enumerate() {
        if used[i] || all.iter().any(|g| optional(g) && same(g, p)) {
            continue;
        }
        out.spurious.push(format!(
            "{} {}->{} {:?} [{}]",
            p.cameo,
            actor_key(p.source.as_deref(), record, false).unwrap_or_else(|| "-".into()),
            actor_key(p.target.as_deref(), record, false).unwrap_or_else(|| "-".into()),
            p.trigger,
            p.pattern
        ));
    }
    out
}

/// How a matched prediction's claimant, date and place differ from the gold
/// (by the rules of `score`), as lines naming the event and both values.
fn attribute_mismatches(g: &Value, p: &EventRecord, record: &Record) -> Vec<String> {
    let event = format!(
        "{} {}->{} {:?}",
        str_field(g, "cameo").unwrap_or("-"),
        str_field(g, "source").unwrap_or("-"),
        str_field(g, "target").unwrap_or("-"),
        str_field(g, "trigger").unwrap_or("")
    );
    let mut out = Vec::new();
    let gold_claimant = gold_key(g.get("claimant"), false);
    let claimant = predicted_claimant(p, record);
    if claimant != gold_claimant {
        out.push(format!(
            "{event} claimant: gold {}, predicted {}",
            gold_claimant.as_deref().unwrap_or("none"),
            claimant.as_deref().unwrap_or("none")
        ));
    }
    if date_agrees(g, p) == Some(false) {
        let value = p.date.as_ref().map_or("none", |d| d.value.as_str());
        out.push(format!(
            "{event} date: gold {}, predicted {value}",
            str_field(g, "date").unwrap_or("")
        ));
    }
    if place_agrees(g, p, record) == Some(false) {
        let gold = g.get("place").and_then(|place| str_field(place, "name"));
        let predicted = p.place.and_then(|i| record.places.get(i));
        out.push(format!(
            "{event} place: gold {}, predicted {}",
            gold.unwrap_or(""),
            predicted.map_or("none", |pp| pp.name.as_str())
        ));
    }
    out
}

/// The dyad + root rule of `score`: same root, same dyad, or the swapped dyad for roots 03–06.
fn event_matches(g: &Value, p: &EventRecord, record: &Record) -> bool {
    let root = |code: &str| code.chars().take(2).collect::<String>();
    let proot = root(&p.cameo);
    if proot != root(str_field(g, "cameo").unwrap_or("")) {
        return false;
    }
    let (ps, pt) = (
        actor_key(p.source.as_deref(), record, false),
        actor_key(p.target.as_deref(), record, false),
    );
    let (gs, gt) = (
        gold_key(g.get("source"), false),
        gold_key(g.get("target"), false),
    );
    (ps == gs && pt == gt)
        || (matches!(proot.as_str(), "03" | "04" | "05" | "06") && pt == gs && ps == gt)
}

fn plover_misses(doc: &GoldDoc, pred: &Predictions) -> DocMisses {
    let mut out = DocMisses {
        id: doc.id.clone(),
        missed: Vec::new(),
        spurious: Vec::new(),
        mismatched: Vec::new(),
    };
    let Some(expected) =
        str_field(&doc.value, "event_current").or_else(|| str_field(&doc.value, "event"))
    else {
        return out;
    };
    let first = pred.get(&doc.id).and_then(|r| r.events.first());
    match first {
        Some(event) if event.plover == expected => {}
        Some(event) => out.spurious.push(format!(
            "{} (wanted {expected}) {:?} [{}] | {}",
            event.plover, event.trigger, event.pattern, doc.text
        )),
        None => out
            .missed
            .push(format!("{expected}: no event | {}", doc.text)),
    }
    out
}

/// A PETRARCH2 record's expected triples no asserted event matched, and the
/// asserted events that matched none, each with the sentence.
fn petrarch_misses(doc: &GoldDoc, pred: &Predictions) -> DocMisses {
    let mut out = DocMisses {
        id: doc.id.clone(),
        missed: Vec::new(),
        spurious: Vec::new(),
        mismatched: Vec::new(),
    };
    let expected = petrarch_expected(doc);
    let predicted = pred
        .get(&doc.id)
        .map(petrarch_predicted)
        .unwrap_or_default();
    let triples: Vec<_> = predicted.iter().map(|(t, _)| t.clone()).collect();
    let matched = match_triples(&expected, &triples);
    for ((source, target, root), m) in expected.iter().zip(&matched) {
        if m.is_none() {
            out.missed
                .push(format!("{root} {source}->{target} | {}", doc.text));
        }
    }
    for (i, ((source, target, root), event)) in predicted.iter().enumerate() {
        if !matched.contains(&Some(i)) {
            out.spurious.push(format!(
                "{root} {source}->{target} {:?} [{}] | {}",
                event.trigger, event.pattern, doc.text
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record_with_event(cameo: &str, trigger: &str) -> Record {
        serde_json::from_value(serde_json::json!({
            "doc": {"id": "d"},
            "actors": [
                {"id": "a0", "name": "Norway", "code": "NOR", "country": "NOR", "kind": "country"},
                {"id": "a1", "name": "Peru", "code": "PER", "country": "PER", "kind": "country"}],
            "mentions": [], "times": [], "places": [], "quotes": [],
            "events": [{"id": "e0", "sentence_start": 0, "sentence_end": 1, "trigger_start": 0,
                "trigger_end": 1, "trigger": trigger, "source": "a0", "target": "a1",
                "cameo": cameo, "plover": "", "goldstein": 0.0, "quad_class": 1,
                "negated": false, "modality": "asserted", "asserted": true, "pattern": "p"}]
        }))
        .expect("a valid record")
    }

    #[test]
    fn lists_petrarch_triples_missed_and_spurious() {
        let gold = vec![GoldDoc::from_value(
            serde_json::json!({"id": "d", "sentence_text": "Norway met Peru and sanctioned Chile.",
                "expected_events": [
                    {"source": "NORGOV", "target": "PER", "code": "040"},
                    {"source": "NOR", "target": "CHL", "code": "163"}]}),
            "x",
        )
        .expect("gold has text")];
        let mut pred = Predictions::new();
        pred.insert("d".into(), record_with_event("040", "met"));
        let found = misses(Layer::Petrarch, &gold, &pred);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].missed.len(), 1, "{found:?}");
        assert!(found[0].missed[0].starts_with("16 NOR->CHL"), "{found:?}");
        assert!(
            found[0].spurious.is_empty(),
            "the meeting matched: {found:?}"
        );
        pred.insert("d".into(), record_with_event("190", "fought"));
        let found = misses(Layer::Petrarch, &gold, &pred);
        assert_eq!(found[0].missed.len(), 2, "{found:?}");
        assert!(
            found[0].spurious[0].starts_with("19 NOR->PER \"fought\""),
            "{found:?}"
        );
    }

    #[test]
    fn lists_missed_gold_and_spurious_predictions() {
        let gold = vec![GoldDoc::from_value(
            serde_json::json!({"id": "d", "text": "Norway met Peru and sanctioned Chile.", "events": [
                {"source": "NOR", "target": "PER", "cameo": "040", "trigger": "met", "trigger_start": 7, "trigger_end": 10},
                {"source": "NOR", "target": "CHL", "cameo": "163", "trigger": "sanctioned", "trigger_start": 20, "trigger_end": 30}]}),
            "x",
        )
        .expect("gold has text")];
        let mut pred = Predictions::new();
        pred.insert("d".into(), record_with_event("190", "sanctioned"));
        let found = misses(Layer::Events, &gold, &pred);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].missed.len(), 2, "{found:?}");
        assert!(found[0].missed[0].starts_with("040 NOR->PER \"met\""));
        assert_eq!(found[0].spurious.len(), 1);
        assert!(found[0].spurious[0].starts_with("190 NOR->PER"));
        pred.insert("d".into(), record_with_event("040", "met"));
        let found = misses(Layer::Events, &gold, &pred);
        assert_eq!(found[0].missed.len(), 1, "the meeting matched: {found:?}");
        assert!(found[0].spurious.is_empty());
        assert!(found[0].mismatched.is_empty(), "{found:?}");
    }

    #[test]
    fn lists_a_matched_event_whose_claimant_differs() {
        let gold = vec![GoldDoc::from_value(
            serde_json::json!({"id": "d", "text": "Peru said Norway met Peru.", "events": [
                {"source": "NOR", "target": "PER", "cameo": "040", "trigger": "met",
                 "trigger_start": 17, "trigger_end": 20, "claimant": "PER"}]}),
            "x",
        )
        .expect("gold has text")];
        let mut pred = Predictions::new();
        pred.insert("d".into(), record_with_event("040", "met"));
        let found = misses(Layer::Events, &gold, &pred);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].missed.is_empty() && found[0].spurious.is_empty());
        assert_eq!(
            found[0].mismatched,
            vec!["040 NOR->PER \"met\" claimant: gold PER, predicted none".to_string()]
        );
    }
}
