//! Webhook subscriptions: one column list with its values and decoder, and the statements of
//! create, read, list, update, delete and secret rotation. Secrets are written sealed only
//! (`signing_secrets.rs`).

use super::signing_secrets::SecretColumn;
use crate::db::{Conn, Row, Value};
use crate::sealing::DataKeys;
use crate::sql::{Conditions, SortColumn, TieBreak};
use crate::{StoreError, params};
use openkor_domain::clock::Timestamp;
use openkor_domain::ids::{BusinessAccountId, WebhookSubscriptionId};
use openkor_domain::webhook::{EventType, Subscription, SubscriptionState, WebhookSortField};
use std::sync::LazyLock;

/// The columns a subscription is read from, in decoding order.
pub(crate) const COLUMNS: &str = "s.id, s.business_account_id, s.url, s.description, s.event_types, \
    s.state, s.disabled_reason, s.version, s.created_at, s.updated_at";

/// The table the list reads, aliased `s`.
pub(crate) const LIST_FROM: &str = "webhook_subscriptions s";

/// The list's order after its sort keys.
pub(crate) const TIE_BREAK: TieBreak = TieBreak {
    created_at: "s.created_at",
    id: "s.id",
};

/// The list's conditions: live subscriptions only.
pub(crate) fn list_conditions() -> Conditions {
    Conditions {
        sql: " AND s.deleted_at IS NULL".to_owned(),
        values: Vec::new(),
    }
}

/// The column the list is sorted on by `field`.
pub(crate) fn sort_column(field: WebhookSortField) -> SortColumn {
    match field {
        WebhookSortField::CreatedAt => SortColumn::timestamp("s.created_at"),
    }
}

static SELECT_LIVE: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {COLUMNS} FROM webhook_subscriptions s \
         WHERE s.business_account_id = $1 AND s.id = $2 AND s.deleted_at IS NULL"
    )
});

/// The event types as stored: a JSON array of their codes.
fn event_types_json(types: &[EventType]) -> String {
    let codes: Vec<&str> = types.iter().map(|kind| kind.code()).collect();
    serde_json::Value::from(codes).to_string()
}

fn parse_event_types(text: &str) -> Result<Vec<EventType>, StoreError> {
    let codes: Vec<String> = serde_json::from_str(text)
        .map_err(|error| StoreError::Other(format!("stored event types: {error}")))?;
    codes
        .iter()
        .map(|code| {
            EventType::from_code(code)
                .ok_or_else(|| StoreError::Other(format!("unknown stored event type {code}")))
        })
        .collect()
}

/// Decodes a row of [`COLUMNS`].
pub(super) fn decode(row: &dyn Row) -> Result<Subscription, StoreError> {
    let state = row.text(5)?;
    Ok(Subscription {
        id: WebhookSubscriptionId::from_uuid(row.uuid(0)?),
        business_account_id: BusinessAccountId::from_uuid(row.uuid(1)?),
        url: row.text(2)?,
        description: row.opt_text(3)?,
        event_types: parse_event_types(&row.text(4)?)?,
        state: SubscriptionState::from_code(&state)
            .ok_or_else(|| StoreError::Other(format!("unknown subscription state {state}")))?,
        disabled_reason: row.opt_text(6)?,
        version: row.i64(7)?,
        created_at: row.timestamp(8)?,
        updated_at: row.timestamp(9)?,
    })
}

/// The live subscription `id` of `scope`, locked when `lock` (PostgreSQL).
pub(super) async fn select_live<C: Conn>(
    conn: &mut C,
    scope: BusinessAccountId,
    id: WebhookSubscriptionId,
    lock: bool,
) -> Result<Subscription, StoreError> {
    let sql = if lock {
        format!("{}{}", *SELECT_LIVE, conn.dialect().for_update())
    } else {
        SELECT_LIVE.clone()
    };
    conn.query_one(&sql, &params![scope.as_uuid(), id.as_uuid()], &mut decode)
        .await
}

/// Inserts `subscription` with `secret` sealed under `keys`, refused when `scope` has `max`
/// live ones already.
pub(super) async fn insert<C: Conn>(
    conn: &mut C,
    subscription: &Subscription,
    secret: &[u8],
    keys: &DataKeys,
    max: usize,
) -> Result<(), StoreError> {
    let scope = subscription.business_account_id.as_uuid();
    // Lock the tenant's row so two creates cannot both pass the count (PostgreSQL).
    let lock = match conn.dialect() {
        crate::db::Dialect::Postgres => {
            "SELECT 1 FROM business_accounts WHERE id = $1 FOR NO KEY UPDATE"
        }
        crate::db::Dialect::Sqlite => "SELECT 1 FROM business_accounts WHERE id = $1",
    };
    conn.query_one(lock, &params![scope], &mut |_: &dyn Row| Ok(()))
        .await?;
    let live = conn
        .query_one(
            "SELECT count(*) FROM webhook_subscriptions WHERE business_account_id = $1 AND deleted_at IS NULL",
            &params![scope],
            &mut |row: &dyn Row| row.i64(0),
        )
        .await?;
    if usize::try_from(live).unwrap_or(usize::MAX) >= max {
        return Err(StoreError::Refused(format!(
            "a Business Account has at most {max} webhook subscriptions"
        )));
    }
    let event_types = event_types_json(&subscription.event_types);
    let secret_sealed = SecretColumn::Current.seal(keys, subscription.id.as_uuid(), secret)?;
    conn.execute(
        "INSERT INTO webhook_subscriptions (id, business_account_id, url, description, event_types, \
         state, disabled_reason, secret_sealed, version, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        &[
            Value::Uuid(subscription.id.as_uuid()),
            Value::Uuid(scope),
            Value::Text(&subscription.url),
            Value::from(subscription.description.as_deref()),
            Value::Json(&event_types),
            Value::Text(subscription.state.code()),
            Value::from(subscription.disabled_reason.as_deref()),
            Value::Bytes(&secret_sealed),
            Value::I64(subscription.version),
            Value::Timestamp(subscription.created_at),
            Value::Timestamp(subscription.updated_at),
        ],
    )
    .await
    .map(|_| ())
}

