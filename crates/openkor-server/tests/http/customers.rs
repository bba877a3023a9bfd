//! Customers over HTTP: create, validation, retrieve, update, suspend, delete.

use crate::on_both_backends;
use crate::support::{TestApp, assert_error, field_errors};
use crate::typed::{json_of, refused as refused_typed};
use openkor_client::models::{
    BusinessCustomer, Customer, CustomerRequest, CustomerUpdate, Patch, PhoneNumberRequest,
};
use openkor_client::{Client, CustomerQuery, Error};
use serde_json::{Value, json};

/// The seed page's request body, verbatim.
const SEED_SARAH: &str = r#"{
"type": "INDIVIDUAL",
"firstName": "Sarah",
"lastName": "Green",
"primaryPhoneNumber": {
"number": "+15556589",
"type": "WORK"
},
"primaryEmail": {
"value": "sgreen@abc.com"
}
}"#;

pub fn sarah() -> Value {
    serde_json::from_str(SEED_SARAH).unwrap()
}

pub fn acme() -> Value {
    json!({"type": "BUSINESS", "businessName": "ACME", "contacts": [{"firstName": "Jack",
        "lastName": "Smith", "primary": true, "primaryPhoneNumber": {"number": "+14151234", "type": "WORK"},
        "primaryEmail": {"value": "jsmith@acme.com"}}]})
}

pub fn address(kind: &str) -> Value {
    let mut address = json!({"type": kind, "streetLine1": "100 Main St", "cityName": "Greenville",
        "stateCode": "MO", "countryCode": "USA", "zipCode": "63368"});
    if kind == "SHIPPING" {
        address["name"] = json!({"firstName": "Jack", "lastName": "Smith"});
    }
    address
}

/// A JSON body as the typed client's request.
fn typed(body: Value) -> CustomerRequest {
    crate::typed::typed(body)
}

/// `PUT /v1/customers/{id}` with a JSON body, sent as the typed update.
async fn put(api: &Client, id: &str, body: Value) -> Result<Customer, Error> {
    api.update_customer(id, &crate::typed::typed::<CustomerUpdate>(body))
        .await
}

fn business(customer: &Customer) -> &BusinessCustomer {
    customer.as_business().expect("a business customer")
}

fn with(mut body: Value, field: &str, value: Value) -> Value {
    body[field] = value;
    body
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect()
}

/// The field errors of a create refused as invalid, sent raw (for bodies the typed request
/// cannot hold: wrong JSON types, unknown members).
async fn refused_raw(app: &TestApp, body: &Value) -> Vec<(String, String)> {
    let response = app.post("/v1/customers", &app.bootstrap.token, body).await;
    field_errors(&assert_error(response, 400, "VALIDATION_FAILED").await)
}

/// The field errors of a create refused as invalid, sent through the typed client.
async fn refused(api: &Client, body: &Value) -> Vec<(String, String)> {
    let answer = api.create_customer(&typed(body.clone())).await;
    crate::typed::field_errors(&refused_typed(answer, 400, "VALIDATION_FAILED"))
}

