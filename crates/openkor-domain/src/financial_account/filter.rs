//! Financial Account list filters and sortable fields (`list-financial-accounts` seed page).
//!
//! All filters combine with AND; a list-valued filter matches any of its values. `name` is a
//! case-insensitive substring. `accountHolderId` matches the holder's id, and the caller's own
//! Business Account id matches its business Financial Accounts.

use super::{AccountState, AccountType, Category, HolderType};
use crate::ids::FinancialAccountId;
use crate::money::Currency;
use uuid::Uuid;

crate::code_enum! {
    /// Fields a Financial Account list can be sorted on.
    pub enum FinancialAccountSortField {
        /// Creation time.
        CreatedAt => "createdAt",
        /// Last update time.
        UpdatedAt => "updatedAt",
        /// Name, case-insensitively.
        Name => "name",
        /// Category.
        Category => "category",
        /// Type.
        Type => "type",
        /// Subtype.
        Subtype => "subtype",
        /// Currency.
        Currency => "currency",
        /// State.
        State => "state",
        /// Default flag (false first ascending).
        DefaultFlag => "defaultFlag",
        /// Holder type.
        AccountHolderType => "accountHolderType",
        /// Holder id (business accounts, which have none, first ascending).
        AccountHolderId => "accountHolderId",
        /// Parent account (accounts without one first ascending).
        ParentId => "parentId",
        /// Id.
        Id => "id",
    }
}

/// A validated set of list filters; `None` means "any".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FinancialAccountFilter {
    /// `accountHolderTypes`.
    pub holder_types: Option<Vec<HolderType>>,
    /// `accountHolderId`.
    pub holder_id: Option<Uuid>,
    /// `categories`.
    pub categories: Option<Vec<Category>>,
    /// `name`, lower-case.
    pub name: Option<String>,
    /// `defaultFlag`.
    pub default_flag: Option<bool>,
    /// `parentId`.
    pub parent_id: Option<FinancialAccountId>,
    /// `type`.
    pub account_type: Option<AccountType>,
    /// `state`.
    pub state: Option<AccountState>,
    /// `cardStartingNumbers`: issued cards whose number starts with one of these. openkor
    /// issues no cards, so no account matches when it is given.
    pub issued_card_prefixes: Option<Vec<String>>,
    /// The account's currency (not an API filter; used to find a parent account).
    pub currency: Option<Currency>,
}