/// Rewrites `subscription` at `expected_version`; an ACTIVE one forgets its failing streak.
pub(super) async fn update<C: Conn>(
    conn: &mut C,
    subscription: &Subscription,
    expected_version: i64,
) -> Result<(), StoreError> {
    let event_types = event_types_json(&subscription.event_types);
    let updated = conn
        .execute(
            "UPDATE webhook_subscriptions SET url = $4, description = $5, event_types = $6, state = $7, \
             disabled_reason = $8, version = $9, updated_at = $10, \
             failing_since = CASE WHEN $7 = 'ACTIVE' THEN NULL ELSE failing_since END \
             WHERE business_account_id = $1 AND id = $2 AND version = $3 AND deleted_at IS NULL",
            &[
                Value::Uuid(subscription.business_account_id.as_uuid()),
                Value::Uuid(subscription.id.as_uuid()),
                Value::I64(expected_version),
                Value::Text(&subscription.url),
                Value::from(subscription.description.as_deref()),
                Value::Json(&event_types),
                Value::Text(subscription.state.code()),
                Value::from(subscription.disabled_reason.as_deref()),
                Value::I64(subscription.version),
                Value::Timestamp(subscription.updated_at),
            ],
        )
        .await?;
    if updated == 1 {
        return Ok(());
    }
    select_live(
        conn,
        subscription.business_account_id,
        subscription.id,
        false,
    )
    .await?;
    Err(StoreError::Stale)
}

/// Marks a live subscription deleted.
pub(super) async fn delete<C: Conn>(
    conn: &mut C,
    scope: BusinessAccountId,
    id: WebhookSubscriptionId,
    at: Timestamp,
) -> Result<(), StoreError> {
    let deleted = conn
        .execute(
            "UPDATE webhook_subscriptions SET deleted_at = $3, updated_at = $3 \
             WHERE business_account_id = $1 AND id = $2 AND deleted_at IS NULL",
            &params![scope.as_uuid(), id.as_uuid(), at],
        )
        .await?;
    if deleted == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// The stored forms `(secret, secret_sealed)` of a live subscription's current secret, its row
/// locked (PostgreSQL).
const SELECT_SECRET: &str = "SELECT secret, secret_sealed FROM webhook_subscriptions \
    WHERE business_account_id = $1 AND id = $2 AND deleted_at IS NULL";

/// Replaces the secret with `secret`, keeping the old one until `previous_expires_at`: the old
/// one is opened and sealed again for the previous secret's column, both under `keys`.
pub(super) async fn rotate<C: Conn>(
    conn: &mut C,
    scope: BusinessAccountId,
    id: WebhookSubscriptionId,
    secret: &[u8],
    keys: &DataKeys,
    previous_expires_at: Timestamp,
    at: Timestamp,
) -> Result<Subscription, StoreError> {
    let select = format!("{SELECT_SECRET}{}", conn.dialect().for_update());
    let stored = conn
        .query_opt(
            &select,
            &params![scope.as_uuid(), id.as_uuid()],
            &mut |row: &dyn Row| Ok((row.opt_bytes(0)?, row.opt_bytes(1)?)),
        )
        .await?;
    let Some((plaintext, sealed)) = stored else {
        return Err(StoreError::NotFound);
    };
    let subscription = id.as_uuid();
    let replaced = SecretColumn::open_current(keys, subscription, plaintext, sealed)?;
    let previous_sealed = SecretColumn::Previous.seal(keys, subscription, &replaced)?;
    let secret_sealed = SecretColumn::Current.seal(keys, subscription, secret)?;
    conn.execute(
        "UPDATE webhook_subscriptions SET secret = NULL, secret_sealed = $3, previous_secret = NULL, \
         previous_secret_sealed = $4, previous_secret_expires_at = $5, version = version + 1, \
         updated_at = $6 WHERE business_account_id = $1 AND id = $2 AND deleted_at IS NULL",
        &params![
            scope.as_uuid(),
            subscription,
            secret_sealed.as_slice(),
            previous_sealed.as_slice(),
            previous_expires_at,
            at
        ],
    )
    .await?;
    select_live(conn, scope, id, false).await
}
