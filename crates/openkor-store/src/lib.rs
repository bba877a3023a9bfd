//! Storage traits of openkor, split by aggregate, and the one error type they share.
//!
//! Every method is an atomic use case: it does all of its writes in one database transaction or
//! none of them. Every tenant-scoped method takes the caller's Business Account id (`scope`) and
//! treats a row of another tenant exactly like a row that does not exist ([`StoreError::NotFound`]).
//! [`sql_store::SqlStore`] implements every trait once, over the [`db::Backend`] seam that
//! `openkor-store-sqlite` (rusqlite) and `openkor-store-postgres` (tokio-postgres) provide; both
//! must pass the [`conformance`] suite.

pub mod db;
mod error;
pub mod records;
pub mod sealing;
pub mod sql;
pub mod sql_store;
mod traits;

#[cfg(feature = "conformance")]
#[allow(
    clippy::expect_used,
    reason = "test support: a failed expectation is a failed conformance case"
)]
pub mod conformance;

pub use error::StoreError;
pub use traits::*;
