//! Financial Accounts over HTTP after creation: suspension, deletion (of an account and of
//! its customer) and balances read from the ledger.

use crate::financial_account_fixtures::{
    SEED_GET_STARTED, business_accounts, card_request, customer, pairs, seed_with_ids,
};
use crate::on_both_backends;
use crate::support::{TestApp, assert_error, field_errors};
use reqwest::Method;
use serde_json::json;

on_both_backends! {
    async fn suspend_unsuspend_and_delete(app: TestApp) {
        let token = &app.bootstrap.token;
        let (usd, _) = business_accounts(&app, token).await;
        let holder = customer(&app, token).await;
        let card = TestApp::expect_json(app.post("/v1/external-cards", token, &card_request(&holder, "4111111111111111")).await, 201).await;
        let path = format!("/v1/financial-accounts/{}", card["id"].as_str().unwrap());
        for _ in 0..2 {
            let suspended = app.send(Method::POST, &format!("{path}/suspend"), token, None).await;
            assert_eq!(suspended.status(), 204);
        }
        assert_eq!(app.get_json(&path, token).await["state"], "SUSPENDED");
        let with_body = app.post(&format!("{path}/suspend"), token, &json!({})).await;
        assert_eq!(with_body.status(), 204, "an empty body is fine");
        let reason = app.post(&format!("{path}/suspend"), token, &json!({"stateReason": "LOST_CARD"})).await;
        assert_eq!(field_errors(&assert_error(reason, 400, "VALIDATION_FAILED").await), pairs(&[("stateReason", "INCONSISTENT")]));
        let active = TestApp::expect_json(app.send(Method::PUT, &format!("{path}/unsuspend"), token, None).await, 200).await;
        assert_eq!(active["state"], "ACTIVE");
        // The older form: PUT, 200 with the account, the same rules.
        let older = TestApp::expect_json(app.send(Method::PUT, &format!("{path}/suspend"), token, None).await, 200).await;
        assert_eq!((older["id"].as_str(), older["state"].as_str()), (card["id"].as_str(), Some("SUSPENDED")));
        let reason = app.put(&format!("{path}/suspend"), token, &json!({"stateReason": "LOST_CARD"})).await;
        assert_eq!(field_errors(&assert_error(reason, 400, "VALIDATION_FAILED").await), pairs(&[("stateReason", "INCONSISTENT")]));
        assert_eq!(app.send(Method::PUT, &format!("{path}/unsuspend"), token, None).await.status(), 200);
        let business = format!("/v1/financial-accounts/{usd}");
        assert_error(app.send(Method::POST, &format!("{business}/suspend"), token, None).await, 422, "BUSINESS_RULE_VIOLATION").await;
        assert_error(app.send(Method::DELETE, &business, token, None).await, 422, "BUSINESS_RULE_VIOLATION").await;
        assert_eq!(app.send(Method::DELETE, &path, token, None).await.status(), 204);
        for (method, suffix) in [(Method::GET, ""), (Method::DELETE, ""), (Method::POST, "/suspend"), (Method::PUT, "/suspend"), (Method::PUT, "/unsuspend")] {
            assert_error(app.send(method, &format!("{path}{suffix}"), token, None).await, 404, "NOT_FOUND").await;
        }
        let reason = app.post(&format!("{path}/suspend"), token, &json!({"stateReason": "LOST_CARD"})).await;
        assert_error(reason, 404, "NOT_FOUND").await;
        assert_eq!(app.get_json(&format!("/v1/customers/{holder}/financial-accounts"), token).await["totalElements"], 0);
    }

    async fn balances_are_read_from_the_ledger(app: TestApp) {
        let token = &app.bootstrap.token;
        let (usd, _) = business_accounts(&app, token).await;
        let holder = customer(&app, token).await;
        let internal = TestApp::expect_json(
            app.post("/v1/internal-financial-accounts", token, &seed_with_ids(SEED_GET_STARTED, &usd, &holder)).await,
            201,
        )
        .await;
        let path = format!("/v1/financial-accounts/{}", internal["id"].as_str().unwrap());
        let zero = json!({"USD": {"accountBalance": "0.00", "availableBalance": "0.00", "pendingWithdrawals": "0.00", "pendingDeposits": "0.00"}});
        assert_eq!(app.get_json(&format!("{path}/balances"), token).await, zero);
        let embedded = app.get_json(&format!("{path}?embed=balances,accountHolder"), token).await;
        assert_eq!(embedded["_embedded"]["balances"], zero);
        assert_eq!(embedded["_embedded"]["customer"]["id"], holder.as_str());
        // Business (and integrated) accounts are ledgered too; external accounts are not.
        assert_eq!(app.get_json(&format!("/v1/financial-accounts/{usd}/balances"), token).await, zero);
        let business = app.get_json(&format!("/v1/financial-accounts/{usd}?embed=accountHolder,balances"), token).await;
        assert_eq!(business["_embedded"]["businessAccount"]["id"], app.bootstrap.id.as_str());
        assert_eq!(business["_embedded"]["balances"], zero);
        let card = TestApp::expect_json(app.post("/v1/external-cards", token, &card_request(&holder, "4111111111111111")).await, 201).await;
        let card_path = format!("/v1/financial-accounts/{}", card["id"].as_str().unwrap());
        assert_error(app.get(&format!("{card_path}/balances"), token).await, 422, "BUSINESS_RULE_VIOLATION").await;
        assert!(app.get_json(&format!("{card_path}?embed=balances"), token).await["_embedded"].get("balances").is_none());
        assert_error(app.get(&format!("{path}?embed=owners"), token).await, 400, "INVALID_QUERY_PARAMETER").await;
    }

    async fn accounts_that_hold_money_are_not_deleted_nor_are_their_customers(app: TestApp) {
        let token = &app.bootstrap.token;
        let (usd, _) = business_accounts(&app, token).await;
        let holder = customer(&app, token).await;
        let internal = TestApp::expect_json(app.post("/v1/internal-financial-accounts", token, &seed_with_ids(SEED_GET_STARTED, &usd, &holder)).await, 201).await;
        let path = format!("/v1/financial-accounts/{}", internal["id"].as_str().unwrap());
        let wallet = internal["id"].as_str().unwrap();
        crate::transactions::deposit(&app, token, &usd, "5.00").await;
        let transfer = |from: &str, to: &str| crate::transactions::send(from, to, "transfer", "5.00");
        TestApp::expect_json(app.post("/v1/transactions", token, &transfer(&usd, wallet)).await, 201).await;
        assert_eq!(app.get_json(&format!("{path}/balances"), token).await["USD"]["accountBalance"], "5.00");
        let refused = assert_error(app.send(Method::DELETE, &path, token, None).await, 422, "BUSINESS_RULE_VIOLATION").await;
        assert!(refused["message"].as_str().unwrap().contains("balance is zero"), "{refused}");
        let customer_path = format!("/v1/customers/{holder}");
        let refused = assert_error(app.send(Method::DELETE, &customer_path, token, None).await, 422, "BUSINESS_RULE_VIOLATION").await;
        assert!(refused["message"].as_str().unwrap().contains("zero balance"), "{refused}");
        assert_eq!(app.get(&customer_path, token).await.status(), 200, "the refusal deleted nothing");
        assert_eq!(app.get(&path, token).await.status(), 200);
        TestApp::expect_json(app.post("/v1/transactions", token, &transfer(wallet, &usd)).await, 201).await;
        assert_eq!(app.send(Method::DELETE, &customer_path, token, None).await.status(), 204);
        assert_error(app.get(&path, token).await, 404, "NOT_FOUND").await;
    }

    async fn deleting_a_customer_removes_its_accounts_from_every_read(app: TestApp) {
        let token = &app.bootstrap.token;
        let (usd, _) = business_accounts(&app, token).await;
        let holder = customer(&app, token).await;
        let internal = TestApp::expect_json(app.post("/v1/internal-financial-accounts", token, &seed_with_ids(SEED_GET_STARTED, &usd, &holder)).await, 201).await;
        let card = TestApp::expect_json(app.post("/v1/external-cards", token, &card_request(&holder, "4111111111111111")).await, 201).await;
        assert_eq!(app.send(Method::DELETE, &format!("/v1/customers/{holder}"), token, None).await.status(), 204);
        for account in [&internal, &card] {
            let path = format!("/v1/financial-accounts/{}", account["id"].as_str().unwrap());
            assert_error(app.get(&path, token).await, 404, "NOT_FOUND").await;
            assert_error(app.get(&format!("{path}/balances"), token).await, 404, "NOT_FOUND").await;
        }
        assert_eq!(app.get_json("/v1/financial-accounts?accountHolderTypes=CUSTOMER", token).await["totalElements"], 0);
        assert_eq!(app.get_json(&format!("/v1/financial-accounts?accountHolderId={holder}"), token).await["totalElements"], 0);
        assert_error(app.get(&format!("/v1/customers/{holder}/financial-accounts"), token).await, 404, "NOT_FOUND").await;
    }
}
