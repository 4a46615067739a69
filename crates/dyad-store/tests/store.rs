//! The store through its public API: ingest, stories, aggregation, queries.

mod common;

use common::{ev, geneva_coverage, item, other_news, Article, Ev};
use dyad_record::DocRecord;
use dyad_store::{
    ActorFilter, EventFilter, IngestItem, IngestReport, QuoteFilter, Store, StoreErrorKind,
    SCHEMA_VERSION,
};

fn filled() -> Store {
    let mut store = Store::open_in_memory().expect("store");
    store.ingest(&geneva_coverage()).expect("ingest geneva");
    store.ingest(&other_news()).expect("ingest other");
    store
}

#[test]
fn reingest_is_a_noop() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(dir.path().join("s.db")).expect("store");
    let batch = geneva_coverage();
    let first = store.ingest(&batch).expect("ingest");
    assert_eq!(first.added, 3);
    let before = store.canonical_dump().expect("dump");
    let again = store.ingest(&batch).expect("ingest again");
    assert_eq!(
        again,
        IngestReport {
            skipped: 3,
            ..Default::default()
        }
    );
    // Same body under another id and a later time: still the same article.
    let mut renamed = batch[0].clone();
    renamed.meta.id = "another-id".into();
    renamed.coded_at = Some("2030-01-01T00:00:00Z".into());
    assert_eq!(store.ingest(&[renamed]).expect("renamed").skipped, 1);
    assert_eq!(store.canonical_dump().expect("dump"), before);
    // Reopening the file finds everything.
    drop(store);
    let store = Store::open(dir.path().join("s.db")).expect("reopen");
    assert_eq!(store.canonical_dump().expect("dump"), before);
    assert_eq!(store.schema_version().expect("version"), SCHEMA_VERSION);
}

#[test]
fn data_version_tells_a_reader_that_another_connection_wrote() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("s.db");
    let mut writer = Store::open(&path).expect("writer");
    let reader = Store::open(&path).expect("reader");
    let first = reader.data_version().expect("version");
    assert_eq!(reader.data_version().expect("version"), first);
    writer.ingest(&geneva_coverage()).expect("ingest");
    let second = reader.data_version().expect("version");
    assert_ne!(second, first);
    // Nothing written since: unchanged.
    assert_eq!(reader.data_version().expect("version"), second);
}

#[test]
fn a_duplicate_inside_one_batch_is_stored_once() {
    let mut store = Store::open_in_memory().expect("store");
    let batch = geneva_coverage();
    let report = store
        .ingest(&[batch[0].clone(), batch[0].clone()])
        .expect("ingest");
    assert_eq!((report.added, report.skipped), (1, 1));
}

#[test]
fn failed_documents_are_stored_with_their_error_and_recoded_later() {
    let mut store = Store::open_in_memory().expect("store");
    let meta = DocRecord {
        id: "broken".into(),
        title: Some("Half an article".into()),
        ..Default::default()
    };
    let body = "Paris praised Kyiv for its reforms.";
    let report = store
        .ingest(&[IngestItem::failed(
            meta.clone(),
            body,
            "pipeline stopped: out of memory",
        )])
        .expect("ingest");
    assert_eq!(report.failed, 1);
    let stored = store.document("broken").expect("read").expect("stored");
    assert_eq!(
        stored.error.as_deref(),
        Some("pipeline stopped: out of memory")
    );
    assert_eq!(stored.record, None);
    assert_eq!(stored.body, body);
    assert_eq!(store.counts().expect("counts").failed, 1);
    // Failing again changes nothing.
    let again = store
        .ingest(&[IngestItem::failed(meta, body, "another error")])
        .expect("ingest");
    assert_eq!(again.skipped, 1);
    // A successful retry upgrades the row.
    let article = Article {
        id: "broken",
        outlet: Some("Le Journal"),
        published: "2026-01-15",
        title: "Paris praises Kyiv",
        body: body.to_string(),
    };
    let retry = store
        .ingest(&[item(&article, &[ev("FRAGOV", "UKRGOV", "051", "praised")])])
        .expect("retry");
    assert_eq!(retry.recoded, 1);
    let stored = store.document("broken").expect("read").expect("stored");
    assert_eq!(stored.error, None);
    assert_eq!(stored.title.as_deref(), Some("Paris praises Kyiv"));
    assert!(stored.record.is_some());
    assert_eq!(store.counts().expect("counts").failed, 0);
    assert_eq!(
        store.events(&EventFilter::default()).expect("events").len(),
        1
    );
    // The title change reached the full-text index.
    assert_eq!(store.search("title:praises", 5).expect("search").len(), 1);
    assert!(store.search("title:half", 5).expect("search").is_empty());
}

