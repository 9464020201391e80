//! Calendar dates as day numbers, for waiver expiry. Only whole UTC days matter here, so a
//! 20-line civil-calendar conversion does the job without a date-time dependency.

use std::time::{SystemTime, UNIX_EPOCH};

/// A day, counted from 1970-01-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(pub i64);

impl Day {
    /// Today in UTC.
    #[must_use]
    pub fn today() -> Self {
        let secs = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Day(i64::try_from(secs / 86_400).unwrap_or(0))
    }

    /// Parses `YYYY-MM-DD`, refusing dates that do not exist (2027-02-30).
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let y: i64 = text[0..4].parse().ok()?;
        let m: i64 = text[5..7].parse().ok()?;
        let d: i64 = text[8..10].parse().ok()?;
        let day = Day::from_civil(y, m, d);
        (day.to_civil() == (y, m, d)).then_some(day)
    }

    /// Days from 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    fn from_civil(y: i64, m: i64, d: i64) -> Self {
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Day(era * 146_097 + doe - 719_468)
    }

    fn to_civil(self) -> (i64, i64, i64) {
        let z = self.0 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        (yoe + era * 400 + i64::from(m <= 2), m, d)
    }
}

/// Parses a `--today` style argument.
///
/// # Errors
/// A message naming the expected form.
pub fn parse_arg(s: &str) -> Result<Day, String> {
    Day::parse(s).ok_or_else(|| format!("`{s}` is not a date written YYYY-MM-DD"))
}

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (y, m, d) = self.to_civil();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::Day;

    #[test]
    fn round_trips_and_validates() {
        assert_eq!(Day::parse("1970-01-01"), Some(Day(0)));
        assert_eq!(Day::parse("2027-03-31").unwrap().to_string(), "2027-03-31");
        assert_eq!(Day::parse("2028-02-29").unwrap().to_string(), "2028-02-29");
        assert_eq!(Day::parse("2027-02-29"), None);
        assert_eq!(Day::parse("2027-13-01"), None);
        assert_eq!(Day::parse("27-1-1"), None);
        assert_eq!(
            Day::parse("2027-03-31").unwrap().0 - Day::parse("2026-11-22").unwrap().0,
            129
        );
    }
}
