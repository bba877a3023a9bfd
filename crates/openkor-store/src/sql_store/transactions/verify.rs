//! `ledger verify`: recompute every running total from the postings and check every journal
//! entry and every hold, and every limit's usage against its charges, in one snapshot. Each query returns only what is wrong.

use crate::db::{Conn, Row};
use crate::{LedgerReport, StoreError, params};

/// Stop listing problems of one kind after this many.
const PROBLEMS_PER_CHECK_MAX: i64 = 100;

const TOTALS: &str = "SELECT a.id, a.posted_minor, a.pending_debits_minor, a.pending_credits_minor, \
    a.postings_count, CAST(coalesce(p.posted, 0) AS BIGINT), CAST(coalesce(p.pending_debits, 0) AS BIGINT), \
    CAST(coalesce(p.pending_credits, 0) AS BIGINT), CAST(coalesce(p.postings, 0) AS BIGINT) \
    FROM ledger_accounts a LEFT JOIN ( \
      SELECT account_id, \
        sum(CASE WHEN bucket = 'POSTED' THEN amount_minor ELSE 0 END) AS posted, \
        -sum(CASE WHEN bucket = 'PENDING_DEBIT' THEN amount_minor ELSE 0 END) AS pending_debits, \
        sum(CASE WHEN bucket = 'PENDING_CREDIT' THEN amount_minor ELSE 0 END) AS pending_credits, \
        count(*) AS postings \
      FROM ledger_postings GROUP BY account_id) p ON p.account_id = a.id \
    WHERE a.posted_minor <> coalesce(p.posted, 0) \
       OR a.pending_debits_minor <> coalesce(p.pending_debits, 0) \
       OR a.pending_credits_minor <> coalesce(p.pending_credits, 0) \
       OR a.postings_count <> coalesce(p.postings, 0) \
    ORDER BY a.id LIMIT $1";

const UNBALANCED: &str = "SELECT entry_id, currency, CAST(sum(amount_minor) AS BIGINT) FROM ledger_postings \
    GROUP BY entry_id, currency HAVING sum(amount_minor) <> 0 ORDER BY entry_id LIMIT $1";

const ORPHANS: &str = "SELECT DISTINCT p.entry_id FROM ledger_postings p \
    WHERE NOT EXISTS (SELECT 1 FROM journal_entries e WHERE e.id = p.entry_id) ORDER BY p.entry_id LIMIT $1";

/// A held transaction holds its amount on its debit account until its final status, then
/// nothing; any other transaction never holds anything.
const HOLDS: &str = "SELECT t.id, t.status, t.amount_minor, \
      CAST(coalesce(-sum(CASE WHEN p.bucket = 'PENDING_DEBIT' THEN p.amount_minor ELSE 0 END), 0) AS BIGINT) \
    FROM transactions t \
    LEFT JOIN journal_entries e ON e.transaction_id = t.id \
    LEFT JOIN ledger_postings p ON p.entry_id = e.id AND p.account_id = t.debit_ledger_account_id \
    GROUP BY t.id, t.status, t.amount_minor, t.held \
    HAVING coalesce(-sum(CASE WHEN p.bucket = 'PENDING_DEBIT' THEN p.amount_minor ELSE 0 END), 0) <> \
      CASE WHEN t.held AND t.status IN ('NEW', 'PENDING', 'PROCESSING', 'APPROVED') THEN t.amount_minor ELSE 0 END \
    ORDER BY t.id LIMIT $1";

const CURRENCY_SUMS: &str = "SELECT currency, \
      CAST(sum(posted_minor + pending_credits_minor - pending_debits_minor) AS BIGINT) \
    FROM ledger_accounts GROUP BY currency \
    HAVING sum(posted_minor + pending_credits_minor - pending_debits_minor) <> 0";

