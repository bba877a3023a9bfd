//! Sealing what is still at rest in plaintext, or under a previous data key, once the store
//! has its keys: at every start and by `openkor data-keys rotate`.
//!
//! Every server secret is opened (there are two), so a database sealed under a key that is
//! neither the primary nor the previous one is refused before anything is served: a wrong key
//! file stops the start with a clear error, never a garbled value later. Beneficial owners are
//! read in batches of those whose social id is in plaintext or names another key than the
//! primary (the key id is bytes 2 to 5 of a sealed value); on a database already sealed under
//! the primary key, one scan finds none. Each batch is one write db transaction that locks its
//! rows first (`FOR UPDATE` on PostgreSQL; SQLite's one writer is alone), so a concurrent
//! update is never overwritten with the value read before it. A row's `version` stays: its
//! content did not change.
//!
//! When anything was rewritten, the backend erases what the old rows left in the database's
//! files ([`Backend::erase_free_space`]): plaintext an earlier release wrote, or values under a
//! key being retired.

use super::SqlStore;
use super::secrets::{secret_context, stored_secret};
use crate::db::{Backend, Conn, Row};
use crate::records::social_id_context;
use crate::sealing::{DataKeys, KeyId, SealError, sealed_under};
use crate::{StoreError, params};
use std::sync::Arc;
use uuid::Uuid;

/// Beneficial owners sealed again per db transaction.
const BATCH_ROWS_MAX: i64 = 500;

/// The tables whose values are sealed, whose files are erased after they were rewritten.
const SEALED_TABLES: &[&str] = &["beneficiaries", "server_secrets"];

/// What [`SqlStore::seal_at_rest`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SealedAtRest {
    /// Values found in plaintext, now sealed under the primary key.
    pub sealed: u64,
    /// Values found under the previous key, now sealed under the primary key.
    pub resealed: u64,
}

impl SealedAtRest {
    fn add(&mut self, was_sealed: bool) {
        if was_sealed {
            self.resealed += 1;
        } else {
            self.sealed += 1;
        }
    }

    fn rewrote_any(self) -> bool {
        self.sealed + self.resealed > 0
    }
}

/// A stored value: in plaintext, or sealed (under some key).
enum Stored {
    Plaintext(Vec<u8>),
    Sealed(Vec<u8>),
}

impl Stored {
    /// The value of a row's two columns. Plaintext wins: only an earlier release writes it,
    /// and it leaves the sealed column as it was.
    fn from_columns(plaintext: Option<Vec<u8>>, sealed: Option<Vec<u8>>) -> Option<Self> {
        plaintext.map(Self::Plaintext).or(sealed.map(Self::Sealed))
    }

    fn is_sealed(&self) -> bool {
        matches!(self, Stored::Sealed(_))
    }

    /// The value sealed under the primary key, or `None` when it already is (after checking
    /// it opens).
    fn sealed_again(&self, keys: &DataKeys, context: &[u8]) -> Result<Option<Vec<u8>>, SealError> {
        let plaintext = match self {
            Stored::Plaintext(plaintext) => plaintext.clone(),
            Stored::Sealed(sealed) => {
                let plaintext = keys.open(context, sealed)?;
                if sealed_under(sealed)? == keys.primary_id() {
                    return Ok(None);
                }
                plaintext
            }
        };
        keys.seal(context, &plaintext).map(Some)
    }
}

impl<B: Backend> SqlStore<B> {
    /// The key some value of the database is sealed under, if it holds any: whether a new key
    /// may be made for it.
    pub async fn a_sealing_key(&self) -> Result<Option<KeyId>, StoreError> {
        let found = self
            .backend
            .read(|conn| {
                Box::pin(async move {
                    conn.query_opt(
                        "SELECT s.sealed FROM (SELECT sealed FROM server_secrets WHERE sealed IS NOT NULL \
                         UNION ALL SELECT social_id_sealed FROM beneficiaries \
                         WHERE social_id_sealed IS NOT NULL) AS s LIMIT 1",
                        &params![],
                        &mut |row: &dyn Row| row.bytes(0),
                    )
                    .await
                })
            })
            .await?;
        Ok(found.map(|sealed| sealed_under(&sealed)).transpose()?)
    }

