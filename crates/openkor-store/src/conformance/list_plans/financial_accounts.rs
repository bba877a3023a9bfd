//! The plan cases of the Financial Account list.

use super::Case;
use super::list::{List, candidates};
use crate::db::Dialect;
use crate::sql::search::{Candidates, FINANCIAL_ACCOUNT_SEARCH};
use crate::sql::{self, SortColumn, TieBreak};
use crate::sql_store::rows::FINANCIAL_ACCOUNT_SELECT;
use openkor_domain::financial_account::{
    AccountState, AccountType, Category, FinancialAccountFilter, FinancialAccountSortField,
    HolderType,
};
use openkor_domain::ids::FinancialAccountId;
use openkor_domain::money::Currency;
use uuid::Uuid;

/// Each filter of the Financial Account list: its label, the column its index must be
/// constrained on, and a filter setting it alone.
fn filters(scope: Uuid) -> Vec<(&'static str, &'static str, FinancialAccountFilter)> {
    let f = FinancialAccountFilter::default;
    vec![
        (
            "accountHolderTypes",
            "holder_type",
            FinancialAccountFilter {
                holder_types: Some(vec![HolderType::Customer]),
                ..f()
            },
        ),
        (
            "accountHolderId",
            "holder_id",
            FinancialAccountFilter {
                holder_id: Some(Uuid::max()),
                ..f()
            },
        ),
        (
            "accountHolderId (own)",
            "holder_type",
            FinancialAccountFilter {
                holder_id: Some(scope),
                ..f()
            },
        ),
        (
            "categories",
            "category",
            FinancialAccountFilter {
                categories: Some(vec![Category::Internal]),
                ..f()
            },
        ),
        (
            "name",
            "search_name",
            FinancialAccountFilter {
                name: Some("savings".into()),
                ..f()
            },
        ),
        (
            "defaultFlag",
            "default_flag",
            FinancialAccountFilter {
                default_flag: Some(true),
                ..f()
            },
        ),
        (
            "parentId",
            "parent_id",
            FinancialAccountFilter {
                parent_id: Some(FinancialAccountId::new()),
                ..f()
            },
        ),
        (
            "type",
            "account_type",
            FinancialAccountFilter {
                account_type: Some(AccountType::Bank),
                ..f()
            },
        ),
        (
            "state",
            "state",
            FinancialAccountFilter {
                state: Some(AccountState::Active),
                ..f()
            },
        ),
        (
            "currency",
            "currency",
            FinancialAccountFilter {
                currency: Some(Currency::Usd),
                ..f()
            },
        ),
    ]
}

/// Every filter and sort of the Financial Account list. On SQLite the `name` filter reads its
/// full-text candidates (as it does when they are few), each account then found by its id.
pub(super) fn cases(scope: Uuid, dialect: Dialect) -> Vec<Case> {
    let column: fn(FinancialAccountSortField) -> SortColumn = match dialect {
        Dialect::Postgres => |field| sql::financial_account_sort_column(field, true),
        Dialect::Sqlite => |field| sql::financial_account_sort_column(field, false),
    };
    let list = List {
        name: "accounts",
        table: "financial_accounts",
        from: "financial_accounts fa",
        alias: "fa",
        select: FINANCIAL_ACCOUNT_SELECT.as_str(),
        column,
        tie_break: TieBreak {
            created_at: "fa.created_at",
            id: "fa.id",
        },
        created_at: FinancialAccountSortField::CreatedAt,
    };
    let mut all = Vec::new();
    for (label, column, filter) in filters(scope) {
        let query = sql::financial_account_full_text(&filter).map(|query| (query, None));
        let candidates = candidates(dialect, FINANCIAL_ACCOUNT_SEARCH, query);
        let conditions = sql::financial_account_conditions(scope, &filter, 2, &candidates);
        all.push(list.searched(label, column, &candidates, &conditions));
    }
    let unfiltered = FinancialAccountFilter::default();
    let conditions = sql::financial_account_conditions(scope, &unfiltered, 2, &Candidates::Scan);
    all.extend(list.sorts(FinancialAccountSortField::ALL, &conditions));
    all
}
