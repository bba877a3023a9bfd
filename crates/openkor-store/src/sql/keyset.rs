//! The statements of one page of a list: a capped count, and the page itself, either after a
//! keyset bound (the sort key of the last row of the page before) or at an offset.

use super::{Builder, Conditions, KeyKind, SortColumn, SqlValue, order_by_keys, placeholder};
use openkor_domain::paging::SortDirection;

/// Matching rows counted at most: beyond this many, `totalElements` is a lower bound (see
/// `docs/API-DESIGN.md`), so a page never costs a scan of everything that matches.
pub const COUNT_CAP: u64 = 1_000;

/// The deepest page reachable by offset, in rows skipped: a deeper page is served only as the
/// continuation of the page before it (a keyset bound), which costs what a first page does.
pub const OFFSET_MAX: u64 = 10_000;

/// The sort key of one row: one value per key of the order, `None` for SQL NULL.
pub type KeyValues = Vec<Option<SqlValue>>;

/// The two statements of one page of a tenant-scoped list, and the values of the keyset bound.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageStatements {
    /// `SELECT count(*) …` of at most `count_cap + 1` rows: binds the scope, then the condition
    /// values.
    pub count: String,
    /// `SELECT sort keys, columns … ORDER BY … LIMIT …` (then `OFFSET …` when there is no
    /// keyset bound): binds the scope, the condition values, the bound's values, the page size
    /// plus one, and the offset.
    pub select: String,
    /// The values of the keyset bound's placeholders, after the conditions'.
    pub after_values: Vec<SqlValue>,
}

/// What a page selects: `columns` from `from` (`table alias`) where `alias`'s
/// `business_account_id` is placeholder 1 and `conditions` (numbered from 2) hold, in the order
/// of `keys`, each key's value selected first, before `columns` (so a row's decoder reads it
/// through [`crate::db::Shifted`]).
pub struct PageShape<'a> {
    /// `table alias`.
    pub from: &'a str,
    /// The alias whose `business_account_id` scopes the list.
    pub alias: &'a str,
    /// The select list of the row itself.
    pub columns: &'a str,
    /// The filter.
    pub conditions: &'a Conditions,
    /// The order, the tie-break last.
    pub keys: &'a [(SortColumn, SortDirection)],
}

/// The statements of one page of `shape`, starting after `after` (the keys of the last row of
/// the page before) or, without it, at an offset; the count stops after `count_cap + 1` rows.
pub fn page_statements(
    shape: &PageShape<'_>,
    after: Option<&[Option<SqlValue>]>,
    count_cap: u64,
) -> PageStatements {
    let scoped = format!(
        "FROM {} WHERE {}.business_account_id = {}{}",
        shape.from,
        shape.alias,
        placeholder(1),
        shape.conditions.sql
    );
    let count = format!(
        "SELECT count(*) AS total FROM (SELECT 1 {scoped} LIMIT {}) capped",
        count_cap + 1
    );
    let mut b = Builder::new(shape.conditions.values.len() + 2);
    let bound = after.map(|values| after_clause(&mut b, shape.keys, values));
    let conditions = b.finish();
    let limit = shape.conditions.values.len() + conditions.values.len() + 2;
    let key_columns: Vec<&str> = shape.keys.iter().map(|(column, _)| column.expr).collect();
    let tail = match bound {
        Some(clause) => format!(
            " AND {clause} {} LIMIT {}",
            order_by_keys(shape.keys),
            placeholder(limit)
        ),
        None => format!(
            " {} LIMIT {} OFFSET {}",
            order_by_keys(shape.keys),
            placeholder(limit),
            placeholder(limit + 1)
        ),
    };
    PageStatements {
        count,
        select: format!(
            "SELECT {}, {} {scoped}{tail}",
            key_columns.join(", "),
            shape.columns
        ),
        after_values: conditions.values,
    }
}

/// The condition "the row comes after `values` in the order of `keys`", binding the values:
/// `k1 > v1 OR (k1 = v1 AND (k2 > v2 OR (k2 = v2 AND …)))`, with the first key's bound also
/// stated alone (`k1 >= v1`) so that an index on it can start there.
pub(crate) fn after_clause(
    b: &mut Builder,
    keys: &[(SortColumn, SortDirection)],
    values: &[Option<SqlValue>],
) -> String {
    let bound: Vec<(SortColumn, SortDirection, Option<String>)> = keys
        .iter()
        .zip(values)
        .map(|((column, direction), value)| {
            let placeholder = value.clone().map(|value| b.bind(value));
            (*column, *direction, placeholder)
        })
        .collect();
    let mut clause = String::new();
    for (column, direction, value) in bound.iter().rev() {
        let later = after_on(column, *direction, value.as_deref());
        clause = if clause.is_empty() {
            later
        } else {
            let equal = match value {
                Some(p) => format!("{} = {p}", column.expr),
                None => format!("{} IS NULL", column.expr),
            };
            format!("({later} OR ({equal} AND {clause}))")
        };
    }
    match bound.first() {
        Some((column, direction, Some(p)))
            if !column.nullable || *direction == SortDirection::Asc =>
        {
            let op = match direction {
                SortDirection::Asc => ">=",
                SortDirection::Desc => "<=",
            };
            format!("{} {op} {p} AND {clause}", column.expr)
        }
        _ => clause,
    }
}

