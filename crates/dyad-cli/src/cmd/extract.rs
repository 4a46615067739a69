//! `dyad extract`: the title, byline, date, language and article body of
//! web pages, and (`--eval`) extraction scored on an HTML eval set.

use crate::Outcome;
use anyhow::{bail, Context, Result};
use clap::Args;
use dyad_eval::html::{read_ground_truth, score_pages, HtmlPrediction};
use dyad_extract::Extracted;
use dyad_source::compress::{decompress, Compression};
use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Extract the article from web pages: title, byline, publication date, language and body.
///
/// Each PAGE is an HTML file (gzip or zstd compressed files are read too;
/// `-` is stdin). The charset comes from the page, checked against its bytes.
///
/// With --eval DIR, scores extraction on an HTML eval set instead: DIR holds
/// `ground-truth.json` (or `.jsonl`) and the pages it names; prints body
/// precision, recall and F1 (the metric of DIR's score.py), date accuracy
/// when the ground truth has dates, and pages per second (extraction only).
///
/// Examples:
///
///   dyad extract page.html
///   dyad extract --json crawl/*.html.gz
///   dyad extract --eval ../shared/eval/html --min-f1 0.95
///
/// Exit status: 0 done; 1 some pages could not be read, or F1 under --min-f1; 2 error.
#[derive(Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct ExtractArgs {
    /// HTML pages (`-` for stdin).
    #[arg(value_name = "PAGE", required_unless_present = "eval")]
    pub pages: Vec<PathBuf>,
    /// The URL the pages came from (helps date them).
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// Print one JSON object per page.
    #[arg(long)]
    pub json: bool,
    /// Score extraction on the eval set in DIR instead.
    #[arg(long, value_name = "DIR", conflicts_with = "pages")]
    pub eval: Option<PathBuf>,
    /// With --eval: exit 1 when body F1 is under this value.
    #[arg(long, value_name = "F1", requires = "eval")]
    pub min_f1: Option<f64>,
    /// With --eval: write the predictions as score.py reads them (`{id: {"articleBody": …}}`).
    #[arg(long, value_name = "FILE", requires = "eval")]
    pub pred: Option<PathBuf>,
}

/// Most bytes decompressed from one page.
const MAX_PAGE: u64 = 256 * 1024 * 1024;

/// Runs `dyad extract`.
pub fn run(args: ExtractArgs) -> Result<Outcome> {
    if let Some(dir) = &args.eval {
        return evaluate(dir, args.min_f1, args.pred.as_deref());
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut failed = 0usize;
    for path in &args.pages {
        let bytes = match read_page(path) {
            Ok(bytes) => bytes,
            Err(err) => {
                eprintln!("dyad: {}: {err:#}", path.display());
                failed += 1;
                continue;
            }
        };
        let page = dyad_extract::extract_bytes(&bytes, None, args.url.as_deref());
        if args.json {
            writeln!(out, "{}", serde_json::to_string(&page_json(path, &page))?)?;
        } else {
            print_page(&mut out, path, &page)?;
        }
    }
    Ok(if failed > 0 {
        Outcome::Partial
    } else {
        Outcome::Success
    })
}

/// Reads a page file (or stdin), decompressing gzip and zstd.
fn read_page(path: &Path) -> Result<Vec<u8>> {
    let bytes = if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .context("reading stdin")?;
        bytes
    } else {
        std::fs::read(path).with_context(|| format!("reading {}", path.display()))?
    };
    match Compression::detect(&bytes) {
        Some(compression) => {
            let (plain, error) = decompress(&bytes, compression, MAX_PAGE);
            if let Some(kind) = error {
                bail!("{kind}");
            }
            Ok(plain)
        }
        None => Ok(bytes),
    }
}

fn page_json(path: &Path, page: &Extracted) -> serde_json::Value {
    serde_json::json!({
        "file": path.display().to_string(),
        "title": page.title,
        "byline": page.byline,
        "published": page.published.map(|d| d.to_string()),
        "date_source": page.date_source.map(|s| format!("{s:?}").to_lowercase()),
        "language": page.language,
        "url": page.canonical_url,
        "body": page.body,
    })
}

fn print_page(out: &mut impl Write, path: &Path, page: &Extracted) -> Result<()> {
    let field = |value: Option<String>| value.unwrap_or_else(|| "-".to_string());
    writeln!(out, "== {}", path.display())?;
    writeln!(out, "title:     {}", field(page.title.clone()))?;
    writeln!(out, "byline:    {}", field(page.byline.clone()))?;
    writeln!(
        out,
        "published: {}{}",
        field(page.published.map(|d| d.to_string())),
        page.date_source
            .map(|s| format!(" ({})", format!("{s:?}").to_lowercase()))
            .unwrap_or_default()
    )?;
    writeln!(out, "language:  {}", field(page.language.clone()))?;
    writeln!(out)?;
    writeln!(out, "{}", page.body)?;
    writeln!(out)?;
    Ok(())
}

