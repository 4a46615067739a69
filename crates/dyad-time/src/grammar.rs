//! The grammar of time expressions: from tokens to [`Match`]es, each a span of
//! tokens with an unresolved meaning ([`Core`]), before any calendar maths.
//!
//! An expression is an optional governing word ("on", "since", "overnight
//! into"), an optional modifier ("early", "mid-", "the end of") and a core:
//! a weekday, a month with or without day and year, a year, a quarter, a
//! deictic phrase ("last week", "three days ago"), an anaphoric phrase
//! ("a day earlier", "later that day", "since then").
//! Durations ("for four days", "an 18-month siege") and vague references
//! ("soon", "in recent years") are deliberately not matched.
//!
//! Parsing is greedy, left to right, one token of look-behind at most (to see
//! "before May" or a determiner before a year); no allocation per token.

use crate::lexicon::{
    Part, Prep, Unit, WordInfo, CONTEXT, COUNT_NOUN, DETERMINER, FUNCTION_WORD, PART_OF_DAY,
    QUANTITY,
};
use crate::token::{Kind, Token};

/// Which year a quarter or a half belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum YearRef {
    /// Given in the text ("the first quarter of 2025").
    Explicit(i16),
    /// Relative to the publication year ("the second half of next year").
    Deictic(i8),
    /// Not given: inferred from the publication date and the tense.
    Inferred,
}

/// The meaning of a time expression before it is placed on the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Core {
    /// A complete date ("2025-03-11", "March 3, 2025").
    Date { year: i16, month: i8, day: i8 },
    /// A day of a month whose year is to be inferred ("March 3", "3 March").
    MonthDay { month: i8, day: i8 },
    /// Several days of one month ("May 3-5").
    DayRange {
        month: i8,
        first: i8,
        last: i8,
        year: Option<i16>,
    },
    /// A weekday, with its direction when "last"/"this"/"next" is given.
    Weekday { weekday: i8, direction: Option<i8> },
    /// A month, with its year or a direction when given.
    Month {
        month: i8,
        year: Option<i16>,
        direction: Option<i8>,
    },
    /// A year.
    Year(i16),
    /// A quarter ("the first quarter", "Q3 2024").
    Quarter { quarter: i8, year: YearRef },
    /// A half year ("the second half of 2025").
    Half { half: i8, year: YearRef },
    /// A weekend ("over the weekend", "next weekend"), with its direction
    /// when given.
    Weekend { direction: Option<i8> },
    /// Counted from the publication date: "yesterday" is (Day, -1), "last
    /// week" (Week, -1), "three years ago" (Year, -3).
    Deictic { unit: Unit, offset: i32 },
    /// Counted from the latest date of the text: "a day earlier" is (Day, -1),
    /// "the following year" (Year, 1), "later that day" (Day, 0).
    Anaphoric { unit: Unit, offset: i32 },
    /// "the year" in "the end of the year": the unit around the latest day of
    /// the text.
    OfThe(Unit),
    /// "then" in "since then": the latest value of the text.
    Then,
}

/// One time expression found in the tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Match {
    /// First token (the governing word when there is one).
    pub first: usize,
    /// Last token, inclusive (the possessive `'s` when there is one).
    pub last: usize,
    /// What the expression means.
    pub core: Core,
    /// "early", "mid", "late", "the start of", "the end of".
    pub part: Option<Part>,
    /// The governing preposition's role.
    pub prep: Option<Prep>,
    /// Governed by "until", "till" or "through", which point forward unless
    /// the clause says otherwise ("suspended until Sunday").
    pub leans_future: bool,
}

/// The most tokens `parse_at` reads before the core: "overnight into" (2)
/// then a part such as "late - on" or "the end of" (3).
const MAX_LEAD: usize = 5;

/// The grammar over one document's tokens.
pub(crate) struct Grammar<'a> {
    tokens: &'a [Token],
    lower: &'a str,
}

