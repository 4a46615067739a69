//! A small arena DOM built by html5ever's tree builder.
//!
//! Why our own: the extractor only walks the tree and reads names,
//! attributes and text, so a `Vec` of nodes linked by index is all it needs;
//! it is cheaper than a reference-counted DOM and never panics on odd
//! handles. Node 0 is the document. Template contents are kept out of the
//! tree (they are inert markup, never shown).

use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{Attribute, LocalName, QualName};
use std::borrow::Cow;
use std::cell::{Ref, RefCell};

/// Index of a node in [`Dom::nodes`].
pub type NodeId = usize;

/// What a node is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    /// The document root (also template contents fragments).
    Document,
    /// An element; its name is in [`Node::name`].
    Element,
    /// A run of text.
    Text,
    /// Comments, processing instructions, doctypes: never shown.
    Other,
}

/// One node of the tree.
#[derive(Debug, Clone)]
pub struct Node {
    /// What the node is.
    pub kind: NodeKind,
    /// Element name (empty for other kinds).
    pub name: QualName,
    /// Element attributes, names lower-case as the tokenizer gives them.
    pub attrs: Vec<(LocalName, String)>,
    /// Text of a text node.
    pub text: String,
    /// Parent node.
    pub parent: Option<NodeId>,
    /// First child.
    pub first_child: Option<NodeId>,
    /// Last child.
    pub last_child: Option<NodeId>,
    /// Previous sibling.
    pub prev: Option<NodeId>,
    /// Next sibling.
    pub next: Option<NodeId>,
}

impl Node {
    fn new(kind: NodeKind) -> Node {
        Node {
            kind,
            name: QualName::new(None, html5ever::ns!(), LocalName::from("")),
            attrs: Vec::new(),
            text: String::new(),
            parent: None,
            first_child: None,
            last_child: None,
            prev: None,
            next: None,
        }
    }

    /// The element's local name (`""` for non-elements).
    pub fn tag(&self) -> &str {
        &self.name.local
    }

    /// An attribute's value.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(key, _)| &**key == name)
            .map(|(_, value)| value.as_str())
    }
}

/// A parsed page.
#[derive(Debug, Clone)]
pub struct Dom {
    /// All nodes; 0 is the document.
    pub nodes: Vec<Node>,
}

impl Dom {
    /// Parses a whole page, as a browser would (html5ever never fails).
    ///
    /// Pathologically deep markup (thousands of unclosed `<div>`s) is first
    /// flattened by [`limit_nesting`]: html5ever's tree builder takes time
    /// quadratic in the depth of open elements.
    pub fn parse(html: &str) -> Dom {
        let sink = Sink {
            nodes: RefCell::new(vec![Node::new(NodeKind::Document)]),
            templates: RefCell::new(Vec::new()),
        };
        let html = limit_nesting(html, MAX_NESTING);
        html5ever::parse_document(sink, Default::default()).one(StrTendril::from_slice(&html))
    }

