//! Deliveries as the API shows them: the list of one subscription's, the test event, and a
//! redelivery.

use super::super::cursors::PageTurn;
use super::super::paged::ListQuery;
use crate::db::{Conn, Row};
use crate::sql::{self, Conditions, SortColumn, SqlValue, TieBreak};
use crate::{StoreError, params};
use openkor_domain::clock::Timestamp;
use openkor_domain::ids::{BusinessAccountId, EventId, WebhookDeliveryId, WebhookSubscriptionId};
use openkor_domain::paging::{Page, PageRequest};
use openkor_domain::webhook::{
    Attempt, Delivery, DeliveryStatus, TEST_EVENT_TYPE, WebhookSortField,
};
use uuid::Uuid;

/// The tables a delivery is read from.
pub(crate) const FROM: &str = "webhook_deliveries d JOIN outbox_events e ON e.seq = d.event_seq";

/// The columns a delivery is read from, in decoding order.
pub(crate) const COLUMNS: &str = "d.id, d.subscription_id, d.event_id, e.event_type, d.status, d.attempt_count, \
    d.next_attempt_at, d.last_attempt_at, coalesce(d.last_status_code, 0), coalesce(d.last_latency_ms, 0), \
    d.last_error, \
    d.created_at, d.delivered_at";

/// The list's order after its sort keys.
pub(crate) const TIE_BREAK: TieBreak = TieBreak {
    created_at: "d.created_at",
    id: "d.id",
};

/// The list's conditions: the deliveries of `subscription`, of `status` if given
/// (placeholders from 2).
pub(crate) fn conditions(
    subscription: WebhookSubscriptionId,
    status: Option<DeliveryStatus>,
) -> Conditions {
    let mut conditions = sql::Builder::new(2);
    let placeholder = conditions.bind(SqlValue::Uuid(subscription.as_uuid()));
    conditions.and(format!("d.subscription_id = {placeholder}"));
    if let Some(status) = status {
        let placeholder = conditions.bind(SqlValue::Text(status.code().to_owned()));
        conditions.and(format!("d.status = {placeholder}"));
    }
    conditions.finish()
}

/// The column the list is sorted on by `field`.
pub(crate) fn sort_column(field: WebhookSortField) -> SortColumn {
    match field {
        WebhookSortField::CreatedAt => SortColumn::timestamp("d.created_at"),
    }
}

/// Decodes a row of [`COLUMNS`].
fn decode(row: &dyn Row) -> Result<Delivery, StoreError> {
    let status = row.text(4)?;
    let last_attempt = match row.opt_timestamp(7)? {
        Some(at) => Some(Attempt {
            at,
            status_code: u16::try_from(row.i64(8)?).ok().filter(|code| *code != 0),
            latency_ms: row.i64(9)?,
            error: row.opt_text(10)?,
        }),
        None => None,
    };
    Ok(Delivery {
        id: WebhookDeliveryId::from_uuid(row.uuid(0)?),
        subscription_id: WebhookSubscriptionId::from_uuid(row.uuid(1)?),
        event_id: EventId::from_uuid(row.uuid(2)?),
        event_type: row.text(3)?,
        status: DeliveryStatus::from_code(&status)
            .ok_or_else(|| StoreError::Other(format!("unknown delivery status {status}")))?,
        attempt_count: u32::try_from(row.i64(5)?).unwrap_or(u32::MAX),
        next_attempt_at: row.opt_timestamp(6)?,
        last_attempt,
        created_at: row.timestamp(11)?,
        delivered_at: row.opt_timestamp(12)?,
    })
}

/// The delivery `id` of subscription `subscription` of `scope`.
pub(super) async fn select_one<C: Conn>(
    conn: &mut C,
    scope: BusinessAccountId,
    subscription: WebhookSubscriptionId,
    id: WebhookDeliveryId,
) -> Result<Delivery, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM {FROM} WHERE d.business_account_id = $1 AND d.subscription_id = $2 AND d.id = $3"
    );
    conn.query_one(
        &sql,
        &params![scope.as_uuid(), subscription.as_uuid(), id.as_uuid()],
        &mut decode,
    )
    .await
}

