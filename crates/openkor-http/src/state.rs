//! Shared state of the router.

use openkor_service::Services;
use std::sync::Arc;

/// What every handler can reach. One `Arc`, so the per-request clone axum makes is one
/// reference-count increment.
#[derive(Clone)]
pub struct AppState {
    /// The use cases.
    pub services: Arc<Services>,
    /// What `GET /metrics` reports.
    pub metrics: Arc<crate::metrics::Metrics>,
    /// Whether this router answers `GET /metrics` (not when the metrics have a listener of
    /// their own).
    pub serves_metrics: bool,
}
