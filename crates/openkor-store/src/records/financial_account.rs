//! Financial Account and agreement rows.

use super::{actor, corrupt, parse_code};
use crate::StoreError;
use openkor_domain::clock::Timestamp;
use openkor_domain::financial_account::{
    AccountDetails, AccountHolder, AccountState, AccountType, AccountVerificationStatus, Agreement,
    BankDetails, BillingAddress, CardDetails, Category, FinancialAccount, HolderType, Subtype,
    VerificationMethod,
};
use openkor_domain::ids::{BusinessAccountId, CustomerId, FinancialAccountId, RecipientId};
use openkor_domain::money::Currency;
use uuid::Uuid;

/// One `financial_accounts` row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FinancialAccountRow {
    /// `id`
    pub id: Uuid,
    /// `business_account_id`
    pub business_account_id: Uuid,
    /// `parent_id`
    pub parent_id: Option<Uuid>,
    /// `name`
    pub name: String,
    /// `search_name`: lower-case name.
    pub search_name: String,
    /// `category`
    pub category: String,
    /// `account_type`
    pub account_type: String,
    /// `subtype`
    pub subtype: String,
    /// `default_flag`
    pub default_flag: bool,
    /// `currency`
    pub currency: String,
    /// `holder_type`
    pub holder_type: String,
    /// `holder_id`
    pub holder_id: Option<Uuid>,
    /// `customer_id`: the holder when it is a customer.
    pub customer_id: Option<Uuid>,
    /// `state`
    pub state: String,
    /// `account_number`
    pub account_number: Option<String>,
    /// `account_number_tail`
    pub account_number_tail: String,
    /// `fingerprint`
    pub fingerprint: Option<Vec<u8>>,
    /// `verification_status`
    pub verification_status: String,
    /// `verification_method`
    pub verification_method: Option<String>,
    /// `bank_name`
    pub bank_name: Option<String>,
    /// `routing_number`
    pub routing_number: Option<String>,
    /// `name_on_account`
    pub name_on_account: Option<String>,
    /// `bank_business_name`
    pub bank_business_name: Option<String>,
    /// `card_first_name`
    pub card_first_name: Option<String>,
    /// `card_middle_name`
    pub card_middle_name: Option<String>,
    /// `card_last_name`
    pub card_last_name: Option<String>,
    /// `card_expiry`
    pub card_expiry: Option<String>,
    /// `billing_address_line1`
    pub billing_address_line1: Option<String>,
    /// `billing_address_line2`
    pub billing_address_line2: Option<String>,
    /// `billing_address_line3`
    pub billing_address_line3: Option<String>,
    /// `billing_city`
    pub billing_city: Option<String>,
    /// `billing_state_code`
    pub billing_state_code: Option<String>,
    /// `billing_country_code`
    pub billing_country_code: Option<String>,
    /// `billing_postal_code`
    pub billing_postal_code: Option<String>,
    /// `created_by_type`
    pub created_by_type: String,
    /// `created_by_id`
    pub created_by_id: Option<Uuid>,
    /// `created_at`
    pub created_at: Timestamp,
    /// `updated_by_type`
    pub updated_by_type: String,
    /// `updated_by_id`
    pub updated_by_id: Option<Uuid>,
    /// `updated_at`
    pub updated_at: Timestamp,
}

impl FinancialAccountRow {
    /// Every column, in the order backends bind and read them.
    pub const COLUMNS: [&'static str; 40] = [
        "id",
        "business_account_id",
        "parent_id",
        "name",
        "search_name",
        "category",
        "account_type",
        "subtype",
        "default_flag",
        "currency",
        "holder_type",
        "holder_id",
        "customer_id",
        "state",
        "account_number",
        "account_number_tail",
        "fingerprint",
        "verification_status",
        "verification_method",
        "bank_name",
        "routing_number",
        "name_on_account",
        "bank_business_name",
        "card_first_name",
        "card_middle_name",
        "card_last_name",
        "card_expiry",
        "billing_address_line1",
        "billing_address_line2",
        "billing_address_line3",
        "billing_city",
        "billing_state_code",
        "billing_country_code",
        "billing_postal_code",
        "created_by_type",
        "created_by_id",
        "created_at",
        "updated_by_type",
        "updated_by_id",
        "updated_at",
    ];

