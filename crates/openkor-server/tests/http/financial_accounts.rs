//! Financial Accounts over HTTP: the seed pages replayed, every creation rule, lists, tenant
//! isolation and roles. Suspension, deletion and balances are in `financial_account_states`.

use crate::customers::acme;
use crate::financial_account_fixtures::{
    SEED_CREATE_INTERNAL, SEED_GET_STARTED, bank_request, bank_today, business_accounts,
    card_request, customer, integrated_request, pairs, seed_with_ids,
};
use crate::on_both_backends;
use crate::support::{TestApp, assert_error};
use crate::typed::{field_errors, json_of, refused, typed};
use openkor_client::models::{
    CustomerRequest, ExternalBankAccountRequest, ExternalCardRequest, FinancialAccount,
    IntegratedBankAccountRequest, InternalAccountRequest,
};
use openkor_client::{
    Client, CustomerFinancialAccountQuery, Error, FinancialAccountQuery, PageQuery, Sort,
};
use openkor_domain::actor::Actor;
use openkor_domain::clock::Clock;
use openkor_domain::financial_account::AccountState;
use openkor_domain::ids::BusinessAccountId;
use openkor_domain::money::Currency;
use openkor_domain::role::Role;
use openkor_server::database::Database;
use serde_json::{Value, json};
use std::collections::BTreeSet;

fn is_timestamp(text: &str) -> bool {
    time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).is_ok()
}

