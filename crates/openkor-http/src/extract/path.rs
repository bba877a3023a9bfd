//! Path parameters: `ApiPath<T>` and typed-id parsing, with malformed values mapped to
//! 400 `INVALID_PATH_PARAMETER`.

use crate::error::{ApiError, ErrorCode};
use crate::limits::PATH_PARAMETER_CHARS_MAX;
use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use openkor_domain::validation::{FieldError, FieldErrorCode};
use serde::de::DeserializeOwned;
use std::str::FromStr;

/// Path parameters of type `T`.
#[derive(Debug)]
pub struct ApiPath<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiPath<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(value)| ApiPath(value))
            .map_err(|rejection| {
                use axum::extract::path::ErrorKind;
                use axum::extract::rejection::PathRejection;
                let key = match &rejection {
                    PathRejection::FailedToDeserializePathParams(error) => match error.kind() {
                        ErrorKind::DeserializeError { key, .. }
                        | ErrorKind::ParseErrorAtKey { key, .. }
                        | ErrorKind::InvalidUtf8InPathParam { key } => Some(key.clone()),
                        _ => None,
                    },
                    _ => None,
                };
                match key {
                    Some(key) => invalid(&key, "must be a UUID"),
                    None => ApiError::new(ErrorCode::InvalidPathParameter, rejection.body_text()),
                }
            })
    }
}

/// Parses the path parameter `name` as a typed id (a UUID).
pub fn parse_id<T: FromStr>(name: &str, raw: &str) -> Result<T, ApiError> {
    if raw.chars().count() <= PATH_PARAMETER_CHARS_MAX
        && let Ok(id) = raw.parse()
    {
        return Ok(id);
    }
    Err(invalid(name, "must be a UUID"))
}

/// A 400 `INVALID_PATH_PARAMETER` naming the parameter.
pub fn invalid(name: &str, message: &str) -> ApiError {
    ApiError::with_errors(
        ErrorCode::InvalidPathParameter,
        format!("path parameter '{name}' is invalid"),
        vec![FieldError::new(
            name,
            FieldErrorCode::InvalidFormat,
            message,
        )],
    )
}
