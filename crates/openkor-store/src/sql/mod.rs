//! The dynamic parts of shared statements: list filters, sorts, `INSERT` and `SET` lists, with
//! placeholders numbered `$1`, `$2`, … (see [`crate::db`]).

use openkor_domain::clock::Timestamp;
use openkor_domain::paging::{SortDirection, SortKey};
use uuid::Uuid;

mod filters;

pub use filters::*;

/// A column a list may be sorted on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SortColumn {
    /// The SQL expression (a column, possibly with a collation).
    pub expr: &'static str,
    /// Whether it can be NULL; nullable columns get explicit `NULLS FIRST/LAST` so that both
    /// backends order NULLs alike (first when ascending, last when descending).
    pub nullable: bool,
}

impl SortColumn {
    /// A column that is never NULL.
    pub const fn required(expr: &'static str) -> Self {
        Self {
            expr,
            nullable: false,
        }
    }

    /// A column that may be NULL.
    pub const fn nullable(expr: &'static str) -> Self {
        Self {
            expr,
            nullable: true,
        }
    }
}

/// `ORDER BY` for `sort`, mapping each whitelisted field to a column through `column`, with
/// `tie_break` (a unique, time-ordered column) last so that paging is stable. The tie-break runs
/// in the direction of the last key, so `createdAt,DESC` stays newest-first among rows created
/// in the same millisecond.
///
/// Every column name comes from `column`, a function over an enum, never from the request.
pub fn order_by<F: Copy>(
    sort: &[SortKey<F>],
    column: impl Fn(F) -> SortColumn,
    tie_break: &'static str,
) -> String {
    let mut clauses = Vec::with_capacity(sort.len() + 1);
    let mut has_tie_break = false;
    for key in sort {
        let column = column(key.field);
        has_tie_break |= column.expr == tie_break;
        let nulls = match (column.nullable, key.direction) {
            (false, _) => "",
            (true, SortDirection::Asc) => " NULLS FIRST",
            (true, SortDirection::Desc) => " NULLS LAST",
        };
        clauses.push(format!("{} {}{nulls}", column.expr, key.direction.sql()));
    }
    if !has_tie_break {
        let direction = sort.last().map_or(SortDirection::Asc, |key| key.direction);
        clauses.push(format!("{tie_break} {}", direction.sql()));
    }
    format!("ORDER BY {}", clauses.join(", "))
}

/// A value bound to a numbered placeholder; each backend binds it in its own column type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SqlValue {
    /// Text.
    Text(String),
    /// A UUID.
    Uuid(Uuid),
    /// An instant.
    Timestamp(Timestamp),
    /// An integer.
    I64(i64),
}

impl SqlValue {
    /// The statement parameter.
    pub fn value(&self) -> crate::db::Value<'_> {
        match self {
            SqlValue::Text(text) => crate::db::Value::Text(text),
            SqlValue::Uuid(id) => crate::db::Value::Uuid(*id),
            SqlValue::Timestamp(at) => crate::db::Value::Timestamp(*at),
            SqlValue::I64(value) => crate::db::Value::I64(*value),
        }
    }
}

/// `$n`: the placeholder of shared statements (see [`crate::db`]).
pub fn placeholder(n: usize) -> String {
    format!("${n}")
}

/// `AND`-ed conditions with the values of their placeholders, in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Conditions {
    /// ` AND …` clauses, or empty.
    pub sql: String,
    /// The values of the placeholders, numbered from the `first_placeholder` given.
    pub values: Vec<SqlValue>,
}

/// Builds [`Conditions`], numbering placeholders as it binds.
pub(crate) struct Builder {
    conditions: Conditions,
    next: usize,
}

impl Builder {
    /// No conditions yet; the first placeholder will be `$first_placeholder`.
    pub(crate) fn new(first_placeholder: usize) -> Self {
        Self {
            conditions: Conditions::default(),
            next: first_placeholder,
        }
    }

    /// The conditions built.
    pub(crate) fn finish(self) -> Conditions {
        self.conditions
    }

    /// Binds `value` and returns its placeholder.
    pub(crate) fn bind(&mut self, value: SqlValue) -> String {
        self.conditions.values.push(value);
        let placeholder = placeholder(self.next);
        self.next += 1;
        placeholder
    }

    /// Adds ` AND clause`.
    pub(crate) fn and(&mut self, clause: String) {
        self.conditions.sql.push_str(" AND ");
        self.conditions.sql.push_str(&clause);
    }
}

