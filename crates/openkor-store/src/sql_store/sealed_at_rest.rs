//! Sealing what is still at rest in plaintext, or under a previous data key, once the store
//! has its keys: at every start and by `openkor data-keys rotate`.
//!
//! Every server secret is opened (there are two), so a database sealed under a key that is
//! neither the primary nor the previous one is refused before anything is served: a wrong key
//! file stops the start with a clear error, never a garbled value later. Beneficial owners, then
//! webhook subscriptions, are read in batches of those whose social id (signing secret or
//! previous signing secret) is in plaintext or names another key than the primary (the key id
//! is bytes 2 to 5 of a sealed value); on a database already sealed under the primary key, one
//! scan of each finds none. Each batch is one write db transaction that locks its rows first
//! (`FOR UPDATE` on PostgreSQL; SQLite's one writer is alone), so a concurrent update is never
//! overwritten with the value read before it. A row's `version` stays: its content did not
//! change.
//!
//! When anything was rewritten, the backend erases what the old rows left in the database's
//! files ([`Backend::erase_free_space`]): plaintext an earlier release wrote, or values under a
//! key being retired.

use super::SqlStore;
use super::secrets::{secret_context, stored_secret};
use super::webhooks::signing_secrets::SecretColumn;
use crate::db::{Backend, Conn, Row};
use crate::records::social_id_context;
use crate::sealing::{DataKeys, KeyId, SealError, sealed_under};
use crate::{StoreError, params};
use std::sync::{Arc, LazyLock};
use uuid::Uuid;

/// Beneficial owners (webhook subscriptions) sealed again per db transaction.
const BATCH_ROWS_MAX: i64 = 500;

/// The tables whose values are sealed, whose files are erased after they were rewritten.
const SEALED_TABLES: &[&str] = &["beneficiaries", "server_secrets", "webhook_subscriptions"];

/// The rows [`SqlStore::seal_at_rest`] goes through in batches.
#[derive(Clone, Copy, Debug)]
enum Batched {
    /// Beneficial owners' social ids.
    SocialIds,
    /// Webhook subscriptions' signing secrets.
    WebhookSecrets,
}

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

    fn plus(self, other: Self) -> Self {
        Self {
            sealed: self.sealed + other.sealed,
            resealed: self.resealed + other.resealed,
        }
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

    /// The value of a row's two columns sealed under the primary key when it is not yet
    /// (`None` when it already is, or the row has none), counted in `done`.
    fn sealed_again_counted(
        plaintext: Option<Vec<u8>>,
        sealed: Option<Vec<u8>>,
        keys: &DataKeys,
        context: &[u8],
        done: &mut SealedAtRest,
    ) -> Result<Option<Vec<u8>>, SealError> {
        let Some(stored) = Self::from_columns(plaintext, sealed) else {
            return Ok(None);
        };
        let again = stored.sealed_again(keys, context)?;
        if again.is_some() {
            done.add(stored.is_sealed());
        }
        Ok(again)
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
                         WHERE social_id_sealed IS NOT NULL \
                         UNION ALL SELECT secret_sealed FROM webhook_subscriptions \
                         WHERE secret_sealed IS NOT NULL) AS s LIMIT 1",
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
        for batched in [Batched::SocialIds, Batched::WebhookSecrets] {
            done = done.plus(self.seal_in_batches(&keys, batched).await?);
        }
        if done.rewrote_any() {
            self.backend.erase_free_space(SEALED_TABLES).await?;
        }
        Ok(done)
    }

    /// Every batch of `batched` until one rewrites nothing.
    async fn seal_in_batches(
        &self,
        keys: &Arc<DataKeys>,
        batched: Batched,
    ) -> Result<SealedAtRest, StoreError> {
        let mut done = SealedAtRest::default();
        loop {
            let keys = Arc::clone(keys);
            let batch = match batched {
                Batched::SocialIds => self.seal_social_ids(keys).await?,
                Batched::WebhookSecrets => self.seal_webhook_secrets(keys).await?,
            };
            if !batch.rewrote_any() {
                return Ok(done);
            }
            done = done.plus(batch);
        }
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

/// Webhook subscriptions (live or deleted) whose signing secret or previous signing secret is
/// in plaintext or under another key than `$1`, at most `$2`.
static WEBHOOK_SECRETS_TO_SEAL: LazyLock<String> = LazyLock::new(|| {
    let key_id = |column: &str| format!("substr({column}, 2, {}) <> $1", KeyId::BYTES);
    format!(
        "SELECT id, secret, secret_sealed, previous_secret, previous_secret_sealed \
         FROM webhook_subscriptions WHERE secret IS NOT NULL OR previous_secret IS NOT NULL \
         OR {} OR {} ORDER BY id LIMIT $2",
        key_id("secret_sealed"),
        key_id("previous_secret_sealed")
    )
});

/// A subscription's stored secrets: `(id, secret, secret_sealed, previous_secret,
/// previous_secret_sealed)`.
type StoredWebhookSecrets = (
    Uuid,
    Option<Vec<u8>>,
    Option<Vec<u8>>,
    Option<Vec<u8>>,
    Option<Vec<u8>>,
);

impl<B: Backend> SqlStore<B> {
    /// One batch of webhook subscriptions whose secrets are in plaintext or under another key.
    async fn seal_webhook_secrets(&self, keys: Arc<DataKeys>) -> Result<SealedAtRest, StoreError> {
        self.backend
            .write(move |conn| {
                Box::pin(async move {
                    let select = format!(
                        "{}{}",
                        *WEBHOOK_SECRETS_TO_SEAL,
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
                                    row.opt_bytes(1)?,
                                    row.opt_bytes(2)?,
                                    row.opt_bytes(3)?,
                                    row.opt_bytes(4)?,
                                ))
                            },
                        )
                        .await?;
                    let mut done = SealedAtRest::default();
                    for stored in found {
                        reseal_webhook_secrets(conn, &keys, stored, &mut done).await?;
                    }
                    Ok(done)
                })
            })
            .await
    }
}

/// Seals again under the primary key whichever of a subscription's secrets is not yet, and
/// empties their plaintext columns.
async fn reseal_webhook_secrets<C: Conn>(
    conn: &mut C,
    keys: &DataKeys,
    (id, secret, secret_sealed, previous, previous_sealed): StoredWebhookSecrets,
    done: &mut SealedAtRest,
) -> Result<(), StoreError> {
    let current = SecretColumn::Current.context(id);
    let current = Stored::sealed_again_counted(secret, secret_sealed, keys, &current, done)?;
    let replaced = SecretColumn::Previous.context(id);
    let replaced = Stored::sealed_again_counted(previous, previous_sealed, keys, &replaced, done)?;
    if current.is_none() && replaced.is_none() {
        return Ok(());
    }
    // A value left as it is was sealed under the primary key already: its plaintext column is
    // empty.
    conn.execute(
        "UPDATE webhook_subscriptions SET secret = NULL, \
         secret_sealed = coalesce($2, secret_sealed), previous_secret = NULL, \
         previous_secret_sealed = coalesce($3, previous_secret_sealed) WHERE id = $1",
        &params![id, &current, &replaced],
    )
    .await?;
    Ok(())
}
