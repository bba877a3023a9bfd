//! Creating a transaction in one unit of work: replay its idempotency key if seen; read both
//! accounts and apply the rules; lock both ledger accounts in id order and check available
//! funds; write the transaction, its creation move (with its hold) and, for a book transfer or a
//! deposit, its settlement; store the idempotency key. A refusal writes nothing.

use super::ledger::{funds_refusal, lock_accounts, outside_account};
use super::rows::{TRANSACTION_SELECT, transaction};
use super::state::{Move, TransactionState, make_move};
use super::views::{load_views, lock_recipient_holders, unknown_account};
use crate::db::{Conn, Row, Value};
use crate::{Created, NewTransaction, StoreError, params};
use openkor_domain::financial_account::{AccountHolder, Category};
use openkor_domain::ids::{BusinessAccountId, TransactionId, TransactionStatusId};
use openkor_domain::metadata::Metadata;
use openkor_domain::transaction::{
    AccountView, HistoryEventType, IdempotencyKey, LedgerSide, Origin, Refusal, ReversalReason,
    SettlementPriority, Solution, StatusRecord, Transaction, TransactionStatus, TransactionType,
    ValidatedDeposit, ValidatedTransaction, plan_transaction, success_status,
};
use openkor_domain::validation::{FieldError, FieldErrorCode, ValidationErrors};
use std::sync::LazyLock;
use uuid::Uuid;

static INSERT: LazyLock<String> = LazyLock::new(|| {
    crate::sql::insert(
        "transactions",
        &[
            "id",
            "business_account_id",
            "debit_financial_account_id",
            "credit_financial_account_id",
            "debit_ledger_account_id",
            "credit_ledger_account_id",
            "debit_account_tail",
            "credit_account_tail",
            "transaction_type",
            "solution",
            "payment_reason_id",
            "amount_minor",
            "currency",
            "settlement_priority",
            "description",
            "memo",
            "metadata",
            "initiator_account_holder_id",
            "parent_transaction_id",
            "reversal_reason",
            "held",
            "status",
            "latest_status_id",
            "next_step_at",
            "created_by_type",
            "created_by_id",
            "created_at",
            "updated_at",
        ],
    )
});

/// The outcome of a create unit of work.
pub(super) type Outcome = Result<Created, Refusal>;

/// Runs `command` on `conn` (inside a write).
pub(super) async fn create<C: Conn>(
    conn: &mut C,
    command: &NewTransaction,
) -> Result<Outcome, StoreError> {
    create_child(conn, command, None).await
}

/// Runs `command` on `conn`, the new transaction correcting `parent` if given.
pub(super) async fn create_child<C: Conn>(
    conn: &mut C,
    command: &NewTransaction,
    parent: Option<TransactionId>,
) -> Result<Outcome, StoreError> {
    if let Some(key) = &command.idempotency
        && let Some(replayed) = replay(conn, command.scope, key).await?
    {
        return Ok(replayed);
    }
    let draft = match &command.origin {
        Origin::Request(request) => draft_request(conn, command.scope, request, parent).await?,
        Origin::Deposit(deposit) => draft_deposit(conn, command.scope, deposit).await?,
    };
    let (mut state, details) = match draft {
        Ok(found) => found,
        Err(refusal) => return Ok(Err(refusal)),
    };
    let mut locked = lock_accounts(
        conn,
        command.scope,
        [
            state.debit_ledger_account_id,
            state.credit_ledger_account_id,
        ],
    )
    .await?;
    let account = state
        .debit_financial_account_id
        .unwrap_or(state.debit_ledger_account_id);
    if let Some(refusal) = funds_refusal(
        &locked,
        state.debit_ledger_account_id,
        state.amount_minor,
        account,
    ) {
        return Ok(Err(refusal));
    }
    let charges = match super::limits::check(conn, &state, command.at).await? {
        Ok(charges) => charges,
        Err(refusal) => return Ok(Err(refusal)),
    };
    let settles_at_once = !state.held;
    let created = Move {
        id: TransactionStatusId::new(),
        to: TransactionStatus::New,
        event_type: HistoryEventType::Create,
        message: "Transaction creation successful",
        by: command.by,
        at: command.at,
        rail_speedup: (!settles_at_once).then_some(command.rail_speedup),
    };
    insert_row(conn, &state, &details, &created).await?;
    super::limits::charge(conn, state.id.as_uuid(), &charges).await?;
    let mut latest = make_move(conn, &mut state, &created, true, &mut locked).await?;
    if settles_at_once {
        let settled = Move {
            id: TransactionStatusId::new(),
            to: success_status(state.transaction_type),
            event_type: HistoryEventType::StatusChange,
            message: "Transaction settled",
            by: command.by,
            at: command.at,
            rail_speedup: None,
        };
        latest = make_move(conn, &mut state, &settled, false, &mut locked).await?;
    }
    if let Some(key) = &command.idempotency {
        remember(conn, command.scope, key, &state, &latest).await?;
    }
    Ok(Ok(Created {
        transaction: assemble(command, &state, details, latest),
        replayed: false,
    }))
}

