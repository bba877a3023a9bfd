//! What transactions promise beyond moving money: the events each status change writes to the
//! outbox (reference §12, §13), the sub-resources `GET /v1/transactions/{id}` embeds (§9.4),
//! and wires (§9.1) from creation to SETTLED on the rail engine's schedule.
//!
//! The outbox is read straight from the test database, as whatever delivers the events would
//! read it. Event payloads are compared whole: ids and amounts come from the API's own answers,
//! the balances from `GET /v1/financial-accounts/{id}/balances` at the same step, and the time
//! from the test's clock, which stands still between steps.

use crate::financial_account_fixtures::{bank_request, pairs};
use crate::on_both_backends;
use crate::support::{Backend, Http, TestApp, assert_error, field_errors};
use crate::transactions::{balances, create, send, simulate, statuses, world};
use openkor_domain::clock::Clock;
use serde_json::{Value, json};

/// One outbox event, as the §12 envelope would carry it: its `type` and its `data`.
type Event = (String, Value);

const STATUS_CHANGED: &str = "transactions.status-changed";
const BALANCE_UPDATED: &str = "ledger.balance-updated";

/// Every outbox row, oldest first: (Business Account id as 32 hex digits, type, payload).
pub async fn outbox(app: &TestApp) -> Vec<(String, String, String)> {
    const FROM: &str = "FROM outbox_events ORDER BY created_at, id";
    match app.backend {
        Backend::Sqlite => {
            let connection = openkor_testkit::connect_sqlite(&app.database_url);
            let sql = format!("SELECT lower(hex(business_account_id)), event_type, payload {FROM}");
            let mut statement = connection.prepare(&sql).unwrap();
            let rows: Vec<_> = statement
                .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
                .unwrap()
                .map(Result::unwrap)
                .collect();
            rows
        }
        Backend::Postgres => {
            let client = openkor_testkit::connect_postgres(&app.database_url)
                .await
                .unwrap();
            let sql = format!(
                "SELECT replace(business_account_id::text, '-', ''), event_type, payload {FROM}"
            );
            let rows = client.query(&sql, &[]).await.unwrap();
            rows.iter()
                .map(|row| (row.get(0), row.get(1), row.get(2)))
                .collect()
        }
    }
}

/// The events of `transaction` in the order written; each must belong to the bootstrap tenant.
async fn events_of(app: &TestApp, transaction: &str) -> Vec<Event> {
    let tenant = app.bootstrap.id.replace('-', "");
    let mut events = Vec::new();
    for (scope, kind, payload) in outbox(app).await {
        let data: Value = serde_json::from_str(&payload).unwrap();
        if data["transactionId"] == transaction {
            assert_eq!(scope, tenant, "{kind} {data}");
            events.push((kind, data));
        }
    }
    events
}

/// A decimal as the JSON number §12 events carry.
fn number(decimal: &str) -> Value {
    serde_json::from_str(decimal).unwrap()
}

/// The fields every status change of `transaction` (its API body) carries, given who holds its
/// debit and credit accounts (`[accountHolderType, id]`) and when the change happened.
fn change_fields(transaction: &Value, debit: [&str; 2], credit: [&str; 2], at: &str) -> Value {
    json!({
        "transactionId": transaction["id"],
        "debitFinancialAccountId": transaction["debitFinancialAccountId"],
        "maskedDebitAccountNumber": transaction["maskedDebitAccountNumber"],
        "debitAccountHolderType": debit[0],
        "debitAccountHolderId": debit[1],
        "creditFinancialAccountId": transaction["creditFinancialAccountId"],
        "maskedCreditAccountNumber": transaction["maskedCreditAccountNumber"],
        "creditAccountHolderType": credit[0],
        "creditAccountHolderId": credit[1],
        "transactionType": transaction["transactionType"],
        "adjustmentReason": null,
        "paymentReasonId": transaction["paymentReasonId"],
        "reversalReason": null,
        "amount": number(transaction["amount"].as_str().unwrap()),
        "solution": transaction["solution"],
        "currency": transaction["currency"],
        "createdAt": at,
    })
}

/// `transactions.status-changed` from `previous` to `status`.
fn changed(fields: &Value, previous: Option<&str>, status: &str) -> Event {
    let mut data = fields.clone();
    data["previousStatus"] = json!(previous);
    data["status"] = json!(status);
    (STATUS_CHANGED.to_owned(), data)
}

