//! Assembling a [`Gazetteer`] from TSV text: the built-in files and user files.
//!
//! Two formats, both UTF-8, one record per line, TAB-separated, `#` comments
//! and empty lines ignored, the first other line being the header:
//!
//! **Places** (`countries.tsv`, `admin1.tsv`, `admin2.tsv`, `cities.tsv.gz`,
//! `landmarks.tsv`, `regions.tsv`, and user files given to
//! [`GazetteerBuilder::add_tsv`]), shown here with spaces for TABs:
//!
//! ```text
//! kind      name         aliases    country admin1 city   lat     lon       population geonames_id code
//! city      Anchorage    Ankoridzh  US      AK            61.2181 -149.9003 289600     5879400
//! landmark  the Kremlin  Kremlin    RU             Moscow 55.752  37.6175
//! ```
//!
//! **Aliases** (`aliases.tsv`, [`GazetteerBuilder::add_aliases`]): extra names
//! and adjectives of entries that already exist:
//!
//! ```text
//! target          names        adjectives
//! UA              the Ukraine  Ukrainian|Ukrainians
//! RU.41           Kursk region
//! =South Ossetia               South Ossetian
//! ```
//!
//! The columns are described in `data/README.md`. The builder does no I/O:
//! callers read files and pass their text.
//!
//! The same code builds the built-in gazetteer, at build time: `build.rs`
//! compiles this module in, parses the data files with
//! [`GazetteerBuilder::add_builtin`] and packs the result
//! ([`crate::packed`]), which the library then reads in place.

use crate::entry::{CountryCode, Entry, EntryKind};
use crate::error::{ErrorKind, GazetteerError};
use crate::hash::{name_hash, FastMap};
use crate::index::{build_slots, postings_of, Posting, PREFIX};
use crate::normalize::{key_variants, normalize, normalize_into};
use crate::packed::{Packed, Tables};
use crate::resolve::{prior, ALIAS_PENALTY};

/// The header line of the places format.
pub const PLACES_HEADER: &str =
    "kind\tname\taliases\tcountry\tadmin1\tcity\tlat\tlon\tpopulation\tgeonames_id\tcode";
/// The header line of the aliases format.
pub const ALIASES_HEADER: &str = "target\tnames\tadjectives";

const PLACE_FIELDS: usize = 11;

/// The text of the built-in data files (`data/`, the `.gz` ones unpacked),
/// in the order they are added.
// Used by `build.rs` and the tests; the library itself reads the packed form.
#[cfg_attr(not(test), allow(dead_code))]
#[derive(Debug, Clone, Copy)]
pub(crate) struct BuiltinText<'a> {
    pub countries: &'a str,
    pub admin1: &'a str,
    pub admin2: &'a str,
    pub cities: &'a str,
    pub towns: &'a str,
    pub landmarks: &'a str,
    pub regions: &'a str,
    pub aliases: &'a str,
}

/// Collects entries, names and adjectives, then builds an immutable [`Gazetteer`](crate::Gazetteer).
///
/// Add places before the aliases that refer to them.
///
/// # Example
///
/// ```
/// use dyad_gazetteer::GazetteerBuilder;
/// let mut builder = GazetteerBuilder::new();
/// builder
///     .add_tsv(
///         "my-places.tsv",
///         "kind\tname\taliases\tcountry\tadmin1\tcity\tlat\tlon\tpopulation\tgeonames_id\tcode\n\
///          region\tthe Donbas\tDonbass\tUA\t\t\t48.2\t38.3\t\t\t\n",
///     )
///     .expect("valid file");
/// let gazetteer = builder.build();
/// assert_eq!(gazetteer.lookup("Donbass")[0].entry.name, "the Donbas");
/// ```
#[derive(Debug, Default)]
pub struct GazetteerBuilder {
    entries: Vec<Entry>,
    /// (name-key hash, entry) pairs in the order they were added.
    postings: Vec<Posting>,
    /// Hashes of the word prefixes of name keys ("new", "new york" for
    /// "new york city"), for [`crate::index::NameIndex`].
    prefixes: Vec<u64>,
    /// Words in the longest name key.
    max_tokens: usize,
    /// Scratch buffer for name keys.
    key: String,
    adjectives: Vec<(String, u32)>,
    countries: FastMap<CountryCode, u32>,
    iso3: FastMap<[u8; 3], u32>,
    admin1s: FastMap<(CountryCode, String), u32>,
    geonames: FastMap<u32, u32>,
}

