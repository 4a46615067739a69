//! Typed codes: countries, sectors, organisations, CAMEO event codes, parts of speech.
//!
//! Codes are parsed from strings at the edges (data files, gold files) with
//! `FromStr` and printed with `Display`; inside the pipeline they are values,
//! never strings compared by hand.

use std::fmt;
use std::str::FromStr;

/// Why a code did not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeError {
    /// What kind of code was expected ("country code", "sector", ...).
    pub expected: &'static str,
    /// The text that was given.
    pub found: String,
}

impl fmt::Display for CodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid {}: {:?}", self.expected, self.found)
    }
}

impl std::error::Error for CodeError {}

/// Up to `N` ASCII uppercase letters or digits stored inline (no allocation).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AsciiCode<const N: usize> {
    bytes: [u8; N],
    len: u8,
}

impl<const N: usize> AsciiCode<N> {
    /// Parses `text` when it is 1..=N ASCII alphanumerics (uppercased).
    pub fn parse(text: &str, expected: &'static str) -> Result<Self, CodeError> {
        let err = || CodeError {
            expected,
            found: text.to_string(),
        };
        if text.is_empty() || text.len() > N || !text.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(err());
        }
        let mut bytes = [0u8; N];
        for (slot, byte) in bytes.iter_mut().zip(text.bytes()) {
            *slot = byte.to_ascii_uppercase();
        }
        Ok(AsciiCode {
            bytes,
            len: text.len() as u8,
        })
    }

    /// The code as text.
    #[inline]
    pub fn as_str(&self) -> &str {
        // The constructor only admits ASCII, so this cannot fail.
        std::str::from_utf8(&self.bytes[..self.len as usize]).unwrap_or("")
    }
}

impl<const N: usize> fmt::Debug for AsciiCode<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.as_str())
    }
}

impl<const N: usize> fmt::Display for AsciiCode<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An ISO 3166-1 alpha-3 country code (`RUS`, `USA`), or a CAMEO pseudo-country
/// such as `PSE`, `VAT` or `GRL`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CountryCode(AsciiCode<3>);

