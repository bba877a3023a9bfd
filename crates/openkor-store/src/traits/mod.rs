//! The storage traits. `Store` bundles them; the server holds one `Arc<dyn Store>`.

use crate::StoreError;

mod limits;
mod recipients;
mod transactions;
mod webhooks;
use async_trait::async_trait;
pub use limits::*;
use openkor_domain::actor::Actor;
use openkor_domain::beneficiary::Beneficiary;
use openkor_domain::business_account::{BusinessAccount, BusinessAccountSortField};
use openkor_domain::clock::Timestamp;
use openkor_domain::customer::{Customer, CustomerFilter, CustomerSortField};
use openkor_domain::financial_account::{
    AccountState, Agreement, FinancialAccount, FinancialAccountFilter, FinancialAccountSortField,
};
use openkor_domain::ids::{
    BeneficiaryId, BusinessAccountId, CustomerId, FinancialAccountId, ServiceAccountId,
};
use openkor_domain::ledger::{Balances, Transfer};
use openkor_domain::paging::{Page, PageRequest};
use openkor_domain::service_account::{
    ApiKey, NewServiceAccount, Principal, SecretHash, ServiceAccount,
};
pub use recipients::*;
pub use transactions::*;
pub use webhooks::*;

/// Business Accounts and their tree. A caller (`scope`) sees itself and its descendants.
#[async_trait]
pub trait BusinessAccountStore: Send + Sync {
    /// The account `id` when it is `scope` or a descendant of `scope`.
    async fn get_business_account(
        &self,
        scope: BusinessAccountId,
        id: BusinessAccountId,
    ) -> Result<BusinessAccount, StoreError>;

    /// The direct children of `parent`, oldest first, when `parent` is visible from `scope`.
    async fn list_child_business_accounts(
        &self,
        scope: BusinessAccountId,
        parent: BusinessAccountId,
    ) -> Result<Vec<BusinessAccount>, StoreError>;

    /// One page of `scope` and all its descendants.
    async fn list_business_accounts(
        &self,
        scope: BusinessAccountId,
        request: &PageRequest<BusinessAccountSortField>,
    ) -> Result<Page<BusinessAccount>, StoreError>;
}

/// Service Accounts and the data token checks need.
#[async_trait]
pub trait ServiceAccountStore: Send + Sync {
    /// Creates a Service Account. A duplicate API key is a [`StoreError::Conflict`]; an unknown
    /// Business Account is [`StoreError::NotFound`].
    async fn create_service_account(
        &self,
        account: &NewServiceAccount,
        at: Timestamp,
    ) -> Result<ServiceAccount, StoreError>;

    /// The account holding `api_key`, with the hash of its secret (for token exchange).
    async fn find_service_account_by_api_key(
        &self,
        api_key: &ApiKey,
    ) -> Result<(ServiceAccount, SecretHash), StoreError>;

    /// Every Service Account of one Business Account, oldest first.
    async fn list_service_accounts(
        &self,
        scope: BusinessAccountId,
    ) -> Result<Vec<ServiceAccount>, StoreError>;

    /// Disables a Service Account of `scope` (idempotent: disabling twice keeps the first time).
    async fn disable_service_account(
        &self,
        scope: BusinessAccountId,
        id: ServiceAccountId,
        at: Timestamp,
    ) -> Result<ServiceAccount, StoreError>;

    /// The principal of one Service Account (any tenant; used to fill the token-check cache).
    async fn get_principal(&self, id: ServiceAccountId) -> Result<Principal, StoreError>;

    /// Every principal and the revision they were read at.
    async fn list_principals(&self) -> Result<(u64, Vec<Principal>), StoreError>;

    /// A number that grows whenever a Service Account is created or disabled.
    async fn principals_revision(&self) -> Result<u64, StoreError>;
}

/// Everything a new Business Account starts with, written in one database transaction.
#[derive(Clone, Debug)]
pub struct Provisioning {
    /// The Business Account (its parent, if any, must exist).
    pub business_account: BusinessAccount,
    /// Its business Financial Accounts.
    pub financial_accounts: Vec<FinancialAccount>,
    /// Its first Service Account.
    pub service_account: NewServiceAccount,
}

