//! WARC archives (ISO 28500, versions 0.18 to 1.1): one document per
//! `response` (or `resource`) record holding an HTML page.
//!
//! A small hand parser, record by record, over any `Read` (so a multi-GB
//! `.warc.gz` streams): the record header, a `Content-Length` block, and
//! two CRLFs. Inside a response block: the HTTP status line and headers
//! (non-2xx and non-HTML responses are skipped silently), chunked
//! transfer-encoding and gzip/deflate content-encoding undone, and the
//! page decoded with the HTTP charset (checked against the bytes).
//!
//! Damage stays local: a record whose `Content-Length` lies (the two CRLFs
//! are not where it says) or that is cut short gives an error for that
//! record, and reading resumes at the next `WARC/` version line.

use crate::compress::{io_error_kind, read_to_end_lenient, Limited};
use crate::{html, Document, ReadOptions, SourceError, SourceErrorKind};
use std::io::Read;

/// Longest header line accepted.
const MAX_LINE: usize = 64 * 1024;
/// Most header lines in one record or HTTP response.
const MAX_HEADERS: usize = 500;

/// Reads WARC records one at a time.
pub(crate) struct WarcReader<R: Read> {
    name: String,
    input: Input<R>,
    options: ReadOptions,
    records: usize,
    done: bool,
}

impl<R: Read> WarcReader<R> {
    /// A reader over `source` (already decompressed), named `name` in errors.
    pub(crate) fn new(name: &str, source: R, options: ReadOptions) -> WarcReader<R> {
        WarcReader {
            name: name.to_string(),
            input: Input::new(source),
            options,
            records: 0,
            done: false,
        }
    }

    fn error(&self, target: Option<&str>, kind: SourceErrorKind) -> SourceError {
        let origin = match target {
            Some(url) => format!("{}:record {} ({url})", self.name, self.records),
            None => format!("{}:record {}", self.name, self.records),
        };
        SourceError { origin, kind }
    }

