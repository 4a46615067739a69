//! dyad's readers: turn input bytes into [`Document`]s, one `Result` per
//! document, so one bad document never ends a run.
//!
//! Formats ([`Format`]), each a small module:
//! - plain text: one document per file;
//! - JSON (one object or an array of them) and JSON Lines (one object per
//!   line), with field names set by [`FieldNames`] (default `id`, `text` or
//!   `body`, `published` or `date`, `title`, `url`, `source_name`: the gold
//!   files of dyad's evaluation sets are valid input);
//! - HTML pages: the article's title, date and body by `dyad-extract`;
//! - RSS 2.0 and Atom feeds: one document per item (`content:encoded` when
//!   present, else the description or summary, cleaned of markup);
//! - WARC archives: one document per HTTP response record holding an HTML
//!   page (charset from the HTTP header, else the page);
//! - any of these compressed with gzip or zstd (detected by magic bytes);
//! - folders, walked recursively ([`read_path`]), each file by its format.
//!
//! The format comes from the file extension, else from the content
//! ([`Format::sniff`]); callers may force one.
//!
//! Readers take bytes, not paths: the caller does the file I/O, so readers
//! can be tested and fuzzed on any input. [`read_path`] is the one place that
//! opens files, and streams WARC archives record by record.
//!
//! Work is bounded: documents over [`ReadOptions::max_bytes`] are refused,
//! decompression stops at [`ReadOptions::max_decompressed`] (gzip bombs),
//! XML entities are never expanded beyond the five predefined ones and
//! character references, and malformed input of any kind gives an error
//! for that document, never a panic.

pub mod compress;
mod feed;
mod html;
mod json;
mod text;
mod walk;
mod warc;

pub use json::FieldNames;
pub use walk::{read_json_lines_stream, read_path};

use compress::Compression;
use jiff::civil::Date;

/// One article to code.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Document {
    /// Identifier: the JSON `id`, a feed item's guid, a WARC record id, or
    /// the file name (with a line number for JSON Lines without ids).
    pub id: String,
    /// URL.
    pub url: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// Publication date.
    pub published: Option<Date>,
    /// Outlet.
    pub source_name: Option<String>,
    /// Author names, when the source gives them (HTML, feeds).
    pub byline: Option<String>,
    /// Language (primary subtag, `en`), when the source declares it.
    pub language: Option<String>,
    /// The text to code.
    pub body: String,
}

/// Why a document could not be read. Carries where it came from.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{origin}: {kind}")]
pub struct SourceError {
    /// File name and, where it applies, line, item or record ("feed.jsonl:17").
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
    #[error("JSON object has no text string field (\"text\" or \"body\" unless the field names say otherwise)")]
    MissingText,
    /// A date that does not parse.
    #[error("\"published\" is not a date: {0:?}")]
    BadDate(String),
    /// An empty input.
    #[error("empty document")]
    Empty,
    /// Corrupt or truncated compressed data.
    #[error("cannot decompress: {0}")]
    Decompress(String),
    /// Decompressed data over the configured limit (a gzip bomb, or a limit to raise).
    #[error(
        "decompressed data over the limit of {limit} bytes (refused as a likely decompression bomb)"
    )]
    DecompressedTooLarge {
        /// The limit.
        limit: u64,
    },
    /// A malformed XML feed.
    #[error("malformed feed: {0}")]
    Xml(String),
    /// A malformed WARC record.
    #[error("malformed WARC record: {0}")]
    Warc(String),
    /// A page (HTML, feed item, WARC response) with no article text in it.
    #[error("no article text found")]
    NoText,
    /// A file or folder that cannot be read.
    #[error("cannot read: {0}")]
    Io(String),
}

/// The input formats readers know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    /// One plain-text document.
    Text,
    /// One JSON object or an array of them.
    Json,
    /// One JSON object per line.
    JsonLines,
    /// One HTML page.
    Html,
    /// An RSS 2.0 or Atom feed: one document per item.
    Feed,
    /// A WARC archive: one document per HTML response record.
    Warc,
}

