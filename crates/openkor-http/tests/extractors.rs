//! The shared extractors and the middleware stack, over real HTTP on a loopback port.
//!
//! Test-only routes (a JSON echo, a paged list, a handler that never finishes, one that panics)
//! are mounted on exactly the stack the application uses ([`openkor_http::with_middleware`]).

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use axum::Json;
use axum::Router;
use axum::routing::{get, post};
use openkor_domain::paging::{SortDirection, SortKey};
use openkor_http::HttpConfig;
use openkor_http::extract::query::DefaultSort;
use openkor_http::extract::{ApiJson, Paging, QueryParams};
use openkor_http::limits::{
    QUERY_STRING_BYTES_MAX, REQUEST_BODY_BYTES_MAX, REQUEST_HEADER_BYTES_MAX,
};
use reqwest::StatusCode;
use serde::Deserialize;
use serde_json::{Value, json};

openkor_domain::code_enum! {
    /// Sortable fields of the test list.
    pub enum Field {
        /// Name.
        Name => "name",
        /// Creation time.
        CreatedAt => "createdAt",
    }
}

impl DefaultSort for Field {
    fn default_sort() -> Vec<SortKey<Self>> {
        vec![SortKey {
            field: Field::CreatedAt,
            direction: SortDirection::Desc,
        }]
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Echo {
    first_name: String,
    count: Option<u32>,
}

async fn echo(ApiJson(body): ApiJson<Echo>) -> Json<Value> {
    Json(json!({"firstName": body.first_name, "count": body.count}))
}

async fn paged(Paging(request): Paging<Field>) -> Json<Value> {
    let sort: Vec<String> = request
        .sort()
        .iter()
        .map(|key| format!("{},{}", key.field, key.direction.sql()))
        .collect();
    Json(json!({"page": request.page(), "size": request.size(), "sort": sort}))
}

async fn filtered(mut params: QueryParams) -> Result<Json<Value>, openkor_http::error::ApiError> {
    let colour = params.take("colour");
    params.finish()?;
    Ok(Json(json!({"colour": colour})))
}

async fn never_finishes() -> &'static str {
    std::future::pending::<()>().await;
    "unreachable"
}

async fn panics() -> &'static str {
    panic!("secret internal detail")
}

const REQUEST_TIMEOUT_MS: u64 = 200;

