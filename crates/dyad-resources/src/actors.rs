//! The actor dictionary: countries, seats of power, organisations, people in
//! office with their dates, titles and agent words — all phrase-indexed.
//!
//! Formats are documented in `data/README.md`. Nothing here decides which
//! actor a mention means in context; that is the `actors` stage's job. This
//! module answers "what could this phrase be?" and "what was this person at
//! this date?".

use crate::error::{data_lines, fields, list, ResourceError};
use crate::text::{normalize, split_words, Abbreviations};
use crate::trie::PhraseTrie;
use dyad_doc::hash::FastMap;
use dyad_doc::{ActorCode, CountryCode, Date, OrgCode, Sector};

/// A country of `countries.tsv`.
#[derive(Debug, Clone, PartialEq)]
pub struct Country {
    /// ISO alpha-3 (or CAMEO pseudo-country).
    pub code: CountryCode,
    /// ISO alpha-2, as the gazetteer uses it.
    pub iso2: String,
    /// Canonical short English name.
    pub name: String,
}

/// A person's grammatical gender, for pronoun coreference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    /// He.
    Male,
    /// She.
    Female,
    /// Not recorded.
    Unknown,
}

/// One office term of a person.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    /// Country or organisation of the office.
    pub actor: ActorCode,
    /// Index into `ActorDictionary::offices`.
    pub office: usize,
    /// First day in office.
    pub from: Date,
    /// Last day in office; `None` while in office.
    pub to: Option<Date>,
}

/// A person of `people/*.tsv`.
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    /// Canonical name.
    pub name: String,
    /// For "he"/"she".
    pub gender: Gender,
    /// Office terms, in file order.
    pub terms: Vec<Term>,
}

impl Person {
    /// The code and office this person held on `date`: the most senior office
    /// covering the date; after every term, the last country as a former
    /// official (`/ELI`); before every term, the first term's country without
    /// a sector. Without a date, the latest term.
    pub fn at(&self, date: Option<Date>) -> (ActorCode, Option<usize>) {
        let Some(first) = self.terms.first() else {
            return (
                ActorCode {
                    country: None,
                    org: None,
                    sector: None,
                },
                None,
            );
        };
        let Some(date) = date else {
            let latest = self
                .terms
                .iter()
                .max_by_key(|term| (term.to.is_none(), term.to, term.from))
                .unwrap_or(first);
            return (latest.actor, Some(latest.office));
        };
        let covering = self
            .terms
            .iter()
            .filter(|term| term.from <= date && term.to.is_none_or(|to| date <= to))
            .min_by_key(|term| term.office);
        if let Some(term) = covering {
            return (term.actor, Some(term.office));
        }
        let last_ended = self
            .terms
            .iter()
            .filter(|term| term.to.is_some_and(|to| to < date))
            .max_by_key(|term| term.to);
        match last_ended {
            Some(term) if term.actor.country.is_some() => {
                (term.actor.with_sector(Some(Sector::Eli)), None)
            }
            Some(term) => (term.actor.with_sector(None), None),
            None => (first.actor.with_sector(None), None),
        }
    }
}

/// An office of `roles.tsv`.
#[derive(Debug, Clone, PartialEq)]
pub struct Office {
    /// Key, e.g. `foreign_minister`.
    pub key: String,
    /// Sector of holders of this office.
    pub sector: Option<Sector>,
}

/// What kind of organisation a named body is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrgKind {
    /// International organisation.
    Igo,
    /// Non-governmental organisation.
    Ngo,
    /// Non-state armed group.
    ArmedGroup,
    /// Political party.
    Party,
    /// Ministry.
    Ministry,
    /// Government agency.
    Agency,
    /// Court.
    Court,
    /// Legislature.
    Legislature,
    /// Media outlet.
    Media,
    /// Company.
    Company,
    /// Anything else.
    Other,
}

impl std::str::FromStr for OrgKind {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        Ok(match text {
            "igo" => OrgKind::Igo,
            "ngo" => OrgKind::Ngo,
            "armed_group" => OrgKind::ArmedGroup,
            "party" => OrgKind::Party,
            "ministry" => OrgKind::Ministry,
            "agency" => OrgKind::Agency,
            "court" => OrgKind::Court,
            "legislature" => OrgKind::Legislature,
            "media" => OrgKind::Media,
            "company" => OrgKind::Company,
            "other" => OrgKind::Other,
            other => return Err(format!("unknown organisation kind {other:?}")),
        })
    }
}

