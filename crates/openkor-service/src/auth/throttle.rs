//! Repeated wrong secrets for one API key: after `FREE_FAILURES` in a row, every exchange with
//! that key is refused for a short lock that doubles with each further failure, up to
//! `LOCK_MS_MAX`, so guessing a secret is slow while the owner of the right one waits half a
//! minute at most. A success clears the key's record; failures older than `FORGET_AFTER_MS` are
//! forgotten. Kept in memory per server: several servers each hold their own count.

use std::collections::HashMap;
use std::sync::Mutex;

/// Wrong secrets allowed in a row before the key is locked.
pub const FREE_FAILURES: u32 = 5;
/// The first lock.
pub const LOCK_MS_FIRST: i64 = 1_000;
/// The longest lock.
pub const LOCK_MS_MAX: i64 = 30_000;
/// A key whose last failure is older than this starts again from zero.
pub const FORGET_AFTER_MS: i64 = 15 * 60 * 1_000;

#[derive(Clone, Copy, Debug, Default)]
struct Failures {
    in_a_row: u32,
    last_ms: i64,
    locked_until_ms: i64,
}

/// Failed exchanges per API key.
#[derive(Debug, Default)]
pub struct Throttle {
    keys: Mutex<HashMap<String, Failures>>,
}

impl Throttle {
    fn keys(&self) -> std::sync::MutexGuard<'_, HashMap<String, Failures>> {
        // Every update is one insert or remove: a panic elsewhere leaves the map consistent.
        self.keys
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// `Err(seconds to wait)` while `api_key` is locked at `now_ms`.
    pub fn check(&self, api_key: &str, now_ms: i64) -> Result<(), u64> {
        let keys = self.keys();
        match keys.get(api_key) {
            Some(failures) if failures.locked_until_ms > now_ms => {
                let wait_ms = failures.locked_until_ms - now_ms;
                Err(u64::try_from(wait_ms).map_or(1, |ms| ms.div_ceil(1_000)))
            }
            _ => Ok(()),
        }
    }

    /// Records a wrong secret for `api_key` at `now_ms`.
    pub fn failed(&self, api_key: &str, now_ms: i64) {
        let mut keys = self.keys();
        let failures = keys.entry(api_key.to_owned()).or_default();
        if now_ms - failures.last_ms > FORGET_AFTER_MS {
            *failures = Failures::default();
        }
        failures.in_a_row = failures.in_a_row.saturating_add(1);
        failures.last_ms = now_ms;
        if failures.in_a_row >= FREE_FAILURES {
            let doublings = (failures.in_a_row - FREE_FAILURES).min(16);
            let lock_ms = (LOCK_MS_FIRST << doublings).min(LOCK_MS_MAX);
            failures.locked_until_ms = now_ms + lock_ms;
        }
    }

    /// Clears `api_key`'s record after a right secret.
    pub fn succeeded(&self, api_key: &str) {
        self.keys().remove(api_key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_wrong_secrets_lock_the_key_briefly_and_longer_each_time_up_to_the_cap() {
        let throttle = Throttle::default();
        for at in 0..4 {
            throttle.failed("k", at);
            assert_eq!(throttle.check("k", at), Ok(()), "failure {at} is free");
        }
        throttle.failed("k", 10);
        assert_eq!(throttle.check("k", 10), Err(1));
        assert_eq!(
            throttle.check("k", 10 + LOCK_MS_FIRST),
            Ok(()),
            "the lock ends"
        );
        throttle.failed("k", 2_000);
        assert_eq!(throttle.check("k", 2_000), Err(2), "the next lock doubles");
        for n in 0..20 {
            throttle.failed("k", 10_000 + n);
        }
        assert_eq!(
            throttle.check("k", 10_019),
            Err(30),
            "never longer than the cap"
        );
        assert_eq!(throttle.check("k", 10_019 + LOCK_MS_MAX), Ok(()));
        assert_eq!(
            throttle.check("other", 10_019),
            Ok(()),
            "other keys are untouched"
        );
    }

    #[test]
    fn a_right_secret_or_a_quiet_quarter_of_an_hour_starts_again_from_zero() {
        let throttle = Throttle::default();
        for at in 0..4 {
            throttle.failed("k", at);
        }
        throttle.succeeded("k");
        throttle.failed("k", 5);
        assert_eq!(
            throttle.check("k", 5),
            Ok(()),
            "one failure after a success is free"
        );
        for at in 6..9 {
            throttle.failed("k", at);
        }
        throttle.failed("k", 9 + FORGET_AFTER_MS + 1);
        assert_eq!(throttle.check("k", 9 + FORGET_AFTER_MS + 1), Ok(()));
    }
}
