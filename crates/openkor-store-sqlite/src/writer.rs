//! The writer: one thread owning the one write connection. It takes every unit of work waiting
//! in its queue (up to [`GROUP_MAX`]), runs each in its own savepoint inside one db transaction,
//! commits once (one fsync at `synchronous=FULL` for the whole group), and only then answers each
//! caller. A unit of work that fails (or panics) rolls back its own savepoint and nothing else; a
//! failed commit rolls everything back and fails every unit of work of the group.

use crate::conn::SqliteConn;
use crate::error::store_error;
use crate::run_now::run_now;
use crossbeam_channel::{Receiver, Sender, TrySendError};
use openkor_store::StoreError;
use openkor_store::db::Work;
use prometheus_client::metrics::histogram::Histogram;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;
use tokio::sync::oneshot;

/// The most units of work committed together.
pub(crate) const GROUP_MAX: usize = 512;
/// Units of work waiting for the writer beyond this are refused as unavailable (503).
pub(crate) const WRITE_QUEUE_MAX: usize = 8192;

/// What a unit of work left after running: whether it succeeded, and how to answer its caller
/// once the group's commit has (or has not) happened.
struct Ran {
    ok: bool,
    answer: Box<dyn FnOnce(Result<(), StoreError>) + Send>,
}

/// A queued unit of work with its caller's reply.
trait Unit: Send {
    /// Runs the work; the caller is answered later, through [`Ran::answer`].
    fn run(self: Box<Self>, conn: &mut SqliteConn) -> Ran;
    /// Answers the caller with `error` without running the work.
    fn fail(self: Box<Self>, error: StoreError);
}

struct Job<T, W> {
    work: W,
    reply: oneshot::Sender<Result<T, StoreError>>,
}

impl<T: Send + 'static, W: Work<SqliteConn, T>> Unit for Job<T, W> {
    fn run(self: Box<Self>, conn: &mut SqliteConn) -> Ran {
        let Job { work, reply } = *self;
        let result = run_now(work(conn));
        Ran {
            ok: result.is_ok(),
            answer: Box::new(move |commit: Result<(), StoreError>| {
                let _ = reply.send(match (result, commit) {
                    (Err(own), _) => Err(own),
                    (Ok(_), Err(commit)) => Err(commit),
                    (Ok(value), Ok(())) => Ok(value),
                });
            }),
        }
    }

    fn fail(self: Box<Self>, error: StoreError) {
        let _ = self.reply.send(Err(error));
    }
}

type WriteJob = Box<dyn Unit>;

/// Upper bounds of the group-size buckets, in units of work.
const GROUP_SIZE_BUCKETS: [f64; 10] = [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0, 512.0];
/// Upper bounds of the commit-duration buckets, in seconds.
const COMMIT_DURATION_BUCKETS_S: [f64; 11] = [
    0.0002, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0,
];

/// Counters of the writer, for tests and operators.
#[derive(Debug)]
pub struct WriterStats {
    groups: AtomicU64,
    units: AtomicU64,
    failed_commits: AtomicU64,
    /// Units of work per group.
    pub group_sizes: Histogram,
    /// Time from a group's `BEGIN` to its `COMMIT` returning (its units run, then the fsync),
    /// in seconds.
    pub commit_durations: Histogram,
}

impl Default for WriterStats {
    fn default() -> Self {
        Self {
            groups: AtomicU64::default(),
            units: AtomicU64::default(),
            failed_commits: AtomicU64::default(),
            group_sizes: Histogram::new(GROUP_SIZE_BUCKETS),
            commit_durations: Histogram::new(COMMIT_DURATION_BUCKETS_S),
        }
    }
}

impl WriterStats {
    /// Db transactions committed (or attempted), each carrying one group.
    pub fn groups(&self) -> u64 {
        self.groups.load(Ordering::Relaxed)
    }

    /// Units of work run.
    pub fn units(&self) -> u64 {
        self.units.load(Ordering::Relaxed)
    }

    /// Commits that failed.
    pub fn failed_commits(&self) -> u64 {
        self.failed_commits.load(Ordering::Relaxed)
    }
}

/// The handle the store holds; the thread stops when every clone is dropped.
#[derive(Clone, Debug)]
pub(crate) struct Writer {
    queue: Sender<WriteJob>,
    stats: Arc<WriterStats>,
}

impl Writer {
    pub(crate) fn start(connection: SqliteConn) -> Result<Self, StoreError> {
        let (queue, jobs) = crossbeam_channel::bounded::<WriteJob>(WRITE_QUEUE_MAX);
        let stats = Arc::new(WriterStats::default());
        let thread_stats = Arc::clone(&stats);
        std::thread::Builder::new()
            .name("sqlite-writer".into())
            .spawn(move || serve(connection, &jobs, &thread_stats))
            .map_err(|e| StoreError::Other(format!("cannot start the SQLite writer: {e}")))?;
        Ok(Self { queue, stats })
    }

    pub(crate) fn stats(&self) -> &Arc<WriterStats> {
        &self.stats
    }

    /// Writes waiting in the queue for a group.
    pub(crate) fn waiting(&self) -> usize {
        self.queue.len()
    }

