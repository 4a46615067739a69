//! The main text of a page: which blocks are the article, which are chrome.
//!
//! The method, in four passes over the tree:
//! 1. **Prune.** Elements that are never article text (scripts, navigation,
//!    asides, footers, forms, figures, hidden elements) are dropped outright;
//!    elements whose class or id says "share", "related", "comment",
//!    "cookie", "newsletter", … are dropped unless they hold most of the
//!    page's paragraph text (a class like `has-comments` on the article
//!    wrapper must not take the article with it).
//! 2. **Score.** Every paragraph of at least a sentence's length gives points
//!    (more for length and commas, fewer for link text) to its parent, and
//!    a decreasing share to the ancestors above; a container's class/id
//!    hints ("article-body", "story") add or remove points, and its final
//!    score is scaled down by its link density. The best container wins.
//! 3. **Gather.** Siblings of the winner that score well or are plain
//!    paragraphs join it (articles split by ad slots).
//! 4. **Clean.** Inside the kept containers, link lists, short widgets and
//!    lines that read as chrome ("Share this article", "Advertisement") are
//!    dropped; the rest is rendered one paragraph per line.

use crate::dom::{Dom, NodeId, NodeKind};
use crate::text::{join_lines, render_lines, Line};

/// Extracts the main text of a parsed page, one paragraph per line.
pub fn extract_body(dom: &Dom, title: Option<&str>) -> String {
    let analysis = Analysis::new(dom);
    let root = analysis.body;
    let chosen = analysis.choose_content();
    let mut lines: Vec<Line> = Vec::new();
    for &container in &chosen {
        let skip = |id: NodeId| analysis.removed[id] || analysis.clean_away(id, container);
        lines.extend(render_lines(dom, container, &skip));
    }
    if lines.iter().map(Line::chars).sum::<usize>() == 0 && root != 0 {
        lines = render_lines(dom, root, &|id| analysis.removed[id]);
    }
    let kept = filter_lines(&lines, title);
    join_lines(kept.iter().map(|l| l.text.as_str()))
}

/// Per-node figures, all counted in non-whitespace characters.
struct Analysis<'a> {
    dom: &'a Dom,
    body: NodeId,
    removed: Vec<bool>,
    text: Vec<u32>,
    links: Vec<u32>,
    /// Characters in paragraphs (`p` and text runs of at least 25 characters) with few links.
    para: Vec<u32>,
    commas: Vec<u32>,
    weight: Vec<i32>,
    /// What the class and id say, per element.
    hints: Vec<Hints>,
    /// Nodes in document order.
    order: Vec<NodeId>,
}

