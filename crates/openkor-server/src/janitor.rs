//! Housekeeping in the background: forgets idempotency keys once older than the retention the
//! operator set (24 hours at least, as the reference promises clients).
//!
//! Every process that runs background work runs it; deleting what another process already
//! deleted is harmless, and each batch is its own short db transaction.

use openkor_domain::clock::{Clock, Timestamp};
use openkor_store::Store;
use std::sync::Arc;
use std::time::Duration;

/// How often the purge runs, in milliseconds.
pub const PURGE_INTERVAL_MS: u64 = 60_000;
/// Most keys one db transaction forgets.
pub const PURGE_BATCH_MAX: u32 = 1_000;
/// The shortest retention an operator may set, in hours.
pub const RETENTION_H_MIN: u32 = 24;
/// The retention when none is set, in hours: the shortest.
pub const RETENTION_H_DEFAULT: u32 = RETENTION_H_MIN;

/// Runs forever (the server aborts it on shutdown).
pub async fn run(store: Arc<dyn Store>, clock: Arc<dyn Clock>, retention_h: u32) {
    let mut ticker = tokio::time::interval(Duration::from_millis(PURGE_INTERVAL_MS));
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticker.tick().await;
        purge(&store, clock.now(), retention_h).await;
    }
}

/// Forgets every key older than `retention_h` at `now`, a batch at a time; how many.
pub async fn purge(store: &Arc<dyn Store>, now: Timestamp, retention_h: u32) -> u64 {
    let retention_ms = i64::from(retention_h.max(RETENTION_H_MIN)) * 3_600_000;
    let cut_off = now.plus_ms(-retention_ms);
    let mut forgotten = 0;
    loop {
        match store.purge_idempotency_keys(cut_off, PURGE_BATCH_MAX).await {
            Ok(count) => {
                forgotten += count;
                if count < u64::from(PURGE_BATCH_MAX) {
                    return forgotten;
                }
            }
            Err(error) => {
                tracing::warn!(%error, "could not forget old idempotency keys; retrying later");
                return forgotten;
            }
        }
    }
}