#[test]
fn full_text_search_finds_words_in_titles_and_bodies() {
    let store = filled();
    let hits = store.search("prisoner", 10).expect("search");
    let mut ids: Vec<_> = hits.iter().map(|h| h.doc_id.as_str()).collect();
    ids.sort_unstable();
    assert_eq!(ids, ["paper-1", "wire-1"]);
    assert!(
        hits[0].snippet.to_lowercase().contains("[prisoner]"),
        "{}",
        hits[0].snippet
    );
    // Case-insensitive, phrases, titles.
    assert_eq!(store.search("GENEVA", 10).expect("search").len(), 3);
    assert_eq!(
        store.search("\"border villages\"", 10).expect("search")[0].doc_id,
        "wire-2"
    );
    assert_eq!(
        store.search("title:praises", 10).expect("search")[0].doc_id,
        "paper-2"
    );
    assert!(store.search("submarine", 10).expect("search").is_empty());
    // A malformed query is an error, not a panic.
    let error = store.search("\"unclosed", 10).expect_err("malformed");
    assert!(matches!(error.kind, StoreErrorKind::Sqlite(_)), "{error}");
}

#[test]
fn wire_copies_share_a_story() {
    let store = filled();
    let story = |id: &str| store.document(id).expect("read").expect("doc").story_id;
    assert_eq!(story("wire-1"), story("paper-1"));
    assert_ne!(story("wire-1"), story("radio-1"));
    assert_ne!(story("wire-1"), story("wire-2"));
    assert_eq!(store.counts().expect("counts").stories, 4);
}

#[test]
fn the_same_event_in_several_articles_is_aggregated() {
    let store = filled();
    let geneva = store
        .aggregated_events(&EventFilter {
            cameo: Some("040".into()),
            ..Default::default()
        })
        .expect("query");
    assert_eq!(geneva.len(), 1);
    let meeting = &geneva[0];
    assert_eq!(meeting.num_mentions, 4, "two articles once, one twice");
    assert_eq!(meeting.num_articles, 3);
    assert_eq!(
        meeting.num_sources, 2,
        "\"daily paper \" is \"Daily Paper\""
    );
    assert_eq!(meeting.num_stories, 2, "the copy is the wire's story");
    assert_eq!(meeting.first_doc_id, "wire-1");
    assert_eq!(meeting.source_name.as_deref(), Some("Russia"));
    assert_eq!(meeting.date_start.as_deref(), Some("2025-12-04"));
    let mentions = store.event_mentions(meeting.agg_id).expect("mentions");
    let docs: Vec<_> = mentions.iter().map(|m| m.doc_id.as_str()).collect();
    assert_eq!(docs, ["wire-1", "paper-1", "radio-1", "radio-1"]);
    // The shelling and its denial are two events.
    let fights = store
        .aggregated_events(&EventFilter {
            cameo: Some("19".into()),
            ..Default::default()
        })
        .expect("query");
    assert_eq!(fights.len(), 2);
    assert_eq!(fights.iter().filter(|e| e.negated).count(), 1);
    assert_eq!(store.counts().expect("counts").aggregated_events, 4);
}

#[test]
fn a_different_day_is_a_different_event() {
    let mut store = Store::open_in_memory().expect("store");
    let day = |id, published| Article {
        id,
        outlet: None,
        published,
        title: "Talks",
        body: format!("Russia met Ukraine ({id})."),
    };
    let met = [ev("RUS", "UKR", "040", "met")];
    store
        .ingest(&[
            item(&day("d1", "2025-12-04"), &met),
            item(&day("d2", "2025-12-05"), &met),
            item(&day("d3", "2025-12-05"), &met),
        ])
        .expect("ingest");
    let events = store
        .aggregated_events(&EventFilter::default())
        .expect("query");
    let counts: Vec<_> = events
        .iter()
        .map(|e| {
            (
                e.date_start.clone().unwrap_or_default(),
                e.num_articles,
                e.num_sources,
            )
        })
        .collect();
    // No outlet: each document counts as its own source.
    assert_eq!(
        counts,
        [
            ("2025-12-04".to_string(), 1, 1),
            ("2025-12-05".to_string(), 2, 2)
        ]
    );
}

