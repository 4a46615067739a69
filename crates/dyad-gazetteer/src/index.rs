//! The name index: from a name key's hash to its postings, in one probe.
//!
//! The postings ([`Posting`]) are sorted by key hash, so the postings of a
//! key form one run. A binary search over the ~280,000 postings costs about
//! 18 dependent cache misses per lookup, and toponym detection looks up
//! every phrase that starts at a capitalised token: that search was half of
//! the pipeline's time. This open-addressing table maps each key hash to its
//! run, so a lookup touches one or two cache lines.
//!
//! The table also marks **word prefixes** of keys ("new" and "new york" for
//! "new york city"): [`Gazetteer::longest_match`](crate::Gazetteer::longest_match)
//! stops extending a phrase as soon as it is neither a key nor a prefix of
//! one, instead of trying every length up to the longest name.

use crate::Posting;

/// Set in [`Slot::meta`] when the key is a word prefix of a longer key.
const PREFIX: u32 = 1 << 31;

/// One slot of the table; `meta == 0` marks an empty slot (every used slot
/// has postings or the prefix flag).
#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    hash: u64,
    /// First posting of the run.
    start: u32,
    /// Number of postings (low 31 bits) and [`PREFIX`].
    meta: u32,
}

/// What the index knows about one key hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Found {
    /// The key's postings: `names[start..start + len]` (empty for a key that
    /// is only a prefix).
    pub start: usize,
    pub len: usize,
    /// The key is a word prefix of a longer key.
    pub prefix: bool,
}

/// Hash → postings run, plus the word-prefix marks (see the module doc).
#[derive(Debug, Clone, Default)]
pub(crate) struct NameIndex {
    slots: Vec<Slot>,
    /// `slots.len() - 1`; `slots.len()` is a power of two.
    mask: usize,
}

impl NameIndex {
    /// Indexes the runs of `postings` (sorted by hash) and the hashes of
    /// word prefixes in `prefixes` (any order, repeats allowed).
    pub(crate) fn build(postings: &[Posting], prefixes: &[u64]) -> NameIndex {
        let runs = postings
            .windows(2)
            .filter(|pair| pair[0].hash != pair[1].hash)
            .count()
            + usize::from(!postings.is_empty());
        // Never full: more slots than hashes, even if no prefix repeats. The
        // built-in data fills about 60% of them (prefixes repeat: "san", "new").
        let capacity = ((runs + prefixes.len()) * 5 / 4 + 1)
            .next_power_of_two()
            .max(16);
        let mut index = NameIndex {
            slots: vec![Slot::default(); capacity],
            mask: capacity - 1,
        };
        let mut start = 0;
        for run in postings.chunk_by(|left, right| left.hash == right.hash) {
            let slot = index.slot_mut(run[0].hash);
            // A run never exceeds the entry count, which fits in u32 (`push_place`).
            slot.start = start as u32;
            slot.meta |= (run.len() as u32) & !PREFIX;
            start += run.len();
        }
        for &hash in prefixes {
            index.slot_mut(hash).meta |= PREFIX;
        }
        index
    }

    /// The slot holding `hash`, claimed if absent. The table is never full
    /// (sized at twice the keys it will hold).
    fn slot_mut(&mut self, hash: u64) -> &mut Slot {
        let mut position = (hash as usize) & self.mask;
        loop {
            let slot = self.slots[position];
            if slot.meta == 0 || slot.hash == hash {
                break;
            }
            position = (position + 1) & self.mask;
        }
        let slot = &mut self.slots[position];
        slot.hash = hash;
        slot
    }

    /// What is known about a key hash; `None` when it is neither a key nor a
    /// prefix of one.
    #[inline]
    pub(crate) fn find(&self, hash: u64) -> Option<Found> {
        if self.slots.is_empty() {
            return None;
        }
        let mut position = (hash as usize) & self.mask;
        loop {
            let slot = self.slots[position];
            if slot.meta == 0 {
                return None;
            }
            if slot.hash == hash {
                return Some(Found {
                    start: slot.start as usize,
                    len: (slot.meta & !PREFIX) as usize,
                    prefix: slot.meta & PREFIX != 0,
                });
            }
            position = (position + 1) & self.mask;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn posting(hash: u64, entry: u32) -> Posting {
        Posting {
            hash,
            entry,
            prior: 0.0,
            alias: false,
            shadowed: false,
        }
    }

    #[test]
    fn runs_and_prefixes_are_found() {
        let postings = [posting(3, 0), posting(3, 1), posting(7, 2), posting(19, 3)];
        let index = NameIndex::build(&postings, &[7, 42, 42]);
        assert_eq!(
            index.find(3),
            Some(Found {
                start: 0,
                len: 2,
                prefix: false
            })
        );
        assert_eq!(
            index.find(7),
            Some(Found {
                start: 2,
                len: 1,
                prefix: true
            })
        );
        assert_eq!(
            index.find(42),
            Some(Found {
                start: 0,
                len: 0,
                prefix: true
            })
        );
        assert_eq!(index.find(19).map(|found| found.start), Some(3));
        assert_eq!(index.find(5), None);
    }

    #[test]
    fn colliding_slots_probe_onwards() {
        // 16 slots at least: hashes equal modulo 16 share a home slot.
        let postings: Vec<Posting> = (0..5).map(|i| posting(1 + 16 * i, i as u32)).collect();
        let index = NameIndex::build(&postings, &[]);
        for (i, posting) in postings.iter().enumerate() {
            assert_eq!(index.find(posting.hash).map(|found| found.start), Some(i));
        }
        assert_eq!(index.find(1 + 16 * 9), None);
    }

    #[test]
    fn empty_index_finds_nothing() {
        assert_eq!(NameIndex::default().find(1), None);
        assert_eq!(NameIndex::build(&[], &[]).find(1), None);
    }
}
