//! The weights file: its binary format, and the read-only lookup structure
//! the tagger scores with.
//!
//! # Format (`data/tagger.bin`, all integers little-endian or LEB128 varints)
//!
//! ```text
//! magic       8 bytes  "DYADTAG1"
//! classes     u8 count, then per class: u8 length + UPOS name ("NOUN")
//! tagdict     varint count, then per entry: varint length + word bytes, u8 class
//! lexicon     varint count, then per entry: varint length + lowercase word bytes,
//!               varint bit mask of the classes the word had in training
//! features    varint count, then per feature, sorted by key:
//!               varint  key minus previous key (keys are 32-bit fingerprints)
//!               varint  bit mask of the classes with a weight
//!               zigzag varint weight, one per set bit, in class order
//! ```
//!
//! A feature key is the top 32 bits of the 64-bit feature hash; two features
//! sharing a fingerprint share weights, which at a few hundred thousand
//! features almost never happens and costs nothing measurable. Weights are the
//! averaged perceptron weights scaled and rounded to integers; near-zero ones
//! are dropped by the trainer. A model is refused when a weight exceeds
//! [`MAX_WEIGHT`] in magnitude, so that every score fits in 16 bits.

use std::fmt;

use dyad_doc::Pos;

use crate::features::{
    tag_context_features, N_CLASSES, N_CONTEXT, N_CONTEXT_TAGS, N_DYNAMIC, N_LEXICAL, N_TAG_CONTEXT,
};
use crate::hash::hash_bytes;

/// The first bytes of every weights file (the last byte is the format version).
pub(crate) const MAGIC: &[u8; 8] = b"DYADTAG1";

/// The first bytes of a lookup table written by [`Model::to_table`].
pub(crate) const TABLE_MAGIC: &[u8; 8] = b"DYADTBL1";

/// Why a weights file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ModelError {
    /// The file does not start with the expected magic bytes.
    BadMagic,
    /// The file ends in the middle of a record.
    Truncated {
        /// Byte offset where more data was expected.
        offset: usize,
    },
    /// A field holds a value out of range.
    Invalid {
        /// Which field.
        what: &'static str,
        /// Byte offset of the field.
        offset: usize,
    },
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ModelError::BadMagic => write!(f, "not a dyad tagger weights file (bad magic)"),
            ModelError::Truncated { offset } => {
                write!(f, "tagger weights file truncated at byte {offset}")
            }
            ModelError::Invalid { what, offset } => {
                write!(f, "invalid {what} in tagger weights file at byte {offset}")
            }
        }
    }
}

impl std::error::Error for ModelError {}

/// The 32-bit key a 64-bit feature hash is stored under (never 0, which marks
/// an empty slot).
#[inline]
pub(crate) fn fingerprint(key: u64) -> u32 {
    let fp = (key >> 32) as u32;
    if fp == 0 {
        1
    } else {
        fp
    }
}

/// Per-class scores of one position. 32 wide, not 17, so that indexing by a
/// 5-bit class field needs no bounds check; only the first `N_CLASSES` are used.
///
/// 16 bits, not 32: adding a dense row of 16-bit weights is then three SIMD
/// adds with no widening, and the word cache copies its sums instead of
/// converting them. Exact, because a model whose scores could leave the
/// 16-bit range is refused ([`MAX_WEIGHT`]).
pub(crate) type Scores = [i16; 32];

/// The most features whose weights one score adds up: a position's lexical,
/// context, tag-context and dynamic features.
const TERMS: usize = N_LEXICAL + N_CONTEXT + N_TAG_CONTEXT + N_DYNAMIC;

/// The largest weight magnitude a model may have: [`TERMS`] weights this large
/// still sum within 16 bits, so every score, and every partial sum of one,
/// is exact in [`Scores`]. (The shipped weights stay below 160.)
pub(crate) const MAX_WEIGHT: i64 = i16::MAX as i64 / TERMS as i64;

/// Weights of one feature in the trainer's output: one per class.
pub(crate) type ClassWeights = [i32; N_CLASSES];

/// Slot payload flag: the weights are inline (at most two, 10-bit).
const INLINE: u32 = 1 << 31;
/// Slot payload flag: the weights are a dense row: the row's index in bits
/// 16..30 ([`ROW_INDEX`]) and the last class's weight in the low 16 bits.
const DENSE: u32 = 1 << 30;
/// Bits of a dense payload that hold the row index (above its 16-bit weight).
const ROW_INDEX: u32 = (1 << 14) - 1;
/// Weights in a dense row: the classes but the last, whose weight rides in
/// the payload, so that a row is half a cache line and two SIMD adds.
const ROW_LANES: usize = 16;
const _: () = assert!(N_CLASSES == ROW_LANES + 1);
/// Features with at least this many weights get a dense row: adding a whole
/// row is a handful of SIMD adds, cheaper than walking that many entries.
const DENSE_MIN: usize = 6;
/// Range of a weight stored inline.
const INLINE_WEIGHTS: std::ops::Range<i64> = -512..512;
// A sparse entry holds a weight in 11 bits beside its 5-bit class
// (-1024..1024): every weight a model may have fits.
const _: () = assert!(MAX_WEIGHT < 1024);