#[test]
fn events_filter_on_every_field() {
    let store = filled();
    let count = |filter: EventFilter| store.events(&filter).expect("query").len();
    let all = count(EventFilter::default());
    assert_eq!(all, 7);
    assert_eq!(
        count(EventFilter {
            actor: Some("UKR".into()),
            ..Default::default()
        }),
        7
    );
    assert_eq!(
        count(EventFilter {
            actor: Some("RUSGOV".into()),
            ..Default::default()
        }),
        2
    );
    assert_eq!(
        count(EventFilter {
            source: Some("UKR".into()),
            ..Default::default()
        }),
        0
    );
    assert_eq!(
        count(EventFilter {
            target: Some("UKRGOV".into()),
            ..Default::default()
        }),
        1
    );
    assert_eq!(
        count(EventFilter {
            country: Some("fra".into()),
            ..Default::default()
        }),
        1
    );
    assert_eq!(
        count(EventFilter {
            cameo: Some("04".into()),
            ..Default::default()
        }),
        4
    );
    assert_eq!(
        count(EventFilter {
            cameo: Some("0".into()),
            ..Default::default()
        }),
        5
    );
    assert_eq!(
        count(EventFilter {
            plover: Some("fight".into()),
            ..Default::default()
        }),
        2
    );
    assert_eq!(
        count(EventFilter {
            date_from: Some("2025-12-01".into()),
            date_to: Some("2025-12-31".into()),
            ..Default::default()
        }),
        4
    );
    assert_eq!(
        count(EventFilter {
            date_from: Some("2026-01-15".into()),
            ..Default::default()
        }),
        1
    );
    assert_eq!(
        count(EventFilter {
            place: Some("geneva".into()),
            ..Default::default()
        }),
        4
    );
    assert_eq!(
        count(EventFilter {
            place_country: Some("tr".into()),
            ..Default::default()
        }),
        1
    );
    assert_eq!(
        count(EventFilter {
            claimant: Some(true),
            ..Default::default()
        }),
        1
    );
    assert_eq!(
        count(EventFilter {
            claimant: Some(false),
            ..Default::default()
        }),
        6
    );
    assert_eq!(
        count(EventFilter {
            asserted: Some(true),
            ..Default::default()
        }),
        5
    );
    assert_eq!(
        count(EventFilter {
            text: Some("villages".into()),
            ..Default::default()
        }),
        2
    );
    assert_eq!(
        count(EventFilter {
            text: Some("villages".into()),
            claimant: Some(true),
            ..Default::default()
        }),
        1
    );
    assert_eq!(
        count(EventFilter {
            limit: Some(2),
            ..Default::default()
        }),
        2
    );
    // A prefix is not a pattern: `_` and `%` are literal.
    assert_eq!(
        count(EventFilter {
            actor: Some("%".into()),
            ..Default::default()
        }),
        0
    );

    let shelling = store
        .events(&EventFilter {
            claimant: Some(true),
            ..Default::default()
        })
        .expect("query");
    let shelling = &shelling[0];
    assert_eq!(shelling.trigger, "shelled");
    let claimant = shelling.claimant.as_ref().expect("claimant");
    assert_eq!(claimant.code.as_deref(), Some("UKRGOV"));
    assert_eq!(claimant.name.as_deref(), Some("Kyiv"));
    assert!(shelling.attributed && !shelling.asserted);
    assert_eq!(shelling.outlet.as_deref(), Some("Wire Agency"));

    let error = store
        .events(&EventFilter {
            date_from: Some("last week".into()),
            ..Default::default()
        })
        .expect_err("bad date");
    assert!(matches!(error.kind, StoreErrorKind::Invalid(_)), "{error}");
}

#[test]
fn actors_and_quotes_are_listed() {
    let store = filled();
    let actors = store.actors(&ActorFilter::default()).expect("actors");
    let russia = actors.iter().find(|a| a.code == "RUS").expect("RUS");
    assert_eq!(russia.num_documents, 3);
    assert!(russia.num_mentions >= 3);
    let ukrainian = store
        .actors(&ActorFilter {
            country: Some("UKR".into()),
            ..Default::default()
        })
        .expect("actors");
    let mut codes: Vec<_> = ukrainian.iter().map(|a| a.code.as_str()).collect();
    codes.sort_unstable();
    assert_eq!(codes, ["UKR", "UKRGOV"]);
    let kremlin = store
        .actors(&ActorFilter {
            name: Some("kreml".into()),
            ..Default::default()
        })
        .expect("actors");
    assert_eq!(kremlin.len(), 1);

    let quotes = store
        .quotes(&QuoteFilter {
            speaker: Some("UKR".into()),
            ..Default::default()
        })
        .expect("quotes");
    assert_eq!(quotes.len(), 1);
    assert_eq!(
        quotes[0].content,
        "Kyiv said Kremlin forces shelled three border villages overnight."
    );
    assert_eq!(quotes[0].speaker_name.as_deref(), Some("Kyiv"));
    let none = store
        .quotes(&QuoteFilter {
            contains: Some("submarine".into()),
            ..Default::default()
        })
        .expect("quotes");
    assert!(none.is_empty());
    let some = store
        .quotes(&QuoteFilter {
            contains: Some("BORDER".into()),
            doc_id: Some("wire-2".into()),
            ..Default::default()
        })
        .expect("quotes");
    assert_eq!(some.len(), 1);
}

