//! Word splitting and normalisation shared by the segmenter and the dictionaries.
//!
//! Dictionaries and the pipeline must cut text into the same words, or a
//! phrase like "U.S. Secretary of State" could never match. So the one
//! tokenizer lives here, next to the data it has to agree with.

use dyad_doc::hash::FastSet;
use unicode_normalization::char::decompose_canonical;

/// Lowercases a word, folds diacritics ("Erdoğan" → "erdogan") and curly
/// apostrophes, so lookups ignore spelling accidents of the text.
pub fn normalize(word: &str) -> String {
    // Most words are ASCII, where folding is lowercasing (as `push_folded`
    // does char by char); this path is a few times faster, and start-up
    // normalises some 50,000 dictionary and pattern words.
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(word.len());
    normalize_into(word, &mut out);
    out
}

/// Appends [`normalize`]`(word)` to `out`: the same folding without
/// allocating, for callers that normalise every token into one buffer.
pub fn normalize_into(word: &str, out: &mut String) {
    if word.is_ascii() {
        // The common case, byte for byte what `push_folded` does to ASCII.
        let start = out.len();
        out.push_str(word);
        out[start..].make_ascii_lowercase();
        return;
    }
    for ch in word.chars() {
        push_folded(ch, out);
    }
}

/// Pushes the lowercase, diacritic-free form of `ch` onto `out`.
fn push_folded(ch: char, out: &mut String) {
    if ch.is_ascii() {
        out.push(ch.to_ascii_lowercase());
        return;
    }
    match ch {
        '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{00B4}' | '`' => out.push('\''),
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}' => out.push('"'),
        '\u{2013}' | '\u{2014}' | '\u{2012}' | '\u{2212}' => out.push('-'),
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}' | '\u{00AD}' => {}
        'ß' => out.push_str("ss"),
        'æ' | 'Æ' => out.push_str("ae"),
        'œ' | 'Œ' => out.push_str("oe"),
        'ø' | 'Ø' => out.push('o'),
        'ł' | 'Ł' => out.push('l'),
        'đ' | 'Đ' => out.push('d'),
        'ı' => out.push('i'),
        'þ' | 'Þ' => out.push_str("th"),
        _ => {
            let mut pushed = false;
            decompose_canonical(ch, |part| {
                if !is_combining_mark(part) {
                    for lower in part.to_lowercase() {
                        out.push(lower);
                    }
                    pushed = true;
                }
            });
            if !pushed {
                out.extend(ch.to_lowercase());
            }
        }
    }
}

