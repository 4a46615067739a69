//! Every export format, read back with an independent reader.

mod common;

use std::fs;
use std::path::Path;

use common::{geneva_coverage, other_news};
use dyad_store::{EventFilter, ExportFormat, ExportOptions, ExportTable, Partitioning, Store};
use parquet::basic::{LogicalType, Type as PhysicalType};
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;

fn filled() -> Store {
    let mut store = Store::open_in_memory().expect("store");
    store.ingest(&geneva_coverage()).expect("ingest");
    store.ingest(&other_news()).expect("ingest");
    store
}

fn export(store: &Store, options: &ExportOptions, dest: &Path) -> usize {
    store.export(options, dest).expect("export").rows
}

/// GDELT's 61 event columns plus dyad's 16.
const EVENT_WIDTH: usize = 61 + 16;

#[test]
fn gdelt_tsv_has_gdelt_columns_and_no_header() {
    let store = filled();
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("events.tsv");
    assert_eq!(
        export(&store, &ExportOptions::new(ExportFormat::GdeltTsv), &path),
        4
    );
    let text = fs::read_to_string(&path).expect("read");
    let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), 4);
    for row in &rows {
        assert_eq!(row.len(), EVENT_WIDTH);
    }
    // Ordered by date: the shelling (2025-11-20) comes first.
    let shelling = &rows[0];
    assert_eq!(shelling[1], "20251120", "SQLDATE");
    assert_eq!(shelling[2], "202511", "MonthYear");
    assert_eq!(shelling[3], "2025", "Year");
    assert_eq!(shelling[5], "RUSGOV", "Actor1Code");
    assert_eq!(shelling[6], "Kremlin", "Actor1Name");
    assert_eq!(shelling[7], "RUS", "Actor1CountryCode");
    assert_eq!(shelling[12], "GOV", "Actor1Type1Code");
    assert_eq!(shelling[15], "UKR", "Actor2Code");
    assert_eq!(shelling[25], "1", "IsRootEvent: in the first sentence");
    assert_eq!(shelling[26], "190", "EventCode");
    assert_eq!(shelling[27], "190", "EventBaseCode");
    assert_eq!(shelling[28], "19", "EventRootCode");
    assert_eq!(shelling[29], "4", "QuadClass");
    assert_eq!(shelling[30], "-10", "GoldsteinScale");
    assert_eq!(shelling[59], "20251205080000", "DATEADDED");
    assert_eq!(shelling[60], "https://news.example/wire-2", "SOURCEURL");
    assert_eq!(shelling[61], "2025-11-20", "Dyad_Date");
    assert_eq!(shelling[69], "UKRGOV", "Dyad_Claimants");
    let geneva = rows.iter().find(|r| r[26] == "040").expect("meeting");
    assert_eq!(
        &geneva[31..34],
        ["4", "2", "3"],
        "NumMentions, NumSources, NumArticles"
    );
    assert_eq!(geneva[51], "4", "ActionGeo_Type: world city");
    assert_eq!(geneva[52], "Geneva, CH", "ActionGeo_FullName");
    assert_eq!(geneva[53], "CH", "ActionGeo_CountryCode");
    assert_eq!(geneva[56], "46.2022", "ActionGeo_Lat");
    assert_eq!(geneva[58], "2660646", "ActionGeo_FeatureID");
    assert_eq!(geneva[70], "2", "Dyad_NumStories");
}

#[test]
fn csv_parses_with_a_header() {
    let store = filled();
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("events.csv");
    assert_eq!(
        export(&store, &ExportOptions::new(ExportFormat::Csv), &path),
        4
    );
    let mut reader = csv::Reader::from_path(&path).expect("csv");
    let header = reader.headers().expect("header").clone();
    assert_eq!(header.len(), EVENT_WIDTH);
    assert_eq!(&header[0], "GLOBALEVENTID");
    assert_eq!(&header[60], "SOURCEURL");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), 4);
    let praise = rows.iter().find(|r| &r[26] == "051").expect("praise");
    assert_eq!(&praise[6], "Paris");
    assert_eq!(&praise[66], "0", "Dyad_Negated");

    // Mentions: one row per report, quoted text survives commas.
    let path = dir.path().join("mentions.csv");
    let options = ExportOptions {
        table: ExportTable::Mentions,
        ..ExportOptions::new(ExportFormat::Csv)
    };
    assert_eq!(export(&store, &options, &path), 7);
    let mut reader = csv::Reader::from_path(&path).expect("csv");
    let header = reader.headers().expect("header").clone();
    assert_eq!(&header[15], "Extras");
    assert_eq!(&header[16], "Dyad_Date");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert!(rows.iter().all(|r| r.len() == header.len()));
}

