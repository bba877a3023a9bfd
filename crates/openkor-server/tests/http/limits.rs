//! Transaction limits over HTTP: the defaults, the bulk update, enforcement exactly at the
//! limit and one cent over, usage given back on cancel and decline, the day window turning at
//! Eastern midnight (injected clock), and many clients spending against one daily limit.

use crate::on_both_backends;
use crate::support::{TestApp, assert_error};
use crate::transaction_operations::ach;
use crate::transactions::{World, balances, futures_join_all, send, world};
use crate::typed::{field_errors, json_of, refused, typed};
use openkor_client::models::{Limit, LimitUpdate, SimulateRequest, Transaction};
use openkor_client::{Client, Error, LimitScope};
use openkor_domain::clock::Clock;
use openkor_domain::role::Role;
use serde_json::{Value, json};
use std::collections::BTreeMap;

fn scope(scope_type: &str, id: &str) -> LimitScope {
    LimitScope {
        scope_id: id.to_owned(),
        scope_type: scope_type.to_owned(),
    }
}

async fn limits(api: &Client, scope_type: &str, id: &str) -> Vec<Limit> {
    api.list_limits(&scope(scope_type, id)).await.unwrap()
}

fn limit_id(limits: &[Limit], limit_type: &str) -> String {
    limits
        .iter()
        .find(|l| l.limit_type == limit_type)
        .unwrap()
        .id
        .clone()
}

async fn set(api: &Client, amounts: &[(&str, &str)]) -> Result<Vec<Limit>, Error> {
    let body: BTreeMap<String, LimitUpdate> = amounts
        .iter()
        .map(|(id, amount)| {
            (
                (*id).to_owned(),
                LimitUpdate {
                    amount: Some((*amount).into()),
                },
            )
        })
        .collect();
    api.update_limits(&body).await
}

async fn used(api: &Client, scope_type: &str, id: &str, limit_type: &str) -> f64 {
    let rows = api.utilisation(&scope(scope_type, id), None).await.unwrap();
    let row = rows.iter().find(|r| r.limit_type == limit_type).unwrap();
    row.deduction_amount.as_str().parse().unwrap()
}

/// A SEND of `body` (a JSON fixture) through the typed client.
async fn create(api: &Client, body: Value) -> Result<Transaction, Error> {
    api.create_transaction(&typed(body), None).await
}

async fn holder(api: &Client, account: &str) -> String {
    api.get_financial_account(account, None)
        .await
        .unwrap()
        .account_holder_id
        .unwrap()
}

/// A world whose customer wallet holds 500.00, with its SINGLE limit at `single` and its DAILY
/// limit at `daily`.
async fn limited(app: &TestApp, single: &str, daily: &str) -> (World, Vec<Limit>) {
    let api = app.api(&app.bootstrap);
    let w = world(app, &app.bootstrap.token, "1000.00").await;
    create(&api, send(&w.business, &w.internal, "transfer", "500.00"))
        .await
        .unwrap();
    let fa = limits(&api, "FA_KFA", &w.internal).await;
    set(
        &api,
        &[
            (&limit_id(&fa, "SINGLE"), single),
            (&limit_id(&fa, "DAILY"), daily),
        ],
    )
    .await
    .unwrap();
    (w, fa)
}