    /// Reads the next record; `None` at the end of the archive.
    fn next_record(&mut self) -> Option<Result<Option<Document>, SourceError>> {
        // Blank lines between records.
        let version = loop {
            match self.input.read_line(MAX_LINE) {
                Ok(None) => return None,
                Ok(Some(line)) if trim_eol(&line).is_empty() => continue,
                Ok(Some(line)) => break line,
                Err(err) => return Some(Err(self.error(None, io_error_kind(&err)))),
            }
        };
        self.records += 1;
        if !version.starts_with(b"WARC/") {
            let skipped = self.resync(version.len());
            return Some(Err(self.error(
                None,
                SourceErrorKind::Warc(format!(
                    "expected a \"WARC/\" version line, found {:?}; skipped {skipped} bytes to the next record",
                    preview(&version)
                )),
            )));
        }
        let headers = match read_headers(&mut self.input) {
            Ok(headers) => headers,
            Err(kind) => return Some(Err(self.error(None, kind))),
        };
        let header = |name: &str| {
            headers
                .iter()
                .find(|(key, _)| key.eq_ignore_ascii_case(name))
                .map(|(_, value)| value.as_str())
        };
        let target = header("WARC-Target-URI").map(|u| u.trim_matches(['<', '>']).to_string());
        let record_id = header("WARC-Record-ID").map(|u| u.trim_matches(['<', '>']).to_string());
        let kind = header("WARC-Type").unwrap_or("").to_ascii_lowercase();
        let content_type = header("Content-Type").unwrap_or("").to_ascii_lowercase();
        let Some(length) = header("Content-Length").and_then(|v| v.trim().parse::<u64>().ok())
        else {
            let skipped = self.resync(0);
            return Some(Err(self.error(
                target.as_deref(),
                SourceErrorKind::Warc(format!(
                    "no valid Content-Length; skipped {skipped} bytes to the next record"
                )),
            )));
        };
        let wanted = match kind.as_str() {
            "response" => content_type.starts_with("application/http"),
            "resource" => is_html_type(&content_type),
            _ => false,
        };
        // Blocks we do not want, or too large to hold, are skipped without keeping them.
        let cap = self.options.max_bytes as u64 + 64 * 1024;
        if !wanted || length > cap {
            match self.input.skip(length) {
                Ok(skipped) if skipped < length => {
                    return Some(Err(self.error(
                        target.as_deref(),
                        SourceErrorKind::Warc(format!(
                            "truncated: Content-Length is {length} but the archive ends after {skipped} bytes"
                        )),
                    )))
                }
                Ok(_) => {}
                Err(err) => return Some(Err(self.error(target.as_deref(), io_error_kind(&err)))),
            }
            if let Err(kind) = self.check_record_end(length, None) {
                return Some(Err(self.error(target.as_deref(), kind)));
            }
            if wanted {
                return Some(Err(self.error(
                    target.as_deref(),
                    SourceErrorKind::TooLarge {
                        size: usize::try_from(length).unwrap_or(usize::MAX),
                        limit: self.options.max_bytes,
                    },
                )));
            }
            return Some(Ok(None));
        }
        let mut block = match self.input.read_up_to(length as usize) {
            Ok(block) => block,
            Err(err) => return Some(Err(self.error(target.as_deref(), io_error_kind(&err)))),
        };
        if (block.len() as u64) < length {
            // A Content-Length past the end may have swallowed the records after it.
            if let Some(at) = find(&block, b"\r\n\r\nWARC/") {
                self.input.unread(&block[at + 4..]);
                return Some(Err(self.error(
                    target.as_deref(),
                    SourceErrorKind::Warc(format!(
                        "Content-Length is {length} but the record ends after about {at} bytes"
                    )),
                )));
            }
            return Some(Err(self.error(
                target.as_deref(),
                SourceErrorKind::Warc(format!(
                    "truncated: Content-Length is {length} but the archive ends after {} bytes",
                    block.len()
                )),
            )));
        }
        if let Err(kind) = self.check_record_end(length, Some(&mut block)) {
            return Some(Err(self.error(target.as_deref(), kind)));
        }
        let origin = match &target {
            Some(url) => format!("{}:record {} ({url})", self.name, self.records),
            None => format!("{}:record {}", self.name, self.records),
        };
        let id = record_id.clone().unwrap_or_else(|| origin.clone());
        let result = if kind == "response" {
            self.response(&block, &origin, target.as_deref())
        } else {
            let charset = dyad_extract::charset::charset_from_content_type(&content_type);
            html::read_html(
                &origin,
                &block,
                charset.as_deref(),
                target.as_deref(),
                &self.options,
            )
            .map(Some)
        };
        Some(result.map(|doc| {
            doc.map(|mut doc| {
                doc.id = id;
                doc
            })
        }))
    }

    /// Checks the two CRLFs after a block. When they are missing the
    /// Content-Length lied: the record is refused and reading resumes at
    /// the next version line (inside the block when it was too long).
    fn check_record_end(
        &mut self,
        length: u64,
        block: Option<&mut Vec<u8>>,
    ) -> Result<(), SourceErrorKind> {
        let end = self.input.read_up_to(4).map_err(|e| io_error_kind(&e))?;
        if end == b"\r\n\r\n" || end.is_empty() || end == b"\n\n" || end == b"\r\n" {
            if end == b"\r\n" {
                // Some writers put a single CRLF: accept it, and a blank line follows or not.
                return Ok(());
            }
            return Ok(());
        }
        // Where does the next record really start?
        if let Some(block) = block {
            let mut tail = std::mem::take(block);
            tail.extend_from_slice(&end);
            let next = find(&tail, b"\r\n\r\nWARC/")
                .map(|at| at + 4)
                .or_else(|| find(&tail, b"\nWARC/").map(|at| at + 1));
            if let Some(at) = next {
                self.input.unread(&tail[at..]);
                return Err(SourceErrorKind::Warc(format!(
                    "Content-Length is {length} but the record ends after about {at} bytes"
                )));
            }
        } else {
            self.input.unread(&end);
        }
        let skipped = self.resync(0);
        Err(SourceErrorKind::Warc(format!(
            "Content-Length is {length} but the record does not end there (no blank line after the block); skipped {skipped} more bytes to the next record"
        )))
    }

