//! ACH returns over HTTP: the sandbox makes the receiving bank send a settled ACH SEND or
//! REQUEST back (`simulate` with `RETURNED` and an R-code). The RETURN moves the money back at
//! once, may overdraw the account it takes it from, and the original becomes REVERSED; the
//! four balances of every account are checked after each step.

use crate::on_both_backends;
use crate::prenotes::{ach_request, days_pass, verify_body};
use crate::support::{Http, TestApp, assert_error, field_errors};
use crate::transaction_events::outbox;
use crate::transaction_operations::{ach, duplicate, id_of, latest, rails_finish, reverse};
use crate::transactions::{balances, create, four, futures_join_all, send, simulate, statuses};
use openkor_domain::role::Role;
use reqwest::Method;
use serde_json::{Value, json};

async fn simulate_return(app: &Http, token: &str, id: &str, code: &str) -> reqwest::Response {
    let body = json!({"outcome": "RETURNED", "reasonCode": code});
    app.post(
        &format!("/v1/sandbox/transactions/{id}/simulate"),
        token,
        &body,
    )
    .await
}

async fn settled(app: &Http, token: &str, body: &Value) -> Value {
    let created = create(app, token, body).await;
    let answer = simulate(app, token, id_of(&created), "SETTLED").await;
    Http::expect_json(answer, 200).await
}

async fn history_events(app: &Http, token: &str, id: &str) -> Vec<String> {
    let path = format!("/v1/transaction-histories?transactionId={id}");
    let body = app.get_json(&path, token).await;
    body["content"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["eventType"].as_str().unwrap().to_owned())
        .collect()
}

