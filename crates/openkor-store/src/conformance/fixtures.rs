//! Valid domain values for conformance cases.

use crate::Provisioning;
use openkor_domain::actor::Actor;
use openkor_domain::address::{Address, AddressType, PersonName};
use openkor_domain::beneficiary::{Beneficiary, BeneficiaryData, PlaceOfBirth, Sex};
use openkor_domain::business_account::{BusinessAccount, VerificationStatus};
use openkor_domain::clock::Timestamp;
use openkor_domain::contact::{Contact, Email, PhoneNumber, PhoneType};
use openkor_domain::customer::{
    BusinessProfile, Customer, CustomerData, CustomerProfile, CustomerStatus, IndividualProfile,
};
use openkor_domain::financial_account::{
    AccountDetails, AccountHolder, AccountState, AccountType, AccountVerificationStatus, Agreement,
    BankDetails, BillingAddress, CardDetails, Category, FinancialAccount, Subtype,
    VerificationMethod,
};
use openkor_domain::ids::{AddressId, BeneficiaryId, ContactId, CustomerId, FinancialAccountId};
use openkor_domain::ids::{BusinessAccountId, ServiceAccountId};
use openkor_domain::money::Currency;
use openkor_domain::role::Role;
use openkor_domain::service_account::{ApiKey, NewServiceAccount, SecretHash};
use std::collections::BTreeMap;

/// The data keys conformance stores seal with: one fixed key.
pub fn data_keys() -> crate::sealing::DataKeys {
    crate::sealing::DataKeys::new(crate::sealing::DataKey::from_bytes([0x5e; 32]), None)
        .expect("one key")
}

/// A fixed instant all fixtures start from: 2024-01-02T03:04:05.678Z.
pub const T0: Timestamp = Timestamp::from_unix_ms(1_704_164_645_678);

/// A unique API key derived from a fresh UUID.
pub fn api_key() -> ApiKey {
    ApiKey::from_random(uuid::Uuid::new_v4().as_bytes())
}

/// A unique 12-digit account number derived from a fresh UUID.
pub fn account_number() -> String {
    let value = uuid::Uuid::new_v4().as_u128() % 1_000_000_000_000;
    format!("{value:012}")
}

/// A new Service Account of `business_account_id`.
pub fn service_account(business_account_id: BusinessAccountId, role: Role) -> NewServiceAccount {
    NewServiceAccount {
        id: ServiceAccountId::new(),
        business_account_id,
        name: "fixture".to_owned(),
        role,
        api_key: api_key(),
        secret_hash: SecretHash([9; 32]),
    }
}

/// A business Financial Account of `business_account_id` in `currency`.
pub fn business_financial_account(
    business_account_id: BusinessAccountId,
    currency: Currency,
    at: Timestamp,
) -> FinancialAccount {
    FinancialAccount::business_checking(business_account_id, currency, account_number(), at)
}

/// A Business Account named `name` under `parent`, created at `at`, with USD and CAD business
/// accounts and an Owner Service Account.
pub fn provisioning(name: &str, parent: Option<BusinessAccountId>, at: Timestamp) -> Provisioning {
    let id = BusinessAccountId::new();
    Provisioning {
        business_account: BusinessAccount {
            id,
            parent_id: parent,
            name: name.to_owned(),
            description: Some(format!("{name} description")),
            industry_code: Some("007005".to_owned()),
            registered_state_code: Some("NY".to_owned()),
            contacts: vec![contact()],
            verification: VerificationStatus::unverified(at),
            sandbox: true,
            created_at: at,
            updated_at: at,
        },
        financial_accounts: vec![
            business_financial_account(id, Currency::Usd, at),
            business_financial_account(id, Currency::Cad, at),
        ],
        service_account: service_account(id, Role::Owner),
    }
}

/// A primary contact with every optional field set, and no id (as a Business Account's).
pub fn contact() -> Contact {
    Contact {
        id: None,
        first_name: "Leslie".to_owned(),
        middle_name: Some("Ann".to_owned()),
        last_name: "Jones".to_owned(),
        primary: true,
        primary_phone_number: PhoneNumber {
            number: "+15551234".to_owned(),
            phone_type: PhoneType::Work,
            provider: Some("Acme Tel".to_owned()),
            extension: Some("12".to_owned()),
            verified: false,
        },
        primary_email: Email {
            value: "ljones@example.com".to_owned(),
            verified: true,
        },
    }
}

