//! Placing a matched expression on the calendar.
//!
//! Deictic expressions ("yesterday", "last week", "three days ago", a bare
//! weekday or month) count from the publication date; anaphoric ones ("a day
//! earlier", "later that day", "since then", "the end of the year") from the
//! latest date the text has given so far ([`Anchor`]), else the publication
//! date. Ambiguous weekdays and months follow the clause's tense: the most
//! recent one (publication day included) unless the clause points forward.
//! Every calendar step is checked: an impossible date gives no value, never
//! a panic.

use crate::grammar::{Core, Match, YearRef};
use crate::lexicon::{Part, Prep, Tense, Unit};
use dyad_doc::TimeValue;
use jiff::civil::{Date, Weekday};

/// A month-day without year more than this many days on the wrong side of the
/// publication date for its tense moves to the neighbouring year.
const WRONG_SIDE_DAYS: i64 = 14;

/// What earlier expressions of the text fix, for the anaphoric ones.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Anchor {
    /// The publication date.
    pub published: Option<Date>,
    /// The latest day named so far (a day, or the first day of an interval).
    pub last_day: Option<Date>,
    /// The latest value of any grain.
    pub last_value: Option<TimeValue>,
}

impl Anchor {
    /// Records `value` as the latest one of the text.
    pub(crate) fn update(&mut self, value: TimeValue) {
        self.last_value = Some(value);
        match value {
            TimeValue::Day(day) | TimeValue::Interval(day, _) => self.last_day = Some(day),
            _ => {}
        }
    }

    /// The day anaphoric expressions count from.
    fn day(&self) -> Option<Date> {
        self.last_day.or(self.published)
    }
}

/// The result of resolving one expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Its calendar value.
    Value(TimeValue),
    /// A time expression, but nothing to count from (no publication date).
    NoBase,
    /// Not a real date ("February 30", a year out of range): not emitted.
    Invalid,
}

/// The calendar value of `found`, read in a clause of tense `tense`.
pub(crate) fn resolve(found: &Match, tense: Tense, anchor: &Anchor) -> Outcome {
    match core_value(found, tense, anchor) {
        Ok(value) => match apply_part(value, found.part) {
            Some(value) => Outcome::Value(value),
            None => Outcome::Invalid,
        },
        Err(outcome) => outcome,
    }
}

fn core_value(found: &Match, tense: Tense, anchor: &Anchor) -> Result<TimeValue, Outcome> {
    let published = anchor.published.ok_or(Outcome::NoBase);
    let forward = tense == Tense::Future || (found.leans_future && tense != Tense::Past);
    let value = match found.core {
        Core::Date { year, month, day } => date(i32::from(year), month, day).map(TimeValue::Day),
        Core::MonthDay { month, day } => {
            infer_month_day(published?, month, day, tense, found.prep).map(TimeValue::Day)
        }
        Core::DayRange {
            month,
            first,
            last,
            year,
        } => {
            let start = match year {
                Some(year) => date(i32::from(year), month, first),
                None => infer_month_day(published?, month, first, tense, found.prep),
            };
            start.and_then(|start| {
                let end = date(i32::from(start.year()), month, last)?;
                Some(TimeValue::Interval(start, end))
            })
        }
        Core::Weekday { weekday, direction } => {
            let forward = forward
                || found.leans_future
                || found.prep == Some(Prep::To) && tense != Tense::Past;
            resolve_weekday(published?, weekday, direction, forward).map(TimeValue::Day)
        }
        Core::Month {
            month,
            year: Some(year),
            ..
        } => month_value(i32::from(year), i32::from(month)),
        Core::Month {
            month,
            year: None,
            direction,
        } => {
            let published = published?;
            let year = infer_month_year(published, month, direction, forward);
            month_value(year, i32::from(month))
        }
        Core::Year(year) => year_value(i32::from(year)),
        Core::Quarter { quarter, year } => {
            let year = match year {
                YearRef::Explicit(year) => i32::from(year),
                YearRef::Deictic(offset) => i32::from(published?.year()) + i32::from(offset),
                YearRef::Inferred => {
                    let published = published?;
                    let current = (published.month() - 1) / 3 + 1;
                    let year = i32::from(published.year());
                    match tense {
                        Tense::Past if quarter > current => year - 1,
                        Tense::Future if quarter < current => year + 1,
                        _ => year,
                    }
                }
            };
            year_value(year).map(|_| TimeValue::Quarter {
                year: year as i16,
                quarter,
            })
        }
        Core::Half { half, year } => {
            let year = match year {
                YearRef::Explicit(year) => i32::from(year),
                YearRef::Deictic(offset) => i32::from(published?.year()) + i32::from(offset),
                YearRef::Inferred => i32::from(anchor.day().ok_or(Outcome::NoBase)?.year()),
            };
            let (first, last) = if half == 1 {
                ((1, 1), (6, 30))
            } else {
                ((7, 1), (12, 31))
            };
            date(year, first.0, first.1)
                .zip(date(year, last.0, last.1))
                .map(|(a, b)| TimeValue::Interval(a, b))
        }
        Core::Weekend { direction } => resolve_weekend(published?, direction, forward),
        Core::Deictic { unit, offset } => shift(published?, unit, offset),
        Core::Anaphoric { unit, offset } => {
            let base = match unit {
                Unit::Day | Unit::Week => anchor.day(),
                _ => anchor
                    .last_value
                    .and_then(|value| value.bounds())
                    .map(|(start, _)| start)
                    .or(anchor.published),
            };
            shift(base.ok_or(Outcome::NoBase)?, unit, offset)
        }
        Core::OfThe(unit) => shift(anchor.day().ok_or(Outcome::NoBase)?, unit, 0),
        Core::Then => {
            return anchor
                .last_value
                .or(anchor.published.map(TimeValue::Day))
                .ok_or(Outcome::NoBase)
        }
    };
    value.ok_or(Outcome::Invalid)
}