impl Format {
    /// The format for a file name, by extension (a `.gz`, `.zst` suffix is
    /// looked through); `None` when unknown.
    pub fn from_name(name: &str) -> Option<Format> {
        let (_, inner) = Compression::from_name(name);
        let lower = inner.to_ascii_lowercase();
        let ext = lower.rsplit_once('.').map_or("", |(_, ext)| ext);
        Some(match ext {
            "jsonl" | "ndjson" => Format::JsonLines,
            "json" => Format::Json,
            "txt" | "text" => Format::Text,
            "html" | "htm" | "xhtml" | "shtml" => Format::Html,
            "rss" | "atom" | "xml" => Format::Feed,
            "warc" | "arc" => Format::Warc,
            _ => return None,
        })
    }

    /// The format by content: WARC by its version line, feeds and HTML by
    /// their first tags, JSON when it starts with `{` or `[`, else text.
    /// Compressed bytes are looked into (their first 64 KiB).
    pub fn sniff(bytes: &[u8]) -> Format {
        if let Some(compression) = Compression::detect(bytes) {
            let mut head = Vec::new();
            let mut reader = compression.reader(bytes, 64 * 1024);
            let _ = compress::read_to_end_lenient(&mut reader, &mut head);
            return Format::sniff_plain(&head);
        }
        Format::sniff_plain(bytes)
    }

    fn sniff_plain(bytes: &[u8]) -> Format {
        let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
        let start = bytes
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .unwrap_or(bytes.len());
        let bytes = &bytes[start..];
        if bytes.starts_with(b"WARC/") {
            return Format::Warc;
        }
        let head: Vec<u8> = bytes[..bytes.len().min(2048)]
            .iter()
            .map(u8::to_ascii_lowercase)
            .collect();
        if head.starts_with(b"<") {
            let has = |needle: &[u8]| head.windows(needle.len()).any(|w| w == needle);
            if has(b"<rss") || has(b"<feed") || has(b"<rdf:rdf") {
                return Format::Feed;
            }
            if has(b"<!doctype html") || has(b"<html") || has(b"<head") || has(b"<body") {
                return Format::Html;
            }
            if head.starts_with(b"<?xml") {
                return Format::Feed;
            }
            return Format::Html;
        }
        match bytes.first() {
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

    /// Parses a format name as the command line spells it.
    pub fn parse(name: &str) -> Option<Format> {
        Some(match name.to_ascii_lowercase().as_str() {
            "text" | "txt" => Format::Text,
            "json" => Format::Json,
            "jsonl" | "ndjson" | "json-lines" => Format::JsonLines,
            "html" | "htm" => Format::Html,
            "feed" | "rss" | "atom" => Format::Feed,
            "warc" => Format::Warc,
            _ => return None,
        })
    }

    /// The format's name.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Json => "json",
            Format::JsonLines => "jsonl",
            Format::Html => "html",
            Format::Feed => "feed",
            Format::Warc => "warc",
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
    /// Most bytes decompressed from one compressed input read whole (gzip
    /// bombs stop here); WARC archives streamed by [`read_path`] may pass it
    /// unless they inflate like a bomb.
    pub max_decompressed: u64,
    /// JSON field names.
    pub fields: FieldNames,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            published: None,
            max_bytes: 16 * 1024 * 1024,
            max_decompressed: 256 * 1024 * 1024,
            fields: FieldNames::default(),
        }
    }
}

/// One result per document.
pub type Documents<'a> = Box<dyn Iterator<Item = Result<Document, SourceError>> + 'a>;

/// Reads `bytes` named `name` in `format`, yielding one result per document.
///
/// Compressed bytes (gzip, zstd) are decompressed first.
pub fn read(
    name: &str,
    bytes: &[u8],
    format: Format,
    options: &ReadOptions,
) -> Vec<Result<Document, SourceError>> {
    documents(name, bytes, format, options).collect()
}

