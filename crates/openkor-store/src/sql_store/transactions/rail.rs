//! The sandbox rails' moves and the sandbox's simulated outcomes.
//!
//! A transaction on the rails has `next_step_at` set. A rail step claims it (PostgreSQL: `FOR
//! UPDATE … SKIP LOCKED`, so with several servers exactly one makes each step, and a server
//! that dies mid-step loses nothing: its db transaction rolls back and the row is due again),
//! makes the move, and sets the next `next_step_at` — in one db transaction.

use super::ledger::{Locked, lock_accounts};
use super::read;
use super::state::{Move, STATE_SELECT, TransactionState, decode_state, make_move};
use crate::db::{Conn, Row};
use crate::{StoreError, params};
use openkor_domain::actor::Actor;
use openkor_domain::clock::Timestamp;
use openkor_domain::ids::{BusinessAccountId, TransactionId, TransactionStatusId};
use openkor_domain::transaction::{
    HistoryEventType, Refusal, Transaction, TransactionStatus, Transition, is_success,
    next_rail_step, postings_for, simulation_path, success_status,
};

/// Ids of transactions whose next step is due at `now`, soonest first.
pub(super) async fn due<C: Conn>(
    conn: &mut C,
    now: Timestamp,
    limit: u32,
) -> Result<Vec<TransactionId>, StoreError> {
    conn.query(
        "SELECT id FROM transactions WHERE next_step_at <= $1 ORDER BY next_step_at LIMIT $2",
        &params![now, i64::from(limit)],
        &mut |row: &dyn Row| Ok(TransactionId::from_uuid(row.uuid(0)?)),
    )
    .await
}

/// Makes the due step of `id` if it is still due and unclaimed; whether a step was made.
pub(super) async fn advance<C: Conn>(
    conn: &mut C,
    id: TransactionId,
    now: Timestamp,
    rail_speedup: i64,
) -> Result<bool, StoreError> {
    let sql = format!(
        "{STATE_SELECT} WHERE t.id = $1 AND t.next_step_at <= $2{}",
        conn.dialect().claim("t")
    );
    let Some(mut state) = conn
        .query_opt(&sql, &params![id.as_uuid(), now], &mut decode_state)
        .await?
    else {
        return Ok(false);
    };
    let Some(step) = next_rail_step(
        state.solution,
        state.settlement_priority,
        state.transaction_type,
        state.status,
    ) else {
        return Err(StoreError::Other(format!(
            "transaction {id} is on the rails in final status {}",
            state.status.code()
        )));
    };
    let mut locked = lock_if_posting(conn, &state, step.to).await?;
    let rail_move = Move {
        id: TransactionStatusId::new(),
        to: step.to,
        event_type: HistoryEventType::StatusChange,
        message: rail_message(step.to),
        by: Actor::INTERNAL,
        at: now,
        rail_speedup: Some(rail_speedup),
    };
    make_move(conn, &mut state, &rail_move, false, &mut locked).await?;
    super::reverse::finish_reversal(conn, &state, Actor::INTERNAL, now).await?;
    Ok(true)
}

/// Drives `scope`'s transaction `id` to `outcome` (a success means SETTLED or CLEARED, by
/// type), writing every status on the way; refused once the transaction is final.
pub(super) async fn simulate<C: Conn>(
    conn: &mut C,
    scope: BusinessAccountId,
    id: TransactionId,
    outcome: TransactionStatus,
    by: Actor,
    at: Timestamp,
) -> Result<Result<Transaction, Refusal>, StoreError> {
    let mut state = super::operations::lock_transaction(conn, scope, id).await?;
    let target = if is_success(outcome) {
        success_status(state.transaction_type)
    } else {
        outcome
    };
    let Some(path) = simulation_path(state.status, target, state.transaction_type) else {
        return Ok(Err(Refusal::NotAllowed(format!(
            "the transaction is {}; it cannot become {} any more",
            state.status.code(),
            target.code()
        ))));
    };
    let mut locked = lock_if_posting(conn, &state, target).await?;
    for to in path {
        let simulated = Move {
            id: TransactionStatusId::new(),
            to,
            event_type: match to {
                TransactionStatus::Declined | TransactionStatus::Error => {
                    HistoryEventType::ProviderValidationIssue
                }
                _ => HistoryEventType::StatusChange,
            },
            message: rail_message(to),
            by,
            at,
            rail_speedup: None,
        };
        make_move(conn, &mut state, &simulated, false, &mut locked).await?;
    }
    super::reverse::finish_reversal(conn, &state, by, at).await?;
    read::get(conn, scope, id).await.map(Ok)
}

/// Locks both ledger accounts when moving to `to` posts anything (the rail's intermediate
/// moves post nothing and lock nothing).
pub(super) async fn lock_if_posting<C: Conn>(
    conn: &mut C,
    state: &TransactionState,
    to: TransactionStatus,
) -> Result<Locked, StoreError> {
    let transition = Transition {
        from: Some(state.status),
        to,
    };
    if postings_for(&state.hold(), transition).is_empty() {
        return Ok(Locked::new());
    }
    lock_accounts(
        conn,
        state.scope,
        [
            state.debit_ledger_account_id,
            state.credit_ledger_account_id,
        ],
    )
    .await
}

pub(super) fn rail_message(status: TransactionStatus) -> &'static str {
    match status {
        TransactionStatus::Pending => "Transaction submitted for processing",
        TransactionStatus::Processing => "Transaction sent to the provider",
        TransactionStatus::Approved => "Transaction approved by the provider",
        TransactionStatus::Settled => "Transaction settled",
        TransactionStatus::Cleared => "Transaction cleared",
        TransactionStatus::Declined => "Transaction declined by the provider",
        TransactionStatus::Error => "Transaction could not be processed",
        TransactionStatus::Cancelled => "Transaction cancelled",
        TransactionStatus::Reversed => "Transaction reversed",
        TransactionStatus::New => "Transaction creation successful",
    }
}
