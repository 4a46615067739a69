//! Articles written for these tests, coded by hand into records (the server
//! does no NLP): three short stories, one of them hostile (`<script>` and
//! `onerror=` in its title and body), and a year of one-sentence dispatches
//! between a dozen countries, so the charts have something to draw.
//!
//! Every span is found by searching the body for the text it covers, so the
//! records are right by construction; the bodies use non-ASCII punctuation
//! (“ ” —) before annotated spans, which a byte/UTF-16 mix-up would shift.
//!
//! Place coordinates: GeoNames (CC BY 4.0), rounded. CAMEO Goldstein weights,
//! QuadClasses and PLOVER types: the project's CAMEO table
//! (`crates/dyad-resources/data/cameo/cameo.tsv`).
#![allow(dead_code, missing_docs)]

use std::collections::BTreeSet;

use dyad_record::{
    ActorRecord, AttributionRecord, DocRecord, EventDateRecord, EventRecord, MentionRecord,
    PlaceRecord, QuoteRecord, Record, TimeRecord,
};
use dyad_store::{IngestItem, Store};

/// An actor of a story: its code, canonical name, kind, and how the text names it.
pub struct Actor {
    pub code: &'static str,
    pub name: &'static str,
    pub kind: &'static str,
    pub mentions: Vec<&'static str>,
}

/// A quote: the reported words, who said them (code and words), the cue.
pub struct Quote {
    pub content: &'static str,
    pub speaker: &'static str,
    pub speaker_text: &'static str,
    pub cue: &'static str,
    pub kind: &'static str,
}

/// An event of a story.
#[derive(Clone)]
pub struct Event {
    pub trigger: &'static str,
    pub nth: usize,
    pub source: Option<&'static str>,
    pub target: Option<&'static str>,
    pub cameo: &'static str,
    pub date: String,
    pub place: Option<&'static str>,
    pub claimant: Option<&'static str>,
    pub negated: bool,
}

/// A story before coding.
pub struct Story {
    pub id: String,
    pub title: String,
    pub published: String,
    pub outlet: &'static str,
    pub url: String,
    pub body: String,
    pub actors: Vec<Actor>,
    pub times: Vec<(String, String)>,
    pub places: Vec<&'static str>,
    pub quotes: Vec<Quote>,
    pub events: Vec<Event>,
}

/// (Goldstein, QuadClass, PLOVER) of the CAMEO codes the fixtures use.
pub fn cameo(code: &str) -> (f64, u8, &'static str) {
    match code {
        "036" => (4.0, 1, "AGREE"),
        "040" => (1.0, 1, "CONSULT"),
        "042" => (1.9, 1, "CONSULT"),
        "046" => (7.0, 1, "CONSULT"),
        "051" => (3.4, 1, "SUPPORT"),
        "057" => (8.0, 1, "SUPPORT"),
        "061" => (6.4, 2, "COOPERATE"),
        "070" => (7.0, 2, "AID"),
        "073" => (7.4, 2, "AID"),
        "0841" => (7.0, 2, "RETREAT"),
        "111" => (-2.0, 3, "ACCUSE"),
        "112" => (-2.0, 3, "ACCUSE"),
        "130" => (-4.4, 3, "THREATEN"),
        "172" => (-5.0, 4, "COERCE"),
        "190" => (-10.0, 4, "ASSAULT"),
        "193" => (-10.0, 4, "ASSAULT"),
        other => panic!("fixture uses CAMEO {other} without a weight"),
    }
}

