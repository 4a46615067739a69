//! Properties every coded document keeps, on generated text: spans inside
//! the text and on character boundaries, coding that is deterministic, and
//! records that do not depend on being coded alone or in a parallel batch.

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

/// Codes `texts` the way `dyad code` and `dyad ingest` code a batch
/// (`code_all` in dyad-cli): one shared pipeline and resources, worker
/// threads taking documents by an atomic index, so neighbours run at the
/// same time and in any order. Returns the records in input order.
fn code_batch(texts: &[String], threads: usize) -> Vec<String> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Mutex;
    let pipeline = Pipeline::standard();
    let resources = Resources::builtin();
    let results: Vec<Mutex<Option<String>>> = texts.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let idx = next.fetch_add(1, Ordering::Relaxed);
                let Some(text) = texts.get(idx) else { break };
                let mut doc = Doc::new(meta(), text.as_str());
                pipeline.run(&mut doc, resources);
                let record = record_of(&doc);
                if let Ok(mut slot) = results[idx].lock() {
                    *slot = Some(record);
                }
            });
        }
    });
    results
        .into_iter()
        .map(|m| m.into_inner().ok().flatten().unwrap_or_default())
        .collect()
}

fn meta() -> DocMeta {
    DocMeta {
        published: "2025-06-05".parse().ok(),
        ..DocMeta::default()
    }
}

/// The record `dyad code --jsonl` prints, and the document's layers.
fn record_of(doc: &Doc) -> String {
    let record = dyad_record::Record::from_doc(doc, Resources::builtin());
    format!("{record:?}\n{:?}", doc.events)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn coding_alone_and_inside_a_batch_gives_the_same_records(
        texts in prop::collection::vec(text_strategy(), 1..8),
    ) {
        let alone: Vec<String> = texts.iter().map(|text| record_of(&code(text))).collect();
        let batch = code_batch(&texts, 3);
        prop_assert_eq!(&alone, &batch);
        // Reversed, so each document has other neighbours in flight.
        let mut reversed = texts.clone();
        reversed.reverse();
        let mut batch = code_batch(&reversed, 2);
        batch.reverse();
        prop_assert_eq!(&alone, &batch);
    }
}
