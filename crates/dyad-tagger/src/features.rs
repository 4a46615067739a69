//! What the tagger looks at: word normalisation and the feature templates.
//!
//! Each token is summarised once as a [`TokenInfo`] of hashes (its form,
//! lowercase form, 3-letter suffix, shape and ambiguity class); prefixes and
//! other suffixes are hashed only for the words that are scored. The features
//! of one position are then cheap combinations of the hashes of the tokens
//! around it plus the two tags already chosen to its left, in three groups:
//! [`lexical_features`] (the word alone, cacheable), [`context_features`]
//! (its neighbours) and [`dynamic_features`] (neighbours × previous tags).
//! Training and tagging call the same functions, so the two cannot drift
//! apart.
//!
//! Changing a template, its id or the normalisation invalidates the weights:
//! retrain after any edit here.

use crate::hash::{feature, feature2, hash_bytes};

/// Number of UPOS classes (the order of `dyad_doc::Pos::ALL`).
pub(crate) const N_CLASSES: usize = 17;

/// The tag value given to the positions before the first token.
pub(crate) const TAG_START: u8 = N_CLASSES as u8;

/// Number of distinct context tags: the classes and [`TAG_START`].
pub(crate) const N_CONTEXT_TAGS: usize = N_CLASSES + 1;

/// Number of padding tokens kept on each side of a sentence.
pub(crate) const PAD: usize = 2;

/// Maps one character to the form the tagger sees: curly quotes and
/// apostrophes become their ASCII forms, so "Putin’s" and "Putin's" are one
/// token type.
#[inline]
pub(crate) fn normalize_char(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => '"',
        _ => c,
    }
}

/// Writes the normalised form of `word` into `exact` and its lowercase into `lower`.
#[cfg(any(test, feature = "train"))]
pub(crate) fn normalize_into(word: &str, exact: &mut String, lower: &mut String) {
    lower.clear();
    push_normalized(word, exact, lower);
}

/// The last `n` characters of `text` (all of it when shorter).
#[inline]
pub(crate) fn suffix(text: &str, n: usize) -> &str {
    if text.is_ascii() {
        return &text[text.len().saturating_sub(n)..];
    }
    match text.char_indices().rev().nth(n.saturating_sub(1)) {
        Some((start, _)) => &text[start..],
        None => text,
    }
}

/// The first `n` characters of `text` (all of it when shorter).
#[inline]
fn prefix(text: &str, n: usize) -> &str {
    if text.is_ascii() {
        return &text[..n.min(text.len())];
    }
    match text.char_indices().nth(n) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

/// Hash of the word shape: letters become `X`/`x`, digits `d`, and runs of
/// one class collapse ("Putin" → `Xx`, "U.S." → `X.X.`, "2025" → `d`).
fn shape_hash(word: &str) -> u64 {
    let mut buf = [0u8; 12];
    let mut len = 0;
    if word.is_ascii() {
        // The same rule as `push` below, as a plain loop the compiler keeps
        // in registers (every word is shaped, so this is a hot path).
        for byte in word.bytes() {
            let class = ASCII_SHAPE[usize::from(byte & 0x7F)];
            if len > 0 && buf[len - 1] == class {
                continue;
            }
            if len == buf.len() {
                break;
            }
            buf[len] = class;
            len += 1;
        }
        return hash_bytes(&buf[..len]);
    }
    let mut push = |class: u8| {
        if len > 0 && buf[len - 1] == class {
            return true;
        }
        if len == buf.len() {
            return false;
        }
        buf[len] = class;
        len += 1;
        true
    };
    for c in word.chars() {
        let class = if c.is_ascii_digit() {
            b'd'
        } else if c.is_uppercase() {
            b'X'
        } else if c.is_lowercase() {
            b'x'
        } else if c.is_ascii() {
            c as u8
        } else if c.is_alphabetic() {
            b'a'
        } else {
            b'*'
        };
        if !push(class) {
            break;
        }
    }
    hash_bytes(&buf[..len])
}

/// The shape class of each ASCII byte (the same as the general rule in
/// [`shape_hash`], as a table for the common all-ASCII word).
static ASCII_SHAPE: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut byte = 0;
    while byte < 128 {
        table[byte] = match byte as u8 {
            b'0'..=b'9' => b'd',
            b'A'..=b'Z' => b'X',
            b'a'..=b'z' => b'x',
            other => other,
        };
        byte += 1;
    }
    table
};

