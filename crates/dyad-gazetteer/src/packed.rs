//! The gazetteer's binary form: every table a [`crate::Gazetteer`] reads, in
//! one byte string that is used where it lies.
//!
//! Why: parsing, normalising, hashing and ranking the built-in data's
//! 177,000 entries and 276,000 names took about 870 million instructions,
//! most of dyad's start-up. `build.rs` now does that work once, at build
//! time, with this crate's own builder ([`crate::builder`]), and writes the
//! result with [`pack`]; the library compiles the bytes in
//! (`include_bytes!`) and reads them in place through [`Packed`]. So the
//! built-in gazetteer is ready as soon as its header is checked, and the
//! text path and the binary path cannot drift apart: they are the same
//! code. A gazetteer built at run time from user files is packed the same
//! way, into an owned buffer.
//!
//! # Layout
//!
//! Little-endian throughout, no alignment required (values are read with
//! `from_le_bytes`, which is a plain load on little-endian machines):
//!
//! ```text
//! header    magic "DYADGAZ1", max_tokens u32, then SECTIONS × (offset u32, length u32)
//! slots     16 bytes each: key hash u64, first posting u32, run length | PREFIX u32
//! postings  12 bytes each: entry u32, prior f32, flags u32 (ALIAS, SHADOWED)
//! entries   56 bytes each: name, admin1, city as (offset u32, length u32) into
//!           strings; lat f64, lon f64, population u64, geonames id u32,
//!           country [u8; 2], kind u8, flags u8 (HAS_COUNTRY, HAS_ADMIN1,
//!           HAS_CITY, HAS_GEONAMES, CAPITAL)
//! strings   UTF-8 text of all names, codes and adjective keys (each once)
//! geonames  8 bytes each, sorted by id: geonames id u32, entry u32
//! countries 8 bytes each, by entry: entry u32, ISO alpha-3 [u8; 3], has alpha-3 u8
//! admin1s   4 bytes each: entry u32 of each (country, admin1 code) key
//! adjectives 12 bytes each, grouped by key: key (offset u32, length u32), entry u32
//! ```

use std::borrow::Cow;
use std::ops::Range;

use crate::entry::{CountryCode, Entry, EntryKind};
use crate::hash::FastMap;
use crate::index::{Posting, Slot};

/// The first bytes of every packed gazetteer; the digit is the format version.
const MAGIC: &[u8; 8] = b"DYADGAZ1";

/// Sections in header order.
const SLOTS: usize = 0;
const POSTINGS: usize = 1;
const ENTRIES: usize = 2;
const STRINGS: usize = 3;
const GEONAMES: usize = 4;
const COUNTRIES: usize = 5;
const ADMIN1S: usize = 6;
const ADJECTIVES: usize = 7;
const SECTIONS: usize = 8;
const HEADER: usize = MAGIC.len() + 4 + SECTIONS * 8;

/// Bytes per record of each section (1 for the strings).
const RECORD: [usize; SECTIONS] = [16, 12, 56, 1, 8, 8, 4, 12];

const ALIAS: u32 = 1;
const SHADOWED: u32 = 2;

const HAS_COUNTRY: u8 = 1;
const HAS_ADMIN1: u8 = 2;
const HAS_CITY: u8 = 4;
const HAS_GEONAMES: u8 = 8;
const CAPITAL: u8 = 16;

/// Everything a gazetteer holds, as the builder leaves it: the input of [`pack`].
#[derive(Debug, Default)]
pub(crate) struct Tables {
    pub entries: Vec<Entry>,
    /// Sorted by key hash and, within a key, best prior first.
    pub postings: Vec<Posting>,
    /// The hash table over `postings` ([`crate::index::build_slots`]).
    pub slots: Vec<Slot>,
    /// Adjective keys with their entries, most likely first; sorted by key.
    pub adjectives: Vec<(String, Vec<u32>)>,
    /// Country entries with their ISO alpha-3 codes, sorted by entry.
    pub countries: Vec<(u32, Option<[u8; 3]>)>,
    /// The entry of each (country, admin1 code) key, sorted.
    pub admin1s: Vec<u32>,
    /// (GeoNames id, entry), sorted by id.
    pub geonames: Vec<(u32, u32)>,
    pub max_tokens: usize,
}

