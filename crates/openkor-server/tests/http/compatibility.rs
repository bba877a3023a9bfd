//! A client written against the reference, replayed: for the endpoints of the reference's
//! sections 2–4, 6 and 7, the requests its pages show (their sample bodies as printed, the
//! documented query parameters in their documented forms, what a GET returned sent back on the
//! PUT) are accepted, on both backends. Every response is checked against the OpenAPI document
//! by the harness's proxy. Section 5 (identity verification) is not served by openkor.

use crate::on_both_backends;
use crate::support::{TestApp, content_ids};
use reqwest::Method;
use serde_json::{Value, json};

/// The reference's minimal individual create (§4.2).
fn sarah() -> Value {
    json!({"type":"INDIVIDUAL","firstName":"Sarah","lastName":"Green",
        "primaryPhoneNumber":{"number":"+15556589","type":"WORK"},
        "primaryEmail":{"value":"sgreen@abc.com"}})
}

/// The reference's minimal business create (§4.3).
fn acme() -> Value {
    json!({"type":"BUSINESS","businessName":"ACME","contacts":[{"firstName":"Jack",
        "lastName":"Smith","primary":true,"primaryPhoneNumber":{"number":"+14151234","type":"WORK"},
        "primaryEmail":{"value":"jsmith@acme.com"}}]})
}

/// The reference's business retrieve sample (§4.3) with the ids of `customer`, as a client
/// that kept it would send it back.
fn acme_as_retrieved(customer: &Value) -> Value {
    json!({"id": customer["id"], "status":"ACTIVE",
        "addresses":[{"type":"MAILING","streetLine1":"100 Main St","streetLine2":"Suite 100","streetLine3":"",
            "streetLine4":"","streetLine5":"","cityName":"Greenville","stateCode":"MO","countryCode":"USA",
            "zipCode":"63368","primary":true},
          {"type":"SHIPPING","name":{"firstName":"Jack","middleName":"Fred","lastName":"Smith"},
            "streetLine1":"200 King St","cityName":"Greenville","stateCode":"MO","countryCode":"USA",
            "zipCode":"63368","primary":true}],
        "metadata":{"customerRefId":"100000333"},
        "createdBy":{"id":"3fa85f64-5717-4562-b3fc-2c963f66afa6","type":"service-account"},"createdAt":"2022-11-23T00:42:50.311Z",
        "updatedBy":{"id":"3fa85f64-5717-4562-b3fc-2c963f66afa6","type":"service-account"},"updatedAt":"2022-12-11T00:42:50.311Z",
        "type":"BUSINESS","doingBusinessAsName":"ACME Corp.",
        "contacts":[{"firstName":"Jack","middleName":"Fred","lastName":"Smith","primary":true,
            "primaryPhoneNumber":{"number":"+14151234","type":"WORK","provider":"ABC","extension":"675","verified":false},
            "primaryEmail":{"value":"jsmith@acme.com","verified":false}}]})
}

fn id(body: &Value) -> String {
    body["id"].as_str().expect("an id").to_owned()
}

