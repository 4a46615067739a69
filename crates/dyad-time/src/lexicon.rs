//! The word lists of time expressions, parsed from `data/lexicon.tsv`.
//!
//! The lists (month and weekday names, number words, prepositions, tense
//! cues…) are data, compiled into the crate with `include_str!` and parsed
//! once into a [`Lexicon`]: a map from a lower-case word to a small
//! [`WordInfo`] record, plus the multi-word cue phrases.
//! The grammar (`grammar.rs`) asks the lexicon what a word is; it never
//! spells month names itself.

use dyad_doc::hash::FastMap;
use std::fmt;
use std::sync::LazyLock;

/// The builtin lexicon text, written for dyad (see its header).
const BUILTIN: &str = include_str!("../data/lexicon.tsv");

/// The builtin lexicon, parsed on first use.
///
/// Why a lazy static: the data is compiled in and immutable, so every call of
/// `find_times` can share one parsed copy without the caller threading it
/// through; a test checks that the builtin text parses.
static LEXICON: LazyLock<Lexicon> =
    LazyLock::new(|| Lexicon::parse(BUILTIN).expect("the builtin lexicon parses (tested)"));

/// The builtin lexicon.
pub(crate) fn builtin() -> &'static Lexicon {
    &LEXICON
}

/// A calendar unit, as in "two days later", "last week", "this year".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    Day,
    Week,
    Month,
    Quarter,
    Year,
}

/// What a governing preposition does to the expression it heads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Prep {
    /// "on", "in", "at", "during": a plain location in time.
    At,
    /// "since", "from": an open interval starting at the value.
    From,
    /// "by", "until", "till", "through": an open interval ending at the value.
    To,
}

/// A modifier that selects part of a month, year or week.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    /// Days 1–10 of a month.
    Early,
    /// Days 11–20 of a month.
    Mid,
    /// Days 21–end of a month.
    Late,
    /// "the start of": the first month of a year, else the value itself.
    Start,
    /// "the end of": the last month of a year, else the value itself.
    End,
}

/// Flag: a part of the day ("morning", "evening").
pub(crate) const PART_OF_DAY: u16 = 1;
/// Flag: makes a following bare month or year temporal ("before May").
pub(crate) const CONTEXT: u16 = 1 << 1;
/// Flag: a one-word future cue ("will").
pub(crate) const FUTURE_CUE: u16 = 1 << 2;
/// Flag: a one-word past cue ("said").
pub(crate) const PAST_CUE: u16 = 1 << 3;
/// Flag: last word of at least one multi-word cue phrase.
pub(crate) const PHRASE_END: u16 = 1 << 4;
/// Flag: before a number, makes it a quantity ("about 2000").
pub(crate) const QUANTITY: u16 = 1 << 5;
/// Flag: after a number, makes it a count ("2000 people").
pub(crate) const COUNT_NOUN: u16 = 1 << 6;
/// Flag: a determiner that makes a following number a year ("the 2014 coup").
pub(crate) const DETERMINER: u16 = 1 << 7;
/// Flag: an abbreviation whose full stop does not end a sentence.
pub(crate) const ABBREVIATION: u16 = 1 << 8;
/// Flag: a function word that may follow a time expression ("in the
/// evening to protest"), unlike a noun ("the morning rush").
pub(crate) const FUNCTION_WORD: u16 = 1 << 9;
/// Flag: a modal verb, a future cue unless negated ("could not").
pub(crate) const MODAL_CUE: u16 = 1 << 10;
/// Flag: ends in "-ed" but is no past form ("need", "hundred").
pub(crate) const NOT_PAST: u16 = 1 << 11;

/// Everything the lexicon knows about one lower-case word.
///
/// Numeric fields are 0 when the word is not of that class.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct WordInfo {
    /// Month number of a full month name.
    pub month: i8,
    /// Month number of an abbreviated month name.
    pub month_abbr: i8,
    /// ISO weekday number (Monday = 1).
    pub weekday: i8,
    /// Value of a cardinal number word.
    pub number: i8,
    /// Value of an ordinal word.
    pub ordinal: i8,
    /// Calendar unit named by the word.
    pub unit: Option<Unit>,
    /// Governing preposition role.
    pub prep: Option<Prep>,
    /// Deictic direction: -1 "last", 0 "this", 1 "next".
    pub direction: Option<i8>,
    /// Anaphoric direction after "the": -1 "previous", 0 "same", 1 "following".
    pub anaphoric: Option<i8>,
    /// Part modifier ("early", "end").
    pub part: Option<Part>,
    /// Bit set of the flag constants of this module.
    pub flags: u16,
}