impl GazetteerBuilder {
    /// An empty builder (no built-in data).
    pub fn new() -> GazetteerBuilder {
        GazetteerBuilder::default()
    }

    /// Adds the built-in data files, given as text (what `build.rs` does).
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) fn add_builtin(&mut self, text: &BuiltinText<'_>) -> Result<(), GazetteerError> {
        // About 290,000 names and 178,000 entries: reserving avoids regrowing.
        self.postings.reserve(300_000);
        self.entries.reserve(180_000);
        self.geonames.reserve(180_000);
        // The 136,000 towns are most of the work and need nothing from the
        // other files (they are cities: no country or division is defined by
        // them), so they are parsed on a second thread and appended after
        // the cities, exactly where a sequential parse would put them.
        std::thread::scope(|scope| {
            let towns = std::thread::Builder::new()
                .name("gazetteer-towns".into())
                .spawn_scoped(scope, || {
                    let mut towns = GazetteerBuilder::new();
                    towns
                        .add_places("towns.tsv.gz", text.towns, Aliases::Alternates)
                        .map(|_| ())?;
                    // Sorted here, the towns' names are one ready run for
                    // the final sort in `build` (a stable sort merges runs).
                    towns
                        .postings
                        .sort_unstable_by_key(|posting| (posting.hash, posting.entry));
                    Ok::<GazetteerBuilder, GazetteerError>(towns)
                });
            self.add_places("countries.tsv", text.countries, Aliases::Alternates)?;
            self.add_places("admin1.tsv", text.admin1, Aliases::Alternates)?;
            self.add_places("admin2.tsv", text.admin2, Aliases::Alternates)?;
            self.add_places("cities.tsv.gz", text.cities, Aliases::Alternates)?;
            match towns.ok().and_then(|handle| handle.join().ok()) {
                Some(towns) => self.append_cities(towns?),
                // No second thread on this system: parse them here.
                None => self
                    .add_places("towns.tsv.gz", text.towns, Aliases::Alternates)
                    .map(|_| ())?,
            }
            Ok::<(), GazetteerError>(())
        })?;
        self.add_tsv("landmarks.tsv", text.landmarks)?;
        self.add_tsv("regions.tsv", text.regions)?;
        self.add_aliases("aliases.tsv", text.aliases)?;
        Ok(())
    }

    /// A builder holding what a packed gazetteer holds, as if its files had
    /// been added again: entries, (key hash, entry) pairs, word prefixes,
    /// adjectives and code tables. Building it gives back the same tables
    /// (priors and shadowing are recomputed from these; landmarks already
    /// placed keep their division), so user files can extend the built-in
    /// data without its text being compiled in.
    pub(crate) fn from_packed(packed: &Packed) -> GazetteerBuilder {
        let mut builder = GazetteerBuilder::new();
        builder.entries = (0..packed.entry_count())
            .map_while(|at| packed.entry(at))
            .collect();
        builder.postings.reserve(packed.posting_count());
        for at in 0..packed.slot_count() {
            let slot = packed.slot(at);
            if slot.meta & PREFIX != 0 {
                builder.prefixes.push(slot.hash);
            }
            let start = slot.start as usize;
            for posting in start..start + (slot.meta & !PREFIX) as usize {
                let (entry, _, alias, _) = packed.posting(posting);
                builder.push_key(slot.hash, entry, alias);
            }
        }
        builder.max_tokens = packed.max_tokens();
        builder.adjectives = packed
            .adjectives()
            .map(|(key, entry)| (key.to_string(), entry))
            .collect();
        for (index, iso3) in packed.countries() {
            let Some(entry) = builder.entries.get(index as usize) else {
                continue;
            };
            if let Some(code) = entry.country {
                builder.countries.insert(code, index);
            }
            if let Some(iso3) = iso3 {
                builder.iso3.insert(iso3, index);
            }
        }
        for index in packed.admin1s() {
            let Some(entry) = builder.entries.get(index as usize) else {
                continue;
            };
            if let (Some(country), Some(code)) = (entry.country, entry.admin1.clone()) {
                builder.admin1s.insert((country, code), index);
            }
        }
        builder.geonames = packed.geonames().collect();
        builder
    }

    /// Appends the entries and names of `other`, a builder that holds only
    /// cities, as if its file had been added to `self` (a GeoNames id keeps
    /// its first entry, as in [`GazetteerBuilder::push_place`]).
    #[cfg_attr(not(test), allow(dead_code))]
    fn append_cities(&mut self, other: GazetteerBuilder) {
        debug_assert!(other.countries.is_empty() && other.admin1s.is_empty());
        debug_assert!(other.adjectives.is_empty());
        let offset = self.entries.len() as u32;
        self.entries.extend(other.entries);
        self.postings
            .extend(other.postings.into_iter().map(|posting| Posting {
                entry: posting.entry + offset,
                ..posting
            }));
        self.prefixes.extend(other.prefixes);
        self.max_tokens = self.max_tokens.max(other.max_tokens);
        for (id, entry) in other.geonames {
            self.geonames.entry(id).or_insert(entry + offset);
        }
    }

    /// Adds the places of one file in the places format.
    ///
    /// `source_name` is used in error messages only. The file's aliases count
    /// as curated names (like the canonical name), not as the lower-ranked
    /// GeoNames alternates of the generated files.
    ///
    /// # Errors
    ///
    /// The first bad line stops the file: a missing header, a wrong field count,
    /// an unknown kind, an empty name, a bad country code, coordinates or number,
    /// a country without an ISO alpha-3 code, or a country defined twice. Lines
    /// before it are kept.
    pub fn add_tsv(
        &mut self,
        source_name: &str,
        text: &str,
    ) -> Result<&mut GazetteerBuilder, GazetteerError> {
        self.add_places(source_name, text, Aliases::Curated)
    }

    fn add_places(
        &mut self,
        source_name: &str,
        text: &str,
        aliases: Aliases,
    ) -> Result<&mut GazetteerBuilder, GazetteerError> {
        let fail = |line: usize, kind: ErrorKind| GazetteerError {
            source_name: source_name.to_string(),
            line,
            kind,
        };
        let mut seen_header = false;
        for (index, line) in text.lines().enumerate() {
            let line_no = index + 1;
            let line = line.strip_suffix('\r').unwrap_or(line);
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if !seen_header {
                if line != PLACES_HEADER {
                    return Err(fail(
                        line_no,
                        ErrorKind::BadHeader {
                            expected: PLACES_HEADER.into(),
                        },
                    ));
                }
                seen_header = true;
                continue;
            }
            let row = parse_place(line).map_err(|kind| fail(line_no, kind))?;
            self.push_place(row, aliases)
                .map_err(|kind| fail(line_no, kind))?;
        }
        if !seen_header {
            return Err(fail(
                0,
                ErrorKind::BadHeader {
                    expected: PLACES_HEADER.into(),
                },
            ));
        }
        Ok(self)
    }

    /// Adds names and adjectives to existing entries (the aliases format).
    ///
    /// A target is an ISO alpha-2 code (a country), `CC.CODE` (a division), a
    /// GeoNames id, or `=Name`: the one landmark or region with that canonical name.
    ///
    /// # Errors
    ///
    /// A missing header, a wrong field count (2 or 3 fields are accepted), or a
    /// target that matches no entry added so far.
    pub fn add_aliases(
        &mut self,
        source_name: &str,
        text: &str,
    ) -> Result<&mut GazetteerBuilder, GazetteerError> {
        let fail = |line: usize, kind: ErrorKind| GazetteerError {
            source_name: source_name.to_string(),
            line,
            kind,
        };
        let mut seen_header = false;
        for (index, line) in text.lines().enumerate() {
            let line_no = index + 1;
            let line = line.strip_suffix('\r').unwrap_or(line);
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if !seen_header {
                if line != ALIASES_HEADER {
                    return Err(fail(
                        line_no,
                        ErrorKind::BadHeader {
                            expected: ALIASES_HEADER.into(),
                        },
                    ));
                }
                seen_header = true;
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            if !(2..=3).contains(&fields.len()) {
                return Err(fail(
                    line_no,
                    ErrorKind::FieldCount {
                        expected: 3,
                        found: fields.len(),
                    },
                ));
            }
            let target = fields[0].trim();
            let entry = self
                .find_target(target)
                .ok_or_else(|| fail(line_no, ErrorKind::UnknownTarget(target.to_string())))?;
            for name in split_list(fields[1]) {
                // Curated names rank like canonical names.
                self.push_name(name, entry, false);
            }
            for adjective in split_list(fields.get(2).copied().unwrap_or("")) {
                self.adjectives.push((normalize(adjective), entry));
            }
        }
        Ok(self)
    }

    fn find_target(&self, target: &str) -> Option<u32> {
        if let Some(name) = target.strip_prefix('=') {
            // A hand-written landmark or region, by its exact canonical name.
            let mut found = self.entries.iter().enumerate().filter(|(_, entry)| {
                matches!(entry.kind, EntryKind::Landmark | EntryKind::Region) && entry.name == name
            });
            let first = found.next()?;
            return if found.next().is_none() {
                u32::try_from(first.0).ok()
            } else {
                None
            };
        }
        if let Some((country, code)) = target.split_once('.') {
            let country = CountryCode::new(country)?;
            return self.admin1s.get(&(country, code.to_string())).copied();
        }
        if let Some(country) = CountryCode::new(target) {
            return self.countries.get(&country).copied();
        }
        let id: u32 = target.parse().ok()?;
        self.geonames.get(&id).copied()
    }

    fn push_place(&mut self, row: PlaceRow<'_>, aliases: Aliases) -> Result<(), ErrorKind> {
        let index = u32::try_from(self.entries.len()).map_err(|_| ErrorKind::BadValue {
            field: "name",
            value: "too many entries".into(),
        })?;
        let entry = row.entry;
        match entry.kind {
            EntryKind::Country => {
                let country = entry.country.ok_or(ErrorKind::Empty("country"))?;
                let iso3 = row.iso3.ok_or(ErrorKind::Empty("code"))?;
                if self.countries.contains_key(&country) {
                    return Err(ErrorKind::DuplicateCountry(country.to_string()));
                }
                self.countries.insert(country, index);
                self.iso3.insert(iso3, index);
            }
            EntryKind::Admin1 => {
                let country = entry.country.ok_or(ErrorKind::Empty("country"))?;
                let code = entry.admin1.clone().ok_or(ErrorKind::Empty("admin1"))?;
                self.admin1s.entry((country, code)).or_insert(index);
            }
            _ => {}
        }
        if let Some(id) = entry.geonames_id {
            self.geonames.entry(id).or_insert(index);
        }
        self.push_name(&entry.name, index, false);
        for alias in split_list(row.aliases) {
            self.push_name(alias, index, aliases == Aliases::Alternates);
        }
        self.entries.push(entry);
        Ok(())
    }

    fn push_name(&mut self, name: &str, entry: u32, alias: bool) {
        let mut key = std::mem::take(&mut self.key);
        normalize_into(name, &mut key);
        if !key.is_empty() {
            let words = 1 + key.bytes().filter(|&byte| byte == b' ').count();
            self.max_tokens = self.max_tokens.max(words);
            for variant in key_variants(&key) {
                self.push_prefixes(&variant);
                self.push_key(name_hash(&variant), entry, alias);
            }
            self.push_prefixes(&key);
            self.push_key(name_hash(&key), entry, alias);
        }
        self.key = key;
    }

    /// Records the word prefixes of `key`: every part that ends before a space.
    fn push_prefixes(&mut self, key: &str) {
        for (at, byte) in key.bytes().enumerate() {
            if byte == b' ' {
                // A space is ASCII, so `at` is a char boundary.
                self.prefixes.push(name_hash(&key[..at]));
            }
        }
    }

    fn push_key(&mut self, hash: u64, entry: u32, alias: bool) {
        self.postings.push(Posting {
            hash,
            entry,
            prior: 0.0,
            alias,
            shadowed: false,
        });
    }

    /// The finished tables: names indexed, each name's candidates ranked by
    /// prior, landmarks placed in their cities' divisions
    /// ([`GazetteerBuilder::build`] packs them into a `Gazetteer`).
    pub(crate) fn finish(self) -> Tables {
        let GazetteerBuilder {
            mut entries,
            mut postings,
            mut prefixes,
            max_tokens,
            key: _,
            adjectives,
            countries,
            iso3,
            admin1s,
            geonames,
        } = self;
        // One posting per (key, entry); a canonical-name match beats an alias match.
        // A stable sort, because it merges already sorted runs (the towns'
        // names) in linear time; equal keys are merged below, so order among
        // them does not matter.
        postings.sort_by_key(|posting| (posting.hash, posting.entry));
        postings.dedup_by(|later, earlier| {
            let same = later.hash == earlier.hash && later.entry == earlier.entry;
            if same {
                earlier.alias &= later.alias;
            }
            same
        });
        place_landmarks(&mut entries, &postings);
        let entry_priors: Vec<f32> = entries
            .iter()
            .map(|entry| prior(entry, false, false) as f32)
            .collect();
        for run in postings.chunk_by_mut(|left, right| left.hash == right.hash) {
            for posting in run.iter_mut() {
                posting.prior = entry_priors[posting.entry as usize]
                    - if posting.alias {
                        ALIAS_PENALTY as f32
                    } else {
                        0.0
                    };
            }
            if run.len() > 1 {
                shadow_namesake_divisions(&entries, run);
                run.sort_by(|left, right| {
                    right
                        .prior
                        .total_cmp(&left.prior)
                        .then(left.entry.cmp(&right.entry))
                });
            }
        }
        let mut adjective_index: FastMap<String, Vec<u32>> = FastMap::default();
        for (key, entry) in adjectives {
            let list = adjective_index.entry(key).or_default();
            if !list.contains(&entry) {
                list.push(entry);
            }
        }
        for list in adjective_index.values_mut() {
            list.sort_by(|&left, &right| {
                prior(&entries[right as usize], false, false).total_cmp(&prior(
                    &entries[left as usize],
                    false,
                    false,
                ))
            });
        }
        let iso3_of = iso3
            .iter()
            .map(|(code, &entry)| (entry, *code))
            .collect::<FastMap<u32, [u8; 3]>>();
        // Each prefix once, so that the table's size depends on the data, not
        // on how it was read (a parse repeats "san" for every "San ..." name,
        // a packed gazetteer holds it once).
        prefixes.sort_unstable();
        prefixes.dedup();
        let slots = build_slots(&postings, &prefixes);
        // Every table in a fixed order, so the same data packs to the same bytes.
        let mut adjectives: Vec<(String, Vec<u32>)> = adjective_index.into_iter().collect();
        adjectives.sort_unstable();
        let mut countries: Vec<(u32, Option<[u8; 3]>)> = countries
            .values()
            .map(|&entry| (entry, iso3_of.get(&entry).copied()))
            .collect();
        countries.sort_unstable();
        let mut admin1s: Vec<u32> = admin1s.into_values().collect();
        admin1s.sort_unstable();
        let mut geonames: Vec<(u32, u32)> = geonames.into_iter().collect();
        geonames.sort_unstable();
        Tables {
            entries,
            postings,
            slots,
            adjectives,
            countries,
            admin1s,
            geonames,
            max_tokens: max_tokens.clamp(1, 12),
        }
    }
}

