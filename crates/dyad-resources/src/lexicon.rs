//! Small word lists: abbreviations, boilerplate lines, quote cues, negation and modality,
//! the noun classes of the event stage and the word classes of the geo stage.

use crate::error::{data_lines, fields, ResourceError};
use crate::geo_words::GeoWords;
use crate::text::{normalize, Abbreviations};
use dyad_doc::hash::{FastMap, FastSet};
use dyad_doc::{Modality, Sector};
use std::collections::HashSet;

/// How a reporting verb introduces speech.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CueKind {
    /// A verb of saying taking a clause ("said that", "'...,' he said").
    Say,
    /// "according to X".
    According,
}

/// The word lists the pipeline's segment, quotes and events stages read.
///
/// The lists looked up once per token (`quote_cues`, `domains`,
/// `event_nouns`) hash with [`FastHasher`](crate::FastHasher), not SipHash,
/// which was several percent of the pipeline's time in these lookups alone.
#[derive(Debug, Default, Clone)]
pub struct Lexicon {
    /// Abbreviations for tokenizing and sentence splitting.
    pub abbreviations: Abbreviations,
    /// Boilerplate lines and line prefixes, indexed by first byte (private so
    /// the index stays in step with the lists: add with [`Lexicon::add_boilerplate`]).
    boilerplate: Boilerplate,
    /// Reporting verbs by lemma.
    pub quote_cues: FastMap<String, CueKind>,
    /// Reporting verbs that report speech without "that" ("said it would"; the
    /// `bare` column of `quote-cues.tsv`): the others need "that" for an indirect quote.
    pub bare_quote_cues: FastSet<String>,
    /// Negation cues as lemma sequences.
    pub negation: Vec<Vec<String>>,
    /// Modality cues as lemma sequences.
    pub modality: Vec<(Vec<String>, Modality)>,
    /// Nouns that refer back to an earlier act ("condemned the strike").
    pub event_nouns: FastSet<String>,
    /// Weapons and military vehicles: a country's adjective before one names its
    /// military ("a Malian drone").
    pub military_hardware: FastSet<String>,
    /// Words by the noun class the event stage asks about (`lexicon/noun-classes.tsv`:
    /// hazards, bans, aerial attacks, meetings, reports, aims, commitments, pairs, force,
    /// own sides), so the lists are data.
    pub noun_classes: FastMap<String, FastSet<String>>,
    /// Words by the class the geo stage asks about (`lexicon/geo-words.tsv`: heads
    /// before prepositions, titles, generic heads of place names, language words),
    /// so the lists are data a user can extend.
    pub geo_words: GeoWords,
    /// Cue lemmas of non-political domains (sport, weather, markets), by lemma.
    pub domains: FastMap<String, String>,
    /// Countries (alpha-3) whose names put the family name first.
    pub surname_first: HashSet<String>,
    /// Agents an agentless passive leaves implied ("had been detained": police), as
    /// (CAMEO code prefix, trigger lemma or `None` for any, sector).
    pub implied_agents: Vec<(String, Option<String>, Sector)>,
}

/// Boilerplate entries, indexed so that a line of article text is rejected
/// in a few instructions: segmenting asks this of every sentence that fills a
/// line, and on Reuters that was some 700 instructions a sentence (1 % of
/// coding) scanning every entry.
///
/// Both lists are sorted by first byte, and `heads` has a bit for (a hash
/// of) the first four bytes of each entry. Normalising maps each ASCII
/// character to its lowercase on its own, so a line starting with four ASCII
/// bytes whose lowercase hashes to a clear bit matches no entry (unless an
/// entry is shorter than four bytes: then every line is compared). Two bytes
/// were not enough: many news lines start with "th", as entries do.
#[derive(Debug, Default, Clone)]
struct Boilerplate {
    /// Line prefixes (normalised), sorted by first byte.
    prefixes: Vec<String>,
    /// Whole lines (normalised, distinct), sorted by first byte.
    lines: Vec<String>,
    /// Bit [`Boilerplate::head`] set for each entry's first four bytes
    /// (65,536 bits once an entry is added, none before).
    heads: Vec<u64>,
    /// Whether some entry is shorter than four bytes.
    any_short: bool,
}

