//! The money-movement storage traits: transactions and their operations, and the ACH
//! prenote verification of external bank accounts, with the commands they take.

use crate::StoreError;
use async_trait::async_trait;
use openkor_domain::actor::Actor;
use openkor_domain::clock::Timestamp;
use openkor_domain::financial_account::FinancialAccount;
use openkor_domain::ids::{BusinessAccountId, FinancialAccountId, TransactionId};
use openkor_domain::paging::{Page, PageRequest};
use openkor_domain::transaction::{
    HistorySortField, IdempotencyKey, Origin, Refusal, ReturnCode, StatusRecord, Transaction,
    TransactionFilter, TransactionSortField, TransactionStatus, ValidatedReversal,
    ValidatedTransaction,
};
use openkor_domain::validation::ValidationErrors;

/// A request to create a transaction (or a sandbox deposit).
#[derive(Clone, Debug)]
pub struct NewTransaction {
    /// The caller's Business Account.
    pub scope: BusinessAccountId,
    /// What to create.
    pub origin: Origin,
    /// The request's idempotency key, if it sent one.
    pub idempotency: Option<IdempotencyKey>,
    /// The caller.
    pub by: Actor,
    /// Now.
    pub at: Timestamp,
    /// How many times faster than real time the sandbox rails run (at least 1).
    pub rail_speedup: i64,
}

/// An STP transaction (reference §9.7): the Recipient and the card to open when none matches,
/// and the push-to-card SEND that pays the card.
#[derive(Clone, Debug)]
pub struct StpCommand {
    /// The Recipient to create when no live Recipient of the scope has the same type, first
    /// and last name and e-mail (case-insensitively).
    pub recipient: openkor_domain::recipient::Recipient,
    /// The card to open when the Recipient has no live card with the same number (its holder
    /// is then the Recipient used).
    pub card: openkor_domain::financial_account::FinancialAccount,
    /// The SEND, paying `card` (or the matched card), with the body's idempotency key.
    pub transaction: NewTransaction,
}

/// A created (or replayed) transaction.
#[derive(Clone, Debug)]
pub struct Created {
    /// The transaction as its first answer showed it.
    pub transaction: Transaction,
    /// Whether an earlier request with the same idempotency key created it.
    pub replayed: bool,
}

/// A request to reverse a settled transaction.
#[derive(Clone, Debug)]
pub struct ReverseTransaction {
    /// The caller's Business Account.
    pub scope: BusinessAccountId,
    /// The transaction to reverse.
    pub id: TransactionId,
    /// Why, and the correction.
    pub reversal: ValidatedReversal,
    /// The request's idempotency key, if it sent one.
    pub idempotency: Option<IdempotencyKey>,
    /// The caller.
    pub by: Actor,
    /// Now.
    pub at: Timestamp,
    /// How many times faster than real time the sandbox rails run (at least 1).
    pub rail_speedup: i64,
}

/// A request to edit a NEW or PENDING transaction.
#[derive(Clone, Debug)]
pub struct EditTransaction {
    /// The caller's Business Account.
    pub scope: BusinessAccountId,
    /// The transaction to edit.
    pub id: TransactionId,
    /// The new transaction: the original with the edit's values, checked.
    pub request: ValidatedTransaction,
    /// The request's idempotency key, if it sent one.
    pub idempotency: Option<IdempotencyKey>,
    /// The caller.
    pub by: Actor,
    /// Now.
    pub at: Timestamp,
    /// How many times faster than real time the sandbox rails run (at least 1).
    pub rail_speedup: i64,
}

/// The receiving bank's return of a settled ACH transaction (simulated by the sandbox).
#[derive(Clone, Copy, Debug)]
pub struct ReturnTransaction {
    /// The caller's Business Account.
    pub scope: BusinessAccountId,
    /// The ACH transaction returned.
    pub id: TransactionId,
    /// The NACHA return reason.
    pub code: ReturnCode,
    /// The caller.
    pub by: Actor,
    /// Now.
    pub at: Timestamp,
}

/// A reversal and its correction, created (or replayed).
#[derive(Clone, Debug)]
pub struct Reversed {
    /// The `REVERSAL` transaction.
    pub reversal: Transaction,
    /// The correction, for the two `INCORRECT_*` reasons.
    pub correction: Option<Transaction>,
    /// Whether an earlier request with the same idempotency key created them.
    pub replayed: bool,
}

/// What `ledger verify` found; empty lists mean the ledger is consistent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LedgerReport {
    /// Ledger accounts checked.
    pub accounts_checked: u64,
    /// Journal entries checked.
    pub entries_checked: u64,
    /// Each difference found, in words.
    pub problems: Vec<String>,
}

/// Transactions, their status history and the rails that move them.
#[async_trait]
pub trait TransactionStore: Send + Sync {
    /// Creates a transaction, its hold (or its settlement, for a book transfer or a deposit),
    /// its history, journal entries and events, and its idempotency key, in one database
    /// transaction; or replays the key's first answer; or refuses, writing nothing.
    async fn create_transaction(
        &self,
        command: &NewTransaction,
    ) -> Result<Result<Created, Refusal>, StoreError>;

    /// The first answer of the request `key` names, if it was made: the transaction as that
    /// answer showed it, or [`Refusal::IdempotencyKeyReused`] when `key` came with another
    /// request.
    async fn replay_transaction(
        &self,
        scope: BusinessAccountId,
        key: &IdempotencyKey,
    ) -> Result<Option<Result<Created, Refusal>>, StoreError>;

