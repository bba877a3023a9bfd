//! `ApiJson<T>`: a JSON body, with every failure mapped to the error envelope
//! (`ApiJsonBytes<T>` also keeps the bytes; `OptionalJson<T>` allows an empty body).
//!
//! * not `application/json` (or `*+json`), or declared in a charset other than UTF-8 → 415
//!   `UNSUPPORTED_MEDIA_TYPE`
//! * larger than the body limit → 413 `PAYLOAD_TOO_LARGE`
//! * not JSON → 400 `MALFORMED_JSON` (with line and column)
//! * JSON of the wrong shape → 400 `VALIDATION_FAILED`, naming each problem's path (all of
//!   them: [`super::json_errors`])

use crate::error::{ApiError, ErrorCode};
use axum::extract::{FromRequest, Request};
use axum::http::header;
use bytes::Bytes;
use openkor_domain::validation::{FieldError, FieldErrorCode};
use serde::de::DeserializeOwned;

/// A JSON request body of type `T`.
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

fn is_json(request: &Request) -> bool {
    let Some(content_type) = request.headers().get(header::CONTENT_TYPE) else {
        return false;
    };
    let Ok(content_type) = content_type.to_str() else {
        return false;
    };
    let mut parts = content_type.split(';');
    let essence = parts.next().unwrap_or_default().trim();
    // JSON is UTF-8 (RFC 8259); a body declared in another charset would be misread.
    let utf8 = parts.all(|parameter| match parameter.split_once('=') {
        Some((name, value)) if name.trim().eq_ignore_ascii_case("charset") => {
            let value = value.trim().trim_matches('"');
            value.eq_ignore_ascii_case("utf-8") || value.eq_ignore_ascii_case("utf8")
        }
        _ => true,
    });
    utf8 && (essence.eq_ignore_ascii_case("application/json")
        || (essence.len() > 5 && essence.to_ascii_lowercase().ends_with("+json")))
}

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        let bytes = json_bytes(request, state).await?;
        parse(&bytes).map(ApiJson)
    }
}

/// A JSON request body of type `T` together with its bytes as sent (to hash the request for
/// an `Idempotency-Key`); the rejections are those of [`ApiJson`].
#[derive(Debug)]
pub struct ApiJsonBytes<T>(pub T, pub Bytes);

impl<T, S> FromRequest<S> for ApiJsonBytes<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        let bytes = json_bytes(request, state).await?;
        parse(&bytes).map(|value| ApiJsonBytes(value, bytes))
    }
}

/// The body of a request that must be JSON: 415 for another media type, 413 when too large.
async fn json_bytes<S: Send + Sync>(request: Request, state: &S) -> Result<Bytes, ApiError> {
    if !is_json(&request) {
        return Err(ApiError::new(
            ErrorCode::UnsupportedMediaType,
            "the body must be JSON with Content-Type: application/json",
        ));
    }
    read_bytes(request, state).await
}

/// The body as sent, within the body limit.
async fn read_bytes<S: Send + Sync>(request: Request, state: &S) -> Result<Bytes, ApiError> {
    Bytes::from_request(request, state)
        .await
        .map_err(|rejection| {
            if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                too_large()
            } else {
                ApiError::new(ErrorCode::MalformedJson, "the body could not be read")
            }
        })
}

/// A JSON body that may be absent: an empty body is `None`; anything else must be JSON of
/// type `T`, with the same rejections as [`ApiJson`].
#[derive(Debug)]
pub struct OptionalJson<T>(pub Option<T>);

impl<T, S> FromRequest<S> for OptionalJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        let json = is_json(&request);
        let bytes = read_bytes(request, state).await?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(OptionalJson(None));
        }
        if !json {
            return Err(ApiError::new(
                ErrorCode::UnsupportedMediaType,
                "the body must be JSON with Content-Type: application/json",
            ));
        }
        parse(&bytes).map(|value| OptionalJson(Some(value)))
    }
}

