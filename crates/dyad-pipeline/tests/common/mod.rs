//! What the pipeline's integration tests share: coding a sentence of their own
//! on a fixed publication date and naming an event's actors by code.

use dyad_doc::{ActorId, Doc, DocMeta};
use dyad_pipeline::Pipeline;
use dyad_resources::Resources;

/// `text` run through the whole pipeline with `resources`, published 2025-05-02
/// so that relative dates in the tests are fixed.
pub fn coded(resources: &Resources, text: &str) -> Doc {
    let mut doc = Doc::new(
        DocMeta {
            published: "2025-05-02".parse().ok(),
            ..DocMeta::default()
        },
        text,
    );
    Pipeline::standard().run(&mut doc, resources);
    doc
}

/// The code of an event's actor as tests write it ("RUS/GOV"), "-" when absent.
pub fn actor_code(doc: &Doc, id: Option<ActorId>) -> String {
    id.and_then(|id| doc.actor(id))
        .map_or("-".to_string(), |a| a.code.to_string())
}
