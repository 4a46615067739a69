//! A small tokenizer for the time grammar: words, numbers and punctuation,
//! with byte offsets into the original text, and the sentence of each token.
//!
//! It is not dyad's `segment` stage: it only needs to be good enough to read
//! time expressions, so words are runs of letters (ASCII or not), numbers are
//! runs of digits (with inner `,`/`.` separators), and every other character
//! is one punctuation token. The text is lower-cased once (ASCII only, so
//! byte offsets stay identical) and each word is looked up in the lexicon once.

use crate::lexicon::{Lexicon, WordInfo, ABBREVIATION};
use dyad_doc::Span;

/// What kind of token this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A run of letters.
    Word,
    /// A run of digits, possibly with inner separators ("1,500", "0.8").
    Number,
    /// One punctuation character, normalised: curly apostrophes become `'`,
    /// dashes `-`, curly double quotes `"`, any other non-ASCII symbol `0`.
    Punct(u8),
}

/// One token of the text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Token {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
    /// Word, number or punctuation.
    pub kind: Kind,
    /// Lexicon entry of a word (default for anything else).
    pub info: WordInfo,
    /// The first character is an ASCII capital.
    pub capitalised: bool,
    /// Value of a number made only of digits (at most 9 of them).
    pub value: Option<u32>,
    /// Number of digits of such a number (0 when it has separators).
    pub digits: u8,
    /// Whitespace separates this token from the previous one.
    pub space_before: bool,
    /// That whitespace holds a line break.
    pub newline_before: bool,
    /// Sentence number; tokens of one sentence share it.
    pub sentence: u32,
}

/// Splits `text` into tokens (`lower` is `text` with ASCII lower-cased).
///
/// Only the first `u32::MAX` bytes are read, since spans are `u32`.
#[cfg(test)]
pub(crate) fn tokenize(text: &str, lower: &str, lexicon: &Lexicon) -> Vec<Token> {
    let mut tokens = Vec::new();
    tokenize_into(text, lower, lexicon, &mut tokens);
    tokens
}

/// [`tokenize`] into `tokens` (cleared first), so that a caller coding many
/// documents reuses one buffer instead of allocating and growing one per
/// document.
pub(crate) fn tokenize_into(text: &str, lower: &str, lexicon: &Lexicon, tokens: &mut Vec<Token>) {
    let bytes = text.as_bytes();
    let mut limit = bytes.len().min(u32::MAX as usize);
    while !text.is_char_boundary(limit) {
        limit -= 1;
    }
    tokens.clear();
    tokens.reserve(limit / 5 + 1);
    let mut position = 0;
    let mut space_before = false;
    let mut newline_before = false;
    while position < limit {
        let byte = bytes[position];
        let start = position;
        let kind;
        if byte.is_ascii_whitespace() {
            newline_before |= byte == b'\n' || byte == b'\r';
            space_before = true;
            position += 1;
            continue;
        } else if byte.is_ascii_alphabetic()
            || (byte >= 0x80 && char_at(text, position).is_alphanumeric())
        {
            while position < limit {
                // ASCII letters, the usual case, in one tight scan.
                let letters = bytes[position..limit]
                    .iter()
                    .position(|b| !b.is_ascii_alphabetic())
                    .unwrap_or(limit - position);
                position += letters;
                let Some(&next) = bytes[..limit].get(position) else {
                    break;
                };
                if next >= 0x80 {
                    let letter = char_at(text, position);
                    if !letter.is_alphanumeric() {
                        break;
                    }
                    position += letter.len_utf8();
                } else {
                    break;
                }
            }
            kind = Kind::Word;
        } else if byte.is_ascii_digit() {
            while position < limit {
                if bytes[position].is_ascii_digit() {
                    position += 1;
                } else if matches!(bytes[position], b',' | b'.')
                    && position + 1 < limit
                    && bytes[position + 1].is_ascii_digit()
                {
                    position += 2;
                } else {
                    break;
                }
            }
            kind = Kind::Number;
        } else if byte < 0x80 {
            position += 1;
            kind = Kind::Punct(byte);
        } else {
            let symbol = char_at(text, position);
            position += symbol.len_utf8();
            if symbol.is_whitespace() {
                space_before = true;
                newline_before |= matches!(symbol, '\u{2028}' | '\u{2029}' | '\u{85}');
                continue;
            }
            kind = Kind::Punct(match symbol {
                '\u{2019}' | '\u{2018}' | '\u{2032}' => b'\'',
                '\u{2010}'..='\u{2015}' | '\u{2212}' => b'-',
                '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}' => b'"',
                _ => 0,
            });
        }
        // `position` never passes `limit`, which fits in a u32.
        let end = position.min(limit);
        let mut token = Token {
            start: start as u32,
            end: end as u32,
            kind,
            info: WordInfo::default(),
            capitalised: byte.is_ascii_uppercase(),
            value: None,
            digits: 0,
            space_before,
            newline_before,
            sentence: 0,
        };
        match kind {
            Kind::Word if end - start <= 12 => {
                token.info = lexicon.get_bytes(&lower.as_bytes()[start..end]);
            }
            Kind::Number
                if end - start <= 9 && bytes[start..end].iter().all(u8::is_ascii_digit) =>
            {
                token.digits = (end - start) as u8;
                token.value = lower[start..end].parse().ok();
            }
            _ => {}
        }
        tokens.push(token);
        space_before = false;
        newline_before = false;
    }
}

