//! Transaction and status-history rows: their columns, values and decoders side by side.

use crate::StoreError;
use crate::db::{Row, Value};
use crate::records::{actor, parse_code};
use crate::sql_store::rows::Columns;
use openkor_domain::ids::{
    BusinessAccountId, FinancialAccountId, TransactionId, TransactionStatusId,
};
use openkor_domain::money::Currency;
use openkor_domain::transaction::{
    HistoryEventType, ReversalReason, SettlementPriority, Solution, StatusRecord, Transaction,
    TransactionStatus, TransactionType,
};
use std::sync::LazyLock;

/// The columns a transaction is read from, the latest status (`s`) joined.
pub(crate) const TRANSACTION_FROM: &str =
    "transactions t JOIN transaction_statuses s ON s.id = t.latest_status_id";

const TRANSACTION_COLUMNS: [&str; 21] = [
    "t.id",
    "t.business_account_id",
    "t.debit_financial_account_id",
    "t.credit_financial_account_id",
    "t.debit_account_tail",
    "t.credit_account_tail",
    "t.transaction_type",
    "t.solution",
    "t.payment_reason_id",
    "t.amount_minor",
    "t.currency",
    "t.settlement_priority",
    "t.description",
    "t.memo",
    "t.metadata",
    "t.initiator_account_holder_id",
    "t.parent_transaction_id",
    "t.reversal_reason",
    "t.created_by_type",
    "t.created_by_id",
    "t.created_at",
];

const STATUS_COLUMNS: [&str; 10] = [
    "id",
    "transaction_id",
    "parent_transaction_id",
    "status",
    "event_type",
    "message",
    "description",
    "created_by_type",
    "created_by_id",
    "created_at",
];

/// `t.…, s.…`: a transaction with its latest status.
pub(crate) static TRANSACTION_SELECT: LazyLock<String> = LazyLock::new(|| {
    let status: Vec<String> = STATUS_COLUMNS.iter().map(|c| format!("s.{c}")).collect();
    format!("{}, {}", TRANSACTION_COLUMNS.join(", "), status.join(", "))
});

/// The history columns.
pub(super) static STATUS_SELECT: LazyLock<String> = LazyLock::new(|| STATUS_COLUMNS.join(", "));

/// `INSERT INTO transaction_statuses …`.
pub(super) static INSERT_STATUS: LazyLock<String> = LazyLock::new(|| {
    let mut columns = STATUS_COLUMNS.to_vec();
    columns.push("business_account_id");
    crate::sql::insert("transaction_statuses", &columns)
});

/// The values of [`INSERT_STATUS`].
pub(super) fn status_values(record: &StatusRecord, scope: BusinessAccountId) -> Vec<Value<'_>> {
    vec![
        record.id.as_uuid().into(),
        record.transaction_id.as_uuid().into(),
        record.parent_transaction_id.map(|id| id.as_uuid()).into(),
        record.status.code().into(),
        record.event_type.code().into(),
        record.message.as_str().into(),
        record.description.as_str().into(),
        record.created_by.kind.code().into(),
        record.created_by.id.into(),
        record.created_at.into(),
        scope.as_uuid().into(),
    ]
}

/// Decodes a transaction selected with [`TRANSACTION_SELECT`].
pub(super) fn transaction(row: &dyn Row) -> Result<Transaction, StoreError> {
    let mut c = Columns::new(row);
    let id = TransactionId::from_uuid(c.uuid()?);
    let business_account_id = BusinessAccountId::from_uuid(c.uuid()?);
    let debit = c.opt_uuid()?.map(FinancialAccountId::from_uuid);
    let credit = FinancialAccountId::from_uuid(c.uuid()?);
    let debit_account_tail = c.opt_text()?;
    let credit_account_tail = c.text()?;
    let transaction_type = code(&mut c, "transaction type", TransactionType::from_code)?;
    let solution = code(&mut c, "solution", Solution::from_code)?;
    let payment_reason_id = c.text()?;
    let amount_minor = c.i64()?;
    let currency = code(&mut c, "currency", |t| t.parse::<Currency>().ok())?;
    let settlement_priority = code(&mut c, "priority", SettlementPriority::from_code)?;
    let description = c.opt_text()?;
    let memo = c.opt_text()?;
    let metadata_json = c.text()?;
    let metadata = serde_json::from_str(&metadata_json)
        .map_err(|_| crate::records::corrupt("metadata", &metadata_json))?;
    let initiator_account_holder_id = c.opt_uuid()?;
    let parent_transaction_id = c.opt_uuid()?.map(TransactionId::from_uuid);
    let reversal_reason = match c.opt_text()? {
        Some(text) => Some(parse_code(
            "reversal reason",
            &text,
            ReversalReason::from_code,
        )?),
        None => None,
    };
    let created_by = actor(&c.text()?, c.opt_uuid()?)?;
    let created_at = c.timestamp()?;
    let latest_status = status_from(&mut c)?;
    Ok(Transaction {
        id,
        business_account_id,
        debit_financial_account_id: debit,
        credit_financial_account_id: credit,
        debit_account_tail,
        credit_account_tail,
        transaction_type,
        solution,
        payment_reason_id,
        amount_minor,
        currency,
        settlement_priority,
        description,
        memo,
        metadata,
        initiator_account_holder_id,
        parent_transaction_id,
        reversal_reason,
        latest_status,
        created_by,
        created_at,
    })
}

/// Decodes a history row selected with [`STATUS_SELECT`].
pub(super) fn status(row: &dyn Row) -> Result<StatusRecord, StoreError> {
    status_from(&mut Columns::new(row))
}

fn status_from(c: &mut Columns<'_>) -> Result<StatusRecord, StoreError> {
    Ok(StatusRecord {
        id: TransactionStatusId::from_uuid(c.uuid()?),
        transaction_id: TransactionId::from_uuid(c.uuid()?),
        parent_transaction_id: c.opt_uuid()?.map(TransactionId::from_uuid),
        status: code(c, "status", TransactionStatus::from_code)?,
        event_type: code(c, "event type", HistoryEventType::from_code)?,
        message: c.text()?,
        description: c.text()?,
        created_by: actor(&c.text()?, c.opt_uuid()?)?,
        created_at: c.timestamp()?,
    })
}

fn code<T>(
    c: &mut Columns<'_>,
    what: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<T, StoreError> {
    let text = c.text()?;
    parse_code(what, &text, parse)
}
