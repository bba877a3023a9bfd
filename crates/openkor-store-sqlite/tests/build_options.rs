//! The bundled SQLite is built as `.cargo/config.toml` asks.

#![allow(clippy::expect_used, reason = "tests")]

/// Without the query planner stability guarantee, SQLite re-parses every list statement on
/// every run (its LIMIT, OFFSET and LIKE parameters make the plan depend on the bindings).
#[test]
fn sqlite_keeps_query_plans_stable() {
    let connection = rusqlite::Connection::open_in_memory().expect("in-memory SQLite");
    let enabled: i64 = connection
        .query_row(
            "SELECT sqlite_compileoption_used('ENABLE_QPSG')",
            [],
            |row| row.get(0),
        )
        .expect("compile options");
    assert_eq!(
        enabled, 1,
        "build with LIBSQLITE3_FLAGS=-DSQLITE_ENABLE_QPSG (set in .cargo/config.toml)"
    );
}
