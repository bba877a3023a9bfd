//! Transaction limits over HTTP: the defaults, the bulk update, enforcement exactly at the
//! limit and one cent over, usage given back on cancel and decline, the day window turning at
//! Eastern midnight (injected clock), and many clients spending against one daily limit.

use crate::on_both_backends;
use crate::support::{Http, TestApp, assert_error, field_errors};
use crate::transaction_operations::{ach, id_of};
use crate::transactions::{World, balances, create, futures_join_all, send, simulate, world};
use openkor_domain::clock::Clock;
use openkor_domain::role::Role;
use reqwest::Method;
use serde_json::{Value, json};

async fn limits(app: &Http, token: &str, scope_type: &str, id: &str) -> Vec<Value> {
    let path = format!("/v1/limits?scopeId={id}&scopeType={scope_type}");
    app.get_json(&path, token).await.as_array().unwrap().clone()
}

fn limit_id(limits: &[Value], limit_type: &str) -> String {
    let limit = limits
        .iter()
        .find(|l| l["limitType"] == limit_type)
        .unwrap();
    limit["id"].as_str().unwrap().to_owned()
}

async fn set(app: &Http, token: &str, amounts: &[(&str, &str)]) -> reqwest::Response {
    let body: serde_json::Map<String, Value> = amounts
        .iter()
        .map(|(id, amount)| ((*id).to_owned(), json!({"amount": amount})))
        .collect();
    app.send(Method::PUT, "/v1/limits", token, Some(&Value::Object(body)))
        .await
}

async fn used(app: &Http, token: &str, scope_type: &str, id: &str, limit_type: &str) -> f64 {
    let path = format!("/v1/limits/utilisation?scopeId={id}&scopeType={scope_type}");
    let body = app.get_json(&path, token).await;
    let row = body
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["limitType"] == limit_type)
        .unwrap()
        .clone();
    row["deductionAmount"].as_f64().unwrap()
}

/// A world whose customer wallet holds 500.00, with its SINGLE limit at `single` and its DAILY
/// limit at `daily`.
async fn limited(app: &TestApp, token: &str, single: &str, daily: &str) -> (World, Vec<Value>) {
    let w = world(app, token, "1000.00").await;
    create(
        app,
        token,
        &send(&w.business, &w.internal, "transfer", "500.00"),
    )
    .await;
    let fa = limits(app, token, "FA_KFA", &w.internal).await;
    let answer = set(
        app,
        token,
        &[
            (&limit_id(&fa, "SINGLE"), single),
            (&limit_id(&fa, "DAILY"), daily),
        ],
    )
    .await;
    assert_eq!(answer.status(), 200);
    (w, fa)
}

