//! ACH prenote verification of external bank accounts (reference §6.7): which accounts may be
//! verified, what a request does to each, and how long the sandbox's prenote takes.
//!
//! A verified (`APPROVED`) external bank account can be the debit side of an ACH `REQUEST`.

use super::{
    AccountState, AccountType, AccountVerificationStatus, Category, FinancialAccount, Subtype,
};

/// How long a prenote takes on the sandbox rails at real speed (about three days, as the
/// reference says), in milliseconds; the rail speed-up divides it.
pub const PRENOTE_DURATION_MS: i64 = 3 * 24 * 3_600_000;

/// Most accounts one verify request may name.
pub const VERIFY_ACCOUNTS_MAX: usize = 100;

/// Why `account` cannot be prenote-verified, if it cannot: only an ACTIVE external checking
/// bank account can.
pub fn prenote_refusal(account: &FinancialAccount) -> Option<&'static str> {
    let eligible_kind = account.category == Category::External
        && account.account_type == AccountType::Bank
        && account.subtype == Subtype::Checking;
    if !eligible_kind {
        Some("only an external checking bank account can be verified by prenote")
    } else if account.state != AccountState::Active {
        Some("the account must be ACTIVE to be verified")
    } else {
        None
    }
}

/// Whether a verify request starts a new prenote for an account in `status`: not while one is
/// under way, and not once the account is verified (the request then reports the status).
pub fn starts_prenote(status: AccountVerificationStatus) -> bool {
    !matches!(
        status,
        AccountVerificationStatus::Pending
            | AccountVerificationStatus::Processing
            | AccountVerificationStatus::Approved
    )
}

/// When a prenote started at `requested_at_ms` completes, with the rails `rail_speedup` times
/// faster than real time (at least 1).
pub fn prenote_due_ms(requested_at_ms: i64, rail_speedup: i64) -> i64 {
    requested_at_ms.saturating_add(PRENOTE_DURATION_MS / rail_speedup.max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_prenote_starts_unless_one_is_under_way_or_done() {
        use AccountVerificationStatus as S;
        let starts: Vec<_> = [
            S::Unverified,
            S::Pending,
            S::Processing,
            S::Review,
            S::Declined,
            S::Approved,
            S::Error,
        ]
        .into_iter()
        .filter(|status| starts_prenote(*status))
        .collect();
        assert_eq!(starts, [S::Unverified, S::Review, S::Declined, S::Error]);
    }

    #[test]
    fn the_speedup_divides_three_days() {
        assert_eq!(prenote_due_ms(0, 1), 259_200_000);
        assert_eq!(prenote_due_ms(1_000, 86_400), 4_000);
        assert_eq!(prenote_due_ms(1_000, 0), 1_000 + 259_200_000);
    }
}
