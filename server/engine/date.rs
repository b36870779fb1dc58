//! Calendar dates without a time zone: a planned send is a day, not an instant. Days count from
//! 1970-01-01 so differences, weekdays and weeks are plain arithmetic.

use std::fmt;

/// A day in the proleptic Gregorian calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(i32);

/// Years outside this range are typos (`20266-03-02`), not plans.
const YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

impl Date {
    /// Parses `YYYY-MM-DD` exactly; anything else (or a day that does not exist) is `None`.
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<i32> {
            let part = &s[r];
            if !part.bytes().all(|c| c.is_ascii_digit()) {
                return None;
            }
            part.parse().ok()
        };
        Date::from_ymd(num(0..4)?, num(5..7)? as u32, num(8..10)? as u32)
    }

    /// Why [`Date::parse`] rejects `s`, in words for a finding; `None` when it accepts it.
    pub fn problem(s: &str) -> Option<String> {
        if Date::parse(s).is_some() {
            return None;
        }
        let shape = s.len() == 10
            && s.bytes().enumerate().all(|(i, c)| {
                if i == 4 || i == 7 {
                    c == b'-'
                } else {
                    c.is_ascii_digit()
                }
            });
        if !shape {
            return Some(format!(
                "'{s}' is not a date: write it as YYYY-MM-DD, like 2026-03-02"
            ));
        }
        let (year, month): (i32, u32) = (s[0..4].parse().ok()?, s[5..7].parse().ok()?);
        Some(if !YEARS.contains(&year) {
            format!(
                "'{s}' is outside the years Sendwell plans ({} to {})",
                YEARS.start(),
                YEARS.end()
            )
        } else if !(1..=12).contains(&month) {
            format!("'{s}' does not exist: there is no month {month}")
        } else {
            format!(
                "'{s}' does not exist: {} {year} has {} days",
                month_name(month),
                days_in_month(year, month)
            )
        })
    }

    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        if !YEARS.contains(&year) || !(1..=12).contains(&month) || day == 0 {
            return None;
        }
        if day > days_in_month(year, month) {
            return None;
        }
        Some(Date(days_from_civil(year, month, day)))
    }

    /// (year, month, day).
    pub fn ymd(self) -> (i32, u32, u32) {
        civil_from_days(self.0)
    }

    pub fn add_days(self, days: i64) -> Date {
        Date((self.0 as i64 + days).clamp(i32::MIN as i64, i32::MAX as i64) as i32)
    }

    /// `self - earlier`, in days.
    pub fn days_since(self, earlier: Date) -> i64 {
        self.0 as i64 - earlier.0 as i64
    }

    /// 0 for Monday … 6 for Sunday.
    pub fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday (3).
        (self.0 as i64 + 3).rem_euclid(7) as u32
    }

    pub fn weekday_name(self) -> &'static str {
        [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ][self.weekday() as usize]
    }

    pub fn is_weekend(self) -> bool {
        self.weekday() >= 5
    }

    /// The Monday that starts this date's week (weeks run Monday to Sunday, as ISO weeks do).
    pub fn week_start(self) -> Date {
        self.add_days(-(self.weekday() as i64))
    }

    /// (year, month) of the calendar month.
    pub fn month(self) -> (i32, u32) {
        let (y, m, _) = self.ymd();
        (y, m)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

pub fn month_name(month: u32) -> &'static str {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    NAMES[(month.clamp(1, 12) - 1) as usize]
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(y) => 29,
        _ => 28,
    }
}

// Howard Hinnant's algorithms (http://howardhinnant.github.io/date_algorithms.html).
fn days_from_civil(y: i32, m: u32, d: u32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy as i32;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i32) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// `4`, `+4` or `day 4`: the offset in days from the first step.
pub(crate) fn parse_day(s: &str) -> Option<i64> {
    let s = s.trim();
    let s = s
        .strip_prefix("day")
        .or_else(|| s.strip_prefix("Day"))
        .unwrap_or(s)
        .trim();
    let n: i64 = s.strip_prefix('+').unwrap_or(s).parse().ok()?;
    (-3650..=3650).contains(&n).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_round_trip() {
        for s in ["1970-01-01", "2026-03-02", "2024-02-29", "2000-12-31"] {
            assert_eq!(Date::parse(s).unwrap().to_string(), s);
        }
    }

    #[test]
    fn rejects_what_is_not_a_day() {
        for s in [
            "2026-3-2",
            "2026-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-04-31",
            "20260302",
            "2026-03-02T09:00",
            "２０２６-03-02",
            "",
            "9999-01-01",
        ] {
            assert_eq!(Date::parse(s), None, "{s}");
        }
    }

    #[test]
    fn problems_say_why_a_date_is_rejected() {
        assert_eq!(Date::problem("2024-02-29"), None);
        let says = |s: &str| Date::problem(s).unwrap();
        assert!(says("2026-02-30").contains("February 2026 has 28 days"));
        assert!(says("2026-00-10").contains("no month 0"));
        assert!(says("2026-13-01").contains("no month 13"));
        assert!(says("2026-04-00").contains("April 2026 has 30 days"));
        assert!(says("9999-01-01").contains("1900 to 2200"));
        assert!(says("next monday").contains("YYYY-MM-DD"));
        assert!(says("２０２６-03-02").contains("YYYY-MM-DD"));
    }

    #[test]
    fn weekdays_weeks_and_months() {
        let d = Date::parse("2026-03-07").unwrap();
        assert_eq!(d.weekday_name(), "Saturday");
        assert!(d.is_weekend());
        assert_eq!(d.week_start().to_string(), "2026-03-02");
        assert_eq!(Date::parse("2026-03-02").unwrap().weekday_name(), "Monday");
        assert_eq!(
            Date::parse("2026-03-08").unwrap().week_start().to_string(),
            "2026-03-02"
        );
        assert_eq!(
            Date::parse("2026-03-09").unwrap().week_start().to_string(),
            "2026-03-09"
        );
        assert_eq!(d.month(), (2026, 3));
        assert_eq!(d.add_days(25).to_string(), "2026-04-01");
        assert_eq!(Date::parse("2026-04-01").unwrap().days_since(d), 25);
    }
}
