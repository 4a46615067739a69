-- Schema version 1: documents, the layers of their records, full-text search.
-- Spans are UTF-8 byte offsets into documents.body, end-exclusive.
-- Child rows name their document by doc_pk and their position in the record by idx.

CREATE TABLE documents (
    doc_pk       INTEGER PRIMARY KEY,
    -- SHA-256 of the body, lowercase hex: the identity of an article.
    content_hash TEXT NOT NULL UNIQUE,
    id           TEXT NOT NULL,
    url          TEXT,
    title        TEXT,
    published    TEXT,
    source_name  TEXT,
    body         TEXT NOT NULL,
    coded_at     TEXT NOT NULL,
    -- Why coding failed; NULL when record_json holds the record.
    error        TEXT,
    -- The record exactly as ingested (dyad_record::Record as JSON).
    record_json  TEXT
) STRICT;
CREATE INDEX documents_id ON documents (id);
CREATE INDEX documents_published ON documents (published);

CREATE TABLE actors (
    doc_pk   INTEGER NOT NULL REFERENCES documents (doc_pk) ON DELETE CASCADE,
    idx      INTEGER NOT NULL,
    actor_id TEXT NOT NULL,
    name     TEXT NOT NULL,
    code     TEXT NOT NULL,
    country  TEXT,
    org      TEXT,
    sector   TEXT,
    role     TEXT,
    kind     TEXT NOT NULL,
    PRIMARY KEY (doc_pk, idx)
) STRICT;
CREATE INDEX actors_code ON actors (code);
CREATE INDEX actors_country ON actors (country);

CREATE TABLE mentions (
    doc_pk     INTEGER NOT NULL REFERENCES documents (doc_pk) ON DELETE CASCADE,
    idx        INTEGER NOT NULL,
    span_start INTEGER NOT NULL,
    span_end   INTEGER NOT NULL,
    text       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    actor_id   TEXT,
    PRIMARY KEY (doc_pk, idx)
) STRICT;

CREATE TABLE times (
    doc_pk     INTEGER NOT NULL REFERENCES documents (doc_pk) ON DELETE CASCADE,
    idx        INTEGER NOT NULL,
    span_start INTEGER NOT NULL,
    span_end   INTEGER NOT NULL,
    text       TEXT NOT NULL,
    value      TEXT NOT NULL,
    grain      TEXT NOT NULL,
    from_date  TEXT,
    to_date    TEXT,
    PRIMARY KEY (doc_pk, idx)
) STRICT;

CREATE TABLE places (
    doc_pk      INTEGER NOT NULL REFERENCES documents (doc_pk) ON DELETE CASCADE,
    idx         INTEGER NOT NULL,
    span_start  INTEGER NOT NULL,
    span_end    INTEGER NOT NULL,
    text        TEXT NOT NULL,
    name        TEXT NOT NULL,
    country     TEXT,
    admin1      TEXT,
    -- NULL only if the record held a non-finite number.
    lat         REAL,
    lon         REAL,
    geonames_id INTEGER,
    kind        TEXT NOT NULL,
    PRIMARY KEY (doc_pk, idx)
) STRICT;

CREATE TABLE quotes (
    doc_pk        INTEGER NOT NULL REFERENCES documents (doc_pk) ON DELETE CASCADE,
    idx           INTEGER NOT NULL,
    span_start    INTEGER NOT NULL,
    span_end      INTEGER NOT NULL,
    content_start INTEGER NOT NULL,
    content_end   INTEGER NOT NULL,
    speaker_id    TEXT,
    speaker_code  TEXT,
    speaker_text  TEXT,
    speaker_start INTEGER,
    speaker_end   INTEGER,
    cue           TEXT,
    cue_start     INTEGER,
    cue_end       INTEGER,
    kind          TEXT NOT NULL,
    within        INTEGER,
    PRIMARY KEY (doc_pk, idx)
) STRICT;
CREATE INDEX quotes_speaker_code ON quotes (speaker_code);

-- One row per event of a record (a "mention" of an event in GDELT's sense).
-- Actor codes, names and countries are copied from the record's actors so
-- filters and exports need no join.
CREATE TABLE events (
    doc_pk            INTEGER NOT NULL REFERENCES documents (doc_pk) ON DELETE CASCADE,
    idx               INTEGER NOT NULL,
    event_id          TEXT NOT NULL,
    sentence_start    INTEGER NOT NULL,
    sentence_end      INTEGER NOT NULL,
    trigger_start     INTEGER NOT NULL,
    trigger_end       INTEGER NOT NULL,
    trigger           TEXT NOT NULL,
    source_id         TEXT,
    source_code       TEXT,
    source_name       TEXT,
    source_country    TEXT,
    source_org        TEXT,
    source_sector     TEXT,
    target_id         TEXT,
    target_code       TEXT,
    target_name       TEXT,
    target_country    TEXT,
    target_org        TEXT,
    target_sector     TEXT,
    cameo             TEXT NOT NULL,
    cameo_root        TEXT NOT NULL,
    plover            TEXT NOT NULL,
    plover_mode       TEXT NOT NULL,
    goldstein         REAL NOT NULL,
    quad_class        INTEGER NOT NULL,
    date_value        TEXT,
    date_grain        TEXT,
    date_source       TEXT,
    date_time_index   INTEGER,
    -- First day of the date's period (YYYY-MM-DD): what date ranges filter on.
    date_start        TEXT,
    place_idx         INTEGER,
    place_name        TEXT,
    place_country     TEXT,
    negated           INTEGER NOT NULL,
    modality          TEXT NOT NULL,
    attributed        INTEGER NOT NULL,
    claimant_id       TEXT,
    claimant_code     TEXT,
    claimant_name     TEXT,
    attribution_quote INTEGER,
    asserted          INTEGER NOT NULL,
    pattern           TEXT NOT NULL,
    target_inferred   INTEGER NOT NULL,
    PRIMARY KEY (doc_pk, idx)
) STRICT;
CREATE INDEX events_source_code ON events (source_code);
CREATE INDEX events_target_code ON events (target_code);
CREATE INDEX events_cameo ON events (cameo);
CREATE INDEX events_date_start ON events (date_start);

-- Full-text search over titles and bodies; the text lives in documents only.
-- New documents are indexed by ingest, one statement per batch (FTS5 flushes
-- its index at every statement savepoint, so a per-row trigger is slow);
-- the triggers keep the index right when a document changes or goes.
CREATE VIRTUAL TABLE documents_fts USING fts5 (
    title, body,
    content = 'documents', content_rowid = 'doc_pk',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, title, body)
        VALUES ('delete', old.doc_pk, old.title, old.body);
END;
CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, body ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, title, body)
        VALUES ('delete', old.doc_pk, old.title, old.body);
    INSERT INTO documents_fts (rowid, title, body) VALUES (new.doc_pk, new.title, new.body);
END;
