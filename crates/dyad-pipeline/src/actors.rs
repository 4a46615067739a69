//! `actors`: resolves each mention to an actor coded CAMEO-style at the
//! document's date.
//!
//! - People: the dictionary's office terms give country and sector on the
//!   publication date (a former official is `/ELI`).
//! - Titles without names ("the Russian foreign minister") resolve to whoever
//!   held that office then, or to a generic office-holder of that country.
//! - Adjective + agent word ("Russian troops") gives country + sector; so do
//!   "its troops" (the latest state or body a verb follows) and "police in
//!   Mozambique", "dissidents from Myanmar"; an agent alone takes the
//!   document's focus country (news agencies do not count towards it).
//! - A demonym right before a UN envoy or ambassador ("Palestinian U.N. envoy")
//!   makes them that country's GOV.
//! - "he"/"she", "the minister", "the ministry": the latest compatible actor
//!   mentioned before (light coreference); "it" the latest body named in the
//!   singular.

use crate::mentions::{find_atoms, Atom, AtomKind};
use crate::{Layer, Stage};
use dyad_doc::hash::FastMap;
use dyad_doc::{Actor, ActorCode, ActorId, ActorKind, Date, Doc, MentionKind, Pos, Sector};
use dyad_resources::{Entry, Gender, Resources};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

/// The `actors` stage.
pub struct Actors;

impl Stage for Actors {
    fn name(&self) -> &'static str {
        "actors"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Mentions]
    }
    fn provides(&self) -> &'static [Layer] {
        &[Layer::Actors]
    }
    fn annotate(&self, doc: &mut Doc, resources: &Resources) {
        let mut state = Resolver::new(doc, resources);
        for idx in 0..doc.mentions.len() {
            let actor = state.resolve(doc, idx);
            doc.mentions[idx].actor = actor;
        }
        distribute_sectors(doc, &state);
    }
}

/// Words that may join the items of a coordinated list of actors.
const LIST_JOINERS: &[&str] = &[",", "and", ", and", "&"];

/// The lowercased text between two mentions, or `None` if they overlap or are out of order.
fn gap_between(doc: &Doc, left: usize, right: usize) -> Option<String> {
    let (end, start) = (
        doc.mentions[left].span.end(),
        doc.mentions[right].span.start(),
    );
    (end <= start).then(|| doc.text()[end..start].trim().to_lowercase())
}

/// Whether the lowercased text between two mentions is one of `words`
/// (`None` if they overlap or are out of order), as
/// `gap_between(..).map(|gap| words.contains(&gap.as_str()))`.
///
/// Why: the stage asks this of neighbouring mentions whatever lies between
/// them, often whole sentences; a gap more than four times as long as the
/// longest word cannot lowercase to it (lowercasing a character never shrinks
/// it to less than a quarter of its bytes), so only short gaps are lowercased.
fn gap_is_one_of(doc: &Doc, left: usize, right: usize, words: &[&str]) -> Option<bool> {
    let (end, start) = (
        doc.mentions[left].span.end(),
        doc.mentions[right].span.start(),
    );
    if end > start {
        return None;
    }
    let gap = doc.text()[end..start].trim();
    let longest = words.iter().map(|word| word.len()).max().unwrap_or(0);
    if gap.len() > 4 * longest {
        return Some(false);
    }
    Some(words.contains(&gap.to_lowercase().as_str()))
}

/// The sector a mention's actor carries, unless it is an organisation's.
fn mention_sector(doc: &Doc, idx: usize) -> Option<(Sector, ActorCode)> {
    let code = doc.actor(doc.mentions[idx].actor?)?.code;
    match code.sector {
        Some(sector) if sector != Sector::Igo && code.org.is_none() => Some((sector, code)),
        _ => None,
    }
}

/// Whether a weapon or military vehicle follows the mention ("a Malian drone",
/// "Iranian warships"): its owner, named by the adjective, is that state's military.
fn military_hardware_after(doc: &Doc, idx: usize, resources: &Resources) -> bool {
    let after = doc.token_range(doc.mentions[idx].span).end;
    doc.tokens
        .get(after)
        .is_some_and(|t| resources.lexicon.military_hardware.contains(&*t.lemma))
}

/// The sector of an agent word right after a demonym that modifies a noun ("Russian
/// military aircraft", "Philippine navy boats"): mention grouping drops such agent words,
/// since no group acts, yet the demonym names that sector's property or target.
fn modified_noun_sector(doc: &Doc, idx: usize, resources: &Resources) -> Option<Sector> {
    let after = doc.token_range(doc.mentions[idx].span).end;
    let lowers: Vec<&str> = doc
        .tokens
        .get(after..)?
        .iter()
        .take(4)
        .map(|t| &*t.lower)
        .collect();
    let (len, entries) = resources.actors.longest(&lowers)?;
    let sector = match entries.as_slice() {
        [Entry::Agent(sector)] => *sector,
        _ => return None,
    };
    let next = doc.tokens.get(after + len)?;
    let inside_mention = doc
        .mentions
        .iter()
        .any(|m| m.span.overlaps(doc.tokens[after].span));
    (next.pos == Pos::Noun && !inside_mention && sector != Sector::Igo).then_some(sector)
}

/// Whether an office named by its title alone belongs to the state of the story
/// it appears in: offices of a state's own organs (government, military, police,
/// judiciary, intelligence, legislature), but not those serving abroad, whose
/// state is rarely the story's own ("the ambassador", "the envoy"), and not the
/// military ranks, whose titles are common words ("general", "captain": "the
/// general election" must not become an officer of the story's country).
fn state_office(key: &str, sector: Option<Sector>) -> bool {
    let organ = matches!(
        sector,
        Some(Sector::Gov | Sector::Mil | Sector::Cop | Sector::Jud | Sector::Spy | Sector::Leg)
    );
    organ
        && !matches!(
            key,
            "ambassador" | "un_ambassador" | "envoy" | "negotiator" | "military_officer"
        )
}

