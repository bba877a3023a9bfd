//! What a status move needs to know of its transaction, and the move itself: one history row,
//! one journal entry (with the move's postings), its events, and the transaction row's new
//! status and next rail step — all in the caller's database transaction.

use super::events;
use super::ledger::{EntryHeader, Locked, write_entry};
use super::rows::{INSERT_STATUS, status_values};
use crate::db::{Conn, Row};
use crate::records::parse_code;
use crate::sql_store::outbox::{self, OutboxEvent};
use crate::{StoreError, params};
use openkor_domain::actor::Actor;
use openkor_domain::clock::Timestamp;
use openkor_domain::ids::{BusinessAccountId, TransactionId, TransactionStatusId};
use openkor_domain::ledger::Posting;
use openkor_domain::money::Currency;
use openkor_domain::transaction::{
    HistoryEventType, Hold, SettlementPriority, Solution, StatusRecord, TransactionStatus,
    TransactionType, Transition, may_overdraw, next_rail_step, postings_for,
};
use uuid::Uuid;

/// A transaction as its moves see it.
#[derive(Clone, Debug)]
pub(super) struct TransactionState {
    pub(super) id: TransactionId,
    pub(super) scope: BusinessAccountId,
    pub(super) parent_transaction_id: Option<TransactionId>,
    pub(super) debit_financial_account_id: Option<Uuid>,
    pub(super) credit_financial_account_id: Uuid,
    pub(super) debit_ledger_account_id: Uuid,
    pub(super) credit_ledger_account_id: Uuid,
    pub(super) debit_account_tail: Option<String>,
    pub(super) credit_account_tail: String,
    pub(super) debit_holder_type: Option<String>,
    pub(super) debit_holder_id: Option<Uuid>,
    pub(super) credit_holder_type: Option<String>,
    pub(super) credit_holder_id: Option<Uuid>,
    pub(super) transaction_type: TransactionType,
    pub(super) solution: Solution,
    pub(super) settlement_priority: SettlementPriority,
    pub(super) payment_reason_id: String,
    pub(super) amount_minor: i64,
    pub(super) currency: Currency,
    pub(super) held: bool,
    pub(super) status: TransactionStatus,
}

impl TransactionState {
    /// Where this transaction's moves post.
    pub(super) fn hold(&self) -> Hold<Uuid> {
        Hold {
            debit: self.debit_ledger_account_id,
            credit: self.credit_ledger_account_id,
            amount_minor: self.amount_minor,
            held: self.held,
        }
    }

    /// A new transaction of `transaction_type` (a REVERSAL or a RETURN) that mirrors this
    /// one: the same accounts and amount, its parent this one, the money moving back (the
    /// ledger sides swapped), in status NEW; `held` when it waits on the rails.
    pub(super) fn mirrored(&self, transaction_type: TransactionType, held: bool) -> Self {
        TransactionState {
            id: TransactionId::new(),
            parent_transaction_id: Some(self.id),
            transaction_type,
            debit_ledger_account_id: self.credit_ledger_account_id,
            credit_ledger_account_id: self.debit_ledger_account_id,
            held,
            status: TransactionStatus::New,
            ..self.clone()
        }
    }

    /// When the rails make the next move from the current status, if they do.
    pub(super) fn next_step_at(
        &self,
        entered_at: Timestamp,
        rail_speedup: i64,
    ) -> Option<Timestamp> {
        let step = next_rail_step(
            self.solution,
            self.settlement_priority,
            self.transaction_type,
            self.status,
        )?;
        let delay_ms = step.delay_ms / rail_speedup.max(1);
        Some(Timestamp::from_unix_ms(
            entered_at.unix_ms().saturating_add(delay_ms),
        ))
    }
}

/// One status move to make.
pub(super) struct Move<'a> {
    /// The id of the history row the move writes.
    pub(super) id: TransactionStatusId,
    pub(super) to: TransactionStatus,
    pub(super) event_type: HistoryEventType,
    pub(super) message: &'a str,
    pub(super) by: Actor,
    pub(super) at: Timestamp,
    /// For the next rail step; `None` leaves the transaction off the rails.
    pub(super) rail_speedup: Option<i64>,
}

