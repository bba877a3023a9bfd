//! Transaction limits (reference §8): caps on what the debit side of a transaction may send,
//! per transaction (SINGLE) and per day, week and month, each per currency, at Customer scope
//! and at Financial Account scope (`FA_KFA`).
//!
//! The windows are US Eastern calendar periods (the reference: "00:00–23:59:59 EST"): the day
//! from midnight to midnight, the week from Monday, the month from the 1st, in
//! `America/New_York`, so a window is 23 or 25 hours long on the days the clocks change.
//!
//! Business Accounts have DAILY, WEEKLY and MONTHLY limits too (reference §3.4), which cap
//! what the Business Account and its descendants move together.

use crate::clock::Timestamp;
use crate::ids::BusinessAccountId;
use crate::money::Currency;
use jiff::tz::TimeZone;
use jiff::{ToSpan, Zoned};
use uuid::Uuid;

crate::code_enum! {
    /// The period a limit caps.
    pub enum LimitType {
        /// One transaction.
        Single => "SINGLE",
        /// A US Eastern calendar day.
        Daily => "DAILY",
        /// A US Eastern week, Monday to Sunday.
        Weekly => "WEEKLY",
        /// A US Eastern calendar month.
        Monthly => "MONTHLY",
    }
}

crate::code_enum! {
    /// What a limit applies to, the narrowest first.
    pub enum LimitScope {
        /// One Financial Account.
        FinancialAccount => "FA_KFA",
        /// Every account of a Customer together.
        Customer => "CUSTOMER",
        /// A Business Account and its descendants together (DAILY, WEEKLY and MONTHLY only; set
        /// by an operator, not through `/v1/limits`).
        BusinessAccount => "BUSINESS_ACCOUNT",
    }
}

impl LimitScope {
    /// Whether `/v1/limits` names this scope (the reference's `CUSTOMER` and `FA_KFA`).
    pub fn is_public(self) -> bool {
        self != LimitScope::BusinessAccount
    }
}

/// A limit's type, currency and amount: what a Customer is given at creation and what an
/// operator sets on a Business Account.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LimitAmount {
    /// The period it caps.
    pub limit_type: LimitType,
    /// The currency of the transactions it caps.
    pub currency: Currency,
    /// The cap, in minor units.
    pub amount_minor: i64,
}

/// One limit record (reference §8, the Transaction Limits object).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransactionLimit {
    /// Its id (what `PUT /v1/limits` names).
    pub id: Uuid,
    /// The period it caps.
    pub limit_type: LimitType,
    /// What it applies to.
    pub scope: LimitScope,
    /// The Customer's or the Financial Account's id.
    pub scope_id: Uuid,
    /// The currency of the transactions it caps.
    pub currency: Currency,
    /// The cap, in minor units.
    pub amount_minor: i64,
}

/// The limits of one Business Account with what their windows have used (reference §3.4).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BusinessAccountLimits {
    /// The Business Account.
    pub business_account_id: BusinessAccountId,
    /// Its limits, by currency, then type.
    pub usages: Vec<LimitUsage>,
}

/// A limit with what its current window has used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LimitUsage {
    /// The limit.
    pub limit: TransactionLimit,
    /// The window, `[from, to)` (`None` for SINGLE).
    pub window: Option<(Timestamp, Timestamp)>,
    /// Used in the window, in minor units (0 for SINGLE).
    pub used_minor: i64,
}

impl LimitUsage {
    /// What a transaction of `amount_minor` may still take: the cap for SINGLE, else what is
    /// left of the window's.
    pub fn remaining_minor(&self) -> i64 {
        if self.limit.limit_type == LimitType::Single {
            self.limit.amount_minor
        } else {
            (self.limit.amount_minor - self.used_minor).max(0)
        }
    }

    /// Whether a transaction of `amount_minor` stays within this limit.
    pub fn admits(&self, amount_minor: i64) -> bool {
        amount_minor <= self.remaining_minor()
    }
}

/// The largest limit amount, in minor units (the largest transaction times a thousand).
pub const LIMIT_AMOUNT_MINOR_MAX: i64 = 100_000_000_000_000;

/// The limits a new Customer (in USD and in CAD) and a new internal or integrated Financial
/// Account of a Customer (in its currency) get, in minor units. The same numbers are in the
/// migration that creates them.
pub const DEFAULT_LIMITS_MINOR: [(LimitType, i64); 4] = [
    (LimitType::Single, 2_500_000),
    (LimitType::Daily, 5_000_000),
    (LimitType::Weekly, 10_000_000),
    (LimitType::Monthly, 25_000_000),
];

/// The zone whose calendar the windows follow.
fn eastern() -> TimeZone {
    TimeZone::get("America/New_York").unwrap_or(TimeZone::UTC)
}