/// Writes `tables` in the layout of the module doc.
///
/// # Panics
///
/// When a table outgrows the format's 32-bit offsets (4 GB): no gazetteer
/// comes near that.
pub(crate) fn pack(tables: &Tables) -> Vec<u8> {
    let mut strings = Strings::default();
    let mut sections: [Vec<u8>; SECTIONS] = Default::default();
    for slot in &tables.slots {
        let out = &mut sections[SLOTS];
        out.extend_from_slice(&slot.hash.to_le_bytes());
        out.extend_from_slice(&slot.start.to_le_bytes());
        out.extend_from_slice(&slot.meta.to_le_bytes());
    }
    for posting in &tables.postings {
        let out = &mut sections[POSTINGS];
        let flags =
            if posting.alias { ALIAS } else { 0 } | if posting.shadowed { SHADOWED } else { 0 };
        out.extend_from_slice(&posting.entry.to_le_bytes());
        out.extend_from_slice(&posting.prior.to_le_bytes());
        out.extend_from_slice(&flags.to_le_bytes());
    }
    for entry in &tables.entries {
        let name = strings.add(&entry.name);
        let admin1 = strings.add(entry.admin1.as_deref().unwrap_or(""));
        let city = strings.add(entry.city.as_deref().unwrap_or(""));
        let out = &mut sections[ENTRIES];
        for (offset, length) in [name, admin1, city] {
            out.extend_from_slice(&offset.to_le_bytes());
            out.extend_from_slice(&length.to_le_bytes());
        }
        out.extend_from_slice(&entry.lat.to_le_bytes());
        out.extend_from_slice(&entry.lon.to_le_bytes());
        out.extend_from_slice(&entry.population.to_le_bytes());
        out.extend_from_slice(&entry.geonames_id.unwrap_or(0).to_le_bytes());
        out.extend_from_slice(&entry.country.map_or([0, 0], |code| code.bytes()));
        out.push(kind_byte(entry.kind));
        let flags = [
            (entry.country.is_some(), HAS_COUNTRY),
            (entry.admin1.is_some(), HAS_ADMIN1),
            (entry.city.is_some(), HAS_CITY),
            (entry.geonames_id.is_some(), HAS_GEONAMES),
            (entry.capital, CAPITAL),
        ]
        .iter()
        .filter(|(set, _)| *set)
        .fold(0, |flags, (_, flag)| flags | flag);
        out.push(flags);
    }
    for &(id, entry) in &tables.geonames {
        let out = &mut sections[GEONAMES];
        out.extend_from_slice(&id.to_le_bytes());
        out.extend_from_slice(&entry.to_le_bytes());
    }
    for &(entry, iso3) in &tables.countries {
        let out = &mut sections[COUNTRIES];
        out.extend_from_slice(&entry.to_le_bytes());
        out.extend_from_slice(&iso3.unwrap_or([0; 3]));
        out.push(u8::from(iso3.is_some()));
    }
    for &entry in &tables.admin1s {
        sections[ADMIN1S].extend_from_slice(&entry.to_le_bytes());
    }
    for (key, entries) in &tables.adjectives {
        let (offset, length) = strings.add(key);
        for &entry in entries {
            let out = &mut sections[ADJECTIVES];
            out.extend_from_slice(&offset.to_le_bytes());
            out.extend_from_slice(&length.to_le_bytes());
            out.extend_from_slice(&entry.to_le_bytes());
        }
    }
    sections[STRINGS] = strings.bytes;

    let mut out = Vec::with_capacity(HEADER + sections.iter().map(Vec::len).sum::<usize>());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&to_u32(tables.max_tokens).to_le_bytes());
    let mut offset = HEADER;
    for section in &sections {
        out.extend_from_slice(&to_u32(offset).to_le_bytes());
        out.extend_from_slice(&to_u32(section.len()).to_le_bytes());
        offset += section.len();
    }
    for section in &sections {
        out.extend_from_slice(section);
    }
    out
}

fn to_u32(value: usize) -> u32 {
    u32::try_from(value).expect("a packed gazetteer stays below 4 GB")
}

fn kind_byte(kind: EntryKind) -> u8 {
    match kind {
        EntryKind::Country => 0,
        EntryKind::Admin1 => 1,
        EntryKind::Admin2 => 2,
        EntryKind::City => 3,
        EntryKind::Landmark => 4,
        EntryKind::Region => 5,
    }
}