    /// The children of a node, in order.
    pub fn children(&self, id: NodeId) -> Children<'_> {
        Children {
            dom: self,
            next: self.nodes.get(id).and_then(|n| n.first_child),
        }
    }

    /// The node with this id (the document when out of range, so callers never panic).
    pub fn node(&self, id: NodeId) -> &Node {
        self.nodes.get(id).unwrap_or(&self.nodes[0])
    }

    /// All nodes under `root` (itself excluded) in document order.
    pub fn descendants(&self, root: NodeId) -> Descendants<'_> {
        Descendants {
            dom: self,
            root,
            next: self.node(root).first_child,
        }
    }

    /// Elements named `tag` anywhere in the document, in order.
    pub fn elements_named<'a>(&'a self, tag: &'a str) -> impl Iterator<Item = NodeId> + 'a {
        self.descendants(0).filter(move |&id| {
            let node = self.node(id);
            node.kind == NodeKind::Element && node.tag() == tag
        })
    }

    /// The visible-order text under a node, raw (no whitespace cleanup),
    /// without the contents of scripts, styles and templates.
    pub fn raw_text(&self, root: NodeId) -> String {
        let mut out = String::new();
        let mut walk = self.descendants(root);
        while let Some(id) = walk.next() {
            let node = self.node(id);
            match node.kind {
                NodeKind::Text => out.push_str(&node.text),
                NodeKind::Element if is_hidden_tag(node.tag()) => walk.skip_subtree(id),
                _ => {}
            }
        }
        out
    }

    /// The text of a node's own text children (a `<script>`'s source).
    pub fn own_text(&self, id: NodeId) -> String {
        self.children(id)
            .filter(|&c| self.node(c).kind == NodeKind::Text)
            .map(|c| self.node(c).text.as_str())
            .collect()
    }

    /// The depth of a node (the document is 0).
    pub fn depth(&self, id: NodeId) -> usize {
        let mut depth = 0;
        let mut current = self.node(id).parent;
        while let Some(parent) = current {
            depth += 1;
            current = self.node(parent).parent;
        }
        depth
    }
}

/// Elements whose text is never shown.
pub fn is_hidden_tag(tag: &str) -> bool {
    matches!(tag, "script" | "style" | "noscript" | "template" | "head")
}

/// Deepest nesting of open elements passed to the parser.
pub const MAX_NESTING: usize = 1000;

/// Drops start tags that would nest deeper than `max` open elements.
///
/// A quick scan of the tags (not a parse): elements closed implicitly
/// (`p`, `li`, `td`, …) and void ones (`br`, `img`) are not counted, and
/// script and style contents and comments are skipped. Real pages nest a
/// few dozen levels; only hostile or broken input is changed.
pub fn limit_nesting(html: &str, max: usize) -> std::borrow::Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut dropped: Vec<(usize, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(offset) = html.get(i..).and_then(|rest| rest.find('<')) {
        let start = i + offset;
        i = start + 1;
        if bytes[i..].starts_with(b"!--") {
            i = find_from(bytes, i, b"-->").map_or(bytes.len(), |e| e + 3);
            continue;
        }
        let closing = bytes.get(i) == Some(&b'/');
        let name_start = if closing { i + 1 } else { i };
        if !bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let name_end = bytes[name_start..]
            .iter()
            .position(|b| b.is_ascii_whitespace() || matches!(b, b'/' | b'>'))
            .map_or(bytes.len(), |e| name_start + e);
        // Tag names that matter are short: lower-case them without allocating.
        let mut name_buffer = [0u8; 12];
        let raw_name = &bytes[name_start..name_end];
        let name_len = raw_name.len().min(name_buffer.len());
        for (slot, byte) in name_buffer.iter_mut().zip(raw_name) {
            *slot = byte.to_ascii_lowercase();
        }
        let name = std::str::from_utf8(&name_buffer[..name_len]).unwrap_or("");
        let end = tag_end(bytes, name_end);
        i = end;
        if closing {
            if !implicitly_closed(name) {
                depth = depth.saturating_sub(1);
            }
            continue;
        }
        if matches!(name, "script" | "style" | "textarea" | "title" | "xmp") {
            i = find_end_tag(html, i, name).unwrap_or(bytes.len());
            continue;
        }
        let self_closing = end >= 2 && bytes[end - 2] == b'/';
        if implicitly_closed(name) || is_void(name) || self_closing {
            continue;
        }
        depth += 1;
        if depth > max {
            dropped.push((start, end));
            depth -= 1;
        }
    }
    if dropped.is_empty() {
        return std::borrow::Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut from = 0;
    for (start, end) in dropped {
        out.push_str(&html[from..start]);
        from = end;
    }
    out.push_str(&html[from..]);
    std::borrow::Cow::Owned(out)
}

/// The index after the `>` closing a tag, skipping quoted attribute values.
fn tag_end(bytes: &[u8], mut i: usize) -> usize {
    let mut quote: Option<u8> = None;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => return i + 1,
            None => {}
        }
        i += 1;
    }
    bytes.len()
}

