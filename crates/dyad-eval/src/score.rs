//! The scoring rules of `eval/FORMAT.md`, ported from the reference scorer
//! `score.py` rule for rule (greedy matching in gold order, the same
//! tolerances), so that `dyad eval` and `score.py` agree on every open set.

use std::collections::HashMap;

use crate::layout::{GoldDoc, Layer};
use crate::Predictions;
use dyad_record::{EventRecord, Record};
use serde::Serialize;
use serde_json::Value;

/// One named figure of a report.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Metric {
    /// Name ("f1", "value_acc", ...).
    pub name: String,
    /// Value, absent when undefined (nothing to measure).
    pub value: Option<f64>,
}

/// The scores of one layer on one gold file.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LayerReport {
    /// Layer name.
    pub layer: String,
    /// Main precision.
    pub precision: f64,
    /// Main recall.
    pub recall: f64,
    /// Main F1.
    pub f1: f64,
    /// Secondary figures, in print order.
    pub metrics: Vec<Metric>,
    /// Counts (gold, predicted, matched, ...).
    pub counts: Vec<(String, usize)>,
    /// Gold documents with no prediction.
    pub missing: usize,
}

impl LayerReport {
    /// A secondary figure by name.
    pub fn metric(&self, name: &str) -> Option<f64> {
        if matches!(name, "p" | "precision") {
            return Some(self.precision);
        }
        if matches!(name, "r" | "recall") {
            return Some(self.recall);
        }
        if name == "f1" {
            return Some(self.f1);
        }
        self.metrics
            .iter()
            .find(|m| m.name == name)
            .and_then(|m| m.value)
    }
}

fn prf(tp: usize, npred: usize, ngold: usize) -> (f64, f64, f64) {
    let p = if npred > 0 {
        tp as f64 / npred as f64
    } else {
        0.0
    };
    let r = if ngold > 0 {
        tp as f64 / ngold as f64
    } else {
        0.0
    };
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f)
}

fn ratio(num: usize, den: usize) -> Option<f64> {
    (den > 0).then(|| num as f64 / den as f64)
}

fn overlap(a0: i64, a1: i64, b0: i64, b1: i64) -> i64 {
    (a1.min(b1) - a0.max(b0)).max(0)
}

/// Whether a matched prediction's date agrees with the gold's (the gold value
/// is a prefix at its grain), or `None` when the gold gives no date.
pub(crate) fn date_agrees(g: &Value, p: &EventRecord) -> Option<bool> {
    let gold = str_field(g, "date").filter(|d| !d.is_empty())?;
    let value = p.date.as_ref().map(|d| d.value.as_str()).unwrap_or("");
    Some(value.chars().take(gold.chars().count()).collect::<String>() == gold)
}

/// Whether a matched prediction's place agrees with the gold's (same name, or
/// within 50 km), or `None` when the gold gives no place.
pub(crate) fn place_agrees(g: &Value, p: &EventRecord, record: &Record) -> Option<bool> {
    let gold = g.get("place").filter(|v| v.is_object())?;
    let predicted = p.place.and_then(|i| record.places.get(i));
    Some(predicted.is_some_and(|pp| {
        let name = str_field(gold, "name").unwrap_or("").to_lowercase();
        if pp.name.to_lowercase() == name {
            return true;
        }
        match (
            gold.get("lat").and_then(Value::as_f64),
            gold.get("lon").and_then(Value::as_f64),
        ) {
            (Some(lat), Some(lon)) => haversine((lat, lon), (pp.lat, pp.lon)) <= 50.0,
            _ => false,
        }
    }))
}

/// The key of a prediction's claimant, as gold claimants are keyed.
pub(crate) fn predicted_claimant(p: &EventRecord, record: &Record) -> Option<String> {
    p.attribution
        .as_ref()
        .and_then(|a| actor_key(a.claimant.as_deref(), record, false))
}

/// Great-circle distance in km (the same formula and radius as `score.py`).
pub fn haversine(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1, la2, lo2) = (
        a.0.to_radians(),
        a.1.to_radians(),
        b.0.to_radians(),
        b.1.to_radians(),
    );
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    6371.0 * 2.0 * h.min(1.0).sqrt().asin()
}

