//! `tag`: part of speech and lemma for every token, sentence by sentence.
//!
//! The tagger and lemmatizer are trained from Universal Dependencies English
//! (crate `dyad-tagger`); this stage only feeds them sentences.

use crate::{Layer, Stage};
use dyad_doc::Doc;
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
        let ranges: Vec<std::ops::Range<usize>> = doc
            .sentences
            .iter()
            .map(|s| s.tokens.start as usize..s.tokens.end as usize)
            .collect();
        let mut assigned = Vec::with_capacity(doc.tokens.len());
        for range in ranges {
            words.clear();
            let text = doc.text();
            words.extend(
                doc.tokens[range.clone()]
                    .iter()
                    .map(|t| &text[t.span.start()..t.span.end()]),
            );
            tagger.tag_into(&words, &mut tags);
            for (offset, (&word, &pos)) in words.iter().zip(tags.iter()).enumerate() {
                let lemma = lemmatizer.lemmatize(word, pos);
                assigned.push((
                    range.start + offset,
                    pos,
                    dyad_resources::text::normalize(&lemma).into_boxed_str(),
                ));
            }
        }
        for (idx, pos, lemma) in assigned {
            if let Some(token) = doc.tokens.get_mut(idx) {
                token.pos = pos;
                token.lemma = lemma;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::Segment;
    use dyad_doc::{DocMeta, Pos};

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
