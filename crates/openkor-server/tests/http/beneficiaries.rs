//! Beneficial owners of business customers over HTTP.

use crate::customers::{acme, address, sarah};
use crate::on_both_backends;
use crate::support::{TestApp, assert_error, field_errors as raw_field_errors};
use crate::typed::{field_errors, json_of, refused, typed};
use openkor_client::Client;
use openkor_client::models::{Beneficiary, BeneficiaryRequest, BeneficiaryUpdate, Patch};
use openkor_server::database::Database;
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// The reference's owner, `ownershipPercentage` a JSON number as the seed sends it.
pub fn owner() -> Value {
    json!({"firstName": "Ada", "middleName": "King", "lastName": "Lovelace", "sex": "FEMALE",
        "primaryPhoneNumber": {"number": "4155550100", "type": "MOBILE"}, "primaryEmail": {"value": "ada@example.com"},
        "dateOfBirth": "1980-12-10", "placeOfBirth": {"city": "London", "countryCode": "GBR"},
        "socialId": "123-45-6789", "socialIdCountryCode": "USA", "citizenshipCountryCode": "GBR",
        "title": "CEO", "ownershipPercentage": 50, "controller": true, "addresses": [address("PHYSICAL")]})
}

/// The same owner as the typed client sends it (the percentage a decimal string).
fn owner_request() -> BeneficiaryRequest {
    let mut body = owner();
    body["ownershipPercentage"] = json!("50");
    typed(body)
}

/// A new business customer's id.
async fn business(api: &Client) -> String {
    api.create_customer(&typed(acme()))
        .await
        .unwrap()
        .id()
        .to_owned()
}

fn named(first: &str, last: &str) -> BeneficiaryRequest {
    BeneficiaryRequest {
        first_name: Some(first.into()),
        last_name: Some(last.into()),
        ..Default::default()
    }
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect()
}

