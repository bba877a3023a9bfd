//! Request guards that run before any handler: size limits, the request timeout and the panic
//! net. Each answers with the error envelope.

use crate::error::{ApiError, ErrorCode};
use crate::extract::json::too_large;
use crate::extract::query::uri_too_long;
use crate::limits::{QUERY_STRING_BYTES_MAX, REQUEST_BODY_BYTES_MAX, REQUEST_HEADER_BYTES_MAX};
use axum::extract::{Request, State};
use axum::http::header::CONTENT_LENGTH;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::any::Any;
use std::time::Duration;

/// Refuses over-large headers (431), query strings (414) and declared bodies (413) up front.
pub async fn enforce_limits(request: Request, next: Next) -> Response {
    let header_bytes: usize = request
        .headers()
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len())
        .sum();
    if header_bytes > REQUEST_HEADER_BYTES_MAX {
        return ApiError::new(
            ErrorCode::HeadersTooLarge,
            format!("the request headers exceed {REQUEST_HEADER_BYTES_MAX} bytes"),
        )
        .into_response();
    }
    if request.uri().query().map_or(0, str::len) > QUERY_STRING_BYTES_MAX {
        return uri_too_long().into_response();
    }
    let declared_bytes = request
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    if declared_bytes.is_some_and(|bytes| bytes > REQUEST_BODY_BYTES_MAX as u64) {
        return too_large().into_response();
    }
    next.run(request).await
}

/// The longest a request may take, in milliseconds.
#[derive(Clone, Copy, Debug)]
pub struct RequestTimeout {
    /// The limit.
    pub timeout_ms: u64,
}

/// Answers 503 `REQUEST_TIMEOUT` when the handler outlives the request timeout.
pub async fn enforce_timeout(
    State(limit): State<RequestTimeout>,
    request: Request,
    next: Next,
) -> Response {
    match tokio::time::timeout(Duration::from_millis(limit.timeout_ms), next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::new(
            ErrorCode::RequestTimeout,
            format!("the request took longer than {} ms", limit.timeout_ms),
        )
        .into_response(),
    }
}

/// Turns a panic in a handler into a 500 with the envelope; the panic text is logged only.
pub fn panic_response(panic: Box<dyn Any + Send + 'static>) -> Response {
    let detail = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("non-string panic payload");
    ApiError::internal(format!("handler panicked: {detail}")).into_response()
}
