//! Gold file layouts: which layer a file holds, and the documents in it.

use serde_json::Value;

/// An evaluation layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Layer {
    /// Events: dyad + CAMEO root, full code, root only; date, place, claimant.
    Events,
    /// Time expressions: detection and value.
    Time,
    /// Places: detection and distance.
    Geo,
    /// Quotes: detection, speaker, kind.
    Quotes,
    /// PLOVER gold-standard records: event type accuracy.
    Plover,
    /// PETRARCH2 validation records: dyad + root triples.
    Petrarch,
    /// Web pages: main-text extraction (see [`crate::html`]).
    Html,
}

impl Layer {
    /// The layer's name as used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Layer::Events => "events",
            Layer::Time => "time",
            Layer::Geo => "geo",
            Layer::Quotes => "quotes",
            Layer::Plover => "plover",
            Layer::Petrarch => "petrarch",
            Layer::Html => "html",
        }
    }

    /// Parses a layer name (`places` is accepted for `geo`, `times` for `time`).
    pub fn parse(name: &str) -> Option<Layer> {
        Some(match name {
            "events" => Layer::Events,
            "time" | "times" => Layer::Time,
            "geo" | "places" => Layer::Geo,
            "quotes" => Layer::Quotes,
            "plover" => Layer::Plover,
            "petrarch" => Layer::Petrarch,
            "html" => Layer::Html,
            _ => return None,
        })
    }
}

/// One gold document: its id, text, publication date and the raw line.
#[derive(Debug, Clone)]
pub struct GoldDoc {
    /// Document id.
    pub id: String,
    /// The text to code.
    pub text: String,
    /// Publication date as written (may be a timestamp).
    pub published: Option<String>,
    /// The whole gold line.
    pub value: Value,
}

impl GoldDoc {
    /// Reads a gold line; the text field is `text` or `sentence_text` (PLOVER/PETRARCH layouts).
    pub fn from_value(value: Value, fallback_id: &str) -> Option<GoldDoc> {
        let id = match value.get("id") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => fallback_id.to_string(),
        };
        let text = match value
            .get("text")
            .or_else(|| value.get("sentence_text"))
            .and_then(Value::as_str)
        {
            Some(text) => text.to_string(),
            // PETRARCH records sometimes carry only a CoNLL-U parse: rebuild the sentence.
            None => conllu_text(value.get("parse").and_then(Value::as_str)?)?,
        };
        let published = value
            .get("published")
            .or_else(|| value.get("date"))
            .and_then(Value::as_str)
            .map(str::to_string);
        Some(GoldDoc {
            id,
            text,
            published,
            value,
        })
    }
}

/// The sentence of a CoNLL-U parse: word forms joined by spaces, except where
/// the MISC column says `SpaceAfter=No`.
fn conllu_text(parse: &str) -> Option<String> {
    let mut text = String::new();
    for line in parse.lines() {
        let columns: Vec<&str> = line.split('\t').collect();
        if line.starts_with('#')
            || columns.len() < 10
            || columns[0].contains('-')
            || columns[0].contains('.')
        {
            continue;
        }
        text.push_str(columns[1]);
        if !columns[9].contains("SpaceAfter=No") {
            text.push(' ');
        }
    }
    let text = text.trim_end().to_string();
    (!text.is_empty()).then_some(text)
}

/// Which layer a gold line holds, from its keys.
pub fn detect_layer(value: &Value) -> Option<Layer> {
    if value.get("events").is_some() {
        Some(Layer::Events)
    } else if value.get("times").is_some() {
        Some(Layer::Time)
    } else if value.get("places").is_some() {
        Some(Layer::Geo)
    } else if value.get("quotes").is_some() {
        Some(Layer::Quotes)
    } else if value.get("event").is_some() && value.get("markup").is_some() {
        Some(Layer::Plover)
    } else if value.get("expected_events").is_some() {
        Some(Layer::Petrarch)
    } else if value.get("html").is_some() {
        Some(Layer::Html)
    } else {
        None
    }
}
