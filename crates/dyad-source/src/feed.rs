//! RSS 2.0, RSS 1.0 (RDF) and Atom feeds: one document per item.
//!
//! Items are parsed one at a time as the iterator advances (an event
//! parser, no tree of the whole feed), so feeds with many items stream.
//! The body is `content:encoded` (RSS) or `content` (Atom) when present,
//! else `description` / `summary`; either may be HTML, which is cleaned to
//! text by `dyad-extract`. Entities: the five XML ones, character
//! references and common HTML names (`&nbsp;`) are decoded; entities a
//! feed declares in a DTD are never expanded (quick-xml does not read
//! DTDs), so "billion laughs" input stays small and is kept literally.

use crate::{Document, Documents, ReadOptions, SourceError, SourceErrorKind};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::io::Cursor;

/// Reads a feed lazily.
pub(crate) fn read_feed<'a>(
    name: &'a str,
    bytes: &'a [u8],
    options: &'a ReadOptions,
) -> Documents<'a> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Box::new(std::iter::once(Err(SourceError {
            origin: name.to_string(),
            kind: SourceErrorKind::Empty,
        })));
    }
    // Decoded once up front (XML declaration or BOM, checked against the bytes).
    let text = dyad_extract::charset::decode_html(bytes, None).text;
    let mut reader = Reader::from_reader(Cursor::new(text.into_bytes()));
    let config = reader.config_mut();
    config.trim_text(false);
    config.check_end_names = true;
    config.expand_empty_elements = false;
    Box::new(FeedItems {
        name,
        options,
        reader,
        buffer: Vec::new(),
        channel_title: None,
        channel_language: None,
        item: None,
        items_seen: 0,
        depth: 0,
        path: Vec::new(),
        done: false,
    })
}

struct FeedItems<'a> {
    name: &'a str,
    options: &'a ReadOptions,
    reader: Reader<Cursor<Vec<u8>>>,
    buffer: Vec<u8>,
    channel_title: Option<String>,
    channel_language: Option<String>,
    /// The item being read, with the depth of its element.
    item: Option<(Item, usize)>,
    items_seen: usize,
    depth: usize,
    /// Names of the open elements.
    path: Vec<String>,
    done: bool,
}

/// The fields of one item as read.
#[derive(Default)]
struct Item {
    title: String,
    link: Option<String>,
    guid: Option<String>,
    date: Option<String>,
    updated: Option<String>,
    content: String,
    description: String,
    author: String,
    /// Which field text goes to, by the item child being read.
    field: Option<Field>,
    /// Bytes gathered; past the limit the item is refused.
    size: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Title,
    Link,
    Guid,
    Date,
    Updated,
    Content,
    Description,
    Author,
}

impl Item {
    fn push(&mut self, text: &str) {
        self.size += text.len();
        let target = match self.field {
            Some(Field::Title) => &mut self.title,
            Some(Field::Content) => &mut self.content,
            Some(Field::Description) => &mut self.description,
            Some(Field::Author) => &mut self.author,
            Some(Field::Link) => self.link.get_or_insert_with(String::new),
            Some(Field::Guid) => self.guid.get_or_insert_with(String::new),
            Some(Field::Date) => self.date.get_or_insert_with(String::new),
            Some(Field::Updated) => self.updated.get_or_insert_with(String::new),
            None => return,
        };
        target.push_str(text);
    }
}

fn field_for(name: &str) -> Option<Field> {
    Some(match name {
        "title" => Field::Title,
        "link" => Field::Link,
        "guid" | "id" => Field::Guid,
        "pubdate" | "dc:date" | "published" | "issued" => Field::Date,
        "updated" | "modified" | "a10:updated" | "atom:updated" => Field::Updated,
        "content:encoded" | "content" => Field::Content,
        "description" | "summary" | "dc:description" => Field::Description,
        "author" | "dc:creator" | "creator" => Field::Author,
        _ => return None,
    })
}

