//! Exports: the aggregated events in GDELT 2.0's event-table layout (or the
//! mentions in GDELT's mentions-table layout), as TSV, CSV, JSON Lines or
//! Parquet, one file or one file per month; and the stored records as JSON Lines.
//!
//! The column mapping, including the dyad-only columns appended after GDELT's
//! own, is documented in the crate's `GDELT.md`.
//!
//! Every format carries the same columns with the same names and types:
//! integers, floats, booleans, text and dates (Parquet `DATE`; ISO 8601 in
//! text formats). GDELT's TSV has no header and writes booleans as `1`/`0`,
//! so that existing GDELT readers load it; CSV has a header row.
//!
//! Rows stream from SQLite to the writer: text formats hold one row in memory,
//! Parquet one row group ([`PARQUET_ROW_GROUP`] rows). Rows come ordered by
//! date then id, so with [`Partitioning::ByMonth`] each month's file is
//! written once, in `year=YYYY/month=MM/part-0.EXT` folders (Hive style, read
//! as columns by DuckDB, Spark, pandas and R's arrow); undated rows go to
//! `year=unknown/month=unknown/`.

mod columns;
mod parquet;
mod text;

use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::error::{Context, StoreError};
use crate::query::EventFilter;
use crate::Store;

pub use self::parquet::PARQUET_ROW_GROUP;

/// The file format of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// Tab-separated, no header, as GDELT publishes it.
    GdeltTsv,
    /// Comma-separated with a header row (RFC 4180 quoting).
    Csv,
    /// One JSON object per line, keys named as the columns.
    Jsonl,
    /// Apache Parquet, typed columns, Snappy-compressed.
    Parquet,
}

impl ExportFormat {
    /// File extension of the format.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::GdeltTsv => "tsv",
            ExportFormat::Csv => "csv",
            ExportFormat::Jsonl => "jsonl",
            ExportFormat::Parquet => "parquet",
        }
    }
}

/// Which rows an export writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ExportTable {
    /// One row per aggregated event (GDELT's event table).
    #[default]
    Events,
    /// One row per event mention (GDELT's mentions table).
    Mentions,
}

/// One file, or one file per month of the event's date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Partitioning {
    /// Everything in the destination file.
    #[default]
    Single,
    /// `DEST/year=YYYY/month=MM/part-0.EXT`; DEST is a directory.
    ByMonth,
}

/// What to export and how.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportOptions {
    /// File format.
    pub format: ExportFormat,
    /// Aggregated events or mentions.
    pub table: ExportTable,
    /// One file or per month.
    pub partitioning: Partitioning,
    /// Which events (an aggregated event is exported if one of its mentions matches).
    pub filter: EventFilter,
}

impl ExportOptions {
    /// All aggregated events, in one file of `format`.
    pub fn new(format: ExportFormat) -> ExportOptions {
        ExportOptions {
            format,
            table: ExportTable::Events,
            partitioning: Partitioning::Single,
            filter: EventFilter::default(),
        }
    }
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ExportSummary {
    /// Rows written, all files together.
    pub rows: usize,
    /// Files written, in order.
    pub files: Vec<PathBuf>,
}

/// The type of a column, the same in every format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Int,
    Float,
    Bool,
    Text,
    Date,
}

/// A column: its name and type.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Column {
    pub(crate) name: &'static str,
    pub(crate) kind: Kind,
}

/// One value of a row; `Null` is an empty field.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    Null,
    Int(i64),
    Float(f64),
    Bool(bool),
    Text(String),
    Date(Date),
}

/// A writer of rows in one format.
pub(crate) trait RowSink {
    fn write_row(&mut self, row: &[Cell]) -> Result<(), StoreError>;
    fn finish(self: Box<Self>) -> Result<(), StoreError>;
}

fn sink<'w>(
    format: ExportFormat,
    columns: &'static [Column],
    writer: Box<dyn Write + Send + 'w>,
) -> Result<Box<dyn RowSink + 'w>, StoreError> {
    Ok(match format {
        ExportFormat::GdeltTsv => Box::new(text::Tsv::new(writer)),
        ExportFormat::Csv => Box::new(text::Csv::new(writer, columns)?),
        ExportFormat::Jsonl => Box::new(text::Jsonl::new(writer, columns)),
        ExportFormat::Parquet => Box::new(parquet::ParquetSink::new(writer, columns)?),
    })
}