/// The character starting at byte `position` (a char boundary).
fn char_at(text: &str, position: usize) -> char {
    text.get(position..)
        .and_then(|rest| rest.chars().next())
        .unwrap_or('\0')
}

/// Numbers the sentences of `tokens`: from `sentences` when given (spans of
/// the `segment` stage), else by a naive split at line breaks and at `.`, `!`
/// or `?` followed by a capitalised word.
pub(crate) fn assign_sentences(tokens: &mut [Token], sentences: &[Span]) {
    if sentences.is_empty() {
        split_naively(tokens);
        return;
    }
    let mut spans: Vec<Span> = sentences.to_vec();
    spans.sort_by_key(|span| (span.start, span.end));
    // Tokens come in text order, so the count of sentences starting at or
    // before a token only grows: one pass over both lists, not a binary
    // search per token.
    let mut count = 0;
    for token in tokens.iter_mut() {
        // Tokens inside sentence k get 2k + 2, tokens in the gap after it
        // 2k + 3, tokens before the first sentence 1.
        while spans
            .get(count)
            .is_some_and(|span| span.start <= token.start)
        {
            count += 1;
        }
        token.sentence = match count {
            0 => 1,
            _ if token.start < spans[count - 1].end => 2 * count as u32,
            _ => 2 * count as u32 + 1,
        };
    }
}

fn split_naively(tokens: &mut [Token]) {
    let mut sentence = 0u32;
    let mut ends_sentence = false;
    for index in 0..tokens.len() {
        let token = tokens[index];
        let starts_upper_or_quote = token.capitalised
            || matches!(token.kind, Kind::Punct(b'"' | b'\'' | b'(') | Kind::Number);
        if token.newline_before || (ends_sentence && token.space_before && starts_upper_or_quote) {
            sentence += 1;
        }
        ends_sentence = match token.kind {
            Kind::Punct(b'!' | b'?') => true,
            Kind::Punct(b'.') => !ends_abbreviation(tokens, index),
            // A closing quote or bracket after the full stop keeps the state.
            Kind::Punct(b'"' | b'\'' | b')') => ends_sentence,
            _ => false,
        };
        tokens[index].sentence = sentence;
    }
}

/// True when the `.` at `index` closes an abbreviation ("Mr.", "U.S.", "Oct.").
fn ends_abbreviation(tokens: &[Token], index: usize) -> bool {
    let Some(previous) = index.checked_sub(1).map(|i| tokens[i]) else {
        return false;
    };
    if previous.kind != Kind::Word || tokens[index].space_before {
        return false;
    }
    previous.info.has(ABBREVIATION) || previous.end - previous.start == 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::builtin;

    fn words(text: &str) -> Vec<&str> {
        let lower = text.to_ascii_lowercase();
        tokenize(text, &lower, builtin())
            .iter()
            .map(|token| &text[token.start as usize..token.end as usize])
            .collect()
    }

    #[test]
    fn words_numbers_and_punctuation_keep_their_offsets() {
        assert_eq!(
            words("On Oct. 26, 1,500 troops left Erdoğan’s base."),
            [
                "On", "Oct", ".", "26", ",", "1,500", "troops", "left", "Erdoğan", "’", "s",
                "base", "."
            ]
        );
        assert_eq!(
            words("mid-August 1957–58"),
            ["mid", "-", "August", "1957", "–", "58"]
        );
    }

    #[test]
    fn numbers_carry_digit_counts_and_values() {
        let text = "in 2019 and 1,000 and 1234567890123";
        let lower = text.to_ascii_lowercase();
        let tokens = tokenize(text, &lower, builtin());
        assert_eq!((tokens[1].value, tokens[1].digits), (Some(2019), 4));
        assert_eq!((tokens[3].value, tokens[3].digits), (None, 0));
        assert_eq!(tokens[5].value, None);
    }

    #[test]
    fn naive_sentences_split_at_full_stops_but_not_abbreviations() {
        let text = "Mr. Lowe met U.S. envoys on Friday. They left.\nHeadline here";
        let lower = text.to_ascii_lowercase();
        let mut tokens = tokenize(text, &lower, builtin());
        assign_sentences(&mut tokens, &[]);
        let sentence_of = |word: &str| {
            let token = tokens
                .iter()
                .find(|t| &text[t.start as usize..t.end as usize] == word);
            token.map(|t| t.sentence)
        };
        assert_eq!(sentence_of("Mr"), sentence_of("Friday"));
        assert_ne!(sentence_of("Friday"), sentence_of("They"));
        assert_ne!(sentence_of("left"), sentence_of("Headline"));
    }

    #[test]
    fn given_sentences_number_tokens() {
        let text = "One. Two.";
        let lower = text.to_ascii_lowercase();
        let mut tokens = tokenize(text, &lower, builtin());
        assign_sentences(&mut tokens, &[Span::new(5, 9), Span::new(0, 4)]);
        assert_eq!(tokens[0].sentence, tokens[1].sentence);
        assert_ne!(tokens[0].sentence, tokens[2].sentence);
    }
}
