//! The ledger's append-only rules are database triggers: raw SQL that would delete or rewrite a
//! posting, entry or total, is refused by PostgreSQL itself, and so is deleting an account that holds money.

#![allow(clippy::expect_used, reason = "tests")]

use openkor_store::LedgerStore;
use openkor_store::conformance::{LEDGER_GUARD_STATEMENTS, ledger_with_one_pending_transfer};
use openkor_store_postgres::PostgresConfig;
use openkor_testkit::TestDatabase;

/// PostgreSQL's own ways around the shared guards: TRUNCATE fires no row trigger, and an
/// upsert rewrites a row through its update path.
const POSTGRES_GUARD_STATEMENTS: &[(&str, bool)] = &[
    ("TRUNCATE ledger_postings", false),
    ("TRUNCATE journal_entries CASCADE", false),
    (
        "INSERT INTO ledger_postings SELECT * FROM ledger_postings \
         ON CONFLICT (entry_id, position) DO UPDATE SET amount_minor = 1",
        false,
    ),
    (
        "INSERT INTO journal_entries SELECT * FROM journal_entries \
         ON CONFLICT (id) DO UPDATE SET description = 'rewritten'",
        false,
    ),
];

#[tokio::test]
async fn transfers_are_never_deleted_or_rewritten() {
    let Some(database) = TestDatabase::postgres().await else {
        return;
    };
    let config = PostgresConfig {
        url: database.url().to_owned(),
        connections_max: 2,
        acquire_timeout_ms: 5_000,
    };
    let store = openkor_store_postgres::connect_store(&config)
        .await
        .expect("connect");
    let (scope, wallet, amount_minor) = ledger_with_one_pending_transfer(&store).await;
    let raw = openkor_testkit::connect_postgres(database.url())
        .await
        .expect("raw connection");
    for (statement, allowed) in POSTGRES_GUARD_STATEMENTS
        .iter()
        .chain(LEDGER_GUARD_STATEMENTS)
    {
        let result = raw.batch_execute(statement).await;
        assert_eq!(result.is_ok(), *allowed, "{statement}: {result:?}");
    }
    let balances = store.balances(scope, wallet).await.expect("balances");
    assert_eq!(balances.account_balance_minor, 0, "nothing posted");
    assert_eq!(balances.pending_deposits_minor, amount_minor, "still held");
}
