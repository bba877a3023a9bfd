//! The transaction bodies: amounts read exactly, ids, outcomes, and the shapes written.

use super::*;
use crate::extract::json::parse;
use openkor_domain::actor::Actor;
use openkor_domain::clock::Timestamp;
use openkor_domain::ids::{BusinessAccountId, TransactionId, TransactionStatusId};
use openkor_domain::money::Currency;
use openkor_domain::money::format_minor;
use openkor_domain::transaction::{
    DepositDraft, StatusRecord, Transaction, TransactionDraft, TransactionStatus,
};
use openkor_domain::transaction::{
    HistoryEventType, ReversalReason, SettlementPriority, Solution, TransactionType,
};
use openkor_domain::validation::FieldErrorCode;
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use uuid::Uuid;

const DEBIT: &str = "0190f5a8-7c1e-7d3a-9b2c-3d4e5f607182";
const CREDIT: &str = "0190f5a8-7c1e-7d3a-9b2c-3d4e5f607183";

fn amount_of(body: &str) -> Option<String> {
    parse::<TransactionRequest>(body.as_bytes())
        .expect("valid")
        .amount
}

fn refused_field(body: &str) -> (String, FieldErrorCode) {
    let error = parse::<TransactionRequest>(body.as_bytes()).expect_err("refused");
    error.first_field().expect("a field error")
}