/// The hashes the context templates read from one token, and where its
/// lowercase form sits in [`SentenceInfos::lowers`] (for the affix features,
/// which are computed only for words that need them).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct TokenInfo {
    /// The normalised form, case kept (also the tag-dictionary key).
    pub word: u64,
    /// The lowercase form.
    pub lower: u64,
    /// The lowercase suffix of 3 characters.
    pub suffix3: u64,
    /// The word shape.
    pub shape: u64,
    /// The word's ambiguity class: the set of tags it had in training, as a
    /// bit mask over classes (0 = rare or unseen word).
    pub classes: u64,
    /// Start of the lowercase form in the sentence buffer (bytes).
    pub start: u32,
    /// End of the lowercase form in the sentence buffer (bytes, exclusive).
    pub end: u32,
}

impl TokenInfo {
    /// The stand-in for positions before (`before == true`) or after the sentence.
    pub(crate) fn padding(before: bool) -> TokenInfo {
        let h = hash_bytes(if before { b"<S>" } else { b"</S>" });
        TokenInfo {
            word: h,
            lower: h,
            suffix3: h,
            shape: h,
            classes: if before { 1 << 20 } else { 1 << 21 },
            start: 0,
            end: 0,
        }
    }
}

/// One sentence prepared for feature extraction; reused across sentences so
/// that tagging allocates nothing once the buffers have grown.
#[derive(Default)]
pub(crate) struct SentenceInfos {
    /// `PAD` paddings, one entry per word, `PAD` paddings.
    pub infos: Vec<TokenInfo>,
    /// The lowercase forms of all words, back to back.
    pub lowers: String,
    /// Scratch for the normalised form of one word.
    exact: String,
}

impl SentenceInfos {
    /// Prepares `words`; `classes_of` gives the ambiguity class of a word by
    /// the hash of its lowercase form.
    #[cfg(any(test, feature = "train"))]
    pub(crate) fn fill<S: AsRef<str>>(&mut self, words: &[S], classes_of: impl Fn(u64) -> u32) {
        self.begin();
        for word in words {
            self.push_word(word.as_ref(), &classes_of);
        }
        self.end();
    }

    /// Starts a sentence: clears the buffers and adds the leading padding.
    pub(crate) fn begin(&mut self) {
        self.infos.clear();
        self.lowers.clear();
        self.infos
            .extend(std::iter::repeat_n(TokenInfo::padding(true), PAD));
    }

    /// Appends `word`, hashing and shaping it; returns its summary.
    pub(crate) fn push_word(&mut self, word: &str, classes_of: impl Fn(u64) -> u32) -> TokenInfo {
        let start = self.lowers.len();
        // An ASCII word is its own normalised form: it is read in place
        // instead of being copied to `exact` first, and its lowercase
        // suffix is cut by bytes.
        let ascii = word.is_ascii();
        let exact = if ascii {
            self.lowers.push_str(word);
            self.lowers[start..].make_ascii_lowercase();
            word
        } else {
            push_normalized(word, &mut self.exact, &mut self.lowers);
            &self.exact
        };
        let lower = &self.lowers[start..];
        let lower_hash = hash_bytes(lower.as_bytes());
        let suffix3 = if ascii {
            &lower.as_bytes()[lower.len().saturating_sub(3)..]
        } else {
            suffix(lower, 3).as_bytes()
        };
        let info = TokenInfo {
            word: hash_bytes(exact.as_bytes()),
            lower: lower_hash,
            classes: u64::from(classes_of(lower_hash)),
            suffix3: hash_bytes(suffix3),
            shape: shape_hash(exact),
            // Sentences longer than 4 GiB are not a concern of a tagger.
            start: start as u32,
            end: self.lowers.len() as u32,
        };
        self.infos.push(info);
        info
    }

    /// Appends a word whose summary is already known (a cached word). Its
    /// lowercase form is not stored: [`lexical_features`] must not be asked
    /// for this position (the caller has the word's lexical scores too).
    #[inline]
    pub(crate) fn push_known(&mut self, info: TokenInfo) {
        self.infos.push(TokenInfo {
            start: 0,
            end: 0,
            ..info
        });
    }

    /// Ends a sentence: adds the trailing padding.
    pub(crate) fn end(&mut self) {
        self.infos
            .extend(std::iter::repeat_n(TokenInfo::padding(false), PAD));
    }

