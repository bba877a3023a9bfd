//! ACH returns over HTTP: the sandbox makes the receiving bank send a settled ACH SEND or
//! REQUEST back (`simulate` with `RETURNED` and an R-code). The RETURN moves the money back at
//! once, may overdraw the account it takes it from, and the original becomes REVERSED; the
//! four balances of every account are checked after each step.

use crate::on_both_backends;
use crate::prenotes::{ach_request, days_pass, verify_body};
use crate::support::{TestApp, assert_error, field_errors as raw_field_errors};
use crate::transaction_events::outbox;
use crate::transaction_operations::{ach, duplicate, rails_finish};
use crate::transactions::{
    World, balances_of, four, futures_join_all, history_of, outcome, send, statuses_of, submit,
    world,
};
use crate::typed::{field_errors, refused, typed};
use openkor_client::models::{SimulateRequest, Transaction};
use openkor_client::{Client, Error};
use openkor_domain::role::Role;
use serde_json::{Value, json};

fn returned_with(code: &str) -> SimulateRequest {
    SimulateRequest {
        outcome: Some("RETURNED".to_owned()),
        reason_code: Some(code.to_owned()),
    }
}

/// `simulate` with outcome `RETURNED` and reason `code`: the RETURN transaction.
async fn simulate_return(api: &Client, id: &str, code: &str) -> Result<Transaction, Error> {
    api.simulate_transaction(id, &returned_with(code)).await
}

/// A transaction of `body` (a JSON fixture), simulated to SETTLED.
async fn settled(api: &Client, body: Value) -> Transaction {
    let created = submit(api, body).await.unwrap();
    outcome(api, &created.id, "SETTLED").await.unwrap()
}

async fn history_events(api: &Client, id: &str) -> Vec<String> {
    let page = api.list_histories(&history_of(id)).await.unwrap();
    page.content.into_iter().map(|row| row.event_type).collect()
}

async fn latest(api: &Client, id: &str) -> String {
    api.get_transaction(id, None)
        .await
        .unwrap()
        .latest_status
        .status
}

