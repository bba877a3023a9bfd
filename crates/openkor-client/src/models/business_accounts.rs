//! Business Accounts: the caller's, its children and their summaries.

use super::*;

/// A Business Account (reference §3.1).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BusinessAccount {
    /// Id.
    pub id: String,
    /// Parent Business Account; omitted for a root account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
    /// Name.
    pub name: String,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Six-digit industry code (`001001`–`999999`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub industry_code: Option<String>,
    /// ISO 3166-2 subdivision of registration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registered_state_code: Option<String>,
    /// Contacts.
    pub contacts: Vec<Contact>,
    /// Identity-verification status.
    pub verification_status: VerificationStatus,
    #[serde(rename = "_embedded")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub embedded: Option<BusinessAccountEmbedded>,
    /// Members this client does not model, kept as received.
    #[serde(flatten, serialize_with = "unmodelled::write")]
    pub extra: Map<String, Value>,
}

/// Sub-resources returned on request (`embed=`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BusinessAccountEmbedded {
    /// Direct children (`embed=children`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub children: Option<Vec<BusinessAccount>>,
    #[serde(rename = "verification-status")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification_status: Option<VerificationStatusHistory>,
    /// Its limits, then its ancestors' (`embed=limits`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limits: Option<Vec<BusinessAccountLimits>>,
    /// Members this client does not model, kept as received.
    #[serde(flatten, serialize_with = "unmodelled::write")]
    pub extra: Map<String, Value>,
}

/// A child Business Account as `/children` lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BusinessAccountSummary {
    /// Id.
    pub id: String,
    /// Parent Business Account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
    /// Name.
    pub name: String,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Members this client does not model, kept as received.
    #[serde(flatten, serialize_with = "unmodelled::write")]
    pub extra: Map<String, Value>,
}
