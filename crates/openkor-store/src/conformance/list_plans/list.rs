//! A paged list as the plan cases see it: its tables, alias, select list and tie-break, the
//! store's own, and the cases of its filters and sorts built from them.

use super::{Case, shaped_case};
use crate::db::Dialect;
use crate::sql::search::{Candidates, FullTextTable};
use crate::sql::{self, Conditions, PageShape, SortColumn, TieBreak};
use openkor_domain::codes::CodeEnum;
use openkor_domain::paging::{SortDirection, SortKey};
use uuid::Uuid;

/// A list read by `ListQuery::page`.
pub(super) struct List<F> {
    /// The cases' label prefix, e.g. `transactions`.
    pub(super) name: &'static str,
    /// The list's own table (a sequential scan of it fails a case).
    pub(super) table: &'static str,
    /// `table alias`, with the joins the list reads through.
    pub(super) from: &'static str,
    pub(super) alias: &'static str,
    pub(super) select: &'static str,
    /// The column of each sort field.
    pub(super) column: fn(F) -> SortColumn,
    pub(super) tie_break: TieBreak,
    /// The field of the default order (newest first).
    pub(super) created_at: F,
}

impl<F: CodeEnum> List<F> {
    fn case(
        &self,
        label: String,
        filtered: (&'static str, &str),
        (from, conditions): (&str, &Conditions),
        keys: &[(SortColumn, SortDirection)],
    ) -> Case {
        let shape = PageShape {
            from,
            alias: self.alias,
            columns: self.select,
            conditions,
            keys,
        };
        shaped_case(label, filtered, self.table, &shape)
    }

    /// The case of the list filtered by `conditions` on `column` (`label`), newest first, whose
    /// index leads with `leading` after the tenant.
    pub(super) fn filter(
        &self,
        label: &str,
        filtered: (&'static str, &str),
        conditions: &Conditions,
    ) -> Case {
        self.newest_first(label, filtered, (self.from, conditions))
    }

    /// The case of the list filtered by `conditions` on `column` (`label`) as it reads
    /// `candidates`: from candidates read first each row is found by its id, the column its
    /// plan must then be constrained on.
    pub(super) fn searched(
        &self,
        label: &str,
        column: &'static str,
        candidates: &Candidates,
        conditions: &Conditions,
    ) -> Case {
        let column = if candidates.reads_candidates_first() {
            "id"
        } else {
            column
        };
        let from = candidates.from(self.from);
        self.newest_first(label, (column, column), (&from, conditions))
    }

    fn newest_first(
        &self,
        label: &str,
        filtered: (&'static str, &str),
        read: (&str, &Conditions),
    ) -> Case {
        let newest_first = [SortKey {
            field: self.created_at,
            direction: SortDirection::Desc,
        }];
        let keys = sql::sort_keys(&newest_first, self.column, self.tie_break);
        let label = format!("{} by {label}", self.name);
        self.case(label, filtered, read, &keys)
    }

    /// The cases of the list filtered by `conditions` only, sorted by each of `fields` both
    /// ways.
    pub(super) fn sorts(&self, fields: &[F], conditions: &Conditions) -> Vec<Case> {
        let mut all = Vec::new();
        for direction in [SortDirection::Asc, SortDirection::Desc] {
            for &field in fields {
                let sort = [SortKey { field, direction }];
                let keys = sql::sort_keys(&sort, self.column, self.tie_break);
                let label = format!("{} sorted by {} {direction:?}", self.name, field.as_code());
                all.push(self.case(label, ("", ""), (self.from, conditions), &keys));
            }
        }
        all
    }
}

/// The candidates a list with the full-text `query` (and an extra candidate id) reads on
/// `dialect` when they are few (see [`Candidates::plan`]): full-text ones on SQLite only, here
/// three search keys as the query might have found.
pub(super) fn candidates(
    dialect: Dialect,
    table: FullTextTable,
    query: Option<(String, Option<Uuid>)>,
) -> Candidates {
    match query.filter(|_| dialect == Dialect::Sqlite) {
        Some((_, also)) => Candidates::FullText {
            table,
            keys: vec![1, 2, 3],
            also,
        },
        None => Candidates::Scan,
    }
}