/// Scores extraction on an eval set: reads every page, times extraction alone.
pub(crate) fn evaluate(
    dir: &Path,
    min_f1: Option<f64>,
    pred_file: Option<&Path>,
) -> Result<Outcome> {
    let truth_path = ["ground-truth.json", "ground-truth.jsonl"]
        .iter()
        .map(|name| dir.join(name))
        .find(|path| path.is_file())
        .with_context(|| format!("no ground-truth.json(l) in {}", dir.display()))?;
    let text = std::fs::read_to_string(&truth_path)
        .with_context(|| format!("reading {}", truth_path.display()))?;
    let gold = read_ground_truth(&text)
        .map_err(anyhow::Error::msg)
        .with_context(|| format!("parsing {}", truth_path.display()))?;
    let mut pages = Vec::with_capacity(gold.len());
    for page in &gold {
        let path = dir.join(&page.html);
        let bytes = read_page(&path).with_context(|| format!("page {}", page.id))?;
        pages.push(dyad_extract::charset::decode_html(&bytes, None).text);
    }
    let start = Instant::now();
    let extracted: Vec<Extracted> = gold
        .iter()
        .zip(&pages)
        .map(|(page, html)| dyad_extract::extract(html, page.url.as_deref()))
        .collect();
    let seconds = start.elapsed().as_secs_f64();
    let predictions: HashMap<String, HtmlPrediction> = gold
        .iter()
        .zip(&extracted)
        .map(|(page, result)| {
            (
                page.id.clone(),
                HtmlPrediction {
                    body: result.body.clone(),
                    published: result.published.map(|d| d.to_string()),
                },
            )
        })
        .collect();
    if let Some(file) = pred_file {
        let map: serde_json::Map<String, serde_json::Value> = predictions
            .iter()
            .map(|(id, p)| (id.clone(), serde_json::json!({"articleBody": p.body})))
            .collect();
        std::fs::write(file, serde_json::to_string(&map)?)
            .with_context(|| format!("writing {}", file.display()))?;
    }
    let report = score_pages(&gold, &predictions);
    let metric = |name: &str| {
        report
            .metric(name)
            .map_or_else(|| "-".to_string(), |v| format!("{v:.3}"))
    };
    println!(
        "{:<6} {:>6} {:>6} {:>6} {:>8} {:>8} {:>6} {:>8}",
        "layer", "P", "R", "F1", "accuracy", "date_acc", "pages", "pages/s"
    );
    println!(
        "{:<6} {:>6.3} {:>6.3} {:>6.3} {:>8} {:>8} {:>6} {:>8.1}",
        report.layer,
        report.precision,
        report.recall,
        report.f1,
        metric("accuracy"),
        metric("date_acc"),
        gold.len(),
        gold.len() as f64 / seconds.max(1e-9)
    );
    if let Some(floor) = min_f1 {
        if report.f1 < floor {
            eprintln!("dyad: floor missed: html.f1 = {:.3} < {floor}", report.f1);
            return Ok(Outcome::Partial);
        }
    }
    Ok(Outcome::Success)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evaluates_a_small_eval_set() -> Result<()> {
        let dir = tempfile::tempdir()?;
        std::fs::create_dir(dir.path().join("pages"))?;
        let page = "<html><body><nav><a href='/'>Home</a></nav><article><p>The two delegations met on Tuesday and agreed to resume trade talks next month.</p></article></body></html>";
        std::fs::write(dir.path().join("pages/p1.html"), page)?;
        let truth = dir.path().join("ground-truth.jsonl");
        std::fs::write(
            &truth,
            r#"{"id": "p1", "url": "https://example.org/p1", "html": "pages/p1.html", "text": "The two delegations met on Tuesday and agreed to resume trade talks next month."}"#,
        )?;
        let pred = dir.path().join("pred.json");
        assert!(matches!(
            evaluate(dir.path(), Some(0.99), Some(&pred))?,
            Outcome::Success
        ));
        assert!(std::fs::read_to_string(&pred)?.contains("articleBody"));
        std::fs::write(
            &truth,
            r#"{"id": "p1", "html": "pages/p1.html", "text": "Something else entirely was expected on this page."}"#,
        )?;
        assert!(matches!(
            evaluate(dir.path(), Some(0.5), None)?,
            Outcome::Partial
        ));
        assert!(evaluate(&dir.path().join("missing"), None, None).is_err());
        Ok(())
    }
}
