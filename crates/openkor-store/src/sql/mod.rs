//! The dynamic parts of shared statements: list filters, sorts, `INSERT` and `SET` lists, with
//! placeholders numbered `$1`, `$2`, … (see [`crate::db`]).

use openkor_domain::clock::Timestamp;
use openkor_domain::paging::{SortDirection, SortKey};
use uuid::Uuid;

mod filters;
mod keyset;
pub mod search;

pub use filters::*;
pub use keyset::*;

/// What a sort column holds: how its value is read back from a row and bound again as a
/// keyset bound (see [`keyset`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyKind {
    /// Text.
    Text,
    /// A UUID.
    Uuid,
    /// An instant.
    Timestamp,
    /// An integer.
    I64,
    /// A boolean.
    Bool,
}

/// A column a list may be sorted on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SortColumn {
    /// The SQL expression (a column, possibly with a collation).
    pub expr: &'static str,
    /// Whether it can be NULL; nullable columns get explicit `NULLS FIRST/LAST` so that both
    /// backends order NULLs alike (first when ascending, last when descending).
    pub nullable: bool,
    /// What it holds.
    pub kind: KeyKind,
}

impl SortColumn {
    const fn of(expr: &'static str, kind: KeyKind) -> Self {
        Self {
            expr,
            nullable: false,
            kind,
        }
    }

    /// A text column that is never NULL.
    pub const fn text(expr: &'static str) -> Self {
        Self::of(expr, KeyKind::Text)
    }

    /// A UUID column that is never NULL.
    pub const fn uuid(expr: &'static str) -> Self {
        Self::of(expr, KeyKind::Uuid)
    }

    /// An instant column that is never NULL.
    pub const fn timestamp(expr: &'static str) -> Self {
        Self::of(expr, KeyKind::Timestamp)
    }

    /// An integer column that is never NULL.
    pub const fn int(expr: &'static str) -> Self {
        Self::of(expr, KeyKind::I64)
    }

    /// A boolean column that is never NULL.
    pub const fn boolean(expr: &'static str) -> Self {
        Self::of(expr, KeyKind::Bool)
    }

    /// The same column, which may be NULL.
    pub const fn or_null(self) -> Self {
        Self {
            nullable: true,
            ..self
        }
    }
}

/// The columns that end every order: the row's creation instant, then its unique id. After
/// the requested keys a list is ordered by `created_at` (unless named) then `id` (unless
/// named), so that every filter and sort index `(tenant, column, created_at, id)` serves the
/// order as it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TieBreak {
    /// The creation instant, e.g. `fa.created_at`.
    pub created_at: &'static str,
    /// The unique, time-ordered id, e.g. `fa.id`.
    pub id: &'static str,
}

/// The keys a list is ordered by: the requested ones through `column`, then `tie_break`'s
/// columns not already named (none once the id is), in the direction of the last key, so
/// `createdAt,DESC` stays newest-first among rows created in the same millisecond.
///
/// Every column name comes from `column`, a function over an enum, never from the request.
pub fn sort_keys<F: Copy>(
    sort: &[SortKey<F>],
    column: impl Fn(F) -> SortColumn,
    tie_break: TieBreak,
) -> Vec<(SortColumn, SortDirection)> {
    let mut keys: Vec<(SortColumn, SortDirection)> = sort
        .iter()
        .map(|key| (column(key.field), key.direction))
        .collect();
    let named = |keys: &[(SortColumn, SortDirection)], expr: &str| {
        keys.iter().any(|(column, _)| column.expr == expr)
    };
    if !named(&keys, tie_break.id) {
        let direction = sort.last().map_or(SortDirection::Asc, |key| key.direction);
        if !named(&keys, tie_break.created_at) {
            keys.push((SortColumn::timestamp(tie_break.created_at), direction));
        }
        keys.push((SortColumn::uuid(tie_break.id), direction));
    }
    keys
}