impl Boilerplate {
    /// Adds a normalised prefix (`prefix`) or whole line, keeping the index.
    fn add(&mut self, prefix: bool, entry: String) {
        if self.heads.is_empty() {
            self.heads = vec![0; 1 << 10];
        }
        // An entry whose first four bytes are not all ASCII ("© ...") can
        // only match lines the index does not judge, so it needs no bit.
        match entry.as_bytes().get(..4) {
            Some(head) => {
                if let Some(bit) = Self::head(head) {
                    self.heads[bit >> 6] |= 1 << (bit & 63);
                }
            }
            None => self.any_short = true,
        }
        let list = if prefix {
            &mut self.prefixes
        } else {
            &mut self.lines
        };
        if prefix || !list.contains(&entry) {
            list.push(entry);
            list.sort_by_key(|entry| entry.as_bytes().first().copied());
        }
    }

    /// The bit of `text`'s first four bytes, lowercased (`None` when it is
    /// shorter or they are not all ASCII: normalising may turn other bytes
    /// into ASCII letters).
    fn head(text: &[u8]) -> Option<usize> {
        let head: [u8; 4] = text.get(..4)?.try_into().ok()?;
        if !head.is_ascii() {
            return None;
        }
        let word = u32::from_le_bytes(head.map(|b| b.to_ascii_lowercase()));
        Some((word.wrapping_mul(0x9E37_79B1) >> 16) as usize)
    }

    /// The entries of `list` starting with `first` (`None`: empty entries).
    fn starting_with(list: &[String], first: Option<u8>) -> &[String] {
        let key = |entry: &String| entry.as_bytes().first().copied();
        let start = list.partition_point(|entry| key(entry) < first);
        let end = start + list[start..].partition_point(|entry| key(entry) == first);
        &list[start..end]
    }

    /// True when `line` (trimmed, in any case, with or without a final
    /// `:`, `.` or `!` for whole lines) is boilerplate.
    fn matches(&self, line: &str) -> bool {
        let line = line.trim();
        let first = line.as_bytes().first().copied();
        if let Some(bit) = Self::head(line.as_bytes()).filter(|_| !self.any_short) {
            let listed = self
                .heads
                .get(bit >> 6)
                .is_some_and(|bits| bits & (1 << (bit & 63)) != 0);
            if !listed {
                return false;
            }
        }
        if line.is_ascii() {
            // Normalising ASCII is lowercasing, so compare byte by byte with
            // the (normalised) entries instead of lowercasing the whole line
            // into a new string.
            let equals_lowercase = |entry: &str, text: &str| {
                entry.len() == text.len()
                    && entry
                        .bytes()
                        .zip(text.bytes())
                        .all(|(a, b)| a == b.to_ascii_lowercase())
            };
            let bare = line.trim_end_matches([':', '.', '!']);
            // Only entries starting with the line's first byte can match
            // (an empty entry only an empty line, as before the index).
            let first = first.map(|b| b.to_ascii_lowercase());
            return Self::starting_with(&self.lines, first)
                .iter()
                .any(|entry| equals_lowercase(entry, bare))
                || Self::starting_with(&self.prefixes, first)
                    .iter()
                    .any(|prefix| {
                        line.get(..prefix.len())
                            .is_some_and(|head| equals_lowercase(prefix, head))
                    });
        }
        let lower = normalize(line);
        let bare = lower.trim_end_matches([':', '.', '!']);
        self.lines.iter().any(|entry| entry == bare)
            || self
                .prefixes
                .iter()
                .any(|prefix| lower.starts_with(prefix.as_str()))
    }
}

/// The noun classes `lexicon/noun-classes.tsv` may name.
pub const NOUN_CLASSES: &[&str] = &[
    "hazard",
    "ban",
    "aerial_attack",
    "meeting",
    "report",
    "aim",
    "commitment",
    "pair",
    "force",
    "own_side",
];

