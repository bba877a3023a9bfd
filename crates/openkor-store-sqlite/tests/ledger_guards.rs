//! The ledger's append-only rules are database triggers: raw SQL that would delete or rewrite a
//! posting, entry or total, is refused by SQLite itself, and so is deleting an account that holds money.

#![allow(clippy::expect_used, reason = "tests")]

use openkor_store::LedgerStore;
use openkor_store::conformance::{LEDGER_GUARD_STATEMENTS, ledger_with_one_pending_transfer};
use openkor_store_sqlite::SqliteConfig;
use openkor_testkit::TestDatabase;

/// SQLite's own ways around the shared guards: a replacing insert deletes the old row without
/// firing the delete trigger unless the schema refuses a reused id.
const SQLITE_GUARD_STATEMENTS: &[(&str, bool)] = &[
    (
        "INSERT OR REPLACE INTO ledger_postings SELECT entry_id, position, business_account_id, \
         account_id, currency, 'POSTED', amount_minor FROM ledger_postings",
        false,
    ),
    (
        "INSERT OR REPLACE INTO journal_entries SELECT id, business_account_id, transaction_id, \
         status, 'rewritten', created_at FROM journal_entries",
        false,
    ),
    (
        "REPLACE INTO journal_entries SELECT id, business_account_id, transaction_id, status, \
         'rewritten', created_at FROM journal_entries",
        false,
    ),
];

#[tokio::test]
async fn transfers_are_never_deleted_or_rewritten() {
    let database = TestDatabase::sqlite();
    let config = SqliteConfig {
        url: database.url().to_owned(),
        reader_connections_max: 1,
        busy_timeout_ms: 5_000,
    };
    let store = openkor_store_sqlite::open_store(&config).expect("open SQLite");
    let (scope, wallet, amount_minor) = ledger_with_one_pending_transfer(&store).await;
    let raw = openkor_testkit::connect_sqlite(database.url());
    for (statement, allowed) in SQLITE_GUARD_STATEMENTS
        .iter()
        .chain(LEDGER_GUARD_STATEMENTS)
    {
        let result = raw.execute_batch(statement);
        assert_eq!(result.is_ok(), *allowed, "{statement}: {result:?}");
    }
    let balances = store.balances(scope, wallet).await.expect("balances");
    assert_eq!(balances.account_balance_minor, 0, "nothing posted");
    assert_eq!(balances.pending_deposits_minor, amount_minor, "still held");
}
