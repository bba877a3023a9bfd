//! Transactions (reference §9): single-leg transfers of money from a debit Financial Account to
//! a credit Financial Account, their status lifecycle and the rules that admit them.
//!
//! - `draft.rs`: what a create body says and its validation (shape, amounts, lengths).
//! - `rules.rs`: the rules that need the two accounts (categories, solutions, states).
//! - `lifecycle.rs`: the status graph, the rail schedules and the postings of each change.
//! - `filter.rs`: list filters and sort fields.
//! - `payment_reasons.rs`: the payment reasons openkor knows.
//! - `reversal.rs`, `edit.rs`, `returns.rs`: operations on a transaction that exists.

mod deposit;
mod draft;
mod edit;
mod filter;
mod lifecycle;
mod payment_reasons;
mod returns;
mod reversal;
mod rules;
mod stp;

pub use deposit::DepositDraft;
pub use draft::{TransactionDraft, ValidatedTransaction, parse_amount};
pub use edit::EditDraft;
pub use filter::{HistorySortField, TransactionFilter, TransactionSortField, parse_masked_tail};
pub use lifecycle::{
    Hold, RailStep, Transition, cancel_refusal, is_final, is_success, next_rail_step, postings_for,
    simulation_path, success_status,
};
pub use payment_reasons::{PAYMENT_REASONS, PaymentReason, payment_reason};
pub use returns::{
    Applies, RETURN_CODES, ReturnCode, may_overdraw, return_code, return_metadata, return_refusal,
};
pub use reversal::{
    Correction, ReverseDraft, ValidatedReversal, correction_request, reverse_refusal,
};
pub use rules::{AccountView, LedgerSide, Plan, plan_transaction};
pub use stp::{StpDraft, StpEntityDraft, StpFinancialDraft, StpParts};

use crate::actor::Actor;
use crate::clock::Timestamp;
use crate::ids::{BusinessAccountId, FinancialAccountId, TransactionId, TransactionStatusId};
use crate::metadata::Metadata;
use crate::money::Currency;
use uuid::Uuid;

/// The largest amount of one transaction: 100,000,000.00 in minor units. Running balances are
/// 64-bit, so no realistic number of transactions can overflow them.
pub const AMOUNT_MINOR_MAX: i64 = 10_000_000_000;
/// Most metadata pairs on a transaction (reference §1).
pub const TRANSACTION_METADATA_PAIRS_MAX: usize = 6;
/// Longest `description` (wire only), in characters.
pub const TRANSACTION_DESCRIPTION_CHARS_MAX: usize = 100;
/// Longest `memo`, in characters.
pub const MEMO_CHARS_MAX: usize = 255;
/// Shortest and longest `Idempotency-Key`, in characters (reference §2.4).
pub const IDEMPOTENCY_KEY_CHARS: (usize, usize) = (6, 255);

crate::code_enum! {
    /// What kind of movement a transaction is.
    pub enum TransactionType {
        /// The debit side's owner pushes money to the credit side.
        Send => "SEND",
        /// The credit side's owner collects from the debit side.
        Request => "REQUEST",
        /// Money arriving from outside the platform (sandbox deposits).
        Deposit => "DEPOSIT",
        /// Money leaving to outside the platform.
        Withdrawal => "WITHDRAWAL",
        /// The reversal of a settled or cleared transaction.
        Reversal => "REVERSAL",
        /// An ACH return initiated by the receiving bank.
        Return => "RETURN",
        /// A correction made by the operator.
        Adjustment => "ADJUSTMENT",
    }
}

crate::code_enum! {
    /// The rail a transaction travels on.
    pub enum Solution {
        /// ACH (US bank to bank).
        Ach => "ach",
        /// Wire.
        Wire => "wire",
        /// Push to a debit card.
        PushToCard => "push-to-card",
        /// A book transfer between two ledgered accounts, settled at once.
        Transfer => "transfer",
    }
}

crate::code_enum! {
    /// How fast a transaction settles.
    pub enum SettlementPriority {
        /// At once (push-to-card, book transfers, wires).
        Immediate => "IMMEDIATE",
        /// The same banking day (ACH, wire).
        SameDay => "SAME_DAY",
        /// The next banking day (ACH, reversals).
        NextDay => "NEXT_DAY",
        /// At a scheduled time (scheduled transactions only).
        Scheduled => "SCHEDULED",
    }
}

crate::code_enum! {
    /// Where a transaction stands (reference §9.1).
    pub enum TransactionStatus {
        /// Validated and created.
        New => "NEW",
        /// Handed to processing; still cancellable.
        Pending => "PENDING",
        /// Sent to the provider; no longer cancellable.
        Processing => "PROCESSING",
        /// Approved by the provider.
        Approved => "APPROVED",
        /// Funds moved (final for SEND).
        Settled => "SETTLED",
        /// Funds received (final for REQUEST).
        Cleared => "CLEARED",
        /// Declined by the provider.
        Declined => "DECLINED",
        /// Cancelled on the platform.
        Cancelled => "CANCELLED",
        /// Reversed by the platform.
        Reversed => "REVERSED",
        /// Could not be processed.
        Error => "ERROR",
    }
}

