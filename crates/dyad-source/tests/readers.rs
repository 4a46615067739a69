//! Every reader on the fixture files (made by `tests/fixtures/make_fixtures.py`):
//! good files give documents, broken ones give clear per-document errors.

use dyad_source::{read_path, Document, Format, ReadOptions, SourceError, SourceErrorKind};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn read(name: &str) -> Vec<Result<Document, SourceError>> {
    read_path(&fixture(name), None, &ReadOptions::default()).collect()
}

fn ok(results: &[Result<Document, SourceError>]) -> Vec<&Document> {
    results.iter().filter_map(|r| r.as_ref().ok()).collect()
}

fn errors(results: &[Result<Document, SourceError>]) -> Vec<&SourceErrorKind> {
    results
        .iter()
        .filter_map(|r| r.as_ref().err())
        .map(|e| &e.kind)
        .collect()
}

#[test]
fn html_page() {
    let results = read("article.html");
    let docs = ok(&results);
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].title.as_deref(), Some("Harbour strike ends"));
    assert_eq!(
        docs[0].published.map(|d| d.to_string()).as_deref(),
        Some("2025-02-10")
    );
    assert_eq!(docs[0].body.lines().count(), 2, "{}", docs[0].body);
    assert!(!docs[0].body.contains("Share") && !docs[0].body.contains("rights reserved"));
}

#[test]
fn page_in_latin1_declared_utf8() {
    let results = read("lying-charset.html");
    let docs = ok(&results);
    assert_eq!(docs.len(), 1, "{results:?}");
    assert!(
        docs[0]
            .body
            .contains("São Paulo aceitaram a proposta na terça-feira"),
        "{}",
        docs[0].body
    );
}

#[test]
fn rss_atom_and_a_broken_feed() {
    let results = read("wire.rss");
    let docs = ok(&results);
    assert_eq!(docs.len(), 2);
    assert_eq!(
        docs[0].body,
        "The coastal rail line reopened on Wednesday after flood repairs.\nTrains will run hourly."
    );
    assert_eq!(
        docs[1].body,
        "Electricity was restored to most homes overnight."
    );
    assert_eq!(
        docs[1].published.map(|d| d.to_string()).as_deref(),
        Some("2025-02-13")
    );
    let results = read("news.atom");
    assert_eq!(
        ok(&results)[0].url.as_deref(),
        Some("https://atom.example.org/bridge")
    );
    let results = read("broken.rss");
    assert_eq!(ok(&results).len(), 0, "{results:?}");
    assert!(
        matches!(errors(&results)[..], [SourceErrorKind::Xml(_)]),
        "{results:?}"
    );
}

#[test]
fn gzipped_warc_truncated_warc_and_lying_length() {
    let results = read("crawl.warc.gz");
    let docs = ok(&results);
    assert_eq!(docs.len(), 2, "{results:?}");
    assert_eq!(docs[0].url.as_deref(), Some("https://example.org/harbour"));
    assert_eq!(docs[1].title.as_deref(), Some("Library reopens"));
    assert!(docs[0].id.starts_with("urn:uuid:fixture-"));

    let results = read("truncated.warc.gz");
    assert_eq!(ok(&results).len(), 1, "{results:?}");
    assert!(!errors(&results).is_empty());

    let results = read("lying-length.warc");
    let docs = ok(&results);
    assert_eq!(docs.len(), 1, "{results:?}");
    assert_eq!(docs[0].title.as_deref(), Some("Library reopens"));
    assert!(
        matches!(errors(&results)[..], [SourceErrorKind::Warc(_)]),
        "{results:?}"
    );
}

#[test]
fn zstd_json_lines_empty_text_and_a_gzip_bomb() {
    let results = read("docs.jsonl.zst");
    assert_eq!(
        ok(&results)
            .iter()
            .map(|d| d.id.as_str())
            .collect::<Vec<_>>(),
        ["z1", "z2", "z3"]
    );
    assert!(matches!(
        errors(&read("empty.txt"))[..],
        [SourceErrorKind::Empty]
    ));
    let small = ReadOptions {
        max_decompressed: 1024 * 1024,
        ..ReadOptions::default()
    };
    let results: Vec<_> = read_path(&fixture("bomb.txt.gz"), None, &small).collect();
    assert!(
        matches!(
            errors(&results)[..],
            [SourceErrorKind::DecompressedTooLarge { limit: 1_048_576 }]
        ),
        "{results:?}"
    );
    // The same bytes given to `read` are refused the same way.
    let bytes = std::fs::read(fixture("bomb.txt.gz")).unwrap_or_default();
    let results = dyad_source::read("bomb.txt.gz", &bytes, Format::Text, &small);
    assert!(matches!(
        errors(&results)[..],
        [SourceErrorKind::DecompressedTooLarge { .. }]
    ));
}

#[test]
fn a_folder_is_walked_recursively_in_name_order() {
    let results: Vec<_> = read_path(&fixture(""), None, &ReadOptions::default()).collect();
    let ids: Vec<&str> = ok(&results).iter().map(|d| d.id.as_str()).collect();
    assert!(ids.contains(&"n1"), "{ids:?}");
    assert!(ids.contains(&"wire-rail"));
    // article.html, lying-charset.html, 2 + 1 WARC pages, 2 + 1 feed items, 3 lines, note,
    // nested item, and the fixture script (an unknown extension, sniffed as text).
    assert_eq!(ids.len(), 15, "{ids:?}");
    // Bomb (under the default limit: a binary-data error), broken feed, empty file,
    // lying length, truncated WARC.
    assert!(errors(&results).len() >= 4, "{:?}", errors(&results));
    let missing: Vec<_> =
        read_path(&fixture("no-such-file.txt"), None, &ReadOptions::default()).collect();
    assert!(matches!(errors(&missing)[..], [SourceErrorKind::Io(_)]));
}

#[test]
fn forced_format_overrides_the_extension() {
    let results: Vec<_> = read_path(
        &fixture("note.txt"),
        Some(Format::Html),
        &ReadOptions::default(),
    )
    .collect();
    let docs = ok(&results);
    assert_eq!(docs.len(), 1);
    assert!(docs[0].body.starts_with("The council approved"));
}
