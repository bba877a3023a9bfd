//! Financial Account bodies (reference §6, §7 and the seed pages).

use crate::wire::actor::ActorBody;
use openkor_domain::financial_account::{
    AccountDetails, AgreementDraft, BankDetails, BillingAddress, BillingAddressDraft, CardDetails,
    CardDraft, ExternalBankAccountDraft, ExternalBankDraft, ExternalCardDraft, FinancialAccount,
    HolderAccountDraft, IntegratedBankDraft, InternalDraft,
};
use openkor_domain::ledger::Balances;
use openkor_domain::money::format_minor;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
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
    #[schema(required = true)]
    pub parent_id: Option<String>,
    /// Makes it the holder's default account; the previous default is cleared.
    #[serde(default)]
    pub default_flag: Option<bool>,
    /// If given, must equal the parent's currency (USD or CAD).
    #[serde(default)]
    #[schema(example = "USD")]
    pub currency: Option<String>,
    /// An ACTIVE customer of the caller (required).
    #[schema(required = true)]
    pub account_holder_id: Option<String>,
    /// Must be `CUSTOMER` (required).
    #[schema(required = true, example = "CUSTOMER")]
    pub account_holder_type: Option<String>,
    /// `CHECKING` (default) or `SAVING`.
    #[serde(default)]
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
    /// Line 3, 1–50 characters.
    #[serde(default)]
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
    #[schema(required = true)]
    pub account_holder_id: Option<String>,
    /// `CUSTOMER` (required; `RECIPIENT` is not supported yet).
    #[schema(required = true)]
    pub account_holder_type: Option<String>,
    /// `CHECKING` or `SAVING` (required).
    #[schema(required = true)]
    pub subtype: Option<String>,
    /// Makes it the holder's default account.
    #[serde(default)]
    pub default_flag: Option<bool>,
    /// USD (default) or CAD.
    #[serde(default)]
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
    #[schema(required = true)]
    pub account_holder_id: Option<String>,
    /// `CUSTOMER` (required; `RECIPIENT` is not supported yet).
    #[schema(required = true)]
    pub account_holder_type: Option<String>,
    /// `DEBIT`, `CREDIT` or `PREPAID` (required).
    #[schema(required = true)]
    pub subtype: Option<String>,
    /// Makes it the holder's default account.
    #[serde(default)]
    pub default_flag: Option<bool>,
    /// USD (default) or CAD.
    #[serde(default)]
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
    #[schema(required = true)]
    pub subtype: Option<String>,
    /// An ACTIVE customer of the caller (required).
    #[schema(required = true)]
    pub account_holder_id: Option<String>,
    /// Must be `CUSTOMER` (required).
    #[schema(required = true)]
    pub account_holder_type: Option<String>,
    /// Makes it the holder's default account (older versions of the page).
    #[serde(default)]
    pub default_flag: Option<bool>,
    /// USD (default) or CAD (older versions of the page).
    #[serde(default)]
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

/// A billing address.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BillingAddressBody {
    /// Line 1.
    pub address_line1: String,
    /// Line 2.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_line2: Option<String>,
    /// Line 3.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_line3: Option<String>,
    /// City.
    pub city: String,
    /// Subdivision.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state_code: Option<String>,
    /// Country, alpha-3.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
    /// Postal code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
}

impl From<BillingAddress> for BillingAddressBody {
    fn from(a: BillingAddress) -> Self {
        BillingAddressBody {
            address_line1: a.address_line1,
            address_line2: a.address_line2,
            address_line3: a.address_line3,
            city: a.city,
            state_code: a.state_code,
            country_code: a.country_code,
            postal_code: a.postal_code,
        }
    }
}

/// The bank account of a BANK Financial Account (reference: Bank Account object).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BankAccountBody {
    /// Bank name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bank_name: Option<String>,
    /// ABA routing number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub routing_no: Option<String>,
    /// The full number: integrated accounts only (openkor issued it to the holder).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_number: Option<String>,
    /// Last four digits.
    pub account_number_tail: String,
    /// Name on the account.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_on_account: Option<String>,
    /// Business name on the account.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub business_name: Option<String>,
    /// Billing address (external accounts).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub billing_address: Option<BillingAddressBody>,
}

