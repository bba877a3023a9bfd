//! Shared state of the router.

use openkor_service::Services;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// The use cases.
    pub services: Services,
}
