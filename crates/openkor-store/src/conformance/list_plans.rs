//! Conformance case: every filter and every sort of every paged list (customers and Financial
//! Accounts here; transactions and status histories, Recipients, webhook subscriptions and
//! deliveries in the submodules) is served by an index, so a new filter or sort without one
//! fails here.
//!
//! - SQLite, in its own plan (`EXPLAIN QUERY PLAN`): a filter's count and page search through
//!   an index constrained on the filter's column; a sort's page needs no temporary b-tree.
//! - PostgreSQL: a sort's page needs no sort step (`EXPLAIN` with sorts and sequential scans
//!   priced out). Between a filter's index and the order's it chooses by statistics, which an
//!   empty table does not have (every plan ties at one row), so a filter is checked in the
//!   catalog: an index leads with the tenant and the filter's column (after the columns every
//!   page of its list is filtered on, such as a delivery's subscription), or a trigram index
//!   covers it.
//!
//! The Business Account list is not one of them: it is not paged by `ListQuery` but read
//! through the closure table (`business_account_tree`, the descendants of the caller's
//! account), so its order is on the joined `business_accounts` and no index over one table can
//! serve it. The subtree is counted and sorted whole; it holds the accounts an operator
//! provisions, not data that grows with traffic.

use crate::db::{Backend, Conn, Dialect, Row, Value};
use crate::sql::{self, COUNT_CAP, PageShape};
use crate::sql_store::SqlStore;
use uuid::Uuid;

mod customers;
mod financial_accounts;
mod list;
mod recipients;
mod transactions;
mod webhooks;

/// The customer filters' columns that are the customers' addresses' (filtered through a
/// subquery on `customer_addresses`).
const ADDRESS_COLUMNS: [&str; 3] = ["search_city", "country_code", "search_zip"];

/// One list query to explain: what it filters on (the column its index must be constrained
/// on), its table's alias, its statement and its values.
struct Case {
    label: String,
    column: &'static str,
    /// The columns a filter's index leads with after the tenant (PostgreSQL's catalog check):
    /// the filter's column, after those every page of the list is filtered on.
    leading: String,
    alias: String,
    table: &'static str,
    /// The table holding the filter's column (the list's own, or the customers' addresses).
    filter_table: &'static str,
    sorted: bool,
    select: String,
    count: String,
    values: Vec<sql::SqlValue>,
}

/// The case `label` of the page `shape` of `table`'s list: `column` is what it filters on (empty
/// for a sort) and `leading` what its filter's index leads with after the tenant.
fn shaped_case(
    label: String,
    (column, leading): (&'static str, &str),
    table: &'static str,
    shape: &PageShape<'_>,
) -> Case {
    let statements = sql::page_statements(shape, None, COUNT_CAP);
    Case {
        label,
        column,
        leading: leading.to_owned(),
        alias: shape.alias.to_owned(),
        table,
        filter_table: if ADDRESS_COLUMNS.contains(&column) {
            "customer_addresses"
        } else {
            table
        },
        sorted: column.is_empty(),
        select: statements.select,
        count: statements.count,
        values: shape.conditions.values.clone(),
    }
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
                // The list's own rows, or the customers' addresses (`a`) a filter reads.
                plan.iter().any(|line| {
                    [case.alias.as_str(), "a"].iter().any(|alias| {
                        *line == format!("SCAN {alias}")
                            || line.starts_with(&format!("SCAN {alias} "))
                    })
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

/// The cases of every paged list.
fn every_case(scope: Uuid, dialect: Dialect) -> Vec<Case> {
    let mut all = customers::cases(scope, dialect);
    all.extend(financial_accounts::cases(scope, dialect));
    all.extend(transactions::cases(scope));
    all.extend(recipients::cases(dialect));
    all.extend(webhooks::cases());
    all
}

/// Every filter and sort of every paged list is served by an index.
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
                for case in every_case(scope, dialect) {
                    // A filter's count must be served on both backends, its page on SQLite too:
                    // PostgreSQL picks between the filter's index and the order's by statistics,
                    // which an empty table does not have.
                    let mut plans = Vec::new();
                    if !case.sorted && dialect == Dialect::Postgres {
                        let indexes = index_definitions(conn, case.filter_table).await;
                        if !indexes
                            .iter()
                            .any(|index| serves_filter(index, &case.leading))
                        {
                            failures.push(format!(
                                "{}: no index leads with {}",
                                case.label, case.leading
                            ));
                        }
                        continue;
                    }
                    if !case.sorted {
                        plans.push(explain(conn, &case, scope, true).await);
                    }
                    plans.push(explain(conn, &case, scope, false).await);
                    for plan in plans {
                        if !served(dialect, &case, &plan) {
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
