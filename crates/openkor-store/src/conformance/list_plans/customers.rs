//! The plan cases of the customer list.

use super::Case;
use super::list::{List, candidates};
use crate::db::Dialect;
use crate::sql::search::{CUSTOMER_SEARCH, Candidates};
use crate::sql::{self, SortColumn, TieBreak};
use crate::sql_store::rows::CUSTOMER_SELECT;
use openkor_domain::customer::{
    CustomerFilter, CustomerSortField, CustomerStatus, CustomerType, SearchTerm,
};
use uuid::Uuid;

/// Each filter of the customer list: its label, the column its index must be constrained on,
/// and a filter setting it alone.
fn filters() -> Vec<(&'static str, &'static str, CustomerFilter)> {
    let f = CustomerFilter::default;
    vec![
        (
            "search",
            "search_name",
            CustomerFilter {
                search: Some(SearchTerm::new("sarah")),
                ..f()
            },
        ),
        (
            "name",
            "search_name",
            CustomerFilter {
                name: Some("sarah".into()),
                ..f()
            },
        ),
        (
            "primaryEmail",
            "search_email",
            CustomerFilter {
                primary_email: Some("a@b.co".into()),
                ..f()
            },
        ),
        (
            "primaryPhoneNumber",
            "search_phone",
            CustomerFilter {
                primary_phone_number: Some("+14155550100".into()),
                ..f()
            },
        ),
        (
            "externalId",
            "external_id",
            CustomerFilter {
                external_id: Some("x-1".into()),
                ..f()
            },
        ),
        (
            "type",
            "customer_type",
            CustomerFilter {
                customer_type: Some(CustomerType::Individual),
                ..f()
            },
        ),
        (
            "status",
            "status",
            CustomerFilter {
                status: Some(CustomerStatus::Active),
                ..f()
            },
        ),
        (
            "createdFrom",
            "created_at",
            CustomerFilter {
                created_from: Some(super::super::fixtures::T0),
                ..f()
            },
        ),
        (
            "cityName",
            "search_city",
            CustomerFilter {
                city_name: Some("boston".into()),
                ..f()
            },
        ),
        (
            "countryCode",
            "country_code",
            CustomerFilter {
                country_code: Some("USA".into()),
                ..f()
            },
        ),
        (
            "zipCode",
            "search_zip",
            CustomerFilter {
                zip_code: Some("02110".into()),
                ..f()
            },
        ),
    ]
}

/// Every filter and sort of the customer list. On SQLite the `search` and `name` filters read
/// their full-text candidates, and the address filters the customers of the matching addresses
/// (as they do when those are few), each customer then found by its id.
pub(super) fn cases(scope: Uuid, dialect: Dialect) -> Vec<Case> {
    let column: fn(CustomerSortField) -> SortColumn = match dialect {
        Dialect::Postgres => |field| sql::customer_sort_column(field, true),
        Dialect::Sqlite => |field| sql::customer_sort_column(field, false),
    };
    let list = List {
        name: "customers",
        table: "customers",
        from: "customers c",
        alias: "c",
        select: CUSTOMER_SELECT.as_str(),
        column,
        tie_break: TieBreak {
            created_at: "c.created_at",
            id: "c.id",
        },
        created_at: CustomerSortField::CreatedAt,
    };
    let mut all = Vec::new();
    for (label, column, filter) in filters() {
        let mut candidates = candidates(dialect, CUSTOMER_SEARCH, sql::customer_full_text(&filter));
        let addresses = sql::customer_address_filters(&filter);
        if dialect == Dialect::Sqlite && !addresses.is_empty() {
            candidates = Candidates::CustomerAddresses { filters: addresses };
        }
        let conditions = sql::customer_conditions(scope, &filter, 2, &candidates);
        all.push(list.searched(label, column, &candidates, &conditions));
    }
    let conditions =
        sql::customer_conditions(scope, &CustomerFilter::default(), 2, &Candidates::Scan);
    all.extend(list.sorts(CustomerSortField::ALL, &conditions));
    all
}
