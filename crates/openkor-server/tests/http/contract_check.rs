//! Every response of this suite is checked against the server's OpenAPI document by the proxy
//! the harness puts in front of the server. These tests show that the check bites: the same
//! responses, held against a document that says something else, are violations.

use crate::support::{Backend, TestApp};
use openkor_testkit::contract::Contract;
use openkor_testkit::contract::proxy::Proxy;
use serde_json::{Value, json};
use std::sync::Arc;

async fn document(app: &TestApp) -> Value {
    app.client
        .get(app.url("/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// A proxy in front of `app`'s server that checks against `document`.
async fn checked_by(app: &TestApp, document: Value) -> Proxy {
    Proxy::start(&app.server_url, Arc::new(Contract::new(document)))
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_servers_own_document_passes_and_a_wrong_one_fails() {
    let app = TestApp::start(Backend::Sqlite).await.unwrap();
    let token = &app.bootstrap.token;
    let mut wrong = document(&app).await;
    let customer = "/components/schemas/IndividualCustomerBody/required";
    wrong
        .pointer_mut(customer)
        .and_then(Value::as_array_mut)
        .unwrap()
        .push(json!("favouriteColour"));
    let unknown = "/paths/~1v1~1customers~1{customerId}/get/responses";
    wrong
        .pointer_mut(unknown)
        .and_then(Value::as_object_mut)
        .unwrap()
        .remove("404");
    let right = checked_by(&app, document(&app).await).await;
    let wrong = checked_by(&app, wrong).await;
    let body = json!({"type": "INDIVIDUAL", "firstName": "Ada", "lastName": "Lovelace",
        "primaryEmail": {"value": "ada@example.com"},
        "primaryPhoneNumber": {"number": "+16045550100", "type": "MOBILE"}});
    for proxy in [&right, &wrong] {
        let created = app
            .client
            .post(format!("{}/v1/customers", proxy.base_url()))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(created.status(), 201);
        let missing = format!("{}/v1/customers/{}", proxy.base_url(), uuid::Uuid::now_v7());
        let response = app
            .client
            .get(missing)
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 404);
    }
    assert_eq!(right.violations(), []);
    let reasons: Vec<String> = wrong.violations().iter().map(ToString::to_string).collect();
    assert_eq!(reasons.len(), 2, "{reasons:#?}");
    assert!(
        reasons[0].starts_with("POST /v1/customers: 201 does not match"),
        "{reasons:#?}"
    );
    assert!(
        reasons[1].ends_with("404 is not a documented status of get_customer"),
        "{reasons:#?}"
    );
}
