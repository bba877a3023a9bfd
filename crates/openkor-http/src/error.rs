//! The one error type of the API and the one place errors become HTTP responses.
//!
//! Every failure a client can see has the body `{timestamp, traceId, message, errorCode,
//! errors[{path, message, errorCode}]}`. [`ErrorCode`] is the exhaustive, stable table from
//! code to status, mirrored in `docs/API-DESIGN.md` (a test keeps the two in step).

use crate::trace::current_trace_id;
use crate::wire::error::{ErrorBody, FieldErrorBody};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use openkor_domain::clock::{Clock, SystemClock};
use openkor_domain::validation::{FieldError, FieldErrorCode, ValidationErrors};
use openkor_service::ServiceError;

macro_rules! error_codes {
    ($( $(#[$doc:meta])* $variant:ident = ($code:literal, $status:ident) ),+ $(,)?) => {
        /// The stable, documented error codes and the status each one is sent with.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum ErrorCode {
            $( $(#[$doc])* $variant ),+
        }

        impl ErrorCode {
            /// Every code, in table order.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant),+];

            /// The code's text.
            pub const fn code(self) -> &'static str {
                match self { $(ErrorCode::$variant => $code),+ }
            }

            /// The HTTP status sent with it.
            pub const fn status(self) -> StatusCode {
                match self { $(ErrorCode::$variant => StatusCode::$status),+ }
            }
        }
    };
}

error_codes! {
    /// The body or a parameter failed validation; `errors` lists every field.
    ValidationFailed = ("VALIDATION_FAILED", BAD_REQUEST),
    /// The body is not syntactically valid JSON.
    MalformedJson = ("MALFORMED_JSON", BAD_REQUEST),
    /// A query parameter is unknown, repeated, malformed or out of range.
    InvalidQueryParameter = ("INVALID_QUERY_PARAMETER", BAD_REQUEST),
    /// A path parameter is malformed (not a UUID, say).
    InvalidPathParameter = ("INVALID_PATH_PARAMETER", BAD_REQUEST),
    /// Credentials or bearer token missing, malformed, expired, forged or disabled.
    Unauthenticated = ("UNAUTHENTICATED", UNAUTHORIZED),
    /// The caller's role does not permit the action.
    Forbidden = ("FORBIDDEN", FORBIDDEN),
    /// The resource does not exist for this caller (another tenant's resource included).
    NotFound = ("NOT_FOUND", NOT_FOUND),
    /// No route has this path.
    RouteNotFound = ("ROUTE_NOT_FOUND", NOT_FOUND),
    /// The route exists but not with this method.
    MethodNotAllowed = ("METHOD_NOT_ALLOWED", METHOD_NOT_ALLOWED),
    /// The request conflicts with the current state (a duplicate, a concurrent change).
    Conflict = ("CONFLICT", CONFLICT),
    /// A business rule refuses the request (an individual customer has no beneficial owners).
    BusinessRuleViolation = ("BUSINESS_RULE_VIOLATION", UNPROCESSABLE_ENTITY),
    /// The debit account's available balance is below the transaction's amount.
    InsufficientFunds = ("INSUFFICIENT_FUNDS", UNPROCESSABLE_ENTITY),
    /// The amount exceeds a transaction limit of the debit side.
    LimitExceeded = ("LIMIT_EXCEEDED", UNPROCESSABLE_ENTITY),
    /// The operation is switched off on this server (the sandbox endpoints).
    Disabled = ("DISABLED", FORBIDDEN),
    /// The body exceeds the size limit.
    PayloadTooLarge = ("PAYLOAD_TOO_LARGE", PAYLOAD_TOO_LARGE),
    /// The query string exceeds its size limit.
    UriTooLong = ("URI_TOO_LONG", URI_TOO_LONG),
    /// The body is not `application/json`.
    UnsupportedMediaType = ("UNSUPPORTED_MEDIA_TYPE", UNSUPPORTED_MEDIA_TYPE),
    /// The headers exceed their size limit.
    HeadersTooLarge = ("HEADERS_TOO_LARGE", REQUEST_HEADER_FIELDS_TOO_LARGE),
    /// Too many failed attempts (wrong secrets for one API key); `Retry-After` says when to retry.
    TooManyRequests = ("TOO_MANY_REQUESTS", TOO_MANY_REQUESTS),
    /// A bug; details are in the server log under the trace id, never in the body.
    InternalError = ("INTERNAL_ERROR", INTERNAL_SERVER_ERROR),
    /// The database is unreachable or overloaded; retry shortly.
    ServiceUnavailable = ("SERVICE_UNAVAILABLE", SERVICE_UNAVAILABLE),
    /// The request took longer than the server's request timeout.
    RequestTimeout = ("REQUEST_TIMEOUT", SERVICE_UNAVAILABLE),
}

/// An error on its way to becoming a response.
#[derive(Debug)]
pub struct ApiError {
    code: ErrorCode,
    message: String,
    errors: Vec<FieldError>,
    /// Logged with the trace id, never sent.
    internal: Option<String>,
    /// Sent as `Retry-After`, in seconds.
    retry_after_s: Option<u64>,
}

impl ApiError {
    /// An error with `code` and a client-facing `message`.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            errors: Vec::new(),
            internal: None,
            retry_after_s: None,
        }
    }

    /// An error listing field errors.
    pub fn with_errors(
        code: ErrorCode,
        message: impl Into<String>,
        errors: Vec<FieldError>,
    ) -> Self {
        Self {
            errors,
            ..Self::new(code, message)
        }
    }

    /// A 500 whose `detail` goes to the log only.
    pub fn internal(detail: impl Into<String>) -> Self {
        Self {
            internal: Some(detail.into()),
            ..Self::new(
                ErrorCode::InternalError,
                "internal error; quote the traceId to support",
            )
        }
    }

    /// The code.
    pub fn code(&self) -> ErrorCode {
        self.code
    }

    /// The first field error's path and code, for tests.
    #[cfg(test)]
    pub(crate) fn first_field(
        &self,
    ) -> Option<(String, openkor_domain::validation::FieldErrorCode)> {
        self.errors
            .first()
            .map(|error| (error.path.clone(), error.code))
    }

    /// Every field error's path and code, for tests.
    #[cfg(test)]
    pub(crate) fn fields(&self) -> Vec<(String, openkor_domain::validation::FieldErrorCode)> {
        self.errors
            .iter()
            .map(|error| (error.path.clone(), error.code))
            .collect()
    }
}

