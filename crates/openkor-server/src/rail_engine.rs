//! The rail engine: moves every transaction on the sandbox rails through its statuses when each
//! step falls due, and completes every ACH prenote when it falls due, in every process that
//! runs it.
//!
//! Each pass reads the due transactions and makes each one's step in its own db transaction.
//! A step claims its row (PostgreSQL: `FOR UPDATE … SKIP LOCKED`), so several processes on one
//! database never make the same step twice, and one killed mid-step loses nothing: its db
//! transaction rolls back and the step is due again for whoever passes next. Nothing lives in
//! memory, so a restart resumes every transaction in flight.

use openkor_domain::clock::Clock;
use openkor_store::Store;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::task::JoinSet;

/// How often the engine looks for due steps when it found none, in milliseconds.
pub const POLL_INTERVAL_MS: u64 = 50;
/// Most steps one pass takes on.
pub const STEPS_PER_PASS_MAX: u32 = 256;

/// How many transaction polls pass between two looks for due prenotes: prenotes take days of
/// rail time, so once a second is plenty and spares the database 19 queries a second.
const POLLS_PER_PRENOTE_LOOK: u32 = 20;

/// What the rail engine has done since the process started (see `crate::metrics`).
#[derive(Debug, Default)]
pub struct RailCounters {
    /// Polls for due transaction steps.
    pub polls: AtomicU64,
    /// Transaction steps found due (and made, or left due after a failure).
    pub steps: AtomicU64,
    /// Steps due at the last poll.
    pub last_due: AtomicU64,
}

impl RailCounters {
    fn poll(&self, due: u32) {
        self.polls.fetch_add(1, Ordering::Relaxed);
        self.steps.fetch_add(u64::from(due), Ordering::Relaxed);
        self.last_due.store(u64::from(due), Ordering::Relaxed);
    }
}

/// Runs forever (the server aborts it on shutdown), counting its work in `counters`.
pub async fn run(
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    rail_speedup: i64,
    counters: Arc<RailCounters>,
) {
    let mut ticker = tokio::time::interval(Duration::from_millis(POLL_INTERVAL_MS));
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut polls_to_prenotes = 0;
    loop {
        ticker.tick().await;
        loop {
            let due = transaction_steps(&store, clock.now(), rail_speedup).await;
            counters.poll(due);
            if due < STEPS_PER_PASS_MAX {
                break;
            }
        }
        if polls_to_prenotes == 0 {
            while prenote_completions(&store, clock.now()).await >= STEPS_PER_PASS_MAX {}
            polls_to_prenotes = POLLS_PER_PRENOTE_LOOK;
        }
        polls_to_prenotes -= 1;
    }
}

/// One pass: every step and prenote due at `now` (up to the maximum of each); returns how
/// many of either kind were due.
pub async fn pass(
    store: &Arc<dyn Store>,
    now: openkor_domain::clock::Timestamp,
    rail_speedup: i64,
) -> u32 {
    let steps = transaction_steps(store, now, rail_speedup).await;
    let prenotes = prenote_completions(store, now).await;
    steps.max(prenotes)
}

/// Makes every due transaction step, each in its own db transaction.
async fn transaction_steps(
    store: &Arc<dyn Store>,
    now: openkor_domain::clock::Timestamp,
    rail_speedup: i64,
) -> u32 {
    let due = match store.due_transactions(now, STEPS_PER_PASS_MAX).await {
        Ok(due) => due,
        Err(error) => {
            tracing::warn!(%error, "the rail engine could not read due transactions");
            return 0;
        }
    };
    let count = u32::try_from(due.len()).unwrap_or(u32::MAX);
    let mut steps = JoinSet::new();
    for id in due {
        let store = store.clone();
        steps.spawn(async move {
            if let Err(error) = store.advance_transaction(id, now, rail_speedup).await {
                tracing::warn!(%error, transaction_id = %id, "a rail step failed; it stays due");
            }
        });
    }
    while steps.join_next().await.is_some() {}
    count
}

/// Completes every due prenote, one after another (they are rare).
async fn prenote_completions(store: &Arc<dyn Store>, now: openkor_domain::clock::Timestamp) -> u32 {
    let due = match store.due_prenotes(now, STEPS_PER_PASS_MAX).await {
        Ok(due) => due,
        Err(error) => {
            tracing::warn!(%error, "the rail engine could not read due prenotes");
            return 0;
        }
    };
    let count = u32::try_from(due.len()).unwrap_or(u32::MAX);
    for id in due {
        if let Err(error) = store.complete_prenote(id, now).await {
            tracing::warn!(%error, financial_account_id = %id, "a prenote failed to complete; it stays due");
        }
    }
    count
}
