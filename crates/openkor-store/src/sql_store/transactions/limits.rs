//! Transaction limits inside a unit of work: which limits a new transaction's debit side is
//! under, the check against what their windows have used, the charges that count it (the
//! database adds each to its window's usage and refuses one that would pass the cap), and the
//! give-back when a transaction is declined, fails, is cancelled or reversed.
//!
//! A SEND or REQUEST whose debit side is a ledgered account counts against that account's
//! limits (`FA_KFA`), its Customer's, and those of its Business Account and every ancestor, in
//! the transaction's currency, in the windows that contain its creation. The limit rows are locked (PostgreSQL: `FOR UPDATE OF
//! l`, in id order) before their usage is read, so concurrent transactions under one limit are
//! checked one after the other.

use super::state::TransactionState;
use crate::db::{Conn, Row, Value};
use crate::records::parse_code;
use crate::sql_store::default_limits;
use crate::{StoreError, params};
use openkor_domain::clock::Timestamp;
use openkor_domain::transaction::{Refusal, TransactionType};
use openkor_domain::transaction_limits::{
    LimitScope, LimitType, LimitUsage, TransactionLimit, window,
};
use uuid::Uuid;

/// One limit a transaction counts against, in one window.
pub(super) struct Charge {
    limit_id: Uuid,
    window: (Timestamp, Timestamp),
    /// Whether the window's usage row exists already (else the charge creates it).
    window_exists: bool,
    amount_minor: i64,
}

/// The limit columns [`decode_limit`] reads, from `transaction_limits l`.
macro_rules! limit_columns {
    () => {
        "l.id, l.limit_type, l.scope_type, l.scope_id, l.currency, l.amount_minor"
    };
}

/// [`decode_limit`]'s columns.
pub(crate) const LIMIT_COLUMNS: &str = limit_columns!();

/// The columns [`decode_usage`] reads, from `transaction_limits l` with the usage `u` of the
/// window of its type (`$1`–`$3`: the daily, weekly and monthly window starts), then whether
/// that usage row exists (column 7, `u.limit_id`, NULL when not).
pub(crate) const USAGE_SELECT: &str = concat!(
    "SELECT ",
    limit_columns!(),
    ", coalesce(u.used_minor, 0), u.limit_id FROM transaction_limits l \
    LEFT JOIN transaction_limit_usage u ON u.limit_id = l.id AND ( \
    (l.limit_type = 'DAILY' AND u.window_from = $1) OR (l.limit_type = 'WEEKLY' AND u.window_from = $2) \
    OR (l.limit_type = 'MONTHLY' AND u.window_from = $3))"
);

/// Decodes the [`LIMIT_COLUMNS`] at the start of a row.
pub(crate) fn decode_limit(row: &dyn Row) -> Result<TransactionLimit, StoreError> {
    Ok(TransactionLimit {
        id: row.uuid(0)?,
        limit_type: parse_code("limit type", &row.text(1)?, LimitType::from_code)?,
        scope: parse_code("limit scope", &row.text(2)?, LimitScope::from_code)?,
        scope_id: row.uuid(3)?,
        currency: parse_code("currency", &row.text(4)?, |t| t.parse().ok())?,
        amount_minor: row.i64(5)?,
    })
}

/// Decodes a row of [`USAGE_SELECT`], its windows those of `at`.
pub(crate) fn decode_usage(row: &dyn Row, at: Timestamp) -> Result<LimitUsage, StoreError> {
    let limit = decode_limit(row)?;
    Ok(LimitUsage {
        window: window(limit.limit_type, at),
        limit,
        used_minor: row.i64(6)?,
    })
}

/// The window starts `USAGE_SELECT` takes, for `at`.
pub(crate) fn window_starts(at: Timestamp) -> [Timestamp; 3] {
    [LimitType::Daily, LimitType::Weekly, LimitType::Monthly]
        .map(|limit_type| window(limit_type, at).map_or(at, |(from, _)| from))
}

/// The ledgered account (and its Customer, when a Customer holds it) on the debit side of
/// `state`, when limits apply to it.
fn limited_debit(state: &TransactionState) -> Option<(Uuid, Option<Uuid>)> {
    let counts = matches!(
        state.transaction_type,
        TransactionType::Send | TransactionType::Request
    );
    let account = state.debit_financial_account_id?;
    let ledgered = account == state.debit_ledger_account_id;
    let customer = match state.debit_holder_type.as_deref() {
        Some("CUSTOMER") => state.debit_holder_id,
        _ => None,
    };
    (counts && ledgered).then_some((account, customer))
}

