//! `mentions`: where the text refers to actors.
//!
//! Dictionary phrases (countries, adjectives, capitals, seats, organisations,
//! people, titles, agent words) are found as *atoms*; adjacent atoms are then
//! grouped into one mention the way English builds actor phrases:
//! `[the] [Russia's | Russian | NATO]* [special envoy | Foreign Minister]* [Sergey Lavrov]`
//! or `[Russian] [troops]`. An unknown capitalised name right after a title
//! is a person the dictionaries do not know ("Kenyan President William
//! Ruto"); its surname then counts as a name for the rest of the document.
//!
//! Capitals and buildings after a locative preposition ("in Moscow", "at the
//! Kremlin") are places, not actors, and are left to `geo`.

use crate::{Layer, Stage};
use dyad_doc::{Doc, Mention, MentionKind, Pos, Span};
use dyad_resources::{Entry, Resources};
use std::collections::HashSet;

/// The `mentions` stage.
pub struct Mentions;

impl Stage for Mentions {
    fn name(&self) -> &'static str {
        "mentions"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tokens, Layer::Tags]
    }
    fn provides(&self) -> &'static [Layer] {
        &[Layer::Mentions]
    }
    fn annotate(&self, doc: &mut Doc, resources: &Resources) {
        let mut local_names: HashSet<String> = HashSet::new();
        let mut mentions = Vec::new();
        let ranges: Vec<std::ops::Range<usize>> = doc
            .content_sentences()
            .map(|(_, s)| s.tokens.start as usize..s.tokens.end as usize)
            .collect();
        for range in ranges {
            let atoms = find_atoms(doc, range.clone(), resources, &local_names);
            for chunk in group_atoms(doc, &atoms, resources) {
                if let Some(name) = chunk.new_name {
                    local_names.insert(name);
                }
                mentions.push(chunk.mention);
            }
        }
        doc.mentions = mentions;
    }
}

/// What an atom is.
#[derive(Debug, Clone, PartialEq)]
pub enum AtomKind {
    /// Dictionary entries for the phrase.
    Entries(Vec<Entry>),
    /// A capitalised name the dictionaries do not know; `introduced` when an
    /// earlier titled mention of the document used it.
    Name {
        /// Seen earlier after a title.
        introduced: bool,
    },
    /// A personal pronoun: `Some(true)` for "she", `Some(false)` for "he", `None` for an acting "it".
    Pronoun(Option<bool>),
}

/// A dictionary phrase, unknown name or pronoun over tokens `start..end`.
#[derive(Debug, Clone, PartialEq)]
pub struct Atom {
    /// First token index.
    pub start: usize,
    /// One past the last token index.
    pub end: usize,
    /// What it is.
    pub kind: AtomKind,
    /// A byte span narrower than the tokens (a part of a hyphenated word).
    pub span: Option<Span>,
}

impl Atom {
    fn entries(&self) -> &[Entry] {
        match &self.kind {
            AtomKind::Entries(entries) => entries,
            _ => &[],
        }
    }
    fn has(&self, pred: impl Fn(&Entry) -> bool) -> bool {
        self.entries().iter().any(pred)
    }
    /// A country, adjective, capital, seat or organisation: can modify a title or agent.
    fn is_modifier(&self) -> bool {
        self.has(|e| {
            matches!(
                e,
                Entry::Country(_)
                    | Entry::Demonym(_)
                    | Entry::Capital(_)
                    | Entry::Seat { .. }
                    | Entry::Organisation { .. }
            )
        })
    }
    fn is_title(&self) -> bool {
        self.has(|e| matches!(e, Entry::Title(_)))
    }
    fn is_agent(&self) -> bool {
        self.has(|e| matches!(e, Entry::Agent(_)))
    }
    /// True for a known person's name (not an unknown name).
    pub fn is_person_atom(&self) -> bool {
        self.has(|e| matches!(e, Entry::Person(_)))
    }
    fn is_person(&self) -> bool {
        self.has(|e| matches!(e, Entry::Person(_))) || matches!(self.kind, AtomKind::Name { .. })
    }
}

/// Words after which a capital or building is a location, not an actor.
pub const LOCATIVE: &[&str] = &[
    "in",
    "at",
    "to",
    "from",
    "near",
    "outside",
    "inside",
    "across",
    "toward",
    "towards",
    "into",
    "via",
    "around",
    "throughout",
    "within",
    "through",
    "between",
    "over",
    "across",
    "off",
    "of",
];

