//! The exported columns (GDELT 2.0's, then dyad's own) and the queries that
//! fill them. `GDELT.md` documents each column; keep the two in step.

use jiff::civil::Date;
use rusqlite::{params_from_iter, Row};

use super::{Cell, Column, ExportOptions, ExportTable, Kind};
use crate::dates;
use crate::error::{Context, StoreError};
use crate::query::event_where;
use crate::Store;

const fn col(name: &'static str, kind: Kind) -> Column {
    Column { name, kind }
}

/// GDELT 2.0 event table (61 columns), then dyad's (prefixed `Dyad_`).
pub(crate) const EVENT_COLUMNS: &[Column] = &[
    col("GLOBALEVENTID", Kind::Int),
    col("SQLDATE", Kind::Int),
    col("MonthYear", Kind::Int),
    col("Year", Kind::Int),
    col("FractionDate", Kind::Float),
    col("Actor1Code", Kind::Text),
    col("Actor1Name", Kind::Text),
    col("Actor1CountryCode", Kind::Text),
    col("Actor1KnownGroupCode", Kind::Text),
    col("Actor1EthnicCode", Kind::Text),
    col("Actor1Religion1Code", Kind::Text),
    col("Actor1Religion2Code", Kind::Text),
    col("Actor1Type1Code", Kind::Text),
    col("Actor1Type2Code", Kind::Text),
    col("Actor1Type3Code", Kind::Text),
    col("Actor2Code", Kind::Text),
    col("Actor2Name", Kind::Text),
    col("Actor2CountryCode", Kind::Text),
    col("Actor2KnownGroupCode", Kind::Text),
    col("Actor2EthnicCode", Kind::Text),
    col("Actor2Religion1Code", Kind::Text),
    col("Actor2Religion2Code", Kind::Text),
    col("Actor2Type1Code", Kind::Text),
    col("Actor2Type2Code", Kind::Text),
    col("Actor2Type3Code", Kind::Text),
    col("IsRootEvent", Kind::Int),
    col("EventCode", Kind::Text),
    col("EventBaseCode", Kind::Text),
    col("EventRootCode", Kind::Text),
    col("QuadClass", Kind::Int),
    col("GoldsteinScale", Kind::Float),
    col("NumMentions", Kind::Int),
    col("NumSources", Kind::Int),
    col("NumArticles", Kind::Int),
    col("AvgTone", Kind::Float),
    col("Actor1Geo_Type", Kind::Int),
    col("Actor1Geo_FullName", Kind::Text),
    col("Actor1Geo_CountryCode", Kind::Text),
    col("Actor1Geo_ADM1Code", Kind::Text),
    col("Actor1Geo_ADM2Code", Kind::Text),
    col("Actor1Geo_Lat", Kind::Float),
    col("Actor1Geo_Long", Kind::Float),
    col("Actor1Geo_FeatureID", Kind::Text),
    col("Actor2Geo_Type", Kind::Int),
    col("Actor2Geo_FullName", Kind::Text),
    col("Actor2Geo_CountryCode", Kind::Text),
    col("Actor2Geo_ADM1Code", Kind::Text),
    col("Actor2Geo_ADM2Code", Kind::Text),
    col("Actor2Geo_Lat", Kind::Float),
    col("Actor2Geo_Long", Kind::Float),
    col("Actor2Geo_FeatureID", Kind::Text),
    col("ActionGeo_Type", Kind::Int),
    col("ActionGeo_FullName", Kind::Text),
    col("ActionGeo_CountryCode", Kind::Text),
    col("ActionGeo_ADM1Code", Kind::Text),
    col("ActionGeo_ADM2Code", Kind::Text),
    col("ActionGeo_Lat", Kind::Float),
    col("ActionGeo_Long", Kind::Float),
    col("ActionGeo_FeatureID", Kind::Text),
    col("DATEADDED", Kind::Int),
    col("SOURCEURL", Kind::Text),
    // dyad's own, after GDELT's 61.
    col("Dyad_Date", Kind::Date),
    col("Dyad_DateValue", Kind::Text),
    col("Dyad_DateGrain", Kind::Text),
    col("Dyad_Plover", Kind::Text),
    col("Dyad_PloverMode", Kind::Text),
    col("Dyad_Negated", Kind::Bool),
    col("Dyad_Modality", Kind::Text),
    col("Dyad_NumAsserted", Kind::Int),
    col("Dyad_Claimants", Kind::Text),
    col("Dyad_NumStories", Kind::Int),
    col("Dyad_PlaceName", Kind::Text),
    col("Dyad_Outlet", Kind::Text),
    col("Dyad_DocId", Kind::Text),
    col("Dyad_EventId", Kind::Text),
    col("Dyad_Trigger", Kind::Text),
    col("Dyad_Pattern", Kind::Text),
];