/// A weekday counted from `published`: the most recent one (that day
/// included), or with `forward` the next one (that day included); "last" and
/// "next" exclude the publication day.
pub(crate) fn resolve_weekday(
    published: Date,
    weekday: i8,
    direction: Option<i8>,
    forward: bool,
) -> Option<Date> {
    let target = Weekday::from_monday_one_offset(weekday).ok()?;
    let current = published.weekday();
    let back = i64::from(current.since(target));
    let ahead = i64::from(target.since(current));
    let days = match direction {
        Some(-1) => -(if back == 0 { 7 } else { back }),
        Some(1) => {
            if ahead == 0 {
                7
            } else {
                ahead
            }
        }
        Some(0) if forward => ahead,
        Some(0) => -back,
        _ if forward => ahead,
        _ => -back,
    };
    add_days(published, days)
}

/// The Saturday and Sunday of a weekend counted from `published`: the most
/// recent one, or with `forward` (or "this"/"next") the one of the current
/// ISO week or the week after.
fn resolve_weekend(published: Date, direction: Option<i8>, forward: bool) -> Option<TimeValue> {
    let monday_offset = i64::from(published.weekday().to_monday_zero_offset());
    let this_saturday = add_days(published, 5 - monday_offset)?;
    let last_saturday = if monday_offset >= 5 {
        this_saturday
    } else {
        add_days(this_saturday, -7)?
    };
    let saturday = match direction {
        Some(-1) if monday_offset >= 5 => add_days(this_saturday, -7)?,
        Some(-1) => last_saturday,
        Some(1) => add_days(this_saturday, 7)?,
        Some(_) if forward => this_saturday,
        Some(_) => last_saturday,
        None if forward => this_saturday,
        None => last_saturday,
    };
    Some(TimeValue::Interval(saturday, add_days(saturday, 1)?))
}

/// The year of a month named without one.
fn infer_month_year(published: Date, month: i8, direction: Option<i8>, forward: bool) -> i32 {
    let year = i32::from(published.year());
    let current = published.month();
    match direction {
        Some(-1) if month < current => year,
        Some(-1) => year - 1,
        Some(1) if month > current => year,
        Some(1) => year + 1,
        Some(_) => year,
        None if forward => {
            if month >= current {
                year
            } else {
                year + 1
            }
        }
        None if month <= current => year,
        None => year - 1,
    }
}

