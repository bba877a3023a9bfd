//! The delivery worker, in every process that runs background work: it dispatches outbox
//! events to subscriptions and sends due deliveries, each under a lease, many at once.
//!
//! A slow receiver does not stall the others: every delivery runs in its own task under the
//! request deadline, at most [`WebhookSettings::concurrency`] at once and at most
//! [`WebhookSettings::per_subscription_max`] for one subscription, and the loop claims more
//! as soon as tasks finish. Nothing lives only in memory: a process that dies mid-request
//! leaves its leases to run out, and another process (or this one, restarted) sends those
//! deliveries again.

use super::sender::Sender;
use openkor_domain::clock::Clock;
use openkor_domain::webhook::retry::{self, DISABLE_AFTER_FAILING_MS, Verdict};
use openkor_store::{ClaimedDelivery, Store};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

/// How often the worker looks for events and due deliveries, in milliseconds.
pub const POLL_INTERVAL_MS: u64 = 100;
/// Events one dispatch takes on.
pub const EVENTS_PER_DISPATCH_MAX: u32 = 256;
/// How long a claim outlives the request deadline, in milliseconds: time to record the
/// attempt before another process may take the delivery over. Leases are judged by each
/// process's clock, so the clocks of processes sharing a database must agree to well within it.
pub const LEASE_MARGIN_MS: u64 = 10_000;

/// Deadline of one delivery request when none is set, in milliseconds.
pub const TIMEOUT_MS_DEFAULT: u64 = 10_000;
/// Deliveries in flight at once in one process when none is set.
pub const CONCURRENCY_DEFAULT: u32 = 64;

/// How the worker sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WebhookSettings {
    /// Deadline of one request, in milliseconds.
    pub timeout_ms: u64,
    /// Accept plain http and private targets (development and tests).
    pub allow_private_targets: bool,
    /// Deliveries in flight at once in this process.
    pub concurrency: u32,
    /// Deliveries in flight at once for one subscription, across processes.
    pub per_subscription_max: u32,
}

impl Default for WebhookSettings {
    fn default() -> Self {
        Self {
            timeout_ms: TIMEOUT_MS_DEFAULT,
            allow_private_targets: false,
            concurrency: CONCURRENCY_DEFAULT,
            per_subscription_max: 8,
        }
    }
}

/// Deliveries by outcome since the process started.
#[derive(Debug, Default)]
pub struct DeliveryCounters {
    /// Attempts the receiver accepted.
    pub delivered: AtomicU64,
    /// Failed attempts that will be retried.
    pub retried: AtomicU64,
    /// Deliveries given up.
    pub failed: AtomicU64,
    /// Subscriptions disabled for failing too long.
    pub disabled: AtomicU64,
}

/// The worker.
#[derive(Clone)]
pub struct WebhookWorker {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    sender: Sender,
    settings: WebhookSettings,
    counters: Arc<DeliveryCounters>,
}

impl WebhookWorker {
    /// A worker over `store`, sending with `settings`.
    pub fn new(
        store: Arc<dyn Store>,
        clock: Arc<dyn Clock>,
        settings: WebhookSettings,
    ) -> Result<Self, super::sender::SenderError> {
        Ok(Self {
            sender: Sender::new(settings.timeout_ms, settings.allow_private_targets)?,
            store,
            clock,
            settings,
            counters: Arc::new(DeliveryCounters::default()),
        })
    }

    /// The outcome counters.
    pub fn counters(&self) -> &Arc<DeliveryCounters> {
        &self.counters
    }

