//! The API over real HTTP: the server runs in process on a loopback port over a fresh database,
//! and every test runs on SQLite and on PostgreSQL (`test_name::sqlite`, `test_name::postgres`).

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod ach_returns;
mod auth;
mod beneficiaries;
mod business_accounts;
mod business_limits;
mod canadian_accounts;
mod client;
mod compatibility;
mod contract_check;
mod conventions;
mod crash;
mod customer_access;
mod customer_filter_model;
mod customer_list;
mod customer_updates;
mod customers;
mod docs;
mod financial_account_filter_model;
mod financial_account_fixtures;
mod financial_account_openapi;
mod financial_account_states;
mod financial_accounts;
mod generated;
mod http2;
mod lifecycle;
mod limit_windows;
mod limits;
mod many_nodes;
mod metrics;
mod openapi_schemas;
mod prenotes;
mod process;
mod query_forms;
mod receiver;
mod recipient_filter_model;
mod recipients;
mod round_trips;
mod slow_clients;
mod stp;
mod support;
mod transaction_events;
mod transaction_operations;
mod transactions;
mod typed;
mod webhook_nodes;
mod webhook_targets;
mod webhooks;
