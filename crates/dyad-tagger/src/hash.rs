//! Feature hashing: a small, fast, stable 64-bit hash.
//!
//! Features are never stored as strings: each one is the hash of a template id
//! and the text (or tag) it looks at. The function must give the same value on
//! every platform and Rust version, because the weights file is keyed by it,
//! so it is written out here instead of borrowing `std`'s unspecified hasher.

/// Odd constant of the golden ratio, used to spread bits.
const K: u64 = 0x9E37_79B9_7F4A_7C15;

/// The finaliser of MurmurHash3: every input bit flips about half the output bits.
#[inline]
pub(crate) fn mix(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    x ^= x >> 33;
    x = x.wrapping_mul(0xC4CE_B9FE_1A85_EC53);
    x ^= x >> 33;
    x
}

/// Hashes a byte string (word, affix or shape).
#[inline]
pub(crate) fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h = (bytes.len() as u64).wrapping_mul(K) ^ 0x5151_5151;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut buf = [0u8; 8];
        buf.copy_from_slice(chunk);
        h = (h.rotate_left(23) ^ u64::from_le_bytes(buf)).wrapping_mul(K);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        // The zero-padded tail word, without a variable-length copy.
        h = (h.rotate_left(23) ^ dyad_doc::hash::tail_word(rest)).wrapping_mul(K);
    }
    mix(h)
}

/// The key of feature template `template` applied to one value.
///
/// One multiply is enough: values are themselves hashes (or small tag
/// numbers), and only the high half of the key, where a multiply mixes
/// every input bit, is used (see `model::fingerprint`).
#[inline]
pub(crate) fn feature(template: u64, value: u64) -> u64 {
    (value ^ template.wrapping_mul(K)).wrapping_mul(0xD6E8_FEB8_6659_FD93)
}

/// The key of feature template `template` applied to a pair of values.
#[inline]
pub(crate) fn feature2(template: u64, first: u64, second: u64) -> u64 {
    (feature(template, first).rotate_left(32) ^ second).wrapping_mul(0xA076_1D64_78BD_642F)
}

/// A `HashMap` keyed through [`WordHasher`] (the lemma tables).
pub(crate) type WordMap<K, V> =
    std::collections::HashMap<K, V, std::hash::BuildHasherDefault<WordHasher>>;

/// A fast hasher for the lemma tables' word maps: the lemmatizer looks up
/// every token, and SipHash (built against hash flooding, which compiled-in
/// tables need not fear) was most of its time. Feeds the bytes through
/// [`hash_bytes`]' mixing.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct WordHasher {
    hash: u64,
}

impl std::hash::Hasher for WordHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        self.hash = (self.hash.rotate_left(23) ^ hash_bytes(bytes)).wrapping_mul(K);
    }

    #[inline]
    fn write_u8(&mut self, value: u8) {
        self.hash = (self.hash.rotate_left(23) ^ u64::from(value)).wrapping_mul(K);
    }

    #[inline]
    fn finish(&self) -> u64 {
        mix(self.hash)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOLDEN_TALKS: u64 = 11_287_473_094_031_796_988;
    const GOLDEN_FEATURE: u64 = 15_583_420_514_355_097_060;

    #[test]
    fn hash_is_stable_across_builds() {
        // The weights file depends on these exact values: changing the hash
        // function means retraining (and updating these numbers).
        assert_eq!(hash_bytes(b"talks"), GOLDEN_TALKS);
        assert_eq!(feature2(3, 5, hash_bytes(b"talks")), GOLDEN_FEATURE);
        assert_ne!(hash_bytes(b"talks"), hash_bytes(b"talk"));
        assert_ne!(hash_bytes(b"abcdefgh"), hash_bytes(b"abcdefgh\0"));
        assert_ne!(feature(1, 7) >> 32, feature(2, 7) >> 32);
        assert_ne!(feature2(1, 7, 8) >> 32, feature2(1, 8, 7) >> 32);
    }
}
