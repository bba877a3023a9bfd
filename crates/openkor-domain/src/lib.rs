//! The pure core of openkor: identifiers, timestamps, money, roles, accounts, paging and limits.
//!
//! Nothing in this crate performs I/O, awaits, or knows about SQL or HTTP. Types here parse
//! their input once (constructors return `Result`) so that every value that exists is valid.

pub mod actor;
pub mod address;
pub mod beneficiary;
pub mod business_account;
pub mod clock;
pub mod codes;
pub mod contact;
pub mod customer;
pub mod default_limits;
pub mod financial_account;
pub mod geo;
pub mod ids;
pub mod ledger;
pub mod limits;
pub mod list_merge;
pub mod metadata;
pub mod money;
pub mod paging;
pub mod patch;
pub mod recipient;
pub mod role;
pub mod service_account;
pub mod text;
pub mod time_zone;
pub mod transaction;
pub mod transaction_limits;
pub mod validation;
pub mod webhook;
