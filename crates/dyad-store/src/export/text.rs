//! Text formats: GDELT-style TSV, CSV and JSON Lines.

use std::io::Write;

use super::{Cell, Column, RowSink};
use crate::error::{Context, StoreError};

/// A float as text: shortest round-trip form, nothing for NaN or infinities.
fn float_text(value: f64) -> String {
    if value.is_finite() {
        format!("{value}")
    } else {
        String::new()
    }
}

/// A cell as plain text, before any quoting.
fn cell_text(cell: &Cell) -> String {
    match cell {
        Cell::Null => String::new(),
        Cell::Int(value) => value.to_string(),
        Cell::Float(value) => float_text(*value),
        Cell::Bool(value) => u8::from(*value).to_string(),
        Cell::Text(value) => value.clone(),
        Cell::Date(value) => value.to_string(),
    }
}

/// GDELT's layout: tab-separated, no header, no quoting. Tabs and line
/// breaks inside text become spaces, since GDELT readers split on them.
pub(crate) struct Tsv<'w> {
    writer: Box<dyn Write + Send + 'w>,
}

impl<'w> Tsv<'w> {
    pub(crate) fn new(writer: Box<dyn Write + Send + 'w>) -> Tsv<'w> {
        Tsv { writer }
    }
}

impl RowSink for Tsv<'_> {
    fn write_row(&mut self, row: &[Cell]) -> Result<(), StoreError> {
        let line: Vec<String> = row
            .iter()
            .map(|cell| cell_text(cell).replace(['\t', '\n', '\r'], " "))
            .collect();
        writeln!(self.writer, "{}", line.join("\t")).op("export tsv")
    }

    fn finish(mut self: Box<Self>) -> Result<(), StoreError> {
        self.writer.flush().op("export tsv")
    }
}

/// RFC 4180: a header row; fields with commas, quotes or line breaks are quoted.
pub(crate) struct Csv<'w> {
    writer: Box<dyn Write + Send + 'w>,
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

impl<'w> Csv<'w> {
    pub(crate) fn new(
        mut writer: Box<dyn Write + Send + 'w>,
        columns: &[Column],
    ) -> Result<Csv<'w>, StoreError> {
        let header: Vec<&str> = columns.iter().map(|c| c.name).collect();
        write!(writer, "{}\r\n", header.join(",")).op("export csv")?;
        Ok(Csv { writer })
    }
}

impl RowSink for Csv<'_> {
    fn write_row(&mut self, row: &[Cell]) -> Result<(), StoreError> {
        let line: Vec<String> = row.iter().map(|cell| csv_field(&cell_text(cell))).collect();
        write!(self.writer, "{}\r\n", line.join(",")).op("export csv")
    }

    fn finish(mut self: Box<Self>) -> Result<(), StoreError> {
        self.writer.flush().op("export csv")
    }
}

/// One JSON object per line; nulls are written, so every line has every key.
pub(crate) struct Jsonl<'w> {
    writer: Box<dyn Write + Send + 'w>,
    columns: &'static [Column],
}

impl<'w> Jsonl<'w> {
    pub(crate) fn new(writer: Box<dyn Write + Send + 'w>, columns: &'static [Column]) -> Jsonl<'w> {
        Jsonl { writer, columns }
    }
}

impl RowSink for Jsonl<'_> {
    fn write_row(&mut self, row: &[Cell]) -> Result<(), StoreError> {
        let mut object = serde_json::Map::with_capacity(row.len());
        for (column, cell) in self.columns.iter().zip(row) {
            let value = match cell {
                Cell::Null => serde_json::Value::Null,
                Cell::Int(value) => serde_json::Value::from(*value),
                Cell::Float(value) => serde_json::Number::from_f64(*value)
                    .map_or(serde_json::Value::Null, serde_json::Value::Number),
                Cell::Bool(value) => serde_json::Value::Bool(*value),
                Cell::Text(value) => serde_json::Value::String(value.clone()),
                Cell::Date(value) => serde_json::Value::String(value.to_string()),
            };
            object.insert(column.name.to_string(), value);
        }
        serde_json::to_writer(&mut self.writer, &object).op("export jsonl")?;
        self.writer.write_all(b"\n").op("export jsonl")
    }

    fn finish(mut self: Box<Self>) -> Result<(), StoreError> {
        self.writer.flush().op("export jsonl")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_only_when_needed() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("say \"no\""), "\"say \"\"no\"\"\"");
    }

    #[test]
    fn tsv_flattens_tabs_and_newlines() {
        let mut out = Vec::new();
        let mut tsv = Box::new(Tsv::new(Box::new(&mut out)));
        tsv.write_row(&[
            Cell::Text("a\tb\nc".into()),
            Cell::Bool(true),
            Cell::Null,
            Cell::Float(f64::NAN),
        ])
        .expect("write");
        tsv.finish().expect("finish");
        assert_eq!(String::from_utf8_lossy(&out), "a b c\t1\t\t\n");
    }
}