/// A trained model, ready to score.
///
/// Features live in an open-addressing table of cache-line buckets, each
/// with eight 32-bit fingerprints (0 = empty slot) and their eight payloads,
/// filled to about 65%: a lookup compares all eight fingerprints of its home
/// bucket at once (the compiler turns the loop into one SIMD compare) and
/// moves to the next bucket only when the home bucket is full. Most features carry two weights
/// (one perceptron update: + for the right class, - for the wrong one), so
/// the payload holds up to two small weights inline and a lookup usually
/// touches one cache line; other features point into `entries` (2 bytes a
/// weight, half the 4 they took before, with identical scores) or, with six
/// or more weights, to a dense row: 16 classes' weights in half a cache line,
/// the seventeenth's in the payload (full-line rows of all 17 took twice the
/// memory: 4% more last-level misses in the tag stage for 1% fewer
/// instructions; 200 Wikinews articles, callgrind). (Rows of bytes instead of 16-bit
/// weights missed the cache a little less but cost more instructions to
/// widen on baseline x86-64 than they saved: 200 Wikinews articles, callgrind.)
pub(crate) struct Model {
    /// The class of each index.
    pub(crate) classes: [Pos; N_CLASSES],
    /// The table; payload is `INLINE | w1:10 c1:5 w0:10 c0:5`,
    /// `DENSE | row:14 w16:16` or `start:25 len:5`.
    buckets: Vec<Bucket>,
    /// Packed sparse weights: class in the low 5 bits, the weight in the upper 11.
    entries: Vec<u16>,
    /// Dense weight rows of the features with many classes (all classes
    /// but the last, whose weight is in the payload).
    rows: Vec<DenseRow>,
    /// Scores of the tag-context features, indexed by `tag1 * N_CONTEXT_TAGS + tag2`.
    tag_context: Vec<Scores>,
    /// Words that always get one tag, by hash of the normalised form.
    tagdict: WordMap,
    /// Ambiguity classes of training words, by hash of the lowercase form.
    lexicon: WordMap,
}

impl Model {
    /// Parses a weights file.
    pub(crate) fn decode(bytes: &[u8]) -> Result<Model, ModelError> {
        let mut reader = Reader { bytes, pos: 0 };
        if reader.take(MAGIC.len())? != MAGIC {
            return Err(ModelError::BadMagic);
        }
        let n_classes = usize::from(reader.byte()?);
        if n_classes != N_CLASSES {
            return Err(reader.invalid("class count"));
        }
        let classes = reader.classes()?;

        let n_dict = reader.count()?;
        let mut dict_entries = Vec::with_capacity(n_dict);
        for _ in 0..n_dict {
            let len = reader.count()?;
            let word = reader.take(len)?;
            let class = reader.byte()?;
            if usize::from(class) >= N_CLASSES {
                return Err(reader.invalid("tag dictionary class"));
            }
            dict_entries.push((hash_bytes(word), u32::from(class)));
        }
        let tagdict = WordMap::new(&dict_entries);

        let n_lexicon = reader.count()?;
        let mut lexicon_entries = Vec::with_capacity(n_lexicon);
        for _ in 0..n_lexicon {
            let len = reader.count()?;
            let word = reader.take(len)?;
            let mask = reader.varint()?;
            let mask = u32::try_from(mask)
                .ok()
                .filter(|&mask| mask >> N_CLASSES == 0)
                .ok_or_else(|| reader.invalid("lexicon class mask"))?;
            lexicon_entries.push((hash_bytes(word), mask));
        }
        let lexicon = WordMap::new(&lexicon_entries);

        let n_features = reader.count()?;
        // Measured on 200 Wikinews articles (callgrind, 2 MB last-level
        // cache): filling buckets to 7/8 instead cost 19% more instructions
        // in the tag stage and 27% more cache misses (absent features probe
        // further); a Bloom filter in front of the table saved 13% of the
        // misses but added 8% instructions and missed the first-level cache.
        let n_buckets = (n_features * 3 / 2 / BUCKET).max(2);
        let mut buckets = vec![
            Bucket {
                keys: [0; BUCKET],
                payloads: [0; BUCKET],
            };
            n_buckets
        ];
        let mut entries = Vec::new();
        let mut rows = Vec::new();
        let mut key: u32 = 0;
        let mut weights: Vec<(u32, i64)> = Vec::with_capacity(N_CLASSES);
        for _ in 0..n_features {
            let delta = reader.varint()?;
            key = u32::try_from(u64::from(key) + delta)
                .ok()
                .filter(|&k| k != 0)
                .ok_or_else(|| reader.invalid("feature key"))?;
            let class_mask = reader.varint()?;
            if class_mask == 0 || class_mask >> N_CLASSES != 0 {
                return Err(reader.invalid("class mask"));
            }
            weights.clear();
            let mut remaining = class_mask;
            while remaining != 0 {
                let class = remaining.trailing_zeros();
                remaining &= remaining - 1;
                let weight = reader.zigzag()?;
                if !(-MAX_WEIGHT..=MAX_WEIGHT).contains(&weight) {
                    return Err(reader.invalid("weight (beyond the 16-bit score range)"));
                }
                weights.push((class, weight));
            }
            let payload = if weights.len() <= 2
                && weights.iter().all(|(_, w)| INLINE_WEIGHTS.contains(w))
            {
                // A missing second weight is "class 0 gets 0".
                let inline = |(class, weight): (u32, i64)| class | ((weight as u32) & 0x3FF) << 5;
                let first = inline(weights[0]);
                let second = weights.get(1).map_or(0, |&w| inline(w));
                INLINE | second << 15 | first
            } else if weights.len() >= DENSE_MIN && rows.len() <= ROW_INDEX as usize {
                let mut row = DenseRow([0; ROW_LANES]);
                let mut last = 0i16;
                for &(class, weight) in &weights {
                    // In range: checked against MAX_WEIGHT above.
                    match row.0.get_mut(class as usize) {
                        Some(lane) => *lane = weight as i16,
                        None => last = weight as i16,
                    }
                }
                rows.push(row);
                DENSE | ((rows.len() - 1) as u32) << 16 | u32::from(last as u16)
            } else {
                // Few weights, or more dense rows than payloads can index.
                // Every weight is within MAX_WEIGHT, so fits in 11 bits.
                let start = entries.len();
                if start >= 1 << 25 {
                    return Err(reader.invalid("feature count"));
                }
                entries.extend(
                    weights
                        .iter()
                        .map(|&(class, weight)| ((weight as i16) << 5) as u16 | class as u16),
                );
                (start as u32) << 5 | weights.len() as u32
            };
            if n_features >= n_buckets * BUCKET {
                return Err(reader.invalid("feature count"));
            }
            let mut idx = home(key, n_buckets);
            'insert: loop {
                let bucket = &mut buckets[idx];
                for (slot_key, slot_payload) in bucket.keys.iter_mut().zip(&mut bucket.payloads) {
                    if *slot_key == 0 {
                        *slot_key = key;
                        *slot_payload = payload;
                        break 'insert;
                    }
                    if *slot_key == key {
                        return Err(reader.invalid("duplicate feature key"));
                    }
                }
                idx = if idx + 1 == n_buckets { 0 } else { idx + 1 };
            }
        }
        if reader.pos != bytes.len() {
            return Err(reader.invalid("trailing data"));
        }

