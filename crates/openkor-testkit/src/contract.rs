//! The API contract, checked by machine: an OpenAPI 3.1 document (the server's own
//! `/openapi.json`) and what it says each response and request body must look like.
//!
//! [`Contract::check_response`] finds the operation a request named, the response documented
//! for the status it got, and validates the body against that response's JSON Schema (draft
//! 2020-12, formats checked). Anything the document does not describe is a [`Violation`]: an
//! undocumented status, a body where none is documented, a media type or a shape it does not
//! declare. [`proxy`] puts the check between a test suite and a server.

pub mod operations;

pub use operations::Operation;
pub mod proxy;

use jsonschema::Validator;
use operations::Operations;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

/// A response or request the document does not describe.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// `METHOD /path` of the request.
    pub request: String,
    /// What did not match.
    pub reason: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.request, self.reason)
    }
}

/// One response as the client received it.
#[derive(Clone, Copy, Debug)]
pub struct ObservedResponse<'a> {
    /// The status code.
    pub status: u16,
    /// The `Content-Type` header, if any.
    pub content_type: Option<&'a str>,
    /// The body bytes.
    pub body: &'a [u8],
}

/// An OpenAPI document, ready to check requests and responses against.
pub struct Contract {
    document: Arc<Value>,
    operations: Operations,
    validators: Mutex<HashMap<String, Arc<Validator>>>,
}

impl Contract {
    /// The contract of `document` (an OpenAPI 3.1 document as JSON).
    pub fn new(document: Value) -> Self {
        let operations = Operations::of(&document);
        Self {
            document: Arc::new(document),
            operations,
            validators: Mutex::new(HashMap::new()),
        }
    }

    /// The document.
    pub fn document(&self) -> &Value {
        &self.document
    }

    /// The documented operation that `method` on `path` (query string allowed) names.
    pub fn operation(&self, method: &str, path: &str) -> Option<&Operation> {
        self.operations.find(method, strip_query(path))
    }

    /// Every documented operation.
    pub fn operations(&self) -> &[Operation] {
        self.operations.all()
    }

    /// Checks a response to `method path` against the document.
    pub fn check_response(
        &self,
        method: &str,
        path: &str,
        response: ObservedResponse<'_>,
    ) -> Result<(), Violation> {
        let violation = |reason: String| Violation {
            request: format!("{method} {}", strip_query(path)),
            reason: format!("{} {reason}", response.status),
        };
        let Some(operation) = self.operation(method, path) else {
            return self.check_unrouted(path, response).map_err(violation);
        };
        let Some(pointer) = self.response_pointer(operation, response.status) else {
            return Err(violation(format!(
                "is not a documented status of {}",
                operation.id
            )));
        };
        self.check_content(&pointer, response).map_err(violation)
    }

    /// Checks a JSON request body for `method path` against its documented schema.
    pub fn check_request_body(
        &self,
        method: &str,
        path: &str,
        body: &Value,
    ) -> Result<(), Violation> {
        let operation = self.operation(method, path).ok_or_else(|| Violation {
            request: format!("{method} {}", strip_query(path)),
            reason: "no documented operation".to_owned(),
        })?;
        self.check_request_body_of(operation, body)
    }

    /// Checks a JSON request body of `operation` against its documented schema.
    pub fn check_request_body_of(
        &self,
        operation: &Operation,
        body: &Value,
    ) -> Result<(), Violation> {
        let violation = |reason: String| Violation {
            request: format!("{} {}", operation.method, operation.template),
            reason,
        };
        if self.request_body_schema(operation).is_none() {
            return Err(violation("no documented JSON request body".to_owned()));
        }
        self.validate(&request_body_pointer(operation), body)
            .map_err(violation)
    }

    /// The JSON Schema of `operation`'s request body, if it takes one.
    pub fn request_body_schema(&self, operation: &Operation) -> Option<&Value> {
        self.document.pointer(&request_body_pointer(operation))
    }

