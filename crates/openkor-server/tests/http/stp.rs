//! STP transactions over HTTP: one call finds or creates the Recipient and its card and pays
//! it by push-to-card; a retried call (even many at once) creates one recipient, one card and
//! one transaction; every STP-only rule, all or nothing on refusal, roles and tenancy.

use crate::on_both_backends;
use crate::support::Http;
use crate::transactions::{balances_of, outcome, world};
use crate::typed::{field_errors, refused, typed};
use openkor_client::models::{RecipientUpdate, Stp, StpRequest};
use openkor_client::{Client, Error, FinancialAccountQuery, RecipientQuery, TransactionQuery};
use openkor_domain::role::Role;
use serde_json::{Value, json};

/// An STP body as the STP page prints it: `adressLine3`, `state` and `country` in the billing
/// address, which the typed client writes as `addressLine3`, `stateCode` and `countryCode`.
fn stp(key: &str, debit: &str, email: &str, amount: &str) -> Value {
    json!({"idempotencyKey": key, "debitFinancialAccountId": debit, "amount": amount,
        "paymentReasonId": "loan-payouts", "memo": "claim 7",
        "entity": {"category": "INDIVIDUAL", "firstName": "Ana", "lastName": "Silva", "email": email},
        "financial": {"cardData": {"cardNumber": "4111111111111111", "expiry": "31-12"},
            "billingAddress": {"addressLine1": "625 Queen St", "adressLine3": "Unit 4", "city": "Vancouver",
                "state": "BC", "country": "CAN", "postalCode": "V5K 0A1"}}})
}

/// [`stp`] with the billing address in today's spelling, all the typed client writes.
fn stp_today(key: &str, debit: &str, email: &str, amount: &str) -> Value {
    let mut body = stp(key, debit, email, amount);
    body["financial"]["billingAddress"] = json!({"addressLine1": "625 Queen St", "addressLine3": "Unit 4",
        "city": "Vancouver", "stateCode": "BC", "countryCode": "CAN", "postalCode": "V5K 0A1"});
    body
}

/// `POST /v1/stp-transactions` of `body` (a JSON fixture) through the typed client.
async fn pay(api: &Client, body: Value) -> Result<Stp, Error> {
    api.create_stp_transaction(&typed::<StpRequest>(body)).await
}

async fn recipients(api: &Client) -> i64 {
    api.list_recipients(&RecipientQuery::default())
        .await
        .unwrap()
        .total_elements
}

async fn recipient_cards(api: &Client) -> i64 {
    let query = FinancialAccountQuery {
        account_holder_types: Some("RECIPIENT".to_owned()),
        ..Default::default()
    };
    api.list_financial_accounts(&query)
        .await
        .unwrap()
        .total_elements
}