    /// The lowercase form of the token at padded index `i`.
    #[inline]
    pub(crate) fn lower(&self, i: usize) -> &str {
        let info = &self.infos[i];
        self.lowers
            .get(info.start as usize..info.end as usize)
            .unwrap_or("")
    }
}

/// The hash of `word` as it is, without normalising: [`TokenInfo::word`]
/// when the word is its own normalised form (every ASCII word, and any
/// other without curly quotes). A word that normalising changes holds a
/// character no normalised form has, so its raw hash is that of no
/// normalised form, and a word-cache probe with it misses: the tagger
/// probes with this hash without first testing the word.
#[inline]
pub(crate) fn raw_word_hash(word: &str) -> u64 {
    hash_bytes(word.as_bytes())
}

/// Sets `exact` to the normalised form of `word` and appends its lowercase to `lowers`.
fn push_normalized(word: &str, exact: &mut String, lowers: &mut String) {
    exact.clear();
    if word.is_ascii() {
        exact.push_str(word);
        let start = lowers.len();
        lowers.push_str(word);
        lowers[start..].make_ascii_lowercase();
        return;
    }
    for c in word.chars() {
        let c = normalize_char(c);
        exact.push(c);
        lowers.extend(c.to_lowercase());
    }
}

// Template ids. Never renumber: the weights are keyed by them. (Ids 1, 12
// and 25 were a bias, the previous word alone and suffix-2 + next shape;
// dropping them cost nothing on EWT dev and saves three lookups per word.
// Ids 16 and 46, the previous word's suffix and the tag two back with the
// word, went the same way: without them EWT dev and test accuracy rose a
// little, and each scored word needs two lookups fewer.)
const T_WORD: u64 = 2;
const T_LOWER: u64 = 3;
const T_SUFFIX: [u64; 4] = [4, 5, 6, 7];
const T_PREFIX: [u64; 3] = [8, 9, 10];
const T_SHAPE: u64 = 11;
const T_LOWER_PREV2: u64 = 13;
const T_LOWER_NEXT: u64 = 14;
const T_LOWER_NEXT2: u64 = 15;
const T_SUFFIX3_NEXT: u64 = 17;
const T_SHAPE_PREV: u64 = 18;
const T_SHAPE_NEXT: u64 = 19;
const T_BIGRAM_PREV: u64 = 20;
const T_BIGRAM_NEXT: u64 = 21;
const T_SHAPE_FIRST: u64 = 22;
const T_PREV_NEXT: u64 = 23;
const T_SHAPE_PREV_NEXT: u64 = 24;
const T_CLASSES: u64 = 30;
const T_CLASSES_NEXT: u64 = 31;
const T_CLASSES_CUR_NEXT: u64 = 32;
const T_CLASSES_PREV: u64 = 33;
const T_TAG1: u64 = 40;
const T_TAG2: u64 = 41;
const T_TAG12: u64 = 42;
const T_TAG1_LOWER: u64 = 43;
const T_TAG1_SUFFIX3: u64 = 44;
const T_TAG1_NEXT: u64 = 45;
const T_TAG1_SHAPE: u64 = 47;
const T_TAG1_PREV: u64 = 48;
const T_TAG1_CLASSES: u64 = 49;

/// Number of features that read only the word itself.
pub(crate) const N_LEXICAL: usize = 11;

/// The features of the word at padded index `i` itself: form, lowercase,
/// affixes, shape. They depend on nothing else, so the tagger caches their
/// summed scores per word.
#[inline]
pub(crate) fn lexical_features(sentence: &SentenceInfos, i: usize) -> [u64; N_LEXICAL] {
    let cur = &sentence.infos[i];
    let lower = sentence.lower(i);
    let affix = |template, text: &[u8]| feature(template, hash_bytes(text));
    // An ASCII word (nearly all) is tested once and cut by bytes; `suffix`
    // and `prefix` would each test it again and were not inlined.
    let [s1, s2, s4, p1, p2, p3]: [&[u8]; 6] = if lower.is_ascii() {
        let bytes = lower.as_bytes();
        let n = bytes.len();
        let tail = |k: usize| &bytes[n.saturating_sub(k)..];
        let head = |k: usize| &bytes[..n.min(k)];
        [tail(1), tail(2), tail(4), head(1), head(2), head(3)]
    } else {
        [
            suffix(lower, 1),
            suffix(lower, 2),
            suffix(lower, 4),
            prefix(lower, 1),
            prefix(lower, 2),
            prefix(lower, 3),
        ]
        .map(str::as_bytes)
    };
    [
        feature(T_WORD, cur.word),
        feature(T_LOWER, cur.lower),
        affix(T_SUFFIX[0], s1),
        affix(T_SUFFIX[1], s2),
        feature(T_SUFFIX[2], cur.suffix3),
        affix(T_SUFFIX[3], s4),
        affix(T_PREFIX[0], p1),
        affix(T_PREFIX[1], p2),
        affix(T_PREFIX[2], p3),
        feature(T_SHAPE, cur.shape),
        feature(T_CLASSES, cur.classes),
    ]
}

