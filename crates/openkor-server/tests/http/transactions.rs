//! Money movement over HTTP: deposits, book transfers, push-to-card, ACH and wire payouts,
//! their statuses, the four balances after every step, idempotency, refusals and tenancy.

use crate::financial_account_fixtures::{
    SEED_GET_STARTED, bank_request, business_accounts, card_request, customer, pairs, seed_with_ids,
};
use crate::on_both_backends;
use crate::support::Http;
use crate::typed::{field_errors, json_of, refused, typed};
use openkor_client::models::{Balances, SimulateRequest, Transaction, TransactionRequest};
use openkor_client::{Client, Error, HistoryQuery, PageQuery, Sort, TransactionQuery};
use openkor_domain::clock::Clock;
use openkor_domain::role::Role;
use serde_json::{Value, json};

/// A funded world: the USD business account holds `funds`, a customer has an internal account
/// under it, an external debit card and an external bank account.
pub struct World {
    pub business: String,
    pub internal: String,
    pub card: String,
    pub bank: String,
}

pub async fn world(app: &Http, token: &str, funds: &str) -> World {
    let (business, _) = business_accounts(app, token).await;
    deposit(app, token, &business, funds).await;
    let holder = customer(app, token).await;
    let created = |body: Value, path: &'static str| async move {
        Http::expect_json(app.post(path, token, &body).await, 201).await["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    World {
        internal: created(
            seed_with_ids(SEED_GET_STARTED, &business, &holder),
            "/v1/internal-financial-accounts",
        )
        .await,
        card: created(
            card_request(&holder, "4111111111111111"),
            "/v1/external-cards",
        )
        .await,
        bank: created(
            bank_request(&holder, "123456789"),
            "/v1/external-bank-accounts",
        )
        .await,
        business,
    }
}

pub async fn deposit(app: &Http, token: &str, account: &str, amount: &str) -> Value {
    let body = json!({"financialAccountId": account, "amount": amount});
    Http::expect_json(app.post("/v1/sandbox/deposits", token, &body).await, 201).await
}

pub fn send(debit: &str, credit: &str, solution: &str, amount: &str) -> Value {
    json!({"debitFinancialAccountId": debit, "creditFinancialAccountId": credit, "transactionType": "SEND",
        "solution": solution, "paymentReasonId": "loan-payouts", "amount": amount, "currency": "USD"})
}

/// `[accountBalance, availableBalance, pendingWithdrawals, pendingDeposits]` of an account.
pub async fn balances(app: &Http, token: &str, account: &str) -> [String; 4] {
    let body = app
        .get_json(&format!("/v1/financial-accounts/{account}/balances"), token)
        .await;
    usd_four(&serde_json::from_value(body).expect("balances"))
}

/// [`balances`] through the typed client.
pub async fn balances_of(api: &Client, account: &str) -> [String; 4] {
    usd_four(&api.get_balances(account).await.unwrap())
}

fn usd_four(balances: &Balances) -> [String; 4] {
    let usd = &balances["USD"];
    let four = [
        &usd.account_balance,
        &usd.available_balance,
        &usd.pending_withdrawals,
        &usd.pending_deposits,
    ]
    .map(|amount| amount.as_str().to_owned());
    // §7: available = account balance − pending withdrawals, pending deposits not added.
    let minor = |text: &str| openkor_domain::money::parse_minor(text).unwrap();
    assert_eq!(
        minor(&four[1]),
        minor(&four[0]) - minor(&four[2]),
        "{balances:?}"
    );
    four
}

pub fn four(values: [&str; 4]) -> [String; 4] {
    values.map(str::to_owned)
}

// `create` sends a raw request, for the tests that still need one; `submit` and
// `statuses_of` below go through the typed client, and `outcome` simulates a rail's.
pub async fn create(app: &Http, token: &str, body: &Value) -> Value {
    Http::expect_json(app.post("/v1/transactions", token, body).await, 201).await
}

