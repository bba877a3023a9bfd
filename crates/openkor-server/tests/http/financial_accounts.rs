//! Financial Accounts over HTTP: the seed pages replayed, every creation rule, lists, tenant
//! isolation and roles. Suspension, deletion and balances are in `financial_account_states`.

use crate::customers::{acme, sarah};
use crate::on_both_backends;
use crate::support::{Http, TestApp, assert_error, field_errors};
use openkor_domain::actor::Actor;
use openkor_domain::clock::Clock;
use openkor_domain::financial_account::{AccountState, FinancialAccount};
use openkor_domain::ids::BusinessAccountId;
use openkor_domain::money::Currency;
use openkor_server::database::Database;
use reqwest::Method;
use serde_json::{Value, json};
use std::collections::BTreeSet;

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

fn is_uuid(value: &Value) -> bool {
    value
        .as_str()
        .is_some_and(|s| uuid::Uuid::parse_str(s).is_ok())
}

fn is_timestamp(value: &Value) -> bool {
    value.as_str().is_some_and(|s| {
        time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).is_ok()
    })
}

/// Every field of the internal-financial-account-object seed page, with its type and enum.
fn assert_internal_object(body: &Value) {
    for field in ["id", "parentId", "businessAccountId", "accountHolderId"] {
        assert!(is_uuid(&body[field]), "{field}: {body}");
    }
    assert!(
        body["name"]
            .as_str()
            .is_some_and(|n| (1..=100).contains(&n.chars().count()))
    );
    assert_eq!(body["category"], "INTERNAL");
    assert_eq!(body["type"], "BANK");
    assert!(["CHECKING", "SAVING"].contains(&body["subtype"].as_str().unwrap()));
    assert!(body["defaultFlag"].is_boolean());
    assert!(["USD", "CAD"].contains(&body["currency"].as_str().unwrap()));
    assert_eq!(body["accountHolderType"], "CUSTOMER");
    assert!(["PENDING", "ACTIVE", "SUSPENDED"].contains(&body["state"].as_str().unwrap()));
    let masked = body["maskedAccountNumber"].as_str().unwrap();
    assert!(
        masked.starts_with("******")
            && masked.len() == 10
            && masked[6..].bytes().all(|b| b.is_ascii_digit()),
        "{masked}"
    );
    assert!(
        [
            "UNVERIFIED",
            "PENDING",
            "PROCESSING",
            "REVIEW",
            "DECLINED",
            "APPROVED",
            "ERROR"
        ]
        .contains(&body["verificationStatus"].as_str().unwrap())
    );
    assert!(["PRENOTE", "AGGREGATION"].contains(&body["verificationMethod"].as_str().unwrap()));
    for actor in ["createdBy", "updatedBy"] {
        assert!(
            ["employee", "internal", "kor_employee", "service-account"]
                .contains(&body[actor]["type"].as_str().unwrap())
        );
        assert!(body[actor]["id"].is_string());
    }
    assert!(is_timestamp(&body["createdAt"]) && is_timestamp(&body["updatedAt"]));
}

fn keys(value: &Value) -> BTreeSet<String> {
    value.as_object().unwrap().keys().cloned().collect()
}

