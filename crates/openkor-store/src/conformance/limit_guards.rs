//! Conformance case: the database keeps every limit window's usage as the sum of its charges,
//! refuses a charge that would take a window past its limit and a rewritten charge, and gives a
//! deleted charge back; `verify_ledger` reports usage that disagrees with its charges. Tested
//! with raw statements that go around the store's checks.

use super::financial_accounts::tenant_with_customer;
use super::fixtures::T0;
use super::ledger::fund;
use crate::db::{Backend, Conn, Row, Value};
use crate::sql_store::SqlStore;
use crate::{LimitStore, StoreError, TransactionStore, params};
use openkor_domain::money::Currency;
use openkor_domain::transaction_limits::{LimitAmount, LimitType};
use uuid::Uuid;

/// Runs `sql` with `values` in a db transaction of its own.
async fn raw<B: Backend>(
    store: &SqlStore<B>,
    sql: &'static str,
    values: Vec<Value<'static>>,
) -> Result<u64, StoreError> {
    store
        .backend()
        .write(move |conn| Box::pin(async move { conn.execute(sql, &values).await }))
        .await
}

async fn used<B: Backend>(store: &SqlStore<B>, limit: Uuid) -> i64 {
    store
        .backend()
        .read(move |conn| {
            Box::pin(async move {
                conn.query_one(
                    "SELECT used_minor FROM transaction_limit_usage WHERE limit_id = $1",
                    &params![limit],
                    &mut |row: &dyn Row| row.i64(0),
                )
                .await
            })
        })
        .await
        .expect("the usage row")
}

const CHARGE: &str = "INSERT INTO transaction_limit_charges (transaction_id, limit_id, window_from, amount_minor) \
    VALUES ($1, $2, $3, $4)";

fn charge(transaction: Uuid, limit: Uuid, amount_minor: i64) -> Vec<Value<'static>> {
    vec![
        Value::Uuid(transaction),
        Value::Uuid(limit),
        T0.into(),
        Value::I64(amount_minor),
    ]
}

/// Usage is the sum of the charges, capped by the limit, whatever writes the charges.
pub async fn the_database_keeps_limit_usage_and_caps_it<B: Backend>(store: &SqlStore<B>) {
    let (tenant, _) = tenant_with_customer(store).await;
    let business = &tenant.financial_accounts[0];
    fund(store, business, 100).await;
    fund(store, business, 100).await;
    let scope = tenant.business_account.id;
    let daily = LimitAmount {
        limit_type: LimitType::Daily,
        currency: Currency::Usd,
        amount_minor: 100,
    };
    let limit = store
        .set_business_account_limit(scope, daily, T0)
        .await
        .expect("a limit")
        .id;
    let deposits = store
        .backend()
        .read(move |conn| {
            Box::pin(async move {
                conn.query(
                    "SELECT id FROM transactions WHERE business_account_id = $1 ORDER BY id",
                    &params![scope.as_uuid()],
                    &mut |row: &dyn Row| row.uuid(0),
                )
                .await
            })
        })
        .await
        .expect("the deposits");
    let window_to = openkor_domain::clock::Timestamp::from_unix_ms(T0.unix_ms() + 86_400_000);
    raw(
        store,
        "INSERT INTO transaction_limit_usage (limit_id, window_from, window_to, used_minor) VALUES ($1, $2, $3, 0)",
        vec![Value::Uuid(limit), T0.into(), window_to.into()],
    )
    .await
    .expect("a window");
    raw(store, CHARGE, charge(deposits[0], limit, 60))
        .await
        .expect("within the limit");
    assert_eq!(used(store, limit).await, 60);
    let over = raw(store, CHARGE, charge(deposits[1], limit, 41)).await;
    assert!(matches!(over, Err(StoreError::Refused(_))), "{over:?}");
    assert_eq!(used(store, limit).await, 60, "the refusal wrote nothing");
    raw(store, CHARGE, charge(deposits[1], limit, 40))
        .await
        .expect("exactly at the limit");
    assert_eq!(used(store, limit).await, 100);
    let rewritten = raw(
        store,
        "UPDATE transaction_limit_charges SET amount_minor = 1 WHERE limit_id = $1",
        vec![Value::Uuid(limit)],
    )
    .await;
    assert!(
        matches!(rewritten, Err(StoreError::Refused(_))),
        "{rewritten:?}"
    );
    raw(
        store,
        "DELETE FROM transaction_limit_charges WHERE transaction_id = $1",
        vec![Value::Uuid(deposits[0])],
    )
    .await
    .expect("a give-back");
    assert_eq!(used(store, limit).await, 40);
    assert!(
        store
            .verify_ledger()
            .await
            .expect("verify")
            .problems
            .is_empty()
    );

    raw(
        store,
        "UPDATE transaction_limit_usage SET used_minor = 39 WHERE limit_id = $1",
        vec![Value::Uuid(limit)],
    )
    .await
    .expect("tampered");
    let problems = store.verify_ledger().await.expect("verify").problems;
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].contains("used 39 but its charges sum to 40"),
        "{problems:?}"
    );
}
