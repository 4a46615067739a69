//! Crate-internal tests: the version-1 database kept under `tests/compat/`.
//!
//! `tests/compat/v1.sqlite` was written by [`write_v1_fixture`] with the
//! schema of version 1 and the articles of `tests/common` (`geneva_coverage`
//! then `other_news`); `tests/compat.rs` checks that today's code migrates it
//! to exactly what a fresh ingest of the same articles gives. To rebuild it
//! (only if those articles change, and only while version-1 tables are still
//! what `insert_layers` writes):
//! `DYAD_STORE_WRITE_COMPAT_V1=crates/dyad-store/tests/compat/v1.sqlite cargo test -p dyad-store --lib write_v1_fixture`

#[path = "../tests/common/mod.rs"]
mod common;

use rusqlite::{params, Connection};

use crate::ingest::{content_hash, insert_layers};
use crate::schema::{migrate_to, version};

/// Writes the version-1 fixture when `DYAD_STORE_WRITE_COMPAT_V1` names a path; otherwise does nothing.
#[test]
fn write_v1_fixture() {
    let Ok(path) = std::env::var("DYAD_STORE_WRITE_COMPAT_V1") else {
        return;
    };
    let _ = std::fs::remove_file(&path);
    let mut conn = Connection::open(&path).expect("open");
    // Small pages keep the committed file small.
    conn.pragma_update(None, "page_size", 512)
        .expect("page size");
    migrate_to(&mut conn, 1).expect("schema 1");
    assert_eq!(version(&conn).expect("version"), 1);
    let tx = conn.transaction().expect("tx");
    for item in common::geneva_coverage()
        .into_iter()
        .chain(common::other_news())
    {
        let record = item.outcome.as_ref().expect("coded");
        tx.execute(
            "INSERT INTO documents (content_hash, id, url, title, published, source_name,
                 body, coded_at, error, record_json)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, NULL, ?9)",
            params![
                content_hash(&item.body),
                item.meta.id,
                item.meta.url,
                item.meta.title,
                item.meta.published,
                item.meta.source_name,
                item.body,
                item.coded_at,
                serde_json::to_string(record).expect("json")
            ],
        )
        .expect("insert document");
        insert_layers(&tx, tx.last_insert_rowid(), record).expect("layers");
    }
    tx.execute(
        "INSERT INTO documents_fts (rowid, title, body) SELECT doc_pk, title, body FROM documents",
        [],
    )
    .expect("index");
    tx.commit().expect("commit");
    conn.execute_batch("VACUUM").expect("vacuum");
}

#[test]
fn a_version_1_database_migrates_in_place() {
    let mut conn = Connection::open_in_memory().expect("open");
    migrate_to(&mut conn, 1).expect("schema 1");
    conn.execute(
        "INSERT INTO documents (content_hash, id, body, coded_at) VALUES ('h', 'd', 'Some words here', 't')",
        [],
    )
    .expect("insert");
    crate::schema::migrate(&mut conn).expect("migrate");
    let story: i64 = conn
        .query_row("SELECT story_id FROM documents", [], |row| row.get(0))
        .expect("story");
    assert_eq!(story, 1, "backfilled");
}
