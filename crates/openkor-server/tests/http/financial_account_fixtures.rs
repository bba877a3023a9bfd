//! Financial Account fixtures shared by the HTTP tests: the seed pages' requests, request
//! bodies of each account kind, and the sandbox's business accounts.

use crate::customers::sarah;
use crate::support::Http;
use serde_json::{Value, json};

/// The create-internal-financial-account seed page's request, verbatim.
pub const SEED_CREATE_INTERNAL: &str = r#"{
  "name": "ABC Internal Account",
  "parentId": "4563ee45-446e-4c6e-83d8-2d5767614a5",
  "defaultFlag": false,
  "currency": "USD",
  "accountHolderId": "91365a4a-c040-4c37-bb8a-50f46edde48b",
  "accountHolderType": "CUSTOMER",
  "subtype": "CHECKING"
}"#;

/// The get-started guide's minimal request, verbatim.
pub const SEED_GET_STARTED: &str = r#"{
"name": "ABC Internal Account",
"parentId": "4563ee45-446e-4c6e-83d8-2d5767614a5",
"accountHolderId": "91365a4a-c040-4c37-bb8a-50f46edde48b",
"accountHolderType": "CUSTOMER"
}"#;

const SEED_PARENT: &str = "4563ee45-446e-4c6e-83d8-2d5767614a5";
const SEED_HOLDER: &str = "91365a4a-c040-4c37-bb8a-50f46edde48b";

/// The seed's JSON with only its two ids replaced by real ones.
pub fn seed_with_ids(seed: &str, parent: &str, holder: &str) -> Value {
    serde_json::from_str(
        &seed
            .replace(SEED_PARENT, parent)
            .replace(SEED_HOLDER, holder),
    )
    .unwrap()
}

/// The caller's business Financial Accounts: (USD id, CAD id).
pub async fn business_accounts(app: &Http, token: &str) -> (String, String) {
    let page = app
        .get_json(
            "/v1/financial-accounts?accountHolderTypes=BUSINESS_ACCOUNT&sort=currency,DESC",
            token,
        )
        .await;
    let content = page["content"].as_array().unwrap();
    assert_eq!(content.len(), 2);
    let id = |i: usize| content[i]["id"].as_str().unwrap().to_owned();
    assert_eq!(
        (
            content[0]["currency"].as_str(),
            content[1]["currency"].as_str()
        ),
        (Some("USD"), Some("CAD"))
    );
    (id(0), id(1))
}

pub fn card_request(holder: &str, number: &str) -> Value {
    json!({"name": "Debit Card", "accountHolderId": holder, "accountHolderType": "CUSTOMER", "subtype": "DEBIT",
        "card": {"firstName": "Mark", "middleName": "David", "lastName": "Strong", "cardNumber": number, "expiry": "2031-12",
            "billingAddress": {"addressLine1": "625 Queen St", "city": "Vancouver", "stateCode": "BC", "countryCode": "CAN", "postalCode": "V5K 0A1"}}})
}

/// The reference's §6.2 sample request (older `state`/`country` spellings included).
pub fn bank_request(holder: &str, number: &str) -> Value {
    json!({"name": "Checking", "accountHolderId": holder, "accountHolderType": "CUSTOMER", "subtype": "CHECKING",
        "bankAccount": {"bankName": "Citibank", "routingNo": "321171184", "accountNumber": number,
            "billingAddress": {"addressLine1": "625 Queen St", "city": "Vancouver", "state": "BC", "country": "CAN", "postalCode": "V5K 0A1"}}})
}

pub fn integrated_request(holder: &str) -> Value {
    json!({"name": "Everyday", "subtype": "CHECKING", "accountHolderId": holder, "accountHolderType": "CUSTOMER",
        "acceptanceAgreements": [{"documentId": "kor-privacy-policy", "documentVersion": "version-1.2.3",
            "accepted": true, "respondedAt": "2026-11-20T10:00:00Z"}]})
}

pub async fn customer(app: &Http, token: &str) -> String {
    app.create_customer(token, &sarah()).await["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

pub fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect()
}

/// [`bank_request`] with its billing address in today's spelling (`stateCode`, `countryCode`),
/// which is all the typed client writes.
pub fn bank_today(holder: &str, number: &str) -> Value {
    let mut body = bank_request(holder, number);
    body["bankAccount"]["billingAddress"] = json!({"addressLine1": "625 Queen St", "city": "Vancouver", "stateCode": "BC", "countryCode": "CAN", "postalCode": "V5K 0A1"});
    body
}
