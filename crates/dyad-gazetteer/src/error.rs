//! The one error type of this crate: a data file line that cannot be used.

use std::fmt;

/// A problem in a gazetteer data file, with the file name and the 1-based line.
///
/// Built-in files never produce one (tests parse them); user files given to
/// [`GazetteerBuilder`](crate::GazetteerBuilder) may.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GazetteerError {
    /// The name the caller gave the file (usually its path).
    pub source_name: String,
    /// 1-based line number, 0 when the problem is not tied to a line.
    pub line: usize,
    /// What is wrong.
    pub kind: ErrorKind,
}

/// What is wrong with a line.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The first non-comment line is not the expected header.
    BadHeader {
        /// The header the format requires.
        expected: String,
    },
    /// A line has the wrong number of TAB-separated fields.
    FieldCount {
        /// Fields the format has.
        expected: usize,
        /// Fields the line has.
        found: usize,
    },
    /// The `kind` field is not one of the six kinds.
    UnknownKind(String),
    /// A required field is empty.
    Empty(&'static str),
    /// A field does not parse or is out of range.
    BadValue {
        /// The column name.
        field: &'static str,
        /// The text found.
        value: String,
    },
    /// A country row repeats an ISO code already defined.
    DuplicateCountry(String),
    /// An alias line names an entry that does not exist.
    UnknownTarget(String),
    /// Compressed data could not be read.
    Compressed(String),
}

impl fmt::Display for GazetteerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "{}:{}: {}", self.source_name, self.line, self.kind)
        } else {
            write!(f, "{}: {}", self.source_name, self.kind)
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::BadHeader { expected } => {
                write!(f, "expected the header line {:?}", expected)
            }
            ErrorKind::FieldCount { expected, found } => {
                write!(f, "expected {expected} TAB-separated fields, found {found}")
            }
            ErrorKind::UnknownKind(kind) => write!(
                f,
                "unknown kind {kind:?} (expected country, admin1, admin2, city, landmark or region)"
            ),
            ErrorKind::Empty(field) => write!(f, "field {field} is empty"),
            ErrorKind::BadValue { field, value } => {
                write!(f, "field {field} has an invalid value {value:?}")
            }
            ErrorKind::DuplicateCountry(code) => write!(f, "country {code} is defined twice"),
            ErrorKind::UnknownTarget(target) => write!(f, "no entry matches target {target:?}"),
            ErrorKind::Compressed(message) => write!(f, "cannot decompress: {message}"),
        }
    }
}

impl std::error::Error for GazetteerError {}
