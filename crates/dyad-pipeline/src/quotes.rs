//! `quotes`: direct, indirect and mixed quotes with speaker, cue and nesting.
//!
//! - Direct: words between quotation marks (“…”, "…", «…», „…“) with a cue
//!   next to them ("…,” Lavrov said / said Lavrov / Lavrov said: “…”), or
//!   continuing the previous quote. Short quoted words without a cue are scare
//!   quotes, not quotes.
//! - Indirect: a reporting verb (data: `lexicon/quote-cues.tsv`) with a
//!   finite clause after it ("said that …", "told reporters …"), a fronted
//!   clause ("…, the ministry said"), "according to X", or a participle
//!   ("…, saying …").
//! - Mixed: reported speech that contains quoted words.
//!
//! Speakers are the actors of the mentions the `actors` stage resolved.

use crate::clause::{
    ending_by, is_clause_edge, is_passive, mention_positions, starting_from, subject,
    verb_group_start, MentionPos,
};
use crate::{Layer, Stage};
use dyad_doc::{ActorId, Doc, Pos, Quote, QuoteId, QuoteKind, Span};
use dyad_resources::{CueKind, Resources};

/// The `quotes` stage.
pub struct Quotes;

impl Stage for Quotes {
    fn name(&self) -> &'static str {
        "quotes"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tags, Layer::Actors]
    }
    fn provides(&self) -> &'static [Layer] {
        &[Layer::Quotes]
    }
    fn annotate(&self, doc: &mut Doc, resources: &Resources) {
        let positions = mention_positions(doc);
        let marks = find_quote_marks(doc.text());
        let mut quotes = Vec::new();
        for (idx, sentence) in doc.content_sentences() {
            let _ = idx;
            quotes.extend(find_indirect(
                doc,
                sentence.tokens.start as usize..sentence.tokens.end as usize,
                &positions,
                &marks,
                resources,
            ));
        }
        let mut last_speaker: Option<(Quote, usize)> = None;
        // Line breaks before the current mark, counted on from the previous
        // mark (marks come in text order) rather than from the top each time.
        let (mut counted_to, mut breaks) = (0, 0);
        for (open, close) in marks.iter().copied() {
            let content = trim_content(doc.text(), Span::new(open.end(), close.start()));
            if content.is_empty() {
                continue;
            }
            // Inside an indirect quote's content: that quote is mixed.
            if let Some(outer) = quotes
                .iter_mut()
                .find(|q: &&mut Quote| q.kind != QuoteKind::Direct && q.content.contains(open))
            {
                outer.kind = QuoteKind::Mixed;
                continue;
            }
            let words = doc.text()[content.start()..content.end()]
                .split_whitespace()
                .count();
            let attached = attach_direct(doc, open, close, &positions, resources);
            if open.start() < counted_to {
                (counted_to, breaks) = (0, 0);
            }
            breaks += doc.text()[counted_to..open.start()].matches('\n').count();
            counted_to = open.start();
            let paragraph = breaks;
            let quote = match attached {
                Some((found, cue)) => {
                    let speaker_span = found.map(|s| s.span);
                    let speaker = found.and_then(|s| s.actor);
                    let mut span = open.cover(close);
                    if let Some(s) = speaker_span {
                        span = span.cover(s);
                    }
                    span = span.cover(cue);
                    Quote {
                        span,
                        content,
                        speaker,
                        speaker_span,
                        cue: Some(cue),
                        kind: QuoteKind::Direct,
                        within: None,
                    }
                }
                None => match &last_speaker {
                    Some((previous, previous_paragraph))
                        if paragraph <= previous_paragraph + 1 && words >= 4 =>
                    {
                        Quote {
                            span: open.cover(close),
                            content,
                            speaker: previous.speaker,
                            speaker_span: previous.speaker_span,
                            cue: None,
                            kind: QuoteKind::Direct,
                            within: None,
                        }
                    }
                    _ if words >= 8 => Quote {
                        span: open.cover(close),
                        content,
                        speaker: None,
                        speaker_span: None,
                        cue: None,
                        kind: QuoteKind::Direct,
                        within: None,
                    },
                    _ => continue,
                },
            };
            last_speaker = Some((quote.clone(), paragraph));
            quotes.push(quote);
        }
        quotes.sort_by_key(|q| (q.content.start, q.content.end));
        quotes.dedup_by(|a, b| {
            a.content.overlaps(b.content)
                && a.kind == QuoteKind::Direct
                && b.kind == QuoteKind::Direct
        });
        // Nesting: a quote inside another quote's content.
        let contents: Vec<Span> = quotes.iter().map(|q| q.content).collect();
        for (idx, quote) in quotes.iter_mut().enumerate() {
            quote.within = contents
                .iter()
                .enumerate()
                .filter(|(other, content)| {
                    *other != idx && content.contains(quote.span) && **content != quote.content
                })
                .min_by_key(|(_, content)| content.len())
                .map(|(other, _)| QuoteId(other as u32));
        }
        doc.quotes = quotes;
    }
}