on_both_backends! {
    async fn section_2_conventions(app: TestApp) {
        // §2.1: Basic credentials for a bearer token that lasts `expires_in` seconds.
        let tenant = &app.bootstrap;
        let exchanged = TestApp::expect_json(app.exchange(&tenant.api_key, &tenant.api_secret).await, 200).await;
        assert!(exchanged["expires_in"].as_u64().is_some(), "{exchanged}");
        let token = exchanged["access_token"].as_str().expect("a token").to_owned();
        app.create_customer(&token, &sarah()).await;
        app.create_customer(&token, &acme()).await;
        // §2.2: the sort example, repeatable sort keys, zero-based pages, the envelope.
        let page = app.get_json("/v1/customers?sort=createdAt,DESC&sort=id,ASC&page=0&size=10", &token).await;
        for field in ["totalElements", "totalPages", "number", "numberOfElements", "hasNext", "content"] {
            assert!(page.get(field).is_some(), "{field}: {page}");
        }
        assert_eq!(page["number"], 0);
        // §2.6: every documented timeZone form, and a comma-separated multi-value filter.
        for zone in ["Z", "UTC", "GMT", "+5", "-05:30", "UTC+2", "UTC-03:00", "GMT+1", "GMT-10", "America/New_York"] {
            let query = format!("/v1/customers?createdAtFrom=2020-01-01&timeZone={}", urlencode(zone));
            assert_eq!(content_ids(&app.get_json(&query, &token).await).len(), 2, "{zone}");
        }
        let holders = app.get_json("/v1/financial-accounts?accountHolderTypes=CUSTOMER,RECIPIENT", &token).await;
        assert_eq!(holders["totalElements"], 0);
    }

    async fn section_3_business_accounts(app: TestApp) {
        let token = &app.bootstrap.token;
        let own = app.get_json("/v1/business-accounts/self", token).await;
        assert_eq!(own["id"], app.bootstrap.id.as_str());
        let by_id = app.get_json(&format!("/v1/business-accounts/{}", app.bootstrap.id), token).await;
        assert_eq!(by_id, own);
        let embedded = app.get_json("/v1/business-accounts/self?embed=children,limits,verification-status", token).await;
        for embed in ["children", "limits", "verification-status"] {
            assert!(embedded["_embedded"].get(embed).is_some(), "{embed}: {embedded}");
        }
        let children = app.get_json("/v1/business-accounts/self/children", token).await;
        assert!(children.is_array(), "{children}");
        // The reference's own `ts` example, its `+` sent encoded as a client library encodes it.
        let limits = app.get_json("/v1/business-accounts/self/limits?ts=2018-11-13T20%3A20%3A39%2B00%3A00", token).await;
        assert!(limits.is_array(), "{limits}");
    }

    async fn section_4_customers_and_beneficial_owners(app: TestApp) {
        let token = &app.bootstrap.token;
        let sarah = app.create_customer(token, &sarah()).await;
        let acme = app.create_customer(token, &acme()).await;
        let path = format!("/v1/customers/{}", id(&acme));
        // The retrieve sample, kept by a client and sent back as an update.
        let updated = TestApp::expect_json(app.put(&path, token, &acme_as_retrieved(&acme)).await, 200).await;
        assert_eq!(updated["doingBusinessAsName"], "ACME Corp.");
        assert_eq!(updated["addresses"].as_array().map(Vec::len), Some(2));
        assert_eq!(updated["metadata"], json!({"customerRefId": "100000333"}));
        let read = app.get_json(&path, token).await;
        assert_eq!(TestApp::expect_json(app.put(&path, token, &read).await, 200).await, read, "GET, then PUT");
        // Every documented list parameter, in its documented form.
        for query in [
            "search=Green", "name=ACME", "primaryEmail=sgreen@abc.com", "primaryPhoneNumber=%2B15556589",
            "primaryPhonenumber=%2B15556589", "externalId=none", "createdAtFrom=2020-01-01&createdAtTo=2999-12-31&timeZone=UTC",
            "type=INDIVIDUAL", "status=ACTIVE", "cityName=Greenville", "countryCode=USA", "zipCode=63368",
            "sort=createdAt,DESC", "page=0&size=20",
        ] {
            app.get_json(&format!("/v1/customers?{query}"), token).await;
        }
        // Beneficial owners: the object's fields as the table lists them.
        let owners = format!("{path}/beneficiaries");
        let owner = json!({"firstName":"Ada","lastName":"Lovelace","middleName":"King","sex":"FEMALE",
            "primaryPhoneNumber":{"number":"+14155550100","type":"MOBILE"},"primaryEmail":{"value":"ada@example.com"},
            "dateOfBirth":"1980-12-10","placeOfBirth":{"city":"London","countryCode":"GBR"},
            "socialId":"123-45-6789","socialIdCountryCode":"USA","citizenshipCountryCode":"GBR",
            "title":"CEO","ownershipPercentage":"50","controller":true});
        let created = TestApp::expect_json(app.post(&owners, token, &owner).await, 201).await;
        assert!(app.get_json(&owners, token).await.is_array(), "a plain array");
        let owner_path = format!("{owners}/{}", id(&created));
        let read = app.get_json(&owner_path, token).await;
        assert_eq!(TestApp::expect_json(app.put(&owner_path, token, &read).await, 200).await, read, "GET, then PUT");
        // Suspend (no body, 200), then delete (204).
        let sarah_path = format!("/v1/customers/{}", id(&sarah));
        let suspended = TestApp::expect_json(app.send(Method::PUT, &format!("{sarah_path}/suspend"), token, None).await, 200).await;
        assert_eq!(suspended["status"], "SUSPENDED");
        assert_eq!(app.send(Method::DELETE, &sarah_path, token, None).await.status(), 204);
    }

    async fn sections_6_and_7_financial_accounts_and_balances(app: TestApp) {
        let token = &app.bootstrap.token;
        let holder = id(&app.create_customer(token, &sarah()).await);
        // §6.2's sample request, as printed (older billing-address keys included).
        let bank = json!({"name":"Checking","accountHolderId":holder,"accountHolderType":"CUSTOMER","subtype":"CHECKING",
            "bankAccount":{"bankName":"Citibank","routingNo":"321171184","accountNumber":"89674523",
                "billingAddress":{"addressLine1":"625 Queen St","city":"Vancouver","state":"BC","country":"CAN","postalCode":"V5K 0A1"}}});
        let bank = TestApp::expect_json(app.post("/v1/external-bank-accounts", token, &bank).await, 201).await;
        // §6.3: the documented card fields.
        let card = json!({"name":"Debit Card","accountHolderId":holder,"accountHolderType":"CUSTOMER","subtype":"DEBIT",
            "card":{"firstName":"Sarah","lastName":"Green","cardNumber":"4111111111111111","expiry":"2030-12",
                "billingAddress":{"addressLine1":"625 Queen St","city":"Vancouver","stateCode":"BC","countryCode":"CAN","postalCode":"V5K 0A1"}}});
        TestApp::expect_json(app.post("/v1/external-cards", token, &card).await, 201).await;
        // §6.5: an internal account under a business account, in its currency.
        let parents = app.get_json("/v1/financial-accounts?accountHolderTypes=BUSINESS_ACCOUNT&sort=createdAt,ASC", token).await;
        let parent = parents["content"].as_array().and_then(|all| all.iter().find(|a| a["currency"] == "USD")).expect("a USD business account");
        let internal = json!({"name":"ABC Internal Account","parentId":parent["id"],"accountHolderId":holder,"accountHolderType":"CUSTOMER"});
        let internal = TestApp::expect_json(app.post("/v1/internal-financial-accounts", token, &internal).await, 201).await;
        let internal_path = format!("/v1/financial-accounts/{}", id(&internal));
        // §6.6: every documented list parameter, the customer's list, retrieve with embeds.
        for query in [
            "accountHolderTypes=CUSTOMER,RECIPIENT", format!("accountHolderId={holder}").as_str(), "categories=INTERNAL,EXTERNAL",
            "name=Checking", "defaultFlag=false", &format!("parentId={}", parent["id"].as_str().unwrap_or_default()),
            "type=BANK", "state=ACTIVE", "cardStartingNumbers=411111", "sort=createdAt,DESC&page=0&size=20",
        ] {
            app.get_json(&format!("/v1/financial-accounts?{query}"), token).await;
        }
        let mine = app.get_json(&format!("/v1/customers/{holder}/financial-accounts?type=BANK&state=ACTIVE&sort=createdAt,DESC"), token).await;
        assert_eq!(content_ids(&mine).len(), 2, "the bank and the internal account");
        let full = app.get_json(&format!("{internal_path}?embed=accountHolder,balances,limits"), token).await;
        for embed in ["customer", "balances", "limits"] {
            assert!(full["_embedded"].get(embed).is_some(), "{embed}: {full}");
        }
        // §6.6 suspend in both forms, unsuspend; §6.7 verify; limits; §7 balances; delete.
        let bank_path = format!("/v1/financial-accounts/{}", id(&bank));
        assert_eq!(app.send(Method::POST, &format!("{bank_path}/suspend"), token, None).await.status(), 204);
        assert_eq!(app.send(Method::PUT, &format!("{bank_path}/unsuspend"), token, None).await.status(), 200);
        assert_eq!(app.send(Method::PUT, &format!("{bank_path}/suspend"), token, None).await.status(), 200);
        app.send(Method::PUT, &format!("{bank_path}/unsuspend"), token, None).await;
        let verify = json!({"method":"PRENOTE","financialAccountIds":[id(&bank)]});
        let verified = app.post("/v1/financial-accounts:verify", token, &verify).await;
        assert!(verified.status().is_success(), "{}", verified.status());
        app.get_json(&format!("{internal_path}/limits"), token).await;
        let balances = app.get_json(&format!("{internal_path}/balances"), token).await;
        assert_eq!(balances["USD"]["availableBalance"], "0.00");
        assert_eq!(app.send(Method::DELETE, &internal_path, token, None).await.status(), 204);
    }
}

/// `text` percent-encoded for a query value.
fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (byte as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}
