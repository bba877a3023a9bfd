//! Financial Account use cases: open internal, external bank, external card and integrated
//! bank accounts for customers; read, list, suspend, unsuspend, delete; balances.

mod create;
mod manage;

use crate::ServiceError;
use crate::mac::hmac_sha256;
use crate::random::random_bytes;
use hmac::Mac;
use openkor_domain::clock::Clock;
use openkor_store::{SecretName, Store};
use std::sync::Arc;

/// A creation that collides on a random account number, or loses a race for the default flag,
/// is retried this many times.
const CREATE_ATTEMPTS_MAX: usize = 3;

/// Financial Account use cases.
#[derive(Clone)]
pub struct FinancialAccountService {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    fingerprint_key: [u8; 32],
}

impl FinancialAccountService {
    /// Loads (or creates, once per database) the key of external-number fingerprints.
    pub async fn start(store: Arc<dyn Store>, clock: Arc<dyn Clock>) -> Result<Self, ServiceError> {
        let fingerprint_key = store
            .secret_or_insert(SecretName::FingerprintKey, random_bytes()?)
            .await?;
        Ok(Self {
            store,
            clock,
            fingerprint_key,
        })
    }

    /// HMAC-SHA256 of `kind:number` under the server's fingerprint key: equal numbers give equal
    /// fingerprints, and without the key a fingerprint reveals nothing about the number.
    fn fingerprint(&self, kind: &str, number: &str) -> [u8; 32] {
        let mut mac = hmac_sha256(&self.fingerprint_key);
        mac.update(kind.as_bytes());
        mac.update(b":");
        mac.update(number.as_bytes());
        mac.finalize().into_bytes().into()
    }
}
