//! Conformance case: the planner's statistics are gathered for a table that grew, and not again
//! until it grows a lot more.

use super::fixtures::T0;
use crate::MaintenanceStore;
use crate::db::{Backend, Conn, Dialect, Row};
use crate::params;
use crate::sql_store::SqlStore;

/// Adds `count` rows to `server_secrets` (a table with nothing that refers to it), numbered
/// from `first`. On PostgreSQL the session publishes its row counts when the db transaction
/// commits, as it otherwise does at most once a second.
async fn grow<B: Backend>(store: &SqlStore<B>, first: i64, count: i64) {
    store
        .backend()
        .write(move |conn| {
            Box::pin(async move {
                conn.execute(
                    "INSERT INTO server_secrets (name, secret, created_at) \
                     WITH RECURSIVE n(i) AS (SELECT CAST($1 AS BIGINT) \
                     UNION ALL SELECT i + 1 FROM n WHERE i < $2) \
                     SELECT 'statistics-' || i, $3, $4 FROM n",
                    &params![first, first + count - 1, &[7_u8; 32][..], T0],
                )
                .await?;
                if conn.dialect() == Dialect::Postgres {
                    conn.query(
                        "SELECT pg_stat_force_next_flush()",
                        &[],
                        &mut |_: &dyn Row| Ok(()),
                    )
                    .await?;
                }
                Ok(())
            })
        })
        .await
        .expect("rows added");
}

/// Whether the database holds statistics of `server_secrets`, as its planner reads them.
async fn has_statistics<B: Backend>(store: &SqlStore<B>) -> bool {
    store
        .backend()
        .read(|conn| Box::pin(async move { count_statistics(conn).await }))
        .await
        .expect("statistics read")
        > 0
}

async fn count_statistics<C: Conn>(conn: &mut C) -> Result<i64, crate::StoreError> {
    let mut count = |row: &dyn Row| row.i64(0);
    let sql = match conn.dialect() {
        Dialect::Sqlite => {
            // Created by the first analysis.
            let exists = "SELECT count(*) FROM sqlite_schema WHERE name = 'sqlite_stat1'";
            if conn.query_one(exists, &[], &mut count).await? == 0 {
                return Ok(0);
            }
            "SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'server_secrets'"
        }
        Dialect::Postgres => {
            "SELECT count(*) FROM pg_stats WHERE schemaname = current_schema() \
             AND tablename = 'server_secrets'"
        }
    };
    conn.query_one(sql, &[], &mut count).await
}

async fn refresh<B: Backend>(store: &SqlStore<B>) -> Vec<String> {
    store.refresh_statistics().await.expect("refreshed")
}

/// A table that filled is analysed at the next refresh and not at the one right after; 20% more
/// rows do not call for a new analysis on either backend, twenty times as many do (PostgreSQL:
/// more than 1,000 changed rows plus 10%; SQLite: a size ten times the one analysed).
pub async fn statistics_are_gathered_again_once_a_table_grew<B: Backend>(store: &SqlStore<B>) {
    const TABLE: &str = "server_secrets";
    assert!(!has_statistics(store).await, "a fresh table has none");
    grow(store, 1, 500).await;

    let analysed = refresh(store).await;
    assert!(analysed.iter().any(|t| t == TABLE), "{analysed:?}");
    assert!(
        has_statistics(store).await,
        "the planner's statistics are stored"
    );
    assert_eq!(
        refresh(store).await,
        Vec::<String>::new(),
        "nothing changed since"
    );

    grow(store, 501, 100).await;
    let analysed = refresh(store).await;
    assert!(!analysed.iter().any(|t| t == TABLE), "{analysed:?}");

    grow(store, 601, 11_400).await;
    let analysed = refresh(store).await;
    assert!(analysed.iter().any(|t| t == TABLE), "{analysed:?}");
}
