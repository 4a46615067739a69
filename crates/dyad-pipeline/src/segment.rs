//! `segment`: tokens, sentences, the wire dateline, headlines and boilerplate lines.
//!
//! Sentences end at `.`, `!`, `?` before a capitalised word (closing quotes
//! and brackets stay with the sentence they close), at line breaks, and after
//! ambiguous abbreviations ("U.S.") only when a typical sentence opener
//! follows. Abbreviations and openers are data (`lexicon/`).

use std::cell::RefCell;
use std::hash::Hasher;

use crate::{Layer, Stage};
use dyad_doc::hash::FastHasher;
use dyad_doc::{Dateline, Doc, Pos, Sentence, SentenceKind, Span, Token, TokenStr};
use dyad_resources::text::{normalize, split_words};
use dyad_resources::{Lexicon, Resources};

/// The `segment` stage.
pub struct Segment;

impl Stage for Segment {
    fn name(&self) -> &'static str {
        "segment"
    }
    fn requires(&self) -> &'static [Layer] {
        &[]
    }
    fn provides(&self) -> &'static [Layer] {
        &[Layer::Tokens]
    }
    fn annotate(&self, doc: &mut Doc, resources: &Resources) {
        let (tokens, sentences) = segment(doc.text(), &resources.lexicon);
        doc.tokens = tokens;
        doc.sentences = sentences;
        doc.dateline = find_dateline(doc);
    }
}

fn is_closing(word: &str) -> bool {
    matches!(word, "”" | "’" | ")" | "]" | "»" | "\"" | "'")
}

fn is_sentence_final(word: &str) -> bool {
    matches!(word, "." | "!" | "?" | "..." | "…")
}

/// True when the word can open a sentence: capitalised, a digit, or an opening mark.
fn opens_sentence(word: &str) -> bool {
    word.chars().next().is_some_and(|ch| {
        ch.is_uppercase()
            || ch.is_ascii_digit()
            || matches!(ch, '“' | '"' | '‘' | '\'' | '(' | '[' | '«' | '„')
    })
}

/// Splits `text` into tokens and sentences.
pub fn segment(text: &str, lexicon: &Lexicon) -> (Vec<Token>, Vec<Sentence>) {
    let spans = split_words(text, &lexicon.abbreviations);
    let mut cache = LOWERS.with(|cache| cache.take());
    let tokens: Vec<Token> = spans
        .iter()
        .map(|&(start, end)| {
            let lower = cache.lower(&text[start..end]);
            Token {
                span: Span::new(start, end),
                lemma: lower.clone(),
                lower,
                pos: Pos::X,
            }
        })
        .collect();
    LOWERS.with(|slot| slot.replace(cache));
    let word = |idx: usize| -> &str { &text[tokens[idx].span.start()..tokens[idx].span.end()] };
    // The gap between two tokens is usually zero or one byte: a plain loop,
    // not the `memchr` call `contains` makes, built for long haystacks.
    #[allow(clippy::manual_contains)]
    let newline_between = |a: usize, b: usize| -> bool {
        text.as_bytes()
            .get(tokens[a].span.end()..tokens[b].span.start())
            .is_some_and(|gap| gap.iter().any(|&byte| byte == b'\n'))
    };
    let mut boundaries = Vec::new(); // index of the first token of each new sentence
    let mut open_straight_quotes = 0usize;
    let mut idx = 0usize;
    while idx < tokens.len() {
        let current = word(idx);
        if current == "\"" {
            open_straight_quotes += 1;
        }
        let next = idx + 1;
        if next >= tokens.len() {
            break;
        }
        if newline_between(idx, next) {
            boundaries.push(next);
            open_straight_quotes = 0;
            idx += 1;
            continue;
        }
        let ends = if is_sentence_final(current) {
            true
        } else if current.ends_with('.') && lexicon.abbreviations.may_end.contains(current) {
            lexicon.abbreviations.starters.contains(word(next))
        } else {
            false
        };
        if ends {
            // Closing quotes and brackets belong to the sentence they close.
            let mut first = next;
            while first < tokens.len()
                && is_closing(word(first))
                && !newline_between(first - 1, first)
            {
                let mark = word(first);
                if mark == "\"" {
                    if open_straight_quotes.is_multiple_of(2) {
                        break;
                    }
                    open_straight_quotes += 1;
                }
                if mark == "'"
                    && first + 1 < tokens.len()
                    && !newline_between(first, first + 1)
                    && !opens_sentence(word(first + 1))
                {
                    break;
                }
                first += 1;
            }
            if first < tokens.len()
                && (opens_sentence(word(first)) || newline_between(first - 1, first))
            {
                boundaries.push(first);
                idx = first;
                continue;
            }
        }
        idx += 1;
    }
    let boundaries = split_long(boundaries, &tokens, text);
    let mut sentences = Vec::with_capacity(boundaries.len());
    let mut start_token = 0usize;
    for boundary in boundaries {
        if boundary <= start_token {
            continue;
        }
        let span = Span::new(
            tokens[start_token].span.start(),
            tokens[boundary - 1].span.end(),
        );
        sentences.push(Sentence {
            span,
            tokens: start_token as u32..boundary as u32,
            kind: SentenceKind::Body,
        });
        start_token = boundary;
    }
    classify_lines(text, &tokens, &mut sentences, lexicon);
    (tokens, sentences)
}

