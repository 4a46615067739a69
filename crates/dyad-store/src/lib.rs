//! dyad's embedded store: one SQLite file holding articles, their records,
//! near-duplicate stories and aggregated events, searchable and exportable.
//!
//! What it does:
//! - **Ingest** ([`Store::ingest`]): coded documents (a [`dyad_record::Record`]
//!   plus the body its spans point into) and failed ones (with their error),
//!   one transaction per batch. An article is identified by the SHA-256 of its
//!   body, so ingesting it again changes nothing, and an ingest killed at any
//!   moment keeps every committed batch and resumes by skipping them.
//! - **Stories** (`story.rs`): near-duplicate articles (wire copies with small
//!   edits) share a `story_id`, found by MinHash over word shingles.
//! - **Aggregation** (`aggregate.rs`): the same event (same source and target
//!   codes, CAMEO code, date and negation) reported several times becomes one
//!   aggregated event with GDELT's `num_mentions`, `num_sources`, `num_articles`.
//! - **Queries** ([`query`]): events by actor, country, CAMEO, PLOVER, date,
//!   place, claimant and full text; actors; quotes; full-text search.
//! - **Summaries** ([`series`]): a dyad's time series by day, week or month,
//!   the actor network, event places, actor profiles, document pages.
//! - **Exports** ([`export`]): a GDELT 2.0 event-table TSV (column mapping in
//!   `GDELT.md`), CSV, JSON Lines and Parquet, one file or partitioned by
//!   `year=`/`month=`; and the stored records as JSON Lines.
//!
//! What it does not do: no NLP (the CLI codes documents and hands records
//! over), no network, no background threads.
//!
//! The schema is versioned (`PRAGMA user_version`) and migrated on open
//! ([`schema`]); tables are described in `migrations/*.sql`. Spans are UTF-8
//! byte offsets into `documents.body`, end-exclusive, as in the records.
//! The file uses write-ahead logging, so readers (a `dyad serve`, a `dyad
//! query`) can read while one writer ingests.
//!
//! # Example
//! ```
//! use dyad_record::{DocRecord, Record};
//! use dyad_store::{EventFilter, ExportFormat, ExportOptions, IngestItem, Store};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let dir = tempfile::tempdir()?;
//! let mut store = Store::open(dir.path().join("news.db"))?;
//! let body = "Norland's foreign minister met her Sudorian counterpart in Valport.";
//! let record = Record {
//!     doc: DocRecord { id: "n1".into(), published: Some("2025-12-04".into()), ..Default::default() },
//!     actors: vec![], mentions: vec![], times: vec![], places: vec![], quotes: vec![], events: vec![],
//! };
//! let failed = DocRecord { id: "n2".into(), ..Default::default() };
//! let batch = vec![
//!     IngestItem::coded(body, record),
//!     IngestItem::failed(failed, "\u{0}\u{1}", "binary data, not text"),
//! ];
//! let report = store.ingest(&batch)?;
//! assert_eq!((report.added, report.failed), (1, 1));
//! // Ingesting the same articles again changes nothing.
//! assert_eq!(store.ingest(&batch)?.skipped, 2);
//!
//! let hits = store.search("Valport", 10)?;
//! assert_eq!(hits[0].doc_id, "n1");
//!
//! let events = store.events(&EventFilter { actor: Some("NOR".into()), ..Default::default() })?;
//! assert!(events.is_empty());
//!
//! let out = dir.path().join("events.tsv");
//! store.export(&ExportOptions::new(ExportFormat::GdeltTsv), &out)?;
//! # Ok(())
//! # }
//! ```

use std::path::Path;

use rusqlite::Connection;

mod aggregate;
mod dates;
mod dump;
mod error;
pub mod export;
mod ingest;
pub mod query;
pub mod schema;
pub mod series;
mod story;

