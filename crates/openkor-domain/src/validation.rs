//! Field-level validation errors, collected so a client sees every problem in one response.

use std::fmt;

/// Why one field was refused. The codes are stable and documented in `docs/API-DESIGN.md`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FieldErrorCode {
    /// The field is required and was absent or null.
    Required,
    /// The value is shorter than its minimum length.
    TooShort,
    /// The value is longer than its maximum length.
    TooLong,
    /// The value does not have the required syntax.
    InvalidFormat,
    /// The value is well-formed but not one of the accepted values.
    InvalidValue,
    /// A number is outside its allowed range.
    OutOfRange,
    /// The JSON value has the wrong type (string for number, …).
    InvalidType,
    /// The field is not part of the schema.
    UnknownField,
    /// The value conflicts with another field of the same request.
    Inconsistent,
    /// The value is already taken by another resource.
    Duplicate,
    /// The value names a resource that does not exist for the caller.
    NotFound,
}

impl FieldErrorCode {
    /// Every code, for documentation checks.
    pub const ALL: [FieldErrorCode; 11] = [
        FieldErrorCode::Required,
        FieldErrorCode::TooShort,
        FieldErrorCode::TooLong,
        FieldErrorCode::InvalidFormat,
        FieldErrorCode::InvalidValue,
        FieldErrorCode::OutOfRange,
        FieldErrorCode::InvalidType,
        FieldErrorCode::UnknownField,
        FieldErrorCode::Inconsistent,
        FieldErrorCode::Duplicate,
        FieldErrorCode::NotFound,
    ];

    /// The wire spelling.
    pub const fn code(self) -> &'static str {
        match self {
            FieldErrorCode::Required => "REQUIRED",
            FieldErrorCode::TooShort => "TOO_SHORT",
            FieldErrorCode::TooLong => "TOO_LONG",
            FieldErrorCode::InvalidFormat => "INVALID_FORMAT",
            FieldErrorCode::InvalidValue => "INVALID_VALUE",
            FieldErrorCode::OutOfRange => "OUT_OF_RANGE",
            FieldErrorCode::InvalidType => "INVALID_TYPE",
            FieldErrorCode::UnknownField => "UNKNOWN_FIELD",
            FieldErrorCode::Inconsistent => "INCONSISTENT",
            FieldErrorCode::Duplicate => "DUPLICATE",
            FieldErrorCode::NotFound => "NOT_FOUND",
        }
    }
}

/// One refused field: its dotted path in the request, a code and a human message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// Dotted path of the field (`addresses[0].zipCode`, or a query parameter name).
    pub path: String,
    /// Machine-readable reason.
    pub code: FieldErrorCode,
    /// Human-readable reason; never echoes secrets or personal data.
    pub message: String,
}

impl FieldError {
    /// A field error at `path`.
    pub fn new(path: impl Into<String>, code: FieldErrorCode, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            code,
            message: message.into(),
        }
    }

    /// The field is required.
    pub fn required(path: impl Into<String>) -> Self {
        Self::new(path, FieldErrorCode::Required, "is required")
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// Every field error of one request.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ValidationErrors {
    errors: Vec<FieldError>,
}

impl ValidationErrors {
    /// No errors yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records one error.
    pub fn push(&mut self, error: FieldError) {
        self.errors.push(error);
    }

    /// Keeps the value of `result`, or records its error and yields `None`.
    pub fn collect<T>(&mut self, result: Result<T, FieldError>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                self.push(error);
                None
            }
        }
    }

    /// Whether nothing was refused.
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// The recorded errors.
    pub fn errors(&self) -> &[FieldError] {
        &self.errors
    }

    /// `Ok(value)` when nothing was refused, otherwise every error.
    pub fn finish<T>(self, value: T) -> Result<T, ValidationErrors> {
        if self.errors.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }

    /// Consumes the collection.
    pub fn into_errors(self) -> Vec<FieldError> {
        self.errors
    }
}

impl From<FieldError> for ValidationErrors {
    fn from(error: FieldError) -> Self {
        Self {
            errors: vec![error],
        }
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let joined: Vec<String> = self.errors.iter().map(ToString::to_string).collect();
        f.write_str(&joined.join("; "))
    }
}

impl std::error::Error for ValidationErrors {}
