//! The PostgreSQL growth: the catalog from `information_schema`, one `psql` script.

use super::super::super::seed::psql;
use super::{Columns, Dialect, Growth, TABLES, Template, batches, count_statement};
use std::fmt::Write;

/// Rows per db transaction.
const PG_BATCH_ROWS: u64 = 50_000;

/// Writable columns: not generated, not identity, not drawn from a sequence.
fn columns(url: &str) -> Result<Columns, String> {
    let tables: Vec<String> = TABLES.iter().map(|table| format!("'{table}'")).collect();
    let text = psql(
        url,
        &format!(
            "SELECT table_name, column_name FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name IN ({}) \
             AND is_generated = 'NEVER' AND is_identity = 'NO' \
             AND coalesce(column_default, '') NOT LIKE 'nextval(%' \
             ORDER BY table_name, ordinal_position;\n",
            tables.join(", ")
        ),
    )?;
    let mut columns = Columns::new();
    for line in text.lines() {
        let (table, column) = line
            .split_once('|')
            .ok_or(format!("unexpected catalog line {line:?}"))?;
        columns
            .entry(table.to_owned())
            .or_default()
            .push(column.to_owned());
    }
    Ok(columns)
}

pub(super) fn grow(
    url: &str,
    template: &Template<'_>,
    growth: &Growth,
) -> Result<Vec<String>, String> {
    let columns = columns(url)?;
    let (batches, warnings) = batches(Dialect::Postgres, template, growth, &columns, PG_BATCH_ROWS);
    let mut script = format!(
        "\\set ON_ERROR_STOP on\nSET synchronous_commit = off;\n{};\n",
        Dialect::Postgres.create_ids()
    );
    for batch in batches {
        script.push_str("BEGIN;\n");
        for statement in batch {
            let _ = writeln!(script, "{statement};");
        }
        script.push_str("COMMIT;\n");
    }
    if growth.analyze {
        script.push_str("VACUUM ANALYZE;\n");
    }
    psql(url, &script)?;
    Ok(warnings)
}

pub(super) fn counts(url: &str, scope: &str) -> Result<(u64, u64), String> {
    let text = psql(
        url,
        &format!(
            "{};\n{};\n",
            count_statement(Dialect::Postgres, "financial_accounts", scope),
            count_statement(Dialect::Postgres, "customers", scope)
        ),
    )?;
    let counts: Vec<u64> = text.lines().filter_map(|line| line.parse().ok()).collect();
    match counts.as_slice() {
        [accounts, customers] => Ok((*accounts, *customers)),
        _ => Err(format!("unexpected counts {text:?}")),
    }
}

pub(super) fn statistics(url: &str) -> Result<String, String> {
    let text = psql(
        url,
        "SELECT s.relname, CASE WHEN c.reltuples < 0 THEN 'none' ELSE c.reltuples::bigint::text || ' rows' END, \
         coalesce(round(extract(epoch FROM now() - s.last_analyze))::text || ' s ago', 'never'), \
         coalesce(round(extract(epoch FROM now() - s.last_autoanalyze))::text || ' s ago', 'never') \
         FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid \
         WHERE s.relname IN ('financial_accounts', 'customers') ORDER BY s.relname;\n",
    )?;
    let lines: Vec<String> = text
        .lines()
        .map(|line| {
            let fields: Vec<&str> = line.split('|').collect();
            match fields.as_slice() {
                [table, estimate, analyzed, autoanalyzed] => format!(
                    "{table}: planner estimate {estimate}, ANALYZE {analyzed}, autoanalyze {autoanalyzed}"
                ),
                _ => line.to_owned(),
            }
        })
        .collect();
    let autovacuum = psql(url, "SHOW autovacuum;\n")?;
    Ok(format!("{} (autovacuum {autovacuum})", lines.join("; ")))
}
