//! STP transactions over HTTP: one call finds or creates the Recipient and its card and pays
//! it by push-to-card; a retried call (even many at once) creates one recipient, one card and
//! one transaction; every STP-only rule, all or nothing on refusal, roles and tenancy.

use crate::on_both_backends;
use crate::support::{Http, TestApp, assert_error, field_errors};
use crate::transactions::{balances, simulate, world};
use openkor_domain::role::Role;
use reqwest::Method;
use serde_json::{Value, json};

fn stp(key: &str, debit: &str, email: &str, amount: &str) -> Value {
    json!({"idempotencyKey": key, "debitFinancialAccountId": debit, "amount": amount,
        "paymentReasonId": "loan-payouts", "memo": "claim 7",
        "entity": {"category": "INDIVIDUAL", "firstName": "Ana", "lastName": "Silva", "email": email},
        "financial": {"cardData": {"cardNumber": "4111111111111111", "expiry": "31-12"},
            "billingAddress": {"addressLine1": "625 Queen St", "adressLine3": "Unit 4", "city": "Vancouver",
                "state": "BC", "country": "CAN", "postalCode": "V5K 0A1"}}})
}

async fn total(app: &Http, token: &str, path: &str) -> u64 {
    app.get_json(path, token).await["totalElements"]
        .as_u64()
        .unwrap()
}