on_both_backends! {
    async fn the_seed_walk_through_works_verbatim(app: TestApp) {
        // Raw: the seed's bytes verbatim, and the Location header; the read is typed.
        let response = app
            .client
            .post(app.url("/v1/customers"))
            .bearer_auth(&app.bootstrap.token)
            .header("content-type", "application/json")
            .body(SEED_SARAH)
            .send()
            .await
            .unwrap();
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        let created = TestApp::expect_json(response, 201).await;
        let id = created["id"].as_str().unwrap();
        assert_eq!(location, format!("/v1/customers/{id}"));
        assert_eq!(created["status"], "ACTIVE");
        assert_eq!(created["type"], "INDIVIDUAL");
        assert_eq!(created["firstName"], "Sarah");
        assert_eq!(created["lastName"], "Green");
        assert_eq!(created["primaryPhoneNumber"], json!({"number": "+15556589", "type": "WORK", "verified": false}));
        assert_eq!(created["primaryEmail"], json!({"value": "sgreen@abc.com", "verified": false}));
        assert_eq!(created["verificationStatus"]["status"], "UNVERIFIED");
        assert_eq!(created["createdBy"]["type"], "service-account");
        assert_eq!(created["createdBy"], created["updatedBy"]);
        assert_eq!(created["createdAt"], created["updatedAt"]);
        assert_eq!(created["addresses"], json!([]));
        assert_eq!(created["metadata"], json!({}));
        let retrieved = app.api(&app.bootstrap).get_customer(id).await.unwrap();
        assert_eq!(json_of(&retrieved), created);
    }

    async fn a_business_customer_returns_both_name_fields(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let created = api.create_customer(&typed(acme())).await.unwrap();
        let acme_body = business(&created);
        assert_eq!(acme_body.business_name, "ACME");
        assert_eq!(acme_body.doing_business_as_name, "ACME");
        assert!(acme_body.contacts[0].primary);
        assert!(!acme_body.extra.contains_key("firstName"), "{acme_body:?}");
        let dba = CustomerRequest { business_name: None, doing_business_as_name: Some("ACME Corp.".into()), ..typed(acme()) };
        let created = api.create_customer(&dba).await.unwrap();
        assert_eq!(business(&created).business_name, "ACME Corp.");
        assert_eq!(business(&created).doing_business_as_name, "ACME Corp.");
    }

    async fn every_field_round_trips(app: TestApp) {
        let body = json!({
            "type": "INDIVIDUAL", "firstName": "Ada", "middleName": "King", "lastName": "Lovelace",
            "primaryPhoneNumber": {"number": "(415) 555-1234", "type": "MOBILE", "provider": "Tel", "extension": "7"},
            "primaryEmail": {"value": "ada@example.com"}, "dateOfBirth": "1815-12-10",
            "externalId": "crm-1", "metadata": {"tier": "gold", "ref": "1"},
            "addresses": [address("MAILING"), address("PHYSICAL"), address("SHIPPING"), address("MAILING")]
        });
        let api = app.api(&app.bootstrap);
        assert_eq!(refused(&api, &body).await, pairs(&[("dateOfBirth", "OUT_OF_RANGE")]));
        let body = with(body, "dateOfBirth", json!("1990-12-10"));
        let typed_created = api.create_customer(&typed(body)).await.unwrap();
        let created = json_of(&typed_created);
        assert_eq!(created["primaryPhoneNumber"]["number"], "+14155551234");
        assert_eq!(created["primaryPhoneNumber"]["provider"], "Tel");
        assert_eq!(created["dateOfBirth"], "1990-12-10");
        assert_eq!(created["externalId"], "crm-1");
        assert_eq!(created["metadata"], json!({"ref": "1", "tier": "gold"}));
        let primaries: Vec<bool> = created["addresses"].as_array().unwrap().iter().map(|a| a["primary"] == true).collect();
        assert_eq!(primaries, vec![true, true, true, false], "first of each type becomes primary");
        assert_eq!(created["addresses"][2]["name"], json!({"firstName": "Jack", "lastName": "Smith"}));
        assert!(created["addresses"][0].get("name").is_none());
        assert_eq!(api.get_customer(typed_created.id()).await.unwrap(), typed_created);
    }

    // Raw: wrong JSON types and unknown members, which the typed request cannot hold.
    async fn missing_and_malformed_fields_are_each_reported(app: TestApp) {
        let cases: Vec<(Value, Vec<(&str, &str)>)> = vec![
            (json!({}), vec![("type", "REQUIRED")]),
            (json!({"type": "PERSON"}), vec![("type", "INVALID_VALUE")]),
            (json!({"type": "INDIVIDUAL"}), vec![("firstName", "REQUIRED"), ("lastName", "REQUIRED"), ("primaryPhoneNumber", "REQUIRED"), ("primaryEmail", "REQUIRED")]),
            (with(sarah(), "firstName", json!("x".repeat(41))), vec![("firstName", "TOO_LONG")]),
            (with(sarah(), "firstName", json!("")), vec![("firstName", "TOO_SHORT")]),
            (with(sarah(), "firstName", json!(7)), vec![("firstName", "INVALID_TYPE")]),
            (with(sarah(), "primaryEmail", json!({"value": "not-an-email"})), vec![("primaryEmail.value", "INVALID_FORMAT")]),
            (with(sarah(), "primaryEmail", json!({"value": format!("{}@x.com", "a".repeat(320))})), vec![("primaryEmail.value", "TOO_LONG")]),
            (with(sarah(), "primaryEmail", json!({})), vec![("primaryEmail.value", "REQUIRED")]),
            (with(sarah(), "primaryPhoneNumber", json!({"number": "12", "type": "WORK"})), vec![("primaryPhoneNumber.number", "INVALID_FORMAT")]),
            (with(sarah(), "primaryPhoneNumber", json!({"number": "+15556589", "type": "FAX"})), vec![("primaryPhoneNumber.type", "INVALID_VALUE")]),
            (with(sarah(), "primaryPhoneNumber", json!({"number": "+15556589", "type": "WORK", "extension": "12345678901"})), vec![("primaryPhoneNumber.extension", "TOO_LONG")]),
            (with(sarah(), "dateOfBirth", json!("1990-02-30")), vec![("dateOfBirth", "INVALID_FORMAT")]),
            (with(sarah(), "dateOfBirth", json!("2999-01-01")), vec![("dateOfBirth", "OUT_OF_RANGE")]),
            (with(sarah(), "website", json!("https://x.com")), vec![("website", "INCONSISTENT")]),
            (with(sarah(), "externalId", json!("x".repeat(101))), vec![("externalId", "TOO_LONG")]),
            (with(sarah(), "nickname", json!("Sassy")), vec![("nickname", "UNKNOWN_FIELD")]),
            // Every shape problem of a body in one response, in body order.
            (
                with(with(with(sarah(), "nickname", json!("Sassy")), "colour", json!("red")), "firstName", json!(7)),
                vec![("firstName", "INVALID_TYPE"), ("nickname", "UNKNOWN_FIELD"), ("colour", "UNKNOWN_FIELD")],
            ),
            (with(acme(), "contacts", json!([])), vec![("contacts", "OUT_OF_RANGE")]),
            (with(acme(), "firstName", json!("Jack")), vec![("firstName", "INCONSISTENT")]),
            (with(acme(), "doingBusinessAsName", json!("Other")), vec![("doingBusinessAsName", "INCONSISTENT")]),
            (json!({"type": "BUSINESS", "contacts": acme()["contacts"]}), vec![("businessName", "REQUIRED")]),
            (with(acme(), "website", json!("not a url")), vec![("website", "INVALID_FORMAT")]),
        ];
        for (body, expected) in cases {
            assert_eq!(refused_raw(&app, &body).await, pairs(&expected), "{body}");
        }
    }

    async fn phone_numbers_are_normalised_to_e164(app: TestApp) {
        let api = app.api(&app.bootstrap);
        for (input, stored) in [("+15556589", "+15556589"), ("14155551234", "+14155551234"), ("4155551234", "+14155551234"), ("+44 7911 123456", "+447911123456")] {
            let phone = PhoneNumberRequest { number: Some(input.into()), r#type: Some("HOME".into()), ..Default::default() };
            let body = CustomerRequest { primary_phone_number: Some(phone), ..typed(sarah()) };
            let created = api.create_customer(&body).await.unwrap();
            assert_eq!(created.as_individual().unwrap().primary_phone_number.number, stored, "{input}");
        }
    }

    async fn business_contacts_need_exactly_one_primary(app: TestApp) {
        let api = &app.api(&app.bootstrap);
        let contact = acme()["contacts"][0].clone();
        let mut secondary = contact.clone();
        secondary["primary"] = json!(false);
        assert_eq!(refused(api, &with(acme(), "contacts", json!([secondary.clone()]))).await, pairs(&[("contacts", "INCONSISTENT")]));
        assert_eq!(refused(api, &with(acme(), "contacts", json!([contact.clone(), contact.clone()]))).await, pairs(&[("contacts[1].primary", "INCONSISTENT")]));
        let mut bad = contact.clone();
        bad["primaryEmail"] = json!({"value": "bad"});
        bad.as_object_mut().unwrap().remove("lastName");
        assert_eq!(
            refused(api, &with(acme(), "contacts", json!([secondary, bad]))).await,
            pairs(&[("contacts[1].lastName", "REQUIRED"), ("contacts[1].primaryEmail.value", "INVALID_FORMAT")])
        );
        let eleven: Vec<Value> = (0..11).map(|i| { let mut c = contact.clone(); c["primary"] = json!(i == 0); c }).collect();
        assert_eq!(refused(api, &with(acme(), "contacts", json!(eleven))).await, pairs(&[("contacts", "OUT_OF_RANGE")]));
    }

    async fn address_rules_are_enforced(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let mut po_box = address("PHYSICAL");
        po_box["streetLine1"] = json!("P.O. Box 12");
        let mut mailing_po_box = address("MAILING");
        mailing_po_box["streetLine1"] = json!("PO Box 12");
        let mut no_state = address("MAILING");
        no_state.as_object_mut().unwrap().remove("stateCode");
        let mut bad_zip = address("MAILING");
        bad_zip["zipCode"] = json!("6336");
        let mut canadian = address("MAILING");
        canadian["countryCode"] = json!("CAN");
        canadian["stateCode"] = json!("ON");
        canadian["zipCode"] = json!("m5v1j2");
        let mut lower_country = address("MAILING");
        lower_country["countryCode"] = json!("usa");
        let mut shipping_nameless = address("SHIPPING");
        shipping_nameless.as_object_mut().unwrap().remove("name");
        let mut two_primaries = vec![address("MAILING"), address("MAILING")];
        two_primaries.iter_mut().for_each(|a| a["primary"] = json!(true));
        type Case<'a> = (Vec<Value>, Vec<(&'a str, &'a str)>);
        let cases: Vec<Case> = vec![
            (vec![po_box], vec![("addresses[0].streetLine1", "INVALID_VALUE")]),
            (vec![no_state], vec![("addresses[0].stateCode", "REQUIRED")]),
            (vec![address("MAILING"), bad_zip], vec![("addresses[1].zipCode", "INVALID_FORMAT")]),
            (vec![lower_country], vec![("addresses[0].countryCode", "INVALID_VALUE")]),
            (vec![shipping_nameless], vec![("addresses[0].name", "REQUIRED")]),
            (two_primaries, vec![("addresses[1].primary", "INCONSISTENT")]),
            (vec![json!({"type": "MAILING"})], vec![("addresses[0].streetLine1", "REQUIRED"), ("addresses[0].zipCode", "REQUIRED")]),
            ((0..21).map(|_| address("MAILING")).collect(), vec![("addresses", "OUT_OF_RANGE")]),
        ];
        for (addresses, expected) in cases {
            let body = with(sarah(), "addresses", json!(addresses));
            assert_eq!(refused(&api, &body).await, pairs(&expected), "{body}");
        }
        let created = json_of(&api.create_customer(&typed(with(sarah(), "addresses", json!([mailing_po_box, canadian])))).await.unwrap());
        assert_eq!(created["addresses"][1]["zipCode"], "M5V 1J2");
        assert_eq!(created["addresses"][0]["primary"], true);
        assert_eq!(created["addresses"][1]["primary"], false);
    }

    async fn metadata_is_limited(app: TestApp) {
        let six: serde_json::Map<String, Value> = (0..6).map(|i| (format!("k{i}"), json!("v"))).collect();
        let api = app.api(&app.bootstrap);
        assert_eq!(refused(&api, &with(sarah(), "metadata", Value::Object(six))).await, pairs(&[("metadata", "OUT_OF_RANGE")]));
        assert_eq!(refused(&api, &with(sarah(), "metadata", json!({"k": "x".repeat(1025)}))).await, pairs(&[("metadata.k", "TOO_LONG")]));
        // Raw: a number where the typed request holds only strings.
        assert_eq!(refused_raw(&app, &with(sarah(), "metadata", json!({"k": 5}))).await, pairs(&[("metadata.k", "INVALID_TYPE")]));
        // A key given twice (which a JSON value cannot hold, so the body is raw text).
        let twice = sarah().to_string().replacen('{', r#"{"metadata": {"k": "1", "k": "2"}, "#, 1);
        let response = app.client.post(app.url("/v1/customers")).bearer_auth(&app.bootstrap.token).header("content-type", "application/json").body(twice).send().await.unwrap();
        assert_eq!(field_errors(&assert_error(response, 400, "VALIDATION_FAILED").await), pairs(&[("metadata.k", "INCONSISTENT")]));
        let created = api.create_customer(&typed(with(sarah(), "metadata", json!({"k": "x".repeat(1024)})))).await.unwrap();
        assert_eq!(json_of(&created)["metadata"]["k"].as_str().unwrap().len(), 1024);
    }

    async fn external_ids_are_unique_within_a_business_account(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let crm7 = |body: Value| typed(with(body, "externalId", json!("crm-7")));
        let first = api.create_customer(&crm7(sarah())).await.unwrap();
        let duplicate = refused_typed(api.create_customer(&crm7(acme())).await, 409, "CONFLICT");
        assert_eq!(crate::typed::field_errors(&duplicate), pairs(&[("externalId", "DUPLICATE")]));
        let other = app.tenant("Other", None).await;
        app.api(&other).create_customer(&crm7(sarah())).await.unwrap();
        let second = api.create_customer(&typed(acme())).await.unwrap();
        let change = CustomerUpdate { external_id: Patch::Value("crm-7".into()), ..Default::default() };
        refused_typed(api.update_customer(second.id(), &change).await, 409, "CONFLICT");
        api.delete_customer(first.id()).await.unwrap();
        api.create_customer(&crm7(acme())).await.unwrap();
    }

    async fn an_update_merges_fields_and_lists(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let body = json!({"type": "INDIVIDUAL", "firstName": "Sarah", "middleName": "Jane", "lastName": "Green",
            "primaryPhoneNumber": {"number": "+15556589", "type": "WORK"}, "primaryEmail": {"value": "sgreen@abc.com"},
            "metadata": {"a": "1"}, "addresses": [address("MAILING"), address("SHIPPING")]});
        let created = json_of(&api.create_customer(&typed(body)).await.unwrap());
        let id = created["id"].as_str().unwrap();
        let updated = json_of(&put(&api, id, json!({"firstName": "Sara", "middleName": null})).await.unwrap());
        assert_eq!(updated["firstName"], "Sara");
        assert!(updated.get("middleName").is_none(), "null clears");
        assert_eq!(updated["lastName"], "Green", "absent keeps");
        assert_eq!(updated["addresses"], created["addresses"], "absent list keeps");
        assert_eq!(updated["metadata"], json!({"a": "1"}));
        assert_eq!(updated["createdAt"], created["createdAt"]);
        // A present list merges (it used to replace): the SHIPPING address sent is the stored
        // one, the second MAILING address is added, the first MAILING address stays primary.
        let mut second_mailing = address("MAILING");
        second_mailing["streetLine1"] = json!("2 Second St");
        let merged = json_of(&put(&api, id, json!({"addresses": [address("SHIPPING"), second_mailing]})).await.unwrap());
        let addresses = merged["addresses"].as_array().unwrap();
        assert_eq!(addresses.len(), 3, "a present list merges");
        assert_eq!(addresses[..2], created["addresses"].as_array().unwrap()[..]);
        assert_eq!(addresses[2]["streetLine1"], "2 Second St");
        assert_eq!(addresses[2]["primary"], false, "the stored MAILING address stays primary");
        let removal = json!({"addresses": [{"id": addresses[0]["id"], "remove": true}]});
        let removed = json_of(&put(&api, id, removal).await.unwrap());
        assert_eq!(removed["addresses"][1]["streetLine1"], "2 Second St");
        assert_eq!(removed["addresses"][1]["primary"], true, "the remaining MAILING address is promoted");
        let cleared = put(&api, id, json!({"addresses": null, "metadata": null})).await.unwrap();
        assert_eq!(json_of(&cleared)["addresses"], json!([]));
        assert_eq!(json_of(&cleared)["metadata"], json!({}));
        let invalid = |body: Value| {
            let api = api.clone();
            async move { crate::typed::field_errors(&refused_typed(put(&api, id, body).await, 400, "VALIDATION_FAILED")) }
        };
        assert_eq!(invalid(json!({"type": "BUSINESS"})).await, pairs(&[("type", "INCONSISTENT")]));
        assert_eq!(invalid(json!({"lastName": null})).await, pairs(&[("lastName", "REQUIRED")]));
        invalid(json!({"contacts": acme()["contacts"]})).await;
        assert_eq!(api.get_customer(id).await.unwrap(), cleared, "refused updates change nothing");
        let same = put(&api, id, json!({})).await.unwrap();
        assert_eq!(same.as_individual().unwrap().first_name, "Sara");
    }

    async fn a_business_update_merges_contacts_and_renames(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let created = api.create_customer(&typed(acme())).await.unwrap();
        let mut jill = acme()["contacts"][0].clone();
        jill["firstName"] = json!("Jill");
        let mut jack = acme()["contacts"][0].clone();
        jack["primary"] = json!(false);
        let update = json!({"doingBusinessAsName": "ACME Corp.", "contacts": [jack, jill], "website": "acme.com"});
        let updated = json_of(&put(&api, created.id(), update).await.unwrap());
        assert_eq!(updated["businessName"], "ACME Corp.");
        assert_eq!(updated["doingBusinessAsName"], "ACME Corp.");
        assert_eq!(updated["website"], "acme.com");
        assert_eq!(updated["contacts"][1]["firstName"], "Jill");
        assert_eq!(updated["contacts"][1]["primary"], true);
    }

    async fn suspend_and_unsuspend_toggle_the_status(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let created = api.create_customer(&typed(sarah())).await.unwrap();
        let id = created.id();
        let updated_at = |customer: &Customer| customer.as_individual().unwrap().updated_at.clone();
        let mut previous = created.clone();
        for (action, status, repeated) in [("suspend", "SUSPENDED", false), ("suspend", "SUSPENDED", true), ("unsuspend", "ACTIVE", false), ("unsuspend", "ACTIVE", true)] {
            app.clock.advance_ms(5);
            let body = if action == "suspend" { api.suspend_customer(id).await } else { api.unsuspend_customer(id).await }.unwrap();
            assert_eq!(body.status(), status, "{action}");
            if repeated {
                assert_eq!(body, previous, "a repeated {action} writes nothing");
            } else {
                assert_ne!(updated_at(&body), updated_at(&previous), "{action}");
            }
            previous = body;
        }
        let same_name = CustomerUpdate { first_name: Patch::Value(created.as_individual().unwrap().first_name.clone()), ..Default::default() };
        let unchanged = api.update_customer(id, &same_name).await.unwrap();
        assert_eq!(unchanged, previous, "an update to the same values writes nothing");
        assert_eq!(api.suspend_customer(id).await.unwrap().status(), "SUSPENDED");
        assert_eq!(api.get_customer(id).await.unwrap().status(), "SUSPENDED");
        let query = CustomerQuery { status: Some("SUSPENDED".into()), ..Default::default() };
        assert_eq!(api.list_customers(&query).await.unwrap().total_elements, 1);
    }

    async fn a_deleted_customer_disappears_from_every_read(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let created = api.create_customer(&typed(acme())).await.unwrap();
        let id = created.id();
        // Raw: the 204's body is checked to be empty, byte for byte.
        let deleted = app.send(reqwest::Method::DELETE, &format!("/v1/customers/{id}"), &app.bootstrap.token, None).await;
        assert_eq!(deleted.status(), 204);
        assert!(deleted.bytes().await.unwrap().is_empty());
        let gone = |result: Result<(), Error>| drop(refused_typed(result, 404, "NOT_FOUND"));
        gone(api.get_customer(id).await.map(drop));
        gone(put(&api, id, json!({"website": "x.com"})).await.map(drop));
        gone(api.suspend_customer(id).await.map(drop));
        gone(api.unsuspend_customer(id).await.map(drop));
        gone(api.delete_customer(id).await);
        gone(api.list_beneficiaries(id).await.map(drop));
        let beneficiary = crate::typed::typed(json!({"firstName": "A", "lastName": "B"}));
        gone(api.create_beneficiary(id, &beneficiary).await.map(drop));
        let search = CustomerQuery { search: Some(id.to_owned()), ..Default::default() };
        assert_eq!(api.list_customers(&search).await.unwrap().total_elements, 0);
    }

    // Raw: ids that are not UUIDs, on purpose.
    async fn malformed_ids_are_400_naming_the_parameter(app: TestApp) {
        let token = &app.bootstrap.token;
        for (method, path) in [
            (reqwest::Method::GET, "/v1/customers/not-a-uuid"),
            (reqwest::Method::DELETE, "/v1/customers/123"),
            (reqwest::Method::PUT, "/v1/customers/x/suspend"),
            (reqwest::Method::GET, "/v1/customers/x/beneficiaries"),
        ] {
            let response = app.send(method, path, token, None).await;
            let body = assert_error(response, 400, "INVALID_PATH_PARAMETER").await;
            assert_eq!(field_errors(&body), pairs(&[("customerId", "INVALID_FORMAT")]));
        }
        let id = uuid::Uuid::now_v7();
        let response = app.get(&format!("/v1/customers/{id}/beneficiaries/nope"), token).await;
        let body = assert_error(response, 400, "INVALID_PATH_PARAMETER").await;
        assert_eq!(field_errors(&body), pairs(&[("beneficiaryId", "INVALID_FORMAT")]));
    }
}
