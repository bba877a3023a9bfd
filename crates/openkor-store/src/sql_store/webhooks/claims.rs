//! The delivery worker's side: claiming due deliveries under a lease, and recording what an
//! attempt found.
//!
//! A claim sets `lease_id` and `lease_until` in a short db transaction; the HTTP request runs
//! outside any db transaction; the attempt is recorded only by the lease's holder. A process
//! that dies mid-request leaves its lease to run out, and the delivery is due again for
//! whoever claims next: at least once, never lost. On PostgreSQL the claim locks with `FOR
//! UPDATE … SKIP LOCKED` and checks the lease again on the locked row, so two processes
//! never hold one delivery. A claimed delivery carries the subscription's secrets opened
//! (`signing_secrets.rs`); a previous secret that expired is not opened.

use super::signing_secrets::SecretColumn;
use crate::db::{Conn, Row, Value};
use crate::sealing::DataKeys;
use crate::{AttemptRecorded, ClaimedDelivery, StoreError, params, sql};
use openkor_domain::clock::Timestamp;
use openkor_domain::ids::{EventId, WebhookDeliveryId, WebhookSubscriptionId};
use openkor_domain::webhook::Attempt;
use openkor_domain::webhook::retry::Verdict;
use uuid::Uuid;

/// Due deliveries, oldest first: the oldest pending one of each resource of each active
/// subscription, at most `$2` in flight per subscription. Placeholders: `$1` now, `$2` the
/// per-subscription cap, `$3` the batch size.
const DUE: &str = "SELECT d.id FROM webhook_deliveries d WHERE d.id IN ( \
    SELECT c.id FROM ( \
        SELECT p.id, p.subscription_id, ROW_NUMBER() OVER ( \
            PARTITION BY p.subscription_id ORDER BY p.next_attempt_at, p.event_seq) AS place \
        FROM webhook_deliveries p JOIN webhook_subscriptions s ON s.id = p.subscription_id \
        WHERE p.status = 'PENDING' AND p.next_attempt_at <= $1 \
          AND (p.lease_until IS NULL OR p.lease_until <= $1) \
          AND s.state = 'ACTIVE' AND s.deleted_at IS NULL \
          AND NOT EXISTS (SELECT 1 FROM webhook_deliveries o WHERE o.subscription_id = p.subscription_id \
              AND o.resource_id = p.resource_id AND o.status = 'PENDING' AND o.event_seq < p.event_seq) \
    ) c \
    WHERE c.place + (SELECT count(*) FROM webhook_deliveries f WHERE f.subscription_id = c.subscription_id \
        AND f.status = 'PENDING' AND f.lease_until > $1) <= $2) \
  AND d.status = 'PENDING' AND (d.lease_until IS NULL OR d.lease_until <= $1) \
  ORDER BY d.next_attempt_at, d.event_seq LIMIT $3";

/// What a claimed delivery needs to be sent (followed by the list of ids, from `$1`).
const CLAIMED: &str = "SELECT d.id, d.subscription_id, s.url, s.secret, s.secret_sealed, \
    s.previous_secret, s.previous_secret_sealed, s.previous_secret_expires_at, d.event_id, \
    e.event_type, e.payload, e.created_at, d.attempt_count - d.schedule_start \
    FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id \
    JOIN outbox_events e ON e.seq = d.event_seq WHERE d.id IN ";

/// Claims up to `limit` due deliveries until `lease_until`, their secrets opened with `keys`.
pub(super) async fn claim<C: Conn>(
    conn: &mut C,
    keys: &DataKeys,
    now: Timestamp,
    lease_until: Timestamp,
    limit: u32,
    per_subscription_max: u32,
) -> Result<Vec<ClaimedDelivery>, StoreError> {
    let due = format!("{DUE}{}", conn.dialect().claim("d"));
    let ids = conn
        .query(
            &due,
            &params![now, i64::from(per_subscription_max), i64::from(limit)],
            &mut |row: &dyn Row| row.uuid(0),
        )
        .await?;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let lease_id = Uuid::now_v7();
    let sql = format!(
        "UPDATE webhook_deliveries SET lease_id = $1, lease_until = $2 WHERE id IN ({})",
        sql::placeholder_list(3, ids.len())
    );
    let mut values: Vec<Value<'_>> = vec![Value::Uuid(lease_id), Value::Timestamp(lease_until)];
    values.extend(ids.iter().map(|id| Value::Uuid(*id)));
    conn.execute(&sql, &values).await?;
    let claimed = format!(
        "{CLAIMED}({}) ORDER BY d.next_attempt_at, d.event_seq",
        sql::placeholder_list(1, ids.len())
    );
    let values: Vec<Value<'_>> = ids.iter().map(|id| Value::Uuid(*id)).collect();
    conn.query(&claimed, &values, &mut |row: &dyn Row| {
        let subscription = row.uuid(1)?;
        Ok(ClaimedDelivery {
            id: WebhookDeliveryId::from_uuid(row.uuid(0)?),
            lease_id,
            subscription_id: WebhookSubscriptionId::from_uuid(subscription),
            url: row.text(2)?,
            secrets: secrets_in_use(row, keys, subscription, now)?,
            event_id: EventId::from_uuid(row.uuid(8)?),
            event_type: row.text(9)?,
            payload: row.text(10)?,
            event_created_at: row.timestamp(11)?,
            attempts_made: u32::try_from(row.i64(12)?).unwrap_or(u32::MAX),
        })
    })
    .await
}

