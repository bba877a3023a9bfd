//! A typed async client of the openkor HTTP API.
//!
//! [`Client`] holds a base URL and an API key and secret; it exchanges them for a bearer
//! token on first use, refreshes the token shortly before it expires and once more when a
//! request is answered 401 (that request is sent again, once). Every operation of the OpenAPI
//! document is one method (see [`OPERATIONS`]); errors are [`Error::Api`] with the server's
//! `errorCode` and `traceId`; lists answer a [`Page`] and have a `list_all_*` twin that walks
//! every page; money stays a decimal string ([`models::Amount`]).
//!
//! ```no_run
//! # async fn example() -> openkor_client::Result<()> {
//! use openkor_client::Client;
//! let client = Client::new("http://127.0.0.1:8080", "API_KEY", "API_SECRET")?;
//! let reasons = client.list_payment_reasons().await?;
//! # let _ = reasons;
//! # Ok(())
//! # }
//! ```

mod api;
mod client;
mod error;
pub mod models;
mod operations;
mod paging;
mod queries;
mod query;
mod token;

pub use client::Client;
pub use error::{ApiError, Error, FieldError, Result};
pub use operations::{OPERATIONS, Operation};
pub use paging::{Direction, Page, PageQuery, Paged, Sort, all_pages};
pub use queries::*;
