//! Business Account limits (reference §3.4) over any backend: a Business Account's limits and
//! its ancestors', with their windows' usage, and the operator's setting and removing of them.

use super::transactions::limits::{
    LIMIT_COLUMNS, USAGE_SELECT, decode_limit, decode_usage, window_starts,
};
use crate::db::{Conn, Row};
use crate::{StoreError, params};
use openkor_domain::clock::Timestamp;
use openkor_domain::ids::BusinessAccountId;
use openkor_domain::money::Currency;
use openkor_domain::transaction_limits::{
    BusinessAccountLimits, LimitAmount, LimitScope, LimitType, TransactionLimit,
};
use uuid::Uuid;

/// The one limit of a Business Account of a type and currency.
const ONE: &str = "FROM transaction_limits l WHERE l.business_account_id = $1 \
    AND l.scope_type = 'BUSINESS_ACCOUNT' AND l.scope_id = $1 AND l.limit_type = $2 AND l.currency = $3";

/// The limits of `target` and of each ancestor, nearest first, after checking that `scope`
/// sees `target`.
pub(super) async fn of_account_and_ancestors<C: Conn>(
    conn: &mut C,
    scope: BusinessAccountId,
    target: BusinessAccountId,
    at: Timestamp,
) -> Result<Vec<BusinessAccountLimits>, StoreError> {
    let visible =
        "SELECT 1 FROM business_account_tree WHERE ancestor_id = $1 AND descendant_id = $2";
    if !super::exists(conn, visible, &params![scope.as_uuid(), target.as_uuid()]).await? {
        return Err(StoreError::NotFound);
    }
    let lineage = conn
        .query(
            "SELECT ancestor_id FROM business_account_tree WHERE descendant_id = $1 ORDER BY depth",
            &params![target.as_uuid()],
            &mut |row: &dyn Row| row.uuid(0),
        )
        .await?;
    let [daily, weekly, monthly] = window_starts(at);
    let sql = format!(
        "{USAGE_SELECT} WHERE l.scope_type = 'BUSINESS_ACCOUNT' AND l.business_account_id IN \
         (SELECT ancestor_id FROM business_account_tree WHERE descendant_id = $4){}",
        super::limits::ORDER
    );
    let usages = conn
        .query(
            &sql,
            &params![daily, weekly, monthly, target.as_uuid()],
            &mut |row: &dyn Row| decode_usage(row, at),
        )
        .await?;
    Ok(lineage
        .into_iter()
        .map(|id| BusinessAccountLimits {
            business_account_id: BusinessAccountId::from_uuid(id),
            usages: usages
                .iter()
                .filter(|usage| usage.limit.scope_id == id)
                .cloned()
                .collect(),
        })
        .collect())
}

/// Creates or changes the limit `limit` of `target`.
pub(super) async fn set<C: Conn>(
    conn: &mut C,
    target: BusinessAccountId,
    limit: LimitAmount,
    at: Timestamp,
) -> Result<TransactionLimit, StoreError> {
    let account = "SELECT 1 FROM business_accounts WHERE id = $1";
    if !super::exists(conn, account, &params![target.as_uuid()]).await? {
        return Err(StoreError::NotFound);
    }
    conn.execute(
        "INSERT INTO transaction_limits (id, business_account_id, scope_type, scope_id, limit_type, \
           currency, amount_minor, created_at, updated_at) \
         VALUES ($1, $2, 'BUSINESS_ACCOUNT', $2, $3, $4, $5, $6, $6) \
         ON CONFLICT (business_account_id, scope_type, scope_id, limit_type, currency) \
         DO UPDATE SET amount_minor = excluded.amount_minor, updated_at = excluded.updated_at",
        &params![
            Uuid::now_v7(),
            target.as_uuid(),
            limit.limit_type.code(),
            limit.currency.code(),
            limit.amount_minor,
            at
        ],
    )
    .await?;
    conn.query_one(
        &format!("SELECT {LIMIT_COLUMNS} {ONE}"),
        &params![
            target.as_uuid(),
            limit.limit_type.code(),
            limit.currency.code()
        ],
        &mut decode_limit,
    )
    .await
}

/// Removes a limit of `target`: its charges first (which gives their usage back), then its
/// windows' usage, then the limit.
pub(super) async fn remove<C: Conn>(
    conn: &mut C,
    target: BusinessAccountId,
    limit_type: LimitType,
    currency: Currency,
) -> Result<(), StoreError> {
    let sql = format!(
        "SELECT {LIMIT_COLUMNS} {ONE}{}",
        conn.dialect().for_update_of("l")
    );
    let limit = conn
        .query_opt(
            &sql,
            &params![target.as_uuid(), limit_type.code(), currency.code()],
            &mut decode_limit,
        )
        .await?
        .filter(|limit| limit.scope == LimitScope::BusinessAccount)
        .ok_or(StoreError::NotFound)?;
    for sql in [
        "DELETE FROM transaction_limit_charges WHERE limit_id = $1",
        "DELETE FROM transaction_limit_usage WHERE limit_id = $1",
        "DELETE FROM transaction_limits WHERE id = $1",
    ] {
        conn.execute(sql, &params![limit.id]).await?;
    }
    Ok(())
}
