//! A word trie: finds the longest dictionary phrase starting at a token.

use crate::interned::short_key;
use dyad_doc::hash::FastMap;

/// Phrases of normalised words mapped to values, matched word by word.
///
/// Why a trie over words rather than a `HashMap<String, _>` of phrases: a
/// lookup at each token walks only as far as the text keeps matching, with no
/// string joining per candidate length.
#[derive(Debug, Clone)]
pub struct PhraseTrie<T> {
    /// Per node, the first and last index into `values` of the phrases
    /// ending there ([`NONE`] for none), chained in order through `next`:
    /// no vector per node (start-up makes some 30,000 of them).
    nodes: Vec<(u32, u32)>,
    values: Vec<T>,
    /// Per value, the index of the next value of its node, or [`NONE`].
    next: Vec<u32>,
    /// Every edge (parent node, word) -> child node.
    edges: Edges,
    /// Words longer than 16 bytes, numbered: their edges are keyed by number.
    long_words: FastMap<Box<str>, u32>,
}

/// The edges of a [`PhraseTrie`] in one open-addressed table keyed by
/// (parent node, word), the word packed as [`short_key`] gives it (a word
/// longer than 16 bytes as its number in `PhraseTrie::long_words`).
///
/// Why not a map of children per node: the mentions and actors stages walk
/// the trie from every token of every article, and through a map per node
/// each step hashed the word's bytes, probed that map and compared the key
/// through a pointer to its heap copy; here a step is two loads of the word,
/// one multiply and the compare of a 24-byte slot. Loading, too, allocated a
/// map per node and a copy of every word.
#[derive(Debug, Clone)]
struct Edges {
    slots: Box<[Edge]>,
    /// `64 - log2(slots.len())`: a slot is the top bits of the edge's hash.
    shift: u32,
    /// Edges stored.
    len: usize,
}

/// One slot of [`Edges`]; `child == EMPTY` marks a free slot.
#[derive(Debug, Clone, Copy)]
struct Edge {
    /// The word.
    key: (u64, u64),
    /// The parent node shifted left by 5, or-ed with the word's length in
    /// bytes (0..=16), or with [`LONG`] for a numbered long word.
    parent_len: u32,
    /// The child node.
    child: u32,
}

/// `Edge::child` of a free slot.
const EMPTY: u32 = u32::MAX;
/// No value: the end of a node's chain, or the head of a node without values.
const NONE: u32 = u32::MAX;
/// The length field of an edge keyed by a long word's number.
const LONG: u32 = 31;
/// Slots of an empty table.
const FIRST_BITS: u32 = 4;

impl Default for Edges {
    fn default() -> Self {
        Edges::with_bits(FIRST_BITS)
    }
}

impl Edges {
    fn with_bits(bits: u32) -> Edges {
        let free = Edge {
            key: (0, 0),
            parent_len: 0,
            child: EMPTY,
        };
        Edges {
            slots: vec![free; 1 << bits].into_boxed_slice(),
            shift: 64 - bits,
            len: 0,
        }
    }

    /// The first slot of an edge.
    #[inline(always)]
    fn slot(&self, key: (u64, u64), parent_len: u32) -> usize {
        let mixed = (key.0 ^ key.1.rotate_left(29) ^ (u64::from(parent_len) << 32))
            .wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (mixed >> self.shift) as usize
    }

    /// The child of the edge, if stored.
    #[inline(always)]
    fn get(&self, key: (u64, u64), parent_len: u32) -> Option<u32> {
        let mask = self.slots.len() - 1;
        let mut slot = self.slot(key, parent_len);
        loop {
            let edge = self.slots.get(slot)?;
            if edge.child == EMPTY {
                return None;
            }
            if edge.key == key && edge.parent_len == parent_len {
                return Some(edge.child);
            }
            slot = (slot + 1) & mask;
        }
    }

    /// Stores a new edge (the caller checked it is absent), growing the
    /// table to keep at most half its slots taken.
    fn insert(&mut self, key: (u64, u64), parent_len: u32, child: u32) {
        if 2 * (self.len + 1) > self.slots.len() {
            let bits = 64 - self.shift + 1;
            let old = std::mem::replace(self, Edges::with_bits(bits));
            for edge in old.slots.iter().filter(|edge| edge.child != EMPTY) {
                self.insert(edge.key, edge.parent_len, edge.child);
            }
        }
        let mask = self.slots.len() - 1;
        let mut slot = self.slot(key, parent_len);
        while self.slots[slot].child != EMPTY {
            slot = (slot + 1) & mask;
        }
        self.slots[slot] = Edge {
            key,
            parent_len,
            child,
        };
        self.len += 1;
    }
}

