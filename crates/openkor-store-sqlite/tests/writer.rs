//! The writer commits queued units of work in groups: one db transaction per group, one savepoint
//! per unit. These tests hold the writer thread inside a "gate" unit while they queue the units
//! of the next group, so the grouping is deterministic: no sleeps, no timing.

#![allow(clippy::expect_used, reason = "tests")]

use openkor_store::StoreError;
use openkor_store::db::{Backend, Conn, Row};
use openkor_store::params;
use openkor_store_sqlite::{SqliteBackend, SqliteConfig, SqliteConn};
use openkor_testkit::TestDatabase;
use std::future::{Future, poll_fn};
use std::pin::Pin;
use std::sync::mpsc;
use std::task::Poll;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

const SCRATCH: &str = "CREATE TABLE scratch (id INTEGER PRIMARY KEY, note TEXT NOT NULL)";
const PARENT_CHILD: &str = "CREATE TABLE parent (id INTEGER PRIMARY KEY); \
     CREATE TABLE child (id INTEGER PRIMARY KEY, \
     parent_id INTEGER NOT NULL REFERENCES parent (id))";

fn open(database: &TestDatabase) -> SqliteBackend {
    SqliteBackend::open(&SqliteConfig {
        url: database.url().to_owned(),
        reader_connections_max: 2,
        busy_timeout_ms: 5_000,
    })
    .expect("open SQLite")
}

async fn create_tables(backend: &SqliteBackend, sql: &'static str) {
    backend
        .write(move |conn| Box::pin(async move { conn.execute_batch(sql).await }))
        .await
        .expect("create the scratch tables");
}

/// Runs a unit of work that holds the writer thread until the returned sender is used (or
/// dropped), and returns once the writer is inside it: every write submitted from then on waits
/// in the queue and lands in the next group.
async fn hold_the_writer(
    backend: &SqliteBackend,
) -> (mpsc::Sender<()>, JoinHandle<Result<(), StoreError>>) {
    let (entered, inside) = oneshot::channel();
    let (release, released) = mpsc::channel::<()>();
    let backend = backend.clone();
    let gate = tokio::spawn(async move {
        backend
            .write(move |_conn| {
                Box::pin(async move {
                    let _ = entered.send(());
                    released
                        .recv()
                        .map_err(|_| StoreError::Other("the test dropped the gate".into()))
                })
            })
            .await
    });
    inside.await.expect("the writer runs the gate");
    (release, gate)
}

/// Polls a write once, which puts its unit of work in the writer's queue, and hands it back to
/// be awaited later. It cannot be finished yet: the writer is held by the gate.
async fn queue<F: Future>(write: F) -> Pin<Box<F>> {
    let mut write = Box::pin(write);
    let pending = poll_fn(|cx| Poll::Ready(write.as_mut().poll(cx).is_pending())).await;
    assert!(pending, "a write finished while the writer was held");
    write
}

async fn insert_row(conn: &mut SqliteConn, table: &str, id: i64) -> Result<(), StoreError> {
    let sql = match table {
        "scratch" => "INSERT INTO scratch (id, note) VALUES ($1, 'unit')",
        "parent" => "INSERT INTO parent (id) VALUES ($1)",
        _ => "INSERT INTO child (id, parent_id) VALUES ($1, 1)",
    };
    conn.execute(sql, &params![id]).await.map(|_| ())
}

fn insert(
    backend: &SqliteBackend,
    table: &'static str,
    id: i64,
) -> impl Future<Output = Result<(), StoreError>> {
    backend.write(move |conn| Box::pin(insert_row(conn, table, id)))
}

async fn ids(backend: &SqliteBackend, table: &'static str) -> Vec<i64> {
    backend
        .read(move |conn| {
            Box::pin(async move {
                let sql = format!("SELECT id FROM {table} ORDER BY id");
                conn.query(&sql, &[], &mut |row: &dyn Row| row.i64(0)).await
            })
        })
        .await
        .expect("read the ids")
}

#[tokio::test]
async fn a_group_with_one_failing_unit_commits_the_others() {
    let database = TestDatabase::sqlite();
    let backend = open(&database);
    create_tables(&backend, SCRATCH).await;
    let stats = backend.writer_stats();
    let (release, gate) = hold_the_writer(&backend).await;
    let (groups, units) = (stats.groups(), stats.units());

    let a = queue(insert(&backend, "scratch", 1)).await;
    let b = queue(backend.write(|conn| {
        Box::pin(async move {
            insert_row(conn, "scratch", 2).await?;
            Err::<(), _>(StoreError::Other("unit B gives up".into()))
        })
    }))
    .await;
    let c = queue(insert(&backend, "scratch", 3)).await;
    release.send(()).expect("release the gate");

    gate.await.expect("gate task").expect("the gate commits");
    a.await.expect("A commits");
    match b.await {
        Err(StoreError::Other(message)) => assert_eq!(message, "unit B gives up"),
        other => panic!("B must get its own error, got {other:?}"),
    }
    c.await.expect("C commits");
    assert_eq!(ids(&backend, "scratch").await, vec![1, 3]);
    assert_eq!(stats.groups(), groups + 1, "A, B and C form one group");
    assert_eq!(stats.units(), units + 3);
    assert_eq!(stats.failed_commits(), 0);
}