    /// Runs `work` in the next group; answers once the group's commit is durable.
    pub(crate) async fn run<T: Send + 'static>(
        &self,
        work: impl Work<SqliteConn, T>,
    ) -> Result<T, StoreError> {
        let (reply, answer) = oneshot::channel();
        let job: WriteJob = Box::new(Job { work, reply });
        self.queue.try_send(job).map_err(|error| match error {
            TrySendError::Full(_) => {
                StoreError::Unavailable("the SQLite write queue is full".into())
            }
            TrySendError::Disconnected(_) => {
                StoreError::Unavailable("the SQLite writer stopped".into())
            }
        })?;
        answer
            .await
            .map_err(|_| StoreError::Other("a SQLite write panicked".into()))?
    }
}

fn serve(mut connection: SqliteConn, jobs: &Receiver<WriteJob>, stats: &WriterStats) {
    while let Ok(first) = jobs.recv() {
        let mut group = Vec::with_capacity(16);
        group.push(first);
        while group.len() < GROUP_MAX {
            match jobs.try_recv() {
                Ok(job) => group.push(job),
                Err(_) => break,
            }
        }
        stats.groups.fetch_add(1, Ordering::Relaxed);
        stats.units.fetch_add(group.len() as u64, Ordering::Relaxed);
        stats.group_sizes.observe(group.len() as f64);
        let started = Instant::now();
        let committed = commit_group(&mut connection, group, stats);
        stats
            .commit_durations
            .observe(started.elapsed().as_secs_f64());
        if let Err(error) = committed {
            tracing::warn!(%error, "a SQLite write group did not commit");
        }
    }
}

fn batch(connection: &SqliteConn, sql: &str) -> Result<(), StoreError> {
    connection.raw().execute_batch(sql).map_err(store_error)
}

/// Runs one group in one db transaction and answers every caller after the commit. A failure is
/// counted before any caller hears of it, so a caller holding its error sees it counted.
fn commit_group(
    connection: &mut SqliteConn,
    group: Vec<WriteJob>,
    stats: &WriterStats,
) -> Result<(), StoreError> {
    let count_failure = || stats.failed_commits.fetch_add(1, Ordering::Relaxed);
    if let Err(error) = batch(connection, "BEGIN IMMEDIATE") {
        count_failure();
        for job in group {
            job.fail(error.clone());
        }
        return Err(error);
    }
    let mut ran = Vec::with_capacity(group.len());
    let mut waiting = group.into_iter();
    while let Some(job) = waiting.next() {
        match run_in_savepoint(connection, job) {
            Ok(done) => ran.push(done),
            Err((done, error)) => {
                // The savepoint could not be taken or ended (SQLite may have rolled the whole
                // db transaction back itself, e.g. on a full disk): nothing of the group stands.
                ran.extend(done);
                rollback(connection);
                count_failure();
                answer_all(ran, &error);
                for job in waiting {
                    job.fail(error.clone());
                }
                return Err(error);
            }
        }
    }
    match batch(connection, "COMMIT") {
        Ok(()) => {
            for done in ran {
                (done.answer)(Ok(()));
            }
            Ok(())
        }
        Err(error) => {
            rollback(connection);
            count_failure();
            answer_all(ran, &error);
            Err(error)
        }
    }
}

/// Runs one unit of work in its own savepoint. On success the unit's answer waits for the
/// commit; when the savepoint cannot be taken or ended, the error comes back with the unit's
/// answer (if it ran), for the group to fail as a whole.
fn run_in_savepoint(
    connection: &mut SqliteConn,
    job: WriteJob,
) -> Result<Ran, (Option<Ran>, StoreError)> {
    if let Err(error) = batch(connection, "SAVEPOINT unit") {
        job.fail(error.clone());
        return Err((None, error));
    }
    let done = catch_unwind(AssertUnwindSafe(|| job.run(connection))).unwrap_or_else(|_| {
        // The panic dropped the unit's reply, so its caller already has an error.
        tracing::error!("a SQLite write panicked; its savepoint is rolled back");
        Ran {
            ok: false,
            answer: Box::new(|_| {}),
        }
    });
    let end = if done.ok {
        "RELEASE unit"
    } else {
        "ROLLBACK TO unit; RELEASE unit"
    };
    match batch(connection, end) {
        Ok(()) => Ok(done),
        Err(error) => Err((Some(done), error)),
    }
}

fn rollback(connection: &SqliteConn) {
    if !connection.raw().is_autocommit()
        && let Err(error) = batch(connection, "ROLLBACK")
    {
        tracing::error!(%error, "SQLite rollback failed");
    }
}

/// Answers every unit of work that ran with the group's failure: none of them is durable. The
/// units themselves succeeded, so each caller is told to retry (503), whatever the cause.
fn answer_all(ran: Vec<Ran>, error: &StoreError) {
    let unavailable = match error {
        StoreError::Unavailable(_) => error.clone(),
        other => StoreError::Unavailable(format!("the write group did not commit: {other}")),
    };
    for done in ran {
        (done.answer)(Err(unavailable.clone()));
    }
}
