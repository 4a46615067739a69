//! `dyad eval`: runs the pipeline on gold files and scores it per layer.

use crate::cmd::code::code_all;
use crate::run::{PlaceConvention, ResourceArgs};
use crate::Outcome;
use anyhow::{bail, Context, Result};
use clap::Args;
use dyad_eval::{
    detect_layer, misses, score, score_petrarch_output, CoderOutput, GoldDoc, Layer, LayerReport,
    Predictions,
};
use dyad_record::Record;
use dyad_source::{parse_date, Document};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Score dyad against gold files: precision, recall and F1 per layer.
///
/// A PATH is a gold file (JSON Lines, layouts of eval/FORMAT.md) or a folder
/// holding `events.jsonl`, `time.jsonl`, `geo.jsonl`, `quotes.jsonl`,
/// `*.times.jsonl` or `*.places.jsonl`. The layer is read from the file's
/// fields unless `--layer` says it. PLOVER gold records (layer `plover`) and
/// PETRARCH2 validation records (layer `petrarch`) are understood too.
///
/// Examples:
///
///   dyad eval ../shared/eval/gold-dev
///   dyad eval ../shared/eval/time/te3.times.jsonl --json
///   dyad eval ../shared/eval/gold-dev --min events.f1=0.5 --min time.value_acc=0.8
///   dyad eval ../shared/eval/html --min html.f1=0.95    (HTML main-text extraction)
///   dyad eval ../shared/eval/geo/lgl.places.jsonl --places every    (every toponym, as LGL annotates)
///   dyad eval ../shared/eval/gold-dev --misses           (what was missed, per document)
///   dyad eval ../shared/eval/petrarch2/jsonl/up_petr2_gsr.jsonl \
///       --baseline ../shared/eval/petrarch2/baseline/petrarch2_head_on_gigaword_sample.jsonl
///
/// Exit status: 0 scored (and every --min floor met); 1 a floor was missed; 2 error.
#[derive(Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct EvalArgs {
    /// Gold files or folders.
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
    /// The layer of every given file (events, time, geo, quotes, plover, petrarch).
    #[arg(long, value_parser = parse_layer)]
    pub layer: Option<Layer>,
    /// Score these predictions (JSON Lines of records, as `dyad code --jsonl` writes) instead of running the pipeline.
    #[arg(long, value_name = "FILE")]
    pub pred: Option<PathBuf>,
    /// Print the reports as JSON.
    #[arg(long)]
    pub json: bool,
    /// Before the reports, list per document the gold events no prediction matched
    /// (`- MISSED`), the predictions that matched no gold event (`+ EXTRA`), at
    /// the dyad + root level, and matched events whose claimant, date or place
    /// differs (`~ DIFFER`) (events layer), the wrong or absent first event (plover), or the expected
    /// triples no asserted event matched and the events matching none (petrarch).
    #[arg(long)]
    pub misses: bool,
    /// A floor to enforce, LAYER.METRIC=VALUE (metrics: p, r, f1, and the layer's others); repeatable.
    #[arg(long = "min", value_name = "LAYER.METRIC=VALUE")]
    pub floors: Vec<String>,
    /// Which uses of a place name are places: `located` (dyad's conventions) or
    /// `every` toponym, demonyms and names acting as actors included (TR-News, LGL).
    #[arg(long, value_enum, default_value_t = PlaceConvention::Located, value_name = "CONVENTION")]
    pub places: PlaceConvention,
    /// Another coder's output on the same PETRARCH2 records (JSON Lines with
    /// `id` and `got_events` [{source, target, code}], as in
    /// eval/petrarch2/baseline/), scored by the same rule and printed beside
    /// dyad's figures as layer `baseline`; repeatable.
    #[arg(long, value_name = "FILE")]
    pub baseline: Vec<PathBuf>,
    /// Worker threads (default: all cores).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    #[command(flatten)]
    pub resources: ResourceArgs,
}

fn parse_layer(text: &str) -> Result<Layer, String> {
    Layer::parse(text).ok_or_else(|| {
        format!("unknown layer {text:?} (events, time, geo, quotes, plover, petrarch)")
    })
}

