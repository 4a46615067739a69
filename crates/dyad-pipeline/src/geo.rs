//! `geo`: place names found in the text and resolved against the compiled-in
//! gazetteer (crate `dyad-gazetteer`), using the document's other places and
//! actors to choose between namesakes.
//!
//! A name counts as a place when it is used as a location (the conventions of
//! the gold files' README, "Places"):
//!
//! - A country, a capital or a seat of power that the `mentions` stage took
//!   as an actor ("Russia said", "Moscow denied", "sanctions on Iran", "talks
//!   with Kyiv") is a place only in a locative context: after a locative
//!   preposition whose head is not an actor relation ("in Ukraine", "strikes
//!   on Iran", "a visit to China", "the border with Belarus", but not "aid to
//!   Kyiv", "imports from Japan", "a ceasefire between Israel and Hamas"), after
//!   a compass adjective ("southern Lebanon"), as the object of a movement
//!   verb ("visited Beirut", "seized Damascus"), in a dateline, before "'s" and
//!   a location noun ("Sudan's Darfur region"), naming a remit ("envoy for
//!   Yemen", "Istanbul Mayor"), or coordinated with such a place ("between
//!   Finland and Estonia").
//! - Other gazetteer names are places unless they are part of a longer proper
//!   name ("Cole Palmer", "Washington Post"), a person's name met elsewhere in
//!   the document ("Moore" after "Tom Moore"), a month or a bare compass word,
//!   an adjective ("Gazan"), or a GeoNames alternate name of a single common
//!   word outside a locative context ("Center").
//! - Unknown names with a generic head are places: "Catatumbo region", "Noi
//!   Bai airport", "Dolmabahce Palace", "Main Street", "Highway 19". They are
//!   placed at the place that contains them ("Hanoi's Noi Bai airport", "the
//!   Stadium in Abidjan") or, failing that, the nearest place the document
//!   names before them.
//! - Towns under 15,000 people need a locative context, a dateline or a
//!   following division ("Chiefland, Fla."), so that rare namesakes of common
//!   words stay out; with no context either way ("Decatur and Avondale
//!   Estates"), a neighbour near them must confirm them. Villages (500 to 999 people) need more: a following
//!   division, a dateline, or a locative context and a neighbour or their
//!   named division to confirm them; a longer name known only as a village
//!   gives way to the shorter readings ("New England", "Hopkins Park in
//!   DeKalb").
//! - Names written as dotted initials keep the candidates the initials
//!   abbreviate ("L.A." is Los Angeles, though "La." is Louisiana).
//! - Names listed before "counties" or "parishes" ("Becker, Clay and Douglas
//!   counties", even "Oconee" that only "Oconee County" bears) are read as
//!   counties; a county road lies in its county
//!   ("Douglas County Road 4"); a particle written joined ("DeSoto Parish")
//!   matches the gazetteer's name written apart ("De Soto Parish").
//!
//! Before resolution, each candidate gains a bonus for every other name of
//! the document with a namesake near it ("Paris and Henry County" are both
//! in Tennessee), and small towns left out for want of a locative context
//! come back when such a neighbour confirms them or the document names their
//! division.
//!
//! Resolution ([`dyad_gazetteer::GeoContext`]) uses the countries of the
//! document's actors (through mentions that name them, never through a
//! toponym taken as an actor) and its unambiguous places; "City, State"
//! restricts the city to that division. A second reading then resolves each
//! ambiguous name against what the document's other names resolved to, until
//! the readings agree: a headline "Paris" knows the "Texas" and "Dallas"
//! further down.
//!
//! [`GeoConfig`] switches to the convention of corpora that annotate every
//! toponym, adjectives ("Russian" → Russia) and acting names ("Russia said")
//! included; dyad's default follows its gold files, which do not.

use std::sync::LazyLock;

use crate::{Layer, Stage};
use dyad_doc::hash::{FastMap, FastSet};
use dyad_doc::{Doc, MentionKind, Place, PlaceId, PlaceKind, Pos, SentenceKind, Span};
use dyad_gazetteer::{Candidate, CountryCode, Entry, EntryKind, Gazetteer, GeoContext};
use dyad_resources::{GeoClass, GeoWords, Resources};

/// The `geo` stage under a convention of what counts as a place
/// (`Geo::default()`: dyad's own, see [`GeoConfig`]).
#[derive(Default)]
pub struct Geo(pub GeoConfig);

/// Which uses of a place name count as places.
///
/// The default follows dyad's gold conventions: only names used as
/// locations. Corpora such as TR-News and LGL annotate every toponym,
/// including adjectives and names standing for governments; the two switches
/// reproduce that convention when a user wants it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GeoConfig {
    /// Demonyms and adjectives ("Russian troops", "Palestinians") are places,
    /// resolved to their country.
    pub adjectives_as_places: bool,
    /// Every other use of a place name is a place too: countries, capitals
    /// and seats of power acting as actors ("Russia said", "sanctions
    /// against Iran"), possessors and modifiers ("Ohio's economy", "Columbus
    /// attorney") and names inside organisation names ("Texas Fire
    /// Service"). People's names ("Paris Hilton") stay out.
    pub actors_as_places: bool,
}

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
        annotate_places(doc, resources, &self.0);
    }
}

/// Finds and resolves the places of `doc` (fills `doc.places`).
pub fn annotate_places(doc: &mut Doc, resources: &Resources, config: &GeoConfig) {
    let gazetteer = Gazetteer::builtin();
    let mut found = find_toponyms_with(doc, gazetteer, &resources.lexicon.geo_words, config);
    share_restrictions(doc, &mut found);
    add_county_readings(doc, gazetteer, &mut found);
    support_namesakes(doc, &mut found);
    // Context: countries of the document's actors and unambiguous toponyms.
    let mut context = GeoContext::new();
    // An actor counts only through mentions that name it and are not
    // themselves toponyms found here: "Paris" taken as France's government by
    // the actors stage must not vote for France before "Paris" is resolved
    // (it may be Paris, Texas), nor may "police" or "they" that borrowed
    // France from it; the toponym adds its own country once resolved.
    let mut heard = vec![false; doc.actors.len()];
    for mention in &doc.mentions {
        let Some(id) = mention.actor else { continue };
        let borrowed = matches!(
            mention.kind,
            MentionKind::Agent | MentionKind::Pronoun | MentionKind::Description
        );
        if !borrowed && !found.iter().any(|t| t.span.overlaps(mention.span)) {
            if let Some(slot) = heard.get_mut(id.index()) {
                *slot = true;
            }
        }
    }
    for (actor, _) in doc.actors.iter().zip(&heard).filter(|(_, heard)| **heard) {
        if let Some(country) = actor.code.country.and_then(|c| resources.actors.country(c)) {
            if let Some(code) = CountryCode::new(&country.iso2) {
                context.add_country(code);
            }
        }
    }
    let actor_context = context.clone();
    for toponym in &found {
        let candidates = &toponym.candidates;
        if !candidates.is_empty()
            && (candidates.len() == 1 || candidates[0].entry.kind == EntryKind::Country)
        {
            context.add_entry(candidates[0].entry);
        }
    }
    let mut resolved: Vec<Option<&Entry>> = Vec::with_capacity(found.len());
    for toponym in &found {
        let entry = gazetteer.resolve(&toponym.candidates, &context);
        if let Some(entry) = entry {
            context.add_entry(entry);
        }
        resolved.push(entry);
    }
    // Re-read until the readings agree (a county read after its county seat
    // was re-read), a few rounds at most. The names are the same every
    // round: lowercased once, and not at all when no name is ambiguous (a
    // round then changes nothing).
    let ambiguous = found.iter().any(|t| t.candidates.len() >= 2);
    let keys: Vec<String> = if ambiguous {
        found.iter().map(|t| key_of(doc, t)).collect()
    } else {
        Vec::new()
    };
    let rounds = if ambiguous { 3 } else { 0 };
    for _ in 0..rounds {
        let next = reresolve(gazetteer, &found, &keys, &resolved, &actor_context);
        let same = next.iter().zip(&resolved).all(|(a, b)| match (a, b) {
            (Some(a), Some(b)) => std::ptr::eq(*a, *b),
            (None, None) => true,
            _ => false,
        });
        resolved = next;
        if same {
            break;
        }
    }
    let mut places = Vec::new();
    for (index, toponym) in found.iter().enumerate() {
        if let Some(entry) = resolved[index].filter(|_| toponym.inside.is_none()) {
            places.push(place_of(toponym.span, entry, entry.name.clone(), gazetteer));
            continue;
        }
        if toponym.generic.is_none() {
            continue;
        }
        // An unknown name with a generic head: placed at the place containing it.
        let anchor = resolved[index].or_else(|| anchor_of(&found, &resolved, index));
        let Some(anchor) = anchor else {
            continue;
        };
        let mut place = place_of(
            toponym.span,
            anchor,
            doc.slice(toponym.span).to_string(),
            gazetteer,
        );
        place.geonames_id = None;
        place.kind = match toponym.generic {
            Some(Generic::Area) => PlaceKind::Admin2,
            Some(Generic::Nature) => PlaceKind::Region,
            _ => PlaceKind::Landmark,
        };
        if anchor.kind == EntryKind::Country {
            place.admin1 = None;
        }
        places.push(place);
    }
    doc.places = places;
}

/// How near another name's candidate must lie to confirm a candidate, in km
/// (a county and its towns; tuned on the open LGL and TR-News sets, where
/// 30 to 100 km all do about as well).
const NEIGHBOUR_KM: f64 = 60.0;
/// Prior bonus per confirming name.
const NEIGHBOUR_BONUS: f64 = 1.5;
/// Most confirming names counted.
const NEIGHBOUR_CAP: usize = 3;
/// Names with more local namesakes than this confirm nothing.
const NEIGHBOUR_MOST_NAMESAKES: usize = 20;

/// One sense per document: once "Springfield, Ohio" has narrowed a name to
/// a division, the bare "Springfield" elsewhere in the story is narrowed to
/// the same candidates (when it has any of them).
fn share_restrictions(doc: &Doc, found: &mut [Toponym<'_>]) {
    let narrowed: Vec<(String, Vec<*const Entry>)> = found
        .iter()
        .filter(|t| t.restricted)
        .map(|t| {
            let kept = t.candidates.iter().map(|c| std::ptr::from_ref(c.entry));
            (key_of(doc, t), kept.collect())
        })
        .collect();
    if narrowed.is_empty() {
        return;
    }
    for toponym in found.iter_mut().filter(|t| !t.restricted) {
        let key = key_of(doc, toponym);
        // The first narrowing of the name decides.
        let Some((_, kept)) = narrowed.iter().find(|(k, _)| *k == key) else {
            continue;
        };
        let inside = |c: &Candidate<'_>| kept.contains(&std::ptr::from_ref(c.entry));
        if toponym.candidates.iter().chain(&toponym.towns).any(inside) {
            toponym.candidates.retain(inside);
            toponym
                .candidates
                .extend(toponym.towns.iter().filter(|c| inside(c)));
            toponym.towns.clear();
        }
    }
}

/// Whether a candidate has a point that neighbours can confirm: a city or a
/// county. A division or a country is too large to be near anything, and the
/// hand-written landmarks are national ("the White House") more often than
/// local.
fn is_local(entry: &Entry) -> bool {
    matches!(entry.kind, EntryKind::City | EntryKind::Admin2)
}

/// What reading a bare name as its county ("Osceola" for Osceola County)
/// costs in the prior: the county wins only where the document's division
/// or neighbours place it, not on its size.
const COUNTY_READING_PENALTY: f64 = 5.0;

/// Local news names counties without the word ("Charlton and Camden
/// counties", "deputies in Osceola"): a name whose candidates are towns and
/// counties also gets the counties and parishes that bear it, at a cost
/// ([`COUNTY_READING_PENALTY`]).
fn add_county_readings<'g>(doc: &Doc, gazetteer: &'g Gazetteer, found: &mut [Toponym<'g>]) {
    for toponym in found.iter_mut() {
        let large = |c: &Candidate<'_>| {
            !matches!(c.entry.kind, EntryKind::City | EntryKind::Admin2) || c.entry.capital
        };
        // "Becker, Clay and Douglas counties": the list says they are counties.
        let listed = toponym.generic.is_none() && in_county_list(doc, toponym.start, toponym.end);
        if !listed
            && (toponym.generic.is_some()
                || toponym.candidates.is_empty()
                || toponym.candidates.iter().any(large))
        {
            continue;
        }
        let surface = doc.slice(toponym.span);
        let mut counties = Vec::new();
        for suffix in [" County", " Parish"] {
            for mut county in gazetteer.lookup(&format!("{surface}{suffix}")) {
                let known = toponym
                    .candidates
                    .iter()
                    .any(|c| std::ptr::eq(c.entry, county.entry));
                if county.entry.kind == EntryKind::Admin2 && !county.alias && !known {
                    if !listed {
                        county.prior -= COUNTY_READING_PENALTY;
                    }
                    counties.push(county);
                }
            }
        }
        if listed && !counties.is_empty() {
            toponym
                .candidates
                .retain(|c| c.entry.kind == EntryKind::Admin2);
            toponym.towns.clear();
        }
        toponym.candidates.extend(counties);
    }
}

