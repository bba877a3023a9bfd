//! Ledger accounts and journal entries inside a unit of work: lock accounts in one fixed order,
//! write an entry's postings then the entry (the database checks it balances and updates the
//! running totals), and keep the locked totals current for the events.

use crate::StoreError;
use crate::db::{Conn, Row, Value};
use crate::params;
use openkor_domain::clock::Timestamp;
use openkor_domain::ids::{BusinessAccountId, TransactionId};
use openkor_domain::ledger::{Bucket, Posting};
use openkor_domain::money::Currency;
use openkor_domain::transaction::{Refusal, TransactionStatus};
use std::collections::BTreeMap;
use uuid::Uuid;

/// The running totals of one ledger account, as locked by this unit of work.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Totals {
    /// Whether it is a Financial Account's (not an OUTSIDE account).
    pub(super) is_financial_account: bool,
    /// Posted balance.
    pub(super) posted_minor: i64,
    /// Pending debits.
    pub(super) pending_debits_minor: i64,
    /// Pending credits.
    pub(super) pending_credits_minor: i64,
}

impl Totals {
    /// `accountBalance − pendingWithdrawals`.
    pub(super) fn available_minor(&self) -> i64 {
        self.posted_minor.saturating_sub(self.pending_debits_minor)
    }

    fn apply(&mut self, posting: &Posting<Uuid>) -> Result<(), StoreError> {
        let overflow = || StoreError::Other("a running total would overflow".into());
        let amount = posting.amount_minor;
        match posting.bucket {
            Bucket::Posted => {
                self.posted_minor = self.posted_minor.checked_add(amount).ok_or_else(overflow)?;
            }
            Bucket::PendingDebit => {
                self.pending_debits_minor = self
                    .pending_debits_minor
                    .checked_sub(amount)
                    .ok_or_else(overflow)?;
            }
            Bucket::PendingCredit => {
                self.pending_credits_minor = self
                    .pending_credits_minor
                    .checked_add(amount)
                    .ok_or_else(overflow)?;
            }
        }
        Ok(())
    }
}

/// The accounts a unit of work locked, by id.
pub(crate) type Locked = BTreeMap<Uuid, Totals>;

/// Locks `ids` (PostgreSQL: `FOR UPDATE`, in id order, so concurrent units never deadlock) and
/// reads their totals. A missing account is [`StoreError::NotFound`].
pub(crate) async fn lock_accounts<C: Conn>(
    conn: &mut C,
    scope: BusinessAccountId,
    ids: impl AsRef<[Uuid]>,
) -> Result<Locked, StoreError> {
    let ids = ids.as_ref();
    let locked = lock_existing(conn, scope, ids).await?;
    if ids.iter().all(|id| locked.contains_key(id)) {
        Ok(locked)
    } else {
        Err(StoreError::NotFound)
    }
}

/// Locks those of `ids` that are ledger accounts of `scope` (an id may name an external
/// Financial Account, which has none) and reads their totals.
pub(crate) async fn lock_existing<C: Conn>(
    conn: &mut C,
    scope: BusinessAccountId,
    ids: &[Uuid],
) -> Result<Locked, StoreError> {
    let sql = format!(
        "SELECT id, kind, posted_minor, pending_debits_minor, pending_credits_minor \
         FROM ledger_accounts WHERE business_account_id = $1 AND id IN ({}) ORDER BY id{}",
        crate::sql::placeholder_list(2, ids.len()),
        conn.dialect().for_update()
    );
    let mut values = vec![Value::Uuid(scope.as_uuid())];
    values.extend(ids.iter().map(|id| Value::Uuid(*id)));
    let rows = conn
        .query(&sql, &values, &mut |row: &dyn Row| {
            Ok((
                row.uuid(0)?,
                Totals {
                    is_financial_account: row.text(1)? == "FINANCIAL_ACCOUNT",
                    posted_minor: row.i64(2)?,
                    pending_debits_minor: row.i64(3)?,
                    pending_credits_minor: row.i64(4)?,
                },
            ))
        })
        .await?;
    Ok(rows.into_iter().collect())
}

