//! Valid domain values for conformance cases.

use crate::Provisioning;
use openkor_domain::business_account::{BusinessAccount, VerificationStatus};
use openkor_domain::clock::Timestamp;
use openkor_domain::contact::{Contact, Email, PhoneNumber};
use openkor_domain::financial_account::FinancialAccount;
use openkor_domain::ids::{BusinessAccountId, ServiceAccountId};
use openkor_domain::money::Currency;
use openkor_domain::role::Role;
use openkor_domain::service_account::{ApiKey, NewServiceAccount, SecretHash};

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

/// A primary contact with every optional field set.
pub fn contact() -> Contact {
    Contact {
        first_name: "Leslie".to_owned(),
        middle_name: Some("Ann".to_owned()),
        last_name: "Jones".to_owned(),
        primary: true,
        primary_phone_number: PhoneNumber {
            number: "+15551234".to_owned(),
            phone_type: "WORK".to_owned(),
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
