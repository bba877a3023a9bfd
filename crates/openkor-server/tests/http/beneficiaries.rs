//! Beneficial owners of business customers over HTTP.

use crate::customers::{acme, address, sarah};
use crate::on_both_backends;
use crate::support::{TestApp, assert_error, field_errors};
use openkor_server::database::Database;
use serde_json::{Value, json};
use std::collections::BTreeSet;

fn owner() -> Value {
    json!({"firstName": "Ada", "middleName": "King", "lastName": "Lovelace", "sex": "FEMALE",
        "primaryPhoneNumber": {"number": "4155550100", "type": "MOBILE"}, "primaryEmail": {"value": "ada@example.com"},
        "dateOfBirth": "1980-12-10", "placeOfBirth": {"city": "London", "countryCode": "GBR"},
        "socialId": "123-45-6789", "socialIdCountryCode": "USA", "citizenshipCountryCode": "GBR",
        "title": "CEO", "ownershipPercentage": 50, "controller": true, "addresses": [address("PHYSICAL")]})
}

async fn business(app: &TestApp) -> String {
    let created = app.create_customer(&app.bootstrap.token, &acme()).await;
    format!(
        "/v1/customers/{}/beneficiaries",
        created["id"].as_str().unwrap()
    )
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect()
}

on_both_backends! {
    async fn a_beneficial_owner_is_created_read_and_listed(app: TestApp) {
        let token = &app.bootstrap.token;
        let owners = business(&app).await;
        let response = app.post(&owners, token, &owner()).await;
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        let created = TestApp::expect_json(response, 201).await;
        let customer_id = owners.split('/').nth(3).unwrap();
        assert_eq!(created["parentId"], customer_id);
        assert_eq!(location, format!("{owners}/{}", created["id"].as_str().unwrap()));
        assert_eq!(created["socialId"], "*****6789", "returned truncated");
        assert_eq!(created["ownershipPercentage"], "50");
        assert_eq!(created["primaryPhoneNumber"]["number"], "+14155550100");
        assert_eq!(created["placeOfBirth"], json!({"city": "London", "countryCode": "GBR"}));
        assert_eq!(created["controller"], true);
        assert_eq!(created["verificationStatus"]["status"], "UNVERIFIED");
        assert_eq!(created["addresses"][0]["primary"], true);
        let read = app.get_json(&location, token).await;
        assert_eq!(read, created);
        let list = app.get_json(&owners, token).await;
        let summary = &list.as_array().expect("a plain array")[0];
        let keys: BTreeSet<&str> = summary.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            BTreeSet::from(["parentId", "id", "firstName", "middleName", "lastName", "primaryPhoneNumber", "primaryEmail", "controller", "verificationStatus"])
        );
        for body in [&created, &read, &list] {
            assert!(!body.to_string().contains("123-45"), "the full social id never leaves");
        }
    }

    async fn individual_customers_have_no_beneficial_owners(app: TestApp) {
        let token = &app.bootstrap.token;
        let person = app.create_customer(token, &sarah()).await;
        let owners = format!("/v1/customers/{}/beneficiaries", person["id"].as_str().unwrap());
        let refused = app.post(&owners, token, &owner()).await;
        let body = assert_error(refused, 422, "BUSINESS_RULE_VIOLATION").await;
        assert!(body["message"].as_str().unwrap().contains("BUSINESS"));
        assert_eq!(app.get_json(&owners, token).await, json!([]));
    }

    async fn beneficial_owner_validation_lists_every_field(app: TestApp) {
        let owners = business(&app).await;
        let token = &app.bootstrap.token;
        let mut bad = owner();
        bad.as_object_mut().unwrap().remove("firstName");
        bad["sex"] = json!("OTHER");
        bad["ownershipPercentage"] = json!("120");
        bad["citizenshipCountryCode"] = json!("UK");
        bad.as_object_mut().unwrap().remove("socialIdCountryCode");
        bad["primaryEmail"] = json!({"value": "nope"});
        let response = app.post(&owners, token, &bad).await;
        let errors = field_errors(&assert_error(response, 400, "VALIDATION_FAILED").await);
        assert_eq!(
            errors,
            pairs(&[
                ("firstName", "REQUIRED"),
                ("sex", "INVALID_VALUE"),
                ("primaryEmail.value", "INVALID_FORMAT"),
                ("socialIdCountryCode", "REQUIRED"),
                ("citizenshipCountryCode", "INVALID_VALUE"),
                ("ownershipPercentage", "OUT_OF_RANGE"),
            ])
        );
        let unknown = app.post(&owners, token, &json!({"firstName": "A", "lastName": "B", "ssn": "1"})).await;
        assert_eq!(field_errors(&assert_error(unknown, 400, "VALIDATION_FAILED").await), pairs(&[("ssn", "UNKNOWN_FIELD")]));
        let precise = app.post(&owners, token, &json!({"firstName": "A", "lastName": "B", "ownershipPercentage": 33.333})).await;
        assert_error(precise, 400, "VALIDATION_FAILED").await;
        let fine = app.post(&owners, token, &json!({"firstName": "A", "lastName": "B", "ownershipPercentage": "33.50"})).await;
        assert_eq!(TestApp::expect_json(fine, 201).await["ownershipPercentage"], "33.5");
    }

    async fn an_owner_update_merges_and_clears(app: TestApp) {
        let owners = business(&app).await;
        let token = &app.bootstrap.token;
        let created = TestApp::expect_json(app.post(&owners, token, &owner()).await, 201).await;
        let path = format!("{owners}/{}", created["id"].as_str().unwrap());
        let update = json!({"title": "CFO", "socialId": null, "socialIdCountryCode": null, "addresses": []});
        let updated = TestApp::expect_json(app.put(&path, token, &update).await, 200).await;
        assert_eq!(updated["title"], "CFO");
        assert!(updated.get("socialId").is_none());
        assert_eq!(updated["addresses"], json!([]));
        assert_eq!(updated["firstName"], "Ada");
        assert_eq!(updated["createdAt"], created["createdAt"]);
        let refused = app.put(&path, token, &json!({"lastName": null})).await;
        assert_error(refused, 400, "VALIDATION_FAILED").await;
        let other = business(&app).await;
        let wrong_customer = format!("{other}/{}", created["id"].as_str().unwrap());
        assert_error(app.put(&wrong_customer, token, &json!({"title": "X"})).await, 404, "NOT_FOUND").await;
        assert_error(app.get(&wrong_customer, token).await, 404, "NOT_FOUND").await;
    }

    async fn sending_back_the_masked_social_id_keeps_the_stored_one(app: TestApp) {
        let owners = business(&app).await;
        let token = &app.bootstrap.token;
        let created = TestApp::expect_json(app.post(&owners, token, &owner()).await, 201).await;
        let path = format!("{owners}/{}", created["id"].as_str().unwrap());
        let echoed = json!({"socialId": created["socialId"], "title": "CEO"});
        let updated = TestApp::expect_json(app.put(&path, token, &echoed).await, 200).await;
        assert_eq!((updated["socialId"].as_str(), updated["title"].as_str()), (Some("*****6789"), Some("CEO")));
        let database = Database::open(&crate::support::database_config(&app.database_url)).await.unwrap();
        let scope = app.bootstrap.id.parse().unwrap();
        let stored = database
            .store
            .get_beneficiary(scope, created["parentId"].as_str().unwrap().parse().unwrap(), created["id"].as_str().unwrap().parse().unwrap())
            .await
            .unwrap();
        database.close().await;
        assert_eq!(stored.data.social_id.as_deref(), Some("123-45-6789"), "the full id is kept");
        for masked in ["*****0000", "12*45"] {
            let refused = app.put(&path, token, &json!({"socialId": masked})).await;
            assert_eq!(field_errors(&assert_error(refused, 400, "VALIDATION_FAILED").await), pairs(&[("socialId", "INVALID_FORMAT")]));
            let refused = app.post(&owners, token, &json!({"firstName": "A", "lastName": "B", "socialId": masked, "socialIdCountryCode": "USA"})).await;
            assert_eq!(field_errors(&assert_error(refused, 400, "VALIDATION_FAILED").await), pairs(&[("socialId", "INVALID_FORMAT")]));
        }
        let replaced = TestApp::expect_json(app.put(&path, token, &json!({"socialId": "987-65-4321"})).await, 200).await;
        assert_eq!(replaced["socialId"], "*****4321");
    }

    async fn a_business_has_at_most_twenty_owners(app: TestApp) {
        let owners = business(&app).await;
        let token = &app.bootstrap.token;
        for i in 0..20 {
            let body = json!({"firstName": format!("Owner{i}"), "lastName": "X"});
            TestApp::expect_json(app.post(&owners, token, &body).await, 201).await;
        }
        let refused = app.post(&owners, token, &json!({"firstName": "One", "lastName": "More"})).await;
        assert_error(refused, 422, "BUSINESS_RULE_VIOLATION").await;
        assert_eq!(app.get_json(&owners, token).await.as_array().unwrap().len(), 20);
    }
}
