//! The shared storage conformance suite, run against a fresh PostgreSQL database per test.

#![allow(clippy::expect_used, reason = "tests")]

use openkor_store_postgres::{PostgresConfig, PostgresStore};
use openkor_testkit::TestDatabase;

async fn open_fresh_store() -> Option<(PostgresStore, TestDatabase)> {
    let database = TestDatabase::postgres().await?;
    let config = PostgresConfig {
        url: database.url().to_owned(),
        connections_max: 4,
        acquire_timeout_ms: 5_000,
    };
    let store = openkor_store_postgres::connect_store(&config)
        .await
        .expect("connect")
        .with_data_keys(openkor_store::conformance::fixtures::data_keys());
    Some((store, database))
}

openkor_store::conformance_tests!(open_fresh_store);