/// The fields of a transaction its moves do not need.
#[derive(Clone)]
pub(super) struct Details {
    pub(super) description: Option<String>,
    pub(super) memo: Option<String>,
    pub(super) metadata: Metadata,
    pub(super) initiator_account_holder_id: Option<Uuid>,
    pub(super) reversal_reason: Option<ReversalReason>,
}

type Drafted = Result<(TransactionState, Details), Refusal>;

async fn draft_request<C: Conn>(
    conn: &mut C,
    scope: BusinessAccountId,
    request: &ValidatedTransaction,
    parent: Option<TransactionId>,
) -> Result<Drafted, StoreError> {
    let ids = [
        request.debit_financial_account_id,
        request.credit_financial_account_id,
    ];
    let mut views = load_views(conn, scope, &ids).await?;
    let recipient_held = views
        .values()
        .any(|view| matches!(view.holder, AccountHolder::Recipient(_)));
    if recipient_held && !conn.dialect().for_update().is_empty() {
        // A concurrent suspension or deletion of the Recipient waits for this transaction,
        // and the views are read again past any that committed first.
        lock_recipient_holders(conn, scope, &ids).await?;
        views = load_views(conn, scope, &ids).await?;
    }
    let (Some(debit), Some(credit)) = (views.get(&ids[0]), views.get(&ids[1])) else {
        let mut errors = ValidationErrors::new();
        for (id, path) in ids
            .iter()
            .zip(["debitFinancialAccountId", "creditFinancialAccountId"])
        {
            if !views.contains_key(id) {
                errors.push(unknown_account(path));
            }
        }
        return Ok(Err(Refusal::Rules(errors)));
    };
    let plan = match plan_transaction(request, debit, credit) {
        Ok(plan) => plan,
        Err(errors) => return Ok(Err(Refusal::Rules(errors))),
    };
    let debit_ledger = ledger_id(conn, scope, plan.debit, plan.currency).await?;
    let credit_ledger = ledger_id(conn, scope, plan.credit, plan.currency).await?;
    let state = TransactionState {
        id: TransactionId::new(),
        scope,
        parent_transaction_id: parent,
        debit_financial_account_id: Some(debit.id.as_uuid()),
        credit_financial_account_id: credit.id.as_uuid(),
        debit_ledger_account_id: debit_ledger,
        credit_ledger_account_id: credit_ledger,
        debit_account_tail: Some(debit.account_number_tail.clone()),
        credit_account_tail: credit.account_number_tail.clone(),
        debit_holder_type: Some(debit.holder.holder_type().code().to_owned()),
        debit_holder_id: Some(holder_id(debit, scope)),
        credit_holder_type: Some(credit.holder.holder_type().code().to_owned()),
        credit_holder_id: Some(holder_id(credit, scope)),
        transaction_type: request.transaction_type,
        solution: request.solution,
        settlement_priority: plan.settlement_priority,
        payment_reason_id: request.payment_reason_id.clone(),
        amount_minor: request.amount_minor,
        currency: plan.currency,
        held: !plan.settles_at_once,
        status: TransactionStatus::New,
    };
    let details = Details {
        description: request.description.clone(),
        memo: request.memo.clone(),
        metadata: request.metadata.clone(),
        initiator_account_holder_id: request.initiator_account_holder_id,
        reversal_reason: None,
    };
    Ok(Ok((state, details)))
}

