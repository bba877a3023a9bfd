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
use crate::support::{Backend, TestApp};
use crate::transactions::{balances_of, outcome, send, statuses_of, submit, world};
use crate::typed::{field_errors, json_of, refused, typed};
use openkor_client::models::Transaction;
use openkor_client::{Client, TransactionQuery};
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

/// The fields every status change of `transaction` (its API answer) carries, given who holds its
/// debit and credit accounts (`[accountHolderType, id]`) and when the change happened.
fn change_fields(
    transaction: &Transaction,
    debit: [&str; 2],
    credit: [&str; 2],
    at: &str,
) -> Value {
    let transaction = json_of(transaction);
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
/// [`balances_of`] reads them) and the deltas `[accountBalance, pendingDeposit,
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
async fn holder_of(api: &Client, account: &str) -> String {
    let account = api.get_financial_account(account, None).await.unwrap();
    account.account_holder_id.unwrap()
}

on_both_backends! {
    async fn a_payout_settled_by_simulation_writes_each_status_change_and_its_balances(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let w = world(&app, &app.bootstrap.token, "100.00").await;
        let payout = submit(&api, send(&w.business, &w.card, "push-to-card", "30.00")).await.unwrap();
        let id = payout.id.as_str();
        let held = balances_of(&api, &w.business).await;
        assert_eq!(held, ["100.00", "70.00", "30.00", "0.00"]);
        outcome(&api, id, "SETTLED").await.unwrap();
        let settled = balances_of(&api, &w.business).await;
        assert_eq!(settled, ["70.00", "70.00", "0.00", "0.00"]);
        let customer = holder_of(&api, &w.card).await;
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
        let api = app.api(&app.bootstrap);
        let w = world(&app, &app.bootstrap.token, "1000.00").await;
        let transfer = submit(&api, send(&w.business, &w.internal, "transfer", "100.25")).await.unwrap();
        let id = transfer.id.as_str();
        let business = balances_of(&api, &w.business).await;
        assert_eq!(business, ["899.75", "899.75", "0.00", "0.00"]);
        let internal = balances_of(&api, &w.internal).await;
        assert_eq!(internal, ["100.25", "100.25", "0.00", "0.00"]);
        let customer = holder_of(&api, &w.internal).await;
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
        let api = app.api(&app.bootstrap);
        let w = world(&app, &app.bootstrap.token, "100.00").await;
        let payout = submit(&api, send(&w.business, &w.card, "push-to-card", "50.00")).await.unwrap();
        let id = payout.id.as_str();
        let held = balances_of(&api, &w.business).await;
        assert_eq!(held, ["100.00", "50.00", "50.00", "0.00"]);
        outcome(&api, id, "DECLINED").await.unwrap();
        let released = balances_of(&api, &w.business).await;
        assert_eq!(released, ["100.00", "100.00", "0.00", "0.00"]);
        let customer = holder_of(&api, &w.card).await;
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
        let api = app.api(&app.bootstrap);
        let w = world(&app, &app.bootstrap.token, "10.00").await;
        let transfer = submit(&api, send(&w.business, &w.internal, "transfer", "1.00")).await.unwrap();
        let changes: Vec<Value> = events_of(&app, &transfer.id).await.into_iter()
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
async fn embedded(api: &Client, id: &str, embed: &str) -> Transaction {
    api.get_transaction(id, Some(embed)).await.unwrap()
}

/// What a transaction embeds, as JSON (`null` when nothing).
fn embeds(transaction: &Transaction) -> Value {
    json_of(&transaction.embedded)
}

/// A Financial Account as its GET returns it, with its balances as theirs does in
/// `_embedded.balances`.
async fn with_balances(api: &Client, id: &str) -> Value {
    let mut account = json_of(&api.get_financial_account(id, None).await.unwrap());
    let balances = json_of(&api.get_balances(id).await.unwrap());
    account["_embedded"] = json!({ "balances": balances });
    account
}

on_both_backends! {
    async fn account_embeds_add_each_side_as_its_own_get_returns_it(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let w = world(&app, &app.bootstrap.token, "100.00").await;
        let transfer = submit(&api, send(&w.business, &w.internal, "transfer", "10.00")).await.unwrap();
        let id = transfer.id.as_str();
        let plain = api.get_transaction(id, None).await.unwrap();
        assert!(plain.embedded.is_none(), "{plain:?}");
        let credit = json_of(&api.get_financial_account(&w.internal, None).await.unwrap());
        let debit = json_of(&api.get_financial_account(&w.business, None).await.unwrap());
        for (embed, expected) in [
            ("creditFinancialAccount", json!({"creditFinancialAccount": credit})),
            ("debitFinancialAccount", json!({"debitFinancialAccount": debit})),
            ("creditFinancialAccount,debitFinancialAccount", json!({"creditFinancialAccount": credit, "debitFinancialAccount": debit})),
        ] {
            let mut body = embedded(&api, id, embed).await;
            assert_eq!(body.embedded.take().map(|e| json_of(&e)), Some(expected), "{embed}");
            assert_eq!(body, plain, "{embed}: the transaction itself is unchanged");
        }
    }

    async fn balance_embeds_add_the_balances_of_ledgered_accounts_only(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let w = world(&app, &app.bootstrap.token, "100.00").await;
        let transfer = submit(&api, send(&w.business, &w.internal, "transfer", "10.00")).await.unwrap();
        let payout = submit(&api, send(&w.business, &w.card, "push-to-card", "5.00")).await.unwrap();
        let business = with_balances(&api, &w.business).await;
        let internal = with_balances(&api, &w.internal).await;
        assert_eq!(internal["_embedded"]["balances"]["USD"]["accountBalance"], "10.00");
        assert_eq!(business["_embedded"]["balances"]["USD"]["pendingWithdrawals"], "5.00");
        let body = embedded(&api, &transfer.id, "creditFinancialAccount.balances").await;
        assert_eq!(embeds(&body), json!({"creditFinancialAccount": internal}));
        let body = embedded(&api, &transfer.id, "debitFinancialAccount.balances").await;
        assert_eq!(embeds(&body), json!({"debitFinancialAccount": business}));
        let card = json_of(&api.get_financial_account(&w.card, None).await.unwrap());
        let body = embedded(&api, &payout.id, "creditFinancialAccount.balances").await;
        assert_eq!(embeds(&body), json!({"creditFinancialAccount": card}), "an external card has no ledger");
    }

    /// openkor has no card network and no Recipients (see `parse_embeds` in
    /// crates/openkor-http/src/routes/transactions.rs): `transactionProviderDetails` is accepted
    /// and adds nothing, `debitFinancialAccount.recipient` is refused by name.
    async fn provider_details_add_nothing_and_the_recipient_embed_is_refused(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let w = world(&app, &app.bootstrap.token, "10.00").await;
        let payout = submit(&api, send(&w.business, &w.card, "push-to-card", "1.00")).await.unwrap();
        let id = payout.id.as_str();
        let plain = api.get_transaction(id, None).await.unwrap();
        assert_eq!(embedded(&api, id, "transactionProviderDetails").await, plain);
        let error = refused(api.get_transaction(id, Some("debitFinancialAccount.recipient")).await, 400, "INVALID_QUERY_PARAMETER");
        assert_eq!(field_errors(&error), pairs(&[("embed", "INVALID_VALUE")]));
    }

    async fn an_unknown_embed_is_a_400_naming_the_parameter(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let w = world(&app, &app.bootstrap.token, "10.00").await;
        let transfer = submit(&api, send(&w.business, &w.internal, "transfer", "1.00")).await.unwrap();
        let id = transfer.id.as_str();
        for embed in ["balances", "creditFinancialAccount,recipient", "CREDITFINANCIALACCOUNT", "creditFinancialAccount.limits"] {
            let error = refused(api.get_transaction(id, Some(embed)).await, 400, "INVALID_QUERY_PARAMETER");
            assert_eq!(field_errors(&error), pairs(&[("embed", "INVALID_VALUE")]), "{embed}");
            assert!(error.errors[0].message.contains("creditFinancialAccount.balances"), "{error:?}");
        }
    }
}

/// Advances the clock by `ms` and lets the rail engine take every step due by then.
async fn rails_after(app: &TestApp, ms: i64) {
    app.clock.advance_ms(ms);
    let store = app.services.store().clone();
    while openkor_server::rail_engine::pass(&store, app.clock.now(), 1).await > 0 {}
}

async fn latest_status(api: &Client, id: &str) -> String {
    let transaction = api.get_transaction(id, None).await.unwrap();
    transaction.latest_status.status
}

/// A wire SEND of `amount` from `debit` to `credit` with payment reason `reason`.
fn wire(debit: &str, credit: &str, reason: &str, amount: &str) -> Value {
    let mut body = send(debit, credit, "wire", amount);
    body["paymentReasonId"] = json!(reason);
    body
}

on_both_backends! {
    async fn a_wire_holds_its_amount_and_settles_on_the_same_day_schedule(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let w = world(&app, &app.bootstrap.token, "1000.00").await;
        let reasons = json_of(&api.list_payment_reasons().await.unwrap());
        assert!(reasons.as_array().unwrap().contains(&json!({"reason": "bill-payment", "description": "Bill Payment"})), "{reasons}");
        let mut body = wire(&w.business, &w.bank, "bill-payment", "250.00");
        body["settlementPriority"] = json!("SAME_DAY");
        body["description"] = json!("Invoice 42");
        let created = submit(&api, body).await.unwrap();
        assert_eq!((created.solution.as_str(), created.settlement_priority.as_str()), ("wire", "SAME_DAY"));
        assert_eq!((created.description.as_deref(), created.payment_reason.as_deref()), (Some("Invoice 42"), Some("Bill Payment")));
        assert_eq!(created.latest_status.status, "NEW");
        let id = created.id.as_str();
        let held = ["1000.00", "750.00", "250.00", "0.00"];
        assert_eq!(balances_of(&api, &w.business).await, held);
        // The wire schedule (openkor_domain::transaction::lifecycle): a second to PENDING, a
        // minute to PROCESSING, ten minutes to APPROVED, twenty to SETTLED, each counted from
        // the status before; one millisecond early, nothing moves.
        let mut previous = "NEW";
        for (delay_ms, status, after) in [(1_000, "PENDING", held), (60_000, "PROCESSING", held),
            (600_000, "APPROVED", held), (1_200_000, "SETTLED", ["750.00", "750.00", "0.00", "0.00"])] {
            rails_after(&app, delay_ms - 1).await;
            assert_eq!(latest_status(&api, id).await, previous, "{delay_ms} ms less 1");
            rails_after(&app, 1).await;
            assert_eq!(latest_status(&api, id).await, status, "after {delay_ms} ms");
            assert_eq!(balances_of(&api, &w.business).await, after, "{status}");
            previous = status;
        }
        assert_eq!(statuses_of(&api, id).await, ["SETTLED", "APPROVED", "PROCESSING", "PENDING", "NEW"]);
        let verified = app.services.store().verify_ledger().await.unwrap();
        assert!(verified.problems.is_empty(), "{:?}", verified.problems);
    }

    async fn a_wire_needs_a_wire_reason_and_a_bank_account_with_a_billing_address(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let w = world(&app, &app.bootstrap.token, "100.00").await;
        let reasons = api.list_payment_reasons().await.unwrap();
        assert!(reasons.iter().any(|r| r.reason == "funds_transfer"), "listed, but not for wires: {reasons:?}");
        let error = refused(submit(&api, wire(&w.business, &w.bank, "funds_transfer", "1.00")).await, 400, "VALIDATION_FAILED");
        assert_eq!(field_errors(&error), pairs(&[("paymentReasonId", "INCONSISTENT")]));
        let mut without = wire(&w.business, &w.bank, "bill-payment", "1.00");
        without.as_object_mut().unwrap().remove("paymentReasonId");
        let error = refused(submit(&api, without).await, 400, "VALIDATION_FAILED");
        assert_eq!(field_errors(&error), pairs(&[("paymentReasonId", "REQUIRED")]));
        let error = refused(submit(&api, wire(&w.business, &w.card, "bill-payment", "1.00")).await, 422, "BUSINESS_RULE_VIOLATION");
        assert_eq!(field_errors(&error), pairs(&[("creditFinancialAccountId", "INCONSISTENT")]));
        let mut no_address = bank_request(&holder_of(&api, &w.bank).await, "555666777");
        no_address["bankAccount"].as_object_mut().unwrap().remove("billingAddress");
        let bare = api.create_external_bank(&typed(no_address)).await.unwrap();
        let error = refused(submit(&api, wire(&w.business, &bare.id, "bill-payment", "1.00")).await, 422, "BUSINESS_RULE_VIOLATION");
        assert_eq!(field_errors(&error), pairs(&[("creditFinancialAccountId", "INCONSISTENT")]));
        let page = api.list_transactions(&TransactionQuery::default()).await.unwrap();
        assert_eq!(page.total_elements, 1, "only the deposit: {page:?}");
        assert_eq!(balances_of(&api, &w.business).await, ["100.00", "100.00", "0.00", "0.00"]);
    }
}
