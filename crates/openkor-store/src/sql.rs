//! The dynamic parts of shared statements: list filters, sorts, `INSERT` and `SET` lists, with
//! placeholders numbered `$1`, `$2`, … (see [`crate::db`]).

use openkor_domain::clock::Timestamp;
use openkor_domain::customer::{CustomerFilter, CustomerSortField};
use openkor_domain::financial_account::{FinancialAccountFilter, FinancialAccountSortField};
use openkor_domain::paging::{SortDirection, SortKey};
use uuid::Uuid;

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
}

impl SqlValue {
    /// The statement parameter.
    pub fn value(&self) -> crate::db::Value<'_> {
        match self {
            SqlValue::Text(text) => crate::db::Value::Text(text),
            SqlValue::Uuid(id) => crate::db::Value::Uuid(*id),
            SqlValue::Timestamp(at) => crate::db::Value::Timestamp(*at),
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

struct Builder {
    conditions: Conditions,
    next: usize,
}

impl Builder {
    fn bind(&mut self, value: SqlValue) -> String {
        self.conditions.values.push(value);
        let placeholder = placeholder(self.next);
        self.next += 1;
        placeholder
    }

    fn and(&mut self, clause: String) {
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

/// The conditions of a customer list of `scope` over `customers c` (live rows only),
/// placeholders numbered from `first_placeholder`.
pub fn customer_conditions(
    scope: Uuid,
    filter: &CustomerFilter,
    first_placeholder: usize,
) -> Conditions {
    let mut b = Builder {
        conditions: Conditions::default(),
        next: first_placeholder,
    };
    b.conditions.sql.push_str(" AND c.deleted_at IS NULL");
    if let Some(term) = &filter.search {
        let pattern = b.bind(SqlValue::Text(contains_pattern(&term.text)));
        let mut alternatives = vec![
            format!("c.search_name LIKE {pattern} ESCAPE '\\'"),
            format!("c.search_email LIKE {pattern} ESCAPE '\\'"),
        ];
        if let Some(digits) = term.phone_digits.as_ref().filter(|d| !d.is_empty()) {
            let p = b.bind(SqlValue::Text(contains_pattern(digits)));
            alternatives.push(format!("c.search_phone_digits LIKE {p} ESCAPE '\\'"));
        }
        if let Some(id) = term.id {
            let p = b.bind(SqlValue::Uuid(id));
            alternatives.push(format!("c.id = {p}"));
        }
        b.and(format!("({})", alternatives.join(" OR ")));
    }
    if let Some(name) = &filter.name {
        let p = b.bind(SqlValue::Text(contains_pattern(name)));
        b.and(format!("c.search_name LIKE {p} ESCAPE '\\'"));
    }
    let exact = [
        ("c.search_email", filter.primary_email.as_ref()),
        ("c.search_phone", filter.primary_phone_number.as_ref()),
        ("c.external_id", filter.external_id.as_ref()),
    ];
    for (column, value) in exact {
        if let Some(value) = value {
            let p = b.bind(SqlValue::Text(value.clone()));
            b.and(format!("{column} = {p}"));
        }
    }
    if let Some(customer_type) = filter.customer_type {
        let p = b.bind(SqlValue::Text(customer_type.code().to_owned()));
        b.and(format!("c.customer_type = {p}"));
    }
    if let Some(status) = filter.status {
        let p = b.bind(SqlValue::Text(status.code().to_owned()));
        b.and(format!("c.status = {p}"));
    }
    if let Some(from) = filter.created_from {
        let p = b.bind(SqlValue::Timestamp(from));
        b.and(format!("c.created_at >= {p}"));
    }
    if let Some(before) = filter.created_before {
        let p = b.bind(SqlValue::Timestamp(before));
        b.and(format!("c.created_at < {p}"));
    }
    let mut address = Vec::new();
    for (column, value) in [
        ("a.search_city", &filter.city_name),
        ("a.country_code", &filter.country_code),
        ("a.search_zip", &filter.zip_code),
    ] {
        if let Some(value) = value {
            let p = b.bind(SqlValue::Text(value.clone()));
            address.push(format!("{column} = {p}"));
        }
    }
    if !address.is_empty() {
        // `IN`, not a correlated `EXISTS`: SQLite 3.51.3 returns a customer once per matching
        // address when a correlated EXISTS meets ORDER BY … LIMIT … OFFSET, so pages overlap.
        let tenant = b.bind(SqlValue::Uuid(scope));
        b.and(format!(
            "c.id IN (SELECT a.customer_id FROM customer_addresses a WHERE a.business_account_id = {tenant} \
             AND {})",
            address.join(" AND ")
        ));
    }
    b.conditions
}

/// The sort column of each customer sort field; `text_collation` is appended to text columns
/// (PostgreSQL passes `COLLATE "C"` so that both backends compare code points).
pub fn customer_sort_column(field: CustomerSortField, text_collation: bool) -> SortColumn {
    let text =
        |plain: &'static str, collated: &'static str| if text_collation { collated } else { plain };
    match field {
        CustomerSortField::CreatedAt => SortColumn::required("c.created_at"),
        CustomerSortField::UpdatedAt => SortColumn::required("c.updated_at"),
        CustomerSortField::Name => {
            SortColumn::required(text("c.search_name", "c.search_name COLLATE \"C\""))
        }
        CustomerSortField::ExternalId => {
            SortColumn::nullable(text("c.external_id", "c.external_id COLLATE \"C\""))
        }
        CustomerSortField::Status => SortColumn::required("c.status"),
        CustomerSortField::Type => SortColumn::required("c.customer_type"),
        CustomerSortField::Id => SortColumn::required("c.id"),
    }
}

/// `col IN (p, …)` over `codes`, binding each.
fn any_of(b: &mut Builder, column: &str, codes: &[&str]) -> String {
    let placeholders: Vec<String> = codes
        .iter()
        .map(|code| b.bind(SqlValue::Text((*code).to_owned())))
        .collect();
    format!("{column} IN ({})", placeholders.join(", "))
}

/// The conditions of a Financial Account list of `scope` over `financial_accounts fa` (live
/// accounts of live holders only), placeholders numbered from `first_placeholder`.
pub fn financial_account_conditions(
    scope: Uuid,
    filter: &FinancialAccountFilter,
    first_placeholder: usize,
) -> Conditions {
    let mut b = Builder {
        conditions: Conditions::default(),
        next: first_placeholder,
    };
    b.conditions.sql.push_str(" AND fa.deleted_at IS NULL");
    if let Some(types) = &filter.holder_types {
        let codes: Vec<&str> = types.iter().map(|t| t.code()).collect();
        let clause = any_of(&mut b, "fa.holder_type", &codes);
        b.and(clause);
    }
    if let Some(holder) = filter.holder_id {
        let id = b.bind(SqlValue::Uuid(holder));
        let tenant = b.bind(SqlValue::Uuid(scope));
        b.and(format!(
            "(fa.holder_id = {id} OR (fa.holder_type = 'BUSINESS_ACCOUNT' AND {id} = {tenant}))"
        ));
    }
    if let Some(categories) = &filter.categories {
        let codes: Vec<&str> = categories.iter().map(|c| c.code()).collect();
        let clause = any_of(&mut b, "fa.category", &codes);
        b.and(clause);
    }
    if let Some(name) = &filter.name {
        let p = b.bind(SqlValue::Text(contains_pattern(name)));
        b.and(format!("fa.search_name LIKE {p} ESCAPE '\\'"));
    }
    if let Some(default_flag) = filter.default_flag {
        b.and(format!(
            "fa.default_flag = {}",
            if default_flag { "TRUE" } else { "FALSE" }
        ));
    }
    if let Some(parent) = filter.parent_id {
        let p = b.bind(SqlValue::Uuid(parent.as_uuid()));
        b.and(format!("fa.parent_id = {p}"));
    }
    if let Some(account_type) = filter.account_type {
        let p = b.bind(SqlValue::Text(account_type.code().to_owned()));
        b.and(format!("fa.account_type = {p}"));
    }
    if let Some(state) = filter.state {
        let p = b.bind(SqlValue::Text(state.code().to_owned()));
        b.and(format!("fa.state = {p}"));
    }
    if let Some(currency) = filter.currency {
        let p = b.bind(SqlValue::Text(currency.code().to_owned()));
        b.and(format!("fa.currency = {p}"));
    }
    b.conditions
}

/// The sort column of each Financial Account sort field (see [`customer_sort_column`] for
/// `text_collation`).
pub fn financial_account_sort_column(
    field: FinancialAccountSortField,
    text_collation: bool,
) -> SortColumn {
    use FinancialAccountSortField as F;
    let name = if text_collation {
        "fa.search_name COLLATE \"C\""
    } else {
        "fa.search_name"
    };
    match field {
        F::CreatedAt => SortColumn::required("fa.created_at"),
        F::UpdatedAt => SortColumn::required("fa.updated_at"),
        F::Name => SortColumn::required(name),
        F::Category => SortColumn::required("fa.category"),
        F::Type => SortColumn::required("fa.account_type"),
        F::Subtype => SortColumn::required("fa.subtype"),
        F::Currency => SortColumn::required("fa.currency"),
        F::State => SortColumn::required("fa.state"),
        F::DefaultFlag => SortColumn::required("fa.default_flag"),
        F::AccountHolderType => SortColumn::required("fa.holder_type"),
        F::AccountHolderId => SortColumn::nullable("fa.holder_id"),
        F::ParentId => SortColumn::nullable("fa.parent_id"),
        F::Id => SortColumn::required("fa.id"),
    }
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

/// `p_first, …, p_(first+count-1)`: placeholders of an `IN (…)` list.
pub fn placeholder_list(first: usize, count: usize) -> String {
    let list: Vec<String> = (first..first + count).map(placeholder).collect();
    list.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use openkor_domain::customer::SearchTerm;

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
    fn customer_conditions_number_their_placeholders_in_order() {
        let filter = CustomerFilter {
            search: Some(SearchTerm::new("555")),
            external_id: Some("ext-1".into()),
            city_name: Some("boston".into()),
            zip_code: Some("02110".into()),
            ..CustomerFilter::default()
        };
        let conditions = customer_conditions(Uuid::nil(), &filter, 2);
        assert_eq!(conditions.values.len(), 6);
        assert!(conditions.sql.contains("c.search_name LIKE $2"));
        assert!(conditions.sql.contains("c.search_phone_digits LIKE $3"));
        assert!(conditions.sql.contains("c.external_id = $4"));
        assert!(
            conditions
                .sql
                .contains("a.search_city = $5 AND a.search_zip = $6")
        );
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
}
