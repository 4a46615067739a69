//! The word classes the geo stage reads (`lexicon/geo-words.tsv`): head words
//! before prepositions, titles, generic heads of place names, language words.
//!
//! They are data so that a user can extend them without touching the stage's
//! logic. All classes share one hash map from word to a bit per class: the
//! stage asks about the same word under several classes (the four kinds of
//! generic head, whose order matters), and one probe answers them all.

use crate::error::{data_lines, fields, ResourceError};
use dyad_doc::hash::FastMap;

/// A class of `lexicon/geo-words.tsv` (the file's header says what each means).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GeoClass {
    /// Heads before "to" that take a recipient or partner ("aid to").
    NotDestination,
    /// Heads before "from" that make it a trade flow or a list ("imports from").
    NotOrigin,
    /// Heads before "on" that make the name a target location ("strikes on").
    AttackHead,
    /// Heads before "for" that make the name a destination or remit ("envoy for").
    ForHead,
    /// Heads before "of" that make the name a location ("the coast of").
    OfHead,
    /// Heads before "with" that make the name a location ("border with").
    WithHead,
    /// Heads before "between" that join two locations ("the cable between").
    BetweenHead,
    /// Heads before "over" that make the name a location ("drones over").
    OverHead,
    /// Verb lemmas whose object is a location ("visit", "seize").
    MovementVerb,
    /// Adjectives before a country that make it a place ("southern", "war-torn").
    PlaceAdjective,
    /// Nouns after "Name's" that make the name a location ("capital").
    LocationNoun,
    /// Nouns after a name that make it an actor's modifier ("forces").
    ActorNoun,
    /// Location nouns before a name in apposition ("the capital Maputo").
    AppositionNoun,
    /// Titles after a name that make it a remit ("Istanbul Mayor").
    RemitTitle,
    /// Titles before a name that make it a person's ("Officer John Hege").
    PersonTitle,
    /// Heads naming a division or district ("region").
    AreaHead,
    /// Heads naming a natural feature ("lake").
    NatureHead,
    /// Heads naming a street, building or site ("road", "airport").
    SiteHead,
    /// Heads of buildings that also name institutions ("university").
    InstitutionHead,
    /// Heads of streets named after places elsewhere ("Dublin Road").
    NamedAfterHead,
    /// Heads written before a number ("Highway 19").
    NumberedHead,
    /// Heads written before the name ("Lake Chad").
    HeadFirst,
    /// Words closing a town's name after a state's ("Iowa Falls").
    TownSuffix,
    /// Verbs whose object is a language ("speaks French").
    LanguageVerb,
    /// Nouns after a language name ("English teacher").
    LanguageHead,
}

impl GeoClass {
    /// Every class, in the order of the file's header.
    pub const ALL: [GeoClass; 25] = [
        GeoClass::NotDestination,
        GeoClass::NotOrigin,
        GeoClass::AttackHead,
        GeoClass::ForHead,
        GeoClass::OfHead,
        GeoClass::WithHead,
        GeoClass::BetweenHead,
        GeoClass::OverHead,
        GeoClass::MovementVerb,
        GeoClass::PlaceAdjective,
        GeoClass::LocationNoun,
        GeoClass::ActorNoun,
        GeoClass::AppositionNoun,
        GeoClass::RemitTitle,
        GeoClass::PersonTitle,
        GeoClass::AreaHead,
        GeoClass::NatureHead,
        GeoClass::SiteHead,
        GeoClass::InstitutionHead,
        GeoClass::NamedAfterHead,
        GeoClass::NumberedHead,
        GeoClass::HeadFirst,
        GeoClass::TownSuffix,
        GeoClass::LanguageVerb,
        GeoClass::LanguageHead,
    ];

