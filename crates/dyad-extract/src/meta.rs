//! Page metadata: title, byline, publication date and language, from the
//! places publishers put them (Open Graph and other `<meta>` tags, JSON-LD,
//! microdata, `<time>`, the URL, a visible dateline), best source first.

use crate::date::{date_from_url, find_date_in_text, parse_date};
use crate::dom::{Dom, NodeId, NodeKind};
use crate::text::collapse_whitespace;
use jiff::civil::Date;
use serde_json::Value;

/// Where the publication date was found, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateSource {
    /// JSON-LD `datePublished`.
    JsonLd,
    /// A `<meta>` tag (`article:published_time`, `date`, `dc.date`, …).
    Meta,
    /// Microdata `itemprop="datePublished"`.
    Microdata,
    /// A `<time datetime>` element.
    TimeElement,
    /// The page URL (`/2024/05/17/`).
    Url,
    /// A date written in the page's visible text near the top.
    Text,
}

/// Everything gathered from `<head>`, JSON-LD and microdata.
#[derive(Debug, Default)]
pub(crate) struct Meta {
    pub title: Option<String>,
    pub byline: Option<String>,
    pub published: Option<(Date, DateSource)>,
    pub language: Option<String>,
    pub canonical_url: Option<String>,
}

/// Names of `<meta>` tags holding the publication date, best first.
const DATE_METAS: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "article.published",
    "published_time",
    "publish-date",
    "publish_date",
    "publishdate",
    "pubdate",
    "datepublished",
    "date_published",
    "sailthru.date",
    "parsely-pub-date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "date",
    "citation_publication_date",
    "article:modified_time",
    "og:updated_time",
];

const AUTHOR_METAS: &[&str] = &[
    "author",
    "article:author",
    "dc.creator",
    "dcterms.creator",
    "byl",
    "sailthru.author",
    "parsely-author",
    "twitter:creator",
];