/// A division yields a name to a city of the same country when
///
/// - the division bears the name only as an alternate ("Moscow" for Moscow Oblast);
/// - the city is the national capital ("Washington": D.C., not the state);
/// - the city lies inside the division, bears the name as its own canonical
///   name, and holds at least a quarter of the division's population
///   ("Aleppo", "Kyiv", "Tokyo"; but "Quebec" stays the province).
///
/// News means the city far more often in these cases, so the city also takes
/// over the division's prior when that is higher (so "Gaza" the city outranks
/// Gaza province in Mozambique as the Gaza Strip would).
fn shadow_namesake_divisions(entries: &[Entry], postings: &mut [Posting]) {
    for position in 0..postings.len() {
        let division = &entries[postings[position].entry as usize];
        if division.kind != EntryKind::Admin1 {
            continue;
        }
        let alias = postings[position].alias;
        let division_prior = postings[position].prior;
        let heir = postings.iter().position(|other| {
            let city = &entries[other.entry as usize];
            // Towns below 15,000 people never take a division's name.
            city.kind == EntryKind::City
                && (city.population >= 15_000 || city.capital)
                && city.country == division.country
                && (alias
                    || city.capital
                    || (city.admin1 == division.admin1
                        && !other.alias
                        && city.population.saturating_mul(4) >= division.population))
        });
        if let Some(heir) = heir {
            postings[heir].prior = postings[heir].prior.max(division_prior);
            postings[position].shadowed = true;
            postings[position].prior = prior(division, postings[position].alias, true) as f32;
        }
    }
}

