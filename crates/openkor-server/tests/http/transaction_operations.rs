//! Operations on existing transactions over HTTP: cancel (which statuses and rails allow it,
//! the hold released, the history's CANCEL row) and a cancel racing the rail engine.

use crate::on_both_backends;
use crate::support::{Http, TestApp, assert_error};
use crate::transactions::{balances, create, four, futures_join_all, send, statuses, world};
use openkor_domain::clock::Clock;
use openkor_domain::role::Role;
use serde_json::{Value, json};

/// An ACH SEND from `debit` to the external bank account `bank`.
pub fn ach(debit: &str, bank: &str, amount: &str, priority: &str) -> Value {
    json!({"debitFinancialAccountId": debit, "creditFinancialAccountId": bank,
        "transactionType": "SEND", "solution": "ach", "paymentReasonId": "bill-payment",
        "amount": amount, "settlementPriority": priority, "metadata": {"rkorACHEntryType": "CCD"}})
}

async fn cancel(app: &Http, token: &str, id: &str) -> reqwest::Response {
    app.send(
        reqwest::Method::DELETE,
        &format!("/v1/transactions/{id}"),
        token,
        None,
    )
    .await
}

pub fn id_of(transaction: &Value) -> &str {
    transaction["id"].as_str().unwrap()
}

/// Runs the rail engine after moving the clock `ms` on.
async fn rails_after(app: &TestApp, ms: i64) {
    app.clock.advance_ms(ms);
    let store = app.services.store().clone();
    while openkor_server::rail_engine::pass(&store, app.clock.now(), 1).await > 0 {}
}

