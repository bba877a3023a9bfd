//! Webhook subscriptions and their deliveries.

use super::*;

/// A webhook subscription. Its signing secret is shown only when created or rotated.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookSubscription {
    /// UUID.
    pub id: String,
    /// The Business Account whose events it receives.
    pub business_account_id: String,
    /// The receiver URL.
    pub url: String,
    /// What it is for.
    pub description: Option<String>,
    /// The event types it receives.
    pub event_types: Vec<String>,
    /// `ACTIVE`, `SUSPENDED` (by you) or `DISABLED` (by openkor after failing for 72 hours).
    pub state: String,
    /// Why openkor disabled it (only when `DISABLED`).
    pub disabled_reason: Option<String>,
    /// Creation time.
    pub created_at: String,
    /// Last change.
    pub updated_at: String,
    /// Members this client does not model, kept as received.
    #[serde(flatten, serialize_with = "unmodelled::write")]
    pub extra: Map<String, Value>,
}

/// One delivery of one event to one subscription, with its last attempt.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookDelivery {
    /// UUID.
    pub id: String,
    /// The subscription.
    pub subscription_id: String,
    /// The event (the envelope's `id` and the `webhook-id` header).
    pub event_id: String,
    /// The event's type.
    pub event_type: String,
    /// `PENDING`, `DELIVERED` or `FAILED`.
    pub status: String,
    /// Attempts made.
    pub attempt_count: i32,
    /// When it is tried next (`PENDING` only).
    pub next_attempt_at: Option<String>,
    /// When the last attempt started.
    pub last_attempt_at: Option<String>,
    /// The receiver's HTTP status on the last attempt, when it answered.
    pub status_code: Option<i32>,
    /// The last attempt's latency, in milliseconds.
    pub latency_ms: Option<i64>,
    /// What went wrong on the last attempt.
    pub error: Option<String>,
    /// When the event was handed to this subscription.
    pub created_at: String,
    /// When the receiver accepted it.
    pub delivered_at: Option<String>,
    /// Members this client does not model, kept as received.
    #[serde(flatten, serialize_with = "unmodelled::write")]
    pub extra: Map<String, Value>,
}

/// The body of `POST /v1/webhook-subscriptions` (an update is a
/// [`WebhookSubscriptionUpdate`]): `url` and `eventTypes` are required.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookSubscriptionRequest {
    /// The receiver: an https URL (plain http only where the operator allows private
    /// targets), at most 2048 characters, with no credentials and no private address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// What it is for, 1–255 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The event types to receive, at least one (reference §12).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_types: Option<Vec<String>>,
}

/// The body of `PUT /v1/webhook-subscriptions/{subscriptionId}`: an absent field keeps its
/// value and a `null` description clears it (`url` and `eventTypes` cannot be cleared).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookSubscriptionUpdate {
    /// The receiver, as on a create.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    pub url: Patch<String>,
    /// What it is for, 1–255 characters.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    pub description: Patch<String>,
    /// The event types to receive, at least one.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    pub event_types: Patch<Vec<String>>,
}
