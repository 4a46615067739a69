//! Small word lists: abbreviations, boilerplate lines, quote cues, negation and modality.

use crate::error::{data_lines, fields, ResourceError};
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
    /// Line prefixes (lowercase) that mark boilerplate.
    pub boilerplate_prefixes: Vec<String>,
    /// Whole lines (lowercase) that are boilerplate.
    pub boilerplate_lines: HashSet<String>,
    /// Reporting verbs by lemma.
    pub quote_cues: FastMap<String, CueKind>,
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
    /// hazards, bans, aerial attacks, meetings, reports), so the lists are data.
    pub noun_classes: FastMap<String, FastSet<String>>,
    /// Cue lemmas of non-political domains (sport, weather, markets), by lemma.
    pub domains: FastMap<String, String>,
    /// Countries (alpha-3) whose names put the family name first.
    pub surname_first: HashSet<String>,
    /// Agents an agentless passive leaves implied ("had been detained": police), as
    /// (CAMEO code prefix, trigger lemma or `None` for any, sector).
    pub implied_agents: Vec<(String, Option<String>, Sector)>,
}

/// The noun classes `lexicon/noun-classes.tsv` may name.
pub const NOUN_CLASSES: &[&str] = &["hazard", "ban", "aerial_attack", "meeting", "report"];

impl Lexicon {
    /// True when a whole line of text is boilerplate (not article text).
    pub fn is_boilerplate(&self, line: &str) -> bool {
        let line = line.trim();
        if line.is_ascii() {
            // Normalising ASCII is lowercasing, so compare byte by byte with
            // the (normalised) entries instead of lowercasing the whole line
            // into a new string: segmenting asks this of every sentence that
            // fills a line, and news lines are long (Reuters: 2.5% of coding).
            let equals_lowercase = |entry: &str, text: &str| {
                entry.len() == text.len()
                    && entry
                        .bytes()
                        .zip(text.bytes())
                        .all(|(a, b)| a == b.to_ascii_lowercase())
            };
            let bare = line.trim_end_matches([':', '.', '!']);
            // Most lines start with a letter no entry starts with: comparing
            // first bytes before whole entries skips them in a few steps.
            let first = line.as_bytes().first().map(u8::to_ascii_lowercase);
            let starts_alike = |entry: &&String| entry.as_bytes().first().copied() == first;
            return self
                .boilerplate_lines
                .iter()
                .filter(starts_alike)
                .any(|entry| equals_lowercase(entry, bare))
                || self
                    .boilerplate_prefixes
                    .iter()
                    .filter(starts_alike)
                    .any(|prefix| {
                        line.get(..prefix.len())
                            .is_some_and(|head| equals_lowercase(prefix, head))
                    });
        }
        let lower = normalize(line);
        let bare = lower.trim_end_matches([':', '.', '!']);
        self.boilerplate_lines.contains(bare)
            || self
                .boilerplate_prefixes
                .iter()
                .any(|prefix| lower.starts_with(prefix.as_str()))
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
                self.boilerplate_lines.insert(normalize(whole.trim()));
            } else {
                self.boilerplate_prefixes.push(normalize(line));
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
    /// about is an error, so a misspelt class name cannot silently do nothing.
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
            self.noun_classes
                .entry(parts[0].to_string())
                .or_default()
                .insert(normalize(parts[1]));
        }
        Ok(())
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
    }
    use super::*;

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
