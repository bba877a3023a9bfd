//! Financial Account response bodies: the full object, the three summary kinds of lists, and
//! balances.

use crate::wire::actor::ActorBody;
use openkor_domain::financial_account::{
    AccountDetails, AccountHolder, BankDetails, BillingAddress, CardDetails, Category,
    FinancialAccount,
};
use openkor_domain::ledger::Balances;
use openkor_domain::money::format_minor;
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;
use utoipa::openapi::schema::{AllOfBuilder, ObjectBuilder, OneOfBuilder, Schema, Type};
use utoipa::openapi::{Ref, RefOr};

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
    /// Routing number: ABA for USD accounts, Canadian (`0IIITTTTT`) for CAD ones.
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
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum FinancialAccountSummary {
    /// An internal account.
    Internal(InternalFinancialAccountSummary),
    /// A bank account (`bankAccount`).
    Bank(BankAccountSummary),
    /// A card (`card`).
    Card(CardSummary),
}

/// Exactly one variant matches each summary: an internal account's `category` is `INTERNAL`
/// (and it has neither `bankAccount` nor `card`), a bank summary's is not, a card summary has
/// `card`.
impl utoipa::PartialSchema for FinancialAccountSummary {
    fn schema() -> RefOr<Schema> {
        let category = |categories: &[Category]| {
            ObjectBuilder::new().property(
                "category",
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .enum_values(Some(categories.iter().map(|c| c.code()))),
            )
        };
        let reference = |name: &str| Ref::from_schema_name(name);
        OneOfBuilder::new()
            .item(
                AllOfBuilder::new()
                    .item(reference("InternalFinancialAccountSummary"))
                    .item(category(&[Category::Internal]))
                    .description(Some("An internal account.")),
            )
            .item(
                AllOfBuilder::new()
                    .item(reference("BankAccountSummary"))
                    .item(category(&[Category::External, Category::Integrated]))
                    .description(Some("A bank account (`bankAccount`).")),
            )
            .item(reference("CardSummary"))
            .description(Some(
                "One Financial Account of a list: internal, bank or card summary.",
            ))
            .into()
    }
}

impl ToSchema for FinancialAccountSummary {
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        use utoipa::PartialSchema;
        schemas.push((
            "InternalFinancialAccountSummary".to_owned(),
            InternalFinancialAccountSummary::schema(),
        ));
        schemas.push((
            "BankAccountSummary".to_owned(),
            BankAccountSummary::schema(),
        ));
        schemas.push(("CardSummary".to_owned(), CardSummary::schema()));
        <InternalFinancialAccountSummary as ToSchema>::schemas(schemas);
        <BankAccountSummary as ToSchema>::schemas(schemas);
        <CardSummary as ToSchema>::schemas(schemas);
    }
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

/// Sub-resources of a Financial Account (`embed=balances,accountHolder,limits`).
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
    /// The holding Recipient (recipients' accounts).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recipient: Option<crate::wire::recipient::RecipientBody>,
    /// The Financial Account Limits object (`embed=limits`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limits: Option<crate::wire::limits::AccountLimitsBody>,
}

fn fields(account: &FinancialAccount) -> FinancialAccountSummaryFields {
    FinancialAccountSummaryFields {
        id: account.id.to_string(),
        parent_id: account.parent_id.map(|id| id.to_string()),
        business_account_id: account.business_account_id.to_string(),
        name: account.name.clone(),
        default_flag: account.default_flag,
        currency: account.currency.code(),
        account_holder_id: account.holder.holder_id().map(|id| id.to_string()),
        account_holder_type: match account.holder {
            AccountHolder::BusinessAccount => None,
            holder => Some(holder.holder_type().code()),
        },
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
