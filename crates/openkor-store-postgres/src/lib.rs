//! The PostgreSQL backend, on tokio-postgres with a deadpool pool: a connection is taken without
//! a ping (a dead one is noticed by its failed statement and dropped), statements are prepared
//! once per connection, so a one-statement read is one round trip.
//!
//! Snapshot reads run in `REPEATABLE READ READ ONLY` db transactions, so a page and its total
//! come from one snapshot; writes run in `READ COMMITTED` db transactions, short, taking row
//! locks in a fixed order, and lean on constraints for their invariants.

mod conn;
mod error;
mod tls;

pub use conn::PgConn;

use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod, Runtime};
use error::pool_error;
use openkor_store::StoreError;
use openkor_store::db::{Backend, BoxFuture, Work};
use openkor_store::sql_store::SqlStore;
use std::time::Duration;

/// The PostgreSQL store: every aggregate over the PostgreSQL backend.
pub type PostgresStore = SqlStore<PostgresBackend>;

/// How to reach the database.
#[derive(Clone, Debug)]
pub struct PostgresConfig {
    /// `postgres://user:password@host:port/database`.
    pub url: String,
    /// Connections in the pool.
    pub connections_max: u32,
    /// How long a caller waits for a free pooled connection (and a new connection to open), in
    /// milliseconds.
    pub acquire_timeout_ms: u64,
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

/// The connection pool of one PostgreSQL database.
#[derive(Clone, Debug)]
pub struct PostgresBackend {
    pool: Pool,
}

impl PostgresBackend {
    /// Builds the pool (connections open on first use) and applies pending migrations.
    pub async fn connect(config: &PostgresConfig) -> Result<Self, StoreError> {
        let (mut pg_config, tls) = tls::configure(&config.url)?;
        let timeout = Duration::from_millis(config.acquire_timeout_ms);
        pg_config
            .application_name("openkor")
            .connect_timeout(timeout);
        let manager = Manager::from_config(
            pg_config,
            tls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(config.connections_max.max(1) as usize)
            .runtime(Runtime::Tokio1)
            .wait_timeout(Some(timeout))
            .create_timeout(Some(timeout))
            .build()
            .map_err(|e| StoreError::Other(format!("cannot build the pool: {e}")))?;
        let backend = Self { pool };
        backend
            .write(|conn| Box::pin(openkor_store::db::migrate::run(conn, MIGRATIONS)))
            .await?;
        Ok(backend)
    }

    /// The pool now: (connections open, of which idle, requests waiting for one).
    pub fn pool_status(&self) -> (usize, usize, usize) {
        let status = self.pool.status();
        (status.size, status.available, status.waiting)
    }

    /// Closes the pool: connections in use close when they are returned.
    pub fn close(&self) {
        self.pool.close();
    }

    async fn conn(&self) -> Result<PgConn, StoreError> {
        self.pool.get().await.map(PgConn::new).map_err(pool_error)
    }

    async fn in_transaction<T: Send + 'static>(
        &self,
        begin: &str,
        work: impl Work<PgConn, T>,
    ) -> Result<T, StoreError> {
        let mut conn = self.conn().await?;
        conn.begin(begin).await?;
        let result = work(&mut conn).await;
        let ended = conn.end(result.is_ok()).await;
        let value = result?;
        ended.map(|()| value)
    }
}

impl Backend for PostgresBackend {
    type Conn = PgConn;

    async fn read<T, F>(&self, work: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: for<'c> FnOnce(&'c mut PgConn) -> BoxFuture<'c, Result<T, StoreError>> + Send + 'static,
    {
        let mut conn = self.conn().await?;
        work(&mut conn).await
    }

    async fn snapshot<T, F>(&self, work: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: for<'c> FnOnce(&'c mut PgConn) -> BoxFuture<'c, Result<T, StoreError>> + Send + 'static,
    {
        self.in_transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", work)
            .await
    }

    async fn write<T, F>(&self, work: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: for<'c> FnOnce(&'c mut PgConn) -> BoxFuture<'c, Result<T, StoreError>> + Send + 'static,
    {
        self.in_transaction("BEGIN", work).await
    }

    /// `VACUUM (FULL)` rewrites each table into new files from its live rows only (dead row
    /// versions go with the old files), under an exclusive lock on it meanwhile. The server's
    /// write-ahead log and archives keep their copies until they are recycled.
    async fn erase_free_space(&self, tables: &'static [&'static str]) -> Result<(), StoreError> {
        let vacuum = format!("VACUUM (FULL) {}", tables.join(", "));
        self.read(move |conn| {
            Box::pin(async move { openkor_store::db::Conn::execute_batch(conn, &vacuum).await })
        })
        .await
    }

    fn shared_by_processes(&self) -> bool {
        true
    }
}

/// Connects the PostgreSQL store (see [`PostgresBackend::connect`]).
pub async fn connect_store(config: &PostgresConfig) -> Result<PostgresStore, StoreError> {
    PostgresBackend::connect(config).await.map(SqlStore::new)
}
