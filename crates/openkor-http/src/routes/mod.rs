//! Route handlers, one module per resource.

pub mod auth;
pub mod business_accounts;
pub mod fallback;
pub mod health;
