//! Conformance cases: webhook signing secrets (a subscription's, and the one a rotation
//! replaced) are stored sealed, each bound to its column and row, and read back opened only
//! where they are used, by the delivery worker's claim; the database keeps one form of each.

use super::{Raw, contains, raw};
use crate::conformance::fixtures::{self, T0};
use crate::db::{Backend, Conn, Row};
use crate::sealing::sealed_under;
use crate::sql_store::SqlStore;
use crate::{ProvisioningStore, StoreError, WebhookStore, params};
use openkor_domain::clock::Timestamp;
use openkor_domain::ids::{BusinessAccountId, WebhookSubscriptionId};
use openkor_domain::webhook::{EventType, Subscription, SubscriptionState};
use std::collections::BTreeMap;
use uuid::Uuid;

/// How long a previous secret keeps signing in these cases: past every claim they make.
const PREVIOUS_UNTIL: Timestamp = T0.plus_ms(24 * 60 * 60 * 1000);

/// A recognisable secret of 32 bytes.
pub(super) fn secret(seed: u8) -> Vec<u8> {
    (0..32).map(|n| seed ^ n).collect()
}

/// A new Business Account to subscribe with.
pub(super) async fn tenant<B: Backend + Clone>(store: &SqlStore<B>) -> BusinessAccountId {
    let provisioning = fixtures::provisioning("Hooks", None, T0);
    store.provision(&provisioning).await.expect("provision");
    provisioning.business_account.id
}

