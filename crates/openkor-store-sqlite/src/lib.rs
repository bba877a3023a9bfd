//! The embedded SQLite backend, on rusqlite: one file, WAL journal, `synchronous=FULL`, foreign
//! keys on, temporary storage in memory (each write unit's savepoint journal would otherwise
//! spill to a temporary file; see BENCHMARKS).
//!
//! Threads own the connections: a few readers share one queue of read units of work, and one
//! writer commits queued write units of work in groups (see `writer.rs`). The async side only
//! sends a unit of work and awaits its answer: one hop, no pool, no ping.

mod conn;
mod error;
mod reader;
mod run_now;
mod writer;

pub use conn::SqliteConn;
pub use writer::WriterStats;

use openkor_store::StoreError;
use openkor_store::db::{Backend, BoxFuture};
use openkor_store::sql_store::SqlStore;
use reader::Readers;
use rusqlite::{Connection, OpenFlags};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use writer::Writer;

/// The SQLite store: every aggregate over the SQLite backend.
pub type SqliteStore = SqlStore<SqliteBackend>;

/// How to open the database.
#[derive(Clone, Debug)]
pub struct SqliteConfig {
    /// `sqlite://path/to/file.db` (created if missing).
    pub url: String,
    /// Reader threads, each with its own read-only connection.
    pub reader_connections_max: u32,
    /// How long a statement waits for a lock another process holds, in milliseconds.
    pub busy_timeout_ms: u64,
}

/// The migrations, applied in order by [`openkor_store::db::migrate::run`].
const MIGRATIONS: &[openkor_store::db::migrate::Migration] = openkor_store::migrations![
    (1, "foundation", "../migrations/0001_foundation.sql"),
    (2, "customers", "../migrations/0002_customers.sql"),
    (
        3,
        "financial accounts",
        "../migrations/0003_financial_accounts.sql"
    ),
    (
        4,
        "ledger account guards",
        "../migrations/0004_ledger_account_guards.sql"
    ),
    (5, "transactions", "../migrations/0005_transactions.sql"),
    (
        6,
        "prenote verifications",
        "../migrations/0006_prenote_verifications.sql"
    ),
    (
        7,
        "idempotency key expiry",
        "../migrations/0007_idempotency_key_expiry.sql"
    ),
    (8, "reversals", "../migrations/0008_reversals.sql"),
    (9, "ach returns", "../migrations/0009_ach_returns.sql"),
    (
        10,
        "transaction limits",
        "../migrations/0010_transaction_limits.sql"
    ),
    (
        11,
        "business account limits",
        "../migrations/0011_business_account_limits.sql"
    ),
    (12, "recipients", "../migrations/0012_recipients.sql"),
    (13, "webhooks", "../migrations/0013_webhooks.sql"),
    (14, "list_indexes", "../migrations/0014_list_indexes.sql"),
    (
        15,
        "more_list_indexes",
        "../migrations/0015_more_list_indexes.sql"
    ),
    (
        16,
        "full_text_search",
        "../migrations/0016_full_text_search.sql"
    ),
    (17, "page_ends", "../migrations/0017_page_ends.sql"),
    (
        18,
        "gin_pending_lists",
        "../migrations/0018_gin_pending_lists.sql"
    ),
    (
        19,
        "sealed_personal_data",
        "../migrations/0019_sealed_personal_data.sql"
    ),
    (
        20,
        "sealed_webhook_secrets",
        "../migrations/0020_sealed_webhook_secrets.sql"
    ),
    (
        21,
        "derived_default_limits",
        "../migrations/0021_derived_default_limits.sql"
    ),
    (
        22,
        "address_and_contact_ids",
        "../migrations/0022_address_and_contact_ids.sql"
    ),
];

/// The threads and queues of one SQLite database.
#[derive(Clone, Debug)]
pub struct SqliteBackend {
    readers: Readers,
    writer: Writer,
    /// The database file, for a connection of its own (see `erase_free_space`).
    path: Arc<PathBuf>,
    busy_timeout_ms: u64,
}

/// The database file a `sqlite://` URL names.
pub fn database_path(url: &str) -> Result<PathBuf, StoreError> {
    let path = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .ok_or_else(|| StoreError::Other(format!("not a SQLite URL: {url}")))?;
    let path = path.split('?').next().unwrap_or(path);
    if path.is_empty() || path.contains(":memory:") {
        return Err(StoreError::Other(
            "SQLite needs a file (sqlite://path/to/file.db); in-memory databases are not supported"
                .into(),
        ));
    }
    Ok(PathBuf::from(path))
}

