//! Customer and beneficial-owner updates never lose what they do not name: addresses and
//! contacts merge by id (or by equality), removal is explicit, metadata merges key by key. And
//! a phone number without `+` is read only as a North American number: any other is refused,
//! never guessed at.

use crate::customers::{acme, address, sarah};
use crate::on_both_backends;
use crate::support::{TestApp, assert_error, field_errors as raw_field_errors};
use crate::typed::{field_errors, json_of, refused, typed};
use openkor_client::models::{Customer, CustomerUpdate};
use openkor_client::{Client, CustomerQuery, Error};
use serde_json::{Value, json};

/// `PUT /v1/customers/{id}` with a JSON body, sent as the typed update.
async fn put(api: &Client, id: &str, body: Value) -> Result<Value, Error> {
    api.update_customer(id, &typed::<CustomerUpdate>(body))
        .await
        .map(|customer| json_of(&customer))
}

/// The field errors of an update refused as invalid; the customer is then unchanged.
async fn refused_update(api: &Client, id: &str, body: Value) -> Vec<(String, String)> {
    let before = api.get_customer(id).await.unwrap();
    let answer = api
        .update_customer(id, &typed::<CustomerUpdate>(body))
        .await;
    let errors = field_errors(&refused(answer, 400, "VALIDATION_FAILED"));
    assert_eq!(
        api.get_customer(id).await.unwrap(),
        before,
        "a refused update changes nothing"
    );
    errors
}

async fn create(api: &Client, body: Value) -> Value {
    json_of(&api.create_customer(&typed(body)).await.unwrap())
}

fn with(mut body: Value, field: &str, value: Value) -> Value {
    body[field] = value;
    body
}

fn street(line: &str, kind: &str) -> Value {
    with(address(kind), "streetLine1", json!(line))
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect()
}

fn list(body: &Value, field: &str) -> Vec<Value> {
    body[field].as_array().unwrap().clone()
}

/// `(streetLine1, primary)` of each address.
fn streets(body: &Value) -> Vec<(String, bool)> {
    list(body, "addresses")
        .iter()
        .map(|a| {
            (
                a["streetLine1"].as_str().unwrap().to_owned(),
                a["primary"] == true,
            )
        })
        .collect()
}

fn owned(list: &[(&str, bool)]) -> Vec<(String, bool)> {
    list.iter().map(|(s, p)| ((*s).to_owned(), *p)).collect()
}

/// A business customer with two contacts (Jack primary), three addresses, three metadata pairs
/// and every optional field.
fn full_business() -> Value {
    let mut jill = acme()["contacts"][0].clone();
    jill["firstName"] = json!("Jill");
    jill["primary"] = json!(false);
    jill["primaryEmail"] = json!({"value": "jill@acme.com"});
    let contacts = json!([acme()["contacts"][0].clone(), jill]);
    let addresses = json!([address("MAILING"), address("PHYSICAL"), address("SHIPPING")]);
    let business = with(with(acme(), "contacts", contacts), "addresses", addresses);
    let business = with(business, "metadata", json!({"a": "1", "b": "2", "c": "3"}));
    with(business, "website", json!("acme.com"))
}

/// Every entry of `before`'s `field` is in `after`'s, unchanged (ids and all).
fn keeps_every_entry(before: &Value, after: &Value, field: &str) {
    let now = list(after, field);
    for entry in list(before, field) {
        assert!(now.contains(&entry), "{field} lost {entry}: {now:?}");
    }
}