/// What a dictionary phrase can refer to.
#[derive(Debug, Clone, PartialEq)]
pub enum Entry {
    /// A country name (index into `countries`).
    Country(usize),
    /// A country adjective or demonym.
    Demonym(usize),
    /// A capital used as a metonym for the government.
    Capital(usize),
    /// A building or institution standing for a body.
    Seat {
        /// Who it stands for.
        actor: ActorCode,
        /// The city it is in (for `geo`).
        city: String,
        /// That city's country (ISO alpha-2).
        iso2: String,
    },
    /// A named organisation.
    Organisation {
        /// Its code.
        actor: ActorCode,
        /// Canonical name.
        name: String,
        /// Kind.
        kind: OrgKind,
    },
    /// A person (index into `people`).
    Person(usize),
    /// An agent word giving a sector.
    Agent(Sector),
    /// A title naming an office (index into `offices`).
    Title(usize),
}

/// Every actor phrase dyad knows, indexed for lookup by normalised words.
#[derive(Debug, Clone, Default)]
pub struct ActorDictionary {
    /// Countries.
    pub countries: Vec<Country>,
    /// People with office terms.
    pub people: Vec<Person>,
    /// Offices, in `roles.tsv` order (earlier = more senior).
    pub offices: Vec<Office>,
    phrases: PhraseTrie<Entry>,
    by_iso3: FastMap<CountryCode, usize>,
    by_iso2: FastMap<String, usize>,
    office_by_key: FastMap<String, usize>,
    person_by_name: FastMap<String, usize>,
    /// The people with some term of (office, top code), in the order their
    /// terms were added (may repeat a person): `holders` scans these instead
    /// of every person (some 11,000 with the historical file).
    terms_by_office: FastMap<(usize, String), Vec<usize>>,
    /// Keyed by the phrase's trie node: one entry per distinct phrase.
    cases: FastMap<u32, PhraseCase>,
}

/// How a phrase is written in the data, which constrains how text must write it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PhraseCase {
    /// Every variant is an all-capitals acronym ("US", "WHO", "ICE"): the text
    /// must be in capitals too, so "Who" or "us" do not match.
    pub acronym: bool,
    /// Some variant starts with a lowercase letter ("al-Shabaab"): the text may too.
    pub lowercase_start: bool,
}

fn err(file: &str, line: usize, message: impl Into<String>) -> ResourceError {
    ResourceError {
        file: file.to_string(),
        line,
        message: message.into(),
    }
}

