//! Business Account bodies.

use crate::wire::actor::ActorBody;
use crate::wire::contact::ContactBody;
use openkor_domain::business_account::{BusinessAccount, VerificationStatus};
use serde::Serialize;
use utoipa::ToSchema;

/// Identity-verification status.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct VerificationStatusBody {
    /// `UNVERIFIED`, `PROCESSING`, `APPROVED`, `REVIEW`, `DECLINED` or `RESTRICTED`.
    #[schema(example = "UNVERIFIED")]
    pub status: &'static str,
    /// Why it has this status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// When it last changed.
    pub updated_at: String,
    /// Who changed it.
    pub updated_by: ActorBody,
}

impl From<VerificationStatus> for VerificationStatusBody {
    fn from(status: VerificationStatus) -> Self {
        Self {
            status: status.status.code(),
            reason: status.reason,
            updated_at: status.updated_at.to_string(),
            updated_by: status.updated_by.into(),
        }
    }
}

/// Verification history, most recent first.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct VerificationStatusHistoryBody {
    /// The statuses, newest first.
    pub verification_status_history: Vec<VerificationStatusBody>,
}

/// Sub-resources returned on request (`embed=`).
#[derive(Debug, Default, Serialize, ToSchema)]
pub struct BusinessAccountEmbedded {
    /// Direct children (`embed=children`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub children: Option<Vec<BusinessAccountBody>>,
    /// Verification history (`embed=verification-status`).
    #[serde(
        rename = "verification-status",
        skip_serializing_if = "Option::is_none"
    )]
    pub verification_status: Option<VerificationStatusHistoryBody>,
    /// Its limits, then its ancestors' (`embed=limits`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limits: Option<Vec<crate::wire::limits::BusinessAccountLimitsBody>>,
}

/// A Business Account (reference §3.1).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BusinessAccountBody {
    /// Id.
    pub id: String,
    /// Parent Business Account; omitted for a root account.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
    /// Name.
    pub name: String,
    /// Description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Six-digit industry code (`001001`–`999999`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub industry_code: Option<String>,
    /// ISO 3166-2 subdivision of registration.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registered_state_code: Option<String>,
    /// Contacts.
    pub contacts: Vec<ContactBody>,
    /// Identity-verification status.
    pub verification_status: VerificationStatusBody,
    /// Requested sub-resources.
    #[serde(rename = "_embedded", skip_serializing_if = "Option::is_none")]
    #[schema(no_recursion)]
    pub embedded: Option<BusinessAccountEmbedded>,
}

impl From<BusinessAccount> for BusinessAccountBody {
    fn from(account: BusinessAccount) -> Self {
        Self {
            id: account.id.to_string(),
            parent_id: account.parent_id.map(|id| id.to_string()),
            name: account.name,
            description: account.description,
            industry_code: account.industry_code,
            registered_state_code: account.registered_state_code,
            contacts: account
                .contacts
                .into_iter()
                .map(ContactBody::from)
                .collect(),
            verification_status: account.verification.into(),
            embedded: None,
        }
    }
}

/// A child Business Account as `/children` lists it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BusinessAccountSummaryBody {
    /// Id.
    pub id: String,
    /// Parent Business Account.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
    /// Name.
    pub name: String,
    /// Description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

impl From<BusinessAccount> for BusinessAccountSummaryBody {
    fn from(account: BusinessAccount) -> Self {
        Self {
            id: account.id.to_string(),
            parent_id: account.parent_id.map(|id| id.to_string()),
            name: account.name,
            description: account.description,
        }
    }
}
