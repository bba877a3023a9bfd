//! Tenancy and roles on every customer and beneficial-owner route.

use crate::customers::{acme, sarah};
use crate::on_both_backends;
use crate::support::{TestApp, assert_error};
use openkor_domain::role::Role;
use reqwest::Method;
use serde_json::{Value, json};

/// Every route under a customer, with a valid body for the writes.
fn routes(customer: &str, owner: &str) -> Vec<(Method, String, Option<Value>)> {
    let base = format!("/v1/customers/{customer}");
    let owner_body = json!({"firstName": "Ada", "lastName": "Lovelace"});
    vec![
        (Method::GET, base.clone(), None),
        (
            Method::PUT,
            base.clone(),
            Some(json!({"website": "acme.com"})),
        ),
        (Method::PUT, format!("{base}/suspend"), None),
        (Method::PUT, format!("{base}/unsuspend"), None),
        (Method::GET, format!("{base}/beneficiaries"), None),
        (
            Method::POST,
            format!("{base}/beneficiaries"),
            Some(owner_body.clone()),
        ),
        (Method::GET, format!("{base}/beneficiaries/{owner}"), None),
        (
            Method::PUT,
            format!("{base}/beneficiaries/{owner}"),
            Some(json!({"title": "CFO"})),
        ),
        (Method::DELETE, base, None),
    ]
}

async fn business_with_owner(app: &TestApp, token: &str) -> (String, String) {
    let customer = app.create_customer(token, &acme()).await;
    let id = customer["id"].as_str().unwrap().to_owned();
    let owner = TestApp::expect_json(
        app.post(
            &format!("/v1/customers/{id}/beneficiaries"),
            token,
            &json!({"firstName": "Ada", "lastName": "L"}),
        )
        .await,
        201,
    )
    .await;
    (id, owner["id"].as_str().unwrap().to_owned())
}

