-- Schema version 2: near-duplicate stories and aggregated events.
-- Existing rows are backfilled by the Rust side of this migration
-- (schema.rs), which computes signatures and aggregates in doc_pk order.

-- Story of a document: the doc_pk of the first document of its story.
ALTER TABLE documents ADD COLUMN story_id INTEGER;
-- MinHash signature of the body's word shingles (64 little-endian u64).
ALTER TABLE documents ADD COLUMN minhash BLOB;
CREATE INDEX documents_story ON documents (story_id);

-- Locality-sensitive hashing bands of the signatures: documents that share
-- a band are candidates for the same story.
CREATE TABLE doc_bands (
    band      INTEGER NOT NULL,
    band_hash INTEGER NOT NULL,
    doc_pk    INTEGER NOT NULL REFERENCES documents (doc_pk) ON DELETE CASCADE,
    PRIMARY KEY (band, band_hash, doc_pk)
) STRICT, WITHOUT ROWID;

-- One row per distinct event: same source code, target code, CAMEO code,
-- date value and negation (see aggregate.rs).
CREATE TABLE agg_events (
    agg_pk          INTEGER PRIMARY KEY,
    event_key       TEXT NOT NULL UNIQUE,
    source_code     TEXT,
    target_code     TEXT,
    cameo           TEXT NOT NULL,
    date_value      TEXT,
    date_start      TEXT,
    negated         INTEGER NOT NULL,
    -- The mention seen first: where representative fields come from.
    first_doc_pk    INTEGER NOT NULL,
    first_event_idx INTEGER NOT NULL,
    num_mentions    INTEGER NOT NULL DEFAULT 0,
    num_sources     INTEGER NOT NULL DEFAULT 0,
    num_articles    INTEGER NOT NULL DEFAULT 0,
    num_stories     INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX agg_events_date_start ON agg_events (date_start);

CREATE TABLE event_mentions (
    agg_pk    INTEGER NOT NULL REFERENCES agg_events (agg_pk),
    doc_pk    INTEGER NOT NULL,
    event_idx INTEGER NOT NULL,
    PRIMARY KEY (agg_pk, doc_pk, event_idx),
    UNIQUE (doc_pk, event_idx),
    FOREIGN KEY (doc_pk, event_idx) REFERENCES events (doc_pk, idx) ON DELETE CASCADE
) STRICT;