#[test]
fn jsonl_has_typed_values() {
    let store = filled();
    let mut out = Vec::new();
    let options = ExportOptions {
        filter: EventFilter {
            cameo: Some("040".into()),
            ..Default::default()
        },
        ..ExportOptions::new(ExportFormat::Jsonl)
    };
    assert_eq!(store.export_to(&options, &mut out).expect("export"), 1);
    let text = String::from_utf8(out).expect("utf-8");
    let row: serde_json::Value = serde_json::from_str(text.trim()).expect("json");
    assert_eq!(row["SQLDATE"], 20251204);
    assert_eq!(row["EventCode"], "040");
    assert_eq!(row["GoldsteinScale"], 1.0);
    assert_eq!(row["NumMentions"], 4);
    assert_eq!(row["Dyad_Negated"], false);
    assert_eq!(row["Dyad_Date"], "2025-12-04");
    assert_eq!(row["AvgTone"], serde_json::Value::Null);
    assert_eq!(row.as_object().expect("object").len(), EVENT_WIDTH);
}

#[test]
fn parquet_reads_back_with_typed_columns() {
    let store = filled();
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("events.parquet");
    assert_eq!(
        export(&store, &ExportOptions::new(ExportFormat::Parquet), &path),
        4
    );
    let reader = SerializedFileReader::new(fs::File::open(&path).expect("open")).expect("parquet");
    let metadata = reader.metadata();
    assert_eq!(metadata.file_metadata().num_rows(), 4);
    let schema = metadata.file_metadata().schema_descr();
    assert_eq!(schema.num_columns(), EVENT_WIDTH);
    let column = |name: &str| {
        (0..schema.num_columns())
            .map(|i| schema.column(i))
            .find(|c| c.name() == name)
            .unwrap_or_else(|| panic!("no column {name}"))
    };
    assert_eq!(column("GLOBALEVENTID").physical_type(), PhysicalType::INT64);
    assert_eq!(
        column("GoldsteinScale").physical_type(),
        PhysicalType::DOUBLE
    );
    assert_eq!(
        column("EventCode").physical_type(),
        PhysicalType::BYTE_ARRAY
    );
    assert_eq!(
        column("EventCode").logical_type_ref(),
        Some(&LogicalType::String)
    );
    assert_eq!(
        column("Dyad_Negated").physical_type(),
        PhysicalType::BOOLEAN
    );
    assert_eq!(column("Dyad_Date").physical_type(), PhysicalType::INT32);
    assert_eq!(
        column("Dyad_Date").logical_type_ref(),
        Some(&LogicalType::Date)
    );

    let rows: Vec<_> = reader
        .get_row_iter(None)
        .expect("rows")
        .map(|row| row.expect("row"))
        .collect();
    assert_eq!(rows.len(), 4);
    let first: Vec<(String, Field)> = rows[0]
        .get_column_iter()
        .map(|(name, field)| (name.clone(), field.clone()))
        .collect();
    let get = |name: &str| {
        first
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, f)| f.clone())
    };
    assert_eq!(get("SQLDATE"), Some(Field::Long(20251120)));
    assert_eq!(get("EventCode"), Some(Field::Str("190".into())));
    assert_eq!(get("AvgTone"), Some(Field::Null));
    assert_eq!(get("Dyad_Negated"), Some(Field::Bool(false)));
    // 2025-11-20 is day 20412 since 1970-01-01.
    assert_eq!(get("Dyad_Date"), Some(Field::Date(20412)));
}

#[test]
fn partitions_by_year_and_month() {
    let store = filled();
    let dir = tempfile::tempdir().expect("tempdir");
    for format in [
        ExportFormat::Parquet,
        ExportFormat::Csv,
        ExportFormat::GdeltTsv,
        ExportFormat::Jsonl,
    ] {
        let dest = dir.path().join(format.extension());
        let options = ExportOptions {
            partitioning: Partitioning::ByMonth,
            ..ExportOptions::new(format)
        };
        let summary = store.export(&options, &dest).expect("export");
        assert_eq!(summary.rows, 4);
        let relative: Vec<String> = summary
            .files
            .iter()
            .map(|f| {
                f.strip_prefix(&dest)
                    .expect("inside dest")
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        let ext = format.extension();
        assert_eq!(
            relative,
            [
                format!("year=2025/month=11/part-0.{ext}"),
                format!("year=2025/month=12/part-0.{ext}"),
                format!("year=2026/month=01/part-0.{ext}"),
            ]
        );
    }
    // November holds the shelling and its denial.
    let november = dir.path().join("parquet/year=2025/month=11/part-0.parquet");
    let reader =
        SerializedFileReader::new(fs::File::open(november).expect("open")).expect("parquet");
    assert_eq!(reader.metadata().file_metadata().num_rows(), 2);
}

#[test]
fn an_empty_store_exports_valid_empty_files() {
    let store = Store::open_in_memory().expect("store");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("none.parquet");
    assert_eq!(
        export(&store, &ExportOptions::new(ExportFormat::Parquet), &path),
        0
    );
    let reader = SerializedFileReader::new(fs::File::open(&path).expect("open")).expect("parquet");
    assert_eq!(reader.metadata().file_metadata().num_rows(), 0);
    let path = dir.path().join("none.csv");
    assert_eq!(
        export(&store, &ExportOptions::new(ExportFormat::Csv), &path),
        0
    );
    assert_eq!(fs::read_to_string(&path).expect("read").lines().count(), 1);
}