impl<'a> Analysis<'a> {
    fn new(dom: &'a Dom) -> Analysis<'a> {
        let n = dom.nodes.len();
        let body = dom
            .elements_named("body")
            .next()
            .unwrap_or_else(|| dom.elements_named("html").next().unwrap_or(0));
        let mut order = Vec::with_capacity(n);
        order.push(body);
        order.extend(dom.descendants(body));
        let mut analysis = Analysis {
            dom,
            body,
            removed: vec![false; n],
            text: vec![0; n],
            links: vec![0; n],
            para: vec![0; n],
            commas: vec![0; n],
            weight: vec![0; n],
            hints: vec![Hints::default(); n],
            order,
        };
        let mut soft = vec![false; n];
        for i in 0..analysis.order.len() {
            let id = analysis.order[i];
            let node = dom.node(id);
            if let Some(parent) = node.parent {
                if analysis.removed[parent] {
                    analysis.removed[id] = true;
                    continue;
                }
            }
            if node.kind != NodeKind::Element {
                continue;
            }
            let hints = Hints::of(node);
            analysis.weight[id] = hints.weight;
            analysis.hints[id] = hints;
            if hard_remove(node) {
                analysis.removed[id] = true;
            } else if id != body && (hints.boilerplate || node.tag() == "header") {
                soft[id] = true;
            }
        }
        analysis.count();
        // Soft removals are undone for elements holding most of the page's paragraphs.
        let total_para = analysis.para[body].max(1);
        let marker_below = analysis.marker_below();
        for i in 0..analysis.order.len() {
            let id = analysis.order[i];
            if !soft[id] || analysis.removed[id] {
                continue;
            }
            let holds_article = analysis.para[id] * 2 > total_para && !analysis.hints[id].comments
                || marker_below[id];
            if !holds_article {
                analysis.removed[id] = true;
                for child in dom.descendants(id) {
                    analysis.removed[child] = true;
                }
            }
        }
        analysis.count();
        analysis
    }

    /// Fills `text`, `links`, `para`, `commas` bottom-up, skipping removed nodes.
    fn count(&mut self) {
        let dom = self.dom;
        self.text.iter_mut().for_each(|v| *v = 0);
        self.links.iter_mut().for_each(|v| *v = 0);
        self.para.iter_mut().for_each(|v| *v = 0);
        self.commas.iter_mut().for_each(|v| *v = 0);
        for &id in self.order.iter().rev() {
            if self.removed[id] {
                continue;
            }
            let node = dom.node(id);
            match node.kind {
                NodeKind::Text => {
                    let (chars, commas) = count_text(&node.text);
                    self.text[id] = chars;
                    self.commas[id] = commas;
                }
                NodeKind::Element => {
                    let tag = node.tag();
                    let mut direct_inline = 0u32;
                    for child in dom.children(id) {
                        if self.removed[child] {
                            continue;
                        }
                        self.text[id] += self.text[child];
                        self.links[id] += self.links[child];
                        self.para[id] += self.para[child];
                        self.commas[id] += self.commas[child];
                        let child_node = dom.node(child);
                        if child_node.kind == NodeKind::Text || is_inline(child_node.tag()) {
                            direct_inline += self.text[child];
                        }
                    }
                    if tag == "a" {
                        self.links[id] = self.text[id];
                    }
                    let low_links = self.links[id] * 2 < self.text[id];
                    if tag == "p" || tag == "pre" {
                        if low_links {
                            self.para[id] = self.text[id];
                        }
                    } else if direct_inline >= 25 && !is_inline(node.tag()) && low_links {
                        self.para[id] += direct_inline;
                    }
                }
                _ => {}
            }
        }
    }

    /// Which nodes are or contain an explicit article-body marker.
    fn marker_below(&self) -> Vec<bool> {
        let mut below = vec![false; self.dom.nodes.len()];
        for &id in self.order.iter().rev() {
            let here = self.hints[id].marker || self.dom.children(id).any(|child| below[child]);
            below[id] = here;
        }
        below
    }

    fn link_density(&self, id: NodeId) -> f64 {
        if self.text[id] == 0 {
            0.0
        } else {
            f64::from(self.links[id]) / f64::from(self.text[id])
        }
    }

    /// The containers holding the article, in document order.
    fn choose_content(&self) -> Vec<NodeId> {
        let dom = self.dom;
        let n = dom.nodes.len();
        let mut score = vec![0f64; n];
        let mut scored = vec![false; n];
        for &id in &self.order {
            if self.removed[id] || dom.node(id).kind != NodeKind::Element {
                continue;
            }
            let node = dom.node(id);
            let tag = node.tag();
            // A paragraph unit: a <p>/<pre>, or an element's own run of text.
            let (unit_chars, unit_commas, unit_links, first_parent) = if tag == "p" || tag == "pre"
            {
                (self.text[id], self.commas[id], self.links[id], node.parent)
            } else if self.para[id] > 0 && !is_inline(node.tag()) {
                let child_para: u32 = dom.children(id).map(|c| self.para[c]).sum();
                let own = self.para[id].saturating_sub(child_para);
                if own < 25 {
                    continue;
                }
                (own, self.commas[id] / 2, 0, Some(id))
            } else {
                continue;
            };
            if unit_chars < 25 {
                continue;
            }
            let link_density = if unit_chars == 0 {
                0.0
            } else {
                (f64::from(unit_links) / f64::from(unit_chars)).min(1.0)
            };
            let points =
                (1.0 + f64::from(unit_commas.min(20)) + (f64::from(unit_chars) / 90.0).min(3.0))
                    * (1.0 - link_density);
            let mut ancestor = first_parent;
            let mut level = 0;
            while let Some(a) = ancestor {
                if level >= 5 || a == 0 {
                    break;
                }
                if !scored[a] {
                    scored[a] = true;
                    score[a] = self.initial_score(a);
                }
                let divider = match level {
                    0 => 1.0,
                    1 => 2.0,
                    _ => 3.0 * level as f64,
                };
                score[a] += points / divider;
                if a == self.body {
                    break;
                }
                ancestor = dom.node(a).parent;
                level += 1;
            }
        }
        let mut best: Option<(NodeId, f64)> = None;
        for &id in &self.order {
            if !scored[id] || self.removed[id] {
                continue;
            }
            let final_score = score[id] * self.hint_factor(id) * (1.0 - self.link_density(id));
            score[id] = final_score;
            if best.is_none_or(|(_, s)| final_score > s) {
                best = Some((id, final_score));
            }
        }
        let Some((mut top, mut top_score)) = best else {
            return vec![self.body];
        };
        // Climb while the parent holds clearly more paragraph text with a similar score
        // (an article split into several blocks scores each block separately).
        while let Some(parent) = dom.node(top).parent {
            if parent == 0 || top == self.body || !scored[parent] {
                break;
            }
            // A wrapper around the same paragraphs loses nothing by climbing.
            let wrapper = self.para[parent] == self.para[top];
            let gains_text = self.para[parent] as f64 > self.para[top] as f64 * 1.3;
            if wrapper || gains_text && score[parent] >= top_score * 0.75 {
                top = parent;
                top_score = top_score.max(score[parent]);
            } else {
                break;
            }
        }
        let Some(parent) = dom.node(top).parent else {
            return vec![top];
        };
        let threshold = (top_score * 0.2).max(3.0);
        let mut chosen = Vec::new();
        for sibling in dom.children(parent) {
            if sibling == top {
                chosen.push(sibling);
                continue;
            }
            if self.removed[sibling] || dom.node(sibling).kind != NodeKind::Element {
                continue;
            }
            let node = dom.node(sibling);
            let density = self.link_density(sibling);
            let joins = (scored[sibling] && score[sibling] >= threshold)
                || (f64::from(self.para[sibling]) >= (f64::from(self.para[top]) * 0.15).max(100.0)
                    && density < 0.3)
                || (node.tag() == "p" && self.text[sibling] > 70 && density < 0.25)
                || (node.tag() == "p"
                    && self.text[sibling] > 0
                    && density == 0.0
                    && ends_sentence(&self.dom.raw_text(sibling)));
            if joins && self.weight[sibling] >= 0 {
                chosen.push(sibling);
            }
        }
        chosen
    }

    /// Points a container starts with, by its tag.
    fn initial_score(&self, id: NodeId) -> f64 {
        match self.dom.node(id).tag() {
            "article" | "main" => 5.0,
            "div" | "section" => 3.0,
            "pre" | "td" | "blockquote" => 2.0,
            "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
            _ => 0.0,
        }
    }

    /// How much the class/id hints scale a container's points.
    fn hint_factor(&self, id: NodeId) -> f64 {
        let marker = if self.hints[id].marker { 0.5 } else { 0.0 };
        (1.0 + f64::from(self.weight[id]) / 100.0 + marker).max(0.1)
    }

    /// Whether an element inside the chosen `container` is chrome to leave out.
    fn clean_away(&self, id: NodeId, container: NodeId) -> bool {
        if id == container {
            return false;
        }
        let node = self.dom.node(id);
        if node.kind != NodeKind::Element {
            return false;
        }
        let tag = node.tag();
        let text = self.text[id];
        let density = self.link_density(id);
        match tag {
            "h1" => true,
            "ul" | "ol" | "dl" => density > 0.5 || (density > 0.3 && self.para[id] == 0),
            "table" => density > 0.5,
            "div" | "section" | "span" | "header" | "details" | "center" => {
                if tag != "span" && self.weight[id] < 0 && self.para[id] * 2 < self.para[container]
                {
                    return true;
                }
                // A widget: links, or a short block without a sentence in it.
                density > 0.5 && text < 1000 || (text > 0 && density > 0.33 && self.para[id] == 0)
            }
            _ => false,
        }
    }
}

/// Drops lines that read as page chrome and the headline repeated in the body.
fn filter_lines<'l>(lines: &'l [Line], title: Option<&str>) -> Vec<&'l Line> {
    let title = title.map(|t| t.trim().to_lowercase());
    lines
        .iter()
        .filter(|line| {
            let text = line.text.trim();
            if text.is_empty() {
                return false;
            }
            if let Some(title) = &title {
                if !title.is_empty() && text.to_lowercase() == *title {
                    return false;
                }
            }
            let chars = line.chars();
            if line.link_density() > 0.6 && chars < 200 {
                return false;
            }
            !is_chrome_line(text)
        })
        .collect()
}