pub use error::{StoreError, StoreErrorKind};
pub use export::{ExportFormat, ExportOptions, ExportSummary, ExportTable, Partitioning};
pub use ingest::{content_hash, IngestItem, IngestReport};
pub use query::{
    ActorFilter, ActorSummary, AggregatedEvent, EventActor, EventFilter, EventMention, QuoteFilter,
    QuoteRow, SearchHit, StoreCounts, StoredDocument,
};
pub use schema::SCHEMA_VERSION;
pub use series::{
    ActorProfile, Bucket, DocumentFilter, DocumentSummary, Dyad, MentionContext, Network,
    NetworkEdge, NetworkNode, Partner, PlacePoint, RoleCounts, SeriesPoint,
};

use error::Context;

/// An open store: one SQLite connection, migrated to [`SCHEMA_VERSION`].
///
/// Reads take `&self`; [`Store::ingest`] takes `&mut self` because it owns
/// the connection's transaction. Open one `Store` per thread.
pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens (creating if needed) the store at `path`, in write-ahead-log
    /// mode, and migrates its schema.
    ///
    /// # Errors
    /// The file cannot be opened, is not a database, or was written by a newer
    /// dyad ([`StoreErrorKind::NewerSchema`]); a migration failed (and was
    /// rolled back).
    pub fn open(path: impl AsRef<Path>) -> Result<Store, StoreError> {
        let path = path.as_ref();
        let operation = format!("open store {}", path.display());
        let conn = Connection::open(path).op(&operation)?;
        // WAL: commits are durable and atomic, readers never block the writer.
        conn.pragma_update_and_check(None, "journal_mode", "wal", |row| row.get::<_, String>(0))
            .op(&operation)?;
        Store::setup(conn, &operation)
    }

    /// A store in memory, for tests and one-off runs.
    ///
    /// # Errors
    /// Only if SQLite cannot allocate it.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        let conn = Connection::open_in_memory().op("open in-memory store")?;
        Store::setup(conn, "open in-memory store")
    }

    fn setup(mut conn: Connection, operation: &str) -> Result<Store, StoreError> {
        conn.pragma_update(None, "foreign_keys", true)
            .op(operation)?;
        // A second process writing waits for the lock instead of failing at once.
        conn.busy_timeout(std::time::Duration::from_secs(30))
            .op(operation)?;
        schema::migrate(&mut conn)?;
        Ok(Store { conn })
    }

    /// A number that changes whenever another connection (another process's
    /// `dyad ingest`, say) has committed to the file since this connection
    /// last asked: what a reader's cache checks to know it is stale.
    ///
    /// # Errors
    /// An SQLite failure.
    pub fn data_version(&self) -> Result<i64, StoreError> {
        self.conn
            .query_row("PRAGMA data_version", [], |row| row.get(0))
            .op("read data_version")
    }

    /// The schema version of the open file (always [`SCHEMA_VERSION`] once open).
    ///
    /// # Errors
    /// An SQLite failure.
    pub fn schema_version(&self) -> Result<u32, StoreError> {
        schema::version(&self.conn)
    }

    /// Stores a batch of documents in one transaction; documents already
    /// stored (same body) are skipped, failed ones are kept with their error,
    /// and a failed one coded later is upgraded.
    ///
    /// Either the whole batch is committed or none of it is. Stories and event
    /// counts are updated in the same transaction.
    ///
    /// # Errors
    /// An SQLite failure (disk full, database locked for over 30 s); the batch
    /// is rolled back and may be ingested again.
    pub fn ingest(&mut self, batch: &[IngestItem]) -> Result<IngestReport, StoreError> {
        let tx = self.conn.transaction().op("ingest")?;
        let report = ingest::ingest_batch(&tx, batch)?;
        tx.commit().op("ingest: commit")?;
        Ok(report)
    }

    /// A deterministic text rendering of every table (FTS internals excepted),
    /// rows in key order: two stores with equal dumps hold the same data.
    /// For tests and for diffing two stores by hand.
    ///
    /// # Errors
    /// An SQLite failure.
    pub fn canonical_dump(&self) -> Result<String, StoreError> {
        dump::canonical_dump(&self.conn)
    }
}

// Lets `tests/common`, shared with the integration tests, name this crate from inside it.
#[cfg(test)]
extern crate self as dyad_store;
#[cfg(test)]
mod tests;