/// `%text%` with `\`, `%` and `_` escaped, for `LIKE … ESCAPE '\'`.
pub fn contains_pattern(text: &str) -> String {
    let mut pattern = String::with_capacity(text.len() + 2);
    pattern.push('%');
    for c in text.chars() {
        if matches!(c, '\\' | '%' | '_') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// The two statements of one page of a tenant-scoped list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageStatements {
    /// `SELECT count(*) AS total …`: binds the scope, then the condition values.
    pub count: String,
    /// `SELECT columns … ORDER BY … LIMIT … OFFSET …`: binds the scope, the condition values,
    /// the page size and the offset.
    pub select: String,
}

/// The statements of a page of `columns` from `from` (`table alias`) where `alias`'s
/// `business_account_id` is placeholder 1 and `conditions` (numbered from 2) hold, in
/// `order_by`.
pub fn page_statements(
    from: &str,
    alias: &str,
    columns: &str,
    conditions: &Conditions,
    order_by: &str,
) -> PageStatements {
    let scoped = format!(
        "FROM {from} WHERE {alias}.business_account_id = {}{}",
        placeholder(1),
        conditions.sql
    );
    let limit = conditions.values.len() + 2;
    PageStatements {
        count: format!("SELECT count(*) AS total {scoped}"),
        select: format!(
            "SELECT {columns} {scoped} {order_by} LIMIT {} OFFSET {}",
            placeholder(limit),
            placeholder(limit + 1)
        ),
    }
}

/// `INSERT INTO table (columns…) VALUES (placeholders 1…n)`.
pub fn insert(table: &str, columns: &[&str]) -> String {
    let values: Vec<String> = (1..=columns.len()).map(placeholder).collect();
    format!(
        "INSERT INTO {table} ({}) VALUES ({})",
        columns.join(", "),
        values.join(", ")
    )
}

/// `col1 = p1, col2 = p2, …`, placeholders numbered from 1.
pub fn assignments(columns: &[&str]) -> String {
    let pairs: Vec<String> = columns
        .iter()
        .enumerate()
        .map(|(i, column)| format!("{column} = {}", placeholder(i + 1)))
        .collect();
    pairs.join(", ")
}

/// `(p1, …, pc), (pc+1, …, p2c), …`: the `VALUES` rows of a multi-row insert of `rows` rows
/// of `columns` columns each, bound row after row.
pub fn value_rows(rows: usize, columns: usize) -> String {
    let rows: Vec<String> = (0..rows)
        .map(|row| format!("({})", placeholder_list(row * columns + 1, columns)))
        .collect();
    rows.join(", ")
}

/// `p_first, …, p_(first+count-1)`: placeholders of an `IN (…)` list.
pub fn placeholder_list(first: usize, count: usize) -> String {
    let list: Vec<String> = (first..first + count).map(placeholder).collect();
    list.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(field: &'static str, direction: SortDirection) -> SortKey<&'static str> {
        SortKey { field, direction }
    }

    fn column(field: &'static str) -> SortColumn {
        match field {
            "name" => SortColumn::required("t.name"),
            "ext" => SortColumn::nullable("t.ext"),
            _ => SortColumn::required("t.id"),
        }
    }

    #[test]
    fn the_tie_break_follows_the_last_key_and_nulls_order_alike() {
        assert_eq!(
            order_by(&[key("name", SortDirection::Desc)], column, "t.id"),
            "ORDER BY t.name DESC, t.id DESC"
        );
        assert_eq!(
            order_by(&[key("id", SortDirection::Desc)], column, "t.id"),
            "ORDER BY t.id DESC"
        );
        assert_eq!(order_by::<&str>(&[], column, "t.id"), "ORDER BY t.id ASC");
        assert_eq!(
            order_by(
                &[
                    key("ext", SortDirection::Asc),
                    key("name", SortDirection::Desc)
                ],
                column,
                "t.id"
            ),
            "ORDER BY t.ext ASC NULLS FIRST, t.name DESC, t.id DESC"
        );
    }

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(contains_pattern("50%_a\\b"), "%50\\%\\_a\\\\b%");
    }

    #[test]
    fn page_statements_number_limit_and_offset_after_the_conditions() {
        let conditions = Conditions {
            sql: " AND t.x = $2 AND t.y = $3".into(),
            values: vec![SqlValue::Text("a".into()), SqlValue::Text("b".into())],
        };
        let statements = page_statements("things t", "t", "t.id", &conditions, "ORDER BY t.id");
        assert_eq!(
            statements.count,
            "SELECT count(*) AS total FROM things t WHERE t.business_account_id = $1 AND t.x = $2 AND t.y = $3"
        );
        assert_eq!(
            statements.select,
            "SELECT t.id FROM things t WHERE t.business_account_id = $1 AND t.x = $2 AND t.y = $3 \
             ORDER BY t.id LIMIT $4 OFFSET $5"
        );
    }

    #[test]
    fn value_rows_number_placeholders_row_after_row() {
        assert_eq!(value_rows(2, 3), "($1, $2, $3), ($4, $5, $6)");
    }
}