/// A transaction of `body` (a JSON fixture such as [`send`]) through the typed client.
pub async fn submit(api: &Client, body: Value) -> Result<Transaction, Error> {
    api.create_transaction(&typed(body), None).await
}

/// `POST /v1/sandbox/transactions/{id}/simulate` through the typed client.
pub async fn outcome(api: &Client, id: &str, outcome: &str) -> Result<Transaction, Error> {
    let body = SimulateRequest {
        outcome: Some(outcome.to_owned()),
        reason_code: None,
    };
    api.simulate_transaction(id, &body).await
}

/// The statuses of transaction `id`, newest first, through the typed client.
pub async fn statuses_of(api: &Client, id: &str) -> Vec<String> {
    let statuses = api.list_statuses(id).await.unwrap();
    statuses.into_iter().map(|s| s.status).collect()
}

/// The first page of transaction `id`'s history.
pub fn history_of(id: &str) -> HistoryQuery {
    HistoryQuery {
        transaction_id: id.to_owned(),
        ..Default::default()
    }
}

on_both_backends! {
    async fn a_book_transfer_settles_inside_the_request(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let w = world(&app, &app.bootstrap.token, "1000.00").await;
        assert_eq!(balances_of(&api, &w.business).await, four(["1000.00", "1000.00", "0.00", "0.00"]));
        let transfer = submit(&api, send(&w.business, &w.internal, "transfer", "100.25")).await.unwrap();
        assert_eq!(transfer.latest_status.status, "SETTLED");
        assert_eq!(transfer.amount.as_str(), "100.25");
        assert_eq!(transfer.settlement_priority, "IMMEDIATE");
        assert_eq!(balances_of(&api, &w.business).await, four(["899.75", "899.75", "0.00", "0.00"]));
        assert_eq!(balances_of(&api, &w.internal).await, four(["100.25", "100.25", "0.00", "0.00"]));
        let id = transfer.id.as_str();
        assert_eq!(statuses_of(&api, id).await, ["SETTLED", "NEW"]);
        assert_eq!(api.get_transaction(id, None).await.unwrap(), transfer);
        let history = api.list_histories(&history_of(id)).await.unwrap();
        assert_eq!(history.total_elements, 2);
        assert_eq!(history.content[1].event_type, "CREATE");
        assert_eq!(history.content[0].event_type, "STATUS_CHANGE");
        let verified = app.services.store().verify_ledger().await.unwrap();
        assert!(verified.problems.is_empty(), "{:?}", verified.problems);
    }

    async fn push_to_card_holds_then_settles_or_releases(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let w = world(&app, &app.bootstrap.token, "100.00").await;
        let payout = submit(&api, send(&w.business, &w.card, "push-to-card", "30.00")).await.unwrap();
        assert_eq!(payout.latest_status.status, "NEW");
        assert_eq!(payout.masked_credit_account_number, "******1111");
        assert_eq!(balances_of(&api, &w.business).await, four(["100.00", "70.00", "30.00", "0.00"]));
        let settled = outcome(&api, &payout.id, "SETTLED").await.unwrap();
        assert_eq!(settled.latest_status.status, "SETTLED");
        assert_eq!(statuses_of(&api, &payout.id).await, ["SETTLED", "APPROVED", "PROCESSING", "PENDING", "NEW"]);
        assert_eq!(balances_of(&api, &w.business).await, four(["70.00", "70.00", "0.00", "0.00"]));
        refused(outcome(&api, &payout.id, "DECLINED").await, 422, "BUSINESS_RULE_VIOLATION");

        let declined = submit(&api, send(&w.business, &w.card, "push-to-card", "50.00")).await.unwrap();
        assert_eq!(balances_of(&api, &w.business).await, four(["70.00", "20.00", "50.00", "0.00"]));
        let body = outcome(&api, &declined.id, "DECLINED").await.unwrap();
        assert_eq!(body.latest_status.status, "DECLINED");
        assert_eq!(balances_of(&api, &w.business).await, four(["70.00", "70.00", "0.00", "0.00"]));
        let errored = submit(&api, send(&w.business, &w.card, "push-to-card", "70.00")).await.unwrap();
        outcome(&api, &errored.id, "ERROR").await.unwrap();
        assert_eq!(balances_of(&api, &w.business).await, four(["70.00", "70.00", "0.00", "0.00"]));
        let verified = app.services.store().verify_ledger().await.unwrap();
        assert!(verified.problems.is_empty(), "{:?}", verified.problems);
    }

    async fn the_rail_engine_walks_each_solution_on_its_schedule(app: TestApp) {
        let token = &app.bootstrap.token;
        let api = app.api(&app.bootstrap);
        let w = world(&app, token, "500.00").await;
        let ach = json!({"debitFinancialAccountId": w.internal, "creditFinancialAccountId": w.bank,
            "transactionType": "SEND", "solution": "ach", "paymentReasonId": "bill-payment", "amount": 5,
            "settlementPriority": "SAME_DAY", "metadata": {"rkorACHEntryType": "CCD"}});
        submit(&api, send(&w.business, &w.internal, "transfer", "100.00")).await.unwrap();
        let card = submit(&api, send(&w.business, &w.card, "push-to-card", "10.00")).await.unwrap();
        // Raw: the amount is a JSON number, which the client's `Amount` always writes as a string.
        let ach = create(&app, token, &ach).await;
        assert_eq!(ach["amount"], "5.00", "a JSON number is taken exactly");
        let ach_id = ach["id"].as_str().unwrap();
        assert_eq!(balances_of(&api, &w.internal).await, four(["100.00", "95.00", "5.00", "0.00"]));
        let store = app.services.store().clone();
        let mut seen = Vec::new();
        for _ in 0..4 {
            app.clock.advance_ms(1_000);
            while openkor_server::rail_engine::pass(&store, app.clock.now(), 1).await > 0 {}
            seen.push(api.get_transaction(ach_id, None).await.unwrap().latest_status.status);
        }
        assert_eq!(seen, ["PENDING", "PENDING", "PENDING", "PENDING"], "an ACH waits");
        assert_eq!(statuses_of(&api, &card.id).await, ["SETTLED", "APPROVED", "PROCESSING", "PENDING", "NEW"], "push-to-card settles within a second");
        // Same-day ACH: 10 minutes to PROCESSING, an hour to APPROVED, three hours to SETTLED,
        // each counted from the status before.
        for delay_ms in [10 * 60_000, 3_600_000, 3 * 3_600_000] {
            app.clock.advance_ms(delay_ms);
            while openkor_server::rail_engine::pass(&store, app.clock.now(), 1).await > 0 {}
        }
        // The server's clock passed the token's expiry: the client exchanges a new one itself.
        assert_eq!(statuses_of(&api, ach_id).await[0], "SETTLED");
        assert_eq!(balances_of(&api, &w.internal).await, four(["95.00", "95.00", "0.00", "0.00"]));
        assert_eq!(balances_of(&api, &w.business).await, four(["390.00", "390.00", "0.00", "0.00"]));
        let verified = store.verify_ledger().await.unwrap();
        assert!(verified.problems.is_empty(), "{:?}", verified.problems);
    }

    async fn refusals_name_the_field_and_write_nothing(app: TestApp) {
        let token = &app.bootstrap.token;
        let api = app.api(&app.bootstrap);
        let w = world(&app, token, "10.00").await;
        let error = refused(submit(&api, send(&w.business, &w.card, "push-to-card", "10.01")).await, 422, "INSUFFICIENT_FUNDS");
        assert!(error.message.contains(&w.business), "{error:?}");
        let error = refused(submit(&api, send(&w.business, &w.card, "wire", "1.00")).await, 422, "BUSINESS_RULE_VIOLATION");
        assert_eq!(field_errors(&error), pairs(&[("creditFinancialAccountId", "INCONSISTENT")]));
        refused(submit(&api, send(&w.card, &w.business, "transfer", "1.00")).await, 422, "BUSINESS_RULE_VIOLATION");
        let error = refused(submit(&api, send(&w.business, &w.bank, "ach", "1.00")).await, 400, "VALIDATION_FAILED");
        assert_eq!(field_errors(&error), pairs(&[("metadata.rkorACHEntryType", "REQUIRED")]));
        let unverified_request = json!({"debitFinancialAccountId": w.bank, "creditFinancialAccountId": w.business,
            "transactionType": "REQUEST", "solution": "ach", "paymentReasonId": "bill-payment", "amount": "1.00",
            "metadata": {"rkorACHEntryType": "CCD"}});
        let error = refused(submit(&api, unverified_request).await, 422, "BUSINESS_RULE_VIOLATION");
        assert_eq!(field_errors(&error), pairs(&[("debitFinancialAccountId", "INCONSISTENT")]));
        for (amount, code) in [("0", "OUT_OF_RANGE"), ("1.001", "OUT_OF_RANGE"), ("ten", "INVALID_FORMAT")] {
            let error = refused(submit(&api, send(&w.business, &w.card, "push-to-card", amount)).await, 400, "VALIDATION_FAILED");
            assert_eq!(field_errors(&error), pairs(&[("amount", code)]));
        }
        let other = app.tenant("Other", None).await;
        let (theirs, _) = business_accounts(&app, &other.token).await;
        let error = refused(submit(&api, send(&w.business, &theirs, "transfer", "1.00")).await, 422, "BUSINESS_RULE_VIOLATION");
        assert_eq!(field_errors(&error), pairs(&[("creditFinancialAccountId", "NOT_FOUND")]));
        api.suspend_financial_account(&w.internal, None).await.unwrap();
        let error = refused(submit(&api, send(&w.business, &w.internal, "transfer", "1.00")).await, 422, "BUSINESS_RULE_VIOLATION");
        assert_eq!(field_errors(&error), pairs(&[("creditFinancialAccountId", "INVALID_VALUE")]));
        let page = api.list_transactions(&TransactionQuery::default()).await.unwrap();
        assert_eq!(page.total_elements, 1, "only the deposit: {page:?}");
        assert_eq!(balances_of(&api, &w.business).await, four(["10.00", "10.00", "0.00", "0.00"]));
    }

    async fn another_tenants_transactions_are_not_found(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let w = world(&app, &app.bootstrap.token, "10.00").await;
        let mine = submit(&api, send(&w.business, &w.card, "push-to-card", "1.00")).await.unwrap();
        let id = mine.id.as_str();
        let other = app.api(&app.tenant("Other", None).await);
        refused(other.get_transaction(id, None).await, 404, "NOT_FOUND");
        refused(other.list_statuses(id).await, 404, "NOT_FOUND");
        refused(other.list_histories(&history_of(id)).await, 404, "NOT_FOUND");
        refused(outcome(&other, id, "SETTLED").await, 404, "NOT_FOUND");
        let deposit = other.create_deposit(&typed(json!({"financialAccountId": w.business, "amount": "1.00"})), None).await;
        let error = refused(deposit, 422, "BUSINESS_RULE_VIOLATION");
        assert_eq!(field_errors(&error), pairs(&[("financialAccountId", "NOT_FOUND")]));
        assert_eq!(other.list_transactions(&TransactionQuery::default()).await.unwrap().total_elements, 0);
        assert_eq!(statuses_of(&api, id).await, ["NEW"]);
    }

    async fn an_idempotency_key_makes_exactly_one_effect(app: TestApp) {
        let token = &app.bootstrap.token;
        let api = app.api(&app.bootstrap);
        let w = world(&app, token, "100.00").await;
        let body = send(&w.business, &w.card, "push-to-card", "10.00");
        // Raw: the first answer and its replay are told apart by the `Idempotent-Replayed`
        // header, which the client does not expose.
        let post = |key: &'static str, body: Value| {
            let request = app.client.post(app.url("/v1/transactions")).bearer_auth(token).header("Idempotency-Key", key).json(&body);
            async move { request.send().await.unwrap() }
        };
        let first = post("key-000001", body.clone()).await;
        assert_eq!(first.status(), 201);
        assert!(first.headers().get("idempotent-replayed").is_none());
        let first: Value = first.json().await.unwrap();
        outcome(&api, first["id"].as_str().unwrap(), "SETTLED").await.unwrap();
        let replay = post("key-000001", body.clone()).await;
        assert_eq!(replay.status(), 201);
        assert_eq!(replay.headers()["idempotent-replayed"], "true");
        assert_eq!(replay.json::<Value>().await.unwrap(), first, "the first answer, NEW as it was");
        let request: TransactionRequest = typed(body);
        let keyed = |key: &'static str, request: TransactionRequest| {
            let api = api.clone();
            async move { api.create_transaction(&request, Some(key)).await }
        };
        let changed = TransactionRequest { amount: Some("11.00".into()), ..request.clone() };
        let error = refused(keyed("key-000001", changed).await, 409, "CONFLICT");
        assert_eq!(field_errors(&error), pairs(&[("Idempotency-Key", "DUPLICATE")]));
        refused(keyed("short", request.clone()).await, 400, "VALIDATION_FAILED");
        let racing: Vec<_> = (0..8).map(|_| keyed("key-000002", request.clone())).collect();
        let mut ids: Vec<String> = futures_join_all(racing).await.into_iter().map(|answer| answer.unwrap().id).collect();
        ids.dedup();
        assert_eq!(ids.len(), 1, "one effect for eight concurrent requests");
        assert_eq!(balances_of(&api, &w.business).await, four(["90.00", "80.00", "10.00", "0.00"]));
    }

    async fn idempotency_keys_are_kept_for_the_retention_then_forgotten(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let w = world(&app, &app.bootstrap.token, "100.00").await;
        let request: TransactionRequest = typed(send(&w.business, &w.internal, "transfer", "1.00"));
        // The server's clock passes the token's expiry below: the client exchanges a new one.
        let post = || async { api.create_transaction(&request, Some("kept-a-day")).await.unwrap().id };
        let first = post().await;
        let store = app.services.store().clone();
        app.clock.advance_ms(24 * 3_600_000);
        assert_eq!(openkor_server::janitor::purge(&store, app.clock.now(), 24).await, 0, "exactly 24 hours: kept");
        assert_eq!(post().await, first, "still a replay");
        app.clock.advance_ms(1);
        assert_eq!(openkor_server::janitor::purge(&store, app.clock.now(), 24).await, 1);
        assert_ne!(post().await, first, "a new transaction once forgotten");
        assert_eq!(balances_of(&api, &w.internal).await, four(["2.00", "2.00", "0.00", "0.00"]));
    }

    async fn concurrent_debits_of_one_account_never_overdraw_it(app: TestApp) {
        const CLIENTS: usize = 40;
        let api = app.api(&app.bootstrap);
        let w = world(&app, &app.bootstrap.token, "300.00").await;
        let requests: Vec<_> = (0..CLIENTS).map(|i| {
            let target = if i % 2 == 0 { &w.internal } else { &w.card };
            let solution = if i % 2 == 0 { "transfer" } else { "push-to-card" };
            let (api, body) = (api.clone(), send(&w.business, target, solution, "10.00"));
            async move { submit(&api, body).await }
        }).collect();
        let mut accepted = 0;
        for answer in futures_join_all(requests).await {
            match answer {
                Ok(_) => accepted += 1,
                Err(Error::Api(error)) if error.status == 422 => assert_eq!(error.error_code, "INSUFFICIENT_FUNDS"),
                other => panic!("unexpected answer {other:?}"),
            }
        }
        assert_eq!(accepted, 30, "exactly the funds available");
        let business = balances_of(&api, &w.business).await;
        assert_eq!(business[1], "0.00", "{business:?}");
        let all = TransactionQuery { paging: PageQuery { size: Some(100), ..Default::default() }, ..Default::default() };
        assert_eq!(api.list_transactions(&all).await.unwrap().total_elements, 31);
        let verified = app.services.store().verify_ledger().await.unwrap();
        assert!(verified.problems.is_empty(), "{:?}", verified.problems);
    }

    async fn lists_filter_and_payment_reasons_are_listed(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let w = world(&app, &app.bootstrap.token, "100.00").await;
        submit(&api, send(&w.business, &w.internal, "transfer", "20.00")).await.unwrap();
        submit(&api, send(&w.business, &w.card, "push-to-card", "5.00")).await.unwrap();
        let text = |value: &str| Some(value.to_owned());
        for (query, expected) in [
            (TransactionQuery { solution: text("push-to-card"), ..Default::default() }, 1),
            (TransactionQuery { transaction_type: text("DEPOSIT"), ..Default::default() }, 1),
            (TransactionQuery { amount_from: text("5.00"), amount_to: text("20"), ..Default::default() }, 2),
            (TransactionQuery { latest_status: text("NEW"), ..Default::default() }, 1),
            (TransactionQuery { masked_credit_account_number: text("******1111"), ..Default::default() }, 1),
        ] {
            let page = api.list_transactions(&query).await.unwrap();
            assert_eq!(page.total_elements, expected, "{query:?}");
        }
        let by_amount = TransactionQuery { paging: PageQuery { sort: vec![Sort::asc("amount")], ..Default::default() }, ..Default::default() };
        assert_eq!(api.list_transactions(&by_amount).await.unwrap().content[0].amount.as_str(), "5.00");
        let reasons = api.list_payment_reasons().await.unwrap();
        let loan_payouts = json!({"reason": "loan-payouts", "description": "Loan Payouts"});
        assert!(reasons.iter().any(|reason| json_of(reason) == loan_payouts), "{reasons:?}");
    }
}

