//! Several processes on one PostgreSQL database keep where list pages ended in the database
//! (`page_ends`): a walk continues whichever process serves its next page, and an expired
//! page end is no longer a continuation.

#![allow(clippy::expect_used, reason = "tests")]

use openkor_store::conformance::{
    an_expired_page_end_is_no_continuation, walks_continue_across_processes_sharing_the_database,
};
use openkor_store_postgres::{PostgresConfig, PostgresStore};
use openkor_testkit::TestDatabase;

/// A store with its own connections and memory, as another process would have.
async fn store(database: &TestDatabase) -> PostgresStore {
    let config = PostgresConfig {
        url: database.url().to_owned(),
        connections_max: 2,
        acquire_timeout_ms: 5_000,
    };
    openkor_store_postgres::connect_store(&config)
        .await
        .expect("connect")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_walk_continues_whichever_process_serves_the_next_page() {
    let Some(database) = TestDatabase::postgres().await else {
        return;
    };
    let (first, second) = (store(&database).await, store(&database).await);
    walks_continue_across_processes_sharing_the_database(&first, &second).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_page_end_is_not_a_continuation() {
    let Some(database) = TestDatabase::postgres().await else {
        return;
    };
    an_expired_page_end_is_no_continuation(&store(&database).await).await;
}