        let mut model = Model {
            classes,
            buckets,
            entries,
            rows,
            tag_context: Vec::new(),
            tagdict,
            lexicon,
        };
        let mut tag_context = vec![[0; 32]; N_CONTEXT_TAGS * N_CONTEXT_TAGS];
        for tag1 in 0..N_CONTEXT_TAGS {
            for tag2 in 0..N_CONTEXT_TAGS {
                let scores = &mut tag_context[tag1 * N_CONTEXT_TAGS + tag2];
                model.add_all(&tag_context_features(tag1 as u8, tag2 as u8), scores);
            }
        }
        model.tag_context = tag_context;
        Ok(model)
    }

    /// The model's lookup tables as one little-endian byte string, which
    /// [`Model::from_table`] copies back without parsing or hashing anything.
    ///
    /// Why: decoding `data/tagger.bin` (varints, placing 140,000 features in
    /// buckets) was some 45M instructions, a sixth of `dyad`'s start-up; the
    /// build script (`build.rs`) decodes the shipped weights once and
    /// compiles this form in, and loading it is a copy.
    // Called by build.rs and the tests, not by the library itself.
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) fn to_table(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(TABLE_MAGIC);
        write_classes(&mut out, &self.classes);
        let counts = [
            self.buckets.len(),
            self.entries.len(),
            self.rows.len(),
            self.tag_context.len(),
            self.tagdict.keys.len(),
            self.tagdict.len,
            self.lexicon.keys.len(),
            self.lexicon.len,
        ];
        for count in counts {
            out.extend_from_slice(&(count as u32).to_le_bytes());
        }
        for bucket in &self.buckets {
            for value in bucket.keys.iter().chain(&bucket.payloads) {
                out.extend_from_slice(&value.to_le_bytes());
            }
        }
        for entry in &self.entries {
            out.extend_from_slice(&entry.to_le_bytes());
        }
        for row in &self.rows {
            for weight in row.0 {
                out.extend_from_slice(&weight.to_le_bytes());
            }
        }
        for row in &self.tag_context {
            for weight in row {
                out.extend_from_slice(&weight.to_le_bytes());
            }
        }
        for map in [&self.tagdict, &self.lexicon] {
            for key in &map.keys {
                out.extend_from_slice(&key.to_le_bytes());
            }
            for value in &map.values {
                out.extend_from_slice(&value.to_le_bytes());
            }
        }
        out
    }

    /// Reads what [`Model::to_table`] wrote, checking every index the
    /// lookups will follow, so that a table that loads never panics.
    pub(crate) fn from_table(bytes: &[u8]) -> Result<Model, ModelError> {
        let mut reader = Reader { bytes, pos: 0 };
        if reader.take(TABLE_MAGIC.len())? != TABLE_MAGIC {
            return Err(ModelError::BadMagic);
        }
        let classes = reader.classes()?;
        let mut counts = [0usize; 8];
        for count in counts.iter_mut() {
            *count = reader.u32()? as usize;
        }
        let [n_buckets, n_entries, n_rows, n_context, dict_cap, dict_len, lex_cap, lex_len] =
            counts;
        if n_buckets < 2
            || n_context != N_CONTEXT_TAGS * N_CONTEXT_TAGS
            || !dict_cap.is_power_of_two()
            || !lex_cap.is_power_of_two()
        {
            return Err(reader.invalid("table size"));
        }
        // Sizes are trusted only once their bytes are there (`take_array`
        // checks), so a damaged count cannot ask for a huge allocation.
        let buckets: Vec<Bucket> = reader
            .take_array::<64>(n_buckets)?
            .map(|chunk| {
                let word = |at: usize| {
                    u32::from_le_bytes([chunk[at], chunk[at + 1], chunk[at + 2], chunk[at + 3]])
                };
                Bucket {
                    keys: std::array::from_fn(|slot| word(4 * slot)),
                    payloads: std::array::from_fn(|slot| word(4 * (BUCKET + slot))),
                }
            })
            .collect();
        let entries: Vec<u16> = reader
            .take_array::<2>(n_entries)?
            .map(u16::from_le_bytes)
            .collect();
        let rows: Vec<DenseRow> = reader
            .take_array::<{ 2 * ROW_LANES }>(n_rows)?
            .map(|chunk| {
                DenseRow(std::array::from_fn(|class| {
                    i16::from_le_bytes([chunk[2 * class], chunk[2 * class + 1]])
                }))
            })
            .collect();
        let tag_context: Vec<Scores> = reader
            .take_array::<64>(n_context)?
            .map(|chunk| {
                std::array::from_fn(|class| {
                    i16::from_le_bytes([chunk[2 * class], chunk[2 * class + 1]])
                })
            })
            .collect();
        let mut word_map = |capacity: usize, len: usize| -> Result<WordMap, ModelError> {
            let keys: Vec<u64> = reader
                .take_array::<8>(capacity)?
                .map(u64::from_le_bytes)
                .collect();
            let values: Vec<u32> = reader
                .take_array::<4>(capacity)?
                .map(u32::from_le_bytes)
                .collect();
            // A full map would never end a probe for an absent key.
            let used = keys.iter().filter(|&&key| key != 0).count();
            if used != len || used >= capacity {
                return Err(reader.invalid("word map"));
            }
            Ok(WordMap {
                keys,
                values,
                mask: capacity - 1,
                len,
            })
        };
        let tagdict = word_map(dict_cap, dict_len)?;
        let lexicon = word_map(lex_cap, lex_len)?;
        if reader.pos != bytes.len() {
            return Err(reader.invalid("trailing data"));
        }
        let values_in_range = |map: &WordMap, limit: u32| {
            map.keys
                .iter()
                .zip(&map.values)
                .all(|(&key, &value)| key == 0 || value < limit)
        };
        if !values_in_range(&tagdict, N_CLASSES as u32)
            || !values_in_range(&lexicon, 1 << N_CLASSES)
        {
            return Err(ModelError::Invalid {
                what: "word map value",
                offset: 0,
            });
        }
        // Every payload must point inside the rows and entries it names,
        // and the last bucket must not be full, so a probe always ends. A
        // lookup ORs the payloads of the slots holding its key
        // (`slot_payload`), so a used slot's payload must not be 0 and no
        // key may be twice in one bucket.
        let payload_ok = |payload: u32| {
            if payload == 0 {
                false
            } else if payload & INLINE != 0 {
                true
            } else if payload & DENSE != 0 {
                ((payload >> 16 & ROW_INDEX) as usize) < rows.len()
            } else {
                let start = (payload >> 5) as usize;
                start + (payload & 31) as usize <= entries.len()
            }
        };
        let buckets_ok = buckets.iter().all(|bucket| {
            bucket
                .keys
                .iter()
                .zip(&bucket.payloads)
                .all(|(&key, &payload)| key == 0 || payload_ok(payload))
                && (1..BUCKET).all(|slot| {
                    let key = bucket.keys[slot];
                    key == 0 || !bucket.keys[..slot].contains(&key)
                })
        }) && buckets.iter().any(|bucket| bucket.keys[BUCKET - 1] == 0);
        if !buckets_ok {
            return Err(ModelError::Invalid {
                what: "feature table",
                offset: 0,
            });
        }
        Ok(Model {
            classes,
            buckets,
            entries,
            rows,
            tag_context,
            tagdict,
            lexicon,
        })
    }

    /// Adds the weights of the features `keys` (64-bit feature hashes) to `scores`.
    ///
    /// The first slot of every home bucket is read first, in one branch-free
    /// pass, so that the cache misses of all keys overlap instead of queueing
    /// one after another.
    #[inline]
    pub(crate) fn add_all<const N: usize>(&self, keys: &[u64; N], scores: &mut Scores) {
        let n_buckets = self.buckets.len();
        // Plain index loops over fixed arrays rather than `array::map`,
        // which the compiler left as out-of-line calls copying the arrays.
        let mut fingerprints = [0u32; N];
        let mut homes = [0usize; N];
        for ((fp, idx), &key) in fingerprints.iter_mut().zip(&mut homes).zip(keys) {
            *fp = fingerprint(key);
            *idx = home(*fp, n_buckets);
        }
        let mut firsts = [0u32; N];
        for (first, &idx) in firsts.iter_mut().zip(&homes) {
            // `home` is below `n_buckets`; an absent bucket reads as empty.
            *first = self.buckets.get(idx).map_or(0, |bucket| bucket.keys[0]);
        }
        for ((&fp, &idx), &first) in fingerprints.iter().zip(&homes).zip(&firsts) {
            // An empty first slot means an empty bucket: the feature is absent.
            if first == 0 {
                continue;
            }
            if let Some(payload) = self.find(fp, idx) {
                self.add_payload(payload, scores);
            }
        }
    }

    /// The weights of feature `key` in the compact form [`Model::add_payload`]
    /// adds (0 when the feature has none: a payload of zero adds nothing), so
    /// that a caller can keep a resolved feature and skip its lookup.
    #[inline]
    pub(crate) fn payload(&self, key: u64) -> u32 {
        let fp = fingerprint(key);
        self.find(fp, home(fp, self.buckets.len())).unwrap_or(0)
    }

    /// The payload of fingerprint `fp`, starting at its home bucket `idx`.
    #[inline]
    fn find(&self, fp: u32, mut idx: usize) -> Option<u32> {
        loop {
            let bucket = &self.buckets[idx];
            // Payloads are never 0 (see `slot_payload`), keys unique in a bucket.
            let payload = slot_payload(bucket, fp);
            if payload != 0 {
                return Some(payload);
            }
            // Slots fill from the front and are never emptied, so a bucket
            // whose last slot is empty never overflowed: the key is absent.
            if bucket.keys[BUCKET - 1] == 0 {
                return None;
            }
            idx = if idx + 1 == self.buckets.len() {
                0
            } else {
                idx + 1
            };
        }
    }

    /// Adds the weights of one payload (from the table or [`Model::payload`]).
    ///
    /// Sums wrap instead of overflowing: a model that loads keeps every
    /// score in range ([`MAX_WEIGHT`]), so they never do, and nothing panics.
    #[inline(always)]
    pub(crate) fn add_payload(&self, payload: u32, scores: &mut Scores) {
        if payload & INLINE != 0 {
            // Each half: class in bits 0..5, a signed 10-bit weight in bits 5..15.
            for half in [payload, payload >> 15] {
                let score = &mut scores[(half & 31) as usize];
                *score = score.wrapping_add((((half << 17) as i32) >> 22) as i16);
            }
        } else if payload & DENSE != 0 {
            add_row(scores, &self.rows[(payload >> 16 & ROW_INDEX) as usize].0);
            let last = &mut scores[ROW_LANES];
            *last = last.wrapping_add(payload as u16 as i16);
        } else {
            let start = (payload >> 5) as usize;
            let len = (payload & 31) as usize;
            for &entry in &self.entries[start..start + len] {
                let score = &mut scores[usize::from(entry & 31)];
                *score = score.wrapping_add(entry as i16 >> 5);
            }
        }
    }

    /// Adds the scores of the two previous tags.
    #[inline]
    pub(crate) fn add_tag_context(&self, tag1: u8, tag2: u8, scores: &mut Scores) {
        let Some(row) = self
            .tag_context
            .get(usize::from(tag1) * N_CONTEXT_TAGS + usize::from(tag2))
        else {
            return;
        };
        // All 32 lanes, fixed-size: four SIMD adds with no loop (the lanes
        // past the classes are 0 in the rows and never read). Adding a
        // slice of 24 compiled to a loop with a remainder loop. Summed in a
        // local copy: added in place, once inlined into the tagger, the
        // compiler could no longer tell the scores from the row and
        // guarded the adds with overlap checks (41 instructions a call).
        let mut sum = *scores;
        for (score, &add) in sum.iter_mut().zip(row) {
            *score = score.wrapping_add(add);
        }
        *scores = sum;
    }

    /// The tag a dictionary word always gets, by the hash of its normalised form.
    #[inline]
    pub(crate) fn dict_tag(&self, word_hash: u64) -> Option<u8> {
        // Values were checked to be classes (< 17) when the file was read.
        self.tagdict.get(word_hash).map(|class| class as u8)
    }

    /// The ambiguity class of a word, by the hash of its lowercase form (0 = unknown).
    #[inline]
    pub(crate) fn word_classes(&self, lower_hash: u64) -> u32 {
        self.lexicon.get(lower_hash).unwrap_or(0)
    }

    /// Number of features with weights.
    pub(crate) fn n_features(&self) -> usize {
        self.buckets
            .iter()
            .flat_map(|bucket| bucket.keys.iter())
            .filter(|&&key| key != 0)
            .count()
    }

    /// Number of tag-dictionary words.
    pub(crate) fn n_dict_words(&self) -> usize {
        self.tagdict.len
    }
}

