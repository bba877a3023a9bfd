//! Operations on existing transactions over HTTP: cancel (which statuses and rails allow it,
//! the hold released, the history's CANCEL row) and a cancel racing the rail engine.

use crate::financial_account_fixtures::bank_today;
use crate::on_both_backends;
use crate::support::{Http, TestApp, assert_error};
use crate::transactions::{
    balances_of, four, futures_join_all, history_of, outcome, send, statuses_of, submit, world,
};
use crate::typed::{json_of, refused, typed};
use openkor_client::models::{EditRequest, ReverseRequest};
use openkor_client::{Client, Error};
use openkor_domain::clock::Clock;
use openkor_domain::role::Role;
use serde_json::{Value, json};

/// An ACH SEND from `debit` to the external bank account `bank`.
pub fn ach(debit: &str, bank: &str, amount: &str, priority: &str) -> Value {
    json!({"debitFinancialAccountId": debit, "creditFinancialAccountId": bank,
        "transactionType": "SEND", "solution": "ach", "paymentReasonId": "bill-payment",
        "amount": amount, "settlementPriority": priority, "metadata": {"rkorACHEntryType": "CCD"}})
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

/// The newest status of transaction `id`, through the typed client.
async fn latest_of(api: &Client, id: &str) -> String {
    api.get_transaction(id, None)
        .await
        .unwrap()
        .latest_status
        .status
}

/// The newest history entry's event type of transaction `id`.
async fn last_event(api: &Client, id: &str) -> String {
    let history = api.list_histories(&history_of(id)).await.unwrap();
    history.content[0].event_type.clone()
}

on_both_backends! {
    async fn a_new_or_pending_ach_or_wire_can_be_cancelled_and_its_hold_released(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let w = world(&app, &app.bootstrap.token, "100.00").await;
        let fresh = submit(&api, ach(&w.business, &w.bank, "5.00", "NEXT_DAY")).await.unwrap();
        assert_eq!(balances_of(&api, &w.business).await, four(["100.00", "95.00", "5.00", "0.00"]));
        api.cancel_transaction(&fresh.id).await.unwrap();
        assert_eq!(statuses_of(&api, &fresh.id).await, ["CANCELLED", "NEW"]);
        assert_eq!(last_event(&api, &fresh.id).await, "CANCEL");
        assert_eq!(balances_of(&api, &w.business).await, four(["100.00", "100.00", "0.00", "0.00"]));
        let again = refused(api.cancel_transaction(&fresh.id).await, 422, "BUSINESS_RULE_VIOLATION");
        assert!(again.message.contains("CANCELLED"), "{again:?}");

        let pending = submit(&api, ach(&w.business, &w.bank, "7.00", "SAME_DAY")).await.unwrap();
        rails_after(&app, 1_000).await;
        assert_eq!(statuses_of(&api, &pending.id).await, ["PENDING", "NEW"]);
        api.cancel_transaction(&pending.id).await.unwrap();
        let wire = json!({"debitFinancialAccountId": w.business, "creditFinancialAccountId": w.bank,
            "transactionType": "SEND", "solution": "wire", "paymentReasonId": "loan-payouts", "amount": "3.00"});
        let wire = submit(&api, wire).await.unwrap();
        api.cancel_transaction(&wire.id).await.unwrap();
        assert_eq!(balances_of(&api, &w.business).await, four(["100.00", "100.00", "0.00", "0.00"]));
        let verified = app.services.store().verify_ledger().await.unwrap();
        assert!(verified.problems.is_empty(), "{:?}", verified.problems);
    }

    async fn a_transaction_sent_or_settled_cannot_be_cancelled(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let w = world(&app, &app.bootstrap.token, "100.00").await;
        let sent = submit(&api, ach(&w.business, &w.bank, "5.00", "SAME_DAY")).await.unwrap();
        rails_after(&app, 1_000).await;
        rails_after(&app, 600_000).await;
        assert_eq!(statuses_of(&api, &sent.id).await[0], "PROCESSING");
        let not_cancellable = |result: Result<(), Error>| drop(refused(result, 422, "BUSINESS_RULE_VIOLATION"));
        not_cancellable(api.cancel_transaction(&sent.id).await);
        let card = submit(&api, send(&w.business, &w.card, "push-to-card", "1.00")).await.unwrap();
        not_cancellable(api.cancel_transaction(&card.id).await);
        let transfer = submit(&api, send(&w.business, &w.internal, "transfer", "1.00")).await.unwrap();
        not_cancellable(api.cancel_transaction(&transfer.id).await);
        assert_eq!(statuses_of(&api, &card.id).await, ["NEW"], "nothing written");

        let held = submit(&api, ach(&w.business, &w.bank, "2.00", "NEXT_DAY")).await.unwrap();
        let other = app.api(&app.tenant("Other", None).await);
        refused(other.cancel_transaction(&held.id).await, 404, "NOT_FOUND");
        let unknown = uuid::Uuid::new_v4().to_string();
        refused(api.cancel_transaction(&unknown).await, 404, "NOT_FOUND");
        let viewer = app.api_with_role(&app.bootstrap, Role::ViewOnly).await;
        refused(viewer.cancel_transaction(&held.id).await, 403, "FORBIDDEN");
        assert_eq!(statuses_of(&api, &held.id).await, ["NEW"]);
    }

    async fn a_cancel_racing_the_rails_ends_one_way_never_both(app: TestApp) {
        const ROUNDS: usize = 4;
        let api = app.api(&app.bootstrap);
        let w = world(&app, &app.bootstrap.token, "1000.00").await;
        let mut still_held = 0;
        for _ in 0..ROUNDS {
            still_held += race_round(&app, &api, &w.business, &w.bank).await;
        }
        let available = format!("{}.00", 1000 - still_held);
        let held = format!("{still_held}.00");
        assert_eq!(balances_of(&api, &w.business).await, ["1000.00".to_owned(), available, held, "0.00".to_owned()]);
        let verified = app.services.store().verify_ledger().await.unwrap();
        assert!(verified.problems.is_empty(), "{:?}", verified.problems);
    }
}

/// One round of the race: payments of 1.00 made PENDING, then, once their move to PROCESSING
/// is due, a cancel of each (last first, while the engine takes the soonest first) against one
/// rail-engine pass. Each ends CANCELLED or PROCESSING, never both; how many stay held.
async fn race_round(app: &TestApp, api: &Client, business: &str, bank: &str) -> usize {
    const PAYMENTS: usize = 16;
    let mut ids = Vec::new();
    for _ in 0..PAYMENTS {
        let payment = submit(api, ach(business, bank, "1.00", "SAME_DAY")).await;
        ids.push(payment.unwrap().id);
    }
    rails_after(app, 1_000).await;
    app.clock.advance_ms(600_000);
    let cancels: Vec<_> = ids
        .iter()
        .rev()
        .map(|id| {
            let (api, id) = (api.clone(), id.clone());
            async move {
                let answer = api.cancel_transaction(&id).await;
                (id, answer)
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
        let history = statuses_of(api, &id).await;
        match answer {
            Ok(()) => assert_eq!(history, ["CANCELLED", "PENDING", "NEW"]),
            Err(Error::Api(error)) if error.status == 422 => {
                held += 1;
                assert_eq!(history, ["PROCESSING", "PENDING", "NEW"]);
            }
            other => panic!("cancel answered {other:?}"),
        }
    }
    held
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

/// A reversal for `reason` with nothing else.
fn because(reason: &str) -> ReverseRequest {
    ReverseRequest {
        reversal_reason: Some(reason.to_owned()),
        ..Default::default()
    }
}

on_both_backends! {
    async fn a_duplicate_payment_is_reversed_once_and_the_original_becomes_reversed(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let w = world(&app, &app.bootstrap.token, "100.00").await;
        let original = submit(&api, send(&w.business, &w.internal, "transfer", "40.00")).await.unwrap();
        let body = api.reverse_transaction(&original.id, &typed(duplicate()), None).await.unwrap();
        assert!(body.correction_transaction.is_none(), "{body:?}");
        let reversal = json_of(&body.reversal_transaction);
        for (field, value) in [("transactionType", json!("REVERSAL")), ("settlementPriority", json!("NEXT_DAY")),
            ("parentTransactionId", json!(original.id)), ("reversalReason", json!("DUPLICATE_PAYMENT")),
            ("debitFinancialAccountId", json!(w.business)), ("creditFinancialAccountId", json!(w.internal)),
            ("amount", json!("40.00"))] {
            assert_eq!(reversal[field], value, "{field}: {reversal}");
        }
        assert_eq!(balances_of(&api, &w.internal).await, four(["40.00", "0.00", "40.00", "0.00"]));
        assert_eq!(balances_of(&api, &w.business).await, four(["60.00", "60.00", "0.00", "40.00"]));
        refused(api.reverse_transaction(&original.id, &typed(duplicate()), None).await, 422, "BUSINESS_RULE_VIOLATION");

        rails_finish(&app).await;
        assert_eq!(latest_of(&api, &body.reversal_transaction.id).await, "SETTLED");
        assert_eq!(statuses_of(&api, &original.id).await, ["REVERSED", "SETTLED", "NEW"]);
        assert_eq!(last_event(&api, &original.id).await, "REVERSAL");
        assert_eq!(balances_of(&api, &w.internal).await, four(["0.00", "0.00", "0.00", "0.00"]));
        assert_eq!(balances_of(&api, &w.business).await, four(["100.00", "100.00", "0.00", "0.00"]));
        refused(api.reverse_transaction(&original.id, &typed(duplicate()), None).await, 422, "BUSINESS_RULE_VIOLATION");
        let verified = app.services.store().verify_ledger().await.unwrap();
        assert!(verified.problems.is_empty(), "{:?}", verified.problems);
    }

    async fn an_incorrect_amount_is_reversed_and_corrected(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let w = world(&app, &app.bootstrap.token, "100.00").await;
        let original = submit(&api, send(&w.business, &w.internal, "transfer", "30.00")).await.unwrap();
        let body = ReverseRequest { correction_amount: Some("20.00".into()), ..because("INCORRECT_AMOUNT") };
        let answer = api.reverse_transaction(&original.id, &body, None).await.unwrap();
        let correction = answer.correction_transaction.unwrap();
        assert_eq!(correction.amount.as_str(), "20.00");
        assert_eq!(correction.transaction_type, "SEND");
        assert_eq!(correction.parent_transaction_id.as_ref(), Some(&original.id));
        assert_eq!(correction.latest_status.status, "SETTLED", "a book transfer settles at once");
        assert_eq!(balances_of(&api, &w.internal).await, four(["50.00", "20.00", "30.00", "0.00"]));
        assert_eq!(balances_of(&api, &w.business).await, four(["50.00", "50.00", "0.00", "30.00"]));
        rails_finish(&app).await;
        assert_eq!(balances_of(&api, &w.internal).await, four(["20.00", "20.00", "0.00", "0.00"]));
        assert_eq!(balances_of(&api, &w.business).await, four(["80.00", "80.00", "0.00", "0.00"]));
        assert_eq!(latest_of(&api, &original.id).await, "REVERSED");
    }

    async fn an_ach_to_the_wrong_bank_account_is_reversed_and_sent_to_the_right_one(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let w = world(&app, &app.bootstrap.token, "100.00").await;
        let holder = api.get_financial_account(&w.bank, None).await.unwrap().account_holder_id.unwrap();
        let right = api.create_external_bank(&typed(bank_today(&holder, "555666777"))).await.unwrap();
        let original = submit(&api, ach(&w.business, &w.bank, "25.00", "NEXT_DAY")).await.unwrap();
        rails_finish(&app).await;
        assert_eq!(latest_of(&api, &original.id).await, "SETTLED");
        let body = ReverseRequest { correction_financial_account_id: Some(right.id.clone()), ..because("INCORRECT_RECIPIENT") };
        let answer = api.reverse_transaction(&original.id, &body, None).await.unwrap();
        let correction = answer.correction_transaction.unwrap();
        assert_eq!(correction.credit_financial_account_id, right.id);
        assert_eq!(correction.solution, "ach");
        // The reversal pulls 25.00 back from outside; the correction holds 25.00 again.
        assert_eq!(balances_of(&api, &w.business).await, four(["75.00", "50.00", "25.00", "25.00"]));
        rails_finish(&app).await;
        assert_eq!(latest_of(&api, &original.id).await, "REVERSED");
        assert_eq!(balances_of(&api, &w.business).await, four(["75.00", "75.00", "0.00", "0.00"]));
        let verified = app.services.store().verify_ledger().await.unwrap();
        assert!(verified.problems.is_empty(), "{:?}", verified.problems);
    }

    async fn only_settled_ach_and_book_transfers_are_reversed(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let w = world(&app, &app.bootstrap.token, "100.00").await;
        let reverse = |api: &Client, id: &str, body: ReverseRequest| {
            let (api, id) = (api.clone(), id.to_owned());
            async move { api.reverse_transaction(&id, &body, None).await }
        };
        let fresh = submit(&api, ach(&w.business, &w.bank, "5.00", "NEXT_DAY")).await.unwrap();
        refused(reverse(&api, &fresh.id, typed(duplicate())).await, 422, "BUSINESS_RULE_VIOLATION");
        let card = submit(&api, send(&w.business, &w.card, "push-to-card", "5.00")).await.unwrap();
        outcome(&api, &card.id, "SETTLED").await.unwrap();
        refused(reverse(&api, &card.id, typed(duplicate())).await, 422, "BUSINESS_RULE_VIOLATION");

        let spent = submit(&api, send(&w.business, &w.internal, "transfer", "10.00")).await.unwrap();
        submit(&api, send(&w.internal, &w.business, "transfer", "6.00")).await.unwrap();
        let error = refused(reverse(&api, &spent.id, typed(duplicate())).await, 422, "INSUFFICIENT_FUNDS");
        assert!(error.message.contains(&w.internal), "{error:?}");
        let error = refused(reverse(&api, &spent.id, because("INCORRECT_AMOUNT")).await, 400, "VALIDATION_FAILED");
        assert_eq!(crate::typed::field_errors(&error), [("correctionAmount".to_owned(), "REQUIRED".to_owned())]);
        let too_much = ReverseRequest { correction_financial_account_id: Some(w.card.clone()), ..because("INCORRECT_RECIPIENT") };
        refused(reverse(&api, &spent.id, too_much).await, 422, "INSUFFICIENT_FUNDS");

        let other = app.api(&app.tenant("Other", None).await);
        refused(reverse(&other, &spent.id, typed(duplicate())).await, 404, "NOT_FOUND");
        let viewer = app.api_with_role(&app.bootstrap, Role::ViewOnly).await;
        refused(reverse(&viewer, &spent.id, typed(duplicate())).await, 403, "FORBIDDEN");
        assert_eq!(statuses_of(&api, &spent.id).await, ["SETTLED", "NEW"], "nothing written");
    }

    async fn concurrent_reversals_of_one_transaction_make_exactly_one(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let w = world(&app, &app.bootstrap.token, "100.00").await;
        for round in 0..4 {
            let original = submit(&api, send(&w.business, &w.internal, "transfer", "1.00")).await.unwrap();
            let racing: Vec<_> = (0..6).map(|n| {
                let (api, id) = (api.clone(), original.id.clone());
                // Half send one shared key, half none: one effect either way.
                let key = (n % 2 == 0).then(|| format!("reverse-{round}"));
                async move { api.reverse_transaction(&id, &typed(duplicate()), key.as_deref()).await }
            }).collect();
            let mut reversals = std::collections::BTreeSet::new();
            for answer in futures_join_all(racing).await {
                match answer {
                    Ok(body) => {
                        reversals.insert(body.reversal_transaction.id);
                    }
                    Err(Error::Api(error)) if error.status == 422 => assert_eq!(error.error_code, "BUSINESS_RULE_VIOLATION"),
                    other => panic!("reverse answered {other:?}"),
                }
            }
            assert_eq!(reversals.len(), 1, "one reversal: {reversals:?}");
        }
        assert_eq!(balances_of(&api, &w.internal).await, four(["4.00", "0.00", "4.00", "0.00"]));
    }
}

async fn edit(app: &Http, token: &str, id: &str, body: &Value) -> reqwest::Response {
    app.put(&format!("/v1/transactions/{id}"), token, body)
        .await
}

/// An edit body (a JSON fixture) as the typed request.
fn change(body: &Value) -> EditRequest {
    typed(body.clone())
}

on_both_backends! {
    async fn an_edit_cancels_the_original_and_creates_the_new_one_or_neither(app: TestApp) {
        let token = &app.bootstrap.token;
        let api = app.api(&app.bootstrap);
        let w = world(&app, token, "100.00").await;
        let original = submit(&api, ach(&w.business, &w.bank, "5.00", "NEXT_DAY")).await.unwrap();
        let body = json!({"debitFinancialAccountId": w.business, "creditFinancialAccountId": w.bank,
            "amount": "8.00", "paymentReasonId": "bill-payment"});
        let edited = api.edit_transaction(&original.id, &change(&body), None).await.unwrap();
        assert_eq!(edited.amount.as_str(), "8.00");
        assert_eq!(edited.parent_transaction_id.as_ref(), Some(&original.id));
        assert_eq!(edited.metadata, original.metadata, "kept");
        assert_eq!(edited.latest_status.status, "NEW");
        assert_eq!(statuses_of(&api, &original.id).await, ["CANCELLED", "NEW"]);
        assert_eq!(last_event(&api, &original.id).await, "EDIT");
        assert_eq!(balances_of(&api, &w.business).await, four(["100.00", "92.00", "8.00", "0.00"]));

        // Raw: the whole object a GET returned, sent back with a new amount (read-only members
        // and all, which the typed edit does not carry): the released hold counts.
        let mut whole = json_of(&api.get_transaction(&edited.id, None).await.unwrap());
        whole["amount"] = json!("100.00");
        let all_in = TestApp::expect_json(edit(&app, token, &edited.id, &whole).await, 200).await;
        assert_eq!(balances_of(&api, &w.business).await, four(["100.00", "0.00", "100.00", "0.00"]));

        let mut too_much = body.clone();
        too_much["amount"] = json!("100.01");
        refused(api.edit_transaction(id_of(&all_in), &change(&too_much), None).await, 422, "INSUFFICIENT_FUNDS");
        assert_eq!(statuses_of(&api, id_of(&all_in)).await, ["NEW"], "neither");
        assert_eq!(balances_of(&api, &w.business).await, four(["100.00", "0.00", "100.00", "0.00"]));
        let verified = app.services.store().verify_ledger().await.unwrap();
        assert!(verified.problems.is_empty(), "{:?}", verified.problems);
    }

    async fn an_edit_changes_only_what_it_may(app: TestApp) {
        let token = &app.bootstrap.token;
        let api = app.api(&app.bootstrap);
        let w = world(&app, token, "100.00").await;
        let original = submit(&api, ach(&w.business, &w.bank, "5.00", "NEXT_DAY")).await.unwrap();
        // Raw: members the typed edit does not have (they may not change), on purpose.
        let mut whole = json_of(&original);
        whole["transactionType"] = json!("REQUEST");
        whole["memo"] = json!("changed");
        let body = assert_error(edit(&app, token, &original.id, &whole).await, 400, "VALIDATION_FAILED").await;
        assert_eq!(crate::support::field_errors(&body), [("transactionType".to_owned(), "INCONSISTENT".to_owned()),
            ("memo".to_owned(), "INCONSISTENT".to_owned())]);
        let error = refused(api.edit_transaction(&original.id, &EditRequest::default(), None).await, 400, "VALIDATION_FAILED");
        assert_eq!(error.errors.len(), 4, "{error:?}");
        let unknown = assert_error(edit(&app, token, &original.id, &json!({"colour": "red"})).await, 400, "VALIDATION_FAILED").await;
        assert_eq!(crate::support::field_errors(&unknown)[0].1, "UNKNOWN_FIELD");

        let six = json!({"debitFinancialAccountId": w.business, "creditFinancialAccountId": w.bank,
            "amount": "6.00", "paymentReasonId": "bill-payment"});
        let first = api.edit_transaction(&original.id, &change(&six), Some("edit-once")).await.unwrap();
        // Raw: the replay is told by its `Idempotent-Replayed` header, which the client does not expose.
        let request = app.client.put(app.url(&format!("/v1/transactions/{}", original.id))).bearer_auth(token);
        let again = request.header("Idempotency-Key", "edit-once").json(&six).send().await.unwrap();
        assert_eq!(again.headers()["idempotent-replayed"], "true");
        assert_eq!(again.json::<Value>().await.unwrap()["id"], first.id.as_str());
        refused(api.edit_transaction(&original.id, &change(&six), None).await, 422, "BUSINESS_RULE_VIOLATION");

        let card = submit(&api, send(&w.business, &w.card, "push-to-card", "1.00")).await.unwrap();
        let body = change(&json!({"debitFinancialAccountId": w.business, "creditFinancialAccountId": w.card,
            "amount": "2.00", "paymentReasonId": "loan-payouts"}));
        refused(api.edit_transaction(&card.id, &body, None).await, 422, "BUSINESS_RULE_VIOLATION");
        let other = app.api(&app.tenant("Other", None).await);
        refused(other.edit_transaction(&first.id, &body, None).await, 404, "NOT_FOUND");
        let viewer = app.api_with_role(&app.bootstrap, Role::ViewOnly).await;
        refused(viewer.edit_transaction(&first.id, &body, None).await, 403, "FORBIDDEN");
    }
}
