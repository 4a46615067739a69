//! `geo`: place names found in the text and resolved against the compiled-in
//! gazetteer (crate `dyad-gazetteer`), using the document's other places and
//! actors to choose between namesakes.
//!
//! A name counts as a place when it is used as a location: capitals and
//! buildings that the `mentions` stage took as actors ("Moscow said") are not
//! places; a country name is a place after a locative preposition ("in
//! Ukraine", "strikes on Iran") or before "'s" + a location noun ("Sudan's
//! Darfur region"), not when it acts ("Russia said").

use crate::{Layer, Stage};
use dyad_doc::{Doc, MentionKind, Place, PlaceKind, Pos, Span};
use dyad_gazetteer::{Candidate, CountryCode, EntryKind, Gazetteer, GeoContext};
use dyad_resources::Resources;

/// The `geo` stage.
pub struct Geo;

impl Stage for Geo {
    fn name(&self) -> &'static str {
        "geo"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tags, Layer::Actors, Layer::Times]
    }
    fn provides(&self) -> &'static [Layer] {
        &[Layer::Places]
    }
    fn annotate(&self, doc: &mut Doc, resources: &Resources) {
        let gazetteer = Gazetteer::builtin();
        let found = find_toponyms(doc, gazetteer);
        // Context: countries of the document's actors and unambiguous toponyms.
        let mut context = GeoContext::new();
        for actor in &doc.actors {
            if let Some(country) = actor.code.country.and_then(|c| resources.actors.country(c)) {
                if let Some(code) = CountryCode::new(&country.iso2) {
                    context.add_country(code);
                }
            }
        }
        for (_, candidates) in &found {
            if candidates.len() == 1 || candidates[0].entry.kind == EntryKind::Country {
                context.add_entry(candidates[0].entry);
            }
        }
        let mut places = Vec::new();
        for (span, candidates) in &found {
            let Some(entry) = gazetteer.resolve(candidates, &context) else {
                continue;
            };
            context.add_entry(entry);
            let kind = match entry.kind {
                EntryKind::Country => PlaceKind::Country,
                EntryKind::Admin1 => PlaceKind::Admin1,
                EntryKind::Admin2 => PlaceKind::Admin2,
                EntryKind::City => PlaceKind::City,
                EntryKind::Landmark => PlaceKind::Landmark,
                EntryKind::Region => PlaceKind::Region,
            };
            places.push(Place {
                span: *span,
                name: entry.name.clone(),
                country: entry.country.map(|c| c.to_string()),
                admin1: gazetteer
                    .admin1_of(entry)
                    .filter(|a| a.kind == EntryKind::Admin1 && entry.kind != EntryKind::Admin1)
                    .map(|a| a.name.clone()),
                lat: entry.lat,
                lon: entry.lon,
                geonames_id: entry.geonames_id,
                kind,
            });
        }
        doc.places = places;
    }
}

/// Prepositions after which a country name is a location.
const LOCATIVE: &[&str] = &[
    "in",
    "at",
    "to",
    "from",
    "into",
    "across",
    "near",
    "on",
    "over",
    "inside",
    "outside",
    "toward",
    "towards",
    "throughout",
    "through",
    "via",
    "around",
    "within",
    "onto",
    "off",
    "against",
    "upon",
    "along",
];

/// Nouns after "Country's" that make it a location ("Oman's capital").
const LOCATION_NOUNS: &[&str] = &[
    "capital",
    "region",
    "province",
    "city",
    "border",
    "coast",
    "north",
    "south",
    "east",
    "west",
    "airport",
    "port",
    "territory",
    "state",
    "district",
    "town",
    "village",
    "island",
    "islands",
];

fn is_capitalised(text: &str) -> bool {
    text.chars().next().is_some_and(|c| c.is_uppercase())
}

