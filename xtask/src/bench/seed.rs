//! Seeding a ledger account with many postings, the fastest honest way: bulk SQL that writes
//! the same rows as the store's `record_transfer` (two `POSTED` postings of one minor unit,
//! then their journal entry) and goes through every trigger of the ledger: the posting
//! triggers check the entry is open and the account live, and update the running totals; the
//! entry's trigger checks the postings sum to zero. Entries alternate direction between the
//! account and a partner, so neither ever overdraws (both must hold at least a few minor
//! units). `openkor ledger verify` must pass afterwards.
//!
//! SQLite: one db transaction on the database file (the server may be running; it is idle).
//! PostgreSQL: `psql`, one db transaction per `PG_BATCH_ENTRIES` entries, since every posting
//! updates the same ledger row and PostgreSQL can only prune its old versions once they are
//! committed (batches of 100 seeded faster than batches of 20 or 1,000);
//! `synchronous_commit = off` for this session only, then `VACUUM ANALYZE`, as autovacuum
//! would after such a burst. Each posting costs the triggers ~0.2–0.3 ms there, so a million
//! entries take about six minutes, against about a minute on SQLite.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Entries per PostgreSQL db transaction.
const PG_BATCH_ENTRIES: u64 = 100;
/// How long the seeding SQLite connection waits for the server's writer.
const SQLITE_BUSY_TIMEOUT_MS: u64 = 60_000;
/// The journal entries' description.
const DESCRIPTION: &str = "benchmark seed: bulk SQL through the ledger triggers";

/// Who the seeded entries belong to.
pub(super) struct Target<'a> {
    /// The Business Account (the sandbox).
    pub(super) scope: &'a str,
    /// The internal Financial Account (= its ledger account) to receive the postings.
    pub(super) account: &'a str,
    /// The funded account on the other side of every entry.
    pub(super) partner: &'a str,
}

/// Adds postings to `target.account` until it has `postings` in all; returns its
/// `postings_count` afterwards.
pub(super) fn postings(url: &str, target: &Target<'_>, postings: u64) -> Result<u64, String> {
    for id in [target.scope, target.account, target.partner] {
        if !is_uuid(id) {
            return Err(format!("not a UUID: {id}"));
        }
    }
    match url.strip_prefix("sqlite://") {
        Some(path) => sqlite::seed(path, target, postings),
        None => postgres::seed(url, target, postings),
    }
}

/// `8-4-4-4-12` hexadecimal digits (checked before an id is written into SQL text).
pub(super) fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.iter().map(|group| group.len()).eq([8, 4, 4, 4, 12])
        && groups
            .iter()
            .all(|group| group.chars().all(|c| c.is_ascii_hexdigit()))
}

/// The 16 bytes of a UUID, as the SQLite store keeps them.
fn uuid_bytes(text: &str) -> Result<Vec<u8>, String> {
    let hex: String = text.chars().filter(|c| *c != '-').collect();
    if hex.len() != 32 || !hex.is_ascii() {
        return Err(format!("not a UUID: {text}"));
    }
    (0..hex.len())
        .step_by(2)
        .map(|at| u8::from_str_radix(&hex[at..at + 2], 16).map_err(|e| e.to_string()))
        .collect()
}

pub(super) fn now_ms() -> i64 {
    let since_epoch = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or(Duration::ZERO);
    i64::try_from(since_epoch.as_millis()).unwrap_or(i64::MAX)
}

mod sqlite {
    //! The SQLite seeding: one db transaction, three `INSERT … SELECT`.

    use super::{DESCRIPTION, SQLITE_BUSY_TIMEOUT_MS, Target, now_ms, uuid_bytes};
    use rusqlite::{Connection, params};
    use std::time::Duration;

    const ENTRIES: &str = "CREATE TEMP TABLE bench_seed (n INTEGER PRIMARY KEY, id BLOB NOT NULL)";
    const ENTRY_IDS: &str = "WITH RECURSIVE s(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM s WHERE n + 1 < ?1) \
        INSERT INTO bench_seed (n, id) SELECT n, randomblob(16) FROM s";
    /// Entry n: even, partner → account; odd, account → partner; the debit is position 0.
    const POSTINGS: &str = "INSERT INTO ledger_postings \
        (entry_id, position, business_account_id, account_id, currency, bucket, amount_minor) \
        SELECT e.id, p.position, ?1, CASE WHEN (e.n % 2 = 0) = (p.position = 0) THEN ?3 ELSE ?2 END, \
          'USD', 'POSTED', CASE p.position WHEN 0 THEN -1 ELSE 1 END \
        FROM bench_seed e CROSS JOIN (SELECT 0 AS position UNION ALL SELECT 1) p ORDER BY e.n, p.position";
    const JOURNAL: &str = "INSERT INTO journal_entries \
        (id, business_account_id, transaction_id, status, description, created_at) \
        SELECT id, ?1, NULL, NULL, ?2, ?3 FROM bench_seed ORDER BY n";
    const COUNT: &str = "SELECT postings_count FROM ledger_accounts WHERE id = ?1";

