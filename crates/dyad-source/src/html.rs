//! One HTML page: decoded by its declared charset (checked against the
//! bytes), then title, byline, date, language and body by `dyad-extract`.

use crate::{Document, ReadOptions, SourceError, SourceErrorKind};

/// Reads one page. `http_charset` is the charset of an HTTP `Content-Type`
/// header (WARC responses); `url` where the page came from.
pub(crate) fn read_html(
    name: &str,
    bytes: &[u8],
    http_charset: Option<&str>,
    url: Option<&str>,
    options: &ReadOptions,
) -> Result<Document, SourceError> {
    let error = |kind| SourceError {
        origin: name.to_string(),
        kind,
    };
    if bytes.len() > options.max_bytes {
        return Err(error(SourceErrorKind::TooLarge {
            size: bytes.len(),
            limit: options.max_bytes,
        }));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(error(SourceErrorKind::Empty));
    }
    let head = &bytes[..bytes.len().min(4096)];
    let nul = head.iter().filter(|&&b| b == 0).count();
    // UTF-16 pages have NULs too, but then a byte-order mark first.
    if nul > 0 && !(head.starts_with(b"\xff\xfe") || head.starts_with(b"\xfe\xff")) {
        return Err(error(SourceErrorKind::Binary(nul)));
    }
    let page = dyad_extract::extract_bytes(bytes, http_charset, url);
    if page.body.trim().is_empty() {
        return Err(error(SourceErrorKind::NoText));
    }
    Ok(Document {
        id: name.to_string(),
        url: url.map(str::to_string).or(page.canonical_url),
        title: page.title,
        published: page.published.or(options.published),
        source_name: None,
        byline: page.byline,
        language: page.language,
        body: page.body,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{read, Format};

    const PAGE: &str = r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Ministers meet in Oslo | Example News</title>
<meta property="article:published_time" content="2024-05-17T08:00:00Z">
<link rel="canonical" href="https://news.example.org/2024/05/17/oslo"></head>
<body><nav><a href="/">Home</a></nav><article>
<p>Foreign ministers from five countries met in Oslo on Friday to discuss the ceasefire.</p>
<p>They agreed to meet again next month, a spokesperson said after the talks.</p>
</article><footer>About us</footer></body></html>"#;

    #[test]
    fn reads_a_page() {
        let docs = read(
            "oslo.html",
            PAGE.as_bytes(),
            Format::Html,
            &ReadOptions::default(),
        );
        let doc = docs[0].as_ref().expect("page reads");
        assert_eq!(doc.id, "oslo.html");
        assert_eq!(doc.title.as_deref(), Some("Ministers meet in Oslo"));
        assert_eq!(
            doc.published.map(|d| d.to_string()).as_deref(),
            Some("2024-05-17")
        );
        assert_eq!(
            doc.url.as_deref(),
            Some("https://news.example.org/2024/05/17/oslo")
        );
        assert_eq!(doc.language.as_deref(), Some("en"));
        assert!(doc.body.starts_with("Foreign ministers"));
        assert!(!doc.body.contains("Home") && !doc.body.contains("About us"));
    }

    #[test]
    fn malformed_empty_and_binary_pages() {
        let options = ReadOptions::default();
        // Unclosed tags, stray end tags, a table inside a paragraph: still read.
        let broken = b"<html><body><div><p>Rebels and the army agreed a truce in the north, officials said.<p>Both sides <b>will <i>meet</b> again</i></table></span><p";
        let doc = read_html("b.html", broken, None, None, &options).expect("best effort");
        assert!(doc.body.contains("agreed a truce"));
        assert!(doc.body.contains("will meet again"));
        assert_eq!(
            read_html("e.html", b"", None, None, &options).map_err(|e| e.kind),
            Err(SourceErrorKind::Empty)
        );
        assert_eq!(
            read_html(
                "n.html",
                b"<html><body><nav>Menu</nav></body></html>",
                None,
                None,
                &options
            )
            .map_err(|e| e.kind),
            Err(SourceErrorKind::NoText)
        );
        assert!(matches!(
            read_html("z.html", b"\x00\x01\x02\x03", None, None, &options).map_err(|e| e.kind),
            Err(SourceErrorKind::Binary(_))
        ));
    }

    #[test]
    fn wrong_declared_encodings() {
        let options = ReadOptions::default();
        // Latin-1 bytes, declared UTF-8.
        let latin1 = b"<html><head><meta charset=\"utf-8\"></head><body><p>The delegation from S\xe3o Tom\xe9 arrived in Bras\xedlia on Monday evening.</p></body></html>";
        let doc = read_html("l.html", latin1, None, None, &options).expect("reads");
        assert!(
            doc.body.contains("São Tomé") && doc.body.contains("Brasília"),
            "{}",
            doc.body
        );
        // UTF-8 bytes, declared Latin-1 by the HTTP header and the page.
        let utf8 = "<html><head><meta charset=\"iso-8859-1\"></head><body><p>The delegation from São Tomé arrived in Brasília on Monday evening.</p></body></html>";
        let doc = read_html(
            "u.html",
            utf8.as_bytes(),
            Some("ISO-8859-1"),
            None,
            &options,
        )
        .expect("reads");
        assert!(doc.body.contains("São Tomé"), "{}", doc.body);
        // Windows-1251 declared correctly.
        let cyrillic = b"<html><head><meta charset=\"windows-1251\"></head><body><p>\xcc\xe8\xed\xe8\xf1\xf2\xf0\xfb \xe2\xf1\xf2\xf0\xe5\xf2\xe8\xeb\xe8\xf1\xfc \xe2 \xcc\xee\xf1\xea\xe2\xe5 \xe2\xee \xe2\xf2\xee\xf0\xed\xe8\xea.</p></body></html>";
        let doc = read_html("c.html", cyrillic, None, None, &options).expect("reads");
        assert!(doc.body.contains("Москве"), "{}", doc.body);
    }
}
