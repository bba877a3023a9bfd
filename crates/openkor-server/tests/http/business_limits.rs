//! Business Account limits and the limits a Customer is given at creation, over HTTP: an
//! operator sets a Business Account's limits (`openkor limits set`), they cap what it and its
//! descendants move together, `GET /v1/business-accounts/{id}/limits` and `embed=limits` show
//! them with their ancestors', and a new Customer's `limits` replace its defaults.

use crate::customers::sarah;
use crate::financial_account_fixtures::{SEED_GET_STARTED, seed_with_ids};
use crate::on_both_backends;
use crate::process::run as openkor;
use crate::support::{Http, assert_error, field_errors};
use crate::transaction_operations::id_of;
use crate::transactions::{create, send, world};
use openkor_domain::money::Currency;
use openkor_domain::transaction_limits::{LimitAmount, LimitType};
use reqwest::Method;
use serde_json::{Value, json};

fn daily_usd(entry: &Value) -> Value {
    entry["periods"][0]["amount"]["USD"].clone()
}

async fn refused_by(app: &Http, token: &str, body: &Value) -> String {
    let refused = assert_error(
        app.post("/v1/transactions", token, body).await,
        422,
        "LIMIT_EXCEEDED",
    )
    .await;
    refused["message"].as_str().unwrap().to_owned()
}