    pub(super) fn seed(path: &str, target: &Target<'_>, postings: u64) -> Result<u64, String> {
        let error = |e: rusqlite::Error| format!("seeding {path}: {e}");
        let mut connection = Connection::open(path).map_err(error)?;
        connection
            .busy_timeout(Duration::from_millis(SQLITE_BUSY_TIMEOUT_MS))
            .map_err(error)?;
        connection
            .execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;")
            .map_err(error)?;
        let (scope, account, partner) = (
            uuid_bytes(target.scope)?,
            uuid_bytes(target.account)?,
            uuid_bytes(target.partner)?,
        );
        let count = |connection: &Connection| {
            connection.query_row(COUNT, [&account], |row| row.get::<_, i64>(0))
        };
        let missing =
            postings.saturating_sub(u64::try_from(count(&connection).map_err(error)?).unwrap_or(0));
        if missing > 0 {
            let transaction = connection.transaction().map_err(error)?;
            transaction.execute(ENTRIES, []).map_err(error)?;
            let missing = i64::try_from(missing).map_err(|e| e.to_string())?;
            transaction.execute(ENTRY_IDS, [missing]).map_err(error)?;
            transaction
                .execute(POSTINGS, params![scope, account, partner])
                .map_err(error)?;
            transaction
                .execute(JOURNAL, params![scope, DESCRIPTION, now_ms()])
                .map_err(error)?;
            transaction
                .execute("DROP TABLE bench_seed", [])
                .map_err(error)?;
            transaction.commit().map_err(error)?;
            // Leave the database as a quiet server would: the WAL folded back into the file.
            connection
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
                .map_err(error)?;
        }
        u64::try_from(count(&connection).map_err(error)?).map_err(|e| e.to_string())
    }
}

pub(super) use postgres::psql;

mod postgres {
    //! The PostgreSQL seeding: a `DO` block committing every `PG_BATCH_ENTRIES` entries, fed
    //! to `psql` on stdin.

    use super::{Command, DESCRIPTION, PG_BATCH_ENTRIES, Stdio, Target, Write};

    /// The script (ids are checked UUIDs, so writing them into the text is safe).
    fn script(target: &Target<'_>, missing: u64) -> String {
        let Target {
            scope,
            account,
            partner,
        } = target;
        format!(
            "\\set ON_ERROR_STOP on
SET synchronous_commit = off;
DO $seed$
DECLARE
    salt text := gen_random_uuid()::text;
    batch_first bigint := 0;
    batch_last bigint;
BEGIN
    WHILE batch_first < {missing} LOOP
        batch_last := least(batch_first + {PG_BATCH_ENTRIES}, {missing}) - 1;
        INSERT INTO ledger_postings (entry_id, position, business_account_id, account_id, currency, bucket, amount_minor)
        SELECT md5(salt || n)::uuid, p.position, '{scope}',
               CASE WHEN (n % 2 = 0) = (p.position = 0) THEN '{partner}'::uuid ELSE '{account}'::uuid END,
               'USD', 'POSTED', CASE p.position WHEN 0 THEN -1 ELSE 1 END
        FROM generate_series(batch_first, batch_last) AS n CROSS JOIN (VALUES (0), (1)) AS p (position)
        ORDER BY n, p.position;
        INSERT INTO journal_entries (id, business_account_id, transaction_id, status, description, created_at)
        SELECT md5(salt || n)::uuid, '{scope}', NULL, NULL, '{DESCRIPTION}', now()
        FROM generate_series(batch_first, batch_last) AS n;
        COMMIT;
        batch_first := batch_last + 1;
    END LOOP;
END
$seed$;
VACUUM ANALYZE ledger_accounts;
VACUUM ANALYZE ledger_postings;
VACUUM ANALYZE journal_entries;
"
        )
    }

    /// Runs the script `input` on `url`; its output, unaligned and without headers.
    pub(in crate::bench) fn psql(url: &str, input: &str) -> Result<String, String> {
        let mut child = Command::new("psql")
            .args([url, "-X", "-q", "-A", "-t", "-f", "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("psql: {e}"))?;
        child
            .stdin
            .take()
            .ok_or("psql: no stdin")?
            .write_all(input.as_bytes())
            .map_err(|e| format!("psql: {e}"))?;
        let output = child.wait_with_output().map_err(|e| format!("psql: {e}"))?;
        if !output.status.success() {
            return Err(format!("psql: {}", String::from_utf8_lossy(&output.stderr)));
        }
        Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
    }

    fn count(url: &str, account: &str) -> Result<u64, String> {
        let text = psql(
            url,
            &format!("SELECT postings_count FROM ledger_accounts WHERE id = '{account}';\n"),
        )?;
        text.parse()
            .map_err(|e| format!("postings_count {text:?}: {e}"))
    }

    pub(super) fn seed(url: &str, target: &Target<'_>, postings: u64) -> Result<u64, String> {
        let missing = postings.saturating_sub(count(url, target.account)?);
        if missing > 0 {
            psql(url, &script(target, missing))?;
        }
        count(url, target.account)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_uuids_are_written_into_sql() {
        assert!(is_uuid("01a1fd40-28a0-7000-8000-0123456789ab"));
        assert!(!is_uuid("01a1fd40-28a0-7000-8000-0123456789a'"));
        assert!(!is_uuid("01a1fd40'; DROP TABLE x; --"));
        assert_eq!(
            uuid_bytes("000102030405060708090a0b0c0d0e0f").ok(),
            Some((0u8..16).collect())
        );
    }
}
