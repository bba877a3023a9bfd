//! Operations on an existing transaction: cancel.
//!
//! Each locks the transaction's row first and waits for it (`FOR UPDATE`, not `SKIP LOCKED`):
//! a cancel racing the rail engine's next step either waits for that step and then sees the
//! new status, or makes its move first, after which the step is no longer due. Never both.

use super::rail::{lock_if_posting, rail_message};
use super::read;
use super::state::{Move, STATE_SELECT, TransactionState, decode_state, make_move};
use crate::db::Conn;
use crate::{StoreError, params};
use openkor_domain::actor::Actor;
use openkor_domain::clock::Timestamp;
use openkor_domain::ids::{BusinessAccountId, TransactionId, TransactionStatusId};
use openkor_domain::transaction::{
    HistoryEventType, Refusal, Transaction, TransactionStatus, cancel_refusal,
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
    let to = TransactionStatus::Cancelled;
    let mut locked = lock_if_posting(conn, &state, to).await?;
    let cancel = Move {
        id: TransactionStatusId::new(),
        to,
        event_type: HistoryEventType::Cancel,
        message: rail_message(to),
        by,
        at,
        rail_speedup: None,
    };
    make_move(conn, &mut state, &cancel, false, &mut locked).await?;
    read::get(conn, scope, id).await.map(Ok)
}