/// Number of features that read the neighbouring words.
pub(crate) const N_CONTEXT: usize = 14;

/// The features of the words around padded index `i` (`PAD` is the first word).
///
/// The same features as [`word_context_features`] of the five tokens around
/// `i` plus [`pair_features`] at `i`, in the order training has always used
/// (the tagger adds the two parts separately; training reads this).
#[cfg_attr(not(any(test, feature = "train")), allow(dead_code))]
#[inline]
pub(crate) fn context_features(infos: &[TokenInfo], i: usize) -> [u64; N_CONTEXT] {
    let own = |j: usize, k: usize| word_context_features(&infos[j])[k];
    let pairs = pair_features(infos, i);
    let first = if i == PAD { NEAR_FIRST } else { NEAR_NOT_FIRST };
    [
        own(i - 2, NEAR_AS_PREV2),
        own(i + 1, NEAR_AS_NEXT[0]),
        own(i + 2, NEAR_AS_NEXT2),
        own(i + 1, NEAR_AS_NEXT[1]),
        own(i - 1, NEAR_AS_PREV),
        own(i + 1, NEAR_AS_NEXT[2]),
        pairs[0],
        pairs[1],
        own(i, first),
        pairs[2],
        pairs[3],
        own(i + 1, NEAR_AS_NEXT[3]),
        pairs[4],
        pairs[5],
    ]
}

/// Number of context features that read one token alone: see [`word_context_features`].
pub(crate) const N_NEAR: usize = 9;
/// Indices into [`word_context_features`]: the features the token gives the
/// word before it (its form, suffix, shape and ambiguity class)...
pub(crate) const NEAR_AS_NEXT: [usize; 4] = [0, 1, 2, 3];
/// ...the word two before it (its form)...
pub(crate) const NEAR_AS_NEXT2: usize = 4;
/// ...the word after it (its shape)...
pub(crate) const NEAR_AS_PREV: usize = 5;
/// ...the word two after it (its form)...
pub(crate) const NEAR_AS_PREV2: usize = 6;
/// ...and itself: its shape, as the first word of the sentence or not.
pub(crate) const NEAR_FIRST: usize = 7;
/// See [`NEAR_FIRST`].
pub(crate) const NEAR_NOT_FIRST: usize = 8;

/// The context features that read a single token: the ones it lends its
/// neighbours (the `NEAR_AS_*` indices say which) and its shape with the
/// first-word flag. They depend on the token alone, so the tagger resolves
/// them once per word into weights and keeps those in its word cache,
/// instead of looking the same features up again for every neighbour.
#[inline]
pub(crate) fn word_context_features(info: &TokenInfo) -> [u64; N_NEAR] {
    [
        feature(T_LOWER_NEXT, info.lower),
        feature(T_SUFFIX3_NEXT, info.suffix3),
        feature(T_SHAPE_NEXT, info.shape),
        feature(T_CLASSES_NEXT, info.classes),
        feature(T_LOWER_NEXT2, info.lower),
        feature(T_SHAPE_PREV, info.shape),
        feature(T_LOWER_PREV2, info.lower),
        feature2(T_SHAPE_FIRST, info.shape, 1),
        feature2(T_SHAPE_FIRST, info.shape, 0),
    ]
}

/// Number of context features that read two tokens: see [`pair_features`].
pub(crate) const N_PAIR: usize = 6;

