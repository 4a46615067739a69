//! Summaries for browsing a store (what `dyad serve` draws): a dyad's time
//! series, the actor network, the places of events, an actor's profile, one
//! aggregated event with the sentences that report it, pages of documents,
//! and row counts for pagination.
//!
//! Every summary counts **distinct events** (aggregated events, see
//! `aggregate.rs`), not mentions, unless a field says otherwise: an event
//! reported by ten wire copies is one event. Events the text negates ("did
//! not attack") are left out of the series, the network and the map, because
//! they did not happen; they stay in the event lists, marked.
//!
//! The filters are those of [`crate::query`] ([`EventFilter`]), plus a
//! [`Dyad`] (two actors, either direction or one).

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;
use jiff::ToSpan;
use rusqlite::types::Value;
use rusqlite::{params_from_iter, OptionalExtension, Row};
use serde::Serialize;

use crate::error::{Context, StoreError, StoreErrorKind};
use crate::query::{event_where, AggregatedEvent, EventFilter, QuoteRow};
use crate::Store;

// The test articles shared with the integration tests (`tests/common`);
// `tests.rs` includes them too, privately, so this is a second copy.
#[cfg(test)]
#[allow(clippy::duplicate_mod)]
#[path = "../tests/common/mod.rs"]
mod tests_common;

/// Most periods a series may have; past this a coarser bucket is needed.
pub const MAX_PERIODS: usize = 5_000;

/// Width of one period of a time series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Bucket {
    /// One calendar day (`2025-12-04`).
    Day,
    /// One ISO week, Monday to Sunday (`2025-W49`).
    Week,
    /// One calendar month (`2025-12`).
    Month,
}

impl Bucket {
    /// The name used in URLs and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Bucket::Day => "day",
            Bucket::Week => "week",
            Bucket::Month => "month",
        }
    }

    /// First day of the period holding `date`.
    fn start_of(self, date: Date) -> Date {
        match self {
            Bucket::Day => date,
            Bucket::Week => {
                let back = i64::from(date.weekday().to_monday_zero_offset());
                date.checked_sub(back.days()).unwrap_or(date)
            }
            Bucket::Month => date.first_of_month(),
        }
    }

    /// First day of the next period, `None` past the calendar's end.
    fn next(self, start: Date) -> Option<Date> {
        match self {
            Bucket::Day => start.checked_add(1.day()).ok(),
            Bucket::Week => start.checked_add(1.week()).ok(),
            Bucket::Month => start.checked_add(1.month()).ok(),
        }
    }

    /// The ISO 8601 label of the period starting at `start`.
    fn label(self, start: Date) -> String {
        match self {
            Bucket::Day => start.to_string(),
            Bucket::Week => {
                let week = start.iso_week_date();
                format!("{:04}-W{:02}", week.year(), week.week())
            }
            Bucket::Month => format!("{:04}-{:02}", start.year(), start.month()),
        }
    }
}

impl fmt::Display for Bucket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Bucket {
    type Err = String;

    fn from_str(text: &str) -> Result<Bucket, String> {
        match text {
            "day" => Ok(Bucket::Day),
            "week" => Ok(Bucket::Week),
            "month" => Ok(Bucket::Month),
            other => Err(format!("expected day, week or month, found {other:?}")),
        }
    }
}

/// Two sides of a relation, each an actor code prefix (`RUS` covers `RUSGOV`).
///
/// With `directed`, only events whose source matches `a` and target matches
/// `b`; otherwise either way round. A side left unset matches any actor, so
/// `a` alone selects everything `a` did or suffered.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dyad {
    /// First actor code prefix.
    pub a: Option<String>,
    /// Second actor code prefix.
    pub b: Option<String>,
    /// Only `a` acting on `b`.
    pub directed: bool,
}

/// One period of a dyad's time series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeriesPoint {
    /// ISO 8601 label of the period (`2025-12-04`, `2025-W49`, `2025-12`).
    pub period: String,
    /// Its first day.
    pub start: String,
    /// Distinct events dated in it.
    pub events: i64,
    /// QuadClass 1: verbal cooperation.
    pub verbal_cooperation: i64,
    /// QuadClass 2: material cooperation.
    pub material_cooperation: i64,
    /// QuadClass 3: verbal conflict.
    pub verbal_conflict: i64,
    /// QuadClass 4: material conflict.
    pub material_conflict: i64,
    /// Mean Goldstein weight of its events; `None` when it has none.
    pub mean_goldstein: Option<f64>,
}

/// An actor of the network (a node).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NetworkNode {
    /// Actor code.
    pub code: String,
    /// A name it goes by (the first seen).
    pub name: Option<String>,
    /// Distinct events it takes part in, within the kept edges.
    pub events: i64,
}

/// Who acts on whom (an edge, from source to target).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NetworkEdge {
    /// Source actor code.
    pub source: String,
    /// Target actor code.
    pub target: String,
    /// Distinct events.
    pub events: i64,
    /// Mentions of those events.
    pub mentions: i64,
    /// Mean Goldstein weight of the events.
    pub mean_goldstein: f64,
}

