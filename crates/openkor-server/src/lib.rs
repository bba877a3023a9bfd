//! The `openkor` binary's library: configuration, command line, backend choice and the server's
//! life cycle. The only crate that knows the concrete storage backends.

pub mod cli;
pub mod commands;
pub mod config;
pub mod config_file;
pub mod data_keys;
pub mod database;
pub mod janitor;
pub mod listener;
mod metrics;
pub mod rail_engine;
pub mod server;
pub mod statistics;
pub mod webhooks;

pub use server::{Prepared, ServerError, build_services, prepare, shutdown_signal};
