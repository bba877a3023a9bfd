//! Reading transactions: one by id, a filtered page, a page of status history. The lists'
//! conditions, sort columns and tie-breaks are `pub(crate)` so that the plan conformance case
//! explains the very statements the lists run.

use super::rows::{STATUS_SELECT, TRANSACTION_FROM, TRANSACTION_SELECT, status, transaction};
use crate::db::Conn;
use crate::sql::{Builder, Conditions, SortColumn, SqlValue, TieBreak};
use crate::sql_store::cursors::PageTurn;
use crate::sql_store::paged::ListQuery;
use crate::{StoreError, params};
use openkor_domain::ids::{BusinessAccountId, TransactionId};
use openkor_domain::paging::{Page, PageRequest};
use openkor_domain::transaction::{
    HistorySortField, StatusRecord, Transaction, TransactionFilter, TransactionSortField,
};
use std::sync::LazyLock;

/// The columns of a history row, qualified by the history's alias `h`.
pub(crate) static HISTORY_SELECT: LazyLock<String> = LazyLock::new(|| {
    STATUS_SELECT
        .split(", ")
        .map(|c| format!("h.{c}"))
        .collect::<Vec<_>>()
        .join(", ")
});

/// The tables a status history is read from, aliased `h`.
pub(crate) const HISTORY_FROM: &str = "transaction_statuses h";

/// The transaction list's order after its sort keys.
pub(crate) const TIE_BREAK: TieBreak = TieBreak {
    created_at: "t.created_at",
    id: "t.id",
};

/// A status history's order after its sort keys.
pub(crate) const HISTORY_TIE_BREAK: TieBreak = TieBreak {
    created_at: "h.created_at",
    id: "h.id",
};

static SELECT_ONE: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {} FROM {TRANSACTION_FROM} WHERE t.business_account_id = $1 AND t.id = $2",
        *TRANSACTION_SELECT
    )
});

/// The transaction `id` of `scope`.
pub(super) async fn get<C: Conn>(
    conn: &mut C,
    scope: BusinessAccountId,
    id: TransactionId,
) -> Result<Transaction, StoreError> {
    conn.query_opt(
        &SELECT_ONE,
        &params![scope.as_uuid(), id.as_uuid()],
        &mut transaction,
    )
    .await?
    .ok_or(StoreError::NotFound)
}

/// One page of `scope`'s transactions matching `filter`.
pub(super) async fn list<C: Conn>(
    conn: &mut C,
    scope: BusinessAccountId,
    filter: &TransactionFilter,
    request: &PageRequest<TransactionSortField>,
    page_turn: &PageTurn,
) -> Result<Page<Transaction>, StoreError> {
    let list = ListQuery {
        from: TRANSACTION_FROM,
        alias: "t",
        select: &TRANSACTION_SELECT,
        conditions: conditions(filter),
    };
    let page = list
        .page(
            conn,
            scope.as_uuid(),
            request,
            sort_column,
            TIE_BREAK,
            page_turn,
            &mut transaction,
        )
        .await?;
    Ok(page)
}

/// One page of the history of `scope`'s transaction `id`.
pub(super) async fn history<C: Conn>(
    conn: &mut C,
    scope: BusinessAccountId,
    id: TransactionId,
    request: &PageRequest<HistorySortField>,
    page_turn: &PageTurn,
) -> Result<Page<StatusRecord>, StoreError> {
    get(conn, scope, id).await?;
    let list = ListQuery {
        from: HISTORY_FROM,
        alias: "h",
        select: &HISTORY_SELECT,
        conditions: history_conditions(id),
    };
    let page = list
        .page(
            conn,
            scope.as_uuid(),
            request,
            history_sort_column,
            HISTORY_TIE_BREAK,
            page_turn,
            &mut status,
        )
        .await?;
    Ok(page)
}

/// The conditions of the history of transaction `id` (placeholders from 2).
pub(crate) fn history_conditions(id: TransactionId) -> Conditions {
    let mut b = Builder::new(2);
    let p = b.bind(SqlValue::Uuid(id.as_uuid()));
    b.and(format!("h.transaction_id = {p}"));
    b.finish()
}

/// The column a status history is sorted on by `field`.
pub(crate) fn history_sort_column(field: HistorySortField) -> SortColumn {
    match field {
        HistorySortField::CreatedAt => SortColumn::timestamp("h.created_at"),
    }
}

/// The column the transaction list is sorted on by `field`.
pub(crate) fn sort_column(field: TransactionSortField) -> SortColumn {
    match field {
        TransactionSortField::CreatedAt => SortColumn::timestamp("t.created_at"),
        TransactionSortField::Amount => SortColumn::int("t.amount_minor"),
        TransactionSortField::LatestStatus => SortColumn::text("t.status"),
        TransactionSortField::TransactionType => SortColumn::text("t.transaction_type"),
        TransactionSortField::Solution => SortColumn::text("t.solution"),
        TransactionSortField::Id => SortColumn::uuid("t.id"),
    }
}

/// The transaction list's conditions for `filter` (placeholders from 2).
pub(crate) fn conditions(filter: &TransactionFilter) -> Conditions {
    let mut b = Builder::new(2);
    let compare = |b: &mut Builder, column: &str, operator: &str, value: SqlValue| {
        let p = b.bind(value);
        b.and(format!("{column} {operator} {p}"));
    };
    let text = |code: &str| SqlValue::Text(code.to_owned());
    if let Some(from) = filter.created_from {
        compare(&mut b, "t.created_at", ">=", SqlValue::Timestamp(from));
    }
    if let Some(before) = filter.created_before {
        compare(&mut b, "t.created_at", "<", SqlValue::Timestamp(before));
    }
    if let Some(amount) = filter.amount_from_minor {
        compare(&mut b, "t.amount_minor", ">=", SqlValue::I64(amount));
    }
    if let Some(amount) = filter.amount_to_minor {
        compare(&mut b, "t.amount_minor", "<=", SqlValue::I64(amount));
    }
    if let Some(status) = filter.latest_status {
        compare(&mut b, "t.status", "=", text(status.code()));
    }
    if let Some(tail) = &filter.debit_account_tail {
        compare(&mut b, "t.debit_account_tail", "=", text(tail));
    }
    if let Some(tail) = &filter.credit_account_tail {
        compare(&mut b, "t.credit_account_tail", "=", text(tail));
    }
    if let Some(account) = filter.debit_financial_account_id {
        let id = SqlValue::Uuid(account.as_uuid());
        compare(&mut b, "t.debit_financial_account_id", "=", id);
    }
    if let Some(account) = filter.credit_financial_account_id {
        let id = SqlValue::Uuid(account.as_uuid());
        compare(&mut b, "t.credit_financial_account_id", "=", id);
    }
    if let Some(kind) = filter.transaction_type {
        compare(&mut b, "t.transaction_type", "=", text(kind.code()));
    }
    if let Some(solution) = filter.solution {
        compare(&mut b, "t.solution", "=", text(solution.code()));
    }
    if let Some(id) = filter.requestor_id {
        compare(&mut b, "t.created_by_id", "=", SqlValue::Uuid(id));
    }
    if let Some(kind) = filter.requestor_type {
        compare(&mut b, "t.created_by_type", "=", text(kind.code()));
    }
    b.finish()
}
