//! Opening a database written by an older dyad: `tests/compat/v1.sqlite`
//! (schema version 1, before stories and aggregation; see `src/tests.rs`).

mod common;

use std::path::PathBuf;

use dyad_store::{EventFilter, Store, SCHEMA_VERSION};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/compat")
        .join(name)
}

#[test]
fn version_1_migrates_to_what_a_fresh_ingest_gives() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("v1.sqlite");
    // Never open the committed file itself: migrating would rewrite it.
    std::fs::copy(fixture("v1.sqlite"), &path).expect("copy fixture");
    let mut migrated = Store::open(&path).expect("open v1");
    assert_eq!(migrated.schema_version().expect("version"), SCHEMA_VERSION);

    let mut fresh = Store::open_in_memory().expect("store");
    fresh.ingest(&common::geneva_coverage()).expect("ingest");
    fresh.ingest(&common::other_news()).expect("ingest");
    assert_eq!(
        migrated.canonical_dump().expect("dump"),
        fresh.canonical_dump().expect("dump")
    );

    let meeting = migrated
        .aggregated_events(&EventFilter {
            cameo: Some("040".into()),
            ..Default::default()
        })
        .expect("query");
    assert_eq!(
        (
            meeting[0].num_mentions,
            meeting[0].num_sources,
            meeting[0].num_articles
        ),
        (4, 2, 3)
    );
    assert_eq!(migrated.search("villages", 5).expect("search").len(), 1);
    let again = migrated.ingest(&common::geneva_coverage()).expect("ingest");
    assert_eq!(again.skipped, 3);
}
