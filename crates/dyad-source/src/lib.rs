//! dyad's readers: turn input bytes into [`Document`]s, one `Result` per
//! document, so one bad document never ends a run.
//!
//! Formats today: plain text (one document per file), JSON (one object or an
//! array of objects) and JSON Lines (one object per line) with the fields
//! `id`, `text`, `published`, `title`, `url`, `source_name` — the gold files
//! of dyad's evaluation sets are valid input. The format comes from the
//! file extension, or from the content when there is none (stdin).
//!
//! Readers take bytes, not paths: the caller does the file I/O, so the
//! readers can be tested and fuzzed on any input.

use jiff::civil::Date;
use serde::Deserialize;

/// One article to code.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Document {
    /// Identifier: the JSON `id`, or the file name (with a line number for JSON Lines without ids).
    pub id: String,
    /// URL.
    pub url: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// Publication date.
    pub published: Option<Date>,
    /// Outlet.
    pub source_name: Option<String>,
    /// The text to code.
    pub body: String,
}

/// Why a document could not be read. Carries where it came from.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{origin}: {kind}")]
pub struct SourceError {
    /// File name and, where it applies, line ("feed.jsonl:17").
    pub origin: String,
    /// What went wrong.
    pub kind: SourceErrorKind,
}

/// What went wrong with a document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SourceErrorKind {
    /// Bytes that are not UTF-8.
    #[error("not valid UTF-8 (first bad byte at offset {0})")]
    InvalidUtf8(usize),
    /// Looks like binary data, not text.
    #[error("binary data, not text ({0} NUL or control bytes in the first 4 KiB)")]
    Binary(usize),
    /// Larger than the configured limit.
    #[error(
        "document is {size} bytes, over the limit of {limit} bytes (raise it with --max-bytes)"
    )]
    TooLarge {
        /// Size in bytes.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// Malformed JSON.
    #[error("invalid JSON: {0}")]
    Json(String),
    /// A JSON document without a text field.
    #[error("JSON object has no \"text\" (or \"body\") string field")]
    MissingText,
    /// A date that does not parse.
    #[error("\"published\" is not a date: {0:?}")]
    BadDate(String),
    /// An empty input.
    #[error("empty document")]
    Empty,
}

/// The input formats readers know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One plain-text document.
    Text,
    /// One JSON object or an array of them.
    Json,
    /// One JSON object per line.
    JsonLines,
}

impl Format {
    /// The format for a file name, by extension; `None` when unknown.
    pub fn from_name(name: &str) -> Option<Format> {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".jsonl") || lower.ends_with(".ndjson") {
            Some(Format::JsonLines)
        } else if lower.ends_with(".json") {
            Some(Format::Json)
        } else if lower.ends_with(".txt") || lower.ends_with(".text") {
            Some(Format::Text)
        } else {
            None
        }
    }

    /// The format by sniffing content: JSON when it starts with `{` or `[`.
    pub fn sniff(bytes: &[u8]) -> Format {
        let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
        match first {
            Some(b'[') => Format::Json,
            Some(b'{') => {
                // Several objects on several lines: JSON Lines.
                let lines = bytes
                    .split(|b| *b == b'\n')
                    .filter(|l| l.iter().any(|b| !b.is_ascii_whitespace()))
                    .take(2)
                    .count();
                if lines > 1 {
                    Format::JsonLines
                } else {
                    Format::Json
                }
            }
            _ => Format::Text,
        }
    }
}

/// Options shared by readers.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Publication date for documents that carry none (plain text).
    pub published: Option<Date>,
    /// Largest document accepted, in bytes.
    pub max_bytes: usize,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            published: None,
            max_bytes: 16 * 1024 * 1024,
        }
    }
}

/// Checks that bytes are text: UTF-8, not binary, not too large.
fn check_text(bytes: &[u8], options: &ReadOptions) -> Result<String, SourceErrorKind> {
    if bytes.len() > options.max_bytes {
        return Err(SourceErrorKind::TooLarge {
            size: bytes.len(),
            limit: options.max_bytes,
        });
    }
    let head = &bytes[..bytes.len().min(4096)];
    let control = head
        .iter()
        .filter(|&&b| b == 0 || (b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c)))
        .count();
    if control > 0 && (control * 20 > head.len() || head.contains(&0)) {
        return Err(SourceErrorKind::Binary(control));
    }
    let text =
        std::str::from_utf8(bytes).map_err(|e| SourceErrorKind::InvalidUtf8(e.valid_up_to()))?;
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    Ok(text.to_string())
}