/// 413 with the documented limit.
pub(crate) fn too_large() -> ApiError {
    ApiError::new(
        ErrorCode::PayloadTooLarge,
        format!(
            "the body exceeds {} bytes",
            crate::limits::REQUEST_BODY_BYTES_MAX
        ),
    )
}

/// Deserialises `bytes` as `T`, mapping serde's errors onto the envelope.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let deserializer = &mut serde_json::Deserializer::from_slice(bytes);
    let result: Result<T, _> = serde_path_to_error::deserialize(&mut *deserializer);
    let error = match result {
        Ok(value) => return whole_object(bytes, deserializer).map(|()| value),
        Err(error) => error,
    };
    let inner = error.inner();
    if !inner.is_data() {
        return Err(ApiError::new(
            ErrorCode::MalformedJson,
            format!(
                "the body is not valid JSON (line {}, column {})",
                inner.line(),
                inner.column()
            ),
        ));
    }
    let mut errors = vec![field_error(&error.path().to_string(), &inner.to_string())];
    for further in super::json_errors::further_errors::<T>(bytes, &error) {
        errors.push(field_error(&further.path, &further.message));
    }
    Err(ApiError::with_errors(
        ErrorCode::ValidationFailed,
        "the request is invalid; see errors",
        errors,
    ))
}

/// A body that deserialised is still refused when it is an array (serde fills a struct from
/// one by position) or when anything but whitespace follows the value.
fn whole_object(
    bytes: &[u8],
    deserializer: &mut serde_json::Deserializer<serde_json::de::SliceRead<'_>>,
) -> Result<(), ApiError> {
    if let Err(error) = deserializer.end() {
        return Err(ApiError::new(
            ErrorCode::MalformedJson,
            format!(
                "the body holds more than one JSON value (line {}, column {})",
                error.line(),
                error.column()
            ),
        ));
    }
    if bytes.trim_ascii_start().first() != Some(&b'{') {
        return Err(ApiError::with_errors(
            ErrorCode::ValidationFailed,
            "the request is invalid; see errors",
            vec![FieldError::new(
                "",
                FieldErrorCode::InvalidType,
                "must be a JSON object",
            )],
        ));
    }
    Ok(())
}

fn join(path: &str, field: &str) -> String {
    if path == "." || path.is_empty() {
        field.to_owned()
    } else {
        format!("{path}.{field}")
    }
}

/// The name between the first pair of backticks in a serde message (`missing field `x``).
pub(super) fn quoted(message: &str) -> Option<&str> {
    let start = message.find('`')? + 1;
    let end = start + message[start..].find('`')?;
    Some(&message[start..end])
}

fn field_error(path: &str, message: &str) -> FieldError {
    // A missing field is reported at the path of the object that should hold it; an unknown
    // field at its own path.
    let message = message.split(" at line ").next().unwrap_or(message);
    if let Some(field) = message.strip_prefix("missing field ").and_then(quoted) {
        return FieldError::required(join(path, field));
    }
    if let Some(field) = message.strip_prefix("duplicate field ").and_then(quoted) {
        return FieldError::new(
            join(path, field),
            FieldErrorCode::Inconsistent,
            "is given more than once (a field and its older alias count as the same field)",
        );
    }
    if message.starts_with("unknown field ") {
        return FieldError::new(path, FieldErrorCode::UnknownField, "is not a known field");
    }
    let path = if path == "." {
        String::new()
    } else {
        path.to_owned()
    };
    if message.contains("expected struct ") {
        // serde names the Rust type here; the client needs only to know an object was expected.
        return FieldError::new(path, FieldErrorCode::InvalidType, "must be a JSON object");
    }
    let (code, message) = describe(message);
    FieldError::new(path, code, message)
}

