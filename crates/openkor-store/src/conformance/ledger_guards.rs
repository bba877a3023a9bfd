//! Conformance case: the database's own guards on overdrafts and the REVERSED status, tested
//! with raw statements that go around the store's checks.

use super::financial_accounts::tenant_with_customer;
use super::ledger::fund;
use crate::db::{Backend, Conn, Row, Value};
use crate::sql_store::SqlStore;
use crate::{StoreError, params};
use uuid::Uuid;

/// Posts `amount_minor` from the ledger account `debit` to the tenant's USD OUTSIDE account as
/// one journal entry with no transaction, the postings flagged `may_overdraw` or not.
async fn raw_entry<B: Backend>(
    store: &SqlStore<B>,
    scope: Uuid,
    debit: Uuid,
    amount_minor: i64,
    may_overdraw: bool,
) -> Result<(), StoreError> {
    store
        .backend()
        .write(move |conn| {
            Box::pin(async move {
                let outside = conn
                    .query_one(
                        "SELECT id FROM ledger_accounts WHERE business_account_id = $1 \
                         AND kind = 'OUTSIDE' AND currency = 'USD'",
                        &params![scope],
                        &mut |row: &dyn Row| row.uuid(0),
                    )
                    .await?;
                let entry = Uuid::now_v7();
                let posting = |position: i64, account: Uuid, amount: i64| {
                    [
                        Value::Uuid(entry),
                        Value::I64(position),
                        Value::Uuid(scope),
                        Value::Uuid(account),
                        Value::Text("USD"),
                        Value::Text("POSTED"),
                        Value::I64(amount),
                        Value::Bool(may_overdraw),
                    ]
                };
                let mut values = posting(0, debit, -amount_minor).to_vec();
                values.extend(posting(1, outside, amount_minor));
                conn.execute(
                    "INSERT INTO ledger_postings (entry_id, position, business_account_id, account_id, \
                     currency, bucket, amount_minor, may_overdraw) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8), ($9, $10, $11, $12, $13, $14, $15, $16)",
                    &values,
                )
                .await?;
                conn.execute(
                    "INSERT INTO journal_entries (id, business_account_id, transaction_id, status, \
                     description, created_at) VALUES ($1, $2, NULL, NULL, 'raw', $3)",
                    &params![entry, scope, super::fixtures::T0],
                )
                .await
                .map(|_| ())
            })
        })
        .await
}

/// A posting cannot take a Financial Account below zero available, and the flag that lets a
/// RETURN's postings do so is refused on any other entry; a transaction becomes REVERSED only
/// through a settled reversal or a return. Whatever the store checks, the database checks too.
pub async fn only_a_return_may_overdraw_and_only_a_reversal_or_return_reverses<B: Backend>(
    store: &SqlStore<B>,
) {
    let (tenant, _) = tenant_with_customer(store).await;
    let business = &tenant.financial_accounts[0];
    fund(store, business, 10_000).await;
    let (scope, account) = (tenant.business_account.id.as_uuid(), business.id.as_uuid());
    for may_overdraw in [false, true] {
        let refused = raw_entry(store, scope, account, 10_001, may_overdraw).await;
        assert!(
            matches!(refused, Err(StoreError::Refused(_))),
            "may_overdraw {may_overdraw}: {refused:?}"
        );
    }
    raw_entry(store, scope, account, 10_000, false)
        .await
        .expect("down to zero is allowed");
    let balances = crate::LedgerStore::balances(store, tenant.business_account.id, business.id)
        .await
        .expect("balances");
    assert_eq!(
        balances.account_balance_minor, 0,
        "the refusals wrote nothing"
    );

    let deposit = store
        .backend()
        .read(move |conn| {
            Box::pin(async move {
                conn.query_one(
                    "SELECT id FROM transactions WHERE business_account_id = $1",
                    &params![scope],
                    &mut |row: &dyn Row| row.uuid(0),
                )
                .await
            })
        })
        .await
        .expect("the deposit");
    let reversed = store
        .backend()
        .write(move |conn| {
            Box::pin(async move {
                conn.execute(
                    "UPDATE transactions SET status = 'REVERSED' WHERE id = $1",
                    &params![deposit],
                )
                .await
            })
        })
        .await;
    assert!(
        matches!(reversed, Err(StoreError::Refused(_))),
        "{reversed:?}"
    );
}
