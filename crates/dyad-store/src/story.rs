//! Near-duplicate articles grouped into stories: MinHash over word shingles,
//! candidates found by locality-sensitive hashing bands, confirmed by the
//! estimated Jaccard similarity.
//!
//! Why MinHash and not exact hashes: wire copies differ by a changed headline,
//! a dropped paragraph, an outlet's dateline. Their sets of three-word
//! shingles still overlap mostly, and the share of equal MinHash values
//! estimates that overlap (the Jaccard similarity) without comparing texts.
//!
//! How: words are lowercased runs of letters and digits; shingles are three
//! consecutive words (a text of fewer words is one shingle). Each of the
//! [`NUM_HASHES`] values of the signature is the minimum, over the shingles,
//! of a different 64-bit mix of the shingle's FNV-1a hash. The signature is
//! cut into [`NUM_BANDS`] bands of [`ROWS_PER_BAND`] values; documents that
//! share a band are candidates (at most [`MAX_PER_BAND`] recent ones per band,
//! and of those the [`MAX_COMPARED`] sharing the most bands), and a candidate
//! whose estimated similarity is at least [`SIMILARITY_THRESHOLD`] is a copy. A new document joins the story
//! of its most similar earlier copy (the earliest on ties); with none, it
//! starts a story whose id is its own `doc_pk`.
//!
//! Stories are assigned when a document is ingested, in ingest order, and never
//! revised: a later article that bridges two stories does not merge them.
//! All hashing is deterministic (no random seeds), so the same ingest order
//! gives the same stories on every machine.

use std::collections::HashMap;

use rusqlite::{params, OptionalExtension, Transaction};

use crate::error::{Context, StoreError};

/// Values in a signature.
pub const NUM_HASHES: usize = 64;
/// Bands of the signature used to find candidates.
pub const NUM_BANDS: usize = 16;
/// Values per band.
pub const ROWS_PER_BAND: usize = NUM_HASHES / NUM_BANDS;
/// Words per shingle.
pub const SHINGLE_WORDS: usize = 3;
/// Estimated Jaccard similarity at or above which two articles are one story.
pub const SIMILARITY_THRESHOLD: f64 = 0.7;
/// Documents read per band when looking for candidates (the most recent).
pub const MAX_PER_BAND: usize = 200;
/// Candidates whose signatures are compared (those sharing the most bands).
pub const MAX_COMPARED: usize = 32;

/// A MinHash signature.
pub(crate) type Signature = [u64; NUM_HASHES];

