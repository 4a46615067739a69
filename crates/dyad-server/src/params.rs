//! Query-string parameters, declared once per endpoint and checked strictly.
//!
//! Each endpoint lists its parameters as [`ParamSpec`]s; the same list
//! validates requests (unknown names, repeated names and malformed values are
//! 400s naming the parameter) and documents the endpoint in the OpenAPI
//! document, so the two cannot drift apart. An empty value (`?actor=`) counts
//! as absent, which is what an HTML form with an empty field sends.

use std::collections::BTreeMap;

use crate::error::ApiError;

/// Longest free-text value accepted (characters).
const MAX_TEXT: usize = 500;

/// What values a parameter takes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ParamKind {
    /// An actor code or code prefix: 1 to 24 ASCII letters or digits, upper-cased (`RUS`, `RUSGOV`, `NATO`).
    Code,
    /// An ISO 3166-1 alpha-3 country code, upper-cased.
    Country3,
    /// An ISO 3166-1 alpha-2 country code, upper-cased.
    Country2,
    /// A CAMEO code or root: 2 to 4 digits.
    Cameo,
    /// A word of letters and underscores (a PLOVER type).
    Word,
    /// A calendar day, `YYYY-MM-DD`.
    Day,
    /// Free text, at most 500 characters, no control characters.
    Text,
    /// `yes`/`no` (also `true`/`false`, `1`/`0`).
    Bool,
    /// An integer in a range, with a default.
    Int {
        /// Smallest accepted.
        min: i64,
        /// Largest accepted.
        max: i64,
        /// Value when absent.
        default: i64,
    },
    /// One of a fixed list; the first is the default.
    Choice(&'static [&'static str]),
}

/// One documented, validated query parameter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ParamSpec {
    /// Name in the query string.
    pub name: &'static str,
    /// Accepted values.
    pub kind: ParamKind,
    /// What it does (also the OpenAPI description).
    pub description: &'static str,
    /// A request without it is a 400.
    pub required: bool,
}

impl ParamSpec {
    /// An optional parameter.
    pub const fn new(name: &'static str, kind: ParamKind, description: &'static str) -> ParamSpec {
        ParamSpec {
            name,
            kind,
            description,
            required: false,
        }
    }

    /// A required parameter.
    pub const fn required(
        name: &'static str,
        kind: ParamKind,
        description: &'static str,
    ) -> ParamSpec {
        ParamSpec {
            name,
            kind,
            description,
            required: true,
        }
    }
}

/// A checked value.
#[derive(Debug, Clone, PartialEq)]
enum Checked {
    Text(String),
    Int(i64),
    Bool(bool),
}

/// The validated parameters of one request.
#[derive(Debug, Default)]
pub struct Params {
    values: BTreeMap<&'static str, Checked>,
    defaults: BTreeMap<&'static str, Checked>,
}