    /// Skips lines up to the next `WARC/` version line, leaving it unread.
    fn resync(&mut self, already: usize) -> usize {
        let mut skipped = already;
        loop {
            match self.input.read_line(MAX_LINE) {
                Ok(Some(line)) if line.starts_with(b"WARC/") => {
                    self.input.unread(&line);
                    return skipped;
                }
                Ok(Some(line)) => skipped += line.len(),
                Ok(None) | Err(_) => return skipped,
            }
        }
    }

    /// An HTTP response block: status, headers, then the page.
    fn response(
        &self,
        block: &[u8],
        origin: &str,
        url: Option<&str>,
    ) -> Result<Option<Document>, SourceError> {
        let error = |kind| SourceError {
            origin: origin.to_string(),
            kind,
        };
        let mut input = Input::new(block);
        let status = match input.read_line(MAX_LINE) {
            Ok(Some(line)) => line,
            _ => return Err(error(SourceErrorKind::Warc("empty HTTP response".into()))),
        };
        let status_code = std::str::from_utf8(trim_eol(&status))
            .ok()
            .filter(|s| s.starts_with("HTTP/"))
            .and_then(|s| s.split_whitespace().nth(1))
            .and_then(|code| code.parse::<u16>().ok())
            .ok_or_else(|| {
                error(SourceErrorKind::Warc(format!(
                    "not an HTTP status line: {:?}",
                    preview(&status)
                )))
            })?;
        let headers = read_headers(&mut input).map_err(error)?;
        if !(200..300).contains(&status_code) {
            return Ok(None);
        }
        let header = |name: &str| {
            headers
                .iter()
                .find(|(key, _)| key.eq_ignore_ascii_case(name))
                .map(|(_, value)| value.to_ascii_lowercase())
        };
        let content_type = header("Content-Type").unwrap_or_default();
        if !content_type.is_empty() && !is_html_type(&content_type) {
            return Ok(None);
        }
        let mut body = Vec::new();
        if let Err(err) = input.rest(&mut body) {
            return Err(error(io_error_kind(&err)));
        }
        if header("Transfer-Encoding").is_some_and(|t| t.contains("chunked")) {
            body = dechunk(&body).map_err(error)?;
        }
        let limit = self.options.max_bytes as u64;
        match header("Content-Encoding").as_deref().map(str::trim) {
            None | Some("" | "identity") => {}
            Some("gzip" | "x-gzip") => {
                let mut out = Vec::new();
                let mut reader = Limited::new(flate2::read::MultiGzDecoder::new(&body[..]), limit);
                if let Some(kind) = read_to_end_lenient(&mut reader, &mut out) {
                    return Err(error(kind));
                }
                body = out;
            }
            Some("deflate") => {
                let mut out = Vec::new();
                let mut reader = Limited::new(flate2::read::ZlibDecoder::new(&body[..]), limit);
                if read_to_end_lenient(&mut reader, &mut out).is_some() {
                    // Some servers send raw deflate without the zlib wrapper.
                    out.clear();
                    let mut raw = Limited::new(flate2::read::DeflateDecoder::new(&body[..]), limit);
                    if let Some(kind) = read_to_end_lenient(&mut raw, &mut out) {
                        return Err(error(kind));
                    }
                }
                body = out;
            }
            Some(other) => {
                return Err(error(SourceErrorKind::Decompress(format!(
                    "unsupported HTTP Content-Encoding {other:?}"
                ))))
            }
        }
        let charset = dyad_extract::charset::charset_from_content_type(&content_type);
        html::read_html(origin, &body, charset.as_deref(), url, &self.options).map(Some)
    }
}

