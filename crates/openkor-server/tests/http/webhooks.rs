//! Webhooks over real HTTP: subscriptions through the API, events delivered by the server's
//! worker (driven pass by pass with the test clock) to a real receiver on a loopback port,
//! signatures checked with the Standard Webhooks reference library.

use crate::financial_accounts::{business_accounts, customer, pairs};
use crate::on_both_backends;
use crate::receiver::{Receiver, Reply};
use crate::support::{Http, Tenant, assert_error, content_ids, field_errors};
use openkor_domain::role::Role;
use serde_json::{Value, json};
use std::sync::Arc;

pub const CUSTOMER_STATUS: &str = "customer.status-updated";
const ACCOUNT_STATE: &str = "financial-account.state-updated";

/// Subscribes `receiver` to `types`; the created body (with its secret).
pub async fn subscribe(app: &Http, token: &str, url: &str, types: &[&str]) -> Value {
    let body = json!({"url": url, "description": "test receiver", "eventTypes": types});
    Http::expect_json(
        app.post("/v1/webhook-subscriptions", token, &body).await,
        201,
    )
    .await
}

/// Suspends (`"suspend"`) or unsuspends a customer: one `customer.status-updated`.
pub async fn set_customer(app: &Http, token: &str, customer: &str, action: &str) {
    let path = format!("/v1/customers/{customer}/{action}");
    let response = app.send(reqwest::Method::PUT, &path, token, None).await;
    assert_eq!(response.status().as_u16(), 200);
}

fn id(body: &Value) -> String {
    body["id"].as_str().unwrap().to_owned()
}