fn kind_of(byte: u8) -> EntryKind {
    match byte {
        0 => EntryKind::Country,
        1 => EntryKind::Admin1,
        2 => EntryKind::Admin2,
        3 => EntryKind::City,
        4 => EntryKind::Landmark,
        _ => EntryKind::Region,
    }
}

/// The string section being written: each distinct string once.
#[derive(Default)]
struct Strings {
    bytes: Vec<u8>,
    seen: FastMap<String, (u32, u32)>,
}

impl Strings {
    fn add(&mut self, text: &str) -> (u32, u32) {
        if let Some(&place) = self.seen.get(text) {
            return place;
        }
        let place = (to_u32(self.bytes.len()), to_u32(text.len()));
        self.bytes.extend_from_slice(text.as_bytes());
        self.seen.insert(text.to_string(), place);
        place
    }
}

/// A packed gazetteer, read in place: borrowed from the binary for the
/// built-in data, owned for one built from user files.
#[derive(Debug, Clone)]
pub(crate) struct Packed {
    bytes: Cow<'static, [u8]>,
    sections: [Range<usize>; SECTIONS],
    max_tokens: usize,
}

/// Why bytes are no packed gazetteer (only a broken build gives one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BadPacking(pub &'static str);

impl Packed {
    /// Checks the header and the sections' bounds and record sizes: the
    /// readers below then never index out of a section.
    pub(crate) fn new(bytes: Cow<'static, [u8]>) -> Result<Packed, BadPacking> {
        if bytes.len() < HEADER || !bytes.starts_with(MAGIC) {
            return Err(BadPacking("no packed gazetteer header"));
        }
        let max_tokens = u32_at(&bytes, MAGIC.len()) as usize;
        let mut sections: [Range<usize>; SECTIONS] = Default::default();
        for (number, section) in sections.iter_mut().enumerate() {
            let at = MAGIC.len() + 4 + number * 8;
            let start = u32_at(&bytes, at) as usize;
            let length = u32_at(&bytes, at + 4) as usize;
            if start + length > bytes.len() || !length.is_multiple_of(RECORD[number]) {
                return Err(BadPacking("a section is out of bounds"));
            }
            *section = start..start + length;
        }
        let slots = sections[SLOTS].len() / RECORD[SLOTS];
        if slots != 0 && !slots.is_power_of_two() {
            return Err(BadPacking("the slot count is no power of two"));
        }
        Ok(Packed {
            bytes,
            sections,
            max_tokens,
        })
    }

    /// The packed bytes (for tests comparing two ways of building).
    #[cfg(test)]
    pub(crate) fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    // Inlined: every probe of the name index asks it three times (slot
    // count, slot, posting), and as a call it cost more than the probe.
    #[inline]
    fn section(&self, section: usize) -> &[u8] {
        &self.bytes[self.sections[section].clone()]
    }

    #[inline]
    fn count(&self, section: usize) -> usize {
        self.sections[section].len() / RECORD[section]
    }

    /// Words in the longest name key.
    pub(crate) fn max_tokens(&self) -> usize {
        self.max_tokens
    }

    #[inline]
    pub(crate) fn slot_count(&self) -> usize {
        self.count(SLOTS)
    }

    /// Slot `at` (`at < slot_count()`).
    #[inline]
    pub(crate) fn slot(&self, at: usize) -> Slot {
        let bytes = self.section(SLOTS);
        let at = at * 16;
        Slot {
            hash: u64_at(bytes, at),
            start: u32_at(bytes, at + 8),
            meta: u32_at(bytes, at + 12),
        }
    }

    pub(crate) fn posting_count(&self) -> usize {
        self.count(POSTINGS)
    }

    /// Posting `at`: (entry, prior, alias, shadowed); the hash is not kept.
    #[inline]
    pub(crate) fn posting(&self, at: usize) -> (u32, f32, bool, bool) {
        let bytes = self.section(POSTINGS);
        let at = at * 12;
        let flags = u32_at(bytes, at + 8);
        (
            u32_at(bytes, at),
            f32::from_bits(u32_at(bytes, at + 4)),
            flags & ALIAS != 0,
            flags & SHADOWED != 0,
        )
    }

    pub(crate) fn entry_count(&self) -> usize {
        self.count(ENTRIES)
    }