/// Scores one layer.
pub fn score(layer: Layer, gold: &[GoldDoc], pred: &Predictions) -> LayerReport {
    let missing = gold.iter().filter(|g| !pred.contains_key(&g.id)).count();
    let mut report = match layer {
        Layer::Events => score_events(gold, pred),
        Layer::Time => score_time(gold, pred),
        Layer::Geo => score_geo(gold, pred),
        Layer::Quotes => score_quotes(gold, pred),
        Layer::Plover => score_plover(gold, pred),
        Layer::Petrarch => score_petrarch(gold, pred),
        Layer::Html => crate::html::score_records(gold, pred),
    };
    report.missing = missing;
    report
}

/// The country-or-organisation key of a predicted actor id; with `full`, plus the sector.
pub(crate) fn actor_key(id: Option<&str>, record: &Record, full: bool) -> Option<String> {
    let id = id?;
    let Some(actor) = record.actors.iter().find(|a| a.id == id) else {
        return (id.chars().all(|c| c.is_ascii_uppercase() || c == '/') && !id.is_empty())
            .then(|| id.to_string());
    };
    let top = actor
        .org
        .clone()
        .or_else(|| actor.country.clone())
        .or_else(|| (!actor.code.is_empty()).then(|| actor.code.chars().take(3).collect()))?;
    if full {
        match actor.sector.as_deref() {
            Some(sector) if sector != "IGO" => Some(format!("{top}/{sector}")),
            _ => Some(top),
        }
    } else {
        Some(top)
    }
}

/// The key of a gold actor string (`RUS/GOV` → `RUS`, or itself with `full`).
pub(crate) fn gold_key(value: Option<&Value>, full: bool) -> Option<String> {
    let text = value?.as_str()?;
    let (top, sector) = text.split_once('/').unwrap_or((text, ""));
    if full {
        Some(if !sector.is_empty() && sector != "IGO" {
            text.to_string()
        } else {
            top.to_string()
        })
    } else {
        Some(top.to_string())
    }
}

pub(crate) fn asserted(event: &EventRecord) -> bool {
    !event.negated
        && !matches!(
            event.modality.as_str(),
            "hypothetical" | "negated" | "question"
        )
}

pub(crate) fn str_field<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    value.get(key).and_then(Value::as_str)
}