/// An address of `address_type` in Greenville, MO.
pub fn address(address_type: AddressType, primary: bool) -> Address {
    Address {
        id: AddressId::new(),
        address_type,
        name: (address_type == AddressType::Shipping).then(|| PersonName {
            first_name: "Jack".into(),
            middle_name: Some("Fred".into()),
            last_name: "Smith".into(),
        }),
        street_line1: "100 Main St".into(),
        street_line2: Some("Suite 100".into()),
        street_line3: None,
        street_line4: None,
        street_line5: None,
        apartment_number: Some("4B".into()),
        city_name: Some("Greenville".into()),
        state_code: Some("MO".into()),
        country_code: Some("USA".into()),
        zip_code: "63368".into(),
        primary,
    }
}

fn audit(
    customer_id: CustomerId,
    business_account_id: BusinessAccountId,
    data: CustomerData,
    at: Timestamp,
) -> Customer {
    let actor = Actor::service_account(uuid::Uuid::now_v7());
    Customer {
        id: customer_id,
        business_account_id,
        status: CustomerStatus::Active,
        data,
        verification: VerificationStatus::unverified(at),
        version: 1,
        created_by: actor,
        created_at: at,
        updated_by: actor,
        updated_at: at,
    }
}

/// An individual customer with every field set.
pub fn individual(
    business_account_id: BusinessAccountId,
    first_name: &str,
    at: Timestamp,
) -> Customer {
    let data = CustomerData {
        external_id: None,
        profile: CustomerProfile::Individual(IndividualProfile {
            first_name: first_name.into(),
            middle_name: Some("Q".into()),
            last_name: "Green".into(),
            primary_phone_number: PhoneNumber {
                number: "+15556589".into(),
                phone_type: PhoneType::Mobile,
                provider: Some("Tel".into()),
                extension: None,
                verified: false,
            },
            primary_email: Email {
                value: format!("{}@abc.com", first_name.to_lowercase()),
                verified: false,
            },
            date_of_birth: Some(time::macros::date!(1990 - 02 - 28)),
        }),
        addresses: vec![
            address(AddressType::Mailing, true),
            address(AddressType::Mailing, false),
            address(AddressType::Shipping, true),
        ],
        metadata: BTreeMap::from([("ref".into(), "42".into())]),
    };
    audit(CustomerId::new(), business_account_id, data, at)
}

/// A business customer with two contacts, the second primary.
pub fn business(business_account_id: BusinessAccountId, name: &str, at: Timestamp) -> Customer {
    let mut second = contact();
    second.id = Some(ContactId::new());
    second.first_name = "Jill".into();
    second.primary_email.value = "jill@acme.com".into();
    let mut first = contact();
    first.id = Some(ContactId::new());
    first.primary = false;
    let data = CustomerData {
        external_id: Some(format!("ext-{name}")),
        profile: CustomerProfile::Business(BusinessProfile {
            business_name: name.into(),
            website: Some("https://acme.com".into()),
            contacts: vec![first, second],
        }),
        addresses: vec![address(AddressType::Physical, true)],
        metadata: BTreeMap::new(),
    };
    audit(CustomerId::new(), business_account_id, data, at)
}

/// A beneficial owner of `customer` with every field set.
pub fn beneficiary(customer: &Customer, first_name: &str, at: Timestamp) -> Beneficiary {
    let actor = Actor::service_account(uuid::Uuid::now_v7());
    Beneficiary {
        id: BeneficiaryId::new(),
        business_account_id: customer.business_account_id,
        customer_id: customer.id,
        data: BeneficiaryData {
            first_name: first_name.into(),
            middle_name: None,
            last_name: "Lovelace".into(),
            sex: Some(Sex::Female),
            primary_phone_number: Some(PhoneNumber {
                number: "+14155550100".into(),
                phone_type: PhoneType::Home,
                provider: None,
                extension: Some("7".into()),
                verified: false,
            }),
            primary_email: Some(Email {
                value: "ada@example.com".into(),
                verified: false,
            }),
            date_of_birth: Some(time::macros::date!(1980 - 12 - 10)),
            place_of_birth: Some(PlaceOfBirth {
                city: Some("London".into()),
                country_code: Some("GBR".into()),
            }),
            social_id: Some("123-45-6789".into()),
            social_id_country_code: Some("USA".into()),
            citizenship_country_code: Some("GBR".into()),
            title: Some("CEO".into()),
            ownership_percentage: Some("33.5".into()),
            controller: true,
            addresses: vec![address(AddressType::Physical, true)],
        },
        verification: VerificationStatus::unverified(at),
        version: 1,
        created_by: actor,
        created_at: at,
        updated_by: actor,
        updated_at: at,
    }
}

