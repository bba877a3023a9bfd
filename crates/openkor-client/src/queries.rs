//! The query parameters of the list and read operations, typed: filters as the OpenAPI
//! document declares them, with the paging part flattened in.

use crate::paging::{PageQuery, Paged};
use serde::Serialize;

macro_rules! paged {
    ($($query:ty),+) => {
        $(impl Paged for $query {
            fn paging_mut(&mut self) -> &mut PageQuery {
                &mut self.paging
            }
        })+
    };
}

paged!(
    CustomerQuery,
    FinancialAccountQuery,
    CustomerFinancialAccountQuery,
    TransactionQuery,
    HistoryQuery,
    RecipientQuery,
    DeliveryQuery
);

/// `GET /v1/customers`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerQuery {
    /// Name, e-mail, phone digits or id; 1–100 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub search: Option<String>,
    /// Substring of the name, case-insensitive.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Primary e-mail, case-insensitive.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub primary_email: Option<String>,
    /// Primary phone, any accepted spelling.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub primary_phone_number: Option<String>,
    /// External id, exact.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// `yyyy-MM-dd`, inclusive.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at_from: Option<String>,
    /// `yyyy-MM-dd`, inclusive.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at_to: Option<String>,
    /// The zone of the dates: `Z`, `+05:30`, an IANA zone…; default UTC.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    /// `INDIVIDUAL` or `BUSINESS`.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub customer_type: Option<String>,
    /// `ACTIVE` or `SUSPENDED`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// City of an address, case-insensitive.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city_name: Option<String>,
    /// Country (alpha-3) of an address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
    /// Postal code of an address, case-insensitive.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zip_code: Option<String>,
    /// Page, size, sort (`name`, `createdAt`, …).
    #[serde(flatten)]
    pub paging: PageQuery,
}

/// `GET /v1/financial-accounts`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FinancialAccountQuery {
    /// Comma list of `BUSINESS_ACCOUNT`, `CUSTOMER`, `RECIPIENT`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_holder_types: Option<String>,
    /// The holder's id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_holder_id: Option<String>,
    /// Comma list of `INTERNAL`, `EXTERNAL`, `INTEGRATED`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub categories: Option<String>,
    /// Name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Only default accounts, or only the others.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_flag: Option<bool>,
    /// The parent account's id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
    /// The account type.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub account_type: Option<String>,
    /// `PENDING`, `ACTIVE` or `SUSPENDED`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// Comma list of issued cards' BIN and card-program prefixes (openkor issues no cards).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card_starting_numbers: Option<String>,
    /// Page, size, sort.
    #[serde(flatten)]
    pub paging: PageQuery,
}

/// `GET /v1/customers/{customerId}/financial-accounts`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerFinancialAccountQuery {
    /// The account type.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub account_type: Option<String>,
    /// `PENDING`, `ACTIVE` or `SUSPENDED`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// Page, size, sort.
    #[serde(flatten)]
    pub paging: PageQuery,
}

/// `GET /v1/transactions`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TransactionQuery {
    /// `yyyy-MM-dd`, inclusive.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_date_from: Option<String>,
    /// `yyyy-MM-dd`, inclusive.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_date_to: Option<String>,
    /// The zone of the dates; default UTC.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    /// Decimal, inclusive.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount_from: Option<String>,
    /// Decimal, inclusive.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount_to: Option<String>,
    /// A status such as `SETTLED`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latest_status: Option<String>,
    /// Last four digits, optionally after asterisks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub masked_debit_account_number: Option<String>,
    /// Last four digits, optionally after asterisks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub masked_credit_account_number: Option<String>,
    /// The debit account's id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub debit_financial_account_id: Option<String>,
    /// The credit account's id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credit_financial_account_id: Option<String>,
    /// `SEND`, `REQUEST`, `DEPOSIT`, …
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transaction_type: Option<String>,
    /// `ach`, `wire`, `push-to-card` or `transfer`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub solution: Option<String>,
    /// The creator's id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requestor_id: Option<String>,
    /// `employee`, `internal`, `kor_employee` or `service-account`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requestor_type: Option<String>,
    /// Older name of `requestorId`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_by_id: Option<String>,
    /// Older name of `requestorType`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_by_type: Option<String>,
    /// Page, size, sort.
    #[serde(flatten)]
    pub paging: PageQuery,
}

/// `GET /v1/transaction-histories`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HistoryQuery {
    /// The transaction's id (required by the server).
    pub transaction_id: String,
    /// Page, size, sort.
    #[serde(flatten)]
    pub paging: PageQuery,
}

/// `GET /v1/recipients`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RecipientQuery {
    /// `ACTIVE` or `INACTIVE`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// Free text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub search: Option<String>,
    /// Page, size, sort.
    #[serde(flatten)]
    pub paging: PageQuery,
}

/// `GET /v1/webhook-subscriptions/{subscriptionId}/deliveries`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeliveryQuery {
    /// A delivery status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Page, size, sort.
    #[serde(flatten)]
    pub paging: PageQuery,
}

/// `GET /v1/limits` and `GET /v1/limits/utilisation`: whose limits.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LimitScope {
    /// The Customer's or Financial Account's id.
    pub scope_id: String,
    /// `CUSTOMER` or `FA_KFA`.
    pub scope_type: String,
}

impl LimitScope {
    /// A Customer's limits.
    pub fn customer(customer_id: &str) -> Self {
        Self {
            scope_id: customer_id.to_owned(),
            scope_type: "CUSTOMER".to_owned(),
        }
    }

    /// A Financial Account's limits.
    pub fn financial_account(financial_account_id: &str) -> Self {
        Self {
            scope_id: financial_account_id.to_owned(),
            scope_type: "FA_KFA".to_owned(),
        }
    }
}
