//! Service Accounts: the API callers of a Business Account, and their credentials.

use crate::clock::Timestamp;
use crate::ids::{BusinessAccountId, ServiceAccountId};
use crate::role::Role;
use std::fmt;

/// Prefix of every API key, so a leaked key is recognisable in logs and scanners.
pub const API_KEY_PREFIX: &str = "okk_";
/// Random bytes behind an API key (printed as hex).
pub const API_KEY_RANDOM_BYTES: usize = 16;
/// Prefix of every API secret.
pub const API_SECRET_PREFIX: &str = "oks_";
/// Random bytes behind an API secret: 256 bits of entropy.
pub const API_SECRET_RANDOM_BYTES: usize = 32;
/// Longest API key or secret accepted in a Basic credential, in bytes.
pub const CREDENTIAL_BYTES_MAX: usize = 128;

/// The public half of a credential: identifies a Service Account at token exchange.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ApiKey(String);

impl ApiKey {
    /// Builds a key from its random bytes.
    pub fn from_random(bytes: &[u8; API_KEY_RANDOM_BYTES]) -> Self {
        Self(format!("{API_KEY_PREFIX}{}", hex(bytes)))
    }

    /// Parses a key; `None` unless it has the prefix and 32 lower-case hex digits.
    pub fn parse(text: &str) -> Option<Self> {
        let digits = text.strip_prefix(API_KEY_PREFIX)?;
        let well_formed = digits.len() == API_KEY_RANDOM_BYTES * 2
            && digits
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        well_formed.then(|| Self(text.to_owned()))
    }

    /// The key text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ApiKey({})", self.0)
    }
}

/// SHA-256 of an API secret. The secret itself is never stored.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct SecretHash(pub [u8; 32]);

impl fmt::Debug for SecretHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretHash(..)")
    }
}

/// A Service Account as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceAccount {
    /// Id.
    pub id: ServiceAccountId,
    /// The one Business Account it acts for.
    pub business_account_id: BusinessAccountId,
    /// Human label.
    pub name: String,
    /// Role.
    pub role: Role,
    /// Public key used at token exchange.
    pub api_key: ApiKey,
    /// When it was disabled; a disabled account cannot exchange and its tokens stop working.
    pub disabled_at: Option<Timestamp>,
    /// Creation time.
    pub created_at: Timestamp,
}

impl ServiceAccount {
    /// Whether it may still authenticate.
    pub fn is_enabled(&self) -> bool {
        self.disabled_at.is_none()
    }
}

/// A new Service Account with the hash of its secret, ready to store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewServiceAccount {
    /// Id.
    pub id: ServiceAccountId,
    /// Business Account.
    pub business_account_id: BusinessAccountId,
    /// Name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// Public key.
    pub api_key: ApiKey,
    /// SHA-256 of the secret.
    pub secret_hash: SecretHash,
}

/// What token checks need to know about a Service Account, kept in memory by the server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Principal {
    /// The Service Account.
    pub service_account_id: ServiceAccountId,
    /// Its Business Account: the tenant every query is scoped to.
    pub business_account_id: BusinessAccountId,
    /// Its role.
    pub role: Role,
    /// Whether it is enabled.
    pub enabled: bool,
}

impl From<&ServiceAccount> for Principal {
    fn from(account: &ServiceAccount) -> Self {
        Self {
            service_account_id: account.id,
            business_account_id: account.business_account_id,
            role: account.role,
            enabled: account.is_enabled(),
        }
    }
}

/// Lower-case hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        text.push(char::from(DIGITS[usize::from(byte >> 4)]));
        text.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_keys_have_a_prefix_and_32_hex_digits() {
        let key = ApiKey::from_random(&[0xab; API_KEY_RANDOM_BYTES]);
        assert_eq!(key.as_str(), format!("okk_{}", "ab".repeat(16)));
        assert_eq!(ApiKey::parse(key.as_str()), Some(key.clone()));
        assert_eq!(ApiKey::parse("okk_abc"), None);
        assert_eq!(ApiKey::parse(&key.as_str().to_uppercase()), None);
        assert_eq!(ApiKey::parse(&format!("xyz_{}", "ab".repeat(16))), None);
    }

    #[test]
    fn secret_hashes_never_print_their_bytes() {
        assert_eq!(format!("{:?}", SecretHash([7; 32])), "SecretHash(..)");
    }
}
