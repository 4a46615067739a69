//! Parquet with typed columns, written with the `parquet` crate's low-level
//! column writers (no Arrow: the `arrow` feature would add a dozen crates and
//! minutes of build for nothing this store needs).
//!
//! Types: `INT64`, `DOUBLE`, `BOOLEAN`, `BYTE_ARRAY (STRING)`, `INT32 (DATE)`;
//! every column `OPTIONAL`, since GDELT's columns may be empty.

use std::io::Write;
use std::sync::Arc;

use parquet::basic::{Compression, LogicalType, Repetition, Type as PhysicalType};
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, DoubleType, Int32Type, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;

use super::{Cell, Column, Kind, RowSink};
use crate::dates;
use crate::error::{Context, StoreError};

/// Rows per row group: bounds the memory of an export (a few MB of events).
pub const PARQUET_ROW_GROUP: usize = 65_536;

/// The values of one column of the current row group, and where they are null.
enum Values {
    Int(Vec<i64>),
    Float(Vec<f64>),
    Bool(Vec<bool>),
    Text(Vec<ByteArray>),
    Date(Vec<i32>),
}

struct ColumnBuffer {
    values: Values,
    /// Definition levels: 1 present, 0 null.
    levels: Vec<i16>,
}

impl ColumnBuffer {
    fn new(kind: Kind) -> ColumnBuffer {
        ColumnBuffer {
            values: match kind {
                Kind::Int => Values::Int(Vec::new()),
                Kind::Float => Values::Float(Vec::new()),
                Kind::Bool => Values::Bool(Vec::new()),
                Kind::Text => Values::Text(Vec::new()),
                Kind::Date => Values::Date(Vec::new()),
            },
            levels: Vec::new(),
        }
    }

    /// Appends a cell; a cell of another type than the column's is written as null.
    fn push(&mut self, cell: &Cell) {
        let present = match (&mut self.values, cell) {
            (Values::Int(values), Cell::Int(value)) => {
                values.push(*value);
                true
            }
            (Values::Float(values), Cell::Float(value)) => {
                values.push(*value);
                true
            }
            (Values::Bool(values), Cell::Bool(value)) => {
                values.push(*value);
                true
            }
            (Values::Text(values), Cell::Text(value)) => {
                values.push(ByteArray::from(value.as_str()));
                true
            }
            (Values::Date(values), Cell::Date(value)) => match dates::epoch_days(*value) {
                Some(days) => {
                    values.push(days);
                    true
                }
                None => false,
            },
            _ => false,
        };
        self.levels.push(i16::from(present));
    }

    fn clear(&mut self) {
        self.levels.clear();
        match &mut self.values {
            Values::Int(values) => values.clear(),
            Values::Float(values) => values.clear(),
            Values::Bool(values) => values.clear(),
            Values::Text(values) => values.clear(),
            Values::Date(values) => values.clear(),
        }
    }
}

fn schema(columns: &[Column]) -> Result<Type, StoreError> {
    let operation = "export parquet: schema";
    let mut fields = Vec::with_capacity(columns.len());
    for column in columns {
        let (physical, logical) = match column.kind {
            Kind::Int => (PhysicalType::INT64, None),
            Kind::Float => (PhysicalType::DOUBLE, None),
            Kind::Bool => (PhysicalType::BOOLEAN, None),
            Kind::Text => (PhysicalType::BYTE_ARRAY, Some(LogicalType::String)),
            Kind::Date => (PhysicalType::INT32, Some(LogicalType::Date)),
        };
        let field = Type::primitive_type_builder(column.name, physical)
            .with_repetition(Repetition::OPTIONAL)
            .with_logical_type(logical)
            .build()
            .op(operation)?;
        fields.push(Arc::new(field));
    }
    Type::group_type_builder("dyad")
        .with_fields(fields)
        .build()
        .op(operation)
}

/// Buffers rows into columns and writes a row group every [`PARQUET_ROW_GROUP`] rows.
pub(crate) struct ParquetSink<'w> {
    writer: SerializedFileWriter<Box<dyn Write + Send + 'w>>,
    buffers: Vec<ColumnBuffer>,
    rows: usize,
}

impl<'w> ParquetSink<'w> {
    pub(crate) fn new(
        writer: Box<dyn Write + Send + 'w>,
        columns: &[Column],
    ) -> Result<ParquetSink<'w>, StoreError> {
        let properties = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_created_by(format!("dyad {}", env!("CARGO_PKG_VERSION")))
            .build();
        let writer =
            SerializedFileWriter::new(writer, Arc::new(schema(columns)?), Arc::new(properties))
                .op("export parquet")?;
        Ok(ParquetSink {
            writer,
            buffers: columns.iter().map(|c| ColumnBuffer::new(c.kind)).collect(),
            rows: 0,
        })
    }

    fn flush_row_group(&mut self) -> Result<(), StoreError> {
        let operation = "export parquet: row group";
        if self.rows == 0 {
            return Ok(());
        }
        let mut row_group = self.writer.next_row_group().op(operation)?;
        for buffer in &mut self.buffers {
            let Some(mut column) = row_group.next_column().op(operation)? else {
                break;
            };
            let levels = Some(buffer.levels.as_slice());
            match &buffer.values {
                Values::Int(values) => column
                    .typed::<Int64Type>()
                    .write_batch(values, levels, None),
                Values::Float(values) => column
                    .typed::<DoubleType>()
                    .write_batch(values, levels, None),
                Values::Bool(values) => {
                    column.typed::<BoolType>().write_batch(values, levels, None)
                }
                Values::Text(values) => column
                    .typed::<ByteArrayType>()
                    .write_batch(values, levels, None),
                Values::Date(values) => column
                    .typed::<Int32Type>()
                    .write_batch(values, levels, None),
            }
            .op(operation)?;
            column.close().op(operation)?;
            buffer.clear();
        }
        row_group.close().op(operation)?;
        self.rows = 0;
        Ok(())
    }
}

impl RowSink for ParquetSink<'_> {
    fn write_row(&mut self, row: &[Cell]) -> Result<(), StoreError> {
        for (buffer, cell) in self.buffers.iter_mut().zip(row) {
            buffer.push(cell);
        }
        self.rows += 1;
        if self.rows >= PARQUET_ROW_GROUP {
            self.flush_row_group()?;
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<(), StoreError> {
        self.flush_row_group()?;
        let mut inner = self.writer.into_inner().op("export parquet: close")?;
        inner.flush().op("export parquet: close")
    }
}
