//! Backend-neutral row records and their conversion to and from domain types.
//!
//! Each backend decodes its rows into these plain structs (its own column types in, primitive
//! values out) and binds them for writes; the mapping between columns and domain values, and
//! the parsing of stored codes, happens here, once, for both.

mod address;
mod beneficiary;
mod customer;

pub use address::{AddressOwner, AddressRow, group_by_owner};
pub use beneficiary::{BeneficiaryRow, beneficiary_from_rows, beneficiary_rows};
pub use customer::{
    ContactRow, CustomerRow, actor_columns, customer_from_rows, customer_rows, customers_from_rows,
};

use crate::StoreError;
use openkor_domain::actor::{Actor, ActorKind};
use openkor_domain::business_account::{BusinessAccount, VerificationState, VerificationStatus};
use openkor_domain::clock::Timestamp;
use openkor_domain::contact::Contact;
use openkor_domain::financial_account::{
    AccountHolder, AccountState, AccountType, Category, FinancialAccount, HolderType, Subtype,
};
use openkor_domain::ids::{BusinessAccountId, CustomerId, FinancialAccountId, ServiceAccountId};
use openkor_domain::money::Currency;
use openkor_domain::role::Role;
use openkor_domain::service_account::{ApiKey, Principal, ServiceAccount};
use uuid::Uuid;

pub(crate) fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Other(format!("stored {what} '{value}' is not valid"))
}

