//! The default limits of Customers and their accounts inside a unit of work: derived when read,
//! stored only when a client sets one or a transaction first counts against one
//! ([`openkor_domain::default_limits`] says how their ids and amounts are derived).
//!
//! Stored defaults keep their derived ids, so a limit's id never changes when it is stored.
//! Limits stored by earlier releases (one row per default, random ids) stay as they are: a
//! stored limit always hides the default of its type and currency.

use crate::db::{Conn, Row, Value};
use crate::records::parse_code;
use crate::{StoreError, params};
use openkor_domain::clock::Timestamp;
use openkor_domain::default_limits::{DefaultAmount, default_limit_candidates, default_limits};
use openkor_domain::ids::BusinessAccountId;
use openkor_domain::money::Currency;
use openkor_domain::transaction_limits::{LimitScope, LimitType, TransactionLimit};
use std::collections::HashMap;
use uuid::Uuid;

/// The accounts that have default limits: internal and integrated accounts of a Customer.
const LIMITED_ACCOUNT: &str = "category IN ('INTERNAL', 'INTEGRATED') AND holder_type = 'CUSTOMER'";

/// The defaults table, every row of it (a few).
async fn default_amounts<C: Conn>(conn: &mut C) -> Result<Vec<DefaultAmount>, StoreError> {
    conn.query(
        "SELECT limit_type, effective_from, amount_minor FROM default_transaction_limits",
        &[],
        &mut |row: &dyn Row| {
            Ok(DefaultAmount {
                limit_type: parse_code("limit type", &row.text(0)?, LimitType::from_code)?,
                effective_from: row.timestamp(1)?,
                amount_minor: row.i64(2)?,
            })
        },
    )
    .await
}

/// A live Customer or account that may have default limits: the currencies they are in and
/// when it was created.
struct LimitedScope {
    currencies: Vec<Currency>,
    created_at: Timestamp,
}

/// Whether `scope` has the live Customer or Financial Account `scope_id` and, if it may have
/// default limits, in which currencies. `None` when there is no such Customer or account.
async fn limited_scope<C: Conn>(
    conn: &mut C,
    scope: BusinessAccountId,
    scope_type: LimitScope,
    scope_id: Uuid,
) -> Result<Option<LimitedScope>, StoreError> {
    let keys = params![scope.as_uuid(), scope_id];
    match scope_type {
        LimitScope::Customer => {
            let sql = "SELECT created_at FROM customers \
                       WHERE business_account_id = $1 AND id = $2 AND deleted_at IS NULL";
            conn.query_opt(sql, &keys, &mut |row: &dyn Row| {
                Ok(LimitedScope {
                    currencies: Currency::ALL.to_vec(),
                    created_at: row.timestamp(0)?,
                })
            })
            .await
        }
        LimitScope::FinancialAccount => {
            let sql = format!(
                "SELECT created_at, CASE WHEN {LIMITED_ACCOUNT} THEN currency END \
                 FROM financial_accounts \
                 WHERE business_account_id = $1 AND id = $2 AND deleted_at IS NULL"
            );
            conn.query_opt(&sql, &keys, &mut |row: &dyn Row| {
                let currency = row.opt_text(1)?;
                Ok(LimitedScope {
                    currencies: currency
                        .iter()
                        .filter_map(|code| code.parse().ok())
                        .collect(),
                    created_at: row.timestamp(0)?,
                })
            })
            .await
        }
        // Not a scope `/v1/limits` names: its limits are read with their ancestors'.
        LimitScope::BusinessAccount => Ok(None),
    }
}

/// The default limits of `scope`'s Customer or account `scope_id` (none for an account that
/// has none); `None` when `scope` has no such live Customer or account.
pub(crate) async fn defaults_of<C: Conn>(
    conn: &mut C,
    scope: BusinessAccountId,
    scope_type: LimitScope,
    scope_id: Uuid,
) -> Result<Option<Vec<TransactionLimit>>, StoreError> {
    let Some(limited) = limited_scope(conn, scope, scope_type, scope_id).await? else {
        return Ok(None);
    };
    if limited.currencies.is_empty() {
        return Ok(Some(Vec::new()));
    }
    let table = default_amounts(conn).await?;
    Ok(Some(default_limits(
        &table,
        scope_type,
        scope_id,
        &limited.currencies,
        limited.created_at,
    )))
}

