//! The record contract of DESIGN.md ("Records"): plain structs with public
//! fields, `Serialize`/`Deserialize`, and one conversion from a coded `Doc`.
//!
//! Why a separate crate: the JSON shape is a promise to users (jq scripts,
//! pandas notebooks, the store). Internal types in `dyad-doc` may change
//! freely; this crate changes only by adding fields, never renaming them.
//!
//! Offsets are UTF-8 byte offsets into the document text, end-exclusive.

use dyad_doc::{DateSource, Doc, Grain, MentionKind, PlaceKind};
use dyad_resources::Resources;
use serde::{Deserialize, Serialize};

mod json;

/// One coded document: what `dyad code --json` prints.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Record {
    /// Identity and metadata.
    pub doc: DocRecord,
    /// Distinct actors (referenced by `id` elsewhere).
    pub actors: Vec<ActorRecord>,
    /// Each reference to an actor.
    pub mentions: Vec<MentionRecord>,
    /// Time expressions with values.
    pub times: Vec<TimeRecord>,
    /// Places with coordinates.
    pub places: Vec<PlaceRecord>,
    /// Quotes with speakers.
    pub quotes: Vec<QuoteRecord>,
    /// Coded events.
    pub events: Vec<EventRecord>,
}

/// Document identity.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct DocRecord {
    /// Identifier.
    pub id: String,
    /// URL.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub url: Option<String>,
    /// Headline.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub title: Option<String>,
    /// Publication date, ISO 8601.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub published: Option<String>,
    /// Outlet.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub source_name: Option<String>,
}

/// An actor.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ActorRecord {
    /// Id within the record (`a0`, `a1`, ...).
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// CAMEO code, country or organisation then sector (`RUSGOV`, `NATO`).
    pub code: String,
    /// ISO alpha-3 country.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub country: Option<String>,
    /// Organisation code.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub org: Option<String>,
    /// Sector.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub sector: Option<String>,
    /// Office held at the document's date.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub role: Option<String>,
    /// person | organisation | country | group.
    pub kind: String,
}

/// A mention of an actor.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct MentionRecord {
    /// Start byte.
    pub start: u32,
    /// End byte (exclusive).
    pub end: u32,
    /// The mention's text.
    pub text: String,
    /// How it refers (name, title, country, demonym, metonym, organisation, agent, pronoun, description).
    pub kind: String,
    /// Actor id.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub actor: Option<String>,
}

/// A time expression.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct TimeRecord {
    /// Start byte.
    pub start: u32,
    /// End byte (exclusive).
    pub end: u32,
    /// The expression's text.
    pub text: String,
    /// ISO 8601 value.
    pub value: String,
    /// day | week | month | quarter | year.
    pub grain: String,
    /// First day covered (intervals and open "since" intervals).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub from: Option<String>,
    /// Last day covered (intervals and "until" intervals).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub to: Option<String>,
}

/// A place.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PlaceRecord {
    /// Start byte.
    pub start: u32,
    /// End byte (exclusive).
    pub end: u32,
    /// The name as written.
    pub text: String,
    /// Canonical name.
    pub name: String,
    /// ISO alpha-2 country (absent for seas and continents).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub country: Option<String>,
    /// First-order division.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub admin1: Option<String>,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// GeoNames id.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub geonames_id: Option<u32>,
    /// country | admin1 | city | landmark | region.
    pub kind: String,
}

/// A quote.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct QuoteRecord {
    /// Start byte of the whole construction.
    pub start: u32,
    /// End byte of the whole construction.
    pub end: u32,
    /// Start byte of the reported words.
    pub content_start: u32,
    /// End byte of the reported words.
    pub content_end: u32,
    /// Speaker actor id.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub speaker: Option<String>,
    /// The speaker mention as written.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub speaker_text: Option<String>,
    /// Speaker mention start.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub speaker_start: Option<u32>,
    /// Speaker mention end.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub speaker_end: Option<u32>,
    /// The cue as written ("said").
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub cue: Option<String>,
    /// Cue start.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub cue_start: Option<u32>,
    /// Cue end.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub cue_end: Option<u32>,
    /// direct | indirect | mixed.
    pub kind: String,
    /// Index of the quote this one is nested in.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub within: Option<usize>,
}

/// When an event happened.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct EventDateRecord {
    /// ISO 8601 value.
    pub value: String,
    /// Grain of the value.
    pub grain: String,
    /// Where the date came from: `text` (a time expression of the clause),
    /// `dateline`, or `published` (no date in the text).
    pub time: String,
    /// Index into `times` when `time` is `text`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub time_index: Option<usize>,
}

/// Who reports an event.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AttributionRecord {
    /// Actor id of the speaker (absent if the speaker is unresolved).
    pub claimant: Option<String>,
    /// Index of the quote the event came from.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub quote: Option<usize>,
}

