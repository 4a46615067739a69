//! `tag`: part of speech and lemma for every token, sentence by sentence.
//!
//! The tagger and lemmatizer are trained from Universal Dependencies English
//! (crate `dyad-tagger`); this stage only feeds them sentences, and keeps a
//! small per-thread cache of recent lemmas (news repeats its words, and a
//! lemma is a function of the word and its tag alone).

use std::cell::RefCell;
use std::hash::Hasher;

use crate::{Layer, Stage};
use dyad_doc::hash::FastHasher;
use dyad_doc::{Doc, Pos, TokenStr};
use dyad_resources::Resources;
use dyad_tagger::{Lemmatizer, Tagger};

/// The `tag` stage.
pub struct Tag;

impl Stage for Tag {
    fn name(&self) -> &'static str {
        "tag"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tokens]
    }
    fn provides(&self) -> &'static [Layer] {
        &[Layer::Tags]
    }
    fn annotate(&self, doc: &mut Doc, _resources: &Resources) {
        let tagger = Tagger::builtin();
        let lemmatizer = Lemmatizer::builtin();
        let mut tags = Vec::new();
        let mut words: Vec<&str> = Vec::new();
        let mut cache = LEMMAS.with(|cache| cache.take());
        let lemmas = &mut cache;
        // Each token is written as soon as its sentence is tagged. Most
        // lemmas equal the token's lowercase form, which `segment` already
        // stored as the lemma (a function of the word alone), and stay: the
        // cache entry remembers whether they do, so a hit compares no
        // strings; the others share the cache's copy.
        let (text, sentences, all_tokens) = doc.text_sentences_tokens_mut();
        for sentence in sentences {
            let range = sentence.tokens.start as usize..sentence.tokens.end as usize;
            let Some(tokens) = all_tokens.get_mut(range) else {
                continue;
            };
            words.clear();
            words.extend(tokens.iter().map(|t| &text[t.span.start()..t.span.end()]));
            tagger.tag_into(&words, &mut tags);
            for ((&word, &pos), token) in words.iter().zip(tags.iter()).zip(tokens) {
                let (folded, same) = lemmas.get_or_insert(word, pos, &token.lemma, |folded| {
                    // The lemmatizer lowercases first; an ASCII word's lowercase
                    // form is normally the token's `lower` already (`segment`),
                    // which it then borrows instead of building anew.
                    let lower = &*token.lower;
                    let lemma = if word.is_ascii()
                        && word.eq_ignore_ascii_case(lower)
                        && !lower.bytes().any(|b| b.is_ascii_uppercase())
                    {
                        lemmatizer.lemmatize(lower, pos)
                    } else {
                        lemmatizer.lemmatize(word, pos)
                    };
                    dyad_resources::text::normalize_into(&lemma, folded);
                });
                token.pos = pos;
                if !same {
                    token.lemma = folded.clone();
                }
            }
        }
        LEMMAS.with(|slot| slot.replace(cache));
    }
}

/// Entries of the per-thread lemma cache (a power of two).
const LEMMA_CACHE_SIZE: usize = 16384;

thread_local! {
    /// Taken out for the length of one document and put back after, so the
    /// cache survives from document to document on a worker thread.
    static LEMMAS: RefCell<LemmaCache> = RefCell::new(LemmaCache::default());
}

/// A direct-mapped cache from (word, tag) to the folded lemma.
///
/// Lemmatizing is hash lookups and suffix rules, then folding: about 500
/// instructions a token. The same words come back in every article, so
/// remembering the last lemma per slot saves most of that; a slot holds the
/// exact word and tag, so a collision only costs a recomputation.
///
/// The lemma is kept as a shared [`TokenStr`], so every token whose lemma
/// differs from its lowercase form gets a clone of it, not an allocation.
#[derive(Default)]
struct LemmaCache {
    entries: Vec<LemmaEntry>,
    /// Where `compute` writes a lemma before it is copied into its slot.
    scratch: String,
}

#[derive(Default)]
struct LemmaEntry {
    word: String,
    /// The word's tag, folded lemma, and whether that lemma is the lemma
    /// the word had when it was computed (its lowercase form, which
    /// `segment` stores as every token's lemma and derives from the word
    /// alone); `None` while the slot is empty.
    lemma: Option<(Pos, TokenStr, bool)>,
}

