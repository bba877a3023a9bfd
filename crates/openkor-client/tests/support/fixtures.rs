//! Typed request bodies the tests send: the reference's samples, as the client builds them.

use openkor_client::models::*;
use std::collections::BTreeMap;

fn some(text: &str) -> Option<String> {
    Some(text.to_owned())
}

/// The seed page's individual, Sarah Green.
pub fn sarah() -> CustomerRequest {
    CustomerRequest {
        r#type: some("INDIVIDUAL"),
        first_name: some("Sarah"),
        last_name: some("Green"),
        primary_phone_number: Some(PhoneNumberRequest {
            number: some("+15556589"),
            r#type: some("WORK"),
            ..Default::default()
        }),
        primary_email: Some(EmailRequest {
            value: some("sgreen@abc.com"),
            ..Default::default()
        }),
        date_of_birth: some("1990-02-28"),
        addresses: Some(vec![address("MAILING")]),
        external_id: some("ext-sarah"),
        metadata: Some(BTreeMap::from([("tier".to_owned(), "gold".to_owned())])),
        ..Default::default()
    }
}

/// A business customer with one contact.
pub fn acme() -> CustomerRequest {
    CustomerRequest {
        r#type: some("BUSINESS"),
        business_name: some("ACME"),
        doing_business_as_name: some("ACME"),
        website: some("https://acme.com"),
        contacts: Some(vec![ContactRequest {
            first_name: some("Jack"),
            last_name: some("Smith"),
            primary: Some(true),
            primary_phone_number: Some(PhoneNumberRequest {
                number: some("+14151234"),
                r#type: some("WORK"),
                ..Default::default()
            }),
            primary_email: Some(EmailRequest {
                value: some("jsmith@acme.com"),
                ..Default::default()
            }),
            ..Default::default()
        }]),
        addresses: Some(vec![address("PHYSICAL"), address("SHIPPING")]),
        ..Default::default()
    }
}

/// An address of `kind` in Greenville, MO (SHIPPING ones name their recipient).
pub fn address(kind: &str) -> Address {
    let name = (kind == "SHIPPING").then(|| PersonName {
        first_name: some("Jack"),
        last_name: some("Smith"),
        ..Default::default()
    });
    Address {
        r#type: some(kind),
        name,
        street_line1: some("100 Main St"),
        city_name: some("Greenville"),
        state_code: some("MO"),
        country_code: some("USA"),
        zip_code: some("63368"),
        ..Default::default()
    }
}

/// A beneficial owner who controls the business.
pub fn owner() -> BeneficiaryRequest {
    BeneficiaryRequest {
        first_name: some("Jane"),
        last_name: some("Doe"),
        date_of_birth: some("1980-01-31"),
        social_id: some("123456789"),
        social_id_country_code: some("USA"),
        citizenship_country_code: some("USA"),
        ownership_percentage: some("25.5"),
        controller: Some(true),
        place_of_birth: Some(PlaceOfBirth {
            city: some("Boston"),
            country_code: some("USA"),
        }),
        addresses: Some(vec![address("PHYSICAL")]),
        ..Default::default()
    }
}

/// An internal account of `holder` under the Business Account's account `parent`.
pub fn internal(parent: &str, holder: &str) -> InternalAccountRequest {
    InternalAccountRequest {
        name: some("ABC Internal Account"),
        parent_id: some(parent),
        account_holder_id: some(holder),
        account_holder_type: some("CUSTOMER"),
        currency: some("USD"),
        ..Default::default()
    }
}

fn billing_address() -> BillingAddressRequest {
    BillingAddressRequest {
        address_line1: some("625 Queen St"),
        city: some("Vancouver"),
        state_code: some("BC"),
        country_code: some("CAN"),
        postal_code: some("V5K 0A1"),
        ..Default::default()
    }
}