/// Every field of the internal-financial-account-object seed page, with its enum (the typed
/// answer has already checked every type).
fn assert_internal_object(account: &FinancialAccount) {
    let a = account;
    let parent = a.parent_id.as_deref().unwrap();
    let holder = a.account_holder_id.as_deref().unwrap();
    for id in [a.id.as_str(), &a.business_account_id, parent, holder] {
        assert!(uuid::Uuid::parse_str(id).is_ok(), "{id}");
    }
    assert!((1..=100).contains(&a.name.chars().count()));
    assert_eq!([&a.category, &a.r#type], ["INTERNAL", "BANK"]);
    assert!(["CHECKING", "SAVING"].contains(&a.subtype.as_str()));
    assert!(["USD", "CAD"].contains(&a.currency.as_str()));
    assert_eq!(a.account_holder_type.as_deref(), Some("CUSTOMER"));
    assert!(["PENDING", "ACTIVE", "SUSPENDED"].contains(&a.state.as_str()));
    let masked = &a.masked_account_number;
    let digits = masked
        .get(6..)
        .is_some_and(|tail| tail.bytes().all(|b| b.is_ascii_digit()));
    assert!(
        masked.starts_with("******") && masked.len() == 10 && digits,
        "{masked}"
    );
    let statuses = [
        "UNVERIFIED",
        "PENDING",
        "PROCESSING",
        "REVIEW",
        "DECLINED",
        "APPROVED",
        "ERROR",
    ];
    assert!(statuses.contains(&a.verification_status.as_str()));
    let method = a.verification_method.as_deref().unwrap();
    assert!(["PRENOTE", "AGGREGATION"].contains(&method));
    let actors = ["employee", "internal", "kor_employee", "service-account"];
    for actor in [&a.created_by, &a.updated_by] {
        assert!(actors.contains(&actor.r#type.as_str()), "{actor:?}");
    }
    assert!(is_timestamp(&a.created_at) && is_timestamp(&a.updated_at));
}

async fn internal(api: &Client, body: Value) -> Result<FinancialAccount, Error> {
    api.create_internal(&typed::<InternalAccountRequest>(body))
        .await
}

async fn bank(api: &Client, body: Value) -> Result<FinancialAccount, Error> {
    api.create_external_bank(&typed::<ExternalBankAccountRequest>(body))
        .await
}

async fn card(api: &Client, body: Value) -> Result<FinancialAccount, Error> {
    api.create_external_card(&typed::<ExternalCardRequest>(body))
        .await
}

async fn integrated(api: &Client, body: Value) -> Result<FinancialAccount, Error> {
    api.create_integrated_bank(&typed::<IntegratedBankAccountRequest>(body))
        .await
}

fn keys(value: &Value) -> BTreeSet<String> {
    value.as_object().unwrap().keys().cloned().collect()
}

on_both_backends! {
    async fn the_create_internal_seed_replays(app: TestApp) {
        let token = &app.bootstrap.token;
        let api = app.api(&app.bootstrap);
        // Verbatim: the seed's parentId is not a well-formed UUID (its last group is 11 digits).
        let verbatim: Value = serde_json::from_str(SEED_CREATE_INTERNAL).unwrap();
        let error = refused(internal(&api, verbatim).await, 400, "VALIDATION_FAILED");
        assert_eq!(field_errors(&error), pairs(&[("parentId", "INVALID_FORMAT")]));
        // With the two ids pointing at real resources, the rest of the JSON unchanged. The
        // Location header is raw HTTP; the body is read as the client's type.
        let (usd, _) = business_accounts(&app, token).await;
        let holder = customer(&app, token).await;
        let response = app.post("/v1/internal-financial-accounts", token, &seed_with_ids(SEED_CREATE_INTERNAL, &usd, &holder)).await;
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        let created: FinancialAccount = serde_json::from_value(TestApp::expect_json(response, 201).await).unwrap();
        assert_eq!(location, format!("/v1/financial-accounts/{}", created.id));
        // The seed's sample response, field by field:
        assert_eq!(created.parent_id.as_deref(), Some(usd.as_str()));
        assert_eq!(created.business_account_id, app.bootstrap.id);
        assert_eq!((created.name.as_str(), created.default_flag, created.state.as_str()), ("ABC Internal Account", false, "ACTIVE"));
        let kind = [&created.currency, &created.category, &created.r#type, &created.subtype];
        assert_eq!(kind, ["USD", "INTERNAL", "BANK", "CHECKING"]);
        assert_eq!(created.account_holder_id.as_deref(), Some(holder.as_str()));
        assert_eq!(created.account_holder_type.as_deref(), Some("CUSTOMER"));
        assert_internal_object(&created);
        assert!(created.bank_account.is_none() && created.card.is_none());
    }

    async fn the_get_started_guide_replays(app: TestApp) {
        let token = &app.bootstrap.token;
        let api = app.api(&app.bootstrap);
        let (usd, _) = business_accounts(&app, token).await;
        let holder = customer(&app, token).await;
        let created = internal(&api, seed_with_ids(SEED_GET_STARTED, &usd, &holder)).await.unwrap();
        assert_eq!((created.subtype.as_str(), created.default_flag), ("CHECKING", false));
        let retrieved = api.get_financial_account(&created.id, None).await.unwrap();
        assert_eq!(retrieved, created);
        assert_internal_object(&retrieved);
    }

    async fn internal_accounts_follow_their_parent_and_holder_rules(app: TestApp) {
        let token = &app.bootstrap.token;
        let api = app.api(&app.bootstrap);
        let (usd, cad) = business_accounts(&app, token).await;
        let holder = customer(&app, token).await;
        let request = |parent: &str, holder: &str| json!({"name": "Wallet", "parentId": parent, "accountHolderId": holder, "accountHolderType": "CUSTOMER"});
        let cad_account = internal(&api, request(&cad, &holder)).await.unwrap();
        assert_eq!(cad_account.currency, "CAD", "the parent's currency");
        let mut contradicting = request(&usd, &holder);
        contradicting["currency"] = json!("CAD");
        let error = refused(internal(&api, contradicting).await, 422, "BUSINESS_RULE_VIOLATION");
        assert_eq!(field_errors(&error), pairs(&[("currency", "INCONSISTENT")]));
        let other = app.tenant("Other", None).await;
        let (their_usd, _) = business_accounts(&app, &other.token).await;
        let their_customer = customer(&app, &other.token).await;
        for (parent, path, code) in [
            (their_usd.as_str(), "parentId", "INVALID_VALUE"),
            (cad_account.id.as_str(), "parentId", "INVALID_VALUE"),
            (&uuid::Uuid::now_v7().to_string(), "parentId", "INVALID_VALUE"),
        ] {
            let error = refused(internal(&api, request(parent, &holder)).await, 422, "BUSINESS_RULE_VIOLATION");
            assert_eq!(field_errors(&error), pairs(&[(path, code)]), "{parent}");
        }
        for stranger in [their_customer.as_str(), &uuid::Uuid::now_v7().to_string()] {
            let error = refused(internal(&api, request(&usd, stranger)).await, 422, "BUSINESS_RULE_VIOLATION");
            assert_eq!(field_errors(&error), pairs(&[("accountHolderId", "NOT_FOUND")]));
        }
        api.suspend_customer(&holder).await.unwrap();
        let error = refused(internal(&api, request(&usd, &holder)).await, 422, "BUSINESS_RULE_VIOLATION");
        assert_eq!(field_errors(&error), pairs(&[("accountHolderId", "INVALID_VALUE")]));
        let mut bad = request("nope", &holder);
        bad["accountHolderType"] = json!("RECIPIENT");
        bad["subtype"] = json!("DEBIT");
        bad["name"] = json!("x".repeat(101));
        let error = refused(internal(&api, bad).await, 400, "VALIDATION_FAILED");
        assert_eq!(
            field_errors(&error),
            pairs(&[("name", "TOO_LONG"), ("parentId", "INVALID_FORMAT"), ("accountHolderType", "INVALID_VALUE"), ("subtype", "INVALID_VALUE")])
        );
    }

    async fn a_new_default_account_clears_the_previous_one(app: TestApp) {
        let token = &app.bootstrap.token;
        let api = app.api(&app.bootstrap);
        let (usd, _) = business_accounts(&app, token).await;
        let holder = customer(&app, token).await;
        let mut first = seed_with_ids(SEED_GET_STARTED, &usd, &holder);
        first["defaultFlag"] = json!(true);
        let first = internal(&api, first).await.unwrap();
        let mut default_card = card_request(&holder, "4111111111111111");
        default_card["defaultFlag"] = json!(true);
        assert!(card(&api, default_card).await.unwrap().default_flag);
        assert!(!api.get_financial_account(&first.id, None).await.unwrap().default_flag);
        let query = FinancialAccountQuery { account_holder_id: Some(holder), default_flag: Some(true), ..Default::default() };
        assert_eq!(api.list_financial_accounts(&query).await.unwrap().total_elements, 1);
    }

    async fn external_bank_accounts_keep_only_the_tail(app: TestApp) {
        let token = &app.bootstrap.token;
        let api = app.api(&app.bootstrap);
        let holder = customer(&app, token).await;
        // Raw: the reference's sample in the older `state`/`country` spelling, which the client
        // does not write; the answer is read as the client's type.
        let answer = app.post("/v1/external-bank-accounts", token, &bank_request(&holder, "89674523")).await;
        let created: FinancialAccount = serde_json::from_value(TestApp::expect_json(answer, 201).await).unwrap();
        assert_eq!(created.category, "EXTERNAL");
        assert_eq!(created.masked_account_number, "******4523");
        assert_eq!(created.verification_status, "UNVERIFIED");
        assert_eq!(created.verification_method.as_deref(), Some("PRENOTE"));
        assert!(created.parent_id.is_none());
        let bank_json = json_of(&created)["bankAccount"].clone();
        assert_eq!(keys(&bank_json), BTreeSet::from(["bankName", "routingNo", "accountNumberTail", "billingAddress"].map(String::from)));
        assert_eq!(bank_json["accountNumberTail"], "4523");
        assert_eq!(bank_json["billingAddress"], json!({"addressLine1": "625 Queen St", "city": "Vancouver", "stateCode": "BC", "countryCode": "CAN", "postalCode": "V5K 0A1"}));
        assert!(!json_of(&created).to_string().contains("89674523"));
        let error = refused(bank(&api, bank_today(&holder, "89674523")).await, 409, "CONFLICT");
        assert_eq!(field_errors(&error), pairs(&[("bankAccount.accountNumber", "DUPLICATE")]));
        let mut bad = bank_today(&holder, "12");
        bad["bankAccount"]["routingNo"] = json!("123456789");
        bad["bankAccount"]["billingAddress"]["postalCode"] = json!("12345");
        let error = refused(bank(&api, bad).await, 400, "VALIDATION_FAILED");
        assert_eq!(
            field_errors(&error),
            pairs(&[("bankAccount.routingNo", "INVALID_FORMAT"), ("bankAccount.accountNumber", "INVALID_FORMAT"), ("bankAccount.billingAddress.postalCode", "INVALID_FORMAT")])
        );
        // Empty optional strings mean absent, as everywhere else; for USA/CAN the state is then
        // missing.
        let mut empty = bank_request(&holder, "11223344");
        empty["bankAccount"]["billingAddress"] = json!({"addressLine1": "1 Rue X", "city": "Lyon", "stateCode": "", "countryCode": "", "postalCode": ""});
        let created = bank(&api, empty.clone()).await.unwrap();
        assert_eq!(json_of(&created.bank_account.unwrap().billing_address), json!({"addressLine1": "1 Rue X", "city": "Lyon"}));
        empty["bankAccount"]["billingAddress"]["countryCode"] = json!("USA");
        let error = refused(bank(&api, empty).await, 400, "VALIDATION_FAILED");
        assert_eq!(field_errors(&error), pairs(&[("bankAccount.billingAddress.stateCode", "REQUIRED")]));
        let missing = json!({"name": "x", "accountHolderId": holder, "accountHolderType": "CUSTOMER", "subtype": "CHECKING"});
        let error = refused(bank(&api, missing).await, 400, "VALIDATION_FAILED");
        assert_eq!(field_errors(&error), pairs(&[("bankAccount", "REQUIRED")]));
    }

    async fn external_cards_keep_only_the_tail(app: TestApp) {
        let token = &app.bootstrap.token;
        let api = app.api(&app.bootstrap);
        let holder = customer(&app, token).await;
        let created = card(&api, card_request(&holder, "4000056655665556")).await.unwrap();
        assert_eq!((created.r#type.as_str(), created.subtype.as_str()), ("CARD", "DEBIT"));
        assert_eq!(created.masked_account_number, "******5556");
        assert!(created.verification_method.is_none());
        let card_json = json_of(&created)["card"].clone();
        assert_eq!(keys(&card_json), BTreeSet::from(["firstName", "middleName", "lastName", "cardNumberTail", "expiry", "billingAddress"].map(String::from)));
        assert_eq!((card_json["cardNumberTail"].as_str(), card_json["expiry"].as_str()), (Some("5556"), Some("2031-12")));
        assert!(!json_of(&created).to_string().contains("4000056655665556"));
        let duplicate = refused(card(&api, card_request(&holder, "4000056655665556")).await, 409, "CONFLICT");
        assert_eq!(field_errors(&duplicate), pairs(&[("card.cardNumber", "DUPLICATE")]));
        let mut bad = card_request(&holder, "4000056655665557");
        bad["card"]["expiry"] = json!("2020-01");
        bad["subtype"] = json!("GIFT");
        let error = refused(card(&api, bad).await, 400, "VALIDATION_FAILED");
        assert_eq!(field_errors(&error), pairs(&[("subtype", "INVALID_VALUE"), ("card.cardNumber", "INVALID_VALUE"), ("card.expiry", "OUT_OF_RANGE")]));
        let mut short = card_request(&holder, "4111");
        short["card"]["billingAddress"] = json!({"addressLine1": "1 Main St", "city": "Boston"});
        let error = refused(card(&api, short).await, 400, "VALIDATION_FAILED");
        assert_eq!(field_errors(&error), pairs(&[("card.cardNumber", "INVALID_FORMAT"), ("card.billingAddress.countryCode", "REQUIRED")]));
    }

    async fn integrated_accounts_need_accepted_agreements_and_an_active_customer(app: TestApp) {
        let token = &app.bootstrap.token;
        let api = app.api(&app.bootstrap);
        let (usd, _) = business_accounts(&app, token).await;
        let holder = customer(&app, token).await;
        let created = integrated(&api, integrated_request(&holder)).await.unwrap();
        assert_eq!(created.category, "INTEGRATED");
        assert_eq!(created.parent_id.as_deref(), Some(usd.as_str()));
        assert_eq!(created.verification_status, "APPROVED");
        let bank_account = created.bank_account.as_ref().unwrap();
        let number = bank_account.account_number.as_deref().unwrap();
        assert_eq!(number.len(), 12);
        assert_eq!(created.masked_account_number, format!("******{}", &number[8..]));
        assert_eq!(bank_account.name_on_account.as_deref(), Some("Sarah Green"));
        let mut declined = integrated_request(&holder);
        declined["acceptanceAgreements"][0]["accepted"] = json!(false);
        let error = refused(integrated(&api, declined).await, 400, "VALIDATION_FAILED");
        assert_eq!(field_errors(&error), pairs(&[("acceptanceAgreements[0].accepted", "INVALID_VALUE")]));
        api.suspend_customer(&holder).await.unwrap();
        let error = refused(integrated(&api, integrated_request(&holder)).await, 422, "BUSINESS_RULE_VIOLATION");
        assert_eq!(field_errors(&error), pairs(&[("accountHolderId", "INVALID_VALUE")]));
    }

    async fn the_list_mixes_summary_kinds_as_the_seed_shows(app: TestApp) {
        let token = &app.bootstrap.token;
        let api = app.api(&app.bootstrap);
        let (usd, _) = business_accounts(&app, token).await;
        let holder = customer(&app, token).await;
        internal(&api, seed_with_ids(SEED_GET_STARTED, &usd, &holder)).await.unwrap();
        card(&api, card_request(&holder, "4111111111111111")).await.unwrap();
        bank(&api, bank_today(&holder, "89674523")).await.unwrap();
        integrated(&api, integrated_request(&holder)).await.unwrap();
        let holders = |types: &str| FinancialAccountQuery { account_holder_types: Some(types.to_owned()), ..Default::default() };
        let oldest_first = FinancialAccountQuery { paging: PageQuery { sort: vec![Sort::asc("createdAt")], ..Default::default() }, ..holders("CUSTOMER") };
        let page = api.list_financial_accounts(&oldest_first).await.unwrap();
        assert_eq!(page.total_elements, 4);
        let content: Vec<Value> = page.content.iter().map(json_of).collect();
        let summary = ["id", "businessAccountId", "name", "defaultFlag", "currency", "accountHolderId", "accountHolderType",
            "state", "maskedAccountNumber", "createdAt", "updatedAt", "category", "type", "subtype"];
        for item in &content {
            for field in summary {
                assert!(item.get(field).is_some(), "{field} in {item}");
            }
            assert!(item.get("createdBy").is_none(), "summaries carry no audit actors");
        }
        assert!(content[0].get("card").is_none() && content[0].get("bankAccount").is_none(), "internal summary");
        assert!(content[1]["card"]["cardNumberTail"].is_string(), "card summary");
        assert!(content[2]["bankAccount"]["routingNo"].is_string(), "bank summary");
        assert!(content[3]["bankAccount"]["accountNumber"].is_string(), "integrated bank summary");
        let business = api.list_financial_accounts(&holders("BUSINESS_ACCOUNT")).await.unwrap();
        for item in &business.content {
            assert!(item.account_holder_id.is_none() && item.account_holder_type.is_none(), "{item:?}");
            assert_eq!(item.category, "INTEGRATED");
        }
        let mine = FinancialAccountQuery { account_holder_id: Some(app.bootstrap.id.clone()), ..Default::default() };
        assert_eq!(api.list_financial_accounts(&mine).await.unwrap().total_elements, 2, "the Business Account's id selects its business accounts");
        let cards = CustomerFinancialAccountQuery { account_type: Some("CARD".into()), ..Default::default() };
        assert_eq!(api.list_customer_financial_accounts(&holder, &cards).await.unwrap().total_elements, 1);
        assert_eq!(api.list_customer_financial_accounts(&holder, &Default::default()).await.unwrap().total_elements, 4);
    }

    // Raw: every query here is malformed on purpose.
    async fn bad_list_parameters_are_400(app: TestApp) {
        let token = &app.bootstrap.token;
        for (query, path, code) in [
            ("accountHolderTypes=CUSTOMER,EMPLOYEE", "accountHolderTypes", "INVALID_VALUE"),
            ("categories=INTERNAL,BANK", "categories", "INVALID_VALUE"),
            ("defaultFlag=yes", "defaultFlag", "INVALID_VALUE"),
            ("accountHolderId=abc", "accountHolderId", "INVALID_FORMAT"),
            ("parentId=abc", "parentId", "INVALID_FORMAT"),
            ("type=SAVINGS", "type", "INVALID_VALUE"),
            ("state=CLOSED", "state", "INVALID_VALUE"),
            ("sort=balance", "sort", "INVALID_VALUE"),
            ("name=%20", "name", "TOO_SHORT"),
            ("accountHolderType=CUSTOMER", "accountHolderType", "UNKNOWN_FIELD"),
        ] {
            let body = assert_error(app.get(&format!("/v1/financial-accounts?{query}"), token).await, 400, "INVALID_QUERY_PARAMETER").await;
            assert_eq!(crate::support::field_errors(&body), pairs(&[(path, code)]), "{query}");
        }
        let holder = customer(&app, token).await;
        let body = assert_error(app.get(&format!("/v1/customers/{holder}/financial-accounts?categories=INTERNAL"), token).await, 400, "INVALID_QUERY_PARAMETER").await;
        assert_eq!(crate::support::field_errors(&body), pairs(&[("categories", "UNKNOWN_FIELD")]));
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
            let account = openkor_domain::financial_account::FinancialAccount::business_checking(scope, currency, format!("77{n:010}"), app.clock.now());
            other.store.create_financial_account(&account, &[]).await.unwrap();
            newest_cad = Some(account.id);
        }
        other.close().await;
        let holder = customer(&app, token).await;
        let mut request = integrated_request(&holder);
        request["currency"] = json!("CAD");
        let created = integrated(&app.api(&app.bootstrap), request).await.unwrap();
        assert_eq!(created.parent_id, Some(newest_cad.unwrap().to_string()));
    }

    async fn another_tenants_accounts_are_404_on_every_route(app: TestApp) {
        let mine = app.api(&app.bootstrap);
        let theirs = app.tenant("Theirs", None).await;
        let their_api = app.api(&theirs);
        let (their_usd, _) = business_accounts(&app, &theirs.token).await;
        let their_holder = customer(&app, &theirs.token).await;
        let their_card = card(&their_api, card_request(&their_holder, "4111111111111111")).await.unwrap();
        let their_internal = internal(&their_api, seed_with_ids(SEED_GET_STARTED, &their_usd, &their_holder)).await.unwrap();
        for id in [their_card.id.as_str(), their_internal.id.as_str(), their_usd.as_str(), &uuid::Uuid::now_v7().to_string()] {
            refused(mine.get_financial_account(id, None).await, 404, "NOT_FOUND");
            refused(mine.get_balances(id).await, 404, "NOT_FOUND");
            refused(mine.delete_financial_account(id).await, 404, "NOT_FOUND");
            refused(mine.suspend_financial_account(id, None).await, 404, "NOT_FOUND");
            refused(mine.suspend_financial_account_older(id, None).await, 404, "NOT_FOUND");
            refused(mine.unsuspend_financial_account(id).await, 404, "NOT_FOUND");
        }
        refused(mine.list_customer_financial_accounts(&their_holder, &Default::default()).await, 404, "NOT_FOUND");
        let all = FinancialAccountQuery { paging: PageQuery { size: Some(100), ..Default::default() }, ..Default::default() };
        assert_eq!(mine.list_financial_accounts(&all).await.unwrap().total_elements, 2, "only my two business accounts");
        assert_eq!(their_api.get_financial_account(&their_card.id, None).await.unwrap().state, "ACTIVE");
    }

    async fn roles_without_account_rights_cannot_write(app: TestApp) {
        let tenant = &app.bootstrap;
        let (usd, _) = business_accounts(&app, &tenant.token).await;
        let holder = customer(&app, &tenant.token).await;
        let card_id = card(&app.api(tenant), card_request(&holder, "4111111111111111")).await.unwrap().id;
        for role in [Role::ViewOnly, Role::Clerk] {
            let api = app.api_with_role(tenant, role).await;
            refused(internal(&api, seed_with_ids(SEED_GET_STARTED, &usd, &holder)).await, 403, "FORBIDDEN");
            refused(bank(&api, bank_today(&holder, "89674523")).await, 403, "FORBIDDEN");
            refused(card(&api, card_request(&holder, "5555555555554444")).await, 403, "FORBIDDEN");
            refused(integrated(&api, integrated_request(&holder)).await, 403, "FORBIDDEN");
            refused(api.suspend_financial_account(&card_id, None).await, 403, "FORBIDDEN");
            refused(api.suspend_financial_account_older(&card_id, None).await, 403, "FORBIDDEN");
            refused(api.unsuspend_financial_account(&card_id).await, 403, "FORBIDDEN");
            refused(api.delete_financial_account(&card_id).await, 403, "FORBIDDEN");
            api.get_financial_account(&card_id, None).await.unwrap_or_else(|e| panic!("{role} reads: {e}"));
            api.list_customer_financial_accounts(&holder, &Default::default()).await.unwrap();
        }
        let finance = app.api_with_role(tenant, Role::Finance).await;
        card(&finance, card_request(&holder, "5555555555554444")).await.unwrap();
        refused(finance.create_customer(&typed::<CustomerRequest>(acme())).await, 403, "FORBIDDEN");
    }
}