/// Gold files under a path, each with its layer when known from the name.
fn gold_files(path: &Path) -> Result<Vec<(PathBuf, Option<Layer>)>> {
    if path.is_file() {
        return Ok(vec![(path.to_path_buf(), None)]);
    }
    if !path.is_dir() {
        bail!("{} is neither a file nor a folder", path.display());
    }
    let mut found = Vec::new();
    for (name, layer) in [
        ("events.jsonl", Layer::Events),
        ("time.jsonl", Layer::Time),
        ("geo.jsonl", Layer::Geo),
        ("quotes.jsonl", Layer::Quotes),
    ] {
        let file = path.join(name);
        if file.is_file() {
            found.push((file, Some(layer)));
        }
    }
    if found.is_empty() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .with_context(|| format!("listing {}", path.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        for file in entries {
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            if name.ends_with(".times.jsonl") {
                found.push((file, Some(Layer::Time)));
            } else if name.ends_with(".places.jsonl") {
                found.push((file, Some(Layer::Geo)));
            }
        }
    }
    if found.is_empty() {
        bail!("no gold files in {} (expected events.jsonl, time.jsonl, geo.jsonl, quotes.jsonl, *.times.jsonl or *.places.jsonl)", path.display());
    }
    Ok(found)
}

/// Reads a gold file into documents.
fn read_gold(path: &Path) -> Result<Vec<GoldDoc>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut docs = Vec::new();
    for (line_no, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let value: serde_json::Value = serde_json::from_str(line)
            .with_context(|| format!("{}:{}: invalid JSON", path.display(), line_no + 1))?;
        let doc = GoldDoc::from_value(value, &format!("{}:{}", path.display(), line_no + 1))
            .with_context(|| format!("{}:{}: no text", path.display(), line_no + 1))?;
        docs.push(doc);
    }
    Ok(docs)
}

/// Runs `dyad eval`.
pub fn run(args: EvalArgs) -> Result<Outcome> {
    dyad_pipeline::warm_up();
    let resources = args.resources.load()?;
    let pipeline = args.places.pipeline();
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let given: Option<Predictions> = match &args.pred {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("reading {}", path.display()))?;
            let mut map = Predictions::new();
            for (line_no, line) in text
                .lines()
                .enumerate()
                .filter(|(_, l)| !l.trim().is_empty())
            {
                let record: Record = serde_json::from_str(line).with_context(|| {
                    format!("{}:{}: not a dyad record", path.display(), line_no + 1)
                })?;
                map.insert(record.doc.id.clone(), record);
            }
            Some(map)
        }
        None => None,
    };
    let mut reports: Vec<(String, LayerReport)> = Vec::new();
    let mut html_outcome = Outcome::Success;
    for path in &args.paths {
        // An HTML extraction set (ground-truth.json + html/): scored by `dyad extract --eval`.
        let is_html_set = path.is_dir()
            && ["ground-truth.json", "ground-truth.jsonl"]
                .iter()
                .any(|name| path.join(name).is_file());
        if is_html_set || args.layer == Some(Layer::Html) {
            let min_f1 = args
                .floors
                .iter()
                .find_map(|f| f.strip_prefix("html.f1="))
                .map(str::parse::<f64>)
                .transpose()
                .context("--min html.f1 needs a number")?;
            if let Outcome::Partial = crate::cmd::extract::evaluate(path, min_f1, None)? {
                html_outcome = Outcome::Partial;
            }
            continue;
        }
        for (file, named_layer) in gold_files(path)? {
            let gold = read_gold(&file)?;
            let layer = args
                .layer
                .or(named_layer)
                .or_else(|| gold.first().and_then(|d| detect_layer(&d.value)))
                .with_context(|| {
                    format!("cannot tell the layer of {}: pass --layer", file.display())
                })?;
            let predictions = match &given {
                Some(map) => map.clone(),
                None => {
                    let documents: Vec<Document> = gold
                        .iter()
                        .map(|g| Document {
                            id: g.id.clone(),
                            published: g.published.as_deref().and_then(parse_date),
                            body: g.text.clone(),
                            ..Document::default()
                        })
                        .collect();
                    code_all(documents, &pipeline, &resources, threads)
                        .into_iter()
                        .map(|(_, record)| (record.doc.id.clone(), record))
                        .collect()
                }
            };
            let report = score(layer, &gold, &predictions);
            if args.misses {
                let mut out = std::io::stdout().lock();
                for doc in misses(layer, &gold, &predictions) {
                    writeln!(out, "== {} ({})", doc.id, file.display())?;
                    for line in &doc.missed {
                        writeln!(out, "  - MISSED {line}")?;
                    }
                    for line in &doc.spurious {
                        writeln!(out, "  + EXTRA  {line}")?;
                    }
                    for line in &doc.mismatched {
                        writeln!(out, "  ~ DIFFER {line}")?;
                    }
                }
            }
            if report.missing > 0 {
                eprintln!(
                    "dyad: warning: {} gold documents of {} have no prediction",
                    report.missing,
                    file.display()
                );
            }
            reports.push((file.display().to_string(), report));
            if layer == Layer::Petrarch {
                for baseline in &args.baseline {
                    let output = read_petrarch_output(baseline)?;
                    let mut report = score_petrarch_output(&gold, &output);
                    report.layer = "baseline".into();
                    reports.push((baseline.display().to_string(), report));
                }
            }
        }
    }
    if args.json {
        let value: Vec<serde_json::Value> = reports
            .iter()
            .map(|(file, report)| serde_json::json!({"file": file, "report": report}))
            .collect();
        println!("{}", serde_json::to_string_pretty(&value)?);
    } else {
        print_table(&reports);
    }
    let mut missed = Vec::new();
    for floor in args.floors.iter().filter(|f| !f.starts_with("html.")) {
        let (key, value) = floor
            .split_once('=')
            .with_context(|| format!("--min {floor:?}: expected LAYER.METRIC=VALUE"))?;
        let (layer, metric) = key
            .split_once('.')
            .with_context(|| format!("--min {floor:?}: expected LAYER.METRIC=VALUE"))?;
        let layer = parse_layer(layer).map_err(anyhow::Error::msg)?;
        let wanted: f64 = value
            .parse()
            .with_context(|| format!("--min {floor:?}: {value:?} is not a number"))?;
        let matching: Vec<&(String, LayerReport)> = reports
            .iter()
            .filter(|(_, r)| r.layer == layer.name())
            .collect();
        if matching.is_empty() {
            bail!("--min {floor}: no {} layer was evaluated", layer.name());
        }
        for (file, report) in matching {
            let got = report.metric(metric).with_context(|| {
                format!(
                    "--min {floor}: the {} layer has no metric {metric:?}",
                    layer.name()
                )
            })?;
            if got < wanted {
                missed.push(format!(
                    "{file}: {}.{metric} = {got:.3} < {wanted}",
                    layer.name()
                ));
            }
        }
    }
    if !missed.is_empty() {
        for line in &missed {
            eprintln!("dyad: floor missed: {line}");
        }
        return Ok(Outcome::Partial);
    }
    Ok(html_outcome)
}