on_both_backends! {
    async fn the_create_internal_seed_replays(app: TestApp) {
        let token = &app.bootstrap.token;
        // Verbatim: the seed's parentId is not a well-formed UUID (its last group is 11 digits).
        let verbatim: Value = serde_json::from_str(SEED_CREATE_INTERNAL).unwrap();
        let refused = app.post("/v1/internal-financial-accounts", token, &verbatim).await;
        let body = assert_error(refused, 400, "VALIDATION_FAILED").await;
        assert_eq!(field_errors(&body), pairs(&[("parentId", "INVALID_FORMAT")]));
        // With the two ids pointing at real resources, the rest of the JSON unchanged:
        let (usd, _) = business_accounts(&app, token).await;
        let holder = customer(&app, token).await;
        let response = app.post("/v1/internal-financial-accounts", token, &seed_with_ids(SEED_CREATE_INTERNAL, &usd, &holder)).await;
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        let created = TestApp::expect_json(response, 201).await;
        assert_eq!(location, format!("/v1/financial-accounts/{}", created["id"].as_str().unwrap()));
        // The seed's sample response, field by field:
        assert_eq!(created["parentId"], usd.as_str());
        assert_eq!(created["businessAccountId"], app.bootstrap.id.as_str());
        assert_eq!(created["name"], "ABC Internal Account");
        assert_eq!(created["defaultFlag"], false);
        assert_eq!(created["state"], "ACTIVE");
        assert_eq!(created["currency"], "USD");
        assert_eq!(created["category"], "INTERNAL");
        assert_eq!(created["type"], "BANK");
        assert_eq!(created["subtype"], "CHECKING");
        assert_eq!(created["accountHolderId"], holder.as_str());
        assert_eq!(created["accountHolderType"], "CUSTOMER");
        assert_internal_object(&created);
        assert!(created.get("bankAccount").is_none() && created.get("card").is_none());
    }

    async fn the_get_started_guide_replays(app: TestApp) {
        let token = &app.bootstrap.token;
        let (usd, _) = business_accounts(&app, token).await;
        let holder = customer(&app, token).await;
        let created = TestApp::expect_json(
            app.post("/v1/internal-financial-accounts", token, &seed_with_ids(SEED_GET_STARTED, &usd, &holder)).await,
            201,
        )
        .await;
        assert_eq!((created["subtype"].as_str(), created["defaultFlag"].as_bool()), (Some("CHECKING"), Some(false)));
        let path = format!("/v1/financial-accounts/{}", created["id"].as_str().unwrap());
        let retrieved = app.get_json(&path, token).await;
        assert_eq!(retrieved, created);
        assert_internal_object(&retrieved);
    }

    async fn internal_accounts_follow_their_parent_and_holder_rules(app: TestApp) {
        let token = &app.bootstrap.token;
        let (usd, cad) = business_accounts(&app, token).await;
        let holder = customer(&app, token).await;
        let request = |parent: &str, holder: &str| json!({"name": "Wallet", "parentId": parent, "accountHolderId": holder, "accountHolderType": "CUSTOMER"});
        let cad_account = TestApp::expect_json(app.post("/v1/internal-financial-accounts", token, &request(&cad, &holder)).await, 201).await;
        assert_eq!(cad_account["currency"], "CAD", "the parent's currency");
        let mut contradicting = request(&usd, &holder);
        contradicting["currency"] = json!("CAD");
        let body = assert_error(app.post("/v1/internal-financial-accounts", token, &contradicting).await, 422, "BUSINESS_RULE_VIOLATION").await;
        assert_eq!(field_errors(&body), pairs(&[("currency", "INCONSISTENT")]));
        let other = app.tenant("Other", None).await;
        let (their_usd, _) = business_accounts(&app, &other.token).await;
        let their_customer = customer(&app, &other.token).await;
        let customer_account = cad_account["id"].as_str().unwrap();
        for (parent, path, code) in [
            (their_usd.as_str(), "parentId", "INVALID_VALUE"),
            (customer_account, "parentId", "INVALID_VALUE"),
            (&uuid::Uuid::now_v7().to_string(), "parentId", "INVALID_VALUE"),
        ] {
            let body = assert_error(app.post("/v1/internal-financial-accounts", token, &request(parent, &holder)).await, 422, "BUSINESS_RULE_VIOLATION").await;
            assert_eq!(field_errors(&body), pairs(&[(path, code)]), "{parent}");
        }
        for stranger in [their_customer.as_str(), &uuid::Uuid::now_v7().to_string()] {
            let body = assert_error(app.post("/v1/internal-financial-accounts", token, &request(&usd, stranger)).await, 422, "BUSINESS_RULE_VIOLATION").await;
            assert_eq!(field_errors(&body), pairs(&[("accountHolderId", "NOT_FOUND")]));
        }
        let suspend = format!("/v1/customers/{holder}/suspend");
        assert_eq!(app.send(Method::PUT, &suspend, token, None).await.status(), 200);
        let body = assert_error(app.post("/v1/internal-financial-accounts", token, &request(&usd, &holder)).await, 422, "BUSINESS_RULE_VIOLATION").await;
        assert_eq!(field_errors(&body), pairs(&[("accountHolderId", "INVALID_VALUE")]));
        let mut bad = request("nope", &holder);
        bad["accountHolderType"] = json!("RECIPIENT");
        bad["subtype"] = json!("DEBIT");
        bad["name"] = json!("x".repeat(101));
        let body = assert_error(app.post("/v1/internal-financial-accounts", token, &bad).await, 400, "VALIDATION_FAILED").await;
        assert_eq!(
            field_errors(&body),
            pairs(&[("name", "TOO_LONG"), ("parentId", "INVALID_FORMAT"), ("accountHolderType", "INVALID_VALUE"), ("subtype", "INVALID_VALUE")])
        );
    }

    async fn a_new_default_account_clears_the_previous_one(app: TestApp) {
        let token = &app.bootstrap.token;
        let (usd, _) = business_accounts(&app, token).await;
        let holder = customer(&app, token).await;
        let mut first = seed_with_ids(SEED_GET_STARTED, &usd, &holder);
        first["defaultFlag"] = json!(true);
        let first = TestApp::expect_json(app.post("/v1/internal-financial-accounts", token, &first).await, 201).await;
        let mut card = card_request(&holder, "4111111111111111");
        card["defaultFlag"] = json!(true);
        let card = TestApp::expect_json(app.post("/v1/external-cards", token, &card).await, 201).await;
        assert_eq!(card["defaultFlag"], true);
        let first_now = app.get_json(&format!("/v1/financial-accounts/{}", first["id"].as_str().unwrap()), token).await;
        assert_eq!(first_now["defaultFlag"], false);
        let defaults = app.get_json(&format!("/v1/financial-accounts?accountHolderId={holder}&defaultFlag=true"), token).await;
        assert_eq!(defaults["totalElements"], 1);
    }

    async fn external_bank_accounts_keep_only_the_tail(app: TestApp) {
        let token = &app.bootstrap.token;
        let holder = customer(&app, token).await;
        let created = TestApp::expect_json(app.post("/v1/external-bank-accounts", token, &bank_request(&holder, "89674523")).await, 201).await;
        assert_eq!(created["category"], "EXTERNAL");
        assert_eq!(created["maskedAccountNumber"], "******4523");
        assert_eq!(created["verificationStatus"], "UNVERIFIED");
        assert_eq!(created["verificationMethod"], "PRENOTE");
        assert!(created.get("parentId").is_none());
        let bank = &created["bankAccount"];
        assert_eq!(keys(bank), BTreeSet::from(["bankName", "routingNo", "accountNumberTail", "billingAddress"].map(String::from)));
        assert_eq!(bank["accountNumberTail"], "4523");
        assert_eq!(bank["billingAddress"], json!({"addressLine1": "625 Queen St", "city": "Vancouver", "stateCode": "BC", "countryCode": "CAN", "postalCode": "V5K 0A1"}));
        assert!(!created.to_string().contains("89674523"));
        let duplicate = app.post("/v1/external-bank-accounts", token, &bank_request(&holder, "89674523")).await;
        let body = assert_error(duplicate, 409, "CONFLICT").await;
        assert_eq!(field_errors(&body), pairs(&[("bankAccount.accountNumber", "DUPLICATE")]));
        let mut bad = bank_request(&holder, "12");
        bad["bankAccount"]["routingNo"] = json!("123456789");
        bad["bankAccount"]["billingAddress"]["postalCode"] = json!("12345");
        let body = assert_error(app.post("/v1/external-bank-accounts", token, &bad).await, 400, "VALIDATION_FAILED").await;
        assert_eq!(
            field_errors(&body),
            pairs(&[("bankAccount.routingNo", "INVALID_FORMAT"), ("bankAccount.accountNumber", "INVALID_FORMAT"), ("bankAccount.billingAddress.postalCode", "INVALID_FORMAT")])
        );
        // Empty optional strings mean absent, as everywhere else; for USA/CAN the state is then
        // missing.
        let mut empty = bank_request(&holder, "11223344");
        empty["bankAccount"]["billingAddress"] = json!({"addressLine1": "1 Rue X", "city": "Lyon", "stateCode": "", "countryCode": "", "postalCode": ""});
        let created = TestApp::expect_json(app.post("/v1/external-bank-accounts", token, &empty).await, 201).await;
        assert_eq!(created["bankAccount"]["billingAddress"], json!({"addressLine1": "1 Rue X", "city": "Lyon"}));
        empty["bankAccount"]["billingAddress"]["countryCode"] = json!("USA");
        let body = assert_error(app.post("/v1/external-bank-accounts", token, &empty).await, 400, "VALIDATION_FAILED").await;
        assert_eq!(field_errors(&body), pairs(&[("bankAccount.billingAddress.stateCode", "REQUIRED")]));
        let missing = json!({"name": "x", "accountHolderId": holder, "accountHolderType": "CUSTOMER", "subtype": "CHECKING"});
        let body = assert_error(app.post("/v1/external-bank-accounts", token, &missing).await, 400, "VALIDATION_FAILED").await;
        assert_eq!(field_errors(&body), pairs(&[("bankAccount", "REQUIRED")]));
    }

    async fn external_cards_keep_only_the_tail(app: TestApp) {
        let token = &app.bootstrap.token;
        let holder = customer(&app, token).await;
        let created = TestApp::expect_json(app.post("/v1/external-cards", token, &card_request(&holder, "4000056655665556")).await, 201).await;
        assert_eq!((created["type"].as_str(), created["subtype"].as_str()), (Some("CARD"), Some("DEBIT")));
        assert_eq!(created["maskedAccountNumber"], "******5556");
        assert!(created.get("verificationMethod").is_none());
        let card = &created["card"];
        assert_eq!(keys(card), BTreeSet::from(["firstName", "middleName", "lastName", "cardNumberTail", "expiry", "billingAddress"].map(String::from)));
        assert_eq!((card["cardNumberTail"].as_str(), card["expiry"].as_str()), (Some("5556"), Some("2031-12")));
        assert!(!created.to_string().contains("4000056655665556"));
        let duplicate = app.post("/v1/external-cards", token, &card_request(&holder, "4000056655665556")).await;
        assert_eq!(field_errors(&assert_error(duplicate, 409, "CONFLICT").await), pairs(&[("card.cardNumber", "DUPLICATE")]));
        let mut bad = card_request(&holder, "4000056655665557");
        bad["card"]["expiry"] = json!("2020-01");
        bad["subtype"] = json!("GIFT");
        let body = assert_error(app.post("/v1/external-cards", token, &bad).await, 400, "VALIDATION_FAILED").await;
        assert_eq!(field_errors(&body), pairs(&[("subtype", "INVALID_VALUE"), ("card.cardNumber", "INVALID_VALUE"), ("card.expiry", "OUT_OF_RANGE")]));
        let mut short = card_request(&holder, "4111");
        short["card"]["billingAddress"] = json!({"addressLine1": "1 Main St", "city": "Boston"});
        let body = assert_error(app.post("/v1/external-cards", token, &short).await, 400, "VALIDATION_FAILED").await;
        assert_eq!(field_errors(&body), pairs(&[("card.cardNumber", "INVALID_FORMAT"), ("card.billingAddress.countryCode", "REQUIRED")]));
    }

    async fn integrated_accounts_need_accepted_agreements_and_an_active_customer(app: TestApp) {
        let token = &app.bootstrap.token;
        let (usd, _) = business_accounts(&app, token).await;
        let holder = customer(&app, token).await;
        let created = TestApp::expect_json(app.post("/v1/integrated-bank-accounts", token, &integrated_request(&holder)).await, 201).await;
        assert_eq!(created["category"], "INTEGRATED");
        assert_eq!(created["parentId"], usd.as_str());
        assert_eq!(created["verificationStatus"], "APPROVED");
        let number = created["bankAccount"]["accountNumber"].as_str().unwrap();
        assert_eq!(number.len(), 12);
        assert_eq!(created["maskedAccountNumber"], format!("******{}", &number[8..]));
        assert_eq!(created["bankAccount"]["nameOnAccount"], "Sarah Green");
        let mut declined = integrated_request(&holder);
        declined["acceptanceAgreements"][0]["accepted"] = json!(false);
        let body = assert_error(app.post("/v1/integrated-bank-accounts", token, &declined).await, 400, "VALIDATION_FAILED").await;
        assert_eq!(field_errors(&body), pairs(&[("acceptanceAgreements[0].accepted", "INVALID_VALUE")]));
        assert_eq!(app.send(Method::PUT, &format!("/v1/customers/{holder}/suspend"), token, None).await.status(), 200);
        let refused = app.post("/v1/integrated-bank-accounts", token, &integrated_request(&holder)).await;
        assert_eq!(field_errors(&assert_error(refused, 422, "BUSINESS_RULE_VIOLATION").await), pairs(&[("accountHolderId", "INVALID_VALUE")]));
    }

    async fn the_list_mixes_summary_kinds_as_the_seed_shows(app: TestApp) {
        let token = &app.bootstrap.token;
        let (usd, _) = business_accounts(&app, token).await;
        let holder = customer(&app, token).await;
        for (path, body) in [
            ("/v1/internal-financial-accounts", seed_with_ids(SEED_GET_STARTED, &usd, &holder)),
            ("/v1/external-cards", card_request(&holder, "4111111111111111")),
            ("/v1/external-bank-accounts", bank_request(&holder, "89674523")),
            ("/v1/integrated-bank-accounts", integrated_request(&holder)),
        ] {
            TestApp::expect_json(app.post(path, token, &body).await, 201).await;
        }
        let page = app.get_json("/v1/financial-accounts?accountHolderTypes=CUSTOMER&sort=createdAt,ASC", token).await;
        assert_eq!(page["totalElements"], 4);
        let content = page["content"].as_array().unwrap();
        let summary = ["id", "businessAccountId", "name", "defaultFlag", "currency", "accountHolderId", "accountHolderType",
            "state", "maskedAccountNumber", "createdAt", "updatedAt", "category", "type", "subtype"];
        for item in content {
            for field in summary {
                assert!(item.get(field).is_some(), "{field} in {item}");
            }
            assert!(item.get("createdBy").is_none(), "summaries carry no audit actors");
        }
        assert!(content[0].get("card").is_none() && content[0].get("bankAccount").is_none(), "internal summary");
        assert!(content[1]["card"]["cardNumberTail"].is_string(), "card summary");
        assert!(content[2]["bankAccount"]["routingNo"].is_string(), "bank summary");
        assert!(content[3]["bankAccount"]["accountNumber"].is_string(), "integrated bank summary");
        let business = app.get_json("/v1/financial-accounts?accountHolderTypes=BUSINESS_ACCOUNT", token).await;
        for item in business["content"].as_array().unwrap() {
            assert!(item.get("accountHolderId").is_none() && item.get("accountHolderType").is_none(), "{item}");
            assert_eq!(item["category"], "INTEGRATED");
        }
        let mine = app.get_json(&format!("/v1/financial-accounts?accountHolderId={}", app.bootstrap.id), token).await;
        assert_eq!(mine["totalElements"], 2, "the Business Account's id selects its business accounts");
        let cards = app.get_json(&format!("/v1/customers/{holder}/financial-accounts?type=CARD"), token).await;
        assert_eq!(cards["totalElements"], 1);
        assert_eq!(app.get_json(&format!("/v1/customers/{holder}/financial-accounts"), token).await["totalElements"], 4);
    }

    async fn bad_list_parameters_are_400(app: TestApp) {
        let token = &app.bootstrap.token;
        for (query, path, code) in [
            ("accountHolderTypes=CUSTOMER,EMPLOYEE", "accountHolderTypes", "INVALID_VALUE"),
            ("categories=INTERNAL,", "categories", "INVALID_VALUE"),
            ("defaultFlag=yes", "defaultFlag", "INVALID_VALUE"),
            ("accountHolderId=abc", "accountHolderId", "INVALID_FORMAT"),
            ("parentId=abc", "parentId", "INVALID_FORMAT"),
            ("type=SAVINGS", "type", "INVALID_VALUE"),
            ("state=CLOSED", "state", "INVALID_VALUE"),
            ("sort=balance", "sort", "INVALID_VALUE"),
            ("name=", "name", "TOO_SHORT"),
            ("accountHolderType=CUSTOMER", "accountHolderType", "UNKNOWN_FIELD"),
        ] {
            let body = assert_error(app.get(&format!("/v1/financial-accounts?{query}"), token).await, 400, "INVALID_QUERY_PARAMETER").await;
            assert_eq!(field_errors(&body), pairs(&[(path, code)]), "{query}");
        }
        let holder = customer(&app, token).await;
        let body = assert_error(app.get(&format!("/v1/customers/{holder}/financial-accounts?categories=INTERNAL"), token).await, 400, "INVALID_QUERY_PARAMETER").await;
        assert_eq!(field_errors(&body), pairs(&[("categories", "UNKNOWN_FIELD")]));
    }

    async fn integrated_accounts_find_their_parent_past_the_first_page(app: TestApp) {
        let token = &app.bootstrap.token;
        let (_, cad) = business_accounts(&app, token).await;
        let scope: BusinessAccountId = app.bootstrap.id.parse().unwrap();
        // The operator suspends the sandbox's CAD account, opens 100 USD accounts, then a new
        // CAD one: the only active CAD account is the 102nd oldest business account.
        let other = Database::open(&crate::support::database_config(&app.database_url)).await.unwrap();
        other.store.set_financial_account_state(scope, cad.parse().unwrap(), AccountState::Suspended, Actor::INTERNAL, app.clock.now()).await.unwrap();
        let mut newest_cad = None;
        for n in 0..=100 {
            let currency = if n < 100 { Currency::Usd } else { Currency::Cad };
            app.clock.advance_ms(1);
            let account = FinancialAccount::business_checking(scope, currency, format!("77{n:010}"), app.clock.now());
            other.store.create_financial_account(&account, &[]).await.unwrap();
            newest_cad = Some(account.id);
        }
        other.close().await;
        let holder = customer(&app, token).await;
        let mut request = integrated_request(&holder);
        request["currency"] = json!("CAD");
        let created = TestApp::expect_json(app.post("/v1/integrated-bank-accounts", token, &request).await, 201).await;
        assert_eq!(created["parentId"], newest_cad.unwrap().to_string());
    }

    async fn another_tenants_accounts_are_404_on_every_route(app: TestApp) {
        let mine = &app.bootstrap.token;
        let theirs = app.tenant("Theirs", None).await;
        let (their_usd, _) = business_accounts(&app, &theirs.token).await;
        let their_holder = customer(&app, &theirs.token).await;
        let card = TestApp::expect_json(app.post("/v1/external-cards", &theirs.token, &card_request(&their_holder, "4111111111111111")).await, 201).await;
        let internal = TestApp::expect_json(
            app.post("/v1/internal-financial-accounts", &theirs.token, &seed_with_ids(SEED_GET_STARTED, &their_usd, &their_holder)).await,
            201,
        )
        .await;
        for id in [card["id"].as_str().unwrap(), internal["id"].as_str().unwrap(), their_usd.as_str(), &uuid::Uuid::now_v7().to_string()] {
            let path = format!("/v1/financial-accounts/{id}");
            for (method, suffix) in [(Method::GET, ""), (Method::GET, "/balances"), (Method::DELETE, ""), (Method::POST, "/suspend"), (Method::PUT, "/suspend"), (Method::PUT, "/unsuspend")] {
                assert_error(app.send(method, &format!("{path}{suffix}"), mine, None).await, 404, "NOT_FOUND").await;
            }
        }
        assert_error(app.get(&format!("/v1/customers/{their_holder}/financial-accounts"), mine).await, 404, "NOT_FOUND").await;
        let listed = app.get_json("/v1/financial-accounts?size=100", mine).await;
        assert_eq!(listed["totalElements"], 2, "only my two business accounts");
        assert_eq!(app.get_json(&format!("/v1/financial-accounts/{}", card["id"].as_str().unwrap()), &theirs.token).await["state"], "ACTIVE");
    }

    async fn roles_without_account_rights_cannot_write(app: TestApp) {
        let tenant = &app.bootstrap;
        let (usd, _) = business_accounts(&app, &tenant.token).await;
        let holder = customer(&app, &tenant.token).await;
        let card = TestApp::expect_json(app.post("/v1/external-cards", &tenant.token, &card_request(&holder, "4111111111111111")).await, 201).await;
        let path = format!("/v1/financial-accounts/{}", card["id"].as_str().unwrap());
        for role in [openkor_domain::role::Role::ViewOnly, openkor_domain::role::Role::Clerk] {
            let token = app.token_with_role(tenant, role).await;
            for (method, route, body) in [
                (Method::POST, "/v1/internal-financial-accounts".to_owned(), Some(seed_with_ids(SEED_GET_STARTED, &usd, &holder))),
                (Method::POST, "/v1/external-bank-accounts".to_owned(), Some(bank_request(&holder, "89674523"))),
                (Method::POST, "/v1/external-cards".to_owned(), Some(card_request(&holder, "5555555555554444"))),
                (Method::POST, "/v1/integrated-bank-accounts".to_owned(), Some(integrated_request(&holder))),
                (Method::POST, format!("{path}/suspend"), None),
                (Method::PUT, format!("{path}/suspend"), None),
                (Method::PUT, format!("{path}/unsuspend"), None),
                (Method::DELETE, path.clone(), None),
            ] {
                assert_error(app.send(method, &route, &token, body.as_ref()).await, 403, "FORBIDDEN").await;
            }
            assert_eq!(app.get(&path, &token).await.status(), 200, "{role} reads");
            assert_eq!(app.get(&format!("/v1/customers/{holder}/financial-accounts"), &token).await.status(), 200);
        }
        let finance = app.token_with_role(tenant, openkor_domain::role::Role::Finance).await;
        TestApp::expect_json(app.post("/v1/external-cards", &finance, &card_request(&holder, "5555555555554444")).await, 201).await;
        assert_error(app.post("/v1/customers", &finance, &acme()).await, 403, "FORBIDDEN").await;
    }
}