/// [`normalize`]`(word)` as a [`TokenStr`], built in one pass for the usual
/// ASCII word: copied as it is when it has no capitals, lowercased in place
/// when it has (for ASCII, `normalize` only lowercases).
fn lowercase(word: &str) -> TokenStr {
    let bytes = word.as_bytes();
    if bytes
        .iter()
        .all(|&b| b.is_ascii() && !b.is_ascii_uppercase())
    {
        return TokenStr::new(word);
    }
    if bytes.is_ascii() {
        let mut lower = TokenStr::new(word);
        lower.make_ascii_lowercase();
        return lower;
    }
    TokenStr::from(normalize(word))
}

/// Entries of the per-thread lowercase cache (a power of two).
const LOWER_CACHE_SIZE: usize = 8192;

thread_local! {
    /// Taken out for the length of one document and put back after, so the
    /// cache survives from document to document on a worker thread.
    static LOWERS: RefCell<LowerCache> = RefCell::new(LowerCache::default());
}

/// A direct-mapped cache of the lowercase forms of recent ASCII words.
///
/// Every token needs its lowercase form as a [`TokenStr`], and building one
/// is an allocation (freed again with the document). News repeats its words,
/// so a slot keeps the last lowercase form hashed there and the next token
/// spelt the same way (up to ASCII case) shares it: a clone, no allocation.
/// Only lowercase ASCII strings are kept; for an ASCII word `w`,
/// `lowercase(w)` is `w.to_ascii_lowercase()`, so a slot string equal to the
/// word ignoring ASCII case is exactly its lowercase form, whatever word put
/// it there. Other words are computed each time.
#[derive(Default)]
struct LowerCache {
    entries: Vec<Option<TokenStr>>,
    /// One-byte ASCII tokens (mostly punctuation), by their lowercase byte:
    /// found without hashing.
    singles: Vec<Option<TokenStr>>,
}

impl LowerCache {
    /// [`lowercase`]`(word)`, shared with earlier tokens when cached.
    fn lower(&mut self, word: &str) -> TokenStr {
        if let &[byte] = word.as_bytes() {
            if self.singles.is_empty() {
                self.singles.resize(128, None);
            }
            // For an ASCII byte, `lowercase` is its ASCII lowercase.
            if let Some(slot) = self.singles.get_mut(usize::from(byte.to_ascii_lowercase())) {
                return slot.get_or_insert_with(|| lowercase(word)).clone();
            }
        }
        if self.entries.is_empty() {
            self.entries.resize(LOWER_CACHE_SIZE, None);
        }
        let mut hasher = FastHasher::default();
        hasher.write(word.as_bytes());
        let slot = hasher.finish() as usize & (LOWER_CACHE_SIZE - 1);
        let Some(entry) = self.entries.get_mut(slot) else {
            return lowercase(word);
        };
        if let Some(lower) = entry {
            // Most words are lowercase already: one exact comparison, and the
            // byte-by-byte case-folding one only for the others.
            if lower.len() == word.len()
                && (lower.as_bytes() == word.as_bytes() || lower.eq_ignore_ascii_case(word))
            {
                return lower.clone();
            }
        }
        let lower = lowercase(word);
        if word.is_ascii() {
            *entry = Some(lower.clone());
        }
        lower
    }
}

