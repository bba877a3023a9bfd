//! Conformance case: every filter and every sort of the customer and Financial Account lists is
//! served by an index, so a new filter or sort without one fails here.
//!
//! - SQLite, in its own plan (`EXPLAIN QUERY PLAN`): a filter's count and page search through
//!   an index constrained on the filter's column; a sort's page needs no temporary b-tree.
//! - PostgreSQL: a sort's page needs no sort step (`EXPLAIN` with sorts and sequential scans
//!   priced out). Between a filter's index and the order's it chooses by statistics, which an
//!   empty table does not have (every plan ties at one row), so a filter is checked in the
//!   catalog: an index leads with the tenant and the filter's column, or a trigram index
//!   covers it.

use crate::db::{Backend, Conn, Dialect, Row, Value};
use crate::sql::{self, COUNT_CAP, Conditions, PageShape, SortColumn, TieBreak};
use crate::sql_store::SqlStore;
use crate::sql_store::rows::{CUSTOMER_SELECT, FINANCIAL_ACCOUNT_SELECT};
use openkor_domain::customer::{
    CustomerFilter, CustomerSortField, CustomerStatus, CustomerType, SearchTerm,
};
use openkor_domain::financial_account::{
    AccountState, AccountType, Category, FinancialAccountFilter, FinancialAccountSortField,
    HolderType,
};
use openkor_domain::ids::FinancialAccountId;
use openkor_domain::money::Currency;
use openkor_domain::paging::{SortDirection, SortKey};
use uuid::Uuid;

/// Substring filters, which SQLite serves by scanning the tenant until its full-text tables
/// land (docs/BENCHMARKS.md, "Lists at any size").
const SQLITE_SCANS: [&str; 5] = ["search", "name", "cityName", "countryCode", "zipCode"];

/// The customer filters' columns that are the customers' addresses' (filtered through a
/// subquery on `customer_addresses`).
const ADDRESS_COLUMNS: [&str; 3] = ["search_city", "country_code", "search_zip"];

/// One list query to explain: what it filters on (the column its index must be constrained
/// on), its table's alias, its statement and its values.
struct Case {
    label: String,
    column: &'static str,
    alias: &'static str,
    table: &'static str,
    /// The table holding the filter's column (the list's own, or the customers' addresses).
    filter_table: &'static str,
    sorted: bool,
    select: String,
    count: String,
    values: Vec<sql::SqlValue>,
}

fn case(
    label: String,
    column: &'static str,
    list: (&'static str, &'static str, &str),
    conditions: Conditions,
    keys: &[(SortColumn, SortDirection)],
) -> Case {
    let (table, alias, columns) = list;
    let from = format!("{table} {alias}");
    let shape = PageShape {
        from: &from,
        alias,
        columns,
        conditions: &conditions,
        keys,
    };
    let statements = sql::page_statements(&shape, None, COUNT_CAP);
    Case {
        label,
        column,
        alias,
        table,
        filter_table: if ADDRESS_COLUMNS.contains(&column) {
            "customer_addresses"
        } else {
            table
        },
        sorted: column.is_empty(),
        select: statements.select,
        count: statements.count,
        values: conditions.values,
    }
}

