//! Event aggregation: the same event reported by several articles (or several
//! times in one) becomes one row of `agg_events`, with its mentions listed in
//! `event_mentions`.
//!
//! **Same event**, as dyad defines it: equal source actor code, target actor
//! code, CAMEO code (full code, not the root), date value and negation.
//! The date value compares as written: two day-grain events match on the day
//! (`2025-12-04`); an event dated only to a month (`2025-12`) matches other
//! month-grain events of that month, never a day inside it; an event with no
//! date matches other undated ones. A missing actor compares as the empty
//! code. Negation is part of the key because "X did not attack Y" and
//! "X attacked Y" are two claims, not two reports of one.
//!
//! Counts follow GDELT's meanings:
//! - `num_mentions`: every event row, including repeats inside one article;
//! - `num_articles`: distinct documents;
//! - `num_sources`: distinct outlets, compared case-insensitively after
//!   trimming; a document without an outlet name counts as its own outlet;
//! - `num_stories` (dyad's own): distinct stories, so twenty wire copies of
//!   one report count once.
//!
//! The fields of an aggregated event that the key does not fix (names,
//! Goldstein, place, URL) come from its first mention in ingest order.

use rusqlite::{params, Transaction};

use crate::error::{Context, StoreError};

/// The aggregation key of one event row.
pub(crate) fn event_key(
    source_code: Option<&str>,
    target_code: Option<&str>,
    cameo: &str,
    date_value: Option<&str>,
    negated: bool,
) -> String {
    // The unit separator cannot occur in codes or ISO dates.
    format!(
        "{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}",
        source_code.unwrap_or(""),
        target_code.unwrap_or(""),
        cameo,
        date_value.unwrap_or(""),
        u8::from(negated)
    )
}

/// Links every event of document `doc_pk` to its aggregated event, creating
/// those not seen before; returns the aggregated events touched.
pub(crate) fn add_document_events(
    tx: &Transaction<'_>,
    doc_pk: i64,
) -> Result<Vec<i64>, StoreError> {
    let operation = "aggregate events";
    type Row = (
        i64,
        Option<String>,
        Option<String>,
        String,
        Option<String>,
        Option<String>,
        bool,
    );
    let rows: Vec<Row> = {
        let mut stmt = tx
            .prepare_cached(
                "SELECT idx, source_code, target_code, cameo, date_value, date_start, negated
                 FROM events WHERE doc_pk = ?1 ORDER BY idx",
            )
            .op(operation)?;
        let mapped = stmt
            .query_map([doc_pk], |row| {
                Ok((
                    row.get(0)?,
                    row.get(1)?,
                    row.get(2)?,
                    row.get(3)?,
                    row.get(4)?,
                    row.get(5)?,
                    row.get(6)?,
                ))
            })
            .op(operation)?;
        mapped.collect::<Result<_, _>>().op(operation)?
    };
    let mut insert_agg = tx
        .prepare_cached(
            "INSERT INTO agg_events (event_key, source_code, target_code, cameo, date_value,
                 date_start, negated, first_doc_pk, first_event_idx)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
             ON CONFLICT (event_key) DO NOTHING",
        )
        .op(operation)?;
    let mut find_agg = tx
        .prepare_cached("SELECT agg_pk FROM agg_events WHERE event_key = ?1")
        .op(operation)?;
    let mut insert_mention = tx
        .prepare_cached(
            "INSERT OR IGNORE INTO event_mentions (agg_pk, doc_pk, event_idx) VALUES (?1, ?2, ?3)",
        )
        .op(operation)?;
    let mut touched = Vec::with_capacity(rows.len());
    for (idx, source_code, target_code, cameo, date_value, date_start, negated) in rows {
        let key = event_key(
            source_code.as_deref(),
            target_code.as_deref(),
            &cameo,
            date_value.as_deref(),
            negated,
        );
        insert_agg
            .execute(params![
                key,
                source_code,
                target_code,
                cameo,
                date_value,
                date_start,
                negated,
                doc_pk,
                idx
            ])
            .op(operation)?;
        let agg_pk: i64 = find_agg.query_row([&key], |row| row.get(0)).op(operation)?;
        insert_mention
            .execute(params![agg_pk, doc_pk, idx])
            .op(operation)?;
        touched.push(agg_pk);
    }
    Ok(touched)
}

/// Recomputes the counts of the given aggregated events, in one statement.
pub(crate) fn recount(tx: &Transaction<'_>, agg_pks: &[i64]) -> Result<(), StoreError> {
    let operation = "count event mentions";
    let mut unique = agg_pks.to_vec();
    unique.sort_unstable();
    unique.dedup();
    if unique.is_empty() {
        return Ok(());
    }
    let ids = serde_json::to_string(&unique).op(operation)?;
    tx.prepare_cached(
        "UPDATE agg_events SET
             num_mentions = counts.mentions,
             num_articles = counts.articles,
             num_sources = counts.sources,
             num_stories = counts.stories
         FROM (SELECT m.agg_pk AS agg_pk,
                      count(*) AS mentions,
                      count(DISTINCT m.doc_pk) AS articles,
                      count(DISTINCT coalesce(nullif(lower(trim(d.source_name)), ''),
                                              '#' || d.content_hash)) AS sources,
                      count(DISTINCT coalesce(d.story_id, d.doc_pk)) AS stories
               FROM event_mentions m JOIN documents d ON d.doc_pk = m.doc_pk
               WHERE m.agg_pk IN (SELECT value FROM json_each(?1))
               GROUP BY m.agg_pk) AS counts
         WHERE agg_events.agg_pk = counts.agg_pk",
    )
    .op(operation)?
    .execute([ids])
    .op(operation)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_separates_fields() {
        let a = event_key(Some("RUS"), Some("UKR"), "042", Some("2025-12-04"), false);
        let b = event_key(Some("RU"), Some("SUKR"), "042", Some("2025-12-04"), false);
        assert_ne!(a, b);
        let negated = event_key(Some("RUS"), Some("UKR"), "042", Some("2025-12-04"), true);
        assert_ne!(a, negated);
        let month = event_key(Some("RUS"), Some("UKR"), "042", Some("2025-12"), false);
        assert_ne!(a, month);
    }
}