impl<T> Default for PhraseTrie<T> {
    fn default() -> Self {
        PhraseTrie {
            nodes: vec![(NONE, NONE)],
            values: Vec::new(),
            next: Vec::new(),
            edges: Edges::default(),
            long_words: FastMap::default(),
        }
    }
}

impl<T> PhraseTrie<T> {
    /// Adds `value` under the phrase `words` (already normalised). Empty phrases are ignored.
    pub fn insert<S: AsRef<str>>(&mut self, words: &[S], value: T) {
        if let Some(node) = self.path(words) {
            self.push_value(node, value);
        }
    }

    /// Adds `value` under `words` unless an equal value is already there, and
    /// returns the phrase's node (an id stable for the trie's life), or `None`
    /// for an empty phrase.
    ///
    /// Why: loading walks the trie once per phrase instead of a lookup then an
    /// insert, and callers can key per-phrase facts by node instead of by a
    /// cloned `Vec<String>` (start-up adds some 30,000 actor phrases).
    pub fn insert_unique<S: AsRef<str>>(&mut self, words: &[S], value: T) -> Option<u32>
    where
        T: PartialEq,
    {
        let node = self.path(words)?;
        let present = self.values_of(node as u32).any(|stored| *stored == value);
        if !present {
            self.push_value(node, value);
        }
        Some(node as u32)
    }

    /// The key of the edge from `node` by `word`: `None` for a long word
    /// the trie has never stored (no edge can bear it).
    #[inline(always)]
    fn edge_key(&self, node: usize, word: &str) -> Option<((u64, u64), u32)> {
        let parent = (node as u32) << 5;
        match short_key(word.as_bytes()) {
            Some(key) => Some((key, parent | word.len() as u32)),
            None => {
                let number = *self.long_words.get(word)?;
                Some(((u64::from(number), 0), parent | LONG))
            }
        }
    }

    /// The child of `node` by `word`: inlined into the walks, where a call
    /// per word cost a third of the lookup.
    #[inline(always)]
    fn child(&self, node: usize, word: &str) -> Option<usize> {
        let (key, parent_len) = self.edge_key(node, word)?;
        self.edges.get(key, parent_len).map(|child| child as usize)
    }

    /// The node ending the phrase `words`, created with its ancestors as
    /// needed; `None` for an empty phrase.
    fn path<S: AsRef<str>>(&mut self, words: &[S]) -> Option<usize> {
        if words.is_empty() {
            return None;
        }
        let mut node = 0usize;
        for word in words {
            let word = word.as_ref();
            if word.len() > 16 && !self.long_words.contains_key(word) {
                let number = self.long_words.len() as u32;
                self.long_words.insert(word.into(), number);
            }
            let (key, parent_len) = self.edge_key(node, word)?;
            node = match self.edges.get(key, parent_len) {
                Some(child) => child as usize,
                None => {
                    // Node ids share a `u32` with a 5-bit length in the edge key.
                    if self.nodes.len() >= 1 << 27 {
                        return None;
                    }
                    self.nodes.push((NONE, NONE));
                    let child = self.nodes.len() - 1;
                    self.edges.insert(key, parent_len, child as u32);
                    child
                }
            };
        }
        Some(node)
    }

    fn push_value(&mut self, node: usize, value: T) {
        self.values.push(value);
        self.next.push(NONE);
        let value_idx = self.values.len() as u32 - 1;
        let (first, last) = &mut self.nodes[node];
        if *first == NONE {
            *first = value_idx;
        } else if let Some(link) = self.next.get_mut(*last as usize) {
            *link = value_idx;
        }
        *last = value_idx;
    }

    /// The node of exactly this phrase, if some stored phrase passes through it.
    pub fn node<S: AsRef<str>>(&self, words: &[S]) -> Option<u32> {
        let mut node = 0usize;
        for word in words {
            node = self.child(node, word.as_ref())?;
        }
        Some(node as u32)
    }

    /// The longest phrase starting at `words[0]`: its length in words and its values.
    pub fn longest<S: AsRef<str>>(&self, words: &[S]) -> Option<(usize, Vec<&T>)> {
        self.longest_node(words)
            .map(|(len, node)| (len, self.values_of(node).collect()))
    }

    /// The longest phrase starting at `words[0]`: its length in words and its
    /// node, whose values [`PhraseTrie::values_of`] gives.
    ///
    /// Why: a caller that keys facts by node as well (the phrase's case) gets
    /// both from one walk, and its values without collecting them; the
    /// mentions stage asks this at every token.
    #[inline]
    pub fn longest_node<S: AsRef<str>>(&self, words: &[S]) -> Option<(usize, u32)> {
        let mut node = 0usize;
        let mut best = None;
        for (idx, word) in words.iter().enumerate() {
            let Some(child) = self.child(node, word.as_ref()) else {
                break;
            };
            node = child;
            if self.nodes[node].0 != NONE {
                best = Some((idx + 1, node as u32));
            }
        }
        best
    }

