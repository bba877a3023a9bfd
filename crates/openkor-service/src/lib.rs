//! Use cases of openkor. Each public method is one thing a caller can do; it checks the caller's
//! role, validates input into domain types, and calls one atomic store method.
//!
//! This crate knows the store traits and the domain, never HTTP, SQL or a concrete backend.

pub mod auth;
pub mod beneficiaries;
pub mod business_accounts;
pub mod customers;
mod error;
pub mod financial_accounts;
pub mod limits;
mod mac;
pub mod provisioning;
mod random;
pub mod recipients;
pub mod stp;
pub mod transactions;
pub mod verifications;
pub mod webhooks;

pub use error::ServiceError;

use openkor_domain::clock::Clock;
use openkor_store::Store;
use std::sync::Arc;

/// Every use case, sharing one store and one clock. Cheap to clone.
#[derive(Clone)]
pub struct Services {
    /// Token exchange and bearer-token checks.
    pub auth: Arc<auth::AuthService>,
    /// Sandboxes and Service Accounts.
    pub provisioning: provisioning::ProvisioningService,
    /// Business Account reads.
    pub business_accounts: business_accounts::BusinessAccountService,
    /// Customers.
    pub customers: customers::CustomerService,
    /// Beneficial owners of business customers.
    pub beneficiaries: beneficiaries::BeneficiaryService,
    /// Financial Accounts and their balances.
    pub financial_accounts: financial_accounts::FinancialAccountService,
    /// Transactions, and the sandbox's deposits and simulations.
    pub transactions: transactions::TransactionService,
    /// ACH prenote verification of external bank accounts.
    pub verifications: verifications::VerificationService,
    /// Transaction limits.
    pub limits: limits::LimitService,
    /// Recipients (payees).
    pub recipients: recipients::RecipientService,
    /// STP transactions: a Recipient, its card and a push-to-card SEND in one call.
    pub stp: stp::StpService,
    /// Webhook subscriptions and deliveries.
    pub webhooks: webhooks::WebhookService,
    store: Arc<dyn Store>,
}

impl Services {
    /// Wires every use case to `store` and `clock`, loading the secrets they keep in the
    /// database.
    pub async fn start(
        store: Arc<dyn Store>,
        clock: Arc<dyn Clock>,
        auth: Arc<auth::AuthService>,
        rails: transactions::RailSettings,
    ) -> Result<Self, ServiceError> {
        let financial_accounts =
            financial_accounts::FinancialAccountService::start(store.clone(), clock.clone())
                .await?;
        Ok(Self {
            financial_accounts: financial_accounts.clone(),
            provisioning: provisioning::ProvisioningService::new(
                store.clone(),
                clock.clone(),
                auth.directory().clone(),
            ),
            business_accounts: business_accounts::BusinessAccountService::new(store.clone()),
            customers: customers::CustomerService::new(store.clone(), clock.clone()),
            beneficiaries: beneficiaries::BeneficiaryService::new(store.clone(), clock.clone()),
            transactions: transactions::TransactionService::new(
                store.clone(),
                clock.clone(),
                rails,
            ),
            verifications: verifications::VerificationService::new(
                store.clone(),
                clock.clone(),
                rails,
            ),
            limits: limits::LimitService::new(store.clone(), clock.clone()),
            recipients: recipients::RecipientService::new(store.clone(), clock.clone()),
            stp: stp::StpService::new(
                store.clone(),
                clock.clone(),
                financial_accounts,
                rails.speedup,
            ),
            webhooks: webhooks::WebhookService::new(
                store.clone(),
                clock.clone(),
                webhooks::target::TargetPolicy::default(),
            ),
            auth,
            store,
        })
    }

    /// The store (for the rail engine and the operator commands).
    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    /// Whether the database answers.
    pub async fn ready(&self) -> Result<(), ServiceError> {
        self.store.ping().await.map_err(ServiceError::from)
    }
}
