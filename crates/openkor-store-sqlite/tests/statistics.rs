//! SQLite's readers plan from the statistics the writer last gathered. A connection loads them
//! with the schema and keeps them (another connection's `ANALYZE` changes no schema), so the
//! readers open their connections again after a refresh that analysed something.

#![allow(clippy::expect_used, reason = "tests")]

use openkor_store::MaintenanceStore;
use openkor_store::db::{Backend, Conn, Row};
use openkor_store_sqlite::{SqliteConfig, SqliteStore};
use openkor_testkit::TestDatabase;

/// A table with two indexes that one query can use: which one is cheaper depends only on the
/// data, which the statistics describe.
const PROBE: &str = "CREATE TABLE statistics_probe (a INTEGER PRIMARY KEY, b INTEGER NOT NULL, \
     c INTEGER NOT NULL); \
     CREATE INDEX statistics_probe_b ON statistics_probe (b); \
     CREATE INDEX statistics_probe_c ON statistics_probe (c)";
/// Selective on `c` while `b` takes two values and `c` is unique, on `b` once the reverse
/// holds for most rows.
const QUERY: &str = "EXPLAIN QUERY PLAN SELECT a FROM statistics_probe WHERE b = 1 AND c = 1";

async fn write(store: &SqliteStore, sql: &'static str) {
    store
        .backend()
        .write(move |conn| Box::pin(async move { conn.execute_batch(sql).await }))
        .await
        .expect("written");
}

/// The plan a reader makes for [`QUERY`].
async fn reader_plan(store: &SqliteStore) -> String {
    store
        .backend()
        .read(|conn| {
            Box::pin(async move {
                conn.query(QUERY, &[], &mut |row: &dyn Row| row.text(3))
                    .await
                    .map(|lines| lines.join("; "))
            })
        })
        .await
        .expect("planned")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readers_plan_from_the_statistics_of_the_last_refresh() {
    let database = TestDatabase::sqlite();
    let store = openkor_store_sqlite::open_store(&SqliteConfig {
        url: database.url().to_owned(),
        // One reader, so that every read below is planned by the connection that planned before.
        reader_connections_max: 1,
        busy_timeout_ms: 5_000,
    })
    .expect("open SQLite");
    write(&store, PROBE).await;
    write(
        &store,
        "INSERT INTO statistics_probe (b, c) WITH RECURSIVE n(i) AS \
         (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100) SELECT i % 2, i FROM n",
    )
    .await;
    let analysed = store.refresh_statistics().await.expect("refreshed");
    assert!(
        analysed.iter().any(|t| t == "statistics_probe"),
        "{analysed:?}"
    );
    let plan = reader_plan(&store).await;
    assert!(plan.contains("statistics_probe_c"), "{plan}");

    // Twenty times as many rows, for which `b` is unique and `c` takes two values: no schema
    // change, and a size SQLite analyses again.
    write(
        &store,
        "INSERT INTO statistics_probe (b, c) WITH RECURSIVE n(i) AS \
         (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) SELECT 1000 + i, i % 2 FROM n",
    )
    .await;
    let analysed = store.refresh_statistics().await.expect("refreshed");
    assert!(
        analysed.iter().any(|t| t == "statistics_probe"),
        "{analysed:?}"
    );
    let plan = reader_plan(&store).await;
    assert!(plan.contains("statistics_probe_b"), "{plan}");
}
