//! Financial Accounts: the categories, types and states of reference §6, and the account record.

use crate::actor::Actor;
use crate::clock::Timestamp;
use crate::ids::{BusinessAccountId, CustomerId, FinancialAccountId};
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

/// Who holds an account.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AccountHolder {
    /// The Business Account the account belongs to.
    BusinessAccount,
    /// A Customer of that Business Account.
    Customer(CustomerId),
}

impl AccountHolder {
    /// The holder's type.
    pub const fn holder_type(self) -> HolderType {
        match self {
            AccountHolder::BusinessAccount => HolderType::BusinessAccount,
            AccountHolder::Customer(_) => HolderType::Customer,
        }
    }
}

/// Digits of an account number issued by openkor (internal and integrated accounts).
pub const ACCOUNT_NUMBER_DIGITS: usize = 12;

/// `******` followed by the last four digits, as the reference shows (`******4242`).
pub fn mask_account_number(digits: &str) -> String {
    let tail_start = digits.len().saturating_sub(4);
    format!("******{}", digits.get(tail_start..).unwrap_or_default())
}

/// A Financial Account as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FinancialAccount {
    /// Id.
    pub id: FinancialAccountId,
    /// Owning Business Account.
    pub business_account_id: BusinessAccountId,
    /// Parent account (internal accounts: their business account).
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
    /// Account number issued by openkor; only its masked form is ever returned.
    pub account_number: String,
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
            account_number,
            created_by: Actor::INTERNAL,
            created_at: now,
            updated_by: Actor::INTERNAL,
            updated_at: now,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_numbers_are_masked_to_their_last_four_digits() {
        assert_eq!(mask_account_number("123456789012"), "******9012");
        assert_eq!(mask_account_number("42"), "******42");
    }

    #[test]
    fn subtypes_fit_only_their_type() {
        assert!(Subtype::Checking.fits(AccountType::Bank));
        assert!(!Subtype::Checking.fits(AccountType::Card));
        assert!(Subtype::Debit.fits(AccountType::Card));
        assert!(!Subtype::Gift.fits(AccountType::Bank));
    }
}