/// `ledger.balance-updated` of `account` by `transaction`: its four balances `after` (as
/// [`balances`] reads them) and the deltas `[accountBalance, pendingDeposit,
/// pendingWithdrawal]`.
fn updated(
    transaction: &str,
    account: &str,
    description: &str,
    after: &[String; 4],
    deltas: [&str; 3],
) -> Event {
    let data = json!({
        "transactionId": transaction,
        "financialAccountId": account,
        "description": description,
        "statementDescription": description,
        "currency": "USD",
        "accountBalance": number(&after[0]),
        "availableBalance": number(&after[1]),
        "pendingWithdraw": number(&after[2]),
        "pendingDeposit": number(&after[3]),
        "accountBalanceDelta": number(deltas[0]),
        "pendingDepositBalanceDelta": number(deltas[1]),
        "pendingWithdrawalBalanceDelta": number(deltas[2]),
    });
    (BALANCE_UPDATED.to_owned(), data)
}

/// The `accountHolderId` of a Financial Account.
async fn holder_of(app: &Http, token: &str, account: &str) -> String {
    let body = app
        .get_json(&format!("/v1/financial-accounts/{account}"), token)
        .await;
    body["accountHolderId"].as_str().unwrap().to_owned()
}

fn id_of(body: &Value) -> &str {
    body["id"].as_str().unwrap()
}

on_both_backends! {
    async fn a_payout_settled_by_simulation_writes_each_status_change_and_its_balances(app: TestApp) {
        let token = &app.bootstrap.token;
        let w = world(&app, token, "100.00").await;
        let payout = create(&app, token, &send(&w.business, &w.card, "push-to-card", "30.00")).await;
        let id = id_of(&payout);
        let held = balances(&app, token, &w.business).await;
        assert_eq!(held, ["100.00", "70.00", "30.00", "0.00"]);
        Http::expect_json(simulate(&app, token, id, "SETTLED").await, 200).await;
        let settled = balances(&app, token, &w.business).await;
        assert_eq!(settled, ["70.00", "70.00", "0.00", "0.00"]);
        let customer = holder_of(&app, token, &w.card).await;
        let fields = change_fields(&payout, ["BUSINESS_ACCOUNT", &app.bootstrap.id], ["CUSTOMER", &customer], &app.clock.now().to_string());
        let what = "SEND: push-to-card";
        assert_eq!(events_of(&app, id).await, [
            changed(&fields, None, "NEW"),
            updated(id, &w.business, what, &held, ["0.00", "0.00", "30.00"]),
            changed(&fields, Some("NEW"), "PENDING"),
            changed(&fields, Some("PENDING"), "PROCESSING"),
            changed(&fields, Some("PROCESSING"), "APPROVED"),
            changed(&fields, Some("APPROVED"), "SETTLED"),
            updated(id, &w.business, what, &settled, ["-30.00", "0.00", "-30.00"]),
        ]);
    }

    async fn a_book_transfer_writes_its_two_status_changes_and_both_balances(app: TestApp) {
        let token = &app.bootstrap.token;
        let w = world(&app, token, "1000.00").await;
        let transfer = create(&app, token, &send(&w.business, &w.internal, "transfer", "100.25")).await;
        let id = id_of(&transfer);
        let business = balances(&app, token, &w.business).await;
        assert_eq!(business, ["899.75", "899.75", "0.00", "0.00"]);
        let internal = balances(&app, token, &w.internal).await;
        assert_eq!(internal, ["100.25", "100.25", "0.00", "0.00"]);
        let customer = holder_of(&app, token, &w.internal).await;
        let fields = change_fields(&transfer, ["BUSINESS_ACCOUNT", &app.bootstrap.id], ["CUSTOMER", &customer], &app.clock.now().to_string());
        let what = "SEND: transfer";
        assert_eq!(events_of(&app, id).await, [
            changed(&fields, None, "NEW"),
            changed(&fields, Some("NEW"), "SETTLED"),
            updated(id, &w.business, what, &business, ["-100.25", "0.00", "0.00"]),
            updated(id, &w.internal, what, &internal, ["100.25", "0.00", "0.00"]),
        ]);
    }

    async fn a_declined_payout_writes_its_hold_and_its_release(app: TestApp) {
        let token = &app.bootstrap.token;
        let w = world(&app, token, "100.00").await;
        let payout = create(&app, token, &send(&w.business, &w.card, "push-to-card", "50.00")).await;
        let id = id_of(&payout);
        let held = balances(&app, token, &w.business).await;
        assert_eq!(held, ["100.00", "50.00", "50.00", "0.00"]);
        Http::expect_json(simulate(&app, token, id, "DECLINED").await, 200).await;
        let released = balances(&app, token, &w.business).await;
        assert_eq!(released, ["100.00", "100.00", "0.00", "0.00"]);
        let customer = holder_of(&app, token, &w.card).await;
        let fields = change_fields(&payout, ["BUSINESS_ACCOUNT", &app.bootstrap.id], ["CUSTOMER", &customer], &app.clock.now().to_string());
        let what = "SEND: push-to-card";
        assert_eq!(events_of(&app, id).await, [
            changed(&fields, None, "NEW"),
            updated(id, &w.business, what, &held, ["0.00", "0.00", "50.00"]),
            changed(&fields, Some("NEW"), "DECLINED"),
            updated(id, &w.business, what, &released, ["0.00", "0.00", "-50.00"]),
        ]);
    }

    /// §12 lists `adjustmentReason` and `reversalReason` among the `data` fields of
    /// `transactions.status-changed`; like every absent value they are written as `null`.
    async fn status_changes_carry_every_reference_field(app: TestApp) {
        let token = &app.bootstrap.token;
        let w = world(&app, token, "10.00").await;
        let transfer = create(&app, token, &send(&w.business, &w.internal, "transfer", "1.00")).await;
        let changes: Vec<Value> = events_of(&app, id_of(&transfer)).await.into_iter()
            .filter(|(kind, _)| kind == STATUS_CHANGED).map(|(_, data)| data).collect();
        assert_eq!(changes.len(), 2);
        let reference = ["transactionId", "debitFinancialAccountId", "maskedDebitAccountNumber", "debitAccountHolderId",
            "debitAccountHolderType", "creditFinancialAccountId", "maskedCreditAccountNumber", "creditAccountHolderId",
            "creditAccountHolderType", "transactionType", "adjustmentReason", "paymentReasonId", "reversalReason",
            "amount", "solution"];
        for data in &changes {
            let missing: Vec<&str> = reference.into_iter().filter(|field| data.get(field).is_none()).collect();
            assert!(missing.is_empty(), "§12 fields missing: {missing:?} in {data}");
            for reason in ["adjustmentReason", "reversalReason"] {
                assert!(data[reason].is_null(), "{reason} of a SEND: {data}");
            }
        }
    }
}

