//! Properties every coded document keeps, on generated text: spans inside
//! the text and on character boundaries, and coding that is deterministic.

use dyad_doc::{Doc, DocMeta};
use dyad_pipeline::Pipeline;
use dyad_resources::Resources;
use proptest::prelude::*;

/// Words that exercise the stages: actors, titles, cues, times, places, quotes, odd characters.
const WORDS: &[&str] = &[
    "Russian",
    "President",
    "Vladimir",
    "Putin",
    "met",
    "Ukraine",
    "Kyiv",
    "said",
    "on",
    "Tuesday",
    "in",
    "mid-August",
    "“We",
    "will",
    "talk,”",
    "he",
    "told",
    "reporters.",
    "NATO",
    "urged",
    "Moscow",
    "to",
    "withdraw",
    "troops",
    "from",
    "Kherson",
    "since",
    "2019",
    "according",
    "the",
    "minister",
    "U.S.",
    "Gen.",
    "KYIV,",
    "March",
    "3",
    "(Reuters)",
    "-",
    "Erdoğan",
    "İmamoğlu",
    "’s",
    "\"",
    "«",
    "»",
    "—",
    "...",
    "\n",
    "\n\n",
    "did",
    "not",
    "would",
    "if",
    "refused",
    "a",
    "day",
    "earlier",
    "Israel's",
    "military",
    "struck",
    "Gaza",
    "؟",
    "日本",
    "🙂",
    "\u{0}",
    "\t",
];

fn text_strategy() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORDS), 0..120).prop_map(|words| words.join(" "))
}

fn code(text: &str) -> Doc {
    let mut doc = Doc::new(
        DocMeta {
            published: "2025-06-05".parse().ok(),
            ..DocMeta::default()
        },
        text,
    );
    Pipeline::standard().run(&mut doc, Resources::builtin());
    doc
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn every_span_is_inside_the_text_on_char_boundaries(text in text_strategy()) {
        let doc = code(&text);
        prop_assert!(doc.check_invariants().is_ok(), "{:?}", doc.check_invariants());
    }

    #[test]
    fn coding_is_deterministic(text in text_strategy()) {
        let first = code(&text);
        let second = code(&text);
        prop_assert_eq!(format!("{:?}", first.events), format!("{:?}", second.events));
        prop_assert_eq!(format!("{:?}", first.quotes), format!("{:?}", second.quotes));
        prop_assert_eq!(format!("{:?}", first.places), format!("{:?}", second.places));
    }

    #[test]
    fn arbitrary_unicode_never_breaks_the_invariants(text in "\\PC{0,300}") {
        let doc = code(&text);
        prop_assert!(doc.check_invariants().is_ok(), "{:?}", doc.check_invariants());
    }
}