/// Gives each landmark without a division the division of its city (the
/// nearest city of that name in the landmark's country).
fn place_landmarks(entries: &mut [Entry], postings: &[Posting]) {
    for position in 0..entries.len() {
        let landmark = &entries[position];
        if landmark.kind != EntryKind::Landmark || landmark.admin1.is_some() {
            continue;
        }
        let Some(city) = landmark.city.as_deref() else {
            continue;
        };
        let nearest = postings_of(postings, name_hash(&normalize(city)))
            .iter()
            .map(|posting| &entries[posting.entry as usize])
            .filter(|entry| entry.kind == EntryKind::City && entry.country == landmark.country)
            .min_by(|left, right| {
                left.distance_km(landmark.lat, landmark.lon)
                    .total_cmp(&right.distance_km(landmark.lat, landmark.lon))
            });
        if let Some(admin1) = nearest.and_then(|city| city.admin1.clone()) {
            entries[position].admin1 = Some(admin1);
        }
    }
}

/// How the aliases of a places file rank.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Aliases {
    /// GeoNames alternate names (generated files): ranked below canonical names.
    Alternates,
    /// Hand-written or user names: ranked like canonical names.
    Curated,
}

struct PlaceRow<'a> {
    entry: Entry,
    aliases: &'a str,
    iso3: Option<[u8; 3]>,
}

