//! Financial Accounts: the four create bodies, the account and its list summary, balances, suspension and verification.

use super::*;

/// Sub-resources of a Financial Account (`embed=balances,accountHolder,limits`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FinancialAccountEmbedded {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub balances: Option<Balances>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<Customer>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_account: Option<BusinessAccount>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient: Option<Recipient>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limits: Option<AccountLimits>,
    /// Members this client does not model, kept as received.
    #[serde(flatten, serialize_with = "unmodelled::write")]
    pub extra: Map<String, Value>,
}

/// The balances of one currency (reference §7): decimal strings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Balance {
    /// Ledger balance.
    pub account_balance: Amount,
    /// `accountBalance` − `pendingWithdrawals`.
    pub available_balance: Amount,
    /// Pending debits.
    pub pending_withdrawals: Amount,
    /// Pending credits (not available).
    pub pending_deposits: Amount,
    /// Members this client does not model, kept as received.
    #[serde(flatten, serialize_with = "unmodelled::write")]
    pub extra: Map<String, Value>,
}

/// The bank account of a BANK Financial Account (reference: Bank Account object).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BankAccount {
    /// Bank name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bank_name: Option<String>,
    /// Routing number: ABA for USD accounts, Canadian (`0IIITTTTT`) for CAD ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub routing_no: Option<String>,
    /// The full number: integrated accounts only (openkor issued it to the holder).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_number: Option<String>,
    /// Last four digits.
    pub account_number_tail: String,
    /// Name on the account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_on_account: Option<String>,
    /// Business name on the account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billing_address: Option<BillingAddress>,
    /// Members this client does not model, kept as received.
    #[serde(flatten, serialize_with = "unmodelled::write")]
    pub extra: Map<String, Value>,
}

/// The bank account of an external bank account request.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BankAccountRequest {
    /// Bank name (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bank_name: Option<String>,
    /// 9-digit ABA routing number with a valid check digit (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub routing_no: Option<String>,
    /// 4–20 digits (required); never stored, logged or returned — only its last four digits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_number: Option<String>,
    /// Name on the account, 1–40 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_on_account: Option<String>,
    /// Business name on the account, 1–40 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billing_address: Option<BillingAddressRequest>,
}

/// A billing address.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BillingAddress {
    /// Line 1.
    pub address_line1: String,
    /// Line 2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_line2: Option<String>,
    /// Line 3.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_line3: Option<String>,
    /// City.
    pub city: String,
    /// Subdivision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state_code: Option<String>,
    /// Country, alpha-3.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
    /// Postal code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    /// Members this client does not model, kept as received.
    #[serde(flatten, serialize_with = "unmodelled::write")]
    pub extra: Map<String, Value>,
}

/// A billing address. `state` and `country` are accepted as older spellings of `stateCode`
/// and `countryCode`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BillingAddressRequest {
    /// Line 1, 1–50 characters (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_line1: Option<String>,
    /// Line 2, 1–50 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_line2: Option<String>,
    /// Line 3, 1–50 characters (also `adressLine3`, as the STP page spells it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_line3: Option<String>,
    /// City, 1–25 characters (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// ISO 3166-2 subdivision; required for USA and CAN (also `state`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state_code: Option<String>,
    /// ISO 3166-1 alpha-3 country; required for cards (also `country`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
    /// Postal code: 12345 or 12345-6789 in the USA, A1A 1A1 in Canada.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
}

/// The card of a CARD Financial Account (reference: Card object).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Card {
    /// First name on the card.
    pub first_name: String,
    /// Middle name on the card.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub middle_name: Option<String>,
    /// Last name on the card.
    pub last_name: String,
    /// Last four digits of the card number.
    pub card_number_tail: String,
    /// `yyyy-MM`.
    pub expiry: String,
    /// Billing address.
    pub billing_address: BillingAddress,
    /// Members this client does not model, kept as received.
    #[serde(flatten, serialize_with = "unmodelled::write")]
    pub extra: Map<String, Value>,
}