    /// Validates `instance` against the schema at `pointer` (a JSON pointer into the document).
    pub fn validate(&self, pointer: &str, instance: &Value) -> Result<(), String> {
        let validator = self.validator(pointer)?;
        let errors: Vec<String> = validator
            .iter_errors(instance)
            .take(5)
            .map(|error| format!("at `{}`: {error}", error.instance_path()))
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(format!("does not match {pointer}: {}", errors.join("; ")))
        }
    }

    /// The value at `pointer`, following a `$ref` at its end.
    pub fn resolve(&self, pointer: &str) -> Option<&Value> {
        self.document.pointer(&self.follow_ref(pointer))
    }

    /// A path outside every documented operation: under `/v1` it must be the error body of a
    /// 404 or 405; anything else (`/docs`) is not part of the API contract.
    fn check_unrouted(&self, path: &str, response: ObservedResponse<'_>) -> Result<(), String> {
        if !strip_query(path).starts_with("/v1/") {
            return Ok(());
        }
        if !matches!(response.status, 404 | 405) {
            return Err("answers a request no documented operation names".to_owned());
        }
        let body = json_body(response)?;
        self.validate("/components/schemas/ErrorBody", &body)
    }

    /// The pointer of the response documented for `status`: the status itself, its class
    /// (`4XX`), or `default`.
    fn response_pointer(&self, operation: &Operation, status: u16) -> Option<String> {
        let responses = format!("{}/responses", operation.pointer);
        let class = format!("{}XX", status / 100);
        [status.to_string(), class, "default".to_owned()]
            .into_iter()
            .map(|key| format!("{responses}/{key}"))
            .find(|pointer| self.document.pointer(pointer).is_some())
    }

    fn check_content(&self, pointer: &str, response: ObservedResponse<'_>) -> Result<(), String> {
        let pointer = self.follow_ref(pointer);
        let documented = self
            .document
            .pointer(&pointer)
            .ok_or_else(|| format!("dangling response reference at {pointer}"))?;
        let declared = documented.get("content").and_then(Value::as_object);
        let Some(declared) = declared.filter(|content| !content.is_empty()) else {
            return if response.body.is_empty() {
                Ok(())
            } else {
                Err("has a body where the document declares none".to_owned())
            };
        };
        let media_type = response
            .content_type
            .map(|value| value.split(';').next().unwrap_or_default().trim())
            .unwrap_or_default();
        let Some(media) = declared.get(media_type) else {
            return Err(format!(
                "has Content-Type `{media_type}`; the document declares {:?}",
                declared.keys().collect::<Vec<_>>()
            ));
        };
        if media_type != "application/json" || media.get("schema").is_none() {
            return Ok(());
        }
        let body = json_body(response)?;
        self.validate(
            &format!("{pointer}/content/application~1json/schema"),
            &body,
        )
    }

    /// `pointer`, or where the `$ref` found there points.
    fn follow_ref(&self, pointer: &str) -> String {
        self.document
            .pointer(pointer)
            .and_then(|value| value.get("$ref"))
            .and_then(Value::as_str)
            .map_or_else(
                || pointer.to_owned(),
                |target| target.trim_start_matches('#').to_owned(),
            )
    }

    fn validator(&self, pointer: &str) -> Result<Arc<Validator>, String> {
        let mut validators = self
            .validators
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(validator) = validators.get(pointer) {
            return Ok(validator.clone());
        }
        let validator = Arc::new(compile(&self.document, pointer)?);
        validators.insert(pointer.to_owned(), validator.clone());
        Ok(validator)
    }
}

/// The schema at `pointer`, compiled with the whole document as its root so that every
/// `#/components/…` reference resolves.
fn compile(document: &Value, pointer: &str) -> Result<Validator, String> {
    let mut root = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$ref": format!("#{}", fragment(pointer)),
    });
    for key in ["components", "paths"] {
        if let (Some(root), Some(part)) = (root.as_object_mut(), document.get(key)) {
            root.insert(key.to_owned(), part.clone());
        }
    }
    jsonschema::options()
        .should_validate_formats(true)
        .build(&root)
        .map_err(|error| format!("the schema at {pointer} does not compile: {error}"))
}

fn json_body(response: ObservedResponse<'_>) -> Result<Value, String> {
    serde_json::from_slice(response.body).map_err(|error| {
        format!(
            "has a body that is not JSON ({error}): {}",
            String::from_utf8_lossy(&response.body[..response.body.len().min(200)])
        )
    })
}

fn request_body_pointer(operation: &Operation) -> String {
    format!(
        "{}/requestBody/content/application~1json/schema",
        operation.pointer
    )
}

/// A JSON pointer as a URI fragment: what a fragment may not hold (`{`, `}` of path
/// templates, `%`, spaces) percent-encoded.
fn fragment(pointer: &str) -> String {
    let mut encoded = String::with_capacity(pointer.len());
    for character in pointer.chars() {
        match character {
            '{' | '}' | '%' | ' ' | '"' | '<' | '>' | '\\' | '^' | '`' | '|' => {
                encoded.push_str(&format!("%{:02X}", u32::from(character)));
            }
            _ => encoded.push(character),
        }
    }
    encoded
}