/// Stores `limits` of `scope` (defaults being set or counted against), created at `at`; a
/// limit whose scope, type and currency is stored already is left as it is.
pub(crate) async fn store<C: Conn>(
    conn: &mut C,
    scope: BusinessAccountId,
    limits: &[TransactionLimit],
    at: Timestamp,
) -> Result<(), StoreError> {
    if limits.is_empty() {
        return Ok(());
    }
    const WIDTH: usize = 9;
    let rows: Vec<String> = (0..limits.len())
        .map(|row| {
            let first = row * WIDTH + 1;
            let cells: Vec<String> = (first..first + WIDTH).map(|n| format!("${n}")).collect();
            format!("({})", cells.join(", "))
        })
        .collect();
    let sql = format!(
        "INSERT INTO transaction_limits (id, business_account_id, scope_type, scope_id, \
         limit_type, currency, amount_minor, created_at, updated_at) VALUES {} \
         ON CONFLICT (business_account_id, scope_type, scope_id, limit_type, currency) DO NOTHING",
        rows.join(", ")
    );
    let mut sorted: Vec<&TransactionLimit> = limits.iter().collect();
    sorted.sort_by_key(|limit| limit.id);
    let values: Vec<Value<'_>> = sorted
        .iter()
        .flat_map(|limit| {
            [
                Value::Uuid(limit.id),
                Value::Uuid(scope.as_uuid()),
                limit.scope.code().into(),
                Value::Uuid(limit.scope_id),
                limit.limit_type.code().into(),
                limit.currency.code().into(),
                limit.amount_minor.into(),
                at.into(),
                at.into(),
            ]
        })
        .collect();
    conn.execute(&sql, &values).await.map(|_| ())
}

/// The created-at instants of the live Customers or limited accounts of `scope` among `ids`,
/// with each account's currency.
async fn live_scopes<C: Conn>(
    conn: &mut C,
    scope: BusinessAccountId,
    scope_type: LimitScope,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, (Timestamp, Option<Currency>)>, StoreError> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let placeholders = crate::sql::placeholder_list(2, ids.len());
    let sql = match scope_type {
        LimitScope::FinancialAccount => format!(
            "SELECT id, created_at, currency FROM financial_accounts WHERE business_account_id = $1 \
             AND deleted_at IS NULL AND {LIMITED_ACCOUNT} AND id IN ({placeholders})"
        ),
        _ => format!(
            "SELECT id, created_at, NULL FROM customers WHERE business_account_id = $1 \
             AND deleted_at IS NULL AND id IN ({placeholders})"
        ),
    };
    let mut values = vec![Value::Uuid(scope.as_uuid())];
    values.extend(ids.iter().map(|id| Value::Uuid(*id)));
    let found = conn
        .query(&sql, &values, &mut |row: &dyn Row| {
            let currency = row.opt_text(2)?.and_then(|code| code.parse().ok());
            Ok((row.uuid(0)?, (row.timestamp(1)?, currency)))
        })
        .await?;
    Ok(found.into_iter().collect())
}

/// The default limits `ids` name among `scope`'s live Customers and accounts, with the
/// amounts they have while unset; `None` when one of `ids` names none.
pub(crate) async fn named_defaults<C: Conn>(
    conn: &mut C,
    scope: BusinessAccountId,
    ids: &[Uuid],
) -> Result<Option<Vec<TransactionLimit>>, StoreError> {
    let candidates: Vec<_> = ids
        .iter()
        .map(|id| (*id, default_limit_candidates(*id)))
        .collect();
    let of_type = |scope_type: LimitScope| -> Vec<Uuid> {
        candidates
            .iter()
            .flat_map(|(_, keys)| keys.iter())
            .filter(|key| key.0 == scope_type)
            .map(|key| key.1)
            .collect()
    };
    let customers = of_type(LimitScope::Customer);
    let customers = live_scopes(conn, scope, LimitScope::Customer, &customers).await?;
    let accounts = of_type(LimitScope::FinancialAccount);
    let accounts = live_scopes(conn, scope, LimitScope::FinancialAccount, &accounts).await?;
    let table = default_amounts(conn).await?;
    let mut named = Vec::with_capacity(ids.len());
    for (id, keys) in candidates {
        let found = keys
            .into_iter()
            .find_map(|(scope_type, scope_id, limit_type, currency)| {
                let (created_at, account_currency) = match scope_type {
                    LimitScope::FinancialAccount => accounts.get(&scope_id)?,
                    _ => customers.get(&scope_id)?,
                };
                if scope_type == LimitScope::FinancialAccount && *account_currency != Some(currency)
                {
                    return None;
                }
                default_limits(&table, scope_type, scope_id, &[currency], *created_at)
                    .into_iter()
                    .find(|limit| limit.id == id && limit.limit_type == limit_type)
            });
        match found {
            Some(limit) => named.push(limit),
            None => return Ok(None),
        }
    }
    Ok(Some(named))
}