impl<'a> Grammar<'a> {
    /// A grammar over `tokens` of the lower-cased text `lower`.
    pub(crate) fn new(tokens: &'a [Token], lower: &'a str) -> Grammar<'a> {
        Grammar { tokens, lower }
    }

    /// Every time expression, left to right, without overlaps.
    ///
    /// Most tokens are far from any time word, so the parse is tried only
    /// where a core can be reached: at most [`MAX_LEAD`] tokens before a
    /// token that [`Grammar::may_open_core`]. Elsewhere `parse_at` would
    /// return `None`, so the matches are the same as trying every token.
    pub(crate) fn parse_all(&self) -> Vec<Match> {
        let mut found: Vec<Match> = Vec::new();
        let mut index = 0;
        // The first token at or after `index` that may open a core.
        let mut next_core = 0;
        while index < self.tokens.len() {
            next_core = next_core.max(index);
            while next_core < self.tokens.len() && !self.may_open_core(next_core) {
                next_core += 1;
            }
            if next_core == self.tokens.len() {
                break;
            }
            index = index.max(next_core.saturating_sub(MAX_LEAD));
            let coordinated = found
                .last()
                .and_then(|previous| self.coordination(previous, index));
            match self.parse_at(index, coordinated) {
                Some(found_here) => {
                    index = found_here.last + 1;
                    found.push(found_here);
                }
                None => index += 1,
            }
        }
        found
    }

    /// When `index` follows `previous` across a coordinating word ("on Friday
    /// and Saturday", "in 2021 and 2022", "1957-58", "from March to May"),
    /// the previous match and whether the link was "to"-like.
    fn coordination(&self, previous: &Match, index: usize) -> Option<Coordination> {
        let gap = index.checked_sub(previous.last + 1)?;
        let link = match gap {
            1 => previous.last + 1,
            2 if self.punct(previous.last + 1, b',') => previous.last + 2,
            _ => return None,
        };
        let to_like = match self.word(link) {
            "to" | "until" | "till" | "through" => true,
            "and" | "or" => false,
            _ if self.punct(link, b'-') || self.punct(link, b'/') => true,
            _ => return None,
        };
        Some(Coordination {
            previous: *previous,
            to_like,
            dash: self.punct(link, b'-') || self.punct(link, b'/'),
        })
    }

    /// The expression starting at token `first`, if any.
    fn parse_at(&self, first: usize, coordinated: Option<Coordination>) -> Option<Match> {
        let mut index = first;
        let mut prep = None;
        let mut leans_future = false;
        if self.is(index, "overnight") && self.is(index + 1, "into") {
            index += 2;
            prep = Some(Prep::At);
        } else if let Some(role) = self.info(index).prep {
            leans_future = matches!(self.word(index), "until" | "till" | "through");
            prep = Some(role);
            index += 1;
        }
        let mut part = None;
        if let Some((found, next, saw_on)) = self.parse_part(index) {
            part = Some(found);
            index = next;
            if saw_on && prep.is_none() {
                prep = Some(Prep::At);
            }
        }
        let context = first > 0 && self.info(first - 1).has(CONTEXT);
        let license = License {
            licensed: prep.is_some() || part.is_some() || coordinated.is_some() || context,
            prep,
            part,
            coordinated,
            in_phrase: prep == Some(Prep::At) && matches!(self.word(first), "in" | "during"),
        };
        let (core, last, forced_part) = self.parse_core(index, &license)?;
        if let Some(link) = coordinated {
            if prep.is_none() && link.to_like && link.previous.prep == Some(Prep::From) {
                prep = Some(Prep::To);
            }
        }
        Some(Match {
            first,
            last: self.possessive(last),
            core,
            part: forced_part.or(part),
            prep,
            leans_future,
        })
    }

    /// A modifier at `index`: "early", "mid-", "late" (with an optional
    /// following "on": "late on Saturday"), "the end of", "end-"; returns the
    /// part, the next token and whether an "on" was consumed.
    fn parse_part(&self, index: usize) -> Option<(Part, usize, bool)> {
        let word = self.word(index);
        if matches!(word, "early" | "mid" | "late") {
            let part = self.info(index).part?;
            let mut next = index + 1;
            if self.punct(next, b'-') && self.tight(next) {
                next += 1;
            }
            if part != Part::Mid && self.is(next, "on") {
                return Some((part, next + 1, true));
            }
            return Some((part, next, false));
        }
        if word == "end" && self.punct(index + 1, b'-') && self.tight(index + 1) {
            return Some((Part::End, index + 2, false));
        }
        let at = if word == "the" { index + 1 } else { index };
        let part = self.info(at).part?;
        if (matches!(part, Part::Start | Part::End) || self.is(at, "middle"))
            && self.is(at + 1, "of")
        {
            let part = if self.is(at, "middle") {
                Part::Mid
            } else {
                part
            };
            return Some((part, at + 2, false));
        }
        None
    }

    /// False when no core can start at `index`: a cheap test that mirrors the
    /// branches of [`Grammar::parse_core`], each of which needs one of these
    /// (a number, a calendar word, one of a few deictic words, "the"/"that"
    /// before a lexicon word, a number word before a unit).
    fn may_open_core(&self, index: usize) -> bool {
        let Some(token) = self.tokens.get(index) else {
            return false;
        };
        if token.kind == Kind::Number {
            return true;
        }
        let info = token.info;
        if info.weekday > 0
            || info.month > 0
            || info.month_abbr > 0
            || info.direction.is_some()
            || info.ordinal > 0
            || info.unit.is_some()
        {
            return true;
        }
        // Every word matched below starts with one of these letters (most
        // words do not), and a number word needs its unit after it.
        let first = self.lower.as_bytes().get(token.start as usize);
        if token.kind != Kind::Word || !matches!(first, Some(b't' | b'e' | b'l' | b'q' | b'y')) {
            return info.number > 0 && self.info(index + 1).unit.is_some();
        }
        match self.word(index) {
            "yesterday" | "today" | "tonight" | "tomorrow" | "earlier" | "later" | "then" | "q"
            | "year" | "month" | "week" => true,
            // `the_core` and `that_core` read the next word's lexicon entry
            // ("the previous day", "that same week") or "weekend".
            "the" | "that" => {
                self.info(index + 1) != WordInfo::default() || self.is(index + 1, "weekend")
            }
            // `counted` needs a unit after the number word ("a day earlier").
            _ => info.number > 0 && self.info(index + 1).unit.is_some(),
        }
    }

    /// The core at `index`: its meaning, last token and a part it implies.
    fn parse_core(&self, index: usize, license: &License) -> Option<(Core, usize, Option<Part>)> {
        let info = self.info(index);
        let token = self.tokens.get(index)?;
        if info.weekday > 0 {
            // "every Friday", "each Monday": a set of days, not a date.
            if index > 0 && matches!(self.word(index - 1), "every" | "each") {
                return None;
            }
            let (core, last) = self.weekday_tail(index, None);
            return Some((core, last, None));
        }
        if (info.month > 0 || info.month_abbr > 0) && token.capitalised {
            if let Some((core, last)) = self.month_core(index, license.licensed) {
                return Some((core, last, None));
            }
        }
        if token.kind == Kind::Number {
            return self
                .number_core(index, license)
                .map(|(core, last)| (core, last, None));
        }
        if let Some(direction) = info.direction {
            return self
                .direction_core(index, direction)
                .map(|(core, last)| (core, last, None));
        }
        let word = self.word(index);
        let offset = match word {
            "yesterday" => Some(-1),
            "today" | "tonight" => Some(0),
            "tomorrow" => Some(1),
            _ => None,
        };
        if let Some(offset) = offset {
            let last = if self.info(index + 1).has(PART_OF_DAY) {
                index + 1
            } else {
                index
            };
            return Some((
                Core::Deictic {
                    unit: Unit::Day,
                    offset,
                },
                last,
                None,
            ));
        }
        match word {
            "earlier" | "later" => self
                .earlier_later(index)
                .map(|(core, last)| (core, last, None)),
            "that" => self.that_core(index).map(|(core, last)| (core, last, None)),
            "the" => self.the_core(index, license),
            "then"
                if matches!(license.prep, Some(Prep::From | Prep::To))
                    && !self.punct(index + 1, b'-') =>
            {
                Some((Core::Then, index, None))
            }
            "q" => self
                .quarter_code(index)
                .map(|(core, last)| (core, last, None)),
            "year"
                if self.punct(index + 1, b'-')
                    && self.tight(index + 1)
                    && self.is(index + 2, "end") =>
            {
                Some((
                    Core::Deictic {
                        unit: Unit::Year,
                        offset: 0,
                    },
                    index + 2,
                    Some(Part::End),
                ))
            }
            "year" | "month" | "week"
                if matches!(license.part, Some(Part::Start | Part::End | Part::Mid)) =>
            {
                Some((Core::OfThe(info.unit?), index, None))
            }
            _ if info.ordinal > 0 => self
                .quarter_or_half(index)
                .map(|(core, last)| (core, last, None)),
            _ if info.number > 0 => self
                .counted(index, i32::from(info.number))
                .map(|(core, last)| (core, last, None)),
            _ => None,
        }
    }

    /// A weekday at `index` and what may follow it: a part of the day
    /// ("Friday night") or the date it names ("Tuesday, March 11").
    fn weekday_tail(&self, index: usize, direction: Option<i8>) -> (Core, usize) {
        let weekday = self.info(index).weekday;
        let mut last = index;
        if self.info(last + 1).has(PART_OF_DAY) {
            last += 1;
        }
        // "Tuesday, March 11", "Tuesday (March 11)", "Monday 3 March 2025".
        let date_at = if self.punct(last + 1, b',') || self.punct(last + 1, b'(') {
            last + 2
        } else {
            last + 1
        };
        let info = self.info(date_at);
        let capitalised = self.capitalised(date_at);
        let date = if (info.month > 0 || info.month_abbr > 0) && capitalised {
            self.month_core(date_at, false)
        } else if self.day_number(date_at).is_some() {
            self.number_core(date_at, &License::default())
        } else {
            None
        };
        if let Some((core @ (Core::MonthDay { .. } | Core::Date { .. }), end)) = date {
            let end = if self.punct(end + 1, b')') {
                end + 1
            } else {
                end
            };
            return (core, end);
        }
        (Core::Weekday { weekday, direction }, last)
    }

    /// A month name at `index`: "March 3", "Oct. 26, 2025", "May 3-5",
    /// "March 2022", or a bare month where `licensed` ("in May").
    fn month_core(&self, index: usize, licensed: bool) -> Option<(Core, usize)> {
        let info = self.info(index);
        let abbreviated = info.month == 0;
        let month = info.month.max(info.month_abbr);
        let mut next = index + 1;
        if abbreviated && self.punct(next, b'.') && self.tight(next) {
            next += 1;
        }
        if let Some(day) = self.day_number(next) {
            let mut last = next;
            if self.tight(last + 1) && matches!(self.word(last + 1), "st" | "nd" | "rd" | "th") {
                last += 1;
            }
            let mut range_end = None;
            if self.punct(last + 1, b'-') {
                if let Some(second) = self.day_number(last + 2).filter(|second| *second > day) {
                    range_end = Some(second);
                    last += 2;
                }
            }
            let mut year = None;
            if self.punct(last + 1, b',') {
                if let Some(found) = self.year_number(last + 2) {
                    year = Some(found);
                    last += 2;
                }
            } else if let Some(found) = self.year_number(last + 1) {
                year = Some(found);
                last += 1;
            }
            let core = match (range_end, year) {
                (Some(second), year) => Core::DayRange {
                    month,
                    first: day,
                    last: second,
                    year,
                },
                (None, Some(year)) => Core::Date { year, month, day },
                (None, None) => Core::MonthDay { month, day },
            };
            return Some((core, last));
        }
        if let Some(year) = self.year_number(next) {
            return Some((
                Core::Month {
                    month,
                    year: Some(year),
                    direction: None,
                },
                next,
            ));
        }
        if self.is(next, "of") || self.punct(next, b',') {
            if let Some(year) = self.year_number(next + 1) {
                return Some((
                    Core::Month {
                        month,
                        year: Some(year),
                        direction: None,
                    },
                    next + 1,
                ));
            }
        }
        if !abbreviated && (licensed || (self.possessive(index) > index && !self.after_name(index)))
        {
            return Some((
                Core::Month {
                    month,
                    year: None,
                    direction: None,
                },
                index,
            ));
        }
        None
    }

    /// A number at `index`: an ISO date, "3 March [2025]", "three days ago"
    /// with digits, the second year of "1957-58", or a year.
    fn number_core(&self, index: usize, license: &License) -> Option<(Core, usize)> {
        let token = self.tokens.get(index)?;
        let value = token.value?;
        if token.digits == 4 && self.iso_date_at(index) {
            let month = self.tokens[index + 2].value? as i8;
            let day = self.tokens[index + 4].value? as i8;
            let year = i16::try_from(value).ok()?;
            return Some((Core::Date { year, month, day }, index + 4));
        }
        if let Some(day) = self.day_number(index) {
            let info = self.info(index + 1);
            let capitalised = self
                .tokens
                .get(index + 1)
                .is_some_and(|next| next.capitalised);
            if (info.month > 0 || info.month_abbr > 0) && capitalised {
                let month = info.month.max(info.month_abbr);
                let mut last = index + 1;
                if info.month == 0 && self.punct(last + 1, b'.') && self.tight(last + 1) {
                    last += 1;
                }
                if let Some(year) = self.year_number(last + 1) {
                    return Some((Core::Date { year, month, day }, last + 1));
                }
                return Some((Core::MonthDay { month, day }, last));
            }
        }
        if token.digits <= 3 {
            if let Some(found) = self.counted(index, value as i32) {
                return Some(found);
            }
        }
        if let Some(link) = license.coordinated {
            if let (Core::Year(previous), true, 2) = (
                link.previous.core,
                link.dash && self.tight(index),
                token.digits,
            ) {
                let century = i32::from(previous) / 100 * 100;
                let year = century + value as i32;
                if year > i32::from(previous) {
                    return Some((Core::Year(i16::try_from(year).ok()?), index));
                }
            }
        }
        if token.digits == 4 {
            return self
                .year_core(index, license)
                .map(|year| (Core::Year(year), index));
        }
        None
    }

    /// Whether the four-digit number at `index` is a year here.
    fn year_core(&self, index: usize, license: &License) -> Option<i16> {
        let year = self.year_number(index)?;
        let next = self.tokens.get(index + 1);
        // "1990s", "2000th", "2019%"; "$2000", "€2000".
        if next.is_some_and(|next| {
            !next.space_before && matches!(next.kind, Kind::Word | Kind::Punct(b'%'))
        }) {
            return None;
        }
        let previous = index.checked_sub(1).and_then(|i| self.tokens.get(i));
        if previous.is_some_and(|previous| {
            !self.tokens[index].space_before
                && matches!(previous.kind, Kind::Punct(b'$' | b'#' | 0))
        }) {
            return None;
        }
        if previous.is_some_and(|previous| previous.info.has(QUANTITY))
            || self.info(index + 1).has(COUNT_NOUN)
        {
            return None;
        }
        if license.licensed {
            return Some(year);
        }
        if !(1900..=2100).contains(&year) {
            return None;
        }
        // "2053 Wednesday night (UTC)": a clock time; "2019-nCoV": a name.
        let after = self.info(index + 1);
        if after.weekday > 0 || after.month > 0 {
            return None;
        }
        if self.punct(index + 1, b'-')
            && self.tight(index + 1)
            && self
                .tokens
                .get(index + 2)
                .is_some_and(|t| t.kind == Kind::Word && !t.space_before)
        {
            return None;
        }
        if let Some(previous) = previous {
            let sentence_start = previous.sentence != self.tokens[index].sentence;
            // "Resolution 2231", "Vision 2030", "Paris 2024": part of a name.
            if previous.kind == Kind::Word
                && previous.capitalised
                && !sentence_start
                && previous.info.prep.is_none()
            {
                return None;
            }
            if previous.kind == Kind::Number {
                return None;
            }
            // "2000 votes" but "the 2014 elections".
            let next_word = self.word(index + 1);
            let plural =
                next_word.len() > 3 && next_word.ends_with('s') && !next_word.ends_with("ss");
            if plural && !previous.info.has(DETERMINER) {
                return None;
            }
        }
        Some(year)
    }

    /// "last week", "next month", "this year", "last Friday", "next June",
    /// "this fiscal year", "last night", "this morning" at `index`.
    fn direction_core(&self, index: usize, direction: i8) -> Option<(Core, usize)> {
        // "over the last month", "in the next week": durations, not dates.
        if index > 0 && self.is(index - 1, "the") {
            return None;
        }
        let next = index + 1;
        let info = self.info(next);
        if info.weekday > 0 {
            return Some(self.weekday_tail(next, Some(direction)));
        }
        if info.month > 0 && self.tokens.get(next).is_some_and(|token| token.capitalised) {
            return Some((
                Core::Month {
                    month: info.month,
                    year: None,
                    direction: Some(direction),
                },
                next,
            ));
        }
        if let Some(unit) = self.singular_unit(next).filter(|unit| *unit != Unit::Day) {
            let offset = i32::from(direction);
            return Some((Core::Deictic { unit, offset }, next));
        }
        if self.is(next, "weekend") {
            return Some((
                Core::Weekend {
                    direction: Some(direction),
                },
                next,
            ));
        }
        if matches!(self.word(next), "fiscal" | "financial" | "calendar")
            && self.is(next + 1, "year")
        {
            return Some((
                Core::Deictic {
                    unit: Unit::Year,
                    offset: i32::from(direction),
                },
                next + 1,
            ));
        }
        match (self.word(index), self.word(next)) {
            ("last", "night") => Some((
                Core::Deictic {
                    unit: Unit::Day,
                    offset: -1,
                },
                next,
            )),
            ("this", "morning" | "afternoon" | "evening") => Some((
                Core::Deictic {
                    unit: Unit::Day,
                    offset: 0,
                },
                next,
            )),
            _ => None,
        }
    }

    /// "earlier this week", "later this month", "earlier today", "earlier in
    /// the day", "later that day".
    fn earlier_later(&self, index: usize) -> Option<(Core, usize)> {
        let next = index + 1;
        if let Some(direction) = self.info(next).direction {
            let unit = self.singular_unit(next + 1)?;
            return Some((
                Core::Deictic {
                    unit,
                    offset: i32::from(direction),
                },
                next + 1,
            ));
        }
        match self.word(next) {
            "today" | "tonight" => Some((
                Core::Deictic {
                    unit: Unit::Day,
                    offset: 0,
                },
                next,
            )),
            "in" if self.is(next + 1, "the") => {
                let unit = self.singular_unit(next + 2)?;
                let core = if unit == Unit::Day {
                    Core::Anaphoric { unit, offset: 0 }
                } else {
                    Core::OfThe(unit)
                };
                Some((core, next + 2))
            }
            "that" => self.that_core(next),
            _ => None,
        }
    }

    /// "that day", "that same day", "that night", "that year".
    fn that_core(&self, index: usize) -> Option<(Core, usize)> {
        let mut next = index + 1;
        if self.is(next, "same") {
            next += 1;
        }
        if self.punct(next + 1, b'-') {
            return None;
        }
        if self.info(next).has(PART_OF_DAY) {
            return Some((
                Core::Anaphoric {
                    unit: Unit::Day,
                    offset: 0,
                },
                next,
            ));
        }
        let unit = self.singular_unit(next)?;
        Some((Core::Anaphoric { unit, offset: 0 }, next))
    }

    /// Expressions opening with "the": "the previous day", "the next day",
    /// "the same day", "the day before", "the first quarter", "the second half
    /// of 2025", "in the evening", "the year" after "the end of".
    fn the_core(&self, index: usize, license: &License) -> Option<(Core, usize, Option<Part>)> {
        let next = index + 1;
        let info = self.info(next);
        if let Some(direction) = info.anaphoric {
            if let Some(unit) = self.singular_unit(next + 1) {
                return Some((
                    Core::Anaphoric {
                        unit,
                        offset: i32::from(direction),
                    },
                    next + 1,
                    None,
                ));
            }
        }
        // "the day before", "the year after" — but not "the day after
        // protesters stormed parliament", anchored on an event.
        if let Some(unit) = self.singular_unit(next) {
            if matches!(self.word(next + 1), "before" | "after") && !self.wordish(next + 2) {
                let offset = if self.is(next + 1, "before") { -1 } else { 1 };
                return Some((Core::Anaphoric { unit, offset }, next + 1, None));
            }
        }
        if info.ordinal > 0 {
            return self
                .quarter_or_half(next)
                .map(|(core, last)| (core, last, None));
        }
        if self.is(next, "weekend") && license.prep == Some(Prep::At) {
            return Some((Core::Weekend { direction: None }, next, None));
        }
        if info.has(PART_OF_DAY)
            && license.in_phrase
            && !self.capitalised(next)
            && self.ends_phrase(next + 1)
        {
            return Some((
                Core::Anaphoric {
                    unit: Unit::Day,
                    offset: 0,
                },
                next,
                None,
            ));
        }
        if matches!(license.part, Some(Part::Start | Part::End | Part::Mid)) {
            let unit = self.singular_unit(next).filter(|unit| *unit != Unit::Day)?;
            return Some((Core::OfThe(unit), next, None));
        }
        None
    }

    /// "first quarter [of 2025]", "second half of next year" with the ordinal
    /// at `index`.
    fn quarter_or_half(&self, index: usize) -> Option<(Core, usize)> {
        let ordinal = self.info(index).ordinal;
        let mut next = index + 1;
        if self.punct(next, b'-') && self.tight(next) {
            next += 1;
        }
        let (is_quarter, limit) = match self.word(next) {
            "quarter" => (true, 4),
            "half" => (false, 2),
            _ => return None,
        };
        if ordinal > limit {
            return None;
        }
        let (year, last) = self.year_tail(next);
        // "in the second half" of a match is not a half year.
        if !is_quarter && last == next {
            return None;
        }
        let core = if is_quarter {
            Core::Quarter {
                quarter: ordinal,
                year,
            }
        } else {
            Core::Half {
                half: ordinal,
                year,
            }
        };
        Some((core, last))
    }

    /// "Q3", "Q3 2024" with the `Q` at `index`.
    fn quarter_code(&self, index: usize) -> Option<(Core, usize)> {
        let token = self.tokens.get(index)?;
        if !token.capitalised {
            return None;
        }
        let number = self.tokens.get(index + 1)?;
        let quarter = number
            .value
            .filter(|q| (1..=4).contains(q) && number.digits == 1 && !number.space_before)?;
        let (year, last) = self.year_tail(index + 1);
        Some((
            Core::Quarter {
                quarter: quarter as i8,
                year,
            },
            last,
        ))
    }

    /// The year after a quarter or half ending at `index`: "of 2025", "2025",
    /// "of this year", "of next year", "of the year"; and the last token used.
    fn year_tail(&self, index: usize) -> (YearRef, usize) {
        if let Some(year) = self.year_number(index + 1) {
            return (YearRef::Explicit(year), index + 1);
        }
        if self.is(index + 1, "of") {
            if let Some(year) = self.year_number(index + 2) {
                return (YearRef::Explicit(year), index + 2);
            }
            if let (Some(direction), "year") =
                (self.info(index + 2).direction, self.word(index + 3))
            {
                return (YearRef::Deictic(direction), index + 3);
            }
            if self.is(index + 2, "the") && self.is(index + 3, "year") {
                return (YearRef::Inferred, index + 3);
            }
        }
        (YearRef::Inferred, index)
    }

    /// "three days ago", "a day earlier", "two weeks later", "a day before."
    /// with the count (`count`) at `index`.
    fn counted(&self, index: usize, count: i32) -> Option<(Core, usize)> {
        let unit_at = index + 1;
        let unit = self.info(unit_at).unit?;
        if self.punct(unit_at, b'-')
            || self
                .tokens
                .get(unit_at)
                .is_some_and(|token| !token.space_before)
        {
            return None;
        }
        let after = unit_at + 1;
        let offset = match self.word(after) {
            "ago" => {
                return Some((
                    Core::Deictic {
                        unit,
                        offset: -count,
                    },
                    after,
                ))
            }
            "earlier" | "later" if self.is(after + 1, "than") => return None,
            "earlier" => -count,
            "later" => count,
            "before" if !self.wordish(after + 1) => -count,
            "after" if !self.wordish(after + 1) => count,
            _ => return None,
        };
        Some((Core::Anaphoric { unit, offset }, after))
    }

    // --- small token helpers ---

    /// The lower-case word at `index`, or "" for anything else.
    fn word(&self, index: usize) -> &'a str {
        match self.tokens.get(index) {
            Some(token) if token.kind == Kind::Word => self
                .lower
                .get(token.start as usize..token.end as usize)
                .unwrap_or(""),
            _ => "",
        }
    }

    fn is(&self, index: usize, word: &str) -> bool {
        self.word(index) == word
    }

    fn info(&self, index: usize) -> WordInfo {
        self.tokens
            .get(index)
            .map(|token| token.info)
            .unwrap_or_default()
    }

    fn capitalised(&self, index: usize) -> bool {
        self.tokens
            .get(index)
            .is_some_and(|token| token.capitalised)
    }

    /// True when the token at `index` is a capitalised word inside a
    /// sentence, so what follows it is part of a name ("Theresa May's").
    fn after_name(&self, index: usize) -> bool {
        let Some(previous) = index.checked_sub(1).and_then(|i| self.tokens.get(i)) else {
            return false;
        };
        let same_sentence = self
            .tokens
            .get(index)
            .is_some_and(|token| token.sentence == previous.sentence);
        previous.kind == Kind::Word
            && previous.capitalised
            && same_sentence
            && previous.info.prep.is_none()
    }

    /// True when an expression may end before token `index`: punctuation,
    /// the end of the text, a function word or a capitalised word — not a
    /// noun that would make the expression a modifier ("the morning rush").
    fn ends_phrase(&self, index: usize) -> bool {
        match self.tokens.get(index) {
            Some(token) if token.kind == Kind::Word => {
                token.capitalised || token.info.has(FUNCTION_WORD)
            }
            Some(token) => token.kind != Kind::Number,
            None => true,
        }
    }

    fn punct(&self, index: usize, symbol: u8) -> bool {
        self.tokens
            .get(index)
            .is_some_and(|token| token.kind == Kind::Punct(symbol))
    }

    /// True when the token at `index` exists and touches the previous one.
    fn tight(&self, index: usize) -> bool {
        self.tokens
            .get(index)
            .is_some_and(|token| !token.space_before)
    }

    /// True when the token at `index` is a word or a number (so "a day after"
    /// continues into a clause and is not a time expression on its own).
    fn wordish(&self, index: usize) -> bool {
        self.tokens
            .get(index)
            .is_some_and(|token| matches!(token.kind, Kind::Word | Kind::Number))
    }

    /// The calendar unit of a singular unit word ("week", not "weeks").
    fn singular_unit(&self, index: usize) -> Option<Unit> {
        let unit = self.info(index).unit?;
        (!self.word(index).ends_with('s')).then_some(unit)
    }

    /// A day of the month: a number of one or two digits in 1..=31.
    fn day_number(&self, index: usize) -> Option<i8> {
        let token = self.tokens.get(index)?;
        let value = token
            .value
            .filter(|value| (1..=31).contains(value) && token.digits <= 2)?;
        Some(value as i8)
    }

    /// A four-digit number in 1000..=2999.
    fn year_number(&self, index: usize) -> Option<i16> {
        let token = self.tokens.get(index)?;
        let value = token
            .value
            .filter(|value| (1000..=2999).contains(value) && token.digits == 4)?;
        // "2025-03-11" is read as a whole by `number_core`, never as a year.
        if self.iso_date_at(index) {
            return None;
        }
        Some(value as i16)
    }

    /// True when `YYYY-MM-DD` starts at `index`.
    fn iso_date_at(&self, index: usize) -> bool {
        let digits = |i: usize, n: u8| {
            self.tokens
                .get(i)
                .is_some_and(|token| token.digits == n && !token.space_before)
        };
        self.tokens
            .get(index)
            .is_some_and(|token| token.digits == 4)
            && self.punct(index + 1, b'-')
            && self.tight(index + 1)
            && digits(index + 2, 2)
            && self.punct(index + 3, b'-')
            && self.tight(index + 3)
            && digits(index + 4, 2)
    }

    /// `last`, or the `s` of a possessive `'s` right after it.
    fn possessive(&self, last: usize) -> usize {
        if self.punct(last + 1, b'\'')
            && self.tight(last + 1)
            && self.is(last + 2, "s")
            && self.tight(last + 2)
        {
            last + 2
        } else {
            last
        }
    }
}

