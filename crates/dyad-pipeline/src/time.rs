//! `time`: time expressions normalised against the publication date
//! (the grammar lives in crate `dyad-time`; this stage feeds it sentences).

use crate::{Layer, Stage};
use dyad_doc::{Doc, Span};
use dyad_resources::Resources;
use dyad_time::{find_times, TimeContext};

/// The `time` stage.
pub struct Time;

impl Stage for Time {
    fn name(&self) -> &'static str {
        "time"
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tokens]
    }
    fn provides(&self) -> &'static [Layer] {
        &[Layer::Times]
    }
    fn annotate(&self, doc: &mut Doc, _resources: &Resources) {
        let sentences: Vec<Span> = doc.sentences.iter().map(|s| s.span).collect();
        let context = TimeContext::new(doc.meta.published);
        let mut times = find_times(doc.text(), &sentences, &context);
        // Boilerplate lines carry no article times.
        times.retain(|time| {
            doc.sentence_at(time.span.start())
                .is_none_or(|idx| doc.sentences[idx].kind != dyad_doc::SentenceKind::Boilerplate)
        });
        doc.times = times;
    }
}
