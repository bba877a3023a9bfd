//! Operations on an existing transaction: cancel, and edit (cancel and create in one).
//!
//! Each locks the transaction's row first and waits for it (`FOR UPDATE`, not `SKIP LOCKED`):
//! a cancel racing the rail engine's next step either waits for that step and then sees the
//! new status, or makes its move first, after which the step is no longer due. Never both.

use super::create::{create_child, replay};
use super::rail::{lock_if_posting, rail_message};
use super::read;
use super::state::{Move, STATE_SELECT, TransactionState, decode_state, make_move};
use crate::db::Conn;
use crate::{Created, EditTransaction, NewTransaction, StoreError, params};
use openkor_domain::actor::Actor;
use openkor_domain::clock::Timestamp;
use openkor_domain::ids::{BusinessAccountId, TransactionId, TransactionStatusId};
use openkor_domain::transaction::{
    HistoryEventType, Origin, Refusal, Transaction, TransactionStatus, cancel_refusal,
};

/// The transaction `id` of `scope`, its row locked until the db transaction ends.
pub(super) async fn lock_transaction<C: Conn>(
    conn: &mut C,
    scope: BusinessAccountId,
    id: TransactionId,
) -> Result<TransactionState, StoreError> {
    let sql = format!(
        "{STATE_SELECT} WHERE t.business_account_id = $1 AND t.id = $2{}",
        conn.dialect().for_update_of("t")
    );
    conn.query_opt(
        &sql,
        &params![scope.as_uuid(), id.as_uuid()],
        &mut decode_state,
    )
    .await?
    .ok_or(StoreError::NotFound)
}

/// Cancels `scope`'s transaction `id`: CANCELLED, its hold released, with history and events.
pub(super) async fn cancel<C: Conn>(
    conn: &mut C,
    scope: BusinessAccountId,
    id: TransactionId,
    by: Actor,
    at: Timestamp,
) -> Result<Result<Transaction, Refusal>, StoreError> {
    let mut state = lock_transaction(conn, scope, id).await?;
    if let Some(reason) = cancel_refusal(state.solution, state.status) {
        return Ok(Err(Refusal::NotAllowed(reason)));
    }
    cancel_move(conn, &mut state, HistoryEventType::Cancel, by, at).await?;
    read::get(conn, scope, id).await.map(Ok)
}

/// Moves the locked `state` to CANCELLED, releasing its hold; `event_type` says why.
async fn cancel_move<C: Conn>(
    conn: &mut C,
    state: &mut TransactionState,
    event_type: HistoryEventType,
    by: Actor,
    at: Timestamp,
) -> Result<(), StoreError> {
    let to = TransactionStatus::Cancelled;
    let mut locked = lock_if_posting(conn, state, to).await?;
    let cancel = Move {
        id: TransactionStatusId::new(),
        to,
        event_type,
        message: rail_message(to),
        by,
        at,
        rail_speedup: None,
    };
    make_move(conn, state, &cancel, false, &mut locked).await?;
    Ok(())
}

/// Edits `command.id`: the original CANCELLED (history `eventType` EDIT) and the new
/// transaction created (its parent the original), or neither. The original's hold is released
/// before the new one's funds are checked; a refused create rolls the cancel back.
pub(super) async fn edit<C: Conn>(
    conn: &mut C,
    command: &EditTransaction,
) -> Result<Result<Created, Refusal>, StoreError> {
    let mut state = lock_transaction(conn, command.scope, command.id).await?;
    if let Some(key) = &command.idempotency
        && let Some(replayed) = replay(conn, command.scope, key).await?
    {
        return Ok(replayed);
    }
    if let Some(reason) = cancel_refusal(state.solution, state.status) {
        return Ok(Err(Refusal::NotAllowed(
            reason.replace("cancelled", "edited"),
        )));
    }
    conn.execute_batch("SAVEPOINT edit").await?;
    cancel_move(
        conn,
        &mut state,
        HistoryEventType::Edit,
        command.by,
        command.at,
    )
    .await?;
    let create = NewTransaction {
        scope: command.scope,
        origin: Origin::Request(command.request.clone()),
        idempotency: command.idempotency.clone(),
        by: command.by,
        at: command.at,
        rail_speedup: command.rail_speedup,
    };
    let created = create_child(conn, &create, Some(command.id)).await?;
    let end = if created.is_ok() {
        "RELEASE SAVEPOINT edit"
    } else {
        "ROLLBACK TO SAVEPOINT edit; RELEASE SAVEPOINT edit"
    };
    conn.execute_batch(end).await?;
    Ok(created)
}