/// Whether a bootstrap provisioning took place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BootstrapOutcome {
    /// The database was empty and now holds the provisioned account.
    Provisioned,
    /// The database already held a Business Account or was bootstrapped before; nothing written.
    AlreadyInitialised,
}

/// Creation of Business Accounts with their starting resources.
#[async_trait]
pub trait ProvisioningStore: Send + Sync {
    /// Writes `provisioning` atomically.
    async fn provision(&self, provisioning: &Provisioning) -> Result<(), StoreError>;

    /// Writes `provisioning` only if no Business Account exists and no bootstrap happened before;
    /// safe when several servers start against one empty database at once.
    async fn provision_bootstrap(
        &self,
        provisioning: &Provisioning,
    ) -> Result<BootstrapOutcome, StoreError>;
}

/// Financial Accounts. Deleted accounts (and those of deleted customers) are invisible to every
/// read.
#[async_trait]
pub trait FinancialAccountStore: Send + Sync {
    /// Inserts an account of a customer, with its agreements, in one database transaction that
    /// also: re-checks that the customer is live ([`StoreError::NotFound`]) and ACTIVE
    /// ([`StoreError::Conflict`] naming `customerNotActive`); clears the holder's previous
    /// default when `default_flag` is set; and refuses a second link of the same external
    /// account ([`StoreError::Conflict`] naming `duplicate`). A clash of issued account numbers
    /// is a [`StoreError::Conflict`] naming `accountNumber`.
    async fn create_financial_account(
        &self,
        account: &FinancialAccount,
        agreements: &[Agreement],
    ) -> Result<(), StoreError>;

    /// The live account `id` of the Business Account `scope`.
    async fn get_financial_account(
        &self,
        scope: BusinessAccountId,
        id: FinancialAccountId,
    ) -> Result<FinancialAccount, StoreError>;

    /// One page of the live accounts of `scope` matching `filter`.
    async fn list_financial_accounts(
        &self,
        scope: BusinessAccountId,
        filter: &FinancialAccountFilter,
        request: &PageRequest<FinancialAccountSortField>,
    ) -> Result<Page<FinancialAccount>, StoreError>;

    /// Sets the state of a live account and returns it.
    async fn set_financial_account_state(
        &self,
        scope: BusinessAccountId,
        id: FinancialAccountId,
        state: AccountState,
        by: Actor,
        at: Timestamp,
    ) -> Result<FinancialAccount, StoreError>;

    /// Marks a live account deleted.
    async fn delete_financial_account(
        &self,
        scope: BusinessAccountId,
        id: FinancialAccountId,
        by: Actor,
        at: Timestamp,
    ) -> Result<(), StoreError>;
}

/// The double-entry ledger.
#[async_trait]
pub trait LedgerStore: Send + Sync {
    /// Records a transfer. The database refuses a non-positive amount, equal accounts, and an
    /// account of another currency or Business Account.
    async fn record_transfer(&self, transfer: &Transfer) -> Result<(), StoreError>;

    /// The balances of a live account of `scope`, summed from the ledger.
    async fn balances(
        &self,
        scope: BusinessAccountId,
        account: FinancialAccountId,
    ) -> Result<Balances, StoreError>;
}

/// A server-wide secret kept in the database.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SecretName {
    /// The key that signs bearer tokens.
    TokenSigningKey,
    /// The key of the fingerprints of external account numbers.
    FingerprintKey,
}

impl SecretName {
    /// The stored name.
    pub const fn code(self) -> &'static str {
        match self {
            SecretName::TokenSigningKey => "token_signing_key",
            SecretName::FingerprintKey => "fingerprint_key",
        }
    }
}

/// Server-wide secrets kept in the database so that every server instance shares them.
#[async_trait]
pub trait SecretStore: Send + Sync {
    /// The secret `name`: the stored one, or `candidate` after storing it if none exists.
    async fn secret_or_insert(
        &self,
        name: SecretName,
        candidate: [u8; 32],
    ) -> Result<[u8; 32], StoreError>;
}

