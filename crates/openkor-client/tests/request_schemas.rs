//! Drift check: a representative value of every typed request body serialises to JSON that
//! the OpenAPI document's request-body schema of its operation accepts (draft 2020-12, formats
//! checked), and every operation the document gives a body has such a value here.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod support;

use openkor_client::models::*;
use openkor_testkit::contract::{Contract, Operation};
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use support::fixtures;

const ID: &str = "0190f1a2-7b3c-7d4e-8f90-a1b2c3d4e5f6";

/// `(operationId, body)` for every request body the client sends.
fn samples() -> Vec<(&'static str, Value)> {
    fn json(value: impl Serialize) -> Value {
        serde_json::to_value(value).expect("a request serialises")
    }
    let suspend = SuspendRequest {
        state_reason: Some("fraud review".to_owned()),
    };
    let limits = BTreeMap::from([(
        ID.to_owned(),
        LimitUpdate {
            amount: Some(Amount::from("250.00")),
        },
    )]);
    vec![
        ("create_customer", json(fixtures::sarah())),
        ("create_customer", json(fixtures::acme())),
        (
            "update_customer",
            json(CustomerUpdate {
                last_name: Patch::Value("Brown".to_owned()),
                middle_name: Patch::Null,
                ..Default::default()
            }),
        ),
        (
            "update_customer",
            json(CustomerUpdate {
                addresses: Patch::Value(vec![
                    Address {
                        id: Some(ID.to_owned()),
                        remove: Some(true),
                        ..Default::default()
                    },
                    fixtures::address("MAILING"),
                ]),
                contacts: Patch::Value(vec![ContactRequest {
                    id: Some(ID.to_owned()),
                    remove: Some(true),
                    ..Default::default()
                }]),
                metadata: Patch::Value(BTreeMap::from([
                    ("tier".to_owned(), Some("gold".to_owned())),
                    ("old".to_owned(), None),
                ])),
                ..Default::default()
            }),
        ),
        ("create_beneficiary", json(fixtures::owner())),
        (
            "update_beneficiary",
            json(BeneficiaryUpdate {
                title: Patch::Value("CFO".to_owned()),
                sex: Patch::Null,
                ..Default::default()
            }),
        ),
        ("create_internal", json(fixtures::internal(ID, ID))),
        (
            "create_external_bank",
            json(fixtures::bank(ID, "123456789")),
        ),
        (
            "create_external_card",
            json(fixtures::card(ID, "4111111111111111")),
        ),
        ("create_integrated_bank", json(fixtures::integrated(ID))),
        ("suspend", json(&suspend)),
        ("suspend_older", json(&suspend)),
        (
            "verify",
            json(VerifyRequest {
                method: Some("PRENOTE".to_owned()),
                financial_account_ids: Some(vec![ID.to_owned()]),
            }),
        ),
        (
            "create_transaction",
            json(fixtures::send(ID, ID, "ach", "10.00")),
        ),
        (
            "edit_transaction",
            json(EditRequest {
                debit_financial_account_id: Some(ID.to_owned()),
                credit_financial_account_id: Some(ID.to_owned()),
                amount: Some(Amount::from("12.50")),
                payment_reason_id: Some("loan-payouts".to_owned()),
                description: Some("corrected".to_owned()),
            }),
        ),
        (
            "reverse_transaction",
            json(ReverseRequest {
                reversal_reason: Some("INCORRECT_AMOUNT".to_owned()),
                correction_amount: Some(Amount::from("1.00")),
                correction_financial_account_id: Some(ID.to_owned()),
            }),
        ),
        (
            "create_stp_transaction",
            json(fixtures::stp(ID, "stp-key-1")),
        ),
        ("create_deposit", json(fixtures::deposit(ID, "100.00"))),
        (
            "simulate",
            json(SimulateRequest {
                outcome: Some("RETURNED".to_owned()),
                reason_code: Some("R01".to_owned()),
            }),
        ),
        ("update_limits", json(limits)),
        ("create_recipient", json(fixtures::ana())),
        (
            "update_recipient",
            json(RecipientUpdate {
                state: Patch::Value("SUSPENDED".to_owned()),
                nationality: Patch::Null,
                ..Default::default()
            }),
        ),
        (
            "create_subscription",
            json(fixtures::subscription("https://example.com/hooks")),
        ),
        (
            "update_subscription",
            json(WebhookSubscriptionUpdate {
                description: Patch::Null,
                ..Default::default()
            }),
        ),
    ]
}

/// The document, as a contract to check bodies against (`openkor_testkit::contract`, the
/// same check the server's HTTP suite puts on every response).
fn contract() -> Contract {
    let document = serde_json::to_value(openkor_http::openapi::document()).expect("JSON");
    Contract::new(document)
}

/// The operation whose id is `id`.
fn operation<'c>(contract: &'c Contract, id: &str) -> Option<&'c Operation> {
    contract
        .operations()
        .iter()
        .find(|operation| operation.id == id)
}

/// The ids of the operations the document gives a JSON request body.
fn documented_bodies(contract: &Contract) -> BTreeSet<String> {
    contract
        .operations()
        .iter()
        .filter(|operation| contract.request_body_schema(operation).is_some())
        .map(|operation| operation.id.clone())
        .collect()
}

#[test]
fn every_typed_request_body_is_valid_against_its_documented_schema() {
    let contract = contract();
    let mut failures = Vec::new();
    for (id, body) in samples() {
        let Some(operation) = operation(&contract, id) else {
            failures.push(format!("{id}: no such operation"));
            continue;
        };
        if let Err(violation) = contract.check_request_body_of(operation, &body) {
            failures.push(format!("{id}: {violation}\n  body: {body}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_documented_request_body_has_a_typed_sample() {
    let documented = documented_bodies(&contract());
    let sampled: BTreeSet<String> = samples().into_iter().map(|(id, _)| id.to_owned()).collect();
    let missing: Vec<_> = documented.difference(&sampled).collect();
    assert!(
        missing.is_empty(),
        "request bodies with no typed sample: {missing:?}"
    );
}

#[test]
fn a_schema_check_refuses_what_the_document_refuses() {
    // The check itself must bite: an unknown member is refused by the closed request schemas.
    let contract = contract();
    let create = operation(&contract, "create_customer").expect("create_customer");
    let body = json!({"type": "INDIVIDUAL", "firstNme": "typo"});
    assert!(contract.check_request_body_of(create, &body).is_err());
}
