//! Recipients over HTTP: create, read, update, suspend, list and search, delete; every field
//! rule; tenant isolation on every route and role refusal on every write.

use crate::on_both_backends;
use crate::support::{Http, TestApp, assert_error, content_ids, field_errors};
use openkor_domain::role::Role;
use reqwest::Method;
use serde_json::{Value, json};

pub fn ana() -> Value {
    json!({"firstName": "Ana", "lastName": "Silva", "email": "Ana.Silva@example.com"})
}

pub async fn create_recipient(app: &Http, token: &str, body: &Value) -> Value {
    Http::expect_json(app.post("/v1/recipients", token, body).await, 201).await
}

async fn put(app: &Http, token: &str, id: &str, body: &Value) -> reqwest::Response {
    app.send(
        Method::PUT,
        &format!("/v1/recipients/{id}"),
        token,
        Some(body),
    )
    .await
}

fn id(body: &Value) -> &str {
    body["id"].as_str().unwrap()
}

on_both_backends! {
    async fn a_recipient_is_created_read_updated_suspended_and_deleted(app: TestApp) {
        let token = &app.bootstrap.token;
        let answer = app.post("/v1/recipients", token, &ana()).await;
        let location = answer.headers()["location"].to_str().unwrap().to_owned();
        let created = TestApp::expect_json(answer, 201).await;
        assert_eq!(location, format!("/v1/recipients/{}", id(&created)));
        for (field, value) in [("state", "ACTIVE"), ("recipientType", "INDIVIDUAL"), ("firstName", "Ana"),
            ("email", "Ana.Silva@example.com"), ("businessAccountId", app.bootstrap.id.as_str())] {
            assert_eq!(created[field], value, "{field}: {created}");
        }
        assert_eq!(created["requestorId"], created["createdBy"]["id"]);
        assert!(created.get("businessName").is_none() && created.get("phoneNumber").is_none(), "{created}");
        assert_eq!(app.get_json(&location, token).await, created);

        let business = create_recipient(&app, token, &json!({"firstName": "Bo", "lastName": "Diaz",
            "email": "bo@acme.example", "recipientType": "BUSINESS", "businessName": "Acme Plumbing",
            "businessRefId": "vendor-17", "nationality": "CAN", "dateOfBirth": "1980-02-29",
            "secondLastName": "Ruiz", "additionalInformation": ""})).await;
        assert_eq!((business["businessName"].as_str(), business["nationality"].as_str()), (Some("Acme Plumbing"), Some("CAN")));

        // The documented partial update: only phoneNumber; the rest stays.
        let updated = TestApp::expect_json(put(&app, token, id(&created), &json!({"phoneNumber": "555-555-5555"})).await, 200).await;
        assert_eq!(updated["phoneNumber"], "555-555-5555");
        assert_eq!((updated["firstName"].clone(), updated["createdAt"].clone()), (created["firstName"].clone(), created["createdAt"].clone()));
        let cleared = TestApp::expect_json(put(&app, token, id(&created), &json!({"phoneNumber": null, "middleName": "Maria"})).await, 200).await;
        assert!(cleared.get("phoneNumber").is_none());
        assert_eq!(cleared["middleName"], "Maria");

        // The documented suspend and unsuspend; repeating one changes nothing.
        let suspended = TestApp::expect_json(put(&app, token, id(&created), &json!({"state": "SUSPENDED"})).await, 200).await;
        assert_eq!(suspended["state"], "SUSPENDED");
        let again = TestApp::expect_json(put(&app, token, id(&created), &json!({"state": "SUSPENDED"})).await, 200).await;
        assert_eq!(again["updatedAt"], suspended["updatedAt"]);

        let page = |query: &str| {
            let (http, path, token) = (app.http.clone(), format!("/v1/recipients?{query}"), token.clone());
            async move { http.get_json(&path, &token).await }
        };
        assert_eq!(content_ids(&page("state=SUSPENDED").await), [id(&created)]);
        assert_eq!(content_ids(&page("state=ACTIVE").await), [id(&business)]);
        assert_eq!(content_ids(&page("search=SILV").await), [id(&created)], "a last name, any case");
        assert_eq!(content_ids(&page("search=acme.example").await), [id(&business)], "the e-mail");
        assert_eq!(content_ids(&page("search=maria").await), [id(&created)], "the middle name");
        assert_eq!(content_ids(&page("sort=lastName,ASC").await), [id(&business), id(&created)]);
        assert_eq!(content_ids(&page("").await), [id(&business), id(&created)], "newest first by default");
        let first = page("size=1&page=1").await;
        assert_eq!((first["totalElements"].as_u64(), first["totalPages"].as_u64()), (Some(2), Some(2)));
        assert_eq!(content_ids(&first), [id(&created)]);

        let unsuspended = TestApp::expect_json(put(&app, token, id(&created), &json!({"state": "ACTIVE"})).await, 200).await;
        assert_eq!(unsuspended["state"], "ACTIVE");
        let path = format!("/v1/recipients/{}", id(&created));
        assert_eq!(app.send(Method::DELETE, &path, token, None).await.status(), 204);
        assert_error(app.get(&path, token).await, 404, "NOT_FOUND").await;
        assert_error(app.send(Method::DELETE, &path, token, None).await, 404, "NOT_FOUND").await;
        assert_eq!(content_ids(&page("").await), [id(&business)]);
    }

    async fn recipient_input_is_checked_and_every_problem_named(app: TestApp) {
        let token = &app.bootstrap.token;
        let bad = json!({"firstName": "", "lastName": "x".repeat(41), "email": "nope", "nationality": "Canadian",
            "recipientType": "BUSINESS", "phoneNumber": "5".repeat(41), "dateOfBirth": "2999-01-01"});
        let refused = assert_error(app.post("/v1/recipients", token, &bad).await, 400, "VALIDATION_FAILED").await;
        let mut errors = field_errors(&refused);
        errors.sort();
        let expected: Vec<(String, String)> = [("businessName", "REQUIRED"), ("dateOfBirth", "OUT_OF_RANGE"),
            ("email", "INVALID_FORMAT"), ("firstName", "REQUIRED"), ("lastName", "TOO_LONG"),
            ("nationality", "INVALID_VALUE"), ("phoneNumber", "TOO_LONG")]
            .iter().map(|(p, c)| ((*p).to_owned(), (*c).to_owned())).collect();
        assert_eq!(errors, expected, "{refused}");
        let mut individual_business = ana();
        individual_business["businessName"] = json!("Acme");
        let refused = assert_error(app.post("/v1/recipients", token, &individual_business).await, 400, "VALIDATION_FAILED").await;
        assert_eq!(field_errors(&refused), [("businessName".to_owned(), "INCONSISTENT".to_owned())]);
        let mut with_state = ana();
        with_state["state"] = json!("SUSPENDED");
        assert_error(app.post("/v1/recipients", token, &with_state).await, 400, "VALIDATION_FAILED").await;
        let mut unknown = ana();
        unknown["nickname"] = json!("A");
        assert_error(app.post("/v1/recipients", token, &unknown).await, 400, "VALIDATION_FAILED").await;

        let created = create_recipient(&app, token, &ana()).await;
        let retyped = put(&app, token, id(&created), &json!({"recipientType": "BUSINESS", "businessName": "Acme"})).await;
        assert_eq!(field_errors(&assert_error(retyped, 400, "VALIDATION_FAILED").await)[0].0, "recipientType");
        let both = put(&app, token, id(&created), &json!({"state": "ASLEEP", "email": "bad"})).await;
        let mut errors = field_errors(&assert_error(both, 400, "VALIDATION_FAILED").await);
        errors.sort();
        assert_eq!(errors, [("email".to_owned(), "INVALID_FORMAT".to_owned()), ("state".to_owned(), "INVALID_VALUE".to_owned())]);
        let required = put(&app, token, id(&created), &json!({"email": null})).await;
        assert_eq!(field_errors(&assert_error(required, 400, "VALIDATION_FAILED").await)[0], ("email".to_owned(), "REQUIRED".to_owned()));
        assert_eq!(app.get_json(&format!("/v1/recipients/{}", id(&created)), token).await, created, "nothing changed");
        for query in ["state=ASLEEP", "sort=nickname,ASC", "size=101", "colour=red", &format!("search={}", "x".repeat(101))] {
            assert_error(app.get(&format!("/v1/recipients?{query}"), token).await, 400, "INVALID_QUERY_PARAMETER").await;
        }
        assert_error(app.get("/v1/recipients/not-a-uuid", token).await, 400, "INVALID_PATH_PARAMETER").await;
    }

    async fn recipients_are_the_callers_own_and_writes_need_a_role(app: TestApp) {
        let token = &app.bootstrap.token;
        let created = create_recipient(&app, token, &ana()).await;
        let path = format!("/v1/recipients/{}", id(&created));
        let other = app.tenant("Other", None).await;
        assert_error(app.get(&path, &other.token).await, 404, "NOT_FOUND").await;
        assert_error(put(&app, &other.token, id(&created), &json!({"state": "SUSPENDED"})).await, 404, "NOT_FOUND").await;
        assert_error(app.send(Method::DELETE, &path, &other.token, None).await, 404, "NOT_FOUND").await;
        assert!(content_ids(&app.get_json("/v1/recipients", &other.token).await).is_empty());
        assert_eq!(app.get_json(&path, token).await, created, "the other tenant changed nothing");

        for role in [Role::ViewOnly, Role::Admin, Role::Clerk] {
            let limited = app.token_with_role(&app.bootstrap, role).await;
            assert_eq!(app.get_json(&path, &limited).await, created, "{role:?} reads");
            assert_error(app.post("/v1/recipients", &limited, &ana()).await, 403, "FORBIDDEN").await;
            assert_error(put(&app, &limited, id(&created), &json!({"state": "SUSPENDED"})).await, 403, "FORBIDDEN").await;
            assert_error(app.send(Method::DELETE, &path, &limited, None).await, 403, "FORBIDDEN").await;
        }
        let finance = app.token_with_role(&app.bootstrap, Role::Finance).await;
        create_recipient(&app, &finance, &ana()).await;
    }
}
