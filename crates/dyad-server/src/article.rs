//! The article view's data: every annotation of a record as a highlight, and
//! the body cut into segments at their edges.
//!
//! Why cut on the server: record spans are UTF-8 byte offsets, while
//! JavaScript strings count UTF-16 units, so slicing in the browser would
//! shift every highlight after the first non-ASCII character. Here each span
//! is checked (in bounds, on character boundaries) and the text is cut once;
//! the page only lays segments side by side, each carrying the indices of the
//! annotations that cover it. A span that fails the check is not highlighted
//! and a note says why.

use std::collections::{BTreeSet, HashMap};

use dyad_record::Record;
use serde::Serialize;

/// One highlight: an actor mention, a time, a place, a quote's reported
/// words, a quote's cue, or an event's trigger.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Annotation {
    /// Unique within the article: kind and index (`mention-3`, `trigger-0`).
    pub id: String,
    /// `mention`, `time`, `place`, `quote`, `cue` or `trigger`.
    pub kind: &'static str,
    /// Index in the record's layer (`mentions`, `times`, ...).
    pub index: usize,
    /// Start byte in the body.
    pub start: u32,
    /// End byte (exclusive).
    pub end: u32,
    /// The text covered.
    pub text: String,
    /// A one-line description for a tooltip ("Russia (RUS)", "2025-12-04 (day)").
    pub label: String,
    /// An event reported through someone's words (attribution), or a
    /// trigger inside a quote: a claim, not a fact the article states.
    pub claim: bool,
    /// Actor code, for mentions and quotes with a resolved speaker.
    pub actor_code: Option<String>,
    /// Aggregated event id, for triggers.
    pub event: Option<i64>,
    /// The record's entry this highlight comes from, as JSON.
    pub record: serde_json::Value,
}

/// A run of text covered by the same annotations.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Segment {
    /// The text.
    pub text: String,
    /// Indices into the annotations, outermost (longest) first.
    pub marks: Vec<usize>,
}

/// Everything the article view draws besides the stored document itself.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArticleView {
    /// Highlights, in body order.
    pub annotations: Vec<Annotation>,
    /// The body, cut at every highlight's edges; the texts concatenate to the body.
    pub segments: Vec<Segment>,
    /// Spans that could not be highlighted, and why.
    pub notes: Vec<String>,
}

/// A span as the record gives it, before checking.
struct Raw {
    kind: &'static str,
    index: usize,
    start: u32,
    end: u32,
    label: String,
    claim: bool,
    actor_code: Option<String>,
    event: Option<i64>,
    record: serde_json::Value,
}

fn json(value: &impl Serialize) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

