//! Operations on existing transactions over HTTP: cancel (which statuses and rails allow it,
//! the hold released, the history's CANCEL row) and a cancel racing the rail engine.

use crate::on_both_backends;
use crate::support::{Http, TestApp, assert_error};
use crate::transactions::{balances, create, four, futures_join_all, send, statuses, world};
use openkor_domain::clock::Clock;
use openkor_domain::role::Role;
use serde_json::{Value, json};

/// An ACH SEND from `debit` to the external bank account `bank`.
fn ach(debit: &str, bank: &str, amount: &str, priority: &str) -> Value {
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

fn id_of(transaction: &Value) -> &str {
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
