//! The OpenAPI document describes every Financial Account route and variant: the list item is
//! a `oneOf` of the three summary kinds, each create route names its request schema with the
//! required fields, and full account numbers are write-only.

use crate::support::{Backend, TestApp};
use serde_json::Value;

async fn document() -> Value {
    let app = TestApp::start(Backend::Sqlite).await.unwrap();
    app.client
        .get(app.url("/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

fn reference(name: &str) -> Value {
    Value::String(format!("#/components/schemas/{name}"))
}

fn sorted(value: &Value) -> Vec<String> {
    let mut items: Vec<String> = value
        .as_array()
        .unwrap_or_else(|| panic!("not an array: {value}"))
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    items.sort();
    items
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_items_are_a_one_of_of_the_summary_kinds() {
    let document = document().await;
    let schemas = &document["components"]["schemas"];
    let one_of = schemas["FinancialAccountSummary"]["oneOf"]
        .as_array()
        .unwrap();
    let variants: Vec<&Value> = one_of
        .iter()
        .map(|v| v.get("$ref").unwrap_or(&v["allOf"][0]["$ref"]))
        .collect();
    assert_eq!(
        variants,
        [
            &reference("InternalFinancialAccountSummary"),
            &reference("BankAccountSummary"),
            &reference("CardSummary")
        ]
    );
    // Exactly one variant matches a summary: `category` tells internal from bank summaries
    // (both may lack `card`), the required `card` tells cards apart.
    let categories: Vec<&Value> = one_of[..2]
        .iter()
        .map(|v| &v["allOf"][1]["properties"]["category"]["enum"])
        .collect();
    assert_eq!(
        categories,
        [
            &serde_json::json!(["INTERNAL"]),
            &serde_json::json!(["EXTERNAL", "INTEGRATED"])
        ]
    );
    for (variant, extra) in [
        ("BankAccountSummary", "bankAccount"),
        ("CardSummary", "card"),
    ] {
        let parts = schemas[variant]["allOf"].as_array().unwrap();
        assert_eq!(parts[0]["$ref"], reference("FinancialAccountSummaryFields"));
        assert_eq!(
            parts[1]["required"],
            serde_json::json!([extra]),
            "{variant}"
        );
    }
    assert_eq!(
        sorted(&schemas["FinancialAccountSummaryFields"]["required"]),
        [
            "businessAccountId",
            "category",
            "createdAt",
            "currency",
            "defaultFlag",
            "id",
            "maskedAccountNumber",
            "name",
            "state",
            "subtype",
            "type",
            "updatedAt"
        ]
    );
    for path in [
        "/v1/financial-accounts",
        "/v1/customers/{customerId}/financial-accounts",
    ] {
        let ok = &document["paths"][path]["get"]["responses"]["200"];
        assert_eq!(
            ok["content"]["application/json"]["schema"]["$ref"],
            reference("PageBody_FinancialAccountSummary"),
            "{path}"
        );
    }
    let items = &schemas["PageBody_FinancialAccountSummary"]["properties"]["content"]["items"];
    assert!(
        items["$ref"] == reference("FinancialAccountSummary")
            || items["oneOf"] == schemas["FinancialAccountSummary"]["oneOf"],
        "{items}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_routes_name_their_request_and_required_fields() {
    let document = document().await;
    let schemas = &document["components"]["schemas"];
    for (path, request, required) in [
        (
            "/v1/internal-financial-accounts",
            "InternalAccountRequest",
            &["accountHolderId", "accountHolderType", "name", "parentId"][..],
        ),
        (
            "/v1/external-bank-accounts",
            "ExternalBankAccountRequest",
            &[
                "accountHolderId",
                "accountHolderType",
                "bankAccount",
                "name",
                "subtype",
            ][..],
        ),
        (
            "/v1/external-cards",
            "ExternalCardRequest",
            &[
                "accountHolderId",
                "accountHolderType",
                "card",
                "name",
                "subtype",
            ][..],
        ),
        (
            "/v1/integrated-bank-accounts",
            "IntegratedBankAccountRequest",
            &[
                "acceptanceAgreements",
                "accountHolderId",
                "accountHolderType",
                "name",
                "subtype",
            ][..],
        ),
    ] {
        let operation = &document["paths"][path]["post"];
        assert_eq!(
            operation["requestBody"]["content"]["application/json"]["schema"]["$ref"],
            reference(request),
            "{path}"
        );
        assert_eq!(sorted(&schemas[request]["required"]), required, "{request}");
        assert_eq!(schemas[request]["additionalProperties"], false, "{request}");
        let created = &operation["responses"]["201"]["content"]["application/json"]["schema"];
        assert_eq!(created["$ref"], reference("FinancialAccountBody"), "{path}");
        for status in ["400", "401", "403"] {
            assert!(
                operation["responses"][status].is_object(),
                "{path} documents {status}"
            );
        }
    }
    assert_eq!(
        sorted(&schemas["CardRequest"]["required"]),
        [
            "billingAddress",
            "cardNumber",
            "expiry",
            "firstName",
            "lastName"
        ]
    );
    assert_eq!(
        schemas["CardRequest"]["properties"]["cardNumber"]["writeOnly"],
        true
    );
    assert_eq!(
        schemas["BankAccountRequest"]["properties"]["accountNumber"]["writeOnly"],
        true
    );
}
