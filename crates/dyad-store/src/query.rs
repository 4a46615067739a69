//! Reading the store back: events (each mention, or aggregated), actors,
//! quotes, full-text search over documents, one document with its record.
//!
//! Filters are plain structs whose unset fields match everything; results are
//! plain structs with public fields, ready for the CLI's tables and the
//! server's JSON (they derive `Serialize`).

use rusqlite::types::Value;
use rusqlite::{params_from_iter, OptionalExtension, Row};
use serde::Serialize;

use crate::error::{Context, StoreError, StoreErrorKind};
use crate::Store;

/// Which events to return. Unset fields match everything; set fields must all match.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventFilter {
    /// Actor code prefix on either side (`RUS` matches `RUS` and `RUSGOV`).
    pub actor: Option<String>,
    /// Actor code prefix of the source only.
    pub source: Option<String>,
    /// Actor code prefix of the target only.
    pub target: Option<String>,
    /// ISO alpha-3 country of either actor.
    pub country: Option<String>,
    /// CAMEO code prefix: a root (`04`) or a code (`042`, which also matches `0421`).
    pub cameo: Option<String>,
    /// PLOVER event type (`CONSULT`), compared case-insensitively.
    pub plover: Option<String>,
    /// First day, `YYYY-MM-DD`, inclusive, compared with the first day of the event's date.
    pub date_from: Option<String>,
    /// Last day, `YYYY-MM-DD`, inclusive.
    pub date_to: Option<String>,
    /// Place name of the event, compared case-insensitively.
    pub place: Option<String>,
    /// ISO alpha-2 country of the event's place.
    pub place_country: Option<String>,
    /// `Some(true)`: only events reported through a named claimant; `Some(false)`: only events without one.
    pub claimant: Option<bool>,
    /// `Some(true)`: only events the article states itself (not attributed, asserted, not negated).
    pub asserted: Option<bool>,
    /// FTS5 query over the titles and bodies of the events' documents (`ceasefire`, `"border crossing"`).
    pub text: Option<String>,
    /// At most this many rows.
    pub limit: Option<usize>,
}

/// An actor as an event names it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventActor {
    /// Actor id within the document (`a0`).
    pub id: String,
    /// CAMEO actor code.
    pub code: Option<String>,
    /// Canonical name.
    pub name: Option<String>,
    /// ISO alpha-3 country.
    pub country: Option<String>,
}

/// One event as one article reports it (a row of the `events` table).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventMention {
    /// The aggregated event it belongs to.
    pub agg_id: i64,
    /// The document's id.
    pub doc_id: String,
    /// The document's content hash.
    pub content_hash: String,
    /// The document's URL.
    pub url: Option<String>,
    /// The outlet.
    pub outlet: Option<String>,
    /// The document's story.
    pub story_id: Option<i64>,
    /// Event id within the record (`e0`).
    pub event_id: String,
    /// Sentence span (bytes).
    pub sentence_start: u32,
    /// Sentence end (bytes, exclusive).
    pub sentence_end: u32,
    /// Trigger span start (bytes).
    pub trigger_start: u32,
    /// Trigger end (bytes, exclusive).
    pub trigger_end: u32,
    /// The trigger as written.
    pub trigger: String,
    /// Who acted.
    pub source: Option<EventActor>,
    /// On whom.
    pub target: Option<EventActor>,
    /// CAMEO code.
    pub cameo: String,
    /// PLOVER event type.
    pub plover: String,
    /// PLOVER mode.
    pub plover_mode: String,
    /// Goldstein weight.
    pub goldstein: f64,
    /// QuadClass 1..=4.
    pub quad_class: u8,
    /// Date value as in the record.
    pub date_value: Option<String>,
    /// Its grain.
    pub date_grain: Option<String>,
    /// First day of the date's period.
    pub date_start: Option<String>,
    /// Place name.
    pub place_name: Option<String>,
    /// Place country (ISO alpha-2).
    pub place_country: Option<String>,
    /// The text says it did not happen.
    pub negated: bool,
    /// asserted | future | hypothetical | demanded | question.
    pub modality: String,
    /// Known only through someone's words.
    pub attributed: bool,
    /// Who said so, when resolved.
    pub claimant: Option<EventActor>,
    /// Stated by the article itself.
    pub asserted: bool,
    /// Pattern that fired.
    pub pattern: String,
    /// Target inferred from context.
    pub target_inferred: bool,
}

