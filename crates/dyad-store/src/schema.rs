//! The schema and its migrations: ordered SQL files compiled in, applied in
//! one transaction each, the version kept in `PRAGMA user_version`.
//!
//! Why `user_version` rather than a table: it lives in the file header, costs
//! nothing to read, and SQLite updates it inside the migration's transaction,
//! so a migration killed halfway leaves the old version and the old tables.
//!
//! Adding a version: add `migrations/NNNN_name.sql`, append it to
//! [`MIGRATIONS`], backfill in `backfill` if old rows need derived data,
//! and keep a small database of the previous version under `tests/compat/`
//! with a test that opens it.

use rusqlite::{Connection, Transaction};

use crate::error::{Context, StoreError, StoreErrorKind};
use crate::{aggregate, story};

/// One step of the schema.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    /// The version the database has once this step is applied.
    pub version: u32,
    /// Short name, the SQL file's name without number and extension.
    pub name: &'static str,
    /// The SQL, run as one batch.
    pub sql: &'static str,
}

/// Every schema step, oldest first; versions are 1, 2, ... without gaps.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "records",
        sql: include_str!("../migrations/0001_records.sql"),
    },
    Migration {
        version: 2,
        name: "stories_aggregation",
        sql: include_str!("../migrations/0002_stories_aggregation.sql"),
    },
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// Reads the schema version of an open database (0 for a new file).
pub(crate) fn version(conn: &Connection) -> Result<u32, StoreError> {
    conn.pragma_query_value(None, "user_version", |row| row.get::<_, u32>(0))
        .op("read schema version")
}

/// Brings the database up to [`SCHEMA_VERSION`].
///
/// # Errors
/// Fails with [`StoreErrorKind::NewerSchema`] on a file from a newer dyad,
/// and on any SQLite error (the failing step is rolled back).
pub(crate) fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    migrate_to(conn, SCHEMA_VERSION)
}

/// Brings the database up to `target` (tests build older versions with it).
pub(crate) fn migrate_to(conn: &mut Connection, target: u32) -> Result<(), StoreError> {
    let current = version(conn)?;
    if current > SCHEMA_VERSION {
        return Err(StoreError::new(
            "open store",
            StoreErrorKind::NewerSchema {
                found: current,
                supported: SCHEMA_VERSION,
            },
        ));
    }
    for migration in MIGRATIONS
        .iter()
        .filter(|m| m.version > current && m.version <= target)
    {
        let operation = format!(
            "migrate to schema {} ({})",
            migration.version, migration.name
        );
        let tx = conn.transaction().op(&operation)?;
        tx.execute_batch(migration.sql).op(&operation)?;
        backfill(&tx, migration.version)?;
        tx.pragma_update(None, "user_version", migration.version)
            .op(&operation)?;
        tx.commit().op(&operation)?;
    }
    Ok(())
}

/// Fills what a step derives from rows written before it existed.
fn backfill(tx: &Transaction<'_>, version: u32) -> Result<(), StoreError> {
    if version != 2 {
        return Ok(());
    }
    let operation = "migrate to schema 2: backfill stories and aggregates";
    let docs: Vec<(i64, String)> = {
        let mut stmt = tx
            .prepare("SELECT doc_pk, body FROM documents ORDER BY doc_pk")
            .op(operation)?;
        let rows = stmt
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .op(operation)?;
        rows.collect::<Result<_, _>>().op(operation)?
    };
    let mut touched = Vec::new();
    for (doc_pk, body) in &docs {
        story::assign(tx, *doc_pk, body)?;
        touched.extend(aggregate::add_document_events(tx, *doc_pk)?);
    }
    aggregate::recount(tx, &touched)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_numbered_without_gaps() {
        for (idx, migration) in MIGRATIONS.iter().enumerate() {
            assert_eq!(migration.version as usize, idx + 1, "{}", migration.name);
        }
    }

    #[test]
    fn empty_database_migrates_to_latest() {
        let mut conn = Connection::open_in_memory().expect("in-memory database");
        migrate(&mut conn).expect("migrate");
        assert_eq!(version(&conn).expect("version"), SCHEMA_VERSION);
        // Migrating again is a no-op.
        migrate(&mut conn).expect("migrate again");
        assert_eq!(version(&conn).expect("version"), SCHEMA_VERSION);
    }

    #[test]
    fn newer_schema_is_refused() {
        let mut conn = Connection::open_in_memory().expect("in-memory database");
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .expect("set version");
        let error = migrate(&mut conn).expect_err("must refuse");
        assert!(matches!(error.kind, StoreErrorKind::NewerSchema { .. }));
    }

    #[test]
    fn fts5_is_compiled_in() {
        let conn = Connection::open_in_memory().expect("in-memory database");
        let used: i64 = conn
            .query_row(
                "SELECT sqlite_compileoption_used('ENABLE_FTS5')",
                [],
                |row| row.get(0),
            )
            .expect("compile option");
        assert_eq!(used, 1);
    }
}
