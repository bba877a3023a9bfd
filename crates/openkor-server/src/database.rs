//! Backend choice: the database URL's scheme picks SQLite or PostgreSQL, once, here. Nothing
//! else in openkor knows which backend is in use.

use crate::config::DatabaseConfig;
use openkor_store::{Store, StoreError};
use openkor_store_postgres::{PostgresConfig, PostgresStore};
use openkor_store_sqlite::{SqliteConfig, SqliteStore};
use std::sync::Arc;

/// An open, migrated store and the handle that closes it.
pub struct Database {
    /// The store every use case shares.
    pub store: Arc<dyn Store>,
    backend: Backend,
}

enum Backend {
    Sqlite(SqliteStore),
    Postgres(PostgresStore),
}

/// Why the database could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum DatabaseError {
    /// The URL's scheme is neither `sqlite:` nor `postgres:`/`postgresql:`.
    #[error("unsupported database URL scheme in '{0}'; use sqlite://… or postgres://…")]
    UnsupportedScheme(String),
    /// Connecting or migrating failed.
    #[error("{0}")]
    Store(#[from] StoreError),
}

impl Database {
    /// Connects to `config.url` and applies pending migrations.
    pub async fn open(config: &DatabaseConfig) -> Result<Self, DatabaseError> {
        let url = config.url.as_str();
        let backend = if url.starts_with("sqlite:") {
            let store = openkor_store_sqlite::open_store(&SqliteConfig {
                url: config.url.clone(),
                reader_connections_max: config.pool_size,
                busy_timeout_ms: config.busy_timeout_ms,
            })?;
            Backend::Sqlite(store)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let store = openkor_store_postgres::connect_store(&PostgresConfig {
                url: config.url.clone(),
                connections_max: config.pool_size,
                acquire_timeout_ms: config.acquire_timeout_ms,
            })
            .await?;
            Backend::Postgres(store)
        } else {
            return Err(DatabaseError::UnsupportedScheme(crate::config::redact_url(
                url,
            )));
        };
        let store: Arc<dyn Store> = match &backend {
            Backend::Sqlite(store) => Arc::new(store.clone()),
            Backend::Postgres(store) => Arc::new(store.clone()),
        };
        Ok(Self { store, backend })
    }

    /// Closes the PostgreSQL pool. SQLite's threads end when the last handle to the store is
    /// dropped; every write they acknowledged is already durable.
    pub async fn close(&self) {
        match &self.backend {
            Backend::Sqlite(_) => {}
            Backend::Postgres(store) => store.backend().close(),
        }
    }
}
