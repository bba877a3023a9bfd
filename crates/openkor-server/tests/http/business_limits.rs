//! Business Account limits and the limits a Customer is given at creation, over HTTP: an
//! operator sets a Business Account's limits (`openkor limits set`), they cap what it and its
//! descendants move together, `GET /v1/business-accounts/{id}/limits` and `embed=limits` show
//! them with their ancestors', and a new Customer's `limits` replace its defaults.

use crate::customers::sarah;
use crate::financial_account_fixtures::{SEED_GET_STARTED, seed_with_ids};
use crate::on_both_backends;
use crate::process::run as openkor;
use crate::support::{assert_error, field_errors as raw_field_errors};
use crate::transactions::{send, submit, world};
use crate::typed::{field_errors, json_of, refused, typed};
use openkor_client::models::{BusinessAccountLimits, LimitUpdate, Period};
use openkor_client::{Client, CustomerQuery, Error, LimitScope};
use openkor_domain::money::Currency;
use openkor_domain::transaction_limits::{LimitAmount, LimitType};
use reqwest::Method;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// The USD `{limit, used}` of a period, as JSON.
fn usd(period: &Period) -> Value {
    json_of(&period.amount["USD"])
}

fn daily_usd(periods: &[Period]) -> Value {
    usd(&periods[0])
}

async fn lineage_of(api: &Client, business_account: &str) -> Vec<BusinessAccountLimits> {
    api.business_account_limits(business_account, None)
        .await
        .unwrap()
}

/// The message of a transaction refused as over a limit.
async fn refused_by(api: &Client, body: Value) -> String {
    refused(submit(api, body).await, 422, "LIMIT_EXCEEDED").message
}