    /// The values stored at `node` (none for a node this trie lacks).
    pub fn values_of(&self, node: u32) -> impl Iterator<Item = &T> + Clone + '_ {
        let mut at = self
            .nodes
            .get(node as usize)
            .map_or(NONE, |&(first, _)| first);
        std::iter::from_fn(move || {
            let value = self.values.get(at as usize)?;
            at = self.next.get(at as usize).copied().unwrap_or(NONE);
            Some(value)
        })
    }

    /// The values of exactly this phrase.
    pub fn get<S: AsRef<str>>(&self, words: &[S]) -> Vec<&T> {
        match self.node(words) {
            Some(node) => self.values_of(node).collect(),
            None => Vec::new(),
        }
    }

    /// Number of stored values.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// True when nothing is stored.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_longest_phrase() {
        let mut trie = PhraseTrie::default();
        trie.insert(&["foreign", "minister"], 1);
        trie.insert(&["foreign"], 2);
        trie.insert(&["foreign", "minister", "of", "state"], 3);
        let (len, values) = trie
            .longest(&["foreign", "minister", "said"])
            .expect("match");
        assert_eq!(len, 2);
        assert_eq!(values, vec![&1]);
        assert_eq!(trie.longest(&["domestic"]), None);
        let (len, node) = trie
            .longest_node(&["foreign", "minister", "said"])
            .expect("match");
        assert_eq!((len, Some(node)), (2, trie.node(&["foreign", "minister"])));
        assert_eq!(trie.values_of(node).collect::<Vec<_>>(), vec![&1]);
        assert_eq!(trie.values_of(u32::MAX).count(), 0);
        assert_eq!(trie.longest_node(&["domestic"]), None);
        assert_eq!(trie.get(&["foreign"]), vec![&2]);
    }

    #[test]
    fn lookups_agree_with_the_maps_for_short_long_and_odd_words() {
        // Words up to 16 bytes go through the edge table, longer ones through
        // the node's map; a NUL byte or a shared prefix must not confuse them.
        let words = [
            "",
            "a",
            "a\0",
            "ceasefire",
            "ceasefires",
            "sixteen-byte-wd!",
            "seventeen-byte-wd",
            "an-even-longer-word-of-the-dictionary",
        ];
        let mut trie = PhraseTrie::default();
        let mut value = 0;
        for first in words {
            for second in words {
                trie.insert(&[first, second], value);
                value += 1;
            }
        }
        for count in 0..500 {
            trie.insert(&[format!("w{count}")], value);
            value += 1;
        }
        let mut expected = 0;
        for first in words {
            for second in words {
                assert_eq!(trie.get(&[first, second]), vec![&expected]);
                assert_eq!(
                    trie.longest_node(&[first, second, "x"]).map(|(len, _)| len),
                    Some(2)
                );
                expected += 1;
            }
            // A first word alone holds no value: no phrase ends there.
            assert_eq!(trie.longest(&[first]), None);
            assert!(trie.node(&[first]).is_some());
        }
        assert_eq!(trie.get(&["w499"]), vec![&(expected + 499)]);
        assert_eq!(trie.get(&["a\0\0"]), Vec::<&i32>::new());
        assert_eq!(trie.node(&["sixteen-byte-wd"]), None);
        // A phrase added after lookups is found like the others.
        trie.insert(&["ceasefire"], -1);
        assert_eq!(trie.longest(&["ceasefire", "talks"]), Some((1, vec![&-1])));
        trie.insert(&["late", "addition"], -2);
        assert_eq!(trie.get(&["late", "addition"]), vec![&-2]);
    }

    #[test]
    fn insert_unique_keeps_one_copy_and_names_the_node() {
        let mut trie = PhraseTrie::default();
        let first = trie.insert_unique(&["red", "cross"], 7);
        assert_eq!(trie.insert_unique(&["red", "cross"], 7), first);
        assert_eq!(trie.insert_unique(&["red", "cross"], 8), first);
        assert_eq!(trie.get(&["red", "cross"]), vec![&7, &8]);
        assert_eq!(trie.node(&["red", "cross"]), first);
        assert_ne!(trie.node(&["red"]), first);
        assert_eq!(trie.node(&["blue"]), None);
        assert_eq!(trie.insert_unique::<&str>(&[], 1), None);
        assert_eq!(trie.len(), 2);
    }
}