fn print_table(reports: &[(String, LayerReport)]) {
    if reports.is_empty() {
        return;
    }
    println!(
        "{:<8} {:>6} {:>6} {:>6}  {:<40} file",
        "layer", "P", "R", "F1", "other"
    );
    for (file, report) in reports {
        let others: Vec<String> = report
            .metrics
            .iter()
            .filter(|m| !m.name.ends_with("_p") && !m.name.ends_with("_r"))
            .map(|m| {
                format!(
                    "{} {}",
                    m.name,
                    m.value.map_or("-".to_string(), |v| format!("{v:.3}"))
                )
            })
            .collect();
        let counts: Vec<String> = report
            .counts
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect();
        println!(
            "{:<8} {:>6.3} {:>6.3} {:>6.3}  {}  ({})  {}",
            report.layer,
            report.precision,
            report.recall,
            report.f1,
            others.join("  "),
            counts.join(", "),
            file
        );
    }
}

/// A coder's output on PETRARCH2 records: id → (source, target, code) triples.
fn read_petrarch_output(path: &Path) -> Result<CoderOutput> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut output = CoderOutput::new();
    for (line_no, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let at = || format!("{}:{}", path.display(), line_no + 1);
        let value: serde_json::Value =
            serde_json::from_str(line).with_context(|| format!("{}: not JSON", at()))?;
        let id = value["id"]
            .as_str()
            .with_context(|| format!("{}: no \"id\"", at()))?;
        let events = value["got_events"]
            .as_array()
            .with_context(|| format!("{}: no \"got_events\" list", at()))?;
        let field = |event: &serde_json::Value, name: &str| {
            event[name].as_str().unwrap_or_default().to_string()
        };
        let triples = events
            .iter()
            .map(|e| (field(e, "source"), field(e, "target"), field(e, "code")))
            .collect();
        output.insert(id.to_string(), triples);
    }
    Ok(output)
}