/// The window of `limit_type` that contains `at`: `[from, to)`. `None` for SINGLE, which has
/// no window.
pub fn window(limit_type: LimitType, at: Timestamp) -> Option<(Timestamp, Timestamp)> {
    let instant = jiff::Timestamp::from_millisecond(at.unix_ms()).ok()?;
    let zoned = instant.to_zoned(eastern());
    let date = zoned.date();
    let (start, length) = match limit_type {
        LimitType::Single => return None,
        LimitType::Daily => (date, 1.day()),
        LimitType::Weekly => {
            let back = i64::from(date.weekday().to_monday_zero_offset());
            (date.checked_sub(back.days()).ok()?, 1.week())
        }
        LimitType::Monthly => (date.first_of_month(), 1.month()),
    };
    let from = start.to_zoned(eastern()).ok()?;
    let to = from.checked_add(length).ok()?;
    Some((millis(&from), millis(&to)))
}

/// Noon, US Eastern, on `date`: an instant inside that day's (and its week's and month's)
/// windows, for a `referenceDate`.
pub fn eastern_noon(date: time::Date) -> Option<Timestamp> {
    let civil = jiff::civil::date(
        i16::try_from(date.year()).ok()?,
        i8::try_from(u8::from(date.month())).ok()?,
        i8::try_from(date.day()).ok()?,
    );
    let noon = civil.at(12, 0, 0, 0).to_zoned(eastern()).ok()?;
    Some(millis(&noon))
}

/// Parses an ISO 8601 instant with an offset (`2018-11-13T20:20:39+00:00`, `…Z`).
pub fn parse_instant(text: &str) -> Option<Timestamp> {
    let instant: jiff::Timestamp = text.parse().ok()?;
    Some(Timestamp::from_unix_ms(instant.as_millisecond()))
}

fn millis(zoned: &Zoned) -> Timestamp {
    Timestamp::from_unix_ms(zoned.timestamp().as_millisecond())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        let instant: jiff::Timestamp = text.parse().expect("an instant");
        Timestamp::from_unix_ms(instant.as_millisecond())
    }

    fn window_of(limit_type: LimitType, instant: &str) -> (String, String) {
        let (from, to) = window(limit_type, at(instant)).expect("a window");
        (from.to_string(), to.to_string())
    }

    fn pair(from: &str, to: &str) -> (String, String) {
        (at(from).to_string(), at(to).to_string())
    }

    #[test]
    fn a_day_runs_from_eastern_midnight_to_midnight() {
        // 03:59Z is still the previous Eastern day in summer (UTC−4).
        assert_eq!(
            window_of(LimitType::Daily, "2024-07-02T03:59:59Z"),
            pair("2024-07-01T04:00:00Z", "2024-07-02T04:00:00Z")
        );
        assert_eq!(
            window_of(LimitType::Daily, "2024-07-02T04:00:00Z"),
            pair("2024-07-02T04:00:00Z", "2024-07-03T04:00:00Z")
        );
        // Winter is UTC−5.
        assert_eq!(
            window_of(LimitType::Daily, "2024-01-15T12:00:00Z"),
            pair("2024-01-15T05:00:00Z", "2024-01-16T05:00:00Z")
        );
    }

    #[test]
    fn the_days_the_clocks_change_are_23_and_25_hours_long() {
        // 2024-03-10: clocks go forward at 02:00 Eastern.
        assert_eq!(
            window_of(LimitType::Daily, "2024-03-10T12:00:00Z"),
            pair("2024-03-10T05:00:00Z", "2024-03-11T04:00:00Z")
        );
        // 2024-11-03: clocks go back at 02:00 Eastern.
        assert_eq!(
            window_of(LimitType::Daily, "2024-11-03T12:00:00Z"),
            pair("2024-11-03T04:00:00Z", "2024-11-04T05:00:00Z")
        );
    }

    #[test]
    fn a_week_starts_on_monday_and_a_month_on_the_first() {
        // Sunday 2024-03-10 belongs to the week of Monday 2024-03-04 (before the change).
        assert_eq!(
            window_of(LimitType::Weekly, "2024-03-10T20:00:00Z"),
            pair("2024-03-04T05:00:00Z", "2024-03-11T04:00:00Z")
        );
        assert_eq!(
            window_of(LimitType::Weekly, "2024-03-11T04:00:00Z"),
            pair("2024-03-11T04:00:00Z", "2024-03-18T04:00:00Z")
        );
        assert_eq!(
            window_of(LimitType::Monthly, "2024-11-30T23:00:00Z"),
            pair("2024-11-01T04:00:00Z", "2024-12-01T05:00:00Z")
        );
        assert_eq!(
            window_of(LimitType::Monthly, "2024-12-01T04:59:59Z"),
            pair("2024-11-01T04:00:00Z", "2024-12-01T05:00:00Z")
        );
        assert_eq!(window(LimitType::Single, at("2024-01-01T00:00:00Z")), None);
    }
}