pub(crate) fn parse_code<T>(
    what: &str,
    code: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<T, StoreError> {
    parse(code).ok_or_else(|| corrupt(what, code))
}

/// Rebuilds an actor from its stored kind and id.
pub fn actor(kind: &str, id: Option<Uuid>) -> Result<Actor, StoreError> {
    Ok(Actor {
        kind: parse_code("actor kind", kind, ActorKind::from_code)?,
        id,
    })
}

/// A `business_accounts` row.
#[derive(Debug)]
pub struct BusinessAccountRecord {
    /// `id`
    pub id: Uuid,
    /// `parent_id`
    pub parent_id: Option<Uuid>,
    /// `name`
    pub name: String,
    /// `description`
    pub description: Option<String>,
    /// `industry_code`
    pub industry_code: Option<String>,
    /// `registered_state_code`
    pub registered_state_code: Option<String>,
    /// `contacts` (a JSON array)
    pub contacts_json: String,
    /// `verification_status`
    pub verification_status: String,
    /// `verification_reason`
    pub verification_reason: Option<String>,
    /// `verification_updated_at`
    pub verification_updated_at: Timestamp,
    /// `verification_updated_by_type`
    pub verification_updated_by_type: String,
    /// `verification_updated_by_id`
    pub verification_updated_by_id: Option<Uuid>,
    /// `sandbox`
    pub sandbox: bool,
    /// `created_at`
    pub created_at: Timestamp,
    /// `updated_at`
    pub updated_at: Timestamp,
}

impl TryFrom<BusinessAccountRecord> for BusinessAccount {
    type Error = StoreError;
    fn try_from(row: BusinessAccountRecord) -> Result<Self, StoreError> {
        let contacts: Vec<Contact> =
            serde_json::from_str(&row.contacts_json).map_err(|_| corrupt("contacts", "<json>"))?;
        Ok(BusinessAccount {
            id: BusinessAccountId::from_uuid(row.id),
            parent_id: row.parent_id.map(BusinessAccountId::from_uuid),
            name: row.name,
            description: row.description,
            industry_code: row.industry_code,
            registered_state_code: row.registered_state_code,
            contacts,
            verification: VerificationStatus {
                status: parse_code(
                    "verification status",
                    &row.verification_status,
                    VerificationState::from_code,
                )?,
                reason: row.verification_reason,
                updated_at: row.verification_updated_at,
                updated_by: actor(
                    &row.verification_updated_by_type,
                    row.verification_updated_by_id,
                )?,
            },
            sandbox: row.sandbox,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }
}

/// Serialises contacts for the `contacts` column.
pub fn contacts_json(contacts: &[Contact]) -> Result<String, StoreError> {
    serde_json::to_string(contacts).map_err(|e| StoreError::Other(e.to_string()))
}

/// A `service_accounts` row (without the secret hash).
#[derive(Debug)]
pub struct ServiceAccountRecord {
    /// `id`
    pub id: Uuid,
    /// `business_account_id`
    pub business_account_id: Uuid,
    /// `name`
    pub name: String,
    /// `role`
    pub role: String,
    /// `api_key`
    pub api_key: String,
    /// `disabled_at`
    pub disabled_at: Option<Timestamp>,
    /// `created_at`
    pub created_at: Timestamp,
}

impl TryFrom<ServiceAccountRecord> for ServiceAccount {
    type Error = StoreError;
    fn try_from(row: ServiceAccountRecord) -> Result<Self, StoreError> {
        Ok(ServiceAccount {
            id: ServiceAccountId::from_uuid(row.id),
            business_account_id: BusinessAccountId::from_uuid(row.business_account_id),
            name: row.name,
            role: parse_code("role", &row.role, |code| code.parse::<Role>().ok())?,
            api_key: ApiKey::parse(&row.api_key).ok_or_else(|| corrupt("api key", "<key>"))?,
            disabled_at: row.disabled_at,
            created_at: row.created_at,
        })
    }
}

/// The columns a principal is built from.
#[derive(Debug)]
pub struct PrincipalRecord {
    /// `id`
    pub id: Uuid,
    /// `business_account_id`
    pub business_account_id: Uuid,
    /// `role`
    pub role: String,
    /// `disabled_at IS NULL`
    pub enabled: bool,
}

impl TryFrom<PrincipalRecord> for Principal {
    type Error = StoreError;
    fn try_from(row: PrincipalRecord) -> Result<Self, StoreError> {
        Ok(Principal {
            service_account_id: ServiceAccountId::from_uuid(row.id),
            business_account_id: BusinessAccountId::from_uuid(row.business_account_id),
            role: parse_code("role", &row.role, |code| code.parse::<Role>().ok())?,
            enabled: row.enabled,
        })
    }
}

/// A `financial_accounts` row.
#[derive(Debug)]
pub struct FinancialAccountRecord {
    /// `id`
    pub id: Uuid,
    /// `business_account_id`
    pub business_account_id: Uuid,
    /// `parent_id`
    pub parent_id: Option<Uuid>,
    /// `name`
    pub name: String,
    /// `category`
    pub category: String,
    /// `account_type`
    pub account_type: String,
    /// `subtype`
    pub subtype: String,
    /// `default_flag`
    pub default_flag: bool,
    /// `currency`
    pub currency: String,
    /// `holder_type`
    pub holder_type: String,
    /// `holder_id`
    pub holder_id: Option<Uuid>,
    /// `state`
    pub state: String,
    /// `account_number`
    pub account_number: String,
    /// `created_by_type`
    pub created_by_type: String,
    /// `created_by_id`
    pub created_by_id: Option<Uuid>,
    /// `created_at`
    pub created_at: Timestamp,
    /// `updated_by_type`
    pub updated_by_type: String,
    /// `updated_by_id`
    pub updated_by_id: Option<Uuid>,
    /// `updated_at`
    pub updated_at: Timestamp,
}

impl TryFrom<FinancialAccountRecord> for FinancialAccount {
    type Error = StoreError;
    fn try_from(row: FinancialAccountRecord) -> Result<Self, StoreError> {
        let holder_type = parse_code("holder type", &row.holder_type, HolderType::from_code)?;
        let holder = match (holder_type, row.holder_id) {
            (HolderType::BusinessAccount, None) => AccountHolder::BusinessAccount,
            (HolderType::Customer, Some(id)) => AccountHolder::Customer(CustomerId::from_uuid(id)),
            _ => return Err(corrupt("account holder", &row.holder_type)),
        };
        Ok(FinancialAccount {
            id: FinancialAccountId::from_uuid(row.id),
            business_account_id: BusinessAccountId::from_uuid(row.business_account_id),
            parent_id: row.parent_id.map(FinancialAccountId::from_uuid),
            name: row.name,
            category: parse_code("category", &row.category, Category::from_code)?,
            account_type: parse_code("account type", &row.account_type, AccountType::from_code)?,
            subtype: parse_code("subtype", &row.subtype, Subtype::from_code)?,
            default_flag: row.default_flag,
            currency: parse_code("currency", &row.currency, |c| c.parse::<Currency>().ok())?,
            holder,
            state: parse_code("state", &row.state, AccountState::from_code)?,
            account_number: row.account_number,
            created_by: actor(&row.created_by_type, row.created_by_id)?,
            created_at: row.created_at,
            updated_by: actor(&row.updated_by_type, row.updated_by_id)?,
            updated_at: row.updated_at,
        })
    }
}

/// The id of an account holder, for the `holder_id` column.
pub fn holder_id(holder: AccountHolder) -> Option<Uuid> {
    match holder {
        AccountHolder::BusinessAccount => None,
        AccountHolder::Customer(id) => Some(id.as_uuid()),
    }
}