/// The ids of the limits `state`'s debit side is under: its account's and its Customer's, and
/// those of its Business Account and every ancestor, in its currency; the placeholders from
/// `$first` are the Business Account, the currency, the account and the Customer. Three index
/// lookups joined by UNION ALL (an OR of them scans the table on SQLite).
fn limits_of_debit(first: usize) -> String {
    let [scope, currency, account, customer] = [first, first + 1, first + 2, first + 3];
    format!(
        "SELECT id FROM transaction_limits WHERE business_account_id = ${scope} \
           AND scope_id = ${account} AND currency = ${currency} AND scope_type = 'FA_KFA' \
         UNION ALL SELECT id FROM transaction_limits WHERE business_account_id = ${scope} \
           AND scope_id = ${customer} AND currency = ${currency} AND scope_type = 'CUSTOMER' \
         UNION ALL SELECT b.id FROM business_account_tree t JOIN transaction_limits b \
           ON b.business_account_id = t.ancestor_id AND b.scope_id = t.ancestor_id \
           WHERE t.descendant_id = ${scope} AND b.currency = ${currency} \
           AND b.scope_type = 'BUSINESS_ACCOUNT'"
    )
}

/// Locks the limits of `state`'s debit side and checks its amount against each; the charges
/// to write once the transaction row exists, or the first limit it breaks.
///
/// On PostgreSQL the limit rows are locked in id order first and their usage read by a second
/// statement: under read committed a statement that waited for a lock still sees the rows it
/// did not lock (the usage) as they were when it started, which could miss what the
/// transaction it waited for added. SQLite has one writer at a time: one statement reads both.
pub(super) async fn check<C: Conn>(
    conn: &mut C,
    state: &TransactionState,
    at: Timestamp,
) -> Result<Result<Vec<Charge>, Refusal>, StoreError> {
    let Some((account, customer)) = limited_debit(state) else {
        return Ok(Ok(Vec::new()));
    };
    let mut usages = debit_usages(conn, state, account, customer, at).await?;
    if let Some(customer) = customer
        && lacks_defaults(&usages)
    {
        store_debit_defaults(conn, state, account, customer, at).await?;
        usages = debit_usages(conn, state, account, Some(customer), at).await?;
    }
    // The most specific breach is reported: the account's, then the Customer's, then the
    // Business Accounts', the shortest period first.
    usages.sort_by_key(|(usage, _)| (usage.limit.scope, usage.limit.limit_type));
    if let Some((breached, _)) = usages
        .iter()
        .find(|(usage, _)| !usage.admits(state.amount_minor))
    {
        return Ok(Err(Refusal::LimitExceeded(Box::new(breached.clone()))));
    }
    Ok(Ok(usages
        .into_iter()
        .filter_map(|(usage, window_exists)| {
            Some(Charge {
                limit_id: usage.limit.id,
                window: usage.window?,
                window_exists,
                amount_minor: state.amount_minor,
            })
        })
        .collect()))
}

/// Each limit of `state`'s debit side (`account`, held by `customer` if a Customer holds it),
/// with its usage in the windows containing `at` and whether that usage row exists. On
/// PostgreSQL the limit rows are locked first, in id order.
async fn debit_usages<C: Conn>(
    conn: &mut C,
    state: &TransactionState,
    account: Uuid,
    customer: Option<Uuid>,
    at: Timestamp,
) -> Result<Vec<(LimitUsage, bool)>, StoreError> {
    let scope = [
        Value::Uuid(state.scope.as_uuid()),
        state.currency.code().into(),
        Value::Uuid(account),
        customer.into(),
    ];
    let mut values: Vec<Value<'_>> = window_starts(at).into_iter().map(Value::from).collect();
    let sql = if conn.dialect().for_update().is_empty() {
        values.extend(scope);
        format!("{USAGE_SELECT} WHERE l.id IN ({})", limits_of_debit(4))
    } else {
        let lock = format!(
            "SELECT l.id FROM transaction_limits l WHERE l.id IN ({}) ORDER BY l.id{}",
            limits_of_debit(1),
            conn.dialect().for_update_of("l")
        );
        let ids = conn
            .query(&lock, &scope, &mut |row: &dyn Row| row.uuid(0))
            .await?;
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        values.extend(ids.iter().map(|id| Value::Uuid(*id)));
        format!(
            "{USAGE_SELECT} WHERE l.id IN ({})",
            crate::sql::placeholder_list(4, ids.len())
        )
    };
    conn.query(&sql, &values, &mut |row: &dyn Row| {
        Ok((decode_usage(row, at)?, row.opt_uuid(7)?.is_some()))
    })
    .await
}

