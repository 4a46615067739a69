//! Event patterns compiled for matching: every pattern word interned to a
//! small integer, each `Words` element flattened into one array.
//!
//! Matching compares pattern words with the lemma and lowercase form of every
//! token near a trigger, thousands of times per article. Compared as strings
//! through `Vec<Vec<Box<str>>>`, each comparison chased three pointers into
//! scattered heap blocks, and that pointer chasing was the largest single cost
//! of the whole pipeline. Here a token's words are looked up once per
//! sentence ([`InternedPatterns::word_id`]) and a pattern word is a `u32`
//! compared in place. The form is derived from [`PatternSet`] on first use
//! and mirrors it exactly: same patterns, same order, same alternatives.

use crate::patterns::{Element, PatternSet};
use dyad_doc::hash::{tail_word, FastMap};

/// The id of a word no pattern contains: it never equals a pattern word's id.
pub const NO_WORD: u32 = u32::MAX;

/// Set on an index of [`InternedPatterns::others_for_trigger`] when the
/// pattern's trigger is an adjective (pattern indices stay far below it).
pub const ADJECTIVE: u32 = 1 << 31;

/// One pattern of a trigger list ([`InternedPatterns::nouns_for_trigger`],
/// [`InternedPatterns::others_for_trigger`]) with the range of its required
/// masks: the matcher tests a candidate reading the list in order, not
/// jumping to a per-pattern table of mask ranges for every candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    /// The pattern's index, with [`ADJECTIVE`] set for an adjective pattern.
    pub entry: u32,
    /// Start of the pattern's masks in the required-mask table.
    start: u32,
    /// One past their end.
    end: u32,
}

/// A word of at most 16 bytes as two zero-padded little-endian integers
/// (with its length, this tells any two such words apart); `None` when longer.
#[inline]
pub(crate) fn short_key(word: &[u8]) -> Option<(u64, u64)> {
    match word.len() {
        0..=8 => Some((tail_word(word), 0)),
        9..=16 => {
            let (head, rest) = word.split_at(8);
            Some((tail_word(head), tail_word(rest)))
        }
        _ => None,
    }
}

/// The first slot of key `(a, b)` of a word of `len` bytes in a table of
/// `1 << bits` slots.
#[inline]
fn short_slot(a: u64, b: u64, len: usize, bits: u32) -> usize {
    let mixed = (a ^ b.rotate_left(29) ^ len as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (mixed >> (64 - bits)) as usize
}

/// One slot of [`InternedPatterns`]'s table of short words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ShortWord {
    /// The word's [`short_key`].
    key: (u64, u64),
    /// Its length in bytes.
    len: u32,
    /// Its id, [`NO_WORD`] in an empty slot.
    id: u32,
}

impl ShortWord {
    const EMPTY: ShortWord = ShortWord {
        key: (0, 0),
        len: 0,
        id: NO_WORD,
    };
}

/// The alternatives of one `Words` element, as interned word sequences.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Alternatives {
    /// One past the last word of each alternative in `words`.
    ends: Box<[u32]>,
    /// The alternatives' words, one after another.
    words: Box<[u32]>,
    /// Every alternative is one word long (then `words` is the set of them).
    single: bool,
    /// Bit `id % 256` set for every word id in `words`: most tokens are
    /// ruled out by one test before the list is scanned.
    mask: [u64; 4],
    /// The distinct first words of the alternatives, or `None` when an
    /// alternative is empty (then the element matches anywhere). An element
    /// can only match where one of these words is: see [`Alternatives::first_words`].
    firsts: Option<Box<[u32]>>,
    /// Bit `id % 256` set for every word of `firsts`.
    first_mask: [u64; 4],
}

/// The word and bit of `id` in an [`Alternatives`] mask.
#[inline]
fn mask_bit(id: u32) -> (usize, u64) {
    (((id >> 6) & 3) as usize, 1u64 << (id & 63))
}

impl Alternatives {
    /// When every alternative is one word, those words (a match at a token
    /// then only asks whether its lemma or form is among them).
    #[inline]
    pub fn single_words(&self) -> Option<&[u32]> {
        self.single.then_some(&*self.words)
    }

    /// False when no alternative holds the word `id` (true means "maybe").
    #[inline]
    pub fn may_hold(&self, id: u32) -> bool {
        let (word, bit) = mask_bit(id);
        id != NO_WORD && self.mask[word] & bit != 0
    }