/// Most tokens between a listed name and the closing "counties".
const COUNTY_LIST_SPAN: usize = 24;

/// Whether the name at tokens `start..end` is one of a list closed by
/// "counties" or "parishes" ("Becker, Clay, Otter Tail and Wilkin
/// counties"): only capitalised words, commas, "and", "or" lie between, and
/// a comma or conjunction makes it a list ("the middle of Indiana counties"
/// is not one).
fn in_county_list(doc: &Doc, start: usize, end: usize) -> bool {
    let tokens = &doc.tokens;
    let separator = |token: &dyad_doc::Token| matches!(&*token.lower, "," | "and" | "or" | "&");
    let mut listed = start
        .checked_sub(1)
        .and_then(|before| tokens.get(before))
        .is_some_and(separator);
    for token in tokens.iter().skip(end).take(COUNTY_LIST_SPAN) {
        match &*token.lower {
            "counties" | "parishes" => return listed,
            _ if separator(token) => listed = true,
            _ if doc
                .slice(token.span)
                .starts_with(|c: char| c.is_uppercase()) => {}
            _ => return false,
        }
    }
    false
}

/// Joint reading of the document's names: each local candidate of a name
/// gains a bonus for every other name of the document that has a candidate
/// near it, whichever of its namesakes that name ends up as. "Paris and
/// Henry County" are Paris and Henry County of Tennessee, the only pair of
/// namesakes a few kilometres apart, though each alone would be read as the
/// larger namesake elsewhere. A town left out for want of a locative context
/// ([`Toponym::towns`]) comes back as a candidate when it has such a
/// neighbour. Names with very many namesakes ("Franklin") confirm nothing.
fn support_namesakes(doc: &Doc, found: &mut [Toponym<'_>]) {
    let (radius_km, bonus, cap, most) = (
        NEIGHBOUR_KM,
        NEIGHBOUR_BONUS,
        NEIGHBOUR_CAP,
        NEIGHBOUR_MOST_NAMESAKES,
    );
    // One pool of local candidates per distinct name.
    let mut names: Vec<String> = Vec::new();
    let mut pools: Vec<Vec<&Entry>> = Vec::new();
    let mut pool_of: Vec<Option<usize>> = Vec::with_capacity(found.len());
    for toponym in found.iter() {
        if toponym.candidates.is_empty() && toponym.towns.is_empty() {
            pool_of.push(None);
            continue;
        }
        let key = key_of(doc, toponym);
        let index = match names.iter().position(|n| *n == key) {
            Some(index) => index,
            None => {
                names.push(key);
                pools.push(Vec::new());
                pools.len() - 1
            }
        };
        let pool = &mut pools[index];
        for candidate in toponym.candidates.iter().chain(&toponym.towns) {
            if is_local(candidate.entry) && !pool.iter().any(|e| std::ptr::eq(*e, candidate.entry))
            {
                pool.push(candidate.entry);
            }
        }
        pool_of.push(Some(index));
    }
    if pools.len() < 2 {
        return;
    }
    // The divisions the document names ("Minnesota", "Conn."): their towns
    // come back too.
    let divisions: Vec<(CountryCode, &str)> = found
        .iter()
        .filter_map(|t| t.candidates.first())
        .filter(|c| c.entry.kind == EntryKind::Admin1)
        .filter_map(|c| Some((c.entry.country?, c.entry.admin1.as_deref()?)))
        .collect();
    let lat_span = radius_km / 111.0;
    // Which other names may support a name, decided once per pair of names
    // rather than once per candidate of the pool (`same_name` searches
    // strings).
    let n = pools.len();
    let may_support: Vec<bool> = (0..n * n)
        .map(|at| {
            let (index, other) = (at / n, at % n);
            // An empty pool asks nothing.
            !pools[index].is_empty()
                && other != index
                && pools[other].len() <= most
                && !same_name(&names[index], &names[other])
        })
        .collect();
    // Each pool entry's count of other names with a candidate near it,
    // computed once per distinct name.
    let counts: Vec<Vec<usize>> = pools
        .iter()
        .enumerate()
        .map(|(index, pool)| {
            pool.iter()
                .map(|entry| {
                    pools
                        .iter()
                        .enumerate()
                        .filter(|&(other, _)| may_support[index * n + other])
                        .filter(|(_, others)| {
                            others.iter().any(|near| {
                                !std::ptr::eq(*near, *entry)
                                    && (near.lat - entry.lat).abs() <= lat_span
                                    && entry.distance_km(near.lat, near.lon) <= radius_km
                            })
                        })
                        .take(cap)
                        .count()
                })
                .collect()
        })
        .collect();
    let support = |index: usize, entry: &Entry| -> usize {
        pools[index]
            .iter()
            .position(|e| std::ptr::eq(*e, entry))
            .map_or(0, |at| counts[index][at])
    };
    for (toponym, pool) in found.iter_mut().zip(pool_of) {
        let Some(index) = pool else { continue };
        for candidate in &mut toponym.candidates {
            candidate.prior += bonus * support(index, candidate.entry) as f64;
        }
        // A village named like a country or a division ("Russia", a village
        // in Ohio) is read as one only before a division ("Russia, Ohio").
        let big_name = toponym
            .candidates
            .iter()
            .any(|c| matches!(c.entry.kind, EntryKind::Country | EntryKind::Admin1) && !c.alias);
        let towns = std::mem::take(&mut toponym.towns);
        for mut town in towns {
            if big_name && is_village(town.entry) {
                continue;
            }
            let count = support(index, town.entry);
            let in_named_division = town.entry.country.is_some_and(|country| {
                town.entry
                    .admin1
                    .as_deref()
                    .is_some_and(|admin1| divisions.contains(&(country, admin1)))
            });
            if count > 0 || (in_named_division && !toponym.unlocated) {
                town.prior += bonus * count as f64;
                toponym.candidates.push(town);
            }
        }
    }
}

/// Whether two names of a document name the same place in two forms, one
/// the other's words plus more ("Richmond" and "City of Richmond", "Dublin"
/// and "Dublin City"): such a pair must not confirm itself.
fn same_name(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let whole = |at: usize| {
        let before = long[..at].chars().next_back();
        let after = long[at + short.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    };
    if short.is_empty() {
        return long.match_indices(short).any(|(at, _)| whole(at));
    }
    // The matches `match_indices` finds (leftmost, not overlapping), by a
    // plain scan: asked for every pair of a document's names, the searcher
    // it builds for each pair cost more than the search on names this short.
    // A match starts on a char boundary, as `short` opens with no
    // continuation byte.
    let (long_bytes, short_bytes) = (long.as_bytes(), short.as_bytes());
    let mut at = 0;
    while at + short_bytes.len() <= long_bytes.len() {
        if long_bytes[at..].starts_with(short_bytes) {
            if whole(at) {
                return true;
            }
            at += short_bytes.len();
        } else {
            at += 1;
        }
    }
    false
}

/// A second reading of every ambiguous name against what the rest of the
/// document resolved to in the first, text-order pass: "Paris" in the
/// headline is read knowing the "Texas" and "Dallas" further down. A name's
/// own first guesses are left out of its context (all spellings of it, so
/// "MANSFIELD" does not confirm "Mansfield"), so that a wrong guess cannot
/// confirm itself; the actors' countries stay in.
fn reresolve<'g>(
    gazetteer: &'g Gazetteer,
    found: &[Toponym<'g>],
    keys: &[String],
    first: &[Option<&'g Entry>],
    actor_context: &GeoContext,
) -> Vec<Option<&'g Entry>> {
    let mut contexts: FastMap<&str, GeoContext> = FastMap::default();
    let mut resolved = first.to_vec();
    for (index, toponym) in found.iter().enumerate() {
        if toponym.candidates.len() < 2 {
            continue;
        }
        let key = keys[index].as_str();
        let context = contexts.entry(key).or_insert_with(|| {
            let mut context = actor_context.clone();
            // Each distinct place once: counts are of places, not mentions.
            let mut seen: Vec<*const Entry> = Vec::new();
            for (other, entry) in keys.iter().zip(first) {
                if let Some(entry) = entry.filter(|_| !same_name_family(other, key)) {
                    if !seen.contains(&std::ptr::from_ref(entry)) {
                        seen.push(std::ptr::from_ref(entry));
                        context.add_entry(entry);
                    }
                }
            }
            context
        });
        resolved[index] = gazetteer.resolve(&toponym.candidates, context);
    }
    resolved
}

/// Whether `other` is the name `key` or that name after a compass word
/// ("north arlington" for "arlington"): a town's quarter named after it
/// ("North Arlington Neighbors") must not vote for a namesake of the town,
/// as the North Arlington 300 km from Arlington, N.Y. voted for New York in a
/// story from Arlington, Texas. A county of the name ("DeKalb County") still
/// votes: it usually lies around the town.
fn same_name_family(other: &str, key: &str) -> bool {
    other == key
        || other
            .strip_suffix(key)
            .and_then(|head| head.strip_suffix(' '))
            .is_some_and(|head| COMPASS_NAMES.contains(&head))
}

/// The name a toponym is read by: its own, or for an unknown name inside a
/// known one, the known one's ("mansfield" for "Mansfield Law Enforcement
/// Center"), lowercased.
fn key_of(doc: &Doc, toponym: &Toponym<'_>) -> String {
    doc.slice(toponym.inside.unwrap_or(toponym.span))
        .to_lowercase()
}

/// A `Place` for a span resolved to `entry`.
fn place_of(span: Span, entry: &Entry, name: String, gazetteer: &Gazetteer) -> Place {
    let kind = match entry.kind {
        EntryKind::Country => PlaceKind::Country,
        EntryKind::Admin1 => PlaceKind::Admin1,
        EntryKind::Admin2 => PlaceKind::Admin2,
        EntryKind::City => PlaceKind::City,
        EntryKind::Landmark => PlaceKind::Landmark,
        EntryKind::Region => PlaceKind::Region,
    };
    Place {
        span,
        name,
        country: entry.country.map(|c| c.to_string()),
        admin1: gazetteer
            .admin1_of(entry)
            .filter(|a| a.kind == EntryKind::Admin1 && entry.kind != EntryKind::Admin1)
            .map(|a| a.name.clone()),
        lat: entry.lat,
        lon: entry.lon,
        geonames_id: entry.geonames_id,
        kind,
    }
}

/// The place that contains the unknown name `found[index]`: the place right
/// before it ("Hanoi's …"), right after it ("… in Abidjan", "… of
/// Port-au-Prince"), or the nearest place the document names before it.
fn anchor_of<'g>(
    found: &[Toponym<'g>],
    resolved: &[Option<&'g Entry>],
    index: usize,
) -> Option<&'g Entry> {
    let this = &found[index];
    let is_small =
        |entry: &&Entry| entry.kind != EntryKind::Country && entry.kind != EntryKind::Region;
    if let Some(entry) = this
        .possessor
        .and_then(|p| resolved.get(p).copied().flatten())
    {
        return Some(entry);
    }
    if let Some(next) = found.get(index + 1) {
        if next.start <= this.end + 2 && next.start > this.end {
            if let Some(entry) = resolved[index + 1] {
                return Some(entry);
            }
        }
    }
    let before = (0..index).rev().find_map(|i| resolved[i].filter(is_small));
    before
        .or_else(|| (0..index).rev().find_map(|i| resolved[i]))
        .or_else(|| (index + 1..found.len()).find_map(|i| resolved[i]))
}

/// What a generic head says about an unknown name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Generic {
    /// A division or district ("Catatumbo region").
    Area,
    /// A natural feature ("Second Thomas Shoal", "Kish River").
    Nature,
    /// A building, street or site ("Noi Bai airport", "Main Street").
    Site,
}

/// A toponym found in the text, before resolution.
#[derive(Debug, Clone)]
pub struct Toponym<'g> {
    /// Where the name is.
    pub span: Span,
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// Gazetteer candidates (empty for an unknown name with a generic head).
    pub candidates: Vec<Candidate<'g>>,
    /// Towns under 15,000 people left out of `candidates` for want of a
    /// locative context: they come back when another name of the document
    /// lies near them ("Paris and Henry County" in Tennessee local news) or
    /// the document names their division.
    pub towns: Vec<Candidate<'g>>,
    /// Set for a name found by its generic head.
    pub generic: Option<Generic>,
    /// The candidates are of the place named at the start of this unknown
    /// one, which contains it ("Mansfield" in "Mansfield Law Enforcement
    /// Center"): the place keeps its own name and kind at their point.
    pub inside: Option<Span>,
    /// The candidates were narrowed by a following division ("Springfield,
    /// Ohio"): the other mentions of the name are narrowed alike.
    pub restricted: bool,
    /// The held `towns` had no locative context: only a neighbour near
    /// them, not their named division alone, brings them back.
    pub unlocated: bool,
    /// The toponym (index into the found list) before "'s" ahead of this one.
    pub possessor: Option<usize>,
}