/// The card of an external card request.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CardRequest {
    /// First name on the card, 1–40 characters (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Middle name on the card.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub middle_name: Option<String>,
    /// Last name on the card, 1–40 characters (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// 11–19 digits passing the Luhn check (required); never stored, logged or returned —
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card_number: Option<String>,
    /// `yyyy-MM`, not in the past (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiry: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billing_address: Option<BillingAddressRequest>,
}

/// `POST /v1/internal-financial-accounts` (seed: create-internal-financial-account).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InternalAccountRequest {
    /// Name, 1–100 characters (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// An ACTIVE business Financial Account of the caller (required); sets the currency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
    /// Makes it the holder's default account; the previous default is cleared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_flag: Option<bool>,
    /// If given, must equal the parent's currency (USD or CAD).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// An ACTIVE customer of the caller (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_holder_id: Option<String>,
    /// Must be `CUSTOMER` (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_holder_type: Option<String>,
    /// `CHECKING` (default) or `SAVING`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtype: Option<String>,
}

/// `POST /v1/external-bank-accounts`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExternalBankAccountRequest {
    /// Name, 1–100 characters (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// An ACTIVE customer of the caller (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_holder_id: Option<String>,
    /// `CUSTOMER` (required; `RECIPIENT` is not supported yet).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_holder_type: Option<String>,
    /// `CHECKING` or `SAVING` (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtype: Option<String>,
    /// Makes it the holder's default account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_flag: Option<bool>,
    /// USD (default) or CAD.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bank_account: Option<BankAccountRequest>,
}

/// `POST /v1/external-cards`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExternalCardRequest {
    /// Name, 1–100 characters (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// An ACTIVE customer of the caller (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_holder_id: Option<String>,
    /// `CUSTOMER` (required; `RECIPIENT` is not supported yet).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_holder_type: Option<String>,
    /// `DEBIT`, `CREDIT` or `PREPAID` (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtype: Option<String>,
    /// Makes it the holder's default account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_flag: Option<bool>,
    /// USD (default) or CAD.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card: Option<CardRequest>,
}

/// `POST /v1/integrated-bank-accounts`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IntegratedBankAccountRequest {
    /// Name, 1–100 characters (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `CHECKING` or `SAVING` (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtype: Option<String>,
    /// An ACTIVE customer of the caller (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_holder_id: Option<String>,
    /// Must be `CUSTOMER` (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_holder_type: Option<String>,
    /// Makes it the holder's default account (older versions of the page).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_flag: Option<bool>,
    /// USD (default) or CAD (older versions of the page).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// 1–20 agreements, all accepted (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acceptance_agreements: Option<Vec<AgreementRequest>>,
}

/// One acceptance agreement.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgreementRequest {
    /// Semantic document id, e.g. `kor-privacy-policy` (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_id: Option<String>,
    /// Document version, e.g. `version-1.2.3` (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_version: Option<String>,
    /// Must be true (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepted: Option<bool>,
    /// When the holder responded, RFC 3339 (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responded_at: Option<String>,
}

/// The optional body of `POST …/suspend`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SuspendRequest {
    /// Reason code; only for issued cards, which openkor does not issue yet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state_reason: Option<String>,
}

/// `POST /v1/financial-accounts:verify`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VerifyRequest {
    /// `PRENOTE`, the only method (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// The external checking bank accounts to verify: 1 to 100 distinct ids (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub financial_account_ids: Option<Vec<String>>,
}

/// The Financial Account Verification object.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Verification {
    /// `PRENOTE`.
    pub method: String,
    /// Each account named, in the request's order, as it now stands.
    pub financial_account_ids: Vec<VerificationItem>,
    /// Members this client does not model, kept as received.
    #[serde(flatten, serialize_with = "unmodelled::write")]
    pub extra: Map<String, Value>,
}

/// One account of a verification: its id and verification status.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VerificationItem {
    /// The account.
    pub financial_account_id: String,
    /// `UNVERIFIED`, `PENDING`, `PROCESSING`, `REVIEW`, `DECLINED`, `APPROVED` or `ERROR`.
    pub status: String,
    /// Members this client does not model, kept as received.
    #[serde(flatten, serialize_with = "unmodelled::write")]
    pub extra: Map<String, Value>,
}