/// Customers, with their contacts and addresses. Deleted customers are invisible to every read.
#[async_trait]
pub trait CustomerStore: Send + Sync {
    /// Inserts a customer with the default limits, each of `limits` replacing the default of
    /// its type and currency, in one db transaction. A live customer of the same Business
    /// Account with the same external id is a [`StoreError::Conflict`] naming `externalId`.
    async fn create_customer(
        &self,
        customer: &Customer,
        limits: &[openkor_domain::transaction_limits::LimitAmount],
    ) -> Result<(), StoreError>;

    /// The live customer `id` of `scope`.
    async fn get_customer(
        &self,
        scope: BusinessAccountId,
        id: CustomerId,
    ) -> Result<Customer, StoreError>;

    /// Replaces a customer's fields, contacts and addresses if its stored version is still
    /// `expected_version` ([`StoreError::Stale`] otherwise). `customer.version` must be the next.
    async fn update_customer(
        &self,
        customer: &Customer,
        expected_version: i64,
    ) -> Result<(), StoreError>;

    /// Marks a customer and all its Financial Accounts deleted, in one database transaction.
    async fn delete_customer(
        &self,
        scope: BusinessAccountId,
        id: CustomerId,
        by: Actor,
        at: Timestamp,
    ) -> Result<(), StoreError>;

    /// One page of the live customers of `scope` matching `filter`.
    async fn list_customers(
        &self,
        scope: BusinessAccountId,
        filter: &CustomerFilter,
        request: &PageRequest<CustomerSortField>,
    ) -> Result<Page<Customer>, StoreError>;
}

/// Beneficial owners of business customers.
#[async_trait]
pub trait BeneficiaryStore: Send + Sync {
    /// Inserts a beneficial owner; its customer must be a live business customer of the same
    /// Business Account with fewer than `owners_max` owners ([`StoreError::Conflict`] naming
    /// `beneficiaries` otherwise).
    async fn create_beneficiary(
        &self,
        beneficiary: &Beneficiary,
        owners_max: usize,
    ) -> Result<(), StoreError>;

    /// One beneficial owner of a live customer.
    async fn get_beneficiary(
        &self,
        scope: BusinessAccountId,
        customer: CustomerId,
        id: BeneficiaryId,
    ) -> Result<Beneficiary, StoreError>;

    /// Every beneficial owner of a live customer, oldest first.
    async fn list_beneficiaries(
        &self,
        scope: BusinessAccountId,
        customer: CustomerId,
    ) -> Result<Vec<Beneficiary>, StoreError>;

    /// Replaces a beneficial owner's fields and addresses if its stored version is still
    /// `expected_version` ([`StoreError::Stale`] otherwise).
    async fn update_beneficiary(
        &self,
        beneficiary: &Beneficiary,
        expected_version: i64,
    ) -> Result<(), StoreError>;
}

/// Liveness of the database.
#[async_trait]
pub trait HealthStore: Send + Sync {
    /// Succeeds when the database answers a trivial query.
    async fn ping(&self) -> Result<(), StoreError>;
}

/// The database's own upkeep, which the server runs in the background.
#[async_trait]
pub trait MaintenanceStore: Send + Sync {
    /// Gathers the query planner's statistics again for the tables that changed enough since
    /// they were last gathered (or never were and have rows), vacuums those that changed enough
    /// since they were last vacuumed where PostgreSQL's autovacuum is off, and returns the
    /// names of the tables analysed or vacuumed. Safe when several processes share one
    /// database; on PostgreSQL, while one refreshes, the others skip (and return no names).
    async fn refresh_statistics(&self) -> Result<Vec<String>, StoreError>;
}

/// Every storage trait; what the service layer holds.
pub trait Store:
    BusinessAccountStore
    + CustomerStore
    + BeneficiaryStore
    + ServiceAccountStore
    + ProvisioningStore
    + FinancialAccountStore
    + LedgerStore
    + TransactionStore
    + VerificationStore
    + LimitStore
    + RecipientStore
    + WebhookStore
    + SecretStore
    + HealthStore
    + MaintenanceStore
{
}

impl<T> Store for T where
    T: BusinessAccountStore
        + CustomerStore
        + BeneficiaryStore
        + ServiceAccountStore
        + ProvisioningStore
        + FinancialAccountStore
        + LedgerStore
        + TransactionStore
        + VerificationStore
        + LimitStore
        + RecipientStore
        + WebhookStore
        + SecretStore
        + HealthStore
        + MaintenanceStore
{
}
