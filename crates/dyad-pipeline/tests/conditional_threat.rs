//! A conflictual act announced on a condition that follows it is a threat (13x);
//! the same act announced without a condition, or done, keeps its own code.

use dyad_doc::{Doc, DocMeta};
use dyad_pipeline::Pipeline;
use dyad_resources::Resources;

/// The CAMEO codes of the events of `text` (published 2025-05-02).
fn codes(text: &str) -> Vec<String> {
    let mut doc = Doc::new(
        DocMeta {
            published: "2025-05-02".parse().ok(),
            ..DocMeta::default()
        },
        text,
    );
    Pipeline::standard().run(&mut doc, Resources::builtin());
    doc.events.iter().map(|e| e.cameo.to_string()).collect()
}

#[test]
fn a_condition_after_the_act_makes_it_a_threat() {
    let found =
        codes("Chile said it would impose sanctions on Peru unless Lima released the fishermen.");
    assert!(found.iter().any(|c| c == "1312"), "{found:?}");
    assert!(!found.iter().any(|c| c.starts_with("16")), "{found:?}");
}

#[test]
fn without_a_condition_the_act_keeps_its_code() {
    let found = codes("Chile imposed sanctions on Peru on Monday.");
    assert!(found.iter().any(|c| c.starts_with("16")), "{found:?}");
    assert!(!found.iter().any(|c| c.starts_with("13")), "{found:?}");
}