/// Pairs of opening and closing quotation marks (byte spans of the marks).
pub fn find_quote_marks(text: &str) -> Vec<(Span, Span)> {
    let mut pairs = Vec::new();
    let mut open: Option<(usize, char)> = None;
    let bytes = text.as_bytes();
    let mut next = 0;
    // Only a straight quote, a line break and the characters led by 0xC2
    // ("«", "»") or 0xE2 ("“", "”", "„") can open or close: the scan jumps
    // from one to the next (both lead bytes start a character) instead of
    // decoding every character of the text.
    while let Some(idx) = next_mark_byte(bytes, next) {
        // A skipped character more than 4000 bytes after the opening mark
        // ends the quote, as it did when every character was looked at.
        if let Some((start, _)) = open {
            let last_skipped = text[next..idx]
                .chars()
                .next_back()
                .map(|ch| idx - ch.len_utf8());
            if last_skipped.is_some_and(|at| at - start > 4000) {
                open = None;
            }
        }
        let Some(ch) = text[idx..].chars().next() else {
            break;
        };
        next = idx + ch.len_utf8();
        match (open, ch) {
            (None, '“' | '«' | '„') => open = Some((idx, ch)),
            (None, '"') => {
                // A straight quote opens when it is not glued to the end of a word.
                let before = text[..idx].chars().next_back();
                if before
                    .is_none_or(|b| b.is_whitespace() || matches!(b, '(' | '[' | '-' | '—' | ':'))
                {
                    open = Some((idx, ch));
                }
            }
            (Some((start, opener)), _) => {
                let closes = matches!(
                    (opener, ch),
                    ('“', '”') | ('«', '»') | ('„', '“' | '”') | ('"', '"')
                );
                if closes {
                    pairs.push((
                        Span::new(start, start + opener.len_utf8()),
                        Span::new(idx, idx + ch.len_utf8()),
                    ));
                    open = None;
                } else if (ch == '\n' && text[idx..].starts_with("\n\n") && opener != '“')
                    || idx - start > 4000
                {
                    open = None;
                }
                // A new opening curly quote before a close: the paragraph continued a quote.
                if opener == '“' && ch == '“' && idx != start {
                    open = Some((idx, ch));
                }
            }
            _ => {}
        }
    }
    pairs
}

/// True for the bytes [`find_quote_marks`] stops at.
fn is_mark_byte(byte: u8) -> bool {
    matches!(byte, b'"' | b'\n' | 0xC2 | 0xE2)
}

/// The first byte at or after `from` that [`is_mark_byte`].
///
/// Reads eight bytes at a time and skips a word with no straight quote, no
/// line break and no non-ASCII byte (both lead bytes are non-ASCII), which is
/// most of an article; the word holding a candidate is read byte by byte.
fn next_mark_byte(bytes: &[u8], from: usize) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // High bit of every byte that is zero, and perhaps of a few bytes after
    // one: never a miss, and candidates are checked exactly below.
    let zero_bytes = |word: u64| word.wrapping_sub(ONES) & !word & HIGHS;
    let mut at = from;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let word = u64::from_le_bytes(word);
        let candidates = zero_bytes(word ^ (ONES * u64::from(b'"')))
            | zero_bytes(word ^ (ONES * u64::from(b'\n')))
            | (word & HIGHS);
        if candidates != 0 {
            if let Some(offset) = chunk.iter().position(|&b| is_mark_byte(b)) {
                return Some(at + offset);
            }
        }
        at += 8;
    }
    let rest = bytes.get(at..)?;
    rest.iter()
        .position(|&b| is_mark_byte(b))
        .map(|offset| at + offset)
}

/// Drops surrounding spaces and a final comma or full stop inside the marks.
fn trim_content(text: &str, span: Span) -> Span {
    let inner = &text[span.start()..span.end()];
    let trimmed_start = inner.len() - inner.trim_start().len();
    let mut end = inner.trim_end().len();
    while end > trimmed_start && matches!(inner.as_bytes()[end - 1], b',' | b'.') {
        end -= 1;
        end = inner[..end].trim_end().len();
    }
    Span::new(
        span.start() + trimmed_start,
        span.start() + end.max(trimmed_start),
    )
}

fn cue_kind(doc: &Doc, idx: usize, resources: &Resources) -> Option<CueKind> {
    let token = doc.tokens.get(idx)?;
    // Every token of every sentence comes here: test first, without hashing
    // the lemma, whether the arms below could accept it.
    let could_cue =
        matches!(token.pos, Pos::Verb | Pos::Aux | Pos::Noun) || &*token.lower == "according";
    if !could_cue {
        return None;
    }
    let kind = resources.lexicon.quote_cues.get(&*token.lemma).copied()?;
    match kind {
        CueKind::Say
            if matches!(token.pos, Pos::Verb | Pos::Aux)
                || (token.pos == Pos::Noun && &*token.lower == "says") =>
        {
            Some(kind)
        }
        CueKind::According if &*token.lower == "according" => Some(kind),
        _ => None,
    }
}

/// The mention (if any) starting within a few tokens of `from`, going forward.
fn mention_after(positions: &[MentionPos], from: usize, max: usize) -> Option<MentionPos> {
    starting_from(positions, from)
        .iter()
        .take_while(|p| p.start <= from + max)
        .next()
        .copied()
}

