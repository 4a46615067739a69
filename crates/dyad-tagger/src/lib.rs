//! dyad's part-of-speech tagger and lemmatizer: one UPOS tag
//! ([`dyad_doc::Pos`]) and one lowercase lemma per word.
//!
//! ```
//! use dyad_doc::Pos;
//! use dyad_tagger::{lemmatize, Tagger};
//!
//! let words = ["Envoys", "held", "talks", "in", "Kyiv", "on", "Thursday", "."];
//! let tags = Tagger::builtin().tag(&words);
//! assert_eq!(tags[1], Pos::Verb);
//! assert_eq!(tags[4], Pos::Propn);
//! assert_eq!(lemmatize(words[1], tags[1]), "hold");
//! assert_eq!(lemmatize(words[2], tags[2]), "talk");
//! ```
//!
//! # Tagger
//!
//! A greedy left-to-right averaged perceptron, the classic design of
//! Collins (2002) as popularised by Honnibal's "A good part-of-speech tagger
//! in about 200 lines of Python". Each word is tagged once, seeing:
//!
//! - the word itself: form, lowercase form, prefixes of 1–3 and suffixes of
//!   1–4 characters, word shape (`Xx`, `d`, `X.X.`), and its *ambiguity
//!   class*, the set of tags the word had in training;
//! - its neighbours: the words up to two positions away, their suffixes,
//!   shapes and ambiguity classes, and word bigrams;
//! - the two tags already chosen to its left, alone and together, and the
//!   previous tag combined with the previous, current and next word.
//!
//! Frequent words that (nearly) always carry one tag ("the", ",", "of") skip
//! scoring through a tag dictionary. Tokens are taken as already split
//! words ("U.S.", "n't", "'s"); curly quotes and apostrophes are read as
//! straight ones.
//!
//! Features are never stored as strings: a feature is a 64-bit hash of its
//! template and values (module `hash`), the weights file keys them
//! by 32-bit fingerprints, and the loaded model is a cache-line bucketed hash
//! table whose slots hold small weights inline. Recent words are cached per
//! thread with everything that depends on the word alone (hashes, shape,
//! ambiguity class, tag-dictionary entry, summed lexical scores, the
//! resolved weights of the context features that read it alone), and in a
//! second cache, keyed by word and previous tag, the summed weights of its
//! features with each previous tag it recently followed, so a repeated word
//! costs one hash and the lookups of the features that pair it with its
//! neighbours. None of this changes a score: the cached
//! parts are exact integer sums of the same weights. The result tags
//! over a million words a second on one core and loads in about 10 ms; see
//! `data/README.md` for the measured figures.
//!
//! # Lemmatizer
//!
//! [`lemmatize`] undoes English inflection with suffix rules (plural `-s`,
//! verb `-s`/`-ed`/`-ing` with consonant undoubling and silent-*e*
//! restoration, comparatives), lets a lexicon of lemmas seen in training
//! choose among a rule's candidates, and looks irregular forms up in an
//! exceptions table learned from the treebanks ("met" → "meet", "was" →
//! "be"). Details in [`lemma`].
//!
//! # Data
//!
//! Three generated files in `data/`, compiled in with `include_bytes!` /
//! `include_str!` and parsed once on first use:
//!
//! - `tagger.bin`: the perceptron weights, tag dictionary and ambiguity
//!   lexicon (binary format in the `model` module);
//! - `lemma-exceptions.tsv`, `lemma-lexicon.tsv`: the lemma tables.
//!
//! They are learned from Universal Dependencies English EWT (CC BY-SA 4.0)
//! and the CC BY genres of English GUM, so they carry those licences'
//! attribution and share-alike terms. `data/README.md` gives the sources, the
//! exact regeneration command and the measured accuracy.
//!
//! Training is a dev tool behind the `train` feature (module `train`, binary
//! `dyad-tagger-train`), not part of normal builds.
//!
//! # What this crate does not do
//!
//! No tokenisation, sentence splitting or morphological features beyond the
//! lemma; no I/O outside the training tool.

mod features;
mod hash;
pub mod lemma;
mod model;
mod tagger;
#[cfg(feature = "train")]
pub mod train;

pub use lemma::{lemmatize, LemmaTableError, Lemmatizer};
pub use model::ModelError;
pub use tagger::Tagger;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tagger_and_lemmatizer_are_shareable_across_threads() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Tagger>();
        assert_send_sync::<Lemmatizer>();
    }

    #[test]
    fn tagging_from_several_threads_agrees() {
        let words = [
            "Officials",
            "said",
            "the",
            "border",
            "crossing",
            "reopened",
            ".",
        ];
        let expected = Tagger::builtin().tag(&words);
        let handles: Vec<_> = (0..3)
            .map(|_| std::thread::spawn(move || Tagger::builtin().tag(&words)))
            .collect();
        for handle in handles {
            assert_eq!(handle.join().ok(), Some(expected.clone()));
        }
    }
}