/// The code and a client-facing message for a serde data error. serde's own text quotes the
/// submitted value (`invalid type: integer `4111…`, expected a string`) and names Rust types;
/// neither may reach the client, so only the expectation is kept, in JSON terms.
fn describe(message: &str) -> (FieldErrorCode, String) {
    let expected = message
        .split_once(", expected ")
        .map(|(_, expected)| expected.replace('`', ""));
    if message.starts_with("invalid type") {
        let what = expected.as_deref().map_or("of another type", json_kind);
        return (FieldErrorCode::InvalidType, format!("must be {what}"));
    }
    if message.starts_with("invalid value: integer") || message.starts_with("invalid value: -") {
        return (FieldErrorCode::OutOfRange, "is out of range".to_owned());
    }
    if message.starts_with("unknown variant") {
        let accepted = expected.unwrap_or_default();
        let accepted = accepted.strip_prefix("one of ").unwrap_or(&accepted);
        return (
            FieldErrorCode::InvalidValue,
            format!("must be one of {accepted}"),
        );
    }
    if message.starts_with("invalid value") {
        return (
            FieldErrorCode::InvalidValue,
            "is not an accepted value".to_owned(),
        );
    }
    if message.starts_with("invalid length") {
        return (
            FieldErrorCode::InvalidValue,
            "has the wrong number of elements".to_owned(),
        );
    }
    if message.starts_with("must be one of ") {
        return (FieldErrorCode::InvalidValue, message.to_owned());
    }
    if message.starts_with("must ") {
        // The domain's own deserializers write messages in this form, without the value.
        return (FieldErrorCode::InvalidFormat, message.to_owned());
    }
    (FieldErrorCode::InvalidFormat, "is invalid".to_owned())
}

