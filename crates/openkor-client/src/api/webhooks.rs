//! Webhook subscriptions, their secrets, tests and deliveries.

use super::item;
use crate::client::{Call, Client, segment};
use crate::error::Result;
use crate::models::{
    WebhookDelivery, WebhookSubscription, WebhookSubscriptionRequest, WebhookSubscriptionUpdate,
    WebhookSubscriptionWithSecret,
};
use crate::paging::{Page, PageQuery, all_pages};
use crate::queries::DeliveryQuery;
use reqwest::Method;

const SUBSCRIPTIONS: &str = "webhook-subscriptions";

impl Client {
    /// `POST /v1/webhook-subscriptions` (`create_subscription`): answers the signing secret,
    /// this once.
    pub async fn create_subscription(
        &self,
        body: &WebhookSubscriptionRequest,
    ) -> Result<WebhookSubscriptionWithSecret> {
        let call = Call::new(Method::POST, format!("/v1/{SUBSCRIPTIONS}"));
        self.call(call.json(body)?).await
    }

    /// `GET /v1/webhook-subscriptions` (`list_subscriptions`): one page.
    pub async fn list_subscriptions(&self, query: &PageQuery) -> Result<Page<WebhookSubscription>> {
        let call = Call::new(Method::GET, format!("/v1/{SUBSCRIPTIONS}"));
        self.call(call.query(query)).await
    }

    /// Every subscription, from `query`'s page on.
    pub async fn list_all_subscriptions(
        &self,
        query: PageQuery,
    ) -> Result<Vec<WebhookSubscription>> {
        all_pages(query, |q| async move { self.list_subscriptions(&q).await }).await
    }

    /// `GET /v1/webhook-subscriptions/{subscriptionId}` (`get_subscription`).
    pub async fn get_subscription(&self, subscription_id: &str) -> Result<WebhookSubscription> {
        let path = item(SUBSCRIPTIONS, subscription_id, "");
        self.call(Call::new(Method::GET, path)).await
    }

    /// `PUT /v1/webhook-subscriptions/{subscriptionId}` (`update_subscription`).
    pub async fn update_subscription(
        &self,
        subscription_id: &str,
        body: &WebhookSubscriptionUpdate,
    ) -> Result<WebhookSubscription> {
        let path = item(SUBSCRIPTIONS, subscription_id, "");
        self.call(Call::new(Method::PUT, path).json(body)?).await
    }

    /// `DELETE /v1/webhook-subscriptions/{subscriptionId}` (`delete_subscription`).
    pub async fn delete_subscription(&self, subscription_id: &str) -> Result<()> {
        let path = item(SUBSCRIPTIONS, subscription_id, "");
        self.call_empty(Call::new(Method::DELETE, path)).await
    }

    /// `POST /v1/webhook-subscriptions/{subscriptionId}/suspend` (`suspend_subscription`).
    pub async fn suspend_subscription(&self, subscription_id: &str) -> Result<WebhookSubscription> {
        let path = item(SUBSCRIPTIONS, subscription_id, "/suspend");
        self.call(Call::new(Method::POST, path)).await
    }

    /// `POST /v1/webhook-subscriptions/{subscriptionId}/unsuspend` (`unsuspend_subscription`).
    pub async fn unsuspend_subscription(
        &self,
        subscription_id: &str,
    ) -> Result<WebhookSubscription> {
        let path = item(SUBSCRIPTIONS, subscription_id, "/unsuspend");
        self.call(Call::new(Method::POST, path)).await
    }

    /// `POST /v1/webhook-subscriptions/{subscriptionId}/rotate-secret` (`rotate_secret`).
    pub async fn rotate_secret(
        &self,
        subscription_id: &str,
    ) -> Result<WebhookSubscriptionWithSecret> {
        let path = item(SUBSCRIPTIONS, subscription_id, "/rotate-secret");
        self.call(Call::new(Method::POST, path)).await
    }

    /// `POST /v1/webhook-subscriptions/{subscriptionId}/test` (`test_subscription`).
    pub async fn test_subscription(&self, subscription_id: &str) -> Result<WebhookDelivery> {
        let path = item(SUBSCRIPTIONS, subscription_id, "/test");
        self.call(Call::new(Method::POST, path)).await
    }

    /// `GET /v1/webhook-subscriptions/{subscriptionId}/deliveries` (`list_deliveries`).
    pub async fn list_deliveries(
        &self,
        subscription_id: &str,
        query: &DeliveryQuery,
    ) -> Result<Page<WebhookDelivery>> {
        let path = item(SUBSCRIPTIONS, subscription_id, "/deliveries");
        self.call(Call::new(Method::GET, path).query(query)).await
    }

    /// `POST …/{subscriptionId}/deliveries/{deliveryId}/redeliver` (`redeliver`).
    pub async fn redeliver(
        &self,
        subscription_id: &str,
        delivery_id: &str,
    ) -> Result<WebhookDelivery> {
        let rest = format!("/deliveries/{}/redeliver", segment(delivery_id));
        let path = item(SUBSCRIPTIONS, subscription_id, &rest);
        self.call(Call::new(Method::POST, path)).await
    }
}
