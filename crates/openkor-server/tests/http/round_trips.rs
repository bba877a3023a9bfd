//! Read-modify-write: what a GET returned, sent back on a PUT (with or without a change), is
//! accepted; the read-only fields are accepted unchanged, and a changed one is refused with the
//! endpoint to use instead; nothing the body did not change is lost.

use crate::beneficiaries::owner;
use crate::customers::{acme, address, sarah};
use crate::on_both_backends;
use crate::recipients::{ana, create_recipient};
use crate::support::{Http, TestApp, assert_error, field_errors};
use reqwest::Method;
use serde_json::{Value, json};

async fn put(app: &Http, token: &str, path: &str, body: &Value) -> reqwest::Response {
    app.send(Method::PUT, path, token, Some(body)).await
}

/// `body` without the fields that change on every write.
fn stable(mut body: Value) -> Value {
    for field in ["updatedAt", "updatedBy"] {
        body.as_object_mut().unwrap().remove(field);
    }
    body
}

on_both_backends! {
    async fn a_customer_read_and_sent_back_is_accepted(app: TestApp) {
        let token = &app.bootstrap.token;
        for created in [app.create_customer(token, &sarah()).await, app.create_customer(token, &acme()).await] {
            let path = format!("/v1/customers/{}", created["id"].as_str().unwrap());
            let read = app.get_json(&path, token).await;
            let same = TestApp::expect_json(put(&app, token, &path, &read).await, 200).await;
            assert_eq!(same, read, "sending back what was read changes nothing");
            let mut changed = read.clone();
            changed["metadata"] = json!({"tier": "gold"});
            let updated = TestApp::expect_json(put(&app, token, &path, &changed).await, 200).await;
            assert_eq!(updated["metadata"], json!({"tier": "gold"}));
            let mut expected = read.clone();
            expected["metadata"] = json!({"tier": "gold"});
            assert_eq!(stable(updated), stable(expected), "only the changed field changed");

            let mut suspended = read.clone();
            suspended["status"] = json!("SUSPENDED");
            let refused = assert_error(put(&app, token, &path, &suspended).await, 400, "VALIDATION_FAILED").await;
            assert_eq!(field_errors(&refused), [("status".to_owned(), "INCONSISTENT".to_owned())]);
            assert!(refused.to_string().contains("/suspend"), "{refused}");
            let mut other_id = read.clone();
            other_id["id"] = json!(uuid::Uuid::new_v4().to_string());
            let refused = assert_error(put(&app, token, &path, &other_id).await, 400, "VALIDATION_FAILED").await;
            assert_eq!(field_errors(&refused), [("id".to_owned(), "INCONSISTENT".to_owned())]);
        }
        // A create that carries read-only fields is a mistake, and says so for each.
        let mut copied = sarah();
        copied["id"] = json!(uuid::Uuid::new_v4().to_string());
        copied["status"] = json!("ACTIVE");
        let refused = assert_error(app.post("/v1/customers", token, &copied).await, 400, "VALIDATION_FAILED").await;
        let mut paths: Vec<String> = field_errors(&refused).into_iter().map(|(path, _)| path).collect();
        paths.sort();
        assert_eq!(paths, ["id", "status"]);
    }

    async fn a_customer_with_lists_read_and_sent_back_keeps_them_once(app: TestApp) {
        let token = &app.bootstrap.token;
        let addresses = json!([address("MAILING"), address("SHIPPING"), address("MAILING")]);
        let mut jill = acme()["contacts"][0].clone();
        jill["firstName"] = json!("Jill");
        jill["primary"] = json!(false);
        let lists = |mut body: Value| {
            body["addresses"] = addresses.clone();
            body["metadata"] = json!({"tier": "gold", "ref": "7"});
            body
        };
        let mut business = lists(acme());
        business["contacts"].as_array_mut().unwrap().push(jill);
        for created in [app.create_customer(token, &lists(sarah())).await, app.create_customer(token, &business).await] {
            let path = format!("/v1/customers/{}", created["id"].as_str().unwrap());
            let read = app.get_json(&path, token).await;
            let same = TestApp::expect_json(put(&app, token, &path, &read).await, 200).await;
            assert_eq!(same, read, "sent back with their ids, the lists change nothing");
            // A client that does not know the ids (an older one) sends the lists without them.
            let mut without_ids = read.clone();
            for field in ["addresses", "contacts"] {
                for entry in without_ids[field].as_array_mut().into_iter().flatten() {
                    entry.as_object_mut().unwrap().remove("id");
                }
            }
            let same = TestApp::expect_json(put(&app, token, &path, &without_ids).await, 200).await;
            assert_eq!(same, read, "sent back without their ids, nothing is duplicated");
            let mut changed = read.clone();
            changed["addresses"][1]["streetLine1"] = json!("1 New St");
            let updated = TestApp::expect_json(put(&app, token, &path, &changed).await, 200).await;
            let mut expected = read.clone();
            expected["addresses"][1]["streetLine1"] = json!("1 New St");
            assert_eq!(stable(updated), stable(expected), "only the changed address changed, in place");
        }
    }

    async fn a_beneficial_owner_read_and_sent_back_is_accepted(app: TestApp) {
        let token = &app.bootstrap.token;
        let business = app.create_customer(token, &acme()).await;
        let owners = format!("/v1/customers/{}/beneficiaries", business["id"].as_str().unwrap());
        let created = TestApp::expect_json(app.post(&owners, token, &owner()).await, 201).await;
        let path = format!("{owners}/{}", created["id"].as_str().unwrap());
        let read = app.get_json(&path, token).await;
        assert_eq!(read["socialId"], "*****6789", "masked");
        let same = TestApp::expect_json(put(&app, token, &path, &read).await, 200).await;
        assert_eq!(same, read, "sending back what was read changes nothing, the social id included");
        let mut changed = read.clone();
        changed["title"] = json!("CTO");
        let updated = TestApp::expect_json(put(&app, token, &path, &changed).await, 200).await;
        let mut expected = read.clone();
        expected["title"] = json!("CTO");
        assert_eq!(stable(updated), stable(expected), "only the changed field changed");
        for (field, value) in [("id", json!(uuid::Uuid::new_v4().to_string())), ("parentId", json!(uuid::Uuid::new_v4().to_string()))] {
            let mut other = read.clone();
            other[field] = value;
            let refused = assert_error(put(&app, token, &path, &other).await, 400, "VALIDATION_FAILED").await;
            assert_eq!(field_errors(&refused), [(field.to_owned(), "INCONSISTENT".to_owned())]);
        }
        let mut copied = owner();
        copied["createdAt"] = read["createdAt"].clone();
        copied["parentId"] = read["parentId"].clone();
        let refused = assert_error(app.post(&owners, token, &copied).await, 400, "VALIDATION_FAILED").await;
        let mut paths: Vec<String> = field_errors(&refused).into_iter().map(|(path, _)| path).collect();
        paths.sort();
        assert_eq!(paths, ["createdAt", "parentId"]);
    }

    async fn a_recipient_read_and_sent_back_is_accepted(app: TestApp) {
        let token = &app.bootstrap.token;
        let created = create_recipient(&app, token, &ana()).await;
        let path = format!("/v1/recipients/{}", created["id"].as_str().unwrap());
        let read = app.get_json(&path, token).await;
        let same = TestApp::expect_json(put(&app, token, &path, &read).await, 200).await;
        assert_eq!(same, read);
        let mut changed = read.clone();
        changed["phoneNumber"] = json!("555-555-5555");
        changed["state"] = json!("SUSPENDED");
        let updated = TestApp::expect_json(put(&app, token, &path, &changed).await, 200).await;
        assert_eq!((updated["phoneNumber"].as_str(), updated["state"].as_str()), (Some("555-555-5555"), Some("SUSPENDED")));
        let mut other = read.clone();
        other["businessAccountId"] = json!(uuid::Uuid::new_v4().to_string());
        let refused = assert_error(put(&app, token, &path, &other).await, 400, "VALIDATION_FAILED").await;
        assert_eq!(field_errors(&refused), [("businessAccountId".to_owned(), "INCONSISTENT".to_owned())]);
        let mut copied = ana();
        copied["createdAt"] = read["createdAt"].clone();
        let refused = assert_error(app.post("/v1/recipients", token, &copied).await, 400, "VALIDATION_FAILED").await;
        assert_eq!(field_errors(&refused), [("createdAt".to_owned(), "UNKNOWN_FIELD".to_owned())]);
    }
}
