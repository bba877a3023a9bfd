//! Backend-neutral row records and their conversion to and from domain types.
//!
//! Each backend decodes its rows into these plain structs (its own column types in, primitive
//! values out) and binds them for writes; the mapping between columns and domain values, and
//! the parsing of stored codes, happens here, once, for both.

mod address;
mod beneficiary;
mod customer;
mod financial_account;

pub use address::{AddressOwner, AddressRow, group_by_owner};
pub use beneficiary::{
    BeneficiaryRow, beneficiary_from_rows, beneficiary_rows, social_id, social_id_context,
};
pub use customer::{
    ContactRow, CustomerRow, customer_from_rows, customer_rows, customers_from_rows,
};
pub use financial_account::{AgreementRow, FinancialAccountRow};

use crate::StoreError;
use openkor_domain::actor::{Actor, ActorKind};
use openkor_domain::business_account::{BusinessAccount, VerificationState, VerificationStatus};
use openkor_domain::clock::Timestamp;
use openkor_domain::contact::Contact;
use openkor_domain::ids::{BusinessAccountId, ServiceAccountId};
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

impl BusinessAccountRecord {
    /// The row of `account`, whose contacts are already serialised as `contacts_json`.
    pub fn of(account: &BusinessAccount, contacts_json: String) -> Self {
        let verification = &account.verification;
        Self {
            id: account.id.as_uuid(),
            parent_id: account.parent_id.map(|id| id.as_uuid()),
            name: account.name.clone(),
            description: account.description.clone(),
            industry_code: account.industry_code.clone(),
            registered_state_code: account.registered_state_code.clone(),
            contacts_json,
            verification_status: verification.status.code().to_owned(),
            verification_reason: verification.reason.clone(),
            verification_updated_at: verification.updated_at,
            verification_updated_by_type: verification.updated_by.kind.code().to_owned(),
            verification_updated_by_id: verification.updated_by.id,
            sandbox: account.sandbox,
            created_at: account.created_at,
            updated_at: account.updated_at,
        }
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
