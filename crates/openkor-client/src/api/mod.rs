//! One method of [`crate::Client`] per operation of the OpenAPI document, grouped by resource.
//! Ids are taken as text (the server's ids are UUIDs) and percent-encoded into the path.

mod business_accounts;
mod customers;
mod financial_accounts;
mod limits;
mod meta;
mod recipients;
mod sandbox;
mod transactions;
mod webhooks;

use crate::client::segment;

/// `"/v1/{collection}/{id}{rest}"` with `id` encoded.
fn item(collection: &str, id: &str, rest: &str) -> String {
    format!("/v1/{collection}/{}{rest}", segment(id))
}