fn score_events(gold: &[GoldDoc], pred: &Predictions) -> LayerReport {
    let empty = Record {
        doc: Default::default(),
        actors: vec![],
        mentions: vec![],
        times: vec![],
        places: vec![],
        quotes: vec![],
        events: vec![],
    };
    let (mut n_gold, mut n_pred, mut tp_root, mut tp_full, mut tp_rootonly) =
        (0usize, 0usize, 0usize, 0usize, 0usize);
    let (mut date_ok, mut date_n, mut place_ok, mut place_n, mut claim_ok, mut claim_n) =
        (0usize, 0usize, 0usize, 0usize, 0usize, 0usize);
    let (mut noevent_docs, mut noevent_clean) = (0usize, 0usize);
    for doc in gold {
        let record = pred.get(&doc.id).unwrap_or(&empty);
        let mut predicted: Vec<&EventRecord> = record
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
        let required: Vec<&Value> = all
            .iter()
            .copied()
            .filter(|e| e.get("optional").and_then(Value::as_bool) != Some(true))
            .collect();
        let optional: Vec<&Value> = all
            .iter()
            .copied()
            .filter(|e| e.get("optional").and_then(Value::as_bool) == Some(true))
            .collect();
        let root_of = |code: &str| code.chars().take(2).collect::<String>();
        let same = |g: &Value, p: &EventRecord| -> bool {
            let (ps, pt) = (
                actor_key(p.source.as_deref(), record, false),
                actor_key(p.target.as_deref(), record, false),
            );
            let proot = root_of(&p.cameo);
            let (gs, gt) = (
                gold_key(g.get("source"), false),
                gold_key(g.get("target"), false),
            );
            let groot = root_of(str_field(g, "cameo").unwrap_or(""));
            proot == groot
                && ((ps.clone(), pt.clone()) == (gs.clone(), gt.clone())
                    || (matches!(proot.as_str(), "03" | "04" | "05" | "06")
                        && (pt, ps) == (gs, gt)))
        };
        if !optional.is_empty() {
            let mut used = vec![false; predicted.len()];
            for g in &required {
                if let Some(i) = (0..predicted.len()).find(|&i| !used[i] && same(g, predicted[i])) {
                    used[i] = true;
                }
            }
            predicted = predicted
                .iter()
                .enumerate()
                .filter(|(i, p)| used[*i] || !optional.iter().any(|g| same(g, p)))
                .map(|(_, p)| *p)
                .collect();
        }
        n_gold += required.len();
        n_pred += predicted.len();
        if required.is_empty() {
            noevent_docs += 1;
            noevent_clean += usize::from(predicted.is_empty());
        }
        let matching = |level: &str| -> Vec<(&Value, &EventRecord)> {
            let full = level == "full";
            let mut used = vec![false; predicted.len()];
            let mut pairs = Vec::new();
            for g in &required {
                let (gs, gt) = (
                    gold_key(g.get("source"), full),
                    gold_key(g.get("target"), full),
                );
                let gcode = str_field(g, "cameo").unwrap_or("");
                let groot = root_of(gcode);
                for (pi, p) in predicted.iter().enumerate() {
                    if used[pi] || root_of(&p.cameo) != groot || (full && p.cameo != gcode) {
                        continue;
                    }
                    if level != "rootonly" {
                        let (ps, pt) = (
                            actor_key(p.source.as_deref(), record, full),
                            actor_key(p.target.as_deref(), record, full),
                        );
                        let ok = (ps.clone(), pt.clone()) == (gs.clone(), gt.clone())
                            || (matches!(groot.as_str(), "03" | "04" | "05" | "06")
                                && (pt, ps) == (gs.clone(), gt.clone()));
                        if !ok {
                            continue;
                        }
                    }
                    used[pi] = true;
                    pairs.push((*g, *p));
                    break;
                }
            }
            pairs
        };
        let root_pairs = matching("root");
        tp_root += root_pairs.len();
        tp_full += matching("full").len();
        tp_rootonly += matching("rootonly").len();
        for (g, p) in root_pairs {
            if let Some(ok) = date_agrees(g, p) {
                date_n += 1;
                date_ok += usize::from(ok);
            }
            if let Some(ok) = place_agrees(g, p, record) {
                place_n += 1;
                place_ok += usize::from(ok);
            }
            claim_n += 1;
            claim_ok +=
                usize::from(predicted_claimant(p, record) == gold_key(g.get("claimant"), false));
        }
    }
    let (p, r, f) = prf(tp_root, n_pred, n_gold);
    let (pf, rf, ff) = prf(tp_full, n_pred, n_gold);
    let (po, ro, fo) = prf(tp_rootonly, n_pred, n_gold);
    let metric = |name: &str, value: Option<f64>| Metric {
        name: name.to_string(),
        value,
    };
    LayerReport {
        layer: "events".into(),
        precision: p,
        recall: r,
        f1: f,
        metrics: vec![
            metric("full_p", Some(pf)),
            metric("full_r", Some(rf)),
            metric("full_f1", Some(ff)),
            metric("root_only_p", Some(po)),
            metric("root_only_r", Some(ro)),
            metric("root_only_f1", Some(fo)),
            metric("date_acc", ratio(date_ok, date_n)),
            metric("place_acc", ratio(place_ok, place_n)),
            metric("claimant_acc", ratio(claim_ok, claim_n)),
            metric("no_event_docs_clean", ratio(noevent_clean, noevent_docs)),
        ],
        counts: vec![
            ("gold".into(), n_gold),
            ("pred".into(), n_pred),
            ("tp_root".into(), tp_root),
            ("no_event_docs".into(), noevent_docs),
            ("no_event_docs_clean".into(), noevent_clean),
        ],
        missing: 0,
    }
}

fn spans<'a>(value: &'a Value, key: &str) -> Vec<&'a Value> {
    value
        .get(key)
        .and_then(Value::as_array)
        .map(|a| a.iter().collect())
        .unwrap_or_default()
}

fn int(value: &Value, key: &str) -> i64 {
    value.get(key).and_then(Value::as_i64).unwrap_or(0)
}

fn parse_day(text: &str) -> Option<jiff::civil::Date> {
    text.get(..10).unwrap_or(text).parse().ok()
}