impl<'g> Toponym<'g> {
    /// A name read straight from the gazetteer or a rule, with nothing
    /// held back, narrowed or contained: most toponyms start like this.
    fn plain(span: Span, start: usize, end: usize, candidates: Vec<Candidate<'g>>) -> Self {
        Toponym {
            span,
            start,
            end,
            candidates,
            towns: Vec::new(),
            generic: None,
            inside: None,
            restricted: false,
            unlocated: false,
            possessor: None,
        }
    }
}

/// Candidate toponyms under dyad's conventions, in text order, judged with
/// the word classes `words` (usually `resources.lexicon.geo_words`).
pub fn find_toponyms<'g>(
    doc: &Doc,
    gazetteer: &'g Gazetteer,
    words: &GeoWords,
) -> Vec<(Span, Vec<Candidate<'g>>)> {
    find_toponyms_with(doc, gazetteer, words, &GeoConfig::default())
        .into_iter()
        .filter(|t| !t.candidates.is_empty())
        .map(|t| (t.span, t.candidates))
        .collect()
}

/// Prepositions after which a name is a location whatever precedes them.
/// Kept in code, not in `lexicon/geo-words.tsv`: prepositions are closed-class
/// grammar, and "in"/"at" are what the rest of [`Scan::context`] is written around.
const LOCATIVE: &[&str] = &[
    "in",
    "at",
    "into",
    "across",
    "near",
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
    "along",
    "beyond",
    "nearby",
    "outskirts",
    "underneath",
];

/// Capitalised compass words that may open a region's name ("Southern California").
/// Kept in code: the compass points and their few relatives are a closed set
/// (the open-ended adjectives before a country, "war-torn", are the data
/// class `place_adjective`).
const COMPASS_NAMES: &[&str] = &[
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "upper",
    "lower",
    "greater",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "midwest",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
];

/// Month names: "March" and "May" are places too, but in news they are dates.
/// Kept in code: the calendar is closed-class, nothing for a user to extend.
const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];

/// The words that close a county's name ("Douglas County", "Rapides Parish").
/// Kept in code: the county readings spell these two as the gazetteer names
/// counties (" County", " Parish" in `add_county_readings` and
/// `county_candidates`), so a word added here alone would not be read alike.
const COUNTY_WORDS: &[&str] = &["county", "parish"];

fn is_capitalised(text: &str) -> bool {
    text.chars().next().is_some_and(|c| c.is_uppercase())
}

fn is_all_caps(text: &str) -> bool {
    text.chars().any(char::is_alphabetic)
        && text.chars().all(|c| !c.is_alphabetic() || c.is_uppercase())
}

/// The lowercase form of a word without its full stops ("Sen." → "sen").
fn bare(word: &str) -> String {
    word.trim_end_matches('.').to_lowercase()
}

/// `list.contains(&bare(word))`, without building the lowercase string for
/// the usual ASCII word (the detector asks this for every token).
fn bare_in(word: &str, list: &[&str]) -> bool {
    let trimmed = word.trim_end_matches('.');
    if trimmed.is_ascii() {
        // ASCII lowercasing is Unicode lowercasing for ASCII text.
        return list.iter().any(|item| item.eq_ignore_ascii_case(trimmed));
    }
    list.contains(&bare(word).as_str())
}

/// `bare_in` for a list hashed once: one probe instead of a scan of 20 to 60
/// words, for the lists asked about at most capitalised words of a document.
/// Their words are lowercase ASCII (tested), so the ASCII lowercase of a
/// word finds what `eq_ignore_ascii_case` would.
fn bare_in_set(word: &str, set: &WordSet) -> bool {
    let trimmed = word.trim_end_matches('.');
    let mut buffer = [0u8; 32];
    if trimmed.is_ascii() && trimmed.len() <= buffer.len() {
        // Most words asked about start with a letter no listed word starts
        // with, or are longer than all of them: rejected before hashing.
        if let Some(&first) = trimmed.as_bytes().first() {
            let first = first.to_ascii_lowercase();
            if trimmed.len() > set.max_len || set.firsts & (1u128 << first) == 0 {
                return false;
            }
        }
        let lowered = &mut buffer[..trimmed.len()];
        lowered.copy_from_slice(trimmed.as_bytes());
        lowered.make_ascii_lowercase();
        return set.words.contains(&*lowered);
    }
    set.words.contains(bare(word).as_bytes())
}

/// A word list hashed for [`bare_in_set`], as bytes: a word lowercased in a
/// byte buffer is looked up without checking it is UTF-8 again. The first
/// bytes and the longest length of its words reject most words unhashed
/// (about 200 instructions a probe, asked ~90 times per article).
struct WordSet {
    words: FastSet<&'static [u8]>,
    /// Bit `b` set when some word starts with the ASCII byte `b`.
    firsts: u128,
    /// The length of the longest word.
    max_len: usize,
}

/// A word list as a [`WordSet`].
fn word_set(list: &[&'static str]) -> WordSet {
    let mut firsts = 0u128;
    for word in list {
        if let Some(&first) = word.as_bytes().first() {
            if first.is_ascii() {
                firsts |= 1u128 << first;
            }
        }
    }
    WordSet {
        words: list.iter().map(|word| word.as_bytes()).collect(),
        firsts,
        max_len: list.iter().map(|word| word.len()).max().unwrap_or(0),
    }
}

static COMPASS_NAME_SET: LazyLock<WordSet> = LazyLock::new(|| word_set(COMPASS_NAMES));
static MONTH_SET: LazyLock<WordSet> = LazyLock::new(|| word_set(MONTHS));

/// Whether a lowercase word heads a place's name ("road", "airport",
/// "region"): the mentions stage asks it so that "Dublin Road" is no
/// government.
pub(crate) fn is_generic_head(words: &GeoWords, word: &str) -> bool {
    generic_of(words, word).is_some()
}

/// The generic kind of a head word, if it is one: from the four head
/// classes of `lexicon/geo-words.tsv`, asked for many words of every document
/// in one probe (a linear scan of some 150 heads per word cost more than the
/// rest of the name detection). A word in two classes takes the first of
/// area, nature, site, institution, the order the scan once tried them in.
fn generic_of(words: &GeoWords, head: &str) -> Option<(Generic, bool)> {
    let classes = words.classes(head);
    if classes.is_empty() {
        None
    } else if classes.has(GeoClass::AreaHead) {
        Some((Generic::Area, false))
    } else if classes.has(GeoClass::NatureHead) {
        Some((Generic::Nature, false))
    } else if classes.has(GeoClass::SiteHead) {
        Some((Generic::Site, false))
    } else if classes.has(GeoClass::InstitutionHead) {
        Some((Generic::Site, true))
    } else {
        None
    }
}

/// What the words before a name say about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Context {
    /// A locative preposition ("in", "to" a destination) or a compass
    /// adjective: strong enough for a small town.
    Strong,
    /// A location by its head ("strikes on", "the coast of", "visited").
    Weak,
    /// An actor relation ("aid to", "imports from", "talks with", "against").
    Relation,
    /// Nothing either way.
    Unknown,
}

impl Context {
    fn is_locative(self) -> bool {
        matches!(self, Context::Strong | Context::Weak)
    }
}

/// Everything the detector needs about the document, computed once.
struct Scan<'d, 'g> {
    doc: &'d Doc,
    gazetteer: &'g Gazetteer,
    config: &'d GeoConfig,
    /// The word classes of `lexicon/geo-words.tsv`.
    words: &'d GeoWords,
    surfaces: Vec<&'d str>,
    /// Whether each token is capitalised, asked of most tokens several
    /// times (the main loop, name runs, people's names): read once.
    caps: Vec<bool>,
    /// Lowercase words known to be parts of people's names in this document
    /// (the tokens' own lowercase forms, borrowed: no string per word).
    persons: FastSet<&'d str>,
}

impl Scan<'_, '_> {
    fn lower(&self, idx: usize) -> &str {
        self.doc.tokens.get(idx).map_or("", |t| &*t.lower)
    }

    /// The word before token `start` that tells whether a name is a
    /// location: skips "the", numbers and compass adjectives ("in southern
    /// Lebanon"). Returns its index.
    fn word_before(&self, start: usize, floor: usize) -> Option<usize> {
        let mut idx = start;
        while idx > floor {
            idx -= 1;
            let lower = self.lower(idx);
            if matches!(lower, "the" | "a" | "an")
                || self.words.contains(GeoClass::PlaceAdjective, lower)
            {
                continue;
            }
            return Some(idx);
        }
        None
    }

    /// The head noun or verb before a preposition at `prep` ("strikes" in
    /// "strikes on Iran", "imports" in "imports to and from Israel").
    fn head_before(&self, prep: usize, floor: usize) -> &str {
        let mut idx = prep;
        while idx > floor {
            idx -= 1;
            let token = &self.doc.tokens[idx];
            let lower = &*token.lower;
            if matches!(
                lower,
                "and" | "or" | "to" | "from" | "the" | "a" | "an" | "its" | "their"
            ) || matches!(token.pos, Pos::Num | Pos::Det)
                || (token.pos == Pos::Adj && idx + 1 < prep)
            {
                continue;
            }
            return lower;
        }
        ""
    }

    /// What the words before token `start` say about the name there.
    fn context(&self, start: usize, floor: usize) -> Context {
        // A compass adjective right before: "southern Lebanon".
        if start > floor
            && self
                .words
                .contains(GeoClass::PlaceAdjective, self.lower(start - 1))
        {
            return Context::Strong;
        }
        let Some(before) = self.word_before(start, floor) else {
            return Context::Unknown;
        };
        let word = self.lower(before);
        if LOCATIVE.contains(&word) {
            return Context::Strong;
        }
        if before + 1 < start
            && self
                .words
                .contains(GeoClass::PlaceAdjective, self.lower(before + 1))
        {
            return Context::Strong;
        }
        // An appositive after a location noun: "the capital Maputo".
        if self.words.contains(GeoClass::AppositionNoun, word) && before + 1 == start {
            return Context::Strong;
        }
        let head = self.head_before(before, floor);
        let (located, strong) = match word {
            "to" => (!self.words.contains(GeoClass::NotDestination, head), true),
            "from" => (!self.words.contains(GeoClass::NotOrigin, head), true),
            "on" | "upon" => (self.words.contains(GeoClass::AttackHead, head), false),
            "for" => (self.words.contains(GeoClass::ForHead, head), false),
            "of" => (self.words.contains(GeoClass::OfHead, head), false),
            "with" => (self.words.contains(GeoClass::WithHead, head), false),
            "between" => (self.words.contains(GeoClass::BetweenHead, head), false),
            "over" => (self.words.contains(GeoClass::OverHead, head), false),
            "against" | "by" => (false, false),
            _ => {
                let token = &self.doc.tokens[before];
                let movement = matches!(token.pos, Pos::Verb)
                    && self.words.contains(GeoClass::MovementVerb, &token.lemma);
                return if movement {
                    Context::Weak
                } else {
                    Context::Unknown
                };
            }
        };
        match (located, strong) {
            (true, true) => Context::Strong,
            (true, false) => Context::Weak,
            // "on", "for", "of" and "over" with other heads say nothing either way.
            (false, _) if matches!(word, "on" | "upon" | "for" | "of" | "over") => Context::Unknown,
            (false, _) => Context::Relation,
        }
    }