/// (canonical name, ISO alpha-2, lat, lon, GeoNames id) of the places written in the stories.
pub fn place(text: &str) -> (&'static str, &'static str, f64, f64, u32) {
    match text {
        "Geneva" => ("Geneva", "CH", 46.2022, 6.1457, 2660646),
        "Istanbul" => ("Istanbul", "TR", 41.0138, 28.9497, 745044),
        "Oslo" => ("Oslo", "NO", 59.9127, 10.7461, 3143244),
        "Nairobi" => ("Nairobi", "KE", -1.2833, 36.8167, 184745),
        "Brussels" => ("Brussels", "BE", 50.8505, 4.3488, 2800866),
        "Ankara" => ("Ankara", "TR", 39.9199, 32.8543, 323786),
        "Odesa" => ("Odesa", "UA", 46.4775, 30.7326, 698740),
        "KYIV" | "Kyiv" => ("Kyiv", "UA", 50.4547, 30.5238, 703448),
        "Warsaw" => ("Warsaw", "PL", 52.2298, 21.0118, 756135),
        "Doha" => ("Doha", "QA", 25.2854, 51.531, 290030),
        "Vienna" => ("Vienna", "AT", 48.2085, 16.3721, 2761369),
        "Jakarta" => ("Jakarta", "ID", -6.2146, 106.8451, 1642911),
        "Brasília" => ("Brasília", "BR", -15.7797, -47.9297, 3469058),
        "Tokyo" => ("Tokyo", "JP", 35.6895, 139.6917, 1850147),
        "Cairo" => ("Cairo", "EG", 30.0626, 31.2497, 360630),
        "Ottawa" => ("Ottawa", "CA", 45.4112, -75.6981, 6094817),
        "Kharkiv" => ("Kharkiv", "UA", 49.9808, 36.2527, 706483),
        other => panic!("fixture place {other} has no coordinates"),
    }
}

fn find_all(body: &str, needle: &str) -> Vec<usize> {
    body.match_indices(needle).map(|(at, _)| at).collect()
}

fn find_nth(body: &str, needle: &str, nth: usize) -> usize {
    body.match_indices(needle)
        .nth(nth)
        .map(|(at, _)| at)
        .unwrap_or_else(|| panic!("{needle:?} #{nth} is not in the story"))
}

fn span(start: usize, text: &str) -> (u32, u32) {
    (start as u32, (start + text.len()) as u32)
}