/// `score.py`'s `same_time`: equal values, or intervals within a day at each end.
fn same_time(gold: &Value, value: &str, from: Option<&str>, to: Option<&str>) -> bool {
    let gv = match gold.get("value") {
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => "None".into(),
    };
    if gv == value {
        return true;
    }
    let Some((ga, gb)) = gv.split_once('/') else {
        return false;
    };
    let (pa, pb) = match value.split_once('/') {
        Some((a, b)) => (Some(a), Some(b)),
        None => (from, to),
    };
    let days = |a: &str, b: Option<&str>| -> Option<i64> {
        let a = parse_day(a)?;
        let b = parse_day(b?)?;
        Some(i64::from((a - b).get_days()).abs())
    };
    matches!((days(ga, pa), days(gb, pb)), (Some(x), Some(y)) if x <= 1 && y <= 1)
}

fn score_time(gold: &[GoldDoc], pred: &Predictions) -> LayerReport {
    let (mut tp, mut n_pred, mut n_gold, mut ok) = (0usize, 0usize, 0usize, 0usize);
    for doc in gold {
        let predicted = pred.get(&doc.id).map(|r| r.times.as_slice()).unwrap_or(&[]);
        let gold_times = spans(&doc.value, "times");
        n_pred += predicted.len();
        n_gold += gold_times.len();
        let mut used = vec![false; predicted.len()];
        for g in gold_times {
            for (i, p) in predicted.iter().enumerate() {
                if !used[i]
                    && overlap(int(g, "start"), int(g, "end"), p.start as i64, p.end as i64) > 0
                {
                    used[i] = true;
                    tp += 1;
                    ok += usize::from(same_time(g, &p.value, p.from.as_deref(), p.to.as_deref()));
                    break;
                }
            }
        }
    }
    let (p, r, f) = prf(tp, n_pred, n_gold);
    LayerReport {
        layer: "time".into(),
        precision: p,
        recall: r,
        f1: f,
        metrics: vec![Metric {
            name: "value_acc".into(),
            value: ratio(ok, tp),
        }],
        counts: vec![
            ("gold".into(), n_gold),
            ("pred".into(), n_pred),
            ("matched".into(), tp),
        ],
        missing: 0,
    }
}

fn score_geo(gold: &[GoldDoc], pred: &Predictions) -> LayerReport {
    let (mut tp, mut n_pred, mut n_gold, mut within, mut dist_n, mut country_ok) =
        (0usize, 0usize, 0usize, 0usize, 0usize, 0usize);
    let mut errors: Vec<f64> = Vec::new();
    for doc in gold {
        let predicted = pred
            .get(&doc.id)
            .map(|r| r.places.as_slice())
            .unwrap_or(&[]);
        let mut gold_places = spans(&doc.value, "places");
        gold_places.extend(spans(&doc.value, "unresolved_places"));
        n_pred += predicted.len();
        n_gold += gold_places.len();
        let mut used = vec![false; predicted.len()];
        for g in gold_places {
            for (i, p) in predicted.iter().enumerate() {
                if used[i]
                    || overlap(int(g, "start"), int(g, "end"), p.start as i64, p.end as i64) <= 0
                {
                    continue;
                }
                used[i] = true;
                tp += 1;
                if let (Some(lat), Some(lon)) = (
                    g.get("lat").and_then(Value::as_f64),
                    g.get("lon").and_then(Value::as_f64),
                ) {
                    let mut distance = haversine((lat, lon), (p.lat, p.lon));
                    let gid = g
                        .get("geonames_id")
                        .and_then(Value::as_u64)
                        .filter(|id| *id != 0);
                    if gid.is_some() && p.geonames_id.map(u64::from) == gid {
                        distance = 0.0;
                    }
                    errors.push(distance);
                    dist_n += 1;
                    within += usize::from(distance <= 161.0);
                    let gc = str_field(g, "country").unwrap_or("").to_uppercase();
                    country_ok +=
                        usize::from(p.country.clone().unwrap_or_default().to_uppercase() == gc);
                }
                break;
            }
        }
    }
    errors.sort_by(|a, b| a.total_cmp(b));
    let (p, r, f) = prf(tp, n_pred, n_gold);
    LayerReport {
        layer: "geo".into(),
        precision: p,
        recall: r,
        f1: f,
        metrics: vec![
            Metric {
                name: "acc161".into(),
                value: ratio(within, dist_n),
            },
            Metric {
                name: "median_km".into(),
                value: errors.get(errors.len() / 2).copied(),
            },
            Metric {
                name: "country_acc".into(),
                value: ratio(country_ok, dist_n),
            },
        ],
        counts: vec![
            ("gold".into(), n_gold),
            ("pred".into(), n_pred),
            ("matched".into(), tp),
        ],
        missing: 0,
    }
}

