//! Answers for requests no route takes: unknown paths (404) and wrong methods (405).

use crate::error::{ApiError, ErrorCode};
use axum::http::{Method, Uri};

/// Unknown path.
pub async fn route_not_found(method: Method, uri: Uri) -> ApiError {
    ApiError::new(
        ErrorCode::RouteNotFound,
        format!("no route for {method} {}", uri.path()),
    )
}

/// Known path, wrong method.
pub async fn method_not_allowed(method: Method, uri: Uri) -> ApiError {
    ApiError::new(
        ErrorCode::MethodNotAllowed,
        format!("{method} is not allowed on {}", uri.path()),
    )
}