/// Makes `step` on `state`: history row, journal entry, events, and the row's new status. On
/// creation (`created`) the caller has inserted the row already in status NEW with `step.id`
/// as its latest status and its first rail step, so the row is left as it is; otherwise the
/// row holds the previous status and is updated. `locked` must hold both ledger accounts when
/// the move posts anything.
pub(super) async fn make_move<C: Conn>(
    conn: &mut C,
    state: &mut TransactionState,
    step: &Move<'_>,
    created: bool,
    locked: &mut Locked,
) -> Result<StatusRecord, StoreError> {
    let transition = Transition {
        from: (!created).then_some(state.status),
        to: step.to,
    };
    if !transition.is_allowed() {
        return Err(StoreError::Other(format!(
            "status move {:?} is not allowed",
            transition
        )));
    }
    let previous = transition.from;
    state.status = step.to;
    let record = StatusRecord {
        id: step.id,
        transaction_id: state.id,
        parent_transaction_id: state.parent_transaction_id,
        status: step.to,
        event_type: step.event_type,
        message: step.message.to_owned(),
        description: describe(created, step.to),
        created_by: step.by,
        created_at: step.at,
    };
    conn.execute(&INSERT_STATUS, &status_values(&record, state.scope))
        .await?;
    let postings = postings_for(&state.hold(), transition);
    let before = locked.clone();
    let header = EntryHeader {
        scope: state.scope,
        transaction_id: Some(state.id),
        status: Some(step.to),
        description: &record.description,
        currency: state.currency,
        at: step.at,
        may_overdraw: may_overdraw(state.transaction_type),
    };
    write_entry(conn, &header, &postings, locked).await?;
    let mut found = vec![events::status_changed(state, previous, step.at)];
    found.extend(balance_events(state, &postings, &before, locked));
    outbox::write_events(conn, state.scope.as_uuid(), &found, step.at).await?;
    if matches!(
        step.to,
        TransactionStatus::Declined
            | TransactionStatus::Error
            | TransactionStatus::Cancelled
            | TransactionStatus::Reversed
    ) {
        super::limits::give_back(conn, state).await?;
    }
    if created {
        return Ok(record);
    }
    let next = step
        .rail_speedup
        .and_then(|speedup| state.next_step_at(step.at, speedup));
    conn.execute(
        "UPDATE transactions SET status = $3, latest_status_id = $4, next_step_at = $5, updated_at = $6 \
         WHERE business_account_id = $1 AND id = $2",
        &params![
            state.scope.as_uuid(),
            state.id.as_uuid(),
            step.to.code(),
            record.id.as_uuid(),
            next,
            step.at,
        ],
    )
    .await?;
    Ok(record)
}

fn describe(created: bool, status: TransactionStatus) -> String {
    if created {
        "New transaction created".to_owned()
    } else {
        format!("Transaction status changed to '{}'", status.code())
    }
}

fn balance_events(
    state: &TransactionState,
    postings: &[Posting<Uuid>],
    before: &Locked,
    after: &Locked,
) -> Vec<OutboxEvent> {
    let mut accounts: Vec<Uuid> = Vec::with_capacity(2);
    for posting in postings {
        if !accounts.contains(&posting.account) {
            accounts.push(posting.account);
        }
    }
    accounts
        .into_iter()
        .filter_map(|account| {
            let (old, new) = (before.get(&account)?, after.get(&account)?);
            new.is_financial_account
                .then(|| events::balance_updated(state, account, old, new))
        })
        .collect()
}

/// Columns of [`decode_state`], from `transactions t` with the holders of both accounts
/// (`d`, `c`) joined.
pub(super) const STATE_SELECT: &str = "SELECT t.id, t.business_account_id, t.parent_transaction_id, \
    t.debit_financial_account_id, t.credit_financial_account_id, t.debit_ledger_account_id, \
    t.credit_ledger_account_id, t.debit_account_tail, t.credit_account_tail, d.holder_type, \
    d.holder_id, c.holder_type, c.holder_id, t.transaction_type, t.solution, t.settlement_priority, \
    t.payment_reason_id, t.amount_minor, t.currency, t.held, t.status \
    FROM transactions t \
    LEFT JOIN financial_accounts d ON d.business_account_id = t.business_account_id AND d.id = t.debit_financial_account_id \
    JOIN financial_accounts c ON c.business_account_id = t.business_account_id AND c.id = t.credit_financial_account_id";

/// Decodes a row of [`STATE_SELECT`].
pub(super) fn decode_state(row: &dyn Row) -> Result<TransactionState, StoreError> {
    let scope = BusinessAccountId::from_uuid(row.uuid(1)?);
    let holder = |kind: Option<String>, id: Option<Uuid>| match kind.as_deref() {
        Some("BUSINESS_ACCOUNT") => (kind, Some(scope.as_uuid())),
        _ => (kind, id),
    };
    let (debit_holder_type, debit_holder_id) = holder(row.opt_text(9)?, row.opt_uuid(10)?);
    let (credit_holder_type, credit_holder_id) = holder(row.opt_text(11)?, row.opt_uuid(12)?);
    Ok(TransactionState {
        id: TransactionId::from_uuid(row.uuid(0)?),
        scope,
        parent_transaction_id: row.opt_uuid(2)?.map(TransactionId::from_uuid),
        debit_financial_account_id: row.opt_uuid(3)?,
        credit_financial_account_id: row.uuid(4)?,
        debit_ledger_account_id: row.uuid(5)?,
        credit_ledger_account_id: row.uuid(6)?,
        debit_account_tail: row.opt_text(7)?,
        credit_account_tail: row.text(8)?,
        debit_holder_type,
        debit_holder_id,
        credit_holder_type,
        credit_holder_id,
        transaction_type: parse_code("type", &row.text(13)?, TransactionType::from_code)?,
        solution: parse_code("solution", &row.text(14)?, Solution::from_code)?,
        settlement_priority: parse_code("priority", &row.text(15)?, SettlementPriority::from_code)?,
        payment_reason_id: row.text(16)?,
        amount_minor: row.i64(17)?,
        currency: parse_code("currency", &row.text(18)?, |t| t.parse().ok())?,
        held: row.bool(19)?,
        status: parse_code("status", &row.text(20)?, TransactionStatus::from_code)?,
    })
}
