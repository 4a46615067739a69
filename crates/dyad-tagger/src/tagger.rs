//! The greedy left-to-right tagger over a [`Model`].

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::LazyLock;

use dyad_doc::Pos;

use crate::features::{
    lexical_features, neighbour_tag_features, pair_features, raw_word_hash, word_context_features,
    word_tag_features, SentenceInfos, TokenInfo, NEAR_AS_NEXT, NEAR_AS_NEXT2, NEAR_AS_PREV,
    NEAR_AS_PREV2, NEAR_FIRST, NEAR_NOT_FIRST, N_CLASSES, N_NEAR, PAD, TAG_START,
};
use crate::model::{add_classes, Model, ModelError, Scores};

/// The weights shipped with dyad (see `data/README.md`).
#[cfg(test)]
static BUILTIN_BYTES: &[u8] = include_bytes!("../data/tagger.bin");

/// The same weights as lookup tables, written by `build.rs` from
/// `data/tagger.bin` (see [`Model::to_table`]): loading them is a copy.
static BUILTIN_TABLE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/tagger.table"));

static BUILTIN: LazyLock<Tagger> = LazyLock::new(|| {
    // The table is written by the build script from the checked-in weights
    // and checked by the tests, so a failure here is a broken build, not
    // bad input.
    Tagger::from_model(Model::from_table(BUILTIN_TABLE).expect("the builtin tagger table is valid"))
});

/// Gives each loaded tagger an id, so a per-thread cache knows whose scores it holds.
static NEXT_TAGGER_ID: AtomicU64 = AtomicU64::new(1);

/// The dictionary entry of a word the tag dictionary does not know (classes are < 17).
const NOT_IN_DICT: u8 = u8::MAX;

/// The dictionary entry of a word the tag dictionary does not know and
/// whose lexical scores are not summed yet (it missed the word cache): one
/// byte per word instead of a second vector of flags, so a cache hit pushes
/// one thing less.
const UNSCORED: u8 = u8::MAX - 1;

/// Entries of the per-thread word cache (a power of two).
///
/// Direct-mapped. Two ways a set (a word in either entry of its set) cut
/// the misses on 200 Wikinews articles from 16,097 to 13,922 and the
/// tagger's instructions by 1.7%, but the second entry a lookup may read
/// raised its last-level misses by 4% (callgrind, 2 MB cache): a loss on
/// this memory-bound stage, so dropped.
const CACHE_SIZE: usize = 16384;

/// What the tagger knows of a recent word: everything that depends on the
/// word alone.
#[derive(Clone, Copy, Default)]
#[repr(align(64))]
struct CachedWord {
    /// The word's hashes and ambiguity class (`info.word` = 0: empty entry).
    info: TokenInfo,
    /// Its tag-dictionary class, or [`NOT_IN_DICT`].
    dict: u8,
    /// When not in the dictionary: the summed scores of its lexical features.
    scores: [i16; N_CLASSES],
    /// The payloads of its [`word_context_features`] (as [`near_of`] leaves them).
    near: Near,
}

// Two cache lines exactly, so a hit touches two lines, never three.
const _: () = assert!(std::mem::size_of::<CachedWord>() == 128);

/// Entries of the per-thread cache of words after a previous tag (a power of two).
///
/// Its own table, keyed by word and tag, rather than the sum for the last
/// previous tag inside each [`CachedWord`]: a word keeps its sums for every
/// tag it recently followed (simulated on all of Wikinews, 62% of scored
/// words find theirs instead of 33%), and the word entry, without the sum,
/// is two cache lines exactly. On the first 200 Wikinews articles
/// (callgrind, 2 MB last-level cache) `Tagger::tag_with` took 113.4M ->
/// 109.6M instructions, 1.71M -> 1.60M first-level and 619k -> 617k
/// last-level misses. 4,096 or 16,384 entries (before the word entries were
/// aligned): 110.3M or 109.2M instructions for 636k or 647k last-level
/// misses, against 109.6M and 641k with 8,192 (48 bytes each: 384 KB).
const PAIR_CACHE_SIZE: usize = 8192;