impl FeedItems<'_> {
    fn origin(&self) -> String {
        format!("{}:item {}", self.name, self.items_seen)
    }

    fn error(&mut self, kind: SourceErrorKind) -> Option<Result<Document, SourceError>> {
        self.done = true;
        Some(Err(SourceError {
            origin: if self.item.is_some() {
                self.origin()
            } else {
                self.name.to_string()
            },
            kind,
        }))
    }

    fn start(&mut self, element: &BytesStart<'_>, empty: bool) {
        let name = String::from_utf8_lossy(element.name().as_ref()).to_ascii_lowercase();
        let depth = self.depth;
        if !empty {
            self.depth += 1;
            self.path.push(name.clone());
        }
        if matches!(name.as_str(), "item" | "entry") && self.item.is_none() {
            if !empty {
                self.items_seen += 1;
                self.item = Some((Item::default(), depth + 1));
            }
            return;
        }
        let Some((item, item_depth)) = self.item.as_mut() else {
            return;
        };
        if depth == *item_depth {
            // A direct child of the item.
            item.field = field_for(&name);
            if name == "link" {
                // Atom: <link rel="alternate" href="…"/>.
                let rel = attribute(element, b"rel");
                if let Some(href) = attribute(element, b"href") {
                    if rel.as_deref().is_none_or(|r| r == "alternate") && item.link.is_none() {
                        item.link = Some(href);
                    }
                    item.field = None;
                }
            }
            if empty {
                item.field = None;
            }
        } else if item.field == Some(Field::Content) || item.field == Some(Field::Description) {
            // Inline XHTML content (Atom type="xhtml"): keep block breaks.
            if matches!(
                name.as_str(),
                "p" | "div" | "br" | "li" | "h1" | "h2" | "h3" | "blockquote"
            ) {
                item.push("<br>");
            }
        }
    }

    fn end(&mut self) -> Option<Result<Document, SourceError>> {
        self.depth = self.depth.saturating_sub(1);
        let name = self.path.pop().unwrap_or_default();
        if let Some((item, item_depth)) = self.item.as_mut() {
            if self.depth == *item_depth {
                item.field = None;
            }
            if self.depth + 1 == *item_depth && matches!(name.as_str(), "item" | "entry") {
                let (item, _) = self.item.take()?;
                return Some(self.finish(item));
            }
        }
        None
    }

    fn finish(&self, item: Item) -> Result<Document, SourceError> {
        let origin = self.origin();
        let error = |kind| SourceError {
            origin: origin.clone(),
            kind,
        };
        if item.size > self.options.max_bytes {
            return Err(error(SourceErrorKind::TooLarge {
                size: item.size,
                limit: self.options.max_bytes,
            }));
        }
        let mut body = dyad_extract::clean_fragment(&item.content);
        if body.trim().is_empty() {
            body = dyad_extract::clean_fragment(&item.description);
        }
        if body.trim().is_empty() {
            return Err(error(SourceErrorKind::NoText));
        }
        let title = dyad_extract::clean_fragment(&item.title);
        let link = item
            .link
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty());
        let guid = item
            .guid
            .map(|g| g.trim().to_string())
            .filter(|g| !g.is_empty());
        let published = item
            .date
            .as_deref()
            .or(item.updated.as_deref())
            .and_then(dyad_extract::date::parse_date)
            .or(self.options.published);
        let author = dyad_extract::clean_fragment(&item.author);
        Ok(Document {
            id: guid.or_else(|| link.clone()).unwrap_or(origin),
            url: link,
            title: (!title.is_empty()).then_some(title),
            published,
            source_name: self.channel_title.clone(),
            byline: (!author.is_empty()).then_some(author),
            language: self.channel_language.clone(),
            body,
        })
    }

    /// Text outside items: the channel's title and language.
    fn channel_text(&mut self, text: &str) {
        let parent = self.path.last().map(String::as_str);
        let grandparent = self
            .path
            .len()
            .checked_sub(2)
            .and_then(|i| self.path.get(i));
        let in_channel = grandparent.is_some_and(|g| g == "channel" || g == "feed");
        match parent {
            Some("title") if in_channel && self.channel_title.is_none() => {
                let title = text.trim();
                if !title.is_empty() {
                    self.channel_title = Some(title.to_string());
                }
            }
            Some("language" | "dc:language") if in_channel => {
                let primary = text.trim().split(['-', '_']).next().unwrap_or("");
                if (2..=3).contains(&primary.len()) {
                    self.channel_language = Some(primary.to_ascii_lowercase());
                }
            }
            _ => {}
        }
    }
}