    /// The distinct words the alternatives start with, and their mask (bit
    /// `id % 256`, as [`Alternatives::may_hold`]); `None` when an alternative is
    /// empty. The element cannot match in a stretch of text holding none of
    /// these words, so a pattern whose element has none of them in the
    /// sentence is ruled out without being tried.
    #[inline]
    pub fn first_words(&self) -> Option<(&[u32], &[u64; 4])> {
        self.firsts
            .as_deref()
            .map(|firsts| (firsts, &self.first_mask))
    }

    /// The bit of word `id` in the masks of [`Alternatives::first_words`]:
    /// (index of the `u64`, bit).
    #[inline]
    pub fn mask_bit(id: u32) -> (usize, u64) {
        mask_bit(id)
    }

    /// The alternatives in pattern order, each a sequence of word ids.
    pub fn iter(&self) -> impl Iterator<Item = &[u32]> + '_ {
        let mut start = 0usize;
        self.ends.iter().map(move |&end| {
            let end = end as usize;
            let alternative = self.words.get(start..end).unwrap_or(&[]);
            start = end;
            alternative
        })
    }
}

/// All patterns of a [`PatternSet`] with their words interned.
#[derive(Debug, Clone, Default)]
pub struct InternedPatterns {
    vocab: FastMap<Box<str>, u32>,
    /// Per pattern (same index as `PatternSet::patterns`), per element: the
    /// interned alternatives of a `Words` element, `None` for other elements.
    elements: Vec<Box<[Option<Alternatives>]>>,
    /// Per word id: the patterns whose trigger can start with that word, in
    /// the order of `PatternSet::for_trigger`.
    triggers: Vec<Box<[u32]>>,
    /// Per word id: the noun patterns of `triggers`, in the same order. A noun
    /// token tries only these and a verb or adjective token only `others`, so
    /// the matcher skips the other kind without loading each pattern.
    nouns: Vec<Box<[Candidate]>>,
    /// Per word id: the verb and adjective patterns of `triggers`, in the same
    /// order, an adjective pattern's index with [`ADJECTIVE`] set.
    others: Vec<Box<[Candidate]>>,
    /// The vocabulary's words of at most 16 bytes, open addressing keyed by
    /// [`short_key`] (half the slots or more empty, `1 << short_bits` of
    /// them). The matcher looks up every token's lemma and form, and over a
    /// third of a text's words are pattern words: comparing two integers in
    /// place costs a fraction of hashing the string and comparing its bytes.
    short: Box<[ShortWord]>,
    /// Log2 of the number of slots of `short`.
    short_bits: u32,
    /// The first-word masks ([`Alternatives::first_words`]) of every `Words`
    /// element but the trigger, pattern after pattern: what a sentence must
    /// hold for the pattern to have a chance (see [`InternedPatterns::may_match_in`]).
    required: Vec<[u64; 4]>,
    /// One past each pattern's last mask in `required`.
    required_ends: Vec<u32>,
}