    fn string(&self, offset: u32, length: u32) -> &str {
        let strings = self.section(STRINGS);
        let start = offset as usize;
        // Checked per string, not for the whole section up front (which
        // would read 1.6 MB at start-up); a bad string reads as "".
        strings
            .get(start..start + length as usize)
            .and_then(|bytes| std::str::from_utf8(bytes).ok())
            .unwrap_or("")
    }

    /// Entry `at`, decoded (`None` past the end).
    pub(crate) fn entry(&self, at: usize) -> Option<Entry> {
        let bytes = self.section(ENTRIES).get(at * 56..(at + 1) * 56)?;
        let flags = bytes[55];
        let text =
            |field: usize| self.string(u32_at(bytes, field * 8), u32_at(bytes, field * 8 + 4));
        let has = |flag: u8| flags & flag != 0;
        Some(Entry {
            name: text(0).to_string(),
            kind: kind_of(bytes[54]),
            country: if has(HAS_COUNTRY) {
                CountryCode::from_bytes([bytes[52], bytes[53]])
            } else {
                None
            },
            admin1: has(HAS_ADMIN1).then(|| text(1).to_string()),
            city: has(HAS_CITY).then(|| text(2).to_string()),
            lat: f64::from_bits(u64_at(bytes, 24)),
            lon: f64::from_bits(u64_at(bytes, 32)),
            population: u64_at(bytes, 40),
            geonames_id: has(HAS_GEONAMES).then(|| u32_at(bytes, 48)),
            capital: has(CAPITAL),
        })
    }

    /// The country and admin1 code of entry `at`, read without decoding it.
    pub(crate) fn country_and_admin1(&self, at: usize) -> (Option<CountryCode>, Option<&str>) {
        let Some(bytes) = self.section(ENTRIES).get(at * 56..(at + 1) * 56) else {
            return (None, None);
        };
        let flags = bytes[55];
        let country = (flags & HAS_COUNTRY != 0)
            .then(|| CountryCode::from_bytes([bytes[52], bytes[53]]))
            .flatten();
        let admin1 =
            (flags & HAS_ADMIN1 != 0).then(|| self.string(u32_at(bytes, 8), u32_at(bytes, 12)));
        (country, admin1)
    }

    /// The entry with a GeoNames id (binary search).
    pub(crate) fn by_geonames_id(&self, id: u32) -> Option<u32> {
        let bytes = self.section(GEONAMES);
        let (mut low, mut high) = (0, self.count(GEONAMES));
        while low < high {
            let middle = (low + high) / 2;
            let found = u32_at(bytes, middle * 8);
            match found.cmp(&id) {
                std::cmp::Ordering::Less => low = middle + 1,
                std::cmp::Ordering::Greater => high = middle,
                std::cmp::Ordering::Equal => return Some(u32_at(bytes, middle * 8 + 4)),
            }
        }
        None
    }

    /// Every (GeoNames id, entry), sorted by id.
    pub(crate) fn geonames(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.section(GEONAMES)
            .chunks_exact(8)
            .map(|record| (u32_at(record, 0), u32_at(record, 4)))
    }

    /// Country entries with their ISO alpha-3 codes.
    pub(crate) fn countries(&self) -> impl Iterator<Item = (u32, Option<[u8; 3]>)> + '_ {
        self.section(COUNTRIES).chunks_exact(8).map(|record| {
            let iso3 = [record[4], record[5], record[6]];
            (u32_at(record, 0), (record[7] != 0).then_some(iso3))
        })
    }

    /// The entry of each (country, admin1 code) key.
    pub(crate) fn admin1s(&self) -> impl Iterator<Item = u32> + '_ {
        self.section(ADMIN1S)
            .chunks_exact(4)
            .map(|record| u32_at(record, 0))
    }

    /// (adjective key, entry), grouped by key, most likely entry first.
    pub(crate) fn adjectives(&self) -> impl Iterator<Item = (&str, u32)> + '_ {
        self.section(ADJECTIVES).chunks_exact(12).map(|record| {
            (
                self.string(u32_at(record, 0), u32_at(record, 4)),
                u32_at(record, 8),
            )
        })
    }
}

