//! Financial Accounts (reference §6): categories, types and states, the account record with its
//! bank or card details, and what can be created through the API.
//!
//! Numbers: openkor issues the account numbers of INTERNAL and INTEGRATED accounts and keeps
//! them. Of an EXTERNAL bank account or card it keeps only the last four digits and a keyed
//! fingerprint of the full number (to detect a duplicate link); the full number is never stored,
//! logged or returned.

pub mod checks;
mod draft;
mod filter;
pub mod prenote;

pub use draft::{
    AgreementDraft, BillingAddressDraft, CardDraft, ExternalBankAccountDraft, ExternalBankDraft,
    ExternalCardDraft, HolderAccount, HolderAccountDraft, IntegratedBankDraft, InternalDraft,
    ValidatedExternal, ValidatedExternalBank, ValidatedExternalCard, ValidatedIntegratedBank,
    ValidatedInternal,
};
pub use filter::{FinancialAccountFilter, FinancialAccountSortField};

use crate::actor::Actor;
use crate::clock::Timestamp;
use crate::ids::{BusinessAccountId, CustomerId, FinancialAccountId, RecipientId};
use crate::money::Currency;

crate::code_enum! {
    /// Where the account lives.
    pub enum Category {
        /// Exists only inside openkor; the only kind with a ledger balance of its own.
        Internal => "INTERNAL",
        /// Held at an outside institution (a customer's bank account or card).
        External => "EXTERNAL",
        /// Issued on the platform at the partner institution.
        Integrated => "INTEGRATED",
    }
}

crate::code_enum! {
    /// Bank account or card.
    pub enum AccountType {
        /// A bank account.
        Bank => "BANK",
        /// A card.
        Card => "CARD",
    }
}

crate::code_enum! {
    /// The subtype; `CHECKING`/`SAVING` for banks, the rest for cards.
    pub enum Subtype {
        /// Checking account.
        Checking => "CHECKING",
        /// Savings account.
        Saving => "SAVING",
        /// Debit card.
        Debit => "DEBIT",
        /// Credit card.
        Credit => "CREDIT",
        /// Prepaid card.
        Prepaid => "PREPAID",
        /// Gift card (issued cards only).
        Gift => "GIFT",
    }
}

impl Subtype {
    /// Whether this subtype belongs to `account_type`.
    pub const fn fits(self, account_type: AccountType) -> bool {
        match account_type {
            AccountType::Bank => matches!(self, Subtype::Checking | Subtype::Saving),
            AccountType::Card => !matches!(self, Subtype::Checking | Subtype::Saving),
        }
    }
}

crate::code_enum! {
    /// Lifecycle state of an account.
    pub enum AccountState {
        /// Being processed, not yet usable.
        Pending => "PENDING",
        /// Usable.
        Active => "ACTIVE",
        /// Cannot be used in transactions.
        Suspended => "SUSPENDED",
    }
}

crate::code_enum! {
    /// The kind of entity that holds an account.
    pub enum HolderType {
        /// The Business Account itself (a business Financial Account).
        BusinessAccount => "BUSINESS_ACCOUNT",
        /// A Customer.
        Customer => "CUSTOMER",
        /// A Recipient.
        Recipient => "RECIPIENT",
    }
}

crate::code_enum! {
    /// Verification status of an account (reference §6.7).
    pub enum AccountVerificationStatus {
        /// Not verified yet.
        Unverified => "UNVERIFIED",
        /// Verification requested.
        Pending => "PENDING",
        /// Being verified.
        Processing => "PROCESSING",
        /// Needs manual review.
        Review => "REVIEW",
        /// Refused.
        Declined => "DECLINED",
        /// Verified (accounts openkor issues are verified by construction).
        Approved => "APPROVED",
        /// Verification failed for a technical reason.
        Error => "ERROR",
    }
}

crate::code_enum! {
    /// How an account is (or would be) verified.
    pub enum VerificationMethod {
        /// A $0 ACH prenote (bank accounts).
        Prenote => "PRENOTE",
        /// Through an account aggregator.
        Aggregation => "AGGREGATION",
    }
}

/// Who holds an account.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AccountHolder {
    /// The Business Account the account belongs to.
    BusinessAccount,
    /// A Customer of that Business Account.
    Customer(CustomerId),
    /// A Recipient of that Business Account (external accounts only; only ever credited).
    Recipient(RecipientId),
}

impl AccountHolder {
    /// The holder's type.
    pub const fn holder_type(self) -> HolderType {
        match self {
            AccountHolder::BusinessAccount => HolderType::BusinessAccount,
            AccountHolder::Customer(_) => HolderType::Customer,
            AccountHolder::Recipient(_) => HolderType::Recipient,
        }
    }

    /// The customer, when a customer holds the account.
    pub const fn customer(self) -> Option<CustomerId> {
        match self {
            AccountHolder::Customer(id) => Some(id),
            AccountHolder::BusinessAccount | AccountHolder::Recipient(_) => None,
        }
    }

    /// The recipient, when a recipient holds the account.
    pub const fn recipient(self) -> Option<RecipientId> {
        match self {
            AccountHolder::Recipient(id) => Some(id),
            AccountHolder::BusinessAccount | AccountHolder::Customer(_) => None,
        }
    }

    /// The holder's id (a Customer's or a Recipient's; none for the Business Account).
    pub fn holder_id(self) -> Option<uuid::Uuid> {
        match self {
            AccountHolder::BusinessAccount => None,
            AccountHolder::Customer(id) => Some(id.as_uuid()),
            AccountHolder::Recipient(id) => Some(id.as_uuid()),
        }
    }
}

/// Digits of an account number issued by openkor (internal and integrated accounts).
pub const ACCOUNT_NUMBER_DIGITS: usize = 12;

