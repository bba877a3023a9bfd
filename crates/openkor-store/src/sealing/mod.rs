//! Sealing: authenticated encryption of what is kept at rest under a data key that is not in
//! the database (beneficial owners' social ids, webhook signing secrets, the server's own
//! secrets).
//!
//! A sealed value is `[format: 1][key id: 4][nonce: 24][ciphertext][tag: 16]` (bytes):
//! XChaCha20-Poly1305 with a random nonce, so one key may seal any number of values. The
//! associated data is the header (format and key id) followed by the value's *context*, the
//! table, column and row it belongs to: a sealed value copied into another row does not open.
//! The key id ([`KeyId`]) names the key that opens the value, so that a database may hold
//! values under two keys while they are rotated: [`DataKeys`] is the primary key, which seals
//! and opens, and at most one previous key, which only opens.

mod key;

pub use key::{DATA_KEY_BYTES, DataKey, KeyId};

use chacha20poly1305::XNonce;
use chacha20poly1305::aead::{Aead, Payload};
use std::fmt;

/// The first byte of every sealed value: the layout above.
pub const FORMAT_V1: u8 = 1;
const HEADER_BYTES: usize = 1 + KeyId::BYTES;
const NONCE_BYTES: usize = 24;
const TAG_BYTES: usize = 16;
/// The bytes sealing adds to a value: header, nonce and tag.
pub const SEALING_OVERHEAD_BYTES: usize = HEADER_BYTES + NONCE_BYTES + TAG_BYTES;

/// Why a value could not be sealed or opened, or a key not used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SealError {
    /// The value names a key that is neither the primary nor the previous one.
    #[error(
        "a value is sealed under data key {found}, which is neither the data key ({primary}) \
         nor the previous data key ({})",
        previous.map_or_else(|| "none given".to_owned(), |id| id.to_string())
    )]
    UnknownKey {
        /// The key the value names.
        found: KeyId,
        /// The primary key's id.
        primary: KeyId,
        /// The previous key's id.
        previous: Option<KeyId>,
    },
    /// The key opened nothing: the value, its header or its context changed after sealing.
    #[error("a value sealed under data key {0} does not open: it was altered or moved")]
    NotAuthentic(KeyId),
    /// Not a sealed value: another format, or too short.
    #[error("a sealed value has an unknown format")]
    Malformed,
    /// The operating system gave no randomness (for a nonce or a key).
    #[error("no randomness available: {0}")]
    Randomness(String),
    /// The previous key has the primary key's id.
    #[error("the previous data key is the data key itself ({0})")]
    SameKey(KeyId),
    /// A key is not 64 hexadecimal digits.
    #[error("a data key is 64 hexadecimal digits (256 bits)")]
    KeyFormat,
}

impl From<SealError> for crate::StoreError {
    fn from(error: SealError) -> Self {
        crate::StoreError::Other(format!("personal data at rest: {error}"))
    }
}

/// The keys a store seals and opens with: the primary key seals, the previous one (while a
/// rotation is under way) only opens. `Debug` shows their ids only.
#[derive(Clone)]
pub struct DataKeys {
    primary: DataKey,
    previous: Option<DataKey>,
}

impl DataKeys {
    /// `primary`, and `previous` to open what it sealed until everything is sealed again.
    pub fn new(primary: DataKey, previous: Option<DataKey>) -> Result<Self, SealError> {
        if let Some(old) = &previous
            && old.id() == primary.id()
        {
            return Err(SealError::SameKey(old.id()));
        }
        Ok(Self { primary, previous })
    }

    /// The id of the key that seals.
    pub fn primary_id(&self) -> KeyId {
        self.primary.id()
    }

    /// The id of the key that only opens.
    pub fn previous_id(&self) -> Option<KeyId> {
        self.previous.as_ref().map(DataKey::id)
    }

    /// `plaintext` sealed under the primary key, bound to `context`.
    pub fn seal(&self, context: &[u8], plaintext: &[u8]) -> Result<Vec<u8>, SealError> {
        let mut nonce = [0u8; NONCE_BYTES];
        getrandom::fill(&mut nonce).map_err(|e| SealError::Randomness(e.to_string()))?;
        let header = header(self.primary.id());
        let aad = [header.as_slice(), context].concat();
        let ciphertext = self
            .primary
            .cipher
            .encrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: plaintext,
                    aad: &aad,
                },
            )
            .map_err(|_| SealError::Malformed)?;
        Ok([header.as_slice(), &nonce, &ciphertext].concat())
    }

    /// The plaintext of `sealed`, which must have been sealed for `context` under one of the
    /// keys.
    pub fn open(&self, context: &[u8], sealed: &[u8]) -> Result<Vec<u8>, SealError> {
        let id = sealed_under(sealed)?;
        let key = self.key(id)?;
        let (header, rest) = sealed.split_at(HEADER_BYTES);
        let (nonce, ciphertext) = rest.split_at(NONCE_BYTES);
        let nonce: [u8; NONCE_BYTES] = nonce.try_into().map_err(|_| SealError::Malformed)?;
        let aad = [header, context].concat();
        key.cipher
            .decrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: ciphertext,
                    aad: &aad,
                },
            )
            .map_err(|_| SealError::NotAuthentic(id))
    }

    fn key(&self, id: KeyId) -> Result<&DataKey, SealError> {
        if id == self.primary.id() {
            return Ok(&self.primary);
        }
        self.previous
            .as_ref()
            .filter(|old| old.id() == id)
            .ok_or(SealError::UnknownKey {
                found: id,
                primary: self.primary.id(),
                previous: self.previous_id(),
            })
    }
}

impl fmt::Debug for DataKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DataKeys")
            .field("primary", &self.primary.id())
            .field("previous", &self.previous_id())
            .finish()
    }
}

fn header(id: KeyId) -> [u8; HEADER_BYTES] {
    let mut header = [0u8; HEADER_BYTES];
    header[0] = FORMAT_V1;
    header[1..].copy_from_slice(id.as_bytes());
    header
}

/// The id of the key `sealed` was sealed under.
pub fn sealed_under(sealed: &[u8]) -> Result<KeyId, SealError> {
    match sealed {
        [FORMAT_V1, id @ ..] if sealed.len() >= SEALING_OVERHEAD_BYTES => {
            let mut bytes = [0u8; KeyId::BYTES];
            bytes.copy_from_slice(&id[..KeyId::BYTES]);
            Ok(KeyId(bytes))
        }
        _ => Err(SealError::Malformed),
    }
}

#[cfg(test)]
mod tests;
