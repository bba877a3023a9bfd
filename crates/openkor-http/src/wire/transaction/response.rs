//! The Transaction object, its status entries, the history object and payment reasons.

use crate::wire::actor::ActorBody;
use crate::wire::financial_account::FinancialAccountBody;
use openkor_domain::money::format_minor;
use openkor_domain::transaction::{StatusRecord, Transaction, payment_reason};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// One status of a transaction: `latestStatus`, and the items of `…/statuses`.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TransactionStatusBody {
    /// `NEW`, `PENDING`, `PROCESSING`, `APPROVED`, `SETTLED`, `CLEARED`, `DECLINED`,
    /// `CANCELLED`, `REVERSED` or `ERROR`.
    #[schema(example = "NEW")]
    pub status: &'static str,
    /// Why.
    #[schema(example = "Transaction creation successful")]
    pub message: String,
    /// Who.
    pub created_by: ActorBody,
    /// When.
    pub created_at: String,
}

impl From<&StatusRecord> for TransactionStatusBody {
    fn from(record: &StatusRecord) -> Self {
        TransactionStatusBody {
            status: record.status.code(),
            message: record.message.clone(),
            created_by: record.created_by.into(),
            created_at: record.created_at.to_string(),
        }
    }
}

/// One entry of a transaction's history (the SLT Status object).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TransactionHistoryBody {
    /// Id of the entry.
    pub id: String,
    /// The transaction.
    pub transaction_id: String,
    /// The transaction's parent; omitted when it has none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_transaction_id: Option<String>,
    /// `CREATE`, `STATUS_CHANGE`, `REVERSAL`, `PROVIDER_VALIDATION_ISSUE`, `EDIT`, `CANCEL` or
    /// `RETURN`.
    #[schema(example = "STATUS_CHANGE")]
    pub event_type: &'static str,
    /// The status entered.
    #[schema(example = "PENDING")]
    pub status: &'static str,
    /// What happened, in words.
    #[schema(example = "Transaction status changed to 'PENDING'")]
    pub description: String,
    /// Who.
    pub created_by: ActorBody,
    /// When.
    pub created_at: String,
}

impl From<&StatusRecord> for TransactionHistoryBody {
    fn from(record: &StatusRecord) -> Self {
        TransactionHistoryBody {
            id: record.id.to_string(),
            transaction_id: record.transaction_id.to_string(),
            parent_transaction_id: record.parent_transaction_id.map(|id| id.to_string()),
            event_type: record.event_type.code(),
            status: record.status.code(),
            description: record.description.clone(),
            created_by: record.created_by.into(),
            created_at: record.created_at.to_string(),
        }
    }
}

/// A payment reason (`GET /v1/payment-reasons`).
#[derive(Debug, Serialize, ToSchema)]
pub struct PaymentReasonBody {
    /// The id, as `paymentReasonId` takes it.
    #[schema(example = "loan-payouts")]
    pub reason: &'static str,
    /// Its display text.
    #[schema(example = "Loan Payouts")]
    pub description: &'static str,
}

/// Sub-resources of a transaction (`embed=`).
#[derive(Debug, Default, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TransactionEmbedded {
    /// The credit Financial Account (with `_embedded.balances` for
    /// `creditFinancialAccount.balances`, when it has a ledger).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credit_financial_account: Option<FinancialAccountBody>,
    /// The debit Financial Account (none for a deposit).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub debit_financial_account: Option<FinancialAccountBody>,
}

/// A transaction (the SLT object, reference §9.3). Optional fields with no value are omitted.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TransactionBody {
    /// Id.
    pub id: String,
    /// Owning Business Account.
    pub business_account_id: String,
    /// Client metadata (`{}` when none).
    pub metadata: BTreeMap<String, String>,
    /// The account the amount leaves; omitted for a deposit from outside the platform.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub debit_financial_account_id: Option<String>,
    /// The account the amount reaches.
    pub credit_financial_account_id: String,
    /// `******` and the debit account's last four digits; omitted for a deposit.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "******6790")]
    pub masked_debit_account_number: Option<String>,
    /// `******` and the credit account's last four digits.
    #[schema(example = "******1234")]
    pub masked_credit_account_number: String,
    /// `SEND`, `REQUEST`, `DEPOSIT`, `WITHDRAWAL`, `REVERSAL`, `RETURN` or `ADJUSTMENT`.
    #[schema(example = "SEND")]
    pub transaction_type: &'static str,
    /// `ach`, `wire`, `push-to-card` or `transfer`.
    #[schema(example = "ach")]
    pub solution: &'static str,
    /// The payment reason's id.
    #[schema(example = "loan-payouts")]
    pub payment_reason_id: String,
    /// The payment reason's display text.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "Loan Payouts")]
    pub payment_reason: Option<&'static str>,
    /// Decimal string with two places.
    #[schema(example = "1000.00")]
    pub amount: String,
    /// `USD` or `CAD`.
    #[schema(example = "USD")]
    pub currency: &'static str,
    /// `IMMEDIATE`, `SAME_DAY`, `NEXT_DAY` or `SCHEDULED`.
    #[schema(example = "SAME_DAY")]
    pub settlement_priority: &'static str,
    /// The newest status.
    pub latest_status: TransactionStatusBody,
    /// Wire description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Memo.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub memo: Option<String>,
    /// The account holder that initiated it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub initiator_account_holder_id: Option<String>,
    /// The transaction this one reverses or corrects.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_transaction_id: Option<String>,
    /// `DUPLICATE_PAYMENT`, `INCORRECT_RECIPIENT`, `INCORRECT_AMOUNT`, `EARLY_DEBIT` or
    /// `LATE_CREDIT` (reversals only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reversal_reason: Option<&'static str>,
    /// Creator.
    pub created_by: ActorBody,
    /// Creation time.
    pub created_at: String,
    /// Requested sub-resources (`embed=`).
    #[serde(rename = "_embedded", skip_serializing_if = "Option::is_none")]
    pub embedded: Option<TransactionEmbedded>,
}

impl From<&Transaction> for TransactionBody {
    fn from(t: &Transaction) -> Self {
        TransactionBody {
            id: t.id.to_string(),
            business_account_id: t.business_account_id.to_string(),
            metadata: t.metadata.clone(),
            debit_financial_account_id: t.debit_financial_account_id.map(|id| id.to_string()),
            credit_financial_account_id: t.credit_financial_account_id.to_string(),
            masked_debit_account_number: t.masked_debit_account_number(),
            masked_credit_account_number: t.masked_credit_account_number(),
            transaction_type: t.transaction_type.code(),
            solution: t.solution.code(),
            payment_reason_id: t.payment_reason_id.clone(),
            payment_reason: payment_reason(&t.payment_reason_id).map(|r| r.description),
            amount: format_minor(t.amount_minor),
            currency: t.currency.code(),
            settlement_priority: t.settlement_priority.code(),
            latest_status: TransactionStatusBody::from(&t.latest_status),
            description: t.description.clone(),
            memo: t.memo.clone(),
            initiator_account_holder_id: t.initiator_account_holder_id.map(|id| id.to_string()),
            parent_transaction_id: t.parent_transaction_id.map(|id| id.to_string()),
            reversal_reason: t.reversal_reason.map(|reason| reason.code()),
            created_by: t.created_by.into(),
            created_at: t.created_at.to_string(),
            embedded: None,
        }
    }
}