fn holder_id(view: &AccountView, scope: BusinessAccountId) -> Uuid {
    view.holder.holder_id().unwrap_or(scope.as_uuid())
}

async fn ledger_id<C: Conn>(
    conn: &mut C,
    scope: BusinessAccountId,
    side: LedgerSide,
    currency: openkor_domain::money::Currency,
) -> Result<Uuid, StoreError> {
    match side {
        LedgerSide::Account(account) => Ok(account.as_uuid()),
        LedgerSide::Outside => outside_account(conn, scope, currency).await,
    }
}

/// A deposit credits an integrated or business account from outside the platform; an internal
/// account never takes money from outside (reference §1), an external one has no ledger.
async fn draft_deposit<C: Conn>(
    conn: &mut C,
    scope: BusinessAccountId,
    deposit: &ValidatedDeposit,
) -> Result<Drafted, StoreError> {
    const PATH: &str = "financialAccountId";
    let views = load_views(conn, scope, &[deposit.financial_account_id]).await?;
    let Some(account) = views.get(&deposit.financial_account_id) else {
        return Ok(Err(refuse_field(unknown_account(PATH))));
    };
    let refusal = if account.category != Category::Integrated {
        Some(FieldError::new(
            PATH,
            FieldErrorCode::InvalidValue,
            "deposits arrive only in integrated or business accounts",
        ))
    } else if account.state != openkor_domain::financial_account::AccountState::Active
        || account.holder_suspended
    {
        Some(FieldError::new(
            PATH,
            FieldErrorCode::InvalidValue,
            "the account or its customer is suspended",
        ))
    } else if deposit.currency.is_some_and(|c| c != account.currency) {
        Some(FieldError::new(
            "currency",
            FieldErrorCode::Inconsistent,
            "must be the account's currency",
        ))
    } else {
        None
    };
    if let Some(field) = refusal {
        return Ok(Err(refuse_field(field)));
    }
    let outside = outside_account(conn, scope, account.currency).await?;
    let state = TransactionState {
        id: TransactionId::new(),
        scope,
        parent_transaction_id: None,
        debit_financial_account_id: None,
        credit_financial_account_id: account.id.as_uuid(),
        debit_ledger_account_id: outside,
        credit_ledger_account_id: account.id.as_uuid(),
        debit_account_tail: None,
        credit_account_tail: account.account_number_tail.clone(),
        debit_holder_type: None,
        debit_holder_id: None,
        credit_holder_type: Some(account.holder.holder_type().code().to_owned()),
        credit_holder_id: Some(holder_id(account, scope)),
        transaction_type: TransactionType::Deposit,
        solution: Solution::Ach,
        settlement_priority: SettlementPriority::SameDay,
        payment_reason_id: "deposit".to_owned(),
        amount_minor: deposit.amount_minor,
        currency: account.currency,
        held: false,
        status: TransactionStatus::New,
    };
    let details = Details {
        description: None,
        memo: None,
        metadata: Metadata::new(),
        initiator_account_holder_id: None,
        reversal_reason: None,
    };
    Ok(Ok((state, details)))
}

fn refuse_field(field: FieldError) -> Refusal {
    let mut errors = ValidationErrors::new();
    errors.push(field);
    Refusal::Rules(errors)
}

