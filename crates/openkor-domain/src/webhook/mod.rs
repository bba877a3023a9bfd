//! Webhook subscriptions (an openkor extension of reference §12, whose platform manages them
//! only in its portal): which events go to which receiver URL, and the state of each delivery.
//!
//! `address.rs` says which receiver addresses are refused (loopback, private, link-local,
//! metadata…); `retry.rs` holds the retry schedule and when a failing subscription is disabled.

pub mod address;
pub mod retry;

use crate::clock::Timestamp;
use crate::ids::{BusinessAccountId, EventId, WebhookDeliveryId, WebhookSubscriptionId};
use crate::limits::WEBHOOK_DESCRIPTION_CHARS_MAX;
use crate::text::bounded_text;
use crate::validation::{FieldError, FieldErrorCode, ValidationErrors};

/// The prefix of a signing secret as shown to the user (Standard Webhooks).
pub const SECRET_PREFIX: &str = "whsec_";
/// Bytes of a signing secret.
pub const SECRET_BYTES: usize = 32;
/// How long the secret replaced by a rotation keeps signing alongside the new one, in
/// milliseconds, so receivers can switch without dropping a delivery.
pub const PREVIOUS_SECRET_GRACE_MS: i64 = 24 * 60 * 60 * 1000;

crate::code_enum! {
    /// The event types of reference §12. openkor writes the first five; the identity
    /// verification and LinX events belong to products it does not implement, so a
    /// subscription may name them but never receives them.
    pub enum EventType {
        /// A transaction's status changed.
        TransactionStatusChanged => "transactions.status-changed",
        /// A Financial Account's balances changed.
        LedgerBalanceUpdated => "ledger.balance-updated",
        /// A Financial Account's state changed.
        FinancialAccountStateUpdated => "financial-account.state-updated",
        /// An account's verification status changed.
        AccountVerificationStatusUpdated => "account.verification-status-updated",
        /// A Customer's status changed.
        CustomerStatusUpdated => "customer.status-updated",
        /// An identity-verification application changed (never written by openkor).
        IdentityVerificationStatusUpdated => "identity-verification.status-updated",
        /// A watch-list hit (never written by openkor).
        IdentityVerificationWatchlistEventCreated => "identity-verification.watchlist-event-created",
        /// A LinX workflow step changed (never written by openkor).
        LinxWorkflowUpdated => "linx.workflow-updated",
    }
}

/// The type of the event `POST …/{id}/test` sends: to that subscription only, whatever its
/// event types.
pub const TEST_EVENT_TYPE: &str = "webhook.test";

crate::code_enum! {
    /// Whether a subscription receives events.
    pub enum SubscriptionState {
        /// Receives every event of its types.
        Active => "ACTIVE",
        /// Suspended by the user: receives nothing until unsuspended; deliveries already
        /// made wait.
        Suspended => "SUSPENDED",
        /// Disabled by openkor after failing for too long (`disabledReason` says why); as
        /// suspended until unsuspended.
        Disabled => "DISABLED",
    }
}

crate::code_enum! {
    /// Where one delivery stands.
    pub enum DeliveryStatus {
        /// Not yet accepted by the receiver; `nextAttemptAt` says when it is tried.
        Pending => "PENDING",
        /// The receiver answered 2xx.
        Delivered => "DELIVERED",
        /// Every attempt of the retry schedule failed (a redelivery can try again).
        Failed => "FAILED",
    }
}

/// A webhook subscription. Its signing secret is never part of it: it is shown once, when
/// created or rotated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subscription {
    /// Its id.
    pub id: WebhookSubscriptionId,
    /// The Business Account whose events it receives.
    pub business_account_id: BusinessAccountId,
    /// The receiver URL.
    pub url: String,
    /// What it is for.
    pub description: Option<String>,
    /// The event types it receives, in the order given, without repeats.
    pub event_types: Vec<EventType>,
    /// Whether it receives events.
    pub state: SubscriptionState,
    /// Why openkor disabled it (only when `state` is DISABLED).
    pub disabled_reason: Option<String>,
    /// Optimistic concurrency version.
    pub version: i64,
    /// When it was created.
    pub created_at: Timestamp,
    /// When it last changed.
    pub updated_at: Timestamp,
}

/// What a create or update body says, validated except for the URL (whose checks resolve
/// names, which the domain does not do).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubscriptionDraft {
    /// The receiver URL as sent.
    pub url: String,
    /// What it is for.
    pub description: Option<String>,
    /// The event types, without repeats.
    pub event_types: Vec<EventType>,
}

impl SubscriptionDraft {
    /// Validates the description and the event types (at least one, each documented;
    /// repeats are dropped).
    pub fn new(
        url: String,
        description: Option<&str>,
        event_types: &[String],
    ) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let description = description.and_then(|text| {
            errors.collect(bounded_text(
                "description",
                text,
                1,
                WEBHOOK_DESCRIPTION_CHARS_MAX,
            ))
        });
        let mut types = Vec::with_capacity(event_types.len());
        if event_types.is_empty() {
            errors.push(FieldError::new(
                "eventTypes",
                FieldErrorCode::Required,
                "must name at least one event type",
            ));
        }
        for (index, code) in event_types.iter().enumerate() {
            match EventType::from_code(code) {
                Some(kind) if !types.contains(&kind) => types.push(kind),
                Some(_) => {}
                None => errors.push(FieldError::new(
                    format!("eventTypes[{index}]"),
                    FieldErrorCode::InvalidValue,
                    format!("must be one of {}", EventType::codes_list()),
                )),
            }
        }
        errors.finish(Self {
            url,
            description,
            event_types: types,
        })
    }
}

/// One delivery of one event to one subscription, with its last attempt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delivery {
    /// Its id.
    pub id: WebhookDeliveryId,
    /// The subscription.
    pub subscription_id: WebhookSubscriptionId,
    /// The event.
    pub event_id: EventId,
    /// The event's type.
    pub event_type: String,
    /// Where it stands.
    pub status: DeliveryStatus,
    /// Attempts made so far.
    pub attempt_count: u32,
    /// When it is tried next (PENDING only).
    pub next_attempt_at: Option<Timestamp>,
    /// The last attempt's time, HTTP status (when the receiver answered), latency and error.
    pub last_attempt: Option<Attempt>,
    /// When it was made.
    pub created_at: Timestamp,
    /// When the receiver accepted it.
    pub delivered_at: Option<Timestamp>,
}

/// What one attempt found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attempt {
    /// When it started.
    pub at: Timestamp,
    /// The receiver's HTTP status, when it answered.
    pub status_code: Option<u16>,
    /// From the request's start to the answer (or the failure), in milliseconds.
    pub latency_ms: i64,
    /// What went wrong (a non-2xx answer, a timeout, a refused address…), when it failed.
    pub error: Option<String>,
}

impl Attempt {
    /// Whether the receiver accepted the event (answered 2xx).
    pub fn succeeded(&self) -> bool {
        self.error.is_none()
            && self
                .status_code
                .is_some_and(|code| (200..300).contains(&code))
    }
}

crate::code_enum! {
    /// Fields the subscription and delivery lists can be sorted on.
    pub enum WebhookSortField {
        /// Creation time.
        CreatedAt => "createdAt",
    }
}
