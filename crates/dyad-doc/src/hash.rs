//! A small, fast, non-cryptographic hasher for the word maps of the
//! dictionaries (the resources' and the time lexicon's). It lives here, in the
//! crate every stage shares, so that there is one copy; the gazetteer keeps its
//! own, because its build script compiles it with no dependency at all.
//!
//! Keys are words of compiled-in or user-supplied dictionaries, and lookups
//! are words of the text; the standard SipHash, built to resist hash
//! flooding, cost several percent of the whole pipeline in these lookups. A
//! flood would need a crafted dictionary, not a crafted article: a text only
//! looks keys up, it inserts none. This is the multiply-rotate scheme of the
//! Firefox/rustc "Fx" hash, reading eight bytes at a time.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// A `HashMap` with [`FastHasher`].
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

/// A `HashSet` with [`FastHasher`].
pub type FastSet<K> = HashSet<K, BuildHasherDefault<FastHasher>>;

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

/// The hasher behind [`FastMap`] and [`FastSet`].
#[derive(Debug, Default, Clone, Copy)]
pub struct FastHasher {
    hash: u64,
}

impl FastHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FastHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            self.add(tail_word(rest));
        }
    }

    #[inline]
    fn write_u8(&mut self, value: u8) {
        self.add(u64::from(value));
    }

    #[inline]
    fn write_usize(&mut self, value: usize) {
        self.add(value as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        // hashbrown takes the top 7 bits as a tag and the low bits as the
        // bucket: one more multiply-xorshift spreads the last word into both.
        let hash = self.hash.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        hash ^ (hash >> 29)
    }
}

/// The last 1 to 7 bytes of a key as a little-endian word, zero-padded:
/// what copying them into a zeroed `[u8; 8]` gives, read with two possibly
/// overlapping 4-byte loads (or three single bytes) instead of a `memcpy`
/// call of variable length, which cost about as much as the rest of hashing
/// a short word. Public so the tagger's feature hash reads words the same
/// cheap way.
#[inline]
pub fn tail_word(rest: &[u8]) -> u64 {
    let len = rest.len();
    let u32_at = |at: usize| {
        rest.get(at..at + 4)
            .and_then(|bytes| <[u8; 4]>::try_from(bytes).ok())
            .map_or(0, |bytes| u64::from(u32::from_le_bytes(bytes)))
    };
    match len {
        0 => 0,
        // Bytes both loads cover are equal, so or-ing them is exact.
        4.. => u32_at(0) | (u32_at(len - 4) << (8 * (len - 4))),
        _ => {
            let byte = |at: usize| rest.get(at).map_or(0, |&b| u64::from(b)) << (8 * at);
            byte(0) | byte(len / 2) | byte(len - 1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tail_words_are_the_zero_padded_bytes() {
        // The hash must not change: only its speed (map orders stay as they were).
        let bytes = [0x81u8, 0xC3, 0xFE, 0x7F, 0x01, 0xE2, 0x99];
        for len in 0..=7 {
            let mut word = [0u8; 8];
            word[..len].copy_from_slice(&bytes[..len]);
            assert_eq!(tail_word(&bytes[..len]), u64::from_le_bytes(word), "{len}");
        }
    }

    #[test]
    fn fast_map_stores_and_finds_words() {
        let mut map: FastMap<Box<str>, u32> = FastMap::default();
        for (index, word) in ["talks", "talk", "ceasefire", "", "a"].iter().enumerate() {
            map.insert((*word).into(), index as u32);
        }
        assert_eq!(map.get("talk"), Some(&1));
        assert_eq!(map.get(""), Some(&3));
        assert_eq!(map.get("truce"), None);
    }
}