/// The longest sentence the later stages look at, in tokens. Text without
/// sentence punctuation (a list, a log line, a 50 MB line) is cut into pieces
/// of at most this size, at a comma or semicolon when there is one, so that no
/// stage ever works on an unbounded clause.
pub const MAX_SENTENCE_TOKENS: usize = 250;

/// Adds the end of the text to `boundaries` and cuts sentences longer than
/// [`MAX_SENTENCE_TOKENS`].
fn split_long(boundaries: Vec<usize>, tokens: &[Token], text: &str) -> Vec<usize> {
    let mut out = Vec::with_capacity(boundaries.len() + 1);
    let mut start = 0usize;
    for boundary in boundaries.into_iter().chain(std::iter::once(tokens.len())) {
        while boundary.saturating_sub(start) > MAX_SENTENCE_TOKENS {
            let limit = start + MAX_SENTENCE_TOKENS;
            let cut = (start + MAX_SENTENCE_TOKENS / 2..limit)
                .rev()
                .find(|&i| {
                    matches!(
                        &text[tokens[i].span.start()..tokens[i].span.end()],
                        "," | ";" | ":"
                    )
                })
                .map_or(limit, |i| i + 1);
            out.push(cut);
            start = cut;
        }
        out.push(boundary);
        start = boundary;
    }
    out
}

/// Marks boilerplate lines and a headline line at the top.
fn classify_lines(text: &str, tokens: &[Token], sentences: &mut [Sentence], lexicon: &Lexicon) {
    let line_of = |span: Span| -> (usize, usize) {
        let start = text[..span.start()].rfind('\n').map_or(0, |i| i + 1);
        let end = text[span.end()..]
            .find('\n')
            .map_or(text.len(), |i| span.end() + i);
        (start, end)
    };
    let count = sentences.len();
    for (idx, sentence) in sentences.iter_mut().enumerate() {
        let (line_start, line_end) = line_of(sentence.span);
        let whole_line = text[line_start..sentence.span.start()].trim().is_empty()
            && text[sentence.span.end()..line_end].trim().is_empty();
        if whole_line && lexicon.is_boilerplate(&text[sentence.span.start()..sentence.span.end()]) {
            sentence.kind = SentenceKind::Boilerplate;
            continue;
        }
        if idx == 0 && whole_line && count > 1 {
            let last = &tokens[sentence.tokens.end as usize - 1];
            let last_word = &text[last.span.start()..last.span.end()];
            if !is_sentence_final(last_word) && !is_closing(last_word) && sentence.tokens.len() >= 3
            {
                sentence.kind = SentenceKind::Headline;
            }
        }
    }
}

/// Longest first sentence taken for a headline ending in a full stop
/// ("Council approves budget. MANSFIELD — The council ..."), in tokens.
const RUN_IN_HEADLINE_TOKENS: usize = 20;

/// Finds a wire dateline ("KYIV, March 3 (Reuters) -") at the start of the
/// first body sentence, or of the second when the first opens the text and is
/// short: a headline ending in a full stop, often run into the body on the
/// same line in text pasted from local papers.
pub fn find_dateline(doc: &Doc) -> Option<Dateline> {
    let mut body = doc
        .sentences
        .iter()
        .filter(|s| s.kind == SentenceKind::Body);
    let first = body.next()?;
    if let Some(dateline) = dateline_at(doc, first) {
        return Some(dateline);
    }
    let second = body.next()?;
    let headline_like = first.tokens.len() <= RUN_IN_HEADLINE_TOKENS
        && doc.text().get(..first.span.start())?.trim().is_empty();
    if headline_like {
        dateline_at(doc, second)
    } else {
        None
    }
}

