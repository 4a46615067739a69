//! Bytes of a page to text: which character encoding, and decoding it.
//!
//! The order follows what browsers do, with one correction for pages that
//! lie: a byte-order mark wins; then the HTTP `Content-Type` charset; then a
//! `<meta charset>` in the first 4 KiB; else UTF-8 when the bytes are valid
//! UTF-8, windows-1252 otherwise. Declarations are checked against the bytes:
//! a page declared UTF-8 that is not valid UTF-8 is read as windows-1252,
//! and a page declared as a single-byte encoding whose bytes are valid,
//! non-ASCII UTF-8 is read as UTF-8 (real Latin-1 or Cyrillic text is almost
//! never valid UTF-8 by chance).

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// A decoded page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text.
    pub text: String,
    /// The encoding used (WHATWG name, e.g. `UTF-8`, `windows-1252`).
    pub encoding: &'static str,
    /// The declared encoding, when it was overruled by the bytes.
    pub overruled: Option<&'static str>,
    /// Whether some bytes could not be decoded (replaced by U+FFFD).
    pub had_errors: bool,
}

/// Decodes a page, using the charset of an HTTP `Content-Type` header when given.
///
/// # Example
/// ```
/// use dyad_extract::charset::decode_html;
/// let latin1 = b"<meta charset=\"iso-8859-1\"><p>S\xe3o Paulo</p>";
/// assert!(decode_html(latin1, None).text.contains("São Paulo"));
/// ```
pub fn decode_html(bytes: &[u8], http_charset: Option<&str>) -> Decoded {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return decode_with(&bytes[bom_len..], encoding, None);
    }
    let declared = http_charset
        .and_then(|label| Encoding::for_label(label.trim().as_bytes()))
        .or_else(|| sniff_meta_charset(bytes));
    let valid_utf8 = std::str::from_utf8(bytes).is_ok();
    match declared {
        // A meta tag cannot declare UTF-16 for bytes it was found in as ASCII.
        Some(encoding)
            if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE =>
        {
            decode_with(bytes, if valid_utf8 { UTF_8 } else { WINDOWS_1252 }, None)
        }
        Some(encoding) if encoding == UTF_8 => {
            if valid_utf8 || mostly_utf8(bytes) {
                decode_with(bytes, UTF_8, None)
            } else {
                decode_with(bytes, WINDOWS_1252, Some(UTF_8.name()))
            }
        }
        Some(encoding) => {
            if valid_utf8 && !bytes.is_ascii() && encoding.is_single_byte() {
                decode_with(bytes, UTF_8, Some(encoding.name()))
            } else {
                decode_with(bytes, encoding, None)
            }
        }
        None if valid_utf8 || mostly_utf8(bytes) => decode_with(bytes, UTF_8, None),
        None => decode_with(bytes, WINDOWS_1252, None),
    }
}

/// The charset parameter of a `Content-Type` value (`text/html; charset=UTF-8`).
pub fn charset_from_content_type(value: &str) -> Option<String> {
    value.split(';').skip(1).find_map(|param| {
        let (key, val) = param.split_once('=')?;
        key.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| val.trim().trim_matches(['"', '\'']).to_string())
    })
}

fn decode_with(
    bytes: &[u8],
    encoding: &'static Encoding,
    overruled: Option<&'static str>,
) -> Decoded {
    let (text, used, had_errors) = encoding.decode(bytes);
    Decoded {
        text: text.into_owned(),
        encoding: used.name(),
        overruled,
        had_errors,
    }
}

/// UTF-8 with a few stray bad bytes (a truncated page, one mis-pasted
/// character) rather than a whole page in another encoding.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let mut rest = bytes;
    let mut bad = 0usize;
    let mut good_multibyte = 0usize;
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(text) => {
                good_multibyte += text.bytes().filter(|b| *b >= 0xC0).count();
                break;
            }
            Err(err) => {
                let valid = &rest[..err.valid_up_to()];
                good_multibyte += valid.iter().filter(|b| **b >= 0xC0).count();
                bad += 1;
                let skip =
                    err.valid_up_to() + err.error_len().unwrap_or(rest.len() - err.valid_up_to());
                rest = rest.get(skip..).unwrap_or(&[]);
            }
        }
        if bad > 8 {
            break;
        }
    }
    bad <= 2 && good_multibyte >= 10 * bad
}

/// A charset declared by a `<meta>` tag in the first 4 KiB.
fn sniff_meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(pos) = find(&lower[from..], b"<meta") {
        let start = from + pos;
        let end = find(&lower[start..], b">").map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(at) = find(tag, b"charset") {
            let rest = &tag[at + 7..];
            let rest = trim_start(rest);
            if let Some(rest) = rest.strip_prefix(b"=") {
                let rest = trim_start(rest);
                let rest = rest
                    .strip_prefix(b"\"")
                    .or_else(|| rest.strip_prefix(b"'"))
                    .unwrap_or(rest);
                let label_len = rest
                    .iter()
                    .position(|b| matches!(b, b'"' | b'\'' | b';' | b' ' | b'/' | b'>'))
                    .unwrap_or(rest.len());
                if let Some(encoding) = Encoding::for_label(&rest[..label_len]) {
                    return Some(encoding);
                }
            }
        }
        from = end;
    }
    // An XML declaration (XHTML): <?xml version="1.0" encoding="ISO-8859-1"?>
    if lower.starts_with(b"<?xml") {
        let end = find(&lower, b"?>")?;
        let decl = &lower[..end];
        let at = find(decl, b"encoding")?;
        let rest = trim_start(&decl[at + 8..]).strip_prefix(b"=")?;
        let rest = trim_start(rest);
        let quote = *rest.first()?;
        let rest = &rest[1..];
        let len = rest.iter().position(|b| *b == quote)?;
        return Encoding::for_label(&rest[..len]);
    }
    None
}

fn trim_start(bytes: &[u8]) -> &[u8] {
    let skip = bytes.iter().take_while(|b| b.is_ascii_whitespace()).count();
    &bytes[skip..]
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_charset_and_http_header() {
        let page = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\"></head><body>\xcc\xee\xf1\xea\xe2\xe0</body>";
        let decoded = decode_html(page, None);
        assert_eq!(decoded.encoding, "windows-1251");
        assert!(decoded.text.contains("Москва"));
        let decoded = decode_html(b"caf\xe9", Some("ISO-8859-1"));
        assert_eq!(decoded.text, "café");
        assert_eq!(
            charset_from_content_type("text/html; charset=\"utf-8\"").as_deref(),
            Some("utf-8")
        );
    }

    #[test]
    fn lying_declarations_are_overruled() {
        // Latin-1 bytes declared UTF-8.
        let decoded = decode_html(b"<meta charset=utf-8><p>Bogot\xe1 y Bras\xedlia</p>", None);
        assert!(decoded.text.contains("Bogotá y Brasília"));
        assert_eq!(decoded.overruled, Some("UTF-8"));
        // UTF-8 bytes declared Latin-1.
        let page = "<meta charset=iso-8859-1><p>Zürich and Kraków</p>".as_bytes();
        let decoded = decode_html(page, None);
        assert!(decoded.text.contains("Zürich and Kraków"));
        assert_eq!(decoded.overruled, Some("windows-1252"));
    }

    #[test]
    fn bom_and_undeclared() {
        let decoded = decode_html(b"\xef\xbb\xbfhello", Some("latin1"));
        assert_eq!(decoded.text, "hello");
        assert_eq!(decode_html(b"na\xefve", None).text, "naïve");
        assert_eq!(decode_html(b"", None).text, "");
    }
}
