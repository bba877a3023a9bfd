//! The readers: a few threads, each owning a read-only connection and its cached statements,
//! taking units of work from one shared queue (one hop from the async caller, no pool, no ping).
//!
//! A connection loads the query planner's statistics with the schema and keeps them: after the
//! writer gathered new ones, each reader opens its connection again before its next unit of
//! work (see `openkor_store::sql_store::statistics`).

use crate::conn::SqliteConn;
use crate::run_now::run_now;
use crossbeam_channel::{Receiver, Sender, TrySendError};
use openkor_store::StoreError;
use openkor_store::db::Work;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use tokio::sync::oneshot;

type ReadJob = Box<dyn FnOnce(&mut SqliteConn) + Send>;

/// Units of work waiting for a reader beyond this are refused as unavailable (503), not queued
/// without bound.
pub(crate) const READ_QUEUE_MAX: usize = 4096;

/// Opens a read-only connection configured like the first ones.
pub(crate) type Open = Arc<dyn Fn() -> Result<SqliteConn, StoreError> + Send + Sync>;

/// The handle the store holds; the threads stop when it (and every clone) is dropped.
#[derive(Clone, Debug)]
pub(crate) struct Readers {
    queue: Sender<ReadJob>,
    /// Grows each time the planner's statistics were gathered again; a reader whose connection
    /// loaded an older generation opens a new one.
    statistics: Arc<AtomicU64>,
}

impl Readers {
    /// Starts one thread per connection; `open` makes the connection that replaces one.
    pub(crate) fn start(connections: Vec<SqliteConn>, open: &Open) -> Result<Self, StoreError> {
        let (queue, jobs) = crossbeam_channel::bounded::<ReadJob>(READ_QUEUE_MAX);
        let statistics = Arc::new(AtomicU64::new(0));
        for (number, connection) in connections.into_iter().enumerate() {
            let jobs = jobs.clone();
            let reader = Reader {
                connection,
                loaded: 0,
                statistics: Arc::clone(&statistics),
                open: Arc::clone(open),
            };
            std::thread::Builder::new()
                .name(format!("sqlite-reader-{number}"))
                .spawn(move || serve(reader, &jobs))
                .map_err(|e| StoreError::Other(format!("cannot start a SQLite reader: {e}")))?;
        }
        Ok(Self { queue, statistics })
    }

    /// The planner's statistics changed (and are committed): every reader opens its connection
    /// again before its next unit of work.
    /// Reads waiting in the queue for a reader thread.
    pub(crate) fn waiting(&self) -> usize {
        self.queue.len()
    }

    pub(crate) fn reload_statistics(&self) {
        self.statistics.fetch_add(1, Ordering::Release);
    }

    /// Runs `work` on a reader, in a read db transaction when `snapshot` is set.
    pub(crate) async fn run<T: Send + 'static>(
        &self,
        snapshot: bool,
        work: impl Work<SqliteConn, T>,
    ) -> Result<T, StoreError> {
        let (reply, answer) = oneshot::channel();
        let job: ReadJob = Box::new(move |conn: &mut SqliteConn| {
            let result = if snapshot {
                in_snapshot(conn, work)
            } else {
                run_now(work(conn))
            };
            let _ = reply.send(result);
        });
        self.queue.try_send(job).map_err(|error| match error {
            TrySendError::Full(_) => {
                StoreError::Unavailable("the SQLite read queue is full".into())
            }
            TrySendError::Disconnected(_) => {
                StoreError::Unavailable("the SQLite readers stopped".into())
            }
        })?;
        answer
            .await
            .map_err(|_| StoreError::Other("a SQLite read panicked".into()))?
    }
}

fn in_snapshot<T>(conn: &mut SqliteConn, work: impl Work<SqliteConn, T>) -> Result<T, StoreError> {
    conn.in_transaction("BEGIN", |conn| run_now(work(conn)))
}

/// One reader thread's connection and the generation of statistics it loaded.
struct Reader {
    connection: SqliteConn,
    loaded: u64,
    statistics: Arc<AtomicU64>,
    open: Open,
}

impl Reader {
    /// Opens the connection again when the statistics changed since it was opened. A failure
    /// keeps the old connection (stale statistics plan slower, never wrongly) until the next
    /// change.
    fn refresh(&mut self) {
        let current = self.statistics.load(Ordering::Acquire);
        if current == self.loaded {
            return;
        }
        self.loaded = current;
        match (self.open)() {
            Ok(connection) => self.connection = connection,
            Err(error) => {
                tracing::warn!(%error, "could not reopen a SQLite reader for new statistics");
            }
        }
    }
}

fn serve(mut reader: Reader, jobs: &Receiver<ReadJob>) {
    while let Ok(job) = jobs.recv() {
        reader.refresh();
        let connection = &mut reader.connection;
        // A panicking unit of work drops its reply (the caller sees an error); the thread and its
        // connection carry on. A read left a transaction open only if it panicked inside one.
        if catch_unwind(AssertUnwindSafe(|| job(connection))).is_err() {
            tracing::error!("a SQLite read panicked");
            if !connection.raw().is_autocommit() {
                let _ = connection.raw().execute_batch("ROLLBACK");
            }
        }
    }
}
