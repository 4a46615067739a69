//! The first day of a record's date value, whatever its grain: what date
//! ranges filter on, what GDELT's `SQLDATE` holds and what partitions by month.
//!
//! Values are those of DESIGN.md: `2025-12-04`, `2025-W49`, `2025-08`,
//! `2025-Q3`, `2025`, and intervals `2025-08-10/2025-08-20`.

use jiff::civil::{Date, ISOWeekDate, Weekday};

/// First day of the period an ISO 8601 value names, or `None` if it is not
/// one of the shapes dyad writes.
pub(crate) fn period_start(value: &str) -> Option<Date> {
    let value = value.trim();
    if let Some((from, _)) = value.split_once('/') {
        return period_start(from);
    }
    let parts: Vec<&str> = value.split('-').collect();
    let year: i16 = parts.first()?.parse().ok()?;
    match parts.as_slice() {
        [_] => Date::new(year, 1, 1).ok(),
        [_, second] => {
            if let Some(week) = second.strip_prefix('W') {
                let week: i8 = week.parse().ok()?;
                ISOWeekDate::new(year, week, Weekday::Monday)
                    .ok()
                    .map(|week_date| week_date.date())
            } else if let Some(quarter) = second.strip_prefix('Q') {
                let quarter: i8 = quarter.parse().ok()?;
                if !(1..=4).contains(&quarter) {
                    return None;
                }
                Date::new(year, (quarter - 1) * 3 + 1, 1).ok()
            } else {
                Date::new(year, second.parse().ok()?, 1).ok()
            }
        }
        [_, month, day] => Date::new(year, month.parse().ok()?, day.parse().ok()?).ok(),
        _ => None,
    }
}

/// `YYYYMMDD` as an integer (GDELT's `SQLDATE`).
pub(crate) fn sql_date(date: Date) -> i64 {
    i64::from(date.year()) * 10_000 + i64::from(date.month()) * 100 + i64::from(date.day())
}

/// GDELT's `FractionDate`: the year plus the share of it elapsed at the start of the day.
pub(crate) fn fraction_date(date: Date) -> f64 {
    let day_of_year = f64::from(date.day_of_year() - 1);
    let days = f64::from(date.days_in_year());
    let fraction = (day_of_year / days * 10_000.0).round() / 10_000.0;
    f64::from(date.year()) + fraction
}

/// Days since 1970-01-01 (Parquet's `DATE`).
pub(crate) fn epoch_days(date: Date) -> Option<i32> {
    let epoch = Date::new(1970, 1, 1).ok()?;
    let span = date.since(epoch).ok()?;
    Some(span.get_days())
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn every_grain_has_a_first_day() {
        assert_eq!(period_start("2025-12-04"), Some(date(2025, 12, 4)));
        assert_eq!(period_start("2025-W49"), Some(date(2025, 12, 1)));
        assert_eq!(period_start("2025-08"), Some(date(2025, 8, 1)));
        assert_eq!(period_start("2025-Q3"), Some(date(2025, 7, 1)));
        assert_eq!(period_start("2025"), Some(date(2025, 1, 1)));
        assert_eq!(
            period_start("2025-08-10/2025-08-20"),
            Some(date(2025, 8, 10))
        );
    }

    #[test]
    fn malformed_values_have_none() {
        for value in [
            "",
            "soon",
            "2025-13",
            "2025-Q5",
            "2025-W60",
            "2025-02-30",
            "1-2-3-4",
        ] {
            assert_eq!(period_start(value), None, "{value}");
        }
    }

    #[test]
    fn gdelt_date_columns() {
        assert_eq!(sql_date(date(2025, 3, 7)), 20250307);
        assert_eq!(fraction_date(date(2025, 1, 1)), 2025.0);
        assert_eq!(fraction_date(date(2025, 7, 2)), 2025.4986);
        assert_eq!(epoch_days(date(1970, 1, 2)), Some(1));
        assert_eq!(epoch_days(date(2025, 1, 1)), Some(20089));
    }
}
