//! Choosing between namesakes: a prior per candidate, plus what the document says.
//!
//! Every candidate of a name has a **prior** ([`prior`]): `log10(population +
//! 10)` plus a weight for its kind (country 6, division 3.5 — less for a
//! division under 300,000 people, down to 0 under 20,000 —, county 2, capital
//! city 1.5, other city 0, hand-written landmark or region 10), minus 3.5 when
//! the name matched only one of GeoNames' alternate names ("Kiev"). So
//! countries rank above divisions, divisions above cities, capitals above
//! other cities, and within a kind the larger place wins. A division that
//! shares its name with a city of its country yields to the city when news
//! would mean the city ("Aleppo", "Kyiv", "Washington"; see
//! `GazetteerBuilder::build`), and the city takes over the division's prior.
//!
//! [`GeoContext`] holds what the rest of the document mentions: countries,
//! divisions, points of places already placed, the publication's country.
//! [`Gazetteer::resolve`](crate::Gazetteer::resolve) adds bonuses
//! ([`ResolveConfig`]) for a candidate in a mentioned country, in a mentioned
//! division, or near mentioned places (once per distinct nearby place, up to
//! a cap), more when its country or division is the one the document names
//! most, and picks the best. So "Georgia" next
//! to "Tbilisi" is the country and next to "Atlanta" the US state; "Paris" next
//! to "Texas" is Paris, Texas.

use crate::entry::{CountryCode, Entry, EntryKind, EARTH_RADIUS_KM};

/// Kilometres per degree of latitude on the sphere of [`EARTH_RADIUS_KM`].
const KM_PER_DEGREE_LAT: f64 = EARTH_RADIUS_KM * std::f64::consts::PI / 180.0;
use crate::hash::FastMap;

/// One candidate entry for a name, with how it matched.
#[derive(Debug, Clone, Copy)]
pub struct Candidate<'a> {
    /// The entry.
    pub entry: &'a Entry,
    /// The name matched one of GeoNames' alternate names ("Kiev"), not the
    /// canonical name or a curated (hand-written or user) name.
    pub alias: bool,
    /// A division yielding its name to a city (see the module doc).
    pub shadowed: bool,
    /// The context-free score that orders candidates (higher is likelier).
    pub prior: f64,
}

/// What matching only a GeoNames alternate name costs in the prior.
pub const ALIAS_PENALTY: f64 = 3.5;

/// The context-free likelihood of an entry for a name (see the module doc).
pub fn prior(entry: &Entry, alias: bool, shadowed: bool) -> f64 {
    let size = ((entry.population as f64) + 10.0).log10();
    let kind = match entry.kind {
        EntryKind::Country => 6.0,
        EntryKind::Admin1 if shadowed => -3.0,
        EntryKind::Admin1 => 3.5 - small_division_penalty(entry.population),
        EntryKind::Admin2 => 2.0,
        EntryKind::City if entry.capital => 1.5,
        EntryKind::City => 0.0,
        // Hand-written names are specific: they win unless the document says otherwise.
        EntryKind::Landmark | EntryKind::Region => 10.0,
    };
    size + kind - if alias { ALIAS_PENALTY } else { 0.0 }
}

/// Divisions under this many people (10^5.5, about 300,000) weigh less
/// than the kind alone says: a parish of a small island state ("Charlotte",
/// "Portland", "Saint Paul") must not outrank the large city of the name.
const SMALL_DIVISION_LOG10: f64 = 5.5;

/// What a division's kind weight loses per power of ten of population below
/// [`SMALL_DIVISION_LOG10`] (tuned on the open TR-News and LGL sets).
const SMALL_DIVISION_PENALTY: f64 = 3.0;

/// The kind weight a small division loses (at most all of it, so a
/// division under about 20,000 people weighs as a city; an unknown
/// population loses nothing).
fn small_division_penalty(population: u64) -> f64 {
    if population == 0 {
        return 0.0;
    }
    let below = SMALL_DIVISION_LOG10 - (population as f64).log10();
    (below.max(0.0) * SMALL_DIVISION_PENALTY).min(3.5)
}

