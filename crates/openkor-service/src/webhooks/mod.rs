//! Webhook subscriptions (an openkor extension: the hosted platform manages them only in its
//! portal): create, read, change, suspend, rotate the signing secret, send a test event, and
//! read and redeliver deliveries. The delivery worker lives in the server; `signature.rs` is
//! the signing it uses, `target.rs` the receiver URL rules both share.

pub mod signature;
pub mod target;

use crate::ServiceError;
use crate::auth::authorize;
use crate::customers::UPDATE_ATTEMPTS_MAX;
use crate::random::random_bytes;
use openkor_domain::clock::Clock;
use openkor_domain::ids::{WebhookDeliveryId, WebhookSubscriptionId};
use openkor_domain::limits::WEBHOOK_SUBSCRIPTIONS_MAX;
use openkor_domain::paging::{Page, PageRequest};
use openkor_domain::patch::Patch;
use openkor_domain::role::Permission;
use openkor_domain::service_account::Principal;
use openkor_domain::validation::{FieldError, FieldErrorCode, ValidationErrors};
use openkor_domain::webhook::{
    Delivery, DeliveryStatus, PREVIOUS_SECRET_GRACE_MS, SECRET_BYTES, Subscription,
    SubscriptionDraft, SubscriptionState, WebhookSortField,
};
use openkor_store::{Store, StoreError};
use std::sync::Arc;
use target::TargetPolicy;

const SUBSCRIPTION: &str = "webhook subscription";
const DELIVERY: &str = "webhook delivery";

/// A subscription with its signing secret, shown this once (its `Debug` hides the secret).
#[derive(Clone)]
pub struct WithSecret {
    /// The subscription.
    pub subscription: Subscription,
    /// `whsec_…`.
    pub secret: String,
}

impl std::fmt::Debug for WithSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WithSecret")
            .field("subscription", &self.subscription.id)
            .field("secret", &"<redacted>")
            .finish()
    }
}

/// What a create or update body says.
#[derive(Clone, Debug, Default)]
pub struct SubscriptionInput {
    /// The receiver URL.
    pub url: String,
    /// What it is for.
    pub description: Option<String>,
    /// The event types.
    pub event_types: Vec<String>,
}

/// What an update body says: absent fields keep their value.
#[derive(Clone, Debug, Default)]
pub struct SubscriptionChange {
    /// A new receiver URL.
    pub url: Option<String>,
    /// A new description, or `Null` to clear it.
    pub description: Patch<String>,
    /// New event types.
    pub event_types: Option<Vec<String>>,
}

/// Webhook subscription use cases.
#[derive(Clone)]
pub struct WebhookService {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    policy: TargetPolicy,
}

impl WebhookService {
    /// Over `store` and `clock`, with receivers allowed by `policy`.
    pub fn new(store: Arc<dyn Store>, clock: Arc<dyn Clock>, policy: TargetPolicy) -> Self {
        Self {
            store,
            clock,
            policy,
        }
    }

    /// The same use cases with receivers allowed by `policy`.
    pub fn with_policy(self, policy: TargetPolicy) -> Self {
        Self { policy, ..self }
    }

    /// Where receivers may be.
    pub fn policy(&self) -> TargetPolicy {
        self.policy
    }

    /// Validates a body: every field's errors at once.
    async fn draft(&self, input: &SubscriptionInput) -> Result<SubscriptionDraft, ServiceError> {
        let url = target::check_url(&input.url, self.policy).await;
        let draft = SubscriptionDraft::new(
            input.url.clone(),
            input.description.as_deref(),
            &input.event_types,
        );
        match (url, draft) {
            (Ok(url), Ok(draft)) => Ok(SubscriptionDraft { url, ..draft }),
            (url, draft) => {
                let mut errors = ValidationErrors::new();
                if let Err(error) = url {
                    errors.push(error);
                }
                if let Err(more) = draft {
                    for error in more.into_errors() {
                        errors.push(error);
                    }
                }
                Err(ServiceError::Validation(errors))
            }
        }
    }