/// `GET /v1/transactions/{id}` with `embed`.
async fn embedded(app: &Http, token: &str, id: &str, embed: &str) -> Value {
    app.get_json(&format!("/v1/transactions/{id}?embed={embed}"), token)
        .await
}

/// A Financial Account as its GET returns it, with its balances as theirs does in
/// `_embedded.balances`.
async fn with_balances(app: &Http, token: &str, id: &str) -> Value {
    let path = format!("/v1/financial-accounts/{id}");
    let mut account = app.get_json(&path, token).await;
    let balances = app.get_json(&format!("{path}/balances"), token).await;
    account["_embedded"] = json!({ "balances": balances });
    account
}

on_both_backends! {
    async fn account_embeds_add_each_side_as_its_own_get_returns_it(app: TestApp) {
        let token = &app.bootstrap.token;
        let w = world(&app, token, "100.00").await;
        let transfer = create(&app, token, &send(&w.business, &w.internal, "transfer", "10.00")).await;
        let id = id_of(&transfer);
        let plain = app.get_json(&format!("/v1/transactions/{id}"), token).await;
        assert!(plain.get("_embedded").is_none(), "{plain}");
        let credit = app.get_json(&format!("/v1/financial-accounts/{}", w.internal), token).await;
        let debit = app.get_json(&format!("/v1/financial-accounts/{}", w.business), token).await;
        for (embed, expected) in [
            ("creditFinancialAccount", json!({"creditFinancialAccount": credit})),
            ("debitFinancialAccount", json!({"debitFinancialAccount": debit})),
            ("creditFinancialAccount,debitFinancialAccount", json!({"creditFinancialAccount": credit, "debitFinancialAccount": debit})),
        ] {
            let mut body = embedded(&app, token, id, embed).await;
            assert_eq!(body.as_object_mut().unwrap().remove("_embedded"), Some(expected), "{embed}");
            assert_eq!(body, plain, "{embed}: the transaction itself is unchanged");
        }
    }

    async fn balance_embeds_add_the_balances_of_ledgered_accounts_only(app: TestApp) {
        let token = &app.bootstrap.token;
        let w = world(&app, token, "100.00").await;
        let transfer = create(&app, token, &send(&w.business, &w.internal, "transfer", "10.00")).await;
        let payout = create(&app, token, &send(&w.business, &w.card, "push-to-card", "5.00")).await;
        let business = with_balances(&app, token, &w.business).await;
        let internal = with_balances(&app, token, &w.internal).await;
        assert_eq!(internal["_embedded"]["balances"]["USD"]["accountBalance"], "10.00");
        assert_eq!(business["_embedded"]["balances"]["USD"]["pendingWithdrawals"], "5.00");
        let body = embedded(&app, token, id_of(&transfer), "creditFinancialAccount.balances").await;
        assert_eq!(body["_embedded"], json!({"creditFinancialAccount": internal}));
        let body = embedded(&app, token, id_of(&transfer), "debitFinancialAccount.balances").await;
        assert_eq!(body["_embedded"], json!({"debitFinancialAccount": business}));
        let card = app.get_json(&format!("/v1/financial-accounts/{}", w.card), token).await;
        let body = embedded(&app, token, id_of(&payout), "creditFinancialAccount.balances").await;
        assert_eq!(body["_embedded"], json!({"creditFinancialAccount": card}), "an external card has no ledger");
    }

    /// openkor has no card network and no Recipients (see `parse_embeds` in
    /// crates/openkor-http/src/routes/transactions.rs): `transactionProviderDetails` is accepted
    /// and adds nothing, `debitFinancialAccount.recipient` is refused by name.
    async fn provider_details_add_nothing_and_the_recipient_embed_is_refused(app: TestApp) {
        let token = &app.bootstrap.token;
        let w = world(&app, token, "10.00").await;
        let payout = create(&app, token, &send(&w.business, &w.card, "push-to-card", "1.00")).await;
        let id = id_of(&payout);
        let plain = app.get_json(&format!("/v1/transactions/{id}"), token).await;
        assert_eq!(embedded(&app, token, id, "transactionProviderDetails").await, plain);
        let refused = app.get(&format!("/v1/transactions/{id}?embed=debitFinancialAccount.recipient"), token).await;
        let body = assert_error(refused, 400, "INVALID_QUERY_PARAMETER").await;
        assert_eq!(field_errors(&body), pairs(&[("embed", "INVALID_VALUE")]));
    }

    async fn an_unknown_embed_is_a_400_naming_the_parameter(app: TestApp) {
        let token = &app.bootstrap.token;
        let w = world(&app, token, "10.00").await;
        let transfer = create(&app, token, &send(&w.business, &w.internal, "transfer", "1.00")).await;
        let id = id_of(&transfer);
        for embed in ["balances", "creditFinancialAccount,recipient", "CREDITFINANCIALACCOUNT", "creditFinancialAccount.limits"] {
            let refused = app.get(&format!("/v1/transactions/{id}?embed={embed}"), token).await;
            let body = assert_error(refused, 400, "INVALID_QUERY_PARAMETER").await;
            assert_eq!(field_errors(&body), pairs(&[("embed", "INVALID_VALUE")]), "{embed}");
            assert!(body["errors"][0]["message"].as_str().unwrap().contains("creditFinancialAccount.balances"), "{body}");
        }
    }
}

