//! Records built for the tests: small invented articles about invented
//! countries' real CAMEO codes, coded by hand (the store does no NLP).
#![allow(dead_code, missing_docs)]

use dyad_record::{
    ActorRecord, AttributionRecord, DocRecord, EventDateRecord, EventRecord, MentionRecord,
    PlaceRecord, QuoteRecord, Record, TimeRecord,
};
use dyad_store::IngestItem;

/// An article before coding.
#[derive(Clone)]
pub struct Article {
    pub id: &'static str,
    pub outlet: Option<&'static str>,
    pub published: &'static str,
    pub title: &'static str,
    pub body: String,
}

/// One event to code in an article.
#[derive(Clone)]
pub struct Ev {
    pub source: Option<&'static str>,
    pub target: Option<&'static str>,
    pub cameo: &'static str,
    pub trigger: &'static str,
    /// Which occurrence of the trigger (0 = first).
    pub nth: usize,
    pub date: Option<(&'static str, &'static str)>,
    pub negated: bool,
    pub claimant: Option<&'static str>,
    pub place: Option<&'static str>,
}

pub fn ev(
    source: &'static str,
    target: &'static str,
    cameo: &'static str,
    trigger: &'static str,
) -> Ev {
    Ev {
        source: Some(source),
        target: Some(target),
        cameo,
        trigger,
        nth: 0,
        date: None,
        negated: false,
        claimant: None,
        place: None,
    }
}

/// Actor names by code, as they are written in the test articles.
fn actor_name(code: &str) -> &'static str {
    match code {
        "RUS" => "Russia",
        "RUSGOV" => "Kremlin",
        "UKR" => "Ukraine",
        "UKRGOV" => "Kyiv",
        "FRA" => "France",
        "FRAGOV" => "Paris",
        "DEU" => "Germany",
        "NATO" => "NATO",
        "USAGOV" => "Washington",
        _ => "Somebody",
    }
}

/// Coordinates of the places the articles name (GeoNames, CC BY 4.0, rounded).
fn place(name: &str) -> (&'static str, &'static str, f64, f64, u32) {
    match name {
        "Geneva" => ("Geneva", "CH", 46.2022, 6.1457, 2660646),
        "Istanbul" => ("Istanbul", "TR", 41.0138, 28.9497, 745044),
        _ => ("Washington", "US", 38.8951, -77.0364, 4140963),
    }
}

fn find_nth(body: &str, needle: &str, nth: usize) -> usize {
    body.match_indices(needle)
        .nth(nth)
        .map(|(start, _)| start)
        .unwrap_or_else(|| panic!("{needle:?} #{nth} not in test article"))
}

/// Codes `events` of `article` into a record whose spans point into its body.
pub fn code(article: &Article, events: &[Ev]) -> Record {
    let body = &article.body;
    let mut codes: Vec<&str> = Vec::new();
    for event in events {
        for code in [event.source, event.target, event.claimant]
            .into_iter()
            .flatten()
        {
            if !codes.contains(&code) {
                codes.push(code);
            }
        }
    }
    let actors: Vec<ActorRecord> = codes
        .iter()
        .enumerate()
        .map(|(idx, code)| {
            let org = *code == "NATO";
            ActorRecord {
                id: format!("a{idx}"),
                name: actor_name(code).to_string(),
                code: code.to_string(),
                country: (!org).then(|| code[..3].to_string()),
                org: org.then(|| code.to_string()),
                sector: (code.len() > 3 && !org).then(|| code[3..].to_string()),
                role: None,
                kind: if org { "organisation" } else { "country" }.to_string(),
            }
        })
        .collect();
    let mut mentions = Vec::new();
    for actor in &actors {
        for (start, text) in body.match_indices(actor.name.as_str()) {
            mentions.push(MentionRecord {
                start: start as u32,
                end: (start + text.len()) as u32,
                text: text.to_string(),
                kind: "name".to_string(),
                actor: Some(actor.id.clone()),
            });
        }
    }
    mentions.sort_by_key(|m| (m.start, m.end));
    let id_of = |code: Option<&str>| {
        code.and_then(|code| {
            codes
                .iter()
                .position(|c| *c == code)
                .map(|i| format!("a{i}"))
        })
    };
    let mut places: Vec<PlaceRecord> = Vec::new();
    let mut quotes: Vec<QuoteRecord> = Vec::new();
    let times: Vec<TimeRecord> = body
        .match_indices("on Thursday")
        .map(|(start, text)| TimeRecord {
            start: start as u32,
            end: (start + text.len()) as u32,
            text: text.to_string(),
            value: article.published.to_string(),
            grain: "day".to_string(),
            from: None,
            to: None,
        })
        .collect();
    let mut records = Vec::new();
    for (idx, event) in events.iter().enumerate() {
        let start = find_nth(body, event.trigger, event.nth);
        let end = start + event.trigger.len();
        let sentence_start = body[..start].rfind(". ").map_or(0, |p| p + 2);
        let sentence_end = body[end..].find('.').map_or(body.len(), |p| end + p + 1);
        let place_idx = event.place.map(|name| {
            let (canonical, country, lat, lon, geonames_id) = place(name);
            let at = find_nth(body, name, 0);
            places.push(PlaceRecord {
                start: at as u32,
                end: (at + name.len()) as u32,
                text: name.to_string(),
                name: canonical.to_string(),
                country: Some(country.to_string()),
                admin1: None,
                lat,
                lon,
                geonames_id: Some(geonames_id),
                kind: "city".to_string(),
            });
            places.len() - 1
        });
        let attribution = event.claimant.map(|claimant| {
            quotes.push(QuoteRecord {
                start: sentence_start as u32,
                end: sentence_end as u32,
                content_start: sentence_start as u32,
                content_end: sentence_end as u32,
                speaker: id_of(Some(claimant)),
                speaker_text: Some(actor_name(claimant).to_string()),
                speaker_start: None,
                speaker_end: None,
                cue: Some("said".to_string()),
                cue_start: None,
                cue_end: None,
                kind: "indirect".to_string(),
                within: None,
            });
            AttributionRecord {
                claimant: id_of(Some(claimant)),
                quote: Some(quotes.len() - 1),
            }
        });
        let (value, grain) = event.date.unwrap_or((article.published, "day"));
        let date = Some(EventDateRecord {
            value: value.to_string(),
            grain: grain.to_string(),
            time: "published".to_string(),
            time_index: None,
        });
        records.push(EventRecord {
            id: format!("e{idx}"),
            sentence_start: sentence_start as u32,
            sentence_end: sentence_end as u32,
            trigger_start: start as u32,
            trigger_end: end as u32,
            trigger: event.trigger.to_string(),
            source: id_of(event.source),
            target: id_of(event.target),
            cameo: event.cameo.to_string(),
            plover: match &event.cameo[..2] {
                "04" => "CONSULT",
                "19" => "FIGHT",
                "05" => "COOPERATE",
                _ => "ACCUSE",
            }
            .to_string(),
            plover_mode: String::new(),
            goldstein: if event.cameo.starts_with("19") {
                -10.0
            } else {
                1.0
            },
            quad_class: if event.cameo.starts_with("19") { 4 } else { 1 },
            date,
            place: place_idx,
            negated: event.negated,
            modality: "asserted".to_string(),
            asserted: !event.negated && attribution.is_none(),
            attribution,
            pattern: format!("test.{}", event.cameo),
            target_inferred: false,
        });
    }
    Record {
        doc: DocRecord {
            id: article.id.to_string(),
            url: Some(format!("https://news.example/{}", article.id)),
            title: Some(article.title.to_string()),
            published: Some(article.published.to_string()),
            source_name: article.outlet.map(str::to_string),
        },
        actors,
        mentions,
        times,
        places,
        quotes,
        events: records,
    }
}