fn parse_place(line: &str) -> Result<PlaceRow<'_>, ErrorKind> {
    let mut fields = [""; PLACE_FIELDS];
    let mut found = 0;
    for field in split_bytes(line, b'\t') {
        if let Some(slot) = fields.get_mut(found) {
            *slot = field;
        }
        found += 1;
    }
    if found != PLACE_FIELDS {
        return Err(ErrorKind::FieldCount {
            expected: PLACE_FIELDS,
            found,
        });
    }
    let kind: EntryKind = fields[0]
        .parse()
        .map_err(|()| ErrorKind::UnknownKind(fields[0].to_string()))?;
    let name = fields[1].trim();
    if name.is_empty() {
        return Err(ErrorKind::Empty("name"));
    }
    let country = match fields[3].trim() {
        "" => None,
        text => Some(CountryCode::new(text).ok_or_else(|| bad("country", text))?),
    };
    let admin1 = optional(fields[4]).map(str::to_string);
    let city = optional(fields[5]).map(str::to_string);
    let lat = parse_coordinate(fields[6], "lat", 90.0)?;
    let lon = parse_coordinate(fields[7], "lon", 180.0)?;
    let population = match optional(fields[8]) {
        None => 0,
        Some(text) => text.parse().map_err(|_| bad("population", text))?,
    };
    let geonames_id = match optional(fields[9]) {
        None => None,
        Some(text) => Some(text.parse().map_err(|_| bad("geonames_id", text))?),
    };
    let code = fields[10].trim();
    let iso3 = match kind {
        EntryKind::Country => match code.as_bytes() {
            [a, b, c] if code.bytes().all(|byte| byte.is_ascii_alphabetic()) => Some([
                a.to_ascii_uppercase(),
                b.to_ascii_uppercase(),
                c.to_ascii_uppercase(),
            ]),
            [] => return Err(ErrorKind::Empty("code")),
            _ => return Err(bad("code", code)),
        },
        _ => None,
    };
    if kind == EntryKind::Country && country.is_none() {
        return Err(ErrorKind::Empty("country"));
    }
    if kind == EntryKind::Admin1 && (country.is_none() || admin1.is_none()) {
        return Err(ErrorKind::Empty(if country.is_none() {
            "country"
        } else {
            "admin1"
        }));
    }
    Ok(PlaceRow {
        entry: Entry {
            name: name.to_string(),
            kind,
            country,
            admin1,
            city,
            lat,
            lon,
            population,
            geonames_id,
            capital: kind == EntryKind::City && code == "PPLC",
        },
        aliases: fields[2],
        iso3,
    })
}