impl Iterator for FeedItems<'_> {
    type Item = Result<Document, SourceError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            self.buffer.clear();
            let event = match self.reader.read_event_into(&mut self.buffer) {
                Ok(event) => event.into_owned(),
                Err(err) => {
                    let at = self.reader.buffer_position();
                    return self.error(SourceErrorKind::Xml(format!("{err} (near byte {at})")));
                }
            };
            match event {
                Event::Start(element) => self.start(&element, false),
                Event::Empty(element) => self.start(&element, true),
                Event::End(_) => {
                    if let Some(result) = self.end() {
                        return Some(result);
                    }
                }
                Event::Text(text) => {
                    let text = text
                        .unescape_with(resolve_entity)
                        .map(|t| t.into_owned())
                        .unwrap_or_else(|_| lenient_unescape(&String::from_utf8_lossy(&text)));
                    self.push_text(&text);
                }
                Event::CData(data) => {
                    let text = String::from_utf8_lossy(&data).into_owned();
                    self.push_text(&text);
                }
                Event::Eof => {
                    self.done = true;
                    if self.depth > 0 || self.item.is_some() {
                        return self.error(SourceErrorKind::Xml(format!(
                            "the feed ends early, inside <{}> (truncated?)",
                            self.path.last().map_or("", String::as_str)
                        )));
                    }
                    if self.items_seen == 0 {
                        return self.error(SourceErrorKind::Xml(
                            "no <item> or <entry> elements: not an RSS or Atom feed".into(),
                        ));
                    }
                    return None;
                }
                _ => {}
            }
        }
        None
    }
}

impl FeedItems<'_> {
    fn push_text(&mut self, text: &str) {
        let limit = self.options.max_bytes;
        match self.item.as_mut() {
            Some((item, item_depth)) => {
                // Past the limit, only the size keeps counting: memory stays bounded.
                if item.size > limit {
                    item.size += text.len();
                } else if self.depth > *item_depth + 1 {
                    // Text of inline XHTML: escaped, as the field is cleaned as HTML.
                    item.push(&text.replace('&', "&amp;").replace('<', "&lt;"));
                } else {
                    item.push(text);
                }
            }
            None => self.channel_text(text),
        }
    }
}

fn attribute(element: &BytesStart<'_>, key: &[u8]) -> Option<String> {
    element
        .attributes()
        .flatten()
        .find(|a| a.key.as_ref().eq_ignore_ascii_case(key))
        .map(|a| {
            a.unescape_value_with(resolve_entity)
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| String::from_utf8_lossy(&a.value).into_owned())
        })
}

/// Entities beyond XML's five that feeds use: HTML names. Anything else
/// (including entities declared in a DTD) is left unexpanded.
fn resolve_entity(name: &str) -> Option<&'static str> {
    Some(match name {
        "nbsp" => "\u{a0}",
        "mdash" => "—",
        "ndash" => "–",
        "hellip" => "…",
        "lsquo" => "‘",
        "rsquo" => "’",
        "ldquo" => "“",
        "rdquo" => "”",
        "laquo" => "«",
        "raquo" => "»",
        "copy" => "©",
        "reg" => "®",
        "euro" => "€",
        "pound" => "£",
        "eacute" => "é",
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        _ => return None,
    })
}