/// An internal account of `customer` under the business account `parent`.
pub fn internal_account(
    customer: &Customer,
    parent: &FinancialAccount,
    at: Timestamp,
) -> FinancialAccount {
    let number = account_number();
    FinancialAccount {
        id: FinancialAccountId::new(),
        business_account_id: customer.business_account_id,
        parent_id: Some(parent.id),
        name: "Internal Checking".into(),
        category: Category::Internal,
        account_type: AccountType::Bank,
        subtype: Subtype::Checking,
        default_flag: false,
        currency: parent.currency,
        holder: AccountHolder::Customer(customer.id),
        state: AccountState::Active,
        account_number_tail: number[number.len() - 4..].to_owned(),
        account_number: Some(number),
        fingerprint: None,
        verification_status: AccountVerificationStatus::Approved,
        verification_method: Some(VerificationMethod::Prenote),
        details: AccountDetails::None,
        created_by: Actor::service_account(uuid::Uuid::now_v7()),
        created_at: at,
        updated_by: Actor::service_account(uuid::Uuid::now_v7()),
        updated_at: at,
    }
}

fn billing_address() -> BillingAddress {
    BillingAddress {
        address_line1: "625 Queen St".into(),
        address_line2: None,
        address_line3: Some("Floor 2".into()),
        city: "Vancouver".into(),
        state_code: Some("BC".into()),
        country_code: Some("CAN".into()),
        postal_code: Some("V5K 0A1".into()),
    }
}

/// An external bank account of `customer`, its fingerprint derived from `fingerprint_seed`.
pub fn external_bank_account(
    customer: &Customer,
    fingerprint_seed: u8,
    at: Timestamp,
) -> FinancialAccount {
    FinancialAccount {
        id: FinancialAccountId::new(),
        parent_id: None,
        name: "Checking".into(),
        category: Category::External,
        account_number: None,
        account_number_tail: "4523".into(),
        fingerprint: Some([fingerprint_seed; 32]),
        verification_status: AccountVerificationStatus::Unverified,
        subtype: Subtype::Checking,
        details: AccountDetails::Bank(BankDetails {
            bank_name: Some("Citibank".into()),
            routing_number: Some("321171184".into()),
            name_on_account: Some("Mark Strong".into()),
            business_name: None,
            billing_address: Some(billing_address()),
        }),
        ..internal_account_without_parent(customer, at)
    }
}

/// An external debit card of `customer`, its fingerprint derived from `fingerprint_seed`.
pub fn external_card(customer: &Customer, fingerprint_seed: u8, at: Timestamp) -> FinancialAccount {
    FinancialAccount {
        id: FinancialAccountId::new(),
        parent_id: None,
        name: "Debit Card".into(),
        category: Category::External,
        account_type: AccountType::Card,
        subtype: Subtype::Debit,
        account_number: None,
        account_number_tail: "1111".into(),
        fingerprint: Some([fingerprint_seed; 32]),
        verification_status: AccountVerificationStatus::Unverified,
        verification_method: None,
        details: AccountDetails::Card(CardDetails {
            first_name: "Mark".into(),
            middle_name: Some("David".into()),
            last_name: "Strong".into(),
            expiry: "2030-12".into(),
            billing_address: billing_address(),
        }),
        ..internal_account_without_parent(customer, at)
    }
}

fn internal_account_without_parent(customer: &Customer, at: Timestamp) -> FinancialAccount {
    let number = account_number();
    FinancialAccount {
        id: FinancialAccountId::new(),
        business_account_id: customer.business_account_id,
        parent_id: None,
        name: "Account".into(),
        category: Category::Integrated,
        account_type: AccountType::Bank,
        subtype: Subtype::Saving,
        default_flag: false,
        currency: Currency::Usd,
        holder: AccountHolder::Customer(customer.id),
        state: AccountState::Active,
        account_number_tail: number[number.len() - 4..].to_owned(),
        account_number: Some(number),
        fingerprint: None,
        verification_status: AccountVerificationStatus::Approved,
        verification_method: Some(VerificationMethod::Prenote),
        details: AccountDetails::Bank(BankDetails {
            bank_name: None,
            routing_number: None,
            name_on_account: Some("Sarah Green".into()),
            business_name: None,
            billing_address: None,
        }),
        created_by: Actor::service_account(uuid::Uuid::now_v7()),
        created_at: at,
        updated_by: Actor::service_account(uuid::Uuid::now_v7()),
        updated_at: at,
    }
}

/// An integrated savings account of `customer` under `parent`.
pub fn integrated_account(
    customer: &Customer,
    parent: &FinancialAccount,
    at: Timestamp,
) -> FinancialAccount {
    FinancialAccount {
        parent_id: Some(parent.id),
        ..internal_account_without_parent(customer, at)
    }
}

/// An accepted agreement.
pub fn agreement(at: Timestamp) -> Agreement {
    Agreement {
        document_id: "kor-privacy-policy".into(),
        document_version: "version-1.2.3".into(),
        accepted: true,
        responded_at: at,
    }
}
