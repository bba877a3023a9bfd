//! The ledger: double-entry transfers between Financial Accounts, in integer minor units.
//!
//! A transfer debits one account and credits another by the same positive amount in one
//! currency, so every transfer balances by construction and the sum of all balances of a
//! currency is always zero. Corrections are new transfers; a transfer is never edited except to
//! move from PENDING to POSTED or VOIDED.
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

/// One transfer of the ledger.
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
