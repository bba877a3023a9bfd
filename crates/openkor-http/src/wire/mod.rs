//! Wire types: the JSON bodies of the API, with their OpenAPI schemas. Field names follow the
//! reference exactly; optional fields with no value are omitted, never `null`.

pub mod actor;
pub mod address;
pub mod auth;
pub mod beneficiary;
pub mod business_account;
pub mod codes;
pub mod contact;
pub mod customer;
pub mod error;
pub mod financial_account;
pub mod ids;
pub mod limits;
pub mod metadata;
pub mod page;
pub mod read_only;
pub mod recipient;
pub mod stp;
pub mod transaction;
pub mod verification;
pub mod webhook;