/// The card of a CARD Financial Account (reference: Card object).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CardBody {
    /// First name on the card.
    pub first_name: String,
    /// Middle name on the card.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub middle_name: Option<String>,
    /// Last name on the card.
    pub last_name: String,
    /// Last four digits of the card number.
    pub card_number_tail: String,
    /// `yyyy-MM`.
    pub expiry: String,
    /// Billing address.
    pub billing_address: BillingAddressBody,
}

/// Fields every Financial Account body has (the Internal Financial Account Summary object).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FinancialAccountSummaryFields {
    /// Id.
    pub id: String,
    /// Parent Financial Account; omitted when there is none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
    /// Owning Business Account.
    pub business_account_id: String,
    /// Name.
    pub name: String,
    /// The holder's default account.
    pub default_flag: bool,
    /// `USD` or `CAD`.
    pub currency: &'static str,
    /// The holder; omitted when the holder is the Business Account itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_holder_id: Option<String>,
    /// `CUSTOMER`; omitted when the holder is the Business Account itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_holder_type: Option<&'static str>,
    /// `PENDING`, `ACTIVE` or `SUSPENDED`.
    pub state: &'static str,
    /// `******` and the last four digits.
    #[schema(example = "******6790")]
    pub masked_account_number: String,
    /// Creation time.
    pub created_at: String,
    /// Last update time.
    pub updated_at: String,
    /// `INTERNAL`, `EXTERNAL` or `INTEGRATED`.
    pub category: &'static str,
    /// `BANK` or `CARD`.
    #[serde(rename = "type")]
    pub account_type: &'static str,
    /// Subtype.
    pub subtype: &'static str,
}

/// An internal Financial Account in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct InternalFinancialAccountSummary {
    /// The fields.
    #[serde(flatten)]
    pub fields: FinancialAccountSummaryFields,
}

/// A bank Financial Account (external or integrated) in a list.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BankAccountSummary {
    /// The common fields.
    #[serde(flatten)]
    pub fields: FinancialAccountSummaryFields,
    /// The bank account.
    pub bank_account: BankAccountBody,
}

/// A card Financial Account in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct CardSummary {
    /// The common fields.
    #[serde(flatten)]
    pub fields: FinancialAccountSummaryFields,
    /// The card.
    pub card: CardBody,
}

/// One Financial Account of a list: internal, bank or card summary.
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum FinancialAccountSummary {
    /// An internal account.
    Internal(InternalFinancialAccountSummary),
    /// A bank account (`bankAccount`).
    Bank(BankAccountSummary),
    /// A card (`card`).
    Card(CardSummary),
}

/// The balances of one currency (reference §7): decimal strings.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BalanceBody {
    /// Ledger balance.
    #[schema(example = "1000.00")]
    pub account_balance: String,
    /// `accountBalance` − `pendingWithdrawals`.
    #[schema(example = "800.00")]
    pub available_balance: String,
    /// Pending debits.
    #[schema(example = "200.00")]
    pub pending_withdrawals: String,
    /// Pending credits (not available).
    #[schema(example = "250.00")]
    pub pending_deposits: String,
}

/// Balances keyed by currency code.
pub type BalancesBody = BTreeMap<String, BalanceBody>;

/// The balances object of `account`.
pub fn balances_body(account: &FinancialAccount, balances: &Balances) -> BalancesBody {
    BTreeMap::from([(
        account.currency.code().to_owned(),
        BalanceBody {
            account_balance: format_minor(balances.account_balance_minor),
            available_balance: format_minor(balances.available_balance_minor()),
            pending_withdrawals: format_minor(balances.pending_withdrawals_minor),
            pending_deposits: format_minor(balances.pending_deposits_minor),
        },
    )])
}