/// One distinct event with its counts (see `aggregate.rs` for "same event").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AggregatedEvent {
    /// Id of the aggregated event (GDELT's GLOBALEVENTID in exports).
    pub agg_id: i64,
    /// Source actor code.
    pub source_code: Option<String>,
    /// Target actor code.
    pub target_code: Option<String>,
    /// Source actor name, from the first mention.
    pub source_name: Option<String>,
    /// Target actor name, from the first mention.
    pub target_name: Option<String>,
    /// CAMEO code.
    pub cameo: String,
    /// PLOVER type.
    pub plover: String,
    /// Goldstein weight.
    pub goldstein: f64,
    /// QuadClass.
    pub quad_class: u8,
    /// Date value.
    pub date_value: Option<String>,
    /// First day of the date's period.
    pub date_start: Option<String>,
    /// Negated.
    pub negated: bool,
    /// Every mention, repeats within an article included.
    pub num_mentions: i64,
    /// Distinct outlets.
    pub num_sources: i64,
    /// Distinct documents.
    pub num_articles: i64,
    /// Distinct stories (near-duplicate groups).
    pub num_stories: i64,
    /// Document of the first mention.
    pub first_doc_id: String,
    /// URL of the first mention's document.
    pub url: Option<String>,
}

/// Which actors to list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ActorFilter {
    /// Code prefix.
    pub code: Option<String>,
    /// ISO alpha-3 country.
    pub country: Option<String>,
    /// Substring of the name, case-insensitive.
    pub name: Option<String>,
    /// At most this many rows.
    pub limit: Option<usize>,
}

/// An actor across the store: one row per code and name.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActorSummary {
    /// CAMEO code.
    pub code: String,
    /// Canonical name.
    pub name: String,
    /// ISO alpha-3 country.
    pub country: Option<String>,
    /// Organisation code.
    pub org: Option<String>,
    /// Sector.
    pub sector: Option<String>,
    /// person | organisation | country | group.
    pub kind: String,
    /// Documents naming it.
    pub num_documents: i64,
    /// Mentions of it.
    pub num_mentions: i64,
}

/// Which quotes to return.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QuoteFilter {
    /// Speaker code prefix.
    pub speaker: Option<String>,
    /// Only this document (by id).
    pub doc_id: Option<String>,
    /// Substring of the reported words, case-insensitive for ASCII.
    pub contains: Option<String>,
    /// At most this many rows.
    pub limit: Option<usize>,
}

/// One quote with its words.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuoteRow {
    /// Document id.
    pub doc_id: String,
    /// Index within the record.
    pub idx: i64,
    /// direct | indirect | mixed.
    pub kind: String,
    /// Start of the whole construction (bytes).
    pub start: u32,
    /// End (bytes, exclusive).
    pub end: u32,
    /// Start of the reported words.
    pub content_start: u32,
    /// End of the reported words.
    pub content_end: u32,
    /// The reported words.
    pub content: String,
    /// Speaker actor id.
    pub speaker_id: Option<String>,
    /// Speaker code.
    pub speaker_code: Option<String>,
    /// Speaker's canonical name.
    pub speaker_name: Option<String>,
    /// Speaker as written.
    pub speaker_text: Option<String>,
    /// Cue as written.
    pub cue: Option<String>,
}

/// A document found by full-text search.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchHit {
    /// Document id.
    pub doc_id: String,
    /// Content hash.
    pub content_hash: String,
    /// Headline.
    pub title: Option<String>,
    /// URL.
    pub url: Option<String>,
    /// Publication date.
    pub published: Option<String>,
    /// Outlet.
    pub source_name: Option<String>,
    /// Matching words in context, marked `[like this]`.
    pub snippet: String,
    /// BM25 relevance, lower is better (SQLite's convention).
    pub rank: f64,
}