/// The month folder of a row: `year=2025/month=08`.
fn partition_dir(date: Option<Date>) -> PathBuf {
    match date {
        Some(date) => PathBuf::from(format!("year={:04}", date.year()))
            .join(format!("month={:02}", date.month())),
        None => PathBuf::from("year=unknown").join("month=unknown"),
    }
}

impl Store {
    /// Exports to `dest`: a file for [`Partitioning::Single`], a directory
    /// (created if missing) for [`Partitioning::ByMonth`].
    ///
    /// # Errors
    /// A file cannot be created or written, the filter is malformed, or SQLite fails.
    pub fn export(
        &self,
        options: &ExportOptions,
        dest: &Path,
    ) -> Result<ExportSummary, StoreError> {
        let operation = format!("export to {}", dest.display());
        let columns = columns::columns(options.table);
        let mut summary = ExportSummary::default();
        let mut current: Option<(Option<Date>, Box<dyn RowSink>)> = None;
        let single = options.partitioning == Partitioning::Single;
        if single {
            if let Some(parent) = dest.parent().filter(|p| !p.as_os_str().is_empty()) {
                fs::create_dir_all(parent).op(&operation)?;
            }
            let file = fs::File::create(dest).op(&operation)?;
            current = Some((
                None,
                sink(options.format, columns, Box::new(BufWriter::new(file)))?,
            ));
            summary.files.push(dest.to_path_buf());
        }
        columns::for_each_row(self, options, |month, row| {
            let month = month.and_then(|d| Date::new(d.year(), d.month(), 1).ok());
            if !single && current.as_ref().is_none_or(|(open, _)| *open != month) {
                if let Some((_, previous)) = current.take() {
                    previous.finish()?;
                }
                let dir = dest.join(partition_dir(month));
                fs::create_dir_all(&dir).op(&operation)?;
                let path = dir.join(format!("part-0.{}", options.format.extension()));
                let file = fs::File::create(&path).op(&operation)?;
                current = Some((
                    month,
                    sink(options.format, columns, Box::new(BufWriter::new(file)))?,
                ));
                summary.files.push(path);
            }
            if let Some((_, sink)) = current.as_mut() {
                sink.write_row(row)?;
            }
            summary.rows += 1;
            Ok(())
        })?;
        if let Some((_, last)) = current.take() {
            last.finish()?;
        }
        Ok(summary)
    }

    /// Exports one unpartitioned table to `writer` (stdout, a pipe, a buffer);
    /// returns the number of rows.
    ///
    /// # Errors
    /// Writing fails, the filter is malformed, or SQLite fails.
    pub fn export_to<W: Write + Send>(
        &self,
        options: &ExportOptions,
        writer: W,
    ) -> Result<usize, StoreError> {
        let columns = columns::columns(options.table);
        let mut sink = sink(options.format, columns, Box::new(writer))?;
        let mut rows = 0;
        columns::for_each_row(self, options, |_, row| {
            rows += 1;
            sink.write_row(row)
        })?;
        sink.finish()?;
        Ok(rows)
    }

    /// Writes every stored record, as ingested, one JSON object per line, in
    /// ingest order (failed documents have no record and are left out);
    /// returns the number written.
    ///
    /// # Errors
    /// Writing fails or SQLite fails.
    pub fn export_records<W: Write>(&self, mut writer: W) -> Result<usize, StoreError> {
        let operation = "export records";
        let mut stmt = self
            .conn
            .prepare(
                "SELECT record_json FROM documents WHERE record_json IS NOT NULL ORDER BY doc_pk",
            )
            .op(operation)?;
        let mut rows = stmt.query([]).op(operation)?;
        let mut count = 0;
        while let Some(row) = rows.next().op(operation)? {
            let json: String = row.get(0).op(operation)?;
            writer.write_all(json.as_bytes()).op(operation)?;
            writer.write_all(b"\n").op(operation)?;
            count += 1;
        }
        writer.flush().op(operation)?;
        Ok(count)
    }
}
