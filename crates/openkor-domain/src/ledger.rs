//! The ledger: journal entries made of postings, in integer minor units.
//!
//! A posting changes one ledger account's running total in one bucket by a signed amount
//! (credits positive, debits negative); the postings of a journal entry sum to zero per
//! currency, so the balances of a currency always sum to zero. Entries are immutable; a
//! correction is a new entry. Each ledger account keeps three running totals, updated in the
//! same database transaction as its postings: posted, pending debits, pending credits.
//!
//! Balances (reference §7): `accountBalance` = posted credits − posted debits;
//! `pendingWithdrawals` = pending debits; `pendingDeposits` = pending credits;
//! `availableBalance` = `accountBalance` − `pendingWithdrawals` (pending deposits are not added).

use crate::clock::Timestamp;
use crate::ids::{BusinessAccountId, FinancialAccountId};
use crate::money::Currency;
use uuid::Uuid;

crate::code_enum! {
    /// Where a transfer stands.
    pub enum TransferStatus {
        /// Reserved: counts in pending withdrawals and deposits, not in the balance.
        Pending => "PENDING",
        /// Final: counts in the balance.
        Posted => "POSTED",
        /// Cancelled: counts nowhere.
        Voided => "VOIDED",
    }
}

crate::code_enum! {
    /// Which running total of an account a posting changes.
    pub enum Bucket {
        /// The posted balance (`accountBalance`).
        Posted => "POSTED",
        /// Pending debits (`pendingWithdrawals` is minus their sum).
        PendingDebit => "PENDING_DEBIT",
        /// Pending credits (`pendingDeposits` is their sum).
        PendingCredit => "PENDING_CREDIT",
    }
}

/// One posting: a signed change (credit positive) of one bucket of one ledger account `A`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Posting<A = crate::transaction::LedgerSide> {
    /// Whose account.
    pub account: A,
    /// Which total.
    pub bucket: Bucket,
    /// The change, credit positive, never zero.
    pub amount_minor: i64,
}

/// A journal entry written directly (an operator's adjustment, or a test's): debit one
/// account and credit another by the same positive amount, posted or held.

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transfer {
    /// Id.
    pub id: Uuid,
    /// Business Account of both accounts.
    pub business_account_id: BusinessAccountId,
    /// Account that loses the amount.
    pub debit_account_id: FinancialAccountId,
    /// Account that gains the amount.
    pub credit_account_id: FinancialAccountId,
    /// Currency of both accounts.
    pub currency: Currency,
    /// Amount, positive, in minor units.
    pub amount_minor: i64,
    /// Status.
    pub status: TransferStatus,
    /// When it was recorded.
    pub created_at: Timestamp,
}

/// The balances of one account in one currency, in minor units.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Balances {
    /// Posted credits minus posted debits.
    pub account_balance_minor: i64,
    /// Pending debits.
    pub pending_withdrawals_minor: i64,
    /// Pending credits.
    pub pending_deposits_minor: i64,
}

impl Balances {
    /// `accountBalance − pendingWithdrawals`.
    pub fn available_balance_minor(&self) -> i64 {
        self.account_balance_minor
            .saturating_sub(self.pending_withdrawals_minor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pending_deposits_do_not_make_money_available() {
        let balances = Balances {
            account_balance_minor: 100_000,
            pending_withdrawals_minor: 20_000,
            pending_deposits_minor: 25_000,
        };
        assert_eq!(balances.available_balance_minor(), 80_000);
    }
}