/// A stored document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredDocument {
    /// Id as ingested.
    pub id: String,
    /// SHA-256 of the body.
    pub content_hash: String,
    /// URL.
    pub url: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// Publication date.
    pub published: Option<String>,
    /// Outlet.
    pub source_name: Option<String>,
    /// The text the spans point into.
    pub body: String,
    /// When it was coded.
    pub coded_at: String,
    /// Why coding failed.
    pub error: Option<String>,
    /// Its story.
    pub story_id: Option<i64>,
    /// The record as ingested.
    pub record: Option<dyad_record::Record>,
}

/// Totals, for `dyad ingest`'s summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct StoreCounts {
    /// Documents, coded or failed.
    pub documents: i64,
    /// Documents stored with an error.
    pub failed: i64,
    /// Stories.
    pub stories: i64,
    /// Event mentions.
    pub events: i64,
    /// Distinct (aggregated) events.
    pub aggregated_events: i64,
}

/// A WHERE clause under construction: SQL fragments joined by AND, with their values.
#[derive(Default)]
pub(crate) struct Where {
    clauses: Vec<String>,
    pub(crate) values: Vec<Value>,
}

impl Where {
    /// Adds a value and returns its placeholder.
    fn bind(&mut self, value: impl Into<Value>) -> String {
        self.values.push(value.into());
        format!("?{}", self.values.len())
    }

    fn push(&mut self, clause: String) {
        self.clauses.push(clause);
    }

    /// `WHERE a AND b`, or nothing.
    pub(crate) fn sql(&self) -> String {
        if self.clauses.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", self.clauses.join(" AND "))
        }
    }

    /// `column` starts with `prefix`; no LIKE, so `_` and `%` are literal.
    fn prefix(&mut self, column: &str, prefix: &str) -> String {
        let p = self.bind(prefix.to_string());
        format!("substr({column}, 1, length({p})) = {p}")
    }
}

fn check_day(operation: &str, day: &str) -> Result<String, StoreError> {
    day.parse::<jiff::civil::Date>()
        .map(|date| date.to_string())
        .map_err(|_| {
            StoreError::new(
                operation,
                StoreErrorKind::Invalid(format!("not a date (YYYY-MM-DD): {day:?}")),
            )
        })
}

/// The WHERE clause of an event filter over `events e` joined with `documents d`.
pub(crate) fn event_where(filter: &EventFilter) -> Result<Where, StoreError> {
    let mut w = Where::default();
    if let Some(actor) = &filter.actor {
        let source = w.prefix("e.source_code", actor);
        let target = w.prefix("e.target_code", actor);
        w.push(format!("({source} OR {target})"));
    }
    if let Some(source) = &filter.source {
        let clause = w.prefix("e.source_code", source);
        w.push(clause);
    }
    if let Some(target) = &filter.target {
        let clause = w.prefix("e.target_code", target);
        w.push(clause);
    }
    if let Some(country) = &filter.country {
        let p = w.bind(country.to_uppercase());
        w.push(format!(
            "(e.source_country = {p} OR e.target_country = {p})"
        ));
    }
    if let Some(cameo) = &filter.cameo {
        let clause = w.prefix("e.cameo", cameo);
        w.push(clause);
    }
    if let Some(plover) = &filter.plover {
        let p = w.bind(plover.to_uppercase());
        w.push(format!("upper(e.plover) = {p}"));
    }
    if let Some(from) = &filter.date_from {
        let p = w.bind(check_day("query events", from)?);
        w.push(format!("e.date_start >= {p}"));
    }
    if let Some(to) = &filter.date_to {
        let p = w.bind(check_day("query events", to)?);
        w.push(format!("e.date_start <= {p}"));
    }
    if let Some(place) = &filter.place {
        let p = w.bind(place.to_lowercase());
        w.push(format!("lower(e.place_name) = {p}"));
    }
    if let Some(country) = &filter.place_country {
        let p = w.bind(country.to_uppercase());
        w.push(format!("upper(e.place_country) = {p}"));
    }
    match filter.claimant {
        Some(true) => w.push("e.claimant_id IS NOT NULL".to_string()),
        Some(false) => w.push("e.claimant_id IS NULL".to_string()),
        None => {}
    }
    match filter.asserted {
        Some(true) => w.push("e.asserted = 1".to_string()),
        Some(false) => w.push("e.asserted = 0".to_string()),
        None => {}
    }
    if let Some(text) = &filter.text {
        let p = w.bind(text.clone());
        w.push(format!(
            "e.doc_pk IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH {p})"
        ));
    }
    Ok(w)
}