/// Builds the view of `body` annotated by `record`; `event_ids` maps the
/// record's event ids (`e0`) to aggregated event ids.
pub fn article_view(body: &str, record: &Record, event_ids: &HashMap<String, i64>) -> ArticleView {
    let actor = |id: Option<&String>| id.and_then(|id| record.actors.iter().find(|a| &a.id == id));
    let mut raws: Vec<Raw> = Vec::new();
    for (index, mention) in record.mentions.iter().enumerate() {
        let resolved = actor(mention.actor.as_ref());
        raws.push(Raw {
            kind: "mention",
            index,
            start: mention.start,
            end: mention.end,
            label: match resolved {
                Some(a) => format!("{} ({}), {}", a.name, a.code, mention.kind),
                None => format!("unresolved {}", mention.kind),
            },
            claim: false,
            actor_code: resolved.map(|a| a.code.clone()),
            event: None,
            record: serde_json::json!({ "mention": json(mention), "actor": resolved.map(json) }),
        });
    }
    for (index, time) in record.times.iter().enumerate() {
        raws.push(Raw {
            kind: "time",
            index,
            start: time.start,
            end: time.end,
            label: format!("{} ({})", time.value, time.grain),
            claim: false,
            actor_code: None,
            event: None,
            record: json(time),
        });
    }
    for (index, place) in record.places.iter().enumerate() {
        let country = place.country.as_deref().unwrap_or("no country");
        raws.push(Raw {
            kind: "place",
            index,
            start: place.start,
            end: place.end,
            label: format!(
                "{}, {country} ({:.2}, {:.2})",
                place.name, place.lat, place.lon
            ),
            claim: false,
            actor_code: None,
            event: None,
            record: json(place),
        });
    }
    for (index, quote) in record.quotes.iter().enumerate() {
        let speaker = actor(quote.speaker.as_ref());
        let who = speaker
            .map(|a| format!("{} ({})", a.name, a.code))
            .or_else(|| quote.speaker_text.clone())
            .unwrap_or_else(|| "unknown speaker".to_string());
        raws.push(Raw {
            kind: "quote",
            index,
            start: quote.content_start,
            end: quote.content_end,
            label: format!("{} quote of {who}", quote.kind),
            claim: false,
            actor_code: speaker.map(|a| a.code.clone()),
            event: None,
            record: serde_json::json!({ "quote": json(quote), "speaker": speaker.map(json) }),
        });
        if let (Some(start), Some(end)) = (quote.cue_start, quote.cue_end) {
            raws.push(Raw {
                kind: "cue",
                index,
                start,
                end,
                label: format!("cue of a quote of {who}"),
                claim: false,
                actor_code: None,
                event: None,
                record: json(quote),
            });
        }
    }
    for (index, event) in record.events.iter().enumerate() {
        let code =
            |id: Option<&String>| actor(id).map_or_else(|| "?".to_string(), |a| a.code.clone());
        let inside_quote = record.quotes.iter().any(|quote| {
            quote.content_start <= event.trigger_start && event.trigger_end <= quote.content_end
        });
        let attributed = event.attribution.is_some();
        let mut label = format!(
            "{} → {}: CAMEO {} {} (Goldstein {})",
            code(event.source.as_ref()),
            code(event.target.as_ref()),
            event.cameo,
            event.plover,
            event.goldstein
        );
        if event.negated {
            label.push_str(", negated");
        }
        if let Some(claimant) = event.attribution.as_ref().and_then(|a| a.claimant.as_ref()) {
            label.push_str(&format!(", claimed by {}", code(Some(claimant))));
        } else if attributed || inside_quote {
            label.push_str(", claim");
        }
        raws.push(Raw {
            kind: "trigger",
            index,
            start: event.trigger_start,
            end: event.trigger_end,
            label,
            claim: attributed || inside_quote,
            actor_code: None,
            event: event_ids.get(&event.id).copied(),
            record: json(event),
        });
    }

    let mut notes = Vec::new();
    let mut annotations: Vec<Annotation> = Vec::new();
    for raw in raws {
        let (start, end) = (raw.start as usize, raw.end as usize);
        let valid = start < end
            && end <= body.len()
            && body.is_char_boundary(start)
            && body.is_char_boundary(end);
        let Some(text) = body.get(start..end).filter(|_| valid) else {
            notes.push(format!(
                "{} {}: span {start}..{end} is empty, out of the text ({} bytes) or not on \
                 character boundaries; not highlighted",
                raw.kind,
                raw.index,
                body.len()
            ));
            continue;
        };
        annotations.push(Annotation {
            id: format!("{}-{}", raw.kind, raw.index),
            kind: raw.kind,
            index: raw.index,
            start: raw.start,
            end: raw.end,
            text: text.to_string(),
            label: raw.label,
            claim: raw.claim,
            actor_code: raw.actor_code,
            event: raw.event,
            record: raw.record,
        });
    }
    annotations.sort_by(|x, y| {
        (x.start, std::cmp::Reverse(x.end), x.kind, x.index).cmp(&(
            y.start,
            std::cmp::Reverse(y.end),
            y.kind,
            y.index,
        ))
    });
    let segments = cut(body, &annotations);
    ArticleView {
        annotations,
        segments,
        notes,
    }
}