impl WordInfo {
    /// True when all bits of `flag` are set.
    pub(crate) fn has(&self, flag: u16) -> bool {
        self.flags & flag == flag
    }
}

/// Which way a tense cue points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tense {
    /// The clause is about the past.
    Past,
    /// The clause is about the future.
    Future,
    /// No cue found.
    Unknown,
}

/// The parsed word lists.
#[derive(Debug, Default)]
pub(crate) struct Lexicon {
    /// Every word token of a text is looked up here, so the map hashes with
    /// [`dyad_doc::hash::FastHasher`] rather than SipHash (its keys are compiled in: no
    /// flooding to fear).
    words: FastMap<&'static str, WordInfo>,
    /// Multi-word cue phrases, each with the tense it signals.
    phrases: Vec<(Vec<&'static str>, Tense)>,
    /// One bit per [`filter_bit`] of the words of `words`: a word whose bit
    /// is clear is not in the lexicon. About half the words of a news text
    /// are not, and testing a bit where the word is read is much cheaper
    /// than a call that hashes the word and probes the map.
    filter: [u128; FILTER_WORDS],
    /// The entries of `words` in order of their [`filter_bit`]: the words
    /// of bit `b` are `listed[by_bit[b]..by_bit[b + 1]]`, mostly one. A word
    /// past the filter is compared with those few instead of hashed and
    /// looked up in the map, which cost more than the rest of its token.
    listed: Vec<(&'static [u8], WordInfo)>,
    /// Where each bit's words start in `listed` (one more than the bits).
    by_bit: Vec<u16>,
}

/// Size of [`Lexicon::filter`] in 128-bit words (4,096 bits for a few
/// hundred lexicon words: about one other word in eight passes by accident).
const FILTER_WORDS: usize = 32;

/// The bit of [`Lexicon::filter`] for `word`: the top bits of a mix of its
/// length and its first, second and last bytes.
#[inline]
fn filter_bit(word: &[u8]) -> usize {
    let (Some(&first), Some(&last)) = (word.first(), word.last()) else {
        return 0;
    };
    let second = word.get(1).copied().unwrap_or(0);
    let key = (word.len() as u32)
        ^ (u32::from(first) << 8)
        ^ (u32::from(second) << 16)
        ^ (u32::from(last) << 24);
    (key.wrapping_mul(0x9E37_79B1) >> 20) as usize
}

/// `a == b` for the short words of the lexicon: a byte loop, cheaper than
/// the `memcmp` call slice equality makes.
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// A malformed line of a lexicon file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LexiconError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong with it.
    pub message: String,
}

impl fmt::Display for LexiconError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "lexicon line {}: {}", self.line, self.message)
    }
}

impl Lexicon {
    /// What the lexicon knows about `word` (lower case).
    #[cfg(test)]
    pub(crate) fn get(&self, word: &str) -> WordInfo {
        self.get_bytes(word.as_bytes())
    }

    /// [`Lexicon::get`] for the bytes of a word: the tokenizer slices its
    /// words from the lowercased text as bytes, with no char-boundary check.
    #[inline]
    pub(crate) fn get_bytes(&self, word: &[u8]) -> WordInfo {
        let bit = filter_bit(word);
        if self.filter[bit / 128] & (1 << (bit % 128)) == 0 {
            return WordInfo::default();
        }
        self.get_listed(word, bit)
    }

    /// [`Lexicon::get`] past the filter: the words of the same bit compared
    /// (what the map holds for `word`, found without hashing it).
    fn get_listed(&self, word: &[u8], bit: usize) -> WordInfo {
        let (Some(&from), Some(&to)) = (self.by_bit.get(bit), self.by_bit.get(bit + 1)) else {
            return WordInfo::default();
        };
        self.listed
            .get(usize::from(from)..usize::from(to))
            .and_then(|same_bit| same_bit.iter().find(|(listed, _)| same_bytes(listed, word)))
            .map(|&(_, info)| info)
            .unwrap_or_default()
    }

