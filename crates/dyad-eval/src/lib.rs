//! Scoring of dyad's records against gold files, exactly as
//! `eval/FORMAT.md` and its reference scorer `score.py` define it.
//!
//! This crate does no I/O and runs no pipeline: it takes gold documents (JSON
//! values, one per line of a gold file) and predicted [`Record`]s keyed by
//! document id, and returns a [`LayerReport`] per layer. The CLI reads files,
//! runs the pipeline and prints.
//!
//! Layers: `events`, `time`, `geo` (places), `quotes`; `plover` (event type
//! accuracy on PLOVER gold records) and `petrarch` (PETRARCH2 validation
//! triples) adapt their layouts; `html` ([`html`]) scores main-text
//! extraction from web pages.

pub mod html;
pub mod layout;
pub mod misses;
pub mod score;

pub use layout::{detect_layer, GoldDoc, Layer};
pub use misses::{misses, DocMisses};
pub use score::{score, score_petrarch_output, CoderOutput, LayerReport, Metric};

use dyad_record::Record;
use std::collections::HashMap;

/// Predictions by document id.
pub type Predictions = HashMap<String, Record>;