/// Gives one sector noun's sector to every country it governs in a coordinated list.
///
/// News shares one noun among several countries: "the juntas of Chad,
/// Burkina Faso and Niger", "the leaders of Kenya and Uganda", "Kenyan and Ugandan
/// officials". Mention grouping attaches the noun to one country at most, so the others
/// were coded as bare states; each is recoded here as that country's same sector
/// (Mali's government, Kenya's officials). Countries that already carry a sector keep it.
fn distribute_sectors(doc: &mut Doc, state: &Resolver) {
    let mut order: Vec<usize> = (0..doc.mentions.len()).collect();
    order.sort_by_key(|&i| doc.mentions[i].span.start());
    let mut recode: Vec<(usize, Sector)> = Vec::new();
    let bare = |doc: &Doc, idx: usize, kind: MentionKind| {
        doc.mentions[idx].kind == kind
            && doc.mentions[idx]
                .actor
                .and_then(|id| doc.actor(id))
                .is_some_and(|a| {
                    a.code.org.is_none() && a.code.country.is_some() && a.code.sector.is_none()
                })
    };
    for (pos, &head) in order.iter().enumerate() {
        let Some((sector, code)) = mention_sector(doc, head) else {
            continue;
        };
        let kind = doc.mentions[head].kind;
        // "the foreign ministers of Congo and Rwanda". Not "from": "recalled their
        // ambassadors from Algeria" names where they served, not whom they serve.
        if matches!(kind, MentionKind::Description | MentionKind::Agent) {
            let mut prev = head;
            let mut first = true;
            for &next in &order[pos + 1..] {
                let words: &[&str] = if first { &["of"] } else { LIST_JOINERS };
                let Some(joins) = gap_is_one_of(doc, prev, next, words) else {
                    break;
                };
                if !joins || !bare(doc, next, MentionKind::Country) {
                    break;
                }
                recode.push((next, sector));
                prev = next;
                first = false;
            }
        }
        // "Kenyan and Ugandan officials": the demonyms before one carrying the noun.
        // The noun must come with its own demonym: "Leaders and ..." names no country.
        let own_demonym = doc.slice(doc.mentions[head].span).trim().contains(' ');
        if kind == MentionKind::Agent && code.country.is_some() && own_demonym {
            let mut next = head;
            for &prev in order[..pos].iter().rev() {
                let Some(joins) = gap_is_one_of(doc, prev, next, LIST_JOINERS) else {
                    break;
                };
                if !joins || !bare(doc, prev, MentionKind::Demonym) {
                    break;
                }
                recode.push((prev, sector));
                next = prev;
            }
        }
    }
    for &idx in &order {
        if !bare(doc, idx, MentionKind::Demonym) {
            continue;
        }
        if let Some(sector) = modified_noun_sector(doc, idx, state.resources) {
            recode.push((idx, sector));
        } else if military_hardware_after(doc, idx, state.resources) {
            recode.push((idx, Sector::Mil));
        }
    }
    for (idx, sector) in recode {
        let Some(code) = doc.mentions[idx]
            .actor
            .and_then(|id| doc.actor(id))
            .map(|a| a.code)
        else {
            continue;
        };
        let actor = state.country_actor(code.with_sector(Some(sector)));
        doc.mentions[idx].actor = Some(doc.intern_actor(actor));
    }
}

/// Describes a sector in generated actor names ("Russia (military)").
pub fn sector_word(sector: Sector) -> &'static str {
    match sector {
        Sector::Gov => "government",
        Sector::Mil => "military",
        Sector::Reb => "armed group",
        Sector::Opp => "opposition",
        Sector::Leg => "legislature",
        Sector::Jud => "judiciary",
        Sector::Cop => "police",
        Sector::Spy => "intelligence",
        Sector::Med => "media",
        Sector::Bus => "business",
        Sector::Cvl => "civilians",
        Sector::Eli => "former officials",
        Sector::Pty => "party",
        Sector::Hri => "rights groups",
        Sector::Ngo => "NGOs",
        Sector::Ref => "refugees",
        Sector::Edu => "education",
        Sector::Hlh => "health",
        Sector::Crm => "criminals",
        Sector::Lab => "labour",
        Sector::Agr => "agriculture",
        Sector::Env => "environment",
        Sector::Igo => "body",
    }
}

/// True for an armed group coded under its country ("Hamas" PSE/REB): its members keep
/// the group's code whatever their title ("a Hamas commander", "a Hezbollah lawmaker").
fn armed_group(code: ActorCode) -> bool {
    code.sector == Some(Sector::Reb)
}

/// True when the mention starting at token `start` follows "its" ("its troops",
/// "its own forces").
fn after_its(doc: &Doc, start: usize) -> bool {
    let before = |back: usize| {
        start
            .checked_sub(back)
            .and_then(|i| doc.tokens.get(i))
            .map(|t| &*t.lower)
    };
    before(1) == Some("its") || (before(1) == Some("own") && before(2) == Some("its"))
}

/// The code of the latest state or organisation before mention `idx`, in its
/// sentence or the one before, that a verb follows: the subject that "its" refers
/// to ("France would recall its envoy from Niger and withdraw its troops").
fn latest_subject_body(doc: &Doc, idx: usize, sentence: usize) -> Option<ActorCode> {
    (0..idx)
        .rev()
        .map(|previous| &doc.mentions[previous])
        .take_while(|mention| {
            doc.sentence_at(mention.span.start())
                .is_some_and(|s| s + 1 >= sentence)
        })
        .find_map(|mention| {
            let actor = doc.actor(mention.actor?)?;
            let subject = actor.kind != ActorKind::Person
                && (actor.code.country.is_some() || actor.code.org.is_some())
                && doc
                    .tokens
                    .get(doc.token_at_or_after(mention.span.end()))
                    .is_some_and(|t| matches!(t.pos, Pos::Verb | Pos::Aux));
            subject.then_some(actor.code)
        })
}