/// One page of a subscription's deliveries.
pub(super) async fn list<C: Conn>(
    conn: &mut C,
    scope: BusinessAccountId,
    subscription: WebhookSubscriptionId,
    status: Option<DeliveryStatus>,
    request: &PageRequest<WebhookSortField>,
    page_turn: &PageTurn,
) -> Result<Page<Delivery>, StoreError> {
    let list = ListQuery {
        from: FROM,
        alias: "d",
        select: COLUMNS,
        conditions: conditions(subscription, status),
    };
    let page = list
        .page(
            conn,
            scope.as_uuid(),
            request,
            sort_column,
            TIE_BREAK,
            page_turn,
            &mut decode,
        )
        .await?;
    Ok(page)
}

/// Writes a `webhook.test` event (already dispatched) and its one delivery, due at `at`.
pub(super) async fn create_test<C: Conn>(
    conn: &mut C,
    scope: BusinessAccountId,
    subscription: WebhookSubscriptionId,
    payload: &str,
    at: Timestamp,
) -> Result<Delivery, StoreError> {
    let event_id = Uuid::now_v7();
    let seq = conn
        .query_one(
            "INSERT INTO outbox_events (id, business_account_id, event_type, payload, resource_id, \
             created_at, dispatched_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING seq",
            &[
                event_id.into(),
                scope.as_uuid().into(),
                TEST_EVENT_TYPE.into(),
                crate::db::Value::Json(payload),
                subscription.as_uuid().into(),
                at.into(),
            ],
            &mut |row: &dyn Row| row.i64(0),
        )
        .await?;
    let id = WebhookDeliveryId::from_uuid(Uuid::now_v7());
    insert_pending(
        conn,
        id,
        scope,
        subscription,
        event_id,
        seq,
        subscription.as_uuid(),
        at,
    )
    .await?;
    select_one(conn, scope, subscription, id).await
}

/// Inserts a pending delivery due at `at` (nothing when the event already has one for the
/// subscription).
#[allow(clippy::too_many_arguments, reason = "one column each")]
pub(super) async fn insert_pending<C: Conn>(
    conn: &mut C,
    id: WebhookDeliveryId,
    scope: BusinessAccountId,
    subscription: WebhookSubscriptionId,
    event_id: Uuid,
    event_seq: i64,
    resource_id: Uuid,
    at: Timestamp,
) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO webhook_deliveries (id, business_account_id, subscription_id, event_id, event_seq, \
         resource_id, status, attempt_count, schedule_start, next_attempt_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 'PENDING', 0, 0, $7, $7) \
         ON CONFLICT (subscription_id, event_id) DO NOTHING",
        &params![
            id.as_uuid(),
            scope.as_uuid(),
            subscription.as_uuid(),
            event_id,
            event_seq,
            resource_id,
            at
        ],
    )
    .await
    .map(|_| ())
}

/// Makes a delivery due at `at` with a fresh schedule; a pending one not in flight is only
/// moved up.
pub(super) async fn redeliver<C: Conn>(
    conn: &mut C,
    scope: BusinessAccountId,
    subscription: WebhookSubscriptionId,
    id: WebhookDeliveryId,
    at: Timestamp,
) -> Result<Delivery, StoreError> {
    conn.execute(
        "UPDATE webhook_deliveries SET next_attempt_at = $4, \
         schedule_start = CASE WHEN status = 'PENDING' THEN schedule_start ELSE attempt_count END, \
         status = 'PENDING', delivered_at = NULL \
         WHERE business_account_id = $1 AND subscription_id = $2 AND id = $3 AND lease_id IS NULL",
        &params![scope.as_uuid(), subscription.as_uuid(), id.as_uuid(), at],
    )
    .await?;
    select_one(conn, scope, subscription, id).await
}