impl InternedPatterns {
    /// Interns every word of `set`'s patterns.
    pub(crate) fn new<'a>(
        set: &PatternSet,
        trigger_lists: impl Iterator<Item = (&'a str, &'a [u32])>,
    ) -> Self {
        let mut vocab: FastMap<Box<str>, u32> = FastMap::default();
        let mut intern = |word: &str| -> u32 {
            if let Some(&id) = vocab.get(word) {
                return id;
            }
            let id = vocab.len() as u32;
            vocab.insert(word.into(), id);
            id
        };
        // A synonym set's list is shared by every pattern that uses it
        // (`Element::Words` holds an `Arc`): intern it once. Interning the
        // same words again would give the same ids, so this changes nothing
        // but the time.
        let mut done: FastMap<usize, Alternatives> = FastMap::default();
        let elements: Vec<Box<[Option<Alternatives>]>> = set
            .patterns
            .iter()
            .map(|pattern| {
                pattern
                    .elements
                    .iter()
                    .map(|element| match element {
                        Element::Words(alternatives) => {
                            let shared = std::sync::Arc::as_ptr(alternatives) as *const () as usize;
                            if let Some(interned) = done.get(&shared) {
                                return Some(interned.clone());
                            }
                            let mut ends = Vec::with_capacity(alternatives.len());
                            // Sized exactly, so `into` a boxed slice moves no memory.
                            let mut words =
                                Vec::with_capacity(alternatives.iter().map(Vec::len).sum());
                            for alternative in alternatives.iter() {
                                words.extend(alternative.iter().map(|w| intern(w)));
                                ends.push(words.len() as u32);
                            }
                            let mut mask = [0u64; 4];
                            for &id in &words {
                                let (word, bit) = mask_bit(id);
                                mask[word] |= bit;
                            }
                            let mut firsts: Option<Vec<u32>> = Some(Vec::new());
                            let mut first_mask = [0u64; 4];
                            let mut start = 0usize;
                            for &end in &ends {
                                let end = end as usize;
                                let first = (start < end).then(|| words.get(start)).flatten();
                                start = end;
                                match (first, firsts.as_mut()) {
                                    (Some(&id), Some(list)) => {
                                        if !list.contains(&id) {
                                            list.push(id);
                                            let (word, bit) = mask_bit(id);
                                            first_mask[word] |= bit;
                                        }
                                    }
                                    (None, _) => firsts = None,
                                    (Some(_), None) => {}
                                }
                            }
                            let interned = Alternatives {
                                mask,
                                firsts: firsts.map(Vec::into_boxed_slice),
                                first_mask,
                                single: alternatives.iter().all(|a| a.len() == 1),
                                ends: ends.into(),
                                words: words.into(),
                            };
                            if std::sync::Arc::strong_count(alternatives) > 1 {
                                done.insert(shared, interned.clone());
                            }
                            Some(interned)
                        }
                        _ => None,
                    })
                    .collect()
            })
            .collect();
        let mut required: Vec<[u64; 4]> = Vec::new();
        let mut required_ends: Vec<u32> = Vec::with_capacity(set.patterns.len());
        for (pattern, interned) in set.patterns.iter().zip(&elements) {
            for (ei, alternatives) in interned.iter().enumerate() {
                if ei == pattern.trigger {
                    continue;
                }
                if let Some((_, mask)) = alternatives.as_ref().and_then(Alternatives::first_words) {
                    required.push(*mask);
                }
            }
            required_ends.push(required.len() as u32);
        }
        let mut triggers: Vec<Box<[u32]>> = Vec::new();
        for (word, list) in trigger_lists {
            let id = intern(word) as usize;
            if triggers.len() <= id {
                triggers.resize(id + 1, Box::default());
            }
            triggers[id] = list.into();
        }
        // Most word ids start no trigger: their lists stay empty, unallocated.
        let kind = |list: &[u32], noun: bool| -> Box<[Candidate]> {
            if list.is_empty() {
                return Box::default();
            }
            list.iter()
                .filter_map(|&pidx| {
                    let flags = &set.patterns.get(pidx as usize)?.flags;
                    if flags.noun != noun {
                        return None;
                    }
                    let entry = if flags.adjective && !noun {
                        pidx | ADJECTIVE
                    } else {
                        pidx
                    };
                    let start = match (pidx as usize).checked_sub(1) {
                        Some(previous) => required_ends.get(previous).copied().unwrap_or(0),
                        None => 0,
                    };
                    let end = required_ends.get(pidx as usize).copied().unwrap_or(start);
                    Some(Candidate { entry, start, end })
                })
                .collect()
        };
        let nouns = triggers.iter().map(|list| kind(list, true)).collect();
        let others = triggers.iter().map(|list| kind(list, false)).collect();
        let short_bits = (2 * vocab.len())
            .next_power_of_two()
            .max(16)
            .trailing_zeros();
        let mut short = vec![ShortWord::EMPTY; 1 << short_bits].into_boxed_slice();
        let slots = short.len();
        for (word, &id) in &vocab {
            let Some(key) = short_key(word.as_bytes()) else {
                continue;
            };
            let mut slot = short_slot(key.0, key.1, word.len(), short_bits);
            while short.get(slot).is_some_and(|s| s.id != NO_WORD) {
                slot = (slot + 1) % slots;
            }
            if let Some(free) = short.get_mut(slot) {
                *free = ShortWord {
                    key,
                    len: word.len() as u32,
                    id,
                };
            }
        }
        InternedPatterns {
            vocab,
            elements,
            triggers,
            nouns,
            others,
            short,
            short_bits,
            required,
            required_ends,
        }
    }

    /// False when pattern `pattern` cannot match in a sentence whose pattern
    /// words have the mask `present` (bit `id % 256` of each, see
    /// [`Alternatives::mask_bit`]): one of its word elements besides the
    /// trigger has none of its first words there. True means "maybe". One
    /// test of a few words per element, before the pattern is looked at.
    #[inline]
    pub fn may_match_in(&self, pattern: usize, present: &[u64; 4]) -> bool {
        let start = match pattern.checked_sub(1) {
            Some(previous) => self.required_ends.get(previous).copied().unwrap_or(0),
            None => 0,
        } as usize;
        let end = self.required_ends.get(pattern).copied().unwrap_or(0) as usize;
        self.required
            .get(start..end)
            .is_none_or(|masks| every_mask_meets(masks, present))
    }

    /// [`InternedPatterns::may_match_in`] for a candidate of a trigger list,
    /// whose mask range it carries.
    #[inline]
    pub fn candidate_may_match_in(&self, candidate: &Candidate, present: &[u64; 4]) -> bool {
        self.required
            .get(candidate.start as usize..candidate.end as usize)
            .is_none_or(|masks| every_mask_meets(masks, present))
    }

    /// The id of `word`, or [`NO_WORD`] when no pattern contains it.
    #[inline]
    pub fn word_id(&self, word: &str) -> u32 {
        let bytes = word.as_bytes();
        let Some(key) = short_key(bytes).filter(|_| !self.short.is_empty()) else {
            return self.vocab.get(word).copied().unwrap_or(NO_WORD);
        };
        let mask = self.short.len() - 1;
        let mut slot = short_slot(key.0, key.1, bytes.len(), self.short_bits);
        // At most half the slots are taken: the probe meets an empty one.
        loop {
            let Some(entry) = self.short.get(slot & mask) else {
                return NO_WORD;
            };
            if entry.id == NO_WORD {
                return NO_WORD;
            }
            if entry.key == key && entry.len as usize == bytes.len() {
                return entry.id;
            }
            slot += 1;
        }
    }

    /// The interned alternatives of element `element` of pattern `pattern`
    /// (`None` for a slot or gap, or an index out of range).
    #[inline]
    pub fn words(&self, pattern: usize, element: usize) -> Option<&Alternatives> {
        self.elements.get(pattern)?.get(element)?.as_ref()
    }

    /// The indices (into `PatternSet::patterns`) of the patterns whose
    /// trigger can start with the word `id`, as `PatternSet::for_trigger`.
    #[inline]
    pub fn for_trigger(&self, id: u32) -> &[u32] {
        self.triggers.get(id as usize).map_or(&[], |list| &**list)
    }

    /// The noun patterns of [`InternedPatterns::for_trigger`], in its order.
    #[inline]
    pub fn nouns_for_trigger(&self, id: u32) -> &[Candidate] {
        self.nouns.get(id as usize).map_or(&[], |list| &**list)
    }

    /// The verb and adjective patterns of [`InternedPatterns::for_trigger`],
    /// in its order; an adjective pattern's index has [`ADJECTIVE`] set
    /// (clear it with `& !ADJECTIVE`).
    #[inline]
    pub fn others_for_trigger(&self, id: u32) -> &[Candidate] {
        self.others.get(id as usize).map_or(&[], |list| &**list)
    }
}

