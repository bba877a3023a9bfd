//! The bundled SQLite is built as `.cargo/config.toml` asks.

#![allow(clippy::expect_used, reason = "tests")]

use sqlx::Connection;

/// Without the query planner stability guarantee, SQLite re-parses every list statement on
/// every run (its LIMIT, OFFSET and LIKE parameters make the plan depend on the bindings).
#[tokio::test]
async fn sqlite_keeps_query_plans_stable() {
    let mut connection = sqlx::SqliteConnection::connect("sqlite::memory:")
        .await
        .expect("in-memory SQLite");
    let enabled: i64 = sqlx::query_scalar("SELECT sqlite_compileoption_used('ENABLE_QPSG')")
        .fetch_one(&mut connection)
        .await
        .expect("compile options");
    assert_eq!(
        enabled, 1,
        "build with LIBSQLITE3_FLAGS=-DSQLITE_ENABLE_QPSG (set in .cargo/config.toml)"
    );
}