/// The page caches of all connections together, in KiB: each connection (the readers and the
/// writer) gets an equal share, at least [`PAGE_CACHE_MIN_KIB`]. A cache per connection of
/// 16 MiB made the process's own memory grow past 230 MB at a million rows with ten readers;
/// pages beyond the caches come from the memory map or the operating system's page cache.
const PAGE_CACHE_BUDGET_KIB: u32 = 64 * 1024;
/// The least page cache of one connection, in KiB (SQLite's default size).
const PAGE_CACHE_MIN_KIB: u32 = 2 * 1024;
/// How much of the database file each connection reads through a memory map instead of
/// copying pages in: its pages are the operating system's page cache, shared by every
/// connection and reclaimable, not the process's own memory.
const MMAP_BYTES: u64 = 1 << 30;

/// Each connection's share of [`PAGE_CACHE_BUDGET_KIB`] when there are `connections`.
fn page_cache_kib(connections: u32) -> u32 {
    (PAGE_CACHE_BUDGET_KIB / connections.max(1)).max(PAGE_CACHE_MIN_KIB)
}

fn open(
    path: &PathBuf,
    flags: OpenFlags,
    busy_timeout_ms: u64,
    page_cache_kib: u32,
) -> Result<SqliteConn, StoreError> {
    let connection = Connection::open_with_flags(path, flags).map_err(error::store_error)?;
    connection
        .busy_timeout(Duration::from_millis(busy_timeout_ms))
        .map_err(error::store_error)?;
    connection
        .execute_batch(&format!(
            "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA temp_store = MEMORY; \
             PRAGMA cache_size = -{page_cache_kib}; PRAGMA mmap_size = {MMAP_BYTES};"
        ))
        .map_err(error::store_error)?;
    Ok(SqliteConn::new(connection))
}

impl SqliteBackend {
    /// Opens (creating if missing) the database, applies pending migrations, and starts the
    /// writer and reader threads.
    pub fn open(config: &SqliteConfig) -> Result<Self, StoreError> {
        let path = database_path(&config.url)?;
        let write_flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let readers_max = config.reader_connections_max.max(1);
        let page_cache_kib = page_cache_kib(readers_max.saturating_add(1));
        let mut writer = open(&path, write_flags, config.busy_timeout_ms, page_cache_kib)?;
        writer
            .raw()
            .pragma_update(None, "journal_mode", "WAL")
            .map_err(error::store_error)?;
        migrate(&mut writer)?;
        let busy_timeout_ms = config.busy_timeout_ms;
        let path = Arc::new(path);
        let reader_path = Arc::clone(&path);
        let open_reader: reader::Open = Arc::new(move || {
            let read_flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            open(&reader_path, read_flags, busy_timeout_ms, page_cache_kib)
        });
        let readers = (0..readers_max)
            .map(|_| open_reader())
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self {
            readers: Readers::start(readers, &open_reader)?,
            writer: Writer::start(writer)?,
            path,
            busy_timeout_ms,
        })
    }

    /// The writer's counters.
    pub fn writer_stats(&self) -> Arc<WriterStats> {
        Arc::clone(self.writer.stats())
    }

    /// Units of work waiting for a thread now: (writes, reads).
    pub fn waiting(&self) -> (usize, usize) {
        (self.writer.waiting(), self.readers.waiting())
    }
}

/// Applies pending migrations on the write connection, in one db transaction, before any
/// thread starts.
///
/// Foreign keys are off meanwhile, SQLite's documented way to rebuild a table others refer to
/// (the only way to drop a CHECK): when any migration was applied, `PRAGMA foreign_key_check`
/// must then find nothing before the db transaction commits, so the migrations still cannot
/// leave a dangling reference.
fn migrate(conn: &mut SqliteConn) -> Result<(), StoreError> {
    let raw = |conn: &mut SqliteConn, sql: &str| {
        conn.raw().execute_batch(sql).map_err(error::store_error)
    };
    raw(conn, "PRAGMA foreign_keys = OFF")?;
    let migrated = conn.in_transaction("BEGIN IMMEDIATE", |conn| {
        let applied = run_now::run_now(openkor_store::db::migrate::run(conn, MIGRATIONS))?;
        // Only a migration can have left a dangling reference: a start with nothing to apply
        // does not scan every foreign key.
        if applied > 0 {
            dangling_references(conn)?;
        }
        Ok(())
    });
    raw(conn, "PRAGMA foreign_keys = ON")?;
    migrated
}