/// True when every first-word mask of a pattern (see `required`) shares a bit
/// with the words `present` in a sentence: the pattern may match there.
#[inline]
fn every_mask_meets(masks: &[[u64; 4]], present: &[u64; 4]) -> bool {
    masks.iter().all(|mask| {
        (mask[0] & present[0])
            | (mask[1] & present[1])
            | (mask[2] & present[2])
            | (mask[3] & present[3])
            != 0
    })
}

#[cfg(test)]
mod tests {
    use crate::patterns::PatternSet;

    /// A pattern set read from one file's text, as the loader would.
    fn parsed(text: &str) -> PatternSet {
        let mut set = PatternSet::default();
        set.add_file("test.txt", text).expect("parses");
        set
    }

    #[test]
    fn interned_patterns_mirror_the_set() {
        let set = parsed("&BAN = sanction|export ban\n04.meet\t040\tmeet|talk with $T\tsym\n16.impose\t163\timpose * &BAN on $T\n04.talk\t040\ttalk\n");
        let interned = set.interned();
        let impose = set
            .patterns
            .iter()
            .position(|p| p.id == "16.impose")
            .expect("present");
        let ban = interned.words(impose, 2).expect("words");
        let lengths: Vec<usize> = ban.iter().map(<[u32]>::len).collect();
        assert_eq!(lengths, [1, 2]);
        assert!(ban.single_words().is_none());
        let meet = set
            .patterns
            .iter()
            .position(|p| p.id == "04.meet")
            .expect("present");
        let triggers = interned.words(meet, 0).expect("words");
        let ids = [interned.word_id("meet"), interned.word_id("talk")];
        assert_eq!(triggers.single_words(), Some(&ids[..]));
        assert!(ids.iter().all(|&id| triggers.may_hold(id)));
        assert!(!triggers.may_hold(super::NO_WORD));
        let export = interned.word_id("export");
        assert_eq!(ban.iter().nth(1).map(|a| a[0]), Some(export));
        assert!(
            ban.may_hold(export),
            "words of longer alternatives count too"
        );
        assert!(interned.words(impose, 1).is_none(), "a gap has no words");
        assert_eq!(interned.word_id("nowhere"), super::NO_WORD);
        let talk: Vec<u32> = interned.for_trigger(interned.word_id("talk")).to_vec();
        let expected: Vec<u32> = set
            .for_trigger("talk")
            .map(|p| {
                set.patterns
                    .iter()
                    .position(|q| q.id == p.id)
                    .expect("in set") as u32
            })
            .collect();
        assert_eq!(talk, expected);
        assert!(interned.for_trigger(super::NO_WORD).is_empty());
        // "impose * &BAN on $T" needs "sanction" or "export", and "on".
        let mask_of = |words: &[&str]| {
            let mut mask = [0u64; 4];
            for word in words {
                let (index, bit) = super::Alternatives::mask_bit(interned.word_id(word));
                mask[index] |= bit;
            }
            mask
        };
        assert!(interned.may_match_in(impose, &mask_of(&["export", "on"])));
        assert!(!interned.may_match_in(impose, &mask_of(&["on"])));
        assert!(!interned.may_match_in(impose, &[0; 4]));
        assert_eq!(
            ban.first_words().map(|(words, _)| words.to_vec()),
            Some(vec![interned.word_id("sanction"), export])
        );
        let talk_only = set
            .patterns
            .iter()
            .position(|p| p.id == "04.talk")
            .expect("present");
        assert!(
            interned.may_match_in(talk_only, &[0; 4]),
            "a lone trigger needs nothing more"
        );
    }

