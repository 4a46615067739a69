//! Text helpers: whitespace collapsing, rendering a subtree as lines, and
//! the cleaning of HTML fragments (feed descriptions) into plain text.

use crate::dom::{is_block, Dom, NodeId, NodeKind};

/// Collapses runs of whitespace (including no-break spaces) into one space and trims.
pub fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() || c == '\u{200b}' || c == '\u{feff}' {
            pending_space = !out.is_empty();
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

/// One rendered line: a paragraph, heading, list item or table row.
#[derive(Debug, Clone, Default)]
pub struct Line {
    /// The text, whitespace collapsed.
    pub text: String,
    /// Non-whitespace characters inside links.
    pub link_chars: usize,
    /// The block element that opened the line (`p`, `li`, `h2`, …; `""` for loose text).
    pub block: &'static str,
}

impl Line {
    /// Non-whitespace characters.
    pub fn chars(&self) -> usize {
        self.text.chars().filter(|c| !c.is_whitespace()).count()
    }

    /// Share of the line's characters inside links.
    pub fn link_density(&self) -> f64 {
        let chars = self.chars();
        if chars == 0 {
            0.0
        } else {
            self.link_chars as f64 / chars as f64
        }
    }
}

/// Renders the subtree of `root` as lines, skipping nodes for which `skip` is true.
///
/// Block elements and `<br>` end lines; everything else is inline.
pub fn render_lines(dom: &Dom, root: NodeId, skip: &dyn Fn(NodeId) -> bool) -> Vec<Line> {
    let mut renderer = Renderer::default();
    // An explicit stack of (node, entered) keeps deep pages off the call stack.
    let mut stack: Vec<(NodeId, bool)> = vec![(root, false)];
    while let Some((id, entered)) = stack.pop() {
        let node = dom.node(id);
        if entered {
            if node.tag() == "a" {
                renderer.link_depth = renderer.link_depth.saturating_sub(1);
            }
            if is_block(node.tag()) {
                renderer.flush();
            }
            continue;
        }
        if id != root && skip(id) {
            continue;
        }
        match node.kind {
            NodeKind::Text => renderer.push_text(&node.text),
            NodeKind::Element | NodeKind::Document => {
                let tag = node.tag();
                if matches!(
                    tag,
                    "script" | "style" | "noscript" | "template" | "head" | "title"
                ) {
                    continue;
                }
                if tag == "br" || tag == "hr" {
                    renderer.flush();
                    continue;
                }
                if is_block(tag) {
                    renderer.flush();
                    renderer.block = block_name(tag);
                }
                if tag == "a" {
                    renderer.link_depth += 1;
                }
                if matches!(tag, "td" | "th") {
                    renderer.push_text(" ");
                }
                stack.push((id, true));
                let children: Vec<NodeId> = dom.children(id).collect();
                for child in children.into_iter().rev() {
                    stack.push((child, false));
                }
            }
            NodeKind::Other => {}
        }
    }
    renderer.flush();
    renderer.lines
}

/// Cleans an HTML fragment (a feed item's description) into plain text,
/// one paragraph per line.
pub fn clean_fragment(html: &str) -> String {
    // Feeds clean four fields per item, most often empty: skip the parser
    // (a feed of a million items spent most of its time here).
    if html.trim().is_empty() {
        return String::new();
    }
    let dom = Dom::parse(html);
    let body = dom.elements_named("body").next().unwrap_or(0);
    let lines = render_lines(&dom, body, &|id| {
        matches!(
            dom.node(id).tag(),
            "figcaption" | "iframe" | "svg" | "button" | "form" | "select"
        )
    });
    join_lines(lines.iter().map(|l| l.text.as_str()))
}

/// Joins non-empty lines with `\n`.
pub fn join_lines<'a>(lines: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for line in lines {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(line);
    }
    out
}

fn block_name(tag: &str) -> &'static str {
    match tag {
        "p" => "p",
        "li" => "li",
        "h1" => "h1",
        "h2" => "h2",
        "h3" => "h3",
        "h4" => "h4",
        "h5" => "h5",
        "h6" => "h6",
        "blockquote" => "blockquote",
        "pre" => "pre",
        "td" | "th" | "tr" => "tr",
        "dd" | "dt" => "dd",
        _ => "div",
    }
}

#[derive(Default)]
struct Renderer {
    lines: Vec<Line>,
    current: String,
    link_chars: usize,
    link_depth: usize,
    pending_space: bool,
    block: &'static str,
}

impl Renderer {
    fn push_text(&mut self, text: &str) {
        for c in text.chars() {
            if c.is_whitespace() || c == '\u{200b}' || c == '\u{feff}' {
                self.pending_space = !self.current.is_empty();
            } else {
                if self.pending_space {
                    self.current.push(' ');
                    self.pending_space = false;
                }
                self.current.push(c);
                if self.link_depth > 0 {
                    self.link_chars += 1;
                }
            }
        }
    }

    fn flush(&mut self) {
        if !self.current.is_empty() {
            self.lines.push(Line {
                text: std::mem::take(&mut self.current),
                link_chars: self.link_chars,
                block: self.block,
            });
        }
        self.link_chars = 0;
        self.pending_space = false;
        self.block = "";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapses_whitespace() {
        assert_eq!(collapse_whitespace("  a \u{a0}\n b  "), "a b");
    }

    #[test]
    fn fragments_become_lines() {
        let text = clean_fragment(
            "<p>Envoys met in <a href='/x'>Geneva</a>.</p><p>Talks  resume<br>tomorrow.</p><figure><figcaption>A photo</figcaption></figure>",
        );
        assert_eq!(text, "Envoys met in Geneva.\nTalks resume\ntomorrow.");
        assert_eq!(clean_fragment("plain &amp; simple"), "plain & simple");
        assert_eq!(clean_fragment(""), "");
    }

    #[test]
    fn lines_count_link_characters() {
        let dom = Dom::parse("<p>Read <a>more here</a></p>");
        let lines = render_lines(&dom, 0, &|_| false);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].link_chars, 8);
        assert_eq!(lines[0].block, "p");
    }
}
