//! The readers: a few threads, each owning a read-only connection and its cached statements,
//! taking units of work from one shared queue (one hop from the async caller, no pool, no ping).

use crate::conn::SqliteConn;
use crate::run_now::run_now;
use crossbeam_channel::{Receiver, Sender, TrySendError};
use openkor_store::StoreError;
use openkor_store::db::Work;
use std::panic::{AssertUnwindSafe, catch_unwind};
use tokio::sync::oneshot;

type ReadJob = Box<dyn FnOnce(&mut SqliteConn) + Send>;

/// Units of work waiting for a reader beyond this are refused as unavailable (503), not queued
/// without bound.
pub(crate) const READ_QUEUE_MAX: usize = 4096;

/// The handle the store holds; the threads stop when it (and every clone) is dropped.
#[derive(Clone, Debug)]
pub(crate) struct Readers {
    queue: Sender<ReadJob>,
}

impl Readers {
    /// Starts one thread per connection.
    pub(crate) fn start(connections: Vec<SqliteConn>) -> Result<Self, StoreError> {
        let (queue, jobs) = crossbeam_channel::bounded::<ReadJob>(READ_QUEUE_MAX);
        for (number, connection) in connections.into_iter().enumerate() {
            let jobs = jobs.clone();
            std::thread::Builder::new()
                .name(format!("sqlite-reader-{number}"))
                .spawn(move || serve(connection, &jobs))
                .map_err(|e| StoreError::Other(format!("cannot start a SQLite reader: {e}")))?;
        }
        Ok(Self { queue })
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

fn serve(mut connection: SqliteConn, jobs: &Receiver<ReadJob>) {
    while let Ok(job) = jobs.recv() {
        // A panicking unit of work drops its reply (the caller sees an error); the thread and its
        // connection carry on. A read left a transaction open only if it panicked inside one.
        if catch_unwind(AssertUnwindSafe(|| job(&mut connection))).is_err() {
            tracing::error!("a SQLite read panicked");
            if !connection.raw().is_autocommit() {
                let _ = connection.raw().execute_batch("ROLLBACK");
            }
        }
    }
}