/// GDELT 2.0 mentions table (16 columns), then dyad's.
pub(crate) const MENTION_COLUMNS: &[Column] = &[
    col("GLOBALEVENTID", Kind::Int),
    col("EventTimeDate", Kind::Int),
    col("MentionTimeDate", Kind::Int),
    col("MentionType", Kind::Int),
    col("MentionSourceName", Kind::Text),
    col("MentionIdentifier", Kind::Text),
    col("SentenceID", Kind::Int),
    col("Actor1CharOffset", Kind::Int),
    col("Actor2CharOffset", Kind::Int),
    col("ActionCharOffset", Kind::Int),
    col("InRawText", Kind::Int),
    col("Confidence", Kind::Int),
    col("MentionDocLen", Kind::Int),
    col("MentionDocTone", Kind::Float),
    col("MentionDocTranslationInfo", Kind::Text),
    col("Extras", Kind::Text),
    // dyad's own, after GDELT's 16.
    col("Dyad_Date", Kind::Date),
    col("Dyad_DateValue", Kind::Text),
    col("Dyad_DateGrain", Kind::Text),
    col("Dyad_DateSource", Kind::Text),
    col("Dyad_DocId", Kind::Text),
    col("Dyad_ContentHash", Kind::Text),
    col("Dyad_StoryId", Kind::Int),
    col("Dyad_EventId", Kind::Text),
    col("Dyad_SentenceStart", Kind::Int),
    col("Dyad_SentenceEnd", Kind::Int),
    col("Dyad_TriggerStart", Kind::Int),
    col("Dyad_TriggerEnd", Kind::Int),
    col("Dyad_Trigger", Kind::Text),
    col("Dyad_Actor1Code", Kind::Text),
    col("Dyad_Actor2Code", Kind::Text),
    col("Dyad_EventCode", Kind::Text),
    col("Dyad_Plover", Kind::Text),
    col("Dyad_GoldsteinScale", Kind::Float),
    col("Dyad_QuadClass", Kind::Int),
    col("Dyad_Negated", Kind::Bool),
    col("Dyad_Modality", Kind::Text),
    col("Dyad_Asserted", Kind::Bool),
    col("Dyad_ClaimantCode", Kind::Text),
    col("Dyad_PlaceName", Kind::Text),
    col("Dyad_PlaceCountry", Kind::Text),
    col("Dyad_Pattern", Kind::Text),
];

pub(crate) fn columns(table: ExportTable) -> &'static [Column] {
    match table {
        ExportTable::Events => EVENT_COLUMNS,
        ExportTable::Mentions => MENTION_COLUMNS,
    }
}

fn text(value: Option<String>) -> Cell {
    value
        .filter(|v| !v.is_empty())
        .map_or(Cell::Null, Cell::Text)
}

fn int(value: Option<i64>) -> Cell {
    value.map_or(Cell::Null, Cell::Int)
}

fn float(value: Option<f64>) -> Cell {
    value.map_or(Cell::Null, Cell::Float)
}

/// `2025-12-04T10:30:00Z` as GDELT's `YYYYMMDDHHMMSS`.
fn gdelt_timestamp(coded_at: &str) -> Cell {
    let Ok(timestamp) = coded_at.parse::<jiff::Timestamp>() else {
        return Cell::Null;
    };
    let t = jiff::tz::Offset::UTC.to_datetime(timestamp);
    Cell::Int(
        i64::from(t.year()) * 10_000_000_000
            + i64::from(t.month()) * 100_000_000
            + i64::from(t.day()) * 1_000_000
            + i64::from(t.hour()) * 10_000
            + i64::from(t.minute()) * 100
            + i64::from(t.second()),
    )
}

