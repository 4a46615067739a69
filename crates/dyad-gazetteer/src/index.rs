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
//!
//! The builder makes the table ([`build_slots`]; for the built-in data at
//! build time) and packs it ([`crate::packed`]); [`find`] probes it through
//! a slot reader, so lookups read the compiled-in bytes directly.

/// One (name key, entry) pair, as the builder collects and ranks them.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Posting {
    /// [`crate::hash::name_hash`] of the name key.
    pub hash: u64,
    pub entry: u32,
    /// The candidate's prior for this name, set when the gazetteer is built.
    pub prior: f32,
    pub alias: bool,
    pub shadowed: bool,
}

/// The postings of one key hash in a slice sorted by hash.
pub(crate) fn postings_of(postings: &[Posting], hash: u64) -> &[Posting] {
    let start = postings.partition_point(|posting| posting.hash < hash);
    let length = postings[start..].partition_point(|posting| posting.hash == hash);
    &postings[start..start + length]
}

/// Set in [`Slot::meta`] when the key is a word prefix of a longer key.
pub(crate) const PREFIX: u32 = 1 << 31;

/// One slot of the table; `meta == 0` marks an empty slot (every used slot
/// has postings or the prefix flag).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Slot {
    pub hash: u64,
    /// First posting of the run.
    pub start: u32,
    /// Number of postings (low 31 bits) and [`PREFIX`].
    pub meta: u32,
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

/// Builds the table: the runs of `postings` (sorted by hash) and the hashes
/// of word prefixes in `prefixes` (any order, repeats allowed). Its length
/// is a power of two, so a hash's home slot is `hash & (len - 1)`.
pub(crate) fn build_slots(postings: &[Posting], prefixes: &[u64]) -> Vec<Slot> {
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
    let mut slots = vec![Slot::default(); capacity];
    let mask = capacity - 1;
    let mut start = 0;
    for run in postings.chunk_by(|left, right| left.hash == right.hash) {
        let slot = slot_mut(&mut slots, mask, run[0].hash);
        // A run never exceeds the entry count, which fits in u32 (`push_place`).
        slot.start = start as u32;
        slot.meta |= (run.len() as u32) & !PREFIX;
        start += run.len();
    }
    for &hash in prefixes {
        slot_mut(&mut slots, mask, hash).meta |= PREFIX;
    }
    slots
}

/// The slot holding `hash`, claimed if absent. The table is never full.
fn slot_mut(slots: &mut [Slot], mask: usize, hash: u64) -> &mut Slot {
    let mut position = (hash as usize) & mask;
    loop {
        let slot = slots[position];
        if slot.meta == 0 || slot.hash == hash {
            break;
        }
        position = (position + 1) & mask;
    }
    let slot = &mut slots[position];
    slot.hash = hash;
    slot
}

/// What is known about a key hash in a table of `len` slots (a power of
/// two) read through `slot`; `None` when it is neither a key nor a prefix of
/// one. The reader is a function so that the same probe serves the packed
/// form ([`crate::packed`]) and the tests' plain slices.
#[inline]
pub(crate) fn find(len: usize, slot: impl Fn(usize) -> Slot, hash: u64) -> Option<Found> {
    if len == 0 {
        return None;
    }
    let mask = len - 1;
    let mut position = (hash as usize) & mask;
    // At most `len` probes, so a corrupt (full) table cannot loop forever.
    for _ in 0..len {
        let slot = slot(position);
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
        position = (position + 1) & mask;
    }
    None
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

    /// Finds `hash` in a plain table, as the packed form would.
    struct Index(Vec<Slot>);

    impl Index {
        fn build(postings: &[Posting], prefixes: &[u64]) -> Index {
            Index(build_slots(postings, prefixes))
        }

        fn find(&self, hash: u64) -> Option<Found> {
            find(self.0.len(), |at| self.0[at], hash)
        }
    }

    #[test]
    fn runs_and_prefixes_are_found() {
        let postings = [posting(3, 0), posting(3, 1), posting(7, 2), posting(19, 3)];
        let index = Index::build(&postings, &[7, 42, 42]);
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
        let index = Index::build(&postings, &[]);
        for (i, posting) in postings.iter().enumerate() {
            assert_eq!(index.find(posting.hash).map(|found| found.start), Some(i));
        }
        assert_eq!(index.find(1 + 16 * 9), None);
    }

    #[test]
    fn empty_index_finds_nothing() {
        assert_eq!(Index(Vec::new()).find(1), None);
        assert_eq!(Index::build(&[], &[]).find(1), None);
        // A full table (never built, but a corrupt blob could hold one) ends the probe.
        let full = vec![
            Slot {
                hash: 5,
                start: 0,
                meta: 1
            };
            16
        ];
        assert_eq!(find(full.len(), |at| full[at], 6), None);
    }
}
