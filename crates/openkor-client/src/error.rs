//! What can go wrong with a call: the server's error envelope, the transport, or a body the
//! client cannot read.

use serde::Deserialize;
use std::time::Duration;

/// The result of every client call.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A failed call.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The server answered with its documented error envelope (any non-2xx status). Boxed:
    /// the envelope is large and every `Result` of the client carries this type.
    #[error("{0}")]
    Api(Box<ApiError>),
    /// The request did not complete: connection, timeout, TLS, or building the request.
    #[error("transport: {0}")]
    Transport(#[from] reqwest::Error),
    /// The base URL given to the builder is not an absolute `http(s)` URL.
    #[error("invalid base URL {url:?}: {reason}")]
    InvalidBaseUrl {
        /// The URL as given.
        url: String,
        /// Why it was refused.
        reason: String,
    },
    /// A request body could not be written as JSON.
    #[error("cannot encode the request body: {0}")]
    Encode(serde_json::Error),
    /// The server answered, but the body is not what the operation documents. `body` is the
    /// text received, so nothing is lost for a bug report.
    #[error("cannot decode the {status} answer: {source}; body: {body}")]
    Decode {
        /// The HTTP status of the answer.
        status: u16,
        /// The body as received (lossy UTF-8).
        body: String,
        /// What the decoder refused.
        source: serde_json::Error,
    },
}

impl Error {
    /// The API error, when the server answered with one.
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Self::Api(error) => Some(error),
            _ => None,
        }
    }

    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Api(error) => Some(error.status),
            Self::Decode { status, .. } => Some(*status),
            Self::Transport(error) => error.status().map(|s| s.as_u16()),
            Self::InvalidBaseUrl { .. } | Self::Encode(_) => None,
        }
    }
}

/// The server's error envelope (reference §2.3), with the HTTP status and `Retry-After`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{status} {error_code}: {message} (trace {trace_id})")]
pub struct ApiError {
    /// The HTTP status.
    pub status: u16,
    /// The stable machine-readable code, e.g. `VALIDATION_ERROR`.
    pub error_code: String,
    /// The id that ties this answer to the server's log line.
    pub trace_id: String,
    /// A human-readable summary.
    pub message: String,
    /// When the server answered (RFC 3339, UTC).
    pub timestamp: String,
    /// One entry per offending field, in the order the server found them.
    pub errors: Vec<FieldError>,
    /// The server's `Retry-After`, when it sent one in seconds (429, 503).
    pub retry_after: Option<Duration>,
}

impl ApiError {
    /// The `(path, errorCode)` pairs of the field errors.
    pub fn field_codes(&self) -> Vec<(&str, &str)> {
        self.errors
            .iter()
            .map(|e| (e.path.as_str(), e.error_code.as_str()))
            .collect()
    }
}

/// One offending field of a refused request.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldError {
    /// Where in the request: a JSON path such as `addresses[0].zipCode`, or a parameter name.
    pub path: String,
    /// What is wrong, for a human.
    pub message: String,
    /// The stable code, e.g. `REQUIRED_FIELD`.
    pub error_code: String,
}

/// The wire shape of the envelope.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ErrorEnvelope {
    timestamp: String,
    trace_id: String,
    message: String,
    error_code: String,
    #[serde(default)]
    errors: Vec<FieldError>,
}

impl ErrorEnvelope {
    pub(crate) fn into_error(self, status: u16, retry_after: Option<Duration>) -> ApiError {
        ApiError {
            status,
            error_code: self.error_code,
            trace_id: self.trace_id,
            message: self.message,
            timestamp: self.timestamp,
            errors: self.errors,
            retry_after,
        }
    }
}
