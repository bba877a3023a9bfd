//! Webhook subscription and delivery bodies (an openkor extension of reference §12).

use crate::wire::read_only::ReadOnly;
use openkor_domain::patch::Patch;
use openkor_domain::webhook::{Delivery, Subscription};
use openkor_service::webhooks::{SubscriptionChange, SubscriptionInput, WithSecret};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The body of `POST /v1/webhook-subscriptions` and `PUT /v1/webhook-subscriptions/{id}`.
///
/// Create: `url` and `eventTypes` are required. Update: an absent field keeps its value and a
/// `null` description clears it. The read-only fields of the subscription object may be sent
/// back on an update (`id` must match, `state` must be the current one) and are refused on a
/// create.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WebhookSubscriptionRequest {
    /// The receiver: an https URL (plain http only where the operator allows private
    /// targets), at most 2048 characters, with no credentials; it may not reach a loopback,
    /// private, link-local or metadata address.
    #[serde(default)]
    #[schema(value_type = Option<String>, max_length = 2048, example = "https://example.com/webhooks/kor")]
    pub url: Patch<String>,
    /// What it is for, 1–255 characters.
    #[serde(default)]
    #[schema(value_type = Option<String>, max_length = 255)]
    pub description: Patch<String>,
    /// The event types to receive, at least one (reference §12).
    #[serde(default)]
    #[schema(value_type = Option<Vec<String>>, example = json!(["transactions.status-changed"]))]
    pub event_types: Patch<Vec<String>>,
    /// Read-only: must match the path on an update; refused on a create.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub id: ReadOnly,
    /// Read-only: must be the caller's on an update; refused on a create.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub business_account_id: ReadOnly,
    /// Read-only: must be the current state on an update; refused on a create.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub state: ReadOnly,
    /// Read-only: accepted back on an update and ignored; refused on a create.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub disabled_reason: ReadOnly,
    /// Read-only: accepted back on an update and ignored; refused on a create.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub created_at: ReadOnly,
    /// Read-only: accepted back on an update and ignored; refused on a create.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub updated_at: ReadOnly,
}

impl WebhookSubscriptionRequest {
    /// The read-only fields, by wire name.
    pub fn read_only_fields(&self) -> [(&'static str, &ReadOnly); 6] {
        [
            ("id", &self.id),
            ("businessAccountId", &self.business_account_id),
            ("state", &self.state),
            ("disabledReason", &self.disabled_reason),
            ("createdAt", &self.created_at),
            ("updatedAt", &self.updated_at),
        ]
    }

    /// What a create says (absent and `null` read as empty: the validation names them).
    pub fn into_input(self) -> SubscriptionInput {
        SubscriptionInput {
            url: self.url.into_option().unwrap_or_default(),
            description: self.description.into_option(),
            event_types: self.event_types.into_option().unwrap_or_default(),
        }
    }

    /// What an update says.
    pub fn into_change(self) -> SubscriptionChange {
        SubscriptionChange {
            url: self.url.into_option(),
            description: self.description,
            event_types: self.event_types.into_option(),
        }
    }
}

/// A webhook subscription. Its signing secret is shown only when created or rotated.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WebhookSubscriptionBody {
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
}

impl From<Subscription> for WebhookSubscriptionBody {
    fn from(subscription: Subscription) -> Self {
        Self {
            id: subscription.id.to_string(),
            business_account_id: subscription.business_account_id.to_string(),
            url: subscription.url,
            description: subscription.description,
            event_types: subscription
                .event_types
                .iter()
                .map(|kind| kind.code().to_owned())
                .collect(),
            state: subscription.state.code().to_owned(),
            disabled_reason: subscription.disabled_reason,
            created_at: subscription.created_at.to_string(),
            updated_at: subscription.updated_at.to_string(),
        }
    }
}

/// A subscription with its signing secret, shown this once (creation, rotation).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WebhookSubscriptionWithSecretBody {
    /// The subscription.
    #[serde(flatten)]
    pub subscription: WebhookSubscriptionBody,
    /// The Standard Webhooks signing secret, `whsec_` and base64: keep it, it is not shown
    /// again.
    pub secret: String,
}

impl From<WithSecret> for WebhookSubscriptionWithSecretBody {
    fn from(created: WithSecret) -> Self {
        Self {
            subscription: created.subscription.into(),
            secret: created.secret,
        }
    }
}

/// One delivery of one event to one subscription, with its last attempt.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WebhookDeliveryBody {
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
    pub attempt_count: u32,
    /// When it is tried next (`PENDING` only).
    pub next_attempt_at: Option<String>,
    /// When the last attempt started.
    pub last_attempt_at: Option<String>,
    /// The receiver's HTTP status on the last attempt, when it answered.
    pub status_code: Option<u16>,
    /// The last attempt's latency, in milliseconds.
    pub latency_ms: Option<i64>,
    /// What went wrong on the last attempt.
    pub error: Option<String>,
    /// When the event was handed to this subscription.
    pub created_at: String,
    /// When the receiver accepted it.
    pub delivered_at: Option<String>,
}

impl From<Delivery> for WebhookDeliveryBody {
    fn from(delivery: Delivery) -> Self {
        let attempt = delivery.last_attempt;
        Self {
            id: delivery.id.to_string(),
            subscription_id: delivery.subscription_id.to_string(),
            event_id: delivery.event_id.to_string(),
            event_type: delivery.event_type,
            status: delivery.status.code().to_owned(),
            attempt_count: delivery.attempt_count,
            next_attempt_at: delivery.next_attempt_at.map(|at| at.to_string()),
            last_attempt_at: attempt.as_ref().map(|a| a.at.to_string()),
            status_code: attempt.as_ref().and_then(|a| a.status_code),
            latency_ms: attempt.as_ref().map(|a| a.latency_ms),
            error: attempt.and_then(|a| a.error),
            created_at: delivery.created_at.to_string(),
            delivered_at: delivery.delivered_at.map(|at| at.to_string()),
        }
    }
}