impl Story {
    /// The record of this story: spans found in the body.
    pub fn record(&self) -> Record {
        let body = &self.body;
        let actors: Vec<ActorRecord> = self
            .actors
            .iter()
            .enumerate()
            .map(|(idx, actor)| {
                let org = actor.kind == "organisation";
                ActorRecord {
                    id: format!("a{idx}"),
                    name: actor.name.to_string(),
                    code: actor.code.to_string(),
                    country: (!org).then(|| actor.code[..3].to_string()),
                    org: org.then(|| actor.code.to_string()),
                    sector: (!org && actor.code.len() > 3).then(|| actor.code[3..].to_string()),
                    role: None,
                    kind: actor.kind.to_string(),
                }
            })
            .collect();
        let id_of = |code: &str| {
            self.actors
                .iter()
                .position(|actor| actor.code == code)
                .map(|idx| format!("a{idx}"))
                .unwrap_or_else(|| panic!("actor {code} is not in story {}", self.id))
        };
        // Longest names first; an occurrence inside a longer mention is not a mention.
        let mut names: Vec<(usize, &str)> = self
            .actors
            .iter()
            .enumerate()
            .flat_map(|(idx, actor)| actor.mentions.iter().map(move |m| (idx, *m)))
            .collect();
        names.sort_by_key(|(_, text)| std::cmp::Reverse(text.len()));
        let mut taken: Vec<(usize, usize)> = Vec::new();
        let mut mentions = Vec::new();
        for (idx, text) in names {
            for start in find_all(body, text) {
                let end = start + text.len();
                if taken.iter().any(|&(s, e)| start < e && s < end) {
                    continue;
                }
                taken.push((start, end));
                mentions.push(MentionRecord {
                    start: start as u32,
                    end: end as u32,
                    text: text.to_string(),
                    kind: "name".to_string(),
                    actor: Some(format!("a{idx}")),
                });
            }
        }
        mentions.sort_by_key(|m| (m.start, m.end));
        let times: Vec<TimeRecord> = self
            .times
            .iter()
            .map(|(text, value)| {
                let (start, end) = span(find_nth(body, text, 0), text);
                TimeRecord {
                    start,
                    end,
                    text: text.to_string(),
                    value: value.clone(),
                    grain: "day".to_string(),
                    from: None,
                    to: None,
                }
            })
            .collect();
        let places: Vec<PlaceRecord> = self
            .places
            .iter()
            .map(|text| {
                let (name, country, lat, lon, geonames_id) = place(text);
                let (start, end) = span(find_nth(body, text, 0), text);
                PlaceRecord {
                    start,
                    end,
                    text: text.to_string(),
                    name: name.to_string(),
                    country: Some(country.to_string()),
                    admin1: None,
                    lat,
                    lon,
                    geonames_id: Some(geonames_id),
                    kind: "city".to_string(),
                }
            })
            .collect();
        let quotes: Vec<QuoteRecord> = self
            .quotes
            .iter()
            .map(|quote| {
                let (content_start, content_end) =
                    span(find_nth(body, quote.content, 0), quote.content);
                let (speaker_start, speaker_end) =
                    span(find_nth(body, quote.speaker_text, 0), quote.speaker_text);
                let (cue_start, cue_end) = span(find_nth(body, quote.cue, 0), quote.cue);
                QuoteRecord {
                    start: speaker_start.min(content_start),
                    end: content_end.max(cue_end),
                    content_start,
                    content_end,
                    speaker: Some(id_of(quote.speaker)),
                    speaker_text: Some(quote.speaker_text.to_string()),
                    speaker_start: Some(speaker_start),
                    speaker_end: Some(speaker_end),
                    cue: Some(quote.cue.to_string()),
                    cue_start: Some(cue_start),
                    cue_end: Some(cue_end),
                    kind: quote.kind.to_string(),
                    within: None,
                }
            })
            .collect();
        let events = self
            .events
            .iter()
            .enumerate()
            .map(|(idx, event)| {
                let start = find_nth(body, event.trigger, event.nth);
                let end = start + event.trigger.len();
                let sentence_start = body[..start].rfind(". ").map_or(0, |at| at + 2);
                let sentence_end = body[end..].find(". ").map_or(body.len(), |at| end + at + 1);
                let (goldstein, quad_class, plover) = cameo(event.cameo);
                let attribution = event.claimant.map(|claimant| AttributionRecord {
                    claimant: Some(id_of(claimant)),
                    quote: quotes.iter().position(|q| {
                        q.content_start as usize <= start && end <= q.content_end as usize
                    }),
                });
                EventRecord {
                    id: format!("e{idx}"),
                    sentence_start: sentence_start as u32,
                    sentence_end: sentence_end as u32,
                    trigger_start: start as u32,
                    trigger_end: end as u32,
                    trigger: event.trigger.to_string(),
                    source: event.source.map(id_of),
                    target: event.target.map(id_of),
                    cameo: event.cameo.to_string(),
                    plover: plover.to_string(),
                    plover_mode: String::new(),
                    goldstein,
                    quad_class,
                    date: Some(EventDateRecord {
                        value: event.date.clone(),
                        grain: "day".to_string(),
                        time: "published".to_string(),
                        time_index: None,
                    }),
                    place: event.place.map(|text| {
                        self.places
                            .iter()
                            .position(|p| *p == text)
                            .unwrap_or_else(|| {
                                panic!("event place {text} is not a place of the story")
                            })
                    }),
                    negated: event.negated,
                    modality: "asserted".to_string(),
                    asserted: !event.negated && attribution.is_none(),
                    attribution,
                    pattern: format!("fixture.{}", event.cameo),
                    target_inferred: false,
                }
            })
            .collect();
        Record {
            doc: DocRecord {
                id: self.id.clone(),
                url: Some(self.url.clone()),
                title: Some(self.title.clone()),
                published: Some(self.published.clone()),
                source_name: Some(self.outlet.to_string()),
            },
            actors,
            mentions,
            times,
            places,
            quotes,
            events,
        }
    }

    pub fn item(&self) -> IngestItem {
        IngestItem::coded(self.body.clone(), self.record()).at("2026-01-05T09:00:00Z")
    }
}

