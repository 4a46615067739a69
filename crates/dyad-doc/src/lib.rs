//! The document model of dyad: one article's text and layers of annotations
//! over it, each a byte span (the spaCy `Doc`/`Span` idea).
//!
//! This crate holds data and generic span operations only: no stage logic,
//! no I/O, no serialization (the record contract lives in `dyad-record`).
//!
//! ```
//! use dyad_doc::{Doc, DocMeta, Span};
//! let doc = Doc::new(DocMeta::default(), "Lavrov met Witkoff in Moscow.");
//! assert_eq!(doc.slice(Span::new(0, 6)), "Lavrov");
//! ```

pub mod codes;
pub mod doc;
pub mod hash;
pub mod layers;
pub mod span;
pub mod time;
pub mod word;

pub use codes::{
    ActorCode, ActorKind, CameoCode, CodeError, CountryCode, Grain, Modality, OrgCode, Pos,
    QuoteKind, Sector,
};
pub use doc::{Doc, DocMeta, Note};
pub use jiff::civil::Date;
pub use layers::*;
pub use span::Span;
pub use time::TimeValue;
pub use word::TokenStr;