/// Whether a short line is one of the stock phrases of page chrome.
pub(crate) fn is_chrome_line(text: &str) -> bool {
    if text.chars().count() > 80 {
        return false;
    }
    let lower = text.to_lowercase();
    let lower = lower.trim_matches(|c: char| !c.is_alphanumeric());
    const EXACT: &[&str] = &[
        "advertisement",
        "advertising",
        "advert",
        "ad",
        "tags",
        "leave a comment",
        "leave a reply",
        "sponsored",
        "share",
        "share this",
        "share this article",
        "share this story",
        "share on facebook",
        "share on twitter",
        "tweet",
        "email",
        "print",
        "comments",
        "comment",
        "related",
        "related articles",
        "related stories",
        "read more",
        "more",
        "loading",
        "skip to content",
        "skip to main content",
        "close",
        "menu",
        "subscribe",
        "sign up",
        "log in",
        "login",
        "continue reading",
        "story continues below",
        "story continues below advertisement",
        "article continues below advertisement",
        "scroll to continue with content",
    ];
    if EXACT.contains(&lower) {
        return true;
    }
    const PREFIXES: &[&str] = &[
        "share this",
        "sign up for",
        "subscribe to",
        "follow us on",
        "click here to",
        "we use cookies",
        "this website uses cookies",
        "this site uses cookies",
        "by continuing to use",
        "all rights reserved",
        "read more:",
        "related:",
        "tags:",
        "filed under",
        "this slideshow requires javascript",
        "you need to enable javascript",
        "please enable javascript",
        "see also:",
        "advertisement",
    ];
    PREFIXES.iter().any(|p| lower.starts_with(p))
}

