//! `Doc`: the text of one article and every layer of annotation over it.

use crate::layers::*;
use crate::span::Span;
use jiff::civil::Date;

/// What is known about a document besides its text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocMeta {
    /// Identifier, unique within a run (a file name, a JSON `id`).
    pub id: String,
    /// Where the article was published.
    pub url: Option<String>,
    /// Headline, when given separately from the text.
    pub title: Option<String>,
    /// Publication date: the reference for relative dates ("on Thursday").
    pub published: Option<Date>,
    /// Outlet name.
    pub source_name: Option<String>,
}

/// Something odd a stage noticed but coded around (never an error: stages cannot fail).
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    /// The stage that wrote the note.
    pub stage: &'static str,
    /// Where, when it concerns a span.
    pub span: Option<Span>,
    /// What was noticed.
    pub message: String,
}

/// One article: immutable text plus layers of span annotations.
///
/// Invariants (checked by [`Doc::check_invariants`], which tests call):
/// - `text` never changes once the `Doc` exists;
/// - every span lies inside `text` on UTF-8 character boundaries;
/// - `tokens` and `sentences` are sorted and do not overlap;
/// - ids stored in one layer (`Mention::actor`, `Quote::within`, ...) index
///   existing items of the layer they name.
///
/// Each layer is filled by exactly one pipeline stage (see `dyad-pipeline`).
#[derive(Debug, Clone, Default)]
pub struct Doc {
    text: String,
    /// Id, URL, title, date.
    pub meta: DocMeta,
    /// Tokens in text order (`segment`, tagged by `tag`).
    pub tokens: Vec<Token>,
    /// Sentences in text order (`segment`).
    pub sentences: Vec<Sentence>,
    /// The wire dateline, if the story opens with one (`segment`).
    pub dateline: Option<Dateline>,
    /// References to actors, in text order (`mentions`, resolved by `actors`).
    pub mentions: Vec<Mention>,
    /// Distinct actors of the document (`actors`).
    pub actors: Vec<Actor>,
    /// Time expressions in text order (`time`).
    pub times: Vec<TimeExpr>,
    /// Places in text order (`geo`).
    pub places: Vec<Place>,
    /// Quotes in text order (`quotes`).
    pub quotes: Vec<Quote>,
    /// Events in text order (`events`).
    pub events: Vec<Event>,
    /// Oddities stages noticed.
    pub notes: Vec<Note>,
}

impl Doc {
    /// A document with no annotations yet.
    pub fn new(meta: DocMeta, text: impl Into<String>) -> Doc {
        Doc {
            text: text.into(),
            meta,
            ..Doc::default()
        }
    }