/// The mention (if any) ending within a few tokens before `before`.
fn mention_before(positions: &[MentionPos], before: usize, max: usize) -> Option<MentionPos> {
    ending_by(positions, before)
        .iter()
        .rev()
        .take_while(|p| p.end + max >= before)
        .next()
        .copied()
}

/// A speaker: the words that name it and the actor, when resolved.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Speaker {
    span: Span,
    actor: Option<ActorId>,
}

fn speaker_of_mention(doc: &Doc, pos: MentionPos) -> Speaker {
    let mention = &doc.mentions[pos.id.index()];
    Speaker {
        span: mention.span,
        actor: mention.actor,
    }
}

/// True for tokens that can be part of a noun phrase naming a speaker.
fn in_noun_phrase(doc: &Doc, idx: usize) -> bool {
    let token = &doc.tokens[idx];
    matches!(
        token.pos,
        Pos::Propn | Pos::Noun | Pos::Adj | Pos::Num | Pos::Det
    ) || &*token.lower == "'s"
        || (token.pos == Pos::Punct && matches!(&*token.lower, "." | "-"))
}

/// The speaker named by the noun phrase at tokens `from..to`: the mention
/// ending there, else the phrase itself with the actor of a mention inside it.
fn noun_phrase_speaker(
    doc: &Doc,
    positions: &[MentionPos],
    from: usize,
    to: usize,
) -> Option<Speaker> {
    if from >= to {
        return None;
    }
    let last = &doc.tokens[to - 1];
    let adjacent = ending_by(positions, to)
        .iter()
        .rev()
        .take_while(|p| p.end == to)
        .find(|p| p.start >= from)
        .copied();
    if let Some(mention) = adjacent {
        return Some(speaker_of_mention(doc, mention));
    }
    if !matches!(last.pos, Pos::Propn | Pos::Noun) {
        return None;
    }
    let actor = positions
        .iter()
        .filter(|p| p.start >= from && p.end <= to)
        .find_map(|p| doc.mentions[p.id.index()].actor);
    Some(Speaker {
        span: doc.tokens[from].span.cover(last.span),
        actor,
    })
}

/// The speaker named by the subject of the verb at `verb`.
///
/// - A verb coordinated with an earlier one ("Israel has not sent a
///   delegation and said …") takes that verb's subject.
/// - A noun phrase right before the verb group is the speaker: its mention
///   when one ends there ("Hakan Fidan said"), else the whole phrase, so that
///   names the actor dictionary does not know still name the speaker ("Nigeria
///   coach Jose Okafor said", "a hunger monitor confirmed"); its actor is then
///   that of a mention inside it ("Houthi spokesman …").
/// - Otherwise the subject found by `clause::subject` (relative clauses).
fn subject_speaker(
    doc: &Doc,
    positions: &[MentionPos],
    floor: usize,
    verb: usize,
) -> Option<Speaker> {
    let group = verb_group_start(doc, verb, floor);
    if group > floor + 1 && &*doc.tokens[group - 1].lower == "and" {
        // The first verb of the clause carries the shared subject ("Police
        // boarded and seized a tanker suspected of …, and said …").
        let clause_start = (floor..group - 1)
            .rev()
            .find(|&i| matches!(&*doc.tokens[i].lower, ";" | ":"))
            .map_or(floor, |i| i + 1);
        let previous_verb = (clause_start..group - 1).find(|&i| {
            matches!(doc.tokens[i].pos, Pos::Verb)
                && (clause_start..i)
                    .any(|j| matches!(doc.tokens[j].pos, Pos::Noun | Pos::Propn | Pos::Pron))
        });
        if let Some(previous_verb) = previous_verb {
            if let Some(speaker) = subject_speaker(doc, positions, floor, previous_verb) {
                return Some(speaker);
            }
        }
    }
    let mut np_start = group;
    while np_start > floor && in_noun_phrase(doc, np_start - 1) {
        np_start -= 1;
    }
    // A phrase inside a prepositional phrase ("officers in Gabon said") is not
    // the subject: `clause::subject` looks past it.
    let in_prepositional_phrase =
        np_start > floor && matches!(doc.tokens[np_start - 1].pos, Pos::Adp);
    if np_start < group && doc.tokens[group - 1].pos != Pos::Punct && !in_prepositional_phrase {
        let adjacent = ending_by(positions, group)
            .iter()
            .rev()
            .take_while(|p| p.end == group)
            .find(|p| p.start >= np_start)
            .copied();
        let last = &doc.tokens[group - 1];
        let covered = |idx: usize| positions.iter().any(|p| p.start <= idx && idx < p.end);
        let unknown_name = last.pos == Pos::Propn
            && doc
                .slice(last.span)
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
            && !covered(group - 1);
        let np_span = doc.tokens[np_start].span.cover(doc.tokens[group - 1].span);
        let inner_actor = || {
            positions
                .iter()
                .filter(|p| p.start >= np_start && p.end <= group)
                .find_map(|p| doc.mentions[p.id.index()].actor)
        };
        match (adjacent, unknown_name) {
            (Some(mention), false) => return Some(speaker_of_mention(doc, mention)),
            (_, true) => {
                return Some(Speaker {
                    span: np_span,
                    actor: inner_actor(),
                })
            }
            (None, false)
                if matches!(last.pos, Pos::Noun) && doc.tokens[np_start].pos == Pos::Det =>
            {
                return Some(Speaker {
                    span: np_span,
                    actor: inner_actor(),
                })
            }
            _ => {}
        }
    }
    subject(doc, positions, floor, verb)
        .last()
        .map(|p| speaker_of_mention(doc, *p))
}