on_both_backends! {
    async fn a_beneficial_owner_is_created_read_and_listed(app: TestApp) {
        let token = &app.bootstrap.token;
        let api = app.api(&app.bootstrap);
        let customer_id = business(&api).await;
        // Raw: the Location header, and the percentage sent as a JSON number.
        let owners = format!("/v1/customers/{customer_id}/beneficiaries");
        let response = app.post(&owners, token, &owner()).await;
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        let created: Beneficiary = serde_json::from_value(TestApp::expect_json(response, 201).await).unwrap();
        assert_eq!(created.parent_id, customer_id);
        assert_eq!(location, format!("{owners}/{}", created.id));
        assert_eq!(created.social_id.as_deref(), Some("*****6789"), "returned truncated");
        assert_eq!(created.ownership_percentage.as_deref(), Some("50"));
        assert_eq!(created.primary_phone_number.as_ref().unwrap().number, "+14155550100");
        assert_eq!(json_of(&created.place_of_birth), json!({"city": "London", "countryCode": "GBR"}));
        assert!(created.controller);
        assert_eq!(created.verification_status.status, "UNVERIFIED");
        assert_eq!(created.addresses[0].primary, Some(true));
        let read = api.get_beneficiary(&customer_id, &created.id).await.unwrap();
        assert_eq!(read, created);
        let list = api.list_beneficiaries(&customer_id).await.unwrap();
        let summary = json_of(&list[0]);
        let keys: BTreeSet<&str> = summary.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            BTreeSet::from(["parentId", "id", "firstName", "middleName", "lastName", "primaryPhoneNumber", "primaryEmail", "controller", "verificationStatus"])
        );
        for body in [json_of(&created), json_of(&read), json_of(&list)] {
            assert!(!body.to_string().contains("123-45"), "the full social id never leaves");
        }
    }

    async fn individual_customers_have_no_beneficial_owners(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let person = api.create_customer(&typed(sarah())).await.unwrap();
        let error = refused(api.create_beneficiary(person.id(), &owner_request()).await, 422, "BUSINESS_RULE_VIOLATION");
        assert!(error.message.contains("BUSINESS"));
        assert_eq!(api.list_beneficiaries(person.id()).await.unwrap(), []);
    }

    async fn beneficial_owner_validation_lists_every_field(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let customer_id = business(&api).await;
        let mut bad = owner();
        bad.as_object_mut().unwrap().remove("firstName");
        bad["sex"] = json!("OTHER");
        bad["ownershipPercentage"] = json!("120");
        bad["citizenshipCountryCode"] = json!("UK");
        bad.as_object_mut().unwrap().remove("socialIdCountryCode");
        bad["primaryEmail"] = json!({"value": "nope"});
        let error = refused(api.create_beneficiary(&customer_id, &typed(bad)).await, 400, "VALIDATION_FAILED");
        assert_eq!(
            field_errors(&error),
            pairs(&[
                ("firstName", "REQUIRED"),
                ("sex", "INVALID_VALUE"),
                ("primaryEmail.value", "INVALID_FORMAT"),
                ("socialIdCountryCode", "REQUIRED"),
                ("citizenshipCountryCode", "INVALID_VALUE"),
                ("ownershipPercentage", "OUT_OF_RANGE"),
            ])
        );
        // Raw: a member no typed request has, and a percentage as a too-precise JSON number.
        let token = &app.bootstrap.token;
        let owners = format!("/v1/customers/{customer_id}/beneficiaries");
        let unknown = app.post(&owners, token, &json!({"firstName": "A", "lastName": "B", "ssn": "1"})).await;
        assert_eq!(raw_field_errors(&assert_error(unknown, 400, "VALIDATION_FAILED").await), pairs(&[("ssn", "UNKNOWN_FIELD")]));
        let precise = app.post(&owners, token, &json!({"firstName": "A", "lastName": "B", "ownershipPercentage": 33.333})).await;
        assert_error(precise, 400, "VALIDATION_FAILED").await;
        let fine = BeneficiaryRequest { ownership_percentage: Some("33.50".into()), ..named("A", "B") };
        let fine = api.create_beneficiary(&customer_id, &fine).await.unwrap();
        assert_eq!(fine.ownership_percentage.as_deref(), Some("33.5"));
    }

    async fn an_owner_update_merges_and_clears(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let customer_id = business(&api).await;
        let created = api.create_beneficiary(&customer_id, &owner_request()).await.unwrap();
        let update = BeneficiaryUpdate {
            title: Patch::Value("CFO".into()),
            social_id: Patch::Null,
            social_id_country_code: Patch::Null,
            addresses: Patch::Value(Vec::new()),
            ..Default::default()
        };
        let updated = api.update_beneficiary(&customer_id, &created.id, &update).await.unwrap();
        assert_eq!(updated.title.as_deref(), Some("CFO"));
        assert!(updated.social_id.is_none());
        assert_eq!(updated.addresses, created.addresses, "an empty list names no address");
        assert_eq!(updated.first_name, "Ada");
        assert_eq!(updated.created_at, created.created_at);
        let no_addresses = BeneficiaryUpdate { addresses: Patch::Null, ..Default::default() };
        let cleared = api.update_beneficiary(&customer_id, &created.id, &no_addresses).await.unwrap();
        assert_eq!(cleared.addresses, [], "null removes every address");
        let clear_last_name = BeneficiaryUpdate { last_name: Patch::Null, ..Default::default() };
        refused(api.update_beneficiary(&customer_id, &created.id, &clear_last_name).await, 400, "VALIDATION_FAILED");
        let other = business(&api).await;
        let title = BeneficiaryUpdate { title: Patch::Value("X".into()), ..Default::default() };
        refused(api.update_beneficiary(&other, &created.id, &title).await, 404, "NOT_FOUND");
        refused(api.get_beneficiary(&other, &created.id).await, 404, "NOT_FOUND");
    }

    async fn sending_back_the_masked_social_id_keeps_the_stored_one(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let customer_id = business(&api).await;
        let created = api.create_beneficiary(&customer_id, &owner_request()).await.unwrap();
        let social_id = |value: &str| BeneficiaryUpdate { social_id: Patch::Value(value.into()), ..Default::default() };
        let echoed = BeneficiaryUpdate { title: Patch::Value("CEO".into()), ..social_id(created.social_id.as_deref().unwrap()) };
        let updated = api.update_beneficiary(&customer_id, &created.id, &echoed).await.unwrap();
        assert_eq!((updated.social_id.as_deref(), updated.title.as_deref()), (Some("*****6789"), Some("CEO")));
        let database = Database::open(&crate::support::database_config(&app.database_url)).await.unwrap();
        let scope = app.bootstrap.id.parse().unwrap();
        let stored = database
            .store
            .get_beneficiary(scope, created.parent_id.parse().unwrap(), created.id.parse().unwrap())
            .await
            .unwrap();
        database.close().await;
        assert_eq!(stored.data.social_id.as_deref(), Some("123-45-6789"), "the full id is kept");
        for masked in ["*****0000", "12*45"] {
            let error = refused(api.update_beneficiary(&customer_id, &created.id, &social_id(masked)).await, 400, "VALIDATION_FAILED");
            assert_eq!(field_errors(&error), pairs(&[("socialId", "INVALID_FORMAT")]));
            let body = BeneficiaryRequest { social_id: Some(masked.into()), social_id_country_code: Some("USA".into()), ..named("A", "B") };
            let error = refused(api.create_beneficiary(&customer_id, &body).await, 400, "VALIDATION_FAILED");
            assert_eq!(field_errors(&error), pairs(&[("socialId", "INVALID_FORMAT")]));
        }
        let replaced = api.update_beneficiary(&customer_id, &created.id, &social_id("987-65-4321")).await.unwrap();
        assert_eq!(replaced.social_id.as_deref(), Some("*****4321"));
    }

    async fn a_business_has_at_most_twenty_owners(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let customer_id = business(&api).await;
        for i in 0..20 {
            api.create_beneficiary(&customer_id, &named(&format!("Owner{i}"), "X")).await.unwrap();
        }
        refused(api.create_beneficiary(&customer_id, &named("One", "More")).await, 422, "BUSINESS_RULE_VIOLATION");
        assert_eq!(api.list_beneficiaries(&customer_id).await.unwrap().len(), 20);
    }
}