    /// The text every span points into.
    #[inline]
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text of a span; empty when the span is out of bounds or off a
    /// character boundary (which the invariants rule out for stored spans).
    #[inline]
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.start()..span.end()).unwrap_or("")
    }

    /// A span checked against the text: `None` when out of bounds or off a
    /// character boundary.
    pub fn checked_span(&self, start: usize, end: usize) -> Option<Span> {
        (start <= end
            && end <= self.text.len()
            && self.text.is_char_boundary(start)
            && self.text.is_char_boundary(end))
        .then(|| Span::new(start, end))
    }

    /// The tokens of a sentence.
    #[inline]
    pub fn sentence_tokens(&self, sentence: &Sentence) -> &[Token] {
        self.tokens
            .get(sentence.tokens.start as usize..sentence.tokens.end as usize)
            .unwrap_or(&[])
    }

    /// The text and sentences to read, and the tokens to write, at once: a
    /// stage that annotates tokens (the tagger's tags and lemmas) can then
    /// write each token as it reads its words, instead of collecting the
    /// results first and writing them in a second pass.
    #[inline]
    pub fn text_sentences_tokens_mut(&mut self) -> (&str, &[Sentence], &mut [Token]) {
        (&self.text, &self.sentences, &mut self.tokens)
    }

    /// Index of the sentence that contains byte `offset`.
    #[inline]
    pub fn sentence_at(&self, offset: usize) -> Option<usize> {
        let idx = self
            .sentences
            .partition_point(|sentence| sentence.span.end() <= offset);
        self.sentences
            .get(idx)
            .filter(|sentence| sentence.span.start() <= offset)
            .map(|_| idx)
    }

    /// Index of the first token starting at or after `offset`.
    #[inline]
    pub fn token_at_or_after(&self, offset: usize) -> usize {
        self.tokens
            .partition_point(|token| token.span.start() < offset)
    }

    /// Indices of the tokens lying entirely inside `span`.
    #[inline]
    pub fn token_range(&self, span: Span) -> std::ops::Range<usize> {
        let first = self.token_at_or_after(span.start());
        let mut last = first;
        while last < self.tokens.len() && self.tokens[last].span.end <= span.end {
            last += 1;
        }
        first..last
    }

    /// The mentions lying inside `span`, in text order.
    pub fn mentions_in(&self, span: Span) -> impl Iterator<Item = (MentionId, &Mention)> {
        self.mentions
            .iter()
            .enumerate()
            .filter(move |(_, mention)| span.contains(mention.span))
            .map(|(idx, mention)| (MentionId(idx as u32), mention))
    }

    /// An actor by id.
    #[inline]
    pub fn actor(&self, id: ActorId) -> Option<&Actor> {
        self.actors.get(id.index())
    }

    /// Adds an actor, or returns the existing one with the same key.
    pub fn intern_actor(&mut self, actor: Actor) -> ActorId {
        if let Some(idx) = self.actors.iter().position(|known| known.key == actor.key) {
            return ActorId(idx as u32);
        }
        self.actors.push(actor);
        ActorId(self.actors.len() as u32 - 1)
    }

    /// Records an oddity noticed by a stage.
    pub fn note(&mut self, stage: &'static str, span: Option<Span>, message: impl Into<String>) {
        self.notes.push(Note {
            stage,
            span,
            message: message.into(),
        });
    }

    /// Sentences whose kind is `Body` or `Headline` (boilerplate skipped).
    pub fn content_sentences(&self) -> impl Iterator<Item = (usize, &Sentence)> {
        self.sentences
            .iter()
            .enumerate()
            .filter(|(_, sentence)| sentence.kind != SentenceKind::Boilerplate)
    }

    /// Checks the invariants listed on the type; returns the first violation.
    pub fn check_invariants(&self) -> Result<(), String> {
        let ok = |span: Span, what: &str| -> Result<(), String> {
            if self.checked_span(span.start(), span.end()).is_none() {
                return Err(format!(
                    "{what} span {span} is outside the text or off a char boundary"
                ));
            }
            Ok(())
        };
        for pair in self.tokens.windows(2) {
            if pair[0].span.end > pair[1].span.start {
                return Err(format!(
                    "tokens {} and {} overlap or are unsorted",
                    pair[0].span, pair[1].span
                ));
            }
        }
        for pair in self.sentences.windows(2) {
            if pair[0].span.end > pair[1].span.start {
                return Err(format!(
                    "sentences {} and {} overlap",
                    pair[0].span, pair[1].span
                ));
            }
        }
        for token in &self.tokens {
            ok(token.span, "token")?;
        }
        for sentence in &self.sentences {
            ok(sentence.span, "sentence")?;
            if sentence.tokens.end as usize > self.tokens.len() {
                return Err(format!(
                    "sentence {} points past the token list",
                    sentence.span
                ));
            }
        }
        if let Some(dateline) = &self.dateline {
            ok(dateline.span, "dateline")?;
            ok(dateline.place, "dateline place")?;
        }
        let actor_ok = |id: Option<ActorId>, what: &str| -> Result<(), String> {
            match id {
                Some(id) if id.index() >= self.actors.len() => {
                    Err(format!("{what} names missing actor {}", id.0))
                }
                _ => Ok(()),
            }
        };
        for mention in &self.mentions {
            ok(mention.span, "mention")?;
            actor_ok(mention.actor, "mention")?;
        }
        for time in &self.times {
            ok(time.span, "time")?;
        }
        for place in &self.places {
            ok(place.span, "place")?;
        }
        for quote in &self.quotes {
            ok(quote.span, "quote")?;
            ok(quote.content, "quote content")?;
            if let Some(span) = quote.cue {
                ok(span, "quote cue")?;
            }
            if let Some(span) = quote.speaker_span {
                ok(span, "quote speaker")?;
            }
            actor_ok(quote.speaker, "quote")?;
            if quote
                .within
                .is_some_and(|id| id.index() >= self.quotes.len())
            {
                return Err("quote nested in a missing quote".into());
            }
        }
        for event in &self.events {
            ok(event.sentence, "event sentence")?;
            ok(event.trigger, "event trigger")?;
            actor_ok(event.source, "event source")?;
            actor_ok(event.target, "event target")?;
            if event.pattern.is_empty() {
                return Err(format!("event at {} names no pattern", event.trigger));
            }
            if let Some(attribution) = event.attribution {
                actor_ok(attribution.claimant, "event claimant")?;
                if attribution.quote.index() >= self.quotes.len() {
                    return Err("event attributed to a missing quote".into());
                }
            }
            if event
                .place
                .is_some_and(|id| id.index() >= self.places.len())
            {
                return Err("event placed at a missing place".into());
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::Pos;

    fn token(doc: &Doc, start: usize, end: usize) -> Token {
        let lower: crate::TokenStr = doc.text()[start..end].to_lowercase().into();
        Token {
            span: Span::new(start, end),
            lemma: lower.clone(),
            lower,
            pos: Pos::X,
        }
    }

    #[test]
    fn slices_and_lookups_follow_byte_offsets() {
        let mut doc = Doc::new(DocMeta::default(), "Kyiv replied. Moscow waited.");
        doc.tokens = vec![
            token(&doc, 0, 4),
            token(&doc, 5, 12),
            token(&doc, 12, 13),
            token(&doc, 14, 20),
        ];
        doc.sentences = vec![
            Sentence {
                span: Span::new(0, 13),
                tokens: 0..3,
                kind: SentenceKind::Body,
            },
            Sentence {
                span: Span::new(14, 28),
                tokens: 3..4,
                kind: SentenceKind::Body,
            },
        ];
        assert_eq!(doc.slice(Span::new(5, 12)), "replied");
        assert_eq!(doc.sentence_at(15), Some(1));
        assert_eq!(doc.sentence_at(13), None);
        assert_eq!(doc.token_range(Span::new(0, 13)), 0..3);
        assert!(doc.check_invariants().is_ok());
        let (text, sentences, tokens) = doc.text_sentences_tokens_mut();
        assert_eq!(sentences.len(), 2);
        for token in tokens.iter_mut() {
            token.pos = Pos::Noun;
            token.lemma = text[token.span.start()..token.span.end()].into();
        }
        assert_eq!(&*doc.tokens[0].lemma, "Kyiv");
        assert_eq!(doc.tokens[3].pos, Pos::Noun);
    }

    #[test]
    fn invariants_reject_spans_off_char_boundaries() {
        let mut doc = Doc::new(DocMeta::default(), "Zelensky’s aide");
        doc.tokens = vec![token(&doc, 0, 8)];
        assert!(doc.check_invariants().is_ok());
        doc.tokens.push(Token {
            span: Span::new(9, 10),
            lower: "".into(),
            lemma: "".into(),
            pos: Pos::X,
        });
        assert!(doc.check_invariants().is_err());
    }

    #[test]
    fn interning_actors_merges_same_key() {
        use crate::codes::{ActorCode, ActorKind};
        let mut doc = Doc::new(DocMeta::default(), "");
        let lavrov = Actor {
            name: "Sergey Lavrov".into(),
            code: ActorCode::country("RUS".parse().expect("valid"), None),
            kind: ActorKind::Person,
            role: None,
            key: "person:sergey lavrov".into(),
        };
        let first = doc.intern_actor(lavrov.clone());
        let second = doc.intern_actor(lavrov);
        assert_eq!(first, second);
        assert_eq!(doc.actors.len(), 1);
    }
}