fn limit_sql(limit: Option<usize>) -> String {
    limit.map_or(String::new(), |limit| format!("LIMIT {limit}"))
}

fn event_actor(row: &Row<'_>, first: usize) -> rusqlite::Result<Option<EventActor>> {
    let id: Option<String> = row.get(first)?;
    Ok(match id {
        Some(id) => Some(EventActor {
            id,
            code: row.get(first + 1)?,
            name: row.get(first + 2)?,
            country: row.get(first + 3)?,
        }),
        None => None,
    })
}

const MENTION_COLUMNS: &str = "em.agg_pk, d.id, d.content_hash, d.url, d.source_name, d.story_id,
    e.event_id, e.sentence_start, e.sentence_end, e.trigger_start, e.trigger_end, e.trigger,
    e.source_id, e.source_code, e.source_name, e.source_country,
    e.target_id, e.target_code, e.target_name, e.target_country,
    e.cameo, e.plover, e.plover_mode, e.goldstein, e.quad_class,
    e.date_value, e.date_grain, e.date_start, e.place_name, e.place_country,
    e.negated, e.modality, e.attributed,
    e.claimant_id, e.claimant_code, e.claimant_name, NULL,
    e.asserted, e.pattern, e.target_inferred";

fn mention_from_row(row: &Row<'_>) -> rusqlite::Result<EventMention> {
    Ok(EventMention {
        agg_id: row.get(0)?,
        doc_id: row.get(1)?,
        content_hash: row.get(2)?,
        url: row.get(3)?,
        outlet: row.get(4)?,
        story_id: row.get(5)?,
        event_id: row.get(6)?,
        sentence_start: row.get(7)?,
        sentence_end: row.get(8)?,
        trigger_start: row.get(9)?,
        trigger_end: row.get(10)?,
        trigger: row.get(11)?,
        source: event_actor(row, 12)?,
        target: event_actor(row, 16)?,
        cameo: row.get(20)?,
        plover: row.get(21)?,
        plover_mode: row.get(22)?,
        goldstein: row.get(23)?,
        quad_class: row.get(24)?,
        date_value: row.get(25)?,
        date_grain: row.get(26)?,
        date_start: row.get(27)?,
        place_name: row.get(28)?,
        place_country: row.get(29)?,
        negated: row.get(30)?,
        modality: row.get(31)?,
        attributed: row.get(32)?,
        claimant: event_actor(row, 33)?,
        asserted: row.get(37)?,
        pattern: row.get(38)?,
        target_inferred: row.get(39)?,
    })
}

impl Store {
    /// Every event mention matching `filter`, by date, then document, then position.
    ///
    /// # Errors
    /// A malformed date or FTS5 query, or an SQLite failure.
    pub fn events(&self, filter: &EventFilter) -> Result<Vec<EventMention>, StoreError> {
        let operation = "query events";
        let w = event_where(filter)?;
        let sql = format!(
            "SELECT {MENTION_COLUMNS}
             FROM events e
             JOIN documents d ON d.doc_pk = e.doc_pk
             JOIN event_mentions em ON em.doc_pk = e.doc_pk AND em.event_idx = e.idx
             {} ORDER BY e.date_start, e.doc_pk, e.idx {}",
            w.sql(),
            limit_sql(filter.limit)
        );
        let mut stmt = self.conn.prepare(&sql).op(operation)?;
        let rows = stmt
            .query_map(params_from_iter(w.values.iter()), mention_from_row)
            .op(operation)?;
        rows.collect::<Result<_, _>>().op(operation)
    }

