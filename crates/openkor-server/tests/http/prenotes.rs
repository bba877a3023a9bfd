//! ACH prenote verification over HTTP: `POST /v1/financial-accounts:verify` makes an external
//! bank account PENDING, the rail engine approves it about three days of rail time later, and
//! only then can it be the debit side of an ACH REQUEST, which the rails walk to CLEARED.

use crate::on_both_backends;
use crate::support::{TestApp, assert_error, field_errors};
use crate::transaction_events::outbox;
use crate::transactions::{balances, create, four, world};
use openkor_domain::clock::Clock;
use openkor_domain::role::Role;
use serde_json::{Value, json};

const DAY_MS: i64 = 24 * 3_600_000;

pub fn verify_body(ids: &[&str]) -> Value {
    json!({"method": "PRENOTE", "financialAccountIds": ids})
}

pub fn ach_request(bank: &str, internal: &str, amount: &str) -> Value {
    json!({"debitFinancialAccountId": bank, "creditFinancialAccountId": internal,
        "transactionType": "REQUEST", "solution": "ach", "paymentReasonId": "bill-payment",
        "amount": amount, "metadata": {"rkorACHEntryType": "PPD", "rkorACHIndividualId": "A1"}})
}

async fn verification_status(app: &TestApp, token: &str, id: &str) -> Value {
    app.get_json(&format!("/v1/financial-accounts/{id}"), token)
        .await["verificationStatus"]
        .clone()
}

/// Advances the clock a day at a time, running the rail engine after each; a fresh token, as
/// the old one has expired.
pub async fn days_pass(app: &TestApp, days: i64) -> String {
    let store = app.services.store().clone();
    for _ in 0..days {
        app.clock.advance_ms(DAY_MS);
        while openkor_server::rail_engine::pass(&store, app.clock.now(), 1).await > 0 {}
    }
    app.token(&app.bootstrap.api_key, &app.bootstrap.api_secret)
        .await
}

on_both_backends! {
    async fn a_prenote_approves_the_account_for_ach_requests(app: TestApp) {
        let token = &app.bootstrap.token;
        let w = world(&app, token, "10.00").await;
        let refused = app.post("/v1/transactions", token, &ach_request(&w.bank, &w.internal, "25.00")).await;
        let body = assert_error(refused, 422, "BUSINESS_RULE_VIOLATION").await;
        assert_eq!(field_errors(&body), [("debitFinancialAccountId".to_owned(), "INCONSISTENT".to_owned())]);

        let started = app.post("/v1/financial-accounts:verify", token, &verify_body(&[&w.bank])).await;
        assert_eq!(TestApp::expect_json(started, 200).await, json!({"method": "PRENOTE",
            "financialAccountIds": [{"financialAccountId": w.bank, "status": "PENDING"}]}));
        assert_eq!(verification_status(&app, token, &w.bank).await, "PENDING");
        let token = &days_pass(&app, 2).await;
        assert_eq!(verification_status(&app, token, &w.bank).await, "PENDING", "three days");
        let token = &days_pass(&app, 1).await;
        assert_eq!(verification_status(&app, token, &w.bank).await, "APPROVED");
        let again = app.post("/v1/financial-accounts:verify", token, &verify_body(&[&w.bank])).await;
        assert_eq!(TestApp::expect_json(again, 200).await["financialAccountIds"][0]["status"], "APPROVED");
        let holder = app.get_json(&format!("/v1/financial-accounts/{}", w.bank), token).await["accountHolderId"].clone();
        let events: Vec<Value> = outbox(&app).await.into_iter()
            .filter(|(_, kind, _)| kind == "account.verification-status-updated")
            .map(|(_, _, payload)| serde_json::from_str(&payload).unwrap()).collect();
        let event = |status: &str| json!({"businessAccountId": app.bootstrap.id, "holderId": holder,
            "holderType": "INDIVIDUAL_CUSTOMER", "financialAccountId": w.bank, "verificationStatus": status});
        assert_eq!(events, [event("PENDING"), event("APPROVED")], "one event per change, none for a no-op");

        let collected = create(&app, token, &ach_request(&w.bank, &w.internal, "25.00")).await;
        assert_eq!(collected["latestStatus"]["status"], "NEW");
        assert_eq!(balances(&app, token, &w.internal).await, four(["0.00", "0.00", "0.00", "25.00"]));
        let token = &days_pass(&app, 4).await;
        let id = collected["id"].as_str().unwrap();
        let cleared = app.get_json(&format!("/v1/transactions/{id}"), token).await;
        assert_eq!(cleared["latestStatus"]["status"], "CLEARED");
        assert_eq!(balances(&app, token, &w.internal).await, four(["25.00", "25.00", "0.00", "0.00"]));
        let verified = app.services.store().verify_ledger().await.unwrap();
        assert!(verified.problems.is_empty(), "{:?}", verified.problems);
    }

    async fn only_external_checking_accounts_of_the_caller_are_verified(app: TestApp) {
        let token = &app.bootstrap.token;
        let w = world(&app, token, "10.00").await;
        for id in [&w.card, &w.internal, &w.business] {
            let refused = app.post("/v1/financial-accounts:verify", token, &verify_body(&[&w.bank, id])).await;
            let body = assert_error(refused, 422, "BUSINESS_RULE_VIOLATION").await;
            assert_eq!(field_errors(&body), [("financialAccountIds[1]".to_owned(), "INVALID_VALUE".to_owned())]);
        }
        assert_eq!(verification_status(&app, token, &w.bank).await, "UNVERIFIED", "all or nothing");
        let unknown = uuid::Uuid::new_v4().to_string();
        let missing = app.post("/v1/financial-accounts:verify", token, &verify_body(&[&unknown])).await;
        assert_error(missing, 404, "NOT_FOUND").await;
        let other = app.tenant("Other", None).await;
        let foreign = app.post("/v1/financial-accounts:verify", &other.token, &verify_body(&[&w.bank])).await;
        assert_error(foreign, 404, "NOT_FOUND").await;

        let bad = app.post("/v1/financial-accounts:verify", token,
            &json!({"method": "AGGREGATION", "financialAccountIds": [w.bank, w.bank]})).await;
        let body = assert_error(bad, 400, "VALIDATION_FAILED").await;
        assert_eq!(field_errors(&body), [("method".to_owned(), "INVALID_VALUE".to_owned()),
            ("financialAccountIds[1]".to_owned(), "DUPLICATE".to_owned())]);
        let viewer = app.token_with_role(&app.bootstrap, Role::ViewOnly).await;
        let forbidden = app.post("/v1/financial-accounts:verify", &viewer, &verify_body(&[&w.bank])).await;
        assert_error(forbidden, 403, "FORBIDDEN").await;
    }
}