on_both_backends! {
    async fn a_new_or_pending_ach_or_wire_can_be_cancelled_and_its_hold_released(app: TestApp) {
        let token = &app.bootstrap.token;
        let w = world(&app, token, "100.00").await;
        let fresh = create(&app, token, &ach(&w.business, &w.bank, "5.00", "NEXT_DAY")).await;
        assert_eq!(balances(&app, token, &w.business).await, four(["100.00", "95.00", "5.00", "0.00"]));
        assert_eq!(cancel(&app, token, id_of(&fresh)).await.status(), 204);
        assert_eq!(statuses(&app, token, id_of(&fresh)).await, ["CANCELLED", "NEW"]);
        let history = app.get_json(&format!("/v1/transaction-histories?transactionId={}", id_of(&fresh)), token).await;
        assert_eq!(history["content"][0]["eventType"], "CANCEL");
        assert_eq!(balances(&app, token, &w.business).await, four(["100.00", "100.00", "0.00", "0.00"]));
        let again = assert_error(cancel(&app, token, id_of(&fresh)).await, 422, "BUSINESS_RULE_VIOLATION").await;
        assert!(again["message"].as_str().unwrap().contains("CANCELLED"), "{again}");

        let pending = create(&app, token, &ach(&w.business, &w.bank, "7.00", "SAME_DAY")).await;
        rails_after(&app, 1_000).await;
        assert_eq!(statuses(&app, token, id_of(&pending)).await, ["PENDING", "NEW"]);
        assert_eq!(cancel(&app, token, id_of(&pending)).await.status(), 204);
        let wire = json!({"debitFinancialAccountId": w.business, "creditFinancialAccountId": w.bank,
            "transactionType": "SEND", "solution": "wire", "paymentReasonId": "loan-payouts", "amount": "3.00"});
        let wire = create(&app, token, &wire).await;
        assert_eq!(cancel(&app, token, id_of(&wire)).await.status(), 204);
        assert_eq!(balances(&app, token, &w.business).await, four(["100.00", "100.00", "0.00", "0.00"]));
        let verified = app.services.store().verify_ledger().await.unwrap();
        assert!(verified.problems.is_empty(), "{:?}", verified.problems);
    }

    async fn a_transaction_sent_or_settled_cannot_be_cancelled(app: TestApp) {
        let token = &app.bootstrap.token;
        let w = world(&app, token, "100.00").await;
        let sent = create(&app, token, &ach(&w.business, &w.bank, "5.00", "SAME_DAY")).await;
        rails_after(&app, 1_000).await;
        rails_after(&app, 600_000).await;
        assert_eq!(statuses(&app, token, id_of(&sent)).await[0], "PROCESSING");
        let token = &app.token(&app.bootstrap.api_key, &app.bootstrap.api_secret).await;
        assert_error(cancel(&app, token, id_of(&sent)).await, 422, "BUSINESS_RULE_VIOLATION").await;
        let card = create(&app, token, &send(&w.business, &w.card, "push-to-card", "1.00")).await;
        assert_error(cancel(&app, token, id_of(&card)).await, 422, "BUSINESS_RULE_VIOLATION").await;
        let transfer = create(&app, token, &send(&w.business, &w.internal, "transfer", "1.00")).await;
        assert_error(cancel(&app, token, id_of(&transfer)).await, 422, "BUSINESS_RULE_VIOLATION").await;
        assert_eq!(statuses(&app, token, id_of(&card)).await, ["NEW"], "nothing written");

        let held = create(&app, token, &ach(&w.business, &w.bank, "2.00", "NEXT_DAY")).await;
        let other = app.tenant("Other", None).await;
        assert_error(cancel(&app, &other.token, id_of(&held)).await, 404, "NOT_FOUND").await;
        let unknown = uuid::Uuid::new_v4().to_string();
        assert_error(cancel(&app, token, &unknown).await, 404, "NOT_FOUND").await;
        let viewer = app.token_with_role(&app.bootstrap, Role::ViewOnly).await;
        assert_error(cancel(&app, &viewer, id_of(&held)).await, 403, "FORBIDDEN").await;
        assert_eq!(statuses(&app, token, id_of(&held)).await, ["NEW"]);
    }

    async fn a_cancel_racing_the_rails_ends_one_way_never_both(app: TestApp) {
        const ROUNDS: usize = 4;
        let token = &app.bootstrap.token;
        let w = world(&app, token, "1000.00").await;
        let mut still_held = 0;
        for _ in 0..ROUNDS {
            still_held += race_round(&app, &w.business, &w.bank).await;
        }
        let token = app.token(&app.bootstrap.api_key, &app.bootstrap.api_secret).await;
        let available = format!("{}.00", 1000 - still_held);
        let held = format!("{still_held}.00");
        assert_eq!(balances(&app, &token, &w.business).await, ["1000.00".to_owned(), available, held, "0.00".to_owned()]);
        let verified = app.services.store().verify_ledger().await.unwrap();
        assert!(verified.problems.is_empty(), "{:?}", verified.problems);
    }
}

/// One round of the race: payments of 1.00 made PENDING, then, once their move to PROCESSING
/// is due, a cancel of each (last first, while the engine takes the soonest first) against one
/// rail-engine pass. Each ends CANCELLED or PROCESSING, never both; how many stay held.
async fn race_round(app: &TestApp, business: &str, bank: &str) -> usize {
    const PAYMENTS: usize = 16;
    let token = app
        .token(&app.bootstrap.api_key, &app.bootstrap.api_secret)
        .await;
    let mut ids = Vec::new();
    for _ in 0..PAYMENTS {
        ids.push(
            id_of(&create(app, &token, &ach(business, bank, "1.00", "SAME_DAY")).await).to_owned(),
        );
    }
    rails_after(app, 1_000).await;
    app.clock.advance_ms(600_000);
    let cancels: Vec<_> = ids
        .iter()
        .rev()
        .map(|id| {
            let (http, token, id) = (app.http.clone(), token.clone(), id.clone());
            async move {
                (
                    id.clone(),
                    cancel(&http, &token, &id).await.status().as_u16(),
                )
            }
        })
        .collect();
    let store = app.services.store().clone();
    let (answers, _) = tokio::join!(
        futures_join_all(cancels),
        openkor_server::rail_engine::pass(&store, app.clock.now(), 1)
    );
    let mut held = 0;
    for (id, answer) in answers {
        let history = statuses(app, &token, &id).await;
        match answer {
            204 => assert_eq!(history, ["CANCELLED", "PENDING", "NEW"]),
            422 => {
                held += 1;
                assert_eq!(history, ["PROCESSING", "PENDING", "NEW"]);
            }
            other => panic!("cancel answered {other}"),
        }
    }
    held
}

