//! Money movement over HTTP: deposits, book transfers, push-to-card, ACH and wire payouts,
//! their statuses, the four balances after every step, idempotency, refusals and tenancy.

use crate::financial_accounts::{
    SEED_GET_STARTED, bank_request, business_accounts, card_request, customer, pairs, seed_with_ids,
};
use crate::on_both_backends;
use crate::support::{Http, assert_error, field_errors};
use openkor_domain::clock::Clock;
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
    let usd = &body["USD"];
    let field = |name: &str| usd[name].as_str().unwrap().to_owned();
    let four = [
        field("accountBalance"),
        field("availableBalance"),
        field("pendingWithdrawals"),
        field("pendingDeposits"),
    ];
    // §7: available = account balance − pending withdrawals, pending deposits not added.
    let minor = |text: &str| openkor_domain::money::parse_minor(text).unwrap();
    assert_eq!(minor(&four[1]), minor(&four[0]) - minor(&four[2]), "{body}");
    four
}

pub fn four(values: [&str; 4]) -> [String; 4] {
    values.map(str::to_owned)
}

pub async fn create(app: &Http, token: &str, body: &Value) -> Value {
    Http::expect_json(app.post("/v1/transactions", token, body).await, 201).await
}

pub async fn simulate(app: &Http, token: &str, id: &str, outcome: &str) -> reqwest::Response {
    app.post(
        &format!("/v1/sandbox/transactions/{id}/simulate"),
        token,
        &json!({ "outcome": outcome }),
    )
    .await
}

pub async fn statuses(app: &Http, token: &str, id: &str) -> Vec<String> {
    let body = app
        .get_json(&format!("/v1/transactions/{id}/statuses"), token)
        .await;
    body.as_array()
        .unwrap()
        .iter()
        .map(|s| s["status"].as_str().unwrap().to_owned())
        .collect()
}

