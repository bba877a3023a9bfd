//! Webhooks: subscriptions (`subscriptions.rs`), the deliveries the API shows
//! (`deliveries.rs`), the dispatcher that turns outbox events into deliveries
//! (`dispatch.rs`), the worker's claims and attempts (`claims.rs`) and the signing secrets,
//! sealed at rest (`signing_secrets.rs`).

mod claims;
pub(crate) mod deliveries;
mod dispatch;
pub(crate) mod signing_secrets;
pub(crate) mod subscriptions;

use super::SqlStore;
use super::cursors::PageTurn;
use super::paged::ListQuery;
use crate::db::Backend;
use crate::{AttemptRecorded, ClaimedDelivery, StoreError, WebhookStore};
use openkor_domain::clock::Timestamp;
use openkor_domain::ids::{BusinessAccountId, WebhookDeliveryId, WebhookSubscriptionId};
use openkor_domain::paging::{Page, PageRequest};
use openkor_domain::webhook::retry::Verdict;
use openkor_domain::webhook::{Attempt, Delivery, DeliveryStatus, Subscription, WebhookSortField};

#[async_trait::async_trait]
impl<B: Backend> WebhookStore for SqlStore<B> {
    async fn create_webhook_subscription(
        &self,
        subscription: &Subscription,
        secret: &[u8],
        subscriptions_max: usize,
    ) -> Result<(), StoreError> {
        let subscription = subscription.clone();
        let secret = secret.to_vec();
        let keys = self.data_keys()?;
        self.backend
            .write(move |conn| {
                Box::pin(async move {
                    subscriptions::insert(conn, &subscription, &secret, &keys, subscriptions_max)
                        .await
                })
            })
            .await
    }

    async fn get_webhook_subscription(
        &self,
        scope: BusinessAccountId,
        id: WebhookSubscriptionId,
    ) -> Result<Subscription, StoreError> {
        self.backend
            .read(move |conn| {
                Box::pin(async move { subscriptions::select_live(conn, scope, id, false).await })
            })
            .await
    }

    async fn list_webhook_subscriptions(
        &self,
        scope: BusinessAccountId,
        request: &PageRequest<WebhookSortField>,
    ) -> Result<Page<Subscription>, StoreError> {
        let request = request.clone();
        let turn = PageTurn::new(&self.cursors);
        let page_turn = turn.clone();
        self.paged(&turn, move |conn| {
            Box::pin(async move {
                let list = ListQuery {
                    from: subscriptions::LIST_FROM,
                    alias: "s",
                    select: subscriptions::COLUMNS,
                    conditions: subscriptions::list_conditions(),
                };
                let page = list
                    .page(
                        conn,
                        scope.as_uuid(),
                        &request,
                        subscriptions::sort_column,
                        subscriptions::TIE_BREAK,
                        &page_turn,
                        &mut subscriptions::decode,
                    )
                    .await?;
                Ok(page)
            })
        })
        .await
    }

    async fn update_webhook_subscription(
        &self,
        subscription: &Subscription,
        expected_version: i64,
    ) -> Result<(), StoreError> {
        let subscription = subscription.clone();
        self.backend
            .write(move |conn| {
                Box::pin(async move {
                    subscriptions::update(conn, &subscription, expected_version).await
                })
            })
            .await
    }

    async fn delete_webhook_subscription(
        &self,
        scope: BusinessAccountId,
        id: WebhookSubscriptionId,
        at: Timestamp,
    ) -> Result<(), StoreError> {
        self.backend
            .write(move |conn| {
                Box::pin(async move { subscriptions::delete(conn, scope, id, at).await })
            })
            .await
    }

    async fn rotate_webhook_secret(
        &self,
        scope: BusinessAccountId,
        id: WebhookSubscriptionId,
        secret: &[u8],
        previous_expires_at: Timestamp,
        at: Timestamp,
    ) -> Result<Subscription, StoreError> {
        let secret = secret.to_vec();
        let keys = self.data_keys()?;
        self.backend
            .write(move |conn| {
                Box::pin(async move {
                    subscriptions::rotate(conn, scope, id, &secret, &keys, previous_expires_at, at)
                        .await
                })
            })
            .await
    }

    async fn create_webhook_test(
        &self,
        scope: BusinessAccountId,
        id: WebhookSubscriptionId,
        payload: &str,
        at: Timestamp,
    ) -> Result<Delivery, StoreError> {
        let payload = payload.to_owned();
        self.backend
            .write(move |conn| {
                Box::pin(async move {
                    subscriptions::select_live(conn, scope, id, true).await?;
                    deliveries::create_test(conn, scope, id, &payload, at).await
                })
            })
            .await
    }

    async fn list_webhook_deliveries(
        &self,
        scope: BusinessAccountId,
        id: WebhookSubscriptionId,
        status: Option<DeliveryStatus>,
        request: &PageRequest<WebhookSortField>,
    ) -> Result<Page<Delivery>, StoreError> {
        let request = request.clone();
        let turn = PageTurn::new(&self.cursors);
        let page_turn = turn.clone();
        self.paged(&turn, move |conn| {
            Box::pin(async move {
                subscriptions::select_live(conn, scope, id, false).await?;
                deliveries::list(conn, scope, id, status, &request, &page_turn).await
            })
        })
        .await
    }

    async fn redeliver_webhook(
        &self,
        scope: BusinessAccountId,
        id: WebhookSubscriptionId,
        delivery: WebhookDeliveryId,
        at: Timestamp,
    ) -> Result<Delivery, StoreError> {
        self.backend
            .write(move |conn| {
                Box::pin(async move {
                    subscriptions::select_live(conn, scope, id, false).await?;
                    deliveries::redeliver(conn, scope, id, delivery, at).await
                })
            })
            .await
    }

    async fn dispatch_webhook_events(&self, now: Timestamp, limit: u32) -> Result<u32, StoreError> {
        self.backend
            .write(move |conn| Box::pin(async move { dispatch::dispatch(conn, now, limit).await }))
            .await
    }

    async fn claim_webhook_deliveries(
        &self,
        now: Timestamp,
        lease_until: Timestamp,
        limit: u32,
        per_subscription_max: u32,
    ) -> Result<Vec<ClaimedDelivery>, StoreError> {
        let keys = self.data_keys()?;
        self.backend
            .write(move |conn| {
                Box::pin(async move {
                    claims::claim(conn, &keys, now, lease_until, limit, per_subscription_max).await
                })
            })
            .await
    }

    async fn record_webhook_attempt(
        &self,
        claim: &ClaimedDelivery,
        attempt: &Attempt,
        verdict: Verdict,
        disable_if_failing_since: Timestamp,
    ) -> Result<AttemptRecorded, StoreError> {
        let claim = claim.clone();
        let attempt = attempt.clone();
        self.backend
            .write(move |conn| {
                Box::pin(async move {
                    claims::record(conn, &claim, &attempt, verdict, disable_if_failing_since).await
                })
            })
            .await
    }
}