    /// The columns qualified with `alias.`.
    pub fn select_list(alias: &str) -> String {
        let columns: Vec<String> = Self::COLUMNS
            .iter()
            .map(|c| format!("{alias}.{c}"))
            .collect();
        columns.join(", ")
    }
}

impl From<&FinancialAccount> for FinancialAccountRow {
    fn from(account: &FinancialAccount) -> Self {
        let holder_id = account.holder.holder_id();
        let (bank, card) = match &account.details {
            AccountDetails::None => (None, None),
            AccountDetails::Bank(bank) => (Some(bank), None),
            AccountDetails::Card(card) => (None, Some(card)),
        };
        let billing = bank
            .and_then(|b| b.billing_address.as_ref())
            .or(card.map(|c| &c.billing_address));
        FinancialAccountRow {
            id: account.id.as_uuid(),
            business_account_id: account.business_account_id.as_uuid(),
            parent_id: account.parent_id.map(|id| id.as_uuid()),
            name: account.name.clone(),
            search_name: account.name.to_lowercase(),
            category: account.category.code().to_owned(),
            account_type: account.account_type.code().to_owned(),
            subtype: account.subtype.code().to_owned(),
            default_flag: account.default_flag,
            currency: account.currency.code().to_owned(),
            holder_type: account.holder.holder_type().code().to_owned(),
            holder_id,
            customer_id: account.holder.customer().map(|id| id.as_uuid()),
            state: account.state.code().to_owned(),
            account_number: account.account_number.clone(),
            account_number_tail: account.account_number_tail.clone(),
            fingerprint: account.fingerprint.map(|f| f.to_vec()),
            verification_status: account.verification_status.code().to_owned(),
            verification_method: account.verification_method.map(|m| m.code().to_owned()),
            bank_name: bank.and_then(|b| b.bank_name.clone()),
            routing_number: bank.and_then(|b| b.routing_number.clone()),
            name_on_account: bank.and_then(|b| b.name_on_account.clone()),
            bank_business_name: bank.and_then(|b| b.business_name.clone()),
            card_first_name: card.map(|c| c.first_name.clone()),
            card_middle_name: card.and_then(|c| c.middle_name.clone()),
            card_last_name: card.map(|c| c.last_name.clone()),
            card_expiry: card.map(|c| c.expiry.clone()),
            billing_address_line1: billing.map(|a| a.address_line1.clone()),
            billing_address_line2: billing.and_then(|a| a.address_line2.clone()),
            billing_address_line3: billing.and_then(|a| a.address_line3.clone()),
            billing_city: billing.map(|a| a.city.clone()),
            billing_state_code: billing.and_then(|a| a.state_code.clone()),
            billing_country_code: billing.and_then(|a| a.country_code.clone()),
            billing_postal_code: billing.and_then(|a| a.postal_code.clone()),
            created_by_type: account.created_by.kind.code().to_owned(),
            created_by_id: account.created_by.id,
            created_at: account.created_at,
            updated_by_type: account.updated_by.kind.code().to_owned(),
            updated_by_id: account.updated_by.id,
            updated_at: account.updated_at,
        }
    }
}

impl FinancialAccountRow {
    fn billing_address(&self) -> Option<BillingAddress> {
        match (&self.billing_address_line1, &self.billing_city) {
            (Some(line1), Some(city)) => Some(BillingAddress {
                address_line1: line1.clone(),
                address_line2: self.billing_address_line2.clone(),
                address_line3: self.billing_address_line3.clone(),
                city: city.clone(),
                state_code: self.billing_state_code.clone(),
                country_code: self.billing_country_code.clone(),
                postal_code: self.billing_postal_code.clone(),
            }),
            _ => None,
        }
    }