async fn serve() -> String {
    let routes = Router::new()
        .route("/echo", post(echo))
        .route("/paged", get(paged))
        .route("/filtered", get(filtered))
        .route("/slow", get(never_finishes))
        .route("/panic", get(panics));
    let app = openkor_http::with_middleware(
        routes,
        HttpConfig {
            request_timeout_ms: REQUEST_TIMEOUT_MS,
        },
        std::sync::Arc::default(),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{address}")
}

/// Checks the envelope and returns it.
async fn error(response: reqwest::Response, status: StatusCode, code: &str) -> Value {
    assert_eq!(response.status(), status);
    let trace_header = response
        .headers()
        .get("x-trace-id")
        .expect("x-trace-id header")
        .to_str()
        .unwrap()
        .to_owned();
    let body: Value = response.json().await.expect("a JSON error body");
    assert_eq!(body["errorCode"], code, "{body}");
    assert_eq!(body["traceId"], trace_header.as_str());
    assert!(body["timestamp"].as_str().unwrap().ends_with('Z'));
    assert!(!body["message"].as_str().unwrap().is_empty());
    assert!(body["errors"].is_array());
    body
}

fn field_errors(body: &Value) -> Vec<(String, String)> {
    body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["path"].as_str().unwrap().to_owned(),
                e["errorCode"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect()
}

#[tokio::test]
async fn a_valid_json_body_is_accepted() {
    let base = serve().await;
    let response = openkor_testkit::http_client()
        .post(format!("{base}/echo"))
        .json(&json!({"firstName": "Sarah", "count": 2}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.json::<Value>().await.unwrap()["firstName"],
        "Sarah"
    );
}

#[tokio::test]
async fn malformed_json_is_a_400_malformed_json() {
    let base = serve().await;
    let response = openkor_testkit::http_client()
        .post(format!("{base}/echo"))
        .header("content-type", "application/json")
        .body("{\"firstName\": ")
        .send()
        .await
        .unwrap();
    error(response, StatusCode::BAD_REQUEST, "MALFORMED_JSON").await;
}

#[tokio::test]
async fn a_body_of_the_wrong_shape_names_each_field() {
    let base = serve().await;
    let client = openkor_testkit::http_client();
    for (body, expected) in [
        (json!({}), ("firstName", "REQUIRED")),
        (json!({"firstName": 5}), ("firstName", "INVALID_TYPE")),
        (
            json!({"firstName": "a", "count": -1}),
            ("count", "OUT_OF_RANGE"),
        ),
        (
            json!({"firstName": "a", "count": 1.5}),
            ("count", "INVALID_TYPE"),
        ),
        (json!([]), ("", "INVALID_TYPE")),
        (
            json!({"firstName": "a", "colour": "red"}),
            ("colour", "UNKNOWN_FIELD"),
        ),
    ] {
        let response = client
            .post(format!("{base}/echo"))
            .json(&body)
            .send()
            .await
            .unwrap();
        let error_body = error(response, StatusCode::BAD_REQUEST, "VALIDATION_FAILED").await;
        assert_eq!(field_errors(&error_body), pairs(&[expected]), "{body}");
    }
}

#[tokio::test]
async fn a_body_that_is_not_json_is_a_415() {
    let base = serve().await;
    let client = openkor_testkit::http_client();
    for content_type in [
        None,
        Some("text/plain"),
        Some("application/xml"),
        // JSON is UTF-8: a body declared in another charset would be misread.
        Some("application/json; charset=iso-8859-1"),
        Some("application/json;charset=\"UTF-16\""),
    ] {
        let mut request = client
            .post(format!("{base}/echo"))
            .body("{\"firstName\":\"a\"}");
        if let Some(content_type) = content_type {
            request = request.header("content-type", content_type);
        }
        let response = request.send().await.unwrap();
        error(
            response,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UNSUPPORTED_MEDIA_TYPE",
        )
        .await;
    }
    for utf8 in [
        "application/json; charset=utf-8",
        "application/json; charset=\"UTF-8\"",
    ] {
        let charset = client
            .post(format!("{base}/echo"))
            .header("content-type", utf8)
            .body("{\"firstName\":\"a\"}")
            .send()
            .await
            .unwrap();
        assert_eq!(charset.status(), StatusCode::OK, "{utf8}");
    }
}

#[tokio::test]
async fn oversized_bodies_are_a_413_declared_or_streamed() {
    let base = serve().await;
    let client = openkor_testkit::http_client();
    let huge = format!(
        "{{\"firstName\":\"{}\"}}",
        "a".repeat(REQUEST_BODY_BYTES_MAX)
    );
    let declared = client
        .post(format!("{base}/echo"))
        .header("content-type", "application/json")
        .body(huge.clone())
        .send()
        .await
        .unwrap();
    error(declared, StatusCode::PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE").await;

    // Chunked: no Content-Length, so the limit is enforced while reading.
    let stream = futures_stream(huge.into_bytes());
    let streamed = client
        .post(format!("{base}/echo"))
        .header("content-type", "application/json")
        .body(reqwest::Body::wrap_stream(stream))
        .send()
        .await
        .unwrap();
    error(streamed, StatusCode::PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE").await;
}

fn futures_stream(
    bytes: Vec<u8>,
) -> impl futures_core::Stream<Item = Result<Vec<u8>, std::io::Error>> + Send + 'static {
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = bytes
        .chunks(8 * 1024)
        .map(|chunk| Ok(chunk.to_vec()))
        .collect();
    tokio_stream::iter(chunks)
}

#[tokio::test]
async fn oversized_headers_are_a_431() {
    let base = serve().await;
    let response = openkor_testkit::http_client()
        .get(format!("{base}/paged"))
        .header("x-padding", "a".repeat(REQUEST_HEADER_BYTES_MAX))
        .send()
        .await
        .unwrap();
    error(
        response,
        StatusCode::from_u16(431).unwrap(),
        "HEADERS_TOO_LARGE",
    )
    .await;
}

#[tokio::test]
async fn over_long_query_strings_are_a_414() {
    let base = serve().await;
    let query = "sort=name&".repeat(QUERY_STRING_BYTES_MAX / 10 + 1);
    let response = reqwest::get(format!("{base}/paged?{query}")).await.unwrap();
    error(response, StatusCode::URI_TOO_LONG, "URI_TOO_LONG").await;
}

#[tokio::test]
async fn paging_defaults_and_explicit_values_reach_the_handler() {
    let base = serve().await;
    let defaults: Value = reqwest::get(format!("{base}/paged"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        defaults,
        json!({"page": 0, "size": 20, "sort": ["createdAt,DESC"]})
    );
    let explicit: Value = reqwest::get(format!(
        "{base}/paged?page=3&size=100&sort=name,desc&sort=createdAt"
    ))
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    assert_eq!(
        explicit,
        json!({"page": 3, "size": 100, "sort": ["name,DESC", "createdAt,ASC"]})
    );
}

#[tokio::test]
async fn paging_edge_cases_are_refused_with_every_problem_listed() {
    let base = serve().await;
    for (query, expected) in [
        ("size=0", vec![("size", "OUT_OF_RANGE")]),
        ("size=101", vec![("size", "OUT_OF_RANGE")]),
        ("page=-1", vec![("page", "OUT_OF_RANGE")]),
        (
            "page=x&size=y",
            vec![("page", "INVALID_FORMAT"), ("size", "INVALID_FORMAT")],
        ),
        ("sort=secret", vec![("sort", "INVALID_VALUE")]),
        ("sort=name,sideways", vec![("sort", "INVALID_VALUE")]),
        ("size=5&size=6", vec![("size", "INVALID_VALUE")]),
        ("unknown=1", vec![("unknown", "UNKNOWN_FIELD")]),
    ] {
        let response = reqwest::get(format!("{base}/paged?{query}")).await.unwrap();
        let body = error(response, StatusCode::BAD_REQUEST, "INVALID_QUERY_PARAMETER").await;
        assert_eq!(field_errors(&body), pairs(&expected), "{query}");
    }
}

#[tokio::test]
async fn endpoint_parameters_are_taken_and_strangers_refused() {
    let base = serve().await;
    let ok: Value = reqwest::get(format!("{base}/filtered?colour=blue%20green"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(ok["colour"], "blue green");
    let response = reqwest::get(format!("{base}/filtered?color=blue"))
        .await
        .unwrap();
    let body = error(response, StatusCode::BAD_REQUEST, "INVALID_QUERY_PARAMETER").await;
    assert_eq!(field_errors(&body), pairs(&[("color", "UNKNOWN_FIELD")]));
}

#[tokio::test]
async fn unknown_routes_are_404_and_wrong_methods_405() {
    let base = serve().await;
    let client = openkor_testkit::http_client();
    let missing = client.get(format!("{base}/nowhere")).send().await.unwrap();
    error(missing, StatusCode::NOT_FOUND, "ROUTE_NOT_FOUND").await;
    let wrong = client.delete(format!("{base}/paged")).send().await.unwrap();
    error(wrong, StatusCode::METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED").await;
}

#[tokio::test]
async fn a_request_that_outlives_the_timeout_is_a_503_request_timeout() {
    let base = serve().await;
    let response = reqwest::get(format!("{base}/slow")).await.unwrap();
    let body = error(response, StatusCode::SERVICE_UNAVAILABLE, "REQUEST_TIMEOUT").await;
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains(&REQUEST_TIMEOUT_MS.to_string())
    );
}

#[tokio::test]
async fn a_panic_is_a_500_that_reveals_nothing() {
    let base = serve().await;
    let response = reqwest::get(format!("{base}/panic")).await.unwrap();
    let body = error(
        response,
        StatusCode::INTERNAL_SERVER_ERROR,
        "INTERNAL_ERROR",
    )
    .await;
    assert!(!body.to_string().contains("secret internal detail"));
    assert!(!body.to_string().contains("panicked"));
}
