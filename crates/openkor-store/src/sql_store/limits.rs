//! [`LimitStore`] over any backend: the limits of a Customer or Financial Account, their
//! amounts changed all or nothing, and their usage in the windows of an instant.

use super::SqlStore;
use super::business_account_limits;
use super::default_limits;
use super::transactions::limits::{
    LIMIT_COLUMNS, USAGE_SELECT, decode_limit, decode_usage, window_starts,
};
use crate::db::{Backend, Conn, Row, Value};
use crate::{LimitStore, StoreError, params};
use async_trait::async_trait;
use openkor_domain::clock::Timestamp;
use openkor_domain::default_limits::with_defaults;
use openkor_domain::ids::BusinessAccountId;
use openkor_domain::money::Currency;
use openkor_domain::transaction_limits::{
    BusinessAccountLimits, LimitAmount, LimitScope, LimitType, LimitUsage, TransactionLimit, window,
};
use uuid::Uuid;

/// Orders a scope's limits: by currency, then SINGLE, DAILY, WEEKLY, MONTHLY.
pub(super) const ORDER: &str = " ORDER BY l.currency DESC, CASE l.limit_type WHEN 'SINGLE' THEN 0 \
    WHEN 'DAILY' THEN 1 WHEN 'WEEKLY' THEN 2 ELSE 3 END";

/// The stored limits of `scope`'s `scope_type` `scope_id`, with their usage in the windows
/// containing `at`.
async fn stored_usage<C: Conn>(
    conn: &mut C,
    scope: BusinessAccountId,
    scope_type: LimitScope,
    scope_id: Uuid,
    at: Timestamp,
) -> Result<Vec<LimitUsage>, StoreError> {
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

/// The limits of `scope`'s `scope_type` `scope_id` (stored, and the defaults not stored) with
/// their usage in the windows containing `at`, in list order.
async fn usage_of<C: Conn>(
    conn: &mut C,
    scope: BusinessAccountId,
    scope_type: LimitScope,
    scope_id: Uuid,
    at: Timestamp,
) -> Result<Vec<LimitUsage>, StoreError> {
    let defaults = default_limits::defaults_of(conn, scope, scope_type, scope_id)
        .await?
        .ok_or(StoreError::NotFound)?;
    let stored = stored_usage(conn, scope, scope_type, scope_id, at).await?;
    let limits = with_defaults(stored.iter().map(|u| u.limit.clone()).collect(), defaults);
    Ok(limits
        .into_iter()
        .map(|limit| {
            let used_minor = stored
                .iter()
                .find(|usage| usage.limit.id == limit.id)
                .map_or(0, |usage| usage.used_minor);
            LimitUsage {
                window: window(limit.limit_type, at),
                limit,
                used_minor,
            }
        })
        .collect())
}

/// Locks the stored limits of `scope` (not a Business Account's) among `ids`, in id order.
async fn lock_limits<C: Conn>(
    conn: &mut C,
    scope: BusinessAccountId,
    ids: &[Uuid],
) -> Result<Vec<TransactionLimit>, StoreError> {
    let sql = format!(
        "SELECT {LIMIT_COLUMNS} FROM transaction_limits l \
         WHERE l.business_account_id = $1 AND l.scope_type <> 'BUSINESS_ACCOUNT' \
         AND l.id IN ({}) ORDER BY l.id{}",
        crate::sql::placeholder_list(2, ids.len()),
        conn.dialect().for_update_of("l")
    );
    let mut values = vec![Value::Uuid(scope.as_uuid())];
    values.extend(ids.iter().map(|id| Value::Uuid(*id)));
    conn.query(&sql, &values, &mut decode_limit).await
}

/// Stores the defaults among `ids` that are not in `stored` yet, so every one of `ids` can be
/// locked and changed; [`StoreError::NotFound`] when one names no limit of `scope`. Called
/// after the stored ones are locked, as a transaction does: locks, then inserts, each in id
/// order.
async fn store_named_defaults<C: Conn>(
    conn: &mut C,
    scope: BusinessAccountId,
    ids: &[Uuid],
    stored: &[TransactionLimit],
    at: Timestamp,
) -> Result<(), StoreError> {
    let unstored: Vec<Uuid> = ids
        .iter()
        .copied()
        .filter(|id| stored.iter().all(|limit| limit.id != *id))
        .collect();
    let defaults = default_limits::named_defaults(conn, scope, &unstored)
        .await?
        .ok_or(StoreError::NotFound)?;
    default_limits::store(conn, scope, &defaults, at).await
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
                    let defaults = default_limits::defaults_of(conn, scope, scope_type, scope_id)
                        .await?
                        .ok_or(StoreError::NotFound)?;
                    let sql = format!(
                        "SELECT {LIMIT_COLUMNS} FROM transaction_limits l \
                         WHERE l.business_account_id = $1 AND l.scope_type = $2 AND l.scope_id = $3"
                    );
                    let stored = conn
                        .query(
                            &sql,
                            &params![scope.as_uuid(), scope_type.code(), scope_id],
                            &mut decode_limit,
                        )
                        .await?;
                    Ok(with_defaults(stored, defaults))
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
                    let mut locked = lock_limits(conn, scope, &ids).await?;
                    if locked.len() < ids.len() {
                        store_named_defaults(conn, scope, &ids, &locked, at).await?;
                        locked = lock_limits(conn, scope, &ids).await?;
                    }
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