impl From<ServiceError> for ApiError {
    fn from(error: ServiceError) -> Self {
        match error {
            ServiceError::Unauthenticated(message) => {
                Self::new(ErrorCode::Unauthenticated, message)
            }
            ServiceError::Forbidden => Self::new(
                ErrorCode::Forbidden,
                "the service account's role does not permit this action",
            ),
            ServiceError::NotFound(what) => {
                Self::new(ErrorCode::NotFound, format!("{what} not found"))
            }
            ServiceError::Validation(errors) => validation(errors),
            ServiceError::Conflict(message) => Self::new(ErrorCode::Conflict, message),
            ServiceError::Duplicate(field) => Self::with_errors(
                ErrorCode::Conflict,
                format!("{} is already taken", field.path),
                vec![field],
            ),
            ServiceError::BusinessRule(message) => {
                Self::new(ErrorCode::BusinessRuleViolation, message)
            }
            ServiceError::InvalidReference(field) => Self::with_errors(
                ErrorCode::BusinessRuleViolation,
                format!("{} {}", field.path, field.message),
                vec![field],
            ),
            ServiceError::Unprocessable(errors) => Self::with_errors(
                ErrorCode::BusinessRuleViolation,
                "the accounts do not allow this request; see errors",
                errors.into_errors(),
            ),
            ServiceError::InsufficientFunds(account) => Self::with_errors(
                ErrorCode::InsufficientFunds,
                format!("financial account {account} has insufficient available balance"),
                vec![FieldError::new(
                    "debitFinancialAccountId",
                    FieldErrorCode::OutOfRange,
                    format!(
                        "the available balance of financial account {account} is less than the amount"
                    ),
                )],
            ),
            ServiceError::LimitExceeded(usage) => limit_exceeded(&usage),
            ServiceError::IdempotencyKeyReused => Self::with_errors(
                ErrorCode::Conflict,
                "the Idempotency-Key was already used with a different request",
                vec![FieldError::new(
                    "Idempotency-Key",
                    FieldErrorCode::Duplicate,
                    "was already used with a different request; use a new key",
                )],
            ),
            ServiceError::Disabled(message) => Self::new(ErrorCode::Disabled, message),
            ServiceError::PageTooDeep { max_offset } => Self::with_errors(
                ErrorCode::InvalidQueryParameter,
                "the page is too deep to jump to; see errors",
                vec![FieldError::new(
                    "page",
                    FieldErrorCode::OutOfRange,
                    format!(
                        "page × size may be at most {max_offset} unless the page before was just \
                         read; walk the pages in order from a shallower one, or narrow the filter"
                    ),
                )],
            ),
            ServiceError::Unavailable(detail) => Self {
                internal: Some(detail),
                ..Self::new(
                    ErrorCode::ServiceUnavailable,
                    "the service is temporarily unavailable; retry shortly",
                )
            },
            ServiceError::Throttled { retry_after_s } => Self {
                retry_after_s: Some(retry_after_s),
                ..Self::new(
                    ErrorCode::TooManyRequests,
                    "too many failed attempts for this API key; retry after the time in Retry-After",
                )
            },
            ServiceError::Internal(detail) => Self::internal(detail),
        }
    }
}