/// Awaits every request, concurrently.
pub async fn futures_join_all<F: std::future::Future + Send + 'static>(
    futures: Vec<F>,
) -> Vec<F::Output>
where
    F::Output: Send + 'static,
{
    let handles: Vec<_> = futures.into_iter().map(tokio::spawn).collect();
    let mut outputs = Vec::with_capacity(handles.len());
    for handle in handles {
        outputs.push(handle.await.unwrap());
    }
    outputs
}

on_both_backends! {
    async fn money_moves_only_for_roles_that_manage_transactions(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let w = world(&app, &app.bootstrap.token, "10.00").await;
        let payout = submit(&api, send(&w.business, &w.card, "push-to-card", "1.00")).await.unwrap();
        let id = payout.id.as_str();
        let viewer = app.api_with_role(&app.bootstrap, Role::ViewOnly).await;
        let admin = app.api_with_role(&app.bootstrap, Role::Admin).await;
        for caller in [&viewer, &admin] {
            refused(submit(caller, send(&w.business, &w.card, "push-to-card", "1.00")).await, 403, "FORBIDDEN");
            let deposit = caller.create_deposit(&typed(json!({"financialAccountId": w.business, "amount": "1.00"})), None).await;
            refused(deposit, 403, "FORBIDDEN");
            refused(outcome(caller, id, "SETTLED").await, 403, "FORBIDDEN");
        }
        viewer.get_transaction(id, None).await.unwrap();
        viewer.list_statuses(id).await.unwrap();
        viewer.list_transactions(&TransactionQuery::default()).await.unwrap();
        viewer.list_payment_reasons().await.unwrap();
        let clerk = app.api_with_role(&app.bootstrap, Role::Clerk).await;
        outcome(&clerk, id, "SETTLED").await.unwrap();
        assert_eq!(balances_of(&api, &w.business).await, four(["9.00", "9.00", "0.00", "0.00"]));
    }
}
