//! The dispatcher: turns outbox events into deliveries, one per active subscription of the
//! event's Business Account that takes its type and existed when it happened.
//!
//! One process dispatches at a time: it holds the lock of the one `webhook_dispatcher` row
//! (PostgreSQL: `FOR UPDATE … SKIP LOCKED`, so the others skip rather than wait), and takes
//! events in `seq` order. A resource's events are written under the resource's lock, so a
//! later one's `seq` is always higher and it is dispatched with or after the earlier ones:
//! the deliveries of one resource exist in order. Events are marked dispatched by `seq`, one
//! by one, so an event whose db transaction commits late is never skipped.

use super::deliveries::insert_pending;
use crate::db::{Conn, Row, Value};
use crate::{StoreError, params, sql};
use openkor_domain::clock::Timestamp;
use openkor_domain::ids::{BusinessAccountId, WebhookDeliveryId, WebhookSubscriptionId};
use uuid::Uuid;

/// An event waiting for its deliveries.
struct Undispatched {
    seq: i64,
    id: Uuid,
    scope: Uuid,
    kind: String,
    resource_id: Uuid,
    created_at: Timestamp,
}

/// An active subscription, as the dispatcher matches it.
struct Receiver {
    id: Uuid,
    scope: Uuid,
    event_types: Vec<String>,
    created_at: Timestamp,
}

impl Receiver {
    fn takes(&self, event: &Undispatched) -> bool {
        self.scope == event.scope
            && self.created_at <= event.created_at
            && self.event_types.contains(&event.kind)
    }
}

/// Dispatches up to `limit` events; 0 when another process is dispatching.
pub(super) async fn dispatch<C: Conn>(
    conn: &mut C,
    now: Timestamp,
    limit: u32,
) -> Result<u32, StoreError> {
    let lock = format!(
        "SELECT w.id FROM webhook_dispatcher w WHERE w.id = 1{}",
        conn.dialect().claim("w")
    );
    if conn
        .query_opt(&lock, &params![], &mut |_: &dyn Row| Ok(()))
        .await?
        .is_none()
    {
        return Ok(0);
    }
    let events = conn
        .query(
            "SELECT seq, id, business_account_id, event_type, resource_id, created_at \
             FROM outbox_events WHERE dispatched_at IS NULL ORDER BY seq LIMIT $1",
            &params![i64::from(limit)],
            &mut |row: &dyn Row| {
                Ok(Undispatched {
                    seq: row.i64(0)?,
                    id: row.uuid(1)?,
                    scope: row.uuid(2)?,
                    kind: row.text(3)?,
                    resource_id: row.uuid(4)?,
                    created_at: row.timestamp(5)?,
                })
            },
        )
        .await?;
    if events.is_empty() {
        return Ok(0);
    }
    let receivers = active_receivers(conn, &events).await?;
    for event in &events {
        for receiver in receivers.iter().filter(|receiver| receiver.takes(event)) {
            insert_pending(
                conn,
                WebhookDeliveryId::from_uuid(Uuid::now_v7()),
                BusinessAccountId::from_uuid(event.scope),
                WebhookSubscriptionId::from_uuid(receiver.id),
                event.id,
                event.seq,
                event.resource_id,
                now,
            )
            .await?;
        }
    }
    mark_dispatched(conn, &events, now).await?;
    Ok(u32::try_from(events.len()).unwrap_or(u32::MAX))
}

/// The active subscriptions of the Business Accounts of `events`.
async fn active_receivers<C: Conn>(
    conn: &mut C,
    events: &[Undispatched],
) -> Result<Vec<Receiver>, StoreError> {
    let mut scopes: Vec<Uuid> = events.iter().map(|event| event.scope).collect();
    scopes.sort_unstable();
    scopes.dedup();
    let sql = format!(
        "SELECT id, business_account_id, event_types, created_at FROM webhook_subscriptions \
         WHERE state = 'ACTIVE' AND deleted_at IS NULL AND business_account_id IN ({})",
        sql::placeholder_list(1, scopes.len())
    );
    let values: Vec<Value<'_>> = scopes.iter().map(|scope| Value::Uuid(*scope)).collect();
    conn.query(&sql, &values, &mut |row: &dyn Row| {
        Ok(Receiver {
            id: row.uuid(0)?,
            scope: row.uuid(1)?,
            event_types: serde_json::from_str(&row.text(2)?)
                .map_err(|error| StoreError::Other(format!("stored event types: {error}")))?,
            created_at: row.timestamp(3)?,
        })
    })
    .await
}

/// Marks exactly `events` dispatched.
async fn mark_dispatched<C: Conn>(
    conn: &mut C,
    events: &[Undispatched],
    now: Timestamp,
) -> Result<(), StoreError> {
    let sql = format!(
        "UPDATE outbox_events SET dispatched_at = $1 WHERE seq IN ({})",
        sql::placeholder_list(2, events.len())
    );
    let mut values: Vec<Value<'_>> = Vec::with_capacity(events.len() + 1);
    values.push(Value::Timestamp(now));
    values.extend(events.iter().map(|event| Value::I64(event.seq)));
    conn.execute(&sql, &values).await.map(|_| ())
}