/// "The row's `column` comes strictly after `value`" in `direction` (NULLs first ascending,
/// last descending, as [`order_by_keys`] orders them).
fn after_on(column: &SortColumn, direction: SortDirection, value: Option<&str>) -> String {
    let expr = column.expr;
    match (direction, value) {
        (SortDirection::Asc, Some(p)) => format!("{expr} > {p}"),
        (SortDirection::Asc, None) => format!("{expr} IS NOT NULL"),
        (SortDirection::Desc, Some(p)) if column.nullable => {
            format!("({expr} < {p} OR {expr} IS NULL)")
        }
        (SortDirection::Desc, Some(p)) => format!("{expr} < {p}"),
        (SortDirection::Desc, None) => "1 = 0".to_owned(),
    }
}

/// Whether `values` can bound a page ordered by `keys`: one value per key, each of its key's
/// kind, NULL only where the key may be NULL.
pub fn fits(keys: &[(SortColumn, SortDirection)], values: &[Option<SqlValue>]) -> bool {
    keys.len() == values.len()
        && keys
            .iter()
            .zip(values)
            .all(|((column, _), value)| match value {
                Some(value) => value.is(column.kind),
                None => column.nullable,
            })
}

/// Reads the sort key of a row of a page (its first columns, see [`page_statements`]).
pub fn read_keys(
    row: &dyn crate::db::Row,
    keys: &[(SortColumn, SortDirection)],
) -> Result<KeyValues, crate::StoreError> {
    keys.iter()
        .enumerate()
        .map(|(at, (column, _))| {
            Ok(match column.kind {
                KeyKind::Text => row.opt_text(at)?.map(SqlValue::Text),
                KeyKind::Uuid => row.opt_uuid(at)?.map(SqlValue::Uuid),
                KeyKind::Timestamp => row.opt_timestamp(at)?.map(SqlValue::Timestamp),
                // Integer sort columns (amounts) are never NULL.
                KeyKind::I64 => Some(SqlValue::I64(row.i64(at)?)),
                KeyKind::Bool => row.opt_bool(at)?.map(SqlValue::Bool),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> Vec<(SortColumn, SortDirection)> {
        vec![
            (SortColumn::text("t.name"), SortDirection::Desc),
            (SortColumn::uuid("t.id"), SortDirection::Desc),
        ]
    }

    #[test]
    fn a_keyset_bound_leads_with_its_first_key_alone() {
        let mut b = Builder::new(3);
        let clause = after_clause(
            &mut b,
            &keys(),
            &[
                Some(SqlValue::Text("m".into())),
                Some(SqlValue::Uuid(uuid::Uuid::nil())),
            ],
        );
        assert_eq!(
            clause,
            "t.name <= $3 AND (t.name < $3 OR (t.name = $3 AND t.id < $4))"
        );
    }

    #[test]
    fn nulls_come_first_ascending_and_last_descending() {
        let ext = SortColumn::text("t.ext").or_null();
        let id = SortColumn::uuid("t.id");
        let mut b = Builder::new(2);
        let asc = after_clause(
            &mut b,
            &[(ext, SortDirection::Asc), (id, SortDirection::Asc)],
            &[None, Some(SqlValue::Uuid(uuid::Uuid::nil()))],
        );
        assert_eq!(asc, "(t.ext IS NOT NULL OR (t.ext IS NULL AND t.id > $2))");
        let desc = after_clause(
            &mut b,
            &[(ext, SortDirection::Desc), (id, SortDirection::Desc)],
            &[
                Some(SqlValue::Text("x".into())),
                Some(SqlValue::Uuid(uuid::Uuid::nil())),
            ],
        );
        assert_eq!(
            desc,
            "((t.ext < $3 OR t.ext IS NULL) OR (t.ext = $3 AND t.id < $4))"
        );
    }

    #[test]
    fn a_page_after_a_bound_has_no_offset_and_one_row_more_than_its_size() {
        let conditions = Conditions {
            sql: " AND t.x = $2".into(),
            values: vec![SqlValue::Text("a".into())],
        };
        let keys = keys();
        let shape = PageShape {
            from: "things t",
            alias: "t",
            columns: "t.id",
            conditions: &conditions,
            keys: &keys,
        };
        let first = page_statements(&shape, None, 10_000);
        assert_eq!(
            first.count,
            "SELECT count(*) AS total FROM (SELECT 1 FROM things t WHERE t.business_account_id = $1 \
             AND t.x = $2 LIMIT 10001) capped"
        );
        assert_eq!(
            first.select,
            "SELECT t.name, t.id, t.id FROM things t WHERE t.business_account_id = $1 AND t.x = $2 \
             ORDER BY t.name DESC, t.id DESC LIMIT $3 OFFSET $4"
        );
        let after = [
            Some(SqlValue::Text("m".into())),
            Some(SqlValue::Uuid(uuid::Uuid::nil())),
        ];
        let next = page_statements(&shape, Some(&after), 10_000);
        assert_eq!(
            next.select,
            "SELECT t.name, t.id, t.id FROM things t WHERE t.business_account_id = $1 AND t.x = $2 \
             AND t.name <= $3 AND (t.name < $3 OR (t.name = $3 AND t.id < $4)) \
             ORDER BY t.name DESC, t.id DESC LIMIT $5"
        );
        assert_eq!(next.after_values.len(), 2);
    }

    #[test]
    fn only_values_of_the_keys_kinds_fit() {
        let keys = keys();
        let id = Some(SqlValue::Uuid(uuid::Uuid::nil()));
        assert!(fits(&keys, &[Some(SqlValue::Text("a".into())), id.clone()]));
        assert!(!fits(&keys, &[None, id.clone()]));
        assert!(!fits(&keys, &[Some(SqlValue::I64(1)), id.clone()]));
        assert!(!fits(&keys, std::slice::from_ref(&id)));
    }
}