/// A Financial Account (reference: the Internal / External Bank / External Card / Integrated
/// Bank Financial Account objects): the summary fields plus verification, audit, and the bank
/// account or card.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FinancialAccountBody {
    /// The common fields.
    #[serde(flatten)]
    pub fields: FinancialAccountSummaryFields,
    /// Verification status: `APPROVED` for accounts openkor issues, `UNVERIFIED` for external ones.
    #[schema(example = "APPROVED")]
    pub verification_status: &'static str,
    /// `PRENOTE` for bank accounts; omitted for cards.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verification_method: Option<&'static str>,
    /// Creator.
    pub created_by: ActorBody,
    /// Last updater.
    pub updated_by: ActorBody,
    /// Bank accounts: the bank account.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bank_account: Option<BankAccountBody>,
    /// Cards: the card.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card: Option<CardBody>,
    /// Requested sub-resources (`embed=`).
    #[serde(rename = "_embedded", skip_serializing_if = "Option::is_none")]
    pub embedded: Option<FinancialAccountEmbedded>,
}

/// Sub-resources of a Financial Account (`embed=balances,accountHolder`).
#[derive(Debug, Default, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FinancialAccountEmbedded {
    /// Balances (internal accounts).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub balances: Option<BalancesBody>,
    /// The holding customer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer: Option<crate::wire::customer::CustomerBody>,
    /// The holding Business Account (business Financial Accounts).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub business_account: Option<crate::wire::business_account::BusinessAccountBody>,
}

fn fields(account: &FinancialAccount) -> FinancialAccountSummaryFields {
    FinancialAccountSummaryFields {
        id: account.id.to_string(),
        parent_id: account.parent_id.map(|id| id.to_string()),
        business_account_id: account.business_account_id.to_string(),
        name: account.name.clone(),
        default_flag: account.default_flag,
        currency: account.currency.code(),
        account_holder_id: account.holder.customer().map(|id| id.to_string()),
        account_holder_type: account.holder.customer().map(|_| "CUSTOMER"),
        state: account.state.code(),
        masked_account_number: account.masked_account_number(),
        created_at: account.created_at.to_string(),
        updated_at: account.updated_at.to_string(),
        category: account.category.code(),
        account_type: account.account_type.code(),
        subtype: account.subtype.code(),
    }
}

fn bank_body(account: &FinancialAccount, bank: &BankDetails) -> BankAccountBody {
    BankAccountBody {
        bank_name: bank.bank_name.clone(),
        routing_no: bank.routing_number.clone(),
        account_number: account
            .account_number
            .clone()
            .filter(|_| !account.is_business_account()),
        account_number_tail: account.account_number_tail.clone(),
        name_on_account: bank.name_on_account.clone(),
        business_name: bank.business_name.clone(),
        billing_address: bank.billing_address.clone().map(Into::into),
    }
}

fn card_body(account: &FinancialAccount, card: &CardDetails) -> CardBody {
    CardBody {
        first_name: card.first_name.clone(),
        middle_name: card.middle_name.clone(),
        last_name: card.last_name.clone(),
        card_number_tail: account.account_number_tail.clone(),
        expiry: card.expiry.clone(),
        billing_address: card.billing_address.clone().into(),
    }
}

impl From<&FinancialAccount> for FinancialAccountSummary {
    fn from(account: &FinancialAccount) -> Self {
        match &account.details {
            AccountDetails::None => {
                FinancialAccountSummary::Internal(InternalFinancialAccountSummary {
                    fields: fields(account),
                })
            }
            AccountDetails::Bank(bank) => FinancialAccountSummary::Bank(BankAccountSummary {
                fields: fields(account),
                bank_account: bank_body(account, bank),
            }),
            AccountDetails::Card(card) => FinancialAccountSummary::Card(CardSummary {
                fields: fields(account),
                card: card_body(account, card),
            }),
        }
    }
}

impl From<&FinancialAccount> for FinancialAccountBody {
    fn from(account: &FinancialAccount) -> Self {
        let (bank_account, card) = match &account.details {
            AccountDetails::None => (None, None),
            AccountDetails::Bank(bank) => (Some(bank_body(account, bank)), None),
            AccountDetails::Card(details) => (None, Some(card_body(account, details))),
        };
        FinancialAccountBody {
            fields: fields(account),
            verification_status: account.verification_status.code(),
            verification_method: account.verification_method.map(|m| m.code()),
            created_by: account.created_by.into(),
            updated_by: account.updated_by.into(),
            bank_account,
            card,
            embedded: None,
        }
    }
}