    /// The mentions of one aggregated event, in ingest order.
    ///
    /// # Errors
    /// An SQLite failure.
    pub fn event_mentions(&self, agg_id: i64) -> Result<Vec<EventMention>, StoreError> {
        let operation = "query event mentions";
        let sql = format!(
            "SELECT {MENTION_COLUMNS}
             FROM event_mentions em
             JOIN events e ON e.doc_pk = em.doc_pk AND e.idx = em.event_idx
             JOIN documents d ON d.doc_pk = e.doc_pk
             WHERE em.agg_pk = ?1 ORDER BY e.doc_pk, e.idx"
        );
        let mut stmt = self.conn.prepare(&sql).op(operation)?;
        let rows = stmt.query_map([agg_id], mention_from_row).op(operation)?;
        rows.collect::<Result<_, _>>().op(operation)
    }

    /// Distinct events at least one of whose mentions matches `filter`, by date then id.
    ///
    /// # Errors
    /// A malformed date or FTS5 query, or an SQLite failure.
    pub fn aggregated_events(
        &self,
        filter: &EventFilter,
    ) -> Result<Vec<AggregatedEvent>, StoreError> {
        let operation = "query aggregated events";
        let w = event_where(filter)?;
        let sql = format!(
            "SELECT g.agg_pk, g.source_code, g.target_code, f.source_name, f.target_name,
                    g.cameo, f.plover, f.goldstein, f.quad_class, g.date_value, g.date_start,
                    g.negated, g.num_mentions, g.num_sources, g.num_articles, g.num_stories,
                    fd.id, fd.url
             FROM agg_events g
             JOIN events f ON f.doc_pk = g.first_doc_pk AND f.idx = g.first_event_idx
             JOIN documents fd ON fd.doc_pk = g.first_doc_pk
             WHERE g.agg_pk IN (
                 SELECT em.agg_pk FROM events e
                 JOIN documents d ON d.doc_pk = e.doc_pk
                 JOIN event_mentions em ON em.doc_pk = e.doc_pk AND em.event_idx = e.idx
                 {})
             ORDER BY g.date_start, g.agg_pk {}",
            w.sql(),
            limit_sql(filter.limit)
        );
        let mut stmt = self.conn.prepare(&sql).op(operation)?;
        let rows = stmt
            .query_map(params_from_iter(w.values.iter()), |row| {
                Ok(AggregatedEvent {
                    agg_id: row.get(0)?,
                    source_code: row.get(1)?,
                    target_code: row.get(2)?,
                    source_name: row.get(3)?,
                    target_name: row.get(4)?,
                    cameo: row.get(5)?,
                    plover: row.get(6)?,
                    goldstein: row.get(7)?,
                    quad_class: row.get(8)?,
                    date_value: row.get(9)?,
                    date_start: row.get(10)?,
                    negated: row.get(11)?,
                    num_mentions: row.get(12)?,
                    num_sources: row.get(13)?,
                    num_articles: row.get(14)?,
                    num_stories: row.get(15)?,
                    first_doc_id: row.get(16)?,
                    url: row.get(17)?,
                })
            })
            .op(operation)?;
        rows.collect::<Result<_, _>>().op(operation)
    }

