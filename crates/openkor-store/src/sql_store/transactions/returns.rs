//! An ACH return in one unit of work: lock the original; check it can come back with this
//! code and has no live reversal; lock both ledger accounts; write the `RETURN` (NEW, then
//! SETTLED at once: the receiving bank has moved the money already, so its postings may take
//! the account below zero); move the original to REVERSED (history `eventType` RETURN).
//!
//! The `RETURN` names the original's accounts, as a `REVERSAL` does, and moves the money the
//! other way. A refusal writes nothing.

use super::create::{Details, insert_row};
use super::ledger::{Locked, lock_accounts};
use super::operations::lock_transaction;
use super::read;
use super::reverse::live_reversal;
use super::state::{Move, make_move};
use crate::db::Conn;
use crate::{ReturnTransaction, StoreError};
use openkor_domain::ids::TransactionStatusId;
use openkor_domain::transaction::{
    HistoryEventType, Refusal, Transaction, TransactionStatus, TransactionType, return_metadata,
    return_refusal, success_status,
};

pub(super) async fn return_ach<C: Conn>(
    conn: &mut C,
    command: &ReturnTransaction,
) -> Result<Result<Transaction, Refusal>, StoreError> {
    let mut original_state = lock_transaction(conn, command.scope, command.id).await?;
    let original = read::get(conn, command.scope, command.id).await?;
    if let Some(reason) = return_refusal(&original, command.code) {
        return Ok(Err(Refusal::NotAllowed(reason)));
    }
    if live_reversal(conn, &original).await?.is_some() {
        return Ok(Err(Refusal::NotAllowed(
            "the transaction has a reversal in progress; it cannot also be returned".to_owned(),
        )));
    }
    // No hold: the bank has moved the money already.
    let mut state = original_state.mirrored(TransactionType::Return, false);
    let sides = [
        state.debit_ledger_account_id,
        state.credit_ledger_account_id,
    ];
    let mut locked = lock_accounts(conn, command.scope, sides).await?;
    let details = Details {
        description: original.description.clone(),
        memo: original.memo.clone(),
        metadata: return_metadata(&original.metadata, command.code),
        initiator_account_holder_id: original.initiator_account_holder_id,
        reversal_reason: None,
    };
    let step = |to, event_type, message| Move {
        id: TransactionStatusId::new(),
        to,
        event_type,
        message,
        by: command.by,
        at: command.at,
        rail_speedup: None,
    };
    let created = step(
        TransactionStatus::New,
        HistoryEventType::Create,
        "Return received from the receiving bank",
    );
    insert_row(conn, &state, &details, &created).await?;
    make_move(conn, &mut state, &created, true, &mut locked).await?;
    let settled = step(
        success_status(TransactionType::Return),
        HistoryEventType::StatusChange,
        "Transaction settled",
    );
    make_move(conn, &mut state, &settled, false, &mut locked).await?;
    let message = format!(
        "Transaction returned by the receiving bank: {} {}",
        command.code.code, command.code.description
    );
    let returned = step(
        TransactionStatus::Reversed,
        HistoryEventType::Return,
        &message,
    );
    make_move(
        conn,
        &mut original_state,
        &returned,
        false,
        &mut Locked::new(),
    )
    .await?;
    read::get(conn, command.scope, state.id).await.map(Ok)
}