/// Reads `bytes` named `name` in `format`, yielding one result per document.
pub fn read(
    name: &str,
    bytes: &[u8],
    format: Format,
    options: &ReadOptions,
) -> Vec<Result<Document, SourceError>> {
    let error = |origin: String, kind| Err(SourceError { origin, kind });
    match format {
        Format::Text => {
            let result = check_text(bytes, options).and_then(|text| {
                if text.trim().is_empty() {
                    Err(SourceErrorKind::Empty)
                } else {
                    Ok(Document {
                        id: name.to_string(),
                        published: options.published,
                        body: text,
                        ..Document::default()
                    })
                }
            });
            vec![result.map_err(|kind| SourceError {
                origin: name.to_string(),
                kind,
            })]
        }
        Format::Json => {
            let text = match check_text(
                bytes,
                &ReadOptions {
                    max_bytes: usize::MAX,
                    ..options.clone()
                },
            ) {
                Ok(text) => text,
                Err(kind) => return vec![error(name.to_string(), kind)],
            };
            match serde_json::from_str::<serde_json::Value>(&text) {
                Ok(serde_json::Value::Array(items)) => items
                    .into_iter()
                    .enumerate()
                    .map(|(idx, item)| from_value(item, &format!("{name}[{idx}]"), options))
                    .collect(),
                Ok(value) => vec![from_value(value, name, options)],
                Err(err) => vec![error(
                    name.to_string(),
                    SourceErrorKind::Json(err.to_string()),
                )],
            }
        }
        Format::JsonLines => {
            let mut out = Vec::new();
            for (line_no, line) in bytes.split(|b| *b == b'\n').enumerate() {
                let origin = format!("{name}:{}", line_no + 1);
                if line.iter().all(|b| b.is_ascii_whitespace()) {
                    continue;
                }
                let text = match check_text(
                    line,
                    &ReadOptions {
                        max_bytes: options.max_bytes.saturating_mul(2),
                        ..options.clone()
                    },
                ) {
                    Ok(text) => text,
                    Err(kind) => {
                        out.push(error(origin, kind));
                        continue;
                    }
                };
                match serde_json::from_str::<serde_json::Value>(&text) {
                    Ok(value) => out.push(from_value(value, &origin, options)),
                    Err(err) => out.push(error(origin, SourceErrorKind::Json(err.to_string()))),
                }
            }
            if out.is_empty() {
                out.push(error(name.to_string(), SourceErrorKind::Empty));
            }
            out
        }
    }
}

#[derive(Deserialize)]
struct JsonDocument {
    #[serde(default)]
    id: Option<serde_json::Value>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    body: Option<String>,
    #[serde(default)]
    published: Option<String>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    source_name: Option<String>,
}

/// Parses the leading `YYYY-MM-DD` of a date or timestamp.
pub fn parse_date(text: &str) -> Option<Date> {
    text.get(..10).unwrap_or(text).parse().ok()
}

fn from_value(
    value: serde_json::Value,
    origin: &str,
    options: &ReadOptions,
) -> Result<Document, SourceError> {
    let error = |kind| SourceError {
        origin: origin.to_string(),
        kind,
    };
    let parsed: JsonDocument =
        serde_json::from_value(value).map_err(|e| error(SourceErrorKind::Json(e.to_string())))?;
    let body = parsed
        .text
        .or(parsed.body)
        .ok_or_else(|| error(SourceErrorKind::MissingText))?;
    if body.len() > options.max_bytes {
        return Err(error(SourceErrorKind::TooLarge {
            size: body.len(),
            limit: options.max_bytes,
        }));
    }
    let published = match parsed.published.or(parsed.date) {
        Some(text) if !text.trim().is_empty() => {
            Some(parse_date(text.trim()).ok_or_else(|| error(SourceErrorKind::BadDate(text)))?)
        }
        _ => options.published,
    };
    let id = match parsed.id {
        Some(serde_json::Value::String(id)) => id,
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => origin.to_string(),
    };
    Ok(Document {
        id,
        url: parsed.url,
        title: parsed.title,
        published,
        source_name: parsed.source_name,
        body,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_json_lines_and_reports_bad_lines() {
        let input = b"{\"id\": \"a\", \"text\": \"Envoys met.\", \"published\": \"2025-03-01\"}\nnot json\n\n{\"id\": 7, \"body\": \"x\"}\n{\"id\": \"b\"}\n";
        let docs = read(
            "in.jsonl",
            input,
            Format::JsonLines,
            &ReadOptions::default(),
        );
        assert_eq!(docs.len(), 4);
        let first = docs[0].as_ref().expect("first parses");
        assert_eq!(
            first.published.map(|d| d.to_string()).as_deref(),
            Some("2025-03-01")
        );
        assert_eq!(docs[1].as_ref().expect_err("bad line").origin, "in.jsonl:2");
        assert_eq!(docs[2].as_ref().expect("numeric id").id, "7");
        assert_eq!(
            docs[3].as_ref().expect_err("no text").kind,
            SourceErrorKind::MissingText
        );
    }

    #[test]
    fn rejects_binary_invalid_utf8_empty_and_huge_text() {
        let options = ReadOptions {
            max_bytes: 100,
            ..ReadOptions::default()
        };
        let read_one = |bytes: &[u8]| read("f.txt", bytes, Format::Text, &options).remove(0);
        assert!(matches!(
            read_one(b"\x00\x01\x02binary").map_err(|e| e.kind),
            Err(SourceErrorKind::Binary(_))
        ));
        assert!(matches!(
            read_one(b"ok \xff\xfe").map_err(|e| e.kind),
            Err(SourceErrorKind::InvalidUtf8(3))
        ));
        assert!(matches!(
            read_one(b"  \n").map_err(|e| e.kind),
            Err(SourceErrorKind::Empty)
        ));
        assert!(matches!(
            read_one(&[b'a'; 200]).map_err(|e| e.kind),
            Err(SourceErrorKind::TooLarge { .. })
        ));
        assert!(read_one("Kyiv’s envoy spoke.".as_bytes()).is_ok());
    }

    #[test]
    fn json_arrays_and_sniffing() {
        let input =
            br#"[{"id": "x", "text": "One."}, {"id": "y", "text": "Two.", "published": "bad"}]"#;
        let docs = read("a.json", input, Format::Json, &ReadOptions::default());
        assert!(docs[0].is_ok());
        assert!(matches!(
            &docs[1],
            Err(SourceError {
                kind: SourceErrorKind::BadDate(_),
                ..
            })
        ));
        assert_eq!(
            Format::sniff(b"  {\"a\":1}\n{\"b\":2}\n"),
            Format::JsonLines
        );
        assert_eq!(Format::sniff(b"Plain words"), Format::Text);
        assert_eq!(Format::from_name("x.JSONL"), Some(Format::JsonLines));
    }
}