    /// The class's name in the file.
    pub fn name(self) -> &'static str {
        match self {
            GeoClass::NotDestination => "not_destination",
            GeoClass::NotOrigin => "not_origin",
            GeoClass::AttackHead => "attack_head",
            GeoClass::ForHead => "for_head",
            GeoClass::OfHead => "of_head",
            GeoClass::WithHead => "with_head",
            GeoClass::BetweenHead => "between_head",
            GeoClass::OverHead => "over_head",
            GeoClass::MovementVerb => "movement_verb",
            GeoClass::PlaceAdjective => "place_adjective",
            GeoClass::LocationNoun => "location_noun",
            GeoClass::ActorNoun => "actor_noun",
            GeoClass::AppositionNoun => "apposition_noun",
            GeoClass::RemitTitle => "remit_title",
            GeoClass::PersonTitle => "person_title",
            GeoClass::AreaHead => "area_head",
            GeoClass::NatureHead => "nature_head",
            GeoClass::SiteHead => "site_head",
            GeoClass::InstitutionHead => "institution_head",
            GeoClass::NamedAfterHead => "named_after_head",
            GeoClass::NumberedHead => "numbered_head",
            GeoClass::HeadFirst => "head_first",
            GeoClass::TownSuffix => "town_suffix",
            GeoClass::LanguageVerb => "language_verb",
            GeoClass::LanguageHead => "language_head",
        }
    }

    /// The class named `name` in the file, if any (a `match`, not a scan of
    /// [`GeoClass::ALL`]: start-up asks it for every line of the file).
    pub fn from_name(name: &str) -> Option<GeoClass> {
        Some(match name {
            "not_destination" => GeoClass::NotDestination,
            "not_origin" => GeoClass::NotOrigin,
            "attack_head" => GeoClass::AttackHead,
            "for_head" => GeoClass::ForHead,
            "of_head" => GeoClass::OfHead,
            "with_head" => GeoClass::WithHead,
            "between_head" => GeoClass::BetweenHead,
            "over_head" => GeoClass::OverHead,
            "movement_verb" => GeoClass::MovementVerb,
            "place_adjective" => GeoClass::PlaceAdjective,
            "location_noun" => GeoClass::LocationNoun,
            "actor_noun" => GeoClass::ActorNoun,
            "apposition_noun" => GeoClass::AppositionNoun,
            "remit_title" => GeoClass::RemitTitle,
            "person_title" => GeoClass::PersonTitle,
            "area_head" => GeoClass::AreaHead,
            "nature_head" => GeoClass::NatureHead,
            "site_head" => GeoClass::SiteHead,
            "institution_head" => GeoClass::InstitutionHead,
            "named_after_head" => GeoClass::NamedAfterHead,
            "numbered_head" => GeoClass::NumberedHead,
            "head_first" => GeoClass::HeadFirst,
            "town_suffix" => GeoClass::TownSuffix,
            "language_verb" => GeoClass::LanguageVerb,
            "language_head" => GeoClass::LanguageHead,
            _ => return None,
        })
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// The classes one word belongs to, from one probe of [`GeoWords::classes`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GeoClasses(u32);

impl GeoClasses {
    /// True when the word is in `class`.
    #[inline]
    pub fn has(self, class: GeoClass) -> bool {
        self.0 & (1 << class.index()) != 0
    }

    /// True when the word is in no class.
    #[inline]
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

/// The words of `lexicon/geo-words.tsv` by class, built once when the
/// resources load.
///
/// Lookups take a word as the text has it and never allocate for an ASCII
/// word of up to 32 bytes: the stage asks them for most tokens of every
/// document. Per class, the first bytes and the longest length of its words
/// reject most words before hashing.
#[derive(Debug, Default, Clone)]
pub struct GeoWords {
    /// Lowercase word (as bytes, so a word lowercased in a byte buffer needs
    /// no UTF-8 check) → a bit per class it belongs to.
    words: FastMap<Box<[u8]>, u32>,
    /// Per class, bit `b` set when some word starts with the ASCII byte `b`.
    firsts: [u128; GeoClass::ALL.len()],
    /// Per class, the length of its longest word.
    max_len: [usize; GeoClass::ALL.len()],
    /// Per class, how many words it holds (for tests and listings).
    counts: [usize; GeoClass::ALL.len()],
}

impl GeoWords {
    /// Adds a file of `class<TAB>word` lines; a class the geo stage does not
    /// ask about is an error, so a misspelt class cannot silently do nothing.
    ///
    /// # Errors
    /// A line without exactly two fields, an unknown class or an empty word,
    /// naming `file` and the line.
    pub fn add_file(&mut self, file: &str, text: &str) -> Result<(), ResourceError> {
        for (line_no, line) in data_lines(text) {
            let parts = fields(file, line_no, line, 2, 2)?;
            let error = |message: String| ResourceError {
                file: file.into(),
                line: line_no,
                message,
            };
            let class = GeoClass::from_name(parts[0]).ok_or_else(|| {
                let names: Vec<&str> = GeoClass::ALL.iter().map(|c| c.name()).collect();
                error(format!(
                    "unknown geo word class {:?} (one of {names:?})",
                    parts[0]
                ))
            })?;
            if parts[1].is_empty() {
                return Err(error(format!("no word for class {:?}", parts[0])));
            }
            self.add(class, parts[1]);
        }
        Ok(())
    }

    /// Adds one word (lowercased) to `class`.
    pub fn add(&mut self, class: GeoClass, word: &str) {
        // Nearly every word is ASCII, where lowercasing needs no Unicode tables.
        let word = if word.is_ascii() {
            word.to_ascii_lowercase()
        } else {
            word.to_lowercase()
        };
        let i = class.index();
        if let Some(&first) = word.as_bytes().first() {
            if first.is_ascii() {
                self.firsts[i] |= 1u128 << first;
            }
        }
        self.max_len[i] = self.max_len[i].max(word.len());
        let bits = self.words.entry(word.into_bytes().into()).or_insert(0);
        if *bits & (1 << i) == 0 {
            self.counts[i] += 1;
        }
        *bits |= 1 << i;
    }

    /// The classes of `word`, compared as it is (the caller passes a
    /// lowercase form).
    #[inline]
    pub fn classes(&self, word: &str) -> GeoClasses {
        GeoClasses(self.words.get(word.as_bytes()).copied().unwrap_or(0))
    }

    /// True when `word`, compared as it is (a lowercase form), is in `class`.
    #[inline]
    pub fn contains(&self, class: GeoClass, word: &str) -> bool {
        self.may_hold(class, word.as_bytes()) && self.classes(word).has(class)
    }

    /// True when `word` in any case and without its final full stops
    /// ("Sgt.", "ROAD") is in `class`.
    pub fn contains_bare(&self, class: GeoClass, word: &str) -> bool {
        let trimmed = word.trim_end_matches('.');
        let mut buffer = [0u8; 32];
        if trimmed.is_ascii() && trimmed.len() <= buffer.len() {
            if !self.may_hold_folded(class, trimmed.as_bytes()) {
                return false;
            }
            let lowered = &mut buffer[..trimmed.len()];
            lowered.copy_from_slice(trimmed.as_bytes());
            lowered.make_ascii_lowercase();
            return self
                .words
                .get(&*lowered)
                .is_some_and(|bits| bits & (1 << class.index()) != 0);
        }
        self.classes(&trimmed.to_lowercase()).has(class)
    }

    /// False when no word of `class` can be `word` by its length or its
    /// (ASCII) first byte.
    #[inline]
    fn may_hold(&self, class: GeoClass, word: &[u8]) -> bool {
        let i = class.index();
        word.len() <= self.max_len[i]
            && word
                .first()
                .is_none_or(|&b| !b.is_ascii() || self.firsts[i] & (1u128 << b) != 0)
    }

    /// [`GeoWords::may_hold`] for an ASCII word in any case.
    #[inline]
    fn may_hold_folded(&self, class: GeoClass, word: &[u8]) -> bool {
        let i = class.index();
        word.len() <= self.max_len[i]
            && word
                .first()
                .is_none_or(|&b| self.firsts[i] & (1u128 << b.to_ascii_lowercase()) != 0)
    }

    /// How many words `class` holds.
    pub fn len(&self, class: GeoClass) -> usize {
        self.counts[class.index()]
    }

    /// True when no class holds a word.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The words of `class`, in no particular order.
    pub fn words(&self, class: GeoClass) -> impl Iterator<Item = &str> {
        self.words.iter().filter_map(move |(word, bits)| {
            (bits & (1 << class.index()) != 0)
                .then(|| std::str::from_utf8(word).ok())
                .flatten()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_names_round_trip_and_fit_the_bits() {
        assert!(GeoClass::ALL.len() <= 32);
        for (i, class) in GeoClass::ALL.into_iter().enumerate() {
            assert_eq!(class.index(), i, "{class:?} out of order in ALL");
            assert_eq!(GeoClass::from_name(class.name()), Some(class));
        }
        assert_eq!(GeoClass::from_name("area_heads"), None);
    }

    #[test]
    fn words_are_found_by_class_exactly_or_bare() {
        let mut words = GeoWords::default();
        words
            .add_file(
                "g.tsv",
                "# comment\nsite_head\tRoad\narea_head\tregion\nsite_head\tregion\nperson_title\tsgt\nlanguage_head\tcours\u{e9}\n",
            )
            .expect("valid lines");
        assert!(words.contains(GeoClass::SiteHead, "road"));
        assert!(!words.contains(GeoClass::SiteHead, "Road"));
        assert!(!words.contains(GeoClass::AreaHead, "road"));
        let region = words.classes("region");
        assert!(region.has(GeoClass::AreaHead) && region.has(GeoClass::SiteHead));
        assert!(words.classes("county").is_empty());
        for (word, found) in [
            ("Sgt.", true),
            ("SGT", true),
            ("sgt..", true),
            ("sergeant", false),
            ("", false),
            ("Ünited", false),
        ] {
            assert_eq!(
                words.contains_bare(GeoClass::PersonTitle, word),
                found,
                "{word}"
            );
        }
        assert!(words.contains_bare(GeoClass::LanguageHead, "COURSÉ"));
        assert_eq!(words.len(GeoClass::SiteHead), 2);
        assert_eq!(words.len(GeoClass::NatureHead), 0);
        let mut site: Vec<&str> = words.words(GeoClass::SiteHead).collect();
        site.sort_unstable();
        assert_eq!(site, ["region", "road"]);
    }

    #[test]
    fn unknown_classes_and_malformed_lines_name_file_and_line() {
        let mut words = GeoWords::default();
        let err = words
            .add_file("mine.tsv", "site_head\troad\n\nsite_heads\tlane\n")
            .expect_err("misspelt class");
        assert_eq!((err.file.as_str(), err.line), ("mine.tsv", 3));
        assert!(err.message.contains("site_heads"), "{}", err.message);
        assert!(err.to_string().starts_with("mine.tsv:3: "), "{err}");
        let err = words
            .add_file("mine.tsv", "site_head road\n")
            .expect_err("one field");
        assert_eq!(err.line, 1);
        let err = words
            .add_file("mine.tsv", "site_head\tlane\textra\n")
            .expect_err("three fields");
        assert_eq!(err.line, 1);
        let err = words
            .add_file("mine.tsv", "# header\nsite_head\t\n")
            .expect_err("no word");
        assert_eq!(err.line, 2);
    }
}