/// A coded event.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct EventRecord {
    /// Id within the record (`e0`, `e1`, ...).
    pub id: String,
    /// Sentence start.
    pub sentence_start: u32,
    /// Sentence end.
    pub sentence_end: u32,
    /// Trigger start.
    pub trigger_start: u32,
    /// Trigger end.
    pub trigger_end: u32,
    /// The trigger as written.
    pub trigger: String,
    /// Source actor id.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub source: Option<String>,
    /// Target actor id.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub target: Option<String>,
    /// CAMEO code.
    pub cameo: String,
    /// PLOVER event type (empty when PLOVER has none).
    pub plover: String,
    /// PLOVER mode.
    #[serde(skip_serializing_if = "String::is_empty", default)]
    pub plover_mode: String,
    /// Goldstein weight.
    pub goldstein: f64,
    /// QuadClass 1..=4.
    pub quad_class: u8,
    /// When.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub date: Option<EventDateRecord>,
    /// Index into `places`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub place: Option<usize>,
    /// The text says it did not happen.
    pub negated: bool,
    /// asserted | future | hypothetical | demanded | question.
    pub modality: String,
    /// Present when the event is known only through someone's words.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub attribution: Option<AttributionRecord>,
    /// True when the article states the event itself (no attribution, asserted, not negated).
    pub asserted: bool,
    /// Id of the pattern that fired.
    pub pattern: String,
    /// True when the text names no target and it was inferred from the story's context.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub target_inferred: bool,
}

fn actor_id(idx: usize) -> String {
    numbered_id('a', idx)
}

/// `prefix` then `idx` in decimal (`a12`, `e3`): what `format!("{prefix}{idx}")`
/// gives, without the formatting machinery, for the one id every mention,
/// actor and event carries.
fn numbered_id(prefix: char, mut idx: usize) -> String {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (idx % 10) as u8;
        idx /= 10;
        if idx == 0 {
            break;
        }
    }
    let mut id = String::with_capacity(1 + digits.len() - at);
    id.push(prefix);
    for &digit in &digits[at..] {
        id.push(char::from(digit));
    }
    id
}

fn grain_name(grain: Grain) -> String {
    grain.as_str().to_string()
}

/// A mention kind's record name: its variant name in lowercase, written out
/// rather than formatted with `Debug` and lowercased (two strings and the
/// formatting machinery per mention). A test pins the two forms together.
fn mention_kind_name(kind: MentionKind) -> &'static str {
    match kind {
        MentionKind::Name => "name",
        MentionKind::Title => "title",
        MentionKind::Country => "country",
        MentionKind::Demonym => "demonym",
        MentionKind::Metonym => "metonym",
        MentionKind::Organisation => "organisation",
        MentionKind::Agent => "agent",
        MentionKind::Pronoun => "pronoun",
        MentionKind::Description => "description",
    }
}

/// A place kind's record name, as [`mention_kind_name`] for mentions.
fn place_kind_name(kind: PlaceKind) -> &'static str {
    match kind {
        PlaceKind::Country => "country",
        PlaceKind::Admin1 => "admin1",
        PlaceKind::Admin2 => "admin2",
        PlaceKind::City => "city",
        PlaceKind::Landmark => "landmark",
        PlaceKind::Region => "region",
    }
}

