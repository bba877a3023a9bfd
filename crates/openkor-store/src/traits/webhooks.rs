//! The webhook storage trait: subscriptions (tenant-scoped, deleted ones invisible), the
//! dispatcher that turns outbox events into deliveries, and the delivery worker's claims.

use crate::StoreError;
use async_trait::async_trait;
use openkor_domain::clock::Timestamp;
use openkor_domain::ids::{BusinessAccountId, EventId, WebhookDeliveryId, WebhookSubscriptionId};
use openkor_domain::paging::{Page, PageRequest};
use openkor_domain::webhook::retry::Verdict;
use openkor_domain::webhook::{Attempt, Delivery, DeliveryStatus, Subscription, WebhookSortField};

/// A delivery claimed by one worker until `lease_until`: what it needs to send it. Its
/// `Debug` shows ids only: never the secrets, the URL (its query may hold a token) or the
/// payload.
#[derive(Clone)]
pub struct ClaimedDelivery {
    /// The delivery.
    pub id: WebhookDeliveryId,
    /// The claim's token: only its holder records the attempt.
    pub lease_id: uuid::Uuid,
    /// The subscription.
    pub subscription_id: WebhookSubscriptionId,
    /// Where it goes.
    pub url: String,
    /// The signing secrets: the current one, then the one a rotation replaced while it still
    /// signs.
    pub secrets: Vec<Vec<u8>>,
    /// The event (the envelope's `id`).
    pub event_id: EventId,
    /// The event's type.
    pub event_type: String,
    /// The event's `data`, as JSON text.
    pub payload: String,
    /// When the event happened.
    pub event_created_at: Timestamp,
    /// Attempts of the current schedule already made (a redelivery starts a new one).
    pub attempts_made: u32,
}

impl std::fmt::Debug for ClaimedDelivery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClaimedDelivery")
            .field("id", &self.id)
            .field("subscription_id", &self.subscription_id)
            .field("event_id", &self.event_id)
            .field("event_type", &self.event_type)
            .field("attempts_made", &self.attempts_made)
            .finish_non_exhaustive()
    }
}

/// What recording an attempt changed beyond the delivery.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AttemptRecorded {
    /// The claim was still held and the attempt recorded (false: the lease ran out and
    /// another worker took the delivery over).
    pub recorded: bool,
    /// The subscription had failed for too long and is now DISABLED.
    pub disabled_subscription: bool,
}

/// Webhook subscriptions and deliveries.
#[async_trait]
pub trait WebhookStore: Send + Sync {
    /// Inserts a subscription with its signing secret, refusing ([`StoreError::Refused`])
    /// when `scope` already has `subscriptions_max` live ones.
    async fn create_webhook_subscription(
        &self,
        subscription: &Subscription,
        secret: &[u8],
        subscriptions_max: usize,
    ) -> Result<(), StoreError>;

    /// The live subscription `id` of `scope`.
    async fn get_webhook_subscription(
        &self,
        scope: BusinessAccountId,
        id: WebhookSubscriptionId,
    ) -> Result<Subscription, StoreError>;

    /// One page of `scope`'s live subscriptions.
    async fn list_webhook_subscriptions(
        &self,
        scope: BusinessAccountId,
        request: &PageRequest<WebhookSortField>,
    ) -> Result<Page<Subscription>, StoreError>;

    /// Rewrites a subscription (URL, description, event types, state) if its version is still
    /// `expected_version` ([`StoreError::Stale`] otherwise); leaving DISABLED or SUSPENDED for
    /// ACTIVE forgets the failures that disabled it.
    async fn update_webhook_subscription(
        &self,
        subscription: &Subscription,
        expected_version: i64,
    ) -> Result<(), StoreError>;

    /// Deletes a subscription; its pending deliveries are never sent.
    async fn delete_webhook_subscription(
        &self,
        scope: BusinessAccountId,
        id: WebhookSubscriptionId,
        at: Timestamp,
    ) -> Result<(), StoreError>;

    /// Replaces the signing secret; the old one keeps signing until `previous_expires_at`.
    async fn rotate_webhook_secret(
        &self,
        scope: BusinessAccountId,
        id: WebhookSubscriptionId,
        secret: &[u8],
        previous_expires_at: Timestamp,
        at: Timestamp,
    ) -> Result<Subscription, StoreError>;

    /// Writes a `webhook.test` event with `payload` and its one delivery, to subscription `id`
    /// only, due at once.
    async fn create_webhook_test(
        &self,
        scope: BusinessAccountId,
        id: WebhookSubscriptionId,
        payload: &str,
        at: Timestamp,
    ) -> Result<Delivery, StoreError>;

    /// One page of the deliveries of subscription `id` (newest first by default), of `status`
    /// when given.
    async fn list_webhook_deliveries(
        &self,
        scope: BusinessAccountId,
        id: WebhookSubscriptionId,
        status: Option<DeliveryStatus>,
        request: &PageRequest<WebhookSortField>,
    ) -> Result<Page<Delivery>, StoreError>;

    /// Makes a delivery due at `at` again with a fresh retry schedule (a pending one is only
    /// moved up).
    async fn redeliver_webhook(
        &self,
        scope: BusinessAccountId,
        id: WebhookSubscriptionId,
        delivery: WebhookDeliveryId,
        at: Timestamp,
    ) -> Result<Delivery, StoreError>;

    /// Makes the deliveries of up to `limit` undispatched outbox events, oldest first, to
    /// every active subscription of the event's Business Account that takes its type and
    /// existed when it happened; returns how many events it dispatched. One process
    /// dispatches at a time (the others return 0), so one resource's events become
    /// deliveries in order.
    async fn dispatch_webhook_events(&self, now: Timestamp, limit: u32) -> Result<u32, StoreError>;

    /// Claims up to `limit` due deliveries until `lease_until`, never two of one resource for
    /// one subscription, never one whose resource has an older pending one, and never more
    /// than `per_subscription_max` in flight for one subscription.
    async fn claim_webhook_deliveries(
        &self,
        now: Timestamp,
        lease_until: Timestamp,
        limit: u32,
        per_subscription_max: u32,
    ) -> Result<Vec<ClaimedDelivery>, StoreError>;

    /// Records an attempt of a claimed delivery and its verdict, and the subscription's
    /// failing streak (disabling it once it has failed since `disable_if_failing_since`).
    async fn record_webhook_attempt(
        &self,
        claim: &ClaimedDelivery,
        attempt: &Attempt,
        verdict: Verdict,
        disable_if_failing_since: Timestamp,
    ) -> Result<AttemptRecorded, StoreError>;
}