/// Unescapes what can be, keeping unknown `&name;` references as written.
fn lenient_unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let end = tail[1..]
            .find(|c: char| c == ';' || c == '&' || c.is_whitespace())
            .map(|e| e + 1);
        match end {
            Some(end) if tail.as_bytes().get(end) == Some(&b';') => {
                let name = &tail[1..end];
                let resolved = if let Some(number) = name.strip_prefix('#') {
                    let code = match number.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok(),
                        None => number.parse().ok(),
                    };
                    code.and_then(char::from_u32).map(String::from)
                } else {
                    resolve_entity(name).map(str::to_string)
                };
                match resolved {
                    Some(text) => out.push_str(&text),
                    None => out.push_str(&tail[..=end]),
                }
                rest = &tail[end + 1..];
            }
            _ => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{read, Format};

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Example Wire</title><language>en-gb</language>
<item><title>Talks resume in Geneva</title><link>https://wire.example.org/geneva</link>
<guid isPermaLink="false">wire-1</guid><pubDate>Tue, 03 Jun 2025 08:00:00 +0000</pubDate>
<description>Short teaser.</description>
<content:encoded><![CDATA[<p>Negotiators returned to Geneva on Tuesday.</p><p>A second round is planned.</p><figure><figcaption>A photo caption</figcaption></figure>]]></content:encoded>
<dc:creator>Jane Roe</dc:creator></item>
<item><title>Only a description &amp; no content</title><link>https://wire.example.org/b</link>
<description>&lt;p&gt;The envoy&nbsp;left &#8220;early&#8221;.&lt;/p&gt;</description></item>
<item><title>No text at all</title></item>
</channel></rss>"#;

    #[test]
    fn reads_rss_items() {
        let docs = read(
            "wire.rss",
            RSS.as_bytes(),
            Format::Feed,
            &ReadOptions::default(),
        );
        assert_eq!(docs.len(), 3);
        let first = docs[0].as_ref().expect("first item");
        assert_eq!(first.id, "wire-1");
        assert_eq!(first.title.as_deref(), Some("Talks resume in Geneva"));
        assert_eq!(
            first.url.as_deref(),
            Some("https://wire.example.org/geneva")
        );
        assert_eq!(
            first.published.map(|d| d.to_string()).as_deref(),
            Some("2025-06-03")
        );
        assert_eq!(
            first.body,
            "Negotiators returned to Geneva on Tuesday.\nA second round is planned."
        );
        assert_eq!(first.source_name.as_deref(), Some("Example Wire"));
        assert_eq!(first.language.as_deref(), Some("en"));
        assert_eq!(first.byline.as_deref(), Some("Jane Roe"));
        let second = docs[1].as_ref().expect("second item");
        assert_eq!(second.id, "https://wire.example.org/b");
        assert_eq!(
            second.title.as_deref(),
            Some("Only a description & no content")
        );
        assert_eq!(second.body, "The envoy left “early”.");
        assert_eq!(
            docs[2]
                .as_ref()
                .map_err(|e| (e.origin.as_str(), e.kind.clone())),
            Err(("wire.rss:item 3", SourceErrorKind::NoText))
        );
    }

    #[test]
    fn reads_atom_entries() {
        let atom = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Example Atom</title>
<entry><title type="html">Ceasefire &lt;em&gt;holds&lt;/em&gt;</title>
<link rel="alternate" href="https://atom.example.org/1"/><link rel="enclosure" href="https://atom.example.org/1.mp3"/>
<id>tag:atom.example.org,2025:1</id><updated>2025-06-04T10:00:00Z</updated><published>2025-06-03T09:00:00+02:00</published>
<summary>The ceasefire held overnight.</summary>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>The ceasefire held overnight, both sides said.</p><p>Aid convoys moved in.</p></div></content>
<author><name>Ola Nordmann</name></author></entry></feed>"#;
        let docs = read(
            "a.atom",
            atom.as_bytes(),
            Format::Feed,
            &ReadOptions::default(),
        );
        let entry = docs[0].as_ref().expect("entry");
        assert_eq!(entry.title.as_deref(), Some("Ceasefire holds"));
        assert_eq!(entry.url.as_deref(), Some("https://atom.example.org/1"));
        assert_eq!(entry.id, "tag:atom.example.org,2025:1");
        assert_eq!(
            entry.published.map(|d| d.to_string()).as_deref(),
            Some("2025-06-03")
        );
        assert_eq!(
            entry.body,
            "The ceasefire held overnight, both sides said.\nAid convoys moved in."
        );
        assert_eq!(entry.byline.as_deref(), Some("Ola Nordmann"));
        assert_eq!(entry.source_name.as_deref(), Some("Example Atom"));
    }

    #[test]
    fn malformed_and_truncated_feeds() {
        let options = ReadOptions::default();
        // Mismatched end tag after one good item: the item, then an error.
        let bad = "<rss><channel><item><title>A</title><description>Talks went well.</description></item><item><title>B</wrong></item></channel></rss>";
        let docs = read("bad.rss", bad.as_bytes(), Format::Feed, &options);
        assert!(docs[0].is_ok());
        assert!(matches!(
            &docs[1],
            Err(SourceError {
                kind: SourceErrorKind::Xml(_),
                ..
            })
        ));
        assert_eq!(docs.len(), 2);
        // Cut in the middle of an item.
        let cut = &RSS[..RSS.find("<dc:creator>").unwrap_or(RSS.len())];
        let docs = read("cut.rss", cut.as_bytes(), Format::Feed, &options);
        assert!(matches!(
            docs.last(),
            Some(Err(SourceError {
                kind: SourceErrorKind::Xml(_),
                ..
            }))
        ));
        // Not a feed, empty, and garbage.
        let docs = read(
            "x.xml",
            b"<html><body>hi</body></html>",
            Format::Feed,
            &options,
        );
        assert!(matches!(
            &docs[..],
            [Err(SourceError {
                kind: SourceErrorKind::Xml(_),
                ..
            })]
        ));
        let docs = read("e.rss", b"", Format::Feed, &options);
        assert!(matches!(
            &docs[..],
            [Err(SourceError {
                kind: SourceErrorKind::Empty,
                ..
            })]
        ));
        let docs = read("g.rss", b"<<<>>>&&&\x01", Format::Feed, &options);
        assert!(docs.iter().all(Result::is_err) && !docs.is_empty());
    }

    #[test]
    fn dtd_entities_are_not_expanded() {
        let lol = format!(
            "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY lol \"lol\">{}]><rss><channel><item><title>t</title><description>Start &lol9; end of the text here.</description></item></channel></rss>",
            (1..10)
                .map(|i| format!("<!ENTITY lol{i} \"{}\">", format!("&lol{};", i - 1).repeat(10)))
                .collect::<String>()
        );
        let docs = read(
            "lol.rss",
            lol.as_bytes(),
            Format::Feed,
            &ReadOptions::default(),
        );
        let doc = docs[0].as_ref().expect("item reads");
        assert!(
            doc.body.len() < 100,
            "entity was expanded: {} bytes",
            doc.body.len()
        );
        assert!(doc.body.contains("&lol9;"));
    }

    #[test]
    fn many_items_stream_and_items_over_the_limit_are_refused() {
        let mut feed = String::from("<rss><channel>");
        for i in 0..5000 {
            feed.push_str(&format!(
                "<item><guid>g{i}</guid><description>Item number {i} text.</description></item>"
            ));
        }
        feed.push_str("</channel></rss>");
        let options = ReadOptions::default();
        let mut docs = crate::documents("big.rss", feed.as_bytes(), Format::Feed, &options);
        assert_eq!(
            docs.next().and_then(Result::ok).map(|d| d.id),
            Some("g0".to_string())
        );
        assert_eq!(docs.count(), 4999);
        let small = ReadOptions {
            max_bytes: 10,
            ..ReadOptions::default()
        };
        let docs = read("b.rss", RSS.as_bytes(), Format::Feed, &small);
        assert!(matches!(
            &docs[0],
            Err(SourceError {
                kind: SourceErrorKind::TooLarge { .. },
                ..
            })
        ));
    }

    #[test]
    fn lenient_unescape_keeps_unknown_entities() {
        assert_eq!(
            lenient_unescape("a &amp; b &foo; &#233; & c"),
            "a & b &foo; é & c"
        );
    }
}