on_both_backends! {
    async fn an_update_with_one_new_address_keeps_the_stored_ones(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let created = create(&api, with(sarah(), "addresses", json!([address("MAILING"), address("SHIPPING")]))).await;
        let id = created["id"].as_str().unwrap();
        let ids: Vec<&Value> = created["addresses"].as_array().unwrap().iter().map(|a| &a["id"]).collect();
        assert!(ids.iter().all(|id| id.is_string()) && ids[0] != ids[1], "each address has its own id: {ids:?}");
        let updated = put(&api, id, json!({"addresses": [street("9 Elm St", "PHYSICAL")]})).await.unwrap();
        assert_eq!(list(&updated, "addresses")[..2], list(&created, "addresses")[..], "the stored addresses stay, ids and all");
        assert_eq!(updated["addresses"][2]["streetLine1"], "9 Elm St");
        assert_eq!(updated["addresses"][2]["primary"], true, "the first of its type");
        assert!(updated["addresses"][2]["id"].is_string());
        assert_eq!(json_of(&api.get_customer(id).await.unwrap()), updated);
    }

    async fn an_address_is_replaced_or_removed_by_its_id_only(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let created = create(&api, with(sarah(), "addresses", json!([street("1 Main St", "MAILING"), street("2 Main St", "MAILING")]))).await;
        let id = created["id"].as_str().unwrap();
        let first = created["addresses"][0]["id"].clone();
        let replacement = with(street("1 Elm St", "MAILING"), "id", first.clone());
        let replaced = put(&api, id, json!({"addresses": [replacement]})).await.unwrap();
        assert_eq!(streets(&replaced), owned(&[("1 Elm St", true), ("2 Main St", false)]), "the flag stays when not given");
        assert_eq!(replaced["addresses"][0]["id"], first);
        // A new MAILING address flagged primary takes the flag from the stored one.
        let flagged = with(street("3 Main St", "MAILING"), "primary", json!(true));
        let moved = put(&api, id, json!({"addresses": [flagged]})).await.unwrap();
        assert_eq!(streets(&moved), owned(&[("1 Elm St", false), ("2 Main St", false), ("3 Main St", true)]));
        let third = moved["addresses"][2]["id"].clone();
        let removed = put(&api, id, json!({"addresses": [{"id": third, "remove": true}]})).await.unwrap();
        assert_eq!(streets(&removed), owned(&[("1 Elm St", true), ("2 Main St", false)]), "the first left of its type is promoted");

        let unknown = uuid::Uuid::now_v7().to_string();
        let cases: Vec<(Value, Vec<(&str, &str)>)> = vec![
            (json!([street("4 Main St", "MAILING"), with(street("x", "MAILING"), "id", json!(unknown))]), vec![("addresses[1].id", "NOT_FOUND")]),
            (json!([with(street("x", "MAILING"), "id", json!("not-an-id"))]), vec![("addresses[0].id", "INVALID_FORMAT")]),
            (json!([{"remove": true}]), vec![("addresses[0].id", "REQUIRED")]),
            (json!([{"id": first, "remove": true}, with(street("x", "MAILING"), "id", first.clone())]), vec![("addresses[1].id", "INCONSISTENT")]),
            (json!([with(street("x", "MAILING"), "primary", json!(true)), with(street("y", "MAILING"), "primary", json!(true))]), vec![("addresses[1].primary", "INCONSISTENT")]),
            (json!((0..19).map(|i| street(&format!("{i} Oak St"), "PHYSICAL")).collect::<Vec<_>>()), vec![("addresses", "OUT_OF_RANGE")]),
        ];
        for (addresses, expected) in cases {
            assert_eq!(refused_update(&api, id, json!({"addresses": addresses})).await, pairs(&expected), "{addresses}");
        }
        // An id on a create names no stored address.
        let copied = with(sarah(), "addresses", json!([with(address("MAILING"), "id", first)]));
        let answer = api.create_customer(&typed(copied)).await;
        assert_eq!(field_errors(&refused(answer, 400, "VALIDATION_FAILED")), pairs(&[("addresses[0].id", "NOT_FOUND")]));
        let cleared = put(&api, id, json!({"addresses": null})).await.unwrap();
        assert_eq!(cleared["addresses"], json!([]), "null removes every address");
    }

    async fn metadata_merges_key_by_key(app: TestApp) {
        let api = app.api(&app.bootstrap);
        // Raw: the typed create takes string values only.
        let body = with(sarah(), "metadata", json!({"a": "1", "b": "2", "gone": null}));
        let created = TestApp::expect_json(app.post("/v1/customers", &app.bootstrap.token, &body).await, 201).await;
        assert_eq!(created["metadata"], json!({"a": "1", "b": "2"}), "a null sets nothing on a create");
        let id = created["id"].as_str().unwrap();
        let merged = put(&api, id, json!({"metadata": {"b": null, "c": "3"}})).await.unwrap();
        assert_eq!(merged["metadata"], json!({"a": "1", "c": "3"}));
        let same = put(&api, id, json!({"metadata": {}})).await.unwrap();
        assert_eq!(same, merged, "an empty object names no key");
        let over = json!({"metadata": {"d": "4", "e": "5", "f": "6", "g": "7"}});
        assert_eq!(refused_update(&api, id, over).await, pairs(&[("metadata", "OUT_OF_RANGE")]), "five pairs at most, after the merge");
        let replaced = put(&api, id, json!({"metadata": {"a": null, "d": "4", "e": "5", "f": "6"}})).await.unwrap();
        assert_eq!(replaced["metadata"], json!({"c": "3", "d": "4", "e": "5", "f": "6"}));
        let cleared = put(&api, id, json!({"metadata": null})).await.unwrap();
        assert_eq!(cleared["metadata"], json!({}), "null for the object deletes every key");
    }

    async fn business_contacts_merge_and_keep_one_primary(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let created = create(&api, full_business()).await;
        let id = created["id"].as_str().unwrap();
        let [jack, jill] = [&created["contacts"][0], &created["contacts"][1]];
        assert!(jack["id"].is_string() && jack["id"] != jill["id"], "{created}");
        let mut bob = acme()["contacts"][0].clone();
        bob["firstName"] = json!("Bob");
        bob["primary"] = json!(false);
        let added = put(&api, id, json!({"contacts": [bob]})).await.unwrap();
        assert_eq!(list(&added, "contacts")[..2], list(&created, "contacts")[..]);
        assert_eq!((added["contacts"][2]["firstName"].as_str(), added["contacts"][2]["primary"].as_bool()), (Some("Bob"), Some(false)));
        let jill_primary = json!({"contacts": [{"id": jill["id"], "firstName": "Jill", "lastName": "Smith", "primary": true,
            "primaryPhoneNumber": {"number": "+14151234", "type": "WORK"}, "primaryEmail": {"value": "jill@acme.com"}}]});
        let moved = put(&api, id, jill_primary).await.unwrap();
        let primaries: Vec<bool> = list(&moved, "contacts").iter().map(|c| c["primary"] == true).collect();
        assert_eq!(primaries, [false, true, false], "the contact flagged primary takes the flag");
        let search = CustomerQuery { primary_email: Some("jill@acme.com".into()), ..Default::default() };
        assert_eq!(api.list_customers(&search).await.unwrap().total_elements, 1, "the primary contact's e-mail is searched");
        assert_eq!(refused_update(&api, id, json!({"contacts": [{"id": jill["id"], "remove": true}]})).await, pairs(&[("contacts", "INCONSISTENT")]));
        assert_eq!(refused_update(&api, id, json!({"contacts": null})).await, pairs(&[("contacts", "REQUIRED")]));
        let removed = put(&api, id, json!({"contacts": [{"id": jack["id"], "remove": true}]})).await.unwrap();
        let names: Vec<&str> = removed["contacts"].as_array().unwrap().iter().map(|c| c["firstName"].as_str().unwrap()).collect();
        assert_eq!(names, ["Jill", "Bob"]);
    }

    async fn an_update_never_drops_what_it_does_not_name(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let mut new_contact = acme()["contacts"][0].clone();
        new_contact["firstName"] = json!("Bob");
        new_contact["primary"] = json!(false);
        let updates = [
            json!({"website": "acme.org"}),
            json!({"businessName": "ACME Corp."}),
            json!({"externalId": "crm-10"}),
            json!({"addresses": [street("9 Elm St", "MAILING")]}),
            json!({"addresses": []}),
            json!({"contacts": [new_contact]}),
            json!({"metadata": {"d": "4"}}),
            json!({"metadata": {"a": null}}),
            json!({}),
        ];
        for (i, update) in updates.into_iter().enumerate() {
            let before = create(&api, with(full_business(), "externalId", json!(format!("crm-{i}")))).await;
            let id = before["id"].as_str().unwrap();
            let after = put(&api, id, update.clone()).await.unwrap();
            let named: Vec<&String> = update.as_object().unwrap().keys().collect();
            for (field, value) in before.as_object().unwrap() {
                let renamed = field == "doingBusinessAsName" && named.contains(&&"businessName".to_owned());
                let written = ["updatedAt", "updatedBy"].contains(&field.as_str());
                if !named.contains(&field) && !renamed && !written {
                    assert_eq!(&after[field], value, "{update} changed {field}");
                }
            }
            keeps_every_entry(&before, &after, "addresses");
            keeps_every_entry(&before, &after, "contacts");
            for (key, value) in before["metadata"].as_object().unwrap() {
                if update["metadata"].get(key).is_none() {
                    assert_eq!(&after["metadata"][key], value, "{update} lost metadata.{key}");
                }
            }
        }
    }

    async fn a_beneficial_owners_addresses_merge_like_a_customers(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let customer = create(&api, acme()).await;
        let customer_id = customer["id"].as_str().unwrap();
        let body = json!({"firstName": "Ada", "lastName": "Lovelace", "addresses": [address("PHYSICAL")]});
        let owner = api.create_beneficiary(customer_id, &typed(body)).await.unwrap();
        let update = typed(json!({"addresses": [street("9 Elm St", "MAILING")]}));
        let updated = api.update_beneficiary(customer_id, &owner.id, &update).await.unwrap();
        assert_eq!(updated.addresses.len(), 2);
        assert_eq!(updated.addresses[0], owner.addresses[0], "the stored address stays, id and all");
        let sent_back = typed(json!({"addresses": json_of(&updated.addresses)}));
        let same = api.update_beneficiary(customer_id, &owner.id, &sent_back).await.unwrap();
        assert_eq!(same.addresses, updated.addresses, "sent back, nothing is duplicated");
        let removal = typed(json!({"addresses": [{"id": owner.addresses[0].id, "remove": true}]}));
        let removed = api.update_beneficiary(customer_id, &owner.id, &removal).await.unwrap();
        assert_eq!(removed.addresses, updated.addresses[1..]);
        let unknown = typed(json!({"addresses": [{"id": owner.addresses[0].id, "remove": true}]}));
        let answer = api.update_beneficiary(customer_id, &owner.id, &unknown).await;
        assert_eq!(field_errors(&refused(answer, 400, "VALIDATION_FAILED")), pairs(&[("addresses[0].id", "NOT_FOUND")]));
    }

    async fn a_phone_number_without_its_country_code_is_refused_not_guessed(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let phone = |number: &str| json!({"number": number, "type": "WORK"});
        // The reference's own sample number, without its `+`: +1 555 6589 or a national number?
        for national in ["15556589", "447911123456", "612 345 678", "555-1234"] {
            let answer = api.create_customer(&typed(with(sarah(), "primaryPhoneNumber", phone(national)))).await;
            let error = refused(answer, 400, "VALIDATION_FAILED");
            assert_eq!(field_errors(&error), pairs(&[("primaryPhoneNumber.number", "INVALID_FORMAT")]), "{national}");
            assert!(error.errors[0].message.contains("country code"), "{error:?}");
        }
        let mut contact = acme()["contacts"][0].clone();
        contact["primaryPhoneNumber"] = phone("15551234");
        let answer = api.create_customer(&typed(with(acme(), "contacts", json!([contact])))).await;
        assert_eq!(field_errors(&refused(answer, 400, "VALIDATION_FAILED")), pairs(&[("contacts[0].primaryPhoneNumber.number", "INVALID_FORMAT")]));
        let created: Customer = api.create_customer(&typed(sarah())).await.unwrap();
        let id = created.id();
        assert_eq!(refused_update(&api, id, json!({"primaryPhoneNumber": phone("15556589")})).await, pairs(&[("primaryPhoneNumber.number", "INVALID_FORMAT")]));
        let business = create(&api, acme()).await;
        let owner = json!({"firstName": "Ada", "lastName": "Lovelace", "primaryPhoneNumber": phone("020 7946 0958")});
        let answer = api.create_beneficiary(business["id"].as_str().unwrap(), &typed(owner)).await;
        assert_eq!(field_errors(&refused(answer, 400, "VALIDATION_FAILED")), pairs(&[("primaryPhoneNumber.number", "INVALID_FORMAT")]));
        // Raw: the list filter follows the same rule.
        let response = app.get("/v1/customers?primaryPhoneNumber=15556589", &app.bootstrap.token).await;
        assert_eq!(raw_field_errors(&assert_error(response, 400, "INVALID_QUERY_PARAMETER").await), pairs(&[("primaryPhoneNumber", "INVALID_FORMAT")]));
        // North American numbers may leave out the `+`, and the `1` too.
        for (number, stored) in [("+1 555 6589", "+15556589"), ("1 (415) 555-1234", "+14155551234"), ("415.555.1234", "+14155551234")] {
            let updated = put(&api, id, json!({"primaryPhoneNumber": phone(number)})).await.unwrap();
            assert_eq!(updated["primaryPhoneNumber"]["number"], stored, "{number}");
        }
    }
}
