//! `GET /metrics`: the server's metrics in the OpenMetrics text format, for Prometheus
//! (unauthenticated, like the probes: it holds no personal data or ids). When the metrics have
//! a listener of their own (`--metrics-listen`), the API's router answers 404 here.

use super::fallback::route_not_found;
use crate::error::ApiError;
use crate::metrics::{CONTENT_TYPE, Metrics};
use crate::state::AppState;
use axum::extract::State;
use axum::http::{Method, Uri, header};
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// Every metric, as Prometheus scrapes them.
#[utoipa::path(get, path = "/metrics", tag = "Health",
    responses(
        (status = OK, description = "Every metric in the OpenMetrics text format",
            content_type = "application/openmetrics-text", body = String),
        (status = NOT_FOUND, description = "The metrics are served on a listener of their own",
            body = crate::wire::error::ErrorBody),
    ))]
pub async fn metrics(State(state): State<AppState>, method: Method, uri: Uri) -> Response {
    if !state.serves_metrics {
        return route_not_found(method, uri).await.into_response();
    }
    render_metrics(State(state.metrics.clone())).await
}

/// The metrics of `metrics` as the response body.
pub async fn render_metrics(State(metrics): State<Arc<Metrics>>) -> Response {
    match metrics.render() {
        Ok(text) => ([(header::CONTENT_TYPE, CONTENT_TYPE)], text).into_response(),
        Err(_) => ApiError::internal("the metrics could not be written").into_response(),
    }
}