/// Like [`read`], but lazily: feed items, WARC records and JSON lines are
/// parsed one at a time as the iterator is advanced.
pub fn documents<'a>(
    name: &'a str,
    bytes: &'a [u8],
    format: Format,
    options: &'a ReadOptions,
) -> Documents<'a> {
    if let Some(compression) = Compression::detect(bytes) {
        let (plain, error) = compress::decompress(bytes, compression, options.max_decompressed);
        let error = error.map(|kind| SourceError {
            origin: name.to_string(),
            kind,
        });
        let mut results: Vec<Result<Document, SourceError>> = Vec::new();
        match (format, error) {
            // A single-document format cut short would be silently wrong: refuse it.
            (Format::Text | Format::Json | Format::Html, Some(error)) => results.push(Err(error)),
            (_, error) => {
                results.extend(plain_documents(name, &plain, format, options));
                results.extend(error.map(Err));
            }
        }
        return Box::new(results.into_iter());
    }
    plain_documents(name, bytes, format, options)
}

fn plain_documents<'a>(
    name: &'a str,
    bytes: &'a [u8],
    format: Format,
    options: &'a ReadOptions,
) -> Documents<'a> {
    match format {
        Format::Text => Box::new(std::iter::once(text::read_text(name, bytes, options))),
        Format::Json => Box::new(json::read_json(name, bytes, options).into_iter()),
        Format::JsonLines => json::read_json_lines(name, bytes, options),
        Format::Html => Box::new(std::iter::once(html::read_html(
            name, bytes, None, None, options,
        ))),
        Format::Feed => feed::read_feed(name, bytes, options),
        Format::Warc => Box::new(warc::WarcReader::new(name, bytes, options.clone())),
    }
}

/// Parses the leading `YYYY-MM-DD` of a date or timestamp.
pub fn parse_date(text: &str) -> Option<Date> {
    text.get(..10).unwrap_or(text).parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_name_and_content() {
        assert_eq!(Format::from_name("x.JSONL"), Some(Format::JsonLines));
        assert_eq!(Format::from_name("crawl.warc.gz"), Some(Format::Warc));
        assert_eq!(Format::from_name("page.htm"), Some(Format::Html));
        assert_eq!(Format::from_name("news.rss.zst"), Some(Format::Feed));
        assert_eq!(Format::from_name("notes"), None);
        assert_eq!(
            Format::sniff(b"  {\"a\":1}\n{\"b\":2}\n"),
            Format::JsonLines
        );
        assert_eq!(Format::sniff(b"Plain words"), Format::Text);
        assert_eq!(Format::sniff(b"WARC/1.1\r\n"), Format::Warc);
        assert_eq!(
            Format::sniff(b"<?xml version=\"1.0\"?><rss version=\"2.0\">"),
            Format::Feed
        );
        assert_eq!(
            Format::sniff(b"\xef\xbb\xbf<!DOCTYPE html><html>"),
            Format::Html
        );
        assert_eq!(Format::sniff(b""), Format::Text);
        let gz = {
            use std::io::Write;
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            let _ = e.write_all(b"<feed xmlns=\"http://www.w3.org/2005/Atom\">");
            e.finish().unwrap_or_default()
        };
        assert_eq!(Format::sniff(&gz), Format::Feed);
        assert_eq!(Format::parse("rss"), Some(Format::Feed));
        assert_eq!(Format::parse(Format::Warc.name()), Some(Format::Warc));
    }

    #[test]
    fn truncated_gzip_of_one_document_is_an_error() {
        let gz = {
            use std::io::Write;
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            let _ = e.write_all(&b"Envoys met in Geneva on Tuesday. ".repeat(500));
            e.finish().unwrap_or_default()
        };
        let docs = read("a.txt.gz", &gz, Format::Text, &ReadOptions::default());
        assert_eq!(docs.len(), 1);
        assert!(docs[0].is_ok());
        let docs = read(
            "a.txt.gz",
            &gz[..gz.len() - 20],
            Format::Text,
            &ReadOptions::default(),
        );
        assert!(matches!(
            &docs[0],
            Err(SourceError {
                kind: SourceErrorKind::Decompress(_),
                ..
            })
        ));
    }
}
