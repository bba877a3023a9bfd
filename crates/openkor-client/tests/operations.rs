//! Drift check: the client's operation table and the server's OpenAPI document name the same
//! operations (method, path template, operationId, `Idempotency-Key`), in both directions.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use openkor_client::OPERATIONS;
use serde_json::Value;
use std::collections::BTreeSet;

type Row = (String, String, String, bool);

fn document() -> Value {
    serde_json::to_value(openkor_http::openapi::document()).expect("the document is JSON")
}

fn documented(document: &Value) -> BTreeSet<Row> {
    let mut rows = BTreeSet::new();
    for (path, item) in document["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("path item") {
            if !["get", "put", "post", "delete", "patch", "head", "options"]
                .contains(&method.as_str())
            {
                continue;
            }
            let idempotent = operation["parameters"]
                .as_array()
                .is_some_and(|parameters| {
                    parameters
                        .iter()
                        .any(|p| p["in"] == "header" && p["name"] == "Idempotency-Key")
                });
            let id = operation["operationId"]
                .as_str()
                .expect("operationId")
                .to_owned();
            rows.insert((method.to_uppercase(), path.clone(), id, idempotent));
        }
    }
    rows
}

fn implemented() -> BTreeSet<Row> {
    OPERATIONS
        .iter()
        .map(|o| {
            let row = (o.method, o.path_template, o.operation_id, o.idempotency_key);
            (row.0.to_owned(), row.1.to_owned(), row.2.to_owned(), row.3)
        })
        .collect()
}

#[test]
fn the_client_implements_every_documented_operation_and_no_other() {
    let documented = documented(&document());
    let implemented = implemented();
    let missing: Vec<_> = documented.difference(&implemented).collect();
    let extra: Vec<_> = implemented.difference(&documented).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "documented but not in the client: {missing:#?}\nin the client but not documented: {extra:#?}"
    );
}

#[test]
fn the_operation_table_names_each_operation_once() {
    assert_eq!(implemented().len(), OPERATIONS.len());
    let ids: BTreeSet<_> = OPERATIONS.iter().map(|o| o.operation_id).collect();
    assert_eq!(ids.len(), OPERATIONS.len(), "operationIds are unique");
}