fn count_text(text: &str) -> (u32, u32) {
    let mut chars = 0u32;
    let mut commas = 0u32;
    for c in text.chars() {
        if !c.is_whitespace() {
            chars += 1;
            if matches!(c, ',' | '，' | '、' | '،') {
                commas += 1;
            }
        }
    }
    (chars, commas)
}

fn ends_sentence(text: &str) -> bool {
    text.trim_end()
        .ends_with(['.', '!', '?', '"', '”', '。', '»', ')'])
}

/// Inline (phrasing) elements: their text belongs to the enclosing block.
fn is_inline(tag: &str) -> bool {
    matches!(
        tag,
        "a" | "abbr"
            | "b"
            | "bdi"
            | "bdo"
            | "big"
            | "cite"
            | "code"
            | "data"
            | "del"
            | "dfn"
            | "em"
            | "font"
            | "i"
            | "ins"
            | "kbd"
            | "label"
            | "mark"
            | "q"
            | "s"
            | "samp"
            | "small"
            | "span"
            | "strike"
            | "strong"
            | "sub"
            | "sup"
            | "time"
            | "tt"
            | "u"
            | "var"
            | "wbr"
    )
}

/// Elements that never hold article text.
fn hard_remove(node: &crate::dom::Node) -> bool {
    let tag = node.tag();
    if matches!(
        tag,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "iframe"
            | "svg"
            | "math"
            | "canvas"
            | "button"
            | "select"
            | "textarea"
            | "input"
            | "nav"
            | "aside"
            | "footer"
            | "figure"
            | "figcaption"
            | "head"
            | "object"
            | "embed"
            | "video"
            | "audio"
            | "picture"
            | "map"
            | "dialog"
            | "menu"
    ) {
        return true;
    }
    if node.attr("hidden").is_some() || node.attr("aria-hidden") == Some("true") {
        return true;
    }
    if let Some(style) = node.attr("style") {
        let style: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        if style.contains("display:none") || style.contains("visibility:hidden") {
            return true;
        }
    }
    matches!(
        node.attr("role"),
        Some("navigation" | "banner" | "contentinfo" | "complementary" | "dialog" | "alert")
    )
}