/// What licenses a core that would be ambiguous on its own.
#[derive(Default)]
struct License {
    /// A preposition, a modifier, a context word or coordination precedes.
    licensed: bool,
    prep: Option<Prep>,
    part: Option<Part>,
    coordinated: Option<Coordination>,
    /// The governing word is "in" or "during" ("in the evening").
    in_phrase: bool,
}

/// A link to the previous expression across "and", "to", "-".
#[derive(Debug, Clone, Copy)]
struct Coordination {
    previous: Match,
    to_like: bool,
    dash: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::builtin;
    use crate::token::{assign_sentences, tokenize};

    /// The matched texts and cores of `text`.
    fn parse(text: &str) -> Vec<(String, Core)> {
        let lower = text.to_ascii_lowercase();
        let mut tokens = tokenize(text, &lower, builtin());
        assign_sentences(&mut tokens, &[]);
        Grammar::new(&tokens, &lower)
            .parse_all()
            .into_iter()
            .map(|found| {
                let start = tokens[found.first].start as usize;
                let end = tokens[found.last].end as usize;
                (text[start..end].to_string(), found.core)
            })
            .collect()
    }

    fn texts(text: &str) -> Vec<String> {
        parse(text).into_iter().map(|(found, _)| found).collect()
    }

    #[test]
    fn skipping_tokens_far_from_a_core_finds_the_same_matches() {
        // The parse without the `may_open_core` gate: every token tried.
        let every_token = |grammar: &Grammar| {
            let mut found: Vec<Match> = Vec::new();
            let mut index = 0;
            while index < grammar.tokens.len() {
                let coordinated = found
                    .last()
                    .and_then(|previous| grammar.coordination(previous, index));
                match grammar.parse_at(index, coordinated) {
                    Some(here) => {
                        index = here.last + 1;
                        found.push(here);
                    }
                    None => index += 1,
                }
            }
            found
        };
        let text = "The council met overnight into late on Friday, then again at the \
            end of the year. Officials said the vote, held the previous week and a day \
            earlier than planned, came three days ago; the first quarter of 2024 and \
            Q3 2025 were cited, as were the weekend, that same morning, mid-August, \
            the middle of March, yesterday evening, Tuesday, March 11, 2025-03-11, \
            from 2019 to 2021 and 1957-58. Since then, later that day, nothing the \
            ministers said in the evening changed. Over the next week the panel sits. \
            Talks may march on for months; in recent years, two weeks later, the days \
            after May 4 and a year before the war were quiet.";
        let lower = text.to_ascii_lowercase();
        let mut tokens = tokenize(text, &lower, builtin());
        assign_sentences(&mut tokens, &[]);
        let grammar = Grammar::new(&tokens, &lower);
        let gated = grammar.parse_all();
        assert_eq!(gated, every_token(&grammar));
        assert!(gated.len() >= 15, "{}", gated.len());
    }

