//! Financial Account request bodies: what clients send to create and suspend accounts.

use openkor_domain::financial_account::{
    AgreementDraft, BillingAddressDraft, CardDraft, ExternalBankAccountDraft, ExternalBankDraft,
    ExternalCardDraft, HolderAccountDraft, IntegratedBankDraft, InternalDraft,
};
use serde::Deserialize;
use utoipa::ToSchema;

/// `POST /v1/internal-financial-accounts` (seed: create-internal-financial-account).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InternalAccountRequest {
    /// Name, 1–100 characters (required).
    #[schema(
        required = true,
        min_length = 1,
        max_length = 100,
        example = "ABC Internal Account"
    )]
    pub name: Option<String>,
    /// An ACTIVE business Financial Account of the caller (required); sets the currency.
    #[schema(required = true, format = Uuid, pattern = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    pub parent_id: Option<String>,
    /// Makes it the holder's default account; the previous default is cleared.
    #[serde(default)]
    pub default_flag: Option<bool>,
    /// If given, must equal the parent's currency (USD or CAD).
    #[serde(default)]
    #[schema(schema_with = crate::wire::codes::optional_currency)]
    pub currency: Option<String>,
    /// An ACTIVE customer of the caller (required).
    #[schema(required = true, format = Uuid, pattern = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    pub account_holder_id: Option<String>,
    /// Must be `CUSTOMER` (required).
    #[schema(required = true, schema_with = crate::wire::codes::customer_holder)]
    pub account_holder_type: Option<String>,
    /// `CHECKING` (default) or `SAVING`.
    #[serde(default)]
    #[schema(schema_with = crate::wire::codes::optional_bank_subtype)]
    pub subtype: Option<String>,
}

impl From<InternalAccountRequest> for InternalDraft {
    fn from(r: InternalAccountRequest) -> Self {
        InternalDraft {
            name: r.name,
            parent_id: r.parent_id,
            default_flag: r.default_flag,
            currency: r.currency,
            account_holder_id: r.account_holder_id,
            account_holder_type: r.account_holder_type,
            subtype: r.subtype,
        }
    }
}

/// A billing address. `state` and `country` are accepted as older spellings of `stateCode`
/// and `countryCode`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BillingAddressRequest {
    /// Line 1, 1–50 characters (required).
    #[schema(required = true, max_length = 50)]
    pub address_line1: Option<String>,
    /// Line 2, 1–50 characters.
    #[serde(default)]
    #[schema(max_length = 50)]
    pub address_line2: Option<String>,
    /// Line 3, 1–50 characters (also `adressLine3`, as the STP page spells it).
    #[serde(default, alias = "adressLine3")]
    #[schema(max_length = 50)]
    pub address_line3: Option<String>,
    /// City, 1–25 characters (required).
    #[schema(required = true, max_length = 25)]
    pub city: Option<String>,
    /// ISO 3166-2 subdivision; required for USA and CAN (also `state`).
    #[serde(default, alias = "state")]
    pub state_code: Option<String>,
    /// ISO 3166-1 alpha-3 country; required for cards (also `country`).
    #[serde(default, alias = "country")]
    pub country_code: Option<String>,
    /// Postal code: 12345 or 12345-6789 in the USA, A1A 1A1 in Canada.
    #[serde(default)]
    #[schema(max_length = 10)]
    pub postal_code: Option<String>,
}

impl From<BillingAddressRequest> for BillingAddressDraft {
    fn from(r: BillingAddressRequest) -> Self {
        BillingAddressDraft {
            address_line1: r.address_line1,
            address_line2: r.address_line2,
            address_line3: r.address_line3,
            city: r.city,
            state_code: r.state_code,
            country_code: r.country_code,
            postal_code: r.postal_code,
        }
    }
}

