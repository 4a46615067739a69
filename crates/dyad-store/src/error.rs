//! The store's one error type: what failed (the operation) and why (the kind).

use std::fmt;

/// Why a store operation failed.
///
/// Carries the operation ("ingest", "open", "export parquet") so a user
/// reading the message knows what dyad was doing, and a kind to match on.
#[derive(Debug, thiserror::Error)]
pub struct StoreError {
    /// What the store was doing.
    pub operation: String,
    /// What went wrong.
    #[source]
    pub kind: StoreErrorKind,
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.operation, self.kind)
    }
}

/// What went wrong in a store operation.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreErrorKind {
    /// SQLite refused (locked file, corrupt database, a malformed full-text query).
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// Reading or writing a file failed.
    #[error("i/o: {0}")]
    Io(#[from] std::io::Error),
    /// The Parquet writer failed.
    #[error("parquet: {0}")]
    Parquet(#[from] parquet::errors::ParquetError),
    /// A stored record could not be (de)serialised.
    #[error("json: {0}")]
    Json(#[from] serde_json::Error),
    /// The file was written by a newer dyad whose schema this one does not know.
    #[error("database schema version {found} is newer than this dyad supports ({supported})")]
    NewerSchema {
        /// Version found in the file.
        found: u32,
        /// Latest version this build knows.
        supported: u32,
    },
    /// An argument the store cannot use (a bad date in a filter, say).
    #[error("{0}")]
    Invalid(String),
}

impl StoreError {
    /// Builds an error for `operation`.
    pub fn new(operation: impl Into<String>, kind: impl Into<StoreErrorKind>) -> StoreError {
        StoreError {
            operation: operation.into(),
            kind: kind.into(),
        }
    }
}

/// Adds the operation to any error the store can wrap.
pub(crate) trait Context<T> {
    /// Names the operation that failed.
    fn op(self, operation: &str) -> Result<T, StoreError>;
}

impl<T, E: Into<StoreErrorKind>> Context<T> for Result<T, E> {
    fn op(self, operation: &str) -> Result<T, StoreError> {
        self.map_err(|error| StoreError::new(operation, error))
    }
}
