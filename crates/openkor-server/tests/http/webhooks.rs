//! Webhooks over real HTTP: subscriptions through the API, events delivered by the server's
//! worker (driven pass by pass with the test clock) to a real receiver on a loopback port,
//! signatures checked with the Standard Webhooks reference library.

use crate::financial_account_fixtures::{business_accounts, customer, pairs};
use crate::on_both_backends;
use crate::receiver::{Receiver, Reply};
use crate::support::{Http, Tenant, assert_error};
use crate::transactions::submit;
use crate::typed::{field_errors, ids, json_of, refused, typed};
use openkor_client::models::{WebhookDelivery, WebhookSubscriptionWithSecret};
use openkor_client::{Client, DeliveryQuery, Error, PageQuery};
use openkor_domain::role::Role;
use serde_json::{Value, json};
use std::sync::Arc;

pub const CUSTOMER_STATUS: &str = "customer.status-updated";
const ACCOUNT_STATE: &str = "financial-account.state-updated";

/// Subscribes `url` to `types`; the created subscription (with its secret).
pub async fn subscribed(api: &Client, url: &str, types: &[&str]) -> WebhookSubscriptionWithSecret {
    let body = json!({"url": url, "description": "test receiver", "eventTypes": types});
    api.create_subscription(&typed(body)).await.unwrap()
}

/// Suspends (`"suspend"`) or unsuspends a customer: one `customer.status-updated`.
pub async fn toggle(api: &Client, customer: &str, action: &str) {
    let answer = match action {
        "suspend" => api.suspend_customer(customer).await,
        "unsuspend" => api.unsuspend_customer(customer).await,
        other => panic!("no customer action {other}"),
    };
    answer.unwrap();
}

/// The deliveries of subscription `id`, newest first.
pub async fn deliveries(api: &Client, id: &str) -> Vec<WebhookDelivery> {
    let page = api.list_deliveries(id, &DeliveryQuery::default()).await;
    page.unwrap().content
}

/// Checks a request's signature with the Standard Webhooks reference library.
fn verify(secret: &str, received: &crate::receiver::Received) {
    let webhook = standardwebhooks::Webhook::new(secret).expect("a whsec_ secret");
    let mut headers = http::HeaderMap::new();
    for name in ["webhook-id", "webhook-timestamp", "webhook-signature"] {
        headers.insert(name, received.header(name).parse().unwrap());
    }
    webhook
        .verify(&received.body, &headers)
        .expect("the signature verifies");
}

