//! The HTTP API of openkor: the axum router, its extractors, the error envelope and the OpenAPI
//! document. Only this crate knows HTTP and JSON; it calls the service layer for everything.

pub mod docs;
pub mod error;
pub mod extract;
pub mod limits;
pub mod metrics;
mod middleware;
pub mod openapi;
pub mod routes;
pub mod state;
pub mod trace;
pub mod wire;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use std::sync::Arc;
use tower_http::catch_panic::CatchPanicLayer;

pub use middleware::RequestTimeout;
pub use state::AppState;

/// Transport settings.
#[derive(Clone, Copy, Debug)]
pub struct HttpConfig {
    /// How long a request may take, in milliseconds.
    pub request_timeout_ms: u64,
}

/// The complete application: every route, the fallbacks and the middleware stack.
pub fn router(state: AppState, config: HttpConfig) -> Router {
    let (routes, _document) = openapi::api_router().split_for_parts();
    let routes = routes.merge(docs::docs_router());
    let metrics = state.metrics.clone();
    with_middleware(routes, config, metrics).with_state(state)
}

/// The router of a listener of its own for `GET /metrics` (`--metrics-listen`): that route
/// alone, with the same middleware.
pub fn metrics_router(metrics: Arc<metrics::Metrics>, config: HttpConfig) -> Router {
    let routes = Router::new().route(
        "/metrics",
        axum::routing::get(routes::metrics::render_metrics),
    );
    with_middleware(routes, config, metrics.clone()).with_state(metrics)
}

/// Adds the fallbacks (404, 405) and the middleware stack (trace id and metrics, panic net,
/// timeout, size limits) to `routes`. [`router`] uses it; the extractor tests mount their own
/// routes on it.
pub fn with_middleware<S: Clone + Send + Sync + 'static>(
    routes: Router<S>,
    config: HttpConfig,
    metrics: Arc<metrics::Metrics>,
) -> Router<S> {
    let timeout = RequestTimeout {
        timeout_ms: config.request_timeout_ms,
    };
    routes
        .route_layer(axum::middleware::from_fn(trace::record_route))
        .fallback(routes::fallback::route_not_found)
        .method_not_allowed_fallback(routes::fallback::method_not_allowed)
        .layer(DefaultBodyLimit::max(limits::REQUEST_BODY_BYTES_MAX))
        .layer(axum::middleware::from_fn(middleware::enforce_limits))
        .layer(axum::middleware::from_fn_with_state(
            timeout,
            middleware::enforce_timeout,
        ))
        .layer(CatchPanicLayer::custom(middleware::panic_response))
        .layer(axum::middleware::from_fn_with_state(
            metrics,
            trace::trace_requests,
        ))
}