    /// Creates an ACTIVE subscription and its signing secret.
    pub async fn create(
        &self,
        principal: &Principal,
        input: &SubscriptionInput,
    ) -> Result<WithSecret, ServiceError> {
        authorize(principal, Permission::ManageWebhooks)?;
        let draft = self.draft(input).await?;
        let now = self.clock.now();
        let subscription = Subscription {
            id: WebhookSubscriptionId::new(),
            business_account_id: principal.business_account_id,
            url: draft.url,
            description: draft.description,
            event_types: draft.event_types,
            state: SubscriptionState::Active,
            disabled_reason: None,
            version: 1,
            created_at: now,
            updated_at: now,
        };
        let secret = random_bytes::<SECRET_BYTES>()?;
        self.store
            .create_webhook_subscription(&subscription, &secret, WEBHOOK_SUBSCRIPTIONS_MAX)
            .await?;
        Ok(WithSecret {
            subscription,
            secret: signature::secret_text(&secret),
        })
    }

    /// The caller's subscription `id`.
    pub async fn get(
        &self,
        principal: &Principal,
        id: WebhookSubscriptionId,
    ) -> Result<Subscription, ServiceError> {
        authorize(principal, Permission::ManageWebhooks)?;
        self.store
            .get_webhook_subscription(principal.business_account_id, id)
            .await
            .map_err(ServiceError::from_store(SUBSCRIPTION))
    }

    /// One page of the caller's subscriptions.
    pub async fn list(
        &self,
        principal: &Principal,
        request: &PageRequest<WebhookSortField>,
    ) -> Result<Page<Subscription>, ServiceError> {
        authorize(principal, Permission::ManageWebhooks)?;
        Ok(self
            .store
            .list_webhook_subscriptions(principal.business_account_id, request)
            .await?)
    }

    /// Applies `change` to the current subscription, retrying on a concurrent change.
    async fn modify(
        &self,
        principal: &Principal,
        id: WebhookSubscriptionId,
        change: impl Fn(&Subscription) -> Subscription,
    ) -> Result<Subscription, ServiceError> {
        authorize(principal, Permission::ManageWebhooks)?;
        for _ in 0..UPDATE_ATTEMPTS_MAX {
            let current = self.get(principal, id).await?;
            let mut next = change(&current);
            if next == current {
                return Ok(current);
            }
            next.version = current.version + 1;
            next.updated_at = self.clock.now().max(current.updated_at);
            match self
                .store
                .update_webhook_subscription(&next, current.version)
                .await
            {
                Ok(()) => return Ok(next),
                Err(StoreError::Stale) => continue,
                Err(error) => return Err(ServiceError::from_store(SUBSCRIPTION)(error)),
            }
        }
        Err(StoreError::Stale.into())
    }

    /// Changes the URL, description or event types: an absent field keeps its value, a `null`
    /// description clears it. A `sent_state` (the read-only state sent back) must be the
    /// current one: states change through suspend and unsuspend.
    pub async fn update(
        &self,
        principal: &Principal,
        id: WebhookSubscriptionId,
        change: SubscriptionChange,
        sent_state: Option<String>,
    ) -> Result<Subscription, ServiceError> {
        let current = self.get(principal, id).await?;
        if let Some(sent) = sent_state
            && sent != current.state.code()
        {
            return Err(ServiceError::Validation(
                FieldError::new(
                    "state",
                    FieldErrorCode::Inconsistent,
                    format!(
                        "is read-only (the subscription is {}): use POST \
                         /v1/webhook-subscriptions/{{id}}/suspend or /unsuspend",
                        current.state.code()
                    ),
                )
                .into(),
            ));
        }
        let input = SubscriptionInput {
            url: change.url.unwrap_or_else(|| current.url.clone()),
            description: match change.description {
                Patch::Absent => current.description.clone(),
                Patch::Null => None,
                Patch::Value(text) => Some(text),
            },
            event_types: change.event_types.unwrap_or_else(|| {
                current
                    .event_types
                    .iter()
                    .map(|kind| kind.code().to_owned())
                    .collect()
            }),
        };
        let draft = self.draft(&input).await?;
        self.modify(principal, id, |current| Subscription {
            url: draft.url.clone(),
            description: draft.description.clone(),
            event_types: draft.event_types.clone(),
            ..current.clone()
        })
        .await
    }