impl CountryCode {
    /// The three letters.
    #[inline]
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

impl FromStr for CountryCode {
    type Err = CodeError;
    fn from_str(text: &str) -> Result<Self, CodeError> {
        if text.len() != 3 || !text.bytes().all(|b| b.is_ascii_alphabetic()) {
            return Err(CodeError {
                expected: "country code (ISO 3166-1 alpha-3)",
                found: text.to_string(),
            });
        }
        Ok(CountryCode(AsciiCode::parse(text, "country code")?))
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A code of an international organisation (`UN`, `NATO`, `EU`, `ECOWAS`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OrgCode(AsciiCode<8>);

impl OrgCode {
    /// The code as text.
    #[inline]
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

impl FromStr for OrgCode {
    type Err = CodeError;
    fn from_str(text: &str) -> Result<Self, CodeError> {
        Ok(OrgCode(AsciiCode::parse(text, "organisation code")?))
    }
}

impl fmt::Display for OrgCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

macro_rules! code_enum {
    ($(#[$meta:meta])* $name:ident, $what:literal, { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The code as it is written in records and data files.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }
        }

        impl FromStr for $name {
            type Err = CodeError;
            fn from_str(text: &str) -> Result<Self, CodeError> {
                $(if text.eq_ignore_ascii_case($text) { return Ok($name::$variant); })+
                Err(CodeError { expected: $what, found: text.to_string() })
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

code_enum!(
    /// A CAMEO actor sector: which part of a country (or organisation) acts.
    Sector, "sector", {
        /// Government.
        Gov = "GOV",
        /// Military.
        Mil = "MIL",
        /// Rebels and non-state armed groups.
        Reb = "REB",
        /// Opposition.
        Opp = "OPP",
        /// Legislature.
        Leg = "LEG",
        /// Judiciary.
        Jud = "JUD",
        /// Police.
        Cop = "COP",
        /// Intelligence.
        Spy = "SPY",
        /// Media.
        Med = "MED",
        /// Business.
        Bus = "BUS",
        /// Civilians.
        Cvl = "CVL",
        /// Elites, former officials.
        Eli = "ELI",
        /// Political party.
        Pty = "PTY",
        /// Human-rights groups.
        Hri = "HRI",
        /// Non-governmental organisation.
        Ngo = "NGO",
        /// Refugees.
        Ref = "REF",
        /// Education.
        Edu = "EDU",
        /// Health.
        Hlh = "HLH",
        /// Criminals.
        Crm = "CRM",
        /// Labour.
        Lab = "LAB",
        /// Agriculture.
        Agr = "AGR",
        /// Environment.
        Env = "ENV",
        /// Intergovernmental organisation (the body itself).
        Igo = "IGO",
    }
);

code_enum!(
    /// What kind of thing an actor is.
    ActorKind, "actor kind", {
        /// A named person.
        Person = "person",
        /// A named organisation (ministry, party, armed group, IGO).
        Organisation = "organisation",
        /// A country, its government as a whole, or a metonym for it.
        Country = "country",
        /// An unnamed group: "police", "protesters", "Russian troops".
        Group = "group",
    }
);

/// Who an actor is in CAMEO terms: a country or an organisation, and a sector.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ActorCode {
    /// The country, when the actor belongs to one.
    pub country: Option<CountryCode>,
    /// The international organisation, when the actor is (part of) one.
    pub org: Option<OrgCode>,
    /// The sector, when known.
    pub sector: Option<Sector>,
}

impl ActorCode {
    /// A country actor with an optional sector.
    pub fn country(country: CountryCode, sector: Option<Sector>) -> ActorCode {
        ActorCode {
            country: Some(country),
            org: None,
            sector,
        }
    }

    /// An organisation actor.
    pub fn org(org: OrgCode, sector: Option<Sector>) -> ActorCode {
        ActorCode {
            country: None,
            org: Some(org),
            sector,
        }
    }

    /// The same actor with another sector.
    pub fn with_sector(self, sector: Option<Sector>) -> ActorCode {
        ActorCode { sector, ..self }
    }

    /// The country-or-organisation part, as text (`RUS`, `NATO`).
    #[inline]
    pub fn top(&self) -> &str {
        match (&self.org, &self.country) {
            (Some(org), _) => org.as_str(),
            (None, Some(country)) => country.as_str(),
            (None, None) => "",
        }
    }

    /// The CAMEO concatenated form used in records: `RUSGOV`, `NATO`, `USA`.
    pub fn cameo(&self) -> String {
        let mut out = self.top().to_string();
        if let Some(sector) = self.sector {
            if sector != Sector::Igo {
                out.push_str(sector.as_str());
            }
        }
        out
    }
}

impl fmt::Display for ActorCode {
    /// The gold-file form: `RUS/GOV`, `NATO`, `PSE/REB`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.top())?;
        if let Some(sector) = self.sector {
            if sector != Sector::Igo {
                write!(f, "/{sector}")?;
            }
        }
        Ok(())
    }
}

impl FromStr for ActorCode {
    type Err = CodeError;
    /// Parses the gold-file form `TOP[/SECTOR]`, where TOP is a three-letter
    /// country code or an organisation code.
    fn from_str(text: &str) -> Result<Self, CodeError> {
        let (top, sector) = match text.split_once('/') {
            Some((top, sector)) => (top, Some(sector.parse::<Sector>()?)),
            None => (text, None),
        };
        if top.len() == 3 && top.bytes().all(|b| b.is_ascii_uppercase()) && !is_org_like(top) {
            Ok(ActorCode::country(top.parse()?, sector))
        } else {
            Ok(ActorCode::org(top.parse()?, sector))
        }
    }
}

/// Three-letter organisation codes that would otherwise read as countries.
fn is_org_like(top: &str) -> bool {
    matches!(
        top,
        "WHO"
            | "IMF"
            | "WTO"
            | "ICC"
            | "ICJ"
            | "OAS"
            | "OIC"
            | "WFP"
            | "HRW"
            | "AMN"
            | "MSF"
            | "ARL"
            | "GCC"
            | "SCO"
    )
}

/// A CAMEO 1.1b3 event code: two to four digits (`04`, `042`, `1041`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CameoCode(AsciiCode<4>);

impl CameoCode {
    /// The code's digits.
    #[inline]
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// The root: the first two digits (`04` for `042`).
    pub fn root(&self) -> &str {
        &self.as_str()[..2]
    }

    /// The root as a number 1..=20.
    pub fn root_number(&self) -> u8 {
        self.root().parse().unwrap_or(0)
    }

    /// GDELT's QuadClass: 1 verbal cooperation (01–05), 2 material cooperation
    /// (06–08), 3 verbal conflict (09–13), 4 material conflict (14–20).
    pub fn quad_class(&self) -> u8 {
        match self.root_number() {
            1..=5 => 1,
            6..=8 => 2,
            9..=13 => 3,
            _ => 4,
        }
    }
}

impl FromStr for CameoCode {
    type Err = CodeError;
    fn from_str(text: &str) -> Result<Self, CodeError> {
        let err = || CodeError {
            expected: "CAMEO code",
            found: text.to_string(),
        };
        if !(2..=4).contains(&text.len()) || !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err());
        }
        let root: u8 = text[..2].parse().map_err(|_| err())?;
        if !(1..=20).contains(&root) {
            return Err(err());
        }
        Ok(CameoCode(AsciiCode::parse(text, "CAMEO code")?))
    }
}

impl fmt::Display for CameoCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

code_enum!(
    /// Universal Dependencies part-of-speech tags (UPOS).
    Pos, "UPOS tag", {
        /// Adjective.
        Adj = "ADJ",
        /// Adposition.
        Adp = "ADP",
        /// Adverb.
        Adv = "ADV",
        /// Auxiliary.
        Aux = "AUX",
        /// Coordinating conjunction.
        Cconj = "CCONJ",
        /// Determiner.
        Det = "DET",
        /// Interjection.
        Intj = "INTJ",
        /// Noun.
        Noun = "NOUN",
        /// Numeral.
        Num = "NUM",
        /// Particle.
        Part = "PART",
        /// Pronoun.
        Pron = "PRON",
        /// Proper noun.
        Propn = "PROPN",
        /// Punctuation.
        Punct = "PUNCT",
        /// Subordinating conjunction.
        Sconj = "SCONJ",
        /// Symbol.
        Sym = "SYM",
        /// Verb.
        Verb = "VERB",
        /// Other.
        X = "X",
    }
);

code_enum!(
    /// The grain of a time value: how precise it is.
    Grain, "grain", {
        /// A calendar day.
        Day = "day",
        /// An ISO week.
        Week = "week",
        /// A calendar month.
        Month = "month",
        /// A quarter.
        Quarter = "quarter",
        /// A year.
        Year = "year",
    }
);

code_enum!(
    /// Whether the text asserts an event or only considers it.
    Modality, "modality", {
        /// The event happened (or is happening), per the text.
        Asserted = "asserted",
        /// Announced or intended for the future.
        Future = "future",
        /// Conditional, possible, or asked about.
        Hypothetical = "hypothetical",
        /// Demanded or urged of someone.
        Demanded = "demanded",
        /// Asked as a question.
        Question = "question",
    }
);

code_enum!(
    /// How a quote reports speech.
    QuoteKind, "quote kind", {
        /// Words between quotation marks.
        Direct = "direct",
        /// Reported speech without quotation marks.
        Indirect = "indirect",
        /// Reported speech containing quoted words.
        Mixed = "mixed",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actor_codes_round_trip_in_gold_form() {
        for text in ["RUS/GOV", "NATO", "PSE/REB", "UN", "USA", "WHO", "EU/GOV"] {
            let code: ActorCode = text.parse().expect("valid code");
            assert_eq!(code.to_string(), text);
        }
        let who: ActorCode = "WHO".parse().expect("valid");
        assert!(who.org.is_some());
        let rus: ActorCode = "RUS/GOV".parse().expect("valid");
        assert_eq!(rus.cameo(), "RUSGOV");
        assert!("RUS/XYZ".parse::<ActorCode>().is_err());
    }

    #[test]
    fn cameo_codes_know_their_root_and_quad_class() {
        let code: CameoCode = "1041".parse().expect("valid");
        assert_eq!(code.root(), "10");
        assert_eq!(code.quad_class(), 3);
        assert_eq!("042".parse::<CameoCode>().map(|c| c.quad_class()), Ok(1));
        assert!("21".parse::<CameoCode>().is_err());
        assert!("0x2".parse::<CameoCode>().is_err());
        assert!("00".parse::<CameoCode>().is_err());
    }

    #[test]
    fn enums_parse_case_insensitively_and_print_canonically() {
        assert_eq!("gov".parse::<Sector>(), Ok(Sector::Gov));
        assert_eq!(Pos::Propn.to_string(), "PROPN");
        assert_eq!("month".parse::<Grain>(), Ok(Grain::Month));
        assert!("often".parse::<Modality>().is_err());
    }
}