/// Combining diacritical marks (the blocks NFD produces for Latin letters).
fn is_combining_mark(ch: char) -> bool {
    matches!(ch as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// Characters that are always tokens of their own.
fn is_split_punct(ch: char) -> bool {
    matches!(
        ch,
        ',' | ';'
            | ':'
            | '!'
            | '?'
            | '('
            | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | '"'
            | '\u{201C}'
            | '\u{201D}'
            | '\u{201E}'
            | '\u{201F}'
            | '\u{00AB}'
            | '\u{00BB}'
            | '\u{2039}'
            | '\u{203A}'
            | '\u{2013}'
            | '\u{2014}'
            | '\u{2026}'
            | '|'
            | '*'
            | '\u{2022}'
    )
}

/// Single quotation marks, which may be quotes or apostrophes.
fn is_single_quote(ch: char) -> bool {
    matches!(ch, '\'' | '\u{2018}' | '\u{2019}' | '`')
}

/// Abbreviations and their behaviour at sentence ends.
///
/// The sets hash with [`FastHasher`](dyad_doc::hash::FastHasher): every
/// token ending in a full stop is looked up here, and SipHash made that a
/// few million instructions per 2,000 Reuters stories.
#[derive(Debug, Default, Clone)]
pub struct Abbreviations {
    /// Tokens ending in "." that keep their full stop ("Gen.", "U.S.").
    pub words: FastSet<String>,
    /// Those of them that also often end a sentence ("U.S.").
    pub may_end: FastSet<String>,
    /// Capitalised words that start a sentence after an ambiguous abbreviation.
    pub starters: FastSet<String>,
}

impl Abbreviations {
    /// True when `word` (with its final ".") is a known abbreviation or an
    /// initial ("J.", "K.P.").
    pub fn is_abbreviation(&self, word: &str) -> bool {
        // Every sentence's last word comes here: an ASCII word without
        // capitals is its own lowercase form, so it needs one lookup and no
        // lowercased copy.
        let lower_already = word.is_ascii() && !word.bytes().any(|b| b.is_ascii_uppercase());
        if self.words.contains(word)
            || (!lower_already && self.words.contains(&word.to_lowercase()))
        {
            return true;
        }
        // Datelines and headlines in capitals: "ST. PAUL" is "St. Paul".
        if word.len() > 2 && word.bytes().all(|b| b.is_ascii_uppercase() || b == b'.') {
            let mut title = word.to_ascii_lowercase();
            title[..1].make_ascii_uppercase();
            if self.words.contains(&title) {
                return true;
            }
        }
        is_initials(word)
    }
}

/// "J." or "K.P." or "U.S.": letters each followed by a full stop.
fn is_initials(word: &str) -> bool {
    let bytes = word.as_bytes();
    if bytes.len() < 2 || !bytes.len().is_multiple_of(2) {
        return false;
    }
    bytes
        .chunks(2)
        .all(|pair| pair[0].is_ascii_alphabetic() && pair[1] == b'.')
}

/// Splits `text` into word tokens, returned as byte ranges.
///
/// Punctuation is split off, except full stops of abbreviations and
/// initials, decimal points and thousands separators; clitics "'s" and "n't"
/// become tokens of their own; hyphenated words stay whole.
pub fn split_words(text: &str, abbreviations: &Abbreviations) -> Vec<(usize, usize)> {
    // About one token per five bytes of news text.
    let mut tokens = Vec::with_capacity(text.len() / 5 + 1);
    let bytes = text.as_bytes();
    let mut idx = 0;
    while let Some(&byte) = bytes.get(idx) {
        // Whitespace between chunks. ASCII bytes are read as they are (the
        // pipeline cuts every text here); other characters are decoded.
        if is_ascii_space(byte) {
            idx += 1;
            continue;
        }
        if !byte.is_ascii() {
            let Some(ch) = text[idx..].chars().next() else {
                break;
            };
            if is_wide_space(ch) {
                idx += ch.len_utf8();
                continue;
            }
        }
        let start = idx;
        // Most chunks are a plain word of ASCII letters and digits, perhaps
        // with a comma: `split_chunk` keeps those whole (or cuts the comma
        // off), so they are cut here in the same scan that finds their end,
        // without a call.
        while bytes.get(idx).is_some_and(u8::is_ascii_alphanumeric) {
            idx += 1;
        }
        if idx > start {
            match bytes.get(idx) {
                None => {
                    tokens.push((start, idx));
                    continue;
                }
                Some(&next) if is_ascii_space(next) => {
                    tokens.push((start, idx));
                    idx += 1;
                    continue;
                }
                Some(b',')
                    if bytes
                        .get(idx + 1)
                        .is_none_or(|&after| is_ascii_space(after)) =>
                {
                    tokens.push((start, idx));
                    tokens.push((idx, idx + 1));
                    idx += 1;
                    continue;
                }
                Some(_) => {}
            }
        }
        // Any other chunk: find its end, then cut it by the full rules.
        while let Some(&byte) = bytes.get(idx) {
            // Printable ASCII bytes neither end a chunk nor need decoding.
            if (b'!'..=b'~').contains(&byte) {
                idx += 1;
            } else if byte.is_ascii() {
                if is_ascii_space(byte) {
                    break;
                }
                idx += 1;
            } else {
                let Some(ch) = text[idx..].chars().next() else {
                    break;
                };
                if is_wide_space(ch) {
                    break;
                }
                idx += ch.len_utf8();
            }
        }
        split_chunk(text, start, idx, abbreviations, &mut tokens);
    }
    tokens
}

/// `char::is_whitespace` of an ASCII byte: tab to carriage return, space.
#[inline]
fn is_ascii_space(byte: u8) -> bool {
    matches!(byte, b'\t'..=b'\r' | b' ')
}

/// Whitespace that separates chunks, no-break space included.
#[inline]
fn is_wide_space(ch: char) -> bool {
    ch.is_whitespace() || ch == '\u{00A0}'
}

/// Splits one whitespace-free chunk `text[start..end]` into tokens.
fn split_chunk(
    text: &str,
    mut start: usize,
    mut end: usize,
    abbreviations: &Abbreviations,
    out: &mut Vec<(usize, usize)>,
) {
    // Most chunks are a plain word, perhaps with a comma: letters and digits
    // have no punctuation to split off and no clitic, so the rules below
    // would keep them whole.
    if let Some((&last, word)) = text.as_bytes()[start..end].split_last() {
        let plain = |bytes: &[u8]| bytes.iter().all(u8::is_ascii_alphanumeric);
        if last.is_ascii_alphanumeric() && plain(word) {
            out.push((start, end));
            return;
        }
        if last == b',' && !word.is_empty() && plain(word) {
            out.push((start, end - 1));
            out.push((end - 1, end));
            return;
        }
    }
    // Leading punctuation and opening quotes.
    while start < end {
        let Some(ch) = text[start..end].chars().next() else {
            break;
        };
        let len = ch.len_utf8();
        let next = text[start + len..end].chars().next();
        if is_split_punct(ch)
            || (is_single_quote(ch)
                && next.is_some_and(|n| n.is_alphanumeric())
                && !is_elision(&text[start..end]))
            || matches!(ch, '$' | '£' | '€')
            || (ch == '-' && next.is_some_and(|n| !n.is_ascii_digit()))
        {
            out.push((start, start + len));
            start += len;
        } else {
            break;
        }
    }
    // Trailing punctuation, closing quotes and full stops, pushed last
    // first onto `out` for now (no scratch vector: most chunks have none).
    let mark = out.len();
    while start < end {
        let Some(ch) = text[start..end].chars().next_back() else {
            break;
        };
        let len = ch.len_utf8();
        let word = &text[start..end];
        if is_split_punct(ch) || ch == '-' {
            out.push((end - len, end));
            end -= len;
        } else if is_single_quote(ch) {
            // A closing single quote, or the apostrophe of a plural possessive ("countries’").
            out.push((end - len, end));
            end -= len;
        } else if ch == '.' {
            if word.ends_with("...") {
                out.push((end - 3, end));
                end -= 3;
            } else if abbreviations.is_abbreviation(word) {
                break;
            } else {
                out.push((end - 1, end));
                end -= 1;
            }
        } else {
            break;
        }
    }
    let n_trailing = out.len() - mark;
    if start < end {
        split_inner(text, start, end, out);
    }
    // Put the trailing tokens in text order after the word's own.
    out[mark..mark + n_trailing].reverse();
    out[mark..].rotate_left(n_trailing);
}

/// "'s" elision-like words that start with an apostrophe and stay whole ("'til", "'90s").
fn is_elision(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    lower.starts_with("'90") || lower.starts_with("'80") || lower.starts_with("'til")
}

/// Splits clitics and dashes inside a punctuation-free chunk.
fn split_inner(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let word = &text[start..end];
    if word.is_ascii() {
        // The usual case, the same rules by bytes: no en or em dash, one
        // byte per character, `normalize` only lowercases.
        let bytes = word.as_bytes();
        let n = bytes.len();
        let cut = if n > 2 && bytes[n - 2..].eq_ignore_ascii_case(b"'s") {
            n - 2
        } else if n > 3 && bytes[n - 3..].eq_ignore_ascii_case(b"n't") {
            n - 3
        } else {
            out.push((start, end));
            return;
        };
        out.push((start, start + cut));
        out.push((start + cut, end));
        return;
    }
    // Dashes (en/em) inside a word separate words: "Putin–Trump".
    if let Some((idx, dash)) = word
        .char_indices()
        .find(|(_, c)| matches!(c, '\u{2013}' | '\u{2014}'))
    {
        if idx > 0 {
            split_inner(text, start, start + idx, out);
        }
        out.push((start + idx, start + idx + dash.len_utf8()));
        let rest = start + idx + dash.len_utf8();
        if rest < end {
            split_inner(text, rest, end, out);
        }
        return;
    }
    // Whether the last `n` characters normalise to `expected` (lowercase
    // ASCII); ASCII tails, the usual case, are compared without normalising
    // into a new string.
    let tail_is = |n: usize, expected: &str| -> bool {
        let Some((idx, _)) = word.char_indices().rev().nth(n - 1) else {
            return false;
        };
        let tail = &word[idx..];
        if tail.is_ascii() {
            // `normalize` only lowercases ASCII characters (`push_folded`).
            tail.eq_ignore_ascii_case(expected)
        } else {
            normalize(tail) == expected
        }
    };
    // Possessive 's / ’s.
    if word.chars().count() > 2 && tail_is(2, "'s") {
        let cut = word
            .char_indices()
            .rev()
            .nth(1)
            .map(|(i, _)| i)
            .unwrap_or(0);
        out.push((start, start + cut));
        out.push((start + cut, end));
        return;
    }
    // Negative clitic n't / n’t.
    if word.chars().count() > 3 && tail_is(3, "n't") {
        let cut = word
            .char_indices()
            .rev()
            .nth(2)
            .map(|(i, _)| i)
            .unwrap_or(0);
        out.push((start, start + cut));
        out.push((start + cut, end));
        return;
    }
    out.push((start, end));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn abbreviations() -> Abbreviations {
        Abbreviations {
            words: ["Gen.", "U.S.", "No.", "Jan."]
                .iter()
                .map(|s| s.to_string())
                .collect(),
            ..Abbreviations::default()
        }
    }

    fn words(text: &str) -> Vec<&str> {
        split_words(text, &abbreviations())
            .into_iter()
            .map(|(a, b)| &text[a..b])
            .collect()
    }

    #[test]
    fn normalize_folds_case_diacritics_and_apostrophes() {
        assert_eq!(normalize("Erdoğan"), "erdogan");
        assert_eq!(normalize("İmamoğlu"), "imamoglu");
        assert_eq!(normalize("Élysée"), "elysee");
        assert_eq!(normalize("Kyiv’s"), "kyiv's");
        assert_eq!(normalize("Łukaszenka"), "lukaszenka");
    }

    #[test]
    fn normalize_into_appends_what_normalize_returns() {
        let mut out = String::from("x|");
        for word in ["Talks", "ÉLYSÉE", "U.S.", "Kyiv’s", "", "ß"] {
            out.truncate(2);
            normalize_into(word, &mut out);
            assert_eq!(out, format!("x|{}", normalize(word)), "{word}");
        }
    }

    #[test]
    fn trailing_marks_follow_the_word_in_text_order() {
        assert_eq!(
            words("(Kyiv's)…” Ukraine's don't,\"). envoys'"),
            [
                "(", "Kyiv", "'s", ")", "…", "”", "Ukraine", "'s", "do", "n't", ",", "\"", ")",
                ".", "envoys", "'"
            ]
        );
        assert_eq!(words("...!"), ["...", "!"]);
        assert_eq!(words("Zürich’s."), ["Zürich", "’s", "."]);
    }

    #[test]
    fn splits_punctuation_but_keeps_abbreviations() {
        assert_eq!(
            words("Gen. Smith met U.S. envoys in Moscow."),
            ["Gen.", "Smith", "met", "U.S.", "envoys", "in", "Moscow", "."]
        );
        assert_eq!(words("(Reuters) -"), ["(", "Reuters", ")", "-"]);
        assert_eq!(
            words("“We are ready,” he said."),
            ["“", "We", "are", "ready", ",", "”", "he", "said", "."]
        );
        assert_eq!(words("K.P. Sharma Oli"), ["K.P.", "Sharma", "Oli"]);
        // In capitals, as datelines write them.
        assert_eq!(words("GEN. SMITH"), ["GEN.", "SMITH"]);
        assert_eq!(words("SAID SO."), ["SAID", "SO", "."]);
    }

    #[test]
    fn splits_clitics_and_dashes() {
        assert_eq!(words("Russia's"), ["Russia", "'s"]);
        assert_eq!(words("Ukraine’s NATO"), ["Ukraine", "’s", "NATO"]);
        assert_eq!(words("didn't"), ["did", "n't"]);
        assert_eq!(
            words("Putin–Trump summit"),
            ["Putin", "–", "Trump", "summit"]
        );
        assert_eq!(words("US-brokered"), ["US-brokered"]);
        assert_eq!(
            words("$1.05 billion, 1,000 prisoners"),
            ["$", "1.05", "billion", ",", "1,000", "prisoners"]
        );
        assert_eq!(words("'Peace'"), ["'", "Peace", "'"]);
    }

    #[test]
    fn plain_words_and_every_kind_of_space_split_as_before() {
        // The shortcuts for plain words and a final comma, and the byte-wise
        // whitespace test, against the rules they stand in for.
        assert_eq!(
            words("Talks\tresumed\u{0B}in 2024,\u{0C}after\r\nweeks, a,b 7, ,"),
            ["Talks", "resumed", "in", "2024", ",", "after", "weeks", ",", "a,b", "7", ",", ","]
        );
        assert_eq!(
            words("non\u{A0}stop\u{2003}talks\u{85}end x1,\u{3000}y"),
            ["non", "stop", "talks", "end", "x1", ",", "y"]
        );
        assert_eq!(
            words("it's, don't, Gen., U.S.,"),
            ["it", "'s", ",", "do", "n't", ",", "Gen.", ",", "U.S.", ","]
        );
    }

    #[test]
    fn plain_word_shortcut_stops_where_the_word_does() {
        // A run of letters and digits is cut on its own only when a space,
        // the end of the text, or a final comma follows; anything else goes
        // through the full rules.
        assert_eq!(words("pay 1,000 now,"), ["pay", "1,000", "now", ","]);
        assert_eq!(
            words("café x\u{0}y Bob's"),
            ["café", "x\u{0}y", "Bob", "'s"]
        );
        assert_eq!(
            words("end,\u{A0}next mid,dle"),
            ["end", ",", "next", "mid,dle"]
        );
        assert_eq!(words("last"), ["last"]);
    }

    #[test]
    fn survives_odd_input() {
        for text in [
            "",
            " ",
            "...",
            "'",
            "’s",
            "n't",
            "—",
            "a\u{0}b",
            "\u{FEFF}x",
            "''''",
            "..a..",
            "-",
            "–—",
        ] {
            let spans = split_words(text, &abbreviations());
            for (start, end) in spans {
                assert!(start < end && end <= text.len());
                assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
            }
        }
    }
}