/// The actor of the latest mention before `idx`, in its sentence or the two before,
/// that "it" can stand for: no person, and no plural noun ("settlers", "rebels").
fn latest_singular_body(doc: &Doc, idx: usize, sentence: usize) -> Option<ActorId> {
    (0..idx)
        .rev()
        .map(|previous| &doc.mentions[previous])
        .take_while(|mention| {
            doc.sentence_at(mention.span.start())
                .is_some_and(|s| s + 2 >= sentence)
        })
        .find_map(|mention| {
            let id = mention.actor?;
            let actor = doc.actor(id)?;
            let range = doc.token_range(mention.span);
            let plural = range.end > range.start
                && doc.tokens.get(range.end - 1).is_some_and(|t| {
                    t.pos == Pos::Noun && t.lower.ends_with('s') && t.lower != t.lemma
                });
            (actor.kind != ActorKind::Person && !plural).then_some(id)
        })
}

/// The country named right after mention `idx` by "from" or "in" and at most
/// two modifiers ("dissidents from military-ruled Myanmar", "police in Mozambique").
fn following_country(doc: &Doc, idx: usize, resources: &Resources) -> Option<ActorCode> {
    let next = doc.mentions.get(idx + 1)?;
    if next.kind != MentionKind::Country {
        return None;
    }
    let gap = gap_between(doc, idx, idx + 1)?;
    let mut words = gap.split_whitespace();
    if !matches!(words.next(), Some("from" | "in")) || words.count() > 2 || gap.contains(',') {
        return None;
    }
    let range = doc.token_range(next.span);
    find_atoms(doc, range, resources, &HashSet::new())
        .into_iter()
        .find_map(|atom| match atom.kind {
            AtomKind::Entries(entries) => entries.iter().find_map(|entry| match entry {
                Entry::Country(c) => Some(ActorCode::country(
                    resources.actors.countries[*c].code,
                    None,
                )),
                _ => None,
            }),
            _ => None,
        })
}

/// The country of a demonym or country name right before mention `idx`
/// ("Palestinian U.N. envoy", "Russia's U.N. ambassador"), if any.
fn adjacent_country(doc: &Doc, idx: usize) -> Option<dyad_doc::CountryCode> {
    let previous = idx.checked_sub(1)?;
    let kind = doc.mentions[previous].kind;
    if !matches!(kind, MentionKind::Demonym | MentionKind::Country) {
        return None;
    }
    if !gap_is_one_of(doc, previous, idx, &["", "'s", "\u{2019}s"])? {
        return None;
    }
    let code = doc.actor(doc.mentions[previous].actor?)?.code;
    code.org.is_none().then_some(code.country).flatten()
}

/// Words before a title saying its holder no longer holds it ("former", "ousted").
const PAST_TITLE_WORDS: &[&str] = &[
    "former", "ex", "ex-", "ousted", "deposed", "toppled", "exiled", "late", "then",
];

/// True when a word of `range` marks its title as past ("former President X").
fn past_title(doc: &Doc, range: std::ops::Range<usize>) -> bool {
    doc.tokens
        .get(range)
        .is_some_and(|tokens| tokens.iter().any(|t| PAST_TITLE_WORDS.contains(&&*t.lower)))
}

/// Per-document resolution state: local names, focus country, recent actors.
struct Resolver<'r> {
    resources: &'r Resources,
    date: Option<Date>,
    local_names: HashMap<String, ActorId>,
    country_counts: HashMap<String, usize>,
    /// Actors in mention order, with their mention's sentence index.
    history: Vec<(ActorId, usize)>,
    /// [`Resolver::country_actor`]'s actors already built in this document,
    /// by code: most mentions resolve to a few codes, and building one
    /// (its name and its key formatted from the code) cost more than a clone.
    country_actors: RefCell<FastMap<ActorCode, Actor>>,
}

