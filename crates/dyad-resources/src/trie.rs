//! A word trie: finds the longest dictionary phrase starting at a token.

use dyad_doc::hash::FastMap;

/// Phrases of normalised words mapped to values, matched word by word.
///
/// Why a trie over words rather than a `HashMap<String, _>` of phrases: a
/// lookup at each token walks only as far as the text keeps matching, with no
/// string joining per candidate length.
#[derive(Debug, Clone)]
pub struct PhraseTrie<T> {
    nodes: Vec<Node>,
    values: Vec<T>,
}

#[derive(Debug, Clone, Default)]
struct Node {
    /// Keyed with a fast hasher: one lookup per token of every text.
    children: FastMap<Box<str>, u32>,
    values: Vec<u32>,
}

impl<T> Default for PhraseTrie<T> {
    fn default() -> Self {
        PhraseTrie {
            nodes: vec![Node::default()],
            values: Vec::new(),
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
        let present = self.nodes[node]
            .values
            .iter()
            .any(|&v| self.values[v as usize] == value);
        if !present {
            self.push_value(node, value);
        }
        Some(node as u32)
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
            node = match self.nodes[node].children.get(word) {
                Some(&child) => child as usize,
                None => {
                    self.nodes.push(Node::default());
                    let child = self.nodes.len() - 1;
                    self.nodes[node].children.insert(word.into(), child as u32);
                    child
                }
            };
        }
        Some(node)
    }

    fn push_value(&mut self, node: usize, value: T) {
        self.values.push(value);
        let value_idx = self.values.len() as u32 - 1;
        self.nodes[node].values.push(value_idx);
    }

    /// The node of exactly this phrase, if some stored phrase passes through it.
    pub fn node<S: AsRef<str>>(&self, words: &[S]) -> Option<u32> {
        let mut node = 0usize;
        for word in words {
            node = *self.nodes[node].children.get(word.as_ref())? as usize;
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
    pub fn longest_node<S: AsRef<str>>(&self, words: &[S]) -> Option<(usize, u32)> {
        let mut node = 0usize;
        let mut best = None;
        for (idx, word) in words.iter().enumerate() {
            match self.nodes[node].children.get(word.as_ref()) {
                Some(&child) => node = child as usize,
                None => break,
            }
            if !self.nodes[node].values.is_empty() {
                best = Some((idx + 1, node as u32));
            }
        }
        best
    }

    /// The values stored at `node` (none for a node this trie lacks).
    pub fn values_of(&self, node: u32) -> impl Iterator<Item = &T> + Clone + '_ {
        self.nodes
            .get(node as usize)
            .into_iter()
            .flat_map(|node| node.values.iter())
            .map(|&v| &self.values[v as usize])
    }

    /// The values of exactly this phrase.
    pub fn get<S: AsRef<str>>(&self, words: &[S]) -> Vec<&T> {
        let mut node = 0usize;
        for word in words {
            match self.nodes[node].children.get(word.as_ref()) {
                Some(&child) => node = child as usize,
                None => return Vec::new(),
            }
        }
        self.nodes[node]
            .values
            .iter()
            .map(|&v| &self.values[v as usize])
            .collect()
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
