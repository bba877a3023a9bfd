//! Growing the tenant of the lists suite by bulk SQL, while the server is idle: copies of the
//! template customer (with its addresses and contacts) and of the two template internal
//! Financial Accounts (every `MINORITY_EVERY`th copy is the minority holder's), each with a
//! fresh time-ordered id, a distinct name (`Customer 4821937`, `Account 4821937`), e-mail and
//! account number, and a `created_at` one second older per copy. Columns are read from the
//! catalog at run time and copied from the template row except those overridden here, so
//! columns added later come along; the schema's triggers run as for any insert (a Financial
//! Account's ledger account is inserted here only when no trigger made it).
//!
//! SQLite: `rusqlite` on the database file, one db transaction per 100,000 rows,
//! then the WAL checkpointed. PostgreSQL: one `psql` script, one db transaction per 50,000
//! rows, `synchronous_commit = off` for the session. With `analyze`, `ANALYZE` afterwards
//! (PostgreSQL: `VACUUM ANALYZE`, what autovacuum, or openkor's own refresh where autovacuum is
//! off, does to a table grown this much, within a minute).

use super::super::seed::is_uuid;
use std::ops::Range;

mod postgres;
mod sqlite;

/// One copy in this many is the minority holder's account.
pub(super) const MINORITY_EVERY: u64 = 10;
/// Copy `n` is this much older than the one before it.
const COPY_SPACING_MS: i64 = 1_000;
/// The tables whose rows hang off a customer and are copied with it.
const CUSTOMER_DEPENDENTS: [&str; 2] = ["customer_addresses", "customer_contacts"];
/// Search columns that rightly keep the template's value: every copy has the template's phone.
const SHARED_SEARCH_COLUMNS: [&str; 2] = ["search_phone", "search_phone_digits"];
const TABLES: [&str; 5] = [
    "customers",
    "customer_addresses",
    "customer_contacts",
    "financial_accounts",
    "ledger_accounts",
];

/// The rows every copy is made from.
pub(super) struct Template<'a> {
    pub(super) customer: &'a str,
    /// The template customer's internal account.
    pub(super) account: &'a str,
    /// The minority customer's internal account.
    pub(super) minority_account: &'a str,
}

/// The copies to write: copy numbers of customers and of accounts (copy `n` is named by
/// [`label`] of `n`).
pub(super) struct Growth {
    pub(super) customers: Range<u64>,
    pub(super) accounts: Range<u64>,
    /// Copy `n` is created at `base_ms - (n + 1) * COPY_SPACING_MS`.
    pub(super) base_ms: i64,
    pub(super) analyze: bool,
}

/// The distinct seven digits naming copy `n` (a bijection below 10,000,000, not in order, so
/// that name order is not creation order).
pub(super) fn label(n: u64) -> String {
    format!("{:07}", (n * 7_919 + 1_234_567) % 10_000_000)
}

/// Writes the copies of `growth`; returns warnings about the schema (columns that look
/// derived from a name but are copied as they are).
pub(super) fn grow(
    url: &str,
    template: &Template<'_>,
    growth: &Growth,
) -> Result<Vec<String>, String> {
    for id in [
        template.customer,
        template.account,
        template.minority_account,
    ] {
        if !is_uuid(id) {
            return Err(format!("not a UUID: {id}"));
        }
    }
    match url.strip_prefix("sqlite://") {
        Some(path) => sqlite::grow(path, template, growth),
        None => postgres::grow(url, template, growth),
    }
}

/// Live Financial Accounts and customers of the tenant `scope` (the API's `totalElements`
/// may be a capped lower bound).
pub(super) fn counts(url: &str, scope: &str) -> Result<(u64, u64), String> {
    if !is_uuid(scope) {
        return Err(format!("not a UUID: {scope}"));
    }
    match url.strip_prefix("sqlite://") {
        Some(path) => sqlite::counts(path, scope),
        None => postgres::counts(url, scope),
    }
}

/// `SELECT` of the live rows of `table` in `scope` (a checked UUID).
fn count_statement(dialect: Dialect, table: &str, scope: &str) -> String {
    format!(
        "SELECT count(*) FROM {table} WHERE business_account_id = {} AND deleted_at IS NULL",
        dialect.id(scope)
    )
}

/// What the database's planner statistics say about the grown tables.
pub(super) fn statistics(url: &str) -> Result<String, String> {
    match url.strip_prefix("sqlite://") {
        Some(path) => sqlite::statistics(path),
        None => postgres::statistics(url),
    }
}