    fn details(
        &self,
        category: Category,
        account_type: AccountType,
    ) -> Result<AccountDetails, StoreError> {
        Ok(match (account_type, category) {
            (AccountType::Bank, Category::Internal) => AccountDetails::None,
            (AccountType::Bank, _) => AccountDetails::Bank(BankDetails {
                bank_name: self.bank_name.clone(),
                routing_number: self.routing_number.clone(),
                name_on_account: self.name_on_account.clone(),
                business_name: self.bank_business_name.clone(),
                billing_address: self.billing_address(),
            }),
            (AccountType::Card, _) => AccountDetails::Card(CardDetails {
                first_name: self
                    .card_first_name
                    .clone()
                    .ok_or_else(|| corrupt("card", "<first name>"))?,
                middle_name: self.card_middle_name.clone(),
                last_name: self
                    .card_last_name
                    .clone()
                    .ok_or_else(|| corrupt("card", "<last name>"))?,
                expiry: self
                    .card_expiry
                    .clone()
                    .ok_or_else(|| corrupt("card", "<expiry>"))?,
                billing_address: self
                    .billing_address()
                    .ok_or_else(|| corrupt("card", "<billing address>"))?,
            }),
        })
    }
}

impl TryFrom<FinancialAccountRow> for FinancialAccount {
    type Error = StoreError;
    fn try_from(row: FinancialAccountRow) -> Result<Self, StoreError> {
        let holder_type = parse_code("holder type", &row.holder_type, HolderType::from_code)?;
        let holder = match (holder_type, row.holder_id) {
            (HolderType::BusinessAccount, None) => AccountHolder::BusinessAccount,
            (HolderType::Customer, Some(id)) => AccountHolder::Customer(CustomerId::from_uuid(id)),
            (HolderType::Recipient, Some(id)) => {
                AccountHolder::Recipient(RecipientId::from_uuid(id))
            }
            _ => return Err(corrupt("account holder", &row.holder_type)),
        };
        let category = parse_code("category", &row.category, Category::from_code)?;
        let account_type = parse_code("account type", &row.account_type, AccountType::from_code)?;
        let fingerprint = match &row.fingerprint {
            Some(bytes) => Some(
                <[u8; 32]>::try_from(bytes.as_slice())
                    .map_err(|_| corrupt("fingerprint", "<length>"))?,
            ),
            None => None,
        };
        Ok(FinancialAccount {
            details: row.details(category, account_type)?,
            id: FinancialAccountId::from_uuid(row.id),
            business_account_id: BusinessAccountId::from_uuid(row.business_account_id),
            parent_id: row.parent_id.map(FinancialAccountId::from_uuid),
            name: row.name,
            category,
            account_type,
            subtype: parse_code("subtype", &row.subtype, Subtype::from_code)?,
            default_flag: row.default_flag,
            currency: parse_code("currency", &row.currency, |c| c.parse::<Currency>().ok())?,
            holder,
            state: parse_code("state", &row.state, AccountState::from_code)?,
            account_number: row.account_number,
            account_number_tail: row.account_number_tail,
            fingerprint,
            verification_status: parse_code(
                "verification status",
                &row.verification_status,
                AccountVerificationStatus::from_code,
            )?,
            verification_method: row
                .verification_method
                .map(|code| parse_code("verification method", &code, VerificationMethod::from_code))
                .transpose()?,
            created_by: actor(&row.created_by_type, row.created_by_id)?,
            created_at: row.created_at,
            updated_by: actor(&row.updated_by_type, row.updated_by_id)?,
            updated_at: row.updated_at,
        })
    }
}

/// One `financial_account_agreements` row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgreementRow {
    /// `business_account_id`
    pub business_account_id: Uuid,
    /// `financial_account_id`
    pub financial_account_id: Uuid,
    /// `position`
    pub position: i64,
    /// `document_id`
    pub document_id: String,
    /// `document_version`
    pub document_version: String,
    /// `accepted`
    pub accepted: bool,
    /// `responded_at`
    pub responded_at: Timestamp,
}

impl AgreementRow {
    /// The rows of `agreements` of `account`.
    pub fn all(account: &FinancialAccount, agreements: &[Agreement]) -> Vec<AgreementRow> {
        agreements
            .iter()
            .enumerate()
            .map(|(position, agreement)| AgreementRow {
                business_account_id: account.business_account_id.as_uuid(),
                financial_account_id: account.id.as_uuid(),
                position: i64::try_from(position).unwrap_or(i64::MAX),
                document_id: agreement.document_id.clone(),
                document_version: agreement.document_version.clone(),
                accepted: agreement.accepted,
                responded_at: agreement.responded_at,
            })
            .collect()
    }
}