/// [`Refusal::InsufficientFunds`] naming `account` when the locked ledger account `debit` is a
/// Financial Account whose available balance is below `amount_minor`.
pub(super) fn funds_refusal(
    locked: &Locked,
    debit: Uuid,
    amount_minor: i64,
    account: Uuid,
) -> Option<Refusal> {
    let totals = locked.get(&debit).copied().unwrap_or_default();
    (totals.is_financial_account && totals.available_minor() < amount_minor)
        .then(|| Refusal::InsufficientFunds(account.into()))
}

/// The OUTSIDE (contra) account of `scope` in `currency`.
pub(super) async fn outside_account<C: Conn>(
    conn: &mut C,
    scope: BusinessAccountId,
    currency: Currency,
) -> Result<Uuid, StoreError> {
    conn.query_one(
        "SELECT id FROM ledger_accounts WHERE business_account_id = $1 AND kind = 'OUTSIDE' \
         AND currency = $2",
        &params![scope.as_uuid(), currency.code()],
        &mut |row: &dyn Row| row.uuid(0),
    )
    .await
}

/// What a journal entry records.
pub(crate) struct EntryHeader<'a> {
    pub(crate) scope: BusinessAccountId,
    pub(crate) transaction_id: Option<TransactionId>,
    pub(crate) status: Option<TransactionStatus>,
    pub(crate) description: &'a str,
    pub(crate) currency: Currency,
    pub(crate) at: Timestamp,
    /// Whether the postings may take a Financial Account below zero available (a RETURN's;
    /// the database refuses the flag on any other entry).
    pub(crate) may_overdraw: bool,
}

/// Writes an entry: its postings (one statement), then the entry itself, which the database
/// checks balances; updates `locked` with the postings. An entry without postings records a
/// status change that moves no money.
pub(crate) async fn write_entry<C: Conn>(
    conn: &mut C,
    header: &EntryHeader<'_>,
    postings: &[Posting<Uuid>],
    locked: &mut Locked,
) -> Result<(), StoreError> {
    let entry_id = Uuid::now_v7();
    if !postings.is_empty() {
        insert_postings(conn, header, entry_id, postings).await?;
        for posting in postings {
            let totals = locked.get_mut(&posting.account).ok_or_else(|| {
                StoreError::Other("a posting names an account the unit did not lock".into())
            })?;
            totals.apply(posting)?;
        }
    }
    conn.execute(
        "INSERT INTO journal_entries (id, business_account_id, transaction_id, status, description, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
        &params![
            entry_id,
            header.scope.as_uuid(),
            header.transaction_id.map(|id| id.as_uuid()),
            header.status.map(|s| s.code()),
            header.description,
            header.at,
        ],
    )
    .await?;
    Ok(())
}

async fn insert_postings<C: Conn>(
    conn: &mut C,
    header: &EntryHeader<'_>,
    entry_id: Uuid,
    postings: &[Posting<Uuid>],
) -> Result<(), StoreError> {
    const COLUMNS: usize = 8;
    let mut values: Vec<Value<'_>> = Vec::with_capacity(postings.len() * COLUMNS);
    for (position, posting) in postings.iter().enumerate() {
        values.extend([
            Value::Uuid(entry_id),
            Value::I64(i64::try_from(position).unwrap_or(i64::MAX)),
            Value::Uuid(header.scope.as_uuid()),
            Value::Uuid(posting.account),
            Value::Text(header.currency.code()),
            Value::Text(posting.bucket.code()),
            Value::I64(posting.amount_minor),
            Value::Bool(header.may_overdraw),
        ]);
    }
    let sql = format!(
        "INSERT INTO ledger_postings (entry_id, position, business_account_id, account_id, currency, \
         bucket, amount_minor, may_overdraw) VALUES {}",
        crate::sql::value_rows(postings.len(), COLUMNS)
    );
    conn.execute(&sql, &values).await.map(|_| ())
}
