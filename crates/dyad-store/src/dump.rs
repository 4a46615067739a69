//! A canonical text dump of the store, to compare two stores row by row.

use std::fmt::Write as _;

use rusqlite::types::ValueRef;
use rusqlite::Connection;

use crate::error::{Context, StoreError};

/// Tables and the order their rows are dumped in (their keys).
const TABLES: &[(&str, &str)] = &[
    ("documents", "doc_pk"),
    ("actors", "doc_pk, idx"),
    ("mentions", "doc_pk, idx"),
    ("times", "doc_pk, idx"),
    ("places", "doc_pk, idx"),
    ("quotes", "doc_pk, idx"),
    ("events", "doc_pk, idx"),
    ("doc_bands", "band, band_hash, doc_pk"),
    ("agg_events", "agg_pk"),
    ("event_mentions", "agg_pk, doc_pk, event_idx"),
];

pub(crate) fn canonical_dump(conn: &Connection) -> Result<String, StoreError> {
    let operation = "dump store";
    let mut out = String::new();
    for (table, order) in TABLES {
        let _ = writeln!(out, "== {table}");
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM {table} ORDER BY {order}"))
            .op(operation)?;
        let columns = stmt.column_count();
        let mut rows = stmt.query([]).op(operation)?;
        while let Some(row) = rows.next().op(operation)? {
            let mut cells = Vec::with_capacity(columns);
            for idx in 0..columns {
                cells.push(match row.get_ref(idx).op(operation)? {
                    ValueRef::Null => "NULL".to_string(),
                    ValueRef::Integer(value) => value.to_string(),
                    ValueRef::Real(value) => format!("{value:?}"),
                    ValueRef::Text(bytes) => format!("{:?}", String::from_utf8_lossy(bytes)),
                    ValueRef::Blob(bytes) => {
                        bytes.iter().map(|byte| format!("{byte:02x}")).collect()
                    }
                });
            }
            let _ = writeln!(out, "{}", cells.join("\t"));
        }
    }
    Ok(out)
}
