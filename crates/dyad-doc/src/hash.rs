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
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
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

#[cfg(test)]
mod tests {
    use super::*;

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