/// Weights of the context bonuses; [`ResolveConfig::default`] is tuned on the
/// open TR-News and LGL sets (see `examples/eval_geo.rs`).
#[derive(Debug, Clone, PartialEq)]
pub struct ResolveConfig {
    /// Bonus when the candidate's country is mentioned in the document.
    pub country_bonus: f64,
    /// Bonus when the candidate's division is mentioned in the document.
    pub admin1_bonus: f64,
    /// Bonus when the candidate lies within `near_km` of a mentioned place,
    /// given once per distinct nearby place up to `near_cap` places: a town
    /// among three neighbours the document names is likelier than a namesake
    /// near one.
    pub near_bonus: f64,
    /// Most nearby places that each add `near_bonus`.
    pub near_cap: u32,
    /// Further bonus when the candidate's country (and again its division)
    /// is the one the document mentions most, strictly: local news names
    /// many places of its own state, and its namesakes abroad lose.
    pub dominant_bonus: f64,
    /// Radius for `near_bonus`, in km.
    pub near_km: f64,
    /// Bonus when the candidate is in the publication's country.
    pub publication_bonus: f64,
}

impl Default for ResolveConfig {
    fn default() -> Self {
        ResolveConfig {
            country_bonus: 3.0,
            admin1_bonus: 3.0,
            near_bonus: 2.0,
            near_cap: 3,
            dominant_bonus: 1.5,
            near_km: 150.0,
            publication_bonus: 1.5,
        }
    }
}

/// What the rest of a document tells about where it is: the countries and
/// divisions it mentions, points of places it names, and the publication's
/// country.
///
/// # Example
///
/// ```
/// use dyad_gazetteer::{Gazetteer, GeoContext};
/// let gazetteer = Gazetteer::builtin();
/// let mut context = GeoContext::new();
/// for name in ["Atlanta", "Texas"] {
///     if let Some(entry) = gazetteer.resolve_name(name, &GeoContext::new()) {
///         context.add_entry(entry);
///     }
/// }
/// let georgia = gazetteer.resolve_name("Georgia", &context).expect("known");
/// assert_eq!(georgia.admin1.as_deref(), Some("GA"));
/// ```
#[derive(Debug, Clone, Default)]
pub struct GeoContext {
    countries: FastMap<CountryCode, u32>,
    /// Division mentions by country, then GeoNames admin1 code: nested so
    /// that [`GeoContext::score`], asked of every candidate of every name,
    /// looks a division up by `&str` instead of building a key string.
    admin1s: FastMap<CountryCode, FastMap<String, u32>>,
    points: Vec<(f64, f64)>,
    publication_country: Option<CountryCode>,
}

impl GeoContext {
    /// An empty context: resolution then follows the prior alone.
    pub fn new() -> GeoContext {
        GeoContext::default()
    }

    /// Sets the country the publication is from (a weak hint).
    pub fn with_publication_country(mut self, country: CountryCode) -> GeoContext {
        self.publication_country = Some(country);
        self
    }

    /// Records a mention of a country.
    pub fn add_country(&mut self, country: CountryCode) {
        *self.countries.entry(country).or_default() += 1;
    }

    /// Records a mention of a division (GeoNames admin1 code within `country`).
    pub fn add_admin1(&mut self, country: CountryCode, admin1: &str) {
        let divisions = self.admin1s.entry(country).or_default();
        // Most mentions repeat a division already counted: no key string then.
        match divisions.get_mut(admin1) {
            Some(count) => *count += 1,
            None => {
                divisions.insert(admin1.to_string(), 1);
            }
        }
    }

    /// Records the point of a city, landmark or other small place mentioned
    /// (once per distinct point: repeating a name adds no weight).
    pub fn add_point(&mut self, lat: f64, lon: f64) {
        if !self.points.contains(&(lat, lon)) {
            self.points.push((lat, lon));
        }
    }

    /// Records a resolved place: its country, its division, and for cities,
    /// landmarks and counties its point.
    pub fn add_entry(&mut self, entry: &Entry) {
        if let Some(country) = entry.country {
            self.add_country(country);
            if let Some(admin1) = entry.admin1.as_deref() {
                self.add_admin1(country, admin1);
            }
        }
        if matches!(
            entry.kind,
            EntryKind::City | EntryKind::Landmark | EntryKind::Admin2
        ) {
            self.add_point(entry.lat, entry.lon);
        }
    }

    /// True when nothing has been recorded (the publication country aside).
    pub fn is_empty(&self) -> bool {
        self.countries.is_empty() && self.admin1s.is_empty() && self.points.is_empty()
    }

    /// How many times a country was mentioned.
    pub fn country_mentions(&self, country: CountryCode) -> u32 {
        self.countries.get(&country).copied().unwrap_or(0)
    }