impl<R: Read> Iterator for WarcReader<R> {
    type Item = Result<Document, SourceError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            match self.next_record() {
                None => self.done = true,
                Some(Ok(None)) => continue,
                Some(Ok(Some(document))) => return Some(Ok(document)),
                Some(Err(error)) => {
                    if self.input.failed {
                        self.done = true;
                    }
                    return Some(Err(error));
                }
            }
        }
        if self.records == 0 && !self.input.failed {
            self.records = usize::MAX;
            return Some(Err(SourceError {
                origin: self.name.clone(),
                kind: SourceErrorKind::Empty,
            }));
        }
        None
    }
}

fn is_html_type(content_type: &str) -> bool {
    let mime = content_type.split(';').next().unwrap_or("").trim();
    matches!(mime, "text/html" | "application/xhtml+xml" | "text/xhtml")
}

/// Reads `Name: value` lines up to a blank line.
fn read_headers<R: Read>(input: &mut Input<R>) -> Result<Vec<(String, String)>, SourceErrorKind> {
    let mut headers: Vec<(String, String)> = Vec::new();
    loop {
        let line = match input.read_line(MAX_LINE) {
            Ok(Some(line)) => line,
            Ok(None) => {
                return Err(SourceErrorKind::Warc(
                    "truncated: the archive ends inside a header".into(),
                ))
            }
            Err(err) => return Err(io_error_kind(&err)),
        };
        if line.len() >= MAX_LINE && !line.ends_with(b"\n") {
            return Err(SourceErrorKind::Warc(format!(
                "header line over {MAX_LINE} bytes"
            )));
        }
        let line = trim_eol(&line);
        if line.is_empty() {
            return Ok(headers);
        }
        if headers.len() >= MAX_HEADERS {
            return Err(SourceErrorKind::Warc(format!(
                "more than {MAX_HEADERS} header lines"
            )));
        }
        let text = String::from_utf8_lossy(line);
        if text.starts_with([' ', '\t']) {
            if let Some((_, value)) = headers.last_mut() {
                value.push(' ');
                value.push_str(text.trim());
            }
            continue;
        }
        match text.split_once(':') {
            Some((key, value)) => headers.push((key.trim().to_string(), value.trim().to_string())),
            None => {
                return Err(SourceErrorKind::Warc(format!(
                    "header line without a colon: {:?}",
                    preview(line)
                )))
            }
        }
    }
}

/// Undoes HTTP chunked transfer-encoding.
fn dechunk(body: &[u8]) -> Result<Vec<u8>, SourceErrorKind> {
    let mut out = Vec::with_capacity(body.len());
    let mut rest = body;
    loop {
        let Some(eol) = find(rest, b"\n") else {
            // Cut inside the chunk size line: keep what we have.
            return Ok(out);
        };
        let size_text = String::from_utf8_lossy(&rest[..eol]);
        let size_text = size_text
            .trim()
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_string();
        let size = usize::from_str_radix(&size_text, 16).map_err(|_| {
            SourceErrorKind::Warc(format!(
                "bad chunk size {size_text:?} in a chunked response"
            ))
        })?;
        rest = &rest[eol + 1..];
        if size == 0 {
            return Ok(out);
        }
        let take = size.min(rest.len());
        out.extend_from_slice(&rest[..take]);
        rest = &rest[take..];
        rest = rest
            .strip_prefix(b"\r\n")
            .or_else(|| rest.strip_prefix(b"\n"))
            .unwrap_or(rest);
        if rest.is_empty() {
            return Ok(out);
        }
    }
}