#[test]
fn amounts_are_strings_or_numbers_passed_on_as_decimal_text() {
    assert_eq!(
        amount_of(r#"{"amount":"1000.00"}"#).as_deref(),
        Some("1000.00")
    );
    assert_eq!(amount_of(r#"{"amount":1000.00}"#).as_deref(), Some("1000"));
    assert_eq!(amount_of(r#"{"amount":10.05}"#).as_deref(), Some("10.05"));
    assert_eq!(amount_of(r#"{"amount":0.1}"#).as_deref(), Some("0.1"));
    assert_eq!(amount_of(r#"{"amount":250}"#).as_deref(), Some("250"));
    assert_eq!(amount_of(r#"{"amount":-3}"#).as_deref(), Some("-3"));
    assert_eq!(
        amount_of(r#"{"amount":99999999.99}"#).as_deref(),
        Some("99999999.99")
    );
    assert_eq!(amount_of(r#"{"amount":null}"#), None);
    assert_eq!(amount_of("{}"), None);
    for body in [
        r#"{"amount":true}"#,
        r#"{"amount":{}}"#,
        r#"{"amount":[1]}"#,
    ] {
        let error = parse::<TransactionRequest>(body.as_bytes()).expect_err(body);
        assert_eq!(
            error.first_field(),
            Some(("amount".to_owned(), FieldErrorCode::InvalidType)),
            "{body}"
        );
        assert!(format!("{error:?}").contains("must be a string"), "{body}");
    }
}

#[test]
fn every_exact_two_place_amount_survives_a_number() {
    // Every cent up to 1,000.00 and a sweep of larger ones reach the domain unchanged.
    let cents = (0..=100_000_i64).chain((0..=10_000_000_000).step_by(9_999_991));
    for minor in cents {
        let text = format_minor(minor);
        let body = format!(r#"{{"amount":{text}}}"#);
        let passed = amount_of(&body).expect("an amount");
        assert_eq!(
            openkor_domain::money::parse_minor(&passed),
            Ok(minor),
            "{text} became {passed}"
        );
    }
}

#[test]
fn ids_must_be_canonical_and_unknown_fields_are_refused() {
    let body = format!(
        r#"{{"debitFinancialAccountId":"{DEBIT}","creditFinancialAccountId":"{CREDIT}",
           "initiatorAccountHolderId":"{DEBIT}","metadata":{{"k":"v"}}}}"#
    );
    let draft =
        TransactionDraft::from(parse::<TransactionRequest>(body.as_bytes()).expect("valid"));
    assert_eq!(
        draft
            .credit_financial_account_id
            .map(|id| id.to_string())
            .as_deref(),
        Some(CREDIT)
    );
    assert_eq!(
        draft
            .initiator_account_holder_id
            .map(|id| id.to_string())
            .as_deref(),
        Some(DEBIT)
    );
    assert_eq!(draft.metadata.map(|m| m.len()), Some(1));
    assert_eq!(
        refused_field(r#"{"debitFinancialAccountId":"nope"}"#),
        (
            "debitFinancialAccountId".to_owned(),
            FieldErrorCode::InvalidFormat
        )
    );
    assert_eq!(
        refused_field(&format!(
            r#"{{"initiatorAccountHolderId":"{}"}}"#,
            DEBIT.to_uppercase()
        )),
        (
            "initiatorAccountHolderId".to_owned(),
            FieldErrorCode::InvalidFormat
        )
    );
    assert_eq!(
        refused_field(r#"{"externalTransactionInitiatorId":"x"}"#),
        (
            "externalTransactionInitiatorId".to_owned(),
            FieldErrorCode::UnknownField
        )
    );
    assert_eq!(
        refused_field(r#"{"metadata":{"a":"1","a":"2"}}"#),
        ("metadata.a".to_owned(), FieldErrorCode::Inconsistent)
    );
}

#[test]
fn deposits_and_simulations_take_their_fields_only() {
    let body = format!(r#"{{"financialAccountId":"{CREDIT}","amount":12.5}}"#);
    let draft = DepositDraft::from(parse::<DepositRequest>(body.as_bytes()).expect("valid"));
    assert_eq!(draft.amount.as_deref(), Some("12.5"));
    assert_eq!(draft.currency, None);
    let error = parse::<DepositRequest>(br#"{"memo":"x"}"#).expect_err("unknown");
    assert_eq!(
        error.first_field(),
        Some(("memo".to_owned(), FieldErrorCode::UnknownField))
    );
    let simulation = |body: &str| {
        parse::<SimulateRequest>(body.as_bytes())
            .expect("valid")
            .simulation()
            .map_err(|errors| {
                errors
                    .into_errors()
                    .into_iter()
                    .map(|e| (e.path, e.code))
                    .collect::<Vec<_>>()
            })
    };
    let outcome = |body: &str| simulation(body).map_err(|errors| errors[0].1);
    for (body, status) in [
        (r#"{"outcome":"SETTLED"}"#, TransactionStatus::Settled),
        (r#"{"outcome":"CLEARED"}"#, TransactionStatus::Settled),
        (r#"{"outcome":"DECLINED"}"#, TransactionStatus::Declined),
        (r#"{"outcome":"ERROR"}"#, TransactionStatus::Error),
    ] {
        assert_eq!(outcome(body), Ok(Simulation::Outcome(status)), "{body}");
    }
    for body in [r#"{"outcome":"settled"}"#, r#"{"outcome":"PENDING"}"#] {
        assert_eq!(outcome(body), Err(FieldErrorCode::InvalidValue), "{body}");
    }
    assert_eq!(outcome("{}"), Err(FieldErrorCode::Required));
    let r01 = openkor_domain::transaction::return_code("R01").expect("known");
    assert_eq!(
        outcome(r#"{"outcome":"RETURNED","reasonCode":"R01"}"#),
        Ok(Simulation::Return(r01))
    );
    let field = |path: &str, code| vec![(path.to_owned(), code)];
    assert_eq!(
        simulation(r#"{"outcome":"RETURNED"}"#),
        Err(field("reasonCode", FieldErrorCode::Required))
    );
    assert_eq!(
        simulation(r#"{"outcome":"RETURNED","reasonCode":"R99"}"#),
        Err(field("reasonCode", FieldErrorCode::InvalidValue))
    );
    assert_eq!(
        simulation(r#"{"outcome":"SETTLED","reasonCode":"R01"}"#),
        Err(field("reasonCode", FieldErrorCode::Inconsistent))
    );
}

fn record(status: TransactionStatus, at_ms: i64) -> StatusRecord {
    StatusRecord {
        id: TransactionStatusId::new(),
        transaction_id: TransactionId::new(),
        parent_transaction_id: None,
        status,
        event_type: HistoryEventType::Create,
        message: "Transaction creation successful".into(),
        description: "New transaction created".into(),
        created_by: Actor::INTERNAL,
        created_at: Timestamp::from_unix_ms(at_ms),
    }
}

fn transaction() -> Transaction {
    Transaction {
        id: TransactionId::new(),
        business_account_id: BusinessAccountId::new(),
        debit_financial_account_id: Some(DEBIT.parse().expect("id")),
        credit_financial_account_id: CREDIT.parse().expect("id"),
        debit_account_tail: Some("6790".into()),
        credit_account_tail: "1234".into(),
        transaction_type: TransactionType::Send,
        solution: Solution::Ach,
        payment_reason_id: "loan-payouts".into(),
        amount_minor: 100_000,
        currency: Currency::Usd,
        settlement_priority: SettlementPriority::SameDay,
        description: None,
        memo: None,
        metadata: BTreeMap::new(),
        initiator_account_holder_id: None,
        parent_transaction_id: None,
        reversal_reason: None,
        latest_status: record(TransactionStatus::New, 1_625_161_222_601),
        created_by: Actor::service_account(Uuid::nil()),
        created_at: Timestamp::from_unix_ms(1_625_161_222_601),
    }
}

fn json_of(body: &impl Serialize) -> Value {
    serde_json::to_value(body).expect("serialisable")
}

#[test]
fn a_transaction_has_the_reference_fields_and_omits_empty_ones() {
    let t = transaction();
    let body = json_of(&TransactionBody::from(&t));
    let expected = json!({
        "id": t.id.to_string(),
        "businessAccountId": t.business_account_id.to_string(),
        "metadata": {},
        "debitFinancialAccountId": DEBIT,
        "creditFinancialAccountId": CREDIT,
        "maskedDebitAccountNumber": "******6790",
        "maskedCreditAccountNumber": "******1234",
        "transactionType": "SEND",
        "solution": "ach",
        "paymentReasonId": "loan-payouts",
        "paymentReason": "Loan Payouts",
        "amount": "1000.00",
        "currency": "USD",
        "settlementPriority": "SAME_DAY",
        "latestStatus": {
            "status": "NEW",
            "message": "Transaction creation successful",
            "createdBy": {"id": "", "type": "internal"},
            "createdAt": "2021-07-01T17:40:22.601Z"
        },
        "createdBy": {"id": Uuid::nil().to_string(), "type": "service-account"},
        "createdAt": "2021-07-01T17:40:22.601Z"
    });
    assert_eq!(body, expected);
}

#[test]
fn a_deposit_has_no_debit_side_and_a_reversal_names_its_parent() {
    let parent = TransactionId::new();
    let t = Transaction {
        debit_financial_account_id: None,
        debit_account_tail: None,
        transaction_type: TransactionType::Reversal,
        payment_reason_id: "no-such-reason".into(),
        metadata: BTreeMap::from([("k".to_owned(), "v".to_owned())]),
        memo: Some("m".into()),
        parent_transaction_id: Some(parent),
        reversal_reason: Some(ReversalReason::DuplicatePayment),
        ..transaction()
    };
    let body = json_of(&TransactionBody::from(&t));
    for absent in [
        "debitFinancialAccountId",
        "maskedDebitAccountNumber",
        "paymentReason",
        "description",
        "initiatorAccountHolderId",
        "_embedded",
    ] {
        assert!(body.get(absent).is_none(), "{absent}: {body}");
    }
    assert_eq!(body["metadata"], json!({"k": "v"}));
    assert_eq!(body["memo"], "m");
    assert_eq!(body["parentTransactionId"], parent.to_string());
    assert_eq!(body["reversalReason"], "DUPLICATE_PAYMENT");
}

#[test]
fn history_entries_omit_a_missing_parent() {
    let entry = record(TransactionStatus::Pending, 0);
    let body = json_of(&TransactionHistoryBody::from(&entry));
    assert_eq!(
        body,
        json!({
            "id": entry.id.to_string(),
            "transactionId": entry.transaction_id.to_string(),
            "eventType": "CREATE",
            "status": "PENDING",
            "description": "New transaction created",
            "createdBy": {"id": "", "type": "internal"},
            "createdAt": "1970-01-01T00:00:00.000Z"
        })
    );
    let parent = TransactionId::new();
    let child = StatusRecord {
        parent_transaction_id: Some(parent),
        ..entry
    };
    assert_eq!(
        json_of(&TransactionHistoryBody::from(&child))["parentTransactionId"],
        parent.to_string()
    );
    assert_eq!(
        json_of(&TransactionStatusBody::from(&child)),
        json!({
            "status": "PENDING",
            "message": "Transaction creation successful",
            "createdBy": {"id": "", "type": "internal"},
            "createdAt": "1970-01-01T00:00:00.000Z"
        })
    );
}