impl<'r> Resolver<'r> {
    fn new(doc: &Doc, resources: &'r Resources) -> Resolver<'r> {
        let mut resolver = Resolver {
            resources,
            date: doc.meta.published,
            local_names: HashMap::new(),
            country_counts: HashMap::new(),
            history: Vec::new(),
            country_actors: RefCell::new(FastMap::default()),
        };
        // The focus country is the document's most mentioned one (an agent alone,
        // "police", belongs to it); the dateline's place counts twice.
        let dict = &resources.actors;
        // Every dictionary phrase of the document counts, including places
        // ("In Kinshasa, protesters ..." makes Congo the focus).
        let words: Vec<&str> = doc.tokens.iter().map(|t| &*t.lower).collect();
        let mut idx = 0;
        while idx < words.len() {
            let capitalised = crate::mentions::span_capitalised(doc, doc.tokens[idx].span);
            // Only capitalised tokens start a phrase that counts, so the
            // dictionary is not searched from the others (most tokens).
            let Some((len, entries, _)) = capitalised
                .then(|| dict.longest_with_case(&words[idx..]))
                .flatten()
            else {
                idx += 1;
                continue;
            };
            // "Dublin Road" is a street, wherever it lies, not Ireland.
            let names_a_site = entries
                .clone()
                .all(|e| matches!(e, Entry::Capital(_) | Entry::Seat { .. }))
                && doc.tokens.get(idx + len).is_some_and(|t| {
                    t.is_capitalised(doc.text())
                        && crate::geo::is_generic_head(&resources.lexicon.geo_words, &t.lower)
                });
            if names_a_site {
                idx += len;
                continue;
            }
            let country = entries.clone().find_map(|entry| match entry {
                Entry::Country(c) | Entry::Demonym(c) | Entry::Capital(c) => {
                    Some(dict.countries[*c].code)
                }
                // A news agency ("an AFP correspondent said") names the wire, not
                // the story's country.
                Entry::Organisation { actor, .. } if actor.sector == Some(Sector::Med) => None,
                Entry::Seat { actor, .. } | Entry::Organisation { actor, .. } => actor.country,
                Entry::Person(p) => dict.people[*p].at(doc.meta.published).0.country,
                _ => None,
            });
            if let Some(country) = country {
                *resolver
                    .country_counts
                    .entry(country.to_string())
                    .or_default() += 1;
            }
            idx += len;
        }
        if let Some(dateline) = &doc.dateline {
            let words: Vec<String> = doc.tokens[doc.token_range(dateline.place)]
                .iter()
                .map(|t| t.lower.to_string())
                .collect();
            for word in words.split(|w| w == ",") {
                for entry in resources.actors.lookup(word) {
                    if let Entry::Capital(idx) | Entry::Country(idx) = entry {
                        let code = resources.actors.countries[*idx].code.to_string();
                        *resolver.country_counts.entry(code).or_default() += 2;
                    }
                }
            }
        }
        resolver
    }

    fn focus_country(&self) -> Option<ActorCode> {
        self.country_counts
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
            .and_then(|(code, _)| code.parse().ok())
            .map(|code| ActorCode::country(code, None))
    }

    fn intern(&mut self, doc: &mut Doc, actor: Actor, sentence: usize) -> ActorId {
        let id = doc.intern_actor(actor);
        self.history.push((id, sentence));
        id
    }

    fn country_actor(&self, code: ActorCode) -> Actor {
        if let Ok(mut built) = self.country_actors.try_borrow_mut() {
            return built
                .entry(code)
                .or_insert_with(|| self.build_country_actor(code))
                .clone();
        }
        self.build_country_actor(code)
    }

    /// The actor of a country or organisation code, as [`Resolver::country_actor`] gives it.
    fn build_country_actor(&self, code: ActorCode) -> Actor {
        let dict = &self.resources.actors;
        let base = match (code.org, code.country) {
            (Some(org), _) => org.to_string(),
            (None, Some(country)) => dict
                .country(country)
                .map_or_else(|| country.to_string(), |c| c.name.clone()),
            (None, None) => "unknown".to_string(),
        };
        // Appended in place: this runs for most mentions, and `format!`
        // would copy `base` into a new string through the formatter.
        let mut name = base;
        if let Some(sector) = code.sector.filter(|&sector| sector != Sector::Igo) {
            name.push_str(" (");
            name.push_str(sector_word(sector));
            name.push(')');
        }
        let kind = match (code.org, code.sector) {
            (Some(_), _) => ActorKind::Organisation,
            (None, None) => ActorKind::Country,
            (None, Some(Sector::Gov)) => ActorKind::Country,
            _ => ActorKind::Group,
        };
        Actor {
            name,
            code,
            kind,
            role: None,
            key: format!("code:{code}"),
        }
    }

    fn person_actor(&self, person_idx: usize, top: Option<ActorCode>) -> Actor {
        let dict = &self.resources.actors;
        let person = &dict.people[person_idx];
        let (code, office) = person.at(self.date);
        let code = if code.country.is_none() && code.org.is_none() {
            top.unwrap_or(code)
        } else {
            code
        };
        Actor {
            name: person.name.clone(),
            code,
            kind: ActorKind::Person,
            role: office.map(|o| dict.offices[o].key.replace('_', " ")),
            key: format!("person:{}", person.name),
        }
    }

    /// Picks among people sharing a name: same country as the modifier, then in office, then first.
    fn pick_person(&self, candidates: &[usize], top: Option<ActorCode>) -> Option<usize> {
        let dict = &self.resources.actors;
        let in_office = |idx: &usize| dict.people[*idx].at(self.date).1.is_some();
        let same_top = |idx: &usize| {
            top.is_some_and(|t| {
                dict.people[*idx]
                    .terms
                    .iter()
                    .any(|term| term.actor.top() == t.top())
            })
        };
        candidates
            .iter()
            .find(|idx| same_top(idx) && in_office(idx))
            .or_else(|| candidates.iter().find(|idx| same_top(idx)))
            .or_else(|| candidates.iter().find(|idx| in_office(idx)))
            .or_else(|| candidates.first())
            .copied()
    }

    /// The latest actor in `history` (newest first) satisfying `pred`, within `max_back` sentences.
    fn latest(
        &self,
        doc: &Doc,
        sentence: usize,
        max_back: usize,
        pred: impl Fn(&Actor) -> bool,
    ) -> Option<ActorId> {
        self.history
            .iter()
            .rev()
            .filter(|(_, s)| sentence.saturating_sub(*s) <= max_back)
            .find(|(id, _)| doc.actor(*id).is_some_and(&pred))
            .map(|(id, _)| *id)
    }

    fn resolve(&mut self, doc: &mut Doc, mention_idx: usize) -> Option<ActorId> {
        let mention = doc.mentions[mention_idx].clone();
        let sentence = doc.sentence_at(mention.span.start()).unwrap_or(0);
        let dict = &self.resources.actors;
        // Re-parse the mention's words into atoms.
        let mut range = doc.token_range(mention.span);
        if range.is_empty() {
            let token = doc
                .token_at_or_after(mention.span.start() + 1)
                .saturating_sub(1);
            range = token..token + 1;
        }
        // The mention and the word before it, where "former" or "ousted" may stand.
        let title_window = range.start.saturating_sub(1)..range.end;
        let mention_start = range.start;
        let atoms: Vec<Atom> = find_atoms(doc, range, self.resources, &HashSet::new())
            .into_iter()
            .filter(|atom| atom.span.is_none_or(|span| span == mention.span))
            .collect();
        let mut top: Option<ActorCode> = None;
        let mut office: Option<usize> = None;
        let mut people: Vec<usize> = Vec::new();
        let mut unknown_name: Option<(usize, usize)> = None;
        let mut agent: Option<Sector> = None;
        let mut female: Option<Option<bool>> = None;
        for atom in &atoms {
            match &atom.kind {
                AtomKind::Pronoun(is_female) => female = Some(*is_female),
                AtomKind::Name { .. } => unknown_name = Some((atom.start, atom.end)),
                AtomKind::Entries(entries) => {
                    let persons: Vec<usize> = entries
                        .iter()
                        .filter_map(|e| {
                            if let Entry::Person(p) = e {
                                Some(*p)
                            } else {
                                None
                            }
                        })
                        .collect();
                    if !persons.is_empty() && atom.end == atoms.last().map_or(atom.end, |a| a.end) {
                        people = persons;
                        continue;
                    }
                    for entry in entries {
                        match entry {
                            Entry::Country(idx) | Entry::Demonym(idx) if top.is_none() => {
                                top = Some(ActorCode::country(dict.countries[*idx].code, None))
                            }
                            Entry::Capital(idx) if top.is_none() => {
                                top = Some(ActorCode::country(
                                    dict.countries[*idx].code,
                                    Some(Sector::Gov),
                                ))
                            }
                            Entry::Seat { actor, .. } | Entry::Organisation { actor, .. }
                                if top.is_none() =>
                            {
                                top = Some(*actor)
                            }
                            Entry::Title(idx) => office = Some(*idx),
                            Entry::Agent(sector) => agent = Some(*sector),
                            _ => {}
                        }
                    }
                }
            }
        }
        // "Israel said its troops", "France would recall its envoy and withdraw its
        // troops": an agent after "its" belongs to the latest state or organisation
        // that is a subject, not to the focus country. (A title after "its" stays
        // unresolved: "recalled its ambassador to Niger" names no second actor.)
        if top.is_none()
            && people.is_empty()
            && unknown_name.is_none()
            && office.is_none()
            && agent.is_some()
            && after_its(doc, mention_start)
        {
            top = latest_subject_body(doc, mention_idx, sentence).map(|code| match code.org {
                Some(_) => code,
                None => code.with_sector(None),
            });
        }
        // "exiled dissidents from Myanmar", "police in Mozambique": an agent whose
        // country follows it belongs to that country.
        if top.is_none()
            && people.is_empty()
            && unknown_name.is_none()
            && office.is_none()
            && agent.is_some()
        {
            top = following_country(doc, mention_idx, self.resources);
        }
        // "Palestinian U.N. envoy Riyad Mansour", "Russia's UN ambassador": a
        // country's envoy to the United Nations speaks for the country, not the UN.
        let un_envoy = top.is_some_and(|t| t.org.is_some_and(|org| org.as_str() == "UN"))
            && office.is_some_and(|o| {
                matches!(
                    dict.offices[o].key.as_str(),
                    "envoy" | "ambassador" | "un_ambassador"
                )
            });
        if un_envoy {
            if let Some(country) = adjacent_country(doc, mention_idx) {
                top = Some(ActorCode::country(country, None));
            }
        }
        let date = self.date;
        let actor: Option<Actor> = if female == Some(None) {
            // "it": the latest state, organisation or group of the last two sentences
            // named in the singular ("two groups it accused": not "settlers").
            let found = latest_singular_body(doc, mention_idx, sentence);
            if let Some(id) = found {
                self.history.push((id, sentence));
            }
            return found;
        } else if let Some(is_female) = female {
            let wanted = match is_female {
                Some(true) => Gender::Female,
                Some(false) => Gender::Male,
                None => Gender::Unknown,
            };
            let found = self.latest(doc, sentence, 3, |actor| {
                actor.kind == ActorKind::Person && {
                    let gender = actor
                        .key
                        .strip_prefix("person:")
                        .and_then(|name| dict.person_named(name))
                        .map_or(Gender::Unknown, |p| p.gender);
                    gender == Gender::Unknown || wanted == Gender::Unknown || gender == wanted
                }
            });
            if let Some(id) = found {
                self.history.push((id, sentence));
            }
            return found;
        } else if !people.is_empty() {
            self.pick_person(&people, top).map(|idx| {
                let mut actor = self.person_actor(idx, top);
                // "Serbian President Vojislav Kostunica" in a story dated before his first
                // term on file: the title says he holds the office now, so the person takes
                // its sector, as an unknown name with that title would ("former" excepted).
                let before_terms =
                    actor.role.is_none() && actor.code.org.is_none() && actor.code.sector.is_none();
                let title_sector = office.and_then(|o| dict.offices[o].sector);
                if let (true, Some(sector)) = (before_terms, title_sector) {
                    if !past_title(doc, title_window.clone()) {
                        actor.code = actor.code.with_sector(Some(sector));
                        actor.role = office.map(|o| dict.offices[o].key.replace('_', " "));
                    }
                }
                actor
            })
        } else if let Some((start, end)) = unknown_name {
            let last = doc.tokens[end - 1].lower.to_string();
            if office.is_none() && top.is_none() {
                if let Some(&id) = self.local_names.get(&last) {
                    self.history.push((id, sentence));
                    return Some(id);
                }
                None
            } else {
                let name = doc
                    .slice(doc.tokens[start].span.cover(doc.tokens[end - 1].span))
                    .to_string();
                let sector = office
                    .and_then(|o| dict.offices[o].sector)
                    .or(Some(Sector::Gov));
                let code = top.map(|t| {
                    if t.org.is_some() || armed_group(t) {
                        t
                    } else {
                        t.with_sector(sector)
                    }
                });
                code.map(|code| Actor {
                    key: format!("person:{}", dyad_resources::text::normalize(&name)),
                    name,
                    code,
                    kind: ActorKind::Person,
                    role: office.map(|o| dict.offices[o].key.replace('_', " ")),
                })
            }
        } else if let Some(office_idx) = office {
            let office_info = &dict.offices[office_idx];
            match top {
                Some(top) => {
                    let holders = dict.holders(office_idx, top.top(), date);
                    if holders.len() == 1 {
                        Some(self.person_actor(holders[0], Some(top)))
                    } else {
                        let code = if top.org.is_some() || armed_group(top) {
                            top
                        } else {
                            top.with_sector(agent.or(office_info.sector))
                        };
                        let mut actor = self.country_actor(code);
                        actor.role = Some(office_info.key.replace('_', " "));
                        Some(actor)
                    }
                }
                None => {
                    // "the minister", "the foreign minister": the latest actor holding a
                    // compatible role, else whoever held that office in the focus country.
                    let key = office_info.key.replace('_', " ");
                    let found = self.latest(doc, sentence, 6, |actor| {
                        actor
                            .role
                            .as_deref()
                            .is_some_and(|role| role == key || role.ends_with(&format!(" {key}")))
                    });
                    if let Some(id) = found {
                        self.history.push((id, sentence));
                        return Some(id);
                    }
                    let focus = self.focus_country()?;
                    let holders = dict.holders(office_idx, focus.top(), date);
                    if holders.len() == 1 {
                        Some(self.person_actor(holders[0], Some(focus)))
                    } else if state_office(&office_info.key, office_info.sector)
                        && self.country_counts.len() == 1
                    {
                        // "a judge ordered the deportations halted" in a story of
                        // one country: one of that country's many judges, its
                        // judiciary (no holder list names them all). Any state office
                        // ("the trade minister", "a security official") with no
                        // single holder on file is likewise that one country's.
                        let mut actor = self.country_actor(focus.with_sector(office_info.sector));
                        actor.role = Some(key);
                        Some(actor)
                    } else {
                        None
                    }
                }
            }
        } else if let Some(sector) = agent {
            match top {
                Some(top) if top.org.is_some() || top.sector.is_some_and(|s| s != Sector::Gov) => {
                    Some(self.country_actor(top))
                }
                Some(top) => Some(self.country_actor(top.with_sector(Some(sector)))),
                None if mention.kind == MentionKind::Description => {
                    let found =
                        self.latest(doc, sentence, 4, |actor| actor.code.sector == Some(sector));
                    match found {
                        Some(id) => {
                            self.history.push((id, sentence));
                            return Some(id);
                        }
                        None => self
                            .focus_country()
                            .map(|c| self.country_actor(c.with_sector(Some(sector)))),
                    }
                }
                None => self
                    .focus_country()
                    .map(|c| self.country_actor(c.with_sector(Some(sector)))),
            }
        } else {
            let org_name = atoms
                .iter()
                .flat_map(|a| match &a.kind {
                    AtomKind::Entries(entries) => entries.clone(),
                    _ => Vec::new(),
                })
                .find_map(|e| {
                    if let Entry::Organisation { name, kind, actor } = e {
                        Some((name, kind, actor))
                    } else {
                        None
                    }
                });
            match (org_name, top) {
                (Some((name, _kind, code)), _) => Some(Actor {
                    name: name.clone(),
                    code,
                    kind: ActorKind::Organisation,
                    role: None,
                    key: format!("org:{name}"),
                }),
                (None, Some(top)) => Some(self.country_actor(top)),
                (None, None) => None,
            }
        };
        let actor = actor?;
        let is_person = actor.kind == ActorKind::Person;
        let id = self.intern(doc, actor, sentence);
        // The surname of a person named in full stands for them later in the document.
        let named = unknown_name.or_else(|| {
            atoms
                .iter()
                .rev()
                .find(|a| a.is_person_atom())
                .map(|a| (a.start, a.end))
        });
        if let (true, Some((start, end))) = (is_person, named) {
            if end - start >= 2 || unknown_name.is_some() {
                let atom = atoms.iter().find(|a| a.start == start && a.end == end);
                let surname = match atom {
                    Some(atom) => crate::mentions::surname(doc, atom, self.resources),
                    None => doc.tokens[end - 1].lower.to_string(),
                };
                self.local_names.entry(surname).or_insert(id);
            }
        }
        Some(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{mentions::Mentions, segment::Segment, tag::Tag, Stage};
    use dyad_doc::DocMeta;

    #[test]
    fn gap_is_one_of_lowercases_short_gaps_only() {
        let text = "Alpha AND Beta, then a long stretch of words and Gamma";
        let mut doc = Doc::new(DocMeta::default(), text);
        for word in ["Alpha", "Beta", "Gamma"] {
            let start = text.find(word).unwrap_or(0);
            doc.mentions.push(dyad_doc::Mention {
                span: dyad_doc::Span::new(start, start + word.len()),
                kind: MentionKind::Country,
                actor: None,
            });
        }
        assert_eq!(gap_is_one_of(&doc, 0, 1, LIST_JOINERS), Some(true));
        assert_eq!(gap_is_one_of(&doc, 1, 2, LIST_JOINERS), Some(false));
        assert_eq!(gap_is_one_of(&doc, 0, 1, &["of"]), Some(false));
        // Out of order.
        assert_eq!(gap_is_one_of(&doc, 1, 0, LIST_JOINERS), None);
    }

    /// Runs the stages up to `actors` and renders "mention => CODE" lines.
    pub(crate) fn render(text: &str, published: &str) -> Vec<String> {
        let meta = DocMeta {
            published: published.parse().ok(),
            ..DocMeta::default()
        };
        let mut doc = Doc::new(meta, text);
        let resources = Resources::builtin();
        for stage in [&Segment as &dyn Stage, &Tag, &Mentions, &Actors] {
            stage.annotate(&mut doc, resources);
        }
        doc.mentions
            .iter()
            .map(|m| {
                let code = m
                    .actor
                    .and_then(|id| doc.actor(id))
                    .map_or("-".to_string(), |a| a.code.to_string());
                format!("{} => {}", doc.slice(m.span), code)
            })
            .collect()
    }

    #[test]
    fn a_sector_noun_is_shared_by_the_countries_it_governs() {
        let lines = render(
            "The interior ministers of Kenya, Uganda and Tanzania signed a border accord. Chilean and Peruvian troops held a joint drill. Peru recalled its envoys from Bolivia. Guards seized two Ecuadorian navy boats.",
            "2024-05-02",
        );
        for expected in [
            "Kenya => KEN/GOV",
            "Uganda => UGA/GOV",
            "Tanzania => TZA/GOV",
            "Chilean => CHL/MIL",
            "Peruvian troops => PER/MIL",
            // Where the envoys served is no sector of theirs, and Peru alone stays a state.
            "Bolivia => BOL",
            "Peru => PER",
            // An agent word modifying a noun is no actor, but still says whose boats.
            "Ecuadorian => ECU/MIL",
        ] {
            assert!(
                lines.contains(&expected.to_string()),
                "{expected}: {lines:?}"
            );
        }
    }

    #[test]
    fn an_armed_groups_members_keep_its_code_whatever_their_title() {
        let lines = render(
            "A Hamas commander and Hezbollah lawmaker Nadim Qassouf spoke on Monday.",
            "2024-05-02",
        );
        for (words, code) in [("commander", "PSE/REB"), ("Qassouf", "LBN/REB")] {
            assert!(
                lines.iter().any(|l| l.contains(words) && l.ends_with(code)),
                "{words}: {lines:?}"
            );
        }
    }

    #[test]
    fn a_judge_named_only_by_title_is_the_judiciary_of_the_storys_one_country() {
        let found = render(
            "Kenya's government deported 40 activists on Monday. A judge ordered the deportations halted.",
            "2025-05-02",
        );
        assert!(found.iter().any(|a| a == "judge => KEN/JUD"), "{found:?}");
        // Two countries in the story: the judge's is unknown.
        let two = render(
            "Kenya deported 40 Ugandan activists on Monday. A judge ordered the deportations halted.",
            "2025-05-02",
        );
        assert!(!two.iter().any(|a| a.contains("/JUD")), "{two:?}");
    }

    #[test]
    fn a_minister_named_only_by_title_belongs_to_the_storys_one_country() {
        let found = render(
            "Kenya's government raised fuel taxes on Monday. The trade minister said exports would suffer.",
            "2025-05-02",
        );
        assert!(
            found.iter().any(|a| a == "The trade minister => KEN/GOV"),
            "{found:?}"
        );
        // Two countries in the story: the minister's is unknown.
        let two = render(
            "Kenya raised taxes on Ugandan fuel on Monday. The trade minister said exports would suffer.",
            "2025-05-02",
        );
        assert!(
            two.contains(&"The trade minister => -".to_string()),
            "{two:?}"
        );
    }

    #[test]
    fn a_state_official_named_only_by_title_belongs_to_the_storys_one_country() {
        let found = render(
            "Gunmen raided a market in northern Chad on Sunday, a security official said.",
            "2025-05-02",
        );
        assert!(
            found.iter().any(|a| a == "security official => TCD/COP"),
            "{found:?}"
        );
        // A rank word is too common a word to be resolved so ("general election").
        let rank = render(
            "Chad will hold a general election in May, the electoral body said.",
            "2025-05-02",
        );
        assert!(!rank.iter().any(|a| a.ends_with("TCD/MIL")), "{rank:?}");
    }

    #[test]
    fn a_countrys_weapon_is_its_militarys() {
        let found = render(
            "Chad said it had downed a Sudanese drone. Sudan denied it.",
            "2025-05-02",
        );
        assert!(
            found.contains(&"Sudanese => SDN/MIL".to_string()),
            "{found:?}"
        );
        // A civilian vehicle keeps the bare country.
        let ship = render("Chad said it had seized a Sudanese truck.", "2025-05-02");
        assert!(ship.contains(&"Sudanese => SDN".to_string()), "{ship:?}");
    }

    #[test]
    fn fighter_jets_are_an_air_force_not_armed_fighters() {
        let found = render("Dutch fighter jets escorted the plane.", "2025-05-02");
        assert!(
            found.contains(&"Dutch fighter jets => NLD/MIL".to_string()),
            "{found:?}"
        );
    }

    #[test]
    fn bare_al_qaeda_is_its_central_leadership_and_branches_keep_their_country() {
        let found = render(
            "Al Qaeda threatened new attacks. Yemeni officials blamed al-Qaeda in the Arabian Peninsula for the bombing.",
            "2025-05-02",
        );
        assert!(
            found.contains(&"Al Qaeda => AFG/REB".to_string()),
            "{found:?}"
        );
        assert!(
            found.contains(&"al-Qaeda in the Arabian Peninsula => YEM/REB".to_string()),
            "{found:?}"
        );
    }

    #[test]
    fn a_us_attorney_general_is_a_cabinet_member() {
        let lines = render(
            "Attorney General Merrick Garland spoke to reporters. Kenya's attorney general said the law stands.",
            "2023-06-01",
        );
        assert!(
            lines.contains(&"Attorney General Merrick Garland => USA/GOV".to_string()),
            "{lines:?}"
        );
        assert!(lines.iter().any(|l| l.ends_with("KEN/JUD")), "{lines:?}");
    }

    #[test]
    fn titles_names_and_agents_resolve() {
        let lines = render(
            "Russian President Vladimir Putin met the Turkish foreign minister in Moscow. Ukrainian troops shelled the town, and Kenyan Foreign Minister Amina Okello said she would visit Kyiv.",
            "2024-05-02",
        );
        assert!(
            lines.contains(&"Russian President Vladimir Putin => RUS/GOV".to_string()),
            "{lines:?}"
        );
        assert!(
            lines.contains(&"the Turkish foreign minister => TUR/GOV".to_string()),
            "{lines:?}"
        );
        assert!(
            lines.contains(&"Ukrainian troops => UKR/MIL".to_string()),
            "{lines:?}"
        );
        assert!(
            lines.contains(&"Kenyan Foreign Minister Amina Okello => KEN/GOV".to_string()),
            "{lines:?}"
        );
        assert!(lines.contains(&"she => KEN/GOV".to_string()), "{lines:?}");
        assert!(
            !lines.iter().any(|l| l.starts_with("Moscow")),
            "a capital after 'in' is a place: {lines:?}"
        );
    }

    #[test]
    fn a_title_gives_its_sector_before_the_first_term_on_file() {
        // Koštunica's first term on file starts in October 2000.
        let lines = render(
            "Serbian President Vojislav Kostunica promised reforms.",
            "2000-01-01",
        );
        assert_eq!(
            lines,
            ["Serbian President Vojislav Kostunica => SRB/GOV"],
            "{lines:?}"
        );
        let lines = render(
            "Former President Vojislav Kostunica was silent.",
            "2000-01-01",
        );
        assert_eq!(
            lines,
            ["Former President Vojislav Kostunica => SRB"],
            "a former title keeps no office: {lines:?}"
        );
    }

    #[test]
    fn a_capital_naming_a_street_gives_no_focus_country() {
        let lines = render(
            "A barn on Dublin Road burned down, and police are looking into the cause.",
            "2025-06-01",
        );
        assert_eq!(lines, ["police => -"], "{lines:?}");
    }

    #[test]
    fn metonyms_and_introduced_names() {
        let lines = render(
            "Washington and the Kremlin traded accusations. Chilean envoy Tomas Quintrala arrived. Quintrala said talks would resume.",
            "2025-06-01",
        );
        assert!(
            lines.contains(&"Washington => USA/GOV".to_string()),
            "{lines:?}"
        );
        assert!(
            lines.contains(&"the Kremlin => RUS/GOV".to_string()),
            "{lines:?}"
        );
        assert!(
            lines.contains(&"Quintrala => CHL/GOV".to_string()),
            "{lines:?}"
        );
    }

    #[test]
    fn acting_it_is_the_latest_state() {
        let lines = render(
            "Norway said on Monday it had recalled its envoy from Peru.",
            "2025-06-01",
        );
        assert!(lines.contains(&"it => NOR".to_string()), "{lines:?}");
    }

    #[test]
    fn an_organisations_name_in_another_case_is_no_name() {
        let lines = render(
            "Militants fought for a strict Islamic state in Mali. Islamic State claimed the attack.",
            "2025-06-01",
        );
        assert!(
            !lines.iter().any(|l| l.starts_with("Islamic state")),
            "{lines:?}"
        );
        assert!(
            lines.iter().any(|l| l.starts_with("Islamic State =>")),
            "{lines:?}"
        );
    }

    #[test]
    fn it_stands_for_a_body_named_in_the_singular() {
        let lines = render(
            "Chile fined three Peruvian traders and two ships it accused of smuggling.",
            "2025-06-01",
        );
        assert!(lines.contains(&"it => CHL".to_string()), "{lines:?}");
    }

    #[test]
    fn its_agents_belong_to_the_subject_before_them() {
        // Peru is the focus country (named twice), but "its" points to Chile, the
        // subject; "its" after a non-subject (Bolivia, an object) does not count.
        let lines = render(
            "Peru protested. Chile said its navy had escorted a Peruvian ship. Peru thanked Chile and Bolivia, and its coast guard left.",
            "2025-06-01",
        );
        assert!(lines.contains(&"navy => CHL/MIL".to_string()), "{lines:?}");
        assert!(
            lines.contains(&"coast guard => PER/MIL".to_string()),
            "{lines:?}"
        );
    }

    #[test]
    fn an_agent_from_or_in_a_country_belongs_to_it() {
        let lines = render(
            "Chile met exiled dissidents from military-ruled Bolivia. Police in Peru fired tear gas. Chile protested.",
            "2025-06-01",
        );
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("exiled dissidents => BOL/")
                    || l.starts_with("dissidents => BOL/")),
            "{lines:?}"
        );
        assert!(
            lines.contains(&"Police => PER/COP".to_string()),
            "{lines:?}"
        );
    }

    #[test]
    fn a_news_agency_does_not_make_its_country_the_focus() {
        let lines = render(
            "An AFP correspondent said rebels had attacked a village in Chad.",
            "2025-06-01",
        );
        assert!(
            lines.contains(&"rebels => TCD/REB".to_string()),
            "{lines:?}"
        );
    }

    #[test]
    fn a_countrys_un_envoy_speaks_for_the_country() {
        let lines = render(
            "Bolivian U.N. envoy Marta Quispe criticised the vote.",
            "2025-06-01",
        );
        assert!(
            lines.contains(&"U.N. envoy Marta Quispe => BOL/GOV".to_string()),
            "{lines:?}"
        );
    }
}
