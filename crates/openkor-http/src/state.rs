//! Shared state of the router.

use openkor_service::Services;
use std::sync::Arc;

/// What every handler can reach. One `Arc`, so the per-request clone axum makes is one
/// reference-count increment.
#[derive(Clone)]
pub struct AppState {
    /// The use cases.
    pub services: Arc<Services>,
}
