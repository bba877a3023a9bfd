//! Transaction limits, their utilisation, and the limits of accounts and Business Accounts by period.

use super::*;

/// The Transaction Limits object.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Limit {
    /// The limit's id (what `PUT /v1/limits` names).
    pub id: String,
    /// `SINGLE`, `DAILY`, `WEEKLY` or `MONTHLY`.
    pub limit_type: String,
    /// The Customer's or Financial Account's id.
    pub scope_id: String,
    /// `CUSTOMER` or `FA_KFA`.
    pub scope_type: String,
    /// ISO 4217 alpha-3.
    pub currency: String,
    /// The cap (a JSON number, e.g. `99.99`).
    pub amount: DecimalNumber,
    /// Members this client does not model, kept as received.
    #[serde(flatten, serialize_with = "unmodelled::write")]
    pub extra: Map<String, Value>,
}

/// One entry of `PUT /v1/limits`: `{"amount": "99.99"}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LimitUpdate {
    /// The new cap: a decimal string (a JSON number is accepted too), at least 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
}

/// The Transaction Limits Utilization object (windowed limits only).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Utilisation {
    /// The limit's id.
    pub limit_id: String,
    /// `DAILY`, `WEEKLY` or `MONTHLY`.
    pub limit_type: String,
    /// The Customer's or Financial Account's id.
    pub scope_id: String,
    /// `CUSTOMER` or `FA_KFA`.
    pub scope_type: String,
    /// ISO 4217 alpha-3.
    pub currency: String,
    /// The cap (a JSON number).
    pub limit_amount: DecimalNumber,
    /// Used in the window (a JSON number).
    pub deduction_amount: DecimalNumber,
    /// The window's start (inclusive).
    pub from_range: String,
    /// The window's end (exclusive).
    pub to_range: String,
    /// Members this client does not model, kept as received.
    #[serde(flatten, serialize_with = "unmodelled::write")]
    pub extra: Map<String, Value>,
}

/// The Financial Account Limits object.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountLimits {
    /// The account.
    pub financial_account_id: String,
    /// Daily, weekly and monthly, each with the limit and usage of the window containing `ts`.
    pub periods: Vec<Period>,
    /// Members this client does not model, kept as received.
    #[serde(flatten, serialize_with = "unmodelled::write")]
    pub extra: Map<String, Value>,
}

/// The Business Account Limits object: the requested account's (`businessAccountId`) or an
/// ancestor's (`parentBusinessAccountId`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BusinessAccountLimits {
    /// The requested Business Account (first entry only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_account_id: Option<String>,
    /// An ancestor of the requested Business Account (every entry after the first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_business_account_id: Option<String>,
    /// Daily, weekly and monthly, each with the limit and usage of the window containing `ts`.
    pub periods: Vec<Period>,
    /// Members this client does not model, kept as received.
    #[serde(flatten, serialize_with = "unmodelled::write")]
    pub extra: Map<String, Value>,
}

/// One period of the Financial Account Limits object.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Period {
    /// `daily`, `weekly` or `monthly`.
    pub r#type: String,
    /// The start (inclusive).
    pub from: String,
    /// The end (exclusive).
    pub to: String,
    /// By currency code.
    pub amount: BTreeMap<String, PeriodAmount>,
    /// Members this client does not model, kept as received.
    #[serde(flatten, serialize_with = "unmodelled::write")]
    pub extra: Map<String, Value>,
}

/// `{limit, used}` of one currency, as decimal strings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PeriodAmount {
    /// The cap.
    pub limit: Amount,
    /// Used in the period.
    pub used: Amount,
    /// Members this client does not model, kept as received.
    #[serde(flatten, serialize_with = "unmodelled::write")]
    pub extra: Map<String, Value>,
}
