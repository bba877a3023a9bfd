//! The plan cases of the transaction list and of a transaction's status history.

use super::Case;
use super::list::List;
use crate::sql_store::transactions::read::{self, HISTORY_FROM, HISTORY_SELECT};
use crate::sql_store::transactions::rows::{TRANSACTION_FROM, TRANSACTION_SELECT};
use openkor_domain::actor::ActorKind;
use openkor_domain::ids::{FinancialAccountId, TransactionId};
use openkor_domain::transaction::{
    HistorySortField, Solution, TransactionFilter, TransactionSortField, TransactionStatus,
    TransactionType,
};
use uuid::Uuid;

/// Each filter of the transaction list: its label, the column its index must be constrained on,
/// and a filter setting it alone.
fn filters(scope: Uuid) -> Vec<(&'static str, &'static str, TransactionFilter)> {
    // A new field of the filter fails to compile here until it has a case below.
    let TransactionFilter {
        created_from: _,
        created_before: _,
        amount_from_minor: _,
        amount_to_minor: _,
        latest_status: _,
        debit_account_tail: _,
        credit_account_tail: _,
        debit_financial_account_id: _,
        credit_financial_account_id: _,
        transaction_type: _,
        solution: _,
        requestor_id: _,
        requestor_type: _,
    } = TransactionFilter::default();
    let f = TransactionFilter::default;
    let at = super::super::fixtures::T0;
    let account = FinancialAccountId::from_uuid(scope);
    vec![
        (
            "createdFrom",
            "created_at",
            TransactionFilter {
                created_from: Some(at),
                ..f()
            },
        ),
        (
            "createdBefore",
            "created_at",
            TransactionFilter {
                created_before: Some(at),
                ..f()
            },
        ),
        (
            "amountFrom",
            "amount_minor",
            TransactionFilter {
                amount_from_minor: Some(100),
                ..f()
            },
        ),
        (
            "amountTo",
            "amount_minor",
            TransactionFilter {
                amount_to_minor: Some(100),
                ..f()
            },
        ),
        (
            "latestStatus",
            "status",
            TransactionFilter {
                latest_status: Some(TransactionStatus::Settled),
                ..f()
            },
        ),
        (
            "maskedDebitAccountNumber",
            "debit_account_tail",
            TransactionFilter {
                debit_account_tail: Some("1234".into()),
                ..f()
            },
        ),
        (
            "maskedCreditAccountNumber",
            "credit_account_tail",
            TransactionFilter {
                credit_account_tail: Some("1234".into()),
                ..f()
            },
        ),
        (
            "debitFinancialAccountId",
            "debit_financial_account_id",
            TransactionFilter {
                debit_financial_account_id: Some(account),
                ..f()
            },
        ),
        (
            "creditFinancialAccountId",
            "credit_financial_account_id",
            TransactionFilter {
                credit_financial_account_id: Some(account),
                ..f()
            },
        ),
        (
            "transactionType",
            "transaction_type",
            TransactionFilter {
                transaction_type: Some(TransactionType::Send),
                ..f()
            },
        ),
        (
            "solution",
            "solution",
            TransactionFilter {
                solution: Some(Solution::Ach),
                ..f()
            },
        ),
        (
            "requestorId",
            "created_by_id",
            TransactionFilter {
                requestor_id: Some(scope),
                ..f()
            },
        ),
        (
            "requestorType",
            "created_by_type",
            TransactionFilter {
                requestor_type: Some(ActorKind::ServiceAccount),
                ..f()
            },
        ),
    ]
}

/// Every filter and sort of the transaction list, and the sorts of a status history (which is
/// always filtered on its transaction).
pub(super) fn cases(scope: Uuid) -> Vec<Case> {
    let transactions = List {
        name: "transactions",
        table: "transactions",
        from: TRANSACTION_FROM,
        alias: "t",
        select: TRANSACTION_SELECT.as_str(),
        column: read::sort_column,
        tie_break: read::TIE_BREAK,
        created_at: TransactionSortField::CreatedAt,
    };
    let mut all: Vec<Case> = filters(scope)
        .into_iter()
        .map(|(label, column, filter)| {
            transactions.filter(label, (column, column), &read::conditions(&filter))
        })
        .collect();
    let unfiltered = read::conditions(&TransactionFilter::default());
    all.extend(transactions.sorts(TransactionSortField::ALL, &unfiltered));

    let history = List {
        name: "a transaction's history",
        table: "transaction_statuses",
        from: HISTORY_FROM,
        alias: "h",
        select: HISTORY_SELECT.as_str(),
        column: read::history_sort_column,
        tie_break: read::HISTORY_TIE_BREAK,
        created_at: HistorySortField::CreatedAt,
    };
    let of_one = read::history_conditions(TransactionId::from_uuid(scope));
    all.push(history.filter("transaction", ("transaction_id", "transaction_id"), &of_one));
    all.extend(history.sorts(HistorySortField::ALL, &of_one));
    all
}