/// Adds per-class sums (as the word caches keep them) to `scores`: the
/// first 16 lanes as two SIMD adds, then the last class. In a local copy,
/// for the reason given in [`Model::add_tag_context`]: a plain loop over the
/// 17 classes compiled to 34 instructions.
#[inline(always)]
pub(crate) fn add_classes(scores: &mut Scores, add: &[i16; N_CLASSES]) {
    let mut sum = *scores;
    for (score, &weight) in sum[..ROW_LANES].iter_mut().zip(&add[..ROW_LANES]) {
        *score = score.wrapping_add(weight);
    }
    sum[ROW_LANES] = sum[ROW_LANES].wrapping_add(add[ROW_LANES]);
    *scores = sum;
}

/// Slots per bucket: 8 × (4 + 4) bytes, one cache line.
const BUCKET: usize = 8;

/// One cache line of the feature table.
#[derive(Clone, Copy)]
#[repr(C, align(64))]
struct Bucket {
    /// Fingerprints; 0 = empty (slots fill from the front).
    keys: [u32; BUCKET],
    /// The payload of each fingerprint.
    payloads: [u32; BUCKET],
}

/// The payload of the slot of `bucket` whose key is `key`, or 0 when none is.
///
/// Written as a select and an OR over all eight slots, without early exit
/// or slot index: the compiler turns it into two vector compares, two ANDs
/// with the payloads and an OR reduction (13 instructions on baseline
/// x86-64). The earlier form built a bit mask of the matching slots
/// (`if slot_key == key { bit } else { 0 }`) and then indexed the payloads
/// with its trailing zeros; the compiler vectorised only half of it, about
/// 30 instructions, some 14% of the tagger's (200 Wikinews articles, callgrind).
///
/// Exact because a stored payload is never 0 (inline and dense payloads
/// carry a flag bit, a sparse one a length of at least 1: checked when a
/// table is read) and no key is in a bucket twice (also checked), so at
/// most one payload passes the select.
#[inline]
fn slot_payload(bucket: &Bucket, key: u32) -> u32 {
    let mut payload = 0;
    for (&slot_key, &slot_payload) in bucket.keys.iter().zip(&bucket.payloads) {
        payload |= if slot_key == key { slot_payload } else { 0 };
    }
    payload
}

