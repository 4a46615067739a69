//! dyad's pipeline: small stages over one [`Doc`], in the order of DESIGN.md.
//!
//! ```text
//! segment → tag → mentions → actors → time → geo → quotes → events
//! ```
//!
//! Each stage reads some layers and fills others (see [`Stage`]); none does
//! I/O, reads the clock or the environment, so the same text and resources
//! always give the same records. Stages cannot fail: oddities become notes.
//!
//! ```
//! use dyad_doc::{Doc, DocMeta};
//! let pipeline = dyad_pipeline::Pipeline::standard();
//! let mut doc = Doc::new(DocMeta::default(), "Russian President Vladimir Putin met Chinese President Xi Jinping in Moscow.");
//! pipeline.run(&mut doc, dyad_resources::Resources::builtin());
//! assert!(!doc.sentences.is_empty());
//! ```

pub mod actors;
pub mod clause;
pub mod events;
pub mod geo;
pub mod mentions;
pub mod quotes;
pub mod segment;
pub mod tag;
pub mod time;

use dyad_doc::Doc;
use dyad_resources::Resources;

/// Loads the builtin resources, gazetteer and tagger at once, one thread each,
/// so a short run does not pay for them one after another. Calling it is optional:
/// each loads on first use anyway.
pub fn warm_up() {
    std::thread::scope(|scope| {
        scope.spawn(|| {
            let _ = dyad_gazetteer::Gazetteer::builtin();
        });
        scope.spawn(|| {
            let _ = dyad_tagger::Tagger::builtin();
            let _ = dyad_tagger::Lemmatizer::builtin();
        });
        // The events stage's interned patterns are built here too, not in the first document.
        let _ = Resources::builtin().patterns.interned();
    });
}

/// A layer of the `Doc`, for declaring what stages need and provide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layer {
    /// Sentences, tokens, dateline.
    Tokens,
    /// Part-of-speech tags and lemmas on tokens.
    Tags,
    /// Actor mentions (unresolved).
    Mentions,
    /// Actors, and mentions resolved to them.
    Actors,
    /// Time expressions.
    Times,
    /// Places.
    Places,
    /// Quotes.
    Quotes,
    /// Events.
    Events,
}

/// A pipeline step. It looks at the layers it declares in `requires`,
/// writes only the layers it declares in `provides`, and has no way to fail.
pub trait Stage: Send + Sync {
    /// The DESIGN.md name of the step (`segment`, `tag`, ... `events`).
    fn name(&self) -> &'static str;
    /// What must already be in the `Doc` when this step runs.
    fn requires(&self) -> &'static [Layer];
    /// What this step adds to the `Doc`.
    fn provides(&self) -> &'static [Layer];
    /// Does the work. Anything odd in the text is recorded in `doc.notes`.
    fn annotate(&self, doc: &mut Doc, resources: &Resources);
}

/// A stage order that does not work: a stage needs a layer nothing before it fills.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("stage `{stage}` needs layer {layer:?}, which no earlier stage provides")]
pub struct PipelineError {
    /// The stage with the unmet requirement.
    pub stage: &'static str,
    /// The missing layer.
    pub layer: Layer,
}

/// Stages in a checked order.
pub struct Pipeline {
    stages: Vec<Box<dyn Stage>>,
}

impl Pipeline {
    /// Checks that every stage's requirements are provided by earlier stages.
    ///
    /// # Errors
    /// The first stage whose requirement is unmet.
    pub fn new(stages: Vec<Box<dyn Stage>>) -> Result<Pipeline, PipelineError> {
        let mut provided: Vec<Layer> = Vec::new();
        for stage in &stages {
            if let Some(layer) = stage
                .requires()
                .iter()
                .find(|layer| !provided.contains(layer))
            {
                return Err(PipelineError {
                    stage: stage.name(),
                    layer: *layer,
                });
            }
            provided.extend_from_slice(stage.provides());
        }
        Ok(Pipeline { stages })
    }

    /// The full pipeline of DESIGN.md.
    pub fn standard() -> Pipeline {
        Pipeline::with_places(geo::GeoConfig::default())
    }

    /// The full pipeline with another convention for what counts as a place
    /// (for corpora such as TR-News and LGL that annotate every toponym; see
    /// [`geo::GeoConfig`]).
    pub fn with_places(places: geo::GeoConfig) -> Pipeline {
        Pipeline::new(vec![
            Box::new(segment::Segment),
            Box::new(tag::Tag),
            Box::new(mentions::Mentions),
            Box::new(actors::Actors),
            Box::new(time::Time),
            Box::new(geo::Geo(places)),
            Box::new(quotes::Quotes),
            Box::new(events::Events),
        ])
        .expect("the standard stage order satisfies every requirement (tested)")
    }

    /// Names of the stages, in order.
    pub fn stage_names(&self) -> Vec<&'static str> {
        self.stages.iter().map(|stage| stage.name()).collect()
    }

    /// The stages, in order (benchmarks time them one by one).
    pub fn stages(&self) -> &[Box<dyn Stage>] {
        &self.stages
    }

    /// Runs every stage on `doc`, adding each stage's wall time to `timings`
    /// (one slot per stage, in order) — for `dyad bench`.
    pub fn run_timed(
        &self,
        doc: &mut Doc,
        resources: &Resources,
        timings: &mut [std::time::Duration],
    ) {
        for (stage, slot) in self.stages.iter().zip(timings.iter_mut()) {
            let started = std::time::Instant::now();
            stage.annotate(doc, resources);
            *slot += started.elapsed();
        }
    }

    /// Runs every stage on `doc`.
    pub fn run(&self, doc: &mut Doc, resources: &Resources) {
        for stage in &self.stages {
            stage.annotate(doc, resources);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_order_is_valid_and_a_wrong_one_is_refused() {
        assert_eq!(Pipeline::standard().stage_names().len(), 8);
        let wrong = Pipeline::new(vec![Box::new(events::Events), Box::new(segment::Segment)]);
        assert!(matches!(
            wrong,
            Err(PipelineError {
                stage: "events",
                ..
            })
        ));
    }
}
