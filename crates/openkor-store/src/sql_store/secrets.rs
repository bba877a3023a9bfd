//! Server-wide secrets kept in the database, sealed under the data key (`crate::sealing`), so
//! that a copy of the database alone gives none of them away. A secret an earlier release stored
//! in plaintext (`secret`) is read as it is until the next start seals it (`sealed_at_rest`).

use super::SqlStore;
use super::rows;
use crate::db::{Backend, Conn, Row};
use crate::sealing::DataKeys;
use crate::{SecretName, SecretStore, StoreError, params};
use openkor_domain::clock::Timestamp;

/// What a sealed server secret is bound to: its table and its name.
pub(crate) fn secret_context(name: &str) -> Vec<u8> {
    [b"server_secrets.sealed:".as_slice(), name.as_bytes()].concat()
}

/// The secret `name` from its stored forms: the sealed one opened with `keys`, or the
/// plaintext an earlier release wrote.
pub(crate) fn stored_secret(
    name: &str,
    plaintext: Option<Vec<u8>>,
    sealed: Option<Vec<u8>>,
    keys: &DataKeys,
) -> Result<[u8; 32], StoreError> {
    let bytes = match (sealed, plaintext) {
        (Some(sealed), _) => keys.open(&secret_context(name), &sealed)?,
        (None, Some(plaintext)) => plaintext,
        (None, None) => return Err(StoreError::Other(format!("server secret {name} is empty"))),
    };
    rows::secret_hash(bytes)
}

#[async_trait::async_trait]
impl<B: Backend> SecretStore for SqlStore<B> {
    async fn secret_or_insert(
        &self,
        name: SecretName,
        candidate: [u8; 32],
    ) -> Result<[u8; 32], StoreError> {
        let now = Timestamp::from_offset_date_time(time::OffsetDateTime::now_utc());
        let keys = self.data_keys()?;
        let sealed = keys.seal(&secret_context(name.code()), &candidate)?;
        self.backend
            .write(move |conn| {
                Box::pin(async move {
                    conn.execute(
                        "INSERT INTO server_secrets (name, sealed, created_at) VALUES ($1, $2, $3) \
                         ON CONFLICT (name) DO NOTHING",
                        &params![name.code(), sealed.as_slice(), now],
                    )
                    .await?;
                    let (plaintext, sealed) = conn
                        .query_one(
                            "SELECT secret, sealed FROM server_secrets WHERE name = $1",
                            &params![name.code()],
                            &mut |row: &dyn Row| Ok((row.opt_bytes(0)?, row.opt_bytes(1)?)),
                        )
                        .await?;
                    stored_secret(name.code(), plaintext, sealed, &keys)
                })
            })
            .await
    }
}