pub async fn reverse(app: &Http, token: &str, id: &str, body: &Value) -> reqwest::Response {
    app.post(&format!("/v1/transactions/{id}/reverse"), token, body)
        .await
}

pub fn duplicate() -> Value {
    json!({"reversalReason": "DUPLICATE_PAYMENT"})
}

/// Walks every transaction on the rails to its end (two and a half days of rail time, a step
/// at a time: a next-day ACH takes 29 hours).
pub async fn rails_finish(app: &TestApp) -> String {
    for _ in 0..10 {
        rails_after(app, 6 * 3_600_000).await;
    }
    app.token(&app.bootstrap.api_key, &app.bootstrap.api_secret)
        .await
}

pub async fn latest(app: &Http, token: &str, id: &str) -> Value {
    app.get_json(&format!("/v1/transactions/{id}"), token).await["latestStatus"]["status"].clone()
}

on_both_backends! {
    async fn a_duplicate_payment_is_reversed_once_and_the_original_becomes_reversed(app: TestApp) {
        let token = &app.bootstrap.token;
        let w = world(&app, token, "100.00").await;
        let original = create(&app, token, &send(&w.business, &w.internal, "transfer", "40.00")).await;
        let answer = reverse(&app, token, id_of(&original), &duplicate()).await;
        let body = TestApp::expect_json(answer, 201).await;
        assert!(body.get("correctionTransaction").is_none(), "{body}");
        let reversal = &body["reversalTransaction"];
        for (field, value) in [("transactionType", json!("REVERSAL")), ("settlementPriority", json!("NEXT_DAY")),
            ("parentTransactionId", original["id"].clone()), ("reversalReason", json!("DUPLICATE_PAYMENT")),
            ("debitFinancialAccountId", json!(w.business)), ("creditFinancialAccountId", json!(w.internal)),
            ("amount", json!("40.00"))] {
            assert_eq!(reversal[field], value, "{field}: {reversal}");
        }
        assert_eq!(balances(&app, token, &w.internal).await, four(["40.00", "0.00", "40.00", "0.00"]));
        assert_eq!(balances(&app, token, &w.business).await, four(["60.00", "60.00", "0.00", "40.00"]));
        assert_error(reverse(&app, token, id_of(&original), &duplicate()).await, 422, "BUSINESS_RULE_VIOLATION").await;

        let token = &rails_finish(&app).await;
        assert_eq!(latest(&app, token, id_of(reversal)).await, "SETTLED");
        assert_eq!(statuses(&app, token, id_of(&original)).await, ["REVERSED", "SETTLED", "NEW"]);
        let history = app.get_json(&format!("/v1/transaction-histories?transactionId={}", id_of(&original)), token).await;
        assert_eq!(history["content"][0]["eventType"], "REVERSAL");
        assert_eq!(balances(&app, token, &w.internal).await, four(["0.00", "0.00", "0.00", "0.00"]));
        assert_eq!(balances(&app, token, &w.business).await, four(["100.00", "100.00", "0.00", "0.00"]));
        assert_error(reverse(&app, token, id_of(&original), &duplicate()).await, 422, "BUSINESS_RULE_VIOLATION").await;
        let verified = app.services.store().verify_ledger().await.unwrap();
        assert!(verified.problems.is_empty(), "{:?}", verified.problems);
    }

    async fn an_incorrect_amount_is_reversed_and_corrected(app: TestApp) {
        let token = &app.bootstrap.token;
        let w = world(&app, token, "100.00").await;
        let original = create(&app, token, &send(&w.business, &w.internal, "transfer", "30.00")).await;
        let body = json!({"reversalReason": "INCORRECT_AMOUNT", "correctionAmount": "20.00"});
        let answer = TestApp::expect_json(reverse(&app, token, id_of(&original), &body).await, 201).await;
        let correction = &answer["correctionTransaction"];
        assert_eq!(correction["amount"], "20.00");
        assert_eq!(correction["transactionType"], "SEND");
        assert_eq!(correction["parentTransactionId"], original["id"]);
        assert_eq!(correction["latestStatus"]["status"], "SETTLED", "a book transfer settles at once");
        assert_eq!(balances(&app, token, &w.internal).await, four(["50.00", "20.00", "30.00", "0.00"]));
        assert_eq!(balances(&app, token, &w.business).await, four(["50.00", "50.00", "0.00", "30.00"]));
        let token = &rails_finish(&app).await;
        assert_eq!(balances(&app, token, &w.internal).await, four(["20.00", "20.00", "0.00", "0.00"]));
        assert_eq!(balances(&app, token, &w.business).await, four(["80.00", "80.00", "0.00", "0.00"]));
        assert_eq!(latest(&app, token, id_of(&original)).await, "REVERSED");
    }

    async fn an_ach_to_the_wrong_bank_account_is_reversed_and_sent_to_the_right_one(app: TestApp) {
        let token = &app.bootstrap.token;
        let w = world(&app, token, "100.00").await;
        let holder = app.get_json(&format!("/v1/financial-accounts/{}", w.bank), token).await["accountHolderId"].clone();
        let right = crate::financial_accounts::bank_request(holder.as_str().unwrap(), "555666777");
        let right = TestApp::expect_json(app.post("/v1/external-bank-accounts", token, &right).await, 201).await;
        let original = create(&app, token, &ach(&w.business, &w.bank, "25.00", "NEXT_DAY")).await;
        let token = &rails_finish(&app).await;
        assert_eq!(latest(&app, token, id_of(&original)).await, "SETTLED");
        let body = json!({"reversalReason": "INCORRECT_RECIPIENT", "correctionFinancialAccountId": right["id"]});
        let answer = TestApp::expect_json(reverse(&app, token, id_of(&original), &body).await, 201).await;
        assert_eq!(answer["correctionTransaction"]["creditFinancialAccountId"], right["id"]);
        assert_eq!(answer["correctionTransaction"]["solution"], "ach");
        // The reversal pulls 25.00 back from outside; the correction holds 25.00 again.
        assert_eq!(balances(&app, token, &w.business).await, four(["75.00", "50.00", "25.00", "25.00"]));
        let token = &rails_finish(&app).await;
        assert_eq!(latest(&app, token, id_of(&original)).await, "REVERSED");
        assert_eq!(balances(&app, token, &w.business).await, four(["75.00", "75.00", "0.00", "0.00"]));
        let verified = app.services.store().verify_ledger().await.unwrap();
        assert!(verified.problems.is_empty(), "{:?}", verified.problems);
    }

    async fn only_settled_ach_and_book_transfers_are_reversed(app: TestApp) {
        let token = &app.bootstrap.token;
        let w = world(&app, token, "100.00").await;
        let fresh = create(&app, token, &ach(&w.business, &w.bank, "5.00", "NEXT_DAY")).await;
        assert_error(reverse(&app, token, id_of(&fresh), &duplicate()).await, 422, "BUSINESS_RULE_VIOLATION").await;
        let card = create(&app, token, &send(&w.business, &w.card, "push-to-card", "5.00")).await;
        let settled = crate::transactions::simulate(&app, token, id_of(&card), "SETTLED").await;
        assert_eq!(settled.status(), 200);
        assert_error(reverse(&app, token, id_of(&card), &duplicate()).await, 422, "BUSINESS_RULE_VIOLATION").await;

        let spent = create(&app, token, &send(&w.business, &w.internal, "transfer", "10.00")).await;
        create(&app, token, &send(&w.internal, &w.business, "transfer", "6.00")).await;
        let body = assert_error(reverse(&app, token, id_of(&spent), &duplicate()).await, 422, "INSUFFICIENT_FUNDS").await;
        assert!(body["message"].as_str().unwrap().contains(&w.internal), "{body}");
        let incomplete = json!({"reversalReason": "INCORRECT_AMOUNT"});
        let body = assert_error(reverse(&app, token, id_of(&spent), &incomplete).await, 400, "VALIDATION_FAILED").await;
        assert_eq!(crate::support::field_errors(&body), [("correctionAmount".to_owned(), "REQUIRED".to_owned())]);
        let too_much = json!({"reversalReason": "INCORRECT_RECIPIENT", "correctionFinancialAccountId": w.card});
        let body = assert_error(reverse(&app, token, id_of(&spent), &too_much).await, 422, "INSUFFICIENT_FUNDS").await;
        assert!(body["message"].is_string());

        let other = app.tenant("Other", None).await;
        assert_error(reverse(&app, &other.token, id_of(&spent), &duplicate()).await, 404, "NOT_FOUND").await;
        let viewer = app.token_with_role(&app.bootstrap, Role::ViewOnly).await;
        assert_error(reverse(&app, &viewer, id_of(&spent), &duplicate()).await, 403, "FORBIDDEN").await;
        assert_eq!(statuses(&app, token, id_of(&spent)).await, ["SETTLED", "NEW"], "nothing written");
    }

    async fn concurrent_reversals_of_one_transaction_make_exactly_one(app: TestApp) {
        let token = &app.bootstrap.token;
        let w = world(&app, token, "100.00").await;
        for round in 0..4 {
            let original = create(&app, token, &send(&w.business, &w.internal, "transfer", "1.00")).await;
            let id = id_of(&original).to_owned();
            let racing: Vec<_> = (0..6).map(|n| {
                let (http, token, id) = (app.http.clone(), token.clone(), id.clone());
                // Half send one shared key, half none: one effect either way.
                let key = (n % 2 == 0).then(|| format!("reverse-{round}"));
                async move {
                    let mut request = http.client.post(http.url(&format!("/v1/transactions/{id}/reverse"))).bearer_auth(&token).json(&duplicate());
                    if let Some(key) = key {
                        request = request.header("Idempotency-Key", key);
                    }
                    let answer = request.send().await.unwrap();
                    (answer.status().as_u16(), answer.json::<Value>().await.unwrap())
                }
            }).collect();
            let mut reversals = std::collections::BTreeSet::new();
            for (status, body) in futures_join_all(racing).await {
                match status {
                    201 => {
                        reversals.insert(body["reversalTransaction"]["id"].as_str().unwrap().to_owned());
                    }
                    422 => assert_eq!(body["errorCode"], "BUSINESS_RULE_VIOLATION"),
                    other => panic!("reverse answered {other}: {body}"),
                }
            }
            assert_eq!(reversals.len(), 1, "one reversal: {reversals:?}");
        }
        assert_eq!(balances(&app, token, &w.internal).await, four(["4.00", "0.00", "4.00", "0.00"]));
    }
}