pub(crate) fn read_meta(dom: &Dom, url: Option<&str>) -> Meta {
    let mut metas: Vec<(String, String)> = Vec::new();
    let mut json_ld = JsonLd::default();
    let mut title_tag = None;
    let mut first_h1 = None;
    let mut language = None;
    let mut canonical = None;
    let mut microdata_date = None;
    let mut microdata_author = None;
    let mut rel_author = None;
    let mut class_byline = None;
    let mut time_date = None;
    let mut lang_meta = None;
    for id in dom.descendants(0) {
        let node = dom.node(id);
        if node.kind != NodeKind::Element {
            continue;
        }
        match node.tag() {
            "html" => {
                language = node
                    .attr("lang")
                    .or_else(|| node.attr("xml:lang"))
                    .and_then(normalize_language);
            }
            "meta" => {
                let key = node
                    .attr("property")
                    .or_else(|| node.attr("name"))
                    .or_else(|| node.attr("itemprop"))
                    .or_else(|| node.attr("http-equiv"));
                if let (Some(key), Some(content)) = (key, node.attr("content")) {
                    let key = key.trim().to_ascii_lowercase();
                    if key == "content-language" || key == "og:locale" || key == "language" {
                        lang_meta = lang_meta.or_else(|| normalize_language(content));
                    }
                    metas.push((key, content.trim().to_string()));
                }
            }
            "title" if title_tag.is_none() => {
                title_tag = Some(collapse_whitespace(&dom.raw_text(id)));
            }
            "h1" if first_h1.is_none() => {
                let text = collapse_whitespace(&dom.raw_text(id));
                if !text.is_empty() {
                    first_h1 = Some(text);
                }
            }
            "link" => {
                let rel = node.attr("rel").unwrap_or("").to_ascii_lowercase();
                if rel.split_whitespace().any(|r| r == "canonical") {
                    canonical = canonical.or_else(|| node.attr("href").map(str::to_string));
                }
            }
            "script" => {
                let kind = node.attr("type").unwrap_or("").trim().to_ascii_lowercase();
                if kind == "application/ld+json" {
                    json_ld.read(&dom.own_text(id));
                }
            }
            "time" if time_date.is_none() => {
                let value = node.attr("datetime").or_else(|| node.attr("pubdate"));
                time_date = value.and_then(parse_date);
            }
            "a" if rel_author.is_none()
                && node.attr("rel").is_some_and(|r| r.contains("author")) =>
            {
                let text = collapse_whitespace(&dom.raw_text(id));
                rel_author = clean_author(&text);
            }
            _ => {}
        }
        if class_byline.is_none()
            && node
                .attr("class")
                .is_some_and(|c| c.to_ascii_lowercase().contains("byline"))
        {
            let text = collapse_whitespace(&dom.raw_text(id));
            if text.to_lowercase().starts_with("by ") {
                // "By Jane Roe, Reuters | 12 May 2024": the names before any separator.
                let names = text.split(['|', '\u{2022}']).next().unwrap_or("");
                class_byline = clean_author(names);
            }
        }
        if let Some(prop) = node.attr("itemprop") {
            match prop {
                "datePublished" if microdata_date.is_none() => {
                    microdata_date = node
                        .attr("content")
                        .or_else(|| node.attr("datetime"))
                        .and_then(parse_date)
                        .or_else(|| parse_date(&collapse_whitespace(&dom.raw_text(id))));
                }
                "author" | "creator" if microdata_author.is_none() => {
                    microdata_author = node
                        .attr("content")
                        .map(str::to_string)
                        .or_else(|| itemprop_name(dom, id))
                        .and_then(|t| clean_author(&t));
                }
                _ => {}
            }
        }
    }
    let meta_value = |names: &[&str]| -> Option<&str> {
        names.iter().find_map(|name| {
            metas
                .iter()
                .find(|(key, value)| key == name && !value.is_empty())
                .map(|(_, value)| value.as_str())
        })
    };
    let title = meta_value(&["og:title", "twitter:title"])
        .map(collapse_whitespace)
        .or_else(|| json_ld.headline.clone())
        .or(first_h1)
        .or_else(|| title_tag.as_deref().map(strip_site_name))
        .filter(|t| !t.is_empty());
    let byline = json_ld
        .author
        .clone()
        .or_else(|| {
            AUTHOR_METAS.iter().find_map(|name| {
                metas
                    .iter()
                    .filter(|(key, _)| key == name)
                    .find_map(|(_, value)| clean_author(value))
            })
        })
        .or(microdata_author)
        .or(rel_author)
        .or(class_byline);
    let page_url = url.or(canonical.as_deref());
    let stamped = json_ld
        .published
        .map(|(d, utc)| (d, DateSource::JsonLd, utc))
        .or_else(|| {
            DATE_METAS.iter().find_map(|name| {
                metas
                    .iter()
                    .filter(|(key, _)| key == name)
                    .find_map(|(_, value)| parse_date(value).map(|d| (d, is_utc_stamp(value))))
                    .map(|(d, utc)| (d, DateSource::Meta, utc))
            })
        });
    let url_date = page_url.and_then(date_from_url);
    let published = match (stamped, url_date) {
        // A UTC stamp of an evening story falls on the next day; the URL has the outlet's day.
        (Some((date, _, true)), Some(local))
            if date.tomorrow().ok() == Some(local) || local.tomorrow().ok() == Some(date) =>
        {
            Some((local, DateSource::Url))
        }
        (Some((date, source, _)), _) => Some((date, source)),
        (None, _) => None,
    }
    .or_else(|| microdata_date.map(|d| (d, DateSource::Microdata)))
    .or_else(|| time_date.map(|d| (d, DateSource::TimeElement)))
    .or_else(|| url_date.map(|d| (d, DateSource::Url)));
    Meta {
        title,
        byline,
        published,
        language: language.or(lang_meta).or(json_ld.language),
        canonical_url: canonical,
    }
}

/// A dateline in the visible text: the first date in the first lines of the page body.
pub(crate) fn visible_date(dom: &Dom, body: NodeId) -> Option<Date> {
    let mut seen = 0usize;
    let mut walk = dom.descendants(body);
    while let Some(id) = walk.next() {
        let node = dom.node(id);
        if node.kind == NodeKind::Element && crate::dom::is_hidden_tag(node.tag()) {
            walk.skip_subtree(id);
            continue;
        }
        if node.kind != NodeKind::Text {
            continue;
        }
        let text = node.text.trim();
        if text.is_empty() {
            continue;
        }
        if text.len() < 200 {
            if let Some(date) = find_date_in_text(text) {
                return Some(date);
            }
        }
        seen += text.len();
        if seen > 20_000 {
            break;
        }
    }
    None
}