/// `score.py`'s `norm_name`: lowercase words with full stops removed.
fn norm_name(text: &str) -> Vec<String> {
    text.to_lowercase()
        .replace('.', " ")
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

fn same_speaker(gold: &Value, quote: &dyad_record::QuoteRecord, record: &Record) -> bool {
    let gs = norm_name(
        str_field(gold, "speaker")
            .or_else(|| str_field(gold, "speaker_text"))
            .unwrap_or(""),
    );
    let actor = quote
        .speaker
        .as_deref()
        .and_then(|id| record.actors.iter().find(|a| a.id == id));
    let ps = norm_name(
        quote
            .speaker_text
            .as_deref()
            .or(actor.map(|a| a.name.as_str()))
            .unwrap_or(""),
    );
    if let Some(ga) = gold
        .get("speaker_actor")
        .filter(|v| v.as_str().is_some_and(|s| !s.is_empty()))
    {
        if quote.speaker.is_some()
            && actor_key(quote.speaker.as_deref(), record, false) == gold_key(Some(ga), false)
        {
            let shared = gs.iter().any(|w| ps.contains(w));
            if gs.is_empty() || ps.is_empty() || gs.last() == ps.last() || shared {
                return true;
            }
        }
    }
    if gs.is_empty() || ps.is_empty() {
        return false;
    }
    let (gj, pj) = (gs.join(" "), ps.join(" "));
    gs.last() == ps.last() || pj.contains(&gj) || gj.contains(&pj)
}

fn score_quotes(gold: &[GoldDoc], pred: &Predictions) -> LayerReport {
    let (mut tp, mut n_pred, mut n_gold, mut speaker, mut kind) =
        (0usize, 0usize, 0usize, 0usize, 0usize);
    for doc in gold {
        let record = pred.get(&doc.id);
        let predicted = record.map(|r| r.quotes.as_slice()).unwrap_or(&[]);
        let gold_quotes = spans(&doc.value, "quotes");
        n_pred += predicted.len();
        n_gold += gold_quotes.len();
        let mut used = vec![false; predicted.len()];
        for g in gold_quotes {
            let (a0, a1) = (int(g, "content_start"), int(g, "content_end"));
            for (i, p) in predicted.iter().enumerate() {
                if used[i] {
                    continue;
                }
                let (b0, b1) = (p.content_start as i64, p.content_end as i64);
                let shorter = (a1 - a0).min(b1 - b0);
                if overlap(a0, a1, b0, b1) * 2 >= shorter && shorter > 0 {
                    used[i] = true;
                    tp += 1;
                    if let Some(record) = record {
                        speaker += usize::from(same_speaker(g, p, record));
                    }
                    kind += usize::from(str_field(g, "kind") == Some(p.kind.as_str()));
                    break;
                }
            }
        }
    }
    let (p, r, f) = prf(tp, n_pred, n_gold);
    LayerReport {
        layer: "quotes".into(),
        precision: p,
        recall: r,
        f1: f,
        metrics: vec![
            Metric {
                name: "speaker_acc".into(),
                value: ratio(speaker, tp),
            },
            Metric {
                name: "kind_acc".into(),
                value: ratio(kind, tp),
            },
        ],
        counts: vec![
            ("gold".into(), n_gold),
            ("pred".into(), n_pred),
            ("matched".into(), tp),
        ],
        missing: 0,
    }
}

/// PLOVER gold records: does dyad's first event (any modality) have the gold event type?
/// The gold type is `event_current` (the record's type in the names of the PLOVER
/// draft whose CAMEO table dyad ships) when present, else `event`.
/// Also reported: whether any of its events has it, and coverage (records with an event).
fn score_plover(gold: &[GoldDoc], pred: &Predictions) -> LayerReport {
    let (mut n, mut first_ok, mut any_ok, mut covered) = (0usize, 0usize, 0usize, 0usize);
    for doc in gold {
        let Some(expected) =
            str_field(&doc.value, "event_current").or_else(|| str_field(&doc.value, "event"))
        else {
            continue;
        };
        n += 1;
        let events = pred
            .get(&doc.id)
            .map(|r| r.events.as_slice())
            .unwrap_or(&[]);
        if let Some(first) = events.first() {
            covered += 1;
            first_ok += usize::from(first.plover == expected);
        }
        any_ok += usize::from(events.iter().any(|e| e.plover == expected));
    }
    let accuracy = ratio(first_ok, n).unwrap_or(0.0);
    LayerReport {
        layer: "plover".into(),
        precision: ratio(first_ok, covered).unwrap_or(0.0),
        recall: accuracy,
        f1: accuracy,
        metrics: vec![
            Metric {
                name: "type_acc".into(),
                value: ratio(first_ok, n),
            },
            Metric {
                name: "type_acc_any".into(),
                value: ratio(any_ok, n),
            },
            Metric {
                name: "coverage".into(),
                value: ratio(covered, n),
            },
        ],
        counts: vec![("records".into(), n), ("with_event".into(), covered)],
        missing: 0,
    }
}

/// PETRARCH2 records: (source, target, CAMEO root) triples at country level against `expected_events`.
fn score_petrarch(gold: &[GoldDoc], pred: &Predictions) -> LayerReport {
    score_triples(gold, |id| {
        pred.get(id)
            .map(|r| {
                petrarch_predicted(r)
                    .into_iter()
                    .map(|(triple, _)| triple)
                    .collect()
            })
            .unwrap_or_default()
    })
}

/// A (source, target, CAMEO root) triple at country level, the unit PETRARCH2's
/// validation records are scored in.
pub(crate) type Triple = (String, String, String);

/// dyad's asserted events of one record as triples, each with its event, so
/// that a listing of misses can show what fired.
pub(crate) fn petrarch_predicted(record: &Record) -> Vec<(Triple, &EventRecord)> {
    record
        .events
        .iter()
        .filter(|e| asserted(e))
        .map(|e| {
            (
                (
                    cameo_actor_key(e.source.as_deref(), record),
                    cameo_actor_key(e.target.as_deref(), record),
                    e.cameo.chars().take(2).collect(),
                ),
                e,
            )
        })
        .collect()
}

/// Another coder's events per record id: (source, target, CAMEO code).
pub type CoderOutput = HashMap<String, Vec<(String, String, String)>>;

/// Another coder's output on PETRARCH2 records, scored by the same rule as
/// dyad's (`petrarch` layer), so the two figures can stand side by side.
///
/// `output` maps a record id to the coder's (source, target, CAMEO code)
/// triples, as PETRARCH2's `got_events`; a record absent from it counts as
/// coded with no event.
pub fn score_petrarch_output(gold: &[GoldDoc], output: &CoderOutput) -> LayerReport {
    score_triples(gold, |id| {
        output
            .get(id)
            .map(|events| {
                events
                    .iter()
                    .map(|(source, target, code)| {
                        (
                            top_code(source),
                            top_code(target),
                            code.chars().take(2).collect(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    })
}

/// The country part of a CAMEO actor code ("USAGOV" → "USA").
fn top_code(code: &str) -> String {
    code.chars().take(3).collect()
}

/// The organisations of FORMAT.md's table that CAMEO's actor codebook files
/// under `NGO` (non-governmental); every other organisation code there is an
/// intergovernmental body, which CAMEO files under `IGO`.
const CAMEO_NGO_CODES: &[&str] = &["ICRC", "HRW", "AMN", "MSF"];

/// An actor as PETRARCH2's gold writes its first three letters: a country's
/// alpha-3 code, and for organisations CAMEO's `IGO`/`NGO` prefix (its
/// `IGOEU`, `IGOUNO` are dyad's `EU`, `UN`), so that scoring compares the same
/// actor under the two conventions.
fn cameo_actor_key(id: Option<&str>, record: &Record) -> String {
    let org = id.and_then(|id| record.actors.iter().find(|a| a.id == id)?.org.as_deref());
    match org {
        Some(org) if CAMEO_NGO_CODES.contains(&org) => "NGO".into(),
        Some(_) => "IGO".into(),
        None => actor_key(id, record, false).unwrap_or_default(),
    }
}

/// A PETRARCH2 record's `expected_events` as triples.
pub(crate) fn petrarch_expected(doc: &GoldDoc) -> Vec<Triple> {
    spans(&doc.value, "expected_events")
        .iter()
        .map(|e| {
            (
                top_code(str_field(e, "source").unwrap_or("")),
                top_code(str_field(e, "target").unwrap_or("")),
                str_field(e, "code").unwrap_or("").chars().take(2).collect(),
            )
        })
        .collect()
}

/// For each expected triple, the index of the prediction it matched, each
/// prediction used once; consultation and cooperation roots (03–06) match in
/// either direction, since PETRARCH2's gold orders symmetric pairs freely.
pub(crate) fn match_triples(expected: &[Triple], predicted: &[Triple]) -> Vec<Option<usize>> {
    let mut used = vec![false; predicted.len()];
    expected
        .iter()
        .map(|g| {
            let i = (0..predicted.len()).find(|&i| {
                !used[i]
                    && (&predicted[i] == g
                        || (matches!(g.2.as_str(), "03" | "04" | "05" | "06")
                            && predicted[i].0 == g.1
                            && predicted[i].1 == g.0
                            && predicted[i].2 == g.2))
            })?;
            used[i] = true;
            Some(i)
        })
        .collect()
}

/// Scores predicted triples against each record's `expected_events` by
/// [`match_triples`].
fn score_triples(gold: &[GoldDoc], predicted_of: impl Fn(&str) -> Vec<Triple>) -> LayerReport {
    let (mut tp, mut n_pred, mut n_gold) = (0usize, 0usize, 0usize);
    for doc in gold {
        let expected = petrarch_expected(doc);
        let predicted = predicted_of(&doc.id);
        n_gold += expected.len();
        n_pred += predicted.len();
        tp += match_triples(&expected, &predicted)
            .iter()
            .filter(|m| m.is_some())
            .count();
    }
    let (p, r, f) = prf(tp, n_pred, n_gold);
    LayerReport {
        layer: "petrarch".into(),
        precision: p,
        recall: r,
        f1: f,
        metrics: vec![],
        counts: vec![
            ("gold".into(), n_gold),
            ("pred".into(), n_pred),
            ("tp".into(), tp),
        ],
        missing: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyad_record::{ActorRecord, DocRecord, TimeRecord};

    #[test]
    fn another_coders_petrarch_output_is_scored_by_the_same_rule() {
        let gold = vec![
            gold_doc(serde_json::json!({
                "id": "a", "sentence_text": "Some words.",
                "expected_events": [
                    {"source": "FRAGOV", "target": "DEU", "code": "042"},
                    {"source": "ITA", "target": "ESP", "code": "190"}
                ]
            })),
            gold_doc(serde_json::json!({
                "id": "b", "sentence_text": "Other words.",
                "expected_events": [{"source": "JPN", "target": "KOR", "code": "111"}]
            })),
        ];
        let mut output = HashMap::new();
        // Reversed consultation matches; a wrong root does not; "b" is absent.
        output.insert(
            "a".to_string(),
            vec![
                ("DEUGOV".into(), "FRA".into(), "043".into()),
                ("ITA".into(), "ESP".into(), "173".into()),
            ],
        );
        let report = score_petrarch_output(&gold, &output);
        assert_eq!(report.layer, "petrarch");
        assert!((report.precision - 0.5).abs() < 1e-9);
        assert!((report.recall - 1.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn organisations_are_compared_under_cameos_igo_and_ngo_prefixes() {
        let gold = vec![gold_doc(serde_json::json!({
            "id": "a", "sentence_text": "Some words.",
            "expected_events": [
                {"source": "UKRGOV", "target": "IGOEUREEC", "code": "057"},
                {"source": "NGOHRW", "target": "UKR", "code": "112"}
            ]
        }))];
        let record: Record = serde_json::from_value(serde_json::json!({
            "doc": {"id": "a"},
            "actors": [
                {"id": "a0", "name": "Ukraine", "code": "UKR", "country": "UKR", "kind": "country"},
                {"id": "a1", "name": "European Union", "code": "EU", "org": "EU", "kind": "organisation"},
                {"id": "a2", "name": "Human Rights Watch", "code": "HRW", "org": "HRW", "kind": "organisation"}],
            "mentions": [], "times": [], "places": [], "quotes": [],
            "events": [
                {"id": "e0", "sentence_start": 0, "sentence_end": 1, "trigger_start": 0,
                 "trigger_end": 1, "trigger": "signed", "source": "a0", "target": "a1",
                 "cameo": "057", "plover": "", "goldstein": 0.0, "quad_class": 1,
                 "negated": false, "modality": "asserted", "asserted": true, "pattern": "p"},
                {"id": "e1", "sentence_start": 0, "sentence_end": 1, "trigger_start": 0,
                 "trigger_end": 1, "trigger": "accused", "source": "a2", "target": "a0",
                 "cameo": "112", "plover": "", "goldstein": 0.0, "quad_class": 1,
                 "negated": false, "modality": "asserted", "asserted": true, "pattern": "p"}]
        }))
        .expect("a valid record");
        let mut pred = Predictions::new();
        pred.insert("a".into(), record);
        let report = score_petrarch(&gold, &pred);
        assert_eq!(report.counts[2], ("tp".to_string(), 2), "{report:?}");
    }

    fn gold_doc(value: Value) -> GoldDoc {
        GoldDoc::from_value(value, "x").expect("gold has text")
    }

    fn record(id: &str) -> Record {
        Record {
            doc: DocRecord {
                id: id.into(),
                ..Default::default()
            },
            actors: vec![],
            mentions: vec![],
            times: vec![],
            places: vec![],
            quotes: vec![],
            events: vec![],
        }
    }

    #[test]
    fn time_scoring_matches_overlap_and_interval_tolerance() {
        let gold = vec![gold_doc(
            serde_json::json!({"id": "d", "text": "in mid-August and on Friday", "times": [
            {"start": 0, "end": 13, "value": "2025-08-11/2025-08-20"},
            {"start": 18, "end": 27, "value": "2025-08-22"}]}),
        )];
        let mut rec = record("d");
        rec.times.push(TimeRecord {
            start: 3,
            end: 13,
            text: String::new(),
            value: "2025-08-10/2025-08-21".into(),
            grain: "day".into(),
            from: None,
            to: None,
        });
        rec.times.push(TimeRecord {
            start: 30,
            end: 31,
            text: String::new(),
            value: "2025".into(),
            grain: "year".into(),
            from: None,
            to: None,
        });
        let pred: Predictions = [("d".to_string(), rec)].into_iter().collect();
        let report = score(Layer::Time, &gold, &pred);
        assert_eq!(report.precision, 0.5);
        assert_eq!(report.recall, 0.5);
        assert_eq!(report.metric("value_acc"), Some(1.0));
    }

    #[test]
    fn event_scoring_accepts_swapped_dyads_for_cooperation_only() {
        let gold = vec![gold_doc(
            serde_json::json!({"id": "d", "text": "t", "events": [
            {"source": "RUS/GOV", "target": "USA/GOV", "cameo": "040"},
            {"source": "RUS", "target": "UKR", "cameo": "190"}]}),
        )];
        let mut rec = record("d");
        for (id, country) in [("a0", "USA"), ("a1", "RUS"), ("a2", "UKR")] {
            rec.actors.push(ActorRecord {
                id: id.into(),
                name: country.into(),
                code: country.into(),
                country: Some(country.into()),
                org: None,
                sector: None,
                role: None,
                kind: "country".into(),
            });
        }
        let event = |source: &str, target: &str, cameo: &str| EventRecord {
            id: "e".into(),
            sentence_start: 0,
            sentence_end: 0,
            trigger_start: 0,
            trigger_end: 0,
            trigger: String::new(),
            source: Some(source.into()),
            target: Some(target.into()),
            cameo: cameo.into(),
            plover: String::new(),
            plover_mode: String::new(),
            goldstein: 0.0,
            quad_class: 1,
            date: None,
            place: None,
            negated: false,
            modality: "asserted".into(),
            attribution: None,
            asserted: true,
            pattern: "p".into(),
            target_inferred: false,
        };
        rec.events.push(event("a0", "a1", "042"));
        rec.events.push(event("a2", "a1", "190"));
        let pred: Predictions = [("d".to_string(), rec)].into_iter().collect();
        let report = score(Layer::Events, &gold, &pred);
        assert_eq!(report.counts[2], ("tp_root".to_string(), 1));
        assert_eq!(report.metric("full_f1"), Some(0.0));
    }
}
