//! Event patterns: lemma sequences with actor slots mapped to CAMEO codes.
//!
//! The syntax is documented in `data/README.md` ("patterns/"). This module
//! parses and indexes patterns by the lemma of their trigger; matching them
//! against a clause is the `events` stage's job.

use crate::error::{data_lines, ResourceError};
use crate::interned::InternedPatterns;
use crate::text::normalize;
use dyad_doc::hash::FastMap;
use dyad_doc::CameoCode;
use std::sync::Arc;

/// One element of a pattern.
#[derive(Debug, Clone, PartialEq)]
pub enum Element {
    /// Any of these lemma sequences (most are one word long). Shared: every
    /// use of a synonym set (`&NAME`) points at the same list, so a set of
    /// hundreds of words used by hundreds of patterns is stored, and
    /// interned, once.
    Words(Arc<[Vec<Box<str>>]>),
    /// A gap of up to four tokens.
    Gap,
    /// The target actor starts here.
    Target,
    /// The source actor starts here.
    Source,
}

/// Options of a pattern.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PatternFlags {
    /// Symmetric interaction: "X and Y met" is one event.
    pub symmetric: bool,
    /// The trigger is a noun.
    pub noun: bool,
    /// The trigger is an adjective ("disappointed", "ready to").
    pub adjective: bool,
    /// Only a future or conditional statement of the act counts ("Moscow would respond").
    pub future: bool,
    /// Only a negated use counts, and it is the refusal ("would not accept", "refused to sign").
    pub refusal: bool,
    /// Complete without a target.
    pub no_target: bool,
    /// A unilateral act ("resigned", "demobilised"): the target is looked for and
    /// inferred as usual, but when none is found the event is kept without one,
    /// as CAMEO codes such acts with the target absent.
    pub unilateral: bool,
    /// A speech act whose clause is its content.
    pub say: bool,
    /// A judgement of the clause subject ("the measures were unacceptable"): the
    /// speaker who reports it judges, the subject's actor is the target.
    pub judge: bool,
}

/// A parsed event pattern.
#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    /// Stable id, reported in every event record.
    pub id: String,
    /// The CAMEO code it assigns.
    pub cameo: CameoCode,
    /// Elements in order.
    pub elements: Vec<Element>,
    /// Index of the trigger (the first `Words` element).
    pub trigger: usize,
    /// Options.
    pub flags: PatternFlags,
    /// Where it was defined (`file:line`), for `--explain`.
    pub origin: String,
}

impl Pattern {
    /// Number of word elements: the pattern's specificity.
    pub fn specificity(&self) -> usize {
        self.elements
            .iter()
            .map(|element| match element {
                Element::Words(alternatives) => {
                    alternatives.iter().map(Vec::len).min().unwrap_or(1)
                }
                Element::Target | Element::Source => 1,
                Element::Gap => 0,
            })
            .sum()
    }
}

/// All event patterns, indexed by the first lemma of their trigger.
#[derive(Debug, Clone, Default)]
pub struct PatternSet {
    /// Every pattern, in load order.
    pub patterns: Vec<Pattern>,
    by_trigger: FastMap<Box<str>, Vec<u32>>,
    synsets: FastMap<String, Arc<[Vec<Box<str>>]>>,
    ids: FastMap<String, usize>,
    /// The interned form for matching, built on first use.
    interned: std::sync::OnceLock<InternedPatterns>,
}

impl PatternSet {
    /// The patterns whose trigger can start with `lemma`.
    pub fn for_trigger(&self, lemma: &str) -> impl Iterator<Item = &Pattern> {
        self.by_trigger
            .get(lemma)
            .into_iter()
            .flatten()
            .map(|&idx| &self.patterns[idx as usize])
    }

    /// The patterns with their words interned, for fast matching (built on
    /// first use; adding a file rebuilds it). It mirrors `patterns` as they
    /// were at that first use: change them through [`PatternSet::add_file`],
    /// not by editing the public field afterwards.
    pub fn interned(&self) -> &InternedPatterns {
        self.interned.get_or_init(|| {
            InternedPatterns::new(
                self,
                self.by_trigger
                    .iter()
                    .map(|(word, list)| (&**word, list.as_slice())),
            )
        })
    }

