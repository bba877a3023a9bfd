//! The `Idempotency-Key` header (reference §2.4): [`IdempotencyHeader`] checks it (6–255
//! characters, given once; otherwise 400 `VALIDATION_FAILED` at path `Idempotency-Key`) and,
//! once the body is read, pairs it with the hash of the request it came with, so that a key
//! reused with another request is told apart from a retry of the same one.
//!
//! The request's canonical form is its path, a newline, and its body re-serialised with every
//! object's keys sorted and no insignificant white space: a retry that only reorders keys or
//! re-indents is the same request. serde_json's `preserve_order` feature is on in this
//! workspace (maps keep their input order), so the keys are sorted explicitly.

use crate::error::{ApiError, ErrorCode};
use axum::extract::FromRequestParts;
use axum::http::HeaderName;
use axum::http::request::Parts;
use openkor_domain::transaction::IdempotencyKey;
use openkor_domain::validation::{FieldError, FieldErrorCode};
use sha2::{Digest, Sha256};

/// The request header's name, as field errors name it.
pub const IDEMPOTENCY_KEY: &str = "Idempotency-Key";

/// The response header set (`true`) when an earlier request with the same key answered.
pub static IDEMPOTENT_REPLAYED: HeaderName = HeaderName::from_static("idempotent-replayed");

/// A checked `Idempotency-Key` (absent when the request sent none) and the request's path.
#[derive(Debug)]
pub struct IdempotencyHeader {
    key: Option<String>,
    path: String,
}

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyHeader {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        let key = header_value(parts)?;
        if let Some(key) = &key {
            // The length and characters are checked before the body is read.
            IdempotencyKey::new(key, [0; 32]).map_err(invalid)?;
        }
        Ok(IdempotencyHeader {
            key,
            path: parts.uri.path().to_owned(),
        })
    }
}

impl IdempotencyHeader {
    /// Whether the request sent a key.
    pub fn is_present(&self) -> bool {
        self.key.is_some()
    }

    /// The key paired with the hash of this request with `body` (the JSON body as sent).
    pub fn key_for(&self, body: &[u8]) -> Result<Option<IdempotencyKey>, ApiError> {
        let Some(key) = &self.key else {
            return Ok(None);
        };
        let hash = request_hash(&self.path, body)?;
        IdempotencyKey::new(key, hash).map(Some).map_err(invalid)
    }
}

/// The header's one value, as text.
fn header_value(parts: &Parts) -> Result<Option<String>, ApiError> {
    let mut values = parts.headers.get_all(IDEMPOTENCY_KEY).iter();
    let Some(value) = values.next() else {
        return Ok(None);
    };
    if values.next().is_some() {
        return Err(invalid(FieldError::new(
            IDEMPOTENCY_KEY,
            FieldErrorCode::Inconsistent,
            "must be given at most once",
        )));
    }
    let text = value.to_str().map_err(|_| {
        invalid(FieldError::new(
            IDEMPOTENCY_KEY,
            FieldErrorCode::InvalidFormat,
            "must be printable ASCII text",
        ))
    })?;
    Ok(Some(text.to_owned()))
}

fn invalid(error: FieldError) -> ApiError {
    ApiError::with_errors(
        ErrorCode::ValidationFailed,
        "the Idempotency-Key header is invalid; see errors",
        vec![error],
    )
}

/// SHA-256 of `path`, `\n` and `body` in canonical form (keys sorted, compact).
pub fn request_hash(path: &str, body: &[u8]) -> Result<[u8; 32], ApiError> {
    let canonical = canonical_json(body)?;
    let digest = Sha256::new()
        .chain_update(path.as_bytes())
        .chain_update(b"\n")
        .chain_update(&canonical)
        .finalize();
    Ok(digest.into())
}