    /// An STP transaction in one database transaction: replays the idempotency key's first
    /// answer, or finds or creates the Recipient and its card and creates the SEND; a refused
    /// SEND leaves no Recipient or card behind.
    async fn create_stp_transaction(
        &self,
        command: &StpCommand,
    ) -> Result<Result<Created, Refusal>, StoreError>;

    /// The transaction `id` of `scope`.
    async fn get_transaction(
        &self,
        scope: BusinessAccountId,
        id: TransactionId,
    ) -> Result<Transaction, StoreError>;

    /// One page of the transactions of `scope` matching `filter`.
    async fn list_transactions(
        &self,
        scope: BusinessAccountId,
        filter: &TransactionFilter,
        request: &PageRequest<TransactionSortField>,
    ) -> Result<Page<Transaction>, StoreError>;

    /// One page of a transaction's status history, newest first ([`StoreError::NotFound`]
    /// when the transaction is not `scope`'s).
    async fn transaction_history(
        &self,
        scope: BusinessAccountId,
        id: TransactionId,
        request: &PageRequest<HistorySortField>,
    ) -> Result<Page<StatusRecord>, StoreError>;

    /// Ids of transactions (of any tenant) whose next rail step is due at `now`, soonest first.
    async fn due_transactions(
        &self,
        now: Timestamp,
        limit: u32,
    ) -> Result<Vec<TransactionId>, StoreError>;

    /// Makes the due rail step of `id`, if it is still due and no other process holds it;
    /// returns whether a step was made.
    async fn advance_transaction(
        &self,
        id: TransactionId,
        now: Timestamp,
        rail_speedup: i64,
    ) -> Result<bool, StoreError>;

    /// Drives a transaction of `scope` to `outcome` at once (sandbox).
    async fn simulate_transaction(
        &self,
        scope: BusinessAccountId,
        id: TransactionId,
        outcome: TransactionStatus,
        by: Actor,
        at: Timestamp,
    ) -> Result<Result<Transaction, Refusal>, StoreError>;

    /// Cancels a NEW or PENDING ACH or wire transaction of `scope`: CANCELLED, its hold
    /// released, in one db transaction; refused (writing nothing) in any other case.
    async fn cancel_transaction(
        &self,
        scope: BusinessAccountId,
        id: TransactionId,
        by: Actor,
        at: Timestamp,
    ) -> Result<Result<Transaction, Refusal>, StoreError>;

    /// Reverses a SETTLED or CLEARED transaction of `scope`: its `REVERSAL` (holding the amount
    /// on the original's credit side) and, for the `INCORRECT_*` reasons, its correction, in
    /// one db transaction; the original becomes REVERSED when the reversal succeeds. At most
    /// one live reversal per transaction. A refusal writes nothing.
    async fn reverse_transaction(
        &self,
        command: &ReverseTransaction,
    ) -> Result<Result<Reversed, Refusal>, StoreError>;

    /// Returns a SETTLED or CLEARED ACH SEND or REQUEST of `scope` (the receiving bank sent it
    /// back): its `RETURN`, settled at once even when that overdraws the account the money
    /// comes back from, and the original REVERSED (history `eventType` RETURN), in one db
    /// transaction. At most one return, never alongside a live reversal. A refusal writes
    /// nothing.
    async fn return_transaction(
        &self,
        command: &ReturnTransaction,
    ) -> Result<Result<Transaction, Refusal>, StoreError>;

    /// Edits a NEW or PENDING ACH or wire transaction of `scope`: the original CANCELLED and the
    /// new transaction created (under every rule of a create), or neither; or replays the key.
    async fn edit_transaction(
        &self,
        command: &EditTransaction,
    ) -> Result<Result<Created, Refusal>, StoreError>;

    /// Recomputes every running total from the postings and checks every journal entry.
    async fn verify_ledger(&self) -> Result<LedgerReport, StoreError>;

    /// Forgets up to `limit` idempotency keys (of any tenant) stored before `created_before`;
    /// how many were forgotten. Their transactions stay; a request with a forgotten key is new.
    async fn purge_idempotency_keys(
        &self,
        created_before: Timestamp,
        limit: u32,
    ) -> Result<u64, StoreError>;
}

/// A request to verify external bank accounts by ACH prenote.
#[derive(Clone, Debug)]
pub struct PrenoteRequest {
    /// The caller's Business Account.
    pub scope: BusinessAccountId,
    /// The accounts, in the request's order.
    pub ids: Vec<FinancialAccountId>,
    /// The caller.
    pub by: Actor,
    /// Now.
    pub at: Timestamp,
    /// When the sandbox's prenote completes.
    pub due_at: Timestamp,
}

/// ACH prenote verification of external bank accounts, and the rail step that completes it.
#[async_trait]
pub trait VerificationStore: Send + Sync {
    /// Starts a prenote for each account of the request that has none under way and is not
    /// verified (PENDING, with its `account.verification-status-updated` event), in one db
    /// transaction; refuses (writing nothing) when an account cannot be verified, naming each
    /// one; [`StoreError::NotFound`] when one is not `scope`'s. Returns every account as it
    /// now stands, in the request's order.
    async fn request_prenotes(
        &self,
        request: &PrenoteRequest,
    ) -> Result<Result<Vec<FinancialAccount>, ValidationErrors>, StoreError>;

    /// Accounts (of any tenant) whose prenote completes at `now`, soonest first.
    async fn due_prenotes(
        &self,
        now: Timestamp,
        limit: u32,
    ) -> Result<Vec<FinancialAccountId>, StoreError>;

    /// Completes the due prenote of `id` (the account becomes APPROVED, with its event) if no
    /// other process holds it; whether it was completed.
    async fn complete_prenote(
        &self,
        id: FinancialAccountId,
        now: Timestamp,
    ) -> Result<bool, StoreError>;
}