/// The deliveries of subscription `id`, newest first.
async fn deliveries(app: &Http, token: &str, id: &str) -> Vec<Value> {
    let page = app
        .get_json(&format!("/v1/webhook-subscriptions/{id}/deliveries"), token)
        .await;
    page["content"].as_array().unwrap().clone()
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
        let created = subscribe(&app, token, "https://example.com/hook", &[CUSTOMER_STATUS]).await;
        assert!(created["secret"].as_str().unwrap().starts_with("whsec_"), "{created}");
        assert_eq!(created["state"], "ACTIVE");
        assert_eq!(created["businessAccountId"], app.bootstrap.id.as_str());
        let path = format!("/v1/webhook-subscriptions/{}", id(&created));
        let read = app.get_json(&path, token).await;
        assert!(read.get("secret").is_none(), "the secret is shown once: {read}");
        // What GET returned goes back on a PUT; absent fields keep their value.
        let mut changed = read.clone();
        changed["description"] = json!("orders");
        let updated = Http::expect_json(app.put(&path, token, &changed).await, 200).await;
        assert_eq!(updated["description"], "orders");
        let partial = json!({"eventTypes": [CUSTOMER_STATUS, ACCOUNT_STATE, CUSTOMER_STATUS]});
        let updated = Http::expect_json(app.put(&path, token, &partial).await, 200).await;
        assert_eq!(updated["eventTypes"], json!([CUSTOMER_STATUS, ACCOUNT_STATE]));
        assert_eq!(updated["description"], "orders");
        assert_eq!(updated["url"], "https://example.com/hook");
        let wrong_state = json!({"state": "SUSPENDED"});
        let body = assert_error(app.put(&path, token, &wrong_state).await, 400, "VALIDATION_FAILED").await;
        assert_eq!(field_errors(&body), pairs(&[("state", "INCONSISTENT")]));
        let suspended = Http::expect_json(app.post(&format!("{path}/suspend"), token, &json!({})).await, 200).await;
        assert_eq!(suspended["state"], "SUSPENDED");
        let active = Http::expect_json(app.post(&format!("{path}/unsuspend"), token, &json!({})).await, 200).await;
        assert_eq!(active["state"], "ACTIVE");
        let rotated = Http::expect_json(app.post(&format!("{path}/rotate-secret"), token, &json!({})).await, 200).await;
        assert_ne!(rotated["secret"], created["secret"]);
        let list = app.get_json("/v1/webhook-subscriptions", token).await;
        assert_eq!(content_ids(&list), vec![id(&created)]);
        let deleted = app.send(reqwest::Method::DELETE, &path, token, None).await;
        assert_eq!(deleted.status().as_u16(), 204);
        assert_error(app.get(&path, token).await, 404, "NOT_FOUND").await;
    }

    async fn bad_subscriptions_are_refused_with_every_field_named(app: TestApp) {
        let token = &app.bootstrap.token;
        let body = json!({"url": "ftp://example.com/x", "description": "", "eventTypes": ["customer.status-updated", "nope"]});
        let refused = assert_error(app.post("/v1/webhook-subscriptions", token, &body).await, 400, "VALIDATION_FAILED").await;
        assert_eq!(field_errors(&refused), pairs(&[
            ("url", "INVALID_VALUE"), ("description", "TOO_SHORT"), ("eventTypes[1]", "INVALID_VALUE"),
        ]));
        let refused = assert_error(app.post("/v1/webhook-subscriptions", token, &json!({})).await, 400, "VALIDATION_FAILED").await;
        assert_eq!(field_errors(&refused), pairs(&[("url", "INVALID_FORMAT"), ("eventTypes", "REQUIRED")]));
        let with_id = json!({"url": "https://example.com", "eventTypes": [CUSTOMER_STATUS], "id": "x"});
        assert_error(app.post("/v1/webhook-subscriptions", token, &with_id).await, 400, "VALIDATION_FAILED").await;
        let credentials = json!({"url": "https://user:pw@example.com/", "eventTypes": [CUSTOMER_STATUS]});
        assert_error(app.post("/v1/webhook-subscriptions", token, &credentials).await, 400, "VALIDATION_FAILED").await;
        let clerk = app.token_with_role(&app.bootstrap, Role::Clerk).await;
        let body = json!({"url": "https://example.com", "eventTypes": [CUSTOMER_STATUS]});
        assert_error(app.post("/v1/webhook-subscriptions", &clerk, &body).await, 403, "FORBIDDEN").await;
        assert_error(app.get("/v1/webhook-subscriptions", &clerk).await, 403, "FORBIDDEN").await;
    }

    async fn another_tenants_subscription_is_a_404_on_every_route(app: TestApp) {
        let other: Tenant = app.tenant("other", None).await;
        let created = subscribe(&app, &other.token, "https://example.com/hook", &[CUSTOMER_STATUS]).await;
        let path = format!("/v1/webhook-subscriptions/{}", id(&created));
        let receiver = Receiver::start().await;
        subscribe(&app, &other.token, &receiver.url, &[CUSTOMER_STATUS]).await;
        let token = &app.bootstrap.token;
        assert_error(app.get(&path, token).await, 404, "NOT_FOUND").await;
        assert_error(app.put(&path, token, &json!({"description": "x"})).await, 404, "NOT_FOUND").await;
        assert_error(app.send(reqwest::Method::DELETE, &path, token, None).await, 404, "NOT_FOUND").await;
        for action in ["suspend", "unsuspend", "rotate-secret", "test"] {
            assert_error(app.post(&format!("{path}/{action}"), token, &json!({})).await, 404, "NOT_FOUND").await;
        }
        assert_error(app.get(&format!("{path}/deliveries"), token).await, 404, "NOT_FOUND").await;
        let delivery = Http::expect_json(app.post(&format!("{path}/test"), &other.token, &json!({})).await, 202).await;
        let redeliver = format!("{path}/deliveries/{}/redeliver", id(&delivery));
        assert_error(app.post(&redeliver, token, &json!({})).await, 404, "NOT_FOUND").await;
        // The bootstrap tenant's events never reach the other tenant's receiver.
        let mine = customer(&app, token).await;
        set_customer(&app, token, &mine, "suspend").await;
        app.webhooks.pass().await;
        assert!(receiver.received().is_empty());
        assert_eq!(app.get_json("/v1/webhook-subscriptions", token).await["totalElements"], 0);
    }

    async fn events_arrive_signed_in_the_documented_envelope(app: TestApp) {
        let token = &app.bootstrap.token;
        let receiver = Receiver::start().await;
        let created = subscribe(&app, token, &receiver.url, &[CUSTOMER_STATUS, ACCOUNT_STATE]).await;
        let secret = created["secret"].as_str().unwrap();
        let world = crate::transactions::world(&app, token, "1.00").await;
        let account = world.internal;
        app.webhooks.pass().await; // the world's making: no event of these types
        let holder = customer(&app, token).await;
        set_customer(&app, token, &holder, "suspend").await;
        set_customer(&app, token, &holder, "suspend").await; // no change, no event
        let suspend = format!("/v1/financial-accounts/{account}/suspend");
        let response = app.send(reqwest::Method::PUT, &suspend, token, None).await;
        assert_eq!(response.status().as_u16(), 200);
        assert_eq!(app.webhooks.pass().await, 2);
        let received = receiver.received();
        assert_eq!(received.len(), 2);
        for request in &received {
            verify(secret, request);
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
        let listed = deliveries(&app, token, &id(&created)).await;
        assert_eq!(listed.len(), 2);
        for delivery in &listed {
            assert_eq!(delivery["status"], "DELIVERED", "{delivery}");
            assert_eq!(delivery["statusCode"], 200);
            assert_eq!(delivery["attemptCount"], 1);
            assert!(delivery["latencyMs"].as_i64().unwrap() >= 0);
            assert!(delivery["nextAttemptAt"].is_null());
        }
        // Nothing new: the next pass sends nothing.
        assert_eq!(app.webhooks.pass().await, 0);
    }

    async fn failed_attempts_are_retried_on_schedule_and_one_resource_stays_in_order(app: TestApp) {
        let token = &app.bootstrap.token;
        let receiver = Receiver::start().await;
        let created = subscribe(&app, token, &receiver.url, &[CUSTOMER_STATUS]).await;
        let holder = customer(&app, token).await;
        receiver.script([Reply::Status(500), Reply::Status(503)]);
        set_customer(&app, token, &holder, "suspend").await;
        app.webhooks.pass().await;
        set_customer(&app, token, &holder, "unsuspend").await;
        // The suspension's event is pending: the unsuspension's waits behind it.
        assert_eq!(app.webhooks.pass().await, 0);
        let pending = deliveries(&app, token, &id(&created)).await;
        let first = pending.iter().find(|d| d["attemptCount"] == 1).unwrap();
        assert_eq!((first["status"].as_str(), first["statusCode"].as_i64()), (Some("PENDING"), Some(500)));
        assert_eq!(first["error"], "the receiver answered 500");
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
        let token = &app.bootstrap.token;
        let receiver = Receiver::start().await;
        let created = subscribe(&app, token, &receiver.url, &[CUSTOMER_STATUS]).await;
        receiver.script([Reply::Status(410)]);
        let holder = customer(&app, token).await;
        set_customer(&app, token, &holder, "suspend").await;
        app.webhooks.pass().await;
        let failed = deliveries(&app, token, &id(&created)).await.remove(0);
        assert_eq!(failed["status"], "FAILED");
        assert!(failed["nextAttemptAt"].is_null());
        let failed_only = app.get_json(&format!("/v1/webhook-subscriptions/{}/deliveries?status=FAILED", id(&created)), token).await;
        assert_eq!(failed_only["totalElements"], 1);
        app.clock.advance_ms(86_400_000);
        assert_eq!(app.webhooks.pass().await, 0, "a 4xx is not retried");
        let token = &app.token(&app.bootstrap.api_key, &app.bootstrap.api_secret).await;
        let path = format!("/v1/webhook-subscriptions/{}/deliveries/{}/redeliver", id(&created), id(&failed));
        let again = Http::expect_json(app.post(&path, token, &json!({})).await, 202).await;
        assert_eq!(again["status"], "PENDING");
        assert_eq!(app.webhooks.pass().await, 1);
        let delivered = deliveries(&app, token, &id(&created)).await.remove(0);
        assert_eq!((delivered["status"].as_str(), delivered["attemptCount"].as_i64()), (Some("DELIVERED"), Some(2)));
        assert_eq!(receiver.received().len(), 2);
    }

    async fn a_subscription_failing_for_72_hours_is_disabled_and_resumes_when_unsuspended(app: TestApp) {
        let token = &app.bootstrap.token;
        let receiver = Receiver::start().await;
        let created = subscribe(&app, token, &receiver.url, &[CUSTOMER_STATUS]).await;
        receiver.script(std::iter::repeat_n(Reply::Status(500), 4));
        let holder = customer(&app, token).await;
        set_customer(&app, token, &holder, "suspend").await;
        for _ in 0..4 {
            assert_eq!(app.webhooks.pass().await, 1);
            app.clock.advance_ms(25 * 3_600_000);
        }
        let token = &app.token(&app.bootstrap.api_key, &app.bootstrap.api_secret).await;
        let path = format!("/v1/webhook-subscriptions/{}", id(&created));
        let disabled = app.get_json(&path, token).await;
        assert_eq!(disabled["state"], "DISABLED", "{disabled}");
        assert!(disabled["disabledReason"].as_str().unwrap().contains("72 hours"));
        assert_eq!(app.webhooks.pass().await, 0, "a disabled subscription gets nothing");
        let active = Http::expect_json(app.post(&format!("{path}/unsuspend"), token, &json!({})).await, 200).await;
        assert!(active["disabledReason"].is_null());
        assert_eq!(app.webhooks.pass().await, 1, "its pending delivery resumes");
        assert_eq!(receiver.received().last().unwrap().answered, 200);
    }

    async fn a_slow_receiver_does_not_stall_the_others(app: TestApp) {
        let token = &app.bootstrap.token;
        let slow = Receiver::start().await;
        let fast = Receiver::start().await;
        let release = Arc::new(tokio::sync::Notify::new());
        slow.script([Reply::HoldUntil(release.clone())]);
        subscribe(&app, token, &slow.url, &[CUSTOMER_STATUS]).await;
        subscribe(&app, token, &fast.url, &[CUSTOMER_STATUS]).await;
        let holder = customer(&app, token).await;
        set_customer(&app, token, &holder, "suspend").await;
        let worker = app.webhooks.clone();
        let pass = tokio::spawn(async move { worker.pass().await });
        slow.wait_for(1, 30).await;
        fast.wait_for(1, 30).await;
        assert_eq!(slow.received()[0].answered, 0, "the slow receiver still holds its request");
        release.notify_waiters();
        assert_eq!(pass.await.unwrap(), 2);
    }

    async fn a_timeout_is_a_failed_attempt_that_is_retried(app: TestApp) {
        let token = &app.bootstrap.token;
        let receiver = Receiver::start().await;
        let created = subscribe(&app, token, &receiver.url, &[CUSTOMER_STATUS]).await;
        receiver.script([Reply::Hang]);
        let holder = customer(&app, token).await;
        set_customer(&app, token, &holder, "suspend").await;
        app.webhooks.pass().await;
        let timed_out = deliveries(&app, token, &id(&created)).await.remove(0);
        assert_eq!(timed_out["status"], "PENDING");
        assert!(timed_out["statusCode"].is_null());
        assert_eq!(timed_out["error"], "timed out after 2000 ms");
        app.clock.advance_ms(8_000);
        assert_eq!(app.webhooks.pass().await, 1);
        assert_eq!(deliveries(&app, token, &id(&created)).await[0]["status"], "DELIVERED");
    }

    async fn a_rotated_secret_signs_alongside_the_new_one_for_a_day(app: TestApp) {
        let token = &app.bootstrap.token;
        let receiver = Receiver::start().await;
        let created = subscribe(&app, token, &receiver.url, &[CUSTOMER_STATUS]).await;
        let path = format!("/v1/webhook-subscriptions/{}", id(&created));
        let rotated = Http::expect_json(app.post(&format!("{path}/rotate-secret"), token, &json!({})).await, 200).await;
        let test = Http::expect_json(app.post(&format!("{path}/test"), token, &json!({})).await, 202).await;
        assert_eq!((test["eventType"].as_str(), test["status"].as_str()), (Some("webhook.test"), Some("PENDING")));
        app.webhooks.pass().await;
        let received = receiver.received();
        assert_eq!(received[0].json()["type"], "webhook.test");
        assert_eq!(received[0].json()["data"]["subscriptionId"], id(&created).as_str());
        assert_eq!(received[0].header("webhook-signature").split(' ').count(), 2);
        verify(created["secret"].as_str().unwrap(), &received[0]);
        verify(rotated["secret"].as_str().unwrap(), &received[0]);
    }

    async fn a_refused_change_emits_nothing(app: TestApp) {
        let token = &app.bootstrap.token;
        let receiver = Receiver::start().await;
        subscribe(&app, token, &receiver.url, &["transactions.status-changed", "ledger.balance-updated"]).await;
        let (business, _) = business_accounts(&app, token).await;
        let internal = crate::transactions::world(&app, token, "1.00").await.internal;
        let too_much = crate::transactions::send(&business, &internal, "transfer", "5000.00");
        let refused = app.post("/v1/transactions", token, &too_much).await;
        assert_eq!(refused.status().as_u16(), 422);
        app.webhooks.pass().await;
        let kinds: Vec<String> = receiver.received().iter().map(|r| r.json()["type"].as_str().unwrap().to_owned()).collect();
        // The world's deposit arrived; the refused transfer wrote nothing.
        assert!(kinds.iter().any(|kind| kind == "transactions.status-changed"), "{kinds:?}");
        assert!(kinds.iter().any(|kind| kind == "ledger.balance-updated"), "{kinds:?}");
        assert!(receiver.received().iter().all(|r| r.json()["data"]["amount"] != json!(5000.00)), "{kinds:?}");
    }
}