impl LemmaCache {
    /// The folded lemma of `word` tagged `pos`, from the cache or written by
    /// `compute` into an empty string (and then kept), and whether it equals
    /// `current`, the lemma the word's token has before tagging (compared
    /// once, when the lemma is computed: every token of the same word has
    /// the same lemma before tagging, its lowercase form).
    fn get_or_insert(
        &mut self,
        word: &str,
        pos: Pos,
        current: &str,
        compute: impl FnOnce(&mut String),
    ) -> (&TokenStr, bool) {
        if self.entries.is_empty() {
            self.entries
                .resize_with(LEMMA_CACHE_SIZE, LemmaEntry::default);
        }
        let slot = slot_of(word, pos) & (LEMMA_CACHE_SIZE - 1);
        let entry = &mut self.entries[slot];
        let hit =
            matches!(&entry.lemma, Some((cached, _, _)) if *cached == pos) && entry.word == word;
        if !hit {
            entry.word.clear();
            entry.word.push_str(word);
            entry.lemma = None;
            self.scratch.clear();
            compute(&mut self.scratch);
        }
        let scratch = &self.scratch;
        let (_, lemma, same) = entry
            .lemma
            .get_or_insert_with(|| (pos, TokenStr::new(scratch), scratch == current));
        (lemma, *same)
    }
}

/// The cache slot of a word and tag: the shared fast word hash, eight bytes
/// a step (FNV-1a, a multiply per byte, was about 50 instructions a token).
#[inline]
fn slot_of(word: &str, pos: Pos) -> usize {
    let mut hasher = FastHasher::default();
    hasher.write(word.as_bytes());
    hasher.write_u8(pos as u8);
    hasher.finish() as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::Segment;
    use dyad_doc::DocMeta;

    #[test]
    fn verbs_and_nouns_get_tags_and_lemmas() {
        let mut doc = Doc::new(
            DocMeta::default(),
            "The envoys held talks and imposed sanctions on Tuesday.",
        );
        Segment.annotate(&mut doc, Resources::builtin());
        Tag.annotate(&mut doc, Resources::builtin());
        let find = |word: &str| {
            doc.tokens
                .iter()
                .find(|t| &*t.lower == word)
                .expect("token present")
        };
        assert_eq!(find("held").pos, Pos::Verb);
        assert_eq!(&*find("held").lemma, "hold");
        assert_eq!(&*find("talks").lemma, "talk");
        assert_eq!(&*find("sanctions").lemma, "sanction");
    }

    #[test]
    fn lemma_cache_keys_on_word_and_tag() {
        let mut cache = LemmaCache::default();
        let mut computed = 0;
        for _ in 0..3 {
            let (lemma, same) = cache.get_or_insert("talks", Pos::Noun, "talks", |out| {
                computed += 1;
                out.push_str("talk");
            });
            assert_eq!((lemma.as_ref(), same), ("talk", false));
        }
        assert_eq!(computed, 1, "computed once, then cached");
        let (verb, _) =
            cache.get_or_insert("talks", Pos::Verb, "talks", |out| out.push_str("talk-v"));
        assert_eq!(verb, "talk-v");
        let (other, _) =
            cache.get_or_insert("Talks", Pos::Noun, "talks", |out| out.push_str("talk-c"));
        assert_eq!(other, "talk-c");
        let (same, unchanged) =
            cache.get_or_insert("envoy", Pos::Noun, "envoy", |out| out.push_str("envoy"));
        assert_eq!((same.as_ref(), unchanged), ("envoy", true));
    }

    #[test]
    fn second_document_gets_the_same_lemmas_from_the_cache() {
        let text = "Envoys met and held talks; the talks were held in Geneva.";
        let lemmas = || {
            let mut doc = Doc::new(DocMeta::default(), text);
            Segment.annotate(&mut doc, Resources::builtin());
            Tag.annotate(&mut doc, Resources::builtin());
            doc.tokens
                .iter()
                .map(|t| (t.pos, t.lemma.to_string()))
                .collect::<Vec<_>>()
        };
        let first = lemmas();
        assert_eq!(first, lemmas());
        assert!(first.iter().any(|(_, lemma)| lemma == "hold"));
    }
}