/// Adds a dense row to the first [`ROW_LANES`] scores: weights and scores
/// are both 16-bit, so this is two SIMD adds. Summed in a local copy, as in
/// [`Model::add_tag_context`], it stays vectorised inlined into the lookup
/// (added in place it did not, and was kept out of line: a call a dense
/// feature; inlining it this way took `Tagger::tag_with` from 104.8M to
/// 103.3M instructions on the first 200 Wikinews articles).
#[inline(always)]
fn add_row(scores: &mut Scores, row: &[i16; ROW_LANES]) {
    let mut sum = [0i16; ROW_LANES];
    sum.copy_from_slice(&scores[..ROW_LANES]);
    for (score, &weight) in sum.iter_mut().zip(row) {
        *score = score.wrapping_add(weight);
    }
    scores[..ROW_LANES].copy_from_slice(&sum);
}

/// The weights of one feature for every class but the last (which its
/// payload holds): half a cache line, aligned so it never straddles two.
#[derive(Clone, Copy)]
#[repr(C, align(32))]
struct DenseRow([i16; ROW_LANES]);

/// The home bucket of a fingerprint among `n_buckets` (the fingerprint is
/// uniform, so a multiply-shift maps it evenly onto any count).
#[inline]
fn home(fp: u32, n_buckets: usize) -> usize {
    ((u64::from(fp) * n_buckets as u64) >> 32) as usize
}

