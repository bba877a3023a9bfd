//! Transaction list filters and sortable fields (reference §9.4, "Search query").
//!
//! Semantics (all filters combine with AND):
//! * `createdDateFrom` / `createdDateTo`: inclusive dates in `timeZone`, turned into the
//!   half-open instant range `[from 00:00, to + 1 day 00:00)`.
//! * `amountFrom` / `amountTo`: inclusive bounds on the amount.
//! * `latestStatus`, `transactionType`, `solution`: exactly.
//! * `maskedDebitAccountNumber` / `maskedCreditAccountNumber`: the last four digits, given
//!   alone or after a mask of `*` (`******1234`).
//! * `debitFinancialAccountId` / `creditFinancialAccountId`: exactly.
//! * `requestorId` / `requestorType` (and the older `createdById` / `createdByType`): the
//!   creator.

use super::{Solution, TransactionStatus, TransactionType};
use crate::actor::ActorKind;
use crate::clock::Timestamp;
use crate::ids::FinancialAccountId;
use uuid::Uuid;

crate::code_enum! {
    /// Fields a transaction list can be sorted on.
    pub enum TransactionSortField {
        /// Creation time (the default, newest first).
        CreatedAt => "createdAt",
        /// Amount.
        Amount => "amount",
        /// Latest status.
        LatestStatus => "latestStatus",
        /// Type.
        TransactionType => "transactionType",
        /// Solution.
        Solution => "solution",
        /// Id.
        Id => "id",
    }
}

crate::code_enum! {
    /// Fields a status history can be sorted on.
    pub enum HistorySortField {
        /// When the status was entered (the default, newest first).
        CreatedAt => "createdAt",
    }
}

/// A validated set of list filters; `None` means "any".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TransactionFilter {
    /// Created at or after.
    pub created_from: Option<Timestamp>,
    /// Created before.
    pub created_before: Option<Timestamp>,
    /// Amount at least, in minor units.
    pub amount_from_minor: Option<i64>,
    /// Amount at most, in minor units.
    pub amount_to_minor: Option<i64>,
    /// Latest status.
    pub latest_status: Option<TransactionStatus>,
    /// Last four digits of the debit account.
    pub debit_account_tail: Option<String>,
    /// Last four digits of the credit account.
    pub credit_account_tail: Option<String>,
    /// Debit account.
    pub debit_financial_account_id: Option<FinancialAccountId>,
    /// Credit account.
    pub credit_financial_account_id: Option<FinancialAccountId>,
    /// Type.
    pub transaction_type: Option<TransactionType>,
    /// Solution.
    pub solution: Option<Solution>,
    /// Creator's id.
    pub requestor_id: Option<Uuid>,
    /// Creator's kind.
    pub requestor_type: Option<ActorKind>,
}

/// The last four digits of a masked account number (`1234`, `******1234`, `****1234`).
pub fn parse_masked_tail(value: &str) -> Option<String> {
    let tail = value.trim_start_matches('*');
    let is_four_digits = tail.len() == 4 && tail.bytes().all(|b| b.is_ascii_digit());
    is_four_digits.then(|| tail.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masked_numbers_reduce_to_their_last_four_digits() {
        assert_eq!(parse_masked_tail("******1234").as_deref(), Some("1234"));
        assert_eq!(parse_masked_tail("1234").as_deref(), Some("1234"));
        assert_eq!(parse_masked_tail("12345"), None);
        assert_eq!(parse_masked_tail("**12a4"), None);
    }
}
