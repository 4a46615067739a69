//! Idempotent ingest: one transaction per batch, articles identified by the
//! SHA-256 of their body.
//!
//! Why per batch: a transaction is the unit SQLite makes durable. A process
//! killed mid-batch leaves the database as it was after the previous commit
//! (the write-ahead log discards the unfinished transaction when the file is
//! next opened), and re-running the same input skips every committed article
//! by its hash, so an interrupted ingest resumes where it stopped.
//!
//! Why the body's hash and not the caller's id: ids are file names and line
//! numbers that change between runs; the same text under another id is the
//! same article. The first metadata seen wins.

use std::collections::HashMap;

use dyad_record::{ActorRecord, DocRecord, Record};
use rusqlite::{params, OptionalExtension, Transaction};
use sha2::{Digest, Sha256};

use crate::error::{Context, StoreError};
use crate::{aggregate, dates, story};

/// One article handed to [`crate::Store::ingest`]: its metadata, the text it
/// was coded from, and what coding gave.
#[derive(Debug, Clone, PartialEq)]
pub struct IngestItem {
    /// Identity and metadata (for a coded document, usually `record.doc`).
    pub meta: DocRecord,
    /// The text as coded: every span of the record is a byte offset into it.
    pub body: String,
    /// The record, or why coding failed.
    pub outcome: Result<Record, String>,
    /// When it was coded (RFC 3339); `None` stamps the time of ingest.
    pub coded_at: Option<String>,
}

impl IngestItem {
    /// A coded document; the metadata is the record's own.
    pub fn coded(body: impl Into<String>, record: Record) -> IngestItem {
        IngestItem {
            meta: record.doc.clone(),
            body: body.into(),
            outcome: Ok(record),
            coded_at: None,
        }
    }

    /// A document that could not be coded, kept with the reason.
    pub fn failed(
        meta: DocRecord,
        body: impl Into<String>,
        error: impl Into<String>,
    ) -> IngestItem {
        IngestItem {
            meta,
            body: body.into(),
            outcome: Err(error.into()),
            coded_at: None,
        }
    }

    /// Sets the coding time (tests and reproducible stores use fixed times).
    pub fn at(mut self, coded_at: impl Into<String>) -> IngestItem {
        self.coded_at = Some(coded_at.into());
        self
    }
}

/// What one call to [`crate::Store::ingest`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IngestReport {
    /// Coded documents stored.
    pub added: usize,
    /// Failed documents stored with their error.
    pub failed: usize,
    /// Documents stored earlier with an error and now coded.
    pub recoded: usize,
    /// Documents already in the store (same body), left unchanged.
    pub skipped: usize,
}