/// Whether a stored limit of the debit account or of its Customer is missing: every default
/// counted against is stored first, so the database can hold its usage.
fn lacks_defaults(usages: &[(LimitUsage, bool)]) -> bool {
    let count = |scope: LimitScope| {
        usages
            .iter()
            .filter(|(u, _)| u.limit.scope == scope)
            .count()
    };
    count(LimitScope::FinancialAccount) < LIMIT_TYPES || count(LimitScope::Customer) < LIMIT_TYPES
}

/// How many limits (one per type) a scope has in a currency.
const LIMIT_TYPES: usize = 4;

/// Stores the default limits, in `state`'s currency, of its debit `account` and of the
/// `customer` who holds it, that are not stored yet.
async fn store_debit_defaults<C: Conn>(
    conn: &mut C,
    state: &TransactionState,
    account: Uuid,
    customer: Uuid,
    at: Timestamp,
) -> Result<(), StoreError> {
    let mut limits = Vec::new();
    for (scope_type, scope_id) in [
        (LimitScope::FinancialAccount, account),
        (LimitScope::Customer, customer),
    ] {
        let defaults = default_limits::defaults_of(conn, state.scope, scope_type, scope_id).await?;
        limits.extend(
            defaults
                .unwrap_or_default()
                .into_iter()
                .filter(|limit| limit.currency == state.currency),
        );
    }
    default_limits::store(conn, state.scope, &limits, at).await
}

/// Counts transaction `id` against each limit of `charges`: one statement opens the windows
/// that have no usage row yet (none, mostly), one writes every charge (the database adds each
/// to its window's usage and refuses one that passes the cap).
pub(super) async fn charge<C: Conn>(
    conn: &mut C,
    id: Uuid,
    charges: &[Charge],
) -> Result<(), StoreError> {
    if charges.is_empty() {
        return Ok(());
    }
    let rows = |count: usize, width: usize, tail: &str| {
        (0..count)
            .map(|row| {
                let first = row * width + 1;
                let cells: Vec<String> = (first..first + width).map(|n| format!("${n}")).collect();
                format!("({}{tail})", cells.join(", "))
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let opening: Vec<&Charge> = charges.iter().filter(|c| !c.window_exists).collect();
    if !opening.is_empty() {
        let windows = format!(
            "INSERT INTO transaction_limit_usage (limit_id, window_from, window_to, used_minor) \
             VALUES {} ON CONFLICT (limit_id, window_from) DO NOTHING",
            rows(opening.len(), 3, ", 0")
        );
        let values: Vec<Value<'_>> = opening
            .iter()
            .flat_map(|c| [c.limit_id.into(), c.window.0.into(), c.window.1.into()])
            .collect();
        conn.execute(&windows, &values).await?;
    }
    let counted = format!(
        "INSERT INTO transaction_limit_charges (transaction_id, limit_id, window_from, amount_minor) \
         VALUES {}",
        rows(charges.len(), 4, "")
    );
    let values: Vec<Value<'_>> = charges
        .iter()
        .flat_map(|c| {
            [
                id.into(),
                c.limit_id.into(),
                c.window.0.into(),
                c.amount_minor.into(),
            ]
        })
        .collect();
    conn.execute(&counted, &values).await.map(|_| ())
}

/// Gives back what transaction `state` counted against its limits (once: the charges go).
pub(super) async fn give_back<C: Conn>(
    conn: &mut C,
    state: &TransactionState,
) -> Result<(), StoreError> {
    if limited_debit(state).is_none() {
        return Ok(());
    }
    conn.execute(
        "DELETE FROM transaction_limit_charges WHERE transaction_id = $1",
        &params![state.id.as_uuid()],
    )
    .await
    .map(|_| ())
}
