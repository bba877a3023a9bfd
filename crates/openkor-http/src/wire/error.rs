//! The error body.

use openkor_domain::validation::FieldError;
use serde::Serialize;
use utoipa::ToSchema;

/// The body of every error response.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ErrorBody {
    /// When the error occurred (`yyyy-MM-dd'T'HH:mm:ss.SSSZ`).
    pub timestamp: String,
    /// Id of the request; also in the `X-Trace-Id` header and the server log.
    pub trace_id: String,
    /// What went wrong, for a human.
    pub message: String,
    /// Stable machine-readable code (see the error code table).
    pub error_code: String,
    /// Per-field problems; empty when the error is not about one field.
    pub errors: Vec<FieldErrorBody>,
}

/// One refused field.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FieldErrorBody {
    /// Dotted path of the field in the body (`addresses[0].zipCode`), or the parameter name.
    pub path: String,
    /// What is wrong with it.
    pub message: String,
    /// Stable machine-readable code (`REQUIRED`, `TOO_LONG`, …).
    pub error_code: String,
}

impl From<FieldError> for FieldErrorBody {
    fn from(error: FieldError) -> Self {
        Self {
            path: error.path,
            message: error.message,
            error_code: error.code.code().to_owned(),
        }
    }
}