#[derive(Clone, Copy)]
enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    /// A UUID literal (checked by `grow`).
    fn id(self, uuid: &str) -> String {
        match self {
            Self::Sqlite => format!("X'{}'", uuid.replace('-', "")),
            Self::Postgres => format!("'{uuid}'::uuid"),
        }
    }

    /// The stored form of the instant `ms_column` (Unix milliseconds).
    fn timestamp(self, ms_column: &str) -> String {
        match self {
            Self::Sqlite => ms_column.to_owned(),
            Self::Postgres => format!("to_timestamp({ms_column} / 1000.0)"),
        }
    }

    fn false_literal(self) -> &'static str {
        match self {
            Self::Sqlite => "0",
            Self::Postgres => "FALSE",
        }
    }

    fn create_ids(self) -> &'static str {
        match self {
            Self::Sqlite => {
                "CREATE TEMP TABLE IF NOT EXISTS bench_ids (n INTEGER PRIMARY KEY, id BLOB NOT NULL, \
                 label TEXT NOT NULL, digits TEXT NOT NULL, tail TEXT NOT NULL, created_ms INTEGER NOT NULL)"
            }
            Self::Postgres => {
                "CREATE TEMP TABLE IF NOT EXISTS bench_ids (n bigint PRIMARY KEY, id uuid NOT NULL, \
                 label text NOT NULL, digits text NOT NULL, tail text NOT NULL, created_ms bigint NOT NULL)"
            }
        }
    }

    fn clear_ids(self) -> &'static str {
        match self {
            Self::Sqlite => "DELETE FROM bench_ids",
            Self::Postgres => "TRUNCATE bench_ids",
        }
    }

    /// Fills `bench_ids` with copies `first..=last`: a UUIDv7-shaped id of the copy's
    /// creation instant, its label, fifteen digits of `n` (its account number) and their tail.
    fn fill_ids(self, (first, last): (u64, u64), base_ms: i64) -> String {
        let ms = format!("({base_ms} - (n + 1) * {COPY_SPACING_MS})");
        match self {
            Self::Sqlite => format!(
                "WITH RECURSIVE s(n) AS (SELECT {first} UNION ALL SELECT n + 1 FROM s WHERE n < {last}) \
                 INSERT INTO bench_ids (n, id, label, digits, tail, created_ms) \
                 SELECT n, unhex(printf('%012x', {ms}) || '7' || substr(hex(randomblob(2)), 2) || '8' || substr(hex(randomblob(8)), 2)), \
                 printf('%07d', (n * 7919 + 1234567) % 10000000), printf('%015d', n), \
                 substr(printf('%015d', n), -4), {ms} FROM s"
            ),
            Self::Postgres => format!(
                "INSERT INTO bench_ids (n, id, label, digits, tail, created_ms) \
                 SELECT n, (lpad(to_hex({ms}), 12, '0') || '7' || substr(h, 1, 3) || '8' || substr(h, 4, 15))::uuid, \
                 lpad(((n * 7919 + 1234567) % 10000000)::text, 7, '0'), lpad(n::text, 15, '0'), \
                 right(lpad(n::text, 15, '0'), 4), {ms} \
                 FROM generate_series({first}::bigint, {last}::bigint) AS s (n), \
                 LATERAL (SELECT md5(random()::text || s.n::text) AS h) AS r"
            ),
        }
    }
}

/// `"name"`, quoted as both backends read it.
fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// One `INSERT … SELECT` copying rows of `table` (alias `t`, joined to `bench_ids k` on
/// `join`) with `overrides` in place of the template's values.
struct Copy {
    table: &'static str,
    join: String,
    condition: String,
    overrides: Vec<(&'static str, String)>,
}

impl Copy {
    /// The statement over `columns` (the table's writable columns); `None` when the table
    /// does not exist.
    fn statement(&self, columns: &[String]) -> Option<String> {
        if columns.is_empty() {
            return None;
        }
        let values: Vec<String> = columns
            .iter()
            .map(|column| {
                self.overrides
                    .iter()
                    .find(|(name, _)| name == column)
                    .map_or_else(
                        || format!("t.{}", quote(column)),
                        |(_, value)| value.clone(),
                    )
            })
            .collect();
        let names: Vec<String> = columns.iter().map(|column| quote(column)).collect();
        Some(format!(
            "INSERT INTO {} ({}) SELECT {} FROM bench_ids k JOIN {} t ON {}{}",
            self.table,
            names.join(", "),
            values.join(", "),
            self.table,
            self.join,
            self.condition
        ))
    }