/// Finds the speaker and cue of a direct quote: after it (", Lavrov said" /
/// ", said Lavrov") or before it ("Lavrov said: “…”").
fn attach_direct(
    doc: &Doc,
    open: Span,
    close: Span,
    positions: &[MentionPos],
    resources: &Resources,
) -> Option<(Option<Speaker>, Span)> {
    let after = doc.token_at_or_after(close.end());
    let mut idx = after;
    while idx < doc.tokens.len() && matches!(&*doc.tokens[idx].lower, "," | "\"" | "”") {
        idx += 1;
    }
    // A quotation ending its sentence ("… Palestinians.”) is not the content of
    // a cue that opens the next one ("Egypt's ministry said it would …"), unless
    // that cue closes its sentence at once ("… here.” Lavrov said.").
    let inner = doc.text()[open.end()..close.start()].trim_end();
    let ends_sentence = inner.ends_with(['.', '?', '!']);
    let cue_closes = |cue_idx: usize| {
        let mut probe = cue_idx + 1;
        while probe < doc.tokens.len() && probe <= cue_idx + 6 {
            let token = &doc.tokens[probe];
            if matches!(&*token.lower, "." | "!" | "?") {
                return true;
            }
            if matches!(token.pos, Pos::Verb | Pos::Aux) || &*token.lower == "that" {
                return false;
            }
            probe += 1;
        }
        false
    };
    let attachable = |cue_idx: usize| !ends_sentence || cue_closes(cue_idx);
    // "…,” Lavrov said" / "…,” England coach Tom Vale said" — speaker, then cue.
    let mut np_end = idx;
    while np_end < doc.tokens.len() && np_end < idx + 8 && in_noun_phrase(doc, np_end) {
        np_end += 1;
    }
    if let Some(speaker) = mention_after(positions, idx, 0) {
        np_end = np_end.max(speaker.end);
    }
    if np_end > idx {
        let mut cue_idx = np_end;
        while cue_idx < doc.tokens.len()
            && cue_idx < np_end + 2
            && doc.tokens[cue_idx].pos == Pos::Adv
        {
            cue_idx += 1;
        }
        if cue_kind(doc, cue_idx, resources) == Some(CueKind::Say) && attachable(cue_idx) {
            let speaker = noun_phrase_speaker(doc, positions, idx, np_end);
            return Some((speaker, doc.tokens[cue_idx].span));
        }
    }
    // "…,” said Lavrov".
    if cue_kind(doc, idx, resources) == Some(CueKind::Say) && attachable(idx) {
        let speaker = mention_after(positions, idx + 1, 1)
            .map(|p| speaker_of_mention(doc, p))
            .or_else(|| {
                let mut end = idx + 1;
                while end < doc.tokens.len() && end < idx + 9 && in_noun_phrase(doc, end) {
                    end += 1;
                }
                noun_phrase_speaker(doc, positions, idx + 1, end)
            });
        return Some((speaker, doc.tokens[idx].span));
    }
    let open_idx = doc.token_at_or_after(open.start());
    // "Lavrov said: “…”" / "He told reporters, “…”".
    let mut before = open_idx;
    while before > 0 && matches!(&*doc.tokens[before - 1].lower, ":" | ",") {
        before -= 1;
    }
    let floor = doc
        .sentence_at(
            doc.tokens
                .get(before.saturating_sub(1))
                .map_or(0, |t| t.span.start()),
        )
        .map_or(0, |s| doc.sentences[s].tokens.start as usize);
    for back in 1..=3 {
        let Some(cue_idx) = before.checked_sub(back) else {
            break;
        };
        if cue_kind(doc, cue_idx, resources) == Some(CueKind::Say) {
            let group = verb_group_start(doc, cue_idx, 0);
            let speaker =
                subject_speaker(doc, positions, floor.min(group), cue_idx).or_else(|| {
                    mention_before(positions, group, 2).map(|p| speaker_of_mention(doc, p))
                });
            return Some((speaker, doc.tokens[cue_idx].span));
        }
        if is_clause_edge(doc, cue_idx) {
            break;
        }
    }
    None
}

/// True when the tokens `from..to` contain a verb (a clause, not a bare noun phrase).
fn has_verb(doc: &Doc, from: usize, to: usize) -> bool {
    (from..to.min(doc.tokens.len())).any(|idx| matches!(doc.tokens[idx].pos, Pos::Verb | Pos::Aux))
}

/// The end of a sentence's content: before the final punctuation and closing marks.
fn content_end(doc: &Doc, range: &std::ops::Range<usize>) -> usize {
    let mut end = range.end;
    while end > range.start && matches!(doc.tokens[end - 1].pos, Pos::Punct) {
        end -= 1;
    }
    end
}