    #[test]
    fn words_of_every_length_are_found_and_no_others() {
        let set = parsed("01.a\t010\tx|abcdefgh|abcdefghi|abcdefghijklmnop|abcdefghijklmnopq $T\n");
        let interned = set.interned();
        for word in [
            "x",
            "abcdefgh",
            "abcdefghi",
            "abcdefghijklmnop",
            "abcdefghijklmnopq",
        ] {
            let id = interned.word_id(word);
            assert_ne!(id, super::NO_WORD, "{word}");
            assert_eq!(interned.vocab.get(word), Some(&id), "{word}");
        }
        for word in [
            "",
            "y",
            "abcdefg",
            "abcdefghj",
            "abcdefghijklmnoq",
            "abcdefghijklmnopr",
            "x\0",
        ] {
            assert_eq!(interned.word_id(word), super::NO_WORD, "{word:?}");
        }
    }

    #[test]
    fn trigger_lists_split_by_kind_keep_their_order() {
        let set = parsed("04.talk\t040\ttalk with $T\n04.talks\t040\ttalk with $T\tnoun\n02.ready\t020\tready for $T\tadj\n04.talk2\t040\ttalk to $T\n");
        let interned = set.interned();
        let index = |id: &str| {
            set.patterns
                .iter()
                .position(|p| p.id == id)
                .expect("present") as u32
        };
        let talk = interned.word_id("talk");
        let entries =
            |list: &[super::Candidate]| -> Vec<u32> { list.iter().map(|c| c.entry).collect() };
        assert_eq!(
            entries(interned.nouns_for_trigger(talk)),
            [index("04.talks")]
        );
        let others = entries(interned.others_for_trigger(talk));
        let all = interned.for_trigger(talk);
        let verbs: Vec<u32> = all
            .iter()
            .copied()
            .filter(|&p| p != index("04.talks"))
            .collect();
        assert_eq!(others, verbs);
        assert_eq!(
            entries(interned.others_for_trigger(interned.word_id("ready"))),
            [index("02.ready") | super::ADJECTIVE]
        );
        // A candidate's mask range is its pattern's.
        for list in [
            interned.nouns_for_trigger(talk),
            interned.others_for_trigger(talk),
        ] {
            for candidate in list {
                let pattern = (candidate.entry & !super::ADJECTIVE) as usize;
                for present in [[0u64; 4], [u64::MAX; 4]] {
                    assert_eq!(
                        interned.candidate_may_match_in(candidate, &present),
                        interned.may_match_in(pattern, &present)
                    );
                }
            }
        }
        assert!(interned.nouns_for_trigger(super::NO_WORD).is_empty());
    }

    #[test]
    fn adding_a_file_refreshes_the_interned_form() {
        let mut set = PatternSet::default();
        set.add_file("a.txt", "04.meet\t040\tmeet $T\n")
            .expect("parses");
        assert_eq!(
            set.interned()
                .for_trigger(set.interned().word_id("meet"))
                .len(),
            1
        );
        set.add_file("b.txt", "04.visit\t042\tvisit $T\n")
            .expect("parses");
        assert_eq!(
            set.interned()
                .for_trigger(set.interned().word_id("visit"))
                .len(),
            1
        );
    }
}
