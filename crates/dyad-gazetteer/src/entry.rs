//! What the gazetteer knows about one place.

use std::fmt;
use std::str::FromStr;

/// What kind of place an entry is.
///
/// The five kinds of `dyad_doc::PlaceKind` plus `Admin2`; kept separate so
/// this crate depends on nothing of dyad's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntryKind {
    /// A country or dependent territory (GeoNames country).
    Country,
    /// A first-order administrative division (state, province, oblast).
    Admin1,
    /// A second-order division (a US county or parish, a UK county); its
    /// `admin1` is the parent division. `dyad_doc::PlaceKind` has no such kind:
    /// map it to `Admin1`-level places there.
    Admin2,
    /// A populated place: a city of 15,000+ people, a town of 1,000+ (see
    /// `population`), or one a user added.
    City,
    /// A building or site used as a location ("the Kremlin"), inside a city.
    Landmark,
    /// A sea, strait, continent or named region without a GeoNames entry here.
    Region,
}

impl EntryKind {
    /// The word used in data files (`country`, `admin1`, `admin2`, `city`,
    /// `landmark`, `region`).
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Country => "country",
            EntryKind::Admin1 => "admin1",
            EntryKind::Admin2 => "admin2",
            EntryKind::City => "city",
            EntryKind::Landmark => "landmark",
            EntryKind::Region => "region",
        }
    }
}

impl fmt::Display for EntryKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for EntryKind {
    type Err = ();

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "country" => Ok(EntryKind::Country),
            "admin1" => Ok(EntryKind::Admin1),
            "admin2" => Ok(EntryKind::Admin2),
            "city" => Ok(EntryKind::City),
            "landmark" => Ok(EntryKind::Landmark),
            "region" => Ok(EntryKind::Region),
            _ => Err(()),
        }
    }
}

/// An ISO 3166-1 alpha-2 country code (`UA`, `US`), or GeoNames' `XK` for Kosovo.
///
/// Always two ASCII capital letters; compare and hash as two bytes.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CountryCode([u8; 2]);

impl CountryCode {
    /// Parses two ASCII letters, either case (`"ua"` → `UA`); `None` otherwise.
    pub fn new(text: &str) -> Option<CountryCode> {
        match text.as_bytes() {
            [first, second] if first.is_ascii_alphabetic() && second.is_ascii_alphabetic() => {
                Some(CountryCode([
                    first.to_ascii_uppercase(),
                    second.to_ascii_uppercase(),
                ]))
            }
            _ => None,
        }
    }

    /// The code from its two bytes, as [`CountryCode::bytes`] gives them;
    /// `None` unless both are ASCII letters.
    pub(crate) fn from_bytes(bytes: [u8; 2]) -> Option<CountryCode> {
        std::str::from_utf8(&bytes).ok().and_then(CountryCode::new)
    }

    /// The code's two ASCII capital letters.
    pub(crate) fn bytes(self) -> [u8; 2] {
        self.0
    }

    /// The code as text (`"UA"`).
    pub fn as_str(&self) -> &str {
        // Both bytes are ASCII letters by construction.
        std::str::from_utf8(&self.0).unwrap_or("??")
    }
}

impl fmt::Debug for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CountryCode({})", self.as_str())
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One place of the gazetteer.
///
/// Coordinates are WGS84 degrees. For cities they are GeoNames' points; for
/// countries, divisions, landmarks and regions they are representative points
/// whose derivation each data file states in its header.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Canonical name ("Kyiv" for "Kiev").
    pub name: String,
    /// Country, division, city, landmark or region.
    pub kind: EntryKind,
    /// The country the place is in (for a country, its own code); `None` for
    /// seas, continents and regions spanning several countries.
    pub country: Option<CountryCode>,
    /// GeoNames admin1 code of the division the place is in, within `country`
    /// ("12" for Kyiv city); for a division, its own code.
    pub admin1: Option<String>,
    /// For landmarks: the name of the city the landmark stands in ("Moscow").
    pub city: Option<String>,
    /// Latitude in degrees.
    pub lat: f64,
    /// Longitude in degrees.
    pub lon: f64,
    /// Population (0 when unknown; for divisions a lower bound).
    pub population: u64,
    /// GeoNames id, when the entry comes from GeoNames.
    pub geonames_id: Option<u32>,
    /// A national capital (GeoNames PPLC).
    pub capital: bool,
}

impl Entry {
    /// Great-circle distance to a point, in km.
    pub fn distance_km(&self, lat: f64, lon: f64) -> f64 {
        haversine_km(self.lat, self.lon, lat, lon)
    }
}

/// Mean Earth radius used for distances, in km (the value the eval sets use).
pub const EARTH_RADIUS_KM: f64 = 6371.0;

/// Great-circle distance between two points given in degrees, in km.
///
/// # Example
///
/// ```
/// let km = dyad_gazetteer::haversine_km(50.45, 30.52, 55.75, 37.62);
/// assert!((km - 756.0).abs() < 5.0); // Kyiv to Moscow
/// ```
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (phi1, phi2) = (lat1.to_radians(), lat2.to_radians());
    let half_dphi = (phi2 - phi1) / 2.0;
    let half_dlambda = (lon2 - lon1).to_radians() / 2.0;
    let a = half_dphi.sin().powi(2) + phi1.cos() * phi2.cos() * half_dlambda.sin().powi(2);
    2.0 * EARTH_RADIUS_KM * a.sqrt().min(1.0).asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn country_code_parses_two_letters_only() {
        assert_eq!(
            CountryCode::new("ua").map(|code| code.to_string()),
            Some("UA".into())
        );
        assert_eq!(CountryCode::new("UKR"), None);
        assert_eq!(CountryCode::new("U1"), None);
        assert_eq!(CountryCode::new(""), None);
    }

    #[test]
    fn entry_kind_round_trips_through_text() {
        for kind in [
            EntryKind::Country,
            EntryKind::Admin1,
            EntryKind::Admin2,
            EntryKind::City,
            EntryKind::Landmark,
            EntryKind::Region,
        ] {
            assert_eq!(kind.as_str().parse::<EntryKind>(), Ok(kind));
        }
        assert!("town".parse::<EntryKind>().is_err());
    }
}