impl Params {
    /// Parses and validates a raw query string against `specs`.
    ///
    /// # Errors
    /// A 400 naming the first parameter that is unknown, repeated, missing
    /// though required, or malformed.
    pub fn parse(raw: Option<&str>, specs: &[ParamSpec]) -> Result<Params, ApiError> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw.unwrap_or(""))
            .map_err(|error| ApiError::bad_request(format!("malformed query string: {error}")))?;
        let mut params = Params::default();
        for spec in specs {
            match spec.kind {
                ParamKind::Int { default, .. } => {
                    params.defaults.insert(spec.name, Checked::Int(default));
                }
                ParamKind::Choice(choices) => {
                    if let Some(first) = choices.first() {
                        params
                            .defaults
                            .insert(spec.name, Checked::Text((*first).to_string()));
                    }
                }
                _ => {}
            }
        }
        for (name, value) in pairs {
            let Some(spec) = specs.iter().find(|spec| spec.name == name) else {
                let known: Vec<&str> = specs.iter().map(|spec| spec.name).collect();
                let known = if known.is_empty() {
                    "none".to_string()
                } else {
                    known.join(", ")
                };
                return Err(ApiError::bad_request(format!(
                    "unknown parameter {name:?} (this endpoint takes: {known})"
                )));
            };
            if params.values.contains_key(spec.name) {
                return Err(ApiError::bad_request(format!(
                    "parameter {name:?} given more than once"
                )));
            }
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            let checked = check(spec, value)
                .map_err(|why| ApiError::bad_request(format!("parameter {name:?}: {why}")))?;
            params.values.insert(spec.name, checked);
        }
        for spec in specs.iter().filter(|spec| spec.required) {
            if !params.values.contains_key(spec.name) {
                return Err(ApiError::bad_request(format!(
                    "parameter {:?} is required",
                    spec.name
                )));
            }
        }
        Ok(params)
    }

    fn get(&self, name: &str) -> Option<&Checked> {
        self.values.get(name).or_else(|| self.defaults.get(name))
    }

    /// A text-like value (codes, days, words, free text, choices).
    pub fn text(&self, name: &str) -> Option<String> {
        match self.get(name) {
            Some(Checked::Text(text)) => Some(text.clone()),
            _ => None,
        }
    }

    /// An integer, or its declared default.
    pub fn int(&self, name: &str) -> i64 {
        match self.get(name) {
            Some(Checked::Int(value)) => *value,
            _ => 0,
        }
    }

    /// An integer as a `usize` (ranges are declared non-negative).
    pub fn count(&self, name: &str) -> usize {
        usize::try_from(self.int(name)).unwrap_or(0)
    }

    /// A yes/no value, if given.
    pub fn flag(&self, name: &str) -> Option<bool> {
        match self.get(name) {
            Some(Checked::Bool(value)) => Some(*value),
            _ => None,
        }
    }
}