impl Lexicon {
    /// True when a whole line of text is boilerplate (not article text).
    pub fn is_boilerplate(&self, line: &str) -> bool {
        self.boilerplate.matches(line)
    }

    /// Whole lines (normalised) that are boilerplate, in no particular order.
    pub fn boilerplate_lines(&self) -> impl Iterator<Item = &str> {
        self.boilerplate.lines.iter().map(String::as_str)
    }

    /// Line prefixes (normalised) that mark boilerplate, in no particular order.
    pub fn boilerplate_prefixes(&self) -> impl Iterator<Item = &str> {
        self.boilerplate.prefixes.iter().map(String::as_str)
    }

    /// Adds abbreviations from a file: one per line.
    pub fn add_abbreviations(&mut self, _file: &str, text: &str) {
        for (_, line) in data_lines(text) {
            self.abbreviations.words.insert(line.trim().to_string());
        }
    }

    /// Adds abbreviations that may also end a sentence.
    pub fn add_final_abbreviations(&mut self, _file: &str, text: &str) {
        for (_, line) in data_lines(text) {
            self.abbreviations.may_end.insert(line.trim().to_string());
        }
    }

    /// Adds sentence-starting words.
    pub fn add_sentence_starters(&mut self, _file: &str, text: &str) {
        for (_, line) in data_lines(text) {
            self.abbreviations.starters.insert(line.trim().to_string());
        }
    }

    /// Adds boilerplate prefixes and `= whole line` entries.
    pub fn add_boilerplate(&mut self, _file: &str, text: &str) {
        for (_, line) in data_lines(text) {
            let line = line.trim();
            if let Some(whole) = line.strip_prefix('=') {
                self.boilerplate.add(false, normalize(whole.trim()));
            } else {
                self.boilerplate.add(true, normalize(line));
            }
        }
    }

    /// Adds quote cues (`lemma<TAB>kind`).
    pub fn add_quote_cues(&mut self, file: &str, text: &str) -> Result<(), ResourceError> {
        for (line_no, line) in data_lines(text) {
            let parts = fields(file, line_no, line, 2, 3)?;
            let kind = match parts[1] {
                "say" => CueKind::Say,
                "according" => CueKind::According,
                other => {
                    return Err(ResourceError {
                        file: file.into(),
                        line: line_no,
                        message: format!("unknown cue kind {other:?} (say or according)"),
                    })
                }
            };
            match parts.get(2).copied().unwrap_or("") {
                "" => {}
                "bare" => {
                    self.bare_quote_cues.insert(normalize(parts[0]));
                }
                other => {
                    return Err(ResourceError {
                        file: file.into(),
                        line: line_no,
                        message: format!("unknown cue flag {other:?} (bare or nothing)"),
                    })
                }
            }
            self.quote_cues.insert(normalize(parts[0]), kind);
        }
        Ok(())
    }

    /// Adds domain cues (`lemma<TAB>domain`).
    pub fn add_domains(&mut self, file: &str, text: &str) -> Result<(), ResourceError> {
        for (line_no, line) in data_lines(text) {
            let parts = fields(file, line_no, line, 2, 2)?;
            self.domains
                .insert(normalize(parts[0]), parts[1].to_string());
        }
        Ok(())
    }

    /// Adds implied agents (`cameo<TAB>lemma-or-*<TAB>sector`).
    pub fn add_implied_agents(&mut self, file: &str, text: &str) -> Result<(), ResourceError> {
        for (line_no, line) in data_lines(text) {
            let parts = fields(file, line_no, line, 3, 3)?;
            let sector = parts[2].parse::<Sector>().map_err(|e| ResourceError {
                file: file.into(),
                line: line_no,
                message: e.to_string(),
            })?;
            let lemma = (parts[1] != "*").then(|| normalize(parts[1]));
            self.implied_agents
                .push((parts[0].to_string(), lemma, sector));
        }
        Ok(())
    }

