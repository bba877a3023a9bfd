//! Substring search that an index serves.
//!
//! A list's `search` and `name` filters match substrings (`LIKE '%…%'`, the exact test, always
//! kept). PostgreSQL serves that `LIKE` with pg_trgm indexes as it is. SQLite has no such
//! index: there an FTS5 trigram table per searched table (migration 0016) finds, by a phrase
//! query, every row containing a term of three or more characters. When those candidates are
//! few, the list is read from them (each looked up by id, then sorted); when they are many,
//! walking the list's own order finds a page's matches sooner, so the `LIKE` decides row by row
//! as it does for a term too short to have a trigram. The phrase query runs once per request:
//! the page and its count read the keys it found (a phrase query walks its trigrams' whole
//! lists, which grow with the table; running it for the plan, the page and the count tripled
//! that cost).
//!
//! The customer list's address filters (`cityName`, `countryCode`, `zipCode`) are decided the
//! same way on SQLite: when few addresses match, the list is read from their customers (each
//! looked up by id, then sorted); when many do, it walks its own order. (SQLite's planner,
//! left to choose, walked the tenant's customers in order and tested each against the matching
//! addresses, however few matched.)

use super::{Builder, SqlValue, placeholder};
use crate::StoreError;
use crate::db::{Conn, Dialect, Row, Value};
use uuid::Uuid;

/// One FTS5 trigram table of migration 0016 and the id column of the rows it indexes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FullTextTable {
    /// The FTS5 table, e.g. `customer_search`.
    pub table: &'static str,
    /// The listed table's id, e.g. `c.id`.
    pub id_column: &'static str,
}

/// The full-text table of the customers.
pub const CUSTOMER_SEARCH: FullTextTable = FullTextTable {
    table: "customer_search",
    id_column: "c.id",
};

/// The full-text table of the Financial Accounts.
pub const FINANCIAL_ACCOUNT_SEARCH: FullTextTable = FullTextTable {
    table: "financial_account_search",
    id_column: "fa.id",
};

/// The full-text table of the recipients.
pub const RECIPIENT_SEARCH: FullTextTable = FullTextTable {
    table: "recipient_search",
    id_column: "r.id",
};

/// Characters a trigram phrase needs at least.
const TRIGRAM_CHARS_MIN: usize = 3;

/// Most full-text candidates (over all tenants) a list is read from; with more, it walks its
/// own order instead (see the module documentation and docs/BENCHMARKS.md).
pub const CANDIDATES_MAX: u64 = 5_000;

/// The FTS5 phrase that finds `text` as a substring (`"…"` with `"` doubled), or `None` when
/// `text` is too short to have a trigram.
pub fn trigram_phrase(text: &str) -> Option<String> {
    if text.chars().count() < TRIGRAM_CHARS_MIN {
        return None;
    }
    Some(format!("\"{}\"", text.replace('"', "\"\"")))
}

/// `phrase` restricted to `columns` of the full-text table: `{a b} : "…"`.
pub fn in_columns(columns: &[&str], phrase: &str) -> String {
    format!("{{{}}} : {phrase}", columns.join(" "))
}

/// The first placeholder of a list's conditions (the scope is `$1`), where the values of
/// [`Candidates`] are bound.
const FIRST_CONDITION_PLACEHOLDER: usize = 2;

/// Where a list with a substring or address filter finds its rows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Candidates {
    /// In its own order, the `LIKE` testing each row.
    Scan,
    /// Among the rows of `table` whose search keys are `keys` (what its full-text query
    /// found), and `also` (an id) when given.
    FullText {
        /// The full-text table.
        table: FullTextTable,
        /// The search keys (`search_keys.search_key`) the full-text query found.
        keys: Vec<i64>,
        /// One more candidate id (a search term that is an id).
        also: Option<Uuid>,
    },
    /// Among the customers with an address whose every column of `filters` equals its value.
    CustomerAddresses {
        /// `a.column` of `customer_addresses a` and its value.
        filters: Vec<(&'static str, SqlValue)>,
    },
}

impl Candidates {
    /// Reads candidates from `table` when `dialect` has full-text tables, `query` is given
    /// and it matches at most `max` rows (by default [`CANDIDATES_MAX`]); otherwise
    /// [`Candidates::Scan`].
    pub async fn plan<C: Conn>(
        conn: &mut C,
        table: FullTextTable,
        (query, also): (Option<String>, Option<Uuid>),
        max: u64,
    ) -> Result<Self, StoreError> {
        let Some(query) = query.filter(|_| conn.dialect() == Dialect::Sqlite) else {
            return Ok(Self::Scan);
        };
        let found = format!(
            "SELECT rowid FROM {t} WHERE {t} MATCH $1 LIMIT {}",
            max.saturating_add(1),
            t = table.table
        );
        let keys = conn
            .query(&found, &[Value::Text(&query)], &mut |row: &dyn Row| {
                row.i64(0)
            })
            .await?;
        Ok(match u64::try_from(keys.len()) {
            Ok(found) if found <= max => Self::FullText { table, keys, also },
            _ => Self::Scan,
        })
    }