/// Class/id pieces, lower-case, split on punctuation and camelCase.
fn class_pieces(node: &crate::dom::Node) -> Vec<String> {
    let mut pieces = Vec::new();
    for value in [node.attr("class"), node.attr("id")].into_iter().flatten() {
        let mut current = String::new();
        let mut prev_lower = false;
        for c in value.chars() {
            if !c.is_alphanumeric() {
                if !current.is_empty() {
                    pieces.push(std::mem::take(&mut current));
                }
                prev_lower = false;
                continue;
            }
            if c.is_uppercase() && prev_lower && !current.is_empty() {
                pieces.push(std::mem::take(&mut current));
            }
            prev_lower = c.is_lowercase();
            if c.is_ascii() {
                current.push(c.to_ascii_lowercase());
            } else {
                current.extend(c.to_lowercase());
            }
        }
        if !current.is_empty() {
            pieces.push(current);
        }
    }
    pieces
}

const BOILERPLATE_PIECES: &[&str] = &[
    "share",
    "sharing",
    "shares",
    "sharebar",
    "social",
    "socials",
    "related",
    "recommended",
    "recommendations",
    "newsletter",
    "newsletters",
    "subscribe",
    "subscription",
    "signup",
    "promo",
    "promotion",
    "advert",
    "advertisement",
    "ad",
    "ads",
    "adv",
    "advertising",
    "sponsor",
    "sponsored",
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "comment",
    "comments",
    "disqus",
    "sidebar",
    "breadcrumb",
    "breadcrumbs",
    "nav",
    "navbar",
    "navigation",
    "menu",
    "footer",
    "masthead",
    "popup",
    "modal",
    "overlay",
    "banner",
    "widget",
    "tags",
    "toolbar",
    "outbrain",
    "taboola",
    "trending",
    "popular",
    "caption",
    "credit",
    "credits",
    "byline",
    "skip",
    "hidden",
    "hide",
    "sr",
    "visually",
    "offscreen",
    "print",
    "author",
    "bio",
    "rail",
    "teaser",
    "teasers",
    "more",
];

const POSITIVE_PIECES: &[&str] = &[
    "article", "body", "content", "entry", "hentry", "main", "post", "story", "text", "blog",
    "prose", "richtext", "news", "detail",
];

const NEGATIVE_PIECES: &[&str] = &[
    "meta", "date", "time", "header", "foot", "footnote", "links", "media", "photo", "video",
    "gallery", "tools", "utility",
];

/// Whether class pieces name chrome; "content-with-sidebar" or "has-comments"
/// describe a wrapper, not the chrome itself.
fn is_boilerplate_class(pieces: &[String]) -> bool {
    pieces.iter().enumerate().any(|(i, piece)| {
        BOILERPLATE_PIECES.contains(&piece.as_str())
            && !(i > 0
                && matches!(
                    pieces[i - 1].as_str(),
                    "with" | "has" | "no" | "without" | "show" | "enable" | "enabled" | "allow"
                ))
    })
}

/// What an element's class and id say about it.
#[derive(Debug, Clone, Copy, Default)]
struct Hints {
    /// +25 for article-like names, -25 for chrome-like ones (both may apply).
    weight: i32,
    /// A name of page chrome ("share", "related", "comments", …).
    boilerplate: bool,
    /// A comment section.
    comments: bool,
    /// An explicit article-body marker (`itemprop="articleBody"`, "article-body", …).
    marker: bool,
}

