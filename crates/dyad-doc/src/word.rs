//! `TokenStr`: the short shared string a token keeps for its lowercase form
//! and its lemma.
//!
//! Why not `Box<str>`: every token carried two boxes, so building and
//! dropping a document cost two heap allocations and two frees per token
//! (the lemma was a copy of the lowercase form until the tagger changed it).
//! A `TokenStr` is a reference-counted `str` (`Arc<str>`): cloning it copies
//! a pointer, so a token's lemma can share its lowercase form, and a stage
//! that keeps recent words (segment's lowercase cache, the tagger's lemma
//! cache) can hand the same string to every token spelt that way.
//!
//! Reading one costs what reading a `Box<str>` costs (a pointer and a length;
//! an inline small-string type was measured and its branch on every read
//! cost the later stages more than segment saved). It reads like `&str`
//! (`Deref<Target = str>`, comparisons with `str` and `&str`, `Display`), so
//! code that reads `&*token.lower` or `token.lemma.starts_with(..)` does not
//! care what is behind it. The newtype keeps the representation private so
//! it can change without touching the stages.
//!
//! **Invariant:** a `TokenStr` is immutable once shared: the only mutation,
//! [`TokenStr::make_ascii_lowercase`], copies first when another owner
//! exists. It is `Send + Sync`, so a `Doc` can still move between threads
//! (`dyad eval` codes on worker threads and hands the documents back); that
//! is why the count is atomic (`Arc`, not `Rc`).

use std::borrow::Borrow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::Arc;

/// A shared immutable string: cheap to clone, reads as a `&str`.
///
/// Equality, ordering and hashing are those of the `str` it holds, so it can
/// key a map looked up with `&str`.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct TokenStr(Arc<str>);

impl TokenStr {
    /// A copy of `text` (one allocation; clone the result to share it).
    #[inline]
    pub fn new(text: &str) -> TokenStr {
        TokenStr(Arc::from(text))
    }

    /// The string as a `&str`.
    #[inline]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Lowercases ASCII letters (other characters are left alone): in place
    /// when this is the only owner, on a copy otherwise.
    pub fn make_ascii_lowercase(&mut self) {
        if let Some(text) = Arc::get_mut(&mut self.0) {
            text.make_ascii_lowercase();
        } else {
            *self = TokenStr::new(&self.0.to_ascii_lowercase());
        }
    }

    /// True when both hold the very same string, not just equal ones: a
    /// pointer comparison, for callers that want to skip comparing bytes.
    #[inline]
    pub fn ptr_eq(&self, other: &TokenStr) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Default for TokenStr {
    fn default() -> TokenStr {
        TokenStr::new("")
    }
}

impl Deref for TokenStr {
    type Target = str;
    #[inline]
    fn deref(&self) -> &str {
        &self.0
    }
}

impl Hash for TokenStr {
    /// Hashes as the `str` it holds, as `Borrow<str>` requires.
    #[inline]
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl AsRef<str> for TokenStr {
    #[inline]
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for TokenStr {
    #[inline]
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl From<&str> for TokenStr {
    #[inline]
    fn from(text: &str) -> TokenStr {
        TokenStr::new(text)
    }
}

impl From<String> for TokenStr {
    fn from(text: String) -> TokenStr {
        TokenStr(Arc::from(text))
    }
}

impl From<Box<str>> for TokenStr {
    fn from(text: Box<str>) -> TokenStr {
        TokenStr(Arc::from(text))
    }
}

impl From<TokenStr> for String {
    fn from(text: TokenStr) -> String {
        text.as_str().to_owned()
    }
}

impl PartialEq<str> for TokenStr {
    #[inline]
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for TokenStr {
    #[inline]
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<TokenStr> for str {
    #[inline]
    fn eq(&self, other: &TokenStr) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<TokenStr> for &str {
    #[inline]
    fn eq(&self, other: &TokenStr) -> bool {
        *self == other.as_str()
    }
}

impl fmt::Display for TokenStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl fmt::Debug for TokenStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn clones_share_and_strings_round_trip() {
        let word = TokenStr::new("ceasefire");
        let copy = word.clone();
        assert!(copy.ptr_eq(&word));
        assert!(!TokenStr::new("ceasefire").ptr_eq(&word));
        assert_eq!(TokenStr::new("ceasefire"), word);
        assert_eq!(TokenStr::default(), "");
        assert_eq!(TokenStr::from("Erdoğan’s".to_string()), "Erdoğan’s");
        assert_eq!(TokenStr::from(Box::<str>::from("talks")), "talks");
    }

    #[test]
    fn reads_and_compares_like_str() {
        let word = TokenStr::from("talks");
        assert!(word.starts_with("tal"));
        assert_eq!(word, "talks");
        assert_eq!("talks", word);
        assert_eq!(*"talks", word);
        assert_ne!(word, TokenStr::from("talk"));
        assert_eq!(format!("{word} {word:?}"), "talks \"talks\"");
        assert_eq!(String::from(word.clone()), "talks");
        let mut counts: HashMap<TokenStr, u32> = HashMap::new();
        counts.insert(word, 2);
        assert_eq!(counts.get("talks"), Some(&2));
    }

    #[test]
    fn lowercasing_never_changes_a_shared_copy() {
        let mut word = TokenStr::new("NATO-Led Erdoğan");
        word.make_ascii_lowercase();
        assert_eq!(word, "nato-led erdoğan");
        let mut shouted = TokenStr::new("ENVOY");
        let kept = shouted.clone();
        shouted.make_ascii_lowercase();
        assert_eq!(shouted, "envoy");
        assert_eq!(kept, "ENVOY");
    }

    #[test]
    fn is_send_and_sync_and_so_is_a_doc() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<TokenStr>();
        assert_send_sync::<crate::Doc>();
    }
}
