//! A small, fast, non-cryptographic hasher for the gazetteer's own indexes.
//!
//! The keys are names and codes from compiled-in or user-supplied data, not
//! from untrusted network input, so hash flooding is no concern here and the
//! standard SipHash is several times slower than needed at load time. This is
//! the multiply-rotate scheme of the Firefox/rustc "Fx" hash.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A `HashMap` with [`FastHasher`].
pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

/// A `HashSet` with the same hasher.
pub(crate) type FastSet<K> = std::collections::HashSet<K, BuildHasherDefault<FastHasher>>;

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

/// The hasher behind [`FastMap`].
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct FastHasher {
    hash: u64,
}

impl FastHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FastHasher {
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

    fn write_u8(&mut self, value: u8) {
        self.add(u64::from(value));
    }

    fn write_u32(&mut self, value: u32) {
        self.add(u64::from(value));
    }

    fn write_u64(&mut self, value: u64) {
        self.add(value);
    }

    fn write_usize(&mut self, value: usize) {
        self.add(value as u64);
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

/// The 64-bit hash under which a normalized name is indexed.
///
/// The index stores these hashes, not the names, so building it allocates
/// nothing per name. The hash mixes every byte and the length and ends with
/// MurmurHash3's finaliser, so distinct names collide with probability about
/// 2^-64 per pair: about 1e-9 for the whole built-in index.
pub(crate) fn name_hash(key: &str) -> u64 {
    let mut hasher = FastHasher::default();
    hasher.write(key.as_bytes());
    hasher.add(key.len() as u64);
    let mut hash = hasher.hash;
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xff51_afd7_ed55_8ccd);
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    hash ^ (hash >> 33)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_map_stores_and_finds_keys() {
        let mut map: FastMap<String, u32> = FastMap::default();
        for (index, name) in ["kyiv", "kiev", "kyiv oblast", "k"].iter().enumerate() {
            map.insert(name.to_string(), index as u32);
        }
        assert_eq!(map.get("kiev"), Some(&1));
        assert_eq!(map.get("kyiv oblast"), Some(&2));
        assert_eq!(map.get("moscow"), None);
    }

    #[test]
    fn name_hash_separates_near_names() {
        let names = ["kyiv", "kiev", "kyiv oblast", "a", "a\0", "ab", "ba", ""];
        let hashes: std::collections::HashSet<u64> = names.iter().map(|n| name_hash(n)).collect();
        assert_eq!(hashes.len(), names.len());
    }
}