on_both_backends! {
    async fn limits_have_defaults_and_are_enforced_to_the_cent(app: TestApp) {
        let token = &app.bootstrap.token;
        let w = world(&app, token, "1000.00").await;
        let fa = limits(&app, token, "FA_KFA", &w.internal).await;
        let types: Vec<&str> = fa.iter().map(|l| l["limitType"].as_str().unwrap()).collect();
        assert_eq!(types, ["SINGLE", "DAILY", "WEEKLY", "MONTHLY"]);
        assert_eq!(fa[0]["amount"].as_f64(), Some(25_000.0));
        assert_eq!(fa[0]["scopeType"], "FA_KFA");
        let holder = app.get_json(&format!("/v1/financial-accounts/{}", w.internal), token).await["accountHolderId"].clone();
        let customer = limits(&app, token, "CUSTOMER", holder.as_str().unwrap()).await;
        assert_eq!(customer.len(), 8, "four in USD, four in CAD");
        assert!(limits(&app, token, "FA_KFA", &w.business).await.is_empty(), "business accounts have none");

        let (w, fa) = limited(&app, token, "100.00", "150.00").await;
        let out = |amount: &str| send(&w.internal, &w.business, "transfer", amount);
        let refused = assert_error(app.post("/v1/transactions", token, &out("100.01")).await, 422, "LIMIT_EXCEEDED").await;
        assert!(refused["message"].as_str().unwrap().contains("SINGLE"), "{refused}");
        assert_eq!(field_errors(&refused), [("amount".to_owned(), "OUT_OF_RANGE".to_owned())]);
        create(&app, token, &out("100.00")).await;
        create(&app, token, &out("50.00")).await;
        let refused = assert_error(app.post("/v1/transactions", token, &out("0.01")).await, 422, "LIMIT_EXCEEDED").await;
        assert!(refused["message"].as_str().unwrap().contains("DAILY"), "{refused}");
        assert!(refused["message"].as_str().unwrap().contains("0.00 USD left"), "{refused}");
        assert_eq!(used(&app, token, "FA_KFA", &w.internal, "DAILY").await, 150.0);
        assert_eq!(balances(&app, token, &w.internal).await[0], "350.00");
        let periods = app.get_json(&format!("/v1/financial-accounts/{}/limits", w.internal), token).await;
        assert_eq!(periods["periods"][0]["type"], "daily");
        assert_eq!(periods["periods"][0]["amount"]["USD"], json!({"limit": "150.00", "used": "150.00"}));

        // A cancelled or declined payout gives its usage back; a transfer in does not count.
        assert_eq!(set(&app, token, &[(&limit_id(&fa, "DAILY"), "200.00")]).await.status(), 200);
        let payout = create(&app, token, &ach(&w.internal, &w.bank, "50.00", "NEXT_DAY")).await;
        assert_eq!(used(&app, token, "FA_KFA", &w.internal, "DAILY").await, 200.0);
        assert_eq!(app.send(Method::DELETE, &format!("/v1/transactions/{}", id_of(&payout)), token, None).await.status(), 204);
        assert_eq!(used(&app, token, "FA_KFA", &w.internal, "DAILY").await, 150.0);
        let declined = create(&app, token, &ach(&w.internal, &w.bank, "50.00", "NEXT_DAY")).await;
        assert_eq!(simulate(&app, token, id_of(&declined), "DECLINED").await.status(), 200);
        assert_eq!(used(&app, token, "FA_KFA", &w.internal, "DAILY").await, 150.0);
        create(&app, token, &send(&w.business, &w.internal, "transfer", "5.00")).await;
        let holder = app.get_json(&format!("/v1/financial-accounts/{}", w.internal), token).await["accountHolderId"].clone();
        assert_eq!(used(&app, token, "CUSTOMER", holder.as_str().unwrap(), "DAILY").await, 150.0);
    }

    async fn the_day_window_turns_at_eastern_midnight(app: TestApp) {
        let token = &app.bootstrap.token;
        let (w, _) = limited(&app, token, "100.00", "100.00").await;
        let out = send(&w.internal, &w.business, "transfer", "100.00");
        create(&app, token, &out).await;
        let path = format!("/v1/limits/utilisation?scopeId={}&scopeType=FA_KFA", w.internal);
        let rows = app.get_json(&path, token).await;
        let daily = rows.as_array().unwrap().iter().find(|r| r["limitType"] == "DAILY").unwrap().clone();
        let to: jiff::Timestamp = daily["toRange"].as_str().unwrap().parse().unwrap();
        let from: jiff::Timestamp = daily["fromRange"].as_str().unwrap().parse().unwrap();
        let hours = (to.as_millisecond() - from.as_millisecond()) / 3_600_000;
        assert!((23..=25).contains(&hours), "a day is 23 to 25 hours: {daily}");
        let zoned = to.to_zoned(jiff::tz::TimeZone::get("America/New_York").unwrap());
        assert_eq!((zoned.hour(), zoned.minute()), (0, 0), "midnight Eastern: {daily}");
        let until_midnight_ms = to.as_millisecond() - app.clock.now().unix_ms();
        app.clock.advance_ms(until_midnight_ms - 1);
        let token = &app.token(&app.bootstrap.api_key, &app.bootstrap.api_secret).await;
        assert_error(app.post("/v1/transactions", token, &out).await, 422, "LIMIT_EXCEEDED").await;
        app.clock.advance_ms(1);
        create(&app, token, &out).await;
        assert_eq!(used(&app, token, "FA_KFA", &w.internal, "DAILY").await, 100.0);
    }

    async fn limits_are_the_callers_own_and_checked(app: TestApp) {
        let token = &app.bootstrap.token;
        let w = world(&app, token, "10.00").await;
        let fa = limits(&app, token, "FA_KFA", &w.internal).await;
        let other = app.tenant("Other", None).await;
        let foreign = format!("/v1/limits?scopeId={}&scopeType=FA_KFA", w.internal);
        assert_error(app.send(Method::GET, &foreign, &other.token, None).await, 404, "NOT_FOUND").await;
        assert_error(set(&app, &other.token, &[(&limit_id(&fa, "DAILY"), "1.00")]).await, 404, "NOT_FOUND").await;
        let periods = format!("/v1/financial-accounts/{}/limits", w.internal);
        assert_error(app.send(Method::GET, &periods, &other.token, None).await, 404, "NOT_FOUND").await;
        let usage = format!("/v1/limits/utilisation?scopeId={}&scopeType=FA_KFA", w.internal);
        assert_error(app.send(Method::GET, &usage, &other.token, None).await, 404, "NOT_FOUND").await;
        let embedded = format!("/v1/financial-accounts/{}?embed=limits", w.internal);
        assert_error(app.send(Method::GET, &embedded, &other.token, None).await, 404, "NOT_FOUND").await;
        let hidden_scope = format!("/v1/limits?scopeId={}&scopeType=BUSINESS_ACCOUNT", other.id);
        assert_error(app.send(Method::GET, &hidden_scope, &other.token, None).await, 400, "INVALID_QUERY_PARAMETER").await;
        let viewer = app.token_with_role(&app.bootstrap, Role::ViewOnly).await;
        assert_error(set(&app, &viewer, &[(&limit_id(&fa, "DAILY"), "1.00")]).await, 403, "FORBIDDEN").await;
        let body = assert_error(set(&app, token, &[(&limit_id(&fa, "DAILY"), "-1")]).await, 400, "VALIDATION_FAILED").await;
        assert_eq!(field_errors(&body)[0].1, "OUT_OF_RANGE");
        let missing = app.send(Method::GET, "/v1/limits?scopeId=x", token, None).await;
        assert_error(missing, 400, "INVALID_QUERY_PARAMETER").await;
        // All or nothing: one foreign id leaves the caller's own limit unchanged.
        let theirs = app.get_json(&format!("/v1/limits?scopeId={}&scopeType=FA_KFA", crate::transactions::world(&app, &other.token, "1.00").await.internal), &other.token).await;
        let their_id = theirs[0]["id"].as_str().unwrap().to_owned();
        assert_error(set(&app, token, &[(&limit_id(&fa, "DAILY"), "1.00"), (&their_id, "1.00")]).await, 404, "NOT_FOUND").await;
        assert_eq!(limits(&app, token, "FA_KFA", &w.internal).await, fa);
    }

    async fn many_clients_never_spend_past_a_daily_limit_together(app: TestApp) {
        let token = &app.bootstrap.token;
        let (w, _) = limited(&app, token, "100.00", "10.00").await;
        let racing: Vec<_> = (0..24).map(|_| {
            let (http, token, body) = (app.http.clone(), token.clone(), send(&w.internal, &w.business, "transfer", "1.00"));
            async move {
                let answer = http.post("/v1/transactions", &token, &body).await;
                let status = answer.status().as_u16();
                (status, answer.json::<Value>().await.unwrap())
            }
        }).collect();
        let mut accepted = 0;
        for (status, body) in futures_join_all(racing).await {
            match status {
                201 => accepted += 1,
                422 => assert_eq!(body["errorCode"], "LIMIT_EXCEEDED"),
                other => panic!("answered {other}: {body}"),
            }
        }
        assert_eq!(accepted, 10);
        assert_eq!(used(&app, token, "FA_KFA", &w.internal, "DAILY").await, 10.0);
        assert_eq!(balances(&app, token, &w.internal).await[0], "490.00", "the ledger agrees");
        let verified = app.services.store().verify_ledger().await.unwrap();
        assert!(verified.problems.is_empty(), "usage is the sum of the charges: {:?}", verified.problems);
    }
}
