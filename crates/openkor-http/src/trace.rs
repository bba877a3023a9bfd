//! Trace ids: one per request, in the `X-Trace-Id` response header, in every error body and on
//! the request's log lines. The request log line carries method, path (never the query string,
//! which may hold personal data), status and latency.
//!
//! The id lives in a task-local rather than a tracing span: a span is entered and left on every
//! poll of the request future, which measurably cost throughput, while the two events that need
//! the id (the request line, and the error line of a 5xx) read the task-local directly.

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use std::sync::LazyLock;
use std::sync::atomic::{AtomicU64, Ordering};
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

/// A random per-process prefix (so ids from different servers never collide) and a counter (so
/// ids within one process never collide), 32 hex digits in all: no system call per request.
fn new_trace_id() -> String {
    static PREFIX: LazyLock<u64> = LazyLock::new(|| {
        let random = uuid::Uuid::new_v4().as_u64_pair();
        random.0 ^ random.1
    });
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let sequence = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("{:016x}{sequence:016x}", *PREFIX)
}

/// Middleware: assigns the trace id, runs the request with it in scope, logs the outcome.
pub async fn trace_requests(request: Request, next: Next) -> Response {
    let trace_id = new_trace_id();
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let started = Instant::now();
    let mut response = TRACE_ID.scope(trace_id.clone(), next.run(request)).await;
    let latency_us = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX);
    tracing::info!(
        trace_id = %trace_id,
        %method,
        path,
        status = response.status().as_u16(),
        latency_us,
        "request completed"
    );
    if let Ok(value) = HeaderValue::from_str(&trace_id) {
        response.headers_mut().insert(TRACE_ID_HEADER, value);
    }
    response
}
