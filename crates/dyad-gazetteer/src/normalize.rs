//! Name keys: how a place name is compared.
//!
//! Two spellings find the same entry when their keys are equal. The key is the
//! name lowercased, with Latin diacritics folded to ASCII ("São Paulo" →
//! "sao paulo", "Dolmabahçe" → "dolmabahce"), apostrophes and full stops
//! removed ("St. Louis" → "st louis", "Côte d'Ivoire" → "cote divoire"),
//! hyphens, commas, slashes and brackets turned into spaces, runs of spaces
//! collapsed, and a leading "the " dropped ("the Kremlin" → "kremlin").
//!
//! Non-Latin letters are kept as they are (lowercased), so a key never loses
//! information it cannot fold.

use crate::fold_table::FOLD;

/// The lookup key of a name (see the module doc).
///
/// # Example
///
/// ```
/// use dyad_gazetteer::normalize;
/// assert_eq!(normalize("São Paulo"), "sao paulo");
/// assert_eq!(normalize("the Élysée"), "elysee");
/// assert_eq!(normalize("Ivano-Frankivsk"), "ivano frankivsk");
/// assert_eq!(normalize("U.S."), "us");
/// ```
pub fn normalize(text: &str) -> String {
    let mut key = String::with_capacity(text.len());
    normalize_into(text, &mut key);
    key
}

/// [`normalize`] into a reusable buffer (cleared first): no allocation once
/// the buffer is large enough.
pub(crate) fn normalize_into(text: &str, key: &mut String) {
    key.clear();
    let mut pending_space = false;
    normalize_append(text, key, &mut pending_space);
    if key.starts_with("the ") {
        key.drain(..4);
    }
}

/// Appends the normalisation of `text` to `key`, before the leading "the "
/// is dropped: the streaming core of [`normalize`].
///
/// `pending_space` carries a separator seen but not yet written (it is
/// written only before a later letter, and never at the start of `key`), so
/// feeding a phrase piece by piece, setting `pending_space` between pieces,
/// gives exactly the key of the pieces joined by spaces. That lets
/// [`Gazetteer::longest_match`](crate::Gazetteer::longest_match) extend a
/// phrase one token at a time without normalising it again.
pub(crate) fn normalize_append(text: &str, key: &mut String, pending_space: &mut bool) {
    let bytes = text.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        let byte = bytes[index];
        if byte.is_ascii() {
            index += 1;
            match byte {
                b'\'' | b'`' | b'.' => continue,
                b'-' | b'_' | b',' | b'/' | b'(' | b')' => {
                    *pending_space = true;
                    continue;
                }
                _ if byte.is_ascii_whitespace() => {
                    *pending_space = true;
                    continue;
                }
                _ => {}
            }
            if *pending_space && !key.is_empty() {
                key.push(' ');
            }
            *pending_space = false;
            key.push(char::from(byte.to_ascii_lowercase()));
            continue;
        }
        // `index` is on a character boundary: only ASCII bytes were skipped singly.
        let Some(ch) = text[index..].chars().next() else {
            break;
        };
        index += ch.len_utf8();
        match ch {
            '\u{2019}' | '\u{2018}' | '\u{02bc}' | '\u{02bb}' => continue,
            '\u{2010}'..='\u{2014}' => {
                *pending_space = true;
                continue;
            }
            _ if ch.is_whitespace() => {
                *pending_space = true;
                continue;
            }
            _ => {}
        }
        if *pending_space && !key.is_empty() {
            key.push(' ');
        }
        *pending_space = false;
        if let Some(folded) = fold_char(ch) {
            key.push_str(folded);
            continue;
        }
        for lower in ch.to_lowercase() {
            if ('\u{0300}'..='\u{036f}').contains(&lower) {
                // A combining mark of decomposed input ("e" + U+0301).
                continue;
            }
            match fold_char(lower) {
                Some(folded) => key.push_str(folded),
                None => key.push(lower),
            }
        }
    }
}

/// The lowercase ASCII folding of one Latin letter with a diacritic, if any.
fn fold_char(ch: char) -> Option<&'static str> {
    FOLD.binary_search_by_key(&ch, |&(from, _)| from)
        .ok()
        .map(|index| FOLD[index].1)
}

/// Other keys under which a name is also indexed: "saint x" ↔ "st x",
/// "mount x" ↔ "mt x", "fort x" ↔ "ft x".
pub(crate) fn key_variants(key: &str) -> Vec<String> {
    const PAIRS: [(&str, &str); 3] = [("saint ", "st "), ("mount ", "mt "), ("fort ", "ft ")];
    let mut variants = Vec::new();
    if !matches!(key.as_bytes().first(), Some(b's' | b'm' | b'f')) {
        return variants;
    }
    for (long, short) in PAIRS {
        if let Some(rest) = key.strip_prefix(long) {
            variants.push(format!("{short}{rest}"));
        } else if let Some(rest) = key.strip_prefix(short) {
            variants.push(format!("{long}{rest}"));
        }
    }
    variants
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_folds_case_and_diacritics() {
        assert_eq!(normalize("KYIV"), "kyiv");
        assert_eq!(normalize("Zaporizhzhia"), "zaporizhzhia");
        assert_eq!(normalize("São Paulo"), normalize("Sao Paulo"));
        assert_eq!(normalize("Düsseldorf"), "dusseldorf");
        assert_eq!(normalize("Łódź"), "lodz");
        assert_eq!(normalize("Straße"), "strasse");
        assert_eq!(normalize("İstanbul"), "istanbul");
        assert_eq!(normalize("Sa\u{0303}o"), "sao");
    }

    #[test]
    fn normalize_handles_punctuation_and_articles() {
        assert_eq!(normalize("  The   Hague "), "hague");
        assert_eq!(normalize("Côte d’Ivoire"), "cote divoire");
        assert_eq!(normalize("Washington, D.C."), "washington dc");
        assert_eq!(normalize("Guinea-Bissau"), "guinea bissau");
        assert_eq!(normalize("there"), "there");
    }

    #[test]
    fn fold_table_is_sorted() {
        assert!(FOLD.windows(2).all(|pair| pair[0].0 < pair[1].0));
    }

    #[test]
    fn key_variants_expand_saint_and_mount() {
        assert_eq!(key_variants("st louis"), vec!["saint louis".to_string()]);
        assert_eq!(
            key_variants("saint petersburg"),
            vec!["st petersburg".to_string()]
        );
        assert!(key_variants("stuttgart").is_empty());
    }
}