/// Parses `YYYY-MM-DD`, `YYYY-MM` or `YYYY`; `end` picks the last day of a partial date.
fn parse_partial_date(text: &str, end: bool) -> Option<Date> {
    // Nearly every date on file is a whole `YYYY-MM-DD`: read its digits in
    // place (the general path below gives the same date for it, at some
    // five times the instructions, and start-up reads some 27,000 dates).
    if let &[y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = text.as_bytes() {
        let digits = [y0, y1, y2, y3, m0, m1, d0, d1];
        if digits.iter().all(u8::is_ascii_digit) {
            let [y0, y1, y2, y3, m0, m1, d0, d1] = digits.map(|b| b - b'0');
            let year =
                i16::from(y0) * 1000 + i16::from(y1) * 100 + i16::from(y2) * 10 + i16::from(y3);
            let month = (m0 * 10 + m1) as i8;
            let day = (d0 * 10 + d1) as i8;
            return Date::new(year, month, day).ok();
        }
    }
    let mut parts = text.split('-');
    let year: i16 = parts.next()?.parse().ok()?;
    let month: Option<i8> = parts.next().map(|m| m.parse().ok()).unwrap_or(None);
    let day: Option<i8> = parts.next().map(|d| d.parse().ok()).unwrap_or(None);
    match (month, day, end) {
        (Some(m), Some(d), _) => Date::new(year, m, d).ok(),
        (Some(m), None, false) => Date::new(year, m, 1).ok(),
        (Some(m), None, true) => Date::new(year, m, 1).ok().map(|d| d.last_of_month()),
        (None, _, false) => Date::new(year, 1, 1).ok(),
        (None, _, true) => Date::new(year, 12, 31).ok(),
    }
}

impl ActorDictionary {
    /// Words of a phrase as the pipeline will see them, with a leading "the" dropped.
    fn phrase_words(phrase: &str, abbreviations: &Abbreviations) -> Vec<String> {
        // Most phrases are ASCII letters, digits and spaces: then every
        // space-separated word is one token (no punctuation, quote, dash or
        // full stop for `split_words` to cut off) and normalising is
        // lowercasing. Start-up adds some 13,000 phrases.
        let mut words: Vec<String> = if phrase
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b' ')
        {
            // No whitespace but spaces here, so this is `split(' ')` without
            // the empty pieces, minus the per-piece substring search.
            phrase
                .split_ascii_whitespace()
                .map(str::to_ascii_lowercase)
                .collect()
        } else {
            split_words(phrase, abbreviations)
                .into_iter()
                .map(|(start, end)| normalize(&phrase[start..end]))
                .collect()
        };
        if words.len() > 1 && words[0] == "the" {
            words.remove(0);
        }
        words
    }

    /// Calls `f` with [`phrase_words`](Self::phrase_words) of `phrase`, for
    /// the usual phrase of ASCII letters, digits and spaces lowercased in one
    /// piece and cut there, not one `String` per word (start-up adds some
    /// 25,000 names and phrases).
    fn with_phrase_words<R>(
        phrase: &str,
        abbreviations: &Abbreviations,
        f: impl FnOnce(&[&str]) -> R,
    ) -> R {
        if phrase
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b' ')
        {
            let lower = phrase.to_ascii_lowercase();
            let mut words: Vec<&str> = lower.split_ascii_whitespace().collect();
            if words.len() > 1 && words[0] == "the" {
                words.remove(0);
            }
            f(&words)
        } else {
            let owned = Self::phrase_words(phrase, abbreviations);
            let words: Vec<&str> = owned.iter().map(String::as_str).collect();
            f(&words)
        }
    }

    fn add_phrase(&mut self, phrase: &str, entry: Entry, abbreviations: &Abbreviations) {
        Self::with_phrase_words(phrase, abbreviations, |words| {
            self.add_words(phrase, words, entry);
        });
    }

    /// Adds a person's name or alias, and its [`hyphen_variant`] if any.
    fn add_name(&mut self, phrase: &str, entry: Entry, abbreviations: &Abbreviations) {
        Self::with_phrase_words(phrase, abbreviations, |words| {
            self.add_words(phrase, words, entry.clone());
            if let Some(variant) = hyphen_variant(phrase, words) {
                self.add_words(phrase, &variant, entry);
            }
        });
    }

    /// Indexes `words` (the normalised words of `phrase`) under `entry`.
    fn add_words<S: AsRef<str>>(&mut self, phrase: &str, words: &[S], entry: Entry) {
        // Two or more letters, all capitals, and no space (counted without
        // collecting the letters: start-up adds some 13,000 phrases).
        let mut letters = 0;
        let acronym = !phrase.contains(' ')
            && phrase.chars().filter(|c| c.is_alphabetic()).all(|c| {
                letters += 1;
                c.is_uppercase()
            })
            && letters >= 2;
        // `trim_start_matches("the ")` as a loop of `strip_prefix`: the
        // library's version sets up a substring searcher per call, a third of
        // this function's time at start-up.
        let mut after_articles = phrase;
        while let Some(rest) = after_articles.strip_prefix("the ") {
            after_articles = rest;
        }
        let lowercase_start = after_articles
            .chars()
            .next()
            .is_some_and(char::is_lowercase);
        let Some(node) = self.phrases.insert_unique(words, entry) else {
            return;
        };
        let case = self.cases.entry(node).or_insert(PhraseCase {
            acronym,
            lowercase_start,
        });
        case.acronym &= acronym;
        case.lowercase_start |= lowercase_start;
    }

    /// Looks up the longest phrase starting at `words[0]` (normalised words).
    pub fn longest<S: AsRef<str>>(&self, words: &[S]) -> Option<(usize, Vec<&Entry>)> {
        self.phrases.longest(words)
    }

    /// [`longest`](Self::longest) without collecting the entries: the
    /// mentions stage asks it at every word of a run of unknown names, where
    /// a vector per question was most of the cost.
    pub fn longest_entries<S: AsRef<str>>(
        &self,
        words: &[S],
    ) -> Option<(usize, impl Iterator<Item = &Entry> + Clone + '_)> {
        let (len, node) = self.phrases.longest_node(words)?;
        Some((len, self.phrases.values_of(node)))
    }

    /// The longest phrase starting at `words[0]` (normalised words): its
    /// length, its entries and how the data writes it ([`phrase_case`]), from
    /// one walk of the trie and without collecting the entries (the mentions
    /// stage asks this at every token).
    ///
    /// [`phrase_case`]: Self::phrase_case
    #[inline]
    pub fn longest_with_case<S: AsRef<str>>(
        &self,
        words: &[S],
    ) -> Option<(usize, impl Iterator<Item = &Entry> + Clone + '_, PhraseCase)> {
        let (len, node) = self.phrases.longest_node(words)?;
        let case = self.cases.get(&node).copied().unwrap_or_default();
        Some((len, self.phrases.values_of(node), case))
    }

    /// The entries of exactly this phrase (normalised words).
    pub fn lookup<S: AsRef<str>>(&self, words: &[S]) -> Vec<&Entry> {
        self.phrases.get(words)
    }

    /// How the phrase `words` (normalised) is written in the data.
    pub fn phrase_case<S: AsRef<str>>(&self, words: &[S]) -> PhraseCase {
        self.phrases
            .node(words)
            .and_then(|node| self.cases.get(&node))
            .copied()
            .unwrap_or_default()
    }

    /// The person whose name is written exactly `name` in the data ("person:"
    /// actor keys carry it), found through the name index: pronoun
    /// resolution asks this of every person in a document's recent history,
    /// and a scan of some 11,000 people per question was a good share of the
    /// `actors` stage.
    ///
    /// The same person as `people.iter().find(|p| p.name == name)` for people
    /// loaded by [`add_people`](Self::add_people), which makes one person per
    /// normalised name, so at most one person has a given exact name.
    pub fn person_named(&self, name: &str) -> Option<&Person> {
        self.person_by_name
            .get(&normalize(name))
            .and_then(|&idx| self.people.get(idx))
            .filter(|person| person.name == name)
    }

    /// A country by alpha-3 code.
    pub fn country(&self, code: CountryCode) -> Option<&Country> {
        self.by_iso3.get(&code).map(|&idx| &self.countries[idx])
    }

    /// A country by alpha-2 code.
    pub fn country_by_iso2(&self, iso2: &str) -> Option<&Country> {
        self.by_iso2
            .get(&iso2.to_ascii_uppercase())
            .map(|&idx| &self.countries[idx])
    }

    /// An office by key.
    pub fn office(&self, key: &str) -> Option<usize> {
        self.office_by_key.get(key).copied()
    }

    /// The people who held `office` for `top` (country or organisation) on `date`.
    pub fn holders(&self, office: usize, top: &str, date: Option<Date>) -> Vec<usize> {
        let Some(candidates) = self.terms_by_office.get(&(office, top.to_string())) else {
            return Vec::new();
        };
        let mut candidates = candidates.clone();
        candidates.sort_unstable();
        candidates.dedup();
        let mut found = Vec::new();
        for idx in candidates {
            let person = &self.people[idx];
            let holds = person.terms.iter().any(|term| {
                term.office == office
                    && term.actor.top() == top
                    && match date {
                        Some(date) => term.from <= date && term.to.is_none_or(|to| date <= to),
                        None => term.to.is_none(),
                    }
            });
            if holds {
                found.push(idx);
            }
        }
        found
    }

    /// Adds `countries.tsv` rows.
    pub fn add_countries(
        &mut self,
        file: &str,
        text: &str,
        abbreviations: &Abbreviations,
    ) -> Result<(), ResourceError> {
        for (line_no, line) in data_lines(text) {
            let parts = fields(file, line_no, line, 3, 6)?;
            if parts[0] == "iso3" {
                continue; // a column-header line
            }
            let code: CountryCode = parts[0]
                .parse()
                .map_err(|e: dyad_doc::CodeError| err(file, line_no, e.to_string()))?;
            let idx = match self.by_iso3.get(&code) {
                Some(&idx) => idx,
                None => {
                    self.countries.push(Country {
                        code,
                        iso2: parts[1].to_ascii_uppercase(),
                        name: parts[2].to_string(),
                    });
                    let idx = self.countries.len() - 1;
                    self.by_iso3.insert(code, idx);
                    if !parts[1].is_empty() {
                        self.by_iso2.insert(parts[1].to_ascii_uppercase(), idx);
                    }
                    idx
                }
            };
            self.add_phrase(parts[2], Entry::Country(idx), abbreviations);
            for alias in list(parts[3]) {
                self.add_phrase(alias, Entry::Country(idx), abbreviations);
            }
            for adjective in list(parts[4]) {
                self.add_phrase(adjective, Entry::Demonym(idx), abbreviations);
            }
            for capital in list(parts[5]) {
                self.add_phrase(capital, Entry::Capital(idx), abbreviations);
            }
        }
        Ok(())
    }

    /// Adds `seats.tsv` rows.
    pub fn add_seats(
        &mut self,
        file: &str,
        text: &str,
        abbreviations: &Abbreviations,
    ) -> Result<(), ResourceError> {
        for (line_no, line) in data_lines(text) {
            let parts = fields(file, line_no, line, 2, 4)?;
            if parts[0] == "phrase" {
                continue; // a column-header line
            }
            let actor: ActorCode = parts[1]
                .parse()
                .map_err(|e: dyad_doc::CodeError| err(file, line_no, e.to_string()))?;
            let entry = Entry::Seat {
                actor,
                city: parts[2].to_string(),
                iso2: parts[3].to_ascii_uppercase(),
            };
            self.add_phrase(parts[0], entry, abbreviations);
        }
        Ok(())
    }

    /// Adds `organisations.tsv` rows.
    pub fn add_organisations(
        &mut self,
        file: &str,
        text: &str,
        abbreviations: &Abbreviations,
    ) -> Result<(), ResourceError> {
        for (line_no, line) in data_lines(text) {
            let parts = fields(file, line_no, line, 2, 4)?;
            if parts[0] == "actor" {
                continue; // a column-header line
            }
            let actor: ActorCode = parts[0]
                .parse()
                .map_err(|e: dyad_doc::CodeError| err(file, line_no, e.to_string()))?;
            let kind: OrgKind = if parts[3].is_empty() {
                OrgKind::Other
            } else {
                parts[3]
                    .parse()
                    .map_err(|e: String| err(file, line_no, e))?
            };
            let entry = Entry::Organisation {
                actor,
                name: parts[1].to_string(),
                kind,
            };
            self.add_phrase(parts[1], entry.clone(), abbreviations);
            for alias in list(parts[2]) {
                self.add_phrase(alias, entry.clone(), abbreviations);
            }
        }
        Ok(())
    }

    /// Adds `roles.tsv` rows.
    pub fn add_roles(
        &mut self,
        file: &str,
        text: &str,
        abbreviations: &Abbreviations,
    ) -> Result<(), ResourceError> {
        for (line_no, line) in data_lines(text) {
            let parts = fields(file, line_no, line, 3, 3)?;
            if parts[0] == "office" {
                continue; // a column-header line
            }
            let sector = if parts[1].is_empty() {
                None
            } else {
                Some(
                    parts[1]
                        .parse::<Sector>()
                        .map_err(|e| err(file, line_no, e.to_string()))?,
                )
            };
            let idx = match self.office_by_key.get(parts[0]) {
                Some(&idx) => idx,
                None => {
                    self.offices.push(Office {
                        key: parts[0].to_string(),
                        sector,
                    });
                    self.office_by_key
                        .insert(parts[0].to_string(), self.offices.len() - 1);
                    self.offices.len() - 1
                }
            };
            for title in list(parts[2]) {
                self.add_phrase(title, Entry::Title(idx), abbreviations);
            }
        }
        Ok(())
    }

    /// Adds `agents.tsv` rows.
    pub fn add_agents(
        &mut self,
        file: &str,
        text: &str,
        abbreviations: &Abbreviations,
    ) -> Result<(), ResourceError> {
        for (line_no, line) in data_lines(text) {
            let parts = fields(file, line_no, line, 2, 3)?;
            if parts[0] == "phrase" {
                continue; // a column-header line
            }
            let sector: Sector = parts[1]
                .parse()
                .map_err(|e: dyad_doc::CodeError| err(file, line_no, e.to_string()))?;
            self.add_phrase(parts[0], Entry::Agent(sector), abbreviations);
        }
        Ok(())
    }

    /// Adds `people/*.tsv` rows. Roles must be loaded first (offices are looked up by key).
    pub fn add_people(
        &mut self,
        file: &str,
        text: &str,
        abbreviations: &Abbreviations,
    ) -> Result<(), ResourceError> {
        let mut previous: Option<(usize, &str)> = None;
        for (line_no, line) in data_lines(text) {
            let parts = fields(file, line_no, line, 7, 8)?;
            if parts[0] == "name" {
                continue; // a column-header line
            }
            let top = parts[3];
            let actor = if top.len() == 3
                && top.bytes().all(|b| b.is_ascii_uppercase())
                && self.by_iso3.contains_key(
                    &top.parse::<CountryCode>()
                        .map_err(|e| err(file, line_no, e.to_string()))?,
                ) {
                ActorCode::country(
                    top.parse()
                        .map_err(|e: dyad_doc::CodeError| err(file, line_no, e.to_string()))?,
                    None,
                )
            } else if let Ok(code) = top.parse::<ActorCode>() {
                code
            } else {
                let org: OrgCode = top
                    .parse()
                    .map_err(|e: dyad_doc::CodeError| err(file, line_no, e.to_string()))?;
                ActorCode::org(org, None)
            };
            let office = self.office(parts[4]).ok_or_else(|| {
                err(
                    file,
                    line_no,
                    format!("unknown office {:?} (not in roles.tsv)", parts[4]),
                )
            })?;
            let sector = if parts[5].is_empty() {
                self.offices[office]
                    .sector
                    .filter(|_| actor.country.is_some())
            } else {
                Some(
                    parts[5]
                        .parse::<Sector>()
                        .map_err(|e| err(file, line_no, e.to_string()))?,
                )
            };
            let from = parse_partial_date(parts[6], false)
                .ok_or_else(|| err(file, line_no, format!("bad start date {:?}", parts[6])))?;
            let to =
                if parts[7].is_empty() {
                    None
                } else {
                    Some(parse_partial_date(parts[7], true).ok_or_else(|| {
                        err(file, line_no, format!("bad end date {:?}", parts[7]))
                    })?)
                };
            let gender = match parts[2] {
                "m" | "M" => Gender::Male,
                "f" | "F" => Gender::Female,
                _ => Gender::Unknown,
            };
            let key = normalize(parts[0]);
            let idx = match self.person_by_name.get(&key) {
                Some(&idx) => idx,
                None => {
                    self.people.push(Person {
                        name: parts[0].to_string(),
                        gender,
                        terms: Vec::new(),
                    });
                    let idx = self.people.len() - 1;
                    self.person_by_name.insert(key, idx);
                    idx
                }
            };
            let actor = actor.with_sector(sector);
            self.terms_by_office
                .entry((office, actor.top().to_string()))
                .or_default()
                .push(idx);
            self.people[idx].terms.push(Term {
                actor,
                office,
                from,
                to,
            });
            // A person's later terms repeat the name and aliases of the first
            // (the format asks for it): adding them again changes nothing, and
            // skipping them saves a fifth of start-up.
            if previous == Some((idx, parts[1])) {
                continue;
            }
            previous = Some((idx, parts[1]));
            for phrase in std::iter::once(parts[0]).chain(list(parts[1])) {
                self.add_name(phrase, Entry::Person(idx), abbreviations);
            }
        }
        Ok(())
    }
}