    /// Seals every value still in plaintext, and every value under the previous key, under the
    /// primary key; fails on a value under any other key, or one that does not open.
    pub async fn seal_at_rest(&self) -> Result<SealedAtRest, StoreError> {
        let keys = self.data_keys()?;
        let mut done = self.seal_server_secrets(Arc::clone(&keys)).await?;
        loop {
            let batch = self.seal_social_ids(Arc::clone(&keys)).await?;
            if !batch.rewrote_any() {
                break;
            }
            done.sealed += batch.sealed;
            done.resealed += batch.resealed;
        }
        if done.rewrote_any() {
            self.backend.erase_free_space(SEALED_TABLES).await?;
        }
        Ok(done)
    }

    async fn seal_server_secrets(&self, keys: Arc<DataKeys>) -> Result<SealedAtRest, StoreError> {
        self.backend
            .write(move |conn| {
                Box::pin(async move {
                    let select = format!(
                        "SELECT name, secret, sealed FROM server_secrets ORDER BY name{}",
                        conn.dialect().for_update()
                    );
                    let secrets = conn
                        .query(&select, &params![], &mut |row: &dyn Row| {
                            Ok((row.text(0)?, row.opt_bytes(1)?, row.opt_bytes(2)?))
                        })
                        .await?;
                    let mut done = SealedAtRest::default();
                    for (name, plaintext, sealed) in secrets {
                        // Opens it, whatever its form: a wrong key fails here.
                        stored_secret(&name, plaintext.clone(), sealed.clone(), &keys)?;
                        let Some(stored) = Stored::from_columns(plaintext, sealed) else {
                            continue;
                        };
                        let context = secret_context(&name);
                        if let Some(again) = stored.sealed_again(&keys, &context)? {
                            conn.execute(
                                "UPDATE server_secrets SET secret = NULL, sealed = $1 WHERE name = $2",
                                &params![again.as_slice(), name.as_str()],
                            )
                            .await?;
                            done.add(stored.is_sealed());
                        }
                    }
                    Ok(done)
                })
            })
            .await
    }

    /// One batch of beneficial owners whose social id is in plaintext or under another key.
    async fn seal_social_ids(&self, keys: Arc<DataKeys>) -> Result<SealedAtRest, StoreError> {
        self.backend
            .write(move |conn| {
                Box::pin(async move {
                    let select = format!(
                        "SELECT business_account_id, id, social_id, social_id_sealed FROM beneficiaries \
                         WHERE social_id IS NOT NULL \
                         OR (social_id_sealed IS NOT NULL AND substr(social_id_sealed, 2, {}) <> $1) \
                         ORDER BY business_account_id, id LIMIT $2{}",
                        KeyId::BYTES,
                        conn.dialect().for_update()
                    );
                    let primary = keys.primary_id();
                    let found = conn
                        .query(
                            &select,
                            &params![primary.as_bytes().as_slice(), BATCH_ROWS_MAX],
                            &mut |row: &dyn Row| {
                                Ok((
                                    row.uuid(0)?,
                                    row.uuid(1)?,
                                    row.opt_text(2)?,
                                    row.opt_bytes(3)?,
                                ))
                            },
                        )
                        .await?;
                    let mut done = SealedAtRest::default();
                    for (business_account_id, id, plaintext, sealed) in found {
                        let Some(stored) =
                            Stored::from_columns(plaintext.map(String::into_bytes), sealed)
                        else {
                            continue;
                        };
                        let Some(again) = stored.sealed_again(&keys, &social_id_context(id))?
                        else {
                            continue;
                        };
                        rewrite_social_id(conn, business_account_id, id, &again).await?;
                        done.add(stored.is_sealed());
                    }
                    Ok(done)
                })
            })
            .await
    }
}

/// Writes a beneficial owner's social id sealed `again` and empties its plaintext column.
async fn rewrite_social_id<C: Conn>(
    conn: &mut C,
    business_account_id: Uuid,
    id: Uuid,
    again: &[u8],
) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE beneficiaries SET social_id = NULL, social_id_sealed = $1 \
         WHERE business_account_id = $2 AND id = $3",
        &params![again, business_account_id, id],
    )
    .await?;
    Ok(())
}
