//! What several PostgreSQL test binaries share.

use openkor_store_postgres::{PostgresConfig, PostgresStore};
use openkor_testkit::TestDatabase;

/// A migrated store on `database` with `connections_max` connections and its own memory, as
/// one more process would have.
pub async fn store(database: &TestDatabase, connections_max: u32) -> PostgresStore {
    let config = PostgresConfig {
        url: database.url().to_owned(),
        connections_max,
        acquire_timeout_ms: 5_000,
    };
    openkor_store_postgres::connect_store(&config)
        .await
        .expect("connect")
}
