//! HMAC-SHA-256 under the server's 32-byte keys (token signatures, account-number fingerprints).

use hmac::{Hmac, KeyInit};
use sha2::Sha256;

/// HMAC with SHA-256.
pub type HmacSha256 = Hmac<Sha256>;

/// SHA-256's block size: HMAC zero-pads shorter keys to it.
const BLOCK_BYTES: usize = 64;

/// An HMAC-SHA-256 keyed with `key`. HMAC zero-pads a key shorter than the hash's block
/// (RFC 2104 §2), so padding it here yields the same MAC as the fallible `new_from_slice`,
/// through the infallible fixed-size constructor.
pub fn hmac_sha256(key: &[u8; 32]) -> HmacSha256 {
    let mut block = [0u8; BLOCK_BYTES];
    block[..key.len()].copy_from_slice(key);
    HmacSha256::new(&block.into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use hmac::Mac;

    #[test]
    fn padding_the_key_changes_nothing() {
        let key = [7u8; 32];
        let mut padded = hmac_sha256(&key);
        let mut reference = HmacSha256::new_from_slice(&key).expect("any length");
        padded.update(b"message");
        reference.update(b"message");
        assert_eq!(
            padded.finalize().into_bytes(),
            reference.finalize().into_bytes()
        );
    }
}
