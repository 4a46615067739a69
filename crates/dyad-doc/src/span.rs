//! Byte spans: the one way any annotation points into a document's text.

use std::fmt;

/// A half-open range of byte offsets `[start, end)` into a `Doc`'s text.
///
/// Why `u32`: documents over 4 GiB are rejected by readers long before coding,
/// and half the size keeps token arrays dense. Every span stored in a `Doc`
/// lies inside the text and on UTF-8 character boundaries (`Doc::span`
/// checks this when annotations are added through `Doc` helpers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    /// First byte of the span.
    pub start: u32,
    /// One past the last byte of the span.
    pub end: u32,
}

impl Span {
    /// A span from `start` to `end` (byte offsets, end-exclusive).
    pub const fn new(start: usize, end: usize) -> Span {
        Span {
            start: start as u32,
            end: end as u32,
        }
    }

    /// Start as a `usize`, for slicing.
    pub const fn start(self) -> usize {
        self.start as usize
    }

    /// End as a `usize`, for slicing.
    pub const fn end(self) -> usize {
        self.end as usize
    }

    /// Length in bytes.
    pub const fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    /// True for a zero-length span.
    pub const fn is_empty(self) -> bool {
        self.end <= self.start
    }

    /// True when `other` lies entirely inside `self`.
    pub const fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// True when the two spans share at least one byte.
    pub const fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The smallest span covering both.
    #[inline]
    pub fn cover(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// True when `offset` lies inside the span.
    pub const fn contains_offset(self, offset: usize) -> bool {
        self.start() <= offset && offset < self.end()
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlap_and_containment() {
        let outer = Span::new(0, 10);
        let inner = Span::new(2, 5);
        assert!(outer.contains(inner));
        assert!(!inner.contains(outer));
        assert!(outer.overlaps(inner));
        assert!(!Span::new(0, 2).overlaps(Span::new(2, 4)));
        assert_eq!(Span::new(3, 4).cover(Span::new(1, 2)), Span::new(1, 4));
        assert_eq!(inner.len(), 3);
    }
}
