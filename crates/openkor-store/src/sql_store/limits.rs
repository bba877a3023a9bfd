//! [`LimitStore`] over any backend: the limits of a Customer or Financial Account, their
//! amounts changed all or nothing, and their usage in the windows of an instant.

use super::SqlStore;
use super::transactions::limits::{USAGE_SELECT, decode_usage, window_starts};
use crate::db::{Backend, Conn, Row, Value};
use crate::{LimitStore, StoreError, params};
use async_trait::async_trait;
use openkor_domain::clock::Timestamp;
use openkor_domain::ids::BusinessAccountId;
use openkor_domain::transaction_limits::{LimitScope, LimitUsage, TransactionLimit};
use uuid::Uuid;

/// Orders a scope's limits: by currency, then SINGLE, DAILY, WEEKLY, MONTHLY.
const ORDER: &str = " ORDER BY l.currency DESC, CASE l.limit_type WHEN 'SINGLE' THEN 0 \
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
        let usage = self
            .limit_usage(scope, scope_type, scope_id, Timestamp::from_unix_ms(0))
            .await?;
        Ok(usage.into_iter().map(|usage| usage.limit).collect())
    }

    async fn update_limits(
        &self,
        scope: BusinessAccountId,
        amounts_minor: &[(Uuid, i64)],
        at: Timestamp,
    ) -> Result<Vec<TransactionLimit>, StoreError> {
        let mut sorted: Vec<(Uuid, i64)> = amounts_minor.to_vec();
        sorted.sort();
        let order: Vec<Uuid> = amounts_minor.iter().map(|(id, _)| *id).collect();
        self.backend
            .write(move |conn| {
                Box::pin(async move {
                    let mut updated = Vec::with_capacity(sorted.len());
                    for (id, amount_minor) in sorted {
                        let sql = format!(
                            "{USAGE_SELECT} WHERE l.business_account_id = $4 AND l.id = $5{}",
                            conn.dialect().for_update_of("l")
                        );
                        let epoch = Timestamp::from_unix_ms(0);
                        let found = conn
                            .query_opt(
                                &sql,
                                &params![epoch, epoch, epoch, scope.as_uuid(), id],
                                &mut |row: &dyn Row| decode_usage(row, epoch),
                            )
                            .await?
                            .ok_or(StoreError::NotFound)?;
                        conn.execute(
                            "UPDATE transaction_limits SET amount_minor = $1, updated_at = $2 WHERE id = $3",
                            &[Value::I64(amount_minor), Value::Timestamp(at), Value::Uuid(id)],
                        )
                        .await?;
                        let mut limit = found.limit;
                        limit.amount_minor = amount_minor;
                        updated.push(limit);
                    }
                    updated.sort_by_key(|limit| order.iter().position(|id| *id == limit.id));
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
}
