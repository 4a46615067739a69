//! Errors: [`ServerError`] for starting the server, [`ApiError`] for one
//! request (an HTTP status and a message, sent as JSON).

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use dyad_store::{StoreError, StoreErrorKind};

/// Why the server could not start or stopped.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServerError {
    /// The store could not be opened (or migrated).
    #[error("opening the store {path}: {source}")]
    Store {
        /// The file.
        path: String,
        /// Why.
        #[source]
        source: StoreError,
    },
    /// The address could not be bound, or the runtime could not start.
    #[error("{context}: {source}")]
    Io {
        /// What the server was doing.
        context: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

/// A request that failed: its status and a message for the client.
///
/// Rendered as `{"error": {"status": 400, "message": "..."}}`. Client errors
/// (4xx) say what to fix; server errors (5xx) say only that something went
/// wrong, the details going to stderr.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// What went wrong.
    pub message: String,
}

impl ApiError {
    /// 400: a parameter the client must fix.
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
        }
    }

    /// 404: nothing at this address.
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::NOT_FOUND,
            message: message.into(),
        }
    }

    /// 500: logged on stderr with `detail`; the client sees only a generic message.
    pub fn internal(detail: impl std::fmt::Display) -> ApiError {
        eprintln!("dyad serve: internal error: {detail}");
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: "internal error (details in the server's log)".to_string(),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> ApiError {
        match &error.kind {
            StoreErrorKind::Invalid(message) => ApiError::bad_request(message.clone()),
            // A malformed full-text query is the client's to fix; SQLite says where.
            StoreErrorKind::Sqlite(sqlite) if is_fts_error(&sqlite.to_string()) => {
                ApiError::bad_request(format!("bad full-text query: {sqlite}"))
            }
            _ => ApiError::internal(error),
        }
    }
}

/// True for SQLite's messages about a malformed FTS5 `MATCH` expression.
fn is_fts_error(message: &str) -> bool {
    message.contains("fts5")
        || message.contains("no such column")
        || message.contains("unterminated string")
        || message.contains("unknown special query")
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({
            "error": { "status": self.status.as_u16(), "message": self.message }
        });
        let mut response = (self.status, body.to_string()).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_errors_map_to_statuses() {
        let invalid = StoreError::new("query", StoreErrorKind::Invalid("not a date".into()));
        assert_eq!(ApiError::from(invalid).status, StatusCode::BAD_REQUEST);
        let io = StoreError::new(
            "export",
            StoreErrorKind::Io(std::io::Error::other("disk full")),
        );
        let error = ApiError::from(io);
        assert_eq!(error.status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(!error.message.contains("disk full"));
        assert!(is_fts_error("fts5: syntax error near \"\"\""));
    }
}
