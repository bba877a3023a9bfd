//! Trace ids: one per request, in the `X-Trace-Id` response header, in every error body and on
//! the request's log lines. The request log line carries method, path (never the query string,
//! which may hold personal data), status and latency.

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use std::time::Instant;
use tracing::Instrument;

/// Response header carrying the trace id.
pub const TRACE_ID_HEADER: &str = "x-trace-id";

tokio::task_local! {
    static TRACE_ID: String;
}

/// The current request's trace id; empty outside a request.
pub fn current_trace_id() -> String {
    TRACE_ID.try_with(Clone::clone).unwrap_or_default()
}

fn new_trace_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// Middleware: assigns the trace id, runs the request inside its span, logs the outcome.
pub async fn trace_requests(request: Request, next: Next) -> Response {
    let trace_id = new_trace_id();
    let span = tracing::info_span!(
        "request",
        trace_id = %trace_id,
        method = %request.method(),
        path = %request.uri().path(),
    );
    let started = Instant::now();
    let mut response = TRACE_ID
        .scope(trace_id.clone(), next.run(request).instrument(span.clone()))
        .await;
    let latency_us = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX);
    span.in_scope(|| {
        tracing::info!(
            status = response.status().as_u16(),
            latency_us,
            "request completed"
        );
    });
    if let Ok(value) = HeaderValue::from_str(&trace_id) {
        response.headers_mut().insert(TRACE_ID_HEADER, value);
    }
    response
}