fn account_filters(scope: Uuid) -> Vec<(&'static str, &'static str, FinancialAccountFilter)> {
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

fn customer_filters() -> Vec<(&'static str, &'static str, CustomerFilter)> {
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
                created_from: Some(super::fixtures::T0),
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

fn newest_first<F: Copy>(
    column: impl Fn(F) -> SortColumn,
    created_at: F,
    tie_break: TieBreak,
) -> Vec<(SortColumn, SortDirection)> {
    let sort = [SortKey {
        field: created_at,
        direction: SortDirection::Desc,
    }];
    sql::sort_keys(&sort, column, tie_break)
}

fn cases(scope: Uuid, dialect: Dialect) -> Vec<Case> {
    let collated = dialect == Dialect::Postgres;
    let accounts = (
        "financial_accounts",
        "fa",
        FINANCIAL_ACCOUNT_SELECT.as_str(),
    );
    let account_column = |f| sql::financial_account_sort_column(f, collated);
    let account_tie = TieBreak {
        created_at: "fa.created_at",
        id: "fa.id",
    };
    let customers = ("customers", "c", CUSTOMER_SELECT.as_str());
    let customer_column = |f| sql::customer_sort_column(f, collated);
    let customer_tie = TieBreak {
        created_at: "c.created_at",
        id: "c.id",
    };
    let mut all = Vec::new();
    let default_order = newest_first(
        account_column,
        FinancialAccountSortField::CreatedAt,
        account_tie,
    );
    for (label, column, filter) in account_filters(scope) {
        let conditions = sql::financial_account_conditions(scope, &filter, 2);
        all.push(case(
            format!("accounts by {label}"),
            column,
            accounts,
            conditions,
            &default_order,
        ));
    }
    let default_order = newest_first(customer_column, CustomerSortField::CreatedAt, customer_tie);
    for (label, column, filter) in customer_filters() {
        let conditions = sql::customer_conditions(scope, &filter, 2);
        all.push(case(
            format!("customers by {label}"),
            column,
            customers,
            conditions,
            &default_order,
        ));
    }
    for direction in [SortDirection::Asc, SortDirection::Desc] {
        for &field in FinancialAccountSortField::ALL {
            let keys = sql::sort_keys(&[SortKey { field, direction }], account_column, account_tie);
            let conditions =
                sql::financial_account_conditions(scope, &FinancialAccountFilter::default(), 2);
            all.push(case(
                format!("accounts sorted by {} {direction:?}", field.code()),
                "",
                accounts,
                conditions,
                &keys,
            ));
        }
        for &field in CustomerSortField::ALL {
            let keys = sql::sort_keys(
                &[SortKey { field, direction }],
                customer_column,
                customer_tie,
            );
            let conditions = sql::customer_conditions(scope, &CustomerFilter::default(), 2);
            all.push(case(
                format!("customers sorted by {} {direction:?}", field.code()),
                "",
                customers,
                conditions,
                &keys,
            ));
        }
    }
    all
}

/// The plan's lines (SQLite: each step's detail; PostgreSQL: each line of the plan) of the
/// page's select or, with `count`, of its count.
async fn explain<C: Conn>(conn: &mut C, case: &Case, scope: Uuid, count: bool) -> Vec<String> {
    let mut params: Vec<Value<'_>> = vec![scope.into()];
    params.extend(case.values.iter().map(sql::SqlValue::value));
    let statement = if count {
        &case.count
    } else {
        params.push(21_i64.into());
        params.push(0_i64.into());
        &case.select
    };
    let (statement, column) = match conn.dialect() {
        Dialect::Sqlite => (format!("EXPLAIN QUERY PLAN {statement}"), 3),
        Dialect::Postgres => (format!("EXPLAIN {statement}"), 0),
    };
    conn.query(&statement, &params, &mut |row: &dyn Row| row.text(column))
        .await
        .expect("explain")
}

/// Whether `plan` serves `case` (see the module documentation).
fn served(dialect: Dialect, case: &Case, plan: &[String]) -> bool {
    let step = |line: &String| {
        line.trim_start()
            .trim_start_matches("->")
            .trim_start()
            .to_owned()
    };
    let (scans, sorts, constrained) = match dialect {
        Dialect::Sqlite => {
            let search = format!("SEARCH {} ", case.alias);
            let column = case.column;
            (
                plan.iter().any(|line| {
                    *line == format!("SCAN {}", case.alias)
                        || line.starts_with(&format!("SCAN {} ", case.alias))
                }),
                plan.iter().any(|line| line.contains("USE TEMP B-TREE")),
                plan.iter().any(|line| {
                    line.starts_with(&search)
                        && ["=", ">", "<"]
                            .iter()
                            .any(|op| line.contains(&format!("{column}{op}")))
                }),
            )
        }
        Dialect::Postgres => (
            plan.iter()
                .any(|line| line.contains(&format!("Seq Scan on {}", case.table))),
            plan.iter().any(|line| {
                let step = step(line);
                step.starts_with("Sort") || step.starts_with("Incremental Sort")
            }),
            plan.iter().any(|line| {
                (line.contains("Index Cond:") || line.contains("Recheck Cond:"))
                    && line.contains(case.column)
            }),
        ),
    };
    !scans && if case.sorted { !sorts } else { constrained }
}

/// The definitions of `table`'s indexes (PostgreSQL).
async fn index_definitions<C: Conn>(conn: &mut C, table: &str) -> Vec<String> {
    conn.query(
        "SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid \
         WHERE t.relname = $1",
        &[Value::Text(table)],
        &mut |row: &dyn Row| row.text(0),
    )
    .await
    .expect("index definitions")
}

/// Whether the index `definition` serves a filter on `column`: a b-tree leading with the
/// tenant then the column, or a trigram index on it.
fn serves_filter(definition: &str, column: &str) -> bool {
    definition.contains(&format!("(business_account_id, {column}"))
        || definition.contains(&format!("gin ({column} gin_trgm_ops)"))
}

/// Every filter and sort of the customer and Financial Account lists is served by an index.
pub async fn every_list_filter_and_sort_is_served_by_an_index<B: Backend>(store: &SqlStore<B>) {
    let scope = Uuid::nil();
    let failures = store
        .backend()
        .snapshot(move |conn| {
            Box::pin(async move {
                let dialect = conn.dialect();
                if dialect == Dialect::Postgres {
                    conn.execute_batch(
                        "SET LOCAL enable_seqscan = off; SET LOCAL enable_sort = off",
                    )
                    .await?;
                }
                let mut failures = Vec::new();
                for case in cases(scope, dialect) {
                    let exempt = dialect == Dialect::Sqlite
                        && SQLITE_SCANS
                            .iter()
                            .any(|label| case.label.ends_with(&format!("by {label}")));
                    // A filter's count must be served on both backends, its page on SQLite too:
                    // PostgreSQL picks between the filter's index and the order's by statistics,
                    // which an empty table does not have.
                    let mut plans = Vec::new();
                    if !case.sorted && dialect == Dialect::Postgres {
                        let indexes = index_definitions(conn, case.filter_table).await;
                        if !indexes
                            .iter()
                            .any(|index| serves_filter(index, case.column))
                        {
                            failures.push(format!(
                                "{}: no index leads with {}",
                                case.label, case.column
                            ));
                        }
                        continue;
                    }
                    if !case.sorted {
                        plans.push(explain(conn, &case, scope, true).await);
                    }
                    plans.push(explain(conn, &case, scope, false).await);
                    for plan in plans {
                        if !exempt && !served(dialect, &case, &plan) {
                            failures.push(format!("{}:\n    {}", case.label, plan.join("\n    ")));
                        }
                    }
                }
                Ok(failures)
            })
        })
        .await
        .expect("explain every list");
    assert!(
        failures.is_empty(),
        "not served by an index:\n{}",
        failures.join("\n")
    );
}