    /// The cue phrases of several words, with their tense.
    pub(crate) fn phrases(&self) -> &[(Vec<&'static str>, Tense)] {
        &self.phrases
    }

    /// Parses the TAB-separated lexicon format described in `data/lexicon.tsv`.
    pub(crate) fn parse(text: &'static str) -> Result<Lexicon, LexiconError> {
        let mut lexicon = Lexicon::default();
        for (index, raw) in text.lines().enumerate() {
            let line = raw.trim_end();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let error = |message: &str| LexiconError {
                line: index + 1,
                message: message.to_string(),
            };
            let mut fields = line.split('\t');
            let (Some(class), Some(value), Some(words), None) =
                (fields.next(), fields.next(), fields.next(), fields.next())
            else {
                return Err(error("expected three TAB-separated fields"));
            };
            for entry in words.split('|') {
                if entry.is_empty() || entry.bytes().any(|b| b.is_ascii_uppercase()) {
                    return Err(error("entries must be non-empty and lower case"));
                }
                let mut phrase: Vec<&'static str> = entry.split(' ').collect();
                if phrase.len() > 1 {
                    let tense = match class {
                        "future_cue" => Tense::Future,
                        "past_cue" => Tense::Past,
                        _ => return Err(error("only cue classes may hold phrases")),
                    };
                    let last = phrase.pop().unwrap_or_default();
                    lexicon.entry(last).flags |= PHRASE_END;
                    phrase.push(last);
                    lexicon.phrases.push((phrase, tense));
                    continue;
                }
                let info = lexicon.entry(entry);
                apply(info, class, value).map_err(|message| error(&message))?;
            }
        }
        for word in lexicon.words.keys() {
            let bit = filter_bit(word.as_bytes());
            lexicon.filter[bit / 128] |= 1 << (bit % 128);
        }
        let mut listed: Vec<(usize, &'static [u8], WordInfo)> = lexicon
            .words
            .iter()
            .map(|(word, info)| (filter_bit(word.as_bytes()), word.as_bytes(), *info))
            .collect();
        listed.sort_by_key(|&(bit, word, _)| (bit, word));
        let bits = FILTER_WORDS * 128;
        let mut by_bit = Vec::with_capacity(bits + 1);
        let mut at = 0;
        for bit in 0..=bits {
            while listed
                .get(at)
                .is_some_and(|&(word_bit, _, _)| word_bit < bit)
            {
                at += 1;
            }
            by_bit.push(u16::try_from(at).map_err(|_| LexiconError {
                line: 0,
                message: "more than 65,535 words".to_string(),
            })?);
        }
        lexicon.listed = listed
            .into_iter()
            .map(|(_, word, info)| (word, info))
            .collect();
        lexicon.by_bit = by_bit;
        Ok(lexicon)
    }

    fn entry(&mut self, word: &'static str) -> &mut WordInfo {
        self.words.entry(word).or_default()
    }
}

/// Records in `info` that the word belongs to `class` with `value`.
fn apply(info: &mut WordInfo, class: &str, value: &str) -> Result<(), String> {
    let small = |low: i8, high: i8| -> Result<i8, String> {
        value
            .parse::<i8>()
            .ok()
            .filter(|n| (low..=high).contains(n))
            .ok_or_else(|| format!("value {value:?} is not a number in {low}..={high}"))
    };
    match class {
        "month" => info.month = small(1, 12)?,
        "month_abbr" => info.month_abbr = small(1, 12)?,
        "weekday" => info.weekday = small(1, 7)?,
        "number" => info.number = small(1, 99)?,
        "ordinal" => info.ordinal = small(1, 99)?,
        "unit" => {
            info.unit = Some(match value {
                "day" => Unit::Day,
                "week" => Unit::Week,
                "month" => Unit::Month,
                "quarter" => Unit::Quarter,
                "year" => Unit::Year,
                _ => return Err(format!("unknown unit {value:?}")),
            })
        }
        "part_of_day" => info.flags |= PART_OF_DAY,
        "prep" => match value {
            "at" => info.prep = Some(Prep::At),
            "from" => info.prep = Some(Prep::From),
            "to" => info.prep = Some(Prep::To),
            "context" => info.flags |= CONTEXT,
            _ => return Err(format!("unknown preposition role {value:?}")),
        },
        "direction" => info.direction = Some(small(-1, 1)?),
        "anaphoric" => info.anaphoric = Some(small(-1, 1)?),
        "part" => {
            info.part = Some(match value {
                "early" => Part::Early,
                "mid" => Part::Mid,
                "late" => Part::Late,
                "start" => Part::Start,
                "end" => Part::End,
                _ => return Err(format!("unknown part {value:?}")),
            })
        }
        "future_cue" => info.flags |= FUTURE_CUE,
        "past_cue" => info.flags |= PAST_CUE,
        "quantity" => info.flags |= QUANTITY,
        "count_noun" => info.flags |= COUNT_NOUN,
        "determiner" => info.flags |= DETERMINER,
        "abbreviation" => info.flags |= ABBREVIATION,
        "function_word" => info.flags |= FUNCTION_WORD,
        "modal_cue" => info.flags |= MODAL_CUE,
        "not_past" => info.flags |= NOT_PAST,
        _ => return Err(format!("unknown class {class:?}")),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_lexicon_parses() {
        let lexicon = Lexicon::parse(BUILTIN).expect("builtin lexicon");
        assert_eq!(lexicon.get("august").month, 8);
        assert_eq!(lexicon.get("sept").month_abbr, 9);
        assert_eq!(lexicon.get("thursday").weekday, 4);
        assert_eq!(lexicon.get("three").number, 3);
        assert_eq!(lexicon.get("weeks").unit, Some(Unit::Week));
        assert_eq!(lexicon.get("since").prep, Some(Prep::From));
        assert_eq!(lexicon.get("until").prep, Some(Prep::To));
        assert!(lexicon.get("will").has(FUTURE_CUE));
        assert!(lexicon.get("said").has(PAST_CUE));
        assert!(lexicon.get("to").has(PHRASE_END));
        assert_eq!(lexicon.get("zebra"), WordInfo::default());
        assert_eq!(lexicon.get(""), WordInfo::default());
        // The filter never hides a listed word.
        for (word, info) in &lexicon.words {
            assert_eq!(lexicon.get(word), *info, "{word}");
        }
    }

    #[test]
    fn a_word_sharing_a_listed_words_bit_gets_only_its_own_entry() {
        let lexicon = builtin();
        let mut tried = 0;
        for word in lexicon.words.keys() {
            // Same length, first, second and last byte: the same filter bit.
            if word.len() < 4 {
                continue;
            }
            for letter in [b'a', b'q', b'z'] {
                let mut other = word.as_bytes().to_vec();
                other[2] = letter;
                let Ok(other) = String::from_utf8(other) else {
                    continue;
                };
                let expected = lexicon
                    .words
                    .get(other.as_str())
                    .copied()
                    .unwrap_or_default();
                assert_eq!(lexicon.get(&other), expected, "{other}");
                tried += 1;
            }
        }
        assert!(tried > 100);
    }

    #[test]
    fn every_month_and_weekday_is_listed_once() {
        let lexicon = builtin();
        let months: Vec<i8> = lexicon
            .words
            .values()
            .map(|info| info.month)
            .filter(|m| *m > 0)
            .collect();
        assert_eq!(months.len(), 12);
        let weekdays = lexicon
            .words
            .values()
            .filter(|info| info.weekday > 0)
            .count();
        assert!(weekdays >= 7);
    }

    #[test]
    fn malformed_lines_are_reported_with_their_number() {
        let error = Lexicon::parse("# header\nmonth\t13\tundecember\n").expect_err("bad month");
        assert_eq!(error.line, 2);
        assert!(Lexicon::parse("month\t1\n").is_err());
        assert!(Lexicon::parse("unit\tday\tDay\n").is_err());
        assert!(Lexicon::parse("month\t1\tjanuary month\n").is_err());
    }
}