async fn edit(app: &Http, token: &str, id: &str, body: &Value) -> reqwest::Response {
    app.put(&format!("/v1/transactions/{id}"), token, body)
        .await
}

on_both_backends! {
    async fn an_edit_cancels_the_original_and_creates_the_new_one_or_neither(app: TestApp) {
        let token = &app.bootstrap.token;
        let w = world(&app, token, "100.00").await;
        let original = create(&app, token, &ach(&w.business, &w.bank, "5.00", "NEXT_DAY")).await;
        let body = json!({"debitFinancialAccountId": w.business, "creditFinancialAccountId": w.bank,
            "amount": "8.00", "paymentReasonId": "bill-payment"});
        let edited = TestApp::expect_json(edit(&app, token, id_of(&original), &body).await, 200).await;
        assert_eq!(edited["amount"], "8.00");
        assert_eq!(edited["parentTransactionId"], original["id"]);
        assert_eq!(edited["metadata"], original["metadata"], "kept");
        assert_eq!(edited["latestStatus"]["status"], "NEW");
        assert_eq!(statuses(&app, token, id_of(&original)).await, ["CANCELLED", "NEW"]);
        let history = app.get_json(&format!("/v1/transaction-histories?transactionId={}", id_of(&original)), token).await;
        assert_eq!(history["content"][0]["eventType"], "EDIT");
        assert_eq!(balances(&app, token, &w.business).await, four(["100.00", "92.00", "8.00", "0.00"]));

        // The whole object a GET returned, sent back with a new amount: the released hold counts.
        let mut whole = app.get_json(&format!("/v1/transactions/{}", id_of(&edited)), token).await;
        whole["amount"] = json!("100.00");
        let all_in = TestApp::expect_json(edit(&app, token, id_of(&edited), &whole).await, 200).await;
        assert_eq!(balances(&app, token, &w.business).await, four(["100.00", "0.00", "100.00", "0.00"]));

        let mut too_much = body.clone();
        too_much["amount"] = json!("100.01");
        assert_error(edit(&app, token, id_of(&all_in), &too_much).await, 422, "INSUFFICIENT_FUNDS").await;
        assert_eq!(statuses(&app, token, id_of(&all_in)).await, ["NEW"], "neither");
        assert_eq!(balances(&app, token, &w.business).await, four(["100.00", "0.00", "100.00", "0.00"]));
        let verified = app.services.store().verify_ledger().await.unwrap();
        assert!(verified.problems.is_empty(), "{:?}", verified.problems);
    }

    async fn an_edit_changes_only_what_it_may(app: TestApp) {
        let token = &app.bootstrap.token;
        let w = world(&app, token, "100.00").await;
        let original = create(&app, token, &ach(&w.business, &w.bank, "5.00", "NEXT_DAY")).await;
        let mut whole = original.clone();
        whole["transactionType"] = json!("REQUEST");
        whole["memo"] = json!("changed");
        let body = assert_error(edit(&app, token, id_of(&original), &whole).await, 400, "VALIDATION_FAILED").await;
        assert_eq!(crate::support::field_errors(&body), [("transactionType".to_owned(), "INCONSISTENT".to_owned()),
            ("memo".to_owned(), "INCONSISTENT".to_owned())]);
        let body = assert_error(edit(&app, token, id_of(&original), &json!({})).await, 400, "VALIDATION_FAILED").await;
        assert_eq!(crate::support::field_errors(&body).len(), 4, "{body}");
        let unknown = assert_error(edit(&app, token, id_of(&original), &json!({"colour": "red"})).await, 400, "VALIDATION_FAILED").await;
        assert_eq!(crate::support::field_errors(&unknown)[0].1, "UNKNOWN_FIELD");

        let keyed = |key: &'static str| {
            let body = json!({"debitFinancialAccountId": w.business, "creditFinancialAccountId": w.bank,
                "amount": "6.00", "paymentReasonId": "bill-payment"});
            let request = app.client.put(app.url(&format!("/v1/transactions/{}", id_of(&original)))).bearer_auth(token).header("Idempotency-Key", key).json(&body);
            async move { request.send().await.unwrap() }
        };
        let first = keyed("edit-once").await;
        assert_eq!(first.status(), 200);
        let first: Value = first.json().await.unwrap();
        let again = keyed("edit-once").await;
        assert_eq!(again.headers()["idempotent-replayed"], "true");
        assert_eq!(again.json::<Value>().await.unwrap()["id"], first["id"]);
        assert_error(edit(&app, token, id_of(&original), &json!({"debitFinancialAccountId": w.business,
            "creditFinancialAccountId": w.bank, "amount": "6.00", "paymentReasonId": "bill-payment"})).await, 422, "BUSINESS_RULE_VIOLATION").await;

        let card = create(&app, token, &send(&w.business, &w.card, "push-to-card", "1.00")).await;
        let body = json!({"debitFinancialAccountId": w.business, "creditFinancialAccountId": w.card,
            "amount": "2.00", "paymentReasonId": "loan-payouts"});
        assert_error(edit(&app, token, id_of(&card), &body).await, 422, "BUSINESS_RULE_VIOLATION").await;
        let other = app.tenant("Other", None).await;
        assert_error(edit(&app, &other.token, id_of(&first), &body).await, 404, "NOT_FOUND").await;
        let viewer = app.token_with_role(&app.bootstrap, Role::ViewOnly).await;
        assert_error(edit(&app, &viewer, id_of(&first), &body).await, 403, "FORBIDDEN").await;
    }
}