on_both_backends! {
    async fn a_retried_stp_call_creates_one_recipient_one_card_and_one_transaction(app: TestApp) {
        let token = &app.bootstrap.token;
        let w = world(&app, token, "1000.00").await;
        let body = stp("stp-key-0001", &w.business, "ana@example.com", "25.00");
        let first = app.post("/v1/stp-transactions", token, &body).await;
        assert!(first.headers().get("idempotent-replayed").is_none());
        let first = TestApp::expect_json(first, 201).await;
        let (transaction, recipient, card) = (&first["transaction"], &first["recipient"], &first["financialAccount"]);
        for (field, value) in [("transactionType", json!("SEND")), ("solution", json!("push-to-card")),
            ("amount", json!("25.00")), ("creditFinancialAccountId", card["id"].clone()), ("memo", json!("claim 7"))] {
            assert_eq!(transaction[field], value, "{field}: {transaction}");
        }
        assert_eq!((recipient["firstName"].as_str(), recipient["email"].as_str()), (Some("Ana"), Some("ana@example.com")));
        assert_eq!((card["accountHolderType"].as_str(), card["accountHolderId"].as_str()), (Some("RECIPIENT"), recipient["id"].as_str()));
        assert_eq!((card["subtype"].as_str(), card["name"].as_str()), (Some("DEBIT"), Some("Debit card 1111")));
        assert_eq!(balances(&app, token, &w.business).await[1], "975.00", "the payout is held");

        let retried = app.post("/v1/stp-transactions", token, &body).await;
        assert_eq!(retried.headers()["idempotent-replayed"], "true");
        let retried = TestApp::expect_json(retried, 201).await;
        assert_eq!(retried, first, "a retry answers what the first call did");
        let other_amount = stp("stp-key-0001", &w.business, "ana@example.com", "26.00");
        assert_eq!(app.post("/v1/stp-transactions", token, &other_amount).await.status(), 409);

        // Another key, same payee and card: the recipient and card are reused.
        let again = TestApp::expect_json(app.post("/v1/stp-transactions", token, &stp("stp-key-0002", &w.business, "ANA@example.com", "5.00")).await, 201).await;
        assert_ne!(again["transaction"]["id"], first["transaction"]["id"]);
        assert_eq!((&again["recipient"]["id"], &again["financialAccount"]["id"]), (&recipient["id"], &card["id"]));

        // Names match case-insensitively beyond ASCII too, on both backends.
        let mut accented = stp("stp-key-0004", &w.business, "el@example.com", "1.00");
        accented["entity"]["firstName"] = json!("Élodie");
        let first_el = TestApp::expect_json(app.post("/v1/stp-transactions", token, &accented).await, 201).await;
        accented["idempotencyKey"] = json!("stp-key-0005");
        accented["entity"]["firstName"] = json!("ÉLODIE");
        let second_el = TestApp::expect_json(app.post("/v1/stp-transactions", token, &accented).await, 201).await;
        assert_eq!(first_el["recipient"]["id"], second_el["recipient"]["id"]);

        // Many retries at once of a call for a new payee.
        let racing = stp("stp-key-0003", &w.business, "bo@example.com", "1.00");
        let calls: Vec<_> = (0..8).map(|_| {
            let (http, token, racing) = (app.http.clone(), token.clone(), racing.clone());
            async move {
                let answer = http.post("/v1/stp-transactions", &token, &racing).await;
                (answer.status().as_u16(), answer.json::<Value>().await.unwrap())
            }
        }).collect();
        let answers = crate::transactions::futures_join_all(calls).await;
        assert!(answers.iter().all(|(status, _)| *status == 201), "{answers:?}");
        let ids: std::collections::BTreeSet<String> = answers.iter().map(|(_, b)| b["transaction"]["id"].as_str().unwrap().to_owned()).collect();
        assert_eq!(ids.len(), 1, "one transaction for one key");
        assert_eq!(total(&app, token, "/v1/recipients").await, 3);
        assert_eq!(total(&app, token, "/v1/financial-accounts?accountHolderTypes=RECIPIENT").await, 3);
        assert_eq!(total(&app, token, &format!("/v1/transactions?debitFinancialAccountId={}&solution=push-to-card", w.business)).await, 5);

        // The payee paid, then deleted: a retry still answers the first call's transaction.
        for paid in [&first, &again] {
            let id = paid["transaction"]["id"].as_str().unwrap();
            assert_eq!(simulate(&app, token, id, "SETTLED").await.status(), 200);
        }
        let recipient_path = format!("/v1/recipients/{}", recipient["id"].as_str().unwrap());
        assert_eq!(app.send(Method::DELETE, &recipient_path, token, None).await.status(), 204);
        let late = app.post("/v1/stp-transactions", token, &body).await;
        assert_eq!(late.headers()["idempotent-replayed"], "true");
        let late = TestApp::expect_json(late, 201).await;
        assert_eq!((&late["transaction"], &late["recipient"]["id"], &late["financialAccount"]["id"]),
            (&first["transaction"], &recipient["id"], &card["id"]));
        let verified = app.services.store().verify_ledger().await.unwrap();
        assert!(verified.problems.is_empty(), "{:?}", verified.problems);
    }

    async fn an_stp_call_is_checked_and_all_or_nothing(app: TestApp) {
        let token = &app.bootstrap.token;
        let w = world(&app, token, "100.00").await;
        let mut bad = stp("key", &w.business, "not-an-email", "0");
        bad["entity"]["category"] = json!("ROBOT");
        bad["notify"] = json!(true);
        bad["financial"]["cardData"] = json!({"cardNumber": "4111111111111112", "expiry": "99-99"});
        bad["financial"]["billingAddress"]["city"] = json!("");
        let refused = assert_error(app.post("/v1/stp-transactions", token, &bad).await, 400, "VALIDATION_FAILED").await;
        let mut paths: Vec<String> = field_errors(&refused).into_iter().map(|(path, _)| path).collect();
        paths.sort();
        assert_eq!(paths, ["entity.category", "entity.mobileNumber"], "the STP rules come first: {refused}");
        bad["entity"]["category"] = json!("INDIVIDUAL");
        bad["entity"]["mobileNumber"] = json!("555-555-5555");
        let refused = assert_error(app.post("/v1/stp-transactions", token, &bad).await, 400, "VALIDATION_FAILED").await;
        let mut paths: Vec<String> = field_errors(&refused).into_iter().map(|(path, _)| path).collect();
        paths.sort();
        assert_eq!(paths, ["amount", "entity.email", "financial.billingAddress.city", "financial.cardData.cardNumber",
            "financial.cardData.expiry", "idempotencyKey"], "{refused}");

        // Refused for want of funds: no recipient, no card.
        let too_much = stp("stp-key-funds", &w.business, "ana@example.com", "500.00");
        assert_error(app.post("/v1/stp-transactions", token, &too_much).await, 422, "INSUFFICIENT_FUNDS").await;
        assert_eq!(total(&app, token, "/v1/recipients").await, 0);
        assert_eq!(total(&app, token, "/v1/financial-accounts?accountHolderTypes=RECIPIENT").await, 0);

        // A suspended matching recipient is not paid (nor duplicated).
        let paid = TestApp::expect_json(app.post("/v1/stp-transactions", token, &stp("stp-key-ok", &w.business, "ana@example.com", "1.00")).await, 201).await;
        let path = format!("/v1/recipients/{}", paid["recipient"]["id"].as_str().unwrap());
        app.send(Method::PUT, &path, token, Some(&json!({"state": "SUSPENDED"}))).await;
        let refused = assert_error(app.post("/v1/stp-transactions", token, &stp("stp-key-susp", &w.business, "ana@example.com", "1.00")).await, 422, "BUSINESS_RULE_VIOLATION").await;
        assert_eq!(field_errors(&refused)[0].0, "entity");
        assert_eq!(total(&app, token, "/v1/recipients").await, 1);

        // The payee holds the number as a CREDIT card: refused at the card number, not paid twice.
        let payee = TestApp::expect_json(app.post("/v1/recipients", token, &json!({"firstName": "Ana", "lastName": "Silva", "email": "cc@example.com"})).await, 201).await;
        let mut credit_card = crate::financial_account_fixtures::card_request("x", "4111111111111111");
        credit_card["accountHolderType"] = json!("RECIPIENT");
        credit_card["accountHolderId"] = payee["id"].clone();
        credit_card["subtype"] = json!("CREDIT");
        TestApp::expect_json(app.post("/v1/external-cards", token, &credit_card).await, 201).await;
        let refused = assert_error(app.post("/v1/stp-transactions", token, &stp("stp-key-credit", &w.business, "cc@example.com", "1.00")).await, 422, "BUSINESS_RULE_VIOLATION").await;
        assert_eq!(field_errors(&refused)[0].0, "financial.cardData.cardNumber");

        // A business payee is told apart by its name too.
        let business = |key: &str, name: &str| {
            let mut body = stp(key, &w.business, "ap@example.com", "1.00");
            body["entity"]["category"] = json!("BUSINESS");
            body["entity"]["businessName"] = json!(name);
            body
        };
        let acme = TestApp::expect_json(app.post("/v1/stp-transactions", token, &business("stp-key-acme", "Acme")).await, 201).await;
        let globex = TestApp::expect_json(app.post("/v1/stp-transactions", token, &business("stp-key-globex", "Globex")).await, 201).await;
        assert_ne!(acme["recipient"]["id"], globex["recipient"]["id"]);

        for role in [Role::Admin, Role::Clerk, Role::ViewOnly] {
            let limited = app.token_with_role(&app.bootstrap, role).await;
            let body = stp("stp-key-role", &w.business, "bo@example.com", "1.00");
            assert_error(app.post("/v1/stp-transactions", &limited, &body).await, 403, "FORBIDDEN").await;
        }
        let finance = app.token_with_role(&app.bootstrap, Role::Finance).await;
        Http::expect_json(app.post("/v1/stp-transactions", &finance, &stp("stp-key-fin", &w.business, "bo@example.com", "1.00")).await, 201).await;
        let other = app.tenant("Other", None).await;
        let refused = assert_error(app.post("/v1/stp-transactions", &other.token, &stp("stp-key-other", &w.business, "bo@example.com", "1.00")).await, 422, "BUSINESS_RULE_VIOLATION").await;
        assert_eq!(field_errors(&refused)[0].0, "debitFinancialAccountId");
        assert_eq!(total(&app, &other.token, "/v1/recipients").await, 0, "nothing left behind in the other tenant");
    }
}