on_both_backends! {
    async fn limits_have_defaults_and_are_enforced_to_the_cent(app: TestApp) {
        let token = &app.bootstrap.token;
        let api = app.api(&app.bootstrap);
        let w = world(&app, token, "1000.00").await;
        let fa = limits(&api, "FA_KFA", &w.internal).await;
        let types: Vec<&str> = fa.iter().map(|l| l.limit_type.as_str()).collect();
        assert_eq!(types, ["SINGLE", "DAILY", "WEEKLY", "MONTHLY"]);
        assert_eq!(fa[0].amount.as_str().parse::<f64>().ok(), Some(25_000.0));
        assert_eq!(fa[0].scope_type, "FA_KFA");
        let customer = limits(&api, "CUSTOMER", &holder(&api, &w.internal).await).await;
        assert_eq!(customer.len(), 8, "four in USD, four in CAD");
        assert!(limits(&api, "FA_KFA", &w.business).await.is_empty(), "business accounts have none");

        let (w, fa) = limited(&app, "100.00", "150.00").await;
        let out = |amount: &str| send(&w.internal, &w.business, "transfer", amount);
        let error = refused(create(&api, out("100.01")).await, 422, "LIMIT_EXCEEDED");
        assert!(error.message.contains("SINGLE"), "{error:?}");
        assert_eq!(field_errors(&error), [("amount".to_owned(), "OUT_OF_RANGE".to_owned())]);
        create(&api, out("100.00")).await.unwrap();
        create(&api, out("50.00")).await.unwrap();
        let error = refused(create(&api, out("0.01")).await, 422, "LIMIT_EXCEEDED");
        assert!(error.message.contains("DAILY"), "{error:?}");
        assert!(error.message.contains("0.00 USD left"), "{error:?}");
        assert_eq!(used(&api, "FA_KFA", &w.internal, "DAILY").await, 150.0);
        assert_eq!(balances(&app, &app.bootstrap.token, &w.internal).await[0], "350.00");
        let periods = api.account_limits(&w.internal, None).await.unwrap();
        assert_eq!(periods.periods[0].r#type, "daily");
        assert_eq!(json_of(&periods.periods[0].amount["USD"]), json!({"limit": "150.00", "used": "150.00"}));

        // A cancelled or declined payout gives its usage back; a transfer in does not count.
        set(&api, &[(&limit_id(&fa, "DAILY"), "200.00")]).await.unwrap();
        let payout = create(&api, ach(&w.internal, &w.bank, "50.00", "NEXT_DAY")).await.unwrap();
        assert_eq!(used(&api, "FA_KFA", &w.internal, "DAILY").await, 200.0);
        api.cancel_transaction(&payout.id).await.unwrap();
        assert_eq!(used(&api, "FA_KFA", &w.internal, "DAILY").await, 150.0);
        let declined = create(&api, ach(&w.internal, &w.bank, "50.00", "NEXT_DAY")).await.unwrap();
        let decline = SimulateRequest { outcome: Some("DECLINED".into()), reason_code: None };
        api.simulate_transaction(&declined.id, &decline).await.unwrap();
        assert_eq!(used(&api, "FA_KFA", &w.internal, "DAILY").await, 150.0);
        create(&api, send(&w.business, &w.internal, "transfer", "5.00")).await.unwrap();
        assert_eq!(used(&api, "CUSTOMER", &holder(&api, &w.internal).await, "DAILY").await, 150.0);
    }

    async fn the_day_window_turns_at_eastern_midnight(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let (w, _) = limited(&app, "100.00", "100.00").await;
        let out = send(&w.internal, &w.business, "transfer", "100.00");
        create(&api, out.clone()).await.unwrap();
        let rows = api.utilisation(&scope("FA_KFA", &w.internal), None).await.unwrap();
        let daily = rows.iter().find(|r| r.limit_type == "DAILY").unwrap().clone();
        let to: jiff::Timestamp = daily.to_range.parse().unwrap();
        let from: jiff::Timestamp = daily.from_range.parse().unwrap();
        let hours = (to.as_millisecond() - from.as_millisecond()) / 3_600_000;
        assert!((23..=25).contains(&hours), "a day is 23 to 25 hours: {daily:?}");
        let zoned = to.to_zoned(jiff::tz::TimeZone::get("America/New_York").unwrap());
        assert_eq!((zoned.hour(), zoned.minute()), (0, 0), "midnight Eastern: {daily:?}");
        let until_midnight_ms = to.as_millisecond() - app.clock.now().unix_ms();
        app.clock.advance_ms(until_midnight_ms - 1);
        // The server's clock passed the token's expiry: the client exchanges a new one itself.
        refused(create(&api, out.clone()).await, 422, "LIMIT_EXCEEDED");
        app.clock.advance_ms(1);
        create(&api, out).await.unwrap();
        assert_eq!(used(&api, "FA_KFA", &w.internal, "DAILY").await, 100.0);
    }

    async fn limits_are_the_callers_own_and_checked(app: TestApp) {
        let token = &app.bootstrap.token;
        let api = app.api(&app.bootstrap);
        let w = world(&app, token, "10.00").await;
        let fa = limits(&api, "FA_KFA", &w.internal).await;
        let other_tenant = app.tenant("Other", None).await;
        let other = app.api(&other_tenant);
        refused(other.list_limits(&scope("FA_KFA", &w.internal)).await, 404, "NOT_FOUND");
        refused(set(&other, &[(&limit_id(&fa, "DAILY"), "1.00")]).await, 404, "NOT_FOUND");
        refused(other.account_limits(&w.internal, None).await, 404, "NOT_FOUND");
        refused(other.utilisation(&scope("FA_KFA", &w.internal), None).await, 404, "NOT_FOUND");
        refused(other.get_financial_account(&w.internal, Some("limits")).await, 404, "NOT_FOUND");
        let hidden_scope = scope("BUSINESS_ACCOUNT", &other_tenant.id);
        refused(other.list_limits(&hidden_scope).await, 400, "INVALID_QUERY_PARAMETER");
        let viewer = app.api_with_role(&app.bootstrap, Role::ViewOnly).await;
        refused(set(&viewer, &[(&limit_id(&fa, "DAILY"), "1.00")]).await, 403, "FORBIDDEN");
        let error = refused(set(&api, &[(&limit_id(&fa, "DAILY"), "-1")]).await, 400, "VALIDATION_FAILED");
        assert_eq!(field_errors(&error)[0].1, "OUT_OF_RANGE");
        // Raw: a scope without its type, which the typed query cannot leave out.
        let missing = app.send(reqwest::Method::GET, "/v1/limits?scopeId=x", token, None).await;
        assert_error(missing, 400, "INVALID_QUERY_PARAMETER").await;
        // All or nothing: one foreign id leaves the caller's own limit unchanged.
        let theirs = limits(&other, "FA_KFA", &world(&app, &other_tenant.token, "1.00").await.internal).await;
        let their_id = theirs[0].id.clone();
        refused(set(&api, &[(&limit_id(&fa, "DAILY"), "1.00"), (&their_id, "1.00")]).await, 404, "NOT_FOUND");
        assert_eq!(limits(&api, "FA_KFA", &w.internal).await, fa);
    }

    async fn many_clients_never_spend_past_a_daily_limit_together(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let (w, _) = limited(&app, "100.00", "10.00").await;
        let racing: Vec<_> = (0..24).map(|_| {
            let (api, body) = (api.clone(), send(&w.internal, &w.business, "transfer", "1.00"));
            async move { create(&api, body).await }
        }).collect();
        let mut accepted = 0;
        for answer in futures_join_all(racing).await {
            match answer {
                Ok(_) => accepted += 1,
                Err(Error::Api(error)) if error.status == 422 => assert_eq!(error.error_code, "LIMIT_EXCEEDED"),
                other => panic!("answered {other:?}"),
            }
        }
        assert_eq!(accepted, 10);
        assert_eq!(used(&api, "FA_KFA", &w.internal, "DAILY").await, 10.0);
        assert_eq!(balances(&app, &app.bootstrap.token, &w.internal).await[0], "490.00", "the ledger agrees");
        let verified = app.services.store().verify_ledger().await.unwrap();
        assert!(verified.problems.is_empty(), "usage is the sum of the charges: {:?}", verified.problems);
    }
}
