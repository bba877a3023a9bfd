//! Route handlers, one module per resource.

pub mod auth;
pub mod beneficiaries;
pub mod business_accounts;
pub mod customer_filters;
pub mod customers;
pub mod fallback;
pub mod financial_account_embeds;
pub mod financial_account_filters;
pub mod financial_accounts;
pub mod health;
pub mod limits;
pub mod metrics;
pub mod recipients;
pub mod sandbox;
pub mod stp;
pub mod transaction_filters;
pub mod transaction_operations;
pub mod transactions;
pub mod verifications;
pub mod webhooks;
