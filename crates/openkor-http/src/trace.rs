//! Trace ids: one per request, in the `X-Trace-Id` response header, in every error body and on
//! the request's log lines. The request log line carries method, the route template (never the
//! path as sent: a client may have put a card number where an id goes; never the query string),
//! status and latency, and the request is counted in the metrics ([`crate::metrics`]) under the
//! same route template. Every response says `Cache-Control: no-store`: tokens and tenant data
//! must not be kept by a proxy or a browser.
//!
//! The id lives in a task-local rather than a tracing span: a span is entered and left on every
//! poll of the request future, which measurably cost throughput, while the two events that need
//! the id (the request line, and the error line of a 5xx) read the task-local directly.

use crate::metrics::Metrics;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use sha2::{Digest, Sha256};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, LazyLock};
use std::time::Instant;

/// Response header carrying the trace id.
pub const TRACE_ID_HEADER: &str = "x-trace-id";

tokio::task_local! {
    static TRACE_ID: String;
}

/// The current request's trace id; empty outside a request.
pub fn current_trace_id() -> String {
    TRACE_ID.try_with(Clone::clone).unwrap_or_default()
}

/// 32 hex digits that nobody can predict from earlier ones: SHA-256 of a random per-process key
/// and a counter (the counter keeps them unique, the key keeps them secret), with no system
/// call per request.
fn new_trace_id() -> String {
    static KEY: LazyLock<[u8; 32]> = LazyLock::new(|| {
        let (a, b) = uuid::Uuid::new_v4().as_u64_pair();
        let (c, d) = uuid::Uuid::new_v4().as_u64_pair();
        let mut key = [0u8; 32];
        for (chunk, word) in key.chunks_exact_mut(8).zip([a, b, c, d]) {
            chunk.copy_from_slice(&word.to_le_bytes());
        }
        key
    });
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let sequence = COUNTER.fetch_add(1, Ordering::Relaxed);
    let digest = Sha256::new()
        .chain_update(*KEY)
        .chain_update(sequence.to_le_bytes())
        .finalize();
    let (high, low) = digest.split_at(8);
    let word = |bytes: &[u8]| bytes.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
    format!("{:016x}{:016x}", word(high), word(&low[..8]))
}

/// Route layer: hands the matched route template to [`trace_requests`] through the response.
pub async fn record_route(request: Request, next: Next) -> Response {
    let route = request.extensions().get::<MatchedPath>().cloned();
    let mut response = next.run(request).await;
    if let Some(route) = route {
        response.extensions_mut().insert(route);
    }
    response
}

/// Middleware: assigns the trace id, runs the request with it in scope, logs the outcome and
/// counts it in `metrics`.
pub async fn trace_requests(
    State(metrics): State<Arc<Metrics>>,
    request: Request,
    next: Next,
) -> Response {
    let trace_id = new_trace_id();
    let method = request.method().clone();
    let started = Instant::now();
    let mut response = TRACE_ID.scope(trace_id.clone(), next.run(request)).await;
    let elapsed = started.elapsed();
    let latency_us = u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX);
    // No route (a 404, or a response made before routing): no template, and the path as sent
    // is never logged.
    let route = response
        .extensions()
        .get::<MatchedPath>()
        .map_or("-", MatchedPath::as_str);
    tracing::info!(
        trace_id = %trace_id,
        %method,
        route,
        status = response.status().as_u16(),
        latency_us,
        "request completed"
    );
    metrics.observe_request(route, &method, response.status(), elapsed);
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&trace_id) {
        headers.insert(TRACE_ID_HEADER, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