/// The bank account of an external bank account request.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BankAccountRequest {
    /// Bank name (required).
    #[schema(required = true, max_length = 100, example = "Citibank")]
    pub bank_name: Option<String>,
    /// 9-digit ABA routing number with a valid check digit (required).
    #[schema(required = true, example = "321171184")]
    pub routing_no: Option<String>,
    /// 4–20 digits (required); never stored, logged or returned — only its last four digits.
    #[schema(required = true, write_only, example = "89674523")]
    pub account_number: Option<String>,
    /// Name on the account, 1–40 characters.
    #[serde(default)]
    #[schema(max_length = 40)]
    pub name_on_account: Option<String>,
    /// Business name on the account, 1–40 characters.
    #[serde(default)]
    #[schema(max_length = 40)]
    pub business_name: Option<String>,
    /// Billing address (needed for wires).
    #[serde(default)]
    pub billing_address: Option<BillingAddressRequest>,
}

/// `POST /v1/external-bank-accounts`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExternalBankAccountRequest {
    /// Name, 1–100 characters (required).
    #[schema(required = true, max_length = 100)]
    pub name: Option<String>,
    /// An ACTIVE customer of the caller (required).
    #[schema(required = true, format = Uuid, pattern = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    pub account_holder_id: Option<String>,
    /// `CUSTOMER` (required; `RECIPIENT` is not supported yet).
    #[schema(required = true, schema_with = crate::wire::codes::customer_holder)]
    pub account_holder_type: Option<String>,
    /// `CHECKING` or `SAVING` (required).
    #[schema(required = true, schema_with = crate::wire::codes::bank_subtype)]
    pub subtype: Option<String>,
    /// Makes it the holder's default account.
    #[serde(default)]
    pub default_flag: Option<bool>,
    /// USD (default) or CAD.
    #[serde(default)]
    #[schema(schema_with = crate::wire::codes::optional_currency)]
    pub currency: Option<String>,
    /// The bank account (required).
    #[schema(required = true)]
    pub bank_account: Option<BankAccountRequest>,
}

/// The shared fields of a customer-account request (three request types carry them; serde's
/// `flatten` cannot be combined with `deny_unknown_fields`, so each declares them).
macro_rules! holder_account {
    ($request:ident) => {
        HolderAccountDraft {
            name: $request.name,
            account_holder_id: $request.account_holder_id,
            account_holder_type: $request.account_holder_type,
            subtype: $request.subtype,
            default_flag: $request.default_flag,
            currency: $request.currency,
        }
    };
}

impl From<ExternalBankAccountRequest> for ExternalBankDraft {
    fn from(r: ExternalBankAccountRequest) -> Self {
        ExternalBankDraft {
            account: holder_account!(r),
            bank_account: r.bank_account.map(|b| ExternalBankAccountDraft {
                bank_name: b.bank_name,
                routing_no: b.routing_no,
                account_number: b.account_number,
                name_on_account: b.name_on_account,
                business_name: b.business_name,
                billing_address: b.billing_address.map(Into::into),
            }),
        }
    }
}

/// The card of an external card request.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CardRequest {
    /// First name on the card, 1–40 characters (required).
    #[schema(required = true, max_length = 40)]
    pub first_name: Option<String>,
    /// Middle name on the card.
    #[serde(default)]
    #[schema(max_length = 40)]
    pub middle_name: Option<String>,
    /// Last name on the card, 1–40 characters (required).
    #[schema(required = true, max_length = 40)]
    pub last_name: Option<String>,
    /// 11–19 digits passing the Luhn check (required); never stored, logged or returned —
    /// only its last four digits.
    #[schema(
        required = true,
        write_only,
        pattern = "^[0-9]{11,19}$",
        example = "4111111111111111"
    )]
    pub card_number: Option<String>,
    /// `yyyy-MM`, not in the past (required).
    #[schema(required = true, example = "2027-12")]
    pub expiry: Option<String>,
    /// Billing address (required).
    #[schema(required = true)]
    pub billing_address: Option<BillingAddressRequest>,
}