    /// Actors by code and name, most documents first.
    ///
    /// # Errors
    /// An SQLite failure.
    pub fn actors(&self, filter: &ActorFilter) -> Result<Vec<ActorSummary>, StoreError> {
        let operation = "query actors";
        let mut w = Where::default();
        if let Some(code) = &filter.code {
            let clause = w.prefix("a.code", code);
            w.push(clause);
        }
        if let Some(country) = &filter.country {
            let p = w.bind(country.to_uppercase());
            w.push(format!("a.country = {p}"));
        }
        if let Some(name) = &filter.name {
            let p = w.bind(name.to_lowercase());
            w.push(format!("instr(lower(a.name), {p}) > 0"));
        }
        let sql = format!(
            "SELECT a.code, a.name, max(a.country), max(a.org), max(a.sector), max(a.kind),
                    count(DISTINCT a.doc_pk), coalesce(sum(mc.n), 0)
             FROM actors a
             LEFT JOIN (SELECT doc_pk, actor_id, count(*) AS n FROM mentions
                        WHERE actor_id IS NOT NULL GROUP BY doc_pk, actor_id) mc
                    ON mc.doc_pk = a.doc_pk AND mc.actor_id = a.actor_id {}
             GROUP BY a.code, a.name
             ORDER BY count(DISTINCT a.doc_pk) DESC, a.code, a.name {}",
            w.sql(),
            limit_sql(filter.limit)
        );
        let mut stmt = self.conn.prepare(&sql).op(operation)?;
        let rows = stmt
            .query_map(params_from_iter(w.values.iter()), |row| {
                Ok(ActorSummary {
                    code: row.get(0)?,
                    name: row.get(1)?,
                    country: row.get(2)?,
                    org: row.get(3)?,
                    sector: row.get(4)?,
                    kind: row.get(5)?,
                    num_documents: row.get(6)?,
                    num_mentions: row.get(7)?,
                })
            })
            .op(operation)?;
        rows.collect::<Result<_, _>>().op(operation)
    }

    /// Quotes with their words, in document then position order.
    ///
    /// # Errors
    /// An SQLite failure.
    pub fn quotes(&self, filter: &QuoteFilter) -> Result<Vec<QuoteRow>, StoreError> {
        let operation = "query quotes";
        let mut w = Where::default();
        if let Some(speaker) = &filter.speaker {
            let clause = w.prefix("q.speaker_code", speaker);
            w.push(clause);
        }
        if let Some(doc_id) = &filter.doc_id {
            let p = w.bind(doc_id.clone());
            w.push(format!("d.id = {p}"));
        }
        // Byte spans: slice the body as a blob, not as characters.
        let content = "CAST(substr(CAST(d.body AS BLOB), q.content_start + 1, \
                       q.content_end - q.content_start) AS TEXT)";
        if let Some(contains) = &filter.contains {
            let p = w.bind(contains.to_lowercase());
            w.push(format!("instr(lower({content}), {p}) > 0"));
        }
        let sql = format!(
            "SELECT d.id, q.idx, q.kind, q.span_start, q.span_end, q.content_start, q.content_end,
                    {content}, q.speaker_id, q.speaker_code, a.name, q.speaker_text, q.cue
             FROM quotes q
             JOIN documents d ON d.doc_pk = q.doc_pk
             LEFT JOIN actors a ON a.doc_pk = q.doc_pk AND a.actor_id = q.speaker_id
             {} ORDER BY q.doc_pk, q.idx {}",
            w.sql(),
            limit_sql(filter.limit)
        );
        let mut stmt = self.conn.prepare(&sql).op(operation)?;
        let rows = stmt
            .query_map(params_from_iter(w.values.iter()), |row| {
                Ok(QuoteRow {
                    doc_id: row.get(0)?,
                    idx: row.get(1)?,
                    kind: row.get(2)?,
                    start: row.get(3)?,
                    end: row.get(4)?,
                    content_start: row.get(5)?,
                    content_end: row.get(6)?,
                    content: row.get::<_, Option<String>>(7)?.unwrap_or_default(),
                    speaker_id: row.get(8)?,
                    speaker_code: row.get(9)?,
                    speaker_name: row.get(10)?,
                    speaker_text: row.get(11)?,
                    cue: row.get(12)?,
                })
            })
            .op(operation)?;
        rows.collect::<Result<_, _>>().op(operation)
    }