    /// A pattern by id.
    pub fn get(&self, id: &str) -> Option<&Pattern> {
        self.ids.get(id).map(|&idx| &self.patterns[idx])
    }

    /// Parses a pattern file and adds its synonym sets and patterns. A user
    /// pattern with an existing id replaces the earlier one.
    pub fn add_file(&mut self, file: &str, text: &str) -> Result<(), ResourceError> {
        self.interned = std::sync::OnceLock::new();
        let err = |line: usize, message: String| ResourceError {
            file: file.to_string(),
            line,
            message,
        };
        for (line_no, line) in data_lines(text) {
            let line = line.trim();
            if let Some(rest) = line.strip_prefix('&') {
                let (name, members) = rest
                    .split_once('=')
                    .ok_or_else(|| err(line_no, "a synonym set reads `&NAME = a|b|c`".into()))?;
                let members: Vec<Vec<Box<str>>> = members
                    .split('|')
                    .map(|member| {
                        member
                            .split_whitespace()
                            .map(|w| normalize(w).into_boxed_str())
                            .collect::<Vec<_>>()
                    })
                    .filter(|words: &Vec<Box<str>>| !words.is_empty())
                    .collect();
                if members.is_empty() {
                    return Err(err(
                        line_no,
                        format!("synonym set &{} is empty", name.trim()),
                    ));
                }
                self.synsets.insert(name.trim().to_string(), members.into());
                continue;
            }
            let parts: Vec<&str> = line.split('\t').map(str::trim).collect();
            if parts.len() < 3 || parts.len() > 4 {
                return Err(err(
                    line_no,
                    format!(
                        "expected `id<TAB>cameo<TAB>pattern[<TAB>flags]`, found {} fields",
                        parts.len()
                    ),
                ));
            }
            let id = parts[0].to_string();
            let cameo: CameoCode = parts[1]
                .parse()
                .map_err(|e: dyad_doc::CodeError| err(line_no, e.to_string()))?;
            let mut flags = PatternFlags::default();
            for flag in parts
                .get(3)
                .copied()
                .unwrap_or("")
                .split(',')
                .map(str::trim)
                .filter(|f| !f.is_empty() && *f != "-")
            {
                match flag {
                    "sym" => flags.symmetric = true,
                    "noun" => flags.noun = true,
                    "adj" => flags.adjective = true,
                    "future" => flags.future = true,
                    "refusal" => flags.refusal = true,
                    "notarget" => flags.no_target = true,
                    "unilateral" => flags.unilateral = true,
                    "say" => flags.say = true,
                    "judge" => flags.judge = true,
                    other => {
                        return Err(err(
                            line_no,
                            format!(
                                "unknown flag {other:?} (sym, noun, adj, future, refusal, notarget, unilateral, say, judge)"
                            ),
                        ))
                    }
                }
            }
            let mut elements = Vec::new();
            for token in parts[2].split_whitespace() {
                let element = match token {
                    "*" => Element::Gap,
                    "$T" => Element::Target,
                    "$S" => Element::Source,
                    _ if token.starts_with('&') => {
                        let members = self.synsets.get(&token[1..]).ok_or_else(|| {
                            err(
                                line_no,
                                format!("synonym set {token} is not defined above its first use"),
                            )
                        })?;
                        Element::Words(Arc::clone(members))
                    }
                    _ => Element::Words(
                        token
                            .split('|')
                            .filter(|alt| !alt.is_empty())
                            .map(|alt| {
                                alt.split('_')
                                    .map(|w| normalize(w).into_boxed_str())
                                    .collect()
                            })
                            .collect::<Vec<_>>()
                            .into(),
                    ),
                };
                elements.push(element);
            }
            let trigger = elements
                .iter()
                .position(|element| matches!(element, Element::Words(_)))
                .ok_or_else(|| err(line_no, "a pattern needs at least one word".into()))?;
            let pattern = Pattern {
                id: id.clone(),
                cameo,
                elements,
                trigger,
                flags,
                origin: origin(file, line_no),
            };
            let idx = match self.ids.get(&id) {
                Some(&idx) => {
                    self.patterns[idx] = pattern;
                    for list in self.by_trigger.values_mut() {
                        list.retain(|&p| p as usize != idx);
                    }
                    idx
                }
                None => {
                    self.patterns.push(pattern);
                    self.ids.insert(id, self.patterns.len() - 1);
                    self.patterns.len() - 1
                }
            };
            if let Element::Words(alternatives) =
                &self.patterns[idx].elements[self.patterns[idx].trigger]
            {
                // A shared handle, so the map can be updated while reading it;
                // a first word is copied only when it is a new trigger.
                let alternatives = Arc::clone(alternatives);
                for first in alternatives.iter().filter_map(|alt| alt.first()) {
                    match self.by_trigger.get_mut(&**first) {
                        Some(list) => {
                            if !list.contains(&(idx as u32)) {
                                list.push(idx as u32);
                            }
                        }
                        None => {
                            self.by_trigger.insert(first.clone(), vec![idx as u32]);
                        }
                    }
                }
            }
        }
        Ok(())
    }
}

