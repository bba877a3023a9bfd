//! The events a status change reports (reference §12), written to the outbox in the same
//! database transaction as the change: `transactions.status-changed` once per change and
//! `ledger.balance-updated` once per Financial Account whose totals the change moved.

use super::ledger::Totals;
use super::state::TransactionState;
use crate::sql_store::outbox::{JsonObject, OutboxEvent};
use openkor_domain::clock::Timestamp;
use openkor_domain::transaction::{TransactionStatus, mask};
use uuid::Uuid;

/// `transactions.status-changed` for a move of `state` from `previous` to its current status.
pub(super) fn status_changed(
    state: &TransactionState,
    previous: Option<TransactionStatus>,
    at: Timestamp,
) -> OutboxEvent {
    let id = |uuid: Option<Uuid>| uuid.map(|u| u.to_string());
    let debit_account = id(state.debit_financial_account_id);
    let debit_holder = id(state.debit_holder_id);
    let credit_account = state.credit_financial_account_id.to_string();
    let credit_holder = id(state.credit_holder_id);
    let debit_mask = state.debit_account_tail.as_deref().map(mask);
    let credit_mask = mask(&state.credit_account_tail);
    let transaction_id = state.id.to_string();
    let payload = JsonObject::new()
        .text("transactionId", Some(&transaction_id))
        .text("debitFinancialAccountId", debit_account.as_deref())
        .text("maskedDebitAccountNumber", debit_mask.as_deref())
        .text("debitAccountHolderId", debit_holder.as_deref())
        .text("debitAccountHolderType", state.debit_holder_type.as_deref())
        .text("creditFinancialAccountId", Some(&credit_account))
        .text("maskedCreditAccountNumber", Some(&credit_mask))
        .text("creditAccountHolderId", credit_holder.as_deref())
        .text(
            "creditAccountHolderType",
            state.credit_holder_type.as_deref(),
        )
        .text("transactionType", Some(state.transaction_type.code()))
        // openkor makes no adjustments or reversals yet: both reasons are always null.
        .text("adjustmentReason", None)
        .text("paymentReasonId", Some(&state.payment_reason_id))
        .text("reversalReason", None)
        .amount("amount", state.amount_minor)
        .text("solution", Some(state.solution.code()))
        .text("currency", Some(state.currency.code()))
        .text("status", Some(state.status.code()))
        .text("previousStatus", previous.map(|s| s.code()))
        .text("createdAt", Some(&at.to_string()))
        .finish();
    OutboxEvent {
        kind: "transactions.status-changed",
        resource_id: state.id.as_uuid(),
        payload,
    }
}

/// `ledger.balance-updated` for a Financial Account whose totals moved from `before` to
/// `after` because of `state`.
pub(super) fn balance_updated(
    state: &TransactionState,
    account: Uuid,
    before: &Totals,
    after: &Totals,
) -> OutboxEvent {
    let description = format!(
        "{}: {}",
        state.transaction_type.code(),
        state.solution.code()
    );
    let transaction_id = state.id.to_string();
    let account_id = account.to_string();
    let payload = JsonObject::new()
        .text("transactionId", Some(&transaction_id))
        .text("financialAccountId", Some(&account_id))
        .text("description", Some(&description))
        .text("statementDescription", Some(&description))
        .text("currency", Some(state.currency.code()))
        .amount("accountBalance", after.posted_minor)
        .amount("availableBalance", after.available_minor())
        .amount("pendingWithdraw", after.pending_debits_minor)
        .amount("pendingDeposit", after.pending_credits_minor)
        .amount(
            "accountBalanceDelta",
            after.posted_minor.saturating_sub(before.posted_minor),
        )
        .amount(
            "pendingDepositBalanceDelta",
            after
                .pending_credits_minor
                .saturating_sub(before.pending_credits_minor),
        )
        .amount(
            "pendingWithdrawalBalanceDelta",
            after
                .pending_debits_minor
                .saturating_sub(before.pending_debits_minor),
        )
        .finish();
    OutboxEvent {
        kind: "ledger.balance-updated",
        resource_id: account,
        payload,
    }
}