/// The date of a month and day named without a year: the nearest one to the
/// publication date, moved a year when it lies clearly on the wrong side for
/// the tense.
fn infer_month_day(
    published: Date,
    month: i8,
    day: i8,
    tense: Tense,
    prep: Option<Prep>,
) -> Option<Date> {
    let year = i32::from(published.year());
    let distance = |candidate: &Date| Some(candidate.duration_since(published).as_secs() / 86_400);
    let candidates = [year - 1, year, year + 1].map(|y| date(y, month, day));
    let nearest = candidates
        .iter()
        .flatten()
        .min_by_key(|candidate| distance(candidate).map(i64::abs).unwrap_or(i64::MAX))
        .copied()?;
    let offset = distance(&nearest)?;
    let tense = if prep == Some(Prep::From) && tense == Tense::Unknown {
        Tense::Past
    } else {
        tense
    };
    let shifted = match tense {
        Tense::Past if offset > WRONG_SIDE_DAYS => date(i32::from(nearest.year()) - 1, month, day),
        Tense::Future if offset < -WRONG_SIDE_DAYS => {
            date(i32::from(nearest.year()) + 1, month, day)
        }
        _ => None,
    };
    Some(shifted.unwrap_or(nearest))
}

/// `base` moved by `offset` units, at the grain of the unit.
fn shift(base: Date, unit: Unit, offset: i32) -> Option<TimeValue> {
    let year = i32::from(base.year());
    let month = i32::from(base.month());
    match unit {
        Unit::Day => add_days(base, i64::from(offset)).map(TimeValue::Day),
        Unit::Week => add_days(base, i64::from(offset) * 7).map(week_of),
        Unit::Month => {
            let total = year * 12 + (month - 1) + offset;
            month_value(total.div_euclid(12), total.rem_euclid(12) + 1)
        }
        Unit::Quarter => {
            let total = year * 4 + (month - 1) / 3 + offset;
            let year = total.div_euclid(4);
            year_value(year).map(|_| TimeValue::Quarter {
                year: year as i16,
                quarter: (total.rem_euclid(4) + 1) as i8,
            })
        }
        Unit::Year => year_value(year + offset),
    }
}

/// The value narrowed (or widened) by a part modifier: "early May" is days
/// 1–10, "mid-May" 11–20, "late May" 21–end; "the end of 2025" is December.
fn apply_part(value: TimeValue, part: Option<Part>) -> Option<TimeValue> {
    let Some(part) = part else {
        return Some(value);
    };
    match (value, part) {
        (TimeValue::Month { year, month }, Part::Early | Part::Mid | Part::Late) => {
            let first = date(i32::from(year), month, 1)?;
            let (from, to) = match part {
                Part::Early => (1, 10),
                Part::Mid => (11, 20),
                _ => (21, first.days_in_month()),
            };
            Some(TimeValue::Interval(
                date(i32::from(year), month, from)?,
                date(i32::from(year), month, to)?,
            ))
        }
        (TimeValue::Year(year), Part::End) => Some(TimeValue::Month { year, month: 12 }),
        (TimeValue::Year(year), Part::Start) => Some(TimeValue::Month { year, month: 1 }),
        _ => Some(value),
    }
}

fn add_days(date: Date, days: i64) -> Option<Date> {
    let span = jiff::Span::new().try_days(days).ok()?;
    date.checked_add(span).ok()
}

fn week_of(date: Date) -> TimeValue {
    let week = date.iso_week_date();
    TimeValue::Week {
        year: week.year(),
        week: week.week(),
    }
}

/// A date of a year in 1..=9999.
fn date(year: i32, month: i8, day: i8) -> Option<Date> {
    let year = i16::try_from(year)
        .ok()
        .filter(|year| (1..=9999).contains(year))?;
    Date::new(year, month, day).ok()
}

fn year_value(year: i32) -> Option<TimeValue> {
    let year = i16::try_from(year)
        .ok()
        .filter(|year| (1..=9999).contains(year))?;
    Some(TimeValue::Year(year))
}