fn trim_eol(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

fn preview(line: &[u8]) -> String {
    String::from_utf8_lossy(&trim_eol(line)[..trim_eol(line).len().min(40)]).into_owned()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// A reader with lines, exact reads, skips, and bytes pushed back.
struct Input<R> {
    inner: R,
    buffer: Vec<u8>,
    pos: usize,
    eof: bool,
    /// A read error ended the input (a truncated or corrupt compressed stream).
    failed: bool,
}

impl<R: Read> Input<R> {
    fn new(inner: R) -> Input<R> {
        Input {
            inner,
            buffer: Vec::new(),
            pos: 0,
            eof: false,
            failed: false,
        }
    }

    /// Makes sure some bytes are buffered; false at the end.
    fn fill(&mut self) -> std::io::Result<bool> {
        if self.pos < self.buffer.len() {
            return Ok(true);
        }
        if self.eof {
            return Ok(false);
        }
        self.buffer.clear();
        self.pos = 0;
        self.buffer.resize(64 * 1024, 0);
        loop {
            match self.inner.read(&mut self.buffer) {
                Ok(0) => {
                    self.buffer.clear();
                    self.eof = true;
                    return Ok(false);
                }
                Ok(n) => {
                    self.buffer.truncate(n);
                    return Ok(true);
                }
                Err(err) if err.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(err) => {
                    self.buffer.clear();
                    self.eof = true;
                    self.failed = true;
                    return Err(err);
                }
            }
        }
    }

    /// A line with its `\n`, at most `max` bytes; `None` at the end.
    fn read_line(&mut self, max: usize) -> std::io::Result<Option<Vec<u8>>> {
        let mut line = Vec::new();
        while line.len() < max {
            if !self.fill()? {
                break;
            }
            let available = &self.buffer[self.pos..];
            let room = max - line.len();
            match available.iter().take(room).position(|b| *b == b'\n') {
                Some(at) => {
                    line.extend_from_slice(&available[..=at]);
                    self.pos += at + 1;
                    return Ok(Some(line));
                }
                None => {
                    let take = available.len().min(room);
                    line.extend_from_slice(&available[..take]);
                    self.pos += take;
                }
            }
        }
        Ok((!line.is_empty()).then_some(line))
    }

    /// Up to `n` bytes (fewer at the end).
    fn read_up_to(&mut self, n: usize) -> std::io::Result<Vec<u8>> {
        let mut out = Vec::with_capacity(n.min(1 << 20));
        while out.len() < n {
            if !self.fill()? {
                break;
            }
            let take = (n - out.len()).min(self.buffer.len() - self.pos);
            out.extend_from_slice(&self.buffer[self.pos..self.pos + take]);
            self.pos += take;
        }
        Ok(out)
    }

    /// Skips up to `n` bytes; returns how many were skipped.
    fn skip(&mut self, n: u64) -> std::io::Result<u64> {
        let mut skipped = 0u64;
        while skipped < n {
            if !self.fill()? {
                break;
            }
            let available = (self.buffer.len() - self.pos) as u64;
            let take = (n - skipped).min(available) as usize;
            self.pos += take;
            skipped += take as u64;
        }
        Ok(skipped)
    }

    /// The rest of the input.
    fn rest(&mut self, out: &mut Vec<u8>) -> std::io::Result<()> {
        while self.fill()? {
            out.extend_from_slice(&self.buffer[self.pos..]);
            self.pos = self.buffer.len();
        }
        Ok(())
    }

    /// Puts bytes back in front of the unread input.
    fn unread(&mut self, bytes: &[u8]) {
        let mut buffer = bytes.to_vec();
        buffer.extend_from_slice(&self.buffer[self.pos..]);
        self.buffer = buffer;
        self.pos = 0;
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::{read, Format};

    const PAGE: &str = "<html><head><title>Port reopens</title></head><body><article><p>The port of Odesa reopened to grain ships on Monday, the ministry said.</p><p>Insurers had raised premiums sharply after the attacks.</p></article></body></html>";

    /// A WARC record; `length` overrides the true Content-Length.
    pub(crate) fn record(
        kind: &str,
        content_type: &str,
        block: &[u8],
        length: Option<usize>,
    ) -> Vec<u8> {
        let mut out = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: https://example.org/{kind}\r\nWARC-Record-ID: <urn:uuid:{kind}-{}>\r\nWARC-Date: 2025-01-01T00:00:00Z\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
            block.len(),
            length.unwrap_or(block.len())
        )
        .into_bytes();
        out.extend_from_slice(block);
        out.extend_from_slice(b"\r\n\r\n");
        out
    }

    pub(crate) fn http(status: &str, headers: &str, body: &[u8]) -> Vec<u8> {
        let mut out = format!("HTTP/1.1 {status}\r\n{headers}\r\n").into_bytes();
        out.extend_from_slice(body);
        out
    }

    fn response(page: &[u8], charset: &str) -> Vec<u8> {
        record(
            "response",
            "application/http; msgtype=response",
            &http(
                "200 OK",
                &format!("Content-Type: text/html{charset}\r\n"),
                page,
            ),
            None,
        )
    }

    #[test]
    fn reads_html_responses_and_skips_the_rest() {
        let mut warc = record(
            "warcinfo",
            "application/warc-fields",
            b"software: test\r\n",
            None,
        );
        warc.extend(record(
            "request",
            "application/http; msgtype=request",
            b"GET / HTTP/1.1\r\n\r\n",
            None,
        ));
        warc.extend(response(PAGE.as_bytes(), ""));
        warc.extend(record(
            "response",
            "application/http; msgtype=response",
            &http("200 OK", "Content-Type: image/png\r\n", b"\x89PNG"),
            None,
        ));
        warc.extend(record(
            "response",
            "application/http; msgtype=response",
            &http("301 Moved", "Location: /x\r\n", b""),
            None,
        ));
        warc.extend(record("resource", "text/html", PAGE.as_bytes(), None));
        let docs = read("a.warc", &warc, Format::Warc, &ReadOptions::default());
        assert_eq!(docs.len(), 2, "{docs:?}");
        let doc = docs[0].as_ref().expect("response reads");
        assert!(doc.id.starts_with("urn:uuid:response"));
        assert_eq!(doc.url.as_deref(), Some("https://example.org/response"));
        assert_eq!(doc.title.as_deref(), Some("Port reopens"));
        assert!(doc.body.starts_with("The port of Odesa"));
        assert!(docs[1].is_ok());
    }

    #[test]
    fn honours_the_http_charset_chunks_and_gzip() {
        let latin1 = b"<html><body><p>Les ministres se sont r\xe9unis \xe0 Gen\xe8ve mardi, selon un communiqu\xe9.</p></body></html>";
        let warc = response(latin1, "; charset=ISO-8859-1");
        let docs = read("l.warc", &warc, Format::Warc, &ReadOptions::default());
        let doc = docs[0].as_ref().expect("reads");
        assert!(doc.body.contains("réunis à Genève"), "{}", doc.body);
        // Chunked and gzip-encoded.
        let gz = crate::compress::tests::gzip(PAGE.as_bytes());
        let half = gz.len() / 2;
        let mut chunked = format!("{half:x}\r\n").into_bytes();
        chunked.extend_from_slice(&gz[..half]);
        chunked.extend_from_slice(format!("\r\n{:x};ext=1\r\n", gz.len() - half).as_bytes());
        chunked.extend_from_slice(&gz[half..]);
        chunked.extend_from_slice(b"\r\n0\r\n\r\n");
        let block = http(
            "200 OK",
            "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n",
            &chunked,
        );
        let warc = record(
            "response",
            "application/http; msgtype=response",
            &block,
            None,
        );
        let docs = read("c.warc", &warc, Format::Warc, &ReadOptions::default());
        assert!(
            docs[0].as_ref().is_ok_and(|d| d.body.contains("Odesa")),
            "{docs:?}"
        );
    }

    #[test]
    fn lying_lengths_give_one_error_and_reading_resumes() {
        for lie in [10usize, PAGE.len() + 150, PAGE.len() + 100_000] {
            let block = http("200 OK", "Content-Type: text/html\r\n", PAGE.as_bytes());
            let mut warc = record(
                "response",
                "application/http; msgtype=response",
                &block,
                Some(lie),
            );
            warc.extend(response(PAGE.as_bytes(), ""));
            warc.extend(response(PAGE.as_bytes(), ""));
            let docs = read("lie.warc", &warc, Format::Warc, &ReadOptions::default());
            let errors: Vec<&SourceError> = docs.iter().filter_map(|d| d.as_ref().err()).collect();
            let good = docs.iter().filter(|d| d.is_ok()).count();
            assert!(!errors.is_empty(), "lie {lie}: {docs:?}");
            assert!(
                errors
                    .iter()
                    .all(|e| matches!(e.kind, SourceErrorKind::Warc(_))),
                "lie {lie}: {errors:?}"
            );
            // A short lie loses only its own record; a long one may swallow the next.
            if lie < PAGE.len() + 1000 {
                assert_eq!(good, 2, "lie {lie}: {docs:?}");
            }
        }
    }

    #[test]
    fn truncated_and_broken_archives() {
        let options = ReadOptions::default();
        let mut warc = response(PAGE.as_bytes(), "");
        let full = warc.len();
        warc.extend(response(PAGE.as_bytes(), ""));
        for cut in [full + 5, full + 120, warc.len() - 60, warc.len() - 3] {
            let docs = read("t.warc", &warc[..cut], Format::Warc, &options);
            assert!(docs[0].is_ok(), "cut {cut}: {docs:?}");
            assert!(docs.len() <= 2);
            if cut < warc.len() - 4 {
                assert!(
                    matches!(
                        docs.last(),
                        Some(Err(SourceError {
                            kind: SourceErrorKind::Warc(_),
                            ..
                        }))
                    ),
                    "cut {cut}: {docs:?}"
                );
            }
        }
        // Every prefix is handled without a panic.
        for cut in 0..warc.len() {
            let _ = read("p.warc", &warc[..cut], Format::Warc, &options);
        }
        let docs = read("e.warc", b"", Format::Warc, &options);
        assert!(matches!(
            &docs[..],
            [Err(SourceError {
                kind: SourceErrorKind::Empty,
                ..
            })]
        ));
        let docs = read("g.warc", b"garbage\nmore garbage\n", Format::Warc, &options);
        assert!(matches!(
            &docs[..],
            [Err(SourceError {
                kind: SourceErrorKind::Warc(_),
                ..
            })]
        ));
        let docs = read(
            "n.warc",
            b"WARC/1.0\r\nWARC-Type: response\r\n\r\nabc",
            Format::Warc,
            &options,
        );
        assert!(matches!(
            &docs[..],
            [Err(SourceError {
                kind: SourceErrorKind::Warc(_),
                ..
            })]
        ));
    }

    #[test]
    fn gzipped_warc_per_record_members() {
        let mut gz = crate::compress::tests::gzip(&response(PAGE.as_bytes(), ""));
        gz.extend(crate::compress::tests::gzip(&response(PAGE.as_bytes(), "")));
        let docs = read("a.warc.gz", &gz, Format::Warc, &ReadOptions::default());
        assert_eq!(docs.iter().filter(|d| d.is_ok()).count(), 2);
        let docs = read(
            "a.warc.gz",
            &gz[..gz.len() - 30],
            Format::Warc,
            &ReadOptions::default(),
        );
        assert!(docs[0].is_ok());
        assert!(matches!(docs.last(), Some(Err(_))));
    }

    #[test]
    fn dechunks() {
        assert_eq!(
            dechunk(b"3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"),
            Ok(b"abcde".to_vec())
        );
        assert!(dechunk(b"zz\r\nabc").is_err());
        assert_eq!(dechunk(b"ff\r\nab"), Ok(b"ab".to_vec()));
    }
}
