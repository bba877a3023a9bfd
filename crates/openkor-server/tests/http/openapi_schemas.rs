//! The OpenAPI document describes each request body's fields, constraints and enums exactly,
//! and each list's filters: what a client generator or a fuzzer builds requests from.

use crate::support::{Backend, TestApp};
use serde_json::Value;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_openapi_document_describes_customer_fields_and_constraints() {
    let app = TestApp::start(Backend::Sqlite).await.unwrap();
    let document: Value = app
        .client
        .get(app.url("/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let schemas = &document["components"]["schemas"];
    let properties = |name: &str| -> Vec<String> {
        let mut keys: Vec<String> = schemas[name]["properties"]
            .as_object()
            .unwrap_or_else(|| panic!("{name}"))
            .keys()
            .cloned()
            .collect();
        keys.sort();
        keys
    };
    assert_eq!(
        properties("CustomerRequest"),
        [
            "addresses",
            "businessName",
            "contacts",
            "createdAt",
            "createdBy",
            "dateOfBirth",
            "doingBusinessAsName",
            "externalId",
            "firstName",
            "id",
            "lastName",
            "limits",
            "metadata",
            "middleName",
            "primaryEmail",
            "primaryPhoneNumber",
            "status",
            "type",
            "updatedAt",
            "updatedBy",
            "verificationStatus",
            "website"
        ]
    );
    assert_eq!(
        schemas["CustomerRequest"]["properties"]["firstName"]["maxLength"],
        40
    );
    assert_eq!(
        schemas["AddressBody"]["properties"]["streetLine1"]["maxLength"],
        50
    );
    assert_eq!(
        schemas["AddressBody"]["properties"]["zipCode"]["maxLength"],
        10
    );
    assert_eq!(
        schemas["EmailRequest"]["properties"]["value"]["maxLength"],
        320
    );
    let variants = schemas["CustomerBody"]["oneOf"].as_array().expect("oneOf");
    assert_eq!(variants.len(), 2);
    for body in ["IndividualCustomerBody", "BusinessCustomerBody"] {
        for field in [
            "id",
            "status",
            "type",
            "addresses",
            "metadata",
            "verificationStatus",
            "createdBy",
            "createdAt",
            "updatedBy",
            "updatedAt",
        ] {
            assert!(
                schemas[body]["properties"][field].is_object(),
                "{body}.{field}"
            );
        }
    }
    for field in ["businessName", "doingBusinessAsName", "contacts", "website"] {
        assert!(
            schemas["BusinessCustomerBody"]["properties"][field].is_object(),
            "{field}"
        );
    }
    for field in [
        "socialId",
        "ownershipPercentage",
        "controller",
        "placeOfBirth",
        "parentId",
    ] {
        assert!(
            schemas["BeneficiaryBody"]["properties"][field].is_object(),
            "{field}"
        );
    }
    let list = &document["paths"]["/v1/customers"]["get"]["parameters"];
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    for filter in [
        "search",
        "name",
        "primaryEmail",
        "primaryPhoneNumber",
        "externalId",
        "createdAtFrom",
        "createdAtTo",
        "timeZone",
        "type",
        "status",
        "cityName",
        "countryCode",
        "zipCode",
        "page",
        "size",
        "sort",
    ] {
        assert!(names.contains(&filter), "{filter}");
    }
}