/// A small open-addressing map from word hash to a value.
struct WordMap {
    keys: Vec<u64>,
    values: Vec<u32>,
    mask: usize,
    len: usize,
}

impl WordMap {
    fn new(entries: &[(u64, u32)]) -> WordMap {
        let capacity = (entries.len() * 2 + 1).next_power_of_two().max(16);
        let mut dict = WordMap {
            keys: vec![0; capacity],
            values: vec![0; capacity],
            mask: capacity - 1,
            len: 0,
        };
        for &(key, value) in entries {
            // A word hash of 0 is as likely as any other and simply not stored.
            if key == 0 {
                continue;
            }
            let mut idx = key as usize & dict.mask;
            while dict.keys[idx] != 0 && dict.keys[idx] != key {
                idx = (idx + 1) & dict.mask;
            }
            if dict.keys[idx] == 0 {
                dict.len += 1;
            }
            dict.keys[idx] = key;
            dict.values[idx] = value;
        }
        dict
    }

    #[inline]
    fn get(&self, key: u64) -> Option<u32> {
        let mut idx = key as usize & self.mask;
        loop {
            let slot = self.keys[idx];
            if slot == key {
                return Some(self.values[idx]);
            }
            if slot == 0 {
                return None;
            }
            idx = (idx + 1) & self.mask;
        }
    }
}

/// Sequential reader of the binary format.
/// Writes the class names, each after its length, as both formats begin.
fn write_classes(out: &mut Vec<u8>, classes: &[Pos; N_CLASSES]) {
    for class in classes {
        let name = class.as_str();
        out.push(name.len() as u8);
        out.extend_from_slice(name.as_bytes());
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// Reads what [`write_classes`] wrote.
    fn classes(&mut self) -> Result<[Pos; N_CLASSES], ModelError> {
        let mut classes = [Pos::X; N_CLASSES];
        for class in classes.iter_mut() {
            let len = usize::from(self.byte()?);
            let name = self.take(len)?;
            *class = std::str::from_utf8(name)
                .ok()
                .and_then(|name| name.parse().ok())
                .ok_or_else(|| self.invalid("class name"))?;
        }
        Ok(classes)
    }

    #[inline]
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&end| end <= self.bytes.len());
        match end {
            Some(end) => {
                let slice = &self.bytes[self.pos..end];
                self.pos = end;
                Ok(slice)
            }
            None => Err(ModelError::Truncated { offset: self.pos }),
        }
    }

    #[inline]
    fn byte(&mut self) -> Result<u8, ModelError> {
        match self.bytes.get(self.pos) {
            Some(&byte) => {
                self.pos += 1;
                Ok(byte)
            }
            None => Err(ModelError::Truncated { offset: self.pos }),
        }
    }

    #[inline]
    fn varint(&mut self) -> Result<u64, ModelError> {
        // Most values (weights, small key gaps) fit in one byte.
        if let Some(&byte) = self.bytes.get(self.pos) {
            if byte & 0x80 == 0 {
                self.pos += 1;
                return Ok(u64::from(byte));
            }
        }
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.byte()?;
            value |= u64::from(byte & 0x7F) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(self.invalid("varint"))
    }

    fn u32(&mut self) -> Result<u32, ModelError> {
        let bytes = self.take(4)?;
        Ok(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
    }

    /// The next `count` records of `N` bytes each.
    fn take_array<const N: usize>(
        &mut self,
        count: usize,
    ) -> Result<impl Iterator<Item = [u8; N]> + 'a, ModelError> {
        let len = count
            .checked_mul(N)
            .ok_or_else(|| self.invalid("table size"))?;
        let bytes = self.take(len)?;
        Ok(bytes.chunks_exact(N).map(|chunk| {
            let mut array = [0u8; N];
            array.copy_from_slice(chunk);
            array
        }))
    }

    #[inline]
    fn zigzag(&mut self) -> Result<i64, ModelError> {
        let raw = self.varint()?;
        Ok((raw >> 1) as i64 ^ -((raw & 1) as i64))
    }

    fn count(&mut self) -> Result<usize, ModelError> {
        let value = self.varint()?;
        usize::try_from(value)
            .ok()
            .filter(|&n| n <= self.bytes.len())
            .ok_or_else(|| self.invalid("count"))
    }

    fn invalid(&self, what: &'static str) -> ModelError {
        ModelError::Invalid {
            what,
            offset: self.pos,
        }
    }
}