    /// The context score of a candidate: its prior plus the context bonuses.
    pub fn score(&self, candidate: &Candidate<'_>, config: &ResolveConfig) -> f64 {
        let entry = candidate.entry;
        let mut score = candidate.prior;
        if let Some(country) = entry.country {
            if let Some(&count) = self.countries.get(&country) {
                score += config.country_bonus;
                if self
                    .countries
                    .iter()
                    .all(|(other, &n)| n < count || *other == country)
                {
                    score += config.dominant_bonus;
                }
            }
            if self.publication_country == Some(country) {
                score += config.publication_bonus;
            }
            if let Some(admin1) = entry.admin1.as_deref() {
                let count = self
                    .admin1s
                    .get(&country)
                    .and_then(|divisions| divisions.get(admin1));
                if let Some(&count) = count {
                    score += config.admin1_bonus;
                    // The count first: it settles almost every comparison
                    // without comparing codes.
                    if self.admin1s.iter().all(|(other_country, divisions)| {
                        divisions.iter().all(|(other, &n)| {
                            n < count || (*other_country == country && other == admin1)
                        })
                    }) {
                        score += config.dominant_bonus;
                    }
                }
            }
        }
        if matches!(
            entry.kind,
            EntryKind::City | EntryKind::Landmark | EntryKind::Admin2
        ) {
            // A great circle is never shorter than its north-south part
            // (R times the latitude difference): points further apart in
            // latitude than the radius (plus a kilometre against rounding)
            // are not near, and need no trigonometry.
            let lat_limit = (config.near_km + 1.0) / KM_PER_DEGREE_LAT;
            let near = self
                .points
                .iter()
                .filter(|&&(lat, _)| (lat - entry.lat).abs() <= lat_limit)
                .filter(|&&(lat, lon)| entry.distance_km(lat, lon) <= config.near_km)
                .take(config.near_cap as usize)
                .count();
            score += config.near_bonus * near as f64;
        }
        score
    }

    /// The best candidate under this context, or `None` when there is none.
    pub fn choose<'a>(
        &self,
        candidates: &[Candidate<'a>],
        config: &ResolveConfig,
    ) -> Option<&'a Entry> {
        let mut best: Option<(f64, &'a Entry)> = None;
        for candidate in candidates {
            let score = self.score(candidate, config);
            // Strictly greater: ties keep the earlier (higher-prior) candidate.
            if best.is_none_or(|(best_score, _)| score > best_score) {
                best = Some((score, candidate.entry));
            }
        }
        best.map(|(_, entry)| entry)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A candidate that is its entry's own name, with no prior: what the
    /// scoring tests vary is the context, not the candidate.
    fn plain_candidate(entry: &Entry) -> Candidate<'_> {
        Candidate {
            entry,
            alias: false,
            shadowed: false,
            prior: 0.0,
        }
    }

    fn city(name: &str, country: &str, admin1: &str, population: u64) -> Entry {
        Entry {
            name: name.into(),
            kind: EntryKind::City,
            country: CountryCode::new(country),
            admin1: Some(admin1.into()),
            city: None,
            lat: 0.0,
            lon: 0.0,
            population,
            geonames_id: None,
            capital: false,
        }
    }

    #[test]
    fn near_bonus_counts_only_points_within_the_radius() {
        // Two invented towns 1 degree of latitude apart (about 111 km) and
        // one 2 degrees apart (about 222 km): only the first is near.
        let mut town = city("Alpha", "US", "KS", 1_000);
        town.lat = 38.0;
        town.lon = -98.0;
        let config = ResolveConfig::default();
        let candidate = plain_candidate(&town);
        let mut context = GeoContext::new();
        context.add_point(39.0, -98.0);
        context.add_point(40.0, -98.0);
        // The same latitude, far in longitude: not near either.
        context.add_point(38.0, -80.0);
        let near_only = config.near_bonus;
        let score = context.score(&candidate, &config);
        assert!((score - near_only).abs() < 1e-9, "{score}");
    }

    #[test]
    fn admin1_dominance_needs_a_strict_majority() {
        let town = city("Alpha", "US", "KS", 1_000);
        let config = ResolveConfig::default();
        let candidate = plain_candidate(&town);
        let mut context = GeoContext::new();
        context.add_admin1(CountryCode::new("US").expect("code"), "KS");
        context.add_admin1(CountryCode::new("US").expect("code"), "KS");
        context.add_admin1(CountryCode::new("US").expect("code"), "NE");
        let bonus = config.admin1_bonus + config.dominant_bonus;
        assert!((context.score(&candidate, &config) - bonus).abs() < 1e-9);
        // A tie with a division of another country takes the dominance away.
        context.add_admin1(CountryCode::new("CA").expect("code"), "KS");
        context.add_admin1(CountryCode::new("CA").expect("code"), "KS");
        let tied = context.score(&candidate, &config);
        assert!((tied - config.admin1_bonus).abs() < 1e-9, "{tied}");
    }