    fn in_dateline(&self, span: Span) -> bool {
        self.doc
            .dateline
            .as_ref()
            .is_some_and(|d| d.place.contains(span))
    }
}

/// Candidate toponyms with their context, in text order.
pub fn find_toponyms_with<'g>(
    doc: &Doc,
    gazetteer: &'g Gazetteer,
    words: &GeoWords,
    config: &GeoConfig,
) -> Vec<Toponym<'g>> {
    let surfaces: Vec<&str> = doc.tokens.iter().map(|t| doc.slice(t.span)).collect();
    let caps = surfaces.iter().map(|s| is_capitalised(s)).collect();
    let mut scan = Scan {
        doc,
        gazetteer,
        config,
        words,
        surfaces,
        caps,
        persons: FastSet::default(),
    };
    scan.persons = person_words(&scan);
    let mut found: Vec<Toponym<'g>> = Vec::new();
    for (_, sentence) in doc.content_sentences() {
        let range = sentence.tokens.start as usize..sentence.tokens.end as usize;
        let headline = sentence.kind == SentenceKind::Headline;
        // The last actor-like name decided: (end token, accepted), for coordination.
        let mut last_decision: Option<(usize, bool)> = None;
        let mut idx = range.start;
        while idx < range.end {
            let surface = scan.surfaces[idx];
            let article = surfaces_eq(surface, "the") && scan.caps.get(idx + 1) == Some(&true);
            if !scan.caps[idx] && !article {
                idx += 1;
                continue;
            }
            if config.adjectives_as_places {
                if let Some((end, candidates)) = adjective_at(&scan, idx, range.end) {
                    if names_a_language(&scan, idx, end, range.clone()) {
                        idx = end;
                        continue;
                    }
                    let span = doc.tokens[idx].span.cover(doc.tokens[end - 1].span);
                    found.push(Toponym::plain(span, idx, end, candidates));
                    idx = end;
                    continue;
                }
            }
            let mut matched = gazetteer.longest_match(&scan.surfaces[idx..range.end]);
            if let Some(split) = particle_match(gazetteer, &scan.surfaces[idx..range.end]) {
                if matched.as_ref().is_none_or(|(len, _)| split.0 > *len) {
                    matched = Some(split);
                }
            }
            // A longer name known only as a village, with no division after it,
            // gives way to the shorter readings: "New England" is the region
            // around "England" wherever the village in North Dakota is not
            // meant, "Hopkins Park in DeKalb" a park.
            let village_only = matched.as_ref().is_some_and(|(len, candidates)| {
                candidates.iter().all(|c| is_village(c.entry))
                    && !follows_division(&scan, idx + len, range.end)
                    && !scan.in_dateline(doc.tokens[idx].span)
            });
            let generic = generic_name(&scan, idx, range.clone());
            if village_only {
                if let Some((len, _)) = matched.as_ref().filter(|(len, _)| *len > 1) {
                    let shorter = gazetteer.longest_match(&scan.surfaces[idx..idx + len - 1]);
                    matched = shorter;
                } else if generic.is_some() {
                    matched = None;
                }
            }
            let gazetteer_len = matched.as_ref().map_or(0, |(len, _)| *len);
            if let Some((end, kind, institution)) = generic {
                if end - idx > gazetteer_len {
                    let start = if scan.lower(idx) == "the" {
                        idx + 1
                    } else {
                        idx
                    };
                    let span = doc.tokens[start].span.cover(doc.tokens[end - 1].span);
                    let weak_ok = !institution
                        || scan.context(start, range.start).is_locative()
                        || scan.in_dateline(span);
                    let in_mention = doc.mentions.iter().any(|m| {
                        m.span.overlaps(span)
                            && !span.contains(m.span)
                            && m.kind != MentionKind::Country
                    });
                    if weak_ok && !in_mention && !doc.times.iter().any(|t| t.span.overlaps(span)) {
                        let name = doc.slice(span);
                        let mut candidates = if kind == Generic::Area {
                            gazetteer.lookup_division_words(name)
                        } else {
                            Vec::new()
                        };
                        // "Rapides Parish Fire District", "Mansfield Law
                        // Enforcement Center": the place named first contains it.
                        let mut inside = None;
                        if candidates.is_empty() && kind != Generic::Nature {
                            let embedded = if start == idx {
                                matched.clone()
                            } else {
                                gazetteer.longest_match(&scan.surfaces[start..end])
                            };
                            // A road is named after a place elsewhere
                            // ("Dublin Road"), but a county road lies in its
                            // county ("Douglas County Road 4").
                            let named_after = scan
                                .words
                                .contains_bare(GeoClass::NamedAfterHead, scan.surfaces[end - 1])
                                && !embedded.as_ref().is_some_and(|(len, _)| {
                                    *len > 1
                                        && bare_in(scan.surfaces[start + len - 1], COUNTY_WORDS)
                                });
                            // A bare compass word or month names no region
                            // ("East Bank Middle School" does not lie in
                            // Cameroon's East region); only a town of that
                            // name ("Central Community Center", in Central)
                            // may contain the site.
                            let bare_word = bare_in_set(scan.surfaces[start], &COMPASS_NAME_SET)
                                || bare_in_set(scan.surfaces[start], &MONTH_SET);
                            let embedded = embedded
                                .map(|(len, mut named)| {
                                    if len == 1 && bare_word {
                                        named.retain(|c| c.entry.kind == EntryKind::City);
                                    }
                                    (len, named)
                                })
                                .filter(|(_, named)| !named.is_empty());
                            if let Some((len, named)) = embedded
                                .filter(|(len, _)| start + len < end)
                                .filter(|_| !named_after)
                            {
                                let own: Vec<Candidate<'g>> =
                                    named.into_iter().filter(|c| !c.alias).collect();
                                if !own.is_empty() && len > 0 {
                                    inside = Some(
                                        doc.tokens[start]
                                            .span
                                            .cover(doc.tokens[start + len - 1].span),
                                    );
                                }
                                candidates = own;
                            }
                        }
                        found.push(Toponym {
                            span,
                            start,
                            end,
                            possessor: possessor_of(&scan, &found, start),
                            candidates,
                            towns: Vec::new(),
                            generic: Some(kind),
                            inside,
                            restricted: false,
                            unlocated: false,
                        });
                        idx = end;
                        continue;
                    }
                }
            }
            let Some((len, candidates)) = matched else {
                // "Clarke, Oconee and Oglethorpe counties": a listed name the
                // gazetteer knows only with the word.
                if let Some(end) = listed_county_end(&scan, idx, range.end) {
                    let span = doc.tokens[idx].span.cover(doc.tokens[end - 1].span);
                    let candidates = county_candidates(gazetteer, doc.slice(span));
                    if !candidates.is_empty() {
                        found.push(Toponym::plain(span, idx, end, candidates));
                        idx = end;
                        continue;
                    }
                }
                idx += 1;
                continue;
            };
            let candidates = fit_initials(scan.surfaces[idx], candidates);
            let mut start = idx;
            let mut end = idx + len;
            // The gazetteer keeps punctuation inside a phrase; never end on it.
            while end > start + 1 && doc.tokens[end - 1].pos == Pos::Punct {
                end -= 1;
            }
            if surfaces_eq(scan.surfaces[start], "the") && len > 1 {
                start += 1;
            }
            // "a Tennessee Colony man": a state or country name that opens a
            // longer town name the gazetteer lacks names the town, wherever it
            // lies (towns are often named after a distant state), not the
            // state; the whole name is skipped, suffix included.
            let opens_town = end < range.end
                && scan.caps[end]
                && scan.words.contains(GeoClass::TownSuffix, scan.lower(end))
                && candidates
                    .iter()
                    .all(|c| matches!(c.entry.kind, EntryKind::Country | EntryKind::Admin1));
            if opens_town {
                idx = end + 1;
                continue;
            }
            let span = doc.tokens[start].span.cover(doc.tokens[end - 1].span);
            let verdict = judge(
                &scan,
                start,
                end,
                span,
                &candidates,
                range.clone(),
                headline,
                last_decision,
            );
            if let Some(accepted) = verdict.actor_decision {
                last_decision = Some((end, accepted));
            }
            if let Some(candidates) = verdict.candidates {
                let before = candidates.len();
                let candidates = restrict_to_following_division(&scan, end, range.end, candidates);
                let restricted = candidates.len() < before;
                found.push(Toponym {
                    span,
                    start,
                    end,
                    possessor: possessor_of(&scan, &found, start),
                    candidates,
                    towns: verdict.towns,
                    generic: None,
                    inside: None,
                    restricted,
                    unlocated: verdict.unlocated,
                });
            }
            // A rejected name is skipped whole: "New Zealand" must not become "Zealand".
            idx = end;
        }
    }
    found
}

/// Most words of a county name listed without its head ("Otter Tail").
const LISTED_COUNTY_WORDS: usize = 3;

/// One past the end of an unknown capitalised name at token `idx` that a
/// list closed by "counties" or "parishes" names ("Oconee" in "Clarke,
/// Oconee and Oglethorpe counties"), or `None`.
fn listed_county_end(scan: &Scan<'_, '_>, idx: usize, limit: usize) -> Option<usize> {
    let doc = scan.doc;
    let mut end = idx;
    while end < limit
        && end < idx + LISTED_COUNTY_WORDS
        && scan.caps[end]
        && doc.tokens[end].pos != Pos::Punct
    {
        end += 1;
    }
    (end > idx
        && end < limit
        && matches!(
            scan.lower(end),
            "," | "and" | "or" | "&" | "counties" | "parishes"
        )
        && in_county_list(doc, idx, end))
    .then_some(end)
}

/// The counties and parishes named `name` plus the word ("Oconee" →
/// Oconee County in Georgia and in South Carolina), under their own names.
fn county_candidates<'g>(gazetteer: &'g Gazetteer, name: &str) -> Vec<Candidate<'g>> {
    let mut counties = Vec::new();
    for suffix in [" County", " Parish"] {
        counties.extend(
            gazetteer
                .lookup(&format!("{name}{suffix}"))
                .into_iter()
                .filter(|c| c.entry.kind == EntryKind::Admin2 && !c.alias),
        );
    }
    counties
}

/// For a name written as dotted initials ("L.A.", "N.C."), the candidates
/// whose name's capitalised words the initials begin (Los Angeles, North
/// Carolina): names are matched with full stops dropped, so "L.A." also
/// finds what "La." abbreviates (Louisiana). All candidates when none fits.
fn fit_initials<'g>(surface: &str, candidates: Vec<Candidate<'g>>) -> Vec<Candidate<'g>> {
    let bytes = surface.as_bytes();
    let dotted = bytes.len() >= 4
        && bytes.len().is_multiple_of(2)
        && bytes
            .chunks(2)
            .all(|pair| pair[0].is_ascii_uppercase() && pair[1] == b'.');
    if !dotted || candidates.len() < 2 {
        return candidates;
    }
    let letters: Vec<u8> = bytes.iter().step_by(2).copied().collect();
    let fits = |name: &str| {
        let initials: Vec<u8> = name
            .split(|c: char| c.is_whitespace() || c == '-')
            .filter_map(|word| word.bytes().next())
            .filter(u8::is_ascii_uppercase)
            .collect();
        initials == letters
    };
    if candidates.iter().any(|c| fits(&c.entry.name)) {
        candidates
            .into_iter()
            .filter(|c| fits(&c.entry.name))
            .collect()
    } else {
        candidates
    }
}