    /// Columns of `table` whose name says they are derived (`search…`) but which no override
    /// names (and that are not the phone's): a warning each.
    fn warnings(&self, columns: &[String]) -> Vec<String> {
        columns
            .iter()
            .filter(|column| column.contains("search"))
            .filter(|column| !SHARED_SEARCH_COLUMNS.contains(&column.as_str()))
            .filter(|column| !self.overrides.iter().any(|(name, _)| name == column))
            .map(|column| {
                format!(
                    "{}.{column} is copied from the template as it is (a search column the bench does not know)",
                    self.table
                )
            })
            .collect()
    }
}

/// The copies of a customer: the row, then its dependents.
fn customer_copies(dialect: Dialect, template: &Template<'_>) -> Vec<Copy> {
    let created = dialect.timestamp("k.created_ms");
    let customer = dialect.id(template.customer);
    let mut copies = vec![Copy {
        table: "customers",
        join: format!("t.id = {customer}"),
        condition: String::new(),
        overrides: vec![
            ("id", "k.id".into()),
            ("external_id", "NULL".into()),
            ("first_name", "'Customer'".into()),
            ("last_name", "k.label".into()),
            ("search_name", "'customer ' || k.label".into()),
            ("email", "'customer' || k.label || '@example.com'".into()),
            (
                "search_email",
                "'customer' || k.label || '@example.com'".into(),
            ),
            ("created_at", created.clone()),
            ("updated_at", created),
        ],
    }];
    copies.extend(CUSTOMER_DEPENDENTS.map(|table| Copy {
        table,
        join: format!("t.customer_id = {customer}"),
        condition: String::new(),
        overrides: vec![("customer_id", "k.id".into())],
    }));
    copies
}

/// The copies of an account: the row (the minority holder's every `MINORITY_EVERY`th), then
/// its ledger account unless a trigger made it.
fn account_copies(dialect: Dialect, template: &Template<'_>) -> Vec<Copy> {
    let created = dialect.timestamp("k.created_ms");
    let account = dialect.id(template.account);
    vec![
        Copy {
            table: "financial_accounts",
            join: format!(
                "t.id = CASE WHEN k.n % {MINORITY_EVERY} = 0 THEN {} ELSE {account} END",
                dialect.id(template.minority_account)
            ),
            condition: String::new(),
            overrides: vec![
                ("id", "k.id".into()),
                ("name", "'Account ' || k.label".into()),
                ("search_name", "'account ' || k.label".into()),
                ("account_number", "'7' || k.digits".into()),
                ("account_number_tail", "k.tail".into()),
                ("default_flag", dialect.false_literal().into()),
                ("created_at", created.clone()),
                ("updated_at", created),
            ],
        },
        Copy {
            table: "ledger_accounts",
            join: format!("t.id = {account}"),
            condition: " WHERE NOT EXISTS (SELECT 1 FROM ledger_accounts x WHERE x.id = k.id)"
                .into(),
            overrides: vec![
                ("id", "k.id".into()),
                ("financial_account_id", "k.id".into()),
            ],
        },
    ]
}

/// The writable columns of each table, in order (none for a table that does not exist).
type Columns = std::collections::BTreeMap<String, Vec<String>>;

/// Statements per db transaction, and the warnings, for `growth`.
fn batches(
    dialect: Dialect,
    template: &Template<'_>,
    growth: &Growth,
    columns: &Columns,
    batch_rows: u64,
) -> (Vec<Vec<String>>, Vec<String>) {
    let mut batches = Vec::new();
    let mut warnings = Vec::new();
    let none = Vec::new();
    let plans = [
        (customer_copies(dialect, template), &growth.customers),
        (account_copies(dialect, template), &growth.accounts),
    ];
    for (copies, range) in plans {
        let statements: Vec<String> = copies
            .iter()
            .filter_map(|copy| copy.statement(columns.get(copy.table).unwrap_or(&none)))
            .collect();
        for copy in copies.iter().take(1) {
            warnings.extend(copy.warnings(columns.get(copy.table).unwrap_or(&none)));
        }
        let mut first = range.start;
        while first < range.end {
            let last = (first + batch_rows).min(range.end) - 1;
            let mut batch = vec![
                dialect.clear_ids().to_owned(),
                dialect.fill_ids((first, last), growth.base_ms),
            ];
            batch.extend(statements.iter().cloned());
            batches.push(batch);
            first = last + 1;
        }
    }
    (batches, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_distinct_seven_digits() {
        let labels: std::collections::BTreeSet<String> = (0..100_000).map(label).collect();
        assert_eq!(labels.len(), 100_000);
        assert!(labels.iter().all(|label| label.len() == 7));
        assert_eq!(label(0), "1234567");
    }

    #[test]
    fn copies_override_named_columns_and_copy_the_rest() {
        let copy = Copy {
            table: "customers",
            join: "t.id = X'00'".into(),
            condition: String::new(),
            overrides: vec![("id", "k.id".into())],
        };
        let columns = vec!["id".to_owned(), "search_new".to_owned()];
        assert_eq!(
            copy.statement(&columns).as_deref(),
            Some(
                "INSERT INTO customers (\"id\", \"search_new\") SELECT k.id, t.\"search_new\" FROM bench_ids k JOIN customers t ON t.id = X'00'"
            )
        );
        assert_eq!(copy.warnings(&columns).len(), 1);
        assert_eq!(copy.statement(&[]), None);
    }
}