on_both_backends! {
    async fn a_book_transfer_settles_inside_the_request(app: TestApp) {
        let token = &app.bootstrap.token;
        let w = world(&app, token, "1000.00").await;
        assert_eq!(balances(&app, token, &w.business).await, four(["1000.00", "1000.00", "0.00", "0.00"]));
        let transfer = create(&app, token, &send(&w.business, &w.internal, "transfer", "100.25")).await;
        assert_eq!(transfer["latestStatus"]["status"], "SETTLED");
        assert_eq!(transfer["amount"], "100.25");
        assert_eq!(transfer["settlementPriority"], "IMMEDIATE");
        assert_eq!(balances(&app, token, &w.business).await, four(["899.75", "899.75", "0.00", "0.00"]));
        assert_eq!(balances(&app, token, &w.internal).await, four(["100.25", "100.25", "0.00", "0.00"]));
        let id = transfer["id"].as_str().unwrap();
        assert_eq!(statuses(&app, token, id).await, ["SETTLED", "NEW"]);
        let fetched = app.get_json(&format!("/v1/transactions/{id}"), token).await;
        assert_eq!(fetched, transfer);
        let history = app.get_json(&format!("/v1/transaction-histories?transactionId={id}"), token).await;
        assert_eq!(history["totalElements"], 2);
        assert_eq!(history["content"][1]["eventType"], "CREATE");
        assert_eq!(history["content"][0]["eventType"], "STATUS_CHANGE");
        let verified = app.services.store().verify_ledger().await.unwrap();
        assert!(verified.problems.is_empty(), "{:?}", verified.problems);
    }

    async fn push_to_card_holds_then_settles_or_releases(app: TestApp) {
        let token = &app.bootstrap.token;
        let w = world(&app, token, "100.00").await;
        let payout = create(&app, token, &send(&w.business, &w.card, "push-to-card", "30.00")).await;
        assert_eq!(payout["latestStatus"]["status"], "NEW");
        assert_eq!(payout["maskedCreditAccountNumber"], "******1111");
        assert_eq!(balances(&app, token, &w.business).await, four(["100.00", "70.00", "30.00", "0.00"]));
        let id = payout["id"].as_str().unwrap();
        let settled = Http::expect_json(simulate(&app, token, id, "SETTLED").await, 200).await;
        assert_eq!(settled["latestStatus"]["status"], "SETTLED");
        assert_eq!(statuses(&app, token, id).await, ["SETTLED", "APPROVED", "PROCESSING", "PENDING", "NEW"]);
        assert_eq!(balances(&app, token, &w.business).await, four(["70.00", "70.00", "0.00", "0.00"]));
        let again = simulate(&app, token, id, "DECLINED").await;
        assert_error(again, 422, "BUSINESS_RULE_VIOLATION").await;

        let declined = create(&app, token, &send(&w.business, &w.card, "push-to-card", "50.00")).await;
        assert_eq!(balances(&app, token, &w.business).await, four(["70.00", "20.00", "50.00", "0.00"]));
        let id = declined["id"].as_str().unwrap();
        let body = Http::expect_json(simulate(&app, token, id, "DECLINED").await, 200).await;
        assert_eq!(body["latestStatus"]["status"], "DECLINED");
        assert_eq!(balances(&app, token, &w.business).await, four(["70.00", "70.00", "0.00", "0.00"]));
        let errored = create(&app, token, &send(&w.business, &w.card, "push-to-card", "70.00")).await;
        let id = errored["id"].as_str().unwrap();
        Http::expect_json(simulate(&app, token, id, "ERROR").await, 200).await;
        assert_eq!(balances(&app, token, &w.business).await, four(["70.00", "70.00", "0.00", "0.00"]));
        let verified = app.services.store().verify_ledger().await.unwrap();
        assert!(verified.problems.is_empty(), "{:?}", verified.problems);
    }

    async fn the_rail_engine_walks_each_solution_on_its_schedule(app: TestApp) {
        let token = &app.bootstrap.token;
        let w = world(&app, token, "500.00").await;
        let ach = json!({"debitFinancialAccountId": w.internal, "creditFinancialAccountId": w.bank,
            "transactionType": "SEND", "solution": "ach", "paymentReasonId": "bill-payment", "amount": 5,
            "settlementPriority": "SAME_DAY", "metadata": {"rkorACHEntryType": "CCD"}});
        create(&app, token, &send(&w.business, &w.internal, "transfer", "100.00")).await;
        let card = create(&app, token, &send(&w.business, &w.card, "push-to-card", "10.00")).await;
        let ach = create(&app, token, &ach).await;
        assert_eq!(ach["amount"], "5.00", "a JSON number is taken exactly");
        assert_eq!(balances(&app, token, &w.internal).await, four(["100.00", "95.00", "5.00", "0.00"]));
        let store = app.services.store().clone();
        let mut seen = Vec::new();
        for _ in 0..4 {
            app.clock.advance_ms(1_000);
            while openkor_server::rail_engine::pass(&store, app.clock.now(), 1).await > 0 {}
            seen.push(app.get_json(&format!("/v1/transactions/{}", ach["id"].as_str().unwrap()), token).await["latestStatus"]["status"].clone());
        }
        assert_eq!(seen, [json!("PENDING"), json!("PENDING"), json!("PENDING"), json!("PENDING")], "an ACH waits");
        let card_id = card["id"].as_str().unwrap();
        assert_eq!(statuses(&app, token, card_id).await, ["SETTLED", "APPROVED", "PROCESSING", "PENDING", "NEW"], "push-to-card settles within a second");
        // Same-day ACH: 10 minutes to PROCESSING, an hour to APPROVED, three hours to SETTLED,
        // each counted from the status before.
        for delay_ms in [10 * 60_000, 3_600_000, 3 * 3_600_000] {
            app.clock.advance_ms(delay_ms);
            while openkor_server::rail_engine::pass(&store, app.clock.now(), 1).await > 0 {}
        }
        let token = &app.token(&app.bootstrap.api_key, &app.bootstrap.api_secret).await;
        assert_eq!(statuses(&app, token, ach["id"].as_str().unwrap()).await[0], "SETTLED");
        assert_eq!(balances(&app, token, &w.internal).await, four(["95.00", "95.00", "0.00", "0.00"]));
        assert_eq!(balances(&app, token, &w.business).await, four(["390.00", "390.00", "0.00", "0.00"]));
        let verified = store.verify_ledger().await.unwrap();
        assert!(verified.problems.is_empty(), "{:?}", verified.problems);
    }

    async fn refusals_name_the_field_and_write_nothing(app: TestApp) {
        let token = &app.bootstrap.token;
        let w = world(&app, token, "10.00").await;
        let too_much = app.post("/v1/transactions", token, &send(&w.business, &w.card, "push-to-card", "10.01")).await;
        let body = assert_error(too_much, 422, "INSUFFICIENT_FUNDS").await;
        assert!(body["message"].as_str().unwrap().contains(&w.business), "{body}");
        let wire_to_card = app.post("/v1/transactions", token, &send(&w.business, &w.card, "wire", "1.00")).await;
        let body = assert_error(wire_to_card, 422, "BUSINESS_RULE_VIOLATION").await;
        assert_eq!(field_errors(&body), pairs(&[("creditFinancialAccountId", "INCONSISTENT")]));
        let from_card = app.post("/v1/transactions", token, &send(&w.card, &w.business, "transfer", "1.00")).await;
        assert_error(from_card, 422, "BUSINESS_RULE_VIOLATION").await;
        let ach_without_sec = app.post("/v1/transactions", token, &send(&w.business, &w.bank, "ach", "1.00")).await;
        let body = assert_error(ach_without_sec, 400, "VALIDATION_FAILED").await;
        assert_eq!(field_errors(&body), pairs(&[("metadata.rkorACHEntryType", "REQUIRED")]));
        let unverified_request = json!({"debitFinancialAccountId": w.bank, "creditFinancialAccountId": w.business,
            "transactionType": "REQUEST", "solution": "ach", "paymentReasonId": "bill-payment", "amount": "1.00",
            "metadata": {"rkorACHEntryType": "CCD"}});
        let body = assert_error(app.post("/v1/transactions", token, &unverified_request).await, 422, "BUSINESS_RULE_VIOLATION").await;
        assert_eq!(field_errors(&body), pairs(&[("debitFinancialAccountId", "INCONSISTENT")]));
        for (amount, code) in [("0", "OUT_OF_RANGE"), ("1.001", "OUT_OF_RANGE"), ("ten", "INVALID_FORMAT")] {
            let body = assert_error(app.post("/v1/transactions", token, &send(&w.business, &w.card, "push-to-card", amount)).await, 400, "VALIDATION_FAILED").await;
            assert_eq!(field_errors(&body), pairs(&[("amount", code)]));
        }
        let other = app.tenant("Other", None).await;
        let (theirs, _) = business_accounts(&app, &other.token).await;
        let foreign = app.post("/v1/transactions", token, &send(&w.business, &theirs, "transfer", "1.00")).await;
        let body = assert_error(foreign, 422, "BUSINESS_RULE_VIOLATION").await;
        assert_eq!(field_errors(&body), pairs(&[("creditFinancialAccountId", "NOT_FOUND")]));
        let suspended = app.send(reqwest::Method::POST, &format!("/v1/financial-accounts/{}/suspend", w.internal), token, None).await;
        assert_eq!(suspended.status(), 204);
        let body = assert_error(app.post("/v1/transactions", token, &send(&w.business, &w.internal, "transfer", "1.00")).await, 422, "BUSINESS_RULE_VIOLATION").await;
        assert_eq!(field_errors(&body), pairs(&[("creditFinancialAccountId", "INVALID_VALUE")]));
        let page = app.get_json("/v1/transactions", token).await;
        assert_eq!(page["totalElements"], 1, "only the deposit: {page}");
        assert_eq!(balances(&app, token, &w.business).await, four(["10.00", "10.00", "0.00", "0.00"]));
    }

    async fn another_tenants_transactions_are_not_found(app: TestApp) {
        let token = &app.bootstrap.token;
        let w = world(&app, token, "10.00").await;
        let mine = create(&app, token, &send(&w.business, &w.card, "push-to-card", "1.00")).await;
        let id = mine["id"].as_str().unwrap();
        let other = app.tenant("Other", None).await;
        for path in [format!("/v1/transactions/{id}"), format!("/v1/transactions/{id}/statuses"), format!("/v1/transaction-histories?transactionId={id}")] {
            assert_error(app.get(&path, &other.token).await, 404, "NOT_FOUND").await;
        }
        assert_error(simulate(&app, &other.token, id, "SETTLED").await, 404, "NOT_FOUND").await;
        let deposit = app.post("/v1/sandbox/deposits", &other.token, &json!({"financialAccountId": w.business, "amount": "1.00"})).await;
        let body = assert_error(deposit, 422, "BUSINESS_RULE_VIOLATION").await;
        assert_eq!(field_errors(&body), pairs(&[("financialAccountId", "NOT_FOUND")]));
        assert_eq!(app.get_json("/v1/transactions", &other.token).await["totalElements"], 0);
        assert_eq!(statuses(&app, token, id).await, ["NEW"]);
    }

    async fn an_idempotency_key_makes_exactly_one_effect(app: TestApp) {
        let token = &app.bootstrap.token;
        let w = world(&app, token, "100.00").await;
        let body = send(&w.business, &w.card, "push-to-card", "10.00");
        let post = |key: &'static str, body: Value| {
            let request = app.client.post(app.url("/v1/transactions")).bearer_auth(token).header("Idempotency-Key", key).json(&body);
            async move { request.send().await.unwrap() }
        };
        let first = post("key-000001", body.clone()).await;
        assert_eq!(first.status(), 201);
        assert!(first.headers().get("idempotent-replayed").is_none());
        let first: Value = first.json().await.unwrap();
        simulate(&app, token, first["id"].as_str().unwrap(), "SETTLED").await;
        let replay = post("key-000001", body.clone()).await;
        assert_eq!(replay.status(), 201);
        assert_eq!(replay.headers()["idempotent-replayed"], "true");
        assert_eq!(replay.json::<Value>().await.unwrap(), first, "the first answer, NEW as it was");
        let mut changed = body.clone();
        changed["amount"] = json!("11.00");
        let body_of = assert_error(post("key-000001", changed).await, 409, "CONFLICT").await;
        assert_eq!(field_errors(&body_of), pairs(&[("Idempotency-Key", "DUPLICATE")]));
        assert_error(post("short", body.clone()).await, 400, "VALIDATION_FAILED").await;
        let racing: Vec<_> = (0..8).map(|_| post("key-000002", body.clone())).collect();
        let answers = futures_join_all(racing).await;
        let mut ids = Vec::new();
        for answer in answers {
            assert_eq!(answer.status(), 201);
            ids.push(answer.json::<Value>().await.unwrap()["id"].clone());
        }
        ids.dedup();
        assert_eq!(ids.len(), 1, "one effect for eight concurrent requests");
        assert_eq!(balances(&app, token, &w.business).await, four(["90.00", "80.00", "10.00", "0.00"]));
    }

    async fn idempotency_keys_are_kept_for_the_retention_then_forgotten(app: TestApp) {
        let token = &app.bootstrap.token;
        let w = world(&app, token, "100.00").await;
        let body = send(&w.business, &w.internal, "transfer", "1.00");
        let post = |token: String| {
            let request = app.client.post(app.url("/v1/transactions")).bearer_auth(token).header("Idempotency-Key", "kept-a-day").json(&body);
            async move { Http::expect_json(request.send().await.unwrap(), 201).await["id"].clone() }
        };
        let first = post(token.clone()).await;
        let store = app.services.store().clone();
        app.clock.advance_ms(24 * 3_600_000);
        assert_eq!(openkor_server::janitor::purge(&store, app.clock.now(), 24).await, 0, "exactly 24 hours: kept");
        let token = app.token(&app.bootstrap.api_key, &app.bootstrap.api_secret).await;
        assert_eq!(post(token.clone()).await, first, "still a replay");
        app.clock.advance_ms(1);
        assert_eq!(openkor_server::janitor::purge(&store, app.clock.now(), 24).await, 1);
        assert_ne!(post(token.clone()).await, first, "a new transaction once forgotten");
        assert_eq!(balances(&app, &token, &w.internal).await, four(["2.00", "2.00", "0.00", "0.00"]));
    }

    async fn concurrent_debits_of_one_account_never_overdraw_it(app: TestApp) {
        const CLIENTS: usize = 40;
        let token = &app.bootstrap.token;
        let w = world(&app, token, "300.00").await;
        let requests: Vec<_> = (0..CLIENTS).map(|i| {
            let target = if i % 2 == 0 { &w.internal } else { &w.card };
            let solution = if i % 2 == 0 { "transfer" } else { "push-to-card" };
            let request = app.client.post(app.url("/v1/transactions")).bearer_auth(token).json(&send(&w.business, target, solution, "10.00"));
            async move { request.send().await.unwrap() }
        }).collect();
        let mut accepted = 0;
        for answer in futures_join_all(requests).await {
            match answer.status().as_u16() {
                201 => accepted += 1,
                422 => assert_eq!(answer.json::<Value>().await.unwrap()["errorCode"], "INSUFFICIENT_FUNDS"),
                other => panic!("unexpected status {other}"),
            }
        }
        assert_eq!(accepted, 30, "exactly the funds available");
        let business = balances(&app, token, &w.business).await;
        assert_eq!(business[1], "0.00", "{business:?}");
        assert_eq!(app.get_json("/v1/transactions?size=100", token).await["totalElements"], 31);
        let verified = app.services.store().verify_ledger().await.unwrap();
        assert!(verified.problems.is_empty(), "{:?}", verified.problems);
    }

    async fn lists_filter_and_payment_reasons_are_listed(app: TestApp) {
        let token = &app.bootstrap.token;
        let w = world(&app, token, "100.00").await;
        create(&app, token, &send(&w.business, &w.internal, "transfer", "20.00")).await;
        create(&app, token, &send(&w.business, &w.card, "push-to-card", "5.00")).await;
        for (query, expected) in [("solution=push-to-card", 1), ("transactionType=DEPOSIT", 1), ("amountFrom=5.00&amountTo=20", 2),
            ("latestStatus=NEW", 1), ("maskedCreditAccountNumber=******1111", 1)] {
            let page = app.get_json(&format!("/v1/transactions?{query}"), token).await;
            assert_eq!(page["totalElements"], expected, "{query}");
        }
        let sorted = app.get_json("/v1/transactions?sort=amount,ASC", token).await;
        assert_eq!(sorted["content"][0]["amount"], "5.00");
        let reasons = app.get_json("/v1/payment-reasons", token).await;
        assert!(reasons.as_array().unwrap().contains(&json!({"reason": "loan-payouts", "description": "Loan Payouts"})), "{reasons}");
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
        let token = &app.bootstrap.token;
        let w = world(&app, token, "10.00").await;
        let payout = create(&app, token, &send(&w.business, &w.card, "push-to-card", "1.00")).await;
        let id = payout["id"].as_str().unwrap();
        let viewer = app.token_with_role(&app.bootstrap, openkor_domain::role::Role::ViewOnly).await;
        let admin = app.token_with_role(&app.bootstrap, openkor_domain::role::Role::Admin).await;
        for refused in [&viewer, &admin] {
            assert_error(app.post("/v1/transactions", refused, &send(&w.business, &w.card, "push-to-card", "1.00")).await, 403, "FORBIDDEN").await;
            assert_error(app.post("/v1/sandbox/deposits", refused, &json!({"financialAccountId": w.business, "amount": "1.00"})).await, 403, "FORBIDDEN").await;
            assert_error(simulate(&app, refused, id, "SETTLED").await, 403, "FORBIDDEN").await;
        }
        for path in [format!("/v1/transactions/{id}"), format!("/v1/transactions/{id}/statuses"), "/v1/transactions".to_owned(), "/v1/payment-reasons".to_owned()] {
            assert_eq!(app.get(&path, &viewer).await.status(), 200, "{path}");
        }
        let clerk = app.token_with_role(&app.bootstrap, openkor_domain::role::Role::Clerk).await;
        Http::expect_json(simulate(&app, &clerk, id, "SETTLED").await, 200).await;
        assert_eq!(balances(&app, token, &w.business).await, four(["9.00", "9.00", "0.00", "0.00"]));
    }
}