/// GDELT's geographic resolution: 1 country, 2 US state, 3 US city,
/// 4 world city, 5 world state; regions (seas, continents) have none.
fn geo_type(kind: Option<&str>, country: Option<&str>) -> Cell {
    let us = country == Some("US");
    Cell::Int(match kind {
        Some("country") => 1,
        Some("admin1" | "admin2") if us => 2,
        Some("admin1" | "admin2") => 5,
        Some("city" | "landmark") if us => 3,
        Some("city" | "landmark") => 4,
        _ => return Cell::Null,
    })
}

/// The place columns (Type, FullName, CountryCode, ADM1Code, ADM2Code, Lat, Long, FeatureID).
fn geo(row: &Row<'_>, first: usize) -> rusqlite::Result<[Cell; 8]> {
    let kind: Option<String> = row.get(first)?;
    let name: Option<String> = row.get(first + 1)?;
    let country: Option<String> = row.get(first + 2)?;
    let admin1: Option<String> = row.get(first + 3)?;
    let lat: Option<f64> = row.get(first + 4)?;
    let lon: Option<f64> = row.get(first + 5)?;
    let geonames_id: Option<i64> = row.get(first + 6)?;
    let full_name = name.as_ref().map(|name| {
        [Some(name.as_str()), admin1.as_deref(), country.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ")
    });
    Ok([
        geo_type(kind.as_deref(), country.as_deref()),
        text(full_name),
        text(country),
        Cell::Null,
        Cell::Null,
        float(lat),
        float(lon),
        text(geonames_id.map(|id| id.to_string())),
    ])
}

/// The date columns of GDELT's event table (SQLDATE, MonthYear, Year, FractionDate).
fn gdelt_dates(date: Option<Date>) -> [Cell; 4] {
    match date {
        Some(date) => [
            Cell::Int(dates::sql_date(date)),
            Cell::Int(i64::from(date.year()) * 100 + i64::from(date.month())),
            Cell::Int(i64::from(date.year())),
            Cell::Float(dates::fraction_date(date)),
        ],
        None => [Cell::Null, Cell::Null, Cell::Null, Cell::Null],
    }
}

fn parse_date(value: Option<String>) -> Option<Date> {
    value.and_then(|value| value.parse::<Date>().ok())
}

/// Runs the export query of `options` and hands each row, with its date, to `visit`.
pub(crate) fn for_each_row(
    store: &Store,
    options: &ExportOptions,
    mut visit: impl FnMut(Option<Date>, &[Cell]) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    let operation = "export";
    let w = event_where(&options.filter)?;
    let matching = format!(
        "SELECT em.agg_pk FROM events e
         JOIN documents d ON d.doc_pk = e.doc_pk
         JOIN event_mentions em ON em.doc_pk = e.doc_pk AND em.event_idx = e.idx
         {}",
        w.sql()
    );
    let sql = match options.table {
        ExportTable::Events => format!(
            "SELECT g.agg_pk, g.date_start,
                 g.source_code, f.source_name, f.source_country, f.source_org, f.source_sector,
                 g.target_code, f.target_name, f.target_country, f.target_org, f.target_sector,
                 EXISTS (SELECT 1 FROM event_mentions m
                         JOIN events x ON x.doc_pk = m.doc_pk AND x.idx = m.event_idx
                         WHERE m.agg_pk = g.agg_pk
                           AND x.sentence_start = (SELECT min(y.sentence_start) FROM events y
                                                   WHERE y.doc_pk = x.doc_pk)),
                 g.cameo, f.quad_class, f.goldstein,
                 g.num_mentions, g.num_sources, g.num_articles,
                 p.kind, p.name, p.country, p.admin1, p.lat, p.lon, p.geonames_id,
                 fd.coded_at, fd.url,
                 g.date_value, f.date_grain, f.plover, f.plover_mode, g.negated, f.modality,
                 (SELECT count(*) FROM event_mentions m
                  JOIN events x ON x.doc_pk = m.doc_pk AND x.idx = m.event_idx
                  WHERE m.agg_pk = g.agg_pk AND x.asserted = 1),
                 (SELECT group_concat(code, ';') FROM (
                      SELECT DISTINCT x.claimant_code AS code FROM event_mentions m
                      JOIN events x ON x.doc_pk = m.doc_pk AND x.idx = m.event_idx
                      WHERE m.agg_pk = g.agg_pk AND x.claimant_code IS NOT NULL
                      ORDER BY x.claimant_code)),
                 g.num_stories, f.place_name, fd.source_name, fd.id, f.event_id, f.trigger,
                 f.pattern
             FROM agg_events g
             JOIN events f ON f.doc_pk = g.first_doc_pk AND f.idx = g.first_event_idx
             JOIN documents fd ON fd.doc_pk = g.first_doc_pk
             LEFT JOIN places p ON p.doc_pk = f.doc_pk AND p.idx = f.place_idx
             WHERE g.agg_pk IN ({matching})
             ORDER BY g.date_start, g.agg_pk"
        ),
        ExportTable::Mentions => format!(
            "SELECT em.agg_pk, fd.coded_at, d.coded_at, d.url, d.source_name, d.id,
                 e.trigger_start, length(CAST(d.body AS BLOB)),
                 e.date_start, e.date_value, e.date_grain, e.date_source,
                 d.content_hash, d.story_id, e.event_id,
                 e.sentence_start, e.sentence_end, e.trigger_end, e.trigger,
                 e.source_code, e.target_code, e.cameo, e.plover, e.goldstein, e.quad_class,
                 e.negated, e.modality, e.asserted, e.claimant_code,
                 e.place_name, e.place_country, e.pattern
             FROM events e
             JOIN documents d ON d.doc_pk = e.doc_pk
             JOIN event_mentions em ON em.doc_pk = e.doc_pk AND em.event_idx = e.idx
             JOIN agg_events g ON g.agg_pk = em.agg_pk
             JOIN documents fd ON fd.doc_pk = g.first_doc_pk
             WHERE em.agg_pk IN ({matching})
             ORDER BY g.date_start, em.agg_pk, e.doc_pk, e.idx"
        ),
    };
    let mut stmt = store.conn.prepare(&sql).op(operation)?;
    let mut rows = stmt
        .query(params_from_iter(w.values.iter()))
        .op(operation)?;
    let mut cells = Vec::with_capacity(EVENT_COLUMNS.len());
    while let Some(row) = rows.next().op(operation)? {
        cells.clear();
        let date = match options.table {
            ExportTable::Events => event_row(row, &mut cells),
            ExportTable::Mentions => mention_row(row, &mut cells),
        }
        .op(operation)?;
        visit(date, &cells)?;
    }
    Ok(())
}

fn event_row(row: &Row<'_>, cells: &mut Vec<Cell>) -> rusqlite::Result<Option<Date>> {
    let date = parse_date(row.get(1)?);
    cells.push(Cell::Int(row.get(0)?));
    cells.extend(gdelt_dates(date));
    for side in [2, 7] {
        // Code, Name, CountryCode, KnownGroupCode, Ethnic, Religion1, Religion2, Type1..3.
        cells.push(text(row.get(side)?));
        cells.push(text(row.get(side + 1)?));
        cells.push(text(row.get(side + 2)?));
        cells.push(text(row.get(side + 3)?));
        cells.extend([Cell::Null, Cell::Null, Cell::Null]);
        cells.push(text(row.get(side + 4)?));
        cells.extend([Cell::Null, Cell::Null]);
    }
    cells.push(Cell::Int(row.get(12)?));
    let cameo: String = row.get(13)?;
    cells.push(Cell::Text(cameo.clone()));
    cells.push(text(cameo.get(..3).map(str::to_string)));
    cells.push(text(cameo.get(..2).map(str::to_string)));
    cells.push(Cell::Int(row.get(14)?));
    cells.push(Cell::Float(row.get(15)?));
    cells.push(Cell::Int(row.get(16)?));
    cells.push(Cell::Int(row.get(17)?));
    cells.push(Cell::Int(row.get(18)?));
    cells.push(Cell::Null); // AvgTone: dyad does not score tone.
                            // Actor1Geo, Actor2Geo: dyad does not place actors.
    cells.extend(std::iter::repeat_n(Cell::Null, 16));
    cells.extend(geo(row, 19)?);
    let coded_at: String = row.get(26)?;
    cells.push(gdelt_timestamp(&coded_at));
    cells.push(text(row.get(27)?));
    // dyad's own.
    cells.push(date.map_or(Cell::Null, Cell::Date));
    cells.push(text(row.get(28)?));
    cells.push(text(row.get(29)?));
    cells.push(text(row.get(30)?));
    cells.push(text(row.get(31)?));
    cells.push(Cell::Bool(row.get(32)?));
    cells.push(text(row.get(33)?));
    cells.push(Cell::Int(row.get(34)?));
    cells.push(text(row.get(35)?));
    cells.push(Cell::Int(row.get(36)?));
    for idx in 37..=42 {
        cells.push(text(row.get(idx)?));
    }
    Ok(date)
}

fn mention_row(row: &Row<'_>, cells: &mut Vec<Cell>) -> rusqlite::Result<Option<Date>> {
    let date = parse_date(row.get(8)?);
    let url: Option<String> = row.get(3)?;
    let doc_id: String = row.get(5)?;
    cells.push(Cell::Int(row.get(0)?));
    cells.push(gdelt_timestamp(&row.get::<_, String>(1)?));
    cells.push(gdelt_timestamp(&row.get::<_, String>(2)?));
    // MentionType 1 (WEB) with a URL; 2 (CITATIONONLY) without.
    cells.push(Cell::Int(if url.is_some() { 1 } else { 2 }));
    cells.push(text(row.get(4)?));
    cells.push(Cell::Text(url.unwrap_or_else(|| doc_id.clone())));
    // SentenceID, Actor1CharOffset, Actor2CharOffset: not tracked (spans are in Dyad_ columns).
    cells.extend([Cell::Null, Cell::Null, Cell::Null]);
    cells.push(Cell::Int(row.get(6)?));
    cells.push(Cell::Int(1)); // InRawText: dyad codes the text as written.
    cells.push(Cell::Null); // Confidence
    cells.push(Cell::Int(row.get(7)?));
    cells.extend([Cell::Null, Cell::Null, Cell::Null]); // Tone, translation, extras.
    cells.push(date.map_or(Cell::Null, Cell::Date));
    cells.push(text(row.get(9)?));
    cells.push(text(row.get(10)?));
    cells.push(text(row.get(11)?));
    cells.push(Cell::Text(doc_id));
    cells.push(text(row.get(12)?));
    cells.push(int(row.get(13)?));
    cells.push(text(row.get(14)?));
    cells.push(Cell::Int(row.get(15)?));
    cells.push(Cell::Int(row.get(16)?));
    cells.push(Cell::Int(row.get(6)?));
    cells.push(Cell::Int(row.get(17)?));
    cells.push(text(row.get(18)?));
    cells.push(text(row.get(19)?));
    cells.push(text(row.get(20)?));
    cells.push(text(row.get(21)?));
    cells.push(text(row.get(22)?));
    cells.push(Cell::Float(row.get(23)?));
    cells.push(Cell::Int(row.get(24)?));
    cells.push(Cell::Bool(row.get(25)?));
    cells.push(text(row.get(26)?));
    cells.push(Cell::Bool(row.get(27)?));
    cells.push(text(row.get(28)?));
    cells.push(text(row.get(29)?));
    cells.push(text(row.get(30)?));
    cells.push(text(row.get(31)?));
    Ok(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gdelt_tables_have_their_published_widths() {
        let gdelt_events = EVENT_COLUMNS
            .iter()
            .take_while(|c| !c.name.starts_with("Dyad_"));
        assert_eq!(gdelt_events.count(), 61);
        let gdelt_mentions = MENTION_COLUMNS
            .iter()
            .take_while(|c| !c.name.starts_with("Dyad_"));
        assert_eq!(gdelt_mentions.count(), 16);
    }

    #[test]
    fn column_names_are_unique() {
        for columns in [EVENT_COLUMNS, MENTION_COLUMNS] {
            let mut names: Vec<_> = columns.iter().map(|c| c.name).collect();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), columns.len());
        }
    }

    #[test]
    fn timestamps_and_geo_types() {
        assert_eq!(
            gdelt_timestamp("2025-12-04T10:30:05Z"),
            Cell::Int(20251204103005)
        );
        assert_eq!(gdelt_timestamp("yesterday"), Cell::Null);
        assert_eq!(geo_type(Some("city"), Some("US")), Cell::Int(3));
        assert_eq!(geo_type(Some("city"), Some("FR")), Cell::Int(4));
        assert_eq!(geo_type(Some("admin1"), Some("FR")), Cell::Int(5));
        assert_eq!(geo_type(Some("region"), None), Cell::Null);
    }
}