/// The little-endian u32 at `at`; 0 past the end (sections are checked in
/// [`Packed::new`], so that never happens for a record inside one).
#[inline]
fn u32_at(bytes: &[u8], at: usize) -> u32 {
    bytes
        .get(at..at + 4)
        .and_then(|bytes| bytes.try_into().ok())
        .map_or(0, u32::from_le_bytes)
}

/// The little-endian u64 at `at`; 0 past the end.
#[inline]
fn u64_at(bytes: &[u8], at: usize) -> u64 {
    bytes
        .get(at..at + 8)
        .and_then(|bytes| bytes.try_into().ok())
        .map_or(0, u64::from_le_bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tables() -> Tables {
        let entry = |name: &str, kind, admin1: Option<&str>, city: Option<&str>| Entry {
            name: name.to_string(),
            kind,
            country: CountryCode::new("UA"),
            admin1: admin1.map(str::to_string),
            city: city.map(str::to_string),
            lat: 50.4501,
            lon: -30.5234,
            population: 2_963_199,
            geonames_id: (kind == EntryKind::City).then_some(703_448),
            capital: kind == EntryKind::City,
        };
        let postings = vec![Posting {
            hash: 99,
            entry: 1,
            prior: 7.25,
            alias: true,
            shadowed: false,
        }];
        Tables {
            entries: vec![
                entry("Ukraine", EntryKind::Country, None, None),
                entry("Kyïv", EntryKind::City, Some("12"), None),
                entry(
                    "the Old Mill",
                    EntryKind::Landmark,
                    Some("12"),
                    Some("Kyïv"),
                ),
            ],
            slots: crate::index::build_slots(&postings, &[5]),
            postings,
            adjectives: vec![("ukrainian".into(), vec![0, 1])],
            countries: vec![(0, Some(*b"UKR"))],
            admin1s: vec![1],
            geonames: vec![(703_448, 1)],
            max_tokens: 3,
        }
    }

    #[test]
    fn every_table_reads_back() {
        let tables = tables();
        let packed = Packed::new(Cow::Owned(pack(&tables))).expect("valid");
        assert_eq!(packed.max_tokens(), 3);
        assert_eq!(packed.entry_count(), 3);
        for (at, entry) in tables.entries.iter().enumerate() {
            assert_eq!(packed.entry(at).as_ref(), Some(entry));
        }
        assert_eq!(packed.entry(3), None);
        assert_eq!(packed.slot_count(), tables.slots.len());
        for (at, slot) in tables.slots.iter().enumerate() {
            assert_eq!(packed.slot(at), *slot);
        }
        assert_eq!(packed.posting_count(), 1);
        assert_eq!(packed.posting(0), (1, 7.25, true, false));
        assert_eq!(packed.by_geonames_id(703_448), Some(1));
        assert_eq!(packed.by_geonames_id(703_449), None);
        assert_eq!(packed.countries().collect::<Vec<_>>(), [(0, Some(*b"UKR"))]);
        assert_eq!(packed.admin1s().collect::<Vec<_>>(), [1]);
        assert_eq!(
            packed.adjectives().collect::<Vec<_>>(),
            [("ukrainian", 0), ("ukrainian", 1)]
        );
        // Shared strings are stored once: "12" and "Kyïv" appear twice above.
        let strings = packed.section(STRINGS);
        assert_eq!(strings.len(), "UkraineKyïv12the Old Millukrainian".len());
    }

    #[test]
    fn broken_bytes_are_refused() {
        let bytes = pack(&tables());
        assert!(Packed::new(Cow::Owned(bytes[..HEADER - 1].to_vec())).is_err());
        let mut wrong_magic = bytes.clone();
        wrong_magic[0] = b'X';
        assert!(Packed::new(Cow::Owned(wrong_magic)).is_err());
        // A section reaching past the end.
        assert!(Packed::new(Cow::Owned(bytes[..bytes.len() - 1].to_vec())).is_err());
        assert!(Packed::new(Cow::Owned(bytes.clone())).is_ok());
        // A string that is not UTF-8 reads as empty, never as a panic.
        let mut bad_text = bytes;
        let strings = u32_at(&bad_text, MAGIC.len() + 4 + STRINGS * 8) as usize;
        bad_text[strings] = 0xff;
        let packed = Packed::new(Cow::Owned(bad_text)).expect("strings are checked on use");
        assert_eq!(packed.entry(0).map(|entry| entry.name), Some(String::new()));
    }
}