fn actor(code: &'static str, name: &'static str, mentions: &[&'static str]) -> Actor {
    Actor {
        code,
        name,
        kind: if code.len() > 3 { "group" } else { "country" },
        mentions: mentions.to_vec(),
    }
}

fn event(
    trigger: &'static str,
    source: &'static str,
    target: &'static str,
    cameo: &'static str,
    date: &str,
) -> Event {
    Event {
        trigger,
        nth: 0,
        source: Some(source),
        target: Some(target),
        cameo,
        date: date.to_string(),
        place: None,
        claimant: None,
        negated: false,
    }
}

/// Id of the story whose article view the browser test checks.
pub const CLAIM_STORY: &str = "odesa-claim";
/// Id of the hostile story.
pub const HOSTILE_STORY: &str = "hostile-1";
/// Id of the fisheries story.
pub const PACT_STORY: &str = "fisheries-pact";

/// A claim inside a quote, a negated event, a condemnation; a dateline place.
pub fn claim_story() -> Story {
    Story {
        id: CLAIM_STORY.to_string(),
        title: "Kyiv says Russian forces shelled Odesa port".to_string(),
        published: "2025-06-12".to_string(),
        outlet: "Harbour Times",
        url: "https://news.example/odesa-claim".to_string(),
        body: "KYIV — Ukraine's foreign ministry said on Thursday that “Russian forces shelled \
               the port of Odesa overnight”, calling it an attack on grain ships. The Kremlin \
               denied that it attacked civilian vessels. Poland condemned the strike on Ukraine."
            .to_string(),
        actors: vec![
            actor(
                "UKRGOV",
                "Ukrainian foreign ministry",
                &["Ukraine's foreign ministry"],
            ),
            actor("RUSMIL", "Russian armed forces", &["Russian forces"]),
            actor("RUSGOV", "Kremlin", &["The Kremlin"]),
            actor("POL", "Poland", &["Poland"]),
            actor("UKR", "Ukraine", &["Ukraine"]),
        ],
        times: vec![("on Thursday".to_string(), "2025-06-12".to_string())],
        places: vec!["Odesa", "KYIV"],
        quotes: vec![Quote {
            content: "Russian forces shelled the port of Odesa overnight",
            speaker: "UKRGOV",
            speaker_text: "Ukraine's foreign ministry",
            cue: "said",
            kind: "direct",
        }],
        events: vec![
            Event {
                place: Some("Odesa"),
                claimant: Some("UKRGOV"),
                ..event("shelled", "RUSMIL", "UKR", "190", "2025-06-12")
            },
            Event {
                negated: true,
                ..event("attacked", "RUSGOV", "UKR", "190", "2025-06-12")
            },
            event("condemned", "POL", "RUSMIL", "111", "2025-06-12"),
        ],
    }
}

/// What the article view of [`claim_story`] must highlight, in body order: (kind, text).
pub const CLAIM_STORY_HIGHLIGHTS: &[(&str, &str)] = &[
    ("place", "KYIV"),
    ("mention", "Ukraine's foreign ministry"),
    ("cue", "said"),
    ("time", "on Thursday"),
    (
        "quote",
        "Russian forces shelled the port of Odesa overnight",
    ),
    ("mention", "Russian forces"),
    ("trigger", "shelled"),
    ("place", "Odesa"),
    ("mention", "The Kremlin"),
    ("trigger", "attacked"),
    ("mention", "Poland"),
    ("trigger", "condemned"),
    ("mention", "Ukraine"),
];

/// A signed pact and a promise of aid, with a direct quote.
pub fn pact_story() -> Story {
    Story {
        id: PACT_STORY.to_string(),
        title: "Norway and Kenya sign fisheries pact in Nairobi".to_string(),
        published: "2025-03-04".to_string(),
        outlet: "Daily Ledger",
        url: "https://news.example/fisheries-pact".to_string(),
        body: "Norway signed a fisheries agreement with Kenya in Nairobi on Tuesday, ending two \
               years of talks. Kenya's trade minister said the deal “opens our ports to a fairer \
               catch”. Norway will also send aid to coastal cooperatives in Kenya."
            .to_string(),
        actors: vec![
            actor("NOR", "Norway", &["Norway"]),
            actor("KEN", "Kenya", &["Kenya"]),
            actor(
                "KENGOV",
                "Kenyan trade ministry",
                &["Kenya's trade minister"],
            ),
        ],
        times: vec![("on Tuesday".to_string(), "2025-03-04".to_string())],
        places: vec!["Nairobi"],
        quotes: vec![Quote {
            content: "opens our ports to a fairer catch",
            speaker: "KENGOV",
            speaker_text: "Kenya's trade minister",
            cue: "said",
            kind: "direct",
        }],
        events: vec![
            Event {
                place: Some("Nairobi"),
                ..event("signed", "NOR", "KEN", "057", "2025-03-04")
            },
            event("send aid", "NOR", "KEN", "070", "2025-03-04"),
        ],
    }
}

/// The payloads the hostile story carries: if any runs, it sets this global.
pub const PWNED_GLOBAL: &str = "__dyadPwned";

/// Markup and script in the title, body and URL: must show as text, never run.
pub fn hostile_story() -> Story {
    Story {
        id: HOSTILE_STORY.to_string(),
        title: "<script>window.__dyadPwned = 1</script>Austria hosts talks \
                <img src=x onerror=\"window.__dyadPwned = 2\">"
            .to_string(),
        published: "2025-09-09".to_string(),
        outlet: "<b>Bold Outlet</b>",
        url: "javascript:window.__dyadPwned=5".to_string(),
        body: "Austria met Qatar in Vienna. <script>window.__dyadPwned = 3</script> The envoy \
               said “the talks <img src=x onerror=window.__dyadPwned=4> went well” afterwards."
            .to_string(),
        actors: vec![
            actor("AUT", "Austria", &["Austria"]),
            actor("QAT", "Qatar", &["Qatar"]),
        ],
        times: vec![],
        places: vec!["Vienna"],
        quotes: vec![Quote {
            content: "the talks <img src=x onerror=window.__dyadPwned=4> went well",
            speaker: "AUT",
            speaker_text: "The envoy",
            cue: "said",
            kind: "direct",
        }],
        events: vec![Event {
            place: Some("Vienna"),
            ..event("met", "AUT", "QAT", "040", "2025-09-09")
        }],
    }
}

/// Countries of the dispatches: code, name, capital or another city.
const COUNTRIES: &[(&str, &str, &str)] = &[
    ("RUS", "Russia", "Istanbul"),
    ("UKR", "Ukraine", "Kyiv"),
    ("NOR", "Norway", "Oslo"),
    ("KEN", "Kenya", "Nairobi"),
    ("TUR", "Turkey", "Ankara"),
    ("QAT", "Qatar", "Doha"),
    ("POL", "Poland", "Warsaw"),
    ("BEL", "Belgium", "Brussels"),
    ("IDN", "Indonesia", "Jakarta"),
    ("BRA", "Brazil", "Brasília"),
    ("JPN", "Japan", "Tokyo"),
    ("EGY", "Egypt", "Cairo"),
    ("CAN", "Canada", "Ottawa"),
    ("CHE", "Switzerland", "Geneva"),
];

/// Verb phrases of the dispatches: (words between the actors, trigger, CAMEO).
const ACTS: &[(&str, &str, &str)] = &[
    ("met officials from", "met", "040"),
    ("offered new talks to", "offered", "036"),
    ("praised", "praised", "051"),
    ("signed a trade accord with", "signed", "057"),
    ("agreed on joint investment with", "agreed", "061"),
    ("sent humanitarian aid to", "sent", "073"),
    ("accused", "accused", "112"),
    ("threatened", "threatened", "130"),
    ("imposed sanctions on", "imposed", "172"),
    ("clashed with", "clashed", "193"),
];

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const OUTLETS: [&str; 3] = ["Wire Agency", "Radio North", "Daily Ledger"];

/// A small deterministic generator (a linear congruential one).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, bound: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % bound as u64) as usize
    }
}

