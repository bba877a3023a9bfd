//! Webhook delivery: the worker (`worker.rs`) that dispatches outbox events and sends due
//! deliveries, and the sender (`sender.rs`) that makes one signed, guarded request.

pub mod sender;
pub mod worker;

pub use worker::{DeliveryCounters, WebhookSettings, WebhookWorker};