/// What a limit's window has used is the sum of the charges counted in it.
const LIMIT_USAGE: &str = "SELECT u.limit_id, u.window_from, u.used_minor, \
      CAST(coalesce(c.charged, 0) AS BIGINT) FROM transaction_limit_usage u LEFT JOIN ( \
        SELECT limit_id, window_from, sum(amount_minor) AS charged FROM transaction_limit_charges \
        GROUP BY limit_id, window_from) c ON c.limit_id = u.limit_id AND c.window_from = u.window_from \
    WHERE u.used_minor <> coalesce(c.charged, 0) ORDER BY u.limit_id LIMIT $1";

/// A transaction that gave its usage back (declined, failed, cancelled, reversed) has no
/// charges left.
const DEAD_CHARGES: &str = "SELECT DISTINCT t.id, t.status FROM transaction_limit_charges c \
    JOIN transactions t ON t.id = c.transaction_id \
    WHERE t.status IN ('DECLINED', 'ERROR', 'CANCELLED', 'REVERSED') ORDER BY t.id LIMIT $1";

/// Runs every check on `conn` (inside a snapshot).
pub(super) async fn verify<C: Conn>(conn: &mut C) -> Result<LedgerReport, StoreError> {
    let limit = params![PROBLEMS_PER_CHECK_MAX];
    let mut problems = conn
        .query(TOTALS, &limit, &mut |row: &dyn Row| {
            Ok(format!(
                "ledger account {}: totals (posted {}, pending debits {}, pending credits {}, postings {}) \
                 but its postings sum to ({}, {}, {}, {})",
                row.uuid(0)?,
                row.i64(1)?,
                row.i64(2)?,
                row.i64(3)?,
                row.i64(4)?,
                row.i64(5)?,
                row.i64(6)?,
                row.i64(7)?,
                row.i64(8)?
            ))
        })
        .await?;
    problems.extend(
        conn.query(UNBALANCED, &limit, &mut |row: &dyn Row| {
            Ok(format!(
                "journal entry {}: its {} postings sum to {}, not 0",
                row.uuid(0)?,
                row.text(1)?,
                row.i64(2)?
            ))
        })
        .await?,
    );
    problems.extend(
        conn.query(ORPHANS, &limit, &mut |row: &dyn Row| {
            Ok(format!(
                "postings of entry {} have no journal entry",
                row.uuid(0)?
            ))
        })
        .await?,
    );
    problems.extend(
        conn.query(HOLDS, &limit, &mut |row: &dyn Row| {
            Ok(format!(
                "transaction {} ({}, amount {}): holds {} on its debit account",
                row.uuid(0)?,
                row.text(1)?,
                row.i64(2)?,
                row.i64(3)?
            ))
        })
        .await?,
    );
    problems.extend(
        conn.query(CURRENCY_SUMS, &params![], &mut |row: &dyn Row| {
            Ok(format!(
                "the {} ledger accounts sum to {}, not 0",
                row.text(0)?,
                row.i64(1)?
            ))
        })
        .await?,
    );
    problems.extend(
        conn.query(LIMIT_USAGE, &limit, &mut |row: &dyn Row| {
            Ok(format!(
                "limit {} (window from {}): used {} but its charges sum to {}",
                row.uuid(0)?,
                row.timestamp(1)?,
                row.i64(2)?,
                row.i64(3)?
            ))
        })
        .await?,
    );
    problems.extend(
        conn.query(DEAD_CHARGES, &limit, &mut |row: &dyn Row| {
            Ok(format!(
                "transaction {} ({}) still counts against its limits",
                row.uuid(0)?,
                row.text(1)?
            ))
        })
        .await?,
    );
    let accounts_checked = scalar(conn, "SELECT count(*) FROM ledger_accounts").await?;
    let entries_checked = scalar(conn, "SELECT count(*) FROM journal_entries").await?;
    Ok(LedgerReport {
        accounts_checked,
        entries_checked,
        problems,
    })
}

async fn scalar<C: Conn>(conn: &mut C, sql: &str) -> Result<u64, StoreError> {
    let value = conn
        .query_one(sql, &params![], &mut |row: &dyn Row| row.i64(0))
        .await?;
    Ok(u64::try_from(value).unwrap_or_default())
}