/// Whether a timestamp is in UTC or has a time but no zone: its calendar
/// day may not be the outlet's.
fn is_utc_stamp(text: &str) -> bool {
    let text = text.trim();
    let Some(time) = text.get(10..).filter(|t| t.starts_with(['T', ' '])) else {
        return false;
    };
    let time = &time[1..];
    time.ends_with('Z')
        || time.ends_with("+00:00")
        || time.ends_with("+0000")
        || !time.contains(['+', '-'])
}

/// Primary language subtag, lower case: `en-US` → `en`.
fn normalize_language(value: &str) -> Option<String> {
    let primary = value.trim().split(['-', '_', ',', ';']).next()?.trim();
    if (2..=3).contains(&primary.len()) && primary.chars().all(|c| c.is_ascii_alphabetic()) {
        Some(primary.to_ascii_lowercase())
    } else {
        None
    }
}

/// Removes a trailing " | Site" or " - Site" from a `<title>`.
fn strip_site_name(title: &str) -> String {
    for sep in [" | ", " - ", " – ", " — ", " :: ", " · "] {
        if let Some(pos) = title.rfind(sep) {
            let head = &title[..pos];
            if head.chars().count() >= 15 {
                return head.trim().to_string();
            }
        }
    }
    title.trim().to_string()
}

/// Cleans a byline: drops "By", URLs and overlong text.
fn clean_author(text: &str) -> Option<String> {
    let text = collapse_whitespace(text);
    let text = match text.get(..3) {
        Some(prefix) if prefix.eq_ignore_ascii_case("by ") => text[3..].trim().to_string(),
        _ => text,
    };
    if text.is_empty()
        || text.contains("://")
        || text.starts_with('@') && text.len() < 3
        || text.chars().count() > 100
    {
        return None;
    }
    Some(text)
}

fn itemprop_name(dom: &Dom, id: NodeId) -> Option<String> {
    dom.descendants(id)
        .find(|&d| dom.node(d).attr("itemprop") == Some("name"))
        .map(|d| {
            dom.node(d)
                .attr("content")
                .map(str::to_string)
                .unwrap_or_else(|| dom.raw_text(d))
        })
        .or_else(|| Some(dom.raw_text(id)))
}

/// What JSON-LD blocks say about the article.
#[derive(Debug, Default)]
struct JsonLd {
    headline: Option<String>,
    author: Option<String>,
    /// The date and whether it was written as a UTC (or zone-less) timestamp.
    published: Option<(Date, bool)>,
    language: Option<String>,
}

impl JsonLd {
    fn read(&mut self, text: &str) {
        match serde_json::from_str::<Value>(text.trim()) {
            Ok(value) => self.visit(&value, 0),
            Err(_) => {
                // Broken JSON-LD is common (trailing commas, raw newlines): look for the key.
                if self.published.is_none() {
                    self.published = find_json_string(text, "datePublished")
                        .and_then(|raw| parse_date(&raw).map(|d| (d, is_utc_stamp(&raw))));
                }
            }
        }
    }

    fn visit(&mut self, value: &Value, depth: usize) {
        if depth > 8 {
            return;
        }
        match value {
            Value::Array(items) => items.iter().for_each(|v| self.visit(v, depth + 1)),
            Value::Object(map) => {
                if let Some(graph) = map.get("@graph") {
                    self.visit(graph, depth + 1);
                }
                let kind = type_names(map.get("@type"));
                let is_article = kind.iter().any(|k| {
                    k.ends_with("Article")
                        || matches!(k.as_str(), "BlogPosting" | "Report" | "LiveBlogPosting")
                });
                if !is_article && !map.contains_key("datePublished") {
                    return;
                }
                if self.published.is_none() {
                    self.published = map
                        .get("datePublished")
                        .and_then(Value::as_str)
                        .and_then(|raw| parse_date(raw).map(|d| (d, is_utc_stamp(raw))));
                }
                if !is_article {
                    return;
                }
                if self.headline.is_none() {
                    self.headline = map
                        .get("headline")
                        .and_then(Value::as_str)
                        .map(collapse_whitespace)
                        .filter(|t| !t.is_empty());
                }
                if self.author.is_none() {
                    self.author = map.get("author").and_then(author_names);
                }
                if self.language.is_none() {
                    self.language = map
                        .get("inLanguage")
                        .and_then(Value::as_str)
                        .and_then(normalize_language);
                }
            }
            _ => {}
        }
    }
}