/// `******` followed by the last four digits, as the reference shows (`******4242`).
pub fn mask_account_number(tail: &str) -> String {
    format!("******{}", checks::tail(tail))
}

/// A billing address of an external bank account or card (reference §6.1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BillingAddress {
    /// Line 1.
    pub address_line1: String,
    /// Line 2.
    pub address_line2: Option<String>,
    /// Line 3.
    pub address_line3: Option<String>,
    /// City.
    pub city: String,
    /// ISO 3166-2 subdivision (required for USA and CAN).
    pub state_code: Option<String>,
    /// ISO 3166-1 alpha-3 country.
    pub country_code: Option<String>,
    /// Postal code.
    pub postal_code: Option<String>,
}

/// Bank details of a BANK account (external or integrated).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BankDetails {
    /// Bank name.
    pub bank_name: Option<String>,
    /// ABA routing number.
    pub routing_number: Option<String>,
    /// Name on the account.
    pub name_on_account: Option<String>,
    /// Business name on the account.
    pub business_name: Option<String>,
    /// Billing address (external accounts).
    pub billing_address: Option<BillingAddress>,
}

/// Card details of a CARD account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardDetails {
    /// First name on the card.
    pub first_name: String,
    /// Middle name on the card.
    pub middle_name: Option<String>,
    /// Last name on the card.
    pub last_name: String,
    /// Expiry, `yyyy-MM`.
    pub expiry: String,
    /// Billing address.
    pub billing_address: BillingAddress,
}

/// What kind of account it is beyond the common fields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AccountDetails {
    /// An internal account: nothing more.
    None,
    /// A bank account.
    Bank(BankDetails),
    /// A card.
    Card(CardDetails),
}

/// An accepted agreement of an integrated account (reference §6.4).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Agreement {
    /// Semantic document id, e.g. `kor-privacy-policy`.
    pub document_id: String,
    /// Document version, e.g. `version-1.2.3`.
    pub document_version: String,
    /// Whether it was accepted (always true: openkor refuses declined agreements).
    pub accepted: bool,
    /// When the holder responded.
    pub responded_at: Timestamp,
}

/// A Financial Account as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FinancialAccount {
    /// Id.
    pub id: FinancialAccountId,
    /// Owning Business Account.
    pub business_account_id: BusinessAccountId,
    /// Parent account (internal and integrated accounts: a business account).
    pub parent_id: Option<FinancialAccountId>,
    /// Informal name, 1–100 characters.
    pub name: String,
    /// Category.
    pub category: Category,
    /// Type.
    pub account_type: AccountType,
    /// Subtype.
    pub subtype: Subtype,
    /// The holder's default account for transactions.
    pub default_flag: bool,
    /// Currency.
    pub currency: Currency,
    /// Holder.
    pub holder: AccountHolder,
    /// State.
    pub state: AccountState,
    /// The full number of an account openkor issued; `None` for external accounts.
    pub account_number: Option<String>,
    /// Last four digits of the number.
    pub account_number_tail: String,
    /// Keyed fingerprint of an external account's full number.
    pub fingerprint: Option<[u8; 32]>,
    /// Verification status.
    pub verification_status: AccountVerificationStatus,
    /// Verification method (bank accounts).
    pub verification_method: Option<VerificationMethod>,
    /// Bank or card details.
    pub details: AccountDetails,
    /// Who created it.
    pub created_by: Actor,
    /// When it was created.
    pub created_at: Timestamp,
    /// Who last changed it.
    pub updated_by: Actor,
    /// When it last changed.
    pub updated_at: Timestamp,
}

impl FinancialAccount {
    /// A business Financial Account: integrated bank checking account in `currency`, held by the
    /// Business Account itself, created by openkor at `now`.
    pub fn business_checking(
        business_account_id: BusinessAccountId,
        currency: Currency,
        account_number: String,
        now: Timestamp,
    ) -> Self {
        FinancialAccount {
            id: FinancialAccountId::new(),
            business_account_id,
            parent_id: None,
            name: format!("Business Checking {currency}"),
            category: Category::Integrated,
            account_type: AccountType::Bank,
            subtype: Subtype::Checking,
            default_flag: false,
            currency,
            holder: AccountHolder::BusinessAccount,
            state: AccountState::Active,
            account_number_tail: checks::tail(&account_number),
            account_number: Some(account_number),
            fingerprint: None,
            verification_status: AccountVerificationStatus::Approved,
            verification_method: Some(VerificationMethod::Prenote),
            details: AccountDetails::Bank(BankDetails {
                bank_name: None,
                routing_number: None,
                name_on_account: None,
                business_name: None,
                billing_address: None,
            }),
            created_by: Actor::INTERNAL,
            created_at: now,
            updated_by: Actor::INTERNAL,
            updated_at: now,
        }
    }

    /// `******1234`.
    pub fn masked_account_number(&self) -> String {
        mask_account_number(&self.account_number_tail)
    }

    /// Whether it is a business Financial Account (held by the Business Account itself).
    pub fn is_business_account(&self) -> bool {
        self.holder == AccountHolder::BusinessAccount
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_numbers_are_masked_to_their_last_four_digits() {
        assert_eq!(mask_account_number("123456789012"), "******9012");
        assert_eq!(mask_account_number("4242"), "******4242");
    }

    #[test]
    fn subtypes_fit_only_their_type() {
        assert!(Subtype::Checking.fits(AccountType::Bank));
        assert!(!Subtype::Checking.fits(AccountType::Card));
        assert!(Subtype::Debit.fits(AccountType::Card));
        assert!(!Subtype::Gift.fits(AccountType::Bank));
    }
}
