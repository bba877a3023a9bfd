//! Server secrets on PostgreSQL.

use crate::PostgresStore;
use crate::error::store_error;
use async_trait::async_trait;
use openkor_store::{SecretName, SecretStore, StoreError};
use sqlx::{Postgres, Row};

#[async_trait]
impl SecretStore for PostgresStore {
    async fn secret_or_insert(
        &self,
        name: SecretName,
        candidate: [u8; 32],
    ) -> Result<[u8; 32], StoreError> {
        let mut tx = self.begin_write().await?;
        sqlx::query::<Postgres>(
            "INSERT INTO server_secrets (name, secret, created_at) \
             VALUES ($1, $2, now()) \
             ON CONFLICT (name) DO NOTHING",
        )
        .bind(name.code())
        .bind(candidate.to_vec())
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
        let stored: Vec<u8> = sqlx::query("SELECT secret FROM server_secrets WHERE name = $1")
            .bind(name.code())
            .fetch_one(&mut *tx)
            .await
            .and_then(|row| row.try_get("secret"))
            .map_err(store_error)?;
        tx.commit().await.map_err(store_error)?;
        stored
            .try_into()
            .map_err(|_| StoreError::Other("a stored secret has the wrong length".into()))
    }
}
