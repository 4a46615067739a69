//! `dyad query`: events, aggregated events, actors, quotes and full-text
//! search over a store, as a table, CSV or JSON Lines.

use crate::Outcome;
use anyhow::{Context, Result};
use clap::{Args, Subcommand, ValueEnum};
use dyad_store::{ActorFilter, EventFilter, QuoteFilter, Store};
use serde_json::{Map, Value};
use std::io::Write;
use std::path::PathBuf;

/// Query a store made by `dyad ingest`.
///
/// Examples:
///
///   dyad query events --actor RUS --cameo 04 --from 2025-01-01
///   dyad query events --source USA --target IRN --plover ASSAULT --format csv > strikes.csv
///   dyad query events --claimant yes --text ceasefire --format jsonl
///   dyad query aggregated --country UKR --limit 20
///   dyad query actors --name lavrov
///   dyad query quotes --speaker RUSGOV --contains sanctions
///   dyad query search '"peace talks" AND Istanbul'
#[derive(Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct QueryArgs {
    #[command(subcommand)]
    pub what: What,
    /// The store.
    #[arg(long, default_value = "dyad.db", value_name = "FILE", global = true)]
    pub db: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table, global = true)]
    pub format: OutputFormat,
    /// At most this many rows.
    #[arg(long, default_value_t = 100, global = true)]
    pub limit: usize,
}

/// Output formats of `dyad query`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum OutputFormat {
    /// Aligned columns for reading.
    Table,
    /// Comma-separated values with a header.
    Csv,
    /// One JSON object per line.
    Jsonl,
}

/// What to query.
#[derive(Subcommand, Debug)]
pub enum What {
    /// Event mentions (one row per mention in an article).
    Events(EventArgs),
    /// Aggregated events (one row per distinct event, with mention, source and article counts).
    Aggregated(EventArgs),
    /// Actors with how often they appear.
    Actors(ActorArgs),
    /// Quotes with their speakers.
    Quotes(QuoteArgs),
    /// Full-text search over titles and bodies (SQLite FTS5 syntax: words, "phrases", AND, OR, NOT).
    Search {
        /// The query.
        query: String,
    },
}

/// Event filters.
#[derive(Args, Debug)]
pub struct EventArgs {
    /// Actor code prefix on either side (RUS, RUSGOV, NATO).
    #[arg(long)]
    pub actor: Option<String>,
    /// Source actor code prefix.
    #[arg(long)]
    pub source: Option<String>,
    /// Target actor code prefix.
    #[arg(long)]
    pub target: Option<String>,
    /// ISO alpha-3 country of either actor.
    #[arg(long)]
    pub country: Option<String>,
    /// CAMEO root or code prefix (04, 042).
    #[arg(long)]
    pub cameo: Option<String>,
    /// PLOVER event type (CONSULT, ASSAULT).
    #[arg(long)]
    pub plover: Option<String>,
    /// First day (YYYY-MM-DD).
    #[arg(long = "from")]
    pub date_from: Option<String>,
    /// Last day (YYYY-MM-DD).
    #[arg(long = "to")]
    pub date_to: Option<String>,
    /// Place name of the event.
    #[arg(long)]
    pub place: Option<String>,
    /// ISO alpha-2 country of the event's place.
    #[arg(long)]
    pub place_country: Option<String>,
    /// Only events known through a claimant (yes) or only those without one (no).
    #[arg(long, value_parser = parse_yes_no)]
    pub claimant: Option<bool>,
    /// Only events the article states itself.
    #[arg(long)]
    pub asserted: bool,
    /// Full-text query over the events' articles.
    #[arg(long)]
    pub text: Option<String>,
}

/// Actor filters.
#[derive(Args, Debug)]
pub struct ActorArgs {
    /// Code prefix.
    #[arg(long)]
    pub code: Option<String>,
    /// ISO alpha-3 country.
    #[arg(long)]
    pub country: Option<String>,
    /// Name contains this (case-insensitive).
    #[arg(long)]
    pub name: Option<String>,
}

/// Quote filters.
#[derive(Args, Debug)]
pub struct QuoteArgs {
    /// Speaker code prefix.
    #[arg(long)]
    pub speaker: Option<String>,
    /// Only this document.
    #[arg(long)]
    pub doc: Option<String>,
    /// Content contains this (case-insensitive).
    #[arg(long)]
    pub contains: Option<String>,
}

fn parse_yes_no(text: &str) -> Result<bool, String> {
    match text {
        "yes" | "true" | "1" => Ok(true),
        "no" | "false" | "0" => Ok(false),
        other => Err(format!("expected yes or no, found {other:?}")),
    }
}

impl EventArgs {
    fn filter(&self, limit: usize) -> EventFilter {
        EventFilter {
            actor: self.actor.clone(),
            source: self.source.clone(),
            target: self.target.clone(),
            country: self.country.clone(),
            cameo: self.cameo.clone(),
            plover: self.plover.clone(),
            date_from: self.date_from.clone(),
            date_to: self.date_to.clone(),
            place: self.place.clone(),
            place_country: self.place_country.clone(),
            claimant: self.claimant,
            asserted: self.asserted.then_some(true),
            text: self.text.clone(),
            limit: Some(limit),
        }
    }
}

/// Flattens nested objects into `outer.inner` keys, keeping key order.
fn flatten(value: &Value, prefix: &str, out: &mut Map<String, Value>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                let name = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                flatten(inner, &name, out);
            }
        }
        other => {
            out.insert(prefix.to_string(), other.clone());
        }
    }
}

