//! Operator use cases: sandboxes and Service Accounts. Reached from the command line (and the
//! first server start), never from the public API, so they take no caller principal.

use crate::ServiceError;
use crate::auth::{ApiSecret, PrincipalDirectory, generate_api_key, generate_api_secret};
use crate::random::random_digits;
use openkor_domain::business_account::{
    BusinessAccount, NewBusinessAccount, VerificationStatus, parse_account_name,
};
use openkor_domain::clock::{Clock, Timestamp};
use openkor_domain::financial_account::{ACCOUNT_NUMBER_DIGITS, FinancialAccount};
use openkor_domain::ids::{BusinessAccountId, FinancialAccountId, ServiceAccountId};
use openkor_domain::money::Currency;
use openkor_domain::role::Role;
use openkor_domain::service_account::{ApiKey, NewServiceAccount, Principal, ServiceAccount};
use openkor_domain::validation::ValidationErrors;
use openkor_store::{BootstrapOutcome, Provisioning, Store, StoreError};
use std::sync::Arc;

/// Name of a sandbox when none is given.
pub const SANDBOX_NAME_DEFAULT: &str = "Sandbox";
const SANDBOX_DESCRIPTION: &str = "Sandbox business account";
const SANDBOX_OWNER_NAME: &str = "Sandbox owner";
/// Random account numbers and keys can collide, if very rarely; a provisioning is retried with
/// fresh ones this many times before giving up.
const PROVISIONING_ATTEMPTS_MAX: usize = 3;

/// What a new sandbox's operator needs, shown once.
#[derive(Debug)]
pub struct SandboxCredentials {
    /// The new Business Account.
    pub business_account_id: BusinessAccountId,
    /// The Owner Service Account's API key.
    pub api_key: ApiKey,
    /// Its secret, in plain text; never stored.
    pub api_secret: ApiSecret,
    /// The business Financial Accounts, one per currency.
    pub financial_accounts: Vec<(FinancialAccountId, Currency)>,
}

/// A new Service Account and its secret, shown once.
#[derive(Debug)]
pub struct CreatedServiceAccount {
    /// The account as stored.
    pub account: ServiceAccount,
    /// Its secret, in plain text; never stored.
    pub api_secret: ApiSecret,
}

/// Sandboxes and Service Accounts.
#[derive(Clone)]
pub struct ProvisioningService {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    directory: PrincipalDirectory,
}

impl ProvisioningService {
    /// Wires the use cases.
    pub fn new(
        store: Arc<dyn Store>,
        clock: Arc<dyn Clock>,
        directory: PrincipalDirectory,
    ) -> Self {
        Self {
            store,
            clock,
            directory,
        }
    }

    /// Creates a sandbox Business Account (a child of `parent`, if given) with a USD and a CAD
    /// business Financial Account and an Owner Service Account.
    pub async fn create_sandbox(
        &self,
        name: Option<&str>,
        parent: Option<BusinessAccountId>,
    ) -> Result<SandboxCredentials, ServiceError> {
        let account = NewBusinessAccount::parse(
            parent,
            name.unwrap_or(SANDBOX_NAME_DEFAULT),
            Some(SANDBOX_DESCRIPTION),
            true,
        )?;
        for attempt in 1..=PROVISIONING_ATTEMPTS_MAX {
            let (provisioning, credentials) = self.sandbox_plan(&account)?;
            match self.store.provision(&provisioning).await {
                Ok(()) => return Ok(credentials),
                Err(StoreError::Conflict(conflict))
                    if conflict.is_retryable() && attempt < PROVISIONING_ATTEMPTS_MAX =>
                {
                    continue;
                }
                Err(StoreError::NotFound) => {
                    return Err(ServiceError::NotFound("parent business account"));
                }
                Err(error) => return Err(error.into()),
            }
        }
        Err(ServiceError::Conflict(
            "could not allocate unique account numbers".into(),
        ))
    }