#[test]
fn spans_are_bytes_even_after_multibyte_text() {
    let mut store = Store::open_in_memory().expect("store");
    let article = Article {
        id: "utf8",
        outlet: None,
        published: "2025-12-04",
        title: "Zürich",
        body: "Über Zürich: Kyiv said Kremlin forces shelled a village.".to_string(),
    };
    store
        .ingest(&[item(
            &article,
            &[Ev {
                claimant: Some("UKRGOV"),
                ..ev("RUSGOV", "UKR", "190", "shelled")
            }],
        )])
        .expect("ingest");
    let quotes = store.quotes(&QuoteFilter::default()).expect("quotes");
    assert_eq!(
        quotes[0].content,
        "Über Zürich: Kyiv said Kremlin forces shelled a village."
    );
    let events = store.events(&EventFilter::default()).expect("events");
    let body = &article.body;
    let trigger = &body[events[0].trigger_start as usize..events[0].trigger_end as usize];
    assert_eq!(trigger, "shelled");
    // Accents fold in search.
    assert_eq!(store.search("zurich", 5).expect("search").len(), 1);
}

#[test]
fn stored_records_round_trip() {
    let store = filled();
    let mut out = Vec::new();
    let written = store.export_records(&mut out).expect("export");
    assert_eq!(written, 5);
    let expected: Vec<_> = geneva_coverage()
        .into_iter()
        .chain(other_news())
        .map(|item| item.outcome.expect("coded"))
        .collect();
    let read: Vec<dyad_record::Record> = String::from_utf8(out)
        .expect("utf-8")
        .lines()
        .map(|line| serde_json::from_str(line).expect("record"))
        .collect();
    assert_eq!(read, expected);
    let doc = store.document("wire-2").expect("read").expect("doc");
    assert_eq!(doc.record.as_ref(), Some(&expected[3]));
    assert_eq!(doc.coded_at, "2025-12-05T08:00:00Z");
    // By content hash too.
    let by_hash = store
        .document(&doc.content_hash)
        .expect("read")
        .expect("doc");
    assert_eq!(by_hash.id, "wire-2");
    assert!(store.document("nothing").expect("read").is_none());
}

#[test]
fn odd_records_are_stored_without_failing_the_batch() {
    let mut store = Store::open_in_memory().expect("store");
    let article = Article {
        id: "odd",
        outlet: None,
        published: "2025-12-04",
        title: "Odd",
        body: "Russia met Ukraine in Geneva.".to_string(),
    };
    let mut record = common::code(
        &article,
        &[Ev {
            place: Some("Geneva"),
            ..ev("RUS", "UKR", "040", "met")
        }],
    );
    record.places[0].lat = f64::NAN;
    let event = &mut record.events[0];
    event.goldstein = f64::NAN;
    event.source = Some("a99".into());
    event.place = Some(42);
    event.cameo = "é".into();
    event.trigger_end = 10_000;
    if let Some(date) = event.date.as_mut() {
        date.value = "someday".into();
    }
    let report = store
        .ingest(&[IngestItem::coded(article.body.clone(), record)])
        .expect("ingest");
    assert_eq!(report.added, 1);
    let events = store.events(&EventFilter::default()).expect("events");
    assert_eq!(
        events[0].source,
        Some(dyad_store::EventActor {
            id: "a99".into(),
            code: None,
            name: None,
            country: None,
        })
    );
    assert_eq!(events[0].goldstein, 0.0);
    assert_eq!(events[0].date_start, None);
    assert_eq!(events[0].place_name, None);
    let mut out = Vec::new();
    let options = dyad_store::ExportOptions::new(dyad_store::ExportFormat::Parquet);
    assert_eq!(store.export_to(&options, &mut out).expect("export"), 1);
}
