//! Authentication and authorisation: API-key exchange, bearer-token checks, the role check.

mod credentials;
mod directory;
pub mod throttle;
pub mod token;

pub use credentials::{ApiSecret, generate_api_key, generate_api_secret, hash_secret};
pub use directory::PrincipalDirectory;

use crate::ServiceError;
use crate::random::random_bytes;
use credentials::secret_matches;
use openkor_domain::clock::Clock;
use openkor_domain::role::Permission;
use openkor_domain::service_account::{ApiKey, CREDENTIAL_BYTES_MAX, Principal};
use openkor_store::{SecretName, Store, StoreError};
use std::sync::Arc;
use token::{Claims, TokenError, TokenSigner};

/// Lifetime of an access token when the configuration names none: one hour.
pub const TOKEN_LIFETIME_S_DEFAULT: i64 = 3_600;

const BAD_CREDENTIALS: &str = "invalid API key or secret";
const DISABLED: &str = "the service account is disabled";

/// A freshly issued access token.
#[derive(Clone, Debug)]
pub struct IssuedToken {
    /// The bearer token.
    pub access_token: String,
    /// Its lifetime in seconds.
    pub expires_in_s: i64,
}

/// Token exchange and token checks.
pub struct AuthService {
    signer: TokenSigner,
    directory: PrincipalDirectory,
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    token_lifetime_s: i64,
    throttle: throttle::Throttle,
}

impl AuthService {
    /// Loads (or creates) the signing key and the principal directory. `signing_key` overrides
    /// the key stored in the database.
    pub async fn start(
        store: Arc<dyn Store>,
        clock: Arc<dyn Clock>,
        token_lifetime_s: i64,
        signing_key: Option<[u8; 32]>,
    ) -> Result<Self, ServiceError> {
        let key = match signing_key {
            Some(key) => key,
            None => {
                store
                    .secret_or_insert(SecretName::TokenSigningKey, random_bytes()?)
                    .await?
            }
        };
        let directory = PrincipalDirectory::new(store.clone());
        directory.refresh().await?;
        Ok(Self {
            signer: TokenSigner::new(key),
            directory,
            store,
            clock,
            token_lifetime_s,
            throttle: throttle::Throttle::default(),
        })
    }

    /// The directory of principals, shared with the use cases that change Service Accounts.
    pub fn directory(&self) -> &PrincipalDirectory {
        &self.directory
    }

    /// Trades an API key and secret for an access token.
    pub async fn exchange(
        &self,
        api_key: &str,
        api_secret: &str,
    ) -> Result<IssuedToken, ServiceError> {
        let oversized =
            api_key.len() > CREDENTIAL_BYTES_MAX || api_secret.len() > CREDENTIAL_BYTES_MAX;
        let Some(api_key) = ApiKey::parse(api_key).filter(|_| !oversized) else {
            return Err(ServiceError::Unauthenticated(BAD_CREDENTIALS));
        };
        let now_ms = self.clock.now().unix_ms();
        if let Err(retry_after_s) = self.throttle.check(api_key.as_str(), now_ms) {
            return Err(ServiceError::Throttled { retry_after_s });
        }
        let (account, hash) = match self.store.find_service_account_by_api_key(&api_key).await {
            Ok(found) => found,
            Err(StoreError::NotFound) => {
                return Err(ServiceError::Unauthenticated(BAD_CREDENTIALS));
            }
            Err(error) => return Err(error.into()),
        };
        if !secret_matches(api_secret, &hash) {
            // Only keys that exist are counted, so the record stays as small as the accounts.
            self.throttle.failed(api_key.as_str(), now_ms);
            return Err(ServiceError::Unauthenticated(BAD_CREDENTIALS));
        }
        self.throttle.succeeded(api_key.as_str());
        let principal = Principal::from(&account);
        self.directory.apply(principal);
        if !principal.enabled {
            return Err(ServiceError::Unauthenticated(DISABLED));
        }
        let now_s = self.clock.now().unix_s();
        let claims = Claims {
            service_account_id: account.id,
            issued_at_s: now_s,
            expires_at_s: now_s.saturating_add(self.token_lifetime_s),
        };
        Ok(IssuedToken {
            access_token: self.signer.sign(&claims),
            expires_in_s: self.token_lifetime_s,
        })
    }

    /// The principal a bearer token stands for: MAC, expiry and enabled flag checked, from
    /// memory (the store is read only for an account this process has never seen).
    pub async fn authenticate(&self, token: &str) -> Result<Principal, ServiceError> {
        let claims = self
            .signer
            .verify(token, self.clock.now())
            .map_err(|error| match error {
                TokenError::Invalid => ServiceError::Unauthenticated("the access token is invalid"),
                TokenError::Expired => {
                    ServiceError::Unauthenticated("the access token has expired")
                }
            })?;
        match self.directory.lookup(claims.service_account_id).await? {
            Some(principal) if principal.enabled => Ok(principal),
            Some(_) => Err(ServiceError::Unauthenticated(DISABLED)),
            None => Err(ServiceError::Unauthenticated("the access token is invalid")),
        }
    }
}

/// Refuses the action unless `principal`'s role grants `permission`.
pub fn authorize(principal: &Principal, permission: Permission) -> Result<(), ServiceError> {
    if principal.role.grants(permission) {
        Ok(())
    } else {
        Err(ServiceError::Forbidden)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use openkor_domain::ids::{BusinessAccountId, ServiceAccountId};
    use openkor_domain::role::Role;

    fn principal(role: Role) -> Principal {
        Principal {
            service_account_id: ServiceAccountId::new(),
            business_account_id: BusinessAccountId::new(),
            role,
            enabled: true,
        }
    }

    #[test]
    fn authorize_refuses_what_the_role_does_not_grant() {
        assert!(authorize(&principal(Role::ViewOnly), Permission::Read).is_ok());
        let refused = authorize(&principal(Role::ViewOnly), Permission::ManageCustomers);
        assert!(matches!(refused, Err(ServiceError::Forbidden)));
        assert!(authorize(&principal(Role::Owner), Permission::ManageTransactions).is_ok());
        let admin = authorize(&principal(Role::Admin), Permission::ManageTransactions);
        assert!(matches!(admin, Err(ServiceError::Forbidden)));
    }
}