on_both_backends! {
    async fn business_account_limits_cap_the_account_and_its_descendants_together(app: TestApp) {
        let parent = &app.bootstrap;
        let child = app.tenant("Child", Some(parent)).await;
        let (parent_api, child_api) = (app.api(parent), app.api(&child));
        let parent_world = world(&app, &parent.token, "1000.00").await;
        let child_world = world(&app, &child.token, "1000.00").await;

        let none = lineage_of(&parent_api, "self").await;
        assert_eq!(none.len(), 1, "{none:?}");
        assert_eq!(none[0].business_account_id.as_deref(), Some(parent.id.as_str()));
        let types: Vec<&str> = none[0].periods.iter().map(|p| p.r#type.as_str()).collect();
        assert_eq!(types, ["daily", "weekly", "monthly"]);
        assert_eq!(json_of(&none[0].periods[0].amount), json!({}));

        // The operator's command line sets the parent's; the child's is set through the service.
        let (ok, set) = openkor(&app.database_url, &["limits", "set", "--business-account-id", &parent.id,
            "--limit-type", "daily", "--currency", "USD", "--amount", "30.00"]);
        assert!(ok, "{set}");
        assert_eq!((set["limitType"].as_str(), set["amount"].as_str()), (Some("DAILY"), Some("30.00")));
        let (ok, _) = openkor(&app.database_url, &["limits", "set", "--business-account-id", &parent.id,
            "--limit-type", "SINGLE", "--currency", "USD", "--amount", "1.00"]);
        assert!(!ok, "a Business Account has no SINGLE limit");
        let child_id = child.id.parse().unwrap();
        let daily = |amount_minor| LimitAmount { limit_type: LimitType::Daily, currency: Currency::Usd, amount_minor };
        app.services.limits.set_business_account_limit(child_id, daily(2_000)).await.unwrap();

        let from_child = |amount: &str| send(&child_world.business, &child_world.internal, "transfer", amount);
        let from_parent = |amount: &str| send(&parent_world.business, &parent_world.internal, "transfer", amount);
        submit(&child_api, from_child("15.00")).await.unwrap();
        let message = refused_by(&child_api, from_child("5.01")).await;
        assert!(message.contains("DAILY limit") && message.contains(&child.id) && message.contains("5.00 USD left"), "{message}");
        submit(&parent_api, from_parent("10.00")).await.unwrap();
        let message = refused_by(&parent_api, from_parent("5.01")).await;
        assert!(message.contains("business account") && message.contains(&parent.id) && message.contains("5.00 USD left"), "{message}");
        submit(&parent_api, from_parent("5.00")).await.unwrap();
        let message = refused_by(&child_api, from_child("1.00")).await;
        assert!(message.contains(&parent.id) && message.contains("0.00 USD left"), "the parent's limit binds the child: {message}");

        let lineage = lineage_of(&child_api, "self").await;
        assert_eq!(lineage.len(), 2, "{lineage:?}");
        assert_eq!(lineage[0].business_account_id.as_deref(), Some(child.id.as_str()));
        assert_eq!(daily_usd(&lineage[0].periods), json!({"limit": "20.00", "used": "15.00"}));
        assert_eq!(lineage[1].parent_business_account_id.as_deref(), Some(parent.id.as_str()));
        // Raw: the member is absent, not null, which the typed answer does not tell apart.
        let raw = app.get_json("/v1/business-accounts/self/limits", &child.token).await;
        assert!(raw[1].get("businessAccountId").is_none());
        assert_eq!(daily_usd(&lineage[1].periods), json!({"limit": "30.00", "used": "30.00"}));
        let embedded = child_api.get_business_account("self", Some("limits")).await.unwrap();
        assert_eq!(embedded.embedded.and_then(|e| e.limits), Some(lineage.clone()));
        let seen_by_parent = lineage_of(&parent_api, &child.id).await;
        assert_eq!(seen_by_parent, lineage, "a parent sees its child's");

        // `ts` picks the periods: yesterday's day used nothing.
        let yesterday = jiff::Timestamp::from_millisecond(openkor_domain::clock::Clock::now(&*app.clock).unix_ms() - 86_400_000).unwrap();
        let then = child_api.business_account_limits("self", Some(&yesterday.to_string())).await.unwrap();
        assert_eq!(daily_usd(&then[0].periods), json!({"limit": "20.00", "used": "0.00"}));
        refused(child_api.business_account_limits("self", Some("yesterday")).await, 400, "INVALID_QUERY_PARAMETER");

        // A tenant sees no ancestor's limits by id, cannot change any through /v1/limits, and
        // another tenant sees none.
        refused(child_api.business_account_limits(&parent.id, None).await, 404, "NOT_FOUND");
        let stranger = app.api(&app.tenant("Stranger", None).await);
        refused(stranger.business_account_limits(&parent.id, None).await, 404, "NOT_FOUND");
        let body = BTreeMap::from([(set["id"].as_str().unwrap().to_owned(), LimitUpdate { amount: Some("1000.00".into()) })]);
        refused(parent_api.update_limits(&body).await, 404, "NOT_FOUND");

        // Removing the parent's limit lets the child spend up to its own again.
        let (ok, removed) = openkor(&app.database_url, &["limits", "remove", "--business-account-id", &parent.id,
            "--limit-type", "DAILY", "--currency", "USD"]);
        assert!(ok, "{removed}");
        submit(&child_api, from_child("5.00")).await.unwrap();
        let lineage = lineage_of(&child_api, "self").await;
        assert_eq!(json_of(&lineage[1].periods[0].amount), json!({}));
        let verified = app.services.store().verify_ledger().await.unwrap();
        assert!(verified.problems.is_empty(), "{:?}", verified.problems);
    }

    async fn a_customer_is_given_its_limits_at_creation(app: TestApp) {
        let token = &app.bootstrap.token;
        let api = app.api(&app.bootstrap);
        let w = world(&app, token, "1000.00").await;
        let mut body = sarah();
        body["limits"] = json!([
            {"limitType": "DAILY", "currency": "USD", "amount": "30.00"},
            {"limitType": "SINGLE", "currency": "CAD", "amount": 5},
        ]);
        // Raw: an amount as a JSON number, which the typed request always writes as a string.
        let customer = app.create_customer(token, &body).await;
        let customer_id = customer["id"].as_str().unwrap();
        assert!(customer.get("limits").is_none(), "the Customer object has no limits: {customer}");
        let limits = api.list_limits(&LimitScope::customer(customer_id)).await.unwrap();
        let amount = |limit_type: &str, currency: &str| json_of(&limits.iter()
            .find(|l| l.limit_type == limit_type && l.currency == currency).unwrap().amount);
        assert_eq!(amount("DAILY", "USD"), json!(30.0));
        assert_eq!(amount("SINGLE", "CAD"), json!(5.0));
        assert_eq!(amount("WEEKLY", "USD"), json!(100_000.0), "the rest keep their defaults");

        // The Customer's limit caps its accounts together.
        let account = || typed(seed_with_ids(SEED_GET_STARTED, &w.business, customer_id));
        let first = api.create_internal(&account()).await.unwrap().id;
        let second = api.create_internal(&account()).await.unwrap().id;
        for id in [&first, &second] {
            submit(&api, send(&w.business, id, "transfer", "50.00")).await.unwrap();
        }
        submit(&api, send(&first, &w.business, "transfer", "20.00")).await.unwrap();
        let message = refused_by(&api, send(&second, &w.business, "transfer", "10.01")).await;
        assert!(message.contains("customer") && message.contains(customer_id), "{message}");
        submit(&api, send(&second, &w.business, "transfer", "10.00")).await.unwrap();

        // Bad limits are refused with every problem named, and no Customer is created.
        let customers = || async { api.list_customers(&CustomerQuery::default()).await.unwrap().total_elements };
        let before = customers().await;
        body["limits"] = json!([
            {"limitType": "DAILY", "currency": "USD", "amount": "1.00"},
            {"limitType": "DAILY", "currency": "USD", "amount": "2.00"},
            {"limitType": "HOURLY", "currency": "EUR", "amount": "-1"},
            {"currency": "USD", "amount": "1.00"},
        ]);
        let error = refused(api.create_customer(&typed(body)).await, 400, "VALIDATION_FAILED");
        let mut errors = field_errors(&error);
        errors.sort();
        assert_eq!(errors, [
            ("limits[1]".to_owned(), "DUPLICATE".to_owned()),
            ("limits[2].amount".to_owned(), "OUT_OF_RANGE".to_owned()),
            ("limits[2].currency".to_owned(), "INVALID_VALUE".to_owned()),
            ("limits[2].limitType".to_owned(), "INVALID_VALUE".to_owned()),
            ("limits[3].limitType".to_owned(), "REQUIRED".to_owned()),
        ]);
        assert_eq!(customers().await, before);
        // Limits are given at creation only; a PUT that names them is refused, not ignored.
        // Raw: the typed update has no `limits` member, on purpose.
        let put = app.send(Method::PUT, &format!("/v1/customers/{customer_id}"), token, Some(&json!({"limits": []}))).await;
        assert_eq!(raw_field_errors(&assert_error(put, 400, "VALIDATION_FAILED").await)[0].0, "limits");
    }

    async fn a_financial_account_embeds_its_limits(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let w = world(&app, &app.bootstrap.token, "100.00").await;
        submit(&api, send(&w.business, &w.internal, "transfer", "40.00")).await.unwrap();
        submit(&api, send(&w.internal, &w.business, "transfer", "12.34")).await.unwrap();
        let account = api.get_financial_account(&w.internal, Some("limits,balances")).await.unwrap();
        let periods = api.account_limits(&w.internal, None).await.unwrap();
        let embedded = account.embedded.expect("embedded limits and balances");
        assert_eq!(embedded.limits, Some(periods.clone()));
        assert_eq!(daily_usd(&periods.periods), json!({"limit": "50000.00", "used": "12.34"}));
        assert!(embedded.balances.is_some());
    }

    async fn a_parent_and_its_child_racing_never_pass_the_parents_limit(app: TestApp) {
        let parent = &app.bootstrap;
        let child = app.tenant("Child", Some(parent)).await;
        let (parent_api, child_api) = (app.api(parent), app.api(&child));
        let parent_world = world(&app, &parent.token, "100.00").await;
        let child_world = world(&app, &child.token, "100.00").await;
        let limit = LimitAmount { limit_type: LimitType::Monthly, currency: Currency::Usd, amount_minor: 1_000 };
        app.services.limits.set_business_account_limit(parent.id.parse().unwrap(), limit).await.unwrap();
        let racing: Vec<_> = (0..24).map(|i| {
            let (api, w) = if i % 2 == 0 { (parent_api.clone(), &parent_world) } else { (child_api.clone(), &child_world) };
            let body = send(&w.business, &w.internal, "transfer", "1.00");
            async move { submit(&api, body).await }
        }).collect();
        let mut accepted = 0;
        for answer in crate::transactions::futures_join_all(racing).await {
            match answer {
                Ok(_) => accepted += 1,
                Err(Error::Api(error)) if error.status == 422 => assert_eq!(error.error_code, "LIMIT_EXCEEDED"),
                other => panic!("answered {other:?}"),
            }
        }
        assert_eq!(accepted, 10);
        let lineage = lineage_of(&child_api, "self").await;
        assert_eq!(usd(&lineage[1].periods[2]), json!({"limit": "10.00", "used": "10.00"}));
        let verified = app.services.store().verify_ledger().await.unwrap();
        assert!(verified.problems.is_empty(), "{:?}", verified.problems);
    }
}