/// A 400 `VALIDATION_FAILED` listing every field error.
pub fn validation(errors: ValidationErrors) -> ApiError {
    ApiError::with_errors(
        ErrorCode::ValidationFailed,
        "the request is invalid; see errors",
        errors.into_errors(),
    )
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.code.status();
        if status.is_server_error() {
            tracing::error!(
                trace_id = %current_trace_id(),
                error_code = self.code.code(),
                detail = self.internal.as_deref().unwrap_or(""),
                "request failed"
            );
        }
        let body = ErrorBody {
            timestamp: SystemClock.now().to_string(),
            trace_id: current_trace_id(),
            message: self.message,
            error_code: self.code.code().to_owned(),
            errors: self.errors.into_iter().map(FieldErrorBody::from).collect(),
        };
        let mut response = (status, axum::Json(body)).into_response();
        if self.code == ErrorCode::Unauthenticated {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        // 503s ask for a retry after a second; a throttled key says how long it is locked.
        let retry_after_s = match self.code {
            ErrorCode::ServiceUnavailable | ErrorCode::RequestTimeout => Some(1),
            _ => self.retry_after_s,
        };
        if let Some(seconds) = retry_after_s {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        if self.code == ErrorCode::PayloadTooLarge {
            // The rest of the body is never read, so the connection cannot carry another
            // request; saying so keeps clients from reusing it and losing their next request.
            response
                .headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
        }
        response
    }
}

/// 422 `LIMIT_EXCEEDED` naming the limit: its type, scope, currency and what is left.
fn limit_exceeded(usage: &openkor_domain::transaction_limits::LimitUsage) -> ApiError {
    let limit = &usage.limit;
    let scope = match limit.scope {
        openkor_domain::transaction_limits::LimitScope::Customer => "customer",
        openkor_domain::transaction_limits::LimitScope::FinancialAccount => "financial account",
        openkor_domain::transaction_limits::LimitScope::BusinessAccount => "business account",
    };
    let left = openkor_domain::money::format_minor(usage.remaining_minor());
    let message = format!(
        "the amount exceeds the {} limit {} of {scope} {} in {}: {left} {} left",
        limit.limit_type.code(),
        limit.id,
        limit.scope_id,
        limit.currency.code(),
        limit.currency.code(),
    );
    ApiError::with_errors(
        ErrorCode::LimitExceeded,
        message.clone(),
        vec![FieldError::new(
            "amount",
            FieldErrorCode::OutOfRange,
            message,
        )],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_errors_map_to_their_statuses() {
        let cases = [
            (ServiceError::Unauthenticated("x"), 401),
            (ServiceError::Forbidden, 403),
            (ServiceError::NotFound("customer"), 404),
            (ServiceError::Conflict("dup".into()), 409),
            (ServiceError::Unavailable("db down".into()), 503),
            (ServiceError::Internal("bug".into()), 500),
        ];
        for (error, status) in cases {
            assert_eq!(ApiError::from(error).code().status().as_u16(), status);
        }
    }

    #[test]
    fn error_codes_are_unique() {
        let mut codes: Vec<&str> = ErrorCode::ALL.iter().map(|code| code.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), ErrorCode::ALL.len());
    }

    #[test]
    fn every_field_error_code_is_documented() {
        let design = include_str!("../../../docs/API-DESIGN.md");
        let (_, listed) = design
            .split_once("Field-level codes (`errors[].errorCode`):")
            .expect("the field-level code list");
        let (listed, _) = listed.split_once("\n\n").expect("a paragraph");
        for code in openkor_domain::validation::FieldErrorCode::ALL {
            assert!(
                listed.contains(&format!("`{}`", code.code())),
                "docs/API-DESIGN.md does not list the field code {}",
                code.code()
            );
        }
    }

    #[test]
    fn every_error_code_is_documented_with_its_status() {
        let design = include_str!("../../../docs/API-DESIGN.md");
        for code in ErrorCode::ALL {
            let row = format!("| `{}` | {} |", code.code(), code.status().as_u16());
            assert!(
                design.contains(&row),
                "docs/API-DESIGN.md lacks the row {row}"
            );
        }
    }
}
