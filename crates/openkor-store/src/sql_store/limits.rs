//! [`LimitStore`] over any backend: the limits of a Customer or Financial Account, their
//! amounts changed all or nothing, and their usage in the windows of an instant.

use super::SqlStore;
use super::business_account_limits;
use super::transactions::limits::{
    LIMIT_COLUMNS, USAGE_SELECT, decode_limit, decode_usage, window_starts,
};
use crate::db::{Backend, Conn, Row, Value};
use crate::{LimitStore, StoreError, params};
use async_trait::async_trait;
use openkor_domain::clock::Timestamp;
use openkor_domain::ids::BusinessAccountId;
use openkor_domain::money::Currency;
use openkor_domain::transaction_limits::{
    BusinessAccountLimits, LimitAmount, LimitScope, LimitType, LimitUsage, TransactionLimit,
};
use uuid::Uuid;

/// Orders a scope's limits: by currency, then SINGLE, DAILY, WEEKLY, MONTHLY.
pub(super) const ORDER: &str = " ORDER BY l.currency DESC, CASE l.limit_type WHEN 'SINGLE' THEN 0 \
    WHEN 'DAILY' THEN 1 WHEN 'WEEKLY' THEN 2 ELSE 3 END";

/// Whether `scope` has the live Customer or Financial Account `scope_id`.
async fn scope_exists<C: Conn>(
    conn: &mut C,
    scope: BusinessAccountId,
    scope_type: LimitScope,
    scope_id: Uuid,
) -> Result<bool, StoreError> {
    let table = match scope_type {
        LimitScope::Customer => "customers",
        LimitScope::FinancialAccount => "financial_accounts",
        // Not a scope `/v1/limits` names: its limits are read with their ancestors'.
        LimitScope::BusinessAccount => return Ok(false),
    };
    let sql = format!(
        "SELECT 1 FROM {table} WHERE business_account_id = $1 AND id = $2 AND deleted_at IS NULL"
    );
    super::exists(conn, &sql, &params![scope.as_uuid(), scope_id]).await
}

async fn usage_of<C: Conn>(
    conn: &mut C,
    scope: BusinessAccountId,
    scope_type: LimitScope,
    scope_id: Uuid,
    at: Timestamp,
) -> Result<Vec<LimitUsage>, StoreError> {
    if !scope_exists(conn, scope, scope_type, scope_id).await? {
        return Err(StoreError::NotFound);
    }
    let [daily, weekly, monthly] = window_starts(at);
    let sql = format!(
        "{USAGE_SELECT} WHERE l.business_account_id = $4 AND l.scope_type = $5 AND l.scope_id = $6{ORDER}"
    );
    conn.query(
        &sql,
        &params![
            daily,
            weekly,
            monthly,
            scope.as_uuid(),
            scope_type.code(),
            scope_id
        ],
        &mut |row: &dyn Row| decode_usage(row, at),
    )
    .await
}

#[async_trait]
impl<B: Backend> LimitStore for SqlStore<B> {
    async fn list_limits(
        &self,
        scope: BusinessAccountId,
        scope_type: LimitScope,
        scope_id: Uuid,
    ) -> Result<Vec<TransactionLimit>, StoreError> {
        self.backend
            .snapshot(move |conn| {
                Box::pin(async move {
                    if !scope_exists(conn, scope, scope_type, scope_id).await? {
                        return Err(StoreError::NotFound);
                    }
                    let sql = format!(
                        "SELECT {LIMIT_COLUMNS} FROM transaction_limits l \
                         WHERE l.business_account_id = $1 AND l.scope_type = $2 AND l.scope_id = $3{ORDER}"
                    );
                    conn.query(
                        &sql,
                        &params![scope.as_uuid(), scope_type.code(), scope_id],
                        &mut decode_limit,
                    )
                    .await
                })
            })
            .await
    }

    async fn update_limits(
        &self,
        scope: BusinessAccountId,
        amounts_minor: &[(Uuid, i64)],
        at: Timestamp,
    ) -> Result<Vec<TransactionLimit>, StoreError> {
        let amounts_minor = amounts_minor.to_vec();
        self.backend
            .write(move |conn| {
                Box::pin(async move {
                    let mut ids: Vec<Uuid> = amounts_minor.iter().map(|(id, _)| *id).collect();
                    ids.sort();
                    ids.dedup();
                    let sql = format!(
                        "SELECT {LIMIT_COLUMNS} FROM transaction_limits l \
                         WHERE l.business_account_id = $1 AND l.scope_type <> 'BUSINESS_ACCOUNT' \
                         AND l.id IN ({}) ORDER BY l.id{}",
                        crate::sql::placeholder_list(2, ids.len()),
                        conn.dialect().for_update_of("l")
                    );
                    let mut values = vec![Value::Uuid(scope.as_uuid())];
                    values.extend(ids.iter().map(|id| Value::Uuid(*id)));
                    let locked = conn.query(&sql, &values, &mut decode_limit).await?;
                    if locked.len() != ids.len() {
                        return Err(StoreError::NotFound);
                    }
                    let mut updated = Vec::with_capacity(amounts_minor.len());
                    for (id, amount_minor) in amounts_minor {
                        conn.execute(
                            "UPDATE transaction_limits SET amount_minor = $1, updated_at = $2 WHERE id = $3",
                            &params![amount_minor, at, id],
                        )
                        .await?;
                        if let Some(limit) = locked.iter().find(|limit| limit.id == id) {
                            updated.push(TransactionLimit {
                                amount_minor,
                                ..limit.clone()
                            });
                        }
                    }
                    Ok(updated)
                })
            })
            .await
    }

    async fn limit_usage(
        &self,
        scope: BusinessAccountId,
        scope_type: LimitScope,
        scope_id: Uuid,
        at: Timestamp,
    ) -> Result<Vec<LimitUsage>, StoreError> {
        self.backend
            .snapshot(move |conn| {
                Box::pin(async move { usage_of(conn, scope, scope_type, scope_id, at).await })
            })
            .await
    }

    async fn business_account_limits(
        &self,
        scope: BusinessAccountId,
        target: BusinessAccountId,
        at: Timestamp,
    ) -> Result<Vec<BusinessAccountLimits>, StoreError> {
        self.backend
            .snapshot(move |conn| {
                Box::pin(async move {
                    business_account_limits::of_account_and_ancestors(conn, scope, target, at).await
                })
            })
            .await
    }

    async fn set_business_account_limit(
        &self,
        target: BusinessAccountId,
        limit: LimitAmount,
        at: Timestamp,
    ) -> Result<TransactionLimit, StoreError> {
        self.backend
            .write(move |conn| {
                Box::pin(async move { business_account_limits::set(conn, target, limit, at).await })
            })
            .await
    }

    async fn remove_business_account_limit(
        &self,
        target: BusinessAccountId,
        limit_type: LimitType,
        currency: Currency,
    ) -> Result<(), StoreError> {
        self.backend
            .write(move |conn| {
                Box::pin(async move {
                    business_account_limits::remove(conn, target, limit_type, currency).await
                })
            })
            .await
    }
}
