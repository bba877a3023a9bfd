//! The events a status change reports (reference §12), written to the outbox in the same
//! database transaction as the change: `transactions.status-changed` once per change and
//! `ledger.balance-updated` once per Financial Account whose totals the change moved.
//!
//! Payloads hold the event's `data` object; amounts are JSON numbers with two decimals
//! (`1000.00`), written as text so no floating point is ever involved.

use super::ledger::Totals;
use super::state::TransactionState;
use crate::StoreError;
use crate::db::{Conn, Value};
use openkor_domain::clock::Timestamp;
use openkor_domain::money::format_minor;
use openkor_domain::transaction::{TransactionStatus, mask};
use uuid::Uuid;

/// A JSON object written field by field; strings are escaped by serde_json.
struct JsonObject {
    text: String,
}

impl JsonObject {
    fn new() -> Self {
        Self {
            text: String::from("{"),
        }
    }

    fn key(&mut self, key: &str) {
        if self.text.len() > 1 {
            self.text.push(',');
        }
        self.text.push_str(&quoted(key));
        self.text.push(':');
    }

    fn text(&mut self, key: &str, value: Option<&str>) -> &mut Self {
        self.key(key);
        match value {
            Some(value) => self.text.push_str(&quoted(value)),
            None => self.text.push_str("null"),
        }
        self
    }

    fn amount(&mut self, key: &str, minor: i64) -> &mut Self {
        self.key(key);
        self.text.push_str(&format_minor(minor));
        self
    }

    fn finish(&mut self) -> String {
        self.text.push('}');
        std::mem::take(&mut self.text)
    }
}

fn quoted(text: &str) -> String {
    serde_json::Value::String(text.to_owned()).to_string()
}

/// One event to write.
pub(super) struct Event {
    kind: &'static str,
    payload: String,
}

/// `transactions.status-changed` for a move of `state` from `previous` to its current status.
pub(super) fn status_changed(
    state: &TransactionState,
    previous: Option<TransactionStatus>,
    at: Timestamp,
) -> Event {
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
    Event {
        kind: "transactions.status-changed",
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
) -> Event {
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
    Event {
        kind: "ledger.balance-updated",
        payload,
    }
}

/// Writes `events` to the outbox in one statement.
pub(super) async fn write_events<C: Conn>(
    conn: &mut C,
    state: &TransactionState,
    events: &[Event],
    at: Timestamp,
) -> Result<(), StoreError> {
    if events.is_empty() {
        return Ok(());
    }
    const COLUMNS: usize = 5;
    let ids: Vec<Uuid> = events.iter().map(|_| Uuid::now_v7()).collect();
    let mut values: Vec<Value<'_>> = Vec::with_capacity(events.len() * COLUMNS);
    for (id, event) in ids.iter().zip(events) {
        values.extend([
            Value::Uuid(*id),
            Value::Uuid(state.scope.as_uuid()),
            Value::Text(event.kind),
            Value::Json(&event.payload),
            Value::Timestamp(at),
        ]);
    }
    let sql = format!(
        "INSERT INTO outbox_events (id, business_account_id, event_type, payload, created_at) VALUES {}",
        crate::sql::value_rows(events.len(), COLUMNS)
    );
    conn.execute(&sql, &values).await.map(|_| ())
}