/// Fails when some row refers to a row that does not exist.
fn dangling_references(conn: &mut SqliteConn) -> Result<(), StoreError> {
    let mut check = conn
        .raw()
        .prepare("PRAGMA foreign_key_check")
        .map_err(error::store_error)?;
    let mut rows = check.query([]).map_err(error::store_error)?;
    match rows.next().map_err(error::store_error)? {
        None => Ok(()),
        Some(row) => {
            let table: String = row.get(0).map_err(error::store_error)?;
            Err(StoreError::Other(format!(
                "a migration left a row of {table} referring to a row that does not exist"
            )))
        }
    }
}

impl Backend for SqliteBackend {
    type Conn = SqliteConn;

    async fn read<T, F>(&self, work: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: for<'c> FnOnce(&'c mut SqliteConn) -> BoxFuture<'c, Result<T, StoreError>>
            + Send
            + 'static,
    {
        self.readers.run(false, work).await
    }

    async fn snapshot<T, F>(&self, work: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: for<'c> FnOnce(&'c mut SqliteConn) -> BoxFuture<'c, Result<T, StoreError>>
            + Send
            + 'static,
    {
        self.readers.run(true, work).await
    }

    async fn write<T, F>(&self, work: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: for<'c> FnOnce(&'c mut SqliteConn) -> BoxFuture<'c, Result<T, StoreError>>
            + Send
            + 'static,
    {
        self.writer.run(work).await
    }

    /// `VACUUM` rebuilds the whole file from the live rows (free pages and the free space of
    /// pages go; `secure_delete` zeroes what it frees meanwhile), then a `TRUNCATE` checkpoint
    /// copies the WAL into the file and empties it. On a connection of its own, outside the
    /// writer's db transactions (`VACUUM` runs outside one); the WAL is emptied only when no
    /// reader is inside a read, as at the start, where this runs.
    async fn erase_free_space(&self, _tables: &'static [&'static str]) -> Result<(), StoreError> {
        let path = Arc::clone(&self.path);
        let busy_timeout_ms = self.busy_timeout_ms;
        tokio::task::spawn_blocking(move || vacuum_and_empty_the_wal(&path, busy_timeout_ms))
            .await
            .map_err(|e| StoreError::Other(format!("the vacuum thread failed: {e}")))?
    }

    /// Readers keep the statistics they loaded with the schema (another connection's `ANALYZE`
    /// does not change the schema): they open their connections again.
    fn statistics_refreshed(&self) {
        self.readers.reload_statistics();
    }
}

/// See [`SqliteBackend::erase_free_space`].
fn vacuum_and_empty_the_wal(
    path: &std::path::Path,
    busy_timeout_ms: u64,
) -> Result<(), StoreError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let connection = Connection::open_with_flags(path, flags).map_err(error::store_error)?;
    connection
        .busy_timeout(Duration::from_millis(busy_timeout_ms))
        .map_err(error::store_error)?;
    connection
        .execute_batch("PRAGMA secure_delete = ON; VACUUM;")
        .map_err(error::store_error)?;
    let blocked: i64 = connection
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |row| row.get(0))
        .map_err(error::store_error)?;
    if blocked != 0 {
        return Err(StoreError::Unavailable(
            "the WAL could not be emptied while another connection was reading (what was \
             sealed is committed): run again once no other process has the database open"
                .into(),
        ));
    }
    Ok(())
}

/// Opens the SQLite store (see [`SqliteBackend::open`]).
pub fn open_store(config: &SqliteConfig) -> Result<SqliteStore, StoreError> {
    SqliteBackend::open(config).map(SqlStore::new)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connections_share_the_page_cache_budget_down_to_the_least_cache() {
        assert_eq!(page_cache_kib(1), PAGE_CACHE_BUDGET_KIB);
        assert_eq!(page_cache_kib(11), PAGE_CACHE_BUDGET_KIB / 11);
        assert_eq!(page_cache_kib(100), PAGE_CACHE_MIN_KIB);
        assert_eq!(page_cache_kib(0), PAGE_CACHE_BUDGET_KIB);
    }
}