/// The actor network: edges by weight, and the nodes they touch.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Network {
    /// Actors, most events first.
    pub nodes: Vec<NetworkNode>,
    /// Relations, most events first.
    pub edges: Vec<NetworkEdge>,
}

/// Events at one place.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlacePoint {
    /// Canonical name.
    pub name: String,
    /// ISO alpha-2 country.
    pub country: Option<String>,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// Distinct events placed there.
    pub events: i64,
    /// Their mentions.
    pub mentions: i64,
    /// Mean Goldstein weight of the events.
    pub mean_goldstein: f64,
}

/// How often an actor appears on one side of events.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RoleCounts {
    /// Distinct events.
    pub events: i64,
    /// Event mentions.
    pub mentions: i64,
}

/// Someone an actor has events with.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Partner {
    /// The partner's code.
    pub code: String,
    /// A name it goes by.
    pub name: Option<String>,
    /// Distinct events between the two, either direction.
    pub events: i64,
    /// Of which the actor was the source.
    pub as_source: i64,
    /// Of which the actor was the target.
    pub as_target: i64,
    /// Mean Goldstein weight of those events.
    pub mean_goldstein: f64,
}

/// One actor code across the store.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActorProfile {
    /// CAMEO code.
    pub code: String,
    /// Names it goes by, most documents first.
    pub names: Vec<String>,
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
    /// Events it did.
    pub as_source: RoleCounts,
    /// Events done to it.
    pub as_target: RoleCounts,
    /// Events it reported (claimant).
    pub as_claimant: RoleCounts,
    /// Quotes it spoke.
    pub num_quotes: i64,
    /// Partners, most events first.
    pub partners: Vec<Partner>,
}

/// Where one mention of an event sits in its article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MentionContext {
    /// The document's content hash.
    pub content_hash: String,
    /// Event id within the record.
    pub event_id: String,
    /// Headline of the document.
    pub title: Option<String>,
    /// Publication date.
    pub published: Option<String>,
    /// The sentence up to the trigger.
    pub before: String,
    /// The trigger.
    pub trigger: String,
    /// The sentence after the trigger.
    pub after: String,
}

/// Which documents to list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocumentFilter {
    /// Outlet, compared case-insensitively.
    pub outlet: Option<String>,
    /// First publication day, `YYYY-MM-DD`, inclusive.
    pub published_from: Option<String>,
    /// Last publication day, inclusive.
    pub published_to: Option<String>,
    /// Only documents whose coding failed (`Some(true)`) or succeeded (`Some(false)`).
    pub failed: Option<bool>,
    /// At most this many rows.
    pub limit: Option<usize>,
    /// Skip this many rows first.
    pub offset: usize,
}

/// A document in a listing (no body).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentSummary {
    /// Id as ingested.
    pub id: String,
    /// SHA-256 of the body.
    pub content_hash: String,
    /// Headline.
    pub title: Option<String>,
    /// URL.
    pub url: Option<String>,
    /// Publication date.
    pub published: Option<String>,
    /// Outlet.
    pub source_name: Option<String>,
    /// Its story.
    pub story_id: Option<i64>,
    /// Event mentions in it.
    pub num_events: i64,
    /// Quotes in it.
    pub num_quotes: i64,
    /// Why coding failed.
    pub error: Option<String>,
}

/// Appends `clause` (whose placeholders are numbered after `values`) to a WHERE string.
fn and_where(where_sql: String, clause: &str) -> String {
    if where_sql.is_empty() {
        format!("WHERE {clause}")
    } else {
        format!("{where_sql} AND {clause}")
    }
}

/// SQL matching `column` against a code prefix bound at `?{index}`.
fn prefix_sql(column: &str, index: usize) -> String {
    format!("substr({column}, 1, length(?{index})) = ?{index}")
}

/// The dyad's clause over `events e`, binding its codes into `values`.
fn dyad_clause(dyad: &Dyad, values: &mut Vec<Value>) -> Option<String> {
    let mut bind = |code: &String| {
        values.push(Value::Text(code.clone()));
        values.len()
    };
    match (&dyad.a, &dyad.b) {
        (None, None) => None,
        (Some(a), None) | (None, Some(a)) => {
            let p = bind(a);
            let source = prefix_sql("e.source_code", p);
            if dyad.directed && dyad.a.is_some() {
                Some(source)
            } else if dyad.directed {
                Some(prefix_sql("e.target_code", p))
            } else {
                Some(format!("({source} OR {})", prefix_sql("e.target_code", p)))
            }
        }
        (Some(a), Some(b)) => {
            let pa = bind(a);
            let pb = bind(b);
            let forward = format!(
                "({} AND {})",
                prefix_sql("e.source_code", pa),
                prefix_sql("e.target_code", pb)
            );
            if dyad.directed {
                Some(forward)
            } else {
                Some(format!(
                    "({forward} OR ({} AND {}))",
                    prefix_sql("e.source_code", pb),
                    prefix_sql("e.target_code", pa)
                ))
            }
        }
    }
}