on_both_backends! {
    async fn a_retried_stp_call_creates_one_recipient_one_card_and_one_transaction(app: TestApp) {
        let token = &app.bootstrap.token;
        let api = app.api(&app.bootstrap);
        let w = world(&app, token, "1000.00").await;
        // Raw: the first call, its retries and the late retry are told apart by the
        // `Idempotent-Replayed` header, which the client does not expose; they send the body
        // as the STP page prints it.
        let body = stp("stp-key-0001", &w.business, "ana@example.com", "25.00");
        let first = app.post("/v1/stp-transactions", token, &body).await;
        assert!(first.headers().get("idempotent-replayed").is_none());
        let first = Http::expect_json(first, 201).await;
        let (transaction, recipient, card) = (&first["transaction"], &first["recipient"], &first["financialAccount"]);
        for (field, value) in [("transactionType", json!("SEND")), ("solution", json!("push-to-card")),
            ("amount", json!("25.00")), ("creditFinancialAccountId", card["id"].clone()), ("memo", json!("claim 7"))] {
            assert_eq!(transaction[field], value, "{field}: {transaction}");
        }
        assert_eq!((recipient["firstName"].as_str(), recipient["email"].as_str()), (Some("Ana"), Some("ana@example.com")));
        assert_eq!((card["accountHolderType"].as_str(), card["accountHolderId"].as_str()), (Some("RECIPIENT"), recipient["id"].as_str()));
        assert_eq!((card["subtype"].as_str(), card["name"].as_str()), (Some("DEBIT"), Some("Debit card 1111")));
        assert_eq!(balances_of(&api, &w.business).await[1], "975.00", "the payout is held");

        let retried = app.post("/v1/stp-transactions", token, &body).await;
        assert_eq!(retried.headers()["idempotent-replayed"], "true");
        let retried = Http::expect_json(retried, 201).await;
        assert_eq!(retried, first, "a retry answers what the first call did");
        let other_amount = pay(&api, stp_today("stp-key-0001", &w.business, "ana@example.com", "26.00")).await;
        assert_eq!(other_amount.unwrap_err().status(), Some(409));

        // Another key, same payee and card: the recipient and card are reused.
        let again = pay(&api, stp_today("stp-key-0002", &w.business, "ANA@example.com", "5.00")).await.unwrap();
        assert_ne!(json!(again.transaction.id), first["transaction"]["id"]);
        assert_eq!((json!(again.recipient.id), json!(again.financial_account.id)), (recipient["id"].clone(), card["id"].clone()));

        // Names match case-insensitively beyond ASCII too, on both backends.
        let mut accented = stp_today("stp-key-0004", &w.business, "el@example.com", "1.00");
        accented["entity"]["firstName"] = json!("Élodie");
        let first_el = pay(&api, accented.clone()).await.unwrap();
        accented["idempotencyKey"] = json!("stp-key-0005");
        accented["entity"]["firstName"] = json!("ÉLODIE");
        let second_el = pay(&api, accented).await.unwrap();
        assert_eq!(first_el.recipient.id, second_el.recipient.id);

        // Many retries at once of a call for a new payee.
        let racing = stp_today("stp-key-0003", &w.business, "bo@example.com", "1.00");
        let calls: Vec<_> = (0..8).map(|_| {
            let (api, racing) = (api.clone(), racing.clone());
            async move { pay(&api, racing).await }
        }).collect();
        let answers = crate::transactions::futures_join_all(calls).await;
        assert!(answers.iter().all(Result::is_ok), "{answers:?}");
        let ids: std::collections::BTreeSet<String> = answers.into_iter().map(|answer| answer.unwrap().transaction.id).collect();
        assert_eq!(ids.len(), 1, "one transaction for one key");
        assert_eq!(recipients(&api).await, 3);
        assert_eq!(recipient_cards(&api).await, 3);
        let payouts = TransactionQuery { debit_financial_account_id: Some(w.business.clone()),
            solution: Some("push-to-card".to_owned()), ..Default::default() };
        assert_eq!(api.list_transactions(&payouts).await.unwrap().total_elements, 5);

        // The payee paid, then deleted: a retry still answers the first call's transaction.
        for id in [first["transaction"]["id"].as_str().unwrap(), &again.transaction.id] {
            outcome(&api, id, "SETTLED").await.unwrap();
        }
        api.delete_recipient(recipient["id"].as_str().unwrap()).await.unwrap();
        let late = app.post("/v1/stp-transactions", token, &body).await;
        assert_eq!(late.headers()["idempotent-replayed"], "true");
        let late = Http::expect_json(late, 201).await;
        assert_eq!((&late["transaction"], &late["recipient"]["id"], &late["financialAccount"]["id"]),
            (&first["transaction"], &recipient["id"], &card["id"]));
        let verified = app.services.store().verify_ledger().await.unwrap();
        assert!(verified.problems.is_empty(), "{:?}", verified.problems);
    }

    async fn an_stp_call_is_checked_and_all_or_nothing(app: TestApp) {
        let token = &app.bootstrap.token;
        let api = app.api(&app.bootstrap);
        let w = world(&app, token, "100.00").await;
        let mut bad = stp_today("key", &w.business, "not-an-email", "0");
        bad["entity"]["category"] = json!("ROBOT");
        bad["notify"] = json!(true);
        bad["financial"]["cardData"] = json!({"cardNumber": "4111111111111112", "expiry": "99-99"});
        bad["financial"]["billingAddress"]["city"] = json!("");
        let error = refused(pay(&api, bad.clone()).await, 400, "VALIDATION_FAILED");
        let mut paths: Vec<String> = field_errors(&error).into_iter().map(|(path, _)| path).collect();
        paths.sort();
        assert_eq!(paths, ["entity.category", "entity.mobileNumber"], "the STP rules come first: {error:?}");
        bad["entity"]["category"] = json!("INDIVIDUAL");
        bad["entity"]["mobileNumber"] = json!("555-555-5555");
        let error = refused(pay(&api, bad).await, 400, "VALIDATION_FAILED");
        let mut paths: Vec<String> = field_errors(&error).into_iter().map(|(path, _)| path).collect();
        paths.sort();
        assert_eq!(paths, ["amount", "entity.email", "financial.billingAddress.city", "financial.cardData.cardNumber",
            "financial.cardData.expiry", "idempotencyKey"], "{error:?}");

        // Refused for want of funds: no recipient, no card.
        let too_much = stp_today("stp-key-funds", &w.business, "ana@example.com", "500.00");
        refused(pay(&api, too_much).await, 422, "INSUFFICIENT_FUNDS");
        assert_eq!(recipients(&api).await, 0);
        assert_eq!(recipient_cards(&api).await, 0);

        // A suspended matching recipient is not paid (nor duplicated).
        let paid = pay(&api, stp_today("stp-key-ok", &w.business, "ana@example.com", "1.00")).await.unwrap();
        let suspend = RecipientUpdate { state: "SUSPENDED".to_owned().into(), ..Default::default() };
        api.update_recipient(&paid.recipient.id, &suspend).await.unwrap();
        let error = refused(pay(&api, stp_today("stp-key-susp", &w.business, "ana@example.com", "1.00")).await, 422, "BUSINESS_RULE_VIOLATION");
        assert_eq!(field_errors(&error)[0].0, "entity");
        assert_eq!(recipients(&api).await, 1);

        // The payee holds the number as a CREDIT card: refused at the card number, not paid twice.
        let payee = api.create_recipient(&typed(json!({"firstName": "Ana", "lastName": "Silva", "email": "cc@example.com"}))).await.unwrap();
        let mut credit_card = crate::financial_account_fixtures::card_request("x", "4111111111111111");
        credit_card["accountHolderType"] = json!("RECIPIENT");
        credit_card["accountHolderId"] = json!(payee.id);
        credit_card["subtype"] = json!("CREDIT");
        api.create_external_card(&typed(credit_card)).await.unwrap();
        let error = refused(pay(&api, stp_today("stp-key-credit", &w.business, "cc@example.com", "1.00")).await, 422, "BUSINESS_RULE_VIOLATION");
        assert_eq!(field_errors(&error)[0].0, "financial.cardData.cardNumber");

        // A business payee is told apart by its name too.
        let business = |key: &str, name: &str| {
            let mut body = stp_today(key, &w.business, "ap@example.com", "1.00");
            body["entity"]["category"] = json!("BUSINESS");
            body["entity"]["businessName"] = json!(name);
            body
        };
        let acme = pay(&api, business("stp-key-acme", "Acme")).await.unwrap();
        let globex = pay(&api, business("stp-key-globex", "Globex")).await.unwrap();
        assert_ne!(acme.recipient.id, globex.recipient.id);

        for role in [Role::Admin, Role::Clerk, Role::ViewOnly] {
            let limited = app.api_with_role(&app.bootstrap, role).await;
            let body = stp_today("stp-key-role", &w.business, "bo@example.com", "1.00");
            refused(pay(&limited, body).await, 403, "FORBIDDEN");
        }
        let finance = app.api_with_role(&app.bootstrap, Role::Finance).await;
        pay(&finance, stp_today("stp-key-fin", &w.business, "bo@example.com", "1.00")).await.unwrap();
        let other = app.api(&app.tenant("Other", None).await);
        let error = refused(pay(&other, stp_today("stp-key-other", &w.business, "bo@example.com", "1.00")).await, 422, "BUSINESS_RULE_VIOLATION");
        assert_eq!(field_errors(&error)[0].0, "debitFinancialAccountId");
        assert_eq!(recipients(&other).await, 0, "nothing left behind in the other tenant");
    }
}
