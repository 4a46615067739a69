//! Publication dates as pages and feeds write them: ISO 8601 stamps,
//! RFC 2822 (`Fri, 17 May 2024 09:30:00 GMT`), month names (`May 17, 2024`,
//! `17 May 2024`, `17. Mai 2024`), and dates in URLs (`/2024/05/17/`).
//!
//! A stamp with a time zone keeps the calendar day written in it: the day
//! the outlet printed, not the day in UTC.

use jiff::civil::Date;

/// Earliest year accepted: older "dates" on news pages are noise.
const MIN_YEAR: i16 = 1990;
/// Latest year accepted.
const MAX_YEAR: i16 = 2100;

/// Parses a date written on its own (a meta tag, a `datetime` attribute, a
/// feed's `pubDate`): ISO 8601 first, then forms with month names, then
/// numeric day-month-year.
///
/// # Example
/// ```
/// use dyad_extract::date::parse_date;
/// assert_eq!(parse_date("2024-05-17T09:30:00+02:00").map(|d| d.to_string()).as_deref(), Some("2024-05-17"));
/// assert_eq!(parse_date("Fri, 17 May 2024 09:30:00 GMT").map(|d| d.to_string()).as_deref(), Some("2024-05-17"));
/// assert_eq!(parse_date("no date here"), None);
/// ```
pub fn parse_date(text: &str) -> Option<Date> {
    let text = text.trim();
    parse_iso(text)
        .or_else(|| find_date_in_text(text))
        .or_else(|| parse_compact(text))
}

/// `YYYY-MM-DD`, `YYYY/MM/DD` or `YYYY.MM.DD` at the start of `text`.
fn parse_iso(text: &str) -> Option<Date> {
    let bytes = text.as_bytes();
    if bytes.len() < 8 {
        return None;
    }
    let year = number(bytes.get(..4)?)?;
    let sep = *bytes.get(4)?;
    if !matches!(sep, b'-' | b'/' | b'.') {
        return None;
    }
    let rest = &bytes[5..];
    let month_len = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    if !(1..=2).contains(&month_len) || rest.get(month_len) != Some(&sep) {
        return None;
    }
    let month = number(&rest[..month_len])?;
    let day_bytes = &rest[month_len + 1..];
    let day_len = day_bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    if !(1..=2).contains(&day_len) {
        return None;
    }
    let day = number(&day_bytes[..day_len])?;
    make_date(year, month, day)
}

/// `YYYYMMDD` (meta tags of some CMSs).
fn parse_compact(text: &str) -> Option<Date> {
    let digits: &str = text.get(..8)?;
    if !digits.bytes().all(|b| b.is_ascii_digit())
        || text.as_bytes().get(8).is_some_and(u8::is_ascii_digit)
    {
        return None;
    }
    let bytes = digits.as_bytes();
    make_date(
        number(&bytes[..4])?,
        number(&bytes[4..6])?,
        number(&bytes[6..8])?,
    )
}

/// The first date written in running text: `May 17, 2024`, `17 May 2024`,
/// `17.05.2024`, `2024-05-17`. Month names in English, German, French,
/// Spanish, Portuguese and Italian.
pub fn find_date_in_text(text: &str) -> Option<Date> {
    let tokens = tokenize(text);
    for i in 0..tokens.len() {
        let token = &tokens[i];
        match token {
            Token::Word(word) => {
                let Some(month) = month_number(word) else {
                    continue;
                };
                // Month Day, Year
                if let (Some(Token::Number(day, _)), Some(Token::Number(year, 4))) =
                    (tokens.get(i + 1), tokens.get(i + 2))
                {
                    if let Some(date) = make_date(*year, month, *day) {
                        return Some(date);
                    }
                }
                // Day Month Year (the day before the month)
                if i >= 1 {
                    if let (Some(Token::Number(day, 1..=2)), Some(Token::Number(year, 4))) =
                        (tokens.get(i - 1), tokens.get(i + 1))
                    {
                        if let Some(date) = make_date(*year, month, *day) {
                            return Some(date);
                        }
                    }
                    // Day "de" Month "de" Year (es, pt)
                    if i >= 2 {
                        if let (
                            Some(Token::Number(day, 1..=2)),
                            Some(Token::Word(de)),
                            Some(Token::Word(de2)),
                            Some(Token::Number(year, 4)),
                        ) = (
                            tokens.get(i - 2),
                            tokens.get(i - 1),
                            tokens.get(i + 1),
                            tokens.get(i + 2),
                        ) {
                            if de == "de" && de2 == "de" {
                                if let Some(date) = make_date(*year, month, *day) {
                                    return Some(date);
                                }
                            }
                        }
                    }
                }
            }
            Token::NumericDate(date) => return Some(*date),
            Token::Number(..) => {}
        }
    }
    None
}