fn find_from(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

/// Where `</name` starts (any case) at or after `from`.
fn find_end_tag(html: &str, from: usize, name: &str) -> Option<usize> {
    let bytes = html.as_bytes();
    let mut at = from;
    while let Some(offset) = html.get(at..).and_then(|rest| rest.find("</")) {
        let start = at + offset;
        let candidate = bytes.get(start + 2..start + 2 + name.len())?;
        if candidate.eq_ignore_ascii_case(name.as_bytes()) {
            return Some(start);
        }
        at = start + 2;
    }
    None
}

fn implicitly_closed(name: &str) -> bool {
    matches!(
        name,
        "p" | "li"
            | "td"
            | "th"
            | "tr"
            | "option"
            | "optgroup"
            | "dt"
            | "dd"
            | "tbody"
            | "thead"
            | "tfoot"
            | "colgroup"
            | "rt"
            | "rp"
            | "html"
            | "head"
            | "body"
    )
}

fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
            | "image"
            | "keygen"
    )
}

/// Iterator over a node's children.
pub struct Children<'a> {
    dom: &'a Dom,
    next: Option<NodeId>,
}

impl Iterator for Children<'_> {
    type Item = NodeId;
    fn next(&mut self) -> Option<NodeId> {
        let id = self.next?;
        self.next = self.dom.nodes.get(id).and_then(|n| n.next);
        Some(id)
    }
}

/// Pre-order iterator over a subtree (without recursion, so deep pages are safe).
pub struct Descendants<'a> {
    dom: &'a Dom,
    root: NodeId,
    next: Option<NodeId>,
}

impl Iterator for Descendants<'_> {
    type Item = NodeId;
    fn next(&mut self) -> Option<NodeId> {
        let id = self.next?;
        let node = self.dom.node(id);
        self.next = if node.first_child.is_some() {
            node.first_child
        } else {
            // Climb until a node with a next sibling, stopping at the root.
            let mut current = id;
            loop {
                if current == self.root {
                    break None;
                }
                let here = self.dom.node(current);
                if let Some(next) = here.next {
                    break Some(next);
                }
                match here.parent {
                    Some(parent) if parent != self.root => current = parent,
                    _ => break None,
                }
            }
        };
        Some(id)
    }
}

impl Descendants<'_> {
    /// Skips the subtree of the node just returned.
    pub fn skip_subtree(&mut self, returned: NodeId) {
        let mut current = returned;
        self.next = loop {
            if current == self.root {
                break None;
            }
            let here = self.dom.node(current);
            if let Some(next) = here.next {
                break Some(next);
            }
            match here.parent {
                Some(parent) if parent != self.root => current = parent,
                _ => break None,
            }
        };
    }
}

struct Sink {
    nodes: RefCell<Vec<Node>>,
    /// (template element, its contents fragment).
    templates: RefCell<Vec<(NodeId, NodeId)>>,
}

impl Sink {
    fn push(&self, node: Node) -> NodeId {
        let mut nodes = self.nodes.borrow_mut();
        nodes.push(node);
        nodes.len() - 1
    }

    fn detach(&self, id: NodeId) {
        let mut nodes = self.nodes.borrow_mut();
        let Some(node) = nodes.get(id) else { return };
        let (parent, prev, next) = (node.parent, node.prev, node.next);
        if let Some(prev) = prev {
            nodes[prev].next = next;
        } else if let Some(parent) = parent {
            nodes[parent].first_child = next;
        }
        if let Some(next) = next {
            nodes[next].prev = prev;
        } else if let Some(parent) = parent {
            nodes[parent].last_child = prev;
        }
        let node = &mut nodes[id];
        node.parent = None;
        node.prev = None;
        node.next = None;
    }

