//! Calendar dates and the `timeZone` parameter of date-range filters (reference §2.6).
//!
//! Accepted zones: `Z`, `UTC`, `GMT`; offsets `{+,-}N(N)(:MM)`; `UTC`/`GMT` followed by an
//! offset (`UTC+5`, `GMT-03:30`); IANA ids (`America/New_York`), resolved against the tz
//! database compiled into openkor (case-insensitively, so `utc` or `america/new_york` work too),
//! so every server answers the same whatever its host has.

use crate::clock::Timestamp;
use crate::validation::{FieldError, FieldErrorCode};
use jiff::tz::{Offset, TimeZone};
use time::{Date, Month};

/// Parses `yyyy-MM-dd` strictly: four-digit year, two-digit month and day, a real date.
pub fn parse_date(path: &str, value: &str) -> Result<Date, FieldError> {
    let invalid = || {
        FieldError::new(
            path,
            FieldErrorCode::InvalidFormat,
            "must be a date yyyy-MM-dd",
        )
    };
    let bytes = value.as_bytes();
    let shape = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    if !shape {
        return Err(invalid());
    }
    let number = |range: std::ops::Range<usize>| value[range].parse::<u8>().ok();
    let year = value[0..4].parse::<i32>().map_err(|_| invalid())?;
    let month = number(5..7)
        .and_then(|m| Month::try_from(m).ok())
        .ok_or_else(invalid)?;
    let day = number(8..10).ok_or_else(invalid)?;
    Date::from_calendar_date(year, month, day).map_err(|_| invalid())
}

fn offset_seconds(text: &str) -> Option<i32> {
    let (sign, rest) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        _ => return None,
    };
    let (hours, minutes) = rest.split_once(':').unwrap_or((rest, "00"));
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !(1..=2).contains(&hours.len())
        || minutes.len() != 2
        || !all_digits(hours)
        || !all_digits(minutes)
    {
        return None;
    }
    let (hours, minutes): (i32, i32) = (hours.parse().ok()?, minutes.parse().ok()?);
    (hours <= 18 && minutes < 60).then_some(sign * (hours * 3600 + minutes * 60))
}

/// The widest UTC offset accepted, in seconds (±18:00, as in ISO 8601 practice and `java.time`).
const OFFSET_SECONDS_MAX: i32 = 18 * 3_600;

/// Parses a `timeZone` value.
pub fn parse_time_zone(path: &str, value: &str) -> Result<TimeZone, FieldError> {
    if matches!(value, "Z" | "UTC" | "GMT") {
        return Ok(TimeZone::UTC);
    }
    let offset_text = value
        .strip_prefix("UTC")
        .or_else(|| value.strip_prefix("GMT"))
        .unwrap_or(value);
    if let Some(seconds) = offset_seconds(offset_text)
        && seconds.abs() <= OFFSET_SECONDS_MAX
        && let Ok(offset) = Offset::from_seconds(seconds)
    {
        return Ok(TimeZone::fixed(offset));
    }
    // IANA names: `America/New_York`, `EST`, `PST8PDT`, `Etc/GMT+5`.
    let looks_like_a_name = value.starts_with(|c: char| c.is_ascii_alphabetic())
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '_' | '-' | '+'));
    if looks_like_a_name && let Ok(zone) = TimeZone::get(value) {
        return Ok(zone);
    }
    Err(FieldError::new(
        path,
        FieldErrorCode::InvalidValue,
        "must be Z, UTC, GMT, an offset such as +05:30 or UTC-3, or an IANA zone such as America/New_York",
    ))
}

/// The first instant of `date` in `zone` (midnight, or the first valid time after a DST gap).
pub fn start_of_day(date: Date, zone: &TimeZone) -> Timestamp {
    let civil = jiff::civil::Date::new(
        i16::try_from(date.year()).unwrap_or(i16::MAX),
        i8::try_from(u8::from(date.month())).unwrap_or(1),
        i8::try_from(date.day()).unwrap_or(1),
    );
    let millis = civil
        .and_then(|civil| civil.to_zoned(zone.clone()))
        .map(|zoned| zoned.timestamp().as_millisecond())
        .unwrap_or(i64::MAX);
    Timestamp::from_unix_ms(millis)
}

/// The half-open instant range `[from 00:00, to + 1 day 00:00)` of two inclusive dates.
pub fn inclusive_date_range(
    from: Option<Date>,
    to: Option<Date>,
    zone: &TimeZone,
) -> (Option<Timestamp>, Option<Timestamp>) {
    let start = from.map(|date| start_of_day(date, zone));
    let end = to.map(|date| match date.next_day() {
        Some(next) => start_of_day(next, zone),
        None => Timestamp::from_unix_ms(i64::MAX),
    });
    (start, end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn start(date: Date, zone: &str) -> String {
        start_of_day(date, &parse_time_zone("tz", zone).expect("valid zone")).to_string()
    }

    #[test]
    fn every_documented_zone_spelling_is_accepted() {
        let day = date!(2024 - 07 - 01);
        for (zone, expected) in [
            ("Z", "2024-07-01T00:00:00.000Z"),
            ("UTC", "2024-07-01T00:00:00.000Z"),
            ("GMT", "2024-07-01T00:00:00.000Z"),
            ("+5", "2024-06-30T19:00:00.000Z"),
            ("-05", "2024-07-01T05:00:00.000Z"),
            ("+05:30", "2024-06-30T18:30:00.000Z"),
            ("UTC+2", "2024-06-30T22:00:00.000Z"),
            ("GMT-03:30", "2024-07-01T03:30:00.000Z"),
            ("America/New_York", "2024-07-01T04:00:00.000Z"),
            ("Asia/Kolkata", "2024-06-30T18:30:00.000Z"),
            ("PST8PDT", "2024-07-01T07:00:00.000Z"),
            ("Etc/GMT+5", "2024-07-01T05:00:00.000Z"),
            ("+18:00", "2024-06-30T06:00:00.000Z"),
        ] {
            assert_eq!(start(day, zone), expected, "{zone}");
        }
        assert_eq!(
            start(date!(2024 - 01 - 15), "America/New_York"),
            "2024-01-15T05:00:00.000Z"
        );
    }

    #[test]
    fn malformed_zones_are_refused() {
        for bad in [
            "",
            "+25",
            "+18:30",
            "-18:01",
            "+5:3",
            "UTC+",
            "Mars/Olympus",
            "EST5EDT+",
            "5",
            "../etc",
        ] {
            assert!(parse_time_zone("tz", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn an_inclusive_range_ends_at_the_next_midnight() {
        let (from, to) = inclusive_date_range(
            Some(date!(2024 - 03 - 09)),
            Some(date!(2024 - 03 - 10)),
            &TimeZone::UTC,
        );
        assert_eq!(from.expect("from").to_string(), "2024-03-09T00:00:00.000Z");
        assert_eq!(to.expect("to").to_string(), "2024-03-11T00:00:00.000Z");
    }

    #[test]
    fn dates_are_strict() {
        assert_eq!(parse_date("d", "2024-02-29"), Ok(date!(2024 - 02 - 29)));
        for bad in [
            "2023-02-29",
            "2024-2-29",
            "20240229",
            "2024-02-29T00:00",
            "+024-02-29",
        ] {
            assert!(parse_date("d", bad).is_err(), "{bad}");
        }
    }
}