/// A date in a URL path: `/2024/05/17/`, `/2024-05-17/`, `/20240517/`.
pub fn date_from_url(url: &str) -> Option<Date> {
    let path = url
        .split_once("://")
        .map_or(url, |(_, rest)| rest.split_once('/').map_or("", |(_, p)| p));
    let path = path.split(['?', '#']).next().unwrap_or("");
    let segments: Vec<&str> = path.split('/').collect();
    for (i, segment) in segments.iter().enumerate() {
        if segment.len() == 4 && segment.bytes().all(|b| b.is_ascii_digit()) {
            let year = number(segment.as_bytes())?;
            if let (Some(month), Some(day)) = (segments.get(i + 1), segments.get(i + 2)) {
                let day: String = day.chars().take_while(char::is_ascii_digit).collect();
                if month.len() <= 2 && (1..=2).contains(&day.len()) {
                    if let (Some(m), Some(d)) = (number(month.as_bytes()), number(day.as_bytes())) {
                        if let Some(date) = make_date(year, m, d) {
                            return Some(date);
                        }
                    }
                }
            }
        }
        // A stamp inside a segment: "2024-05-17" or "story-20240517".
        for (start, _) in segment.char_indices() {
            let rest = &segment[start..];
            if start > 0 && segment.as_bytes()[start - 1].is_ascii_digit() {
                continue;
            }
            if let Some(date) = parse_iso(rest) {
                return Some(date);
            }
            if let Some(date) = parse_compact(rest) {
                return Some(date);
            }
        }
    }
    None
}

fn make_date(year: i16, month: i16, day: i16) -> Option<Date> {
    if !(MIN_YEAR..=MAX_YEAR).contains(&year) || !(1..=12).contains(&month) {
        return None;
    }
    let month = i8::try_from(month).ok()?;
    let day = i8::try_from(day).ok()?;
    Date::new(year, month, day).ok()
}

fn number(bytes: &[u8]) -> Option<i16> {
    if bytes.is_empty() || bytes.len() > 4 || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(bytes).ok()?.parse().ok()
}

#[derive(Debug)]
enum Token {
    Word(String),
    /// A number and its digit count.
    Number(i16, usize),
    /// `17.05.2024`, `17/05/2024` (day first) or `2024-05-17`.
    NumericDate(Date),
}

fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if c.is_alphabetic() {
            let mut word = String::new();
            while let Some(&(_, c)) = chars.peek() {
                if !c.is_alphabetic() {
                    break;
                }
                word.extend(c.to_lowercase());
                chars.next();
            }
            tokens.push(Token::Word(word));
        } else if c.is_ascii_digit() {
            let mut end = start;
            while let Some(&(i, c)) = chars.peek() {
                if !(c.is_ascii_digit() || matches!(c, '.' | '/' | '-')) {
                    break;
                }
                end = i + c.len_utf8();
                chars.next();
            }
            let run = text[start..end].trim_end_matches(['.', '/', '-']);
            if let Some(date) = parse_iso(run).or_else(|| parse_day_first(run)) {
                tokens.push(Token::NumericDate(date));
            } else {
                // "17." (German day) or "17th": keep the leading digits.
                let digits: String = run.chars().take_while(char::is_ascii_digit).collect();
                if let Some(n) = number(digits.as_bytes()) {
                    tokens.push(Token::Number(n, digits.len()));
                }
            }
        } else {
            chars.next();
        }
        if tokens.len() > 4000 {
            break;
        }
    }
    // Ordinal suffixes ("17th") leave a word token after the number: drop it.
    tokens.retain(
        |t| !matches!(t, Token::Word(w) if matches!(w.as_str(), "st" | "nd" | "rd" | "th" | "of")),
    );
    tokens
}