fn cell(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

fn csv_escape(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// Writes rows in the chosen format; `columns` are the table's columns.
fn write_rows(rows: Vec<Value>, format: OutputFormat, columns: &[&str]) -> Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let flat: Vec<Map<String, Value>> = rows
        .iter()
        .map(|row| {
            let mut map = Map::new();
            flatten(row, "", &mut map);
            map
        })
        .collect();
    match format {
        OutputFormat::Jsonl => {
            for row in &rows {
                serde_json::to_writer(&mut out, row)?;
                writeln!(out)?;
            }
        }
        OutputFormat::Csv => {
            let header: Vec<String> = flat
                .first()
                .map(|m| m.keys().cloned().collect())
                .unwrap_or_else(|| columns.iter().map(|c| c.to_string()).collect());
            writeln!(
                out,
                "{}",
                header
                    .iter()
                    .map(|h| csv_escape(h))
                    .collect::<Vec<_>>()
                    .join(",")
            )?;
            for row in &flat {
                writeln!(
                    out,
                    "{}",
                    header
                        .iter()
                        .map(|h| csv_escape(&cell(row.get(h))))
                        .collect::<Vec<_>>()
                        .join(",")
                )?;
            }
        }
        OutputFormat::Table => {
            let widths: Vec<usize> = columns
                .iter()
                .map(|c| {
                    flat.iter()
                        .map(|row| cell(row.get(*c)).chars().count().min(48))
                        .max()
                        .unwrap_or(0)
                        .max(c.len())
                })
                .collect();
            let line = |cells: Vec<String>| -> String {
                cells
                    .iter()
                    .zip(&widths)
                    .map(|(c, w)| {
                        let clipped: String = c.chars().take(*w).collect();
                        format!("{clipped:<w$}")
                    })
                    .collect::<Vec<_>>()
                    .join("  ")
                    .trim_end()
                    .to_string()
            };
            writeln!(
                out,
                "{}",
                line(columns.iter().map(|c| c.to_string()).collect())
            )?;
            for row in &flat {
                writeln!(
                    out,
                    "{}",
                    line(
                        columns
                            .iter()
                            .map(|c| cell(row.get(*c)).replace('\n', " "))
                            .collect()
                    )
                )?;
            }
            writeln!(out, "({} rows)", flat.len())?;
        }
    }
    out.flush()?;
    Ok(())
}

/// Runs `dyad query`.
pub fn run(args: QueryArgs) -> Result<Outcome> {
    if !args.db.exists() {
        anyhow::bail!(
            "no store at {} (create one with `dyad ingest`)",
            args.db.display()
        );
    }
    let store = Store::open(&args.db).with_context(|| format!("opening {}", args.db.display()))?;
    let to_values = |rows: Vec<serde_json::Value>| rows;
    match &args.what {
        What::Events(filter) => {
            let rows = store.events(&filter.filter(args.limit))?;
            let rows = to_values(
                rows.iter()
                    .map(serde_json::to_value)
                    .collect::<Result<_, _>>()?,
            );
            write_rows(
                rows,
                args.format,
                &[
                    "doc_id",
                    "date_value",
                    "source.code",
                    "target.code",
                    "cameo",
                    "plover",
                    "goldstein",
                    "trigger",
                    "place_name",
                    "claimant.code",
                    "asserted",
                ],
            )?;
        }
        What::Aggregated(filter) => {
            let rows = store.aggregated_events(&filter.filter(args.limit))?;
            let rows = rows
                .iter()
                .map(serde_json::to_value)
                .collect::<Result<Vec<_>, _>>()?;
            write_rows(
                rows,
                args.format,
                &[
                    "agg_id",
                    "date_value",
                    "source_code",
                    "target_code",
                    "cameo",
                    "plover",
                    "goldstein",
                    "num_mentions",
                    "num_sources",
                    "num_articles",
                ],
            )?;
        }
        What::Actors(filter) => {
            let rows = store.actors(&ActorFilter {
                code: filter.code.clone(),
                country: filter.country.clone(),
                name: filter.name.clone(),
                limit: Some(args.limit),
            })?;
            let rows = rows
                .iter()
                .map(serde_json::to_value)
                .collect::<Result<Vec<_>, _>>()?;
            write_rows(
                rows,
                args.format,
                &["code", "name", "kind", "num_documents", "num_mentions"],
            )?;
        }
        What::Quotes(filter) => {
            let rows = store.quotes(&QuoteFilter {
                speaker: filter.speaker.clone(),
                doc_id: filter.doc.clone(),
                contains: filter.contains.clone(),
                limit: Some(args.limit),
            })?;
            let rows = rows
                .iter()
                .map(serde_json::to_value)
                .collect::<Result<Vec<_>, _>>()?;
            write_rows(
                rows,
                args.format,
                &[
                    "doc_id",
                    "kind",
                    "speaker_code",
                    "speaker_name",
                    "cue",
                    "content",
                ],
            )?;
        }
        What::Search { query } => {
            let rows = store.search(query, args.limit)?;
            let rows = rows
                .iter()
                .map(serde_json::to_value)
                .collect::<Result<Vec<_>, _>>()?;
            write_rows(rows, args.format, &["doc_id", "published", "title", "url"])?;
        }
    }
    Ok(Outcome::Success)
}
