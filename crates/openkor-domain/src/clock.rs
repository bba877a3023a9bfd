//! Time: a millisecond-precision UTC [`Timestamp`] and the [`Clock`] that produces it.
//!
//! Timestamps are truncated to milliseconds when taken, so that every storage backend round-trips
//! them exactly and the wire format (`yyyy-MM-dd'T'HH:mm:ss.SSSZ`) loses nothing.

use std::fmt;
use std::sync::atomic::{AtomicI64, Ordering};
use time::OffsetDateTime;
use time::format_description::FormatItem;
use time::macros::format_description;

const WIRE_FORMAT: &[FormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");

/// 0000-01-01T00:00:00Z in Unix milliseconds.
const REPRESENTABLE_UNIX_MS_MIN: i64 = -62_167_219_200_000;
/// 9999-12-31T23:59:59.999Z in Unix milliseconds.
const REPRESENTABLE_UNIX_MS_MAX: i64 = 253_402_300_799_999;

/// An instant in UTC with millisecond precision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    unix_ms: i64,
}

impl Timestamp {
    /// The instant `unix_ms` milliseconds after the Unix epoch.
    pub const fn from_unix_ms(unix_ms: i64) -> Self {
        Self { unix_ms }
    }

    /// Milliseconds since the Unix epoch.
    pub const fn unix_ms(self) -> i64 {
        self.unix_ms
    }

    /// Whole seconds since the Unix epoch (rounded towards negative infinity).
    pub const fn unix_s(self) -> i64 {
        self.unix_ms.div_euclid(1000)
    }

    /// Truncates an `OffsetDateTime` to milliseconds.
    pub fn from_offset_date_time(at: OffsetDateTime) -> Self {
        let unix_ms = at.unix_timestamp_nanos().div_euclid(1_000_000);
        Self::from_unix_ms(i64::try_from(unix_ms).unwrap_or(i64::MAX))
    }

    /// This instant as an `OffsetDateTime` in UTC, saturated to the years 0000–9999 (what both
    /// the `time` crate and PostgreSQL represent): an open-ended bound such as
    /// `i64::MAX` ms stays at the far end instead of collapsing to some other instant.
    pub fn to_offset_date_time(self) -> OffsetDateTime {
        let unix_ms = self
            .unix_ms
            .clamp(REPRESENTABLE_UNIX_MS_MIN, REPRESENTABLE_UNIX_MS_MAX);
        let nanos = i128::from(unix_ms) * 1_000_000;
        OffsetDateTime::from_unix_timestamp_nanos(nanos).unwrap_or(OffsetDateTime::UNIX_EPOCH)
    }

    /// This instant moved by `delta_ms` milliseconds (saturating).
    pub const fn plus_ms(self, delta_ms: i64) -> Self {
        Self::from_unix_ms(self.unix_ms.saturating_add(delta_ms))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.to_offset_date_time().format(WIRE_FORMAT) {
            Ok(text) => f.write_str(&text),
            Err(_) => write!(f, "@{}ms", self.unix_ms),
        }
    }
}

/// A source of the current time. Passed into every service so tests can control time.
pub trait Clock: Send + Sync + 'static {
    /// The current instant.
    fn now(&self) -> Timestamp;
}

/// The operating system's wall clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        Timestamp::from_offset_date_time(OffsetDateTime::now_utc())
    }
}

/// A clock that only moves when told to; for tests.
#[derive(Debug)]
pub struct ManualClock {
    unix_ms: AtomicI64,
}

impl ManualClock {
    /// A clock stopped at `start`.
    pub fn new(start: Timestamp) -> Self {
        Self {
            unix_ms: AtomicI64::new(start.unix_ms()),
        }
    }

    /// Moves the clock forward by `delta_ms` milliseconds.
    pub fn advance_ms(&self, delta_ms: i64) {
        self.unix_ms.fetch_add(delta_ms, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Timestamp {
        Timestamp::from_unix_ms(self.unix_ms.load(Ordering::SeqCst))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_ended_instants_saturate_at_the_representable_years() {
        let far = Timestamp::from_unix_ms(i64::MAX).to_offset_date_time();
        assert_eq!(far.to_string(), "9999-12-31 23:59:59.999 +00:00:00");
        let early = Timestamp::from_unix_ms(i64::MIN).to_offset_date_time();
        assert_eq!(early.to_string(), "0000-01-01 0:00:00.0 +00:00:00");
    }

    #[test]
    fn timestamps_print_in_the_wire_format_with_milliseconds() {
        let at = Timestamp::from_unix_ms(1_675_400_405_634);
        assert_eq!(at.to_string(), "2023-02-03T05:00:05.634Z");
        assert_eq!(
            Timestamp::from_unix_ms(0).to_string(),
            "1970-01-01T00:00:00.000Z"
        );
    }

    #[test]
    fn offset_date_times_are_truncated_to_milliseconds() {
        let at = OffsetDateTime::from_unix_timestamp_nanos(1_000_999_999).expect("valid");
        assert_eq!(Timestamp::from_offset_date_time(at).unix_ms(), 1_000);
        let before_epoch = OffsetDateTime::from_unix_timestamp_nanos(-1).expect("valid");
        assert_eq!(Timestamp::from_offset_date_time(before_epoch).unix_ms(), -1);
    }

    #[test]
    fn the_manual_clock_moves_only_when_advanced() {
        let clock = ManualClock::new(Timestamp::from_unix_ms(5_000));
        assert_eq!(clock.now().unix_ms(), 5_000);
        clock.advance_ms(1_500);
        assert_eq!(clock.now().unix_ms(), 6_500);
        assert_eq!(clock.now().unix_s(), 6);
    }
}