/// Cuts `body` at every annotation edge (all checked to be char boundaries).
fn cut(body: &str, annotations: &[Annotation]) -> Vec<Segment> {
    let mut edges: BTreeSet<usize> = BTreeSet::from([0, body.len()]);
    for annotation in annotations {
        edges.insert(annotation.start as usize);
        edges.insert(annotation.end as usize);
    }
    let edges: Vec<usize> = edges.into_iter().collect();
    let mut segments = Vec::new();
    for pair in edges.windows(2) {
        let (from, to) = (pair[0], pair[1]);
        let Some(text) = body.get(from..to) else {
            continue;
        };
        let mut marks: Vec<usize> = annotations
            .iter()
            .enumerate()
            .filter(|(_, a)| a.start as usize <= from && to <= a.end as usize)
            .map(|(i, _)| i)
            .collect();
        marks.sort_by_key(|&i| std::cmp::Reverse(annotations[i].end - annotations[i].start));
        segments.push(Segment {
            text: text.to_string(),
            marks,
        });
    }
    segments
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyad_record::{
        ActorRecord, AttributionRecord, DocRecord, EventRecord, MentionRecord, QuoteRecord,
        TimeRecord,
    };

    fn span(body: &str, needle: &str) -> (u32, u32) {
        let start = body.find(needle).expect("needle in body");
        (start as u32, (start + needle.len()) as u32)
    }

    /// A record written by hand for a sentence with non-ASCII text before
    /// the spans, a quote holding a claim, and one broken span.
    fn sample() -> (String, Record) {
        let body = "Zürich — Norland's envoy said on Tuesday that “Sudoria shelled the port”.";
        let (ms, me) = span(body, "Norland");
        let (ts, te) = span(body, "on Tuesday");
        let (qs, qe) = span(body, "Sudoria shelled the port");
        let (cs, ce) = span(body, "said");
        let (gs, ge) = span(body, "shelled");
        let (ss, se) = span(body, "Sudoria");
        let actors = vec![
            ActorRecord {
                id: "a0".into(),
                name: "Norland".into(),
                code: "NOR".into(),
                country: Some("NOR".into()),
                org: None,
                sector: None,
                role: None,
                kind: "country".into(),
            },
            ActorRecord {
                id: "a1".into(),
                name: "Sudoria".into(),
                code: "SUD".into(),
                country: None,
                org: None,
                sector: None,
                role: None,
                kind: "country".into(),
            },
        ];
        let mention = |start, end, actor: &str| MentionRecord {
            start,
            end,
            text: body[start as usize..end as usize].to_string(),
            kind: "country".into(),
            actor: Some(actor.into()),
        };
        let record = Record {
            doc: DocRecord {
                id: "t".into(),
                ..Default::default()
            },
            actors,
            mentions: vec![
                mention(ms, me, "a0"),
                mention(ss, se, "a1"),
                // Cuts "ü" in half: must be refused, not sliced.
                MentionRecord {
                    start: 2,
                    end: 4,
                    text: "?".into(),
                    kind: "name".into(),
                    actor: None,
                },
            ],
            times: vec![TimeRecord {
                start: ts,
                end: te,
                text: "on Tuesday".into(),
                value: "2025-12-02".into(),
                grain: "day".into(),
                from: None,
                to: None,
            }],
            places: vec![],
            quotes: vec![QuoteRecord {
                start: ms,
                end: body.len() as u32,
                content_start: qs,
                content_end: qe,
                speaker: Some("a0".into()),
                speaker_text: Some("Norland's envoy".into()),
                speaker_start: None,
                speaker_end: None,
                cue: Some("said".into()),
                cue_start: Some(cs),
                cue_end: Some(ce),
                kind: "direct".into(),
                within: None,
            }],
            events: vec![EventRecord {
                id: "e0".into(),
                sentence_start: 0,
                sentence_end: body.len() as u32,
                trigger_start: gs,
                trigger_end: ge,
                trigger: "shelled".into(),
                source: Some("a1".into()),
                target: None,
                cameo: "190".into(),
                plover: "ASSAULT".into(),
                plover_mode: String::new(),
                goldstein: -10.0,
                quad_class: 4,
                date: None,
                place: None,
                negated: false,
                modality: "asserted".into(),
                attribution: Some(AttributionRecord {
                    claimant: Some("a0".into()),
                    quote: Some(0),
                }),
                asserted: false,
                pattern: "test".into(),
                target_inferred: false,
            }],
        };
        (body.to_string(), record)
    }

    #[test]
    fn segments_rebuild_the_body_and_carry_highlights() {
        let (body, record) = sample();
        let ids = HashMap::from([("e0".to_string(), 7)]);
        let view = article_view(&body, &record, &ids);
        let joined: String = view.segments.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(joined, body);
        let highlighted: Vec<(&str, &str)> = view
            .annotations
            .iter()
            .map(|a| (a.kind, a.text.as_str()))
            .collect();
        assert_eq!(
            highlighted,
            [
                ("mention", "Norland"),
                ("cue", "said"),
                ("time", "on Tuesday"),
                ("quote", "Sudoria shelled the port"),
                ("mention", "Sudoria"),
                ("trigger", "shelled"),
            ]
        );
        let trigger = view
            .annotations
            .iter()
            .find(|a| a.kind == "trigger")
            .expect("trigger");
        assert!(trigger.claim);
        assert_eq!(trigger.event, Some(7));
        assert!(
            trigger.label.contains("claimed by NOR"),
            "{}",
            trigger.label
        );
        // "shelled" is inside the quote: its segment carries both, the quote first.
        let shelled = view
            .segments
            .iter()
            .find(|s| s.text == "shelled")
            .expect("segment");
        let kinds: Vec<&str> = shelled
            .marks
            .iter()
            .map(|&i| view.annotations[i].kind)
            .collect();
        assert_eq!(kinds, ["quote", "trigger"]);
    }

    #[test]
    fn spans_off_character_boundaries_become_notes() {
        let (body, record) = sample();
        let view = article_view(&body, &record, &HashMap::new());
        assert_eq!(view.notes.len(), 1);
        assert!(
            view.notes[0].starts_with("mention 2: span 2..4"),
            "{}",
            view.notes[0]
        );
        assert!(view.annotations.iter().all(|a| a.id != "mention-2"));
    }

    #[test]
    fn an_empty_record_is_one_plain_segment() {
        let record = Record {
            doc: DocRecord::default(),
            actors: vec![],
            mentions: vec![],
            times: vec![],
            places: vec![],
            quotes: vec![],
            events: vec![],
        };
        let view = article_view("Nothing happened.", &record, &HashMap::new());
        assert_eq!(view.segments.len(), 1);
        assert!(view.segments[0].marks.is_empty());
        assert!(article_view("", &record, &HashMap::new())
            .segments
            .is_empty());
    }
}
