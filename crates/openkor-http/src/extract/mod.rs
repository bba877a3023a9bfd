//! Extractors that own their rejections: malformed input of any kind becomes the API's error
//! envelope with a precise code, never axum's plain-text default.

pub mod auth;
pub mod idempotency;
pub mod json;
mod json_errors;
pub mod path;
pub mod query;

pub use auth::{
    Authorized, BasicCredentials, Caller, ManageCustomerAccounts, ManageCustomers, ManageLimits,
    ManageRecipients, ManageTransactions, ManageWebhooks,
};
pub use idempotency::IdempotencyHeader;
pub use json::{ApiJson, ApiJsonBytes, OptionalJson};
pub use path::ApiPath;
pub use query::{NoQuery, Paging, QueryParams};
