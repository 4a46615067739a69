//! `tag`: part of speech and lemma for every token, sentence by sentence.
//!
//! The tagger and lemmatizer are trained from Universal Dependencies English
//! (crate `dyad-tagger`); this stage only feeds them sentences.

use crate::{Layer, Stage};
use dyad_doc::{Doc, Pos};
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
        let mut folded = String::new();
        // Per tagged token: its index, tag, and its lemma when that differs
        // from the one it has. Most lemmas equal the token's lowercase form,
        // which `segment` already stored as the lemma: keeping it saves an
        // allocation and a free per token.
        let mut assigned: Vec<(usize, Pos, Option<Box<str>>)> =
            Vec::with_capacity(doc.tokens.len());
        let text = doc.text();
        for sentence in &doc.sentences {
            let range = sentence.tokens.start as usize..sentence.tokens.end as usize;
            let Some(tokens) = doc.tokens.get(range.clone()) else {
                continue;
            };
            words.clear();
            words.extend(tokens.iter().map(|t| &text[t.span.start()..t.span.end()]));
            tagger.tag_into(&words, &mut tags);
            for (offset, ((&word, &pos), token)) in
                words.iter().zip(tags.iter()).zip(tokens).enumerate()
            {
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
                folded.clear();
                dyad_resources::text::normalize_into(&lemma, &mut folded);
                let changed = (*token.lemma != *folded).then(|| Box::from(folded.as_str()));
                assigned.push((range.start + offset, pos, changed));
            }
        }
        for (idx, pos, lemma) in assigned {
            if let Some(token) = doc.tokens.get_mut(idx) {
                token.pos = pos;
                if let Some(lemma) = lemma {
                    token.lemma = lemma;
                }
            }
        }
    }
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
}