impl Record {
    /// Builds the record of a coded document.
    pub fn from_doc(doc: &Doc, resources: &Resources) -> Record {
        let text = |span: dyad_doc::Span| doc.slice(span).to_string();
        let actors = doc
            .actors
            .iter()
            .enumerate()
            .map(|(idx, actor)| ActorRecord {
                id: actor_id(idx),
                name: actor.name.clone(),
                code: actor.code.cameo(),
                country: actor.code.country.map(|c| c.as_str().to_string()),
                org: actor.code.org.map(|o| o.as_str().to_string()),
                sector: actor
                    .code
                    .sector
                    .filter(|s| *s != dyad_doc::Sector::Igo)
                    .map(|s| s.as_str().to_string()),
                role: actor.role.clone(),
                kind: actor.kind.as_str().to_string(),
            })
            .collect();
        let mentions = doc
            .mentions
            .iter()
            .map(|mention| MentionRecord {
                start: mention.span.start,
                end: mention.span.end,
                text: text(mention.span),
                kind: mention_kind_name(mention.kind).to_string(),
                actor: mention.actor.map(|id| actor_id(id.index())),
            })
            .collect();
        let times = doc
            .times
            .iter()
            .filter_map(|time| {
                let value = time.value?;
                let (from, to) = match (value, time.open) {
                    (dyad_doc::TimeValue::Interval(a, b), _) => {
                        (Some(a.to_string()), Some(b.to_string()))
                    }
                    (_, Some(dyad_doc::OpenEnd::From)) => {
                        (value.bounds().map(|b| b.0.to_string()), None)
                    }
                    (_, Some(dyad_doc::OpenEnd::To)) => {
                        (None, value.bounds().map(|b| b.1.to_string()))
                    }
                    _ => (None, None),
                };
                Some(TimeRecord {
                    start: time.span.start,
                    end: time.span.end,
                    text: text(time.span),
                    value: value.to_string(),
                    grain: grain_name(value.grain()),
                    from,
                    to,
                })
            })
            .collect();
        // Times without a value are not records; map doc indices to record indices.
        let mut time_index = Vec::with_capacity(doc.times.len());
        let mut next = 0usize;
        for time in &doc.times {
            time_index.push(time.value.map(|_| {
                next += 1;
                next - 1
            }));
        }
        let places = doc
            .places
            .iter()
            .map(|place| PlaceRecord {
                start: place.span.start,
                end: place.span.end,
                text: text(place.span),
                name: place.name.clone(),
                country: place.country.clone(),
                admin1: place.admin1.clone(),
                lat: place.lat,
                lon: place.lon,
                geonames_id: place.geonames_id,
                kind: place_kind_name(place.kind).to_string(),
            })
            .collect();
        let quotes = doc
            .quotes
            .iter()
            .map(|quote| QuoteRecord {
                start: quote.span.start,
                end: quote.span.end,
                content_start: quote.content.start,
                content_end: quote.content.end,
                speaker: quote.speaker.map(|id| actor_id(id.index())),
                speaker_text: quote.speaker_span.map(text),
                speaker_start: quote.speaker_span.map(|s| s.start),
                speaker_end: quote.speaker_span.map(|s| s.end),
                cue: quote.cue.map(text),
                cue_start: quote.cue.map(|s| s.start),
                cue_end: quote.cue.map(|s| s.end),
                kind: quote.kind.as_str().to_string(),
                within: quote.within.map(|id| id.index()),
            })
            .collect();
        let events = doc
            .events
            .iter()
            .enumerate()
            .map(|(idx, event)| {
                let info = resources.cameo.get(event.cameo);
                let date = event.date.map(|date| {
                    let (time, index) = match date.source {
                        DateSource::Text(id) => {
                            ("text", time_index.get(id.index()).copied().flatten())
                        }
                        DateSource::Dateline => ("dateline", None),
                        DateSource::Published => ("published", None),
                    };
                    EventDateRecord {
                        value: date.value.to_string(),
                        grain: grain_name(date.value.grain()),
                        time: time.to_string(),
                        time_index: index,
                    }
                });
                let asserted = !event.negated
                    && event.modality == dyad_doc::Modality::Asserted
                    && event.attribution.is_none();
                EventRecord {
                    id: numbered_id('e', idx),
                    sentence_start: event.sentence.start,
                    sentence_end: event.sentence.end,
                    trigger_start: event.trigger.start,
                    trigger_end: event.trigger.end,
                    trigger: text(event.trigger),
                    source: event.source.map(|id| actor_id(id.index())),
                    target: event.target.map(|id| actor_id(id.index())),
                    cameo: event.cameo.as_str().to_string(),
                    plover: info.map(|i| i.plover.clone()).unwrap_or_default(),
                    plover_mode: info.map(|i| i.plover_mode.clone()).unwrap_or_default(),
                    goldstein: info.map(|i| i.goldstein).unwrap_or(0.0),
                    quad_class: info
                        .map(|i| i.quad_class)
                        .unwrap_or_else(|| event.cameo.quad_class()),
                    date,
                    place: event.place.map(|id| id.index()),
                    negated: event.negated,
                    modality: event.modality.as_str().to_string(),
                    attribution: event.attribution.map(|attribution| AttributionRecord {
                        claimant: attribution.claimant.map(|id| actor_id(id.index())),
                        quote: Some(attribution.quote.index()),
                    }),
                    asserted,
                    pattern: event.pattern.clone(),
                    target_inferred: event.target_inferred,
                }
            })
            .collect();
        Record {
            doc: DocRecord {
                id: doc.meta.id.clone(),
                url: doc.meta.url.clone(),
                title: doc.meta.title.clone(),
                published: doc.meta.published.map(|d| d.to_string()),
                source_name: doc.meta.source_name.clone(),
            },
            actors,
            mentions,
            times,
            places,
            quotes,
            events,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_ids_are_the_formatted_ones() {
        for idx in [0, 1, 9, 10, 99, 100, 12_345, usize::MAX] {
            assert_eq!(numbered_id('a', idx), format!("a{idx}"));
            assert_eq!(numbered_id('e', idx), format!("e{idx}"));
        }
    }

    #[test]
    fn kind_names_are_the_lowercase_variant_names() {
        // The names were `format!("{:?}", kind).to_lowercase()`: records must not change.
        let mentions = [
            MentionKind::Name,
            MentionKind::Title,
            MentionKind::Country,
            MentionKind::Demonym,
            MentionKind::Metonym,
            MentionKind::Organisation,
            MentionKind::Agent,
            MentionKind::Pronoun,
            MentionKind::Description,
        ];
        for kind in mentions {
            assert_eq!(mention_kind_name(kind), format!("{kind:?}").to_lowercase());
        }
        let places = [
            PlaceKind::Country,
            PlaceKind::Admin1,
            PlaceKind::Admin2,
            PlaceKind::City,
            PlaceKind::Landmark,
            PlaceKind::Region,
        ];
        for kind in places {
            assert_eq!(place_kind_name(kind), format!("{kind:?}").to_lowercase());
        }
    }
}