fn strip_query(path: &str) -> &str {
    path.split('?').next().unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contract() -> Contract {
        Contract::new(json!({
            "openapi": "3.1.0",
            "paths": {
                "/v1/things/{thingId}": {
                    "get": {
                        "operationId": "get_thing",
                        "responses": {
                            "200": {"description": "ok", "content": {"application/json": {
                                "schema": {"$ref": "#/components/schemas/Thing"}}}},
                            "404": {"$ref": "#/components/responses/NotFound"},
                            "204": {"description": "nothing"}
                        }
                    }
                },
                "/v1/things:count": {
                    "get": {"operationId": "count", "responses": {"200": {"description": "n"}}}
                }
            },
            "components": {
                "schemas": {
                    "Thing": {"type": "object", "required": ["id"],
                        "properties": {"id": {"type": "string", "format": "uuid"}}},
                    "ErrorBody": {"type": "object", "required": ["errorCode"]}
                },
                "responses": {
                    "NotFound": {"description": "no", "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/ErrorBody"}}}}
                }
            }
        }))
    }

    fn json(status: u16, body: &str) -> ObservedResponse<'_> {
        ObservedResponse {
            status,
            content_type: Some("application/json; charset=utf-8"),
            body: body.as_bytes(),
        }
    }

    const THING: &str = "/v1/things/0190a8c4-1111-7222-8333-444455556666";

    #[test]
    fn a_documented_response_passes() {
        let id = r#"{"id":"0190a8c4-1111-7222-8333-444455556666"}"#;
        assert_eq!(
            contract().check_response("GET", THING, json(200, id)),
            Ok(())
        );
        let not_found = r#"{"errorCode":"NOT_FOUND"}"#;
        assert_eq!(
            contract().check_response("GET", THING, json(404, not_found)),
            Ok(())
        );
    }

    #[test]
    fn a_body_of_the_wrong_shape_or_format_is_a_violation() {
        let contract = contract();
        for body in [
            r#"{"name":"x"}"#,
            r#"{"id":"not-a-uuid"}"#,
            "[]",
            "not json",
        ] {
            let checked = contract.check_response("GET", THING, json(200, body));
            assert!(checked.is_err(), "{body}");
        }
        let error = contract.check_response("GET", THING, json(404, "{}"));
        assert!(error.is_err(), "a referenced response is followed");
    }

    #[test]
    fn an_undocumented_status_media_type_or_body_is_a_violation() {
        let contract = contract();
        let body = r#"{"id":"0190a8c4-1111-7222-8333-444455556666"}"#;
        assert!(
            contract
                .check_response("GET", THING, json(500, body))
                .is_err()
        );
        let text = ObservedResponse {
            status: 200,
            content_type: Some("text/plain"),
            body: body.as_bytes(),
        };
        assert!(contract.check_response("GET", THING, text).is_err());
        assert!(
            contract
                .check_response("GET", THING, json(204, "{}"))
                .is_err()
        );
        assert_eq!(contract.check_response("GET", THING, json(204, "")), Ok(()));
    }

    #[test]
    fn a_request_no_operation_names_may_only_be_a_404_or_405_error() {
        let contract = contract();
        let error = r#"{"errorCode":"NOT_FOUND"}"#;
        assert_eq!(
            contract.check_response("GET", "/v1/nope", json(404, error)),
            Ok(())
        );
        assert!(
            contract
                .check_response("GET", "/v1/nope", json(200, "{}"))
                .is_err()
        );
        assert!(
            contract
                .check_response("DELETE", THING, json(200, "{}"))
                .is_err()
        );
        assert_eq!(
            contract.check_response("GET", "/docs/", json(200, "x")),
            Ok(())
        );
    }

    #[test]
    fn a_literal_path_beats_a_template_and_queries_are_ignored() {
        let contract = contract();
        let count = contract.operation("GET", "/v1/things:count?x=1");
        assert_eq!(count.map(|o| o.id.as_str()), Some("count"));
        let thing = contract.operation("get", &format!("{THING}?embed=all"));
        assert_eq!(thing.map(|o| o.id.as_str()), Some("get_thing"));
        assert_eq!(thing.map(Operation::path_parameters), Some(vec!["thingId"]));
    }
}