/// A dateline at the start of `sentence`.
fn dateline_at(doc: &Doc, sentence: &dyad_doc::Sentence) -> Option<Dateline> {
    let tokens = doc.sentence_tokens(sentence);
    let word = |idx: usize| doc.slice(tokens[idx].span);
    let is_all_caps =
        |w: &str| w.chars().any(char::is_alphabetic) && !w.chars().any(char::is_lowercase);
    // The place: one or more all-caps words, optionally ", Country".
    let mut idx = 0usize;
    while idx < tokens.len().min(6) && is_all_caps(word(idx)) && word(idx) != "," {
        idx += 1;
    }
    if idx == 0 || idx >= tokens.len() {
        return None;
    }
    let mut place_end = idx;
    let mut date: Option<Span> = None;
    // Optional ", Country" (capitalised words) and ", Month Day".
    let mut cursor = idx;
    for _ in 0..2 {
        if cursor < tokens.len() && word(cursor) == "," {
            let mut probe = cursor + 1;
            let first = probe;
            while probe < tokens.len()
                && probe - first < 4
                && word(probe).chars().next().is_some_and(char::is_uppercase)
                && word(probe) != "("
            {
                probe += 1;
            }
            if probe == first {
                break;
            }
            // "Month Day": a capitalised word then a number.
            if probe < tokens.len()
                && probe - first <= 1
                && word(probe).chars().all(|c| c.is_ascii_digit())
                && !word(probe).is_empty()
            {
                date = Some(tokens[first].span.cover(tokens[probe].span));
                cursor = probe + 1;
                break;
            }
            if date.is_none() && place_end == idx {
                place_end = probe;
                cursor = probe;
                continue;
            }
            break;
        }
    }
    // Optional "(Agency)".
    if cursor < tokens.len() && word(cursor) == "(" {
        let close = (cursor + 1..tokens.len().min(cursor + 6)).find(|&i| word(i) == ")")?;
        cursor = close + 1;
    }
    if cursor < tokens.len() && matches!(word(cursor), "-" | "–" | "—" | "--") {
        let span = tokens[0].span.cover(tokens[cursor].span);
        let place = tokens[0].span.cover(tokens[place_end - 1].span);
        return Some(Dateline { span, place, date });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyad_doc::DocMeta;

    fn sentences(text: &str) -> Vec<String> {
        let (_, sentences) = segment(text, &Resources::builtin().lexicon);
        sentences
            .iter()
            .map(|s| text[s.span.start()..s.span.end()].to_string())
            .collect()
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        assert_eq!(
            sentences("Gen. Ivanov met U.S. envoys on Jan. 5 at No. 10 Downing Street. They left."),
            [
                "Gen. Ivanov met U.S. envoys on Jan. 5 at No. 10 Downing Street.",
                "They left."
            ]
        );
        assert_eq!(
            sentences("Talks were held with the U.S. The minister left."),
            ["Talks were held with the U.S.", "The minister left."]
        );
    }

    #[test]
    fn closing_quotes_stay_with_their_sentence() {
        assert_eq!(
            sentences("He said: “We are ready. We will act.” Then he left."),
            ["He said: “We are ready.", "We will act.”", "Then he left."]
        );
        assert_eq!(
            sentences("\"We will talk.\" The envoy smiled."),
            ["\"We will talk.\"", "The envoy smiled."]
        );
    }

    #[test]
    fn headlines_and_boilerplate_lines_are_marked() {
        let text = "Envoy visits Ankara for ceasefire talks\nThe envoy arrived on Monday.\nShare this story on social media:";
        let (_, sentences) = segment(text, &Resources::builtin().lexicon);
        let kinds: Vec<SentenceKind> = sentences.iter().map(|s| s.kind).collect();
        assert_eq!(
            kinds,
            [
                SentenceKind::Headline,
                SentenceKind::Body,
                SentenceKind::Boilerplate
            ]
        );
    }

    #[test]
    fn datelines_are_found() {
        for (text, place, date) in [
            (
                "KYIV, March 3 (Reuters) - The talks began.",
                "KYIV",
                Some("March 3"),
            ),
            (
                "ZAPORIZHZHIA, Ukraine, Sept 1 (Reuters) - Inspectors arrived.",
                "ZAPORIZHZHIA, Ukraine",
                Some("Sept 1"),
            ),
            (
                "CAIRO, May 4 - A delegation arrived.",
                "CAIRO",
                Some("May 4"),
            ),
            ("NEW YORK (AP) — Diplomats met.", "NEW YORK", None),
        ] {
            let mut doc = Doc::new(DocMeta::default(), text);
            Segment.annotate(&mut doc, Resources::builtin());
            let dateline = doc
                .dateline
                .clone()
                .unwrap_or_else(|| panic!("no dateline in {text}"));
            assert_eq!(doc.slice(dateline.place), place);
            assert_eq!(dateline.date.map(|d| doc.slice(d)), date);
        }
        let mut doc = Doc::new(DocMeta::default(), "NATO allies met in Brussels.");
        Segment.annotate(&mut doc, Resources::builtin());
        assert!(doc.dateline.is_none());
        // A short headline run into the body on one line.
        let text = "Town board backs new library. ELM FORK — The board voted on Monday.";
        let mut doc = Doc::new(DocMeta::default(), text);
        Segment.annotate(&mut doc, Resources::builtin());
        let dateline = doc.dateline.clone().expect("a dateline after the headline");
        assert_eq!(doc.slice(dateline.place), "ELM FORK");
        // Not after a whole sentence of body text, nor as the third sentence.
        for text in [
            "The board voted to back the new library on Monday, after a long debate among its members about the cost of books and the hours it would open. ELM FORK — It opens soon.",
            "Town board backs new library. More news. ELM FORK — The board voted.",
        ] {
            let mut doc = Doc::new(DocMeta::default(), text);
            Segment.annotate(&mut doc, Resources::builtin());
            assert!(doc.dateline.is_none(), "{text}");
        }
    }

    #[test]
    fn lowercase_is_normalize() {
        for word in [
            "said", "Said", "NATO", "U.S.", "3,000", "Erdoğan", "’s", "", "x-Ray",
        ] {
            assert_eq!(&*lowercase(word), normalize(word), "{word}");
        }
    }

    #[test]
    fn cached_lowercase_forms_are_exact_and_shared() {
        let mut cache = LowerCache::default();
        for word in [
            "Said", "said", "SAID", "NATO", "nato", "Erdoğan", "ERDOĞAN", "’s", "'s", "", "x-Ray",
        ] {
            assert_eq!(cache.lower(word), *normalize(word), "{word}");
            assert_eq!(cache.lower(word), *normalize(word), "{word}, again");
        }
        // The same spelling again shares the string instead of a new copy.
        let first = cache.lower("Envoys");
        assert!(cache.lower("Envoys").ptr_eq(&first));
        let first = cache.lower("envoys");
        assert!(cache.lower("envoys").ptr_eq(&first));
    }

    #[test]
    fn text_without_full_stops_is_cut_into_bounded_sentences() {
        let text = "the envoys met, and talked ".repeat(400);
        let (_, sentences) = segment(&text, &Resources::builtin().lexicon);
        assert!(sentences.len() > 1);
        assert!(sentences
            .iter()
            .all(|s| s.tokens.len() <= MAX_SENTENCE_TOKENS));
    }

    #[test]
    fn odd_text_keeps_the_invariants() {
        for text in [
            "",
            "\n\n",
            "...",
            "“",
            "A.",
            "x\u{0}y. Z",
            "U.S.",
            "\"\"\"",
            "word\n\nword",
        ] {
            let mut doc = Doc::new(DocMeta::default(), text);
            Segment.annotate(&mut doc, Resources::builtin());
            assert!(doc.check_invariants().is_ok(), "{text:?}");
        }
    }
}
