//! Server-wide secrets kept in the database.

use super::SqlStore;
use super::rows;
use crate::db::{Backend, Conn, Row};
use crate::{SecretName, SecretStore, StoreError, params};
use openkor_domain::clock::Timestamp;

#[async_trait::async_trait]
impl<B: Backend> SecretStore for SqlStore<B> {
    async fn secret_or_insert(
        &self,
        name: SecretName,
        candidate: [u8; 32],
    ) -> Result<[u8; 32], StoreError> {
        let now = Timestamp::from_offset_date_time(time::OffsetDateTime::now_utc());
        self.backend
            .write(move |conn| {
                Box::pin(async move {
                    conn.execute(
                        "INSERT INTO server_secrets (name, secret, created_at) VALUES ($1, $2, $3) \
                         ON CONFLICT (name) DO NOTHING",
                        &params![name.code(), candidate.as_slice(), now],
                    )
                    .await?;
                    let stored = conn
                        .query_one(
                            "SELECT secret FROM server_secrets WHERE name = $1",
                            &params![name.code()],
                            &mut |row: &dyn Row| row.bytes(0),
                        )
                        .await?;
                    rows::secret_hash(stored)
                })
            })
            .await
    }
}