/// `17.05.2024` or `17/05/2024` (day first, as outside the US).
fn parse_day_first(run: &str) -> Option<Date> {
    let parts: Vec<&str> = run.split(['.', '/', '-']).collect();
    if parts.len() != 3 || parts[2].len() != 4 || parts[0].len() > 2 || parts[1].len() > 2 {
        return None;
    }
    let day = number(parts[0].as_bytes())?;
    let month = number(parts[1].as_bytes())?;
    let year = number(parts[2].as_bytes())?;
    // A first number over 12 is surely a day; a second one over 12 means US order.
    if month > 12 && day <= 12 {
        return make_date(year, day, month);
    }
    make_date(year, month, day)
}

fn month_number(word: &str) -> Option<i16> {
    let month = match word {
        "january" | "jan" | "januar" | "janvier" | "enero" | "janeiro" | "gennaio" | "jänner" => 1,
        "february" | "feb" | "februar" | "février" | "fevrier" | "febrero" | "fevereiro"
        | "febbraio" => 2,
        "march" | "mar" | "märz" | "maerz" | "mars" | "marzo" | "março" | "marco" => 3,
        "april" | "apr" | "avril" | "abril" | "aprile" => 4,
        "may" | "mai" | "mayo" | "maio" | "maggio" => 5,
        "june" | "jun" | "juni" | "juin" | "junio" | "junho" | "giugno" => 6,
        "july" | "jul" | "juli" | "juillet" | "julio" | "julho" | "luglio" => 7,
        "august" | "aug" | "août" | "aout" | "agosto" => 8,
        "september" | "sep" | "sept" | "septembre" | "septiembre" | "setembro" | "settembre" => 9,
        "october" | "oct" | "oktober" | "octobre" | "octubre" | "outubro" | "ottobre" => 10,
        "november" | "nov" | "novembre" | "noviembre" | "novembro" => 11,
        "december" | "dec" | "dezember" | "décembre" | "decembre" | "diciembre" | "dezembro"
        | "dicembre" => 12,
        _ => return None,
    };
    Some(month)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Option<String> {
        parse_date(text).map(|d| d.to_string())
    }

    #[test]
    fn parses_stamps_and_written_dates() {
        assert_eq!(day("2024-05-17").as_deref(), Some("2024-05-17"));
        assert_eq!(
            day("2024-05-17T23:30:00-07:00").as_deref(),
            Some("2024-05-17")
        );
        assert_eq!(day("2024/5/7").as_deref(), Some("2024-05-07"));
        assert_eq!(day("20240517").as_deref(), Some("2024-05-17"));
        assert_eq!(
            day("Tue, 03 Jun 2025 08:00:00 +0000").as_deref(),
            Some("2025-06-03")
        );
        assert_eq!(
            day("Nov. 19, 2019 5:14 PM ET").as_deref(),
            Some("2019-11-19")
        );
        assert_eq!(day("Updated 4th March 2023").as_deref(), Some("2023-03-04"));
        assert_eq!(day("17. Mai 2024").as_deref(), Some("2024-05-17"));
        assert_eq!(day("17 de maio de 2024").as_deref(), Some("2024-05-17"));
        assert_eq!(day("17.05.2024 10:00").as_deref(), Some("2024-05-17"));
        assert_eq!(day("2024-13-45"), None);
        assert_eq!(day("May I help"), None);
        assert_eq!(day(""), None);
    }

    #[test]
    fn dates_in_urls() {
        let d = |u: &str| date_from_url(u).map(|d| d.to_string());
        assert_eq!(
            d("https://example.org/world/2019/11/19/talks-resume/").as_deref(),
            Some("2019-11-19")
        );
        assert_eq!(
            d("https://example.org/story/2019-11-19/talks").as_deref(),
            Some("2019-11-19")
        );
        assert_eq!(
            d("https://example.org/a/20191119-talks").as_deref(),
            Some("2019-11-19")
        );
        assert_eq!(d("https://example.org/2019/talks"), None);
        assert_eq!(d("https://example.org/item?id=20191119"), None);
    }
}