/// Finds indirect quotes in one sentence.
fn find_indirect(
    doc: &Doc,
    range: std::ops::Range<usize>,
    positions: &[MentionPos],
    marks: &[(Span, Span)],
    resources: &Resources,
) -> Vec<Quote> {
    let mut quotes = Vec::new();
    let inside_direct = |idx: usize| {
        marks.iter().any(|(open, close)| {
            open.end() <= doc.tokens[idx].span.start()
                && doc.tokens[idx].span.end() <= close.start()
        })
    };
    let mut body_start = range.start;
    if let Some(dateline) = &doc.dateline {
        while body_start < range.end && doc.tokens[body_start].span.start < dateline.span.end {
            body_start += 1;
        }
    }
    let end = content_end(doc, &range);
    let speaker_of = |pos: Option<MentionPos>| {
        pos.map(|p| {
            (
                doc.mentions[p.id.index()].span,
                doc.mentions[p.id.index()].actor,
            )
        })
    };
    let mut idx = range.start;
    while idx < range.end {
        let Some(kind) = cue_kind(doc, idx, resources) else {
            idx += 1;
            continue;
        };
        if inside_direct(idx) {
            idx += 1;
            continue;
        }
        let cue = doc.tokens[idx].span;
        let lemma = &*doc.tokens[idx].lemma;
        if kind == CueKind::According {
            // "according to X": content is the rest of the sentence.
            if doc.tokens.get(idx + 1).is_some_and(|t| &*t.lower == "to") {
                let speaker = mention_after(positions, idx + 2, 1);
                let after_speaker = speaker.map_or(idx + 3, |s| s.end);
                let (content_from, content_to) = if idx <= body_start + 1 {
                    let comma = (after_speaker..end)
                        .find(|&i| &*doc.tokens[i].lower == ",")
                        .map_or(after_speaker, |c| c + 1);
                    (comma, end)
                } else {
                    let to = if idx > 0 && &*doc.tokens[idx - 1].lower == "," {
                        idx - 1
                    } else {
                        idx
                    };
                    (body_start, to)
                };
                if content_to > content_from + 2 {
                    let content = doc.tokens[content_from]
                        .span
                        .cover(doc.tokens[content_to - 1].span);
                    let (speaker_span, speaker_actor) =
                        speaker_of(speaker).map_or((None, None), |(s, a)| (Some(s), a));
                    quotes.push(Quote {
                        span: content.cover(cue),
                        content,
                        speaker: speaker_actor,
                        speaker_span,
                        cue: Some(cue.cover(doc.tokens[idx + 1].span)),
                        kind: QuoteKind::Indirect,
                        within: None,
                    });
                }
            }
            idx += 2;
            continue;
        }
        let group = verb_group_start(doc, idx, range.start);
        if is_passive(doc, idx, group)
            || doc
                .tokens
                .get(idx + 1)
                .is_some_and(|t| matches!(&*t.lower, "to" | "for" | "of" | "by"))
        {
            idx += 1;
            continue;
        }
        // Fronted content: "CONTENT, SPEAKER said [on Friday]." or "CONTENT, said SPEAKER."
        let comma_before = (body_start..group)
            .rev()
            .find(|&i| &*doc.tokens[i].lower == ",");
        let tail_is_short = {
            let mut tail = idx + 1;
            if let Some(s) = mention_after(positions, tail, 0) {
                tail = s.end;
            }
            end.saturating_sub(tail) <= 6 && !has_verb(doc, tail, end)
        };
        if let Some(mut comma) = comma_before {
            let between_is_speaker = {
                let speaker = mention_after(positions, comma + 1, 1);
                match speaker {
                    Some(s) => s.end >= group || s.end + 1 >= group,
                    None => {
                        group == comma + 1
                            || (group <= comma + 8
                                && (comma + 1..group).all(|i| in_noun_phrase(doc, i)))
                    }
                }
            } && !has_verb(doc, comma + 1, group)
                && !(group..idx).any(|i| &*doc.tokens[i].lower == "to");
            if between_is_speaker
                && tail_is_short
                && comma > body_start + 2
                && has_verb(doc, body_start, comma)
            {
                let mut speaker = if group > comma + 1 {
                    subject_speaker(doc, positions, comma + 1, idx)
                } else {
                    None
                };
                // Appositives: "CONTENT, the U.N. envoy for Yemen, Hans Grundberg, said".
                if group == comma + 1 {
                    let noun_phrase_from = |to: usize| {
                        let mut from = to;
                        while from > body_start
                            && to - from < 10
                            && (in_noun_phrase(doc, from - 1)
                                || matches!(doc.tokens[from - 1].pos, Pos::Adp))
                        {
                            from -= 1;
                        }
                        (from > body_start + 2 && from < to && &*doc.tokens[from - 1].lower == ",")
                            .then_some(from)
                    };
                    if let Some(from) = noun_phrase_from(comma) {
                        speaker = noun_phrase_speaker(doc, positions, from, comma);
                        comma = from - 1;
                        if let Some(earlier) =
                            noun_phrase_from(comma).filter(|&e| doc.tokens[e].pos == Pos::Det)
                        {
                            comma = earlier - 1;
                        }
                    }
                }
                let speaker = speaker.or_else(|| {
                    mention_after(positions, idx + 1, 1).map(|p| speaker_of_mention(doc, p))
                });
                let content_from = if doc.tokens[body_start].pos == Pos::Punct {
                    body_start + 1
                } else {
                    body_start
                };
                let content = doc.tokens[content_from]
                    .span
                    .cover(doc.tokens[comma - 1].span);
                let content = trim_content(doc.text(), content);
                let (speaker_span, speaker_actor) =
                    speaker.map_or((None, None), |s| (Some(s.span), s.actor));
                let kind = if marks.iter().any(|(o, c)| content.contains(o.cover(*c))) {
                    QuoteKind::Mixed
                } else {
                    QuoteKind::Indirect
                };
                if !content.is_empty() && !marks.iter().any(|(o, c)| o.cover(*c).contains(content))
                {
                    quotes.push(Quote {
                        span: content.cover(cue),
                        content,
                        speaker: speaker_actor,
                        speaker_span,
                        cue: Some(cue),
                        kind,
                        within: None,
                    });
                }
                idx += 1;
                continue;
            }
        }
        // Participle: "…, saying (that) CONTENT" — the speaker is the main clause's subject.
        let participle = &*doc.tokens[idx].lower == "saying"
            || (doc.tokens[idx].lower.ends_with("ing")
                && group > range.start
                && &*doc.tokens[group - 1].lower == ",");
        let speaker = if participle {
            // "with Abiy Ahmed saying": the phrase right before; else the main clause's subject.
            let adjacent = (group > body_start && &*doc.tokens[group - 1].lower != ",")
                .then(|| {
                    ending_by(positions, group)
                        .iter()
                        .rev()
                        .take_while(|p| p.end == group)
                        .last()
                        .copied()
                })
                .flatten();
            adjacent
                .or_else(|| {
                    starting_from(positions, body_start)
                        .iter()
                        .take_while(|p| p.end <= group)
                        .find(|p| !(p.start > 0 && doc.tokens[p.start - 1].pos == Pos::Adp))
                        .copied()
                })
                .map(|p| speaker_of_mention(doc, p))
        } else {
            // The subject of the cue verb (through a relative clause to its antecedent).
            subject_speaker(doc, positions, body_start, idx)
        };
        // Where the content starts: after "that", or after the cue and its object/adverbials.
        let mut from = idx + 1;
        let that = (from..end.min(from + 10))
            .find(|&i| &*doc.tokens[i].lower == "that" && !has_verb(doc, from, i));
        let bare_ok = resources.lexicon.bare_quote_cues.contains(lemma) || participle;
        match that {
            Some(that) => from = that + 1,
            None if bare_ok => {
                if lemma == "tell" {
                    if let Some(object) = mention_after(positions, from, 1) {
                        from = object.end;
                    } else if from < end && matches!(doc.tokens[from].pos, Pos::Noun | Pos::Propn) {
                        from += 1;
                    }
                }
                // Skip adverbials: "on Friday", "in a statement", "late on Sunday".
                while from < end {
                    let token = &doc.tokens[from];
                    if let Some(time) = doc.times.iter().find(|t| t.span.start == token.span.start)
                    {
                        // Always move on, even when the time ends inside a token ("1986/87").
                        from += 1;
                        while from < end && doc.tokens[from].span.end <= time.span.end {
                            from += 1;
                        }
                        continue;
                    }
                    if token.pos == Pos::Adp && !matches!(&*token.lower, "that") {
                        // a short PP ending before a comma or a clause start
                        let mut probe = from + 1;
                        while probe < end
                            && probe < from + 6
                            && matches!(
                                doc.tokens[probe].pos,
                                Pos::Det | Pos::Adj | Pos::Noun | Pos::Propn | Pos::Num
                            )
                        {
                            probe += 1;
                        }
                        from = probe;
                        continue;
                    }
                    if matches!(&*token.lower, "," | ":") {
                        from += 1;
                        continue;
                    }
                    break;
                }
            }
            None => {
                idx += 1;
                continue;
            }
        }
        // "Fidan added: “…”" is a direct quote, found with the quotation marks.
        let opens_quote = doc
            .tokens
            .get(from)
            .is_some_and(|t| matches!(doc.slice(t.span), "“" | "\"" | "«" | "„"));
        if from >= end
            || opens_quote
            || doc
                .tokens
                .get(from)
                .is_some_and(|t| matches!(&*t.lower, "to" | "for" | "."))
        {
            idx += 1;
            continue;
        }
        // A bare cue reports a clause: "confirmed the truce, while India said …"
        // has only a noun phrase before the next clause.
        if that.is_none() && !participle {
            let edge = (from..end).find(|&i| matches!(&*doc.tokens[i].lower, "," | ";"));
            let noun_phrase_only = edge.is_some_and(|edge| {
                !has_verb(doc, from, edge)
                    && doc.tokens.get(edge + 1).is_some_and(|t| {
                        matches!(
                            &*t.lower,
                            "while"
                                | "whereas"
                                | "but"
                                | "although"
                                | "though"
                                | "as"
                                | "after"
                                | "before"
                                | "and"
                        )
                    })
            });
            if noun_phrase_only {
                idx += 1;
                continue;
            }
        }
        // The content runs to the end of the sentence, or to a following "..., X said".
        let to = end;
        if to <= from + 1 || !has_verb(doc, from, to) || inside_direct(from) {
            idx += 1;
            continue;
        }
        let content = doc.tokens[from].span.cover(doc.tokens[to - 1].span);
        let content = trim_content(doc.text(), content);
        let kind = if marks
            .iter()
            .any(|(o, c)| content.contains(o.cover(*c)) || content.overlaps(*o))
        {
            QuoteKind::Mixed
        } else {
            QuoteKind::Indirect
        };
        let (speaker_span, speaker_actor) =
            speaker.map_or((None, None), |s| (Some(s.span), s.actor));
        let span = speaker_span.map_or(cue, |s| s.cover(cue)).cover(content);
        quotes.push(Quote {
            span,
            content,
            speaker: speaker_actor,
            speaker_span,
            cue: Some(cue),
            kind,
            within: None,
        });
        // A cue inside this content starts a nested quote: keep scanning from the content.
        idx = from.max(idx + 1);
    }
    quotes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Pipeline;
    use dyad_doc::DocMeta;

    #[test]
    fn mark_bytes_are_found_eight_at_a_time_as_one_at_a_time() {
        let pieces = [
            "plain words here ",
            "\"",
            "\n",
            "“",
            "”",
            "«»",
            "é",
            "—",
            "\u{a0}",
            "x",
            "0123456",
        ];
        // Every sequence of up to three pieces, at every starting offset.
        let mut texts = Vec::new();
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    texts.push(format!("{a}{b}{c}"));
                }
            }
        }
        for text in &texts {
            let bytes = text.as_bytes();
            for from in 0..=bytes.len() {
                let expected = bytes[from..]
                    .iter()
                    .position(|&b| is_mark_byte(b))
                    .map(|offset| from + offset);
                assert_eq!(
                    next_mark_byte(bytes, from),
                    expected,
                    "{text:?} from {from}"
                );
            }
        }
    }

    /// `find_quote_marks` as it was written before it skipped to the marks:
    /// every character looked at in turn.
    fn quote_marks_char_by_char(text: &str) -> Vec<(Span, Span)> {
        let mut pairs = Vec::new();
        let mut open: Option<(usize, char)> = None;
        for (idx, ch) in text.char_indices() {
            match (open, ch) {
                (None, '“' | '«' | '„') => open = Some((idx, ch)),
                (None, '"') => {
                    let before = text[..idx].chars().next_back();
                    if before.is_none_or(|b| {
                        b.is_whitespace() || matches!(b, '(' | '[' | '-' | '—' | ':')
                    }) {
                        open = Some((idx, ch));
                    }
                }
                (Some((start, opener)), _) => {
                    let closes = matches!(
                        (opener, ch),
                        ('“', '”') | ('«', '»') | ('„', '“' | '”') | ('"', '"')
                    );
                    if closes {
                        pairs.push((
                            Span::new(start, start + opener.len_utf8()),
                            Span::new(idx, idx + ch.len_utf8()),
                        ));
                        open = None;
                    } else if (ch == '\n' && text[idx..].starts_with("\n\n") && opener != '“')
                        || idx - start > 4000
                    {
                        open = None;
                    }
                    if opener == '“' && ch == '“' && idx != start {
                        open = Some((idx, ch));
                    }
                }
                _ => {}
            }
        }
        pairs
    }

    #[test]
    fn skipping_to_the_marks_finds_what_the_character_scan_found() {
        let long = "é".repeat(2001);
        let longer = "a—".repeat(1001);
        let texts = [
            String::new(),
            "He said \"we will stay\" and left.".to_string(),
            "“One,” she said. “Two.” «Trois» „Vier“ „Fünf”".to_string(),
            "a\"glued\" quote and \"(open\n\nnever closed\" x \"".to_string(),
            "“A paragraph\n\n“goes on” here".to_string(),
            format!("“{long}” then “{long}x” and \"{longer}\" end"),
            format!("“{}” and “{}”", "b".repeat(4000), "c".repeat(3999)),
            format!("\"{}\"", "é".repeat(2000)),
            format!("\"{}a\"", "é".repeat(2000)),
            "— « » “ ” „ \u{a0}\"x\u{a0}\"".to_string(),
        ];
        for text in &texts {
            assert_eq!(
                find_quote_marks(text),
                quote_marks_char_by_char(text),
                "{text:?}"
            );
        }
    }

    /// Codes `text` and renders each quote as "kind speaker: content".
    fn quotes(text: &str) -> Vec<String> {
        let mut doc = Doc::new(
            DocMeta {
                published: "2025-05-02".parse().ok(),
                ..DocMeta::default()
            },
            text,
        );
        Pipeline::standard().run(&mut doc, Resources::builtin());
        doc.quotes
            .iter()
            .map(|q| {
                let speaker = q
                    .speaker
                    .and_then(|id| doc.actor(id))
                    .map_or("?".to_string(), |a| a.name.clone());
                format!("{} {}: {}", q.kind, speaker, doc.slice(q.content))
            })
            .collect()
    }

    /// Codes `text` and renders each quote as "speaker text: content".
    fn speakers(text: &str) -> Vec<String> {
        let mut doc = Doc::new(
            DocMeta {
                published: "2025-05-02".parse().ok(),
                ..DocMeta::default()
            },
            text,
        );
        Pipeline::standard().run(&mut doc, Resources::builtin());
        doc.quotes
            .iter()
            .map(|q| {
                let speaker = q.speaker_span.map_or("?", |span| doc.slice(span));
                format!("{speaker}: {}", doc.slice(q.content))
            })
            .collect()
    }

    #[test]
    fn unknown_names_still_name_the_speaker() {
        assert_eq!(
            speakers("\"We gave everything,\" Lisbon coach Tomas Valeiro said."),
            ["Lisbon coach Tomas Valeiro: We gave everything"]
        );
        assert_eq!(
            speakers("A regional drought monitor confirmed on Friday that the wells had run dry."),
            ["A regional drought monitor: the wells had run dry"]
        );
    }

    #[test]
    fn coordinated_verbs_share_their_subject() {
        let found = speakers(
            "Hakan Fidan met the envoy in the capital and said the talks had been useful.",
        );
        assert_eq!(found, ["Hakan Fidan: the talks had been useful"]);
    }

    #[test]
    fn with_x_saying_names_x() {
        let found =
            speakers("The dam opened on Tuesday, with Hakan Fidan saying the project was safe.");
        assert_eq!(found, ["Hakan Fidan: the project was safe"]);
    }

    #[test]
    fn an_appositive_speaker_after_fronted_content() {
        let found = speakers(
            "The talks had been useful, the Turkish foreign minister, Hakan Fidan, said on Friday.",
        );
        assert_eq!(found, ["Hakan Fidan: The talks had been useful"]);
    }

    #[test]
    fn a_closed_quotation_does_not_take_the_next_sentences_cue() {
        let found = speakers("\"We will not yield.\" Hakan Fidan said the border would stay open.");
        assert_eq!(found, ["Hakan Fidan: the border would stay open"]);
    }

    #[test]
    fn a_bare_cue_needs_a_clause_and_an_infinitive_is_no_cue() {
        let found =
            speakers("Hakan Fidan confirmed the truce, while Abbas Araghchi said it would hold.");
        assert_eq!(found, ["Abbas Araghchi: it would hold"]);
        let found =
            speakers("Spain said it would not pay, prompting Hakan Fidan to threaten new tariffs.");
        assert_eq!(
            found,
            ["Spain: it would not pay, prompting Hakan Fidan to threaten new tariffs"]
        );
    }

    #[test]
    fn direct_quotes_with_the_cue_after_or_before() {
        assert_eq!(
            quotes("“We will not be intimidated,” Hakan Fidan said. Fidan added: “The border stays open.”"),
            ["direct Hakan Fidan: We will not be intimidated", "direct Hakan Fidan: The border stays open"]
        );
        assert_eq!(
            quotes("\"Talks will go on,\" said Hakan Fidan."),
            ["direct Hakan Fidan: Talks will go on"]
        );
    }

    #[test]
    fn indirect_quotes_fronted_and_according_to() {
        assert_eq!(quotes("Turkish Foreign Minister Hakan Fidan said on Friday that the talks had been useful."), ["indirect Hakan Fidan: the talks had been useful"]);
        assert_eq!(
            quotes("The talks had been useful, Hakan Fidan said."),
            ["indirect Hakan Fidan: The talks had been useful"]
        );
        assert_eq!(
            quotes("According to Hakan Fidan, the talks had been useful."),
            ["indirect Hakan Fidan: the talks had been useful"]
        );
    }

    #[test]
    fn quoted_words_inside_reported_speech_make_a_mixed_quote() {
        assert_eq!(
            quotes("Hakan Fidan said the proposal was “a serious step” toward peace."),
            ["mixed Hakan Fidan: the proposal was “a serious step” toward peace"]
        );
    }

    #[test]
    fn scare_quotes_and_appeals_are_not_quotes() {
        assert!(quotes("The so-called “peace plan” was shelved by the cabinet.").is_empty());
        assert!(quotes("Hakan Fidan urged both sides to show restraint.").is_empty());
    }

    /// Regression: a time expression ending inside a token ("1986/87") after a cue
    /// once stopped the content scan from advancing (an endless loop on Reuters-21578).
    #[test]
    fn a_year_range_after_a_cue_does_not_hang() {
        let found = quotes("The ministry said 1986/87 output would fall.");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with("indirect") && found[0].ends_with("output would fall"),
            "{found:?}"
        );
    }

    #[test]
    fn a_quote_inside_another_quote_is_nested() {
        let mut doc = Doc::new(
            DocMeta::default(),
            "Hakan Fidan said Abbas Araghchi had told him that Iran would keep talking.",
        );
        Pipeline::standard().run(&mut doc, Resources::builtin());
        assert_eq!(doc.quotes.len(), 2, "{:?}", doc.quotes);
        assert_eq!(doc.quotes[1].within, Some(QuoteId(0)));
    }
}