/// Candidate toponyms: spans and gazetteer candidates, in text order.
pub fn find_toponyms<'g>(doc: &Doc, gazetteer: &'g Gazetteer) -> Vec<(Span, Vec<Candidate<'g>>)> {
    let mut found = Vec::new();
    let surfaces: Vec<&str> = doc.tokens.iter().map(|t| doc.slice(t.span)).collect();
    for (_, sentence) in doc.content_sentences() {
        let range = sentence.tokens.start as usize..sentence.tokens.end as usize;
        let mut idx = range.start;
        while idx < range.end {
            let surface = surfaces[idx];
            if !is_capitalised(surface) && surface != "the" {
                idx += 1;
                continue;
            }
            let Some((len, candidates)) = gazetteer.longest_match(&surfaces[idx..range.end]) else {
                idx += 1;
                continue;
            };
            let mut start = idx;
            let mut end = idx + len;
            // The gazetteer keeps punctuation inside a phrase; never end on it.
            while end > start + 1 && doc.tokens[end - 1].pos == Pos::Punct {
                end -= 1;
            }
            if surfaces[start].eq_ignore_ascii_case("the") && len > 1 {
                start += 1;
            }
            let span = doc.tokens[start].span.cover(doc.tokens[end - 1].span);
            if accept(doc, start, end, span, &candidates) {
                found.push((span, candidates));
                idx = end;
            } else {
                idx += 1;
            }
        }
    }
    found
}

/// Decides whether a gazetteer match at tokens `start..end` is a place in this text.
fn accept(doc: &Doc, start: usize, end: usize, span: Span, candidates: &[Candidate<'_>]) -> bool {
    let first = &doc.tokens[start];
    if !is_capitalised(doc.slice(first.span)) {
        return false;
    }
    let before = start
        .checked_sub(1)
        .map(|i| &*doc.tokens[i].lower)
        .unwrap_or("");
    let before = if before == "the" {
        start
            .checked_sub(2)
            .map(|i| &*doc.tokens[i].lower)
            .unwrap_or("")
    } else {
        before
    };
    let locative = LOCATIVE.contains(&before);
    // Dates ("March 11") are not places.
    if doc.times.iter().any(|t| t.span.overlaps(span)) {
        return false;
    }
    // Names of people, organisations, acting capitals and adjectives are not places.
    for mention in &doc.mentions {
        if mention.span.overlaps(span) && mention.kind != MentionKind::Country {
            return false;
        }
    }
    let is_country = candidates
        .first()
        .is_some_and(|c| c.entry.kind == EntryKind::Country);
    if is_country {
        let after = doc.tokens.get(end).map(|t| &*t.lower);
        let location_after = after == Some("'s")
            && doc
                .tokens
                .get(end + 1)
                .is_some_and(|t| LOCATION_NOUNS.contains(&&*t.lower) || t.pos == Pos::Propn);
        let dateline = doc
            .dateline
            .as_ref()
            .is_some_and(|d| d.place.contains(span));
        return locative || location_after || dateline;
    }
    // A single capitalised common word at the start of a sentence is not a place.
    let proper = (start..end).any(|i| doc.tokens[i].pos == Pos::Propn);
    proper || locative
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{actors::Actors, mentions::Mentions, segment::Segment, tag::Tag};
    use dyad_doc::DocMeta;

    fn places(text: &str) -> Vec<String> {
        let mut doc = Doc::new(DocMeta::default(), text);
        let resources = Resources::builtin();
        for stage in [&Segment as &dyn Stage, &Tag, &Mentions, &Actors, &Geo] {
            stage.annotate(&mut doc, resources);
        }
        doc.places
            .iter()
            .map(|p| {
                format!(
                    "{} => {} {}",
                    doc.slice(p.span),
                    p.name,
                    p.country.clone().unwrap_or_default()
                )
            })
            .collect()
    }

    #[test]
    fn places_are_locations_not_actors() {
        let found = places("Moscow said the envoys met in Anchorage, and drones hit targets in Ukraine. Russia denied it.");
        assert!(
            found
                .iter()
                .any(|p| p.starts_with("Anchorage => Anchorage US")),
            "{found:?}"
        );
        assert!(
            found.iter().any(|p| p.starts_with("Ukraine => Ukraine UA")),
            "{found:?}"
        );
        assert!(!found.iter().any(|p| p.starts_with("Moscow")), "{found:?}");
        assert!(!found.iter().any(|p| p.starts_with("Russia")), "{found:?}");
    }
}
