//! Every unique constraint of the shared constraint table, broken by raw SQL on a fresh
//! PostgreSQL database, maps to the same typed conflict as on SQLite.

#![allow(clippy::expect_used, reason = "tests")]

use openkor_store_postgres::PostgresConfig;
use openkor_testkit::TestDatabase;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_listed_constraint_maps_alike() {
    let Some(database) = TestDatabase::postgres().await else {
        return;
    };
    let config = PostgresConfig {
        url: database.url().to_owned(),
        connections_max: 4,
        acquire_timeout_ms: 5_000,
    };
    let store = openkor_store_postgres::connect_store(&config)
        .await
        .expect("connect")
        .with_data_keys(openkor_store::conformance::fixtures::data_keys());
    openkor_store::conformance::every_listed_constraint_maps_alike(&store).await;
}