/// The context features of padded index `i` that combine two tokens (word
/// bigrams, the words or shapes on both sides, ambiguity-class pairs).
#[inline]
pub(crate) fn pair_features(infos: &[TokenInfo], i: usize) -> [u64; N_PAIR] {
    let cur = &infos[i];
    let prev = &infos[i - 1];
    let next = &infos[i + 1];
    [
        feature2(T_BIGRAM_PREV, prev.lower, cur.lower),
        feature2(T_BIGRAM_NEXT, cur.lower, next.lower),
        feature2(T_PREV_NEXT, prev.lower, next.lower),
        feature2(T_SHAPE_PREV_NEXT, prev.shape, next.shape),
        feature2(T_CLASSES_CUR_NEXT, cur.classes, next.classes),
        feature2(T_CLASSES_PREV, prev.classes, cur.classes),
    ]
}

/// Number of features that read only the two previous tags.
pub(crate) const N_TAG_CONTEXT: usize = 3;

/// The features of the two previous tags alone (precomputed into a table at load).
#[inline]
pub(crate) fn tag_context_features(tag1: u8, tag2: u8) -> [u64; N_TAG_CONTEXT] {
    [
        feature(T_TAG1, u64::from(tag1)),
        feature(T_TAG2, u64::from(tag2)),
        feature2(T_TAG12, u64::from(tag1), u64::from(tag2)),
    ]
}

/// Number of features that combine the previous tag with words.
pub(crate) const N_DYNAMIC: usize = 6;

/// The features that combine the previous tag with the words around `i`
/// (the tag two back is read only by [`tag_context_features`]): the
/// [`word_tag_features`] and [`neighbour_tag_features`], in training's order.
#[cfg_attr(not(any(test, feature = "train")), allow(dead_code))]
#[inline]
pub(crate) fn dynamic_features(infos: &[TokenInfo], i: usize, tag1: u8) -> [u64; N_DYNAMIC] {
    let own = word_tag_features(&infos[i], tag1);
    let near = neighbour_tag_features(infos, i, tag1);
    [own[0], own[1], near[0], own[2], near[1], own[3]]
}

/// Number of features that combine the previous tag with the word alone.
pub(crate) const N_WORD_TAG: usize = 4;

/// The previous tag with the word itself (form, suffix, shape, ambiguity
/// class): a function of the word and one tag, so the tagger remembers
/// their sum per recent word and previous tag.
#[inline]
pub(crate) fn word_tag_features(cur: &TokenInfo, tag1: u8) -> [u64; N_WORD_TAG] {
    [
        feature2(T_TAG1_LOWER, u64::from(tag1), cur.lower),
        feature2(T_TAG1_SUFFIX3, u64::from(tag1), cur.suffix3),
        feature2(T_TAG1_SHAPE, u64::from(tag1), cur.shape),
        feature2(T_TAG1_CLASSES, u64::from(tag1), cur.classes),
    ]
}

