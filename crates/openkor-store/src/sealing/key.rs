//! Data keys: 256-bit XChaCha20-Poly1305 keys kept outside the database, each named by a key id
//! derived from the key itself, so that a sealed value says which key opens it without saying
//! anything about the key.

use chacha20poly1305::{KeyInit, XChaCha20Poly1305};
use sha2::{Digest, Sha256};
use std::fmt;

/// The bytes of a data key.
pub const DATA_KEY_BYTES: usize = 32;

/// What a key id is a hash of, before the key: no other use of SHA-256 on a key yields it.
const KEY_ID_DOMAIN: &[u8] = b"openkor data key id v1\0";

/// The name of a data key in the values it sealed: the first four bytes of a SHA-256 of the
/// key, shown as eight hexadecimal digits. The key is 256 random bits, so its id reveals nothing
/// usable about it; two keys share an id with a chance of one in four billion, which
/// [`super::DataKeys::new`] refuses.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyId(pub(crate) [u8; KeyId::BYTES]);

impl KeyId {
    /// The bytes of a key id.
    pub const BYTES: usize = 4;

    /// The id as stored.
    pub fn as_bytes(&self) -> &[u8; KeyId::BYTES] {
        &self.0
    }
}

impl fmt::Display for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|byte| write!(f, "{byte:02x}"))
    }
}

impl fmt::Debug for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KeyId({self})")
    }
}

/// One data key and the cipher it keys. `Debug` shows only its id.
#[derive(Clone)]
pub struct DataKey {
    id: KeyId,
    pub(crate) cipher: XChaCha20Poly1305,
}

impl DataKey {
    /// The key of these 32 bytes.
    pub fn from_bytes(bytes: [u8; DATA_KEY_BYTES]) -> Self {
        let digest = Sha256::new()
            .chain_update(KEY_ID_DOMAIN)
            .chain_update(bytes)
            .finalize();
        let mut id = [0u8; KeyId::BYTES];
        id.copy_from_slice(&digest[..KeyId::BYTES]);
        Self {
            id: KeyId(id),
            cipher: XChaCha20Poly1305::new(&bytes.into()),
        }
    }

    /// The key written as 64 hexadecimal digits (surrounding whitespace ignored), as a key file
    /// holds it.
    pub fn from_hex(text: &str) -> Result<Self, super::SealError> {
        let text = text.trim();
        if text.len() != DATA_KEY_BYTES * 2 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(super::SealError::KeyFormat);
        }
        let mut bytes = [0u8; DATA_KEY_BYTES];
        for (byte, pair) in bytes.iter_mut().zip(text.as_bytes().chunks_exact(2)) {
            let pair = std::str::from_utf8(pair).map_err(|_| super::SealError::KeyFormat)?;
            *byte = u8::from_str_radix(pair, 16).map_err(|_| super::SealError::KeyFormat)?;
        }
        Ok(Self::from_bytes(bytes))
    }

    /// A new random key and its 64 hexadecimal digits (what a key file holds).
    pub fn generate() -> Result<(Self, String), super::SealError> {
        let mut bytes = [0u8; DATA_KEY_BYTES];
        getrandom::fill(&mut bytes).map_err(|e| super::SealError::Randomness(e.to_string()))?;
        let hex = bytes.iter().map(|byte| format!("{byte:02x}")).collect();
        Ok((Self::from_bytes(bytes), hex))
    }

    /// The key's id.
    pub fn id(&self) -> KeyId {
        self.id
    }
}

impl fmt::Debug for DataKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DataKey")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_reads_back_from_its_hex_digits_with_its_id() {
        let (key, hex) = DataKey::generate().expect("random");
        let read = DataKey::from_hex(&format!("  {hex}\n")).expect("64 hex digits");
        assert_eq!(read.id(), key.id());
        assert_eq!(format!("{}", key.id()).len(), 8);
        let shown = format!("{key:?}");
        assert!(shown.contains(&key.id().to_string()) && !shown.contains(&hex));
    }

    #[test]
    fn anything_but_64_hex_digits_is_refused() {
        for text in [
            "",
            "abc",
            &"zz".repeat(32),
            &"ab".repeat(33),
            &"é".repeat(32),
        ] {
            assert!(DataKey::from_hex(text).is_err(), "{text:?}");
        }
    }

    #[test]
    fn different_keys_have_different_ids() {
        assert_ne!(
            DataKey::from_bytes([1; 32]).id(),
            DataKey::from_bytes([2; 32]).id()
        );
    }
}