    /// Full-text search over titles and bodies, best first.
    ///
    /// `query` is FTS5 syntax: words (`ceasefire talks` means both),
    /// `"exact phrase"`, `OR`, `NOT`, `prefix*`, `title:word`. Words are
    /// matched case- and accent-insensitively.
    ///
    /// # Errors
    /// A malformed FTS5 query (SQLite's message says where), or an SQLite failure.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>, StoreError> {
        let operation = "search documents";
        let mut stmt = self
            .conn
            .prepare(
                "SELECT d.id, d.content_hash, d.title, d.url, d.published, d.source_name,
                        snippet(documents_fts, -1, '[', ']', '…', 12), bm25(documents_fts)
                 FROM documents_fts JOIN documents d ON d.doc_pk = documents_fts.rowid
                 WHERE documents_fts MATCH ?1
                 ORDER BY bm25(documents_fts), d.doc_pk LIMIT ?2",
            )
            .op(operation)?;
        let rows = stmt
            .query_map(rusqlite::params![query, limit as i64], |row| {
                Ok(SearchHit {
                    doc_id: row.get(0)?,
                    content_hash: row.get(1)?,
                    title: row.get(2)?,
                    url: row.get(3)?,
                    published: row.get(4)?,
                    source_name: row.get(5)?,
                    snippet: row.get(6)?,
                    rank: row.get(7)?,
                })
            })
            .op(operation)?;
        rows.collect::<Result<_, _>>().op(operation)
    }

    /// True when an article with this content hash is stored and coded (not
    /// failed): an ingest that resumes skips it without coding it again.
    ///
    /// # Errors
    /// An SQLite failure.
    pub fn is_coded(&self, content_hash: &str) -> Result<bool, StoreError> {
        let found: Option<i64> = self
            .conn
            .query_row(
                "SELECT 1 FROM documents WHERE content_hash = ?1 AND error IS NULL",
                [content_hash],
                |row| row.get(0),
            )
            .optional()
            .map_err(|e| StoreError::new("look up a content hash", e))?;
        Ok(found.is_some())
    }

    /// One document by content hash, or else the first stored with this id.
    ///
    /// # Errors
    /// An SQLite failure, or a stored record that no longer parses.
    pub fn document(&self, id_or_hash: &str) -> Result<Option<StoredDocument>, StoreError> {
        let operation = "read document";
        let found = self
            .conn
            .query_row(
                "SELECT id, content_hash, url, title, published, source_name, body, coded_at,
                        error, story_id, record_json
                 FROM documents WHERE content_hash = ?1 OR id = ?1
                 ORDER BY content_hash = ?1 DESC, doc_pk LIMIT 1",
                [id_or_hash],
                |row| {
                    Ok((
                        StoredDocument {
                            id: row.get(0)?,
                            content_hash: row.get(1)?,
                            url: row.get(2)?,
                            title: row.get(3)?,
                            published: row.get(4)?,
                            source_name: row.get(5)?,
                            body: row.get(6)?,
                            coded_at: row.get(7)?,
                            error: row.get(8)?,
                            story_id: row.get(9)?,
                            record: None,
                        },
                        row.get::<_, Option<String>>(10)?,
                    ))
                },
            )
            .optional()
            .op(operation)?;
        let Some((mut document, record_json)) = found else {
            return Ok(None);
        };
        if let Some(json) = record_json {
            document.record = Some(serde_json::from_str(&json).op(operation)?);
        }
        Ok(Some(document))
    }

    /// Totals of documents, failures, stories and events.
    ///
    /// # Errors
    /// An SQLite failure.
    pub fn counts(&self) -> Result<StoreCounts, StoreError> {
        self.conn
            .query_row(
                "SELECT (SELECT count(*) FROM documents),
                        (SELECT count(*) FROM documents WHERE error IS NOT NULL),
                        (SELECT count(DISTINCT story_id) FROM documents),
                        (SELECT count(*) FROM events),
                        (SELECT count(*) FROM agg_events)",
                [],
                |row| {
                    Ok(StoreCounts {
                        documents: row.get(0)?,
                        failed: row.get(1)?,
                        stories: row.get(2)?,
                        events: row.get(3)?,
                        aggregated_events: row.get(4)?,
                    })
                },
            )
            .op("count rows")
    }
}