    /// Runs forever (the server aborts it on shutdown).
    pub async fn run(self) {
        let permits = Arc::new(Semaphore::new(
            usize::try_from(self.settings.concurrency.max(1)).unwrap_or(1),
        ));
        let mut in_flight = JoinSet::new();
        let mut ticker = tokio::time::interval(Duration::from_millis(POLL_INTERVAL_MS));
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticker.tick().await;
            while in_flight.try_join_next().is_some() {}
            self.dispatch_all().await;
            let free = u32::try_from(permits.available_permits()).unwrap_or(u32::MAX);
            for claim in self.claim(free).await {
                let Ok(permit) = permits.clone().acquire_owned().await else {
                    return;
                };
                let worker = self.clone();
                in_flight.spawn(async move {
                    worker.deliver(claim).await;
                    drop(permit);
                });
            }
        }
    }

    /// One sweep, for tests with a manual clock: dispatches every waiting event, then sends
    /// every due delivery it can claim and waits for them; returns how many it sent.
    pub async fn pass(&self) -> usize {
        self.dispatch_all().await;
        let claims = self.claim(self.settings.concurrency).await;
        let sent = claims.len();
        let mut tasks = JoinSet::new();
        for claim in claims {
            let worker = self.clone();
            tasks.spawn(async move { worker.deliver(claim).await });
        }
        while tasks.join_next().await.is_some() {}
        sent
    }

    /// Dispatches events until none wait (or the database fails, which the next poll
    /// retries).
    async fn dispatch_all(&self) {
        loop {
            match self
                .store
                .dispatch_webhook_events(self.clock.now(), EVENTS_PER_DISPATCH_MAX)
                .await
            {
                Ok(count) if count >= EVENTS_PER_DISPATCH_MAX => continue,
                Ok(_) => return,
                Err(error) => {
                    tracing::warn!(%error, "could not dispatch webhook events; retrying");
                    return;
                }
            }
        }
    }

    /// Claims up to `limit` due deliveries.
    async fn claim(&self, limit: u32) -> Vec<ClaimedDelivery> {
        if limit == 0 {
            return Vec::new();
        }
        let now = self.clock.now();
        let lease_ms = self.sender.timeout_ms().saturating_add(LEASE_MARGIN_MS);
        let lease_until = now.plus_ms(i64::try_from(lease_ms).unwrap_or(i64::MAX));
        match self
            .store
            .claim_webhook_deliveries(now, lease_until, limit, self.settings.per_subscription_max)
            .await
        {
            Ok(claims) => claims,
            Err(error) => {
                tracing::warn!(%error, "could not claim webhook deliveries; retrying");
                Vec::new()
            }
        }
    }

    /// Sends one claimed delivery and records the attempt.
    async fn deliver(&self, claim: ClaimedDelivery) {
        let attempt = self.sender.send(&claim, self.clock.now()).await;
        let attempts_made = claim.attempts_made.saturating_add(1);
        let verdict = retry::verdict(&attempt, attempts_made, random_u64());
        let disable_if_failing_since = attempt.at.plus_ms(-DISABLE_AFTER_FAILING_MS);
        let recorded = match self
            .store
            .record_webhook_attempt(&claim, &attempt, verdict, disable_if_failing_since)
            .await
        {
            Ok(recorded) => recorded,
            Err(error) => {
                tracing::warn!(%error, delivery_id = %claim.id,
                    "could not record a webhook attempt; the delivery is sent again when its lease runs out");
                return;
            }
        };
        if !recorded.recorded {
            tracing::warn!(delivery_id = %claim.id,
                "a webhook attempt outlived its lease; another process took the delivery over");
            return;
        }
        self.report(&claim, &attempt, verdict);
        if recorded.disabled_subscription {
            self.counters.disabled.fetch_add(1, Ordering::Relaxed);
            tracing::warn!(subscription_id = %claim.subscription_id,
                "webhook subscription disabled: every attempt failed for 72 hours");
        }
    }

    /// Counts the outcome and logs it (never the URL, the secret or the payload).
    fn report(
        &self,
        claim: &ClaimedDelivery,
        attempt: &openkor_domain::webhook::Attempt,
        verdict: Verdict,
    ) {
        let error = attempt.error.as_deref().unwrap_or_default();
        match verdict {
            Verdict::Delivered => {
                self.counters.delivered.fetch_add(1, Ordering::Relaxed);
                tracing::info!(delivery_id = %claim.id, event_id = %claim.event_id,
                    event_type = %claim.event_type, status_code = ?attempt.status_code,
                    latency_ms = attempt.latency_ms, "webhook delivered");
            }
            Verdict::RetryAfter { delay_ms } => {
                self.counters.retried.fetch_add(1, Ordering::Relaxed);
                tracing::warn!(delivery_id = %claim.id, event_id = %claim.event_id,
                    status_code = ?attempt.status_code, latency_ms = attempt.latency_ms,
                    retry_in_ms = delay_ms, error, "webhook attempt failed; retrying");
            }
            Verdict::Failed => {
                self.counters.failed.fetch_add(1, Ordering::Relaxed);
                tracing::warn!(delivery_id = %claim.id, event_id = %claim.event_id,
                    status_code = ?attempt.status_code, error, "webhook delivery failed");
            }
        }
    }
}

/// A random number for the retry jitter.
fn random_u64() -> u64 {
    u64::from_le_bytes(
        uuid::Uuid::new_v4().as_bytes()[..8]
            .try_into()
            .unwrap_or([0; 8]),
    )
}