/// Advances the clock by `ms` and lets the rail engine take every step due by then.
async fn rails_after(app: &TestApp, ms: i64) {
    app.clock.advance_ms(ms);
    let store = app.services.store().clone();
    while openkor_server::rail_engine::pass(&store, app.clock.now(), 1).await > 0 {}
}

async fn latest_status(app: &Http, token: &str, id: &str) -> Value {
    let body = app.get_json(&format!("/v1/transactions/{id}"), token).await;
    body["latestStatus"]["status"].clone()
}

/// A wire SEND of `amount` from `debit` to `credit` with payment reason `reason`.
fn wire(debit: &str, credit: &str, reason: &str, amount: &str) -> Value {
    let mut body = send(debit, credit, "wire", amount);
    body["paymentReasonId"] = json!(reason);
    body
}

on_both_backends! {
    async fn a_wire_holds_its_amount_and_settles_on_the_same_day_schedule(app: TestApp) {
        let token = &app.bootstrap.token;
        let w = world(&app, token, "1000.00").await;
        let reasons = app.get_json("/v1/payment-reasons", token).await;
        assert!(reasons.as_array().unwrap().contains(&json!({"reason": "bill-payment", "description": "Bill Payment"})), "{reasons}");
        let mut body = wire(&w.business, &w.bank, "bill-payment", "250.00");
        body["settlementPriority"] = json!("SAME_DAY");
        body["description"] = json!("Invoice 42");
        let created = create(&app, token, &body).await;
        assert_eq!((&created["solution"], &created["settlementPriority"]), (&json!("wire"), &json!("SAME_DAY")));
        assert_eq!((&created["description"], &created["paymentReason"]), (&json!("Invoice 42"), &json!("Bill Payment")));
        assert_eq!(created["latestStatus"]["status"], "NEW");
        let id = id_of(&created);
        let held = ["1000.00", "750.00", "250.00", "0.00"];
        assert_eq!(balances(&app, token, &w.business).await, held);
        // The wire schedule (openkor_domain::transaction::lifecycle): a second to PENDING, a
        // minute to PROCESSING, ten minutes to APPROVED, twenty to SETTLED, each counted from
        // the status before; one millisecond early, nothing moves.
        let mut previous = json!("NEW");
        for (delay_ms, status, after) in [(1_000, "PENDING", held), (60_000, "PROCESSING", held),
            (600_000, "APPROVED", held), (1_200_000, "SETTLED", ["750.00", "750.00", "0.00", "0.00"])] {
            rails_after(&app, delay_ms - 1).await;
            assert_eq!(latest_status(&app, token, id).await, previous, "{delay_ms} ms less 1");
            rails_after(&app, 1).await;
            assert_eq!(latest_status(&app, token, id).await, status, "after {delay_ms} ms");
            assert_eq!(balances(&app, token, &w.business).await, after, "{status}");
            previous = json!(status);
        }
        assert_eq!(statuses(&app, token, id).await, ["SETTLED", "APPROVED", "PROCESSING", "PENDING", "NEW"]);
        let verified = app.services.store().verify_ledger().await.unwrap();
        assert!(verified.problems.is_empty(), "{:?}", verified.problems);
    }

    async fn a_wire_needs_a_wire_reason_and_a_bank_account_with_a_billing_address(app: TestApp) {
        let token = &app.bootstrap.token;
        let w = world(&app, token, "100.00").await;
        let reasons = app.get_json("/v1/payment-reasons", token).await;
        assert!(reasons.as_array().unwrap().iter().any(|r| r["reason"] == "funds_transfer"), "listed, but not for wires: {reasons}");
        let refused = app.post("/v1/transactions", token, &wire(&w.business, &w.bank, "funds_transfer", "1.00")).await;
        let body = assert_error(refused, 400, "VALIDATION_FAILED").await;
        assert_eq!(field_errors(&body), pairs(&[("paymentReasonId", "INCONSISTENT")]));
        let mut without = wire(&w.business, &w.bank, "bill-payment", "1.00");
        without.as_object_mut().unwrap().remove("paymentReasonId");
        let body = assert_error(app.post("/v1/transactions", token, &without).await, 400, "VALIDATION_FAILED").await;
        assert_eq!(field_errors(&body), pairs(&[("paymentReasonId", "REQUIRED")]));
        let to_card = app.post("/v1/transactions", token, &wire(&w.business, &w.card, "bill-payment", "1.00")).await;
        let body = assert_error(to_card, 422, "BUSINESS_RULE_VIOLATION").await;
        assert_eq!(field_errors(&body), pairs(&[("creditFinancialAccountId", "INCONSISTENT")]));
        let mut no_address = bank_request(&holder_of(&app, token, &w.bank).await, "555666777");
        no_address["bankAccount"].as_object_mut().unwrap().remove("billingAddress");
        let bare = Http::expect_json(app.post("/v1/external-bank-accounts", token, &no_address).await, 201).await;
        let to_bare = app.post("/v1/transactions", token, &wire(&w.business, id_of(&bare), "bill-payment", "1.00")).await;
        let body = assert_error(to_bare, 422, "BUSINESS_RULE_VIOLATION").await;
        assert_eq!(field_errors(&body), pairs(&[("creditFinancialAccountId", "INCONSISTENT")]));
        let page = app.get_json("/v1/transactions", token).await;
        assert_eq!(page["totalElements"], 1, "only the deposit: {page}");
        assert_eq!(balances(&app, token, &w.business).await, ["100.00", "100.00", "0.00", "0.00"]);
    }
}