on_both_backends! {
    async fn a_subscription_is_created_read_changed_and_deleted(app: TestApp) {
        let token = &app.bootstrap.token;
        let api = app.api(&app.bootstrap);
        let created = subscribed(&api, "https://example.com/hook", &[CUSTOMER_STATUS]).await;
        assert!(created.secret.starts_with("whsec_"), "{created:?}");
        assert_eq!(created.state, "ACTIVE");
        assert_eq!(created.business_account_id, app.bootstrap.id);
        let path = format!("/v1/webhook-subscriptions/{}", created.id);
        let read = api.get_subscription(&created.id).await.unwrap();
        assert!(!read.extra.contains_key("secret"), "the secret is shown once: {read:?}");
        // Raw: what GET returned goes back on a PUT, read-only members and all (the typed update
        // carries only what can change); absent fields keep their value.
        let mut changed = json_of(&read);
        changed["description"] = json!("orders");
        let updated = Http::expect_json(app.put(&path, token, &changed).await, 200).await;
        assert_eq!(updated["description"], "orders");
        let partial = json!({"eventTypes": [CUSTOMER_STATUS, ACCOUNT_STATE, CUSTOMER_STATUS]});
        let updated = api.update_subscription(&created.id, &typed(partial)).await.unwrap();
        assert_eq!(updated.event_types, [CUSTOMER_STATUS, ACCOUNT_STATE]);
        assert_eq!(updated.description.as_deref(), Some("orders"));
        assert_eq!(updated.url, "https://example.com/hook");
        // Raw: `state` is no member of the update, and is refused by name.
        let wrong_state = json!({"state": "SUSPENDED"});
        let body = assert_error(app.put(&path, token, &wrong_state).await, 400, "VALIDATION_FAILED").await;
        assert_eq!(crate::support::field_errors(&body), pairs(&[("state", "INCONSISTENT")]));
        assert_eq!(api.suspend_subscription(&created.id).await.unwrap().state, "SUSPENDED");
        assert_eq!(api.unsuspend_subscription(&created.id).await.unwrap().state, "ACTIVE");
        let rotated = api.rotate_secret(&created.id).await.unwrap();
        assert_ne!(rotated.secret, created.secret);
        let list = api.list_subscriptions(&PageQuery::default()).await.unwrap();
        assert_eq!(ids(&list), vec![created.id.clone()]);
        api.delete_subscription(&created.id).await.unwrap();
        refused(api.get_subscription(&created.id).await, 404, "NOT_FOUND");
    }

    async fn bad_subscriptions_are_refused_with_every_field_named(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let create = |body: Value| {
            let api = api.clone();
            async move { api.create_subscription(&typed(body)).await }
        };
        let body = json!({"url": "ftp://example.com/x", "description": "", "eventTypes": ["customer.status-updated", "nope"]});
        let error = refused(create(body).await, 400, "VALIDATION_FAILED");
        assert_eq!(field_errors(&error), pairs(&[
            ("url", "INVALID_VALUE"), ("description", "TOO_SHORT"), ("eventTypes[1]", "INVALID_VALUE"),
        ]));
        let error = refused(create(json!({})).await, 400, "VALIDATION_FAILED");
        assert_eq!(field_errors(&error), pairs(&[("url", "INVALID_FORMAT"), ("eventTypes", "REQUIRED")]));
        // Raw: an `id`, which the typed request has no member for.
        let with_id = json!({"url": "https://example.com", "eventTypes": [CUSTOMER_STATUS], "id": "x"});
        assert_error(app.post("/v1/webhook-subscriptions", &app.bootstrap.token, &with_id).await, 400, "VALIDATION_FAILED").await;
        let credentials = json!({"url": "https://user:pw@example.com/", "eventTypes": [CUSTOMER_STATUS]});
        refused(create(credentials).await, 400, "VALIDATION_FAILED");
        let clerk = app.api_with_role(&app.bootstrap, Role::Clerk).await;
        let body = json!({"url": "https://example.com", "eventTypes": [CUSTOMER_STATUS]});
        refused(clerk.create_subscription(&typed(body)).await, 403, "FORBIDDEN");
        refused(clerk.list_subscriptions(&PageQuery::default()).await, 403, "FORBIDDEN");
    }

    async fn another_tenants_subscription_is_a_404_on_every_route(app: TestApp) {
        let other: Tenant = app.tenant("other", None).await;
        let theirs = app.api(&other);
        let created = subscribed(&theirs, "https://example.com/hook", &[CUSTOMER_STATUS]).await;
        let id = created.id.as_str();
        let receiver = Receiver::start().await;
        subscribed(&theirs, &receiver.url, &[CUSTOMER_STATUS]).await;
        let api = app.api(&app.bootstrap);
        let gone = |result: Result<(), Error>| drop(refused(result, 404, "NOT_FOUND"));
        gone(api.get_subscription(id).await.map(drop));
        gone(api.update_subscription(id, &typed(json!({"description": "x"}))).await.map(drop));
        gone(api.delete_subscription(id).await);
        gone(api.suspend_subscription(id).await.map(drop));
        gone(api.unsuspend_subscription(id).await.map(drop));
        gone(api.rotate_secret(id).await.map(drop));
        gone(api.test_subscription(id).await.map(drop));
        gone(api.list_deliveries(id, &DeliveryQuery::default()).await.map(drop));
        let delivery = theirs.test_subscription(id).await.unwrap();
        gone(api.redeliver(id, &delivery.id).await.map(drop));
        // The bootstrap tenant's events never reach the other tenant's receiver.
        let mine = customer(&app, &app.bootstrap.token).await;
        toggle(&api, &mine, "suspend").await;
        app.webhooks.pass().await;
        assert!(receiver.received().is_empty());
        assert_eq!(api.list_subscriptions(&PageQuery::default()).await.unwrap().total_elements, 0);
    }

    async fn events_arrive_signed_in_the_documented_envelope(app: TestApp) {
        let token = &app.bootstrap.token;
        let api = app.api(&app.bootstrap);
        let receiver = Receiver::start().await;
        let created = subscribed(&api, &receiver.url, &[CUSTOMER_STATUS, ACCOUNT_STATE]).await;
        let world = crate::transactions::world(&app, token, "1.00").await;
        let account = world.internal;
        app.webhooks.pass().await; // the world's making: no event of these types
        let holder = customer(&app, token).await;
        toggle(&api, &holder, "suspend").await;
        toggle(&api, &holder, "suspend").await; // no change, no event
        api.suspend_financial_account_older(&account, None).await.unwrap();
        assert_eq!(app.webhooks.pass().await, 2);
        let received = receiver.received();
        assert_eq!(received.len(), 2);
        for request in &received {
            verify(&created.secret, request);
            assert_eq!(request.header("content-type"), "application/json");
            assert_eq!(request.json()["id"].as_str().unwrap(), request.header("webhook-id"));
        }
        let at = openkor_domain::clock::Clock::now(app.clock.as_ref()).to_string();
        // Two resources: sent at once, so in either order.
        let of_type = |kind: &str| received.iter().map(|r| r.json()).find(|e| e["type"] == kind).unwrap();
        let customer_event = of_type(CUSTOMER_STATUS);
        assert_eq!(customer_event["type"], CUSTOMER_STATUS);
        assert_eq!(customer_event["createdAt"], at.as_str());
        assert_eq!(customer_event["data"], json!({
            "customerId": holder, "businessAccountId": app.bootstrap.id, "status": "SUSPENDED",
            "dateTime": at, "previousStatus": "ACTIVE", "previousDateTime": at,
        }));
        let account_event = of_type(ACCOUNT_STATE);
        assert_eq!(account_event["type"], ACCOUNT_STATE);
        assert_eq!(account_event["data"]["financialAccountId"], account.as_str());
        assert_eq!(account_event["data"]["status"], "SUSPENDED");
        assert_eq!(account_event["data"]["previousStatus"], "ACTIVE");
        let listed = deliveries(&api, &created.id).await;
        assert_eq!(listed.len(), 2);
        for delivery in &listed {
            assert_eq!(delivery.status, "DELIVERED", "{delivery:?}");
            assert_eq!(delivery.status_code, Some(200));
            assert_eq!(delivery.attempt_count, 1);
            assert!(delivery.latency_ms.unwrap() >= 0);
            assert!(delivery.next_attempt_at.is_none());
        }
        // Nothing new: the next pass sends nothing.
        assert_eq!(app.webhooks.pass().await, 0);
    }

    async fn failed_attempts_are_retried_on_schedule_and_one_resource_stays_in_order(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let receiver = Receiver::start().await;
        let created = subscribed(&api, &receiver.url, &[CUSTOMER_STATUS]).await;
        let holder = customer(&app, &app.bootstrap.token).await;
        receiver.script([Reply::Status(500), Reply::Status(503)]);
        toggle(&api, &holder, "suspend").await;
        app.webhooks.pass().await;
        toggle(&api, &holder, "unsuspend").await;
        // The suspension's event is pending: the unsuspension's waits behind it.
        assert_eq!(app.webhooks.pass().await, 0);
        let pending = deliveries(&api, &created.id).await;
        let first = pending.iter().find(|d| d.attempt_count == 1).unwrap();
        assert_eq!((first.status.as_str(), first.status_code), ("PENDING", Some(500)));
        assert_eq!(first.error.as_deref(), Some("the receiver answered 500"));
        app.clock.advance_ms(5_600);
        assert_eq!(app.webhooks.pass().await, 1, "the retry falls due after about 5 s");
        app.clock.advance_ms(330_000);
        assert_eq!(app.webhooks.pass().await, 1, "then after about 5 min");
        assert_eq!(app.webhooks.pass().await, 1, "then the next event of the customer");
        let statuses: Vec<(String, u16)> = receiver
            .received()
            .iter()
            .map(|r| (r.json()["data"]["status"].as_str().unwrap().to_owned(), r.answered))
            .collect();
        assert_eq!(statuses, [("SUSPENDED", 500), ("SUSPENDED", 503), ("SUSPENDED", 200), ("ACTIVE", 200)]
            .map(|(s, c)| (s.to_owned(), c)));
        let ids: Vec<String> = receiver.received().iter().map(|r| r.header("webhook-id")).collect();
        assert_eq!(ids[0], ids[2], "a retry is the same message");
    }

    async fn a_4xx_fails_at_once_and_a_redelivery_sends_it_again(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let receiver = Receiver::start().await;
        let created = subscribed(&api, &receiver.url, &[CUSTOMER_STATUS]).await;
        receiver.script([Reply::Status(410)]);
        let holder = customer(&app, &app.bootstrap.token).await;
        toggle(&api, &holder, "suspend").await;
        app.webhooks.pass().await;
        let failed = deliveries(&api, &created.id).await.remove(0);
        assert_eq!(failed.status, "FAILED");
        assert!(failed.next_attempt_at.is_none());
        let failed_only = DeliveryQuery { status: Some("FAILED".into()), ..Default::default() };
        assert_eq!(api.list_deliveries(&created.id, &failed_only).await.unwrap().total_elements, 1);
        app.clock.advance_ms(86_400_000);
        assert_eq!(app.webhooks.pass().await, 0, "a 4xx is not retried");
        // The server's clock passed the token's expiry: the client exchanges a new one itself.
        let again = api.redeliver(&created.id, &failed.id).await.unwrap();
        assert_eq!(again.status, "PENDING");
        assert_eq!(app.webhooks.pass().await, 1);
        let delivered = deliveries(&api, &created.id).await.remove(0);
        assert_eq!((delivered.status.as_str(), delivered.attempt_count), ("DELIVERED", 2));
        assert_eq!(receiver.received().len(), 2);
    }

    async fn a_subscription_failing_for_72_hours_is_disabled_and_resumes_when_unsuspended(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let receiver = Receiver::start().await;
        let created = subscribed(&api, &receiver.url, &[CUSTOMER_STATUS]).await;
        receiver.script(std::iter::repeat_n(Reply::Status(500), 4));
        let holder = customer(&app, &app.bootstrap.token).await;
        toggle(&api, &holder, "suspend").await;
        for _ in 0..4 {
            assert_eq!(app.webhooks.pass().await, 1);
            app.clock.advance_ms(25 * 3_600_000);
        }
        let disabled = api.get_subscription(&created.id).await.unwrap();
        assert_eq!(disabled.state, "DISABLED", "{disabled:?}");
        assert!(disabled.disabled_reason.unwrap().contains("72 hours"));
        assert_eq!(app.webhooks.pass().await, 0, "a disabled subscription gets nothing");
        let active = api.unsuspend_subscription(&created.id).await.unwrap();
        assert!(active.disabled_reason.is_none());
        assert_eq!(app.webhooks.pass().await, 1, "its pending delivery resumes");
        assert_eq!(receiver.received().last().unwrap().answered, 200);
    }

    async fn a_slow_receiver_does_not_stall_the_others(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let slow = Receiver::start().await;
        let fast = Receiver::start().await;
        let release = Arc::new(tokio::sync::Notify::new());
        slow.script([Reply::HoldUntil(release.clone())]);
        subscribed(&api, &slow.url, &[CUSTOMER_STATUS]).await;
        subscribed(&api, &fast.url, &[CUSTOMER_STATUS]).await;
        let holder = customer(&app, &app.bootstrap.token).await;
        toggle(&api, &holder, "suspend").await;
        let worker = app.webhooks.clone();
        let pass = tokio::spawn(async move { worker.pass().await });
        slow.wait_for(1, 30).await;
        fast.wait_for(1, 30).await;
        assert_eq!(slow.received()[0].answered, 0, "the slow receiver still holds its request");
        release.notify_waiters();
        assert_eq!(pass.await.unwrap(), 2);
    }

    async fn a_timeout_is_a_failed_attempt_that_is_retried(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let receiver = Receiver::start().await;
        let created = subscribed(&api, &receiver.url, &[CUSTOMER_STATUS]).await;
        receiver.script([Reply::Hang]);
        let holder = customer(&app, &app.bootstrap.token).await;
        toggle(&api, &holder, "suspend").await;
        app.webhooks.pass().await;
        let timed_out = deliveries(&api, &created.id).await.remove(0);
        assert_eq!(timed_out.status, "PENDING");
        assert!(timed_out.status_code.is_none());
        assert_eq!(timed_out.error.as_deref(), Some("timed out after 2000 ms"));
        app.clock.advance_ms(8_000);
        assert_eq!(app.webhooks.pass().await, 1);
        assert_eq!(deliveries(&api, &created.id).await[0].status, "DELIVERED");
    }

    async fn a_rotated_secret_signs_alongside_the_new_one_for_a_day(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let receiver = Receiver::start().await;
        let created = subscribed(&api, &receiver.url, &[CUSTOMER_STATUS]).await;
        let rotated = api.rotate_secret(&created.id).await.unwrap();
        let test = api.test_subscription(&created.id).await.unwrap();
        assert_eq!((test.event_type.as_str(), test.status.as_str()), ("webhook.test", "PENDING"));
        app.webhooks.pass().await;
        let received = receiver.received();
        assert_eq!(received[0].json()["type"], "webhook.test");
        assert_eq!(received[0].json()["data"]["subscriptionId"], created.id.as_str());
        assert_eq!(received[0].header("webhook-signature").split(' ').count(), 2);
        verify(&created.secret, &received[0]);
        verify(&rotated.secret, &received[0]);
    }

    async fn a_refused_change_emits_nothing(app: TestApp) {
        let token = &app.bootstrap.token;
        let api = app.api(&app.bootstrap);
        let receiver = Receiver::start().await;
        subscribed(&api, &receiver.url, &["transactions.status-changed", "ledger.balance-updated"]).await;
        let (business, _) = business_accounts(&app, token).await;
        let internal = crate::transactions::world(&app, token, "1.00").await.internal;
        let too_much = crate::transactions::send(&business, &internal, "transfer", "5000.00");
        assert_eq!(submit(&api, too_much).await.unwrap_err().status(), Some(422));
        app.webhooks.pass().await;
        let kinds: Vec<String> = receiver.received().iter().map(|r| r.json()["type"].as_str().unwrap().to_owned()).collect();
        // The world's deposit arrived; the refused transfer wrote nothing.
        assert!(kinds.iter().any(|kind| kind == "transactions.status-changed"), "{kinds:?}");
        assert!(kinds.iter().any(|kind| kind == "ledger.balance-updated"), "{kinds:?}");
        assert!(receiver.received().iter().all(|r| r.json()["data"]["amount"] != json!(5000.00)), "{kinds:?}");
    }
}
