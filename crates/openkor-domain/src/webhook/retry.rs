//! The retry schedule: when a failed delivery is tried again, when it is given up, and when a
//! subscription that keeps failing is disabled.
//!
//! Ten attempts over about three days: at once, then after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h,
//! 14 h, 20 h and 24 h (75 h 35 min in all), each delay moved by up to ±10 % at random so
//! receivers coming back from an outage are not hit by every retry at once.

use super::Attempt;

const SECOND_MS: i64 = 1_000;
const MINUTE_MS: i64 = 60 * SECOND_MS;
const HOUR_MS: i64 = 60 * MINUTE_MS;

/// The delay before each retry, in milliseconds: `RETRY_DELAYS_MS[n]` follows the n+1th
/// failed attempt.
pub const RETRY_DELAYS_MS: [i64; 9] = [
    5 * SECOND_MS,
    5 * MINUTE_MS,
    30 * MINUTE_MS,
    2 * HOUR_MS,
    5 * HOUR_MS,
    10 * HOUR_MS,
    14 * HOUR_MS,
    20 * HOUR_MS,
    24 * HOUR_MS,
];

/// Attempts before a delivery is given up (FAILED).
pub const ATTEMPTS_MAX: u32 = RETRY_DELAYS_MS.len() as u32 + 1;

/// How far a delay may move either way, in percent.
pub const JITTER_PERCENT: i64 = 10;

/// A subscription whose every attempt has failed for this long (no success in between) is
/// disabled, in milliseconds: the length of one delivery's whole schedule, rounded down.
pub const DISABLE_AFTER_FAILING_MS: i64 = 72 * HOUR_MS;

/// What follows an attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The receiver accepted the event.
    Delivered,
    /// Try again after this many milliseconds.
    RetryAfter {
        /// The delay, jitter included.
        delay_ms: i64,
    },
    /// Give up: the schedule is spent, or the answer says a retry cannot help.
    Failed,
}

/// Whether a failed attempt is worth repeating: no answer (a timeout, a refused or reset
/// connection, a refused address), 408, 429 or 5xx. Any other answer (a 3xx, which is never
/// followed, or a 4xx) will not change by itself.
pub fn is_retryable(attempt: &Attempt) -> bool {
    match attempt.status_code {
        None => true,
        Some(code) => code == 408 || code == 429 || code >= 500,
    }
}

/// The verdict on the `attempts_made`th attempt (counting it); `random` picks the jitter.
pub fn verdict(attempt: &Attempt, attempts_made: u32, random: u64) -> Verdict {
    if attempt.succeeded() {
        return Verdict::Delivered;
    }
    if !is_retryable(attempt) {
        return Verdict::Failed;
    }
    let index = usize::try_from(attempts_made.saturating_sub(1)).unwrap_or(usize::MAX);
    match RETRY_DELAYS_MS.get(index) {
        Some(&delay_ms) => Verdict::RetryAfter {
            delay_ms: jittered(delay_ms, random),
        },
        None => Verdict::Failed,
    }
}

/// `delay_ms` moved by `-JITTER_PERCENT..=JITTER_PERCENT` percent, picked by `random`.
pub fn jittered(delay_ms: i64, random: u64) -> i64 {
    let span = u64::try_from(2 * JITTER_PERCENT + 1).unwrap_or(1);
    let percent = i64::try_from(random % span).unwrap_or(0) - JITTER_PERCENT;
    delay_ms + delay_ms * percent / 100
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::Timestamp;

    fn attempt(status_code: Option<u16>, error: Option<&str>) -> Attempt {
        Attempt {
            at: Timestamp::from_unix_ms(0),
            status_code,
            latency_ms: 1,
            error: error.map(str::to_owned),
        }
    }

    #[test]
    fn the_schedule_spans_about_three_days() {
        let total_ms: i64 = RETRY_DELAYS_MS.iter().sum();
        assert_eq!(total_ms, 75 * HOUR_MS + 35 * MINUTE_MS + 5 * SECOND_MS);
        assert_eq!(ATTEMPTS_MAX, 10);
    }

    #[test]
    fn a_2xx_is_delivered_and_a_4xx_is_not_retried() {
        assert_eq!(verdict(&attempt(Some(204), None), 1, 0), Verdict::Delivered);
        let refused = attempt(Some(404), Some("the receiver answered 404"));
        assert_eq!(verdict(&refused, 1, 0), Verdict::Failed);
        let redirect = attempt(Some(302), Some("redirects are not followed"));
        assert_eq!(verdict(&redirect, 1, 0), Verdict::Failed);
    }

    #[test]
    fn timeouts_5xx_and_429_are_retried_until_the_schedule_is_spent() {
        for failed in [
            attempt(None, Some("timed out")),
            attempt(Some(500), Some("500")),
            attempt(Some(429), Some("429")),
            attempt(Some(408), Some("408")),
        ] {
            for made in 1..ATTEMPTS_MAX {
                let Verdict::RetryAfter { delay_ms } = verdict(&failed, made, 7) else {
                    panic!("attempt {made} must be retried");
                };
                let base = RETRY_DELAYS_MS[made as usize - 1];
                assert!((base * 9 / 10..=base * 11 / 10).contains(&delay_ms));
            }
            assert_eq!(verdict(&failed, ATTEMPTS_MAX, 7), Verdict::Failed);
        }
    }

    #[test]
    fn jitter_stays_within_ten_percent_and_covers_both_sides() {
        let delays: Vec<i64> = (0..21).map(|r| jittered(1_000, r)).collect();
        assert_eq!(delays.iter().min(), Some(&900));
        assert_eq!(delays.iter().max(), Some(&1_100));
    }
}