/// The secrets a claimed delivery of [`CLAIMED`] is signed with, opened: the subscription's,
/// and the one it replaced until that expires.
fn secrets_in_use(
    row: &dyn Row,
    keys: &DataKeys,
    subscription: Uuid,
    now: Timestamp,
) -> Result<Vec<Vec<u8>>, StoreError> {
    let mut secrets = vec![SecretColumn::open_current(
        keys,
        subscription,
        row.opt_bytes(3)?,
        row.opt_bytes(4)?,
    )?];
    if row
        .opt_timestamp(7)?
        .is_some_and(|expires_at| expires_at > now)
        && let Some(previous) =
            SecretColumn::Previous.open(keys, subscription, row.opt_bytes(5)?, row.opt_bytes(6)?)?
    {
        secrets.push(previous);
    }
    Ok(secrets)
}

/// Records `attempt` of a claimed delivery with its verdict, then the subscription's failing
/// streak; disables the subscription when it has failed since `disable_if_failing_since`.
pub(super) async fn record<C: Conn>(
    conn: &mut C,
    claim: &ClaimedDelivery,
    attempt: &Attempt,
    verdict: Verdict,
    disable_if_failing_since: Timestamp,
) -> Result<AttemptRecorded, StoreError> {
    let (status, next_attempt_at, delivered_at) = match verdict {
        Verdict::Delivered => ("DELIVERED", None, Some(attempt.at)),
        Verdict::RetryAfter { delay_ms } => (
            "PENDING",
            Some(attempt.at.plus_ms(attempt.latency_ms + delay_ms)),
            None,
        ),
        Verdict::Failed => ("FAILED", None, None),
    };
    let error = attempt.error.as_deref().map(|text| truncated(text, 500));
    let updated = conn
        .execute(
            "UPDATE webhook_deliveries SET attempt_count = attempt_count + 1, last_attempt_at = $3, \
             last_status_code = $4, last_latency_ms = $5, last_error = $6, lease_id = NULL, \
             lease_until = NULL, status = $7, next_attempt_at = $8, delivered_at = $9 \
             WHERE id = $1 AND lease_id = $2",
            &params![
                claim.id.as_uuid(),
                claim.lease_id,
                attempt.at,
                attempt.status_code.map(i64::from),
                attempt.latency_ms,
                error,
                status,
                next_attempt_at,
                delivered_at
            ],
        )
        .await?;
    if updated == 0 {
        return Ok(AttemptRecorded::default());
    }
    let subscription = claim.subscription_id.as_uuid();
    if verdict == Verdict::Delivered {
        conn.execute(
            "UPDATE webhook_subscriptions SET failing_since = NULL WHERE id = $1 AND failing_since IS NOT NULL",
            &params![subscription],
        )
        .await?;
        return Ok(AttemptRecorded {
            recorded: true,
            disabled_subscription: false,
        });
    }
    conn.execute(
        "UPDATE webhook_subscriptions SET failing_since = $2 WHERE id = $1 AND failing_since IS NULL",
        &params![subscription, attempt.at],
    )
    .await?;
    let disabled = conn
        .execute(
            "UPDATE webhook_subscriptions SET state = 'DISABLED', disabled_reason = $3, \
             version = version + 1, updated_at = $2 \
             WHERE id = $1 AND state = 'ACTIVE' AND deleted_at IS NULL AND failing_since <= $4",
            &params![
                subscription,
                attempt.at,
                DISABLED_REASON,
                disable_if_failing_since
            ],
        )
        .await?;
    Ok(AttemptRecorded {
        recorded: true,
        disabled_subscription: disabled > 0,
    })
}

/// Why a subscription was disabled.
const DISABLED_REASON: &str = "every delivery attempt failed for 72 hours; fix the receiver, \
    then unsuspend the subscription to resume its pending deliveries";

/// `text` cut to at most `max_chars` characters.
fn truncated(text: &str, max_chars: usize) -> &str {
    match text.char_indices().nth(max_chars) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}