    fn append_node(&self, parent: NodeId, child: NodeId) {
        self.detach(child);
        let mut nodes = self.nodes.borrow_mut();
        if parent >= nodes.len() || child >= nodes.len() {
            return;
        }
        let last = nodes[parent].last_child;
        nodes[child].parent = Some(parent);
        nodes[child].prev = last;
        match last {
            Some(last) => nodes[last].next = Some(child),
            None => nodes[parent].first_child = Some(child),
        }
        nodes[parent].last_child = Some(child);
    }

    fn insert_before(&self, sibling: NodeId, child: NodeId) {
        self.detach(child);
        let mut nodes = self.nodes.borrow_mut();
        if sibling >= nodes.len() || child >= nodes.len() {
            return;
        }
        let Some(parent) = nodes[sibling].parent else {
            return;
        };
        let prev = nodes[sibling].prev;
        nodes[child].parent = Some(parent);
        nodes[child].prev = prev;
        nodes[child].next = Some(sibling);
        nodes[sibling].prev = Some(child);
        match prev {
            Some(prev) => nodes[prev].next = Some(child),
            None => nodes[parent].first_child = Some(child),
        }
    }

    fn text_node(&self, text: &str) -> NodeId {
        let mut node = Node::new(NodeKind::Text);
        node.text = text.to_string();
        self.push(node)
    }

    /// Appends text to `id` when it is a text node; false otherwise.
    fn extend_text(&self, id: Option<NodeId>, text: &str) -> bool {
        let mut nodes = self.nodes.borrow_mut();
        match id.and_then(|id| nodes.get_mut(id)) {
            Some(node) if node.kind == NodeKind::Text => {
                node.text.push_str(text);
                true
            }
            _ => false,
        }
    }
}

impl TreeSink for Sink {
    type Handle = NodeId;
    type Output = Dom;
    type ElemName<'a> = Ref<'a, QualName>;

    fn finish(self) -> Dom {
        Dom {
            nodes: self.nodes.into_inner(),
        }
    }

    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> NodeId {
        0
    }