/// SHA-256 of the body, lowercase hex: an article's identity in the store.
pub fn content_hash(body: &str) -> String {
    let digest = Sha256::digest(body.as_bytes());
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// The current time as RFC 3339 UTC, to the second.
fn now() -> String {
    jiff::Timestamp::now()
        .round(jiff::Unit::Second)
        .map_or_else(
            |_| jiff::Timestamp::now().to_string(),
            |timestamp| timestamp.to_string(),
        )
}

/// Ingests a batch inside the caller's transaction; returns the counts and
/// the aggregated events touched.
pub(crate) fn ingest_batch(
    tx: &Transaction<'_>,
    batch: &[IngestItem],
) -> Result<IngestReport, StoreError> {
    let operation = "ingest";
    let mut report = IngestReport::default();
    let mut touched = Vec::new();
    let stamp = now();
    // Documents above this key are new in this batch (keys only grow).
    let last_before: i64 = tx
        .query_row(
            "SELECT coalesce(max(doc_pk), 0) FROM documents",
            [],
            |row| row.get(0),
        )
        .op(operation)?;
    for item in batch {
        let hash = content_hash(&item.body);
        let coded_at = item.coded_at.as_deref().unwrap_or(&stamp);
        let existing: Option<(i64, Option<String>)> = tx
            .prepare_cached("SELECT doc_pk, error FROM documents WHERE content_hash = ?1")
            .op(operation)?
            .query_row([&hash], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()
            .op(operation)?;
        match (existing, &item.outcome) {
            (Some((doc_pk, Some(_))), Ok(record)) => {
                // A retry that succeeded: the error row becomes a coded document.
                tx.prepare_cached(
                    "UPDATE documents SET id = ?2, url = ?3, title = ?4, published = ?5,
                         source_name = ?6, coded_at = ?7, error = NULL, record_json = ?8
                     WHERE doc_pk = ?1",
                )
                .op(operation)?
                .execute(params![
                    doc_pk,
                    item.meta.id,
                    item.meta.url,
                    item.meta.title,
                    item.meta.published,
                    item.meta.source_name,
                    coded_at,
                    serde_json::to_string(record).op(operation)?
                ])
                .op(operation)?;
                insert_layers(tx, doc_pk, record)?;
                touched.extend(aggregate::add_document_events(tx, doc_pk)?);
                report.recoded += 1;
            }
            (Some(_), _) => report.skipped += 1,
            (None, outcome) => {
                let (error, record_json) = match outcome {
                    Ok(record) => (None, Some(serde_json::to_string(record).op(operation)?)),
                    Err(error) => (Some(error.as_str()), None),
                };
                tx.prepare_cached(
                    "INSERT INTO documents (content_hash, id, url, title, published, source_name,
                         body, coded_at, error, record_json)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                )
                .op(operation)?
                .execute(params![
                    hash,
                    item.meta.id,
                    item.meta.url,
                    item.meta.title,
                    item.meta.published,
                    item.meta.source_name,
                    item.body,
                    coded_at,
                    error,
                    record_json
                ])
                .op(operation)?;
                let doc_pk = tx.last_insert_rowid();
                story::assign(tx, doc_pk, &item.body)?;
                if let Ok(record) = outcome {
                    insert_layers(tx, doc_pk, record)?;
                    touched.extend(aggregate::add_document_events(tx, doc_pk)?);
                    report.added += 1;
                } else {
                    report.failed += 1;
                }
            }
        }
    }
    // One statement for the batch: FTS5 flushes its index at every statement
    // savepoint, so indexing row by row (a trigger) costs a flush per document.
    tx.prepare_cached(
        "INSERT INTO documents_fts (rowid, title, body)
         SELECT doc_pk, title, body FROM documents WHERE doc_pk > ?1 ORDER BY doc_pk",
    )
    .op(operation)?
    .execute([last_before])
    .op(operation)?;
    aggregate::recount(tx, &touched)?;
    Ok(report)
}

/// `None` for NaN and infinities, which SQLite would store as NULL anyway.
fn finite(value: f64) -> Option<f64> {
    value.is_finite().then_some(value)
}

/// Writes the layers of a record: actors, mentions, times, places, quotes, events.
pub(crate) fn insert_layers(
    tx: &Transaction<'_>,
    doc_pk: i64,
    record: &Record,
) -> Result<(), StoreError> {
    let operation = "ingest record";
    let actors: HashMap<&str, &ActorRecord> = record
        .actors
        .iter()
        .map(|actor| (actor.id.as_str(), actor))
        .collect();
    let actor = |id: &Option<String>| id.as_deref().and_then(|id| actors.get(id).copied());

    let mut stmt = tx
        .prepare_cached(
            "INSERT INTO actors (doc_pk, idx, actor_id, name, code, country, org, sector, role, kind)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )
        .op(operation)?;
    for (idx, a) in record.actors.iter().enumerate() {
        stmt.execute(params![
            doc_pk, idx as i64, a.id, a.name, a.code, a.country, a.org, a.sector, a.role, a.kind
        ])
        .op(operation)?;
    }

    let mut stmt = tx
        .prepare_cached(
            "INSERT INTO mentions (doc_pk, idx, span_start, span_end, text, kind, actor_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )
        .op(operation)?;
    for (idx, m) in record.mentions.iter().enumerate() {
        stmt.execute(params![
            doc_pk, idx as i64, m.start, m.end, m.text, m.kind, m.actor
        ])
        .op(operation)?;
    }

    let mut stmt = tx
        .prepare_cached(
            "INSERT INTO times (doc_pk, idx, span_start, span_end, text, value, grain, from_date, to_date)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )
        .op(operation)?;
    for (idx, t) in record.times.iter().enumerate() {
        stmt.execute(params![
            doc_pk, idx as i64, t.start, t.end, t.text, t.value, t.grain, t.from, t.to
        ])
        .op(operation)?;
    }

    let mut stmt = tx
        .prepare_cached(
            "INSERT INTO places (doc_pk, idx, span_start, span_end, text, name, country, admin1,
                 lat, lon, geonames_id, kind)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )
        .op(operation)?;
    for (idx, p) in record.places.iter().enumerate() {
        stmt.execute(params![
            doc_pk,
            idx as i64,
            p.start,
            p.end,
            p.text,
            p.name,
            p.country,
            p.admin1,
            finite(p.lat),
            finite(p.lon),
            p.geonames_id,
            p.kind
        ])
        .op(operation)?;
    }

    let mut stmt = tx
        .prepare_cached(
            "INSERT INTO quotes (doc_pk, idx, span_start, span_end, content_start, content_end,
                 speaker_id, speaker_code, speaker_text, speaker_start, speaker_end,
                 cue, cue_start, cue_end, kind, within)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
        )
        .op(operation)?;
    for (idx, q) in record.quotes.iter().enumerate() {
        stmt.execute(params![
            doc_pk,
            idx as i64,
            q.start,
            q.end,
            q.content_start,
            q.content_end,
            q.speaker,
            actor(&q.speaker).map(|a| a.code.as_str()),
            q.speaker_text,
            q.speaker_start,
            q.speaker_end,
            q.cue,
            q.cue_start,
            q.cue_end,
            q.kind,
            q.within.map(|w| w as i64)
        ])
        .op(operation)?;
    }

    let mut stmt = tx
        .prepare_cached(
            "INSERT INTO events (doc_pk, idx, event_id, sentence_start, sentence_end,
                 trigger_start, trigger_end, trigger,
                 source_id, source_code, source_name, source_country, source_org, source_sector,
                 target_id, target_code, target_name, target_country, target_org, target_sector,
                 cameo, cameo_root, plover, plover_mode, goldstein, quad_class,
                 date_value, date_grain, date_source, date_time_index, date_start,
                 place_idx, place_name, place_country,
                 negated, modality, attributed, claimant_id, claimant_code, claimant_name,
                 attribution_quote, asserted, pattern, target_inferred)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                 ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31,
                 ?32, ?33, ?34, ?35, ?36, ?37, ?38, ?39, ?40, ?41, ?42, ?43, ?44)",
        )
        .op(operation)?;
    for (idx, e) in record.events.iter().enumerate() {
        let source = actor(&e.source);
        let target = actor(&e.target);
        let claimant_id = e.attribution.as_ref().and_then(|a| a.claimant.clone());
        let claimant = actor(&claimant_id);
        let place = e.place.and_then(|idx| record.places.get(idx));
        let date_start = e
            .date
            .as_ref()
            .and_then(|date| dates::period_start(&date.value))
            .map(|date| date.to_string());
        // The root is the first two digits of a CAMEO code; `get` keeps odd codes from panicking.
        let cameo_root = e.cameo.get(..2).unwrap_or(&e.cameo);
        stmt.execute(params![
            doc_pk,
            idx as i64,
            e.id,
            e.sentence_start,
            e.sentence_end,
            e.trigger_start,
            e.trigger_end,
            e.trigger,
            e.source,
            source.map(|a| a.code.as_str()),
            source.map(|a| a.name.as_str()),
            source.and_then(|a| a.country.as_deref()),
            source.and_then(|a| a.org.as_deref()),
            source.and_then(|a| a.sector.as_deref()),
            e.target,
            target.map(|a| a.code.as_str()),
            target.map(|a| a.name.as_str()),
            target.and_then(|a| a.country.as_deref()),
            target.and_then(|a| a.org.as_deref()),
            target.and_then(|a| a.sector.as_deref()),
            e.cameo,
            cameo_root,
            e.plover,
            e.plover_mode,
            // A NaN weight would be a bug upstream; neutral beats losing the batch.
            finite(e.goldstein).unwrap_or(0.0),
            e.quad_class,
            e.date.as_ref().map(|d| d.value.as_str()),
            e.date.as_ref().map(|d| d.grain.as_str()),
            e.date.as_ref().map(|d| d.time.as_str()),
            e.date.as_ref().and_then(|d| d.time_index).map(|i| i as i64),
            date_start,
            e.place.map(|i| i as i64),
            place.map(|p| p.name.as_str()),
            place.and_then(|p| p.country.as_deref()),
            e.negated,
            e.modality,
            e.attribution.is_some(),
            claimant_id,
            claimant.map(|a| a.code.as_str()),
            claimant.map(|a| a.name.as_str()),
            e.attribution
                .as_ref()
                .and_then(|a| a.quote)
                .map(|q| q as i64),
            e.asserted,
            e.pattern,
            e.target_inferred
        ])
        .op(operation)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_hash_is_sha256_hex() {
        assert_eq!(
            content_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
