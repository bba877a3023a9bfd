//! Several processes sharing one PostgreSQL database refresh the planner's statistics one at a
//! time: a process that finds another refreshing skips its round, without waiting or failing.

#![allow(clippy::expect_used, reason = "tests")]

mod support;

use openkor_store::MaintenanceStore;
use openkor_store::sql_store::statistics::STATISTICS_LOCK_KEY;
use openkor_testkit::TestDatabase;

const TABLE: &str = "server_secrets";

/// Adds 2,000 rows to the table and publishes the session's row counts at once (a session
/// otherwise does so at most once a second).
async fn grow(client: &tokio_postgres::Client) {
    client
        .batch_execute(
            "INSERT INTO server_secrets (name, secret, created_at) \
             SELECT 'statistics-' || i, decode(repeat('07', 32), 'hex'), now() \
             FROM generate_series(1, 2000) AS i; \
             SELECT pg_stat_force_next_flush();",
        )
        .await
        .expect("rows added");
}

async fn changed_since_analysed(client: &tokio_postgres::Client) -> (bool, i64) {
    let row = client
        .query_one(
            "SELECT last_analyze IS NOT NULL, n_mod_since_analyze FROM pg_stat_user_tables \
             WHERE schemaname = current_schema() AND relname = $1",
            &[&TABLE],
        )
        .await
        .expect("table statistics");
    (row.get(0), row.get(1))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refresh_skips_while_another_process_holds_the_lock() {
    let Some(database) = TestDatabase::postgres().await else {
        return;
    };
    let store = support::store(&database, 2).await;
    let mut other = openkor_testkit::connect_postgres(database.url())
        .await
        .expect("connect");
    grow(&other).await;

    let refreshing = other.transaction().await.expect("begin");
    refreshing
        .execute("SELECT pg_advisory_xact_lock($1)", &[&STATISTICS_LOCK_KEY])
        .await
        .expect("lock taken");
    let skipped = store.refresh_statistics().await.expect("no error");
    assert!(skipped.is_empty(), "{skipped:?}");
    refreshing.rollback().await.expect("lock released");
    assert_eq!(changed_since_analysed(&other).await, (false, 2_000));

    let analysed = store.refresh_statistics().await.expect("refreshed");
    assert!(analysed.iter().any(|t| t == TABLE), "{analysed:?}");
    assert_eq!(changed_since_analysed(&other).await, (true, 0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn processes_refreshing_at_once_analyse_a_table_once() {
    let Some(database) = TestDatabase::postgres().await else {
        return;
    };
    let (one, two) = (
        support::store(&database, 2).await,
        support::store(&database, 2).await,
    );
    let client = openkor_testkit::connect_postgres(database.url())
        .await
        .expect("connect");
    grow(&client).await;

    let (first, second) = tokio::join!(one.refresh_statistics(), two.refresh_statistics());
    let (first, second) = (first.expect("no error"), second.expect("no error"));
    let analysing = |tables: &[String]| tables.iter().any(|t| t == TABLE);
    assert!(
        analysing(&first) != analysing(&second),
        "exactly one analysed it: {first:?} {second:?}"
    );
    assert_eq!(changed_since_analysed(&client).await, (true, 0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_table_autovacuum_leaves_alone_is_vacuumed() {
    let Some(database) = TestDatabase::postgres().await else {
        return;
    };
    let store = support::store(&database, 2).await;
    let client = openkor_testkit::connect_postgres(database.url())
        .await
        .expect("connect");
    client
        .batch_execute("ALTER TABLE server_secrets SET (autovacuum_enabled = false)")
        .await
        .expect("autovacuum off for the table");
    grow(&client).await;
    let all_visible = || async {
        let row = client
            .query_one(
                "SELECT relallvisible > 0 FROM pg_class WHERE relname = $1",
                &[&TABLE],
            )
            .await
            .expect("pages");
        row.get::<_, bool>(0)
    };
    assert!(!all_visible().await, "not vacuumed yet");

    let refreshed = store.refresh_statistics().await.expect("refreshed");
    assert!(refreshed.iter().any(|t| t == TABLE), "{refreshed:?}");
    assert!(
        all_visible().await,
        "vacuumed: its pages are marked all visible"
    );
}
