//! The server's own metrics beside the HTTP ones ([`openkor_http::metrics`]): its storage
//! (SQLite's write and read queues, write groups and commit durations; PostgreSQL's pool) and
//! its background work (the rail engine's polls and backlog, webhook deliveries by outcome),
//! each read from its owner's counters at each scrape.

use crate::rail_engine::RailCounters;
use crate::webhooks::DeliveryCounters;
use openkor_http::metrics::Metrics;
use openkor_store_postgres::PostgresStore;
use openkor_store_sqlite::SqliteStore;
use prometheus_client::collector::Collector;
use prometheus_client::encoding::{DescriptorEncoder, EncodeMetric};
use prometheus_client::metrics::MetricType;
use prometheus_client::metrics::counter::ConstCounter;
use prometheus_client::metrics::gauge::ConstGauge;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// What the storage metrics are read from.
#[derive(Debug)]
pub(crate) enum StorageCollector {
    /// The SQLite store: its writer's counters and its queues.
    Sqlite(SqliteStore),
    /// The PostgreSQL store: its pool.
    Postgres(PostgresStore),
}

fn gauge(
    encoder: &mut DescriptorEncoder,
    name: &str,
    help: &str,
    value: usize,
) -> Result<(), std::fmt::Error> {
    let value = i64::try_from(value).unwrap_or(i64::MAX);
    let metric = encoder.encode_descriptor(name, help, None, MetricType::Gauge)?;
    ConstGauge::new(value).encode(metric)
}

fn counter(
    encoder: &mut DescriptorEncoder,
    name: &str,
    help: &str,
    value: u64,
) -> Result<(), std::fmt::Error> {
    let metric = encoder.encode_descriptor(name, help, None, MetricType::Counter)?;
    ConstCounter::new(value).encode(metric)
}

impl Collector for StorageCollector {
    fn encode(&self, mut encoder: DescriptorEncoder) -> Result<(), std::fmt::Error> {
        match self {
            Self::Sqlite(store) => {
                let (writes, reads) = store.backend().waiting();
                let stats = store.backend().writer_stats();
                let e = &mut encoder;
                gauge(
                    e,
                    "sqlite_writes_waiting",
                    "Writes queued for the writer",
                    writes,
                )?;
                gauge(
                    e,
                    "sqlite_reads_waiting",
                    "Reads queued for a reader",
                    reads,
                )?;
                let groups = "Write groups committed (or attempted), one db transaction each";
                counter(e, "sqlite_write_groups", groups, stats.groups())?;
                let units = "Units of work the writer ran";
                counter(e, "sqlite_write_units", units, stats.units())?;
                let failed = "Write groups whose commit failed";
                counter(e, "sqlite_failed_commits", failed, stats.failed_commits())?;
                let sizes = e.encode_descriptor(
                    "sqlite_write_group_size",
                    "Units of work committed together by one fsync",
                    None,
                    MetricType::Histogram,
                )?;
                stats.group_sizes.encode(sizes)?;
                let durations = e.encode_descriptor(
                    "sqlite_commit_duration_seconds",
                    "From a group's BEGIN to its durable COMMIT",
                    None,
                    MetricType::Histogram,
                )?;
                stats.commit_durations.encode(durations)
            }
            Self::Postgres(store) => {
                let (open, idle, waiting) = store.backend().pool_status();
                let e = &mut encoder;
                gauge(e, "postgres_connections", "Pooled connections open", open)?;
                gauge(
                    e,
                    "postgres_connections_idle",
                    "Pooled connections idle",
                    idle,
                )?;
                let waiting_help = "Requests waiting for a pooled connection";
                gauge(e, "postgres_connections_waiting", waiting_help, waiting)
            }
        }
    }
}

/// The background work's counters, read at each scrape.
#[derive(Debug)]
pub(crate) struct BackgroundCollector {
    /// The rail engine's.
    pub(crate) rail: Arc<RailCounters>,
    /// The webhook worker's.
    pub(crate) deliveries: Arc<DeliveryCounters>,
}

impl Collector for BackgroundCollector {
    fn encode(&self, mut encoder: DescriptorEncoder) -> Result<(), std::fmt::Error> {
        let e = &mut encoder;
        let read = |counter: &AtomicU64| counter.load(Ordering::Relaxed);
        let passes = "Polls of the rail engine for due transaction steps";
        counter(e, "rail_engine_polls", passes, read(&self.rail.polls))?;
        let steps = "Transaction steps the rail engine found due and made";
        counter(e, "rail_engine_steps", steps, read(&self.rail.steps))?;
        let due = "Transaction steps due at the rail engine's last poll (its backlog)";
        let last_due = usize::try_from(read(&self.rail.last_due)).unwrap_or(usize::MAX);
        gauge(e, "rail_engine_steps_due", due, last_due)?;
        let metric = e.encode_descriptor(
            "webhook_deliveries",
            "Webhook delivery attempts by outcome: delivered, retried (failed, will be tried \
             again), failed (given up), disabled (the subscription, after failing too long)",
            None,
            MetricType::Counter,
        )?;
        let outcomes = [
            ("delivered", &self.deliveries.delivered),
            ("retried", &self.deliveries.retried),
            ("failed", &self.deliveries.failed),
            ("disabled", &self.deliveries.disabled),
        ];
        let mut metric = metric;
        for (outcome, count) in outcomes {
            let labels = [("outcome", outcome)];
            ConstCounter::new(read(count)).encode(metric.encode_family(&labels)?)?;
        }
        Ok(())
    }
}

/// The server's metrics: HTTP, storage and background work.
pub(crate) fn server_metrics(
    storage: StorageCollector,
    background: BackgroundCollector,
) -> Metrics {
    let metrics = Metrics::new();
    metrics.register(Box::new(storage));
    metrics.register(Box::new(background));
    metrics
}