/// `file:line`, as `format!("{file}:{line}")` writes it, without the
/// formatting machinery (start-up writes one per pattern).
fn origin(file: &str, line: usize) -> String {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = line;
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    let mut origin = String::with_capacity(file.len() + 1 + digits.len() - at);
    origin.push_str(file);
    origin.push(':');
    // ASCII digits only.
    origin.push_str(std::str::from_utf8(&digits[at..]).unwrap_or("0"));
    origin
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origin_is_file_colon_line() {
        for line in [0, 1, 9, 10, 4381, 1_000_007, usize::MAX] {
            assert_eq!(origin("p.txt", line), format!("p.txt:{line}"));
        }
    }

    #[test]
    fn parses_synsets_slots_and_flags() {
        let mut set = PatternSet::default();
        set.add_file(
            "test.txt",
            "&SANCTION = sanction|embargo|export ban\n04.meet_with\t040\tmeet with $T\tsym\n16.impose\t163\timpose * &SANCTION on $T\n",
        )
        .expect("parses");
        let meet = set.get("04.meet_with").expect("present");
        assert!(meet.flags.symmetric);
        assert_eq!(meet.elements.len(), 3);
        assert_eq!(set.for_trigger("impose").count(), 1);
        let impose = set.get("16.impose").expect("present");
        assert_eq!(impose.cameo.as_str(), "163");
        assert!(
            matches!(&impose.elements[2], Element::Words(alts) if alts.len() == 3 && alts[2].len() == 2)
        );
    }

    #[test]
    fn unilateral_is_a_flag_of_its_own() {
        let mut set = PatternSet::default();
        set.add_file(
            "test.txt",
            "08.resign\t0831\tresign\tunilateral\n15.test\t150\ttest * missile\tnotarget\n",
        )
        .expect("parses");
        let resign = set.get("08.resign").expect("present");
        assert!(resign.flags.unilateral && !resign.flags.no_target);
        let test = set.get("15.test").expect("present");
        assert!(test.flags.no_target && !test.flags.unilateral);
    }

    #[test]
    fn errors_name_the_line() {
        let mut set = PatternSet::default();
        let error = set
            .add_file("p.txt", "# c\nx\t999\tmeet\n")
            .expect_err("bad code");
        assert_eq!(error.line, 2);
        let error = set
            .add_file("p.txt", "x\t040\tmeet &NOPE\n")
            .expect_err("undefined set");
        assert!(error.message.contains("&NOPE"));
        let error = set
            .add_file("p.txt", "x\t040\tmeet\twhatever\n")
            .expect_err("bad flag");
        assert!(error.message.contains("whatever"));
    }
}
