//! Reversing a settled transaction in one unit of work: lock the original; replay the
//! idempotency key if seen; check the original can be reversed (and has no live reversal); lock every
//! ledger account involved at once, in id order; check the reversal's funds; create the
//! correction (through the ordinary create, with its rules and funds check); write the
//! `REVERSAL` with its hold; store the key. A refusal writes nothing.
//!
//! When the reversal succeeds, [`finish_reversal`] moves the original to REVERSED in the same
//! db transaction (history `eventType` REVERSAL).

use super::create::{Details, create_child, insert_row, remember};
use super::ledger::{Locked, funds_refusal, lock_accounts, lock_existing, outside_account};
use super::operations::lock_transaction;
use super::read;
use super::state::{Move, TransactionState, make_move};
use crate::db::{Conn, Row};
use crate::{NewTransaction, ReverseTransaction, Reversed, StoreError, params};
use openkor_domain::actor::Actor;
use openkor_domain::clock::Timestamp;
use openkor_domain::ids::{TransactionId, TransactionStatusId};
use openkor_domain::transaction::{
    Correction, HistoryEventType, Origin, Refusal, SettlementPriority, Transaction,
    TransactionStatus, TransactionType, correction_request, is_success, reverse_refusal,
};
use openkor_domain::validation::ValidationErrors;

/// What the unit of work answers.
type Outcome = Result<Reversed, Refusal>;

pub(super) async fn reverse<C: Conn>(
    conn: &mut C,
    command: &ReverseTransaction,
) -> Result<Outcome, StoreError> {
    // The original is locked first: a request racing one with the same key waits here, then
    // finds that one's key and replays it.
    let original_state = lock_transaction(conn, command.scope, command.id).await?;
    if let Some(key) = &command.idempotency
        && let Some(replayed) = replay(conn, command, key).await?
    {
        return Ok(replayed);
    }
    let original = read::get(conn, command.scope, command.id).await?;
    if let Some(reason) = reverse_refusal(&original) {
        return Ok(Err(Refusal::NotAllowed(reason)));
    }
    if live_reversal(conn, &original).await?.is_some() {
        return Ok(Err(Refusal::NotAllowed(
            "the transaction has been reversed already".to_owned(),
        )));
    }
    if let Some(refusal) = recipient_account_gone(conn, command.scope, &original_state).await? {
        return Ok(Err(refusal));
    }
    let mut state = reversal_state(&original_state);
    let mut involved = vec![
        state.debit_ledger_account_id,
        state.credit_ledger_account_id,
    ];
    if let Some(Correction::Recipient(account)) = command.reversal.correction {
        // An external correction account posts to the outside account instead.
        involved.push(account.as_uuid());
        involved.push(outside_account(conn, command.scope, original.currency).await?);
    }
    involved.sort();
    involved.dedup();
    // A correction account that is not ledgered has no row to lock.
    let mut locked = lock_existing(conn, command.scope, &involved).await?;
    // The reversal takes the money back from the original's credit account.
    let taken_from = state.credit_financial_account_id;
    let debit = state.debit_ledger_account_id;
    if let Some(refusal) = funds_refusal(&locked, debit, state.amount_minor, taken_from) {
        return Ok(Err(refusal));
    }
    let correction = match command.reversal.correction {
        Some(correction) => match correct(conn, command, &original, correction).await? {
            Ok(transaction) => {
                // The correction moved totals of accounts the reversal posts to.
                let sides = [debit, state.credit_ledger_account_id];
                locked = lock_accounts(conn, command.scope, sides).await?;
                Some(transaction)
            }
            Err(refusal) => return Ok(Err(refusal)),
        },
        None => None,
    };
    let reversal = write_reversal(conn, command, &original, &mut state, &mut locked).await?;
    Ok(Ok(Reversed {
        reversal,
        correction,
        replayed: false,
    }))
}

/// When the original paid a Recipient's account: that Recipient locked (shared, PostgreSQL) so
/// it is not deleted while the reversal is on its way back, and a refusal if the account is
/// gone already (the Recipient was deleted).
async fn recipient_account_gone<C: Conn>(
    conn: &mut C,
    scope: openkor_domain::ids::BusinessAccountId,
    original: &TransactionState,
) -> Result<Option<Refusal>, StoreError> {
    if original.credit_holder_type.as_deref() != Some("RECIPIENT") {
        return Ok(None);
    }
    let credit =
        openkor_domain::ids::FinancialAccountId::from_uuid(original.credit_financial_account_id);
    super::views::lock_recipient_holders(conn, scope, &[credit]).await?;
    let live = conn
        .query_opt(
            "SELECT deleted_at IS NULL FROM financial_accounts WHERE business_account_id = $1 \
             AND id = $2 AND holder_type = 'RECIPIENT'",
            &params![scope.as_uuid(), credit.as_uuid()],
            &mut |row: &dyn Row| row.bool(0),
        )
        .await?;
    Ok((live == Some(false)).then(|| {
        Refusal::NotAllowed(
            "the recipient paid has been deleted, with its accounts; the payment cannot be reversed"
                .to_owned(),
        )
    }))
}

/// Writes the reversal in status NEW with its hold, and its idempotency key.
async fn write_reversal<C: Conn>(
    conn: &mut C,
    command: &ReverseTransaction,
    original: &Transaction,
    state: &mut TransactionState,
    locked: &mut Locked,
) -> Result<Transaction, StoreError> {
    let created = Move {
        id: TransactionStatusId::new(),
        to: TransactionStatus::New,
        event_type: HistoryEventType::Create,
        message: "Reversal created",
        by: command.by,
        at: command.at,
        rail_speedup: Some(command.rail_speedup),
    };
    let details = Details {
        description: original.description.clone(),
        memo: original.memo.clone(),
        metadata: original.metadata.clone(),
        initiator_account_holder_id: original.initiator_account_holder_id,
        reversal_reason: Some(command.reversal.reason),
    };
    insert_row(conn, state, &details, &created).await?;
    let latest = make_move(conn, state, &created, true, locked).await?;
    if let Some(key) = &command.idempotency {
        remember(conn, command.scope, key, state, &latest).await?;
    }
    read::get(conn, command.scope, state.id).await
}