/// Name particles that local usage writes joined to the name ("DeSoto
/// Parish", "LaSalle County", "DuPage") where GeoNames may write them apart
/// ("De Soto Parish").
/// Kept in code: case-sensitive prefixes split off a word, not words looked up,
/// and a closed set of name particles.
const JOINED_PARTICLES: &[&str] = &["De", "Du", "La", "Le"];

/// The gazetteer's longest match for `surfaces` read with a joined particle
/// split off its first word ("DeSoto Parish" read as "De Soto Parish"), as
/// `(tokens of surfaces, candidates)`, when the split reading matches more
/// than the particle.
fn particle_match<'g>(
    gazetteer: &'g Gazetteer,
    surfaces: &[&str],
) -> Option<(usize, Vec<Candidate<'g>>)> {
    // "the DeSoto Parish": the word after an article.
    let at = usize::from(surfaces.first().is_some_and(|w| surfaces_eq(w, "the")));
    let word = *surfaces.get(at)?;
    let particle = JOINED_PARTICLES.iter().find(|p| {
        word.len() > p.len() + 2
            && word.starts_with(**p)
            && word[p.len()..].starts_with(|c: char| c.is_ascii_uppercase())
    })?;
    let mut split: Vec<&str> = Vec::with_capacity(surfaces.len() + 1);
    split.extend_from_slice(&surfaces[..at]);
    split.push(particle);
    split.push(&word[particle.len()..]);
    split.extend_from_slice(&surfaces[at + 1..]);
    let (len, candidates) = gazetteer.longest_match(&split)?;
    // The match must take the whole split word, not the particle alone.
    (len >= at + 2).then(|| (len - 1, candidates))
}

/// A capitalised adjective or demonym of one or two words at token `idx`
/// ("Russian", "Sri Lankan") that is no place name itself: one past its end
/// and its countries as candidates.
fn adjective_at<'g>(
    scan: &Scan<'_, 'g>,
    idx: usize,
    limit: usize,
) -> Option<(usize, Vec<Candidate<'g>>)> {
    if !scan.caps[idx] {
        return None;
    }
    // A longer place name starting here wins: "British Columbia".
    let named = scan
        .gazetteer
        .longest_match(&scan.surfaces[idx..limit])
        .map_or(0, |(len, _)| len);
    for len in [2, 1] {
        let end = idx + len;
        if named > len {
            continue;
        }
        if end > limit || !(idx..end).all(|i| scan.caps[i]) {
            continue;
        }
        let phrase = scan.surfaces[idx..end].join(" ");
        let entries = scan.gazetteer.lookup_adjective(&phrase);
        // A village's name does not stop a demonym ("Spanish", a village in Ontario).
        let place = scan
            .gazetteer
            .lookup(&phrase)
            .iter()
            .any(|c| !is_village(c.entry));
        if entries.is_empty() || place {
            continue;
        }
        let candidates = entries
            .into_iter()
            .map(|entry| Candidate {
                entry,
                alias: true,
                shadowed: false,
                prior: dyad_gazetteer::prior(entry, false, false),
            })
            .collect();
        return Some((end, candidates));
    }
    None
}

/// Whether the demonym at `start..end` names a language rather than a
/// people or a country ("learned English", "in French", "English language
/// learners"): the toponym corpora do not count a language as a place.
fn names_a_language(
    scan: &Scan<'_, '_>,
    start: usize,
    end: usize,
    sentence: std::ops::Range<usize>,
) -> bool {
    let after = (end < sentence.end).then(|| scan.surfaces[end]);
    if after.is_some_and(|w| {
        scan.words.contains_bare(GeoClass::LanguageHead, w)
            || w.starts_with('-') && scan.words.contains_bare(GeoClass::LanguageHead, &w[1..])
    }) {
        return true;
    }
    // "English-language", "French-speaking" written as one token.
    if let Some((_, tail)) = scan.surfaces[end - 1].split_once('-') {
        if scan.words.contains_bare(GeoClass::LanguageHead, tail) {
            return true;
        }
    }
    let Some(before) = (start > sentence.start).then(|| scan.surfaces[start - 1]) else {
        return false;
    };
    if scan.words.contains_bare(GeoClass::LanguageVerb, before) {
        return true;
    }
    // "in English" ending a clause: "written in English.", "in English and Spanish".
    surfaces_eq(before, "in")
        && after.is_none_or(|w| {
            !w.chars().next().is_some_and(char::is_alphanumeric) || matches!(w, "and" | "or")
        })
}

fn surfaces_eq(surface: &str, word: &str) -> bool {
    surface.eq_ignore_ascii_case(word)
}

/// The toponym just before "'s" ahead of token `start` ("Hanoi's Noi Bai airport").
fn possessor_of(scan: &Scan<'_, '_>, found: &[Toponym<'_>], start: usize) -> Option<usize> {
    if start < 2 || scan.lower(start - 1) != "'s" {
        return None;
    }
    found.iter().rposition(|t| t.end == start - 1)
}

/// An unknown name ending in a generic head at token `idx`: `(end, kind,
/// institution)` where `end` is one past the head.
///
/// The name is one to six capitalised words, then the head: capitalised
/// ("Dolmabahce Palace", "Main Street") or lowercase, possibly after one or
/// two lowercase modifiers ("Catatumbo region", "Zaporizhzhia nuclear power
/// plant"). "Highway 19" and "County Mayo" put the head first. Names made
/// only of adjectives ("Israeli territory") or actors ("NATO territory") are
/// not places.
fn generic_name(
    scan: &Scan<'_, '_>,
    idx: usize,
    range: std::ops::Range<usize>,
) -> Option<(usize, Generic, bool)> {
    let doc = scan.doc;
    let mut start = idx;
    if scan.lower(start) == "the" {
        start += 1;
    }
    if start >= range.end {
        return None;
    }
    // "said East Bank Middle School": a capitalised compass word right
    // before opens the same name, which was tried (and refused) from there;
    // its tail is not a name of its own.
    if start == idx
        && start > range.start
        && scan.caps[start - 1]
        && bare_in_set(scan.surfaces[start - 1], &COMPASS_NAME_SET)
    {
        return None;
    }
    // "Highway 19", "Route 66".
    if start + 1 < range.end
        && doc.tokens[start + 1].pos == Pos::Num
        && scan.caps[start]
        && scan
            .words
            .contains_bare(GeoClass::NumberedHead, scan.surfaces[start])
    {
        return Some((start + 2, Generic::Site, false));
    }
    let mut end = start;
    while end < range.end
        && end < start + 6
        && scan.caps[end]
        && !matches!(
            doc.tokens[end].pos,
            Pos::Punct
                | Pos::Adp
                | Pos::Det
                | Pos::Pron
                | Pos::Verb
                | Pos::Aux
                | Pos::Sconj
                | Pos::Cconj
        )
    {
        end += 1;
    }
    if end == start {
        return None;
    }
    // Words that are only adjectives, countries or actors make no name.
    let named = |from: usize, to: usize| {
        (from..to).any(|i| {
            let text = scan.surfaces[i];
            scan.gazetteer.lookup_adjective(text).is_empty()
                && !doc.mentions.iter().any(|m| {
                    m.span.contains(doc.tokens[i].span)
                        && matches!(
                            m.kind,
                            MentionKind::Demonym | MentionKind::Organisation | MentionKind::Country
                        )
                })
        })
    };
    // "County Mayo", "Lake Chad": a head first, then the name.
    if end > start + 1
        && scan.words.contains(GeoClass::HeadFirst, scan.lower(start))
        && named(start + 1, end)
    {
        let kind = if scan.lower(start) == "lake" {
            Generic::Nature
        } else {
            Generic::Area
        };
        return Some((end, kind, false));
    }
    // A lowercase head after the capitalised words, with up to two
    // lowercase modifiers: "Catatumbo region", "Zaporizhzhia nuclear power plant".
    let mut head = end;
    while head < range.end && head < end + 3 {
        let token = &doc.tokens[head];
        if scan.caps[head] {
            break;
        }
        if let Some((kind, institution)) = generic_of(scan.words, &token.lower) {
            // A modifier must itself be a noun or adjective.
            let modifiers_ok =
                (end..head).all(|i| matches!(doc.tokens[i].pos, Pos::Adj | Pos::Noun));
            // "Metro police records state the trailer was red": a head word
            // with a determiner or pronoun after it is a verb, whatever the
            // tagger made of it; a place's head ends its noun phrase.
            let verb_like = doc
                .tokens
                .get(head + 1)
                .is_some_and(|next| matches!(next.pos, Pos::Det | Pos::Pron));
            if modifiers_ok && !verb_like && named(start, end) {
                return Some((head + 1, kind, institution));
            }
            break;
        }
        if !matches!(token.pos, Pos::Adj | Pos::Noun) {
            break;
        }
        head += 1;
    }
    // A capitalised head closing the name: "Dolmabahce Palace", "Main Street".
    for head in (start + 1..end).rev() {
        if let Some((kind, institution)) = generic_of(scan.words, scan.lower(head)) {
            if named(start, head) {
                return Some((head + 1, kind, institution));
            }
        }
    }
    None
}

/// When a name is followed by ", Division" ("Alexandria, Va.", "Paris,
/// Texas"), keeps only the candidates in that division or country.
fn restrict_to_following_division<'g>(
    scan: &Scan<'_, 'g>,
    end: usize,
    limit: usize,
    candidates: Vec<Candidate<'g>>,
) -> Vec<Candidate<'g>> {
    if end + 1 >= limit || scan.lower(end) != "," || !scan.caps[end + 1] {
        return candidates;
    }
    let Some((_, divisions)) = scan.gazetteer.longest_match(&scan.surfaces[end + 1..limit]) else {
        return candidates;
    };
    let inside = |candidate: &Candidate<'g>| {
        divisions.iter().any(|division| {
            let d = division.entry;
            match d.kind {
                EntryKind::Country => d.country.is_some() && candidate.entry.country == d.country,
                EntryKind::Admin1 | EntryKind::Admin2 => {
                    d.country.is_some()
                        && candidate.entry.country == d.country
                        && candidate.entry.admin1 == d.admin1
                        && candidate.entry.kind != EntryKind::Admin1
                }
                _ => false,
            }
        })
    };
    let kept: Vec<Candidate<'g>> = candidates.iter().filter(|c| inside(c)).copied().collect();
    if kept.is_empty() {
        candidates
    } else {
        kept
    }
}

/// The outcome of judging one gazetteer match.
struct Verdict<'g> {
    /// The candidates to keep, or `None` when the match is no place.
    candidates: Option<Vec<Candidate<'g>>>,
    /// For names that can act (countries, capitals): whether it was taken as
    /// a place, so that a coordinated name follows it.
    actor_decision: Option<bool>,
    /// Small towns left out of `candidates` for want of a strong context.
    towns: Vec<Candidate<'g>>,
    /// The towns were held with no locative context at all.
    unlocated: bool,
}

impl<'g> Verdict<'g> {
    fn reject() -> Verdict<'g> {
        Verdict {
            candidates: None,
            actor_decision: Some(false),
            towns: Vec::new(),
            unlocated: false,
        }
    }
}

/// Whether `surface`, the text of `span` at token `start`, is a generic head
/// word ("Port", "Lake"): for an ASCII token spanning it whole, the token's
/// lowercase form is the lowercase of the surface, and no string is built.
fn generic_head(scan: &Scan<'_, '_>, start: usize, span: Span, surface: &str) -> bool {
    match scan.doc.tokens.get(start) {
        Some(token) if token.span == span && surface.is_ascii() => {
            generic_of(scan.words, &token.lower).is_some()
        }
        _ => generic_of(scan.words, &surface.to_lowercase()).is_some(),
    }
}

