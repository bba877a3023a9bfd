use super::*;
use time::macros::date;

const TODAY: time::Date = date!(2026 - 11 - 21);
const CUSTOMER: &str = "0192f7a4-6d1e-7c3b-9f7e-3a2b1c0d4e5f";

fn paths(errors: &ValidationErrors) -> Vec<(&str, FieldErrorCode)> {
    errors
        .errors()
        .iter()
        .map(|e| (e.path.as_str(), e.code))
        .collect()
}

fn address() -> BillingAddressDraft {
    BillingAddressDraft {
        address_line1: Some("625 Queen St".into()),
        city: Some("Vancouver".into()),
        state_code: Some("BC".into()),
        country_code: Some("CAN".into()),
        postal_code: Some("V5K 0A1".into()),
        ..BillingAddressDraft::default()
    }
}

/// The shared fields of a valid request for the customer.
fn holder_account(name: &str, subtype: &str) -> HolderAccountDraft {
    HolderAccountDraft {
        name: Some(name.into()),
        account_holder_id: Some(CUSTOMER.into()),
        account_holder_type: Some("CUSTOMER".into()),
        subtype: Some(subtype.into()),
        ..HolderAccountDraft::default()
    }
}

#[test]
fn the_minimal_internal_request_of_the_guide_is_valid() {
    let draft = InternalDraft {
        name: Some("ABC Internal Account".into()),
        parent_id: Some(CUSTOMER.into()),
        account_holder_id: Some(CUSTOMER.into()),
        account_holder_type: Some("CUSTOMER".into()),
        ..InternalDraft::default()
    };
    let valid = draft.validate().expect("valid");
    assert_eq!(
        (valid.subtype, valid.default_flag, valid.currency),
        (Subtype::Checking, false, None)
    );
}

#[test]
fn internal_requests_report_every_problem() {
    let draft = InternalDraft {
        name: Some(String::new()),
        parent_id: Some("4563ee45-446e-4c6e-83d8-2d5767614a5".into()),
        currency: Some("EUR".into()),
        account_holder_type: Some("RECIPIENT".into()),
        subtype: Some("DEBIT".into()),
        ..InternalDraft::default()
    };
    let errors = draft.validate().expect_err("invalid");
    assert_eq!(
        paths(&errors),
        vec![
            ("name", FieldErrorCode::TooShort),
            ("parentId", FieldErrorCode::InvalidFormat),
            ("currency", FieldErrorCode::InvalidValue),
            ("accountHolderType", FieldErrorCode::InvalidValue),
            ("accountHolderId", FieldErrorCode::Required),
            ("subtype", FieldErrorCode::InvalidValue),
        ]
    );
}

#[test]
fn external_bank_accounts_check_routing_number_account_number_and_address() {
    let draft = ExternalBankDraft {
        account: holder_account("Checking", "CHECKING"),
        bank_account: Some(ExternalBankAccountDraft {
            bank_name: Some("Citibank".into()),
            routing_no: Some("321171184".into()),
            account_number: Some("89674523".into()),
            billing_address: Some(address()),
            ..ExternalBankAccountDraft::default()
        }),
    };
    let valid = draft.validate().expect("valid");
    assert_eq!(valid.number, "89674523");
    assert_eq!(valid.account.currency, Currency::Usd);
    let mut bad = draft.clone();
    if let Some(bank) = &mut bad.bank_account {
        bank.routing_no = Some("321171185".into());
        bank.account_number = Some("12".into());
        bank.billing_address = Some(BillingAddressDraft {
            state_code: None,
            ..address()
        });
    }
    let errors = bad.validate().expect_err("invalid");
    assert_eq!(
        paths(&errors),
        vec![
            ("bankAccount.routingNo", FieldErrorCode::InvalidFormat),
            ("bankAccount.accountNumber", FieldErrorCode::InvalidFormat),
            (
                "bankAccount.billingAddress.stateCode",
                FieldErrorCode::Required
            ),
        ]
    );
}

#[test]
fn external_cards_check_number_expiry_and_address() {
    let draft = ExternalCardDraft {
        account: holder_account("Debit Card", "DEBIT"),
        card: Some(CardDraft {
            first_name: Some("Mark".into()),
            last_name: Some("Strong".into()),
            card_number: Some("4111111111111111".into()),
            expiry: Some("2027-12".into()),
            billing_address: Some(address()),
            ..CardDraft::default()
        }),
    };
    assert_eq!(
        draft.validate(TODAY).expect("valid").number,
        "4111111111111111"
    );
    let mut bad = draft.clone();
    if let Some(card) = &mut bad.card {
        card.card_number = Some("4111111111111112".into());
        card.expiry = Some("2025-01".into());
        card.billing_address = Some(BillingAddressDraft {
            country_code: None,
            state_code: None,
            ..address()
        });
    }
    bad.account.subtype = Some("GIFT".into());
    let errors = bad.validate(TODAY).expect_err("invalid");
    assert_eq!(
        paths(&errors),
        vec![
            ("subtype", FieldErrorCode::InvalidValue),
            ("card.cardNumber", FieldErrorCode::InvalidValue),
            ("card.expiry", FieldErrorCode::OutOfRange),
            ("card.billingAddress.countryCode", FieldErrorCode::Required),
        ]
    );
}

#[test]
fn integrated_accounts_need_accepted_agreements() {
    let agreement = AgreementDraft {
        document_id: Some("kor-privacy-policy".into()),
        document_version: Some("version-1.2.3".into()),
        accepted: Some(true),
        responded_at: Some("2024-02-02T03:15:50.422Z".into()),
    };
    let draft = IntegratedBankDraft {
        account: holder_account("Everyday", "SAVING"),
        acceptance_agreements: Some(vec![agreement.clone()]),
    };
    assert_eq!(draft.validate().expect("valid").agreements.len(), 1);
    let declined = IntegratedBankDraft {
        acceptance_agreements: Some(vec![
            AgreementDraft {
                accepted: Some(false),
                ..agreement.clone()
            },
            AgreementDraft {
                responded_at: Some("yesterday".into()),
                ..agreement
            },
        ]),
        ..draft.clone()
    };
    let errors = declined.validate().expect_err("declined");
    assert_eq!(
        paths(&errors),
        vec![
            (
                "acceptanceAgreements[0].accepted",
                FieldErrorCode::InvalidValue
            ),
            (
                "acceptanceAgreements[1].respondedAt",
                FieldErrorCode::InvalidFormat
            ),
        ]
    );
    let none = IntegratedBankDraft {
        acceptance_agreements: Some(vec![]),
        ..draft
    };
    assert_eq!(
        paths(&none.validate().expect_err("empty")),
        vec![("acceptanceAgreements", FieldErrorCode::OutOfRange)]
    );
}
