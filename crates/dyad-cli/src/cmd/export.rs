//! `dyad export`: the store's events as a GDELT-style table (TSV), CSV, JSON
//! Lines or Parquet, for pandas, R, DuckDB or Spark — or its records as JSON Lines.

use crate::Outcome;
use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};
use dyad_store::{EventFilter, ExportFormat, ExportOptions, ExportTable, Partitioning, Store};
use std::path::PathBuf;

/// Export events from a store made by `dyad ingest`.
///
/// `gdelt` writes GDELT 2.0's event table (tab-separated, no header) with
/// dyad's own columns appended; the column mapping is in
/// crates/dyad-store/GDELT.md. `parquet` has typed columns. With
/// `--partition month`, OUT is a folder of `year=YYYY/month=MM/` files.
/// `records` writes every stored record (the `dyad code --json` shape) as JSON Lines.
///
/// Examples:
///
///   dyad export events.parquet --format parquet
///   dyad export out/ --format parquet --partition month
///   dyad export events.tsv --format gdelt --actor RUS
///   dyad export - --format jsonl --cameo 19 | jq .
///   python3 -c "import duckdb; print(duckdb.sql(\"SELECT cameo, count(*) FROM 'events.parquet' GROUP BY 1\"))"
#[derive(Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct ExportArgs {
    /// Output file or folder (`-` for stdout with text formats).
    pub out: PathBuf,
    /// The store.
    #[arg(long, default_value = "dyad.db", value_name = "FILE")]
    pub db: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Gdelt)]
    pub format: Format,
    /// Which table: aggregated events (GDELT's event table) or every mention.
    #[arg(long, value_enum, default_value_t = Table::Events)]
    pub table: Table,
    /// One file, or one per month (`year=YYYY/month=MM/`).
    #[arg(long, value_enum, default_value_t = Partition::None)]
    pub partition: Partition,
    /// Only events with this actor code prefix on either side.
    #[arg(long)]
    pub actor: Option<String>,
    /// Only events of this CAMEO root or code prefix.
    #[arg(long)]
    pub cameo: Option<String>,
    /// Only events on or after this day (YYYY-MM-DD).
    #[arg(long = "from")]
    pub date_from: Option<String>,
    /// Only events on or before this day (YYYY-MM-DD).
    #[arg(long = "to")]
    pub date_to: Option<String>,
}

/// Export formats.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    /// GDELT 2.0 event table, tab-separated, no header, dyad columns appended.
    Gdelt,
    /// CSV with a header.
    Csv,
    /// One JSON object per event.
    Jsonl,
    /// Apache Parquet with typed columns.
    Parquet,
    /// The stored records, one JSON object per document.
    Records,
}

/// Tables.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Table {
    /// One row per distinct event (with mention/source/article counts).
    Events,
    /// One row per mention of an event in an article.
    Mentions,
}

/// Partitioning.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Partition {
    /// One file.
    None,
    /// One file per month of the event date.
    Month,
}

/// Runs `dyad export`.
pub fn run(args: ExportArgs) -> Result<Outcome> {
    if !args.db.exists() {
        bail!(
            "no store at {} (create one with `dyad ingest`)",
            args.db.display()
        );
    }
    let store = Store::open(&args.db).with_context(|| format!("opening {}", args.db.display()))?;
    let to_stdout = args.out.as_os_str() == "-";
    if let Format::Records = args.format {
        let rows = if to_stdout {
            store.export_records(std::io::stdout().lock())?
        } else {
            let file = std::fs::File::create(&args.out)
                .with_context(|| format!("creating {}", args.out.display()))?;
            store.export_records(std::io::BufWriter::new(file))?
        };
        eprintln!("dyad: exported {rows} records");
        return Ok(Outcome::Success);
    }
    let format = match args.format {
        Format::Gdelt => ExportFormat::GdeltTsv,
        Format::Csv => ExportFormat::Csv,
        Format::Jsonl => ExportFormat::Jsonl,
        Format::Parquet => ExportFormat::Parquet,
        Format::Records => unreachable!("handled above"),
    };
    let mut options = ExportOptions::new(format);
    options.table = match args.table {
        Table::Events => ExportTable::Events,
        Table::Mentions => ExportTable::Mentions,
    };
    options.partitioning = match args.partition {
        Partition::None => Partitioning::Single,
        Partition::Month => Partitioning::ByMonth,
    };
    options.filter = EventFilter {
        actor: args.actor,
        cameo: args.cameo,
        date_from: args.date_from,
        date_to: args.date_to,
        ..EventFilter::default()
    };
    if to_stdout {
        if matches!(format, ExportFormat::Parquet)
            || matches!(options.partitioning, Partitioning::ByMonth)
        {
            bail!("Parquet and partitioned exports need a file or folder, not stdout");
        }
        let rows = store.export_to(&options, std::io::BufWriter::new(std::io::stdout()))?;
        eprintln!("dyad: exported {rows} rows");
    } else {
        let summary = store.export(&options, &args.out)?;
        eprintln!(
            "dyad: exported {} rows to {} file(s)",
            summary.rows,
            summary.files.len()
        );
    }
    Ok(Outcome::Success)
}
