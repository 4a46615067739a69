//! Checks shared by the reader targets: small limits so one input cannot
//! exhaust memory, and every error names the document it came from.

#![allow(dead_code)]

use dyad_source::{Document, Format, ReadOptions, SourceError};

/// The name every fuzzed input is read under (errors must carry it).
pub const NAME: &str = "fuzz-input";

/// Limits small enough for libFuzzer's 2 GB RSS budget.
pub fn options() -> ReadOptions {
    ReadOptions {
        max_bytes: 1024 * 1024,
        max_decompressed: 4 * 1024 * 1024,
        ..ReadOptions::default()
    }
}

/// Reads `bytes` as `format` and checks every result.
pub fn read_and_check(bytes: &[u8], format: Format) {
    let options = options();
    let results = dyad_source::read(NAME, bytes, format, &options);
    check(&results);
}

/// Every error names the input; every document's body and fields are sane.
pub fn check(results: &[Result<Document, SourceError>]) {
    for result in results {
        match result {
            Ok(document) => {
                assert!(
                    document.body.len() <= 64 * 1024 * 1024,
                    "body of {} bytes",
                    document.body.len()
                );
                if let Some(date) = document.published {
                    // Dates must print and parse back (they go into JSON records).
                    let printed = date.to_string();
                    assert_eq!(printed.parse::<jiff::civil::Date>().ok(), Some(date));
                }
            }
            Err(err) => {
                let message = err.to_string();
                assert!(
                    message.starts_with(NAME),
                    "error does not name the document: {message}"
                );
            }
        }
    }
}