/// Lowercased words: maximal runs of alphanumeric characters.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// FNV-1a, 64 bits: small, stable across platforms and releases.
fn fnv1a(bytes: impl IntoIterator<Item = u8>) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// The splitmix64 finaliser: a bijective mix, so each seed gives a different
/// permutation of 64-bit values.
fn mix(mut value: u64) -> u64 {
    value = (value ^ (value >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    value = (value ^ (value >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    value ^ (value >> 31)
}

/// The signature of a text, or `None` when it has no words.
pub(crate) fn signature(text: &str) -> Option<Signature> {
    let words = words(text);
    if words.is_empty() {
        return None;
    }
    let shingle_hashes: Vec<u64> = words
        .windows(SHINGLE_WORDS.min(words.len()))
        .map(|window| fnv1a(window.join(" ").into_bytes()))
        .collect();
    let mut signature = [u64::MAX; NUM_HASHES];
    for (slot, value) in signature.iter_mut().enumerate() {
        let seed = mix(slot as u64 + 1);
        for hash in &shingle_hashes {
            *value = (*value).min(mix(hash ^ seed));
        }
    }
    Some(signature)
}

/// Share of equal values: the estimated Jaccard similarity.
pub(crate) fn similarity(a: &Signature, b: &Signature) -> f64 {
    let equal = a.iter().zip(b).filter(|(x, y)| x == y).count();
    equal as f64 / NUM_HASHES as f64
}

/// Hash of each band, as SQLite integers.
fn band_hashes(signature: &Signature) -> Vec<i64> {
    signature
        .chunks(ROWS_PER_BAND)
        .map(|band| fnv1a(band.iter().flat_map(|value| value.to_le_bytes())) as i64)
        .collect()
}

fn to_blob(signature: &Signature) -> Vec<u8> {
    signature
        .iter()
        .flat_map(|value| value.to_le_bytes())
        .collect()
}

fn from_blob(blob: &[u8]) -> Option<Signature> {
    if blob.len() != NUM_HASHES * 8 {
        return None;
    }
    let mut signature = [0u64; NUM_HASHES];
    for (value, bytes) in signature.iter_mut().zip(blob.chunks_exact(8)) {
        let mut array = [0u8; 8];
        array.copy_from_slice(bytes);
        *value = u64::from_le_bytes(array);
    }
    Some(signature)
}

/// Computes the signature of document `doc_pk`, stores it with its bands and
/// sets its `story_id`; returns the story id.
pub(crate) fn assign(tx: &Transaction<'_>, doc_pk: i64, body: &str) -> Result<i64, StoreError> {
    let operation = "assign story";
    let Some(signature) = signature(body) else {
        tx.prepare_cached("UPDATE documents SET story_id = ?1, minhash = NULL WHERE doc_pk = ?1")
            .op(operation)?
            .execute([doc_pk])
            .op(operation)?;
        return Ok(doc_pk);
    };
    let bands = band_hashes(&signature);
    // Candidates: the most recent documents sharing each band, ranked by how
    // many bands they share (more shared bands, more similar). Both limits keep
    // boilerplate that thousands of articles share from making ingest quadratic.
    let mut shared: HashMap<i64, usize> = HashMap::new();
    {
        let mut stmt = tx
            .prepare_cached(&format!(
                "SELECT doc_pk FROM doc_bands WHERE band = ?1 AND band_hash = ?2 AND doc_pk != ?3
                 ORDER BY doc_pk DESC LIMIT {MAX_PER_BAND}"
            ))
            .op(operation)?;
        for (band, hash) in bands.iter().enumerate() {
            let rows = stmt
                .query_map(params![band as i64, hash, doc_pk], |row| row.get(0))
                .op(operation)?;
            for candidate in rows {
                *shared.entry(candidate.op(operation)?).or_default() += 1;
            }
        }
    }
    let mut candidates: Vec<(usize, i64)> = shared
        .into_iter()
        .map(|(candidate, bands)| (bands, candidate))
        .collect();
    candidates.sort_unstable_by_key(|&(bands, candidate)| (std::cmp::Reverse(bands), candidate));
    candidates.truncate(MAX_COMPARED);
    let mut candidates: Vec<i64> = candidates
        .into_iter()
        .map(|(_, candidate)| candidate)
        .collect();
    candidates.sort_unstable();
    let mut best: Option<(f64, i64)> = None;
    {
        let mut stmt = tx
            .prepare_cached("SELECT minhash, story_id FROM documents WHERE doc_pk = ?1")
            .op(operation)?;
        for candidate in candidates {
            let found: Option<(Option<Vec<u8>>, Option<i64>)> = stmt
                .query_row([candidate], |row| Ok((row.get(0)?, row.get(1)?)))
                .optional()
                .op(operation)?;
            let Some((Some(blob), Some(story_id))) = found else {
                continue;
            };
            let Some(other) = from_blob(&blob) else {
                continue;
            };
            let score = similarity(&signature, &other);
            // Candidates come in doc_pk order, so a strict `>` keeps the earliest on ties.
            if score >= SIMILARITY_THRESHOLD && best.is_none_or(|(top, _)| score > top) {
                best = Some((score, story_id));
            }
        }
    }
    let story_id = best.map_or(doc_pk, |(_, story_id)| story_id);
    tx.prepare_cached("UPDATE documents SET story_id = ?1, minhash = ?2 WHERE doc_pk = ?3")
        .op(operation)?
        .execute(params![story_id, to_blob(&signature), doc_pk])
        .op(operation)?;
    let mut insert = tx
        .prepare_cached(
            "INSERT OR IGNORE INTO doc_bands (band, band_hash, doc_pk) VALUES (?1, ?2, ?3)",
        )
        .op(operation)?;
    for (band, hash) in bands.iter().enumerate() {
        insert
            .execute(params![band as i64, hash, doc_pk])
            .op(operation)?;
    }
    Ok(story_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    const WIRE: &str = "The foreign ministers of Norland and Sudoria met in Valport on Tuesday \
        and agreed to reopen the border crossing that was closed last spring. Officials said \
        trucks carrying grain would be allowed through from next week, and that a joint \
        commission would meet again in March to review customs rules.";

    #[test]
    fn words_are_lowercased_alphanumeric_runs() {
        assert_eq!(words("Kyiv's mayor, 2025!"), ["kyiv", "s", "mayor", "2025"]);
    }

    #[test]
    fn a_lightly_edited_copy_is_similar() {
        let copy = WIRE
            .replace("on Tuesday", "on Tuesday afternoon")
            .replace("Officials said", "Officials told reporters");
        let a = signature(WIRE).expect("words");
        let b = signature(&copy).expect("words");
        assert!(
            similarity(&a, &b) >= SIMILARITY_THRESHOLD,
            "{}",
            similarity(&a, &b)
        );
    }

    #[test]
    fn a_different_article_is_not_similar() {
        let other = "Heavy rain flooded the lower town of Valport overnight, and the harbour \
            authority closed the port to shipping until the water recedes, a spokesman said.";
        let a = signature(WIRE).expect("words");
        let b = signature(other).expect("words");
        assert!(similarity(&a, &b) < 0.2, "{}", similarity(&a, &b));
    }

    #[test]
    fn signatures_are_stable() {
        // Pinned so a change of hashing (which would split stored stories) is noticed.
        let signature = signature("one two three four").expect("words");
        let again = super::signature("ONE two, three four").expect("words");
        assert_eq!(signature, again);
        assert_eq!(from_blob(&to_blob(&signature)), Some(signature));
        assert_eq!(fnv1a(*b"a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn text_without_words_has_no_signature() {
        assert_eq!(signature(" -- ... "), None);
        assert!(signature("Hello").is_some());
    }
}
