//! Transaction bodies (reference §9): the create and sandbox request bodies, the SLT
//! (Transaction) object, its status entries, the SLT Status (history) object and payment
//! reasons.
//!
//! `amount` is accepted as a JSON string (`"1000.00"`) or, as the reference's sample sends it,
//! a JSON number (`1000.00`). A number is read as serde_json's `f64` and passed on as its
//! shortest decimal text (`1000.0` → `"1000"`, `10.05` → `"10.05"`), which is exact for every
//! amount openkor accepts (at most 100,000,000.00 with at most two decimals); the domain then
//! parses the text exactly, as it does a string.

mod edit;
mod request;
mod response;
mod reverse;

pub use edit::*;
pub use request::*;
pub use response::*;
pub use reverse::*;

#[cfg(test)]
mod tests;