/// `POST /v1/external-cards`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExternalCardRequest {
    /// Name, 1–100 characters (required).
    #[schema(required = true, max_length = 100)]
    pub name: Option<String>,
    /// An ACTIVE customer of the caller (required).
    #[schema(required = true, format = Uuid, pattern = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    pub account_holder_id: Option<String>,
    /// `CUSTOMER` (required; `RECIPIENT` is not supported yet).
    #[schema(required = true, schema_with = crate::wire::codes::customer_holder)]
    pub account_holder_type: Option<String>,
    /// `DEBIT`, `CREDIT` or `PREPAID` (required).
    #[schema(required = true, schema_with = crate::wire::codes::card_subtype)]
    pub subtype: Option<String>,
    /// Makes it the holder's default account.
    #[serde(default)]
    pub default_flag: Option<bool>,
    /// USD (default) or CAD.
    #[serde(default)]
    #[schema(schema_with = crate::wire::codes::optional_currency)]
    pub currency: Option<String>,
    /// The card (required).
    #[schema(required = true)]
    pub card: Option<CardRequest>,
}

impl From<ExternalCardRequest> for ExternalCardDraft {
    fn from(r: ExternalCardRequest) -> Self {
        ExternalCardDraft {
            account: holder_account!(r),
            card: r.card.map(|c| CardDraft {
                first_name: c.first_name,
                middle_name: c.middle_name,
                last_name: c.last_name,
                card_number: c.card_number,
                expiry: c.expiry,
                billing_address: c.billing_address.map(Into::into),
            }),
        }
    }
}

/// One acceptance agreement.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AgreementRequest {
    /// Semantic document id, e.g. `kor-privacy-policy` (required).
    #[schema(required = true)]
    pub document_id: Option<String>,
    /// Document version, e.g. `version-1.2.3` (required).
    #[schema(required = true)]
    pub document_version: Option<String>,
    /// Must be true (required).
    #[schema(required = true)]
    pub accepted: Option<bool>,
    /// When the holder responded, RFC 3339 (required).
    #[schema(required = true, format = DateTime)]
    pub responded_at: Option<String>,
}

/// `POST /v1/integrated-bank-accounts`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IntegratedBankAccountRequest {
    /// Name, 1–100 characters (required).
    #[schema(required = true, max_length = 100)]
    pub name: Option<String>,
    /// `CHECKING` or `SAVING` (required).
    #[schema(required = true, schema_with = crate::wire::codes::bank_subtype)]
    pub subtype: Option<String>,
    /// An ACTIVE customer of the caller (required).
    #[schema(required = true, format = Uuid, pattern = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    pub account_holder_id: Option<String>,
    /// Must be `CUSTOMER` (required).
    #[schema(required = true, schema_with = crate::wire::codes::customer_holder)]
    pub account_holder_type: Option<String>,
    /// Makes it the holder's default account (older versions of the page).
    #[serde(default)]
    pub default_flag: Option<bool>,
    /// USD (default) or CAD (older versions of the page).
    #[serde(default)]
    #[schema(schema_with = crate::wire::codes::optional_currency)]
    pub currency: Option<String>,
    /// 1–20 agreements, all accepted (required).
    #[schema(required = true)]
    pub acceptance_agreements: Option<Vec<AgreementRequest>>,
}

impl From<IntegratedBankAccountRequest> for IntegratedBankDraft {
    fn from(r: IntegratedBankAccountRequest) -> Self {
        IntegratedBankDraft {
            account: holder_account!(r),
            acceptance_agreements: r.acceptance_agreements.map(|list| {
                list.into_iter()
                    .map(|a| AgreementDraft {
                        document_id: a.document_id,
                        document_version: a.document_version,
                        accepted: a.accepted,
                        responded_at: a.responded_at,
                    })
                    .collect()
            }),
        }
    }
}

/// The optional body of `POST …/suspend`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SuspendRequest {
    /// Reason code; only for issued cards, which openkor does not issue yet.
    #[serde(default)]
    pub state_reason: Option<String>,
}