/// `body` re-serialised with every object's keys sorted and no insignificant white space.
fn canonical_json(body: &[u8]) -> Result<Vec<u8>, ApiError> {
    // The body was parsed into its request type already, so it is JSON; failing here is a bug.
    let mut value: serde_json::Value = serde_json::from_slice(body)
        .map_err(|error| ApiError::internal(format!("an accepted body is not JSON: {error}")))?;
    value.sort_all_objects();
    serde_json::to_vec(&value)
        .map_err(|error| ApiError::internal(format!("a JSON value did not serialise: {error}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::{HeaderValue, Request};

    fn extract(values: &[HeaderValue]) -> Result<IdempotencyHeader, ApiError> {
        let mut request = Request::builder().uri("/v1/transactions");
        for value in values {
            request = request.header(IDEMPOTENCY_KEY, value.clone());
        }
        let (mut parts, ()) = request.body(()).expect("a request").into_parts();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a runtime");
        runtime.block_on(IdempotencyHeader::from_request_parts(&mut parts, &()))
    }

    fn header(values: &[&str]) -> Result<IdempotencyHeader, ApiError> {
        let values: Vec<HeaderValue> = values
            .iter()
            .map(|value| HeaderValue::from_str(value).expect("a header value"))
            .collect();
        extract(&values)
    }

    fn refused(values: &[&str]) -> (String, FieldErrorCode) {
        let error = header(values).expect_err("refused");
        assert_eq!(error.code(), ErrorCode::ValidationFailed);
        error.first_field().expect("a field error")
    }

    #[test]
    fn keys_of_6_to_255_characters_are_accepted() {
        assert!(!header(&[]).expect("no key").is_present());
        let six = header(&["abcdef"]).expect("six");
        let key = six.key_for(b"{}").expect("hashed").expect("a key");
        assert_eq!(key.key, "abcdef");
        assert_eq!(
            key.request_hash,
            request_hash("/v1/transactions", b"{}").expect("hash")
        );
        assert!(header(&[&"k".repeat(255)]).is_ok());
    }

    #[test]
    fn short_long_repeated_and_binary_keys_are_refused() {
        let path = IDEMPOTENCY_KEY.to_owned();
        assert_eq!(
            refused(&["abcde"]),
            (path.clone(), FieldErrorCode::TooShort)
        );
        assert_eq!(
            refused(&[&"k".repeat(256)]),
            (path.clone(), FieldErrorCode::TooLong)
        );
        assert_eq!(
            refused(&["abcdef", "ghijkl"]),
            (path.clone(), FieldErrorCode::Inconsistent)
        );
        let binary = HeaderValue::from_bytes(b"abc\xffdef").expect("obs-text");
        let error = extract(&[binary]).expect_err("not text");
        assert_eq!(
            error.first_field(),
            Some((path, FieldErrorCode::InvalidFormat))
        );
    }

    #[test]
    fn the_canonical_form_ignores_key_order_and_white_space() {
        let compact = br#"{"amount":"1.00","metadata":{"a":"1","b":"2"},"solution":"ach"}"#;
        let shuffled = b"{ \"solution\": \"ach\",\n \"metadata\": {\"b\": \"2\", \"a\": \"1\"},\n \"amount\": \"1.00\" }";
        assert_eq!(
            canonical_json(shuffled).expect("canonical"),
            compact.to_vec()
        );
        assert_eq!(
            request_hash("/v1/transactions", compact).expect("hash"),
            request_hash("/v1/transactions", shuffled).expect("hash")
        );
    }

    #[test]
    fn the_path_and_every_value_change_the_hash() {
        let body = br#"{"amount":"1.00"}"#;
        let hash = request_hash("/v1/transactions", body).expect("hash");
        assert_ne!(
            hash,
            request_hash("/v1/sandbox/deposits", body).expect("hash")
        );
        assert_ne!(
            hash,
            request_hash("/v1/transactions", br#"{"amount":"1.01"}"#).expect("hash")
        );
        // A number and a string are different requests.
        assert_ne!(
            hash,
            request_hash("/v1/transactions", br#"{"amount":1.00}"#).expect("hash")
        );
    }
}