on_both_backends! {
    async fn a_returned_ach_request_takes_the_money_back_even_below_zero(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let w = world_with_verified_bank(&app, &api).await;
        let collected = submit(&api, ach_request(&w.bank, &w.internal, "25.00")).await.unwrap();
        assert_eq!(outcome(&api, &collected.id, "CLEARED").await.unwrap().latest_status.status, "CLEARED");
        assert_eq!(balances_of(&api, &w.internal).await, four(["25.00", "25.00", "0.00", "0.00"]));
        let payout = submit(&api, ach(&w.internal, &w.bank, "20.00", "NEXT_DAY")).await.unwrap();
        assert_eq!(balances_of(&api, &w.internal).await, four(["25.00", "5.00", "20.00", "0.00"]));

        // The bank returns the 25.00 it had paid: R01, insufficient funds.
        // Raw: the 201 and its Location header, which the client does not expose (the clock
        // passed the harness token's expiry: a fresh one).
        let token = &app.token(&app.bootstrap.api_key, &app.bootstrap.api_secret).await;
        let path = format!("/v1/sandbox/transactions/{}/simulate", collected.id);
        let answer = app.post(&path, token, &json!({"outcome": "RETURNED", "reasonCode": "R01"})).await;
        let location = answer.headers()["location"].to_str().unwrap().to_owned();
        let returned = TestApp::expect_json(answer, 201).await;
        let returned_id = returned["id"].as_str().unwrap();
        assert_eq!(location, format!("/v1/transactions/{returned_id}"));
        for (field, value) in [("transactionType", json!("RETURN")), ("parentTransactionId", json!(collected.id)),
            ("amount", json!("25.00")), ("solution", json!("ach")), ("debitFinancialAccountId", json!(w.bank)),
            ("creditFinancialAccountId", json!(w.internal))] {
            assert_eq!(returned[field], value, "{field}: {returned}");
        }
        assert_eq!(returned["latestStatus"]["status"], "SETTLED");
        assert_eq!(returned["metadata"], json!({"rkorACHEntryType": "PPD", "rkorACHIndividualId": "A1",
            "rkorTransactionType": "RETURN", "rkorReasonCode": "R01", "rkorReasonDescription": "Insufficient Funds"}));
        assert_eq!(balances_of(&api, &w.internal).await, four(["0.00", "-20.00", "20.00", "0.00"]));
        assert_eq!(statuses_of(&api, returned_id).await, ["SETTLED", "NEW"]);
        assert_eq!(statuses_of(&api, &collected.id).await[0], "REVERSED");
        assert_eq!(history_events(&api, &collected.id).await[0], "RETURN");

        // Below zero, nothing more leaves the account, it cannot be closed, and the payment
        // cannot come back or be reversed again.
        let out = send(&w.internal, &w.business, "transfer", "1.00");
        refused(submit(&api, out).await, 422, "INSUFFICIENT_FUNDS");
        refused(api.delete_financial_account(&w.internal).await, 422, "BUSINESS_RULE_VIOLATION");
        refused(simulate_return(&api, &collected.id, "R01").await, 422, "BUSINESS_RULE_VIOLATION");
        refused(api.reverse_transaction(&collected.id, &typed(duplicate()), None).await, 422, "BUSINESS_RULE_VIOLATION");

        // The payout held before the return still settles; money coming in repays the deficit.
        rails_finish(&app).await;
        assert_eq!(latest(&api, &payout.id).await, "SETTLED");
        assert_eq!(balances_of(&api, &w.internal).await, four(["-20.00", "-20.00", "0.00", "0.00"]));
        submit(&api, send(&w.business, &w.internal, "transfer", "30.00")).await.unwrap();
        assert_eq!(balances_of(&api, &w.internal).await, four(["10.00", "10.00", "0.00", "0.00"]));
        assert_eq!(balances_of(&api, &w.business).await, four(["70.00", "70.00", "0.00", "0.00"]));
        let verified = app.services.store().verify_ledger().await.unwrap();
        assert!(verified.problems.is_empty(), "{:?}", verified.problems);
    }

    async fn a_returned_ach_send_comes_back_to_the_sender(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let w = world(&app, &app.bootstrap.token, "100.00").await;
        let sent = settled(&api, ach(&w.business, &w.bank, "30.00", "SAME_DAY")).await;
        assert_eq!(balances_of(&api, &w.business).await, four(["70.00", "70.00", "0.00", "0.00"]));
        let events_before = outbox(&app).await.len();
        let returned = simulate_return(&api, &sent.id, "R03").await.unwrap();
        // The RETURN itself (the 201 answer), not the original in a new status (a 200 answer).
        assert_eq!(returned.transaction_type, "RETURN");
        assert_eq!(returned.metadata["rkorReasonDescription"], "No Account/Unable to Locate Account");
        assert_eq!(balances_of(&api, &w.business).await, four(["100.00", "100.00", "0.00", "0.00"]));
        assert_eq!(statuses_of(&api, &sent.id).await, ["REVERSED", "SETTLED", "APPROVED", "PROCESSING", "PENDING", "NEW"]);
        let events: Vec<(String, Value)> = outbox(&app).await.into_iter().skip(events_before)
            .map(|(_, kind, payload)| (kind, serde_json::from_str(&payload).unwrap())).collect();
        let kinds: Vec<&str> = events.iter().map(|(kind, _)| kind.as_str()).collect();
        assert_eq!(kinds, ["transactions.status-changed", "transactions.status-changed", "ledger.balance-updated",
            "transactions.status-changed"], "{events:?}");
        assert_eq!(events[1].1["transactionType"], "RETURN");
        assert_eq!(events[3].1["transactionId"], json!(sent.id));
        let verified = app.services.store().verify_ledger().await.unwrap();
        assert!(verified.problems.is_empty(), "{:?}", verified.problems);
    }

    async fn only_a_settled_ach_send_or_request_comes_back_with_a_code_for_its_direction(app: TestApp) {
        let token = &app.bootstrap.token;
        let api = app.api(&app.bootstrap);
        let w = world(&app, token, "100.00").await;
        let fresh = submit(&api, ach(&w.business, &w.bank, "5.00", "NEXT_DAY")).await.unwrap();
        let error = refused(simulate_return(&api, &fresh.id, "R02").await, 422, "BUSINESS_RULE_VIOLATION");
        assert!(error.message.contains("NEW"), "{error:?}");
        let book = submit(&api, send(&w.business, &w.internal, "transfer", "5.00")).await.unwrap();
        let card = settled(&api, send(&w.business, &w.card, "push-to-card", "5.00")).await;
        let deposit = api.create_deposit(&typed(json!({"financialAccountId": w.business, "amount": "1.00"})), None).await.unwrap();
        let sent = settled(&api, ach(&w.business, &w.bank, "5.00", "SAME_DAY")).await;
        for (id, code) in [(&book.id, "R02"), (&card.id, "R02"), (&deposit.id, "R02"), (&sent.id, "R01"), (&sent.id, "R29")] {
            refused(simulate_return(&api, id, code).await, 422, "BUSINESS_RULE_VIOLATION");
        }
        for (body, path, code) in [
            (json!({"outcome": "RETURNED"}), "reasonCode", "REQUIRED"),
            (json!({"outcome": "RETURNED", "reasonCode": "R99"}), "reasonCode", "INVALID_VALUE"),
            (json!({"outcome": "SETTLED", "reasonCode": "R01"}), "reasonCode", "INCONSISTENT"),
        ] {
            let error = refused(api.simulate_transaction(&sent.id, &typed(body.clone())).await, 400, "VALIDATION_FAILED");
            assert_eq!(field_errors(&error), [(path.to_owned(), code.to_owned())], "{body}");
        }
        // Raw: a member the typed request does not have, on purpose.
        let body = json!({"outcome": "RETURNED", "reasonCode": "R01", "code": "x"});
        let answer = app.post(&format!("/v1/sandbox/transactions/{}/simulate", sent.id), token, &body).await;
        let error = assert_error(answer, 400, "VALIDATION_FAILED").await;
        assert_eq!(raw_field_errors(&error), [("code".to_owned(), "UNKNOWN_FIELD".to_owned())], "{body}");
        // A payment being reversed cannot also come back.
        let reversed = settled(&api, ach(&w.business, &w.bank, "6.00", "SAME_DAY")).await;
        api.reverse_transaction(&reversed.id, &typed(duplicate()), None).await.unwrap();
        refused(simulate_return(&api, &reversed.id, "R02").await, 422, "BUSINESS_RULE_VIOLATION");

        let other = app.api(&app.tenant("Other", None).await);
        refused(simulate_return(&other, &sent.id, "R02").await, 404, "NOT_FOUND");
        let unknown = uuid::Uuid::now_v7().to_string();
        refused(simulate_return(&api, &unknown, "R02").await, 404, "NOT_FOUND");
        let viewer = app.api_with_role(&app.bootstrap, Role::ViewOnly).await;
        refused(simulate_return(&viewer, &sent.id, "R02").await, 403, "FORBIDDEN");
        assert_eq!(latest(&api, &sent.id).await, "SETTLED", "nothing written");
        assert_eq!(balances_of(&api, &w.business).await, four(["80.00", "75.00", "5.00", "6.00"]));
    }

    async fn concurrent_returns_and_reversals_of_one_payment_make_exactly_one(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let w = world(&app, &app.bootstrap.token, "100.00").await;
        for _ in 0..4 {
            let sent = settled(&api, ach(&w.business, &w.bank, "1.00", "SAME_DAY")).await;
            let racing: Vec<_> = (0..6).map(|n| {
                let (api, id) = (api.clone(), sent.id.clone());
                async move {
                    if n % 2 == 0 {
                        simulate_return(&api, &id, "R02").await.map(drop)
                    } else {
                        api.reverse_transaction(&id, &typed(duplicate()), None).await.map(drop)
                    }
                }
            }).collect();
            let mut made = 0;
            for answer in futures_join_all(racing).await {
                match answer {
                    Ok(()) => made += 1,
                    Err(Error::Api(error)) if error.status == 422 => assert_eq!(error.error_code, "BUSINESS_RULE_VIOLATION"),
                    other => panic!("answered {other:?}"),
                }
            }
            assert_eq!(made, 1, "one return or one reversal");
        }
        let verified = app.services.store().verify_ledger().await.unwrap();
        assert!(verified.problems.is_empty(), "{:?}", verified.problems);
    }
}

/// A world whose external bank account passed its prenote, so it can be pulled from.
async fn world_with_verified_bank(app: &TestApp, api: &Client) -> World {
    let w = world(app, &app.bootstrap.token, "100.00").await;
    api.verify_financial_accounts(&verify_body(&[&w.bank]))
        .await
        .unwrap();
    days_pass(app, 3).await;
    w
}
