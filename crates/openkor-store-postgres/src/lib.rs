//! The PostgreSQL backend: one connection pool, prepared statements cached per connection.
//!
//! Multi-statement reads run in `REPEATABLE READ READ ONLY` transactions so a page and its total
//! come from one snapshot; writes run in `READ COMMITTED` transactions and lean on constraints
//! (unique, foreign key, check) for their invariants.

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
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use std::str::FromStr;
use std::time::Duration;

/// How to reach the database.
#[derive(Clone, Debug)]
pub struct PostgresConfig {
    /// `postgres://user:password@host:port/database`.
    pub url: String,
    /// Connections in the pool.
    pub connections_max: u32,
    /// How long a caller waits for a free pooled connection, in milliseconds.
    pub acquire_timeout_ms: u64,
}

/// The PostgreSQL store. Cheap to clone: the pool is a shared handle.
#[derive(Clone, Debug)]
pub struct PostgresStore {
    pool: PgPool,
}

impl PostgresStore {
    /// Connects. Run [`PostgresStore::migrate`] before use.
    pub async fn connect(config: &PostgresConfig) -> Result<Self, StoreError> {
        let options = PgConnectOptions::from_str(&config.url)
            .map_err(|e| StoreError::Other(format!("invalid PostgreSQL URL: {e}")))?
            .application_name("openkor");
        let pool = PgPoolOptions::new()
            .max_connections(config.connections_max.max(1))
            .acquire_timeout(Duration::from_millis(config.acquire_timeout_ms))
            .connect_with(options)
            .await
            .map_err(store_error)?;
        Ok(Self { pool })
    }

    /// Applies every pending migration (serialised across servers by an advisory lock).
    pub async fn migrate(&self) -> Result<(), StoreError> {
        sqlx::migrate!("./migrations")
            .run(&self.pool)
            .await
            .map_err(|e| StoreError::Other(format!("migration failed: {e}")))
    }

    /// Closes the pool, waiting for connections in use to be returned.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Postgres>, StoreError> {
        self.pool.begin().await.map_err(store_error)
    }

    async fn begin_read(&self) -> Result<sqlx::Transaction<'static, sqlx::Postgres>, StoreError> {
        self.pool
            .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            .await
            .map_err(store_error)
    }
}

#[async_trait::async_trait]
impl openkor_store::HealthStore for PostgresStore {
    async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map(|_| ())
            .map_err(store_error)
    }
}