/// The summed scores of a word's [`word_tag_features`] after one previous tag.
#[derive(Clone, Copy, Default)]
struct CachedPair {
    /// The word's hash ([`TokenInfo::word`]; 0: empty entry).
    word: u64,
    /// The previous tag.
    tag1: u8,
    /// The sum of the word's features with `tag1`.
    scores: [i16; N_CLASSES],
}

/// The entry of `word` after previous tag `tag1` in the pair cache (a
/// multiply-shift of both: the word hash is uniform, the tag spread by an odd
/// constant).
#[inline]
fn pair_slot(word: u64, tag1: u8) -> usize {
    let key = word ^ u64::from(tag1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (key.wrapping_mul(0xD6E8_FEB8_6659_FD93) >> (64 - PAIR_CACHE_SIZE.trailing_zeros())) as usize
}

/// The resolved [`word_context_features`] of one token (payloads, 0 = absent).
type Near = [u32; N_NEAR];

/// Reusable per-thread buffers, so tagging a sentence allocates nothing, and
/// a direct-mapped cache of recent words: news text repeats its words, and a
/// hit saves normalising, hashing and shaping the word, its tag-dictionary
/// look-up, the 11 table lookups of its lexical features and the 9 of the
/// context features that read it alone.
#[derive(Default)]
struct Scratch {
    sentence: SentenceInfos,
    /// Per word: its tag-dictionary class, or [`NOT_IN_DICT`] when `statics`
    /// already holds its lexical scores, or [`UNSCORED`] when not.
    dict: Vec<u8>,
    /// Per token, paddings included (indexed like `sentence.infos`): the
    /// payloads of its [`word_context_features`].
    near: Vec<Near>,
    /// Per word not in the tag dictionary: the scores of its lexical and
    /// context features (the features that do not read the previous tags).
    statics: Vec<Scores>,
    /// Id of the tagger whose scores `cache` and `pairs` hold.
    cache_owner: u64,
    cache: Vec<CachedWord>,
    /// Direct-mapped cache of word-and-previous-tag sums ([`PAIR_CACHE_SIZE`]).
    pairs: Vec<CachedPair>,
}

impl Scratch {
    /// Empties the cache when it belongs to another tagger (or is not allocated yet).
    fn claim_cache(&mut self, tagger_id: u64) {
        if self.cache_owner != tagger_id
            || self.cache.len() != CACHE_SIZE
            || self.pairs.len() != PAIR_CACHE_SIZE
        {
            self.cache.clear();
            self.cache.resize(CACHE_SIZE, CachedWord::default());
            self.pairs.clear();
            self.pairs.resize(PAIR_CACHE_SIZE, CachedPair::default());
            self.cache_owner = tagger_id;
        }
    }
}

/// The cache entry of a word hash (the hash is uniform, so its low bits do).
#[inline]
fn cache_slot(word: u64) -> usize {
    word as usize & (CACHE_SIZE - 1)
}

/// Index of the cache entry of the word with hash `word`, if it is cached
/// (hash 0 marks an empty entry, so that word is never cached).
#[inline]
fn find_cached(cache: &[CachedWord], word: u64) -> Option<usize> {
    let slot = cache_slot(word);
    (word != 0 && cache.get(slot).is_some_and(|entry| entry.info.word == word)).then_some(slot)
}

/// Stores `entry` in its word's entry, over the word that was there.
#[inline]
fn insert_cached(cache: &mut [CachedWord], entry: CachedWord) {
    if let Some(slot) = cache.get_mut(cache_slot(entry.info.word)) {
        *slot = entry;
    }
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// A part-of-speech tagger: an averaged perceptron that assigns one UPOS tag
/// per word, left to right, each decision seeing the two tags before it.
///
/// Immutable once loaded; share it freely across threads.
pub struct Tagger {
    model: Model,
    /// The [`word_context_features`] payloads of the paddings before and after a sentence.
    padding_near: [Near; 2],
    /// Unique per loaded tagger (keys the per-thread word cache).
    id: u64,
}

impl Tagger {
    /// The tagger trained on UD English (EWT and GUM news genres) that ships
    /// in the binary; parsed on first use, then shared.
    ///
    /// # Example
    /// ```
    /// use dyad_doc::Pos;
    /// use dyad_tagger::Tagger;
    /// let tags = Tagger::builtin().tag(&["The", "envoys", "met", "in", "Geneva", "."]);
    /// assert_eq!(tags, [Pos::Det, Pos::Noun, Pos::Verb, Pos::Adp, Pos::Propn, Pos::Punct]);
    /// ```
    pub fn builtin() -> &'static Tagger {
        &BUILTIN
    }

    /// Loads a tagger from a weights file in the format of `data/tagger.bin`.
    ///
    /// # Errors
    /// A [`ModelError`] when the bytes are not a complete, valid weights file.
    pub fn from_bytes(bytes: &[u8]) -> Result<Tagger, ModelError> {
        Ok(Tagger::from_model(Model::decode(bytes)?))
    }

    fn from_model(model: Model) -> Tagger {
        let padding_near =
            [true, false].map(|before| near_of(&model, &TokenInfo::padding(before), false));
        Tagger {
            model,
            padding_near,
            id: NEXT_TAGGER_ID.fetch_add(1, Ordering::Relaxed),
        }
    }

    /// Tags one sentence of already tokenised words ("U.S.", "n't", "’s").
    pub fn tag<S: AsRef<str>>(&self, words: &[S]) -> Vec<Pos> {
        let mut tags = Vec::with_capacity(words.len());
        self.tag_into(words, &mut tags);
        tags
    }

    /// Tags one sentence into `tags` (cleared first), reusing its allocation.
    pub fn tag_into<S: AsRef<str>>(&self, words: &[S], tags: &mut Vec<Pos>) {
        tags.clear();
        SCRATCH.with(|scratch| match scratch.try_borrow_mut() {
            Ok(mut scratch) => self.tag_with(words, &mut scratch, tags),
            // Only reachable if tagging re-entered itself on this thread.
            Err(_) => self.tag_with(words, &mut Scratch::default(), tags),
        });
    }

    fn tag_with<S: AsRef<str>>(&self, words: &[S], scratch: &mut Scratch, tags: &mut Vec<Pos>) {
        scratch.claim_cache(self.id);
        let Scratch {
            sentence,
            dict,
            near,
            statics,
            cache,
            pairs,
            ..
        } = scratch;
        // First pass: what each word is, from the cache when it was seen
        // recently (a word without curly quotes is its own normalised form, so
        // a hit skips all other per-word work), else computed and remembered.
        let classes_of = |lower| self.model.word_classes(lower);
        sentence.begin();
        dict.clear();
        statics.clear();
        near.clear();
        near.extend([self.padding_near[0]; PAD]);
        for word in words {
            let word = word.as_ref();
            // Probed with the word's raw hash: it is the normalised form's
            // whenever normalising would change nothing (see `raw_word_hash`).
            // A cached tag-dictionary word's scores are zeros (it is never
            // scored), so every hit copies its scores without a test.
            if let Some(idx) = find_cached(cache, raw_word_hash(word)) {
                let cached = &cache[idx];
                sentence.push_known(cached.info);
                dict.push(cached.dict);
                near.push(cached.near);
                statics.push(all_classes(&cached.scores));
                continue;
            }
            let info = sentence.push_word(word, classes_of);
            if let Some(idx) = find_cached(cache, info.word) {
                let cached = &cache[idx];
                // A word with curly quotes seen recently: only its hashing was redone.
                dict.push(cached.dict);
                near.push(cached.near);
                statics.push(all_classes(&cached.scores));
                continue;
            }
            // The word's scores start at zero and are filled in place (a
            // tag-dictionary word keeps the zeros: it is never scored).
            statics.push([0; 32]);
            let class = self.model.dict_tag(info.word).unwrap_or(NOT_IN_DICT);
            dict.push(if class == NOT_IN_DICT {
                UNSCORED
            } else {
                class
            });
            let word_near = near_of(&self.model, &info, class == NOT_IN_DICT);
            near.push(word_near);
            if class != NOT_IN_DICT {
                // A dictionary word needs no scores of its own: remember it now.
                insert_cached(
                    cache,
                    CachedWord {
                        info,
                        dict: class,
                        scores: [0; N_CLASSES],
                        near: word_near,
                    },
                );
            }
        }
        sentence.end();
        near.extend([self.padding_near[1]; PAD]);
        // Second pass: everything else that does not depend on the tags
        // chosen so far. Its table lookups are independent from word to
        // word, so the processor overlaps their cache misses across the
        // whole sentence instead of waiting for each word's in turn. Integer
        // sums do not depend on the order of addition: the scores are exactly
        // those of adding every feature in the third pass.
        for (offset, scores) in statics.iter_mut().enumerate() {
            let entry = dict[offset];
            if entry != NOT_IN_DICT && entry != UNSCORED {
                continue;
            }
            let i = PAD + offset;
            if entry == UNSCORED {
                self.model.add_all(&lexical_features(sentence, i), scores);
                let info = sentence.infos[i];
                insert_cached(
                    cache,
                    CachedWord {
                        info,
                        dict: NOT_IN_DICT,
                        scores: first_classes(scores),
                        near: near[i],
                    },
                );
            }
            // The context features: those of single neighbours come resolved
            // with the neighbours, the pairs are looked up.
            // One bounds check for the five-token window instead of one each
            // (the paddings make it always present).
            let Some([prev2, prev, cur, next, next2]) = near.get(i - 2..i + 3) else {
                continue;
            };
            for k in NEAR_AS_NEXT {
                self.model.add_payload(next[k], scores);
            }
            self.model.add_payload(next2[NEAR_AS_NEXT2], scores);
            self.model.add_payload(prev[NEAR_AS_PREV], scores);
            self.model.add_payload(prev2[NEAR_AS_PREV2], scores);
            if i == PAD {
                let key = word_context_features(&sentence.infos[i])[NEAR_FIRST];
                self.model.add_payload(self.model.payload(key), scores);
            } else {
                self.model.add_payload(cur[NEAR_NOT_FIRST], scores);
            }
            // The token and its two neighbours as a fixed array: the pair
            // features index it with no bounds checks (always present, as above).
            if let Some(around) = window3(&sentence.infos, i) {
                self.model.add_all(&pair_features(around, 1), scores);
            }
        }
        // Third pass, left to right: the features of the previous tags.
        let (mut tag1, mut tag2) = (TAG_START, TAG_START);
        for ((i, &entry), scores) in (PAD..).zip(dict.iter()).zip(statics.iter_mut()) {
            let class = match entry {
                NOT_IN_DICT | UNSCORED => self.predict(sentence, pairs, i, tag1, tag2, scores),
                class => class,
            };
            tags.push(self.model.classes[usize::from(class)]);
            tag2 = tag1;
            tag1 = class;
        }
    }

    /// The best class for padded position `i` given the two previous tags
    /// and the scores of the position's features that do not read them
    /// (added to in place: they are not needed after).
    ///
    /// The word's own features with the previous tag come from the pair
    /// cache when the word followed the same tag recently (news repeats
    /// words in the same company: "said" after a name).
    #[inline]
    fn predict(
        &self,
        sentence: &SentenceInfos,
        pairs: &mut [CachedPair],
        i: usize,
        tag1: u8,
        tag2: u8,
        scores: &mut Scores,
    ) -> u8 {
        self.model.add_tag_context(tag1, tag2, scores);
        // Always present: a scored word has a padding or word either side.
        let Some(around) = window3(&sentence.infos, i) else {
            return best_class(scores);
        };
        let info = &around[1];
        match pairs.get_mut(pair_slot(info.word, tag1)) {
            // Hash 0 marks an empty entry, so that word is never cached.
            Some(entry) if entry.word == info.word && entry.tag1 == tag1 && info.word != 0 => {
                add_classes(scores, &entry.scores);
            }
            entry => {
                let mut part: Scores = [0; 32];
                self.model
                    .add_all(&word_tag_features(info, tag1), &mut part);
                for (score, add) in scores.iter_mut().zip(part) {
                    *score = score.wrapping_add(add);
                }
                if let Some(entry) = entry {
                    *entry = CachedPair {
                        word: info.word,
                        tag1,
                        scores: first_classes(&part),
                    };
                }
            }
        }
        self.model
            .add_all(&neighbour_tag_features(around, 1, tag1), scores);
        best_class(scores)
    }

    /// Number of features with weights and of tag-dictionary words (for reports).
    pub fn size(&self) -> (usize, usize) {
        (self.model.n_features(), self.model.n_dict_words())
    }
}

/// The payloads of the [`word_context_features`] of `info`, except two left
/// at 0 because looking them up would be wasted: the word's shape as the
/// first word (looked up where a sentence starts with a scored word), and,
/// for a token that is never scored (`scored == false`: a tag-dictionary
/// word, a padding), its shape as any other word.
fn near_of(model: &Model, info: &TokenInfo, scored: bool) -> Near {
    let keys = word_context_features(info);
    let mut near = [0; N_NEAR];
    for (k, (payload, key)) in near.iter_mut().zip(keys).enumerate() {
        if k != NEAR_FIRST && (scored || k != NEAR_NOT_FIRST) {
            *payload = model.payload(key);
        }
    }
    near
}

/// The token at padded index `i` with its neighbours, as a fixed array, so
/// features that read them are indexed without bounds checks (`None` only
/// at a sentence's outer paddings, which are never scored).
#[inline]
fn window3(infos: &[TokenInfo], i: usize) -> Option<&[TokenInfo; 3]> {
    infos.get(i.checked_sub(1)?..i + 2)?.try_into().ok()
}

/// The first [`N_CLASSES`] scores, as the word cache keeps them.
#[inline]
fn first_classes(scores: &Scores) -> [i16; N_CLASSES] {
    let mut first = [0i16; N_CLASSES];
    first.copy_from_slice(&scores[..N_CLASSES]);
    first
}

/// A word cache entry's scores widened to all lanes (the lanes past the
/// classes are 0, as in a fresh score).
#[inline]
fn all_classes(first: &[i16; N_CLASSES]) -> Scores {
    let mut scores = [0i16; 32];
    scores[..N_CLASSES].copy_from_slice(first);
    scores
}

/// The class with the highest score; the lowest class wins ties, as in
/// [`argmax`] (which training uses). The maximum first, a SIMD reduction,
/// then the first class that has it: about half the instructions of
/// [`argmax`]'s compare-and-select per class. (A bit mask of the classes
/// with the maximum, or the maximum of score-and-class packed in 32 bits,
/// both stayed longer without the movemask instruction, which safe code
/// cannot name: callgrind on 200 Wikinews articles, +1.3M.)
#[inline]
fn best_class(scores: &Scores) -> u8 {
    let classes = &scores[..N_CLASSES];
    let best = classes
        .iter()
        .fold(i16::MIN, |best, &score| best.max(score));
    classes
        .iter()
        .position(|&score| score == best)
        .map_or(0, |class| class as u8)
}

/// Index of the highest score; the lowest index wins ties, as in training.
#[cfg_attr(not(any(test, feature = "train")), allow(dead_code))]
#[inline]
pub(crate) fn argmax<T: PartialOrd + Copy>(scores: &[T]) -> u8 {
    let mut best = 0;
    for (class, &score) in scores.iter().enumerate().skip(1) {
        if score > scores[best] {
            best = class;
        }
    }
    best as u8
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::{lexical_features, N_CLASSES};
    use crate::model::{fingerprint, ModelData};

    fn tag(words: &str) -> Vec<Pos> {
        let words: Vec<&str> = words.split(' ').collect();
        Tagger::builtin().tag(&words)
    }

    #[test]
    fn builtin_model_loads() {
        let (n_features, n_dict_words) = Tagger::builtin().size();
        assert!(n_features > 100_000, "{n_features} features");
        assert!(n_dict_words > 500, "{n_dict_words} tag-dictionary words");
    }

    #[test]
    fn news_sentence_gets_the_expected_key_tags() {
        let tags =
            tag("Russian President Vladimir Putin met the U.S. envoy in Moscow on Thursday .");
        assert_eq!(tags.len(), 13);
        assert_eq!(tags[1], Pos::Propn, "President");
        assert_eq!(tags[2], Pos::Propn, "Vladimir");
        assert_eq!(tags[3], Pos::Propn, "Putin");
        assert_eq!(tags[4], Pos::Verb, "met");
        assert_eq!(tags[5], Pos::Det, "the");
        assert_eq!(tags[6], Pos::Propn, "U.S.");
        assert_eq!(tags[7], Pos::Noun, "envoy");
        assert_eq!(tags[8], Pos::Adp, "in");
        assert_eq!(tags[9], Pos::Propn, "Moscow");
        assert_eq!(tags[10], Pos::Adp, "on");
        assert_eq!(tags[11], Pos::Propn, "Thursday");
        assert_eq!(tags[12], Pos::Punct, ".");
    }

    #[test]
    fn verbs_nouns_and_particles_in_context() {
        let tags =
            tag("Ukraine said the talks did n't produce a ceasefire and shelling continued .");
        assert_eq!(
            tags,
            [
                Pos::Propn,
                Pos::Verb,
                Pos::Det,
                Pos::Noun,
                Pos::Aux,
                Pos::Part,
                Pos::Verb,
                Pos::Det,
                Pos::Noun,
                Pos::Cconj,
                Pos::Noun,
                Pos::Verb,
                Pos::Punct,
            ]
        );
    }

    #[test]
    fn curly_apostrophes_tag_like_straight_ones() {
        let curly = tag("Kyiv ’s foreign minister spoke");
        let straight = tag("Kyiv 's foreign minister spoke");
        assert_eq!(curly, straight);
        assert_eq!(curly[1], Pos::Part);
    }

    #[test]
    fn tag_into_reuses_the_buffer() {
        let mut tags = vec![Pos::X; 10];
        Tagger::builtin().tag_into(&["Talks", "resumed", "."], &mut tags);
        assert_eq!(tags.len(), 3);
        Tagger::builtin().tag_into::<&str>(&[], &mut tags);
        assert!(tags.is_empty());
    }

    /// A model that knows one thing: the word "talks" is an interjection.
    fn one_feature_model() -> Tagger {
        one_weight_model(100)
    }

    /// A model whose one feature gives "talks" `weight` for an interjection.
    fn one_weight_model(weight: i32) -> Tagger {
        Tagger::from_bytes(&one_weight_bytes(weight)).expect("one-feature model loads")
    }

    /// The encoded weights file of [`one_weight_model`], loadable or not.
    fn one_weight_bytes(weight: i32) -> Vec<u8> {
        let mut sentence = SentenceInfos::default();
        sentence.fill(&["talks"], |_| 0);
        let key = lexical_features(&sentence, PAD)[0];
        let mut weights = [0; N_CLASSES];
        weights[Pos::Intj as usize] = weight;
        let mut classes = [Pos::X; N_CLASSES];
        classes.copy_from_slice(&Pos::ALL[..N_CLASSES]);
        let data = ModelData {
            classes,
            tagdict: Vec::new(),
            lexicon: Vec::new(),
            features: vec![(fingerprint(key), weights)],
        };
        data.encode()
    }

    #[test]
    fn word_cache_is_per_tagger() {
        let small = one_feature_model();
        let builtin = Tagger::builtin();
        for _ in 0..2 {
            assert_ne!(builtin.tag(&["talks"]), [Pos::Intj]);
            assert_eq!(small.tag(&["talks"]), [Pos::Intj]);
        }
    }

    /// Weights at the limit of the 16-bit scores tag exactly, cached or not;
    /// beyond it a model is refused rather than scored wrong.
    #[test]
    fn weights_at_the_score_limit_tag_exactly() {
        let tagger = one_weight_model(crate::model::MAX_WEIGHT as i32);
        let mut scratch = Scratch::default();
        for _ in 0..3 {
            let mut tags = Vec::new();
            tagger.tag_with(&["talks", "talks"], &mut scratch, &mut tags);
            assert_eq!(tags, [Pos::Intj, Pos::Intj]);
        }
        assert!(Tagger::from_bytes(&one_weight_bytes(100_000)).is_err());
    }

    /// Tags `text` (words split on spaces) with a fresh scratch, then three
    /// times with one reused scratch, and checks every pass gives the same
    /// tags; returns the warm scratch for checks of what the caches kept.
    fn tags_with_warm_caches_as_fresh(text: &str) -> Scratch {
        let words: Vec<&str> = text.split(' ').collect();
        let tagger = Tagger::builtin();
        let mut fresh = Vec::new();
        tagger.tag_with(&words, &mut Scratch::default(), &mut fresh);
        let mut scratch = Scratch::default();
        for _ in 0..3 {
            let mut tags = Vec::new();
            tagger.tag_with(&words, &mut scratch, &mut tags);
            assert_eq!(tags, fresh);
        }
        scratch
    }

    /// The word cache changes speed, never tags: words seen before (ASCII
    /// and not, in and out of the tag dictionary) tag as with an empty cache.
    #[test]
    fn cached_words_tag_as_fresh_ones() {
        let text = "The envoys met in Zürich on Monday . The talks , which envoys \
                    called “ constructive ” , resumed in Zürich ; talks on prisoners stalled .";
        tags_with_warm_caches_as_fresh(text);
    }

    /// The tagger's argmax picks what training's does, ties included.
    #[test]
    fn best_class_is_argmax() {
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        for round in 0..2000 {
            let mut scores: Scores = [0; 32];
            for score in scores.iter_mut() {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                // Few distinct values, so ties are common.
                *score = (state % 7) as i16 + if round % 2 == 0 { i16::MIN } else { -3 };
            }
            assert_eq!(
                best_class(&scores),
                argmax(&scores[..N_CLASSES]),
                "{scores:?}"
            );
        }
        let mut scores: Scores = [i16::MIN; 32];
        assert_eq!(best_class(&scores), 0);
        scores[16] = i16::MAX;
        assert_eq!(best_class(&scores), 16);
    }

    /// A stored word is found; another word of its entry replaces it.
    #[test]
    fn the_word_cache_keeps_the_last_word_of_an_entry() {
        let entry = |word: u64, dict: u8| CachedWord {
            info: TokenInfo {
                word,
                ..TokenInfo::default()
            },
            dict,
            ..CachedWord::default()
        };
        let (a, b) = (5, 5 + CACHE_SIZE as u64);
        let mut cache = vec![CachedWord::default(); CACHE_SIZE];
        insert_cached(&mut cache, entry(a, 1));
        assert_eq!(find_cached(&cache, a).map(|idx| cache[idx].dict), Some(1));
        insert_cached(&mut cache, entry(b, 2));
        assert_eq!(find_cached(&cache, a), None);
        assert_eq!(find_cached(&cache, b).map(|idx| cache[idx].dict), Some(2));
        assert_eq!(find_cached(&cache, 0), None, "hash 0 marks empty entries");
    }

    /// The pair cache keys on word and tag: a word after two different tags
    /// keeps a sum for each, and tags stay those of an empty cache.
    #[test]
    fn the_pair_cache_keeps_each_previous_tag_apart() {
        for word in [1u64, 5, u64::MAX, 0x1234_5678_9ABC_DEF0] {
            for tag1 in 0..=TAG_START {
                assert!(pair_slot(word, tag1) < PAIR_CACHE_SIZE);
            }
        }
        let text = "Officials said talks resumed . The talks said little . Talks ended .";
        let scratch = tags_with_warm_caches_as_fresh(text);
        let talks = raw_word_hash("talks");
        let kept: Vec<u8> = scratch
            .pairs
            .iter()
            .filter(|entry| entry.word == talks)
            .map(|entry| entry.tag1)
            .collect();
        assert!(kept.len() >= 2, "sums for {kept:?}");
    }

    #[test]
    fn bad_bytes_are_an_error() {
        assert!(Tagger::from_bytes(b"").is_err());
        assert!(Tagger::from_bytes(&BUILTIN_BYTES[..BUILTIN_BYTES.len() / 2]).is_err());
    }
}