fn type_names(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    }
}

fn author_names(value: &Value) -> Option<String> {
    let names: Vec<String> = match value {
        Value::String(s) => vec![s.clone()],
        Value::Object(map) => map
            .get("name")
            .and_then(Value::as_str)
            .map(|s| vec![s.to_string()])
            .unwrap_or_default(),
        Value::Array(items) => items.iter().filter_map(author_names).collect(),
        _ => Vec::new(),
    };
    let names: Vec<String> = names.iter().filter_map(|n| clean_author(n)).collect();
    (!names.is_empty()).then(|| names.join(", "))
}

/// The string value of `"key": "…"` in text that is not valid JSON.
fn find_json_string(text: &str, key: &str) -> Option<String> {
    let quoted = format!("\"{key}\"");
    let at = text.find(&quoted)? + quoted.len();
    let rest = text[at..].trim_start().strip_prefix(':')?.trim_start();
    let rest = rest.strip_prefix('"')?;
    let end = rest.find('"')?;
    Some(rest[..end].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta_of(html: &str, url: Option<&str>) -> Meta {
        read_meta(&Dom::parse(html), url)
    }

    #[test]
    fn date_from_json_ld_beats_meta() {
        let html = r#"<html lang="en-GB"><head>
<meta property="article:published_time" content="2024-05-18T08:00:00Z">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
"headline":"Envoys meet in Geneva","datePublished":"2024-05-17T10:00:00+02:00",
"author":[{"@type":"Person","name":"A. Writer"},{"@type":"Person","name":"B. Writer"}]}</script>
</head><body></body></html>"#;
        let meta = meta_of(html, None);
        let (date, source) = meta.published.expect("a date");
        assert_eq!(date.to_string(), "2024-05-17");
        assert_eq!(source, DateSource::JsonLd);
        assert_eq!(meta.title.as_deref(), Some("Envoys meet in Geneva"));
        assert_eq!(meta.byline.as_deref(), Some("A. Writer, B. Writer"));
        assert_eq!(meta.language.as_deref(), Some("en"));
    }

    #[test]
    fn date_from_meta_time_and_url() {
        let meta = meta_of(
            r#"<head><meta name="pubdate" content="20230102"><title>Talks resume in Oslo today | The Paper</title></head>"#,
            None,
        );
        assert_eq!(
            meta.published.map(|(d, s)| (d.to_string(), s)),
            Some(("2023-01-02".to_string(), DateSource::Meta))
        );
        assert_eq!(meta.title.as_deref(), Some("Talks resume in Oslo today"));
        let meta = meta_of(
            r#"<body><time datetime="2022-03-04T05:06">Friday</time></body>"#,
            None,
        );
        assert_eq!(
            meta.published.map(|(_, s)| s),
            Some(DateSource::TimeElement)
        );
        let meta = meta_of(
            r#"<meta property="article:published_time" content="2021-07-09T02:10:00Z">"#,
            Some("https://example.org/2021/07/08/story"),
        );
        assert_eq!(
            meta.published.map(|(d, s)| (d.to_string(), s)),
            Some(("2021-07-08".to_string(), DateSource::Url))
        );
    }

    #[test]
    fn broken_json_ld_still_gives_the_date() {
        let meta = meta_of(
            "<script type=\"application/ld+json\">{\"datePublished\": \"2020-02-03\", }</script>",
            None,
        );
        assert_eq!(
            meta.published.map(|(d, _)| d.to_string()).as_deref(),
            Some("2020-02-03")
        );
    }

    #[test]
    fn bylines() {
        let meta = meta_of(
            r#"<div class="article-byline">By Kari Nordmann | 3 May 2024</div>"#,
            None,
        );
        assert_eq!(meta.byline.as_deref(), Some("Kari Nordmann"));
        let meta = meta_of(r#"<meta name="author" content="By Jane Roe">"#, None);
        assert_eq!(meta.byline.as_deref(), Some("Jane Roe"));
        let meta = meta_of(
            r#"<span itemprop="author" itemscope><span itemprop="name">Ola Nordmann</span></span>"#,
            None,
        );
        assert_eq!(meta.byline.as_deref(), Some("Ola Nordmann"));
    }
}