/// WHERE clause and values for mentions matching `filter` and `dyad`, not negated.
fn matching(
    filter: &EventFilter,
    dyad: &Dyad,
    include_negated: bool,
) -> Result<(String, Vec<Value>), StoreError> {
    let w = event_where(filter)?;
    let mut sql = w.sql();
    let mut values = w.values;
    if let Some(clause) = dyad_clause(dyad, &mut values) {
        sql = and_where(sql, &clause);
    }
    if !include_negated {
        sql = and_where(sql, "e.negated = 0");
    }
    Ok((sql, values))
}

fn check_day(operation: &str, day: &str) -> Result<String, StoreError> {
    day.parse::<Date>()
        .map(|date| date.to_string())
        .map_err(|_| {
            StoreError::new(
                operation,
                StoreErrorKind::Invalid(format!("not a date (YYYY-MM-DD): {day:?}")),
            )
        })
}

fn limit_offset(limit: Option<usize>, offset: usize) -> String {
    match limit {
        Some(limit) => format!("LIMIT {limit} OFFSET {offset}"),
        None if offset > 0 => format!("LIMIT -1 OFFSET {offset}"),
        None => String::new(),
    }
}

/// Running totals of one period.
#[derive(Default)]
struct Tally {
    quad: [i64; 4],
    goldstein_sum: f64,
    events: i64,
}

