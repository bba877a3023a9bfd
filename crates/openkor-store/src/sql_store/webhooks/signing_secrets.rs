//! Webhook signing secrets at rest: a subscription's secret (`secret_sealed`) and the one it
//! replaced, which signs alongside it until it expires (`previous_secret_sealed`), are kept
//! sealed under the data key (`crate::sealing`), each bound to its column and its row, so a
//! copy of the database alone cannot sign a delivery a receiver would accept. The plaintext
//! columns (`secret`, `previous_secret`) hold only what an earlier release wrote, read as it is
//! until the next start seals it (`sql_store/sealed_at_rest.rs`).

use crate::StoreError;
use crate::sealing::DataKeys;
use uuid::Uuid;

/// Which of a subscription's secrets a value is: the one it signs with, or the one it replaced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SecretColumn {
    /// `secret` / `secret_sealed`.
    Current,
    /// `previous_secret` / `previous_secret_sealed`.
    Previous,
}

impl SecretColumn {
    /// What a sealed secret of this column of `subscription` is bound to.
    pub(crate) fn context(self, subscription: Uuid) -> Vec<u8> {
        let column: &[u8] = match self {
            SecretColumn::Current => b"webhook_subscriptions.secret:",
            SecretColumn::Previous => b"webhook_subscriptions.previous_secret:",
        };
        [column, subscription.as_bytes()].concat()
    }

    /// `secret` sealed under the primary key for this column of `subscription`.
    pub(crate) fn seal(
        self,
        keys: &DataKeys,
        subscription: Uuid,
        secret: &[u8],
    ) -> Result<Vec<u8>, StoreError> {
        Ok(keys.seal(&self.context(subscription), secret)?)
    }

    /// The secret of this column of `subscription` from its stored forms: the sealed one
    /// opened with `keys`, or the plaintext an earlier release wrote; `None` when it has none.
    pub(crate) fn open(
        self,
        keys: &DataKeys,
        subscription: Uuid,
        plaintext: Option<Vec<u8>>,
        sealed: Option<Vec<u8>>,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        match (plaintext, sealed) {
            (Some(plaintext), _) => Ok(Some(plaintext)),
            (None, Some(sealed)) => Ok(Some(keys.open(&self.context(subscription), &sealed)?)),
            (None, None) => Ok(None),
        }
    }

    /// The secret a subscription signs with, which every subscription has.
    pub(crate) fn open_current(
        keys: &DataKeys,
        subscription: Uuid,
        plaintext: Option<Vec<u8>>,
        sealed: Option<Vec<u8>>,
    ) -> Result<Vec<u8>, StoreError> {
        SecretColumn::Current
            .open(keys, subscription, plaintext, sealed)?
            .ok_or_else(|| {
                StoreError::Other(format!("webhook subscription {subscription} has no secret"))
            })
    }
}