fn is_capitalised(text: &str) -> bool {
    text.chars().next().is_some_and(char::is_uppercase)
}

/// `is_capitalised(doc.slice(span))`, read from the span's first byte when
/// that is ASCII (most words), without slicing the text or decoding a
/// character: the mentions and actors stages ask it of every token.
#[inline]
pub(crate) fn span_capitalised(doc: &Doc, span: Span) -> bool {
    let text = doc.text();
    let (start, end) = (span.start(), span.end());
    match text.as_bytes().get(start) {
        // An ASCII byte is a character boundary; `slice` also needs the end on one.
        Some(&byte) if byte.is_ascii() && start < end && text.is_char_boundary(end) => {
            byte.is_ascii_uppercase()
        }
        _ => is_capitalised(doc.slice(span)),
    }
}

/// False when the text spells an organisation's own name with a word in another
/// case ("a strict Islamic state" is no "Islamic State"); true for any other entry
/// or spelling (aliases, acronyms, all capitals).
fn same_case_as_name(surface: &str, entry: &Entry) -> bool {
    let Entry::Organisation { name, .. } = entry else {
        return true;
    };
    if surface.to_lowercase() != name.to_lowercase() {
        return true;
    }
    surface
        .split_whitespace()
        .zip(name.split_whitespace())
        .all(|(text, data)| {
            let upper = |word: &str| word.chars().next().is_some_and(char::is_uppercase);
            upper(text) == upper(data) || !text.chars().any(char::is_lowercase)
        })
}

/// Entries that name something and so must be capitalised in the text.
fn needs_capital(entry: &Entry) -> bool {
    !matches!(entry, Entry::Title(_) | Entry::Agent(_))
}

/// Whether the capitalised word at `at`, inside a run of unknown name words,
/// is a surname that is also a title ("Defence Secretary Tom King said"):
/// a single-word title with no name after it ends a name instead of
/// starting a new actor.
fn surname_like_title(
    doc: &Doc,
    tokens: &[dyad_doc::Token],
    lowers: &[&str],
    at: usize,
    dict: &dyad_resources::ActorDictionary,
) -> bool {
    let Some((len, mut entries)) = dict.longest_entries(&lowers[at..]) else {
        return false;
    };
    len == 1
        && entries.all(|e| matches!(e, Entry::Title(_)))
        && !tokens.get(at + 1).is_some_and(|next| {
            // "Lord Mayor candidate": a title before a noun modifies it.
            span_capitalised(doc, next.span) || matches!(next.pos, Pos::Noun | Pos::Adj)
        })
}

