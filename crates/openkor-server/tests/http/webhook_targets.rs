//! Where webhooks may not go: with private targets refused (the production default), a
//! receiver URL on plain http, a loopback, private, link-local or metadata address, or a name
//! resolving to one is refused when the subscription is made; and a name that resolves to one
//! only later (DNS rebinding) is refused when the delivery connects, before any byte is sent.

use crate::customers::sarah;
use crate::financial_account_fixtures::pairs;
use crate::receiver::Receiver;
use crate::support::{Backend, TestApp};
use crate::typed::{field_errors, refused, typed};
use crate::webhooks::{CUSTOMER_STATUS, deliveries, subscribed, toggle};
use openkor_client::models::{Customer, CustomerRequest};
use openkor_client::{Client, PageQuery};
use openkor_server::webhooks::{WebhookSettings, WebhookWorker};
use serde_json::json;

async fn production(backend: Backend) -> Option<TestApp> {
    TestApp::start_with(backend, |config| {
        config.webhooks.allow_private_targets = false;
    })
    .await
}

/// A new customer (whose suspension is one `customer.status-updated`).
async fn holder(api: &Client) -> Customer {
    let body = typed::<CustomerRequest>(sarah());
    api.create_customer(&body).await.unwrap()
}

async fn private_targets_are_refused_at_creation(app: TestApp) {
    let api = app.api(&app.bootstrap);
    for url in [
        "http://example.com/hook",
        "https://127.0.0.1/hook",
        "https://127.8.9.10:8443/hook",
        "https://10.1.2.3/hook",
        "https://172.20.0.5/hook",
        "https://192.168.0.10/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/hook",
        "https://[::ffff:127.0.0.1]/hook",
        "https://[fd00::1]/hook",
        "https://0.0.0.0/hook",
        "https://localhost/hook",
        "https://localhost.:8443/hook",
    ] {
        let body = json!({"url": url, "eventTypes": [CUSTOMER_STATUS]});
        let answer = api.create_subscription(&typed(body)).await;
        let error = refused(answer, 400, "VALIDATION_FAILED");
        assert_eq!(
            field_errors(&error),
            pairs(&[("url", "INVALID_VALUE")]),
            "{url}"
        );
    }
    let listed = api.list_subscriptions(&PageQuery::default()).await.unwrap();
    assert_eq!(listed.total_elements, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn private_targets_are_refused_at_creation_sqlite() {
    private_targets_are_refused_at_creation(production(Backend::Sqlite).await.unwrap()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn private_targets_are_refused_at_creation_postgres() {
    if let Some(app) = production(Backend::Postgres).await {
        private_targets_are_refused_at_creation(app).await;
    }
}

crate::on_both_backends! {
    /// The subscription was accepted (here: in development mode); the worker of a server
    /// that refuses private targets finds the name now resolves to loopback and sends
    /// nothing.
    async fn a_name_resolving_to_a_private_address_at_delivery_is_refused(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let receiver = Receiver::start().await;
        let rebound = receiver.url.replace("http://127.0.0.1", "https://localhost");
        let created = subscribed(&api, &rebound, &[CUSTOMER_STATUS]).await;
        let guarded = WebhookWorker::new(
            app.services.store().clone(),
            app.clock.clone(),
            WebhookSettings { timeout_ms: 2_000, ..WebhookSettings::default() },
        )
        .unwrap();
        let customer = holder(&api).await;
        toggle(&api, customer.id(), "suspend").await;
        assert_eq!(guarded.pass().await, 1);
        assert!(receiver.received().is_empty(), "no byte reaches the receiver");
        let delivery = &deliveries(&api, &created.id).await[0];
        assert_eq!(delivery.status, "PENDING", "{delivery:?}");
        assert_eq!(delivery.error.as_deref(), Some("refused: localhost resolves to a loopback address"));
        assert_eq!(guarded.counters().retried.load(std::sync::atomic::Ordering::Relaxed), 1);
    }

    async fn a_redirect_is_a_failed_attempt_never_followed(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let receiver = Receiver::start().await;
        let elsewhere = Receiver::start().await;
        receiver.script([crate::receiver::Reply::Redirect(elsewhere.url.clone())]);
        let created = subscribed(&api, &receiver.url, &[CUSTOMER_STATUS]).await;
        let customer = holder(&api).await;
        toggle(&api, customer.id(), "suspend").await;
        app.webhooks.pass().await;
        assert!(elsewhere.received().is_empty(), "the redirect is not followed");
        let delivery = &deliveries(&api, &created.id).await[0];
        assert_eq!(delivery.status, "FAILED");
        assert_eq!(delivery.status_code, Some(307));
    }

    async fn a_business_account_has_at_most_20_subscriptions(app: TestApp) {
        let api = app.api(&app.bootstrap);
        for n in 0..20 {
            subscribed(&api, &format!("https://example.com/{n}"), &[CUSTOMER_STATUS]).await;
        }
        let body = json!({"url": "https://example.com/21", "eventTypes": [CUSTOMER_STATUS]});
        refused(api.create_subscription(&typed(body)).await, 422, "BUSINESS_RULE_VIOLATION");
        let page = api.list_subscriptions(&PageQuery::new(3, 5)).await.unwrap();
        assert_eq!((page.total_elements, page.number_of_elements), (20, 5));
    }
}
