//! Pages built to hurt a tree walker: 100,000 levels of nesting (blocks,
//! inline formatting, tables, lists), NUL bytes and invalid UTF-8, and every
//! page the `extract_html` fuzz target ever crashed on
//! (`tests/fuzz-regressions/`). Extraction must finish (no stack overflow,
//! no quadratic blow-up) and still find the paragraph.

use std::path::Path;
use std::time::{Duration, Instant};

const LEVELS: usize = 100_000;
const PARAGRAPH: &str =
    "<p>The harbour council met on Monday and agreed to reopen the northern pier in May.</p>";

fn nested(open: &str, close: &str, levels: usize) -> String {
    let mut page = String::with_capacity(levels * (open.len() + close.len()) + 200);
    page.push_str("<html><body>");
    for _ in 0..levels {
        page.push_str(open);
    }
    page.push_str(PARAGRAPH);
    for _ in 0..levels {
        page.push_str(close);
    }
    page.push_str("</body></html>");
    page
}

#[test]
fn a_hundred_thousand_levels_of_nesting_are_extracted() {
    // Lists nest at 10,000 levels only: `limit_nesting` keeps 1,000 `<ul>`s
    // open, but each of the other `<li>`s still makes html5ever scan that
    // stack for a `<p>` (the WHATWG "p in button scope" check), about 8 s
    // for 100,000 levels in a release build and minutes in a debug one.
    for (open, close, levels) in [
        ("<div>", "</div>", LEVELS),
        ("<b><i>", "", LEVELS),
        ("<table><tr><td>", "", LEVELS),
        ("<ul><li>", "</li></ul>", LEVELS / 10),
        ("<section class=\"article-body\">", "", LEVELS),
    ] {
        let page = nested(open, close, levels);
        let started = Instant::now();
        let extracted = dyad_extract::extract(&page, None);
        let took = started.elapsed();
        assert!(took < Duration::from_secs(30), "{open}: {took:?}");
        assert!(
            extracted.body.contains("northern pier"),
            "{open}: {:?}",
            extracted.body.get(..200)
        );
    }
}

#[test]
fn nul_bytes_and_invalid_utf8_are_extracted_around() {
    let page = b"<html><head><title>Pier\0 news</title></head><body><p>The harbour\0 council met on Monday \xff\xfe and agreed to reopen the northern pier in May.</p></body></html>";
    let extracted = dyad_extract::extract_bytes(page, None, None);
    assert!(
        extracted.body.contains("northern pier"),
        "{}",
        extracted.body
    );
    let extracted = dyad_extract::extract_bytes(page, Some("utf-16le"), None);
    let _ = extracted.body;
}

#[test]
fn pages_that_once_crashed_the_fuzzer_are_extracted_without_a_panic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    let Ok(files) = std::fs::read_dir(&root) else {
        return;
    };
    for file in files.filter_map(Result::ok) {
        let bytes = std::fs::read(file.path()).expect("regression file reads");
        for charset in [None, Some("utf-8"), Some("windows-1252"), Some("utf-16le")] {
            let _ = dyad_extract::extract_bytes(&bytes, charset, None);
            let _ = dyad_extract::extract_bytes(bytes.get(1..).unwrap_or_default(), charset, None);
        }
    }
}