/// serde's description of an expected value, in JSON terms.
fn json_kind(expected: &str) -> &'static str {
    match expected {
        "a string" | "a borrowed string" | "string" | "a character" => "a string",
        "a boolean" | "bool" => "a boolean (true or false)",
        "a sequence" | "a tuple" => "an array",
        "a map" => "a JSON object",
        "a UUID" => "a string holding a UUID",
        "f32" | "f64" => "a number",
        integer if integer.starts_with(['u', 'i']) && integer[1..].parse::<u8>().is_ok() => {
            "an integer"
        }
        "usize" | "isize" => "an integer",
        _ => "of another type",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "camelCase")]
    #[expect(dead_code, reason = "fields exist to be deserialised")]
    struct Outer {
        first_name: String,
        inner: Option<Inner>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[expect(dead_code, reason = "fields exist to be deserialised")]
    struct Inner {
        count: u32,
        #[serde(default, rename = "stateCode", alias = "state")]
        state_code: Option<String>,
    }

    fn field(body: &str) -> (String, FieldErrorCode) {
        let error = parse::<Outer>(body.as_bytes()).expect_err("invalid");
        assert_eq!(error.code(), ErrorCode::ValidationFailed);
        let (path, code) = error.first_field().expect("one field error");
        (path, code)
    }

    #[test]
    fn missing_unknown_and_mistyped_fields_name_their_path() {
        assert_eq!(field("{}"), ("firstName".into(), FieldErrorCode::Required));
        assert_eq!(
            field(r#"{"firstName":"a","inner":{}}"#),
            ("inner.count".into(), FieldErrorCode::Required)
        );
        assert_eq!(
            field(r#"{"firstName":"a","extra":1}"#),
            ("extra".into(), FieldErrorCode::UnknownField)
        );
        assert_eq!(
            field(r#"{"firstName":"a","inner":{"count":"x"}}"#),
            ("inner.count".into(), FieldErrorCode::InvalidType)
        );
        assert_eq!(field("[]"), (String::new(), FieldErrorCode::InvalidType));
        assert_eq!(
            field("\"text\""),
            (String::new(), FieldErrorCode::InvalidType)
        );
        let error = parse::<Outer>(br#"{"firstName":"a","inner":7}"#).expect_err("invalid");
        assert!(
            !format!("{error:?}").contains("Inner"),
            "Rust type names must not leak"
        );
    }

    #[test]
    fn every_problem_of_a_body_is_reported_at_once() {
        let body =
            br#"{"id":"x","firstName":7,"status":"ACTIVE","inner":{"count":"x","colour":1}}"#;
        let error = parse::<Outer>(body).expect_err("invalid");
        let fields = error.fields();
        assert_eq!(
            fields,
            vec![
                ("id".into(), FieldErrorCode::UnknownField),
                ("firstName".into(), FieldErrorCode::InvalidType),
                ("status".into(), FieldErrorCode::UnknownField),
                ("inner.count".into(), FieldErrorCode::InvalidType),
                ("inner.colour".into(), FieldErrorCode::UnknownField),
            ],
            "each once, in body order; a mistyped required field is not also missing"
        );
        let many: String = (0..40).map(|n| format!(r#","x{n}":1"#)).collect();
        let body = format!(r#"{{"firstName":"a"{many}}}"#);
        let error = parse::<Outer>(body.as_bytes()).expect_err("invalid");
        assert_eq!(
            error.fields().len(),
            super::super::json_errors::SHAPE_ERRORS_MAX
        );
    }

    #[test]
    fn messages_name_the_expected_json_kind_never_the_submitted_value() {
        let secret = "4111111111111111";
        for (inner, code, message) in [
            (
                format!(r#"{{"count":"{secret}"}}"#),
                FieldErrorCode::InvalidType,
                "must be an integer",
            ),
            (
                format!(r#"{{"count":-{secret}}}"#),
                FieldErrorCode::OutOfRange,
                "is out of range",
            ),
            (
                format!(r#"{{"count":1,"stateCode":{secret}}}"#),
                FieldErrorCode::InvalidType,
                "must be a string",
            ),
            (
                format!(r#"{{"count":1,"stateCode":[{secret}]}}"#),
                FieldErrorCode::InvalidType,
                "must be a string",
            ),
        ] {
            let body = format!(r#"{{"firstName":"a","inner":{inner}}}"#);
            let error = parse::<Outer>(body.as_bytes()).expect_err("invalid");
            let rendered = format!("{error:?}");
            assert!(!rendered.contains(secret), "{rendered}");
            assert!(rendered.contains(message), "{rendered}");
            assert_eq!(error.first_field().expect("a field").1, code, "{inner}");
        }
    }

    #[test]
    fn a_field_given_twice_or_under_its_alias_too_is_inconsistent() {
        for inner in [
            r#"{"count":1,"count":2}"#,
            r#"{"count":1,"stateCode":"BC","state":"BC"}"#,
        ] {
            let (path, code) = field(&format!(r#"{{"firstName":"a","inner":{inner}}}"#));
            assert!(path.starts_with("inner."), "{path}");
            assert_eq!(code, FieldErrorCode::Inconsistent, "{inner}");
        }
    }

    #[test]
    fn an_object_given_as_an_array_is_refused() {
        let error = parse::<Outer>(br#"["a", null]"#).expect_err("by position");
        assert_eq!(error.code(), ErrorCode::ValidationFailed);
        assert_eq!(
            error.first_field().expect("one field error"),
            (String::new(), FieldErrorCode::InvalidType)
        );
        assert!(parse::<Outer>(b" \n{\"firstName\":\"a\"} \n").is_ok());
    }

    #[test]
    fn syntax_errors_are_malformed_json() {
        for body in [
            "{",
            "nope",
            "",
            "{\"firstName\":}",
            "{\"firstName\":\"a\"} trailing",
            "{\"firstName\":\"a\"}{}",
        ] {
            let error = parse::<Outer>(body.as_bytes()).expect_err("malformed");
            assert_eq!(error.code(), ErrorCode::MalformedJson, "{body:?}");
        }
    }
}