/// `ORDER BY` over `keys` (see [`sort_keys`]).
pub fn order_by_keys(keys: &[(SortColumn, SortDirection)]) -> String {
    let clauses: Vec<String> = keys
        .iter()
        .map(|(column, direction)| {
            let nulls = match (column.nullable, direction) {
                (false, _) => "",
                (true, SortDirection::Asc) => " NULLS FIRST",
                (true, SortDirection::Desc) => " NULLS LAST",
            };
            format!("{} {}{nulls}", column.expr, direction.sql())
        })
        .collect();
    format!("ORDER BY {}", clauses.join(", "))
}

/// `ORDER BY` for `sort` with `tie_break` last (see [`sort_keys`]).
pub fn order_by<F: Copy>(
    sort: &[SortKey<F>],
    column: impl Fn(F) -> SortColumn,
    tie_break: TieBreak,
) -> String {
    order_by_keys(&sort_keys(sort, column, tie_break))
}

/// A value bound to a numbered placeholder; each backend binds it in its own column type.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum SqlValue {
    /// Text.
    Text(String),
    /// A UUID.
    Uuid(Uuid),
    /// An instant.
    Timestamp(Timestamp),
    /// An integer.
    I64(i64),
    /// A boolean.
    Bool(bool),
}

impl SqlValue {
    /// The statement parameter.
    pub fn value(&self) -> crate::db::Value<'_> {
        match self {
            SqlValue::Text(text) => crate::db::Value::Text(text),
            SqlValue::Uuid(id) => crate::db::Value::Uuid(*id),
            SqlValue::Timestamp(at) => crate::db::Value::Timestamp(*at),
            SqlValue::I64(value) => crate::db::Value::I64(*value),
            SqlValue::Bool(value) => crate::db::Value::Bool(*value),
        }
    }

    /// Whether it is a value of `kind`.
    pub fn is(&self, kind: KeyKind) -> bool {
        matches!(
            (self, kind),
            (SqlValue::Text(_), KeyKind::Text)
                | (SqlValue::Uuid(_), KeyKind::Uuid)
                | (SqlValue::Timestamp(_), KeyKind::Timestamp)
                | (SqlValue::I64(_), KeyKind::I64)
                | (SqlValue::Bool(_), KeyKind::Bool)
        )
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
            "name" => SortColumn::text("t.name"),
            "ext" => SortColumn::text("t.ext").or_null(),
            "created" => SortColumn::timestamp("t.created_at"),
            _ => SortColumn::uuid("t.id"),
        }
    }

    #[test]
    fn the_tie_break_follows_the_last_key_and_nulls_order_alike() {
        const T: TieBreak = TieBreak {
            created_at: "t.created_at",
            id: "t.id",
        };
        assert_eq!(
            order_by(&[key("name", SortDirection::Desc)], column, T),
            "ORDER BY t.name DESC, t.created_at DESC, t.id DESC"
        );
        assert_eq!(
            order_by(&[key("id", SortDirection::Desc)], column, T),
            "ORDER BY t.id DESC"
        );
        assert_eq!(
            order_by(&[key("created", SortDirection::Desc)], column, T),
            "ORDER BY t.created_at DESC, t.id DESC"
        );
        assert_eq!(
            order_by::<&str>(&[], column, T),
            "ORDER BY t.created_at ASC, t.id ASC"
        );
        assert_eq!(
            order_by(
                &[
                    key("ext", SortDirection::Asc),
                    key("name", SortDirection::Desc)
                ],
                column,
                T
            ),
            "ORDER BY t.ext ASC NULLS FIRST, t.name DESC, t.created_at DESC, t.id DESC"
        );
    }

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(contains_pattern("50%_a\\b"), "%50\\%\\_a\\\\b%");
    }

    #[test]
    fn value_rows_number_placeholders_row_after_row() {
        assert_eq!(value_rows(2, 3), "($1, $2, $3), ($4, $5, $6)");
    }
}
