//! Keeps the query planner's statistics current in the background, so that plans stay good as
//! tables grow even where PostgreSQL's autovacuum is off: without them a read by id at 100k rows
//! was 20× slower and creates ran at a fifth of their rate (docs/BENCHMARKS.md).
//!
//! Every process that runs background work runs it. On PostgreSQL one at a time refreshes (an
//! advisory lock taken without waiting; the others skip that round), analysing the tables that
//! changed by more than 1,000 rows plus 10% since they last were, or were never analysed and
//! have rows. On SQLite the writer runs `PRAGMA optimize`, and the readers then load the new
//! statistics. How each decides: `openkor_store::sql_store::statistics`.

use openkor_store::Store;
use std::sync::Arc;
use std::time::Duration;

/// How often statistics are refreshed, in milliseconds.
pub const STATISTICS_INTERVAL_MS: u64 = 60_000;
/// How long after the start the first refresh runs, in milliseconds: soon, for a database
/// loaded or migrated while no openkor ran, and once PostgreSQL has published the row counts
/// of the start's own writes (a session does so at most once a second, and an idle one within
/// ten).
pub const STATISTICS_FIRST_DELAY_MS: u64 = 10_000;

/// Runs forever (the server aborts it on shutdown).
pub async fn run(store: Arc<dyn Store>) {
    let first = tokio::time::Instant::now() + Duration::from_millis(STATISTICS_FIRST_DELAY_MS);
    let mut ticker = tokio::time::interval_at(first, Duration::from_millis(STATISTICS_INTERVAL_MS));
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticker.tick().await;
        refresh(&store).await;
    }
}

/// One refresh: the tables analysed (none when another process is refreshing, or on an error,
/// which is logged and retried at the next round).
pub async fn refresh(store: &Arc<dyn Store>) -> Vec<String> {
    match store.refresh_statistics().await {
        Ok(analysed) => {
            if !analysed.is_empty() {
                tracing::info!(
                    tables = %analysed.join(", "),
                    "refreshed the query planner's statistics"
                );
            }
            analysed
        }
        Err(error) => {
            tracing::warn!(%error, "could not refresh the query planner's statistics; retrying later");
            Vec::new()
        }
    }
}