    /// Creates the first sandbox of an empty database; `None` when the database already holds a
    /// Business Account (or another server bootstrapped it first).
    pub async fn bootstrap_sandbox(&self) -> Result<Option<SandboxCredentials>, ServiceError> {
        let account =
            NewBusinessAccount::parse(None, SANDBOX_NAME_DEFAULT, Some(SANDBOX_DESCRIPTION), true)?;
        let (provisioning, credentials) = self.sandbox_plan(&account)?;
        match self.store.provision_bootstrap(&provisioning).await? {
            BootstrapOutcome::Provisioned => Ok(Some(credentials)),
            BootstrapOutcome::AlreadyInitialised => Ok(None),
        }
    }

    fn sandbox_plan(
        &self,
        account: &NewBusinessAccount,
    ) -> Result<(Provisioning, SandboxCredentials), ServiceError> {
        let now = self.clock.now();
        let id = BusinessAccountId::new();
        let business_account = BusinessAccount {
            id,
            parent_id: account.parent_id,
            name: account.name.clone(),
            description: account.description.clone(),
            industry_code: None,
            registered_state_code: None,
            contacts: Vec::new(),
            verification: VerificationStatus::unverified(now),
            sandbox: account.sandbox,
            created_at: now,
            updated_at: now,
        };
        let financial_accounts = Currency::ALL
            .into_iter()
            .map(|currency| business_financial_account(id, currency, now))
            .collect::<Result<Vec<_>, _>>()?;
        let (service_account, api_secret) =
            new_service_account(id, SANDBOX_OWNER_NAME, Role::Owner)?;
        let credentials = SandboxCredentials {
            business_account_id: id,
            api_key: service_account.api_key.clone(),
            api_secret,
            financial_accounts: financial_accounts
                .iter()
                .map(|fa| (fa.id, fa.currency))
                .collect(),
        };
        let provisioning = Provisioning {
            business_account,
            financial_accounts,
            service_account,
        };
        Ok((provisioning, credentials))
    }

    /// Creates a Service Account with `role` for `business_account_id`.
    pub async fn create_service_account(
        &self,
        business_account_id: BusinessAccountId,
        name: &str,
        role: Role,
    ) -> Result<CreatedServiceAccount, ServiceError> {
        let name = parse_account_name("name", name).map_err(ValidationErrors::from)?;
        let (new_account, api_secret) = new_service_account(business_account_id, &name, role)?;
        let account = self
            .store
            .create_service_account(&new_account, self.clock.now())
            .await
            .map_err(ServiceError::from_store("business account"))?;
        self.directory.apply(Principal::from(&account));
        Ok(CreatedServiceAccount {
            account,
            api_secret,
        })
    }

    /// The Service Accounts of `business_account_id`, oldest first.
    pub async fn list_service_accounts(
        &self,
        business_account_id: BusinessAccountId,
    ) -> Result<Vec<ServiceAccount>, ServiceError> {
        Ok(self
            .store
            .list_service_accounts(business_account_id)
            .await?)
    }

    /// Disables a Service Account: it can no longer exchange, and its tokens stop working.
    pub async fn disable_service_account(
        &self,
        business_account_id: BusinessAccountId,
        id: ServiceAccountId,
    ) -> Result<ServiceAccount, ServiceError> {
        let account = self
            .store
            .disable_service_account(business_account_id, id, self.clock.now())
            .await
            .map_err(ServiceError::from_store("service account"))?;
        self.directory.apply(Principal::from(&account));
        Ok(account)
    }
}

fn new_service_account(
    business_account_id: BusinessAccountId,
    name: &str,
    role: Role,
) -> Result<(NewServiceAccount, ApiSecret), ServiceError> {
    let (api_secret, secret_hash) = generate_api_secret()?;
    let account = NewServiceAccount {
        id: ServiceAccountId::new(),
        business_account_id,
        name: name.to_owned(),
        role,
        api_key: generate_api_key()?,
        secret_hash,
    };
    Ok((account, api_secret))
}

fn business_financial_account(
    business_account_id: BusinessAccountId,
    currency: Currency,
    now: Timestamp,
) -> Result<FinancialAccount, ServiceError> {
    let account_number = random_digits(ACCOUNT_NUMBER_DIGITS)?;
    Ok(FinancialAccount::business_checking(
        business_account_id,
        currency,
        account_number,
        now,
    ))
}