on_both_backends! {
    async fn a_returned_ach_request_takes_the_money_back_even_below_zero(app: TestApp) {
        let token = &app.bootstrap.token;
        let w = world_with_verified_bank(&app, token).await;
        let token = &app.token(&app.bootstrap.api_key, &app.bootstrap.api_secret).await;
        let collected = create(&app, token, &ach_request(&w.bank, &w.internal, "25.00")).await;
        assert_eq!(Http::expect_json(simulate(&app, token, id_of(&collected), "CLEARED").await, 200).await["latestStatus"]["status"], "CLEARED");
        assert_eq!(balances(&app, token, &w.internal).await, four(["25.00", "25.00", "0.00", "0.00"]));
        let payout = create(&app, token, &ach(&w.internal, &w.bank, "20.00", "NEXT_DAY")).await;
        assert_eq!(balances(&app, token, &w.internal).await, four(["25.00", "5.00", "20.00", "0.00"]));

        // The bank returns the 25.00 it had paid: R01, insufficient funds.
        let answer = simulate_return(&app, token, id_of(&collected), "R01").await;
        let location = answer.headers()["location"].to_str().unwrap().to_owned();
        let returned = Http::expect_json(answer, 201).await;
        assert_eq!(location, format!("/v1/transactions/{}", id_of(&returned)));
        for (field, value) in [("transactionType", json!("RETURN")), ("parentTransactionId", collected["id"].clone()),
            ("amount", json!("25.00")), ("solution", json!("ach")), ("debitFinancialAccountId", json!(w.bank)),
            ("creditFinancialAccountId", json!(w.internal))] {
            assert_eq!(returned[field], value, "{field}: {returned}");
        }
        assert_eq!(returned["latestStatus"]["status"], "SETTLED");
        assert_eq!(returned["metadata"], json!({"rkorACHEntryType": "PPD", "rkorACHIndividualId": "A1",
            "rkorTransactionType": "RETURN", "rkorReasonCode": "R01", "rkorReasonDescription": "Insufficient Funds"}));
        assert_eq!(balances(&app, token, &w.internal).await, four(["0.00", "-20.00", "20.00", "0.00"]));
        assert_eq!(statuses(&app, token, id_of(&returned)).await, ["SETTLED", "NEW"]);
        assert_eq!(statuses(&app, token, id_of(&collected)).await[0], "REVERSED");
        assert_eq!(history_events(&app, token, id_of(&collected)).await[0], "RETURN");

        // Below zero, nothing more leaves the account, it cannot be closed, and the payment
        // cannot come back or be reversed again.
        let out = send(&w.internal, &w.business, "transfer", "1.00");
        assert_error(app.post("/v1/transactions", token, &out).await, 422, "INSUFFICIENT_FUNDS").await;
        let path = format!("/v1/financial-accounts/{}", w.internal);
        assert_error(app.send(Method::DELETE, &path, token, None).await, 422, "BUSINESS_RULE_VIOLATION").await;
        assert_error(simulate_return(&app, token, id_of(&collected), "R01").await, 422, "BUSINESS_RULE_VIOLATION").await;
        assert_error(reverse(&app, token, id_of(&collected), &duplicate()).await, 422, "BUSINESS_RULE_VIOLATION").await;

        // The payout held before the return still settles; money coming in repays the deficit.
        let token = &rails_finish(&app).await;
        assert_eq!(latest(&app, token, id_of(&payout)).await, "SETTLED");
        assert_eq!(balances(&app, token, &w.internal).await, four(["-20.00", "-20.00", "0.00", "0.00"]));
        create(&app, token, &send(&w.business, &w.internal, "transfer", "30.00")).await;
        assert_eq!(balances(&app, token, &w.internal).await, four(["10.00", "10.00", "0.00", "0.00"]));
        assert_eq!(balances(&app, token, &w.business).await, four(["70.00", "70.00", "0.00", "0.00"]));
        let verified = app.services.store().verify_ledger().await.unwrap();
        assert!(verified.problems.is_empty(), "{:?}", verified.problems);
    }

    async fn a_returned_ach_send_comes_back_to_the_sender(app: TestApp) {
        let token = &app.bootstrap.token;
        let w = crate::transactions::world(&app, token, "100.00").await;
        let sent = settled(&app, token, &ach(&w.business, &w.bank, "30.00", "SAME_DAY")).await;
        assert_eq!(balances(&app, token, &w.business).await, four(["70.00", "70.00", "0.00", "0.00"]));
        let events_before = outbox(&app).await.len();
        let returned = Http::expect_json(simulate_return(&app, token, id_of(&sent), "R03").await, 201).await;
        assert_eq!(returned["metadata"]["rkorReasonDescription"], "No Account/Unable to Locate Account");
        assert_eq!(balances(&app, token, &w.business).await, four(["100.00", "100.00", "0.00", "0.00"]));
        assert_eq!(statuses(&app, token, id_of(&sent)).await, ["REVERSED", "SETTLED", "APPROVED", "PROCESSING", "PENDING", "NEW"]);
        let events: Vec<(String, Value)> = outbox(&app).await.into_iter().skip(events_before)
            .map(|(_, kind, payload)| (kind, serde_json::from_str(&payload).unwrap())).collect();
        let kinds: Vec<&str> = events.iter().map(|(kind, _)| kind.as_str()).collect();
        assert_eq!(kinds, ["transactions.status-changed", "transactions.status-changed", "ledger.balance-updated",
            "transactions.status-changed"], "{events:?}");
        assert_eq!(events[1].1["transactionType"], "RETURN");
        assert_eq!(events[3].1["transactionId"], sent["id"]);
        let verified = app.services.store().verify_ledger().await.unwrap();
        assert!(verified.problems.is_empty(), "{:?}", verified.problems);
    }

    async fn only_a_settled_ach_send_or_request_comes_back_with_a_code_for_its_direction(app: TestApp) {
        let token = &app.bootstrap.token;
        let w = crate::transactions::world(&app, token, "100.00").await;
        let fresh = create(&app, token, &ach(&w.business, &w.bank, "5.00", "NEXT_DAY")).await;
        let body = assert_error(simulate_return(&app, token, id_of(&fresh), "R02").await, 422, "BUSINESS_RULE_VIOLATION").await;
        assert!(body["message"].as_str().unwrap().contains("NEW"), "{body}");
        let book = create(&app, token, &send(&w.business, &w.internal, "transfer", "5.00")).await;
        let card = settled(&app, token, &send(&w.business, &w.card, "push-to-card", "5.00")).await;
        let deposit = crate::transactions::deposit(&app, token, &w.business, "1.00").await;
        let sent = settled(&app, token, &ach(&w.business, &w.bank, "5.00", "SAME_DAY")).await;
        for (id, code) in [(id_of(&book), "R02"), (id_of(&card), "R02"), (id_of(&deposit), "R02"), (id_of(&sent), "R01"), (id_of(&sent), "R29")] {
            assert_error(simulate_return(&app, token, id, code).await, 422, "BUSINESS_RULE_VIOLATION").await;
        }
        for (body, path, code) in [
            (json!({"outcome": "RETURNED"}), "reasonCode", "REQUIRED"),
            (json!({"outcome": "RETURNED", "reasonCode": "R99"}), "reasonCode", "INVALID_VALUE"),
            (json!({"outcome": "SETTLED", "reasonCode": "R01"}), "reasonCode", "INCONSISTENT"),
            (json!({"outcome": "RETURNED", "reasonCode": "R01", "code": "x"}), "code", "UNKNOWN_FIELD"),
        ] {
            let answer = app.post(&format!("/v1/sandbox/transactions/{}/simulate", id_of(&sent)), token, &body).await;
            let refused = assert_error(answer, 400, "VALIDATION_FAILED").await;
            assert_eq!(field_errors(&refused), [(path.to_owned(), code.to_owned())], "{body}");
        }
        // A payment being reversed cannot also come back.
        let reversed = settled(&app, token, &ach(&w.business, &w.bank, "6.00", "SAME_DAY")).await;
        assert_eq!(reverse(&app, token, id_of(&reversed), &duplicate()).await.status(), 201);
        assert_error(simulate_return(&app, token, id_of(&reversed), "R02").await, 422, "BUSINESS_RULE_VIOLATION").await;

        let other = app.tenant("Other", None).await;
        assert_error(simulate_return(&app, &other.token, id_of(&sent), "R02").await, 404, "NOT_FOUND").await;
        let unknown = uuid::Uuid::now_v7().to_string();
        assert_error(simulate_return(&app, token, &unknown, "R02").await, 404, "NOT_FOUND").await;
        let viewer = app.token_with_role(&app.bootstrap, Role::ViewOnly).await;
        assert_error(simulate_return(&app, &viewer, id_of(&sent), "R02").await, 403, "FORBIDDEN").await;
        assert_eq!(latest(&app, token, id_of(&sent)).await, "SETTLED", "nothing written");
        assert_eq!(balances(&app, token, &w.business).await, four(["80.00", "75.00", "5.00", "6.00"]));
    }

    async fn concurrent_returns_and_reversals_of_one_payment_make_exactly_one(app: TestApp) {
        let token = &app.bootstrap.token;
        let w = crate::transactions::world(&app, token, "100.00").await;
        for _ in 0..4 {
            let sent = settled(&app, token, &ach(&w.business, &w.bank, "1.00", "SAME_DAY")).await;
            let id = id_of(&sent).to_owned();
            let racing: Vec<_> = (0..6).map(|n| {
                let (http, token, id) = (app.http.clone(), token.clone(), id.clone());
                async move {
                    let answer = if n % 2 == 0 {
                        simulate_return(&http, &token, &id, "R02").await
                    } else {
                        reverse(&http, &token, &id, &duplicate()).await
                    };
                    (answer.status().as_u16(), answer.json::<Value>().await.unwrap())
                }
            }).collect();
            let mut made = 0;
            for (status, body) in futures_join_all(racing).await {
                match status {
                    201 => made += 1,
                    422 => assert_eq!(body["errorCode"], "BUSINESS_RULE_VIOLATION"),
                    other => panic!("answered {other}: {body}"),
                }
            }
            assert_eq!(made, 1, "one return or one reversal");
        }
        let verified = app.services.store().verify_ledger().await.unwrap();
        assert!(verified.problems.is_empty(), "{:?}", verified.problems);
    }
}

/// A world whose external bank account passed its prenote, so it can be pulled from.
async fn world_with_verified_bank(app: &TestApp, token: &str) -> crate::transactions::World {
    let w = crate::transactions::world(app, token, "100.00").await;
    let started = app
        .post(
            "/v1/financial-accounts:verify",
            token,
            &verify_body(&[&w.bank]),
        )
        .await;
    assert_eq!(started.status(), 200);
    days_pass(app, 3).await;
    w
}