on_both_backends! {
    async fn another_tenants_customer_is_404_on_every_route(app: TestApp) {
        let mine = &app.bootstrap;
        let theirs = app.tenant("Theirs", None).await;
        let child = app.tenant("Child", Some(mine)).await;
        let (customer, owner) = business_with_owner(&app, &theirs.token).await;
        let (child_customer, child_owner) = business_with_owner(&app, &child.token).await;
        for (method, path, body) in routes(&customer, &owner).into_iter().chain(routes(&child_customer, &child_owner)) {
            let response = app.send(method.clone(), &path, &mine.token, body.as_ref()).await;
            assert_error(response, 404, "NOT_FOUND").await;
        }
        let listed = app.get_json("/v1/customers", &mine.token).await;
        assert_eq!(listed["totalElements"], 0, "a parent does not see its children's customers");
        let still_there = app.get_json(&format!("/v1/customers/{customer}"), &theirs.token).await;
        assert_eq!(still_there["status"], "ACTIVE", "nothing was changed by the other tenant");
        assert!(still_there.get("website").is_none());
        let missing = uuid::Uuid::now_v7().to_string();
        for (method, path, body) in routes(&missing, &missing) {
            let response = app.send(method, &path, &mine.token, body.as_ref()).await;
            assert_error(response, 404, "NOT_FOUND").await;
        }
    }

    async fn roles_without_customer_rights_can_read_but_not_write(app: TestApp) {
        let tenant = &app.bootstrap;
        let (customer, owner) = business_with_owner(&app, &tenant.token).await;
        for role in [Role::ViewOnly, Role::Clerk, Role::Finance] {
            let token = app.token_with_role(tenant, role).await;
            let create = app.post("/v1/customers", &token, &sarah()).await;
            let body = assert_error(create, 403, "FORBIDDEN").await;
            assert!(body["message"].as_str().unwrap().contains("role"));
            for (method, path, body) in routes(&customer, &owner) {
                let response = app.send(method.clone(), &path, &token, body.as_ref()).await;
                if method == Method::GET {
                    assert_eq!(response.status(), 200, "{role} {method} {path}");
                } else {
                    assert_error(response, 403, "FORBIDDEN").await;
                }
            }
        }
        let unchanged = app.get_json(&format!("/v1/customers/{customer}"), &tenant.token).await;
        assert_eq!(unchanged["status"], "ACTIVE");
        assert_eq!(app.get_json("/v1/customers", &tenant.token).await["totalElements"], 1);
    }

    async fn roles_with_customer_rights_can_write(app: TestApp) {
        let tenant = &app.bootstrap;
        for role in [Role::Owner, Role::Admin, Role::Manager] {
            let token = app.token_with_role(tenant, role).await;
            let created = app.create_customer(&token, &acme()).await;
            let id = created["id"].as_str().unwrap();
            let owners = format!("/v1/customers/{id}/beneficiaries");
            TestApp::expect_json(app.post(&owners, &token, &json!({"firstName": "A", "lastName": "B"})).await, 201).await;
            let deleted = app.send(Method::DELETE, &format!("/v1/customers/{id}"), &token, None).await;
            assert_eq!(deleted.status(), 204, "{role}");
        }
    }

    async fn checks_run_in_the_documented_order(app: TestApp) {
        let bad_body = json!({"type": "NOPE"});
        let anonymous = app.client.post(app.url("/v1/customers")).json(&bad_body).send().await.unwrap();
        assert_error(anonymous, 401, "UNAUTHENTICATED").await;
        let viewer = app.token_with_role(&app.bootstrap, Role::ViewOnly).await;
        assert_error(app.post("/v1/customers", &viewer, &bad_body).await, 403, "FORBIDDEN").await;
        assert_error(app.put("/v1/customers/not-a-uuid", &viewer, &bad_body).await, 403, "FORBIDDEN").await;
        let owner = &app.bootstrap.token;
        assert_error(app.put("/v1/customers/not-a-uuid", owner, &bad_body).await, 400, "INVALID_PATH_PARAMETER").await;
        let missing = format!("/v1/customers/{}", uuid::Uuid::now_v7());
        let misshapen = json!({"firstName": 7});
        assert_error(app.put(&missing, owner, &misshapen).await, 400, "VALIDATION_FAILED").await;
        // Values are checked against the current customer, so a missing one is 404 first.
        assert_error(app.put(&missing, owner, &bad_body).await, 404, "NOT_FOUND").await;
        assert_error(app.put(&missing, owner, &json!({})).await, 404, "NOT_FOUND").await;
        let text = app
            .client
            .post(app.url("/v1/customers"))
            .bearer_auth(owner)
            .header("content-type", "text/plain")
            .body("hello")
            .send()
            .await
            .unwrap();
        assert_error(text, 415, "UNSUPPORTED_MEDIA_TYPE").await;
        let raw = |body: String| {
            app.client
                .post(app.url("/v1/customers"))
                .bearer_auth(owner)
                .header("content-type", "application/json")
                .body(body)
                .send()
        };
        assert_error(raw("{\"type\": ".into()).await.unwrap(), 400, "MALFORMED_JSON").await;
        let trailing = format!("{} and more", sarah());
        assert_error(raw(trailing).await.unwrap(), 400, "MALFORMED_JSON").await;
        // serde would fill the struct from an array by position.
        let fields = sarah();
        let by_position = json!([fields["type"], fields["firstName"], null, fields["lastName"], fields["primaryPhoneNumber"], fields["primaryEmail"]]);
        let body = assert_error(raw(by_position.to_string()).await.unwrap(), 400, "VALIDATION_FAILED").await;
        assert_eq!(body["errors"][0]["errorCode"], "INVALID_TYPE");
        assert_eq!(app.get_json("/v1/customers", owner).await["totalElements"], 0, "nothing was created");
        let huge = with_padding(sarah(), 70 * 1024);
        assert_error(app.post("/v1/customers", owner, &huge).await, 413, "PAYLOAD_TOO_LARGE").await;
    }
}

fn with_padding(mut body: Value, bytes: usize) -> Value {
    body["metadata"] = json!({"pad": "x".repeat(bytes)});
    body
}
