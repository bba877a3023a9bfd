//! The service error: what went wrong, in terms a transport can map to a status.

use openkor_domain::validation::{FieldError, ValidationErrors};
use openkor_store::StoreError;

/// Why a use case refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// Credentials or token missing, malformed, expired, forged, or of a disabled account.
    #[error("{0}")]
    Unauthenticated(&'static str),
    /// The caller's role does not grant this action.
    #[error("the caller's role does not permit this action")]
    Forbidden,
    /// The resource does not exist for this caller (another tenant's resource included).
    #[error("{0} not found")]
    NotFound(&'static str),
    /// Input failed validation; every failing field is listed.
    #[error("validation failed: {0}")]
    Validation(ValidationErrors),
    /// The request conflicts with the current state (a used key, a concurrent change).
    #[error("{0}")]
    Conflict(String),
    /// A field's value is already taken (a duplicate external id).
    #[error("{0}")]
    Duplicate(FieldError),
    /// A business rule refuses the request (reference §2.3: 422).
    #[error("{0}")]
    BusinessRule(String),
    /// A field names a resource that does not exist for the caller or cannot be used (422).
    #[error("{0}")]
    InvalidReference(FieldError),
    /// The accounts a well-formed request names do not allow it; every failing field is
    /// listed (422).
    #[error("the request cannot be carried out: {0}")]
    Unprocessable(ValidationErrors),
    /// The debit account's available balance is below the amount (422).
    #[error("insufficient funds in financial account {0}")]
    InsufficientFunds(openkor_domain::ids::FinancialAccountId),
    /// The amount exceeds a transaction limit of the debit side (422).
    #[error("a {} {} limit would be exceeded", .0.limit.scope.code(), .0.limit.limit_type.code())]
    LimitExceeded(Box<openkor_domain::transaction_limits::LimitUsage>),
    /// The `Idempotency-Key` was used before with a different request (409).
    #[error("the Idempotency-Key was used with a different request")]
    IdempotencyKeyReused,
    /// The operation is switched off on this server (403).
    #[error("{0}")]
    Disabled(&'static str),
    /// Too many wrong secrets for one API key: refused, even with the right one, for a while.
    #[error("too many failed attempts; retry in {retry_after_s} s")]
    Throttled {
        /// Seconds until the key may be tried again.
        retry_after_s: u64,
    },
    /// The requested page starts deeper than a list reads by offset, and is not the
    /// continuation of a page just served (400 on `page`).
    #[error("the page starts more than {max_offset} rows deep")]
    PageTooDeep {
        /// The deepest offset served.
        max_offset: u64,
    },
    /// The database is unreachable or overloaded; retry later.
    #[error("service temporarily unavailable")]
    Unavailable(String),
    /// A bug or corrupted data; details are logged, never returned.
    #[error("internal error")]
    Internal(String),
}

impl ServiceError {
    /// A store error, with `NotFound` naming `what`.
    pub fn from_store(what: &'static str) -> impl Fn(StoreError) -> ServiceError {
        move |error| match error {
            StoreError::NotFound => ServiceError::NotFound(what),
            other => ServiceError::from(other),
        }
    }
}

impl From<StoreError> for ServiceError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound => ServiceError::NotFound("resource"),
            StoreError::Conflict(constraint) => {
                ServiceError::Conflict(constraint.message().to_owned())
            }
            StoreError::Refused(rule) => ServiceError::BusinessRule(rule),
            StoreError::Stale => ServiceError::Conflict(
                "the resource changed while the request ran; retry it".to_owned(),
            ),
            StoreError::PageTooDeep { max_offset } => ServiceError::PageTooDeep { max_offset },
            StoreError::Unavailable(why) => ServiceError::Unavailable(why),
            StoreError::Other(why) => ServiceError::Internal(why),
        }
    }
}

impl From<ValidationErrors> for ServiceError {
    fn from(errors: ValidationErrors) -> Self {
        ServiceError::Validation(errors)
    }
}
