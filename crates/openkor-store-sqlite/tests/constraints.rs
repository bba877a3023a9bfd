//! Every unique constraint of the shared constraint table, broken by raw SQL on a fresh SQLite
//! file, maps to the same typed conflict as on PostgreSQL.

#![allow(clippy::expect_used, reason = "tests")]

use openkor_store_sqlite::SqliteConfig;
use openkor_testkit::TestDatabase;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_listed_constraint_maps_alike() {
    let database = TestDatabase::sqlite();
    let config = SqliteConfig {
        url: database.url().to_owned(),
        reader_connections_max: 4,
        busy_timeout_ms: 5_000,
    };
    let store = openkor_store_sqlite::open_store(&config)
        .expect("open SQLite")
        .with_data_keys(openkor_store::conformance::fixtures::data_keys());
    openkor_store::conformance::every_listed_constraint_maps_alike(&store).await;
}
