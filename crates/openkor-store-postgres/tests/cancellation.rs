//! A unit of work dropped half-way (its HTTP request was cancelled) never hands the next one a
//! connection still inside its db transaction.

#![allow(clippy::expect_used, reason = "tests")]

use openkor_store::StoreError;
use openkor_store::db::{Backend, Conn, Row};
use openkor_store::params;
use openkor_store_postgres::{PostgresBackend, PostgresConfig};
use openkor_testkit::TestDatabase;
use std::future::Future;
use std::pin::pin;
use std::task::Poll;

async fn one_connection_store() -> Option<(PostgresBackend, TestDatabase)> {
    let database = TestDatabase::postgres().await?;
    let config = PostgresConfig {
        url: database.url().to_owned(),
        connections_max: 1,
        acquire_timeout_ms: 5_000,
    };
    let backend = PostgresBackend::connect(&config).await.expect("connect");
    Some((backend, database))
}

/// Polls `future` once, then drops it, as a cancelled request does.
async fn poll_once_and_drop(future: impl Future) {
    let mut future = pin!(future);
    std::future::poll_fn(|cx| {
        let _ = future.as_mut().poll(cx);
        Poll::Ready(())
    })
    .await;
}

async fn select_one(backend: &PostgresBackend) -> Result<(), StoreError> {
    backend
        .read(|conn| {
            Box::pin(async move {
                conn.query_one("SELECT 1", &params![], &mut |_: &dyn Row| Ok(()))
                    .await
            })
        })
        .await
}

#[tokio::test]
async fn a_snapshot_dropped_while_it_begins_does_not_leak_its_read_only_transaction() {
    let Some((backend, _database)) = one_connection_store().await else {
        return;
    };
    // The pool's one connection is open and idle, so the next poll sends BEGIN at once.
    select_one(&backend).await.expect("warm the pool");
    poll_once_and_drop(backend.snapshot(|conn| {
        Box::pin(async move {
            conn.query_one("SELECT 1", &params![], &mut |_: &dyn Row| Ok(()))
                .await
        })
    }))
    .await;
    backend
        .write(|conn| {
            Box::pin(async move {
                conn.execute("CREATE TABLE written_after_a_cancel (id int)", &params![])
                    .await
            })
        })
        .await
        .expect("the next write runs in a db transaction of its own, not a read-only leftover");
    select_one(&backend).await.expect("reads still work");
}

#[tokio::test]
async fn a_write_dropped_half_way_is_rolled_back() {
    let Some((backend, _database)) = one_connection_store().await else {
        return;
    };
    backend
        .write(|conn| {
            Box::pin(async move {
                conn.execute("CREATE TABLE notes (id int)", &params![])
                    .await
            })
        })
        .await
        .expect("create the table");
    for _ in 0..3 {
        poll_once_and_drop(backend.write(|conn| {
            Box::pin(async move {
                conn.execute("INSERT INTO notes VALUES (1)", &params![])
                    .await?;
                conn.execute("INSERT INTO notes VALUES (2)", &params![])
                    .await
            })
        }))
        .await;
    }
    let count = backend
        .read(|conn| {
            Box::pin(async move {
                conn.query_one(
                    "SELECT count(*) FROM notes",
                    &params![],
                    &mut |row: &dyn Row| row.i64(0),
                )
                .await
            })
        })
        .await
        .expect("count");
    assert_eq!(count, 0, "no dropped write committed");
}