/// Finds atoms in the tokens `range` of `doc`.
pub fn find_atoms(
    doc: &Doc,
    range: std::ops::Range<usize>,
    resources: &Resources,
    local_names: &HashSet<String>,
) -> Vec<Atom> {
    let dict = &resources.actors;
    let tokens = &doc.tokens[range.clone()];
    let lowers: Vec<&str> = tokens.iter().map(|t| &*t.lower).collect();
    let mut atoms = Vec::new();
    let mut idx = 0usize;
    while idx < tokens.len() {
        let capital = span_capitalised(doc, tokens[idx].span);
        if let Some((len, entries, case)) = dict.longest_with_case(&lowers[idx..]) {
            // Asked only of acronyms: most phrases need not be scanned.
            let upper = || {
                (idx..idx + len).all(|i| !doc.slice(tokens[i].span).chars().any(char::is_lowercase))
            };
            let capital = capital || case.lowercase_start;
            let entries: Vec<Entry> = if case.acronym && !upper() {
                Vec::new()
            } else {
                entries
                    .filter(|e| capital || !needs_capital(e))
                    .filter(|e| {
                        len == 1
                            || same_case_as_name(
                                doc.slice(tokens[idx].span.cover(tokens[idx + len - 1].span)),
                                e,
                            )
                    })
                    .cloned()
                    .collect()
            };
            // A bare capitalised title word at the start of a sentence may be a common word ("President" is fine, "Minister" too).
            // "both governments", "the two sides" stand for two actors: the events stage resolves them.
            // Only as objects ("urged both governments"); as subjects they stay one mention.
            let paired = idx > 1
                && matches!(lowers[idx - 1], "both" | "two")
                && tokens[idx - 2].pos == Pos::Verb
                && entries.iter().all(|e| matches!(e, Entry::Agent(_)));
            if paired {
                idx += len;
                continue;
            }
            // An agent word modifying a noun ("military aid", "police station") is no actor.
            let entries: Vec<Entry> = if entries.iter().all(|e| matches!(e, Entry::Agent(_)))
                && tokens.get(idx + len).is_some_and(|next| {
                    matches!(next.pos, Pos::Noun) && !matches!(&*next.lower, "'s")
                }) {
                Vec::new()
            } else {
                entries
            };
            if !entries.is_empty() {
                atoms.push(Atom {
                    start: range.start + idx,
                    end: range.start + idx + len,
                    kind: AtomKind::Entries(entries),
                    span: None,
                });
                idx += len;
                continue;
            }
        }
        // Hyphenated words: "Russia-US", "Israel-Hamas". (The capital test
        // first: it reads one character, the search for a hyphen the word.)
        let surface = || doc.slice(tokens[idx].span);
        if capital && surface().contains('-') {
            let surface = surface();
            let mut offset = tokens[idx].span.start();
            let mut found = false;
            for part in surface.split('-') {
                let normalized = dyad_resources::text::normalize(part);
                let entries: Vec<Entry> = dict
                    .lookup(&[normalized.as_str()])
                    .into_iter()
                    .filter(|e| {
                        matches!(
                            e,
                            Entry::Country(_)
                                | Entry::Demonym(_)
                                | Entry::Organisation { .. }
                                | Entry::Person(_)
                        )
                    })
                    .cloned()
                    .collect();
                if !entries.is_empty() && is_capitalised(part) {
                    let span = Span::new(offset, offset + part.len());
                    atoms.push(Atom {
                        start: range.start + idx,
                        end: range.start + idx + 1,
                        kind: AtomKind::Entries(entries),
                        span: Some(span),
                    });
                    found = true;
                }
                offset += part.len() + 1;
            }
            if found {
                idx += 1;
                continue;
            }
        }
        // "it" as the subject of an action ("it had coordinated the swap") stands for a
        // state or body; as a dummy subject ("it is unclear") it stands for nothing.
        // The verb is looked up in the whole document: the actors stage re-parses the
        // mention alone, where the token after "it" lies outside `range`.
        if lowers[idx] == "it" && tokens[idx].pos == Pos::Pron {
            let all = &doc.tokens;
            let mut next = range.start + idx + 1;
            while next < all.len() && matches!(all[next].pos, Pos::Aux | Pos::Adv | Pos::Part) {
                next += 1;
            }
            let acts = all
                .get(next)
                .is_some_and(|t| t.pos == Pos::Verb && &*t.lemma != "be");
            if acts {
                atoms.push(Atom {
                    start: range.start + idx,
                    end: range.start + idx + 1,
                    kind: AtomKind::Pronoun(None),
                    span: None,
                });
                idx += 1;
                continue;
            }
        }
        if matches!(lowers[idx], "he" | "she") && tokens[idx].pos == Pos::Pron {
            atoms.push(Atom {
                start: range.start + idx,
                end: range.start + idx + 1,
                kind: AtomKind::Pronoun(Some(lowers[idx] == "she")),
                span: None,
            });
            idx += 1;
            continue;
        }
        // Unknown capitalised names: a run of proper nouns.
        if capital && tokens[idx].pos == Pos::Propn && surface().chars().any(char::is_lowercase) {
            let mut end = idx + 1;
            while end < tokens.len()
                && tokens[end].pos == Pos::Propn
                && span_capitalised(doc, tokens[end].span)
                && (dict.longest_entries(&lowers[end..]).is_none()
                    || surname_like_title(doc, tokens, &lowers, end, dict))
            {
                end += 1;
            }
            // Capitalised title words right before a known name ("Secretary Scott Bessent")
            // are part of the title, not a name of their own.
            let before_person = dict
                .longest_entries(&lowers[end..])
                .is_some_and(|(_, mut entries)| entries.any(|e| matches!(e, Entry::Person(_))));
            if before_person {
                idx = end;
                continue;
            }
            let introduced = local_names.contains(lowers[end - 1]);
            atoms.push(Atom {
                start: range.start + idx,
                end: range.start + end,
                kind: AtomKind::Name { introduced },
                span: None,
            });
            idx = end;
            continue;
        }
        idx += 1;
    }
    atoms
}

/// A grouped mention and the surname it introduces, if any.
pub struct Chunk {
    /// The mention.
    pub mention: Mention,
    /// A new document-local name (normalised surname).
    pub new_name: Option<String>,
}