/// Validates one value; the error says what was expected.
fn check(spec: &ParamSpec, value: &str) -> Result<Checked, String> {
    let ascii_word = |min: usize, max: usize, ok: fn(char) -> bool| {
        (min..=max).contains(&value.len()) && value.chars().all(ok)
    };
    match spec.kind {
        ParamKind::Code => {
            if ascii_word(1, 24, |c| c.is_ascii_alphanumeric()) {
                Ok(Checked::Text(value.to_ascii_uppercase()))
            } else {
                Err(format!(
                    "expected an actor code (letters and digits, like RUS or RUSGOV), found {value:?}"
                ))
            }
        }
        ParamKind::Country3 | ParamKind::Country2 => {
            let len = if spec.kind == ParamKind::Country3 {
                3
            } else {
                2
            };
            if ascii_word(len, len, |c| c.is_ascii_alphabetic()) {
                Ok(Checked::Text(value.to_ascii_uppercase()))
            } else {
                Err(format!(
                    "expected an ISO country code of {len} letters, found {value:?}"
                ))
            }
        }
        ParamKind::Cameo => {
            if ascii_word(2, 4, |c| c.is_ascii_digit()) {
                Ok(Checked::Text(value.to_string()))
            } else {
                Err(format!(
                    "expected a CAMEO code of 2 to 4 digits, found {value:?}"
                ))
            }
        }
        ParamKind::Word => {
            if ascii_word(1, 40, |c| c.is_ascii_alphabetic() || c == '_') {
                Ok(Checked::Text(value.to_string()))
            } else {
                Err(format!("expected a word of letters, found {value:?}"))
            }
        }
        ParamKind::Day => {
            let valid = value.len() == 10 && value.parse::<jiff::civil::Date>().is_ok();
            if valid {
                Ok(Checked::Text(value.to_string()))
            } else {
                Err(format!("expected a day as YYYY-MM-DD, found {value:?}"))
            }
        }
        ParamKind::Text => {
            if value.chars().count() > MAX_TEXT {
                Err(format!("longer than {MAX_TEXT} characters"))
            } else if value.chars().any(char::is_control) {
                Err("contains control characters".to_string())
            } else {
                Ok(Checked::Text(value.to_string()))
            }
        }
        ParamKind::Bool => match value {
            "yes" | "true" | "1" => Ok(Checked::Bool(true)),
            "no" | "false" | "0" => Ok(Checked::Bool(false)),
            other => Err(format!("expected yes or no, found {other:?}")),
        },
        ParamKind::Int { min, max, .. } => match value.parse::<i64>() {
            Ok(number) if (min..=max).contains(&number) => Ok(Checked::Int(number)),
            _ => Err(format!(
                "expected an integer from {min} to {max}, found {value:?}"
            )),
        },
        ParamKind::Choice(choices) => {
            if choices.contains(&value) {
                Ok(Checked::Text(value.to_string()))
            } else {
                Err(format!(
                    "expected one of {}, found {value:?}",
                    choices.join(", ")
                ))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPECS: &[ParamSpec] = &[
        ParamSpec::new("actor", ParamKind::Code, "actor"),
        ParamSpec::new("from", ParamKind::Day, "first day"),
        ParamSpec::new(
            "limit",
            ParamKind::Int {
                min: 1,
                max: 100,
                default: 20,
            },
            "rows",
        ),
        ParamSpec::new("asserted", ParamKind::Bool, "facts only"),
        ParamSpec::new("bucket", ParamKind::Choice(&["month", "week"]), "width"),
        ParamSpec::new("text", ParamKind::Text, "words"),
    ];

    fn parse(query: &str) -> Result<Params, String> {
        Params::parse(Some(query), SPECS).map_err(|error| error.message)
    }

    #[test]
    fn values_are_checked_and_normalised() {
        let params =
            parse("actor=rusgov&from=2025-12-04&limit=5&asserted=yes&text=%22peace+talks%22")
                .expect("valid");
        assert_eq!(params.text("actor").as_deref(), Some("RUSGOV"));
        assert_eq!(params.text("from").as_deref(), Some("2025-12-04"));
        assert_eq!(params.count("limit"), 5);
        assert_eq!(params.flag("asserted"), Some(true));
        assert_eq!(params.text("text").as_deref(), Some("\"peace talks\""));
        assert_eq!(
            params.text("bucket").as_deref(),
            Some("month"),
            "first choice is the default"
        );
    }

    #[test]
    fn defaults_and_empty_values() {
        let params = parse("actor=&limit=").expect("valid");
        assert_eq!(params.text("actor"), None);
        assert_eq!(params.count("limit"), 20);
        assert_eq!(params.flag("asserted"), None);
    }

    #[test]
    fn bad_values_name_the_parameter() {
        let cases = [
            ("actor=RUS%3BDROP", "parameter \"actor\""),
            ("from=2025-13-01", "YYYY-MM-DD"),
            ("from=2025-1-1", "YYYY-MM-DD"),
            ("limit=0", "from 1 to 100"),
            ("limit=ten", "from 1 to 100"),
            ("asserted=maybe", "yes or no"),
            ("bucket=year", "one of month, week"),
            ("colour=red", "unknown parameter \"colour\""),
            ("actor=RUS&actor=UKR", "more than once"),
            ("text=a%00b", "control characters"),
        ];
        for (query, expected) in cases {
            let error = parse(query).expect_err(query);
            assert!(error.contains(expected), "{query}: {error}");
        }
        let long = format!("text={}", "a".repeat(501));
        assert!(parse(&long).is_err());
    }

    #[test]
    fn required_parameters() {
        let specs = [ParamSpec::required("q", ParamKind::Text, "query")];
        let error = Params::parse(None, &specs).expect_err("missing");
        assert_eq!(error.message, "parameter \"q\" is required");
        assert!(Params::parse(Some("q=ceasefire"), &specs).is_ok());
    }
}