/// Decides whether a gazetteer match at tokens `start..end` is a place in this text.
#[allow(clippy::too_many_arguments)]
fn judge<'g>(
    scan: &Scan<'_, 'g>,
    start: usize,
    end: usize,
    span: Span,
    candidates: &[Candidate<'g>],
    range: std::ops::Range<usize>,
    headline: bool,
    last_decision: Option<(usize, bool)>,
) -> Verdict<'g> {
    let doc = scan.doc;
    let config = scan.config;
    let surface = doc.slice(span);
    if !is_capitalised(surface) {
        return Verdict::reject();
    }
    // Dates ("March 11") are not places.
    if doc.times.iter().any(|t| t.span.overlaps(span)) {
        return Verdict::reject();
    }
    let single = end == start + 1;
    if single && (bare_in_set(surface, &MONTH_SET) || bare_in_set(surface, &COMPASS_NAME_SET)) {
        return Verdict::reject();
    }
    // "the Port of Los Angeles": a head noun before "of", or one that only
    // GeoNames' alternate names list as a town ("Port" for Le Port), is the
    // noun, not a town of that name.
    if single
        && generic_head(scan, start, span, surface)
        && (scan.lower(end) == "of" || candidates.iter().all(|c| c.alias))
    {
        return Verdict::reject();
    }
    let dateline = scan.in_dateline(span);
    if dateline {
        return Verdict {
            candidates: Some(candidates.to_vec()),
            actor_decision: Some(true),
            towns: Vec::new(),
            unlocated: false,
        };
    }
    // Outside a dateline, villages need a following division (see below):
    // "Russia" acting or coordinated is no village in Ohio.
    let division = follows_division(scan, end, range.end);
    // Built only by the verdicts that keep it: most names are judged on
    // the other paths, and need no vector.
    let unheld = || -> Vec<Candidate<'g>> {
        candidates
            .iter()
            .filter(|c| division || !is_village(c.entry))
            .copied()
            .collect()
    };
    // Adjectives and demonyms ("Gazan", "Russians").
    let adjective = !scan.gazetteer.lookup_adjective(surface).is_empty()
        && !candidates
            .iter()
            .any(|c| !c.alias && c.entry.kind == EntryKind::Country);
    if adjective {
        return Verdict::reject();
    }
    let is_big = candidates.first().is_some_and(|c| {
        matches!(
            c.entry.kind,
            EntryKind::Country | EntryKind::Admin1 | EntryKind::Region
        )
    });
    let next = doc.tokens.get(end).filter(|_| end < range.end);
    let next_lower = next.map_or("", |t| &*t.lower);
    let remit = next.is_some_and(|t| {
        is_capitalised(doc.slice(t.span))
            && scan
                .words
                .contains_bare(GeoClass::RemitTitle, doc.slice(t.span))
    });
    // Mentions: people, titles, organisations and acting names.
    let mut actor_like = false;
    for mention in &doc.mentions {
        if !mention.span.overlaps(span) || span.contains(mention.span) && span != mention.span {
            continue;
        }
        match mention.kind {
            MentionKind::Country | MentionKind::Metonym => actor_like = true,
            MentionKind::Organisation => {
                let landmark = candidates
                    .iter()
                    .any(|c| matches!(c.entry.kind, EntryKind::Landmark));
                if mention.span != span || !landmark {
                    return Verdict::reject();
                }
                actor_like = true;
            }
            MentionKind::Name | MentionKind::Title if remit && mention.span.start == span.start => {
            }
            _ => return Verdict::reject(),
        }
    }
    // Part of a longer proper name: "Cole Palmer", "Washington Post", "Eagle S".
    if !headline {
        let previous = start
            .checked_sub(1)
            .filter(|&p| p >= range.start)
            .map(|p| &doc.tokens[p]);
        if let Some(previous) = previous {
            let text = doc.slice(previous.span);
            let compass = bare_in_set(text, &COMPASS_NAME_SET) && is_big;
            if is_capitalised(text) && previous.pos == Pos::Propn && !compass && !is_all_caps(text)
            {
                return Verdict::reject();
            }
        }
        if let Some(next) = next {
            let text = doc.slice(next.span);
            // Under the every-toponym convention "Texas" in "Texas Fire
            // Service" counts; a person's name ("Paris Hilton") never does.
            let person_next =
                scan.persons.contains(&*next.lower) || dyad_gazetteer::is_given_name(surface);
            if is_capitalised(text)
                && matches!(next.pos, Pos::Propn | Pos::Noun)
                && !remit
                && !is_all_caps(surface)
                && (!config.actors_as_places || person_next)
            {
                return Verdict::reject();
            }
        }
    }
    // A person's name met elsewhere in the document ("Moore said").
    let strong_prep = scan
        .word_before(start, range.start)
        .is_some_and(|b| LOCATIVE.contains(&scan.lower(b)) || scan.lower(b) == "from");
    if !is_big && (start..end).all(|i| scan.persons.contains(scan.lower(i))) && !strong_prep {
        return Verdict::reject();
    }
    // A modifier of an actor noun: "Amhara forces", "England coach".
    if scan.words.contains(GeoClass::ActorNoun, next_lower)
        && next.is_some_and(|t| !is_capitalised(doc.slice(t.span)))
        && !config.actors_as_places
    {
        return Verdict::reject();
    }
    // "Name's": a location noun makes it a place, anything else an actor.
    if next_lower == "'s" && !config.actors_as_places {
        let after = doc.tokens.get(end + 1).filter(|_| end + 1 < range.end);
        let location = after.is_some_and(|t| {
            scan.words.contains(GeoClass::LocationNoun, &t.lower)
                || scan.words.contains(GeoClass::PlaceAdjective, &t.lower)
                || matches!(
                    &*t.lower,
                    "counties" | "states" | "parishes" | "neighbourhoods" | "neighborhoods"
                )
                || (t.pos == Pos::Propn
                    && !doc.mentions.iter().any(|m| {
                        m.span.contains(t.span)
                            && matches!(
                                m.kind,
                                MentionKind::Name | MentionKind::Title | MentionKind::Organisation
                            )
                    })
                    && starts_place(scan, end + 1, range.end))
        });
        if actor_like || is_big {
            return Verdict {
                candidates: location.then(unheld),
                actor_decision: Some(location),
                towns: Vec::new(),
                unlocated: false,
            };
        }
    }
    let context = scan.context(start, range.start);
    let coordinated = start > range.start
        && matches!(scan.lower(start - 1), "and" | "or" | ",")
        && last_decision.is_some_and(|(last_end, _)| last_end + 1 == start);
    if coordinated && !config.actors_as_places {
        // "between Finland and Estonia", "China and Europe should…": as the first.
        let accepted = last_decision.is_some_and(|(_, accepted)| accepted);
        return Verdict {
            candidates: accepted.then(unheld),
            actor_decision: Some(accepted),
            towns: Vec::new(),
            unlocated: false,
        };
    }
    if actor_like {
        if config.actors_as_places {
            return Verdict {
                candidates: Some(unheld()),
                actor_decision: Some(true),
                towns: Vec::new(),
                unlocated: false,
            };
        }
        // A noun right after: "the U.S. list", "Iran nuclear deal".
        let modifier = next.is_some_and(|t| {
            t.pos == Pos::Noun
                && !is_capitalised(doc.slice(t.span))
                && !doc.times.iter().any(|time| time.span.overlaps(t.span))
        });
        let accepted = (context.is_locative() || remit) && !modifier;
        return Verdict {
            candidates: accepted.then(unheld),
            actor_decision: Some(accepted),
            towns: Vec::new(),
            unlocated: false,
        };
    }
    if context == Context::Relation && !config.actors_as_places {
        return Verdict {
            candidates: None,
            actor_decision: Some(false),
            towns: Vec::new(),
            unlocated: false,
        };
    }
    // Only GeoNames alternate names of a single word: "Center" is no place.
    // (Held villages do not count: "Adena" is no reason to read Aden.)
    let all_alias = candidates
        .iter()
        .filter(|c| !is_village(c.entry))
        .all(|c| c.alias);
    if all_alias && single && (!context.is_locative() || is_all_caps(surface)) {
        return Verdict::reject();
    }
    // A single capitalised common word at the start of a sentence is not a place.
    let proper = (start..end).any(|i| doc.tokens[i].pos == Pos::Propn);
    if !proper && !context.is_locative() {
        return Verdict::reject();
    }
    // Towns under 15,000 people need a strong context. Villages under 1,000
    // need a following division ("Belgrade, Minn."); in a strong context
    // alone they are held until a neighbour or their named division confirms
    // them (`support_namesakes`): village names are too often common words
    // or surnames to be taken on a preposition alone.
    let strong = context == Context::Strong || division;
    let admitted = |c: &Candidate<'_>| {
        if is_village(c.entry) {
            division
        } else {
            strong || !is_small_town(c.entry)
        }
    };
    let (kept, towns): (Vec<Candidate<'g>>, Vec<Candidate<'g>>) =
        candidates.iter().partition(|c| admitted(c));
    if kept.is_empty() {
        // Only villages, after "in" or "near": held for confirmation.
        if strong && !towns.is_empty() {
            return Verdict {
                candidates: Some(Vec::new()),
                actor_decision: Some(true),
                towns,
                unlocated: false,
            };
        }
        // Only towns, with nothing before them ("Decatur and Avondale
        // Estates") or a weak locative ("visited Avondale Estates"): held
        // for a neighbour (or, after a locative, their named division) to
        // confirm.
        if matches!(context, Context::Unknown | Context::Weak)
            && !towns.iter().any(|c| is_village(c.entry))
        {
            return Verdict {
                candidates: Some(Vec::new()),
                actor_decision: Some(true),
                towns,
                unlocated: context == Context::Unknown,
            };
        }
        return Verdict::reject();
    }
    // A name that towns bear as their own while the larger places left bear
    // it only as an alternate name ("Rogersville", also an old name of a
    // city district elsewhere): the towns stay candidates (villages are
    // still held).
    let (kept, towns) =
        if kept.iter().all(|c| c.alias) && towns.iter().any(|c| !c.alias && !is_village(c.entry)) {
            let (more, villages): (Vec<Candidate<'g>>, Vec<Candidate<'g>>) =
                towns.into_iter().partition(|c| !is_village(c.entry));
            (kept.into_iter().chain(more).collect(), villages)
        } else {
            (kept, towns)
        };
    Verdict {
        candidates: Some(kept),
        actor_decision: Some(true),
        towns,
        unlocated: false,
    }
}

/// The capital a country place stands for in "Peru's capital" or "the
/// capital of Peru", when the document names that capital as a place of its
/// own (a dateline "LIMA", "talks in Lima" further on).
///
/// Why: the country name is the toponym (the places layer keeps "Peru" as
/// Peru), but an event "in Peru's capital" happened in the city; pointing it
/// at the document's own place for the city places it there without adding a
/// place the text does not name. The capital is the gazetteer's national
/// capital (GeoNames PPLC) of the country. `None` when the phrase is not
/// there or the document does not name the capital.
pub(crate) fn named_capital(doc: &Doc, place: PlaceId) -> Option<PlaceId> {
    let country_place = doc.places.get(place.index())?;
    if country_place.kind != PlaceKind::Country {
        return None;
    }
    let lower = |idx: usize| doc.tokens.get(idx).map(|t| &*t.lower);
    let after = doc.token_at_or_after(country_place.span.end());
    let first = doc.token_at_or_after(country_place.span.start());
    let possessive =
        matches!(lower(after), Some("'s" | "\u{2019}s")) && lower(after + 1) == Some("capital");
    let of_phrase =
        first >= 2 && lower(first - 1) == Some("of") && lower(first - 2) == Some("capital");
    if !(possessive || of_phrase) {
        return None;
    }
    let gazetteer = Gazetteer::builtin();
    doc.places
        .iter()
        .position(|p| {
            p.kind == PlaceKind::City
                && p.country.is_some()
                && p.country == country_place.country
                && p.geonames_id
                    .and_then(|id| gazetteer.by_geonames_id(id))
                    .is_some_and(|entry| entry.capital)
        })
        .map(|idx| PlaceId(idx as u32))
}

/// A populated place below the size of the main city list.
fn is_small_town(entry: &Entry) -> bool {
    entry.kind == EntryKind::City && entry.population < 15_000 && !entry.capital
}

/// Population range of the villages (GeoNames cities500 places that
/// cities1000 lacks): below it lie only the division seats that cities1000
/// keeps whatever their size, which are read as towns.
const VILLAGE_POPULATION: std::ops::Range<u64> = 500..1_000;