    #[test]
    fn spans_include_the_governing_word() {
        assert_eq!(
            texts("The envoy arrived late on Saturday."),
            ["late on Saturday"]
        );
        assert_eq!(
            texts("Talks began in early May and ended by Wednesday."),
            ["in early May", "by Wednesday"]
        );
        assert_eq!(
            texts("Drones struck overnight into Friday."),
            ["overnight into Friday"]
        );
        assert_eq!(texts("Tariffs rise from April 10."), ["from April 10"]);
        assert_eq!(
            texts("He blamed Saturday’s blast and last month's vote."),
            ["Saturday’s", "last month's"]
        );
    }

    #[test]
    fn datelines_and_abbreviated_months_are_dates() {
        assert_eq!(
            parse("TBILISI, Oct. 26 (Reuters) - Police said"),
            [("Oct. 26".to_string(), Core::MonthDay { month: 10, day: 26 })]
        );
        assert_eq!(
            parse("signed on Monday 3 March 2024 and Tuesday (March 4)."),
            [
                (
                    "on Monday 3 March 2024".to_string(),
                    Core::Date {
                        year: 2024,
                        month: 3,
                        day: 3
                    }
                ),
                (
                    "Tuesday (March 4)".to_string(),
                    Core::MonthDay { month: 3, day: 4 }
                )
            ]
        );
        assert_eq!(
            parse("signed on 3 March 2024."),
            [(
                "on 3 March 2024".to_string(),
                Core::Date {
                    year: 2024,
                    month: 3,
                    day: 3
                }
            )]
        );
    }

