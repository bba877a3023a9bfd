//! ACH prenote verification over HTTP: `POST /v1/financial-accounts:verify` makes an external
//! bank account PENDING, the rail engine approves it about three days of rail time later, and
//! only then can it be the debit side of an ACH REQUEST, which the rails walk to CLEARED.

use crate::on_both_backends;
use crate::transaction_events::outbox;
use crate::transactions::{balances_of, four, submit, world};
use crate::typed::{field_errors, json_of, refused, typed};
use openkor_client::Client;
use openkor_client::models::VerifyRequest;
use openkor_domain::clock::Clock;
use openkor_domain::role::Role;
use serde_json::{Value, json};

const DAY_MS: i64 = 24 * 3_600_000;

/// A prenote of the accounts `ids`.
pub fn verify_body(ids: &[&str]) -> VerifyRequest {
    typed(json!({"method": "PRENOTE", "financialAccountIds": ids}))
}

pub fn ach_request(bank: &str, internal: &str, amount: &str) -> Value {
    json!({"debitFinancialAccountId": bank, "creditFinancialAccountId": internal,
        "transactionType": "REQUEST", "solution": "ach", "paymentReasonId": "bill-payment",
        "amount": amount, "metadata": {"rkorACHEntryType": "PPD", "rkorACHIndividualId": "A1"}})
}

async fn verification_status(api: &Client, id: &str) -> String {
    api.get_financial_account(id, None)
        .await
        .unwrap()
        .verification_status
}

/// Advances the clock a day at a time, running the rail engine after each (the typed client
/// exchanges a new token itself once the old one has expired).
pub async fn days_pass(app: &crate::support::TestApp, days: i64) {
    let store = app.services.store().clone();
    for _ in 0..days {
        app.clock.advance_ms(DAY_MS);
        while openkor_server::rail_engine::pass(&store, app.clock.now(), 1).await > 0 {}
    }
}

on_both_backends! {
    async fn a_prenote_approves_the_account_for_ach_requests(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let w = world(&app, &app.bootstrap.token, "10.00").await;
        let error = refused(submit(&api, ach_request(&w.bank, &w.internal, "25.00")).await, 422, "BUSINESS_RULE_VIOLATION");
        assert_eq!(field_errors(&error), [("debitFinancialAccountId".to_owned(), "INCONSISTENT".to_owned())]);

        let started = api.verify_financial_accounts(&verify_body(&[&w.bank])).await.unwrap();
        assert_eq!(json_of(&started), json!({"method": "PRENOTE",
            "financialAccountIds": [{"financialAccountId": w.bank, "status": "PENDING"}]}));
        assert_eq!(verification_status(&api, &w.bank).await, "PENDING");
        days_pass(&app, 2).await;
        assert_eq!(verification_status(&api, &w.bank).await, "PENDING", "three days");
        days_pass(&app, 1).await;
        assert_eq!(verification_status(&api, &w.bank).await, "APPROVED");
        let again = api.verify_financial_accounts(&verify_body(&[&w.bank])).await.unwrap();
        assert_eq!(again.financial_account_ids[0].status, "APPROVED");
        let holder = api.get_financial_account(&w.bank, None).await.unwrap().account_holder_id;
        let events: Vec<Value> = outbox(&app).await.into_iter()
            .filter(|(_, kind, _)| kind == "account.verification-status-updated")
            .map(|(_, _, payload)| serde_json::from_str(&payload).unwrap()).collect();
        let event = |status: &str| json!({"businessAccountId": app.bootstrap.id, "holderId": holder,
            "holderType": "INDIVIDUAL_CUSTOMER", "financialAccountId": w.bank, "verificationStatus": status});
        assert_eq!(events, [event("PENDING"), event("APPROVED")], "one event per change, none for a no-op");

        let collected = submit(&api, ach_request(&w.bank, &w.internal, "25.00")).await.unwrap();
        assert_eq!(collected.latest_status.status, "NEW");
        assert_eq!(balances_of(&api, &w.internal).await, four(["0.00", "0.00", "0.00", "25.00"]));
        days_pass(&app, 4).await;
        let cleared = api.get_transaction(&collected.id, None).await.unwrap();
        assert_eq!(cleared.latest_status.status, "CLEARED");
        assert_eq!(balances_of(&api, &w.internal).await, four(["25.00", "25.00", "0.00", "0.00"]));
        let verified = app.services.store().verify_ledger().await.unwrap();
        assert!(verified.problems.is_empty(), "{:?}", verified.problems);
    }

    async fn only_external_checking_accounts_of_the_caller_are_verified(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let w = world(&app, &app.bootstrap.token, "10.00").await;
        for id in [&w.card, &w.internal, &w.business] {
            let error = refused(api.verify_financial_accounts(&verify_body(&[&w.bank, id])).await, 422, "BUSINESS_RULE_VIOLATION");
            assert_eq!(field_errors(&error), [("financialAccountIds[1]".to_owned(), "INVALID_VALUE".to_owned())]);
        }
        assert_eq!(verification_status(&api, &w.bank).await, "UNVERIFIED", "all or nothing");
        let unknown = uuid::Uuid::new_v4().to_string();
        refused(api.verify_financial_accounts(&verify_body(&[&unknown])).await, 404, "NOT_FOUND");
        let other = app.api(&app.tenant("Other", None).await);
        refused(other.verify_financial_accounts(&verify_body(&[&w.bank])).await, 404, "NOT_FOUND");

        let bad: VerifyRequest = typed(json!({"method": "AGGREGATION", "financialAccountIds": [w.bank, w.bank]}));
        let error = refused(api.verify_financial_accounts(&bad).await, 400, "VALIDATION_FAILED");
        assert_eq!(field_errors(&error), [("method".to_owned(), "INVALID_VALUE".to_owned()),
            ("financialAccountIds[1]".to_owned(), "DUPLICATE".to_owned())]);
        let viewer = app.api_with_role(&app.bootstrap, Role::ViewOnly).await;
        refused(viewer.verify_financial_accounts(&verify_body(&[&w.bank])).await, 403, "FORBIDDEN");
    }
}