on_both_backends! {
    async fn business_account_limits_cap_the_account_and_its_descendants_together(app: TestApp) {
        let parent = &app.bootstrap;
        let child = app.tenant("Child", Some(parent)).await;
        let parent_world = world(&app, &parent.token, "1000.00").await;
        let child_world = world(&app, &child.token, "1000.00").await;

        let none = app.get_json("/v1/business-accounts/self/limits", &parent.token).await;
        assert_eq!(none.as_array().unwrap().len(), 1, "{none}");
        assert_eq!(none[0]["businessAccountId"], parent.id.as_str());
        let types: Vec<&str> = none[0]["periods"].as_array().unwrap().iter().map(|p| p["type"].as_str().unwrap()).collect();
        assert_eq!(types, ["daily", "weekly", "monthly"]);
        assert_eq!(none[0]["periods"][0]["amount"], json!({}));

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
        create(&app, &child.token, &from_child("15.00")).await;
        let message = refused_by(&app, &child.token, &from_child("5.01")).await;
        assert!(message.contains("DAILY limit") && message.contains(&child.id) && message.contains("5.00 USD left"), "{message}");
        create(&app, &parent.token, &from_parent("10.00")).await;
        let message = refused_by(&app, &parent.token, &from_parent("5.01")).await;
        assert!(message.contains("business account") && message.contains(&parent.id) && message.contains("5.00 USD left"), "{message}");
        create(&app, &parent.token, &from_parent("5.00")).await;
        let message = refused_by(&app, &child.token, &from_child("1.00")).await;
        assert!(message.contains(&parent.id) && message.contains("0.00 USD left"), "the parent's limit binds the child: {message}");

        let lineage = app.get_json("/v1/business-accounts/self/limits", &child.token).await;
        assert_eq!(lineage.as_array().unwrap().len(), 2, "{lineage}");
        assert_eq!(lineage[0]["businessAccountId"], child.id.as_str());
        assert_eq!(daily_usd(&lineage[0]), json!({"limit": "20.00", "used": "15.00"}));
        assert_eq!(lineage[1]["parentBusinessAccountId"], parent.id.as_str());
        assert!(lineage[1].get("businessAccountId").is_none());
        assert_eq!(daily_usd(&lineage[1]), json!({"limit": "30.00", "used": "30.00"}));
        let embedded = app.get_json("/v1/business-accounts/self?embed=limits", &child.token).await;
        assert_eq!(embedded["_embedded"]["limits"], lineage);
        let seen_by_parent = app.get_json(&format!("/v1/business-accounts/{}/limits", child.id), &parent.token).await;
        assert_eq!(seen_by_parent, lineage, "a parent sees its child's");

        // `ts` picks the periods: yesterday's day used nothing.
        let yesterday = jiff::Timestamp::from_millisecond(openkor_domain::clock::Clock::now(&*app.clock).unix_ms() - 86_400_000).unwrap();
        let then = app.get_json(&format!("/v1/business-accounts/self/limits?ts={yesterday}"), &child.token).await;
        assert_eq!(daily_usd(&then[0]), json!({"limit": "20.00", "used": "0.00"}));
        assert_error(app.send(Method::GET, "/v1/business-accounts/self/limits?ts=yesterday", &child.token, None).await, 400, "INVALID_QUERY_PARAMETER").await;

        // A tenant sees no ancestor's limits by id, cannot change any through /v1/limits, and
        // another tenant sees none.
        let up = format!("/v1/business-accounts/{}/limits", parent.id);
        assert_error(app.send(Method::GET, &up, &child.token, None).await, 404, "NOT_FOUND").await;
        let stranger = app.tenant("Stranger", None).await;
        assert_error(app.send(Method::GET, &up, &stranger.token, None).await, 404, "NOT_FOUND").await;
        let body = json!({ set["id"].as_str().unwrap(): {"amount": "1000.00"} });
        assert_error(app.send(Method::PUT, "/v1/limits", &parent.token, Some(&body)).await, 404, "NOT_FOUND").await;

        // Removing the parent's limit lets the child spend up to its own again.
        let (ok, removed) = openkor(&app.database_url, &["limits", "remove", "--business-account-id", &parent.id,
            "--limit-type", "DAILY", "--currency", "USD"]);
        assert!(ok, "{removed}");
        create(&app, &child.token, &from_child("5.00")).await;
        let lineage = app.get_json("/v1/business-accounts/self/limits", &child.token).await;
        assert_eq!(lineage[1]["periods"][0]["amount"], json!({}));
        let verified = app.services.store().verify_ledger().await.unwrap();
        assert!(verified.problems.is_empty(), "{:?}", verified.problems);
    }

    async fn a_customer_is_given_its_limits_at_creation(app: TestApp) {
        let token = &app.bootstrap.token;
        let w = world(&app, token, "1000.00").await;
        let mut body = sarah();
        body["limits"] = json!([
            {"limitType": "DAILY", "currency": "USD", "amount": "30.00"},
            {"limitType": "SINGLE", "currency": "CAD", "amount": 5},
        ]);
        let customer = app.create_customer(token, &body).await;
        let customer_id = customer["id"].as_str().unwrap();
        assert!(customer.get("limits").is_none(), "the Customer object has no limits: {customer}");
        let limits = app.get_json(&format!("/v1/limits?scopeId={customer_id}&scopeType=CUSTOMER"), token).await;
        let amount = |limit_type: &str, currency: &str| limits.as_array().unwrap().iter()
            .find(|l| l["limitType"] == limit_type && l["currency"] == currency).unwrap()["amount"].clone();
        assert_eq!(amount("DAILY", "USD"), json!(30.0));
        assert_eq!(amount("SINGLE", "CAD"), json!(5.0));
        assert_eq!(amount("WEEKLY", "USD"), json!(100_000.0), "the rest keep their defaults");

        // The Customer's limit caps its accounts together.
        let account = || seed_with_ids(SEED_GET_STARTED, &w.business, customer_id);
        let first = Http::expect_json(app.post("/v1/internal-financial-accounts", token, &account()).await, 201).await;
        let second = Http::expect_json(app.post("/v1/internal-financial-accounts", token, &account()).await, 201).await;
        for id in [id_of(&first), id_of(&second)] {
            create(&app, token, &send(&w.business, id, "transfer", "50.00")).await;
        }
        create(&app, token, &send(id_of(&first), &w.business, "transfer", "20.00")).await;
        let message = refused_by(&app, token, &send(id_of(&second), &w.business, "transfer", "10.01")).await;
        assert!(message.contains("customer") && message.contains(customer_id), "{message}");
        create(&app, token, &send(id_of(&second), &w.business, "transfer", "10.00")).await;

        // Bad limits are refused with every problem named, and no Customer is created.
        let before = app.get_json("/v1/customers", token).await["totalElements"].clone();
        body["limits"] = json!([
            {"limitType": "DAILY", "currency": "USD", "amount": "1.00"},
            {"limitType": "DAILY", "currency": "USD", "amount": "2.00"},
            {"limitType": "HOURLY", "currency": "EUR", "amount": "-1"},
            {"currency": "USD", "amount": "1.00"},
        ]);
        let refused = assert_error(app.post("/v1/customers", token, &body).await, 400, "VALIDATION_FAILED").await;
        let mut errors = field_errors(&refused);
        errors.sort();
        assert_eq!(errors, [
            ("limits[1]".to_owned(), "DUPLICATE".to_owned()),
            ("limits[2].amount".to_owned(), "OUT_OF_RANGE".to_owned()),
            ("limits[2].currency".to_owned(), "INVALID_VALUE".to_owned()),
            ("limits[2].limitType".to_owned(), "INVALID_VALUE".to_owned()),
            ("limits[3].limitType".to_owned(), "REQUIRED".to_owned()),
        ]);
        assert_eq!(app.get_json("/v1/customers", token).await["totalElements"], before);
        // Limits are given at creation only; a PUT that names them is refused, not ignored.
        let put = app.send(Method::PUT, &format!("/v1/customers/{customer_id}"), token, Some(&json!({"limits": []}))).await;
        assert_eq!(field_errors(&assert_error(put, 400, "VALIDATION_FAILED").await)[0].0, "limits");
    }

    async fn a_financial_account_embeds_its_limits(app: TestApp) {
        let token = &app.bootstrap.token;
        let w = world(&app, token, "100.00").await;
        create(&app, token, &send(&w.business, &w.internal, "transfer", "40.00")).await;
        create(&app, token, &send(&w.internal, &w.business, "transfer", "12.34")).await;
        let account = app.get_json(&format!("/v1/financial-accounts/{}?embed=limits,balances", w.internal), token).await;
        let periods = app.get_json(&format!("/v1/financial-accounts/{}/limits", w.internal), token).await;
        assert_eq!(account["_embedded"]["limits"], periods);
        assert_eq!(daily_usd(&periods), json!({"limit": "50000.00", "used": "12.34"}));
        assert!(account["_embedded"]["balances"].is_object());
    }

    async fn a_parent_and_its_child_racing_never_pass_the_parents_limit(app: TestApp) {
        let parent = &app.bootstrap;
        let child = app.tenant("Child", Some(parent)).await;
        let parent_world = world(&app, &parent.token, "100.00").await;
        let child_world = world(&app, &child.token, "100.00").await;
        let limit = LimitAmount { limit_type: LimitType::Monthly, currency: Currency::Usd, amount_minor: 1_000 };
        app.services.limits.set_business_account_limit(parent.id.parse().unwrap(), limit).await.unwrap();
        let racing: Vec<_> = (0..24).map(|i| {
            let (token, w) = if i % 2 == 0 { (parent.token.clone(), &parent_world) } else { (child.token.clone(), &child_world) };
            let (http, body) = (app.http.clone(), send(&w.business, &w.internal, "transfer", "1.00"));
            async move {
                let answer = http.post("/v1/transactions", &token, &body).await;
                (answer.status().as_u16(), answer.json::<Value>().await.unwrap())
            }
        }).collect();
        let mut accepted = 0;
        for (status, body) in crate::transactions::futures_join_all(racing).await {
            match status {
                201 => accepted += 1,
                422 => assert_eq!(body["errorCode"], "LIMIT_EXCEEDED"),
                other => panic!("answered {other}: {body}"),
            }
        }
        assert_eq!(accepted, 10);
        let lineage = app.get_json("/v1/business-accounts/self/limits", &child.token).await;
        assert_eq!(lineage[1]["periods"][2]["amount"]["USD"], json!({"limit": "10.00", "used": "10.00"}));
        let verified = app.services.store().verify_ledger().await.unwrap();
        assert!(verified.problems.is_empty(), "{:?}", verified.problems);
    }
}