    fn elem_name<'a>(&'a self, target: &'a NodeId) -> Ref<'a, QualName> {
        // Node 0 (the document) has an empty name: a safe answer for a bad handle.
        Ref::map(self.nodes.borrow(), |nodes| {
            &nodes.get(*target).unwrap_or(&nodes[0]).name
        })
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> NodeId {
        let mut node = Node::new(NodeKind::Element);
        node.attrs = attrs
            .into_iter()
            .map(|a| (a.name.local, a.value.to_string()))
            .collect();
        node.name = name;
        let id = self.push(node);
        if flags.template {
            let contents = self.push(Node::new(NodeKind::Document));
            self.templates.borrow_mut().push((id, contents));
        }
        id
    }

    fn create_comment(&self, _text: StrTendril) -> NodeId {
        self.push(Node::new(NodeKind::Other))
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> NodeId {
        self.push(Node::new(NodeKind::Other))
    }

    fn append(&self, parent: &NodeId, child: NodeOrText<NodeId>) {
        match child {
            NodeOrText::AppendNode(node) => self.append_node(*parent, node),
            NodeOrText::AppendText(text) => {
                let last = self.nodes.borrow().get(*parent).and_then(|n| n.last_child);
                if !self.extend_text(last, &text) {
                    let node = self.text_node(&text);
                    self.append_node(*parent, node);
                }
            }
        }
    }

    fn append_based_on_parent_node(
        &self,
        element: &NodeId,
        prev_element: &NodeId,
        child: NodeOrText<NodeId>,
    ) {
        let has_parent = self
            .nodes
            .borrow()
            .get(*element)
            .is_some_and(|n| n.parent.is_some());
        if has_parent {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev_element, child);
        }
    }

    fn append_doctype_to_document(&self, _: StrTendril, _: StrTendril, _: StrTendril) {}

    fn get_template_contents(&self, target: &NodeId) -> NodeId {
        let templates = self.templates.borrow();
        match templates.iter().find(|(t, _)| t == target) {
            Some((_, contents)) => *contents,
            None => {
                drop(templates);
                let contents = self.push(Node::new(NodeKind::Document));
                self.templates.borrow_mut().push((*target, contents));
                contents
            }
        }
    }

    fn same_node(&self, x: &NodeId, y: &NodeId) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn append_before_sibling(&self, sibling: &NodeId, new_node: NodeOrText<NodeId>) {
        match new_node {
            NodeOrText::AppendNode(node) => self.insert_before(*sibling, node),
            NodeOrText::AppendText(text) => {
                let prev = self.nodes.borrow().get(*sibling).and_then(|n| n.prev);
                if !self.extend_text(prev, &text) {
                    let node = self.text_node(&text);
                    self.insert_before(*sibling, node);
                }
            }
        }
    }

    fn add_attrs_if_missing(&self, target: &NodeId, attrs: Vec<Attribute>) {
        let mut nodes = self.nodes.borrow_mut();
        let Some(node) = nodes.get_mut(*target) else {
            return;
        };
        for attr in attrs {
            if !node.attrs.iter().any(|(name, _)| *name == attr.name.local) {
                node.attrs.push((attr.name.local, attr.value.to_string()));
            }
        }
    }

    fn remove_from_parent(&self, target: &NodeId) {
        self.detach(*target);
    }

    fn reparent_children(&self, node: &NodeId, new_parent: &NodeId) {
        let mut child = self.nodes.borrow().get(*node).and_then(|n| n.first_child);
        while let Some(id) = child {
            child = self.nodes.borrow().get(id).and_then(|n| n.next);
            self.append_node(*new_parent, id);
        }
    }
}

/// Whether an element name is a block (it breaks lines when shown).
pub fn is_block(tag: &str) -> bool {
    matches!(
        tag,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "body"
            | "br"
            | "center"
            | "dd"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "html"
            | "li"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "td"
            | "tfoot"
            | "th"
            | "thead"
            | "tr"
            | "ul"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_walks_in_order() {
        let dom = Dom::parse("<p>One <b>two</b><p>three<script>x()</script>");
        let texts: Vec<&str> = dom
            .descendants(0)
            .filter(|&id| dom.node(id).kind == NodeKind::Text)
            .map(|id| dom.node(id).text.as_str())
            .collect();
        assert_eq!(texts, vec!["One ", "two", "three", "x()"]);
        let body = dom.elements_named("body").next().unwrap_or(0);
        assert_eq!(dom.raw_text(body), "One twothree");
        assert_eq!(dom.elements_named("p").count(), 2);
    }

    #[test]
    fn misnested_markup_and_templates_do_not_panic() {
        let dom = Dom::parse("<table><b><tr><td>a</b>c<template><p>hidden</template></table>x");
        let body = dom.elements_named("body").next().unwrap_or(0);
        let text = dom.raw_text(body);
        assert!(text.contains('a') && text.contains('x') && !text.contains("hidden"));
        let deep = "<div>".repeat(50_000) + "deep";
        let dom = Dom::parse(&deep);
        assert!(dom.raw_text(0).contains("deep"));
        assert!(dom.nodes.len() < 2_000);
        let bold = "<p>".to_string() + &"<b>x".repeat(50_000);
        assert!(Dom::parse(&bold).raw_text(0).len() >= 50_000);
    }

    #[test]
    fn nesting_limit_leaves_ordinary_pages_alone() {
        let page = "<html><body><div class='a>b'><p>x<p>y<br><img src=a><script>if (a<b) {}</script><!-- <div> --></div></body></html>";
        assert!(matches!(
            limit_nesting(page, 3),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(
            limit_nesting("<div><div><div>x</div></div></div>", 2),
            "<div><div>x</div></div></div>"
        );
    }
}