fn month_value(year: i32, month: i32) -> Option<TimeValue> {
    let year = i16::try_from(year)
        .ok()
        .filter(|year| (1..=9999).contains(year))?;
    let month = i8::try_from(month)
        .ok()
        .filter(|month| (1..=12).contains(month))?;
    Some(TimeValue::Month { year, month })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date as d;

    #[test]
    fn weekdays_look_back_or_forward() {
        // 2025-12-04 is a Thursday.
        let published = d(2025, 12, 4);
        assert_eq!(
            resolve_weekday(published, 4, None, false),
            Some(d(2025, 12, 4))
        );
        assert_eq!(
            resolve_weekday(published, 2, None, false),
            Some(d(2025, 12, 2))
        );
        assert_eq!(
            resolve_weekday(published, 2, None, true),
            Some(d(2025, 12, 9))
        );
        assert_eq!(
            resolve_weekday(published, 4, Some(-1), false),
            Some(d(2025, 11, 27))
        );
        assert_eq!(
            resolve_weekday(published, 4, Some(1), false),
            Some(d(2025, 12, 11))
        );
        assert_eq!(resolve_weekday(published, 9, None, false), None);
    }

    #[test]
    fn weekends_are_saturday_and_sunday() {
        // 2025-12-04 is a Thursday; 2025-12-07 a Sunday.
        let weekend = |from: Date, to: Date| Some(TimeValue::Interval(from, to));
        assert_eq!(
            resolve_weekend(d(2025, 12, 4), None, false),
            weekend(d(2025, 11, 29), d(2025, 11, 30))
        );
        assert_eq!(
            resolve_weekend(d(2025, 12, 4), None, true),
            weekend(d(2025, 12, 6), d(2025, 12, 7))
        );
        assert_eq!(
            resolve_weekend(d(2025, 12, 7), None, false),
            weekend(d(2025, 12, 6), d(2025, 12, 7))
        );
        assert_eq!(
            resolve_weekend(d(2025, 12, 7), Some(-1), false),
            weekend(d(2025, 11, 29), d(2025, 11, 30))
        );
        assert_eq!(
            resolve_weekend(d(2025, 12, 4), Some(1), false),
            weekend(d(2025, 12, 13), d(2025, 12, 14))
        );
    }

    #[test]
    fn months_without_year_follow_the_tense() {
        let published = d(2025, 3, 15);
        assert_eq!(infer_month_year(published, 11, None, false), 2024);
        assert_eq!(infer_month_year(published, 3, None, false), 2025);
        assert_eq!(infer_month_year(published, 4, None, true), 2025);
        assert_eq!(infer_month_year(published, 2, None, true), 2026);
        assert_eq!(infer_month_year(published, 6, Some(-1), false), 2024);
        assert_eq!(infer_month_year(published, 3, Some(1), false), 2026);
    }

    #[test]
    fn month_days_take_the_nearest_year_unless_the_tense_disagrees() {
        let published = d(2025, 1, 5);
        assert_eq!(
            infer_month_day(published, 12, 28, Tense::Unknown, None),
            Some(d(2024, 12, 28))
        );
        let published = d(2025, 3, 1);
        assert_eq!(
            infer_month_day(published, 8, 20, Tense::Unknown, None),
            Some(d(2025, 8, 20))
        );
        assert_eq!(
            infer_month_day(published, 8, 20, Tense::Past, None),
            Some(d(2024, 8, 20))
        );
        assert_eq!(infer_month_day(published, 2, 30, Tense::Past, None), None);
    }

    #[test]
    fn parts_make_intervals_of_months() {
        let may = TimeValue::Month {
            year: 2023,
            month: 5,
        };
        assert_eq!(
            apply_part(may, Some(Part::Early)),
            Some(TimeValue::Interval(d(2023, 5, 1), d(2023, 5, 10)))
        );
        let feb = TimeValue::Month {
            year: 2024,
            month: 2,
        };
        assert_eq!(
            apply_part(feb, Some(Part::Late)),
            Some(TimeValue::Interval(d(2024, 2, 21), d(2024, 2, 29)))
        );
        assert_eq!(
            apply_part(TimeValue::Year(2025), Some(Part::End)),
            Some(TimeValue::Month {
                year: 2025,
                month: 12
            })
        );
    }

    #[test]
    fn shifts_cross_year_boundaries() {
        assert_eq!(
            shift(d(2025, 1, 15), Unit::Month, -1),
            Some(TimeValue::Month {
                year: 2024,
                month: 12
            })
        );
        assert_eq!(
            shift(d(2025, 1, 2), Unit::Week, -1),
            Some(TimeValue::Week {
                year: 2024,
                week: 52
            })
        );
        assert_eq!(
            shift(d(2025, 2, 1), Unit::Quarter, -1),
            Some(TimeValue::Quarter {
                year: 2024,
                quarter: 4
            })
        );
        assert_eq!(shift(d(9999, 12, 31), Unit::Day, 1), None);
        assert_eq!(shift(d(9999, 6, 1), Unit::Year, 1), None);
    }
}