    /// The sector of the agent an agentless passive of `lemma` coded `cameo` leaves
    /// implied: a row naming the lemma wins over a `*` row.
    pub fn implied_agent(&self, cameo: &str, lemma: &str) -> Option<Sector> {
        let rows = || {
            self.implied_agents
                .iter()
                .filter(|(code, _, _)| cameo.starts_with(code.as_str()))
        };
        rows()
            .find(|(_, l, _)| l.as_deref() == Some(lemma))
            .or_else(|| rows().find(|(_, l, _)| l.is_none()))
            .map(|(_, _, sector)| *sector)
    }

    /// Adds surname-first countries, one alpha-3 code per line.
    pub fn add_surname_first(&mut self, _file: &str, text: &str) {
        for (_, line) in data_lines(text) {
            self.surname_first.insert(line.trim().to_ascii_uppercase());
        }
    }

    /// Adds event nouns, one lemma per line.
    pub fn add_event_nouns(&mut self, _file: &str, text: &str) {
        for (_, line) in data_lines(text) {
            self.event_nouns.insert(normalize(line.trim()));
        }
    }

    /// Adds weapons and military vehicles, one lemma per line.
    pub fn add_military_hardware(&mut self, _file: &str, text: &str) {
        for (_, line) in data_lines(text) {
            self.military_hardware.insert(normalize(line.trim()));
        }
    }

    /// Adds noun classes (`class<TAB>word`); a class the event stage does not ask
    /// about, or a line without a word, is an error, so a misspelt or cut line
    /// cannot silently do nothing.
    pub fn add_noun_classes(&mut self, file: &str, text: &str) -> Result<(), ResourceError> {
        for (line_no, line) in data_lines(text) {
            let parts = fields(file, line_no, line, 2, 2)?;
            if !NOUN_CLASSES.contains(&parts[0]) {
                return Err(ResourceError {
                    file: file.into(),
                    line: line_no,
                    message: format!(
                        "unknown noun class {:?} (one of {NOUN_CLASSES:?})",
                        parts[0]
                    ),
                });
            }
            if parts[1].is_empty() {
                return Err(ResourceError {
                    file: file.into(),
                    line: line_no,
                    message: format!("no word for noun class {:?}", parts[0]),
                });
            }
            self.noun_classes
                .entry(parts[0].to_string())
                .or_default()
                .insert(normalize(parts[1]));
        }
        Ok(())
    }

    /// Adds geo word classes (`class<TAB>word`, `lexicon/geo-words.tsv`'s format).
    ///
    /// # Errors
    /// A malformed line or a class the geo stage does not ask about.
    pub fn add_geo_words(&mut self, file: &str, text: &str) -> Result<(), ResourceError> {
        self.geo_words.add_file(file, text)
    }

    /// True when `word` (a lemma or lowercase form) belongs to noun class `class`.
    pub fn in_noun_class(&self, class: &str, word: &str) -> bool {
        self.noun_classes
            .get(class)
            .is_some_and(|words| words.contains(word))
    }

    /// Adds negation cues, one lemma sequence per line.
    pub fn add_negation(&mut self, _file: &str, text: &str) {
        for (_, line) in data_lines(text) {
            self.negation
                .push(line.split_whitespace().map(normalize).collect());
        }
    }