/// Appends `value` as a LEB128 varint.
pub(crate) fn write_varint(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let byte = (value & 0x7F) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// Appends a signed value as a zigzag varint.
pub(crate) fn write_zigzag(out: &mut Vec<u8>, value: i64) {
    write_varint(out, ((value << 1) ^ (value >> 63)) as u64);
}

/// A model in the form the trainer writes: plain lists, encoded by [`ModelData::encode`].
#[cfg_attr(not(feature = "train"), allow(dead_code))]
pub(crate) struct ModelData {
    /// The class of each index.
    pub(crate) classes: [Pos; N_CLASSES],
    /// Unambiguous frequent words (normalised form) and their class.
    pub(crate) tagdict: Vec<(String, u8)>,
    /// Lowercase training words and their ambiguity class.
    pub(crate) lexicon: Vec<(String, u32)>,
    /// Fingerprint and quantised weight per class (0 = absent).
    pub(crate) features: Vec<(u32, ClassWeights)>,
}

#[cfg_attr(not(feature = "train"), allow(dead_code))]
impl ModelData {
    /// Writes the binary format described in the module docs.
    pub(crate) fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.push(N_CLASSES as u8);
        write_classes(&mut out, &self.classes);
        let mut tagdict: Vec<&(String, u8)> = self.tagdict.iter().collect();
        tagdict.sort();
        write_varint(&mut out, tagdict.len() as u64);
        for (word, class) in tagdict {
            write_varint(&mut out, word.len() as u64);
            out.extend_from_slice(word.as_bytes());
            out.push(*class);
        }
        let mut lexicon: Vec<&(String, u32)> = self.lexicon.iter().collect();
        lexicon.sort();
        write_varint(&mut out, lexicon.len() as u64);
        for (word, mask) in lexicon {
            write_varint(&mut out, word.len() as u64);
            out.extend_from_slice(word.as_bytes());
            write_varint(&mut out, u64::from(*mask));
        }
        let mut features: Vec<&(u32, ClassWeights)> = self
            .features
            .iter()
            .filter(|(_, weights)| weights.iter().any(|&w| w != 0))
            .collect();
        features.sort_by_key(|(key, _)| *key);
        write_varint(&mut out, features.len() as u64);
        let mut previous = 0u32;
        for (key, weights) in features {
            write_varint(&mut out, u64::from(key - previous));
            previous = *key;
            let mask = weights
                .iter()
                .enumerate()
                .filter(|(_, &w)| w != 0)
                .fold(0u64, |mask, (class, _)| mask | 1 << class);
            write_varint(&mut out, mask);
            for &weight in weights.iter().filter(|&&w| w != 0) {
                write_zigzag(&mut out, i64::from(weight));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::feature;

    fn tiny_model() -> ModelData {
        let mut classes = [Pos::X; N_CLASSES];
        classes.copy_from_slice(&Pos::ALL[..N_CLASSES]);
        let mut weights = [0; N_CLASSES];
        weights[3] = 7;
        weights[5] = -2;
        ModelData {
            classes,
            tagdict: vec![("the".to_string(), 5)],
            lexicon: vec![("talks".to_string(), 0b101)],
            features: vec![(fingerprint(feature(99, 1)), weights)],
        }
    }

    #[test]
    fn the_compiled_table_is_the_decoded_weights() {
        let table: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/tagger.table"));
        let decoded = Model::decode(include_bytes!("../data/tagger.bin")).expect("weights decode");
        assert!(decoded.to_table() == table, "build.rs wrote another table");
        let loaded = Model::from_table(table).expect("the table loads");
        assert!(loaded.to_table() == table, "the table does not round-trip");
        let tiny = Model::decode(&tiny_model().encode()).expect("tiny model decodes");
        let again = Model::from_table(&tiny.to_table()).expect("tiny table loads");
        let mut scores = [0; 32];
        again.add_all(&[feature(99, 1)], &mut scores);
        assert_eq!((scores[3], scores[5]), (7, -2));
        assert_eq!(again.dict_tag(hash_bytes(b"the")), Some(5));
        assert_eq!(again.word_classes(hash_bytes(b"talks")), 0b101);
    }

    #[test]
    fn a_damaged_table_is_refused() {
        let table = Model::decode(&tiny_model().encode())
            .expect("tiny model decodes")
            .to_table();
        assert!(Model::from_table(&table[..table.len() - 1]).is_err());
        assert!(Model::from_table(&[table.as_slice(), &[0]].concat()).is_err());
        assert!(Model::from_table(b"DYADTAG1").is_err());
        // Every single-byte change either loads or is refused; none panics.
        for at in 0..table.len() {
            let mut damaged = table.clone();
            damaged[at] ^= 0xA5;
            let _ = Model::from_table(&damaged);
        }
    }

    /// A lookup ORs the payloads of the slots holding its key, so a table
    /// with a key twice in a bucket, or a used slot without weights, is
    /// refused rather than read wrong.
    #[test]
    fn a_table_with_a_doubled_key_or_an_empty_payload_is_refused() {
        let table = Model::decode(&tiny_model().encode())
            .expect("tiny model decodes")
            .to_table();
        assert!(Model::from_table(&table).is_ok());
        let key = fingerprint(feature(99, 1)).to_le_bytes();
        let at = table
            .windows(4)
            .position(|bytes| bytes == key)
            .expect("the key is in the table");
        // The tiny table has one key, so it sits in the first slot of its
        // bucket, with the payloads 32 bytes on.
        assert_eq!(table[at + 4..at + 8], [0; 4], "the next slot is empty");
        assert_ne!(table[at + 32..at + 36], [0; 4], "the payload is not");
        let mut doubled = table.clone();
        doubled.copy_within(at..at + 4, at + 4);
        doubled.copy_within(at + 32..at + 36, at + 36);
        assert!(Model::from_table(&doubled).is_err());
        let mut empty = table.clone();
        empty[at + 32..at + 36].copy_from_slice(&[0; 4]);
        assert!(Model::from_table(&empty).is_err());
    }

    #[test]
    fn encoded_model_decodes_to_the_same_weights() {
        let bytes = tiny_model().encode();
        let model = Model::decode(&bytes).expect("tiny model decodes");
        let mut scores = [0; 32];
        model.add_all(&[feature(99, 1), feature(99, 2)], &mut scores);
        assert_eq!(scores[3], 7);
        assert_eq!(scores[5], -2);
        assert_eq!(model.dict_tag(hash_bytes(b"the")), Some(5));
        assert_eq!(model.dict_tag(hash_bytes(b"The")), None);
        assert_eq!(model.word_classes(hash_bytes(b"talks")), 0b101);
        assert_eq!(model.word_classes(hash_bytes(b"walks")), 0);
        assert_eq!(model.n_features(), 1);
        let mut resolved = [0; 32];
        model.add_payload(model.payload(feature(99, 1)), &mut resolved);
        model.add_payload(model.payload(feature(99, 2)), &mut resolved);
        assert_eq!(resolved, scores, "a resolved payload adds the same weights");
        assert_eq!(model.payload(feature(99, 2)), 0, "absent feature");
    }

    /// Every payload kind: inline (one or two small weights), sparse (3..6
    /// classes, or weights beyond the inline range) and dense rows (6 or more
    /// classes), weights at the limit, and many features, so that buckets
    /// overflow into their neighbours.
    #[test]
    fn all_payload_kinds_score_like_the_plain_weights() {
        let mut classes = [Pos::X; N_CLASSES];
        classes.copy_from_slice(&Pos::ALL[..N_CLASSES]);
        let mut features = Vec::new();
        for n in 0..5000u64 {
            let mut weights = [0; N_CLASSES];
            let n_weights = 1 + (n % N_CLASSES as u64) as usize;
            for (k, weight) in weights.iter_mut().take(n_weights).enumerate() {
                let magnitude = if n % 7 == 0 {
                    MAX_WEIGHT as i32
                } else if n % 11 == 0 {
                    // Beyond the inline range (-512..512).
                    600 + (n as i32 % 8)
                } else {
                    1 + (n as i32 % 300)
                };
                // Alternate signs so that sums cannot hide a wrong class.
                *weight = if (k + n as usize) & 1 == 0 {
                    magnitude
                } else {
                    (-magnitude - k as i32).max(-MAX_WEIGHT as i32)
                };
            }
            features.push((fingerprint(feature(7, n)), weights));
        }
        let data = ModelData {
            classes,
            tagdict: Vec::new(),
            lexicon: Vec::new(),
            features: features.clone(),
        };
        let model = Model::decode(&data.encode()).expect("model decodes");
        assert_eq!(model.n_features(), features.len());
        for (n, (_, weights)) in features.iter().enumerate() {
            let mut scores = [0; 32];
            model.add_all(&[feature(7, n as u64)], &mut scores);
            let expected = weights.map(|w| w as i16);
            assert_eq!(&scores[..N_CLASSES], expected, "feature {n}");
            let mut resolved = [0; 32];
            model.add_payload(model.payload(feature(7, n as u64)), &mut resolved);
            assert_eq!(resolved, scores, "payload of feature {n}");
        }
        let mut scores = [0; 32];
        model.add_all(&[feature(8, 1), feature(8, 2)], &mut scores);
        assert_eq!(scores, [0; 32], "absent features add nothing");
    }

    /// Past the 16,384 rows a dense payload can index, features with many
    /// weights are stored sparse, and score the same.
    #[test]
    fn dense_features_beyond_the_row_index_are_stored_sparse() {
        let mut classes = [Pos::X; N_CLASSES];
        classes.copy_from_slice(&Pos::ALL[..N_CLASSES]);
        let n = ROW_INDEX as u64 + 100;
        let weights_of = |n: u64| -> ClassWeights {
            std::array::from_fn(|class| 1 + ((n as i32 + class as i32) % 50))
        };
        let data = ModelData {
            classes,
            tagdict: Vec::new(),
            lexicon: Vec::new(),
            features: (0..n)
                .map(|n| (fingerprint(feature(9, n)), weights_of(n)))
                .collect(),
        };
        let model = Model::decode(&data.encode()).expect("model decodes");
        assert_eq!(model.rows.len(), ROW_INDEX as usize + 1);
        for n in 0..n {
            let mut scores = [0; 32];
            model.add_all(&[feature(9, n)], &mut scores);
            let expected = weights_of(n).map(|w| w as i16);
            assert_eq!(&scores[..N_CLASSES], expected, "feature {n}");
        }
    }

    /// A weight too large for every sum of [`TERMS`] of them to stay within
    /// 16 bits makes the file invalid, rather than scores that wrap.
    #[test]
    fn weights_beyond_the_score_range_are_refused() {
        let mut model = tiny_model();
        let at_limit = MAX_WEIGHT as i32;
        model.features[0].1[3] = at_limit;
        assert!(Model::decode(&model.encode()).is_ok());
        for too_large in [at_limit + 1, -at_limit - 1, 100_000] {
            model.features[0].1[3] = too_large;
            assert!(
                matches!(
                    Model::decode(&model.encode()),
                    Err(ModelError::Invalid { .. })
                ),
                "weight {too_large}"
            );
        }
        // The largest sum a position can reach still fits.
        assert!(TERMS as i64 * MAX_WEIGHT <= i64::from(i16::MAX));
    }

    #[test]
    fn damaged_files_are_errors_not_panics() {
        let bytes = tiny_model().encode();
        for len in 0..bytes.len() {
            assert!(
                Model::decode(&bytes[..len]).is_err(),
                "prefix of {len} bytes"
            );
        }
        assert_eq!(
            Model::decode(b"NOTATAGGERFILE").err(),
            Some(ModelError::BadMagic)
        );
    }
}