    #[test]
    fn prior_orders_kinds_then_population() {
        let mut country = city("Georgia", "GE", "", 3_700_000);
        country.kind = EntryKind::Country;
        let mut state = city("Georgia", "US", "GA", 10_000_000);
        state.kind = EntryKind::Admin1;
        let big_city = city("Georgia City", "US", "GA", 9_000_000);
        assert!(prior(&country, false, false) > prior(&state, false, false));
        assert!(prior(&state, false, false) > prior(&big_city, false, false));
        assert!(prior(&big_city, false, false) > prior(&big_city, true, false));
        assert!(prior(&state, false, true) < prior(&big_city, false, false));
    }

    #[test]
    fn a_small_division_yields_to_a_large_city() {
        let mut parish = city("Charlotte", "VC", "01", 8_000);
        parish.kind = EntryKind::Admin1;
        let large = city("Charlotte", "US", "NC", 900_000);
        assert!(prior(&large, false, false) > prior(&parish, false, false));
        // A large division keeps its weight; an unknown population too.
        let mut state = city("Georgia", "US", "GA", 10_000_000);
        state.kind = EntryKind::Admin1;
        assert_eq!(prior(&state, false, false), 3.5 + 10_000_010f64.log10());
        parish.population = 0;
        assert_eq!(prior(&parish, false, false), 3.5 + 1.0);
    }

    fn candidate(entry: &Entry) -> Candidate<'_> {
        Candidate {
            entry,
            alias: false,
            shadowed: false,
            prior: prior(entry, false, false),
        }
    }

    #[test]
    fn more_neighbours_and_the_main_country_outweigh_size() {
        let mut big = city("Springfield", "US", "IL", 110_000);
        (big.lat, big.lon) = (39.8, -89.6);
        let mut small = city("Springfield", "US", "MO", 60_000);
        (small.lat, small.lon) = (37.2, -93.3);
        let candidates = [candidate(&big), candidate(&small)];
        let config = ResolveConfig::default();
        let mut context = GeoContext::new();
        // One place near the larger namesake, three near the smaller one.
        context.add_point(39.9, -89.5);
        for (lat, lon) in [(37.1, -93.2), (37.3, -93.5), (37.0, -93.0)] {
            context.add_point(lat, lon);
        }
        let chosen = context.choose(&candidates, &config).expect("a choice");
        assert_eq!(chosen.admin1.as_deref(), Some("MO"));
        // The same point twice counts once.
        let mut repeated = GeoContext::new();
        repeated.add_point(37.1, -93.2);
        repeated.add_point(37.1, -93.2);
        assert_eq!(repeated.score(&candidates[1], &config), {
            let mut once = GeoContext::new();
            once.add_point(37.1, -93.2);
            once.score(&candidates[1], &config)
        });
        // The country named most often gets the dominance bonus, a tie none.
        let us = CountryCode::new("US").expect("code");
        let fr = CountryCode::new("FR").expect("code");
        let mut mostly_us = GeoContext::new();
        mostly_us.add_country(us);
        mostly_us.add_country(us);
        mostly_us.add_country(fr);
        let mut tied = GeoContext::new();
        tied.add_country(us);
        tied.add_country(fr);
        assert!(
            mostly_us.score(&candidates[0], &config)
                > tied.score(&candidates[0], &config) + config.dominant_bonus / 2.0
        );
    }

    #[test]
    fn context_admin1_beats_population() {
        let big = city("Alexandria", "EG", "06", 5_000_000);
        let small = city("Alexandria", "US", "LA", 48_000);
        let candidates = [
            Candidate {
                entry: &big,
                alias: false,
                shadowed: false,
                prior: prior(&big, false, false),
            },
            Candidate {
                entry: &small,
                alias: false,
                shadowed: false,
                prior: prior(&small, false, false),
            },
        ];
        let config = ResolveConfig::default();
        assert_eq!(
            GeoContext::new()
                .choose(&candidates, &config)
                .map(|e| &e.country),
            Some(&CountryCode::new("EG"))
        );
        let mut context = GeoContext::new();
        context.add_country(CountryCode::new("US").expect("code"));
        context.add_admin1(CountryCode::new("US").expect("code"), "LA");
        assert_eq!(
            context.choose(&candidates, &config).map(|e| &e.country),
            Some(&CountryCode::new("US"))
        );
    }
}