/// The original mirrored, settling on the next-day rails.
fn reversal_state(original: &TransactionState) -> TransactionState {
    TransactionState {
        settlement_priority: SettlementPriority::NextDay,
        ..original.mirrored(TransactionType::Reversal, true)
    }
}

/// Creates the correction; its refusals name the reverse body's fields.
async fn correct<C: Conn>(
    conn: &mut C,
    command: &ReverseTransaction,
    original: &Transaction,
    correction: Correction,
) -> Result<Result<Transaction, Refusal>, StoreError> {
    let Some(request) = correction_request(original, correction) else {
        return Ok(Err(Refusal::NotAllowed(
            "a deposit has no correction".to_owned(),
        )));
    };
    let new = NewTransaction {
        scope: command.scope,
        origin: Origin::Request(request),
        idempotency: None,
        by: command.by,
        at: command.at,
        rail_speedup: command.rail_speedup,
    };
    let corrected_field = match (correction, original.transaction_type) {
        (Correction::Amount(_), _) => "amount",
        (Correction::Recipient(_), TransactionType::Request) => "debitFinancialAccountId",
        (Correction::Recipient(_), _) => "creditFinancialAccountId",
    };
    Ok(match create_child(conn, &new, Some(original.id)).await? {
        Ok(created) => Ok(created.transaction),
        Err(Refusal::Rules(errors)) => {
            Err(Refusal::Rules(rename(errors, corrected_field, correction)))
        }
        Err(other) => Err(other),
    })
}

/// The correction's errors on the field the client corrected, under the name it sent.
fn rename(errors: ValidationErrors, field: &str, correction: Correction) -> ValidationErrors {
    let sent = match correction {
        Correction::Amount(_) => "correctionAmount",
        Correction::Recipient(_) => "correctionFinancialAccountId",
    };
    let mut renamed = ValidationErrors::new();
    for mut error in errors.into_errors() {
        if error.path == field {
            error.path = sent.to_owned();
        }
        renamed.push(error);
    }
    renamed
}

/// The original's reversal that has not failed, if any.
pub(super) async fn live_reversal<C: Conn>(
    conn: &mut C,
    original: &Transaction,
) -> Result<Option<TransactionId>, StoreError> {
    conn.query_opt(
        "SELECT id FROM transactions WHERE business_account_id = $1 AND parent_transaction_id = $2 \
         AND transaction_type = 'REVERSAL' AND status NOT IN ('DECLINED', 'ERROR', 'CANCELLED')",
        &params![
            original.business_account_id.as_uuid(),
            original.id.as_uuid()
        ],
        &mut |row: &dyn Row| Ok(TransactionId::from_uuid(row.uuid(0)?)),
    )
    .await
}

/// The answer to a key seen before: the reversal and its correction as they stand now.
async fn replay<C: Conn>(
    conn: &mut C,
    command: &ReverseTransaction,
    key: &openkor_domain::transaction::IdempotencyKey,
) -> Result<Option<Outcome>, StoreError> {
    let found = conn
        .query_opt(
            "SELECT request_hash, transaction_id FROM idempotency_keys \
             WHERE business_account_id = $1 AND idempotency_key = $2",
            &params![command.scope.as_uuid(), key.key.as_str()],
            &mut |row: &dyn Row| Ok((row.bytes(0)?, row.uuid(1)?)),
        )
        .await?;
    let Some((hash, reversal_id)) = found else {
        return Ok(None);
    };
    if hash != key.request_hash {
        return Ok(Some(Err(Refusal::IdempotencyKeyReused)));
    }
    let reversal = read::get(conn, command.scope, TransactionId::from_uuid(reversal_id)).await?;
    let correction_id = conn
        .query_opt(
            "SELECT id FROM transactions WHERE business_account_id = $1 AND parent_transaction_id = $2 \
             AND transaction_type <> 'REVERSAL' AND created_at = $3 ORDER BY id LIMIT 1",
            &params![
                command.scope.as_uuid(),
                command.id.as_uuid(),
                reversal.created_at
            ],
            &mut |row: &dyn Row| Ok(TransactionId::from_uuid(row.uuid(0)?)),
        )
        .await?;
    let correction = match correction_id {
        Some(id) => Some(read::get(conn, command.scope, id).await?),
        None => None,
    };
    Ok(Some(Ok(Reversed {
        reversal,
        correction,
        replayed: true,
    })))
}

/// After a move of `state`: a reversal that succeeded makes its original REVERSED.
pub(super) async fn finish_reversal<C: Conn>(
    conn: &mut C,
    state: &TransactionState,
    by: Actor,
    at: Timestamp,
) -> Result<(), StoreError> {
    let (TransactionType::Reversal, Some(parent)) =
        (state.transaction_type, state.parent_transaction_id)
    else {
        return Ok(());
    };
    if !is_success(state.status) {
        return Ok(());
    }
    let mut original = lock_transaction(conn, state.scope, parent).await?;
    let reversed = Move {
        id: TransactionStatusId::new(),
        to: TransactionStatus::Reversed,
        event_type: HistoryEventType::Reversal,
        message: "Transaction reversed",
        by,
        at,
        rail_speedup: None,
    };
    make_move(conn, &mut original, &reversed, false, &mut Locked::new()).await?;
    Ok(())
}
