//! Extracts every `*.html` / `*.html.gz` page of a folder and prints
//! `{id: {"articleBody": …, "title": …, "published": …}}` as JSON (the
//! prediction layout of the HTML eval set's `score.py`), with the
//! extraction time on stderr.
//!
//! `cargo run --release -p dyad-extract --example extract_dir -- DIR > pred.json`

use std::io::Read;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args().nth(1).ok_or("usage: extract_dir DIR")?;
    let mut pages = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(&dir)?.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.path());
    for entry in entries {
        let path = entry.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_string();
        let Some(id) = name
            .strip_suffix(".html.gz")
            .or_else(|| name.strip_suffix(".html"))
        else {
            continue;
        };
        let raw = std::fs::read(&path)?;
        let bytes = if name.ends_with(".gz") {
            let mut out = Vec::new();
            flate2::read::GzDecoder::new(&raw[..]).read_to_end(&mut out)?;
            out
        } else {
            raw
        };
        let text = dyad_extract::charset::decode_html(&bytes, None).text;
        pages.push((id.to_string(), text));
    }
    let start = Instant::now();
    let mut out = serde_json::Map::new();
    for (id, text) in &pages {
        let page = dyad_extract::extract(text, None);
        out.insert(
            id.clone(),
            serde_json::json!({
                "articleBody": page.body,
                "title": page.title,
                "published": page.published.map(|d| d.to_string()),
                "byline": page.byline,
                "language": page.language,
            }),
        );
    }
    let elapsed = start.elapsed().as_secs_f64();
    eprintln!(
        "{} pages in {:.3} s: {:.1} pages/s",
        pages.len(),
        elapsed,
        pages.len() as f64 / elapsed
    );
    println!("{}", serde_json::to_string(&out)?);
    Ok(())
}