    /// Adds modality cues (`lemma sequence<TAB>modality`).
    pub fn add_modality(&mut self, file: &str, text: &str) -> Result<(), ResourceError> {
        for (line_no, line) in data_lines(text) {
            let parts = fields(file, line_no, line, 2, 2)?;
            let modality = parts[1].parse::<Modality>().map_err(|err| ResourceError {
                file: file.into(),
                line: line_no,
                message: err.to_string(),
            })?;
            self.modality.push((
                parts[0].split_whitespace().map(normalize).collect(),
                modality,
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_cues_marked_bare_report_speech_without_that() {
        let mut lexicon = Lexicon::default();
        let cues = "# lemma\tkind\tbare\nsay\tsay\tbare\ndeny\tsay\naccording\taccording\n";
        assert!(lexicon.add_quote_cues("q.tsv", cues).is_ok());
        assert_eq!(lexicon.quote_cues.len(), 3);
        assert!(lexicon.bare_quote_cues.contains("say"));
        assert!(!lexicon.bare_quote_cues.contains("deny"));
        let err = lexicon.add_quote_cues("q.tsv", "hint\tsay\tbear\n");
        assert!(err.is_err_and(|e| e.line == 1 && e.message.contains("bear")));
    }

    #[test]
    fn noun_classes_are_looked_up_by_class_and_misspelt_classes_refused() {
        let mut lexicon = Lexicon::default();
        assert!(lexicon
            .add_noun_classes("x.tsv", "hazard\tSandstorm\nmeeting\tparleys\n")
            .is_ok());
        assert!(lexicon.in_noun_class("hazard", "sandstorm"));
        assert!(lexicon.in_noun_class("meeting", "parleys"));
        assert!(!lexicon.in_noun_class("ban", "sandstorm"));
        let err = lexicon.add_noun_classes("x.tsv", "hazzard\tsleet\n");
        assert!(err.is_err_and(|e| e.line == 1 && e.message.contains("hazzard")));
        let err = lexicon.add_noun_classes("x.tsv", "# class\tword\npair\tsides\npair sides\n");
        assert!(err.is_err_and(|e| e.file == "x.tsv" && e.line == 3));
        assert!(lexicon.in_noun_class("pair", "sides"));
        let err = lexicon.add_noun_classes("x.tsv", "ban\tembargo\nban\t\n");
        assert!(err.is_err_and(|e| e.line == 2 && e.message.contains("no word")));
    }

    #[test]
    fn boilerplate_lines_and_prefixes_in_any_case() {
        let mut lexicon = Lexicon::default();
        lexicon.add_boilerplate("b.txt", "= Related stories\nread more:\n= Ünïcode line\n");
        for (line, expected) in [
            ("Related stories", true),
            ("  RELATED STORIES:!.  ", true),
            ("Related stories here", false),
            ("Read more: the talks", true),
            ("READ MORE", false),
            ("Read", false),
            ("", false),
            ("ünïcode LINE.", true),
            ("Read more… ", false),
            ("Read more: ünïcode", true),
        ] {
            assert_eq!(lexicon.is_boilerplate(line), expected, "{line:?}");
        }
    }

    #[test]
    fn the_first_byte_index_rejects_only_lines_no_entry_could_match() {
        let mut lexicon = Lexicon::default();
        lexicon.add_boilerplate(
            "b.txt",
            "= Éditions locales\nsubscribe now\nshare this\n= Share tools\n= share tools\n© all\n",
        );
        for (line, expected) in [
            ("Subscribe now for more", true),
            ("SHARE THIS story", true),
            ("Share tools.", true),
            ("Editions locales", true),
            ("ÉDITIONS LOCALES:", true),
            ("Troops crossed the river.", false),
            ("Shares fell on Monday.", false),
            ("© ALL rights", true),
            ("", false),
        ] {
            assert_eq!(lexicon.is_boilerplate(line), expected, "{line:?}");
        }
        assert_eq!(lexicon.boilerplate_lines().count(), 2);
        assert_eq!(lexicon.boilerplate_prefixes().count(), 3);
        assert!(!lexicon.boilerplate.any_short);
    }

    #[test]
    fn an_implied_agent_row_naming_the_lemma_wins() {
        let mut lexicon = Lexicon::default();
        lexicon
            .add_implied_agents(
                "t.tsv",
                "# cameo\tlemma\tsector\n173\t*\tCOP\n173\tcharge\tJUD\n",
            )
            .expect("valid rows");
        assert_eq!(lexicon.implied_agent("173", "detain"), Some(Sector::Cop));
        assert_eq!(lexicon.implied_agent("173", "charge"), Some(Sector::Jud));
        assert_eq!(lexicon.implied_agent("190", "detain"), None);
        assert!(lexicon
            .add_implied_agents("t.tsv", "173\t*\tXYZ\n")
            .is_err());
    }
}