/// A new ACTIVE subscription of `scope` signing with `secret`, with a pending test delivery so
/// that a claim shows its secrets.
pub(super) async fn subscribed<B: Backend + Clone>(
    store: &SqlStore<B>,
    scope: BusinessAccountId,
    secret: &[u8],
) -> WebhookSubscriptionId {
    let subscription = Subscription {
        id: WebhookSubscriptionId::from_uuid(Uuid::now_v7()),
        business_account_id: scope,
        url: "https://hooks.example/openkor".into(),
        description: None,
        event_types: vec![EventType::TransactionStatusChanged],
        state: SubscriptionState::Active,
        disabled_reason: None,
        version: 1,
        created_at: T0,
        updated_at: T0,
    };
    store
        .create_webhook_subscription(&subscription, secret, 10)
        .await
        .expect("subscribed");
    store
        .create_webhook_test(scope, subscription.id, r#"{"test":true}"#, T0)
        .await
        .expect("a test delivery");
    subscription.id
}

/// `id`'s secret replaced by `secret`; the old one signs until [`PREVIOUS_UNTIL`].
pub(super) async fn rotated<B: Backend + Clone>(
    store: &SqlStore<B>,
    scope: BusinessAccountId,
    id: WebhookSubscriptionId,
    secret: &[u8],
) {
    store
        .rotate_webhook_secret(scope, id, secret, PREVIOUS_UNTIL, T0.plus_ms(1))
        .await
        .expect("rotated");
}

/// The secrets each subscription with a due delivery signs with at `at` (each call claims the
/// deliveries for a millisecond; a later `at` claims them again).
pub(super) async fn signing_secrets<B: Backend + Clone>(
    store: &SqlStore<B>,
    at: Timestamp,
) -> Result<BTreeMap<WebhookSubscriptionId, Vec<Vec<u8>>>, StoreError> {
    let claimed = store
        .claim_webhook_deliveries(at, at.plus_ms(1), 100, 10)
        .await?;
    Ok(claimed
        .into_iter()
        .map(|claim| (claim.subscription_id, claim.secrets))
        .collect())
}

/// A subscription's raw `[secret, secret_sealed, previous_secret, previous_secret_sealed]`.
pub(super) async fn stored_webhook_secrets<B: Backend>(
    store: &SqlStore<B>,
    id: WebhookSubscriptionId,
) -> [Option<Vec<u8>>; 4] {
    store
        .backend()
        .read(move |conn| {
            Box::pin(async move {
                conn.query_one(
                    "SELECT secret, secret_sealed, previous_secret, previous_secret_sealed \
                     FROM webhook_subscriptions WHERE id = $1",
                    &params![id.as_uuid()],
                    &mut |row: &dyn Row| {
                        Ok([
                            row.opt_bytes(0)?,
                            row.opt_bytes(1)?,
                            row.opt_bytes(2)?,
                            row.opt_bytes(3)?,
                        ])
                    },
                )
                .await
            })
        })
        .await
        .expect("the row")
}

/// Whether `id` keeps only sealed forms, none holding its plaintext in `secrets`.
pub(super) async fn only_sealed<B: Backend>(
    store: &SqlStore<B>,
    id: WebhookSubscriptionId,
    secrets: &[&[u8]],
) -> bool {
    let [secret, secret_sealed, previous, previous_sealed] =
        stored_webhook_secrets(store, id).await;
    let sealed: Vec<Vec<u8>> = [secret_sealed, previous_sealed]
        .into_iter()
        .flatten()
        .collect();
    secret.is_none()
        && previous.is_none()
        && sealed.len() == secrets.len()
        && sealed
            .iter()
            .all(|value| secrets.iter().all(|plain| !contains(value, plain)))
}

/// A subscription's secret is stored only sealed, under the primary key, as is the one a
/// rotation replaced (sealed again for its own column); the worker's claim opens both. Copied
/// into another row, or into the other column of the same row, a sealed secret opens nothing.
pub async fn webhook_secrets_are_stored_sealed_and_bound_to_their_row<B: Backend + Clone>(
    store: &SqlStore<B>,
) {
    let scope = tenant(store).await;
    let first = subscribed(store, scope, &secret(1)).await;
    let second = subscribed(store, scope, &secret(2)).await;
    assert!(only_sealed(store, first, &[&secret(1)]).await);
    let [_, sealed, _, _] = stored_webhook_secrets(store, first).await;
    assert_eq!(
        sealed_under(&sealed.expect("sealed")),
        Ok(fixtures::data_keys().primary_id())
    );
    let signing = signing_secrets(store, T0).await.expect("claimed");
    assert_eq!(signing[&first], vec![secret(1)]);
    assert_eq!(signing[&second], vec![secret(2)]);

    rotated(store, scope, first, &secret(3)).await;
    assert!(only_sealed(store, first, &[&secret(1), &secret(3)]).await);
    let signing = signing_secrets(store, T0.plus_ms(10))
        .await
        .expect("claimed");
    assert_eq!(signing[&first], vec![secret(3), secret(1)]);
    let expired = signing_secrets(store, PREVIOUS_UNTIL)
        .await
        .expect("claimed");
    assert_eq!(expired[&first], vec![secret(3)], "the old one has expired");
    let later = PREVIOUS_UNTIL.plus_ms(10);

    raw(
        store,
        "UPDATE webhook_subscriptions SET secret_sealed = previous_secret_sealed, \
         previous_secret_sealed = secret_sealed WHERE id = $1",
        vec![Raw::Id(first.as_uuid())],
    )
    .await;
    let swapped = signing_secrets(store, later).await;
    assert!(swapped.is_err(), "a swapped secret opened: {swapped:?}");
    raw(
        store,
        "UPDATE webhook_subscriptions SET secret_sealed = \
         (SELECT secret_sealed FROM webhook_subscriptions WHERE id = $1), \
         previous_secret_sealed = NULL, previous_secret_expires_at = NULL WHERE id = $2",
        vec![Raw::Id(second.as_uuid()), Raw::Id(first.as_uuid())],
    )
    .await;
    let moved = signing_secrets(store, later).await;
    assert!(moved.is_err(), "a moved secret opened: {moved:?}");
}

/// Whether the database refuses `sql` with `values`.
async fn refused<B: Backend>(store: &SqlStore<B>, sql: &'static str, values: Vec<Raw>) -> bool {
    store
        .backend()
        .write(move |conn| Box::pin(async move { conn.execute(sql, &super::bound(&values)).await }))
        .await
        .is_err()
}

/// The database keeps exactly one form of a subscription's secret, at most one of the secret
/// a rotation replaced, and that one only with its expiry; a sealed value has a sealed
/// value's length.
pub async fn the_database_keeps_one_form_of_each_webhook_secret<B: Backend + Clone>(
    store: &SqlStore<B>,
) {
    let scope = tenant(store).await;
    let id = subscribed(store, scope, &secret(1)).await;
    rotated(store, scope, id, &secret(2)).await;
    let with_secret = || vec![Raw::Id(id.as_uuid()), Raw::Bytes(secret(9))];
    let alone = || vec![Raw::Id(id.as_uuid())];
    for (sql, values) in [
        (
            "UPDATE webhook_subscriptions SET secret = $2 WHERE id = $1",
            with_secret(),
        ),
        (
            "UPDATE webhook_subscriptions SET secret_sealed = NULL WHERE id = $1",
            alone(),
        ),
        (
            "UPDATE webhook_subscriptions SET previous_secret = $2 WHERE id = $1",
            with_secret(),
        ),
        (
            "UPDATE webhook_subscriptions SET previous_secret_expires_at = NULL WHERE id = $1",
            alone(),
        ),
        (
            "UPDATE webhook_subscriptions SET previous_secret_sealed = NULL WHERE id = $1",
            alone(),
        ),
        (
            "UPDATE webhook_subscriptions SET secret_sealed = $2, secret = NULL WHERE id = $1",
            with_secret(),
        ),
    ] {
        assert!(refused(store, sql, values).await, "accepted: {sql}");
    }
    assert!(
        !refused(
            store,
            "UPDATE webhook_subscriptions SET previous_secret_sealed = NULL, \
             previous_secret_expires_at = NULL WHERE id = $1",
            alone()
        )
        .await,
        "forgetting the previous secret is allowed"
    );
    assert!(
        !refused(
            store,
            "UPDATE webhook_subscriptions SET secret = $2, secret_sealed = NULL WHERE id = $1",
            with_secret()
        )
        .await,
        "an earlier release's plaintext is allowed"
    );
}