/// Inserts the transaction in status NEW, with the creation move's history row as its latest
/// status and, on the rails, its first step.
pub(super) async fn insert_row<C: Conn>(
    conn: &mut C,
    state: &TransactionState,
    details: &Details,
    created: &Move<'_>,
) -> Result<(), StoreError> {
    let next_step_at = created
        .rail_speedup
        .and_then(|speedup| state.next_step_at(created.at, speedup));
    let metadata = serde_json::to_string(&details.metadata)
        .map_err(|e| StoreError::Other(format!("metadata: {e}")))?;
    let values = params![
        state.id.as_uuid(),
        state.scope.as_uuid(),
        state.debit_financial_account_id,
        state.credit_financial_account_id,
        state.debit_ledger_account_id,
        state.credit_ledger_account_id,
        state.debit_account_tail.as_deref(),
        state.credit_account_tail.as_str(),
        state.transaction_type.code(),
        state.solution.code(),
        state.payment_reason_id.as_str(),
        state.amount_minor,
        state.currency.code(),
        state.settlement_priority.code(),
        details.description.as_deref(),
        details.memo.as_deref(),
        Value::Json(&metadata),
        details.initiator_account_holder_id,
        state.parent_transaction_id.map(|id| id.as_uuid()),
        details.reversal_reason.map(|reason| reason.code()),
        state.held,
        TransactionStatus::New.code(),
        created.id.as_uuid(),
        next_step_at,
        created.by.kind.code(),
        created.by.id,
        created.at,
        created.at,
    ];
    conn.execute(&INSERT, &values).await.map(|_| ())
}

/// Stores `key` with the effect: the transaction it made and the history row its answer
/// showed (`latest`), in the same db transaction.
pub(super) async fn remember<C: Conn>(
    conn: &mut C,
    scope: BusinessAccountId,
    key: &IdempotencyKey,
    state: &TransactionState,
    latest: &StatusRecord,
) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO idempotency_keys (business_account_id, idempotency_key, request_hash, \
         transaction_id, response_status_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        &params![
            scope.as_uuid(),
            key.key.as_str(),
            &key.request_hash[..],
            state.id.as_uuid(),
            latest.id.as_uuid(),
            latest.created_at,
        ],
    )
    .await
    .map(|_| ())
}

/// The first answer to `key`: the transaction as it was when that request was answered.
pub(super) async fn replay<C: Conn>(
    conn: &mut C,
    scope: BusinessAccountId,
    key: &IdempotencyKey,
) -> Result<Option<Outcome>, StoreError> {
    let found = conn
        .query_opt(
            "SELECT request_hash, transaction_id, response_status_id FROM idempotency_keys \
             WHERE business_account_id = $1 AND idempotency_key = $2",
            &params![scope.as_uuid(), key.key.as_str()],
            &mut |row: &dyn Row| Ok((row.bytes(0)?, row.uuid(1)?, row.uuid(2)?)),
        )
        .await?;
    let Some((hash, transaction_id, status_id)) = found else {
        return Ok(None);
    };
    if hash != key.request_hash {
        return Ok(Some(Err(Refusal::IdempotencyKeyReused)));
    }
    let sql = format!(
        "SELECT {} FROM transactions t JOIN transaction_statuses s ON s.id = $3 \
         WHERE t.business_account_id = $1 AND t.id = $2",
        *TRANSACTION_SELECT
    );
    let transaction = conn
        .query_one(
            &sql,
            &params![scope.as_uuid(), transaction_id, status_id],
            &mut transaction,
        )
        .await?;
    Ok(Some(Ok(Created {
        transaction,
        replayed: true,
    })))
}

fn assemble(
    command: &NewTransaction,
    state: &TransactionState,
    details: Details,
    latest: StatusRecord,
) -> Transaction {
    Transaction {
        id: state.id,
        business_account_id: state.scope,
        debit_financial_account_id: state.debit_financial_account_id.map(Into::into),
        credit_financial_account_id: state.credit_financial_account_id.into(),
        debit_account_tail: state.debit_account_tail.clone(),
        credit_account_tail: state.credit_account_tail.clone(),
        transaction_type: state.transaction_type,
        solution: state.solution,
        payment_reason_id: state.payment_reason_id.clone(),
        amount_minor: state.amount_minor,
        currency: state.currency,
        settlement_priority: state.settlement_priority,
        description: details.description,
        memo: details.memo,
        metadata: details.metadata,
        initiator_account_holder_id: details.initiator_account_holder_id,
        parent_transaction_id: state.parent_transaction_id,
        reversal_reason: details.reversal_reason,
        latest_status: latest,
        created_by: command.by,
        created_at: command.at,
    }
}