fn parse_coordinate(text: &str, field: &'static str, limit: f64) -> Result<f64, ErrorKind> {
    let text = text.trim();
    if text.is_empty() {
        return Err(ErrorKind::Empty(field));
    }
    match parse_decimal(text).or_else(|| text.parse::<f64>().ok()) {
        Some(value) if value.is_finite() && value.abs() <= limit => Ok(value),
        _ => Err(bad(field, text)),
    }
}

/// Exact powers of ten (every one up to 1e22 is a double).
const POWERS_OF_TEN: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// A plain decimal ("-149.9003") with at most 15 digits, the form of every
/// coordinate in the data; `None` for anything else, which then goes to
/// `str::parse`.
///
/// Why: half a million coordinates are parsed at start-up. With at most 15
/// digits the digits are an exact integer below 2^53 and the power of ten is
/// exact, so one correctly rounded division gives the correctly rounded
/// value of the decimal: the very bits `str::parse` returns.
fn parse_decimal(text: &str) -> Option<f64> {
    let (negative, digits) = match text.as_bytes() {
        [b'-', rest @ ..] => (true, rest),
        rest => (false, rest),
    };
    let mut mantissa: u64 = 0;
    let mut count = 0;
    let mut fraction = None;
    for (at, &byte) in digits.iter().enumerate() {
        match byte {
            b'0'..=b'9' => {
                mantissa = mantissa * 10 + u64::from(byte - b'0');
                count += 1;
            }
            b'.' if fraction.is_none() => fraction = Some(digits.len() - at - 1),
            _ => return None,
        }
    }
    if count == 0 || count > 15 {
        return None;
    }
    let scale = *POWERS_OF_TEN.get(fraction.unwrap_or(0))?;
    let value = mantissa as f64 / scale;
    Some(if negative { -value } else { value })
}