crate::code_enum! {
    /// The kind of a status-history row.
    pub enum HistoryEventType {
        /// The transaction was created.
        Create => "CREATE",
        /// Its status changed.
        StatusChange => "STATUS_CHANGE",
        /// It was reversed.
        Reversal => "REVERSAL",
        /// The provider refused it.
        ProviderValidationIssue => "PROVIDER_VALIDATION_ISSUE",
        /// It was edited.
        Edit => "EDIT",
        /// It was cancelled.
        Cancel => "CANCEL",
        /// It was returned.
        Return => "RETURN",
    }
}

crate::code_enum! {
    /// Why a transaction was reversed.
    pub enum ReversalReason {
        /// Paid twice.
        DuplicatePayment => "DUPLICATE_PAYMENT",
        /// Paid to the wrong account.
        IncorrectRecipient => "INCORRECT_RECIPIENT",
        /// Paid the wrong amount.
        IncorrectAmount => "INCORRECT_AMOUNT",
        /// Debited too early.
        EarlyDebit => "EARLY_DEBIT",
        /// Credited too late.
        LateCredit => "LATE_CREDIT",
    }
}

/// One row of a transaction's status history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusRecord {
    /// Id.
    pub id: TransactionStatusId,
    /// The transaction.
    pub transaction_id: TransactionId,
    /// The transaction's parent, if any.
    pub parent_transaction_id: Option<TransactionId>,
    /// The status entered.
    pub status: TransactionStatus,
    /// What the row records.
    pub event_type: HistoryEventType,
    /// Why (the `latestStatus.message`).
    pub message: String,
    /// What happened, in words (`description` of the history object).
    pub description: String,
    /// Who made the change.
    pub created_by: Actor,
    /// When.
    pub created_at: Timestamp,
}

/// A transaction with its latest status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transaction {
    /// Id.
    pub id: TransactionId,
    /// Owner.
    pub business_account_id: BusinessAccountId,
    /// Account the amount leaves (`None` for a deposit from outside the platform).
    pub debit_financial_account_id: Option<FinancialAccountId>,
    /// Account the amount reaches.
    pub credit_financial_account_id: FinancialAccountId,
    /// Last four digits of the debit account's number (`None` for a deposit).
    pub debit_account_tail: Option<String>,
    /// Last four digits of the credit account's number.
    pub credit_account_tail: String,
    /// Type.
    pub transaction_type: TransactionType,
    /// Rail.
    pub solution: Solution,
    /// Payment reason id.
    pub payment_reason_id: String,
    /// Amount, positive, in minor units.
    pub amount_minor: i64,
    /// Currency of both accounts.
    pub currency: Currency,
    /// Settlement priority.
    pub settlement_priority: SettlementPriority,
    /// Wire description.
    pub description: Option<String>,
    /// Memo.
    pub memo: Option<String>,
    /// Client metadata.
    pub metadata: Metadata,
    /// The account holder that initiated it, if the client said.
    pub initiator_account_holder_id: Option<Uuid>,
    /// The transaction this one reverses or corrects.
    pub parent_transaction_id: Option<TransactionId>,
    /// Why it was reversed (reversals only).
    pub reversal_reason: Option<ReversalReason>,
    /// The newest status-history row.
    pub latest_status: StatusRecord,
    /// Creator.
    pub created_by: Actor,
    /// Creation time.
    pub created_at: Timestamp,
}

impl Transaction {
    /// The masked number of the debit account (`******1234`).
    pub fn masked_debit_account_number(&self) -> Option<String> {
        self.debit_account_tail.as_deref().map(mask)
    }

    /// The masked number of the credit account.
    pub fn masked_credit_account_number(&self) -> String {
        mask(&self.credit_account_tail)
    }
}

/// `******` followed by the last four digits.
pub fn mask(tail: &str) -> String {
    format!("******{tail}")
}

/// An `Idempotency-Key` (6–255 characters) and the hash of the request it came with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdempotencyKey {
    /// The key as sent.
    pub key: String,
    /// SHA-256 of the request's canonical form (its route and body).
    pub request_hash: [u8; 32],
}

impl IdempotencyKey {
    /// Checks the key's length and characters.
    pub fn new(key: &str, request_hash: [u8; 32]) -> Result<Self, crate::validation::FieldError> {
        let (min, max) = IDEMPOTENCY_KEY_CHARS;
        let key = crate::text::bounded_text("Idempotency-Key", key, min, max)?;
        Ok(Self { key, request_hash })
    }
}

/// A deposit from outside the platform (sandbox): credits a ledgered account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidatedDeposit {
    /// The account credited (an integrated or business account).
    pub financial_account_id: FinancialAccountId,
    /// Amount in minor units.
    pub amount_minor: i64,
    /// Currency, if the body named one (must be the account's).
    pub currency: Option<Currency>,
}

/// What a store is asked to create.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// `POST /v1/transactions`.
    Request(ValidatedTransaction),
    /// `POST /v1/sandbox/deposits`.
    Deposit(ValidatedDeposit),
}

/// Why a well-formed request cannot be carried out (all 4xx; nothing was written).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The accounts do not allow it; every failing field is listed (422).
    Rules(crate::validation::ValidationErrors),
    /// The debit account's available balance is below the amount (422).
    InsufficientFunds(FinancialAccountId),
    /// The `Idempotency-Key` was used with a different request (409).
    IdempotencyKeyReused,
    /// The transaction's status does not allow the operation (422); says why.
    NotAllowed(String),
    /// The amount exceeds a transaction limit of the debit side (422): the first limit it
    /// breaks, with what its window had used.
    LimitExceeded(Box<crate::transaction_limits::LimitUsage>),
}