pub fn item(article: &Article, events: &[Ev]) -> IngestItem {
    IngestItem::coded(article.body.clone(), code(article, events)).at("2025-12-05T08:00:00Z")
}

pub const TALKS: &str = "Russia and Ukraine met in Geneva on Thursday for a new round of \
    prisoner-exchange talks, the first since the summer. Delegates said the meeting lasted \
    four hours and ended without a joint statement, though both sides agreed to meet again \
    before the end of the month.";

/// The Geneva talks as three outlets report them: a wire story, a lightly
/// edited copy of it, and an independent account that names the meeting twice.
pub fn geneva_coverage() -> Vec<IngestItem> {
    let wire = Article {
        id: "wire-1",
        outlet: Some("Wire Agency"),
        published: "2025-12-04",
        title: "Russia and Ukraine hold talks in Geneva",
        body: TALKS.to_string(),
    };
    let copy = Article {
        id: "paper-1",
        outlet: Some("Daily Paper"),
        published: "2025-12-04",
        title: "Prisoner talks resume in Geneva",
        body: TALKS
            .replace("on Thursday", "on Thursday afternoon")
            .replace("Delegates said", "Delegates told reporters"),
    };
    let own = Article {
        id: "radio-1",
        outlet: Some("daily paper "),
        published: "2025-12-04",
        title: "Geneva meeting ends without statement",
        body: "Negotiators from Ukraine met their counterparts from Russia behind closed doors \
               in Geneva. When Ukraine met Russia again after lunch, the mood was calmer, \
               according to one delegate."
            .to_string(),
    };
    let meet = |nth| Ev {
        nth,
        place: Some("Geneva"),
        ..ev("RUS", "UKR", "040", "met")
    };
    vec![
        item(&wire, &[meet(0)]),
        item(&copy, &[meet(0)]),
        item(&own, &[meet(0), meet(1)]),
    ]
}

/// Other events on other days, with a claimant, a negation and a fight.
pub fn other_news() -> Vec<IngestItem> {
    let strike = Article {
        id: "wire-2",
        outlet: Some("Wire Agency"),
        published: "2025-11-20",
        title: "Kyiv says Kremlin forces shelled border villages",
        body: "Kyiv said Kremlin forces shelled three border villages overnight. \
               The Kremlin denied that it attacked civilians."
            .to_string(),
    };
    let paris = Article {
        id: "paper-2",
        outlet: Some("Le Journal"),
        published: "2026-01-15",
        title: "Paris praises Kyiv",
        body: "Paris praised Kyiv for its reforms at a meeting in Istanbul. \
               France will host the next donors' conference, the ministry said."
            .to_string(),
    };
    vec![
        item(
            &strike,
            &[
                Ev {
                    claimant: Some("UKRGOV"),
                    ..ev("RUSGOV", "UKR", "190", "shelled")
                },
                Ev {
                    negated: true,
                    ..ev("RUSGOV", "UKR", "190", "attacked")
                },
            ],
        ),
        item(
            &paris,
            &[Ev {
                place: Some("Istanbul"),
                ..ev("FRAGOV", "UKRGOV", "051", "praised")
            }],
        ),
    ]
}