/// A village: a populated place of 500 to 999 people (see the gazetteer's
/// data README), admitted on stronger evidence than a town.
fn is_village(entry: &Entry) -> bool {
    is_small_town(entry) && VILLAGE_POPULATION.contains(&entry.population)
}

/// True when ", Division" follows token `end` ("Chiefland, Fla.").
fn follows_division(scan: &Scan<'_, '_>, end: usize, limit: usize) -> bool {
    end + 1 < limit
        && scan.lower(end) == ","
        && scan.caps[end + 1]
        && scan
            .gazetteer
            .longest_match(&scan.surfaces[end + 1..limit])
            .is_some_and(|(_, candidates)| {
                candidates
                    .iter()
                    .any(|c| matches!(c.entry.kind, EntryKind::Admin1 | EntryKind::Country))
            })
}

/// True when a place name (known or with a generic head) starts at token `idx`.
fn starts_place(scan: &Scan<'_, '_>, idx: usize, limit: usize) -> bool {
    scan.gazetteer
        .longest_match(&scan.surfaces[idx..limit])
        .is_some()
        || generic_name(scan, idx, idx..limit).is_some()
        || (idx + 1 < limit
            && scan
                .doc
                .tokens
                .get(idx + 1)
                .is_some_and(|t| scan.words.contains(GeoClass::LocationNoun, &t.lower)))
}