/// The previous tag with the next and the previous word.
#[inline]
pub(crate) fn neighbour_tag_features(infos: &[TokenInfo], i: usize, tag1: u8) -> [u64; 2] {
    [
        feature2(T_TAG1_NEXT, u64::from(tag1), infos[i + 1].lower),
        feature2(T_TAG1_PREV, u64::from(tag1), infos[i - 1].lower),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curly_apostrophes_are_normalised() {
        let (mut exact, mut lower) = (String::new(), String::new());
        normalize_into("Putin’s", &mut exact, &mut lower);
        assert_eq!(exact, "Putin's");
        assert_eq!(lower, "putin's");
        let mut sentence = SentenceInfos::default();
        sentence.fill(&["’s", "'s", "Kyiv"], |_| 0);
        assert_eq!(sentence.infos[PAD].word, sentence.infos[PAD + 1].word);
        assert_eq!(sentence.lower(PAD), "'s");
        assert_eq!(sentence.lower(PAD + 2), "kyiv");
        assert_eq!(sentence.lower(0), "");
    }

    #[test]
    fn words_without_curly_quotes_hash_as_their_normalised_form() {
        let mut sentence = SentenceInfos::default();
        sentence.fill(&["Kyiv", "Zürich", "’s", "“"], |_| 0);
        assert_eq!(raw_word_hash("Kyiv"), sentence.infos[PAD].word);
        assert_eq!(raw_word_hash("Zürich"), sentence.infos[PAD + 1].word);
        // Normalised, these are "'s" and a straight quote: their raw hashes
        // are not those.
        assert_ne!(raw_word_hash("’s"), sentence.infos[PAD + 2].word);
        assert_ne!(raw_word_hash("“"), sentence.infos[PAD + 3].word);
    }

    #[test]
    fn affixes_count_characters_not_bytes() {
        assert_eq!(suffix("Kyiv", 3), "yiv");
        assert_eq!(suffix("Zürich", 4), "rich");
        assert_eq!(suffix("Zürich", 5), "ürich");
        assert_eq!(suffix("ab", 4), "ab");
        assert_eq!(prefix("Zürich", 2), "Zü");
        assert_eq!(prefix("ab", 3), "ab");
    }

    /// The split of the context and dynamic features into the parts the
    /// tagger caches and the rest gives exactly the features the weights
    /// were trained on.
    #[test]
    fn context_features_keep_their_trained_definition() {
        let mut sentence = SentenceInfos::default();
        sentence.fill(&["Envoys", "met", "in", "Zürich", "."], |_| 3);
        let infos = &sentence.infos;
        for i in PAD..infos.len() - PAD {
            let (cur, prev, prev2) = (&infos[i], &infos[i - 1], &infos[i - 2]);
            let (next, next2) = (&infos[i + 1], &infos[i + 2]);
            let first = u64::from(i == PAD);
            let expected = [
                feature(T_LOWER_PREV2, prev2.lower),
                feature(T_LOWER_NEXT, next.lower),
                feature(T_LOWER_NEXT2, next2.lower),
                feature(T_SUFFIX3_NEXT, next.suffix3),
                feature(T_SHAPE_PREV, prev.shape),
                feature(T_SHAPE_NEXT, next.shape),
                feature2(T_BIGRAM_PREV, prev.lower, cur.lower),
                feature2(T_BIGRAM_NEXT, cur.lower, next.lower),
                feature2(T_SHAPE_FIRST, cur.shape, first),
                feature2(T_PREV_NEXT, prev.lower, next.lower),
                feature2(T_SHAPE_PREV_NEXT, prev.shape, next.shape),
                feature(T_CLASSES_NEXT, next.classes),
                feature2(T_CLASSES_CUR_NEXT, cur.classes, next.classes),
                feature2(T_CLASSES_PREV, prev.classes, cur.classes),
            ];
            assert_eq!(context_features(infos, i), expected, "position {i}");
            let tag1 = 4;
            let t = u64::from(tag1);
            let expected = [
                feature2(T_TAG1_LOWER, t, cur.lower),
                feature2(T_TAG1_SUFFIX3, t, cur.suffix3),
                feature2(T_TAG1_NEXT, t, next.lower),
                feature2(T_TAG1_SHAPE, t, cur.shape),
                feature2(T_TAG1_PREV, t, prev.lower),
                feature2(T_TAG1_CLASSES, t, cur.classes),
            ];
            assert_eq!(dynamic_features(infos, i, tag1), expected, "position {i}");
        }
    }

    /// The affixes cut by bytes for ASCII words are the character affixes
    /// the weights were trained on.
    #[test]
    fn lexical_features_keep_their_trained_affixes() {
        let words = ["Envoys", "a", "of", "U.S.", "Zürich", "naïve", "’s", "2025"];
        let mut sentence = SentenceInfos::default();
        sentence.fill(&words, |_| 1);
        for i in PAD..PAD + words.len() {
            let lower = sentence.lower(i);
            let affix = |template, text: &str| feature(template, hash_bytes(text.as_bytes()));
            let got = lexical_features(&sentence, i);
            let expected = [
                (2, affix(T_SUFFIX[0], suffix(lower, 1))),
                (3, affix(T_SUFFIX[1], suffix(lower, 2))),
                (5, affix(T_SUFFIX[3], suffix(lower, 4))),
                (6, affix(T_PREFIX[0], prefix(lower, 1))),
                (7, affix(T_PREFIX[1], prefix(lower, 2))),
                (8, affix(T_PREFIX[2], prefix(lower, 3))),
            ];
            for (k, key) in expected {
                assert_eq!(got[k], key, "{lower}: feature {k}");
            }
        }
    }

    #[test]
    fn shapes_collapse_runs() {
        assert_eq!(shape_hash("Zürich"), shape_hash("Zurich"));
        assert_eq!(shape_hash("Ürümqi"), shape_hash("Urumqi"));
        assert_eq!(shape_hash("Putin"), shape_hash("Xi"));
        assert_eq!(shape_hash("2025"), shape_hash("7"));
        assert_eq!(shape_hash("U.S."), shape_hash("U.K."));
        assert_ne!(shape_hash("U.S."), shape_hash("US"));
    }
}