    /// Reads the customers of `scope` with an address matching every one of `filters` first,
    /// when `dialect` is SQLite and at most `max` addresses match; otherwise
    /// [`Candidates::Scan`] (where the filters are a subquery the list's rows are tested
    /// against).
    pub async fn plan_customer_addresses<C: Conn>(
        conn: &mut C,
        scope: Uuid,
        filters: Vec<(&'static str, SqlValue)>,
        max: u64,
    ) -> Result<Self, StoreError> {
        if filters.is_empty() || conn.dialect() != Dialect::Sqlite {
            return Ok(Self::Scan);
        }
        let count = format!(
            "SELECT count(*) FROM (SELECT 1 FROM customer_addresses a \
             WHERE a.business_account_id = $1{} LIMIT {})",
            address_matches(&filters),
            max.saturating_add(1)
        );
        let mut params: Vec<Value<'_>> = vec![scope.into()];
        params.extend(filters.iter().map(|(_, value)| value.value()));
        let found = conn
            .query_one(&count, &params, &mut |row: &dyn Row| row.i64(0))
            .await?;
        Ok(match u64::try_from(found) {
            Ok(found) if found <= max => Self::CustomerAddresses { filters },
            _ => Self::Scan,
        })
    }

    /// Whether the list reads its candidates first, then each row by its id.
    pub fn reads_candidates_first(&self) -> bool {
        !matches!(self, Self::Scan)
    }

    /// The list's `from` (`table alias`): the candidates first when there are any, so that
    /// SQLite reads the rows from them (`CROSS JOIN` keeps that order).
    pub fn from(&self, list_from: &str) -> String {
        match self {
            Self::Scan => list_from.to_owned(),
            Self::FullText { .. } => format!("search_keys k CROSS JOIN {list_from}"),
            Self::CustomerAddresses { filters } => format!(
                "(SELECT DISTINCT a.customer_id FROM customer_addresses a \
                 WHERE a.business_account_id = $1{}) m CROSS JOIN {list_from}",
                address_matches(filters)
            ),
        }
    }
}

/// `keys` as a JSON array (`[1,2,3]`), which `json_each` reads back.
fn json_array(keys: &[i64]) -> String {
    let listed: Vec<String> = keys.iter().map(i64::to_string).collect();
    format!("[{}]", listed.join(","))
}

/// ` AND column = $n` for each of `filters`, numbered as [`Builder::candidates`] binds them.
fn address_matches(filters: &[(&'static str, SqlValue)]) -> String {
    let matches = filters.iter().enumerate().map(|(at, (column, _))| {
        format!(
            " AND {column} = {}",
            placeholder(FIRST_CONDITION_PLACEHOLDER + at)
        )
    });
    matches.collect()
}

impl Builder {
    /// The condition joining the listed rows to `candidates`' keys (nothing for a scan). The
    /// first condition of a list: its values are bound first.
    pub(crate) fn candidates(&mut self, candidates: &Candidates) {
        if let Candidates::CustomerAddresses { filters } = candidates {
            // The list's `from` names these placeholders (see `address_matches`).
            debug_assert_eq!(
                self.next, FIRST_CONDITION_PLACEHOLDER,
                "a list's candidates are its first condition"
            );
            for (_, value) in filters {
                self.bind(value.clone());
            }
            self.and("c.id = m.customer_id".to_owned());
            return;
        }
        let Candidates::FullText { table, keys, also } = candidates else {
            return;
        };
        let keys = self.bind(SqlValue::Text(json_array(keys)));
        let also = also.map_or_else(String::new, |id| {
            let id = self.bind(SqlValue::Uuid(id));
            format!(" UNION ALL SELECT search_key FROM search_keys WHERE entity_id = {id}")
        });
        self.and(format!(
            "k.search_key IN (SELECT value FROM json_each({keys}){also}) \
             AND {} = k.entity_id",
            table.id_column
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_phrase_needs_three_characters_and_quotes_its_quotes() {
        assert_eq!(trigram_phrase("ab"), None);
        assert_eq!(trigram_phrase("ñandú").as_deref(), Some("\"ñandú\""));
        assert_eq!(trigram_phrase("a\"b").as_deref(), Some("\"a\"\"b\""));
        assert_eq!(in_columns(&["x", "y"], "\"abc\""), "{x y} : \"abc\"");
    }

    #[test]
    fn candidates_join_their_keys_to_the_listed_rows() {
        let candidates = Candidates::FullText {
            table: CUSTOMER_SEARCH,
            keys: vec![7, 11],
            also: Some(Uuid::nil()),
        };
        assert_eq!(
            candidates.from("customers c"),
            "search_keys k CROSS JOIN customers c"
        );
        let mut b = Builder::new(2);
        b.candidates(&candidates);
        let conditions = b.finish();
        assert_eq!(
            conditions.sql,
            " AND k.search_key IN (SELECT value FROM json_each($2) UNION ALL SELECT \
             search_key FROM search_keys WHERE entity_id = $3) AND c.id = k.entity_id"
        );
        assert_eq!(
            conditions.values,
            [SqlValue::Text("[7,11]".into()), SqlValue::Uuid(Uuid::nil())]
        );
        assert_eq!(json_array(&[]), "[]");
        assert_eq!(Candidates::Scan.from("customers c"), "customers c");
    }

    #[test]
    fn address_candidates_bind_the_placeholders_their_from_names() {
        let candidates = Candidates::CustomerAddresses {
            filters: vec![
                ("a.search_city", SqlValue::Text("boston".into())),
                ("a.search_zip", SqlValue::Text("02110".into())),
            ],
        };
        assert_eq!(
            candidates.from("customers c"),
            "(SELECT DISTINCT a.customer_id FROM customer_addresses a WHERE \
             a.business_account_id = $1 AND a.search_city = $2 AND a.search_zip = $3) m \
             CROSS JOIN customers c"
        );
        let mut b = Builder::new(2);
        b.candidates(&candidates);
        let conditions = b.finish();
        assert_eq!(conditions.sql, " AND c.id = m.customer_id");
        assert_eq!(
            conditions.values,
            [
                SqlValue::Text("boston".into()),
                SqlValue::Text("02110".into())
            ]
        );
    }
}
