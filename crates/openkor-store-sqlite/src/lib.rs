//! The embedded SQLite backend: one file, WAL journal, foreign keys on, a busy timeout.
//!
//! Writes go through a pool of exactly one connection and start with `BEGIN IMMEDIATE`, so a
//! write never fails half-way for want of the lock (it waits up to the busy timeout instead);
//! reads use a separate pool of read-only connections that WAL lets run beside the writer.

mod addresses;
mod beneficiaries;
mod bind;
mod business_accounts;
mod customers;
mod error;
mod financial_accounts;
mod ledger;
mod paged;
mod provisioning;
mod rows;
mod secrets;
mod service_accounts;

use error::store_error;
use openkor_store::StoreError;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use std::str::FromStr;
use std::time::Duration;

/// How to open the database.
#[derive(Clone, Debug)]
pub struct SqliteConfig {
    /// `sqlite://path/to/file.db` (created if missing) or `sqlite::memory:`.
    pub url: String,
    /// Read-only connections in the reader pool.
    pub reader_connections_max: u32,
    /// How long a statement waits for a lock before failing, in milliseconds.
    pub busy_timeout_ms: u64,
    /// How long a caller waits for a free pooled connection, in milliseconds.
    pub acquire_timeout_ms: u64,
}

/// The SQLite store. Cheap to clone: both pools are shared handles.
#[derive(Clone, Debug)]
pub struct SqliteStore {
    writer: SqlitePool,
    reader: SqlitePool,
}

impl SqliteStore {
    /// Opens (creating if missing) the database. Run [`SqliteStore::migrate`] before use.
    pub async fn connect(config: &SqliteConfig) -> Result<Self, StoreError> {
        let options = SqliteConnectOptions::from_str(&config.url)
            .map_err(|e| StoreError::Other(format!("invalid SQLite URL: {e}")))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_millis(config.busy_timeout_ms));
        let acquire_timeout = Duration::from_millis(config.acquire_timeout_ms);
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .acquire_timeout(acquire_timeout)
            .connect_with(options.clone())
            .await
            .map_err(store_error)?;
        let in_memory = config.url.contains(":memory:") || config.url.contains("mode=memory");
        let reader = if in_memory {
            writer.clone()
        } else {
            SqlitePoolOptions::new()
                .max_connections(config.reader_connections_max.max(1))
                .acquire_timeout(acquire_timeout)
                .connect_lazy_with(options.read_only(true))
        };
        Ok(Self { writer, reader })
    }

    /// Applies every pending migration.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        sqlx::migrate!("./migrations")
            .run(&self.writer)
            .await
            .map_err(|e| StoreError::Other(format!("migration failed: {e}")))
    }

    /// Closes both pools, waiting for connections in use to be returned.
    pub async fn close(&self) {
        self.reader.close().await;
        self.writer.close().await;
    }

    async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, StoreError> {
        self.writer
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(store_error)
    }
}

#[async_trait::async_trait]
impl openkor_store::HealthStore for SqliteStore {
    async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1")
            .execute(&self.reader)
            .await
            .map(|_| ())
            .map_err(store_error)
    }
}
