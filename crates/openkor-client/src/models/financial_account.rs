//! The Financial Account as one read answers it and as a list shows it, and a webhook
//! subscription with its secret: the document composes these with `allOf`; here they are flat.

use super::*;

/// A Financial Account (reference: the Internal / External Bank / External Card / Integrated
/// Bank Financial Account objects): the summary fields plus verification, audit, and the bank
/// account or card.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FinancialAccount {
    /// Id.
    pub id: String,
    /// Parent Financial Account; omitted when there is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
    /// Owning Business Account.
    pub business_account_id: String,
    /// Name.
    pub name: String,
    /// The holder's default account.
    pub default_flag: bool,
    /// `USD` or `CAD`.
    pub currency: String,
    /// The holder; omitted when the holder is the Business Account itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_holder_id: Option<String>,
    /// `CUSTOMER`; omitted when the holder is the Business Account itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_holder_type: Option<String>,
    /// `PENDING`, `ACTIVE` or `SUSPENDED`.
    pub state: String,
    /// `******` and the last four digits.
    pub masked_account_number: String,
    /// Creation time.
    pub created_at: String,
    /// Last update time.
    pub updated_at: String,
    /// `INTERNAL`, `EXTERNAL` or `INTEGRATED`.
    pub category: String,
    /// `BANK` or `CARD`.
    pub r#type: String,
    /// Subtype.
    pub subtype: String,
    /// Verification status: `APPROVED` for accounts openkor issues, `UNVERIFIED` for external ones.
    pub verification_status: String,
    /// `PRENOTE` for bank accounts; omitted for cards.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification_method: Option<String>,
    /// Creator.
    pub created_by: Actor,
    /// Last updater.
    pub updated_by: Actor,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bank_account: Option<BankAccount>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card: Option<Card>,
    #[serde(rename = "_embedded")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub embedded: Option<FinancialAccountEmbedded>,
    /// Members this client does not model, kept as received.
    #[serde(flatten, serialize_with = "unmodelled::write")]
    pub extra: Map<String, Value>,
}

/// Fields every Financial Account body has (the Internal Financial Account Summary object).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FinancialAccountSummary {
    /// Id.
    pub id: String,
    /// Parent Financial Account; omitted when there is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
    /// Owning Business Account.
    pub business_account_id: String,
    /// Name.
    pub name: String,
    /// The holder's default account.
    pub default_flag: bool,
    /// `USD` or `CAD`.
    pub currency: String,
    /// The holder; omitted when the holder is the Business Account itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_holder_id: Option<String>,
    /// `CUSTOMER`; omitted when the holder is the Business Account itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_holder_type: Option<String>,
    /// `PENDING`, `ACTIVE` or `SUSPENDED`.
    pub state: String,
    /// `******` and the last four digits.
    pub masked_account_number: String,
    /// Creation time.
    pub created_at: String,
    /// Last update time.
    pub updated_at: String,
    /// `INTERNAL`, `EXTERNAL` or `INTEGRATED`.
    pub category: String,
    /// `BANK` or `CARD`.
    pub r#type: String,
    /// Subtype.
    pub subtype: String,
    /// Bank accounts (external or integrated): the bank account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bank_account: Option<BankAccount>,
    /// Cards: the card.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card: Option<Card>,
    /// Members this client does not model, kept as received.
    #[serde(flatten, serialize_with = "unmodelled::write")]
    pub extra: Map<String, Value>,
}

/// A subscription with its signing secret, shown this once (creation, rotation).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookSubscriptionWithSecret {
    /// UUID.
    pub id: String,
    /// The Business Account whose events it receives.
    pub business_account_id: String,
    /// The receiver URL.
    pub url: String,
    /// What it is for.
    pub description: Option<String>,
    /// The event types it receives.
    pub event_types: Vec<String>,
    /// `ACTIVE`, `SUSPENDED` (by you) or `DISABLED` (by openkor after failing for 72 hours).
    pub state: String,
    /// Why openkor disabled it (only when `DISABLED`).
    pub disabled_reason: Option<String>,
    /// Creation time.
    pub created_at: String,
    /// Last change.
    pub updated_at: String,
    /// The Standard Webhooks signing secret, `whsec_` and base64: keep it, it is not shown
    pub secret: String,
    /// Members this client does not model, kept as received.
    #[serde(flatten, serialize_with = "unmodelled::write")]
    pub extra: Map<String, Value>,
}
