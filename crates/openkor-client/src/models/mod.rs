//! The request and response bodies, with the wire's field names (camelCase).
//!
//! Response structs keep every member they do not model in `extra`, so a body read and written
//! back is the body received (the round-trip tests check it against the server, and that
//! [`unmodelled_members`] finds nothing in it). Optional members the server omits when empty
//! are omitted again; those it sends as `null` are sent as `null`. Request structs are all
//! optional fields, skipped when `None`: build them with `..Default::default()`. Update bodies
//! (`…Update`) hold [`Patch`] fields instead, which can also send `null` to clear a field.
//! Money is a decimal string ([`Amount`]) and never a float.

mod business_accounts;
mod common;
mod customers;
mod financial_account;
mod financial_accounts;
mod limits;
mod patch;
mod recipients;
mod transactions;
pub(crate) mod unmodelled;
mod values;
mod webhooks;

pub use business_accounts::*;
pub use common::*;
pub use customers::*;
pub use financial_account::*;
pub use financial_accounts::*;
pub use limits::*;
pub use patch::Patch;
pub use recipients::*;
pub use transactions::*;
pub use unmodelled::unmodelled_members;
pub use values::*;
pub use webhooks::*;

pub(crate) use serde::{Deserialize, Serialize};
pub(crate) use serde_json::{Map, Value};
pub(crate) use std::collections::BTreeMap;

/// A Financial Account's balances, by currency code.
pub type Balances = BTreeMap<String, Balance>;
