//! Backend choice: the database URL's scheme picks SQLite or PostgreSQL, once, here. Nothing
//! else in openkor knows which backend is in use.

use crate::config::DatabaseConfig;
use crate::data_keys::DataKeyError;
use openkor_store::sealing::KeyId;
use openkor_store::sql_store::{SealedAtRest, SqlStore};
use openkor_store::{Store, StoreError};
use openkor_store_postgres::{PostgresConfig, PostgresStore};
use openkor_store_sqlite::{SqliteConfig, SqliteStore};
use std::sync::Arc;

/// An open, migrated store and the handle that closes it.
pub struct Database {
    /// The store every use case shares.
    pub store: Arc<dyn Store>,
    /// What opening it sealed: plaintext an earlier release left, values under the previous key.
    pub sealed_at_rest: SealedAtRest,
    /// The key values are sealed under.
    pub data_key_id: KeyId,
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
    /// No data key could be had.
    #[error("{0}")]
    DataKey(#[from] DataKeyError),
    /// What is at rest could not be opened with the data keys (or sealed under them).
    #[error(
        "{0} (the data key is --data-key-file; while rotating, the old one is \
         --previous-data-key-file)"
    )]
    SealAtRest(StoreError),
}

/// `store` with its data keys, once it sealed under the primary key what is at rest in
/// plaintext or under the previous key (refusing a key that opens nothing of it).
async fn with_data_keys<B: openkor_store::db::Backend>(
    store: SqlStore<B>,
    config: &DatabaseConfig,
) -> Result<(SqlStore<B>, SealedAtRest, KeyId), DatabaseError> {
    let keys = crate::data_keys::keys_for(config, &store).await?;
    let key_id = keys.primary_id();
    let store = store.with_data_keys(keys);
    let done = store
        .seal_at_rest()
        .await
        .map_err(DatabaseError::SealAtRest)?;
    if done != SealedAtRest::default() {
        tracing::info!(
            sealed = done.sealed,
            resealed = done.resealed,
            key_id = %key_id,
            "sealed personal data and server secrets at rest under the data key"
        );
    }
    Ok((store, done, key_id))
}

impl Database {
    /// Connects to `config.url`, applies pending migrations, and seals what is at rest under
    /// the data key (see [`with_data_keys`]).
    pub async fn open(config: &DatabaseConfig) -> Result<Self, DatabaseError> {
        let url = config.url.as_str();
        let (backend, sealed_at_rest, data_key_id) = if url.starts_with("sqlite:") {
            let store = openkor_store_sqlite::open_store(&SqliteConfig {
                url: config.url.clone(),
                reader_connections_max: config.pool_size,
                busy_timeout_ms: config.busy_timeout_ms,
            })?;
            let (store, done, key_id) = with_data_keys(store, config).await?;
            (Backend::Sqlite(store), done, key_id)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let store = openkor_store_postgres::connect_store(&PostgresConfig {
                url: config.url.clone(),
                connections_max: config.pool_size,
                acquire_timeout_ms: config.acquire_timeout_ms,
            })
            .await?;
            let (store, done, key_id) = with_data_keys(store, config).await?;
            (Backend::Postgres(store), done, key_id)
        } else {
            return Err(DatabaseError::UnsupportedScheme(crate::config::redact_url(
                url,
            )));
        };
        let store: Arc<dyn Store> = match &backend {
            Backend::Sqlite(store) => Arc::new(store.clone()),
            Backend::Postgres(store) => Arc::new(store.clone()),
        };
        Ok(Self {
            store,
            sealed_at_rest,
            data_key_id,
            backend,
        })
    }

    /// What the storage metrics are read from.
    pub(crate) fn storage_collector(&self) -> crate::metrics::StorageCollector {
        match &self.backend {
            Backend::Sqlite(store) => crate::metrics::StorageCollector::Sqlite(store.clone()),
            Backend::Postgres(store) => crate::metrics::StorageCollector::Postgres(store.clone()),
        }
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