/// A debit card of `holder`.
pub fn card(holder: &str, number: &str) -> ExternalCardRequest {
    ExternalCardRequest {
        name: some("Debit Card"),
        account_holder_id: some(holder),
        account_holder_type: some("CUSTOMER"),
        subtype: some("DEBIT"),
        card: Some(CardRequest {
            first_name: some("Mark"),
            middle_name: some("David"),
            last_name: some("Strong"),
            card_number: some(number),
            expiry: some("2031-12"),
            billing_address: Some(billing_address()),
        }),
        ..Default::default()
    }
}

/// A checking account of `holder` at Citibank.
pub fn bank(holder: &str, number: &str) -> ExternalBankAccountRequest {
    ExternalBankAccountRequest {
        name: some("Checking"),
        account_holder_id: some(holder),
        account_holder_type: some("CUSTOMER"),
        subtype: some("CHECKING"),
        bank_account: Some(BankAccountRequest {
            bank_name: some("Citibank"),
            routing_no: some("321171184"),
            account_number: some(number),
            billing_address: Some(billing_address()),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// An integrated checking account of `holder`.
pub fn integrated(holder: &str) -> IntegratedBankAccountRequest {
    IntegratedBankAccountRequest {
        name: some("Everyday"),
        subtype: some("CHECKING"),
        account_holder_id: some(holder),
        account_holder_type: some("CUSTOMER"),
        acceptance_agreements: Some(vec![AgreementRequest {
            document_id: some("kor-privacy-policy"),
            document_version: some("version-1.2.3"),
            accepted: Some(true),
            responded_at: some("2026-11-20T10:00:00Z"),
        }]),
        ..Default::default()
    }
}

/// A SEND of `amount` USD.
pub fn send(debit: &str, credit: &str, solution: &str, amount: &str) -> TransactionRequest {
    TransactionRequest {
        debit_financial_account_id: some(debit),
        credit_financial_account_id: some(credit),
        transaction_type: some("SEND"),
        solution: some(solution),
        payment_reason_id: some("loan-payouts"),
        amount: Some(Amount::from(amount)),
        currency: some("USD"),
        memo: some("rent"),
        metadata: Some(BTreeMap::from([("order".to_owned(), "42".to_owned())])),
        ..Default::default()
    }
}

/// A sandbox deposit of `amount` into `account`.
pub fn deposit(account: &str, amount: &str) -> DepositRequest {
    DepositRequest {
        financial_account_id: some(account),
        amount: Some(Amount::from(amount)),
        currency: some("USD"),
    }
}

/// A Recipient, Ana Silva.
pub fn ana() -> RecipientRequest {
    RecipientRequest {
        first_name: some("Ana"),
        last_name: some("Silva"),
        email: some("Ana.Silva@example.com"),
        phone_number: some("555-555-5555"),
        date_of_birth: some("1991-05-04"),
        ..Default::default()
    }
}

/// A subscription to customer status changes at `url`.
pub fn subscription(url: &str) -> WebhookSubscriptionRequest {
    WebhookSubscriptionRequest {
        url: some(url),
        description: some("test receiver"),
        event_types: Some(vec!["customer.status-updated".to_owned()]),
    }
}

/// An STP payout to a new card of Ana Silva from `debit`.
pub fn stp(debit: &str, key: &str) -> StpRequest {
    StpRequest {
        idempotency_key: some(key),
        entity: Some(StpEntityRequest {
            category: some("INDIVIDUAL"),
            first_name: some("Ana"),
            last_name: some("Silva"),
            email: some("ana@example.com"),
            ..Default::default()
        }),
        financial: Some(StpFinancialRequest {
            card_data: Some(StpCardRequest {
                card_number: some("4111111111111111"),
                expiry: some("2031-12"),
            }),
            billing_address: Some(billing_address()),
        }),
        debit_financial_account_id: some(debit),
        amount: Some(Amount::from("5.00")),
        currency: some("USD"),
        payment_reason_id: some("loan-payouts"),
        ..Default::default()
    }
}