/// Arabic articles written either joined by a hyphen or apart before a
/// surname ("al-Assad", "al Assad", "el-Sisi", "el Sisi"), normalised.
const ARTICLES: [&str; 2] = ["al", "el"];

/// The other way news writes a person's name with or without hyphens, as
/// normalised words (`words` are those of `phrase`), or `None`: hyphens
/// become spaces ("Jean-Bertrand Aristide" -> "Jean Bertrand Aristide",
/// "Bashar al-Assad" -> "Bashar al Assad"), and a name written apart gets the
/// hyphen ("al Assad" -> "al-Assad"; "Jean Bertrand Aristide" ->
/// "Jean-Bertrand Aristide" for two capitalised given names before a
/// surname). The tokenizer keeps a hyphenated word whole, so without the
/// variant one spelling of the name would miss the other. One variant per
/// phrase, built from the words already cut (no second tokenisation), keeps
/// start-up and the phrase index small.
fn hyphen_variant<S: AsRef<str>>(phrase: &str, words: &[S]) -> Option<Vec<String>> {
    if words.len() < 2 && !words.first().is_some_and(|w| w.as_ref().contains('-')) {
        return None; // a single word without hyphen ("Gbagbo"), most aliases
    }
    // Only between letters: "Lu-Olo" yes, "-" or "1-2" no.
    let joins_letters = |word: &str| {
        word.contains('-')
            && word
                .split('-')
                .all(|part| part.chars().next().is_some_and(char::is_alphabetic))
    };
    if words.iter().any(|word| joins_letters(word.as_ref())) {
        let mut out = Vec::with_capacity(words.len() + 2);
        for word in words {
            let word = word.as_ref();
            if joins_letters(word) {
                out.extend(word.split('-').map(str::to_string));
            } else {
                out.push(word.to_string());
            }
        }
        return Some(out);
    }
    if let Some(pos) = words[..words.len() - 1]
        .iter()
        .position(|w| ARTICLES.contains(&w.as_ref()))
    {
        let mut out: Vec<String> = words.iter().map(|w| w.as_ref().to_string()).collect();
        let joined = format!("{}-{}", out[pos], out[pos + 1]);
        out.splice(pos..pos + 2, [joined]);
        return Some(out);
    }
    let mut original = phrase.split(' ').filter(|w| !w.is_empty());
    let given = |w: Option<&str>| {
        w.is_some_and(|w| {
            w.chars().next().is_some_and(char::is_uppercase) && w.chars().all(char::is_alphabetic)
        })
    };
    if words.len() >= 3 && given(original.next()) && given(original.next()) {
        let mut out = Vec::with_capacity(words.len() - 1);
        out.push(format!("{}-{}", words[0].as_ref(), words[1].as_ref()));
        out.extend(words[2..].iter().map(|w| w.as_ref().to_string()));
        return Some(out);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn dictionary() -> ActorDictionary {
        let abbreviations = Abbreviations::default();
        let mut dict = ActorDictionary::default();
        dict.add_roles("roles", "president\tGOV\tpresident\nforeign_minister\tGOV\tforeign minister|secretary of state\n", &abbreviations)
            .expect("roles parse");
        dict.add_countries(
            "countries",
            "USA\tUS\tUnited States\tAmerica\tAmerican|Americans\tWashington\n",
            &abbreviations,
        )
        .expect("countries parse");
        dict.add_people(
            "people",
            "Jo Example\tExample\tf\tUSA\tforeign_minister\tGOV\t2019-01-20\t2021-01-10\nJo Example\tExample\tf\tUSA\tpresident\tGOV\t2021-02-01\t\n",
            &abbreviations,
        )
        .expect("people parse");
        dict
    }

    #[test]
    fn phrase_words_cut_in_one_piece_are_the_owned_ones() {
        let abbreviations = Abbreviations::default();
        for phrase in [
            "The Hague",
            "the",
            "Foreign Minister",
            "UN  Security Council 2",
            "Jean-Bertrand Aristide",
            "Sa\u{e3}o Tom\u{e9}",
            "",
        ] {
            let owned = ActorDictionary::phrase_words(phrase, &abbreviations);
            ActorDictionary::with_phrase_words(phrase, &abbreviations, |words| {
                assert_eq!(words, owned.iter().map(String::as_str).collect::<Vec<_>>());
            });
        }
    }

    #[test]
    fn plain_phrases_split_as_the_tokenizer_does() {
        let abbreviations = Abbreviations::default();
        for phrase in [
            "the Foreign Ministry",
            "G7",
            "Ministry of  Defence",
            " Jo Example ",
            "the",
            "",
            "NATO",
        ] {
            let by_tokenizer: Vec<String> = split_words(phrase, &abbreviations)
                .into_iter()
                .map(|(start, end)| normalize(&phrase[start..end]))
                .collect();
            let mut expected = by_tokenizer;
            if expected.len() > 1 && expected[0] == "the" {
                expected.remove(0);
            }
            assert_eq!(
                ActorDictionary::phrase_words(phrase, &abbreviations),
                expected,
                "{phrase:?}"
            );
        }
    }

    #[test]
    fn partial_dates_whole_and_cut() {
        let day = |text| parse_partial_date(text, false);
        assert_eq!(day("2019-01-20"), Some(date(2019, 1, 20)));
        assert_eq!(day("0999-12-31"), Some(date(999, 12, 31)));
        assert_eq!(day("2019-02-30"), None);
        assert_eq!(day("2019-13-01"), None);
        assert_eq!(day("2019-00-10"), None);
        assert_eq!(day("2019-1-20"), Some(date(2019, 1, 20)));
        assert_eq!(day("2019-05"), Some(date(2019, 5, 1)));
        assert_eq!(parse_partial_date("2020-02", true), Some(date(2020, 2, 29)));
        assert_eq!(parse_partial_date("2019", true), Some(date(2019, 12, 31)));
        assert_eq!(day("2019-xx-20"), Some(date(2019, 1, 1)));
        assert_eq!(day("20a9-01-20"), None);
    }

    #[test]
    fn hyphen_variants_of_names() {
        let variant = |phrase: &str| {
            let words = ActorDictionary::phrase_words(phrase, &Abbreviations::default());
            hyphen_variant(phrase, &words).map(|words| words.join(" "))
        };
        assert_eq!(
            variant("Jean-Bertrand Aristide").as_deref(),
            Some("jean bertrand aristide")
        );
        assert_eq!(
            variant("Jean Bertrand Aristide").as_deref(),
            Some("jean-bertrand aristide")
        );
        assert_eq!(
            variant("Bashar al Assad").as_deref(),
            Some("bashar al-assad")
        );
        assert_eq!(
            variant("Bashar al-Assad").as_deref(),
            Some("bashar al assad")
        );
        assert_eq!(variant("Gbagbo"), None);
        assert_eq!(variant("Laurent Gbagbo"), None);
        assert_eq!(variant("B. J. Habibie"), None);
        assert_eq!(variant("Abdel-"), None);
    }

    #[test]
    fn people_match_with_or_without_hyphens_and_accents() {
        let mut dict = ActorDictionary::default();
        let abbreviations = Abbreviations::default();
        dict.add_roles("roles", "president\tGOV\tpresident\n", &abbreviations)
            .expect("roles parse");
        dict.add_countries(
            "countries",
            "HTI\tHT\tHaiti\t\tHaitian\t\nTUR\tTR\tTurkey\t\tTurkish\t\nSYR\tSY\tSyria\t\tSyrian\t\n",
            &abbreviations,
        )
        .expect("countries parse");
        dict.add_people(
            "people",
            "Jean Bertrand Aristide\tAristide\tm\tHTI\tpresident\tGOV\t2001-02-07\t2004-02-29\n\
             Recep Tayyip Erdoğan\tErdoğan\tm\tTUR\tpresident\tGOV\t2014-08-28\t\n\
             Bashar al-Assad\tAssad\tm\tSYR\tpresident\tGOV\t2000-07-17\t2024-12-08\n",
            &abbreviations,
        )
        .expect("people parse");
        for words in [
            &["jean-bertrand", "aristide"][..],
            &["jean", "bertrand", "aristide"],
            &["erdogan"],
            &["recep", "tayyip", "erdogan"],
            &["bashar", "al", "assad"],
            &["bashar", "al-assad"],
        ] {
            assert!(
                matches!(dict.lookup(words).first(), Some(Entry::Person(_))),
                "{words:?}"
            );
        }
    }

    #[test]
    fn people_resolve_by_date() {
        let dict = dictionary();
        let person = &dict.people[0];
        assert_eq!(person.at(Some(date(2020, 5, 1))).0.to_string(), "USA/GOV");
        assert_eq!(person.at(Some(date(2021, 1, 25))).0.to_string(), "USA/ELI");
        assert_eq!(person.at(Some(date(2010, 1, 1))).0.to_string(), "USA");
        let president = dict.office("president").expect("office");
        assert_eq!(
            dict.holders(president, "USA", Some(date(2022, 1, 1))),
            vec![0]
        );
    }

    #[test]
    fn people_are_found_by_their_exact_name() {
        let dict = dictionary();
        let found = dict.person_named("Jo Example").expect("person");
        assert_eq!(found.name, "Jo Example");
        assert_eq!(found.gender, Gender::Female);
        // The index is normalised, the name must still match as written.
        assert!(dict.person_named("jo example").is_none());
        assert!(dict.person_named("Jo Nobody").is_none());
    }

    #[test]
    fn phrases_are_found_by_normalised_words() {
        let dict = dictionary();
        let (len, entries) = dict
            .longest(&["secretary", "of", "state", "example"])
            .expect("title");
        assert_eq!(len, 3);
        assert!(matches!(entries[0], Entry::Title(_)));
        assert!(matches!(dict.lookup(&["americans"])[0], Entry::Demonym(0)));
        assert!(matches!(dict.lookup(&["example"])[0], Entry::Person(0)));
    }

    #[test]
    fn malformed_rows_name_file_and_line() {
        let mut dict = dictionary();
        let error = dict
            .add_people(
                "mine.tsv",
                "# header\nNo Office\t\tm\tUSA\tjuggler\tGOV\t2020-01-01\t\n",
                &Abbreviations::default(),
            )
            .expect_err("unknown office");
        assert_eq!(error.file, "mine.tsv");
        assert_eq!(error.line, 2);
        let error = dict
            .add_countries("c.tsv", "XX\tX\tNowhere\n", &Abbreviations::default())
            .expect_err("bad code");
        assert_eq!(error.line, 1);
    }
}