/// Modifiers that may sit inside a title phrase ("former", "deputy", "top").
const TITLE_MODIFIERS: &[&str] = &[
    "former", "deputy", "acting", "top", "senior", "interim", "new", "outgoing", "then", "chief",
    "special", "first", "vice",
];

/// The word of a person's name that news uses alone later on: the last one,
/// or the first for names of countries that put the family name first
/// (data: `lexicon/surname-first.txt`).
pub fn surname(doc: &Doc, atom: &Atom, resources: &Resources) -> String {
    let first_is_family = atom.entries().iter().any(|entry| match entry {
        Entry::Person(idx) => resources.actors.people[*idx].terms.iter().any(|t| {
            t.actor
                .country
                .is_some_and(|c| resources.lexicon.surname_first.contains(c.as_str()))
        }),
        _ => false,
    });
    let idx = if first_is_family {
        atom.start
    } else {
        atom.end - 1
    };
    doc.tokens
        .get(idx)
        .map_or(String::new(), |t| t.lower.to_string())
}

/// Groups adjacent atoms into mentions.
pub fn group_atoms(doc: &Doc, atoms: &[Atom], resources: &Resources) -> Vec<Chunk> {
    let mut chunks = Vec::new();
    let lower = |idx: usize| -> &str { doc.tokens.get(idx).map_or("", |t| &*t.lower) };
    let mut idx = 0usize;
    while idx < atoms.len() {
        let first = idx;
        let mut last = idx;
        let mut has_title = atoms[idx].is_title();
        let mut has_name = atoms[idx].is_person();
        let mut head_agent = atoms[idx].is_agent();
        // Extend while the next atom is adjacent (allowing "'s" and title modifiers between).
        while last + 1 < atoms.len() && !has_name && !head_agent {
            let current = &atoms[last];
            let next = &atoms[last + 1];
            if current.span.is_some() || next.span.is_some() {
                break;
            }
            let mut gap = current.end;
            if matches!(lower(gap), "'s") && current.is_modifier() {
                gap += 1;
            }
            // Title words the dictionaries split ("US Treasury | Secretary | Scott Bessent"):
            // up to three capitalised words between a modifier or title and a person.
            let title_words = |idx: usize| {
                doc.tokens.get(idx).is_some_and(|t| {
                    matches!(t.pos, Pos::Propn | Pos::Noun)
                        && doc
                            .slice(t.span)
                            .chars()
                            .next()
                            .is_some_and(char::is_uppercase)
                })
            };
            let gap_start = gap;
            while gap < next.start
                && (TITLE_MODIFIERS.contains(&lower(gap))
                    || (next.is_person() && gap - gap_start < 3 && title_words(gap)))
            {
                gap += 1;
            }
            if gap != next.start {
                break;
            }
            let fits = if current.is_modifier() {
                next.is_title()
                    || next.is_agent()
                    || (next.is_person() && !current.has(|e| matches!(e, Entry::Country(_))))
            } else if current.is_title() {
                next.is_title() || next.is_person() || next.is_agent()
            } else {
                false
            };
            if !fits {
                break;
            }
            last += 1;
            has_title |= next.is_title();
            has_name |= next.is_person();
            head_agent |= next.is_agent();
        }
        let head = &atoms[last];
        // Unknown names count only after a title, or when already introduced.
        if head.kind == (AtomKind::Name { introduced: false }) && !has_title {
            idx = last + 1;
            continue;
        }
        let mut start_token = atoms[first].start;
        if start_token > 0 && lower(start_token - 1) == "the" {
            start_token -= 1;
        }
        let span = match (atoms[first].span, head.span) {
            (Some(part), _) if first == last => part,
            _ => doc.tokens[start_token]
                .span
                .cover(doc.tokens[head.end - 1].span),
        };
        let before = if start_token > 0 {
            lower(start_token - 1)
        } else {
            ""
        };
        let capital_only = first == last
            && head
                .entries()
                .iter()
                .all(|e| matches!(e, Entry::Capital(_) | Entry::Seat { .. }));
        // "the Kremlin meeting", "Moscow talks": a capital modifying a noun names a place.
        let next_atom_adjacent = atoms
            .get(last + 1)
            .is_some_and(|next| next.start == head.end);
        // "Dublin Road", "Moscow Region": a capitalised site or area head
        // after it makes the capital part of a place's name.
        let modifies_noun = doc.tokens.get(head.end).is_some_and(|t| {
            t.pos == Pos::Noun
                || (t.is_capitalised(doc.text())
                    && crate::geo::is_generic_head(&resources.lexicon.geo_words, &t.lower))
        }) && !next_atom_adjacent;
        // "sent 3 billion euros to Kyiv": after a recipient head, "to" names the
        // government receiving, not a destination.
        let recipient = before == "to"
            && (0..start_token.saturating_sub(1))
                .rev()
                .take(4)
                .find(|&i| !matches!(doc.tokens[i].pos, Pos::Num | Pos::Det | Pos::Adj))
                .is_some_and(|i| {
                    resources
                        .lexicon
                        .geo_words
                        .contains(dyad_resources::GeoClass::NotDestination, lower(i))
                });
        let only_place =
            capital_only && ((LOCATIVE.contains(&before) && !recipient) || modifies_noun);
        if only_place {
            idx = last + 1;
            continue;
        }
        let kind = match &head.kind {
            AtomKind::Pronoun(_) => MentionKind::Pronoun,
            AtomKind::Name { .. } => MentionKind::Name,
            AtomKind::Entries(entries) => {
                if entries.iter().any(|e| matches!(e, Entry::Person(_))) {
                    MentionKind::Name
                } else if has_title {
                    if first == last && lower(start_token) == "the" {
                        MentionKind::Description
                    } else {
                        MentionKind::Title
                    }
                } else if head.is_agent() {
                    if first == last && lower(start_token) == "the" {
                        MentionKind::Description
                    } else {
                        MentionKind::Agent
                    }
                } else if entries
                    .iter()
                    .any(|e| matches!(e, Entry::Organisation { .. }))
                {
                    MentionKind::Organisation
                } else if entries
                    .iter()
                    .any(|e| matches!(e, Entry::Capital(_) | Entry::Seat { .. }))
                {
                    MentionKind::Metonym
                } else if entries.iter().any(|e| matches!(e, Entry::Country(_))) {
                    MentionKind::Country
                } else {
                    MentionKind::Demonym
                }
            }
        };
        // A name introduced with a title, or a known person's full name, makes its
        // surname a name for the rest of the document ("Foreign Minister Wang Yi" … "Wang").
        let full_known_name = head.is_person() && head.end - head.start >= 2;
        let new_name = ((head.kind == (AtomKind::Name { introduced: false }) && has_title)
            || full_known_name)
            .then(|| surname(doc, head, resources));
        chunks.push(Chunk {
            mention: Mention {
                span,
                kind,
                actor: None,
            },
            new_name,
        });
        idx = last + 1;
    }
    chunks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{segment::Segment, tag::Tag};
    use dyad_doc::DocMeta;

    fn mentions(text: &str) -> Vec<String> {
        let mut doc = Doc::new(DocMeta::default(), text);
        let resources = Resources::builtin();
        Segment.annotate(&mut doc, resources);
        Tag.annotate(&mut doc, resources);
        Mentions.annotate(&mut doc, resources);
        doc.mentions
            .iter()
            .map(|m| doc.slice(m.span).to_string())
            .collect()
    }

    #[test]
    fn span_capitalised_reads_as_the_sliced_text() {
        // ASCII, accented capitals and small letters, digits, an empty span,
        // spans ending inside a character and past the text.
        let text = "Oslo oslo \u{c9}lys\u{e9}e \u{e9}lan 1990 \u{130}zmir";
        let doc = Doc::new(DocMeta::default(), text);
        for start in 0..=text.len() + 1 {
            for end in start..=text.len() + 1 {
                let span = Span::new(start, end);
                assert_eq!(
                    span_capitalised(&doc, span),
                    is_capitalised(doc.slice(span)),
                    "{start}..{end}"
                );
            }
        }
    }

    #[test]
    fn a_capital_naming_a_road_is_no_government() {
        assert_eq!(
            mentions("Police closed Dublin Road after a fire, the Kremlin said."),
            ["Police", "the Kremlin"]
        );
    }

    #[test]
    fn a_surname_that_is_also_a_title_stays_in_the_name() {
        assert_eq!(
            mentions("Defence Secretary Tom King criticised the decision."),
            ["Defence Secretary Tom King"]
        );
        assert_eq!(
            mentions("Lord Mayor candidate Wayne Okoro spoke."),
            ["Mayor candidate Wayne Okoro"]
        );
    }

    #[test]
    fn titles_split_by_the_dictionary_still_join_their_name() {
        assert_eq!(
            mentions("He met US Treasury Secretary Scott Bessent."),
            ["He", "US Treasury Secretary Scott Bessent"]
        );
    }
}