#[tokio::test]
async fn a_failed_commit_answers_every_unit_of_the_group_with_an_error_and_keeps_nothing() {
    let database = TestDatabase::sqlite();
    let backend = open(&database);
    create_tables(&backend, PARENT_CHILD).await;
    let stats = backend.writer_stats();
    let (release, gate) = hold_the_writer(&backend).await;
    let groups = stats.groups();

    let a = queue(insert(&backend, "parent", 1)).await;
    let b = queue(insert(&backend, "child", 10)).await;
    // Deferred, the orphan passes its own statement and savepoint and fails only the COMMIT.
    let c = queue(backend.write(|conn| {
        Box::pin(async move {
            conn.execute_batch("PRAGMA defer_foreign_keys = ON").await?;
            conn.execute(
                "INSERT INTO child (id, parent_id) VALUES ($1, $2)",
                &params![11_i64, 99_i64],
            )
            .await
            .map(|_| ())
        })
    }))
    .await;
    release.send(()).expect("release the gate");

    gate.await.expect("gate task").expect("the gate commits");
    let answers = [a.await, b.await, c.await];
    for (unit, answer) in ["A", "B", "C"].iter().zip(&answers) {
        // None is acknowledged, and each is told to retry: the units themselves were fine.
        assert!(
            matches!(answer, Err(StoreError::Unavailable(_))),
            "{unit} was answered {answer:?}"
        );
    }
    assert_eq!(stats.groups(), groups + 1, "A, B and C form one group");
    assert_eq!(stats.failed_commits(), 1);
    assert_eq!(ids(&backend, "parent").await, Vec::<i64>::new());
    assert_eq!(ids(&backend, "child").await, Vec::<i64>::new());

    insert(&backend, "parent", 2)
        .await
        .expect("the next write commits");
    assert_eq!(ids(&backend, "parent").await, vec![2]);
    assert_eq!(stats.failed_commits(), 1);
}

#[tokio::test]
async fn a_panicking_unit_fails_only_itself_and_the_next_write_succeeds() {
    let database = TestDatabase::sqlite();
    let backend = open(&database);
    create_tables(&backend, SCRATCH).await;
    let stats = backend.writer_stats();
    let (release, gate) = hold_the_writer(&backend).await;
    let groups = stats.groups();

    let a = queue(insert(&backend, "scratch", 1)).await;
    let p = queue(backend.write::<(), _>(|conn| {
        Box::pin(async move {
            insert_row(conn, "scratch", 2).await?;
            panic!("unit P panics on purpose")
        })
    }))
    .await;
    let c = queue(insert(&backend, "scratch", 3)).await;
    release.send(()).expect("release the gate");

    gate.await.expect("gate task").expect("the gate commits");
    a.await.expect("A commits");
    assert!(p.await.is_err(), "the panicking unit fails");
    c.await.expect("C commits");
    assert_eq!(ids(&backend, "scratch").await, vec![1, 3]);
    assert_eq!(stats.groups(), groups + 1, "A, P and C form one group");
    assert_eq!(stats.failed_commits(), 0);

    insert(&backend, "scratch", 4)
        .await
        .expect("the next write commits");
    assert_eq!(ids(&backend, "scratch").await, vec![1, 3, 4]);
}

#[tokio::test]
async fn reads_see_a_write_as_soon_as_it_is_acknowledged() {
    let database = TestDatabase::sqlite();
    let backend = open(&database);
    create_tables(&backend, SCRATCH).await;
    let mut expected = Vec::new();
    for id in 1..=20 {
        insert(&backend, "scratch", id).await.expect("write");
        expected.push(id);
        assert_eq!(ids(&backend, "scratch").await, expected);
    }
}

/// A full disk (here: the database held at its current size with `max_page_count`) refuses
/// writes as unavailable, keeps nothing of them, and the writer goes on once there is room.
#[tokio::test]
async fn a_full_disk_is_unavailable_and_writing_resumes_when_there_is_room() {
    let database = TestDatabase::sqlite();
    let backend = open(&database);
    create_tables(&backend, SCRATCH).await;
    let set_limit = |pages: &'static str| {
        let sql = format!("PRAGMA max_page_count = {pages}");
        backend.write(move |conn| Box::pin(async move { conn.execute_batch(&sql).await }))
    };
    // `max_page_count` cannot go below the current size, so 1 means "exactly as large as now".
    set_limit("1").await.expect("cap the database at its size");
    let big = "x".repeat(64 * 1024);
    let full = backend
        .write(move |conn| {
            Box::pin(async move {
                conn.execute(
                    "INSERT INTO scratch (id, note) VALUES ($1, $2)",
                    &params![1_i64, big.as_str()],
                )
                .await
            })
        })
        .await;
    assert!(
        matches!(full, Err(StoreError::Unavailable(_))),
        "a full database is unavailable: {full:?}"
    );
    set_limit("1073741823").await.expect("room again");
    insert(&backend, "scratch", 2)
        .await
        .expect("the writer goes on");
    assert_eq!(ids(&backend, "scratch").await, vec![2]);
}