/// Splits at an ASCII separator with a plain byte scan: faster than
/// `str::split` for the many short fields of the data files.
fn split_bytes(text: &str, separator: u8) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let current = rest?;
        match current.bytes().position(|byte| byte == separator) {
            Some(at) => {
                // `at` is an ASCII byte's position, so both slices are on char boundaries.
                rest = Some(&current[at + 1..]);
                Some(&current[..at])
            }
            None => {
                rest = None;
                Some(current)
            }
        }
    })
}

fn optional(text: &str) -> Option<&str> {
    match text.trim() {
        "" | "-" => None,
        text => Some(text),
    }
}

fn bad(field: &'static str, value: &str) -> ErrorKind {
    ErrorKind::BadValue {
        field,
        value: value.to_string(),
    }
}

fn split_list(text: &str) -> impl Iterator<Item = &str> {
    split_bytes(text, b'|')
        .map(str::trim)
        .filter(|item| !item.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn places(body: &str) -> String {
        format!("# a user file\n{PLACES_HEADER}\n{body}")
    }

    #[test]
    fn user_places_are_found_by_name_and_alias() {
        let mut builder = GazetteerBuilder::new();
        builder
            .add_tsv(
                "user.tsv",
                &places("landmark\tthe Old Mill\tMill House\tGB\t\t\t51.5\t-0.1\t\t\t\n"),
            )
            .expect("valid");
        let gazetteer = builder.build();
        assert_eq!(gazetteer.lookup("old mill")[0].entry.name, "the Old Mill");
        assert_eq!(gazetteer.lookup("MILL HOUSE")[0].entry.name, "the Old Mill");
    }

    #[test]
    fn malformed_line_reports_its_line_number() {
        let mut builder = GazetteerBuilder::new();
        let text = places(
            "region\tthe North Pole\t\t\t\t\t90\t0\t\t\t\nregion\tNowhere\t\t\t\t\tninety\t0\t\t\t\n",
        );
        let error = builder
            .add_tsv("mine.tsv", &text)
            .expect_err("bad latitude");
        assert_eq!(error.line, 4);
        assert_eq!(
            error.to_string(),
            "mine.tsv:4: field lat has an invalid value \"ninety\""
        );
    }

    #[test]
    fn wrong_field_count_and_kind_are_reported() {
        let mut builder = GazetteerBuilder::new();
        let error = builder
            .add_tsv("a.tsv", &places("city\tSomewhere\n"))
            .expect_err("two fields");
        assert_eq!(
            error.to_string(),
            "a.tsv:3: expected 11 TAB-separated fields, found 2"
        );
        let error = builder
            .add_tsv("b.tsv", &places("town\tX\t\t\t\t\t1\t1\t\t\t\n"))
            .expect_err("unknown kind");
        assert_eq!(error.line, 3);
        assert!(matches!(error.kind, ErrorKind::UnknownKind(_)));
    }

    #[test]
    fn missing_header_is_an_error() {
        let mut builder = GazetteerBuilder::new();
        let error = builder
            .add_tsv("c.tsv", "# only a comment\ncity\tX\t\t\t\t\t1\t1\t\t\t\n")
            .expect_err("no header");
        assert_eq!(error.line, 2);
        assert!(matches!(error.kind, ErrorKind::BadHeader { .. }));
    }

    #[test]
    fn out_of_range_coordinates_are_rejected() {
        let mut builder = GazetteerBuilder::new();
        let error = builder
            .add_tsv("d.tsv", &places("city\tX\t\tFR\t\t\t12\t200\t\t\t\n"))
            .expect_err("lon 200");
        assert!(error.to_string().contains("field lon"));
    }

    #[test]
    fn aliases_need_an_existing_target() {
        let mut builder = GazetteerBuilder::new();
        builder
            .add_tsv(
                "e.tsv",
                &places("country\tRuritania\t\tRR\t\t\t45\t15\t1000\t\tRUR\n"),
            )
            .expect("valid");
        builder
            .add_aliases(
                "f.tsv",
                &format!("{ALIASES_HEADER}\nRR\tthe Kingdom of Ruritania\tRuritanian\n"),
            )
            .expect("valid");
        let error = builder
            .add_aliases("g.tsv", &format!("{ALIASES_HEADER}\nQQ\tNowhere\n"))
            .expect_err("unknown target");
        assert_eq!(error.to_string(), "g.tsv:2: no entry matches target \"QQ\"");
        let gazetteer = builder.build();
        assert_eq!(
            gazetteer.lookup("Kingdom of Ruritania")[0].entry.name,
            "Ruritania"
        );
        assert_eq!(
            gazetteer.lookup_adjective("ruritanian")[0].name,
            "Ruritania"
        );
        let country = gazetteer.country_by_iso3("RUR").expect("by iso3");
        assert_eq!(country.name, "Ruritania");
        assert_eq!(gazetteer.iso3(country), Some("RUR"));
    }

    #[test]
    fn parse_decimal_gives_the_bits_of_str_parse() {
        for text in [
            "0",
            "-0",
            "-0.0",
            "42.5073",
            "-149.9003",
            "90",
            "-90.0",
            "180",
            "1.5341",
            "0.1",
            "0.3",
            "12.",
            ".5",
            "-.5",
            "33.333333",
            "123456789012345",
            "0.00000000000001",
            "55.752",
            "37.6175",
            "-33.86785",
            "151.20732",
        ] {
            let fast = parse_decimal(text).expect("plain decimal");
            let slow: f64 = text.parse().expect("valid");
            assert_eq!(fast.to_bits(), slow.to_bits(), "{text}");
        }
        for text in [
            "",
            "-",
            ".",
            "1e5",
            "1.2.3",
            "+1",
            "1234567890123456",
            "NaN",
            "inf",
            " 1",
        ] {
            assert_eq!(parse_decimal(text), None, "{text:?}");
        }
        // Every coordinate of the built-in files parses to the same bits.
        let text = crate::builtin_text();
        for line in [
            text.countries,
            text.admin1,
            text.admin2,
            text.cities,
            text.towns,
            text.landmarks,
            text.regions,
        ]
        .iter()
        .flat_map(|text| text.lines())
        .filter(|line| !line.starts_with('#'))
        .step_by(7)
        {
            for field in line.split('\t').skip(6).take(2) {
                if let (Some(fast), Ok(slow)) = (parse_decimal(field), field.parse::<f64>()) {
                    assert_eq!(fast.to_bits(), slow.to_bits(), "{field}");
                }
            }
        }
    }

    #[test]
    fn split_bytes_matches_str_split() {
        for text in ["", "a", "a\tb", "\ta\t", "a\t\tb", "é\tü"] {
            let mine: Vec<&str> = split_bytes(text, b'\t').collect();
            let std: Vec<&str> = text.split('\t').collect();
            assert_eq!(mine, std, "{text:?}");
        }
    }

    #[test]
    fn duplicate_country_is_an_error() {
        let mut builder = GazetteerBuilder::new();
        let row = "country\tRuritania\t\tRR\t\t\t45\t15\t1000\t\tRUR\n";
        let error = builder
            .add_tsv("h.tsv", &places(&format!("{row}{row}")))
            .expect_err("twice");
        assert_eq!(error.line, 4);
        assert_eq!(error.kind, ErrorKind::DuplicateCountry("RR".into()));
    }
}
