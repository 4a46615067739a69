//! Normalised time values: what a time expression means on the calendar.

use crate::codes::Grain;
use jiff::civil::Date;
use std::fmt;

/// The calendar value of a time expression, at the grain the text allows.
///
/// Printed (`Display`) as ISO 8601: `2025-12-04`, `2025-W49`, `2025-08`,
/// `2025-Q3`, `2025`, or an interval `2025-08-11/2025-08-20`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimeValue {
    /// One calendar day.
    Day(Date),
    /// An ISO week: ISO week-numbering year and week 1..=53.
    Week {
        /// ISO week-numbering year.
        year: i16,
        /// Week of that year.
        week: i8,
    },
    /// A calendar month.
    Month {
        /// Year.
        year: i16,
        /// Month 1..=12.
        month: i8,
    },
    /// A quarter.
    Quarter {
        /// Year.
        year: i16,
        /// Quarter 1..=4.
        quarter: i8,
    },
    /// A calendar year.
    Year(i16),
    /// A closed interval of days ("mid-August" → 11..20 August).
    Interval(Date, Date),
}

impl TimeValue {
    /// The grain of this value; intervals have day grain.
    pub fn grain(&self) -> Grain {
        match self {
            TimeValue::Day(_) | TimeValue::Interval(..) => Grain::Day,
            TimeValue::Week { .. } => Grain::Week,
            TimeValue::Month { .. } => Grain::Month,
            TimeValue::Quarter { .. } => Grain::Quarter,
            TimeValue::Year(_) => Grain::Year,
        }
    }

    /// First and last day covered by the value, when they exist in the calendar.
    pub fn bounds(&self) -> Option<(Date, Date)> {
        use jiff::civil::Weekday;
        use jiff::civil::{date, ISOWeekDate};
        match *self {
            TimeValue::Day(day) => Some((day, day)),
            TimeValue::Interval(from, to) => Some((from, to)),
            TimeValue::Week { year, week } => {
                let first = ISOWeekDate::new(year, week, Weekday::Monday).ok()?.date();
                let last = ISOWeekDate::new(year, week, Weekday::Sunday).ok()?.date();
                Some((first, last))
            }
            TimeValue::Month { year, month } => {
                let first = Date::new(year, month, 1).ok()?;
                Some((first, first.last_of_month()))
            }
            TimeValue::Quarter { year, quarter } => {
                let first = Date::new(year, (quarter - 1) * 3 + 1, 1).ok()?;
                let last = Date::new(year, quarter * 3, 1).ok()?.last_of_month();
                Some((first, last))
            }
            TimeValue::Year(year) => {
                if !(-9999..=9999).contains(&year) {
                    return None;
                }
                Some((date(year, 1, 1), date(year, 12, 31)))
            }
        }
    }
}

impl fmt::Display for TimeValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TimeValue::Day(day) => write!(f, "{day}"),
            TimeValue::Week { year, week } => write!(f, "{year:04}-W{week:02}"),
            TimeValue::Month { year, month } => write!(f, "{year:04}-{month:02}"),
            TimeValue::Quarter { year, quarter } => write!(f, "{year:04}-Q{quarter}"),
            TimeValue::Year(year) => write!(f, "{year:04}"),
            TimeValue::Interval(from, to) => write!(f, "{from}/{to}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn values_print_as_iso_8601() {
        assert_eq!(TimeValue::Day(date(2025, 12, 4)).to_string(), "2025-12-04");
        assert_eq!(
            TimeValue::Week {
                year: 2025,
                week: 9
            }
            .to_string(),
            "2025-W09"
        );
        assert_eq!(
            TimeValue::Month {
                year: 2025,
                month: 8
            }
            .to_string(),
            "2025-08"
        );
        assert_eq!(
            TimeValue::Quarter {
                year: 2025,
                quarter: 3
            }
            .to_string(),
            "2025-Q3"
        );
        assert_eq!(TimeValue::Year(2014).to_string(), "2014");
        let mid_august = TimeValue::Interval(date(2025, 8, 11), date(2025, 8, 20));
        assert_eq!(mid_august.to_string(), "2025-08-11/2025-08-20");
        assert_eq!(mid_august.grain(), Grain::Day);
    }

    #[test]
    fn bounds_cover_the_whole_value() {
        let feb = TimeValue::Month {
            year: 2024,
            month: 2,
        };
        assert_eq!(feb.bounds(), Some((date(2024, 2, 1), date(2024, 2, 29))));
        let week = TimeValue::Week {
            year: 2025,
            week: 1,
        };
        assert_eq!(week.bounds(), Some((date(2024, 12, 30), date(2025, 1, 5))));
        assert_eq!(
            TimeValue::Quarter {
                year: 2025,
                quarter: 4
            }
            .bounds(),
            Some((date(2025, 10, 1), date(2025, 12, 31)))
        );
    }
}