    /// Suspends (`Suspended`) or resumes (`Active`, also after openkor disabled it) a
    /// subscription; the same state again changes nothing.
    pub async fn set_state(
        &self,
        principal: &Principal,
        id: WebhookSubscriptionId,
        state: SubscriptionState,
    ) -> Result<Subscription, ServiceError> {
        self.modify(principal, id, |current| Subscription {
            state,
            disabled_reason: None,
            ..current.clone()
        })
        .await
    }

    /// Deletes a subscription; nothing more is sent to it.
    pub async fn delete(
        &self,
        principal: &Principal,
        id: WebhookSubscriptionId,
    ) -> Result<(), ServiceError> {
        authorize(principal, Permission::ManageWebhooks)?;
        self.store
            .delete_webhook_subscription(principal.business_account_id, id, self.clock.now())
            .await
            .map_err(ServiceError::from_store(SUBSCRIPTION))
    }

    /// A new signing secret; the old one keeps signing for 24 hours alongside it.
    pub async fn rotate_secret(
        &self,
        principal: &Principal,
        id: WebhookSubscriptionId,
    ) -> Result<WithSecret, ServiceError> {
        authorize(principal, Permission::ManageWebhooks)?;
        let secret = random_bytes::<SECRET_BYTES>()?;
        let now = self.clock.now();
        let subscription = self
            .store
            .rotate_webhook_secret(
                principal.business_account_id,
                id,
                &secret,
                now.plus_ms(PREVIOUS_SECRET_GRACE_MS),
                now,
            )
            .await
            .map_err(ServiceError::from_store(SUBSCRIPTION))?;
        Ok(WithSecret {
            subscription,
            secret: signature::secret_text(&secret),
        })
    }

    /// Sends a `webhook.test` event to this subscription only (its delivery is returned).
    pub async fn test(
        &self,
        principal: &Principal,
        id: WebhookSubscriptionId,
    ) -> Result<Delivery, ServiceError> {
        authorize(principal, Permission::ManageWebhooks)?;
        let payload = test_payload(id);
        self.store
            .create_webhook_test(
                principal.business_account_id,
                id,
                &payload,
                self.clock.now(),
            )
            .await
            .map_err(ServiceError::from_store(SUBSCRIPTION))
    }

    /// One page of a subscription's deliveries, of `status` when given.
    pub async fn deliveries(
        &self,
        principal: &Principal,
        id: WebhookSubscriptionId,
        status: Option<DeliveryStatus>,
        request: &PageRequest<WebhookSortField>,
    ) -> Result<Page<Delivery>, ServiceError> {
        authorize(principal, Permission::ManageWebhooks)?;
        self.store
            .list_webhook_deliveries(principal.business_account_id, id, status, request)
            .await
            .map_err(ServiceError::from_store(SUBSCRIPTION))
    }

    /// Sends a delivery again, now, with a fresh retry schedule.
    pub async fn redeliver(
        &self,
        principal: &Principal,
        id: WebhookSubscriptionId,
        delivery: WebhookDeliveryId,
    ) -> Result<Delivery, ServiceError> {
        authorize(principal, Permission::ManageWebhooks)?;
        self.store
            .redeliver_webhook(
                principal.business_account_id,
                id,
                delivery,
                self.clock.now(),
            )
            .await
            .map_err(ServiceError::from_store(DELIVERY))
    }
}

/// The test event's `data`.
fn test_payload(id: WebhookSubscriptionId) -> String {
    format!("{{\"subscriptionId\":\"{id}\",\"message\":\"This is a test event from openkor.\"}}")
}