/// The Russia–Ukraine dyad of the dispatches: (month, day, CAMEO) per event.
/// Months 1–12 of 2025 except August and October, so a monthly series has
/// empty months to fill; June also holds the claim story's events.
const RUS_UKR: &[(u8, u8, &str)] = &[
    (1, 9, "193"),
    (1, 23, "040"),
    (2, 14, "193"),
    (3, 3, "112"),
    (3, 20, "040"),
    (4, 11, "0841"),
    (5, 6, "193"),
    (5, 27, "130"),
    (6, 18, "040"),
    (7, 2, "193"),
    (9, 15, "036"),
    (11, 4, "0841"),
    (11, 25, "172"),
    (12, 10, "040"),
];

fn dispatch(
    number: usize,
    (source_code, source_name, city): (&'static str, &'static str, &'static str),
    (target_code, target_name): (&'static str, &'static str),
    (words, trigger, code): (&'static str, &'static str, &'static str),
    month: u8,
    day: u8,
    outlet: &'static str,
) -> Story {
    let date = format!("2025-{month:02}-{day:02}");
    let when = format!("on {day} {}", MONTHS[usize::from(month) - 1]);
    Story {
        id: format!("dispatch-{number:03}"),
        title: format!("{source_name} {words} {target_name}"),
        published: date.clone(),
        outlet,
        url: format!("https://news.example/dispatch-{number:03}"),
        body: format!(
            "{source_name} {words} {target_name} in {city} {when}, officials said. \
             Dispatch {number} of the test wire."
        ),
        actors: vec![
            actor(source_code, source_name, &[source_name]),
            actor(target_code, target_name, &[target_name]),
        ],
        times: vec![(when, date.clone())],
        places: vec![city],
        quotes: vec![],
        events: vec![Event {
            place: Some(city),
            ..event(trigger, source_code, target_code, code, &date)
        }],
    }
}

/// The dispatches: the Russia–Ukraine series (each also reported by a second
/// outlet, so events have two mentions) and 60 random pairs.
pub fn dispatches() -> Vec<Story> {
    let mut stories = Vec::new();
    let rus = COUNTRIES[0];
    let ukr = (COUNTRIES[1].0, COUNTRIES[1].1);
    for (k, (month, day, code)) in RUS_UKR.iter().enumerate() {
        let act = ACTS.iter().copied().find(|act| act.2 == *code).unwrap_or((
            "released prisoners of",
            "released",
            "0841",
        ));
        // Odd events run the other way, from Ukraine to Russia.
        let (source, target) = if k % 2 == 1 && *code != "0841" {
            ((COUNTRIES[1].0, COUNTRIES[1].1, "Kyiv"), (rus.0, rus.1))
        } else {
            (rus, ukr)
        };
        for outlet in &OUTLETS[..2] {
            stories.push(dispatch(
                stories.len(),
                source,
                target,
                act,
                *month,
                *day,
                outlet,
            ));
        }
    }
    let mut random = Lcg(20251204);
    for _ in 0..60 {
        let s = 2 + random.next(COUNTRIES.len() - 2);
        let mut t = random.next(COUNTRIES.len());
        if t == s {
            t = (t + 1) % COUNTRIES.len();
        }
        let act = ACTS[random.next(ACTS.len())];
        let month = 1 + random.next(12) as u8;
        let day = 1 + random.next(28) as u8;
        let (tc, tn, _) = COUNTRIES[t];
        stories.push(dispatch(
            stories.len(),
            COUNTRIES[s],
            (tc, tn),
            act,
            month,
            day,
            OUTLETS[random.next(OUTLETS.len())],
        ));
    }
    stories
}

/// Every story of the fixture store.
pub fn stories() -> Vec<Story> {
    let mut all = vec![claim_story(), pact_story(), hostile_story()];
    all.extend(dispatches());
    all
}

/// Writes the fixture store at `path` (which must not exist yet).
pub fn write_store(path: &std::path::Path) -> Store {
    let mut store = Store::open(path).expect("create the fixture store");
    let items: Vec<IngestItem> = stories().iter().map(Story::item).collect();
    store.ingest(&items).expect("ingest the fixtures");
    store
}

/// Months of 2025 holding at least one non-negated event between two actor
/// code prefixes, either direction: what a monthly series of the dyad must
/// show as points (computed from the stories, not from the store).
pub fn expected_months(a: &str, b: &str) -> BTreeSet<String> {
    let mut months = BTreeSet::new();
    for story in stories() {
        for event in &story.events {
            let (Some(source), Some(target)) = (event.source, event.target) else {
                continue;
            };
            let forward = source.starts_with(a) && target.starts_with(b);
            let backward = source.starts_with(b) && target.starts_with(a);
            if (forward || backward) && !event.negated {
                months.insert(event.date[..7].to_string());
            }
        }
    }
    months
}
