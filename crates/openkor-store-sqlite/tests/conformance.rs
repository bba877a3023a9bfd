//! The shared storage conformance suite, run against a fresh SQLite file per test.

#![allow(clippy::expect_used, reason = "tests")]

use openkor_store_sqlite::{SqliteConfig, SqliteStore};
use openkor_testkit::TestDatabase;

async fn open_fresh_store() -> Option<(SqliteStore, TestDatabase)> {
    let database = TestDatabase::sqlite();
    let config = SqliteConfig {
        url: database.url().to_owned(),
        reader_connections_max: 4,
        busy_timeout_ms: 5_000,
    };
    let store = openkor_store_sqlite::open_store(&config)
        .expect("open SQLite")
        .with_data_keys(openkor_store::conformance::fixtures::data_keys());
    Some((store, database))
}

openkor_store::conformance_tests!(open_fresh_store);