impl Store {
    /// The dyad's events per period: counts by QuadClass and mean Goldstein
    /// weight, every period from the first dated event to the last (empty
    /// periods included, so a chart's x axis is regular). Undated and negated
    /// events are left out.
    ///
    /// # Errors
    /// More than [`MAX_PERIODS`] periods ([`StoreErrorKind::Invalid`]), a
    /// malformed filter, or an SQLite failure.
    pub fn dyad_series(
        &self,
        filter: &EventFilter,
        dyad: &Dyad,
        bucket: Bucket,
    ) -> Result<Vec<SeriesPoint>, StoreError> {
        let operation = "dyad series";
        let (where_sql, values) = matching(filter, dyad, false)?;
        let sql = format!(
            "SELECT g.date_start, f.quad_class, f.goldstein
             FROM agg_events g
             JOIN events f ON f.doc_pk = g.first_doc_pk AND f.idx = g.first_event_idx
             WHERE g.date_start IS NOT NULL AND g.agg_pk IN (
                 SELECT em.agg_pk FROM events e
                 JOIN documents d ON d.doc_pk = e.doc_pk
                 JOIN event_mentions em ON em.doc_pk = e.doc_pk AND em.event_idx = e.idx
                 {where_sql})"
        );
        let mut stmt = self.conn.prepare(&sql).op(operation)?;
        let rows = stmt
            .query_map(params_from_iter(values.iter()), |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, u8>(1)?,
                    row.get::<_, f64>(2)?,
                ))
            })
            .op(operation)?;
        let mut tallies: BTreeMap<Date, Tally> = BTreeMap::new();
        for row in rows {
            let (day, quad_class, goldstein) = row.op(operation)?;
            // date_start is written by ingest as YYYY-MM-DD; skip anything else.
            let Ok(date) = day.parse::<Date>() else {
                continue;
            };
            let tally = tallies.entry(bucket.start_of(date)).or_default();
            if let Some(slot) = tally
                .quad
                .get_mut(usize::from(quad_class.saturating_sub(1)))
            {
                *slot += 1;
            }
            tally.events += 1;
            tally.goldstein_sum += goldstein;
        }
        let (Some(first), Some(last)) = (
            tallies.keys().next().copied(),
            tallies.keys().next_back().copied(),
        ) else {
            return Ok(Vec::new());
        };
        let mut points = Vec::new();
        let mut start = first;
        while start <= last {
            if points.len() >= MAX_PERIODS {
                return Err(StoreError::new(
                    operation,
                    StoreErrorKind::Invalid(format!(
                        "more than {MAX_PERIODS} periods from {first} to {last}: \
                         choose a coarser bucket or a shorter date range"
                    )),
                ));
            }
            let tally = tallies.remove(&start).unwrap_or_default();
            points.push(SeriesPoint {
                period: bucket.label(start),
                start: start.to_string(),
                events: tally.events,
                verbal_cooperation: tally.quad[0],
                material_cooperation: tally.quad[1],
                verbal_conflict: tally.quad[2],
                material_conflict: tally.quad[3],
                mean_goldstein: (tally.events > 0)
                    .then(|| tally.goldstein_sum / tally.events as f64),
            });
            match bucket.next(start) {
                Some(next) => start = next,
                None => break,
            }
        }
        Ok(points)
    }

    /// Who acts on whom: one edge per (source code, target code) with at
    /// least `min_events` distinct events, at most `max_edges` edges (the
    /// heaviest), and the nodes they touch. Events without both actors and
    /// negated events are left out.
    ///
    /// # Errors
    /// A malformed filter, or an SQLite failure.
    pub fn network(
        &self,
        filter: &EventFilter,
        dyad: &Dyad,
        min_events: i64,
        max_edges: usize,
    ) -> Result<Network, StoreError> {
        let operation = "actor network";
        let (where_sql, mut values) = matching(filter, dyad, false)?;
        values.push(Value::Integer(min_events));
        let min_p = values.len();
        let sql = format!(
            "SELECT g.source_code, g.target_code, min(f.source_name), min(f.target_name),
                    count(*), sum(g.num_mentions), avg(f.goldstein)
             FROM agg_events g
             JOIN events f ON f.doc_pk = g.first_doc_pk AND f.idx = g.first_event_idx
             WHERE g.source_code IS NOT NULL AND g.target_code IS NOT NULL
               AND g.source_code != g.target_code
               AND g.agg_pk IN (
                 SELECT em.agg_pk FROM events e
                 JOIN documents d ON d.doc_pk = e.doc_pk
                 JOIN event_mentions em ON em.doc_pk = e.doc_pk AND em.event_idx = e.idx
                 {where_sql})
             GROUP BY g.source_code, g.target_code
             HAVING count(*) >= ?{min_p}
             ORDER BY count(*) DESC, g.source_code, g.target_code
             LIMIT {max_edges}"
        );
        let mut stmt = self.conn.prepare(&sql).op(operation)?;
        let rows = stmt
            .query_map(params_from_iter(values.iter()), |row| {
                Ok((
                    NetworkEdge {
                        source: row.get(0)?,
                        target: row.get(1)?,
                        events: row.get(4)?,
                        mentions: row.get(5)?,
                        mean_goldstein: row.get(6)?,
                    },
                    row.get::<_, Option<String>>(2)?,
                    row.get::<_, Option<String>>(3)?,
                ))
            })
            .op(operation)?;
        let mut edges = Vec::new();
        let mut nodes: BTreeMap<String, NetworkNode> = BTreeMap::new();
        for row in rows {
            let (edge, source_name, target_name) = row.op(operation)?;
            for (code, name) in [(&edge.source, source_name), (&edge.target, target_name)] {
                let node = nodes.entry(code.clone()).or_insert_with(|| NetworkNode {
                    code: code.clone(),
                    name: None,
                    events: 0,
                });
                node.events += edge.events;
                if node.name.is_none() {
                    node.name = name;
                }
            }
            edges.push(edge);
        }
        let mut nodes: Vec<NetworkNode> = nodes.into_values().collect();
        nodes.sort_by(|x, y| y.events.cmp(&x.events).then_with(|| x.code.cmp(&y.code)));
        Ok(Network { nodes, edges })
    }

    /// Places of the events matching `filter` and `dyad`, with counts, most
    /// events first. Events without a resolved place and negated events are
    /// left out.
    ///
    /// # Errors
    /// A malformed filter, or an SQLite failure.
    pub fn event_places(
        &self,
        filter: &EventFilter,
        dyad: &Dyad,
        limit: usize,
    ) -> Result<Vec<PlacePoint>, StoreError> {
        let operation = "event places";
        let (where_sql, values) = matching(filter, dyad, false)?;
        let where_sql = and_where(where_sql, "p.lat IS NOT NULL AND p.lon IS NOT NULL");
        let sql = format!(
            "SELECT p.name, max(p.country), round(p.lat, 3), round(p.lon, 3),
                    count(DISTINCT em.agg_pk), count(*), avg(e.goldstein)
             FROM events e
             JOIN documents d ON d.doc_pk = e.doc_pk
             JOIN event_mentions em ON em.doc_pk = e.doc_pk AND em.event_idx = e.idx
             JOIN places p ON p.doc_pk = e.doc_pk AND p.idx = e.place_idx
             {where_sql}
             GROUP BY p.name, round(p.lat, 3), round(p.lon, 3)
             ORDER BY count(DISTINCT em.agg_pk) DESC, p.name
             LIMIT {limit}"
        );
        let mut stmt = self.conn.prepare(&sql).op(operation)?;
        let rows = stmt
            .query_map(params_from_iter(values.iter()), |row| {
                Ok(PlacePoint {
                    name: row.get(0)?,
                    country: row.get(1)?,
                    lat: row.get(2)?,
                    lon: row.get(3)?,
                    events: row.get(4)?,
                    mentions: row.get(5)?,
                    mean_goldstein: row.get(6)?,
                })
            })
            .op(operation)?;
        rows.collect::<Result<_, _>>().op(operation)
    }

    /// One actor code (exact, not a prefix): its names, how often it acts,
    /// is acted on and reports, and its `max_partners` most frequent partners.
    /// `None` when no document names it.
    ///
    /// # Errors
    /// An SQLite failure.
    pub fn actor_profile(
        &self,
        code: &str,
        max_partners: usize,
    ) -> Result<Option<ActorProfile>, StoreError> {
        let operation = "actor profile";
        let mut names_stmt = self
            .conn
            .prepare(
                "SELECT a.name, count(DISTINCT a.doc_pk) FROM actors a WHERE a.code = ?1
                 GROUP BY a.name ORDER BY count(DISTINCT a.doc_pk) DESC, a.name",
            )
            .op(operation)?;
        let names: Vec<String> = names_stmt
            .query_map([code], |row| row.get(0))
            .op(operation)?
            .collect::<Result<_, _>>()
            .op(operation)?;
        if names.is_empty() {
            return Ok(None);
        }
        let head = self
            .conn
            .query_row(
                "SELECT max(a.country), max(a.org), max(a.sector), max(a.kind),
                        count(DISTINCT a.doc_pk),
                        sum((SELECT count(*) FROM mentions m
                             WHERE m.doc_pk = a.doc_pk AND m.actor_id = a.actor_id))
                 FROM actors a WHERE a.code = ?1",
                [code],
                |row| {
                    Ok((
                        row.get::<_, Option<String>>(0)?,
                        row.get::<_, Option<String>>(1)?,
                        row.get::<_, Option<String>>(2)?,
                        row.get::<_, Option<String>>(3)?,
                        row.get::<_, i64>(4)?,
                        row.get::<_, Option<i64>>(5)?,
                    ))
                },
            )
            .op(operation)?;
        let role = |column: &str| -> Result<RoleCounts, StoreError> {
            self.conn
                .query_row(
                    &format!(
                        "SELECT count(DISTINCT em.agg_pk), count(*) FROM events e
                         JOIN event_mentions em ON em.doc_pk = e.doc_pk AND em.event_idx = e.idx
                         WHERE e.{column} = ?1"
                    ),
                    [code],
                    |row| {
                        Ok(RoleCounts {
                            events: row.get(0)?,
                            mentions: row.get(1)?,
                        })
                    },
                )
                .op(operation)
        };
        let as_source = role("source_code")?;
        let as_target = role("target_code")?;
        let as_claimant = role("claimant_code")?;
        let num_quotes: i64 = self
            .conn
            .query_row(
                "SELECT count(*) FROM quotes WHERE speaker_code = ?1",
                [code],
                |row| row.get(0),
            )
            .op(operation)?;
        let mut partner_stmt = self
            .conn
            .prepare(&format!(
                "SELECT partner, min(partner_name), count(*), sum(outgoing), count(*) - sum(outgoing),
                        avg(goldstein)
                 FROM (SELECT CASE WHEN g.source_code = ?1 THEN g.target_code ELSE g.source_code END
                              AS partner,
                              CASE WHEN g.source_code = ?1 THEN f.target_name ELSE f.source_name END
                              AS partner_name,
                              g.source_code = ?1 AS outgoing, f.goldstein AS goldstein
                       FROM agg_events g
                       JOIN events f ON f.doc_pk = g.first_doc_pk AND f.idx = g.first_event_idx
                       WHERE g.negated = 0
                         AND ((g.source_code = ?1 AND g.target_code IS NOT NULL)
                              OR (g.target_code = ?1 AND g.source_code IS NOT NULL))
                         AND g.source_code != g.target_code)
                 GROUP BY partner ORDER BY count(*) DESC, partner LIMIT {max_partners}"
            ))
            .op(operation)?;
        let partners = partner_stmt
            .query_map([code], |row| {
                Ok(Partner {
                    code: row.get(0)?,
                    name: row.get(1)?,
                    events: row.get(2)?,
                    as_source: row.get(3)?,
                    as_target: row.get(4)?,
                    mean_goldstein: row.get(5)?,
                })
            })
            .op(operation)?
            .collect::<Result<_, _>>()
            .op(operation)?;
        let (country, org, sector, kind, num_documents, num_mentions) = head;
        Ok(Some(ActorProfile {
            code: code.to_string(),
            names,
            country,
            org,
            sector,
            kind: kind.unwrap_or_default(),
            num_documents,
            num_mentions: num_mentions.unwrap_or(0),
            as_source,
            as_target,
            as_claimant,
            num_quotes,
            partners,
        }))
    }

    /// Quotes whose speaker has exactly this code, in document then position order.
    ///
    /// # Errors
    /// An SQLite failure.
    pub fn quotes_by_speaker(
        &self,
        code: &str,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<QuoteRow>, StoreError> {
        let operation = "quotes by speaker";
        let content = "CAST(substr(CAST(d.body AS BLOB), q.content_start + 1, \
                       q.content_end - q.content_start) AS TEXT)";
        let sql = format!(
            "SELECT d.id, q.idx, q.kind, q.span_start, q.span_end, q.content_start, q.content_end,
                    {content}, q.speaker_id, q.speaker_code, a.name, q.speaker_text, q.cue
             FROM quotes q
             JOIN documents d ON d.doc_pk = q.doc_pk
             LEFT JOIN actors a ON a.doc_pk = q.doc_pk AND a.actor_id = q.speaker_id
             WHERE q.speaker_code = ?1 ORDER BY q.doc_pk, q.idx LIMIT {limit} OFFSET {offset}"
        );
        let mut stmt = self.conn.prepare(&sql).op(operation)?;
        let rows = stmt
            .query_map([code], |row| {
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

    /// One aggregated event by id, `None` if there is none.
    ///
    /// # Errors
    /// An SQLite failure.
    pub fn aggregated_event(&self, agg_id: i64) -> Result<Option<AggregatedEvent>, StoreError> {
        let operation = "read aggregated event";
        self.conn
            .query_row(
                "SELECT g.agg_pk, g.source_code, g.target_code, f.source_name, f.target_name,
                        g.cameo, f.plover, f.goldstein, f.quad_class, g.date_value, g.date_start,
                        g.negated, g.num_mentions, g.num_sources, g.num_articles, g.num_stories,
                        fd.id, fd.url
                 FROM agg_events g
                 JOIN events f ON f.doc_pk = g.first_doc_pk AND f.idx = g.first_event_idx
                 JOIN documents fd ON fd.doc_pk = g.first_doc_pk
                 WHERE g.agg_pk = ?1",
                [agg_id],
                aggregated_from_row,
            )
            .optional()
            .op(operation)
    }

    /// The sentence of each mention of an aggregated event, cut around its
    /// trigger, in the order of [`Store::event_mentions`].
    ///
    /// # Errors
    /// An SQLite failure.
    pub fn mention_contexts(&self, agg_id: i64) -> Result<Vec<MentionContext>, StoreError> {
        let operation = "read mention contexts";
        // Byte spans: slice the body as a blob, then read the pieces as text.
        let piece = |from: &str, to: &str| {
            format!("CAST(substr(CAST(d.body AS BLOB), {from} + 1, {to} - {from}) AS TEXT)")
        };
        let sql = format!(
            "SELECT d.content_hash, e.event_id, d.title, d.published, {}, {}, {}
             FROM event_mentions em
             JOIN events e ON e.doc_pk = em.doc_pk AND e.idx = em.event_idx
             JOIN documents d ON d.doc_pk = e.doc_pk
             WHERE em.agg_pk = ?1 ORDER BY e.doc_pk, e.idx",
            piece("e.sentence_start", "e.trigger_start"),
            piece("e.trigger_start", "e.trigger_end"),
            piece("e.trigger_end", "e.sentence_end"),
        );
        let mut stmt = self.conn.prepare(&sql).op(operation)?;
        let rows = stmt
            .query_map([agg_id], |row| {
                Ok(MentionContext {
                    content_hash: row.get(0)?,
                    event_id: row.get(1)?,
                    title: row.get(2)?,
                    published: row.get(3)?,
                    before: row.get::<_, Option<String>>(4)?.unwrap_or_default(),
                    trigger: row.get::<_, Option<String>>(5)?.unwrap_or_default(),
                    after: row.get::<_, Option<String>>(6)?.unwrap_or_default(),
                })
            })
            .op(operation)?;
        rows.collect::<Result<_, _>>().op(operation)
    }

    /// The aggregated event of each event of one document, as
    /// `(event id within the record, aggregated event id)`, in record order.
    ///
    /// # Errors
    /// An SQLite failure.
    pub fn document_event_ids(&self, content_hash: &str) -> Result<Vec<(String, i64)>, StoreError> {
        let operation = "read document events";
        let mut stmt = self
            .conn
            .prepare(
                "SELECT e.event_id, em.agg_pk FROM events e
                 JOIN documents d ON d.doc_pk = e.doc_pk
                 JOIN event_mentions em ON em.doc_pk = e.doc_pk AND em.event_idx = e.idx
                 WHERE d.content_hash = ?1 ORDER BY e.idx",
            )
            .op(operation)?;
        let rows = stmt
            .query_map([content_hash], |row| Ok((row.get(0)?, row.get(1)?)))
            .op(operation)?;
        rows.collect::<Result<_, _>>().op(operation)
    }

    /// Documents, newest publication first, without their bodies.
    ///
    /// # Errors
    /// A malformed date, or an SQLite failure.
    pub fn documents(&self, filter: &DocumentFilter) -> Result<Vec<DocumentSummary>, StoreError> {
        let operation = "list documents";
        let (where_sql, values) = document_where(filter, operation)?;
        let sql = format!(
            "SELECT d.id, d.content_hash, d.title, d.url, d.published, d.source_name, d.story_id,
                    (SELECT count(*) FROM events e WHERE e.doc_pk = d.doc_pk),
                    (SELECT count(*) FROM quotes q WHERE q.doc_pk = d.doc_pk),
                    d.error
             FROM documents d {where_sql}
             ORDER BY d.published IS NULL, d.published DESC, d.doc_pk {}",
            limit_offset(filter.limit, filter.offset)
        );
        let mut stmt = self.conn.prepare(&sql).op(operation)?;
        let rows = stmt
            .query_map(params_from_iter(values.iter()), |row| {
                Ok(DocumentSummary {
                    id: row.get(0)?,
                    content_hash: row.get(1)?,
                    title: row.get(2)?,
                    url: row.get(3)?,
                    published: row.get(4)?,
                    source_name: row.get(5)?,
                    story_id: row.get(6)?,
                    num_events: row.get(7)?,
                    num_quotes: row.get(8)?,
                    error: row.get(9)?,
                })
            })
            .op(operation)?;
        rows.collect::<Result<_, _>>().op(operation)
    }

    /// How many documents [`Store::documents`] would list without limit and offset.
    ///
    /// # Errors
    /// A malformed date, or an SQLite failure.
    pub fn document_count(&self, filter: &DocumentFilter) -> Result<i64, StoreError> {
        let operation = "count documents";
        let (where_sql, values) = document_where(filter, operation)?;
        self.conn
            .query_row(
                &format!("SELECT count(*) FROM documents d {where_sql}"),
                params_from_iter(values.iter()),
                |row| row.get(0),
            )
            .op(operation)
    }

    /// How many event mentions [`Store::events`] would return without a limit.
    ///
    /// # Errors
    /// A malformed date or FTS5 query, or an SQLite failure.
    pub fn event_mention_count(&self, filter: &EventFilter) -> Result<i64, StoreError> {
        let operation = "count event mentions";
        let w = event_where(filter)?;
        self.conn
            .query_row(
                &format!(
                    "SELECT count(*) FROM events e
                     JOIN documents d ON d.doc_pk = e.doc_pk
                     JOIN event_mentions em ON em.doc_pk = e.doc_pk AND em.event_idx = e.idx
                     {}",
                    w.sql()
                ),
                params_from_iter(w.values.iter()),
                |row| row.get(0),
            )
            .op(operation)
    }

    /// How many distinct events [`Store::aggregated_events`] would return without a limit.
    ///
    /// # Errors
    /// A malformed date or FTS5 query, or an SQLite failure.
    pub fn aggregated_event_count(&self, filter: &EventFilter) -> Result<i64, StoreError> {
        let operation = "count aggregated events";
        let w = event_where(filter)?;
        self.conn
            .query_row(
                &format!(
                    "SELECT count(DISTINCT em.agg_pk) FROM events e
                     JOIN documents d ON d.doc_pk = e.doc_pk
                     JOIN event_mentions em ON em.doc_pk = e.doc_pk AND em.event_idx = e.idx
                     {}",
                    w.sql()
                ),
                params_from_iter(w.values.iter()),
                |row| row.get(0),
            )
            .op(operation)
    }
}

fn document_where(
    filter: &DocumentFilter,
    operation: &str,
) -> Result<(String, Vec<Value>), StoreError> {
    let mut clauses = Vec::new();
    let mut values: Vec<Value> = Vec::new();
    if let Some(outlet) = &filter.outlet {
        values.push(Value::Text(outlet.to_lowercase()));
        clauses.push(format!("lower(d.source_name) = ?{}", values.len()));
    }
    if let Some(from) = &filter.published_from {
        values.push(Value::Text(check_day(operation, from)?));
        clauses.push(format!("substr(d.published, 1, 10) >= ?{}", values.len()));
    }
    if let Some(to) = &filter.published_to {
        values.push(Value::Text(check_day(operation, to)?));
        clauses.push(format!("substr(d.published, 1, 10) <= ?{}", values.len()));
    }
    match filter.failed {
        Some(true) => clauses.push("d.error IS NOT NULL".to_string()),
        Some(false) => clauses.push("d.error IS NULL".to_string()),
        None => {}
    }
    let sql = if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    };
    Ok((sql, values))
}

fn aggregated_from_row(row: &Row<'_>) -> rusqlite::Result<AggregatedEvent> {
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
}

#[cfg(test)]
mod tests {
    use super::tests_common::{code, ev, geneva_coverage, item, other_news, Article, Ev};
    use super::*;

    fn store() -> Store {
        let mut store = Store::open_in_memory().expect("in-memory store");
        store.ingest(&geneva_coverage()).expect("ingest");
        store.ingest(&other_news()).expect("ingest");
        store
    }

    #[test]
    fn buckets_label_and_step() {
        let date: Date = "2025-12-04".parse().expect("date");
        assert_eq!(Bucket::Week.start_of(date).to_string(), "2025-12-01");
        assert_eq!(Bucket::Week.label(Bucket::Week.start_of(date)), "2025-W49");
        assert_eq!(Bucket::Month.label(Bucket::Month.start_of(date)), "2025-12");
        // ISO week years: 2024-12-30 is in week 1 of 2025.
        let monday: Date = "2024-12-30".parse().expect("date");
        assert_eq!(Bucket::Week.label(monday), "2025-W01");
        assert_eq!("month".parse::<Bucket>(), Ok(Bucket::Month));
        assert!("year".parse::<Bucket>().is_err());
    }

    #[test]
    fn monthly_series_fills_gaps_and_skips_negated_events() {
        let store = store();
        let dyad = Dyad {
            a: Some("RUS".into()),
            b: Some("UKR".into()),
            directed: false,
        };
        let points = store
            .dyad_series(&EventFilter::default(), &dyad, Bucket::Month)
            .expect("series");
        let periods: Vec<&str> = points.iter().map(|p| p.period.as_str()).collect();
        assert_eq!(periods, ["2025-11", "2025-12"]);
        // November: the shelling (the denied attack is negated, so left out).
        assert_eq!(points[0].events, 1);
        assert_eq!(points[0].material_conflict, 1);
        assert_eq!(points[0].mean_goldstein, Some(-10.0));
        // December: one meeting, however many articles report it.
        assert_eq!(points[1].events, 1);
        assert_eq!(points[1].verbal_cooperation, 1);

        let daily = store
            .dyad_series(&EventFilter::default(), &dyad, Bucket::Day)
            .expect("series");
        assert_eq!(daily.len(), 15, "2025-11-20 to 2025-12-04, every day");
        assert_eq!(daily.iter().filter(|p| p.events > 0).count(), 2);
        assert_eq!(daily[1].mean_goldstein, None);
    }

    #[test]
    fn directed_dyad_keeps_one_direction() {
        let store = store();
        let forward = Dyad {
            a: Some("FRA".into()),
            b: Some("UKR".into()),
            directed: true,
        };
        let backward = Dyad {
            a: Some("UKR".into()),
            b: Some("FRA".into()),
            directed: true,
        };
        let filter = EventFilter::default();
        let count = |dyad: &Dyad| -> i64 {
            store
                .dyad_series(&filter, dyad, Bucket::Month)
                .expect("series")
                .iter()
                .map(|p| p.events)
                .sum()
        };
        assert_eq!(count(&forward), 1);
        assert_eq!(count(&backward), 0);
    }

    #[test]
    fn network_places_and_profile() {
        let store = store();
        let network = store
            .network(&EventFilter::default(), &Dyad::default(), 1, 100)
            .expect("network");
        let edges: Vec<(&str, &str, i64)> = network
            .edges
            .iter()
            .map(|e| (e.source.as_str(), e.target.as_str(), e.events))
            .collect();
        assert_eq!(
            edges,
            [
                ("FRAGOV", "UKRGOV", 1),
                ("RUS", "UKR", 1),
                ("RUSGOV", "UKR", 1)
            ]
        );
        assert_eq!(network.nodes[0].code, "UKR");
        assert_eq!(network.nodes[0].events, 2);

        let places = store
            .event_places(&EventFilter::default(), &Dyad::default(), 10)
            .expect("places");
        let names: Vec<(&str, i64, i64)> = places
            .iter()
            .map(|p| (p.name.as_str(), p.events, p.mentions))
            .collect();
        assert_eq!(names, [("Geneva", 1, 4), ("Istanbul", 1, 1)]);

        let profile = store
            .actor_profile("UKR", 5)
            .expect("profile")
            .expect("UKR is named");
        assert_eq!(profile.names, ["Ukraine"]);
        assert_eq!(
            profile.as_target.events, 3,
            "meeting, shelling, denied attack"
        );
        assert_eq!(profile.as_source.events, 0);
        let partners: Vec<(&str, i64)> = profile
            .partners
            .iter()
            .map(|p| (p.code.as_str(), p.events))
            .collect();
        assert_eq!(partners, [("RUS", 1), ("RUSGOV", 1)]);
        assert!(store.actor_profile("XYZ", 5).expect("profile").is_none());
    }

    #[test]
    fn event_detail_and_contexts() {
        let store = store();
        let meeting = store
            .aggregated_events(&EventFilter {
                cameo: Some("040".into()),
                ..Default::default()
            })
            .expect("events");
        let agg_id = meeting[0].agg_id;
        let event = store
            .aggregated_event(agg_id)
            .expect("read")
            .expect("exists");
        assert_eq!(event, meeting[0]);
        assert!(store.aggregated_event(9_999).expect("read").is_none());
        let contexts = store.mention_contexts(agg_id).expect("contexts");
        assert_eq!(contexts.len(), 4);
        assert_eq!(contexts[0].trigger, "met");
        assert_eq!(contexts[0].before, "Russia and Ukraine ");
        let hash = &contexts[0].content_hash;
        assert_eq!(
            store.document_event_ids(hash).expect("ids"),
            [("e0".to_string(), agg_id)]
        );
        assert_eq!(
            store
                .aggregated_event_count(&EventFilter::default())
                .expect("count"),
            4
        );
        assert_eq!(
            store
                .event_mention_count(&EventFilter::default())
                .expect("count"),
            7
        );
    }

    #[test]
    fn documents_page_and_count() {
        let store = store();
        let all = DocumentFilter::default();
        assert_eq!(store.document_count(&all).expect("count"), 5);
        let page = store
            .documents(&DocumentFilter {
                limit: Some(2),
                offset: 1,
                ..Default::default()
            })
            .expect("documents");
        assert_eq!(page.len(), 2);
        // Newest first: 2026-01-15, then the three of 2025-12-04 in ingest order.
        assert_eq!(page[0].id, "wire-1");
        let outlet = DocumentFilter {
            outlet: Some("wire agency".into()),
            ..Default::default()
        };
        assert_eq!(store.document_count(&outlet).expect("count"), 2);
        let bad = DocumentFilter {
            published_from: Some("yesterday".into()),
            ..Default::default()
        };
        assert!(store.documents(&bad).is_err());
    }

    #[test]
    fn quotes_by_exact_speaker() {
        let mut store = Store::open_in_memory().expect("store");
        let article = Article {
            id: "q-1",
            outlet: None,
            published: "2025-11-20",
            title: "Kyiv says",
            body: "Kyiv said Kremlin forces shelled three villages.".to_string(),
        };
        let events: [Ev; 1] = [Ev {
            claimant: Some("UKRGOV"),
            ..ev("RUSGOV", "UKR", "190", "shelled")
        }];
        assert_eq!(code(&article, &events).quotes.len(), 1);
        store.ingest(&[item(&article, &events)]).expect("ingest");
        assert_eq!(
            store.quotes_by_speaker("UKRGOV", 10, 0).expect("q").len(),
            1
        );
        assert_eq!(store.quotes_by_speaker("UKR", 10, 0).expect("q").len(), 0);
    }
}