    #[test]
    fn bare_months_need_a_license() {
        assert!(texts("Theresa May said she would march on.").is_empty());
        assert_eq!(texts("The vote is in May."), ["in May"]);
        assert_eq!(texts("Ahead of November's vote"), ["November's"]);
        assert_eq!(texts("between March and June"), ["March", "June"]);
    }

    #[test]
    fn years_are_told_from_counts() {
        assert_eq!(texts("since 2019"), ["since 2019"]);
        assert_eq!(texts("the 2014 coup"), ["2014"]);
        assert_eq!(texts("the 2014 elections"), ["2014"]);
        assert!(texts("about 2000 people marched").is_empty());
        assert!(texts("2024 votes were cast").is_empty());
        assert!(texts("under Resolution 2231 and in the 1990s").is_empty());
        assert_eq!(texts("clashes in 2021 and 2022"), ["in 2021", "2022"]);
        assert_eq!(
            parse("the expedition of 1957-58")
                .into_iter()
                .map(|(_, core)| core)
                .collect::<Vec<_>>(),
            [Core::Year(1957), Core::Year(1958)]
        );
    }

    #[test]
    fn durations_and_vague_references_are_not_matched() {
        assert!(texts("after an 18-month siege that lasted for four days").is_empty());
        assert!(texts("within weeks, later, soon, in recent years, hours later").is_empty());
        assert!(texts("a day after protesters stormed parliament").is_empty());
        assert!(texts("the day after protesters stormed parliament").is_empty());
        assert!(texts("Markets close early every Friday.").is_empty());
        assert_eq!(
            texts("He had resigned the year before."),
            ["the year before"]
        );
    }

    #[test]
    fn relative_expressions_are_matched() {
        assert_eq!(
            parse("He left three days ago.")[0].1,
            Core::Deictic {
                unit: Unit::Day,
                offset: -3
            }
        );
        assert_eq!(
            parse("Rubio had arrived a day earlier.")[0].1,
            Core::Anaphoric {
                unit: Unit::Day,
                offset: -1
            }
        );
        assert_eq!(texts("Later that day, troops left."), ["Later that day"]);
        assert_eq!(texts("Since then, talks stalled."), ["Since then"]);
        assert_eq!(texts("by the end of the year"), ["by the end of the year"]);
        assert_eq!(
            texts("prices rose earlier this week"),
            ["earlier this week"]
        );
        assert_eq!(
            texts("in the first quarter of 2025"),
            ["in the first quarter of 2025"]
        );
        assert_eq!(
            texts("Talks stalled over the weekend and resume next weekend."),
            ["over the weekend", "next weekend"]
        );
    }
}
