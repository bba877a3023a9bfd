//! API keys and secrets: generation, hashing and constant-time comparison.
//!
//! Secrets carry 256 bits of entropy, so a single SHA-256 is enough to store them safely: a slow
//! password hash (argon2) protects low-entropy human passwords and would only add latency to
//! every token exchange here. Comparison of hashes is constant-time.

use crate::ServiceError;
use crate::random::random_bytes;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use openkor_domain::service_account::{
    API_KEY_RANDOM_BYTES, API_SECRET_PREFIX, API_SECRET_RANDOM_BYTES, ApiKey, SecretHash,
};
use sha2::{Digest, Sha256};
use std::fmt;
use subtle::ConstantTimeEq;

/// An API secret in plain text: exists only between generation and printing it once.
pub struct ApiSecret(String);

impl ApiSecret {
    /// The secret text, to show to the operator exactly once.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiSecret(..)")
    }
}

/// A fresh API key.
pub fn generate_api_key() -> Result<ApiKey, ServiceError> {
    Ok(ApiKey::from_random(&random_bytes::<API_KEY_RANDOM_BYTES>()?))
}

/// A fresh API secret and the hash to store.
pub fn generate_api_secret() -> Result<(ApiSecret, SecretHash), ServiceError> {
    let bytes = random_bytes::<API_SECRET_RANDOM_BYTES>()?;
    let secret = format!("{API_SECRET_PREFIX}{}", URL_SAFE_NO_PAD.encode(bytes));
    let hash = hash_secret(&secret);
    Ok((ApiSecret(secret), hash))
}

/// SHA-256 of a secret's text.
pub fn hash_secret(secret: &str) -> SecretHash {
    SecretHash(Sha256::digest(secret.as_bytes()).into())
}

/// Whether `secret` hashes to `expected`, compared in constant time.
pub fn secret_matches(secret: &str, expected: &SecretHash) -> bool {
    hash_secret(secret).0.ct_eq(&expected.0).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_secrets_match_only_their_own_hash() {
        let (secret, hash) = generate_api_secret().expect("secret");
        assert!(secret.expose().starts_with("oks_"));
        assert_eq!(secret.expose().len(), 4 + 43);
        assert!(secret_matches(secret.expose(), &hash));
        assert!(!secret_matches("oks_guess", &hash));
        assert_eq!(format!("{secret:?}"), "ApiSecret(..)");
    }

    #[test]
    fn generated_keys_are_unique_and_well_formed() {
        let first = generate_api_key().expect("key");
        let second = generate_api_key().expect("key");
        assert_ne!(first, second);
        assert!(ApiKey::parse(first.as_str()).is_some());
    }
}