impl Hints {
    fn of(node: &crate::dom::Node) -> Hints {
        let marker_attr = node.attr("itemprop") == Some("articleBody");
        if node.attr("class").is_none() && node.attr("id").is_none() {
            return Hints {
                marker: marker_attr,
                ..Hints::default()
            };
        }
        let pieces = class_pieces(node);
        let boilerplate = is_boilerplate_class(&pieces);
        let mut weight = 0;
        if pieces.iter().any(|p| POSITIVE_PIECES.contains(&p.as_str())) {
            weight += 25;
        }
        if boilerplate || pieces.iter().any(|p| NEGATIVE_PIECES.contains(&p.as_str())) {
            weight -= 25;
        }
        Hints {
            weight,
            boilerplate,
            comments: pieces
                .iter()
                .any(|p| matches!(p.as_str(), "comment" | "comments" | "disqus")),
            marker: marker_attr || is_marker_pieces(&pieces),
        }
    }
}

/// Class pieces of an explicit article-body marker (common CMS classes).
fn is_marker_pieces(pieces: &[String]) -> bool {
    pieces.windows(2).any(|w| {
        matches!(
            (w[0].as_str(), w[1].as_str()),
            ("article", "body")
                | ("article", "content")
                | ("article", "text")
                | ("story", "body")
                | ("story", "content")
                | ("story", "text")
                | ("entry", "content")
                | ("post", "content")
                | ("post", "body")
                | ("content", "body")
                | ("body", "text")
                | ("news", "body")
        )
    })
}

/// The extractor's view of a page, one element per line: its tag, id,
/// class, whether it was pruned, its text, link and paragraph characters,
/// its class weight, and the chosen containers first. The tool to reach for
/// when a page's body comes out wrong (`examples/debug_page.rs`).
pub fn debug_dump(dom: &Dom) -> String {
    let a = Analysis::new(dom);
    let chosen = a.choose_content();
    let mut out = format!("chosen: {chosen:?}\n");
    for &id in &a.order {
        let node = dom.node(id);
        if node.kind != NodeKind::Element || a.text[id] == 0 && !a.removed[id] {
            continue;
        }
        let depth = dom.depth(id);
        out.push_str(&format!(
            "{}{} #{} class={:?} removed={} text={} links={} para={} w={}\n",
            " ".repeat(depth.min(40)),
            node.tag(),
            id,
            node.attr("class")
                .unwrap_or("")
                .chars()
                .take(60)
                .collect::<String>(),
            a.removed[id],
            a.text[id],
            a.links[id],
            a.para[id],
            a.weight[id]
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body_of(html: &str) -> String {
        extract_body(&Dom::parse(html), None)
    }

    #[test]
    fn keeps_paragraphs_drops_chrome() {
        let html = r#"<html><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<div class="article-body">
<p>The foreign ministers of both countries met on Tuesday in Geneva, their first meeting in a year.</p>
<div class="share-tools"><a>Share on Facebook</a> <a>Tweet</a></div>
<p>They agreed to reopen consulates, a senior official said, and to meet again in spring.</p>
<p>Advertisement</p>
<ul class="related-links"><li><a href="/a">Another story about talks</a></li><li><a href="/b">A second story</a></li></ul>
</div>
<footer>Copyright the outlet</footer>
</body></html>"#;
        let body = body_of(html);
        assert_eq!(
            body,
            "The foreign ministers of both countries met on Tuesday in Geneva, their first meeting in a year.\nThey agreed to reopen consulates, a senior official said, and to meet again in spring."
        );
    }

    #[test]
    fn class_pieces_split_camel_case() {
        let dom = Dom::parse("<div class='shareButtons article__body' id='main-Content'></div>");
        let div = dom.elements_named("div").next().unwrap_or(0);
        assert_eq!(
            class_pieces(dom.node(div)),
            vec!["share", "buttons", "article", "body", "main", "content"]
        );
    }

    #[test]
    fn chrome_lines() {
        assert!(is_chrome_line("Share this article"));
        assert!(is_chrome_line("ADVERTISEMENT"));
        assert!(!is_chrome_line("The envoy said he would share the plan."));
    }

    #[test]
    fn empty_and_odd_pages_do_not_panic() {
        assert_eq!(body_of(""), "");
        assert_eq!(body_of("<p>"), "");
        assert_eq!(body_of("just words"), "just words");
    }
}
