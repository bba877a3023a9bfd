//! Several processes on one PostgreSQL database keep where list pages ended in the database
//! (`page_ends`): a walk continues whichever process serves its next page, and an expired
//! page end is no longer a continuation.

#![allow(clippy::expect_used, reason = "tests")]

mod support;

use openkor_store::conformance::{
    an_expired_page_end_is_no_continuation, walks_continue_across_processes_sharing_the_database,
};
use openkor_testkit::TestDatabase;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_walk_continues_whichever_process_serves_the_next_page() {
    let Some(database) = TestDatabase::postgres().await else {
        return;
    };
    let (first, second) = (
        support::store(&database, 2).await,
        support::store(&database, 2).await,
    );
    walks_continue_across_processes_sharing_the_database(&first, &second).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_page_end_is_not_a_continuation() {
    let Some(database) = TestDatabase::postgres().await else {
        return;
    };
    an_expired_page_end_is_no_continuation(&support::store(&database, 2).await).await;
}
