//! Bearer tokens: HMAC-SHA256-signed, self-contained, checked without a database round trip.
//!
//! Format: `okt.<payload>.<mac>`, both parts base64url without padding. The payload is 33 bytes:
//! a version byte (1), the Service Account id (16 bytes), and the issue and expiry instants as
//! big-endian Unix seconds (8 bytes each). The MAC covers `okt.<payload>`.

use crate::mac::{HmacSha256, hmac_sha256};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::Mac;
use openkor_domain::clock::Timestamp;
use openkor_domain::ids::ServiceAccountId;
use std::fmt;

const PREFIX: &str = "okt.";
const VERSION: u8 = 1;
const PAYLOAD_BYTES: usize = 33;
const MAC_BYTES: usize = 32;
/// Longest text that can be a token; anything longer is refused before decoding.
pub const TOKEN_CHARS_MAX: usize = 128;

/// The claims a token carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Claims {
    /// Who the token was issued to.
    pub service_account_id: ServiceAccountId,
    /// When it was issued (whole seconds).
    pub issued_at_s: i64,
    /// When it stops being valid (whole seconds, exclusive).
    pub expires_at_s: i64,
}

/// Why a token was refused. Deliberately coarse: the client learns only "invalid" or "expired".
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// Not a token of this server: wrong shape, bad encoding or a MAC that does not verify.
    #[error("the access token is invalid")]
    Invalid,
    /// Well-formed and signed, but past its expiry.
    #[error("the access token has expired")]
    Expired,
}

/// Signs and verifies tokens with one 256-bit key.
#[derive(Clone)]
pub struct TokenSigner {
    key: [u8; 32],
}

impl fmt::Debug for TokenSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TokenSigner(..)")
    }
}

impl TokenSigner {
    /// A signer using `key`.
    pub fn new(key: [u8; 32]) -> Self {
        Self { key }
    }

    fn mac(&self) -> HmacSha256 {
        hmac_sha256(&self.key)
    }

    /// Issues a token for `claims`.
    pub fn sign(&self, claims: &Claims) -> String {
        let mut payload = [0u8; PAYLOAD_BYTES];
        payload[0] = VERSION;
        payload[1..17].copy_from_slice(claims.service_account_id.as_uuid().as_bytes());
        payload[17..25].copy_from_slice(&claims.issued_at_s.to_be_bytes());
        payload[25..33].copy_from_slice(&claims.expires_at_s.to_be_bytes());
        let signed = format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(payload));
        let mut mac = self.mac();
        mac.update(signed.as_bytes());
        let tag = mac.finalize().into_bytes();
        format!("{signed}.{}", URL_SAFE_NO_PAD.encode(tag))
    }

    /// Verifies `token`'s MAC and expiry at `now`, in constant time over the MAC.
    pub fn verify(&self, token: &str, now: Timestamp) -> Result<Claims, TokenError> {
        if token.len() > TOKEN_CHARS_MAX || !token.starts_with(PREFIX) {
            return Err(TokenError::Invalid);
        }
        let (signed, tag_text) = token.rsplit_once('.').ok_or(TokenError::Invalid)?;
        let tag = URL_SAFE_NO_PAD
            .decode(tag_text)
            .map_err(|_| TokenError::Invalid)?;
        if tag.len() != MAC_BYTES {
            return Err(TokenError::Invalid);
        }
        let mut mac = self.mac();
        mac.update(signed.as_bytes());
        mac.verify_slice(&tag).map_err(|_| TokenError::Invalid)?;
        let claims = decode_payload(&signed[PREFIX.len()..])?;
        if now.unix_s() >= claims.expires_at_s {
            return Err(TokenError::Expired);
        }
        Ok(claims)
    }
}

fn decode_payload(text: &str) -> Result<Claims, TokenError> {
    let payload = URL_SAFE_NO_PAD
        .decode(text)
        .map_err(|_| TokenError::Invalid)?;
    let payload: [u8; PAYLOAD_BYTES] = payload.try_into().map_err(|_| TokenError::Invalid)?;
    if payload[0] != VERSION {
        return Err(TokenError::Invalid);
    }
    let mut id = [0u8; 16];
    id.copy_from_slice(&payload[1..17]);
    let mut issued = [0u8; 8];
    issued.copy_from_slice(&payload[17..25]);
    let mut expires = [0u8; 8];
    expires.copy_from_slice(&payload[25..33]);
    Ok(Claims {
        service_account_id: ServiceAccountId::from_uuid(uuid_from(id)),
        issued_at_s: i64::from_be_bytes(issued),
        expires_at_s: i64::from_be_bytes(expires),
    })
}

fn uuid_from(bytes: [u8; 16]) -> uuid::Uuid {
    uuid::Uuid::from_bytes(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims() -> Claims {
        Claims {
            service_account_id: ServiceAccountId::new(),
            issued_at_s: 1_000,
            expires_at_s: 4_600,
        }
    }

    #[test]
    fn a_signed_token_verifies_until_it_expires() {
        let signer = TokenSigner::new([7; 32]);
        let claims = claims();
        let token = signer.sign(&claims);
        assert!(token.starts_with("okt."));
        assert!(token.len() <= TOKEN_CHARS_MAX);
        assert_eq!(
            signer.verify(&token, Timestamp::from_unix_ms(4_599_999)),
            Ok(claims)
        );
        assert_eq!(
            signer.verify(&token, Timestamp::from_unix_ms(4_600_000)),
            Err(TokenError::Expired)
        );
    }

    #[test]
    fn tokens_signed_with_another_key_are_invalid() {
        let token = TokenSigner::new([1; 32]).sign(&claims());
        let other = TokenSigner::new([2; 32]);
        assert_eq!(
            other.verify(&token, Timestamp::from_unix_ms(0)),
            Err(TokenError::Invalid)
        );
    }

    #[test]
    fn tampered_payloads_are_invalid() {
        let signer = TokenSigner::new([7; 32]);
        let genuine = signer.sign(&claims());
        let (signed, tag) = genuine.rsplit_once('.').expect("two parts");
        let longer_life = signer.sign(&Claims {
            expires_at_s: i64::MAX,
            ..claims()
        });
        let (forged_payload, _) = longer_life.rsplit_once('.').expect("two parts");
        let now = Timestamp::from_unix_ms(0);
        for forged in [
            format!("{forged_payload}.{tag}"),
            format!("{signed}.{}", URL_SAFE_NO_PAD.encode([0u8; 32])),
            format!("{signed}."),
            signed.to_owned(),
            "okt.".to_owned(),
            "Bearer".to_owned(),
            format!("{genuine}x"),
            "okt.a.b.c".repeat(20),
        ] {
            assert_eq!(
                signer.verify(&forged, now),
                Err(TokenError::Invalid),
                "{forged}"
            );
        }
    }
}