/// Lowercase words that are parts of people's names in the document: the
/// names the `mentions` stage found, and capitalised words after a known
/// given name ("Tom Moore") or a personal title ("Officer Hege").
fn person_words<'d>(scan: &Scan<'d, '_>) -> FastSet<&'d str> {
    let doc = scan.doc;
    let mut words = FastSet::default();
    for mention in &doc.mentions {
        if mention.kind != MentionKind::Name {
            continue;
        }
        for idx in doc.token_range(mention.span) {
            let token = &doc.tokens[idx];
            let text = doc.slice(token.span);
            if token.pos == Pos::Propn
                && is_capitalised(text)
                && !scan.words.contains_bare(GeoClass::PersonTitle, text)
                && scan.gazetteer.lookup_adjective(text).is_empty()
            {
                words.insert(&*token.lower);
            }
        }
    }
    let n = doc.tokens.len();
    let mut idx = 0;
    while idx < n {
        // A name needs a capitalised word after its first (both kinds of
        // following part below are capitalised): most tokens are followed by
        // none, and then need no given-name or title lookup.
        if scan.caps.get(idx + 1) != Some(&true) {
            idx += 1;
            continue;
        }
        let text = scan.surfaces[idx];
        let given = dyad_gazetteer::is_given_name(text) && !is_all_caps(text);
        let titled = is_capitalised(text) && scan.words.contains_bare(GeoClass::PersonTitle, text);
        if !(given || titled) {
            idx += 1;
            continue;
        }
        let mut end = idx + 1;
        // A middle initial: "John F. Kennedy", "J.D.".
        while end < n && end < idx + 4 {
            let next = scan.surfaces[end];
            let initial = next.len() <= 3 && next.ends_with('.') && is_capitalised(next);
            let name_part = is_capitalised(next)
                && doc.tokens[end].pos == Pos::Propn
                && generic_of(scan.words, &doc.tokens[end].lower).is_none()
                && !is_all_caps(next);
            if !(initial || name_part) {
                break;
            }
            end += 1;
        }
        if end > idx + 1 {
            if given {
                words.insert(&*doc.tokens[idx].lower);
            }
            for part in idx + 1..end {
                words.insert(&*doc.tokens[part].lower);
            }
        }
        idx = end;
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{actors::Actors, mentions::Mentions, segment::Segment, tag::Tag, time::Time};
    use dyad_doc::DocMeta;

    /// `text` (published 2025-05-02) run through the stages up to and including `geo`.
    fn located(text: &str, config: GeoConfig) -> Doc {
        let mut doc = Doc::new(
            DocMeta {
                published: "2025-05-02".parse().ok(),
                ..DocMeta::default()
            },
            text,
        );
        let resources = Resources::builtin();
        let geo = Geo(config);
        for stage in [
            &Segment as &dyn Stage,
            &Tag,
            &Mentions,
            &Actors,
            &Time,
            &geo,
        ] {
            stage.annotate(&mut doc, resources);
        }
        doc
    }

    fn places_with(text: &str, config: GeoConfig) -> Vec<String> {
        let doc = located(text, config);
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

    fn places(text: &str) -> Vec<String> {
        places_with(text, GeoConfig::default())
    }

    fn texts(found: &[String]) -> Vec<&str> {
        found
            .iter()
            .map(|p| p.split(" => ").next().unwrap_or(""))
            .collect()
    }

    const EVERY: GeoConfig = GeoConfig {
        adjectives_as_places: true,
        actors_as_places: true,
    };

    #[test]
    fn hashed_word_lists_are_lowercase_ascii_and_agree_with_the_scan() {
        // `bare_in_set` finds a word by its ASCII lowercase, which is what the
        // scan's `eq_ignore_ascii_case` finds only if the listed words are
        // lowercase ASCII themselves.
        let lists = [(COMPASS_NAMES, &*COMPASS_NAME_SET), (MONTHS, &*MONTH_SET)];
        for (list, set) in lists {
            for word in list {
                assert!(word.is_ascii() && *word == word.to_lowercase(), "{word}");
            }
            for word in [
                "Sgt.",
                "NORTH",
                "March",
                "Mayor",
                "Marchés",
                "Ünited",
                "north-east",
                "",
            ] {
                assert_eq!(bare_in_set(word, set), bare_in(word, list), "{word}");
            }
        }
    }

    #[test]
    fn the_data_word_classes_are_found_as_the_code_lists_were() {
        // The classes moved from this file's constants: a bare lookup
        // ignores case and final full stops, an exact one compares as is.
        let words = &Resources::builtin().lexicon.geo_words;
        assert!(words.contains_bare(GeoClass::PersonTitle, "Sgt."));
        assert!(words.contains_bare(GeoClass::RemitTitle, "MAYOR"));
        assert!(words.contains(GeoClass::NotDestination, "aid"));
        assert!(!words.contains(GeoClass::NotDestination, "Aid"));
        assert_eq!(generic_of(words, "region"), Some((Generic::Area, false)));
        // The head classes share no word today; were one in two, the first
        // of area, nature, site, institution would win, as in the old scan.
        assert_eq!(generic_of(words, "island"), Some((Generic::Nature, false)));
        assert_eq!(generic_of(words, "university"), Some((Generic::Site, true)));
        assert_eq!(generic_of(words, "capital"), None);
        assert!(is_generic_head(words, "road"));
    }

    #[test]
    fn a_capital_taken_as_an_actor_does_not_vote_for_its_country() {
        let found = places_with(
            "Paris officials said two men were arrested on Friday. The suspects were held in Paris and taken to a hospital in Dallas, and officers across Texas were warned.",
            EVERY,
        );
        let paris: Vec<&String> = found.iter().filter(|p| p.starts_with("Paris")).collect();
        assert!(!paris.is_empty(), "{found:?}");
        assert!(
            paris.iter().all(|p| p.as_str() == "Paris => Paris US"),
            "{found:?}"
        );
    }

    #[test]
    fn local_news_reads_a_country_name_as_the_local_town() {
        let found = places_with(
            "A Lebanon man was arrested at a store in Nashville. Deputies from Wilson County and officers in Murfreesboro helped, Tennessee police said.",
            EVERY,
        );
        assert_eq!(found[0], "Lebanon => Lebanon US", "{found:?}");
    }

    /// The places of `text` as "surface => name, division".
    fn divisions_with(text: &str, config: GeoConfig) -> Vec<String> {
        let doc = located(text, config);
        doc.places
            .iter()
            .map(|p| {
                let division = p.admin1.clone().unwrap_or_default();
                format!("{} => {}, {division}", doc.slice(p.span), p.name)
            })
            .collect()
    }

    #[test]
    fn namesakes_near_each_other_are_read_together() {
        // Paris, Tennessee lies in Henry County, Tennessee; the larger Paris
        // and Henry County elsewhere are far apart.
        // Without a locative context, the town comes back as a candidate.
        for (text, config) in [
            (
                "Crews cleared roads in Paris and Henry County on Friday.",
                GeoConfig::default(),
            ),
            (
                "Paris and Henry County leaders opened the new library on Friday.",
                EVERY,
            ),
        ] {
            let found = divisions_with(text, config);
            assert_eq!(
                found,
                [
                    "Paris => Paris, Tennessee",
                    "Henry County => Henry County, Tennessee"
                ],
                "{config:?}"
            );
        }
    }

    #[test]
    fn a_town_of_the_named_division_comes_back() {
        // Alexandria, Minnesota has under 15,000 people: without a locative
        // context only the division the story names brings it back.
        let found = divisions_with(
            "Alexandria officials said the Minnesota fair will open in June.",
            EVERY,
        );
        assert_eq!(
            found,
            [
                "Alexandria => Alexandria, Minnesota",
                "Minnesota => Minnesota, "
            ],
            "{found:?}"
        );
    }

    #[test]
    fn a_building_named_after_its_town_lies_in_it_a_road_need_not() {
        let found = divisions_with(
            "She was taken to Tyler Regional Hospital after the crash on Dublin Road in Alexandria, Louisiana.",
            GeoConfig::default(),
        );
        assert_eq!(
            found,
            [
                "Tyler Regional Hospital => Tyler Regional Hospital, Texas",
                "Dublin Road => Dublin Road, Louisiana",
                "Alexandria => Alexandria, Louisiana",
                "Louisiana => Louisiana, "
            ],
            "{found:?}"
        );
    }

    #[test]
    fn a_name_does_not_confirm_itself_in_a_longer_form() {
        assert!(same_name("richmond", "city of richmond"));
        assert!(same_name("dublin city", "dublin"));
        assert!(same_name("paris", "paris"));
        assert!(!same_name("paris", "parish"));
        assert!(!same_name("henry county", "paris"));
    }

    #[test]
    fn same_name_finds_what_match_indices_finds() {
        // The definition `same_name` once was, kept as the reference.
        fn reference(a: &str, b: &str) -> bool {
            let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
            long.match_indices(short).any(|(at, _)| {
                let before = long[..at].chars().next_back();
                let after = long[at + short.len()..].chars().next();
                !before.is_some_and(char::is_alphanumeric)
                    && !after.is_some_and(char::is_alphanumeric)
            })
        }
        let names = [
            "",
            "a",
            "aa",
            "aaa",
            "a a",
            "a a a",
            "x-x",
            "yx-x-x",
            "x-x-x",
            "saint-denis",
            "denis",
            "são paulo",
            "paulo",
            "ão",
            "mansfield",
            "north mansfield",
            "mansfieldtown",
            "el-arish",
        ];
        for a in names {
            for b in names {
                assert_eq!(same_name(a, b), reference(a, b), "{a:?} / {b:?}");
            }
        }
    }

    #[test]
    fn a_county_road_lies_in_its_county() {
        let found = divisions_with(
            "Water closed Otter Tail County Road 80 near the lake on Tuesday.",
            GeoConfig::default(),
        );
        assert_eq!(
            found,
            ["Otter Tail County Road => Otter Tail County Road, Minnesota"],
            "{found:?}"
        );
    }

    #[test]
    fn names_listed_before_counties_are_counties() {
        // Alone, "Becker" and "Douglas" would be towns; the list closed by
        // "counties" makes each a county.
        let found = divisions_with(
            "Flooding closed roads in Becker, Clay and Douglas counties in Minnesota.",
            GeoConfig::default(),
        );
        assert_eq!(
            found,
            [
                "Becker => Becker County, Minnesota",
                "Clay => Clay County, Minnesota",
                "Douglas => Douglas County, Minnesota",
                "Minnesota => Minnesota, "
            ],
            "{found:?}"
        );
        // Words other than names and commas end the list.
        let found = divisions_with(
            "The mayor of Becker said roads in two counties were closed.",
            GeoConfig::default(),
        );
        assert!(!found.iter().any(|p| p.contains("County")), "{found:?}");
    }

    #[test]
    fn a_listed_name_known_only_with_the_word_county_is_a_county() {
        // No town bears "Clarke" or "Oconee": only "Clarke County" and
        // "Oconee County" do; the list says which is meant.
        let found = divisions_with(
            "Storms damaged homes in Clarke, Oconee and Barrow counties in Georgia.",
            GeoConfig::default(),
        );
        assert!(
            found.contains(&"Clarke => Clarke County, Georgia".to_string()),
            "{found:?}"
        );
        assert!(
            found.contains(&"Oconee => Oconee County, Georgia".to_string()),
            "{found:?}"
        );
        // Outside such a list an unknown name stays unknown.
        let found = divisions_with("Clarke said the storm was over.", GeoConfig::default());
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn dotted_initials_name_the_place_they_abbreviate() {
        let found = places("The actor moved to L.A. last year.");
        assert_eq!(found, ["L.A. => Los Angeles US"], "{found:?}");
        // "La." after a town is still Louisiana.
        let found = places("The fire started in Alexandria, La., on Monday.");
        assert!(
            found.contains(&"La. => Louisiana US".to_string()),
            "{found:?}"
        );
    }

    #[test]
    fn a_village_needs_a_following_division_or_a_confirming_neighbour() {
        // Gates, Tennessee, has about 600 people.
        let found = divisions_with(
            "Deputies were called to a house in Gates, Tenn., on Sunday.",
            GeoConfig::default(),
        );
        assert!(
            found.contains(&"Gates => Gates, Tennessee".to_string()),
            "{found:?}"
        );
        // After "to" alone, nothing confirms it.
        let found = places("The trophy went to Gates after the vote.");
        assert!(!texts(&found).contains(&"Gates"), "{found:?}");
        // Russia, Ohio, a village near Piqua, is still no reading of the
        // country's name.
        let found = places("Police in Piqua said the man was born in Russia.");
        assert!(
            found.contains(&"Russia => Russia RU".to_string()),
            "{found:?}"
        );
        // A village's name does not make a demonym a place name.
        let found = places_with("Spanish workers went on strike.", EVERY);
        assert_eq!(found, ["Spanish => Spain ES"], "{found:?}");
    }

    #[test]
    fn a_longer_place_name_beats_a_demonym() {
        let found = places_with("Wildfires spread across British Columbia.", EVERY);
        assert_eq!(
            found,
            ["British Columbia => British Columbia CA"],
            "{found:?}"
        );
    }

    #[test]
    fn a_town_with_no_context_needs_a_neighbour() {
        // Avondale Estates lies next to Decatur, Georgia.
        let found = divisions_with(
            "The plan would let Decatur and Avondale Estates extend their borders.",
            GeoConfig::default(),
        );
        assert!(
            found.contains(&"Avondale Estates => Avondale Estates, Georgia".to_string()),
            "{found:?}"
        );
        // After a movement verb, likewise.
        let found = divisions_with(
            "The governor visited Avondale Estates on Monday and Decatur on Tuesday.",
            GeoConfig::default(),
        );
        assert!(
            found.contains(&"Avondale Estates => Avondale Estates, Georgia".to_string()),
            "{found:?}"
        );
        // Alone, nothing confirms it.
        let found = places("The plan would let Avondale Estates extend its borders.");
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_particle_written_joined_matches_the_name_written_apart() {
        // GeoNames writes "De Soto Parish"; local news often "DeSoto Parish".
        let found = divisions_with(
            "A deputy in the DeSoto Parish sheriff's office made the arrest.",
            EVERY,
        );
        assert_eq!(
            found.first().map(String::as_str),
            Some("DeSoto Parish => De Soto Parish, Louisiana"),
            "{found:?}"
        );
        let gazetteer = Gazetteer::builtin();
        assert_eq!(
            particle_match(gazetteer, &["DeSoto", "Parish", "deputies"]).map(|(len, _)| len),
            Some(2)
        );
        // The particle alone is no match, nor is a word that is not split.
        assert!(particle_match(gazetteer, &["Delaware", "Parish"]).is_none());
        assert!(particle_match(gazetteer, &["De", "Soto"]).is_none());
    }

    #[test]
    fn a_name_narrowed_once_is_narrowed_everywhere() {
        let mut doc = Doc::new(
            DocMeta::default(),
            "The council met in Springfield on Monday. Residents of Springfield, Ohio, asked for a park.",
        );
        let resources = Resources::builtin();
        for stage in [&Segment as &dyn Stage, &Tag, &Mentions, &Actors, &Time] {
            stage.annotate(&mut doc, resources);
        }
        let gazetteer = Gazetteer::builtin();
        let mut found = find_toponyms_with(
            &doc,
            gazetteer,
            &resources.lexicon.geo_words,
            &GeoConfig::default(),
        );
        let springfields = |found: &[Toponym<'_>]| -> Vec<usize> {
            found
                .iter()
                .filter(|t| doc.slice(t.span) == "Springfield")
                .map(|t| t.candidates.len())
                .collect()
        };
        let before = springfields(&found);
        assert!(
            before.len() == 2 && before[0] > 1 && before[1] == 1,
            "{before:?}"
        );
        share_restrictions(&doc, &mut found);
        assert_eq!(springfields(&found), [1, 1]);
        let first = found.iter().find(|t| doc.slice(t.span) == "Springfield");
        assert_eq!(
            first.map(|t| t.candidates[0].entry.admin1.as_deref()),
            Some(Some("OH"))
        );
    }

    #[test]
    fn a_town_under_its_own_name_beats_a_city_known_by_it_as_an_alias() {
        let found = places_with(
            "The Rogersville council met on Monday to approve a budget.",
            EVERY,
        );
        assert_eq!(texts(&found), ["Rogersville"], "{found:?}");
        assert!(found[0].ends_with("Rogersville US"), "{found:?}");
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

    #[test]
    fn capitals_are_places_after_movement_verbs_and_prepositions() {
        let found = places("The rebels seized Aleppo last week. The envoy will visit Beirut and then travel to Tehran. Protesters gathered in central Belgrade.");
        assert_eq!(
            texts(&found),
            ["Aleppo", "Beirut", "Tehran", "Belgrade"],
            "{found:?}"
        );
    }

    #[test]
    fn actor_relations_are_not_locations() {
        let found = places("The bloc approved new sanctions against Norway and a loan to Chile. Mexico halted imports from Peru. A ceasefire between Chile and Peru held. The ministry has sanctions on Norway.");
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn destinations_targets_borders_and_remits_are_places() {
        let found = places("The minister flew to Chile on a visit. Drones were launched at Peru and air strikes on Norway followed. Troops massed on its border with Bolivia. The envoy for Chad spoke.");
        assert_eq!(
            texts(&found),
            ["Chile", "Peru", "Norway", "Bolivia", "Chad"],
            "{found:?}"
        );
    }

    #[test]
    fn coordinated_countries_follow_the_first() {
        let found = places(
            "A data cable between Norway and Denmark was cut. Norway and Denmark protested.",
        );
        assert_eq!(texts(&found), ["Norway", "Denmark"], "{found:?}");
    }

    #[test]
    fn compass_adjectives_make_countries_places() {
        let found = places("Floods hit southern Chile and northern Peru.");
        assert_eq!(texts(&found), ["Chile", "Peru"], "{found:?}");
    }

    #[test]
    fn possessive_location_nouns_decide() {
        let found = places("Fighting spread in Sudan's Darfur region. Officials visited Peru's capital. Norway's army denied it.");
        assert!(texts(&found).contains(&"Sudan"), "{found:?}");
        assert!(texts(&found).contains(&"Peru"), "{found:?}");
        assert!(!texts(&found).contains(&"Norway"), "{found:?}");
    }

    #[test]
    fn a_rejected_country_is_skipped_whole() {
        let found = places("South Africa beat New Zealand in the final.");
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn parts_of_longer_names_and_people_are_not_places() {
        let found = places("Midfielder Tom Palmer scored after Kevin Moore crossed. Moore said the Washington Post had called. Brent crude rose.");
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn months_and_compass_words_are_not_places() {
        let found = places("March was wet. The West has to act and the East waits.");
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_head_word_used_as_a_verb_closes_no_place_name() {
        // "state" is the verb here: nothing up to it is one place's name.
        let found = places_with(
            "Carris police records state the tram was parked in Lisbon.",
            EVERY,
        );
        assert!(
            !texts(&found).iter().any(|t| t.ends_with("state")),
            "{found:?}"
        );
        let found = places("Clashes erupted in the Zyxwv border region of Chile.");
        assert!(texts(&found).contains(&"Zyxwv border region"), "{found:?}");
    }

    #[test]
    fn a_demonym_naming_a_language_is_no_place() {
        let found = places_with(
            "She learned English at night. Signs are printed in French. The Spanish-language paper and its English teacher moved. Italian police and German officials met.",
            EVERY,
        );
        let names = texts(&found);
        for language in ["English", "French", "Spanish-language", "Spanish"] {
            assert!(!names.contains(&language), "{language}: {found:?}");
        }
        assert!(names.contains(&"Italian"), "{found:?}");
        assert!(names.contains(&"German"), "{found:?}");
    }

    #[test]
    fn a_quarter_named_after_a_town_is_of_its_family() {
        assert!(same_name_family("arlington", "arlington"));
        assert!(same_name_family("north arlington", "arlington"));
        assert!(same_name_family("greater paris", "paris"));
        // A county of the name, or a different name, still votes.
        assert!(!same_name_family("dekalb county", "dekalb"));
        assert!(!same_name_family("new arlington", "arlington"));
        assert!(!same_name_family("northarlington", "arlington"));
    }

    #[test]
    fn generic_heads_make_unknown_names_places() {
        let found = places("Flights at Lisbon's Humberto Delgado airport were cancelled. Police closed Qwerty Street in Lisbon. Clashes erupted in the Zyxwv region of Chile.");
        let names = texts(&found);
        assert!(names.contains(&"Humberto Delgado airport"), "{found:?}");
        assert!(names.contains(&"Qwerty Street"), "{found:?}");
        assert!(names.contains(&"Zyxwv region"), "{found:?}");
        let airport = found
            .iter()
            .find(|p| p.starts_with("Humberto"))
            .expect("found");
        assert!(airport.ends_with(" PT"), "{airport}");
    }

    #[test]
    fn a_compass_word_opening_a_site_name_places_it_nowhere_abroad() {
        let found = places("CHARLESTON, W.Va. -- Pupils at East Bank Middle School stayed home. The principal said East Bank Middle School would open again on Monday.");
        assert!(
            found
                .iter()
                .filter(|p| p.contains("Middle School"))
                .all(|p| p.starts_with("East Bank Middle School") && p.ends_with(" US")),
            "{found:?}"
        );
    }

    #[test]
    fn a_head_noun_is_no_town_by_an_alternate_name() {
        let found = places("Dock workers at the Port of Los Angeles walked off the job.");
        assert!(!found.iter().any(|p| p.contains("Le Port")), "{found:?}");
        assert!(
            found
                .iter()
                .any(|p| p.starts_with("Los Angeles => Los Angeles US")),
            "{found:?}"
        );
    }

    #[test]
    fn a_state_opening_an_unknown_town_name_is_not_the_state() {
        let every = GeoConfig {
            adjectives_as_places: true,
            actors_as_places: true,
        };
        let found = places_with(
            "Police in Kentucky Junction arrested a man on Friday.",
            every,
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_following_division_picks_the_namesake() {
        let found = places("The fire started in Paris, Texas, on Sunday.");
        assert!(
            found.iter().any(|p| p.starts_with("Paris => Paris US")),
            "{found:?}"
        );
    }

    #[test]
    fn remit_titles_make_a_place() {
        let found = places("Istanbul Mayor Ekrem Imamoglu was detained.");
        assert_eq!(texts(&found), ["Istanbul"], "{found:?}");
    }

    #[test]
    fn the_toponym_convention_counts_adjectives_and_acting_names() {
        let config = GeoConfig {
            adjectives_as_places: true,
            actors_as_places: true,
        };
        let found = places_with("Russia said Peruvian troops had left.", config);
        assert_eq!(texts(&found), ["Russia", "Peruvian"], "{found:?}");
        assert!(found[1].ends_with("Peru PE"), "{found:?}");
    }
}
