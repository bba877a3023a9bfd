//! Transactions (reference §9): create, read, list, status history, payment reasons, and the
//! sandbox's deposits and simulations.

use crate::ServiceError;
use crate::auth::authorize;
use crate::customers::actor_of;
use openkor_domain::clock::Clock;
use openkor_domain::ids::TransactionId;
use openkor_domain::paging::{Page, PageRequest};
use openkor_domain::role::Permission;
use openkor_domain::service_account::Principal;
use openkor_domain::transaction::{
    EditDraft, HistorySortField, IdempotencyKey, Origin, PAYMENT_REASONS, PaymentReason, Refusal,
    ReturnCode, ReverseDraft, StatusRecord, Transaction, TransactionDraft, TransactionFilter,
    TransactionSortField, TransactionStatus, ValidatedDeposit,
};
use openkor_store::{
    Created, EditTransaction, NewTransaction, ReturnTransaction, ReverseTransaction, Reversed,
    Store, StoreError,
};
use std::sync::Arc;

const TRANSACTION: &str = "transaction";
/// How many times a create runs when a concurrent request with its idempotency key wins.
const CREATE_ATTEMPTS: u32 = 3;

/// How transactions move: the rails' speed and whether the sandbox endpoints are on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RailSettings {
    /// How many times faster than real time the sandbox rails run (at least 1).
    pub speedup: i64,
    /// Whether `/v1/sandbox/*` is served.
    pub sandbox_endpoints: bool,
}

impl Default for RailSettings {
    fn default() -> Self {
        Self {
            speedup: 1,
            sandbox_endpoints: true,
        }
    }
}

/// Transaction use cases.
#[derive(Clone)]
pub struct TransactionService {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    settings: RailSettings,
}

impl TransactionService {
    /// Over `store` and `clock`.
    pub fn new(store: Arc<dyn Store>, clock: Arc<dyn Clock>, settings: RailSettings) -> Self {
        Self {
            store,
            clock,
            settings,
        }
    }

    /// The rails' settings.
    pub fn settings(&self) -> RailSettings {
        self.settings
    }

    /// `POST /v1/transactions`.
    pub async fn create(
        &self,
        principal: &Principal,
        draft: &TransactionDraft,
        idempotency: Option<IdempotencyKey>,
    ) -> Result<Created, ServiceError> {
        authorize(principal, Permission::ManageTransactions)?;
        let request = draft.validate()?;
        self.create_from(principal, Origin::Request(request), idempotency)
            .await
    }

    /// `POST /v1/sandbox/deposits`: money arriving from outside into a ledgered account.
    pub async fn deposit(
        &self,
        principal: &Principal,
        deposit: ValidatedDeposit,
        idempotency: Option<IdempotencyKey>,
    ) -> Result<Created, ServiceError> {
        authorize(principal, Permission::ManageTransactions)?;
        self.require_sandbox()?;
        self.create_from(principal, Origin::Deposit(deposit), idempotency)
            .await
    }

    async fn create_from(
        &self,
        principal: &Principal,
        origin: Origin,
        idempotency: Option<IdempotencyKey>,
    ) -> Result<Created, ServiceError> {
        let command = NewTransaction {
            scope: principal.business_account_id,
            origin,
            idempotency,
            by: actor_of(principal),
            at: self.clock.now(),
            rail_speedup: self.settings.speedup.max(1),
        };
        with_retries("resource", || self.store.create_transaction(&command)).await
    }

    /// `POST /v1/transactions/{id}/reverse`: a REVERSAL and, for the `INCORRECT_*` reasons, a
    /// correction.
    pub async fn reverse(
        &self,
        principal: &Principal,
        id: TransactionId,
        draft: &ReverseDraft,
        idempotency: Option<IdempotencyKey>,
    ) -> Result<Reversed, ServiceError> {
        authorize(principal, Permission::ManageTransactions)?;
        let reversal = draft.validate()?;
        let command = ReverseTransaction {
            scope: principal.business_account_id,
            id,
            reversal,
            idempotency,
            by: actor_of(principal),
            at: self.clock.now(),
            rail_speedup: self.settings.speedup.max(1),
        };
        with_retries(TRANSACTION, || self.store.reverse_transaction(&command)).await
    }

    /// `PUT /v1/transactions/{id}`: the original (as [`Self::get`] read it) cancelled and a new
    /// transaction with the edit's values created, or neither. The fields an edit keeps never
    /// change, so that read is as good as the one the store locks.
    pub async fn edit(
        &self,
        principal: &Principal,
        original: &Transaction,
        draft: &EditDraft,
        idempotency: Option<IdempotencyKey>,
    ) -> Result<Created, ServiceError> {
        authorize(principal, Permission::ManageTransactions)?;
        let command = EditTransaction {
            scope: principal.business_account_id,
            id: original.id,
            request: draft.apply(original)?,
            idempotency,
            by: actor_of(principal),
            at: self.clock.now(),
            rail_speedup: self.settings.speedup.max(1),
        };
        with_retries(TRANSACTION, || self.store.edit_transaction(&command)).await
    }

    /// `GET /v1/transactions/{id}`.
    pub async fn get(
        &self,
        principal: &Principal,
        id: TransactionId,
    ) -> Result<Transaction, ServiceError> {
        authorize(principal, Permission::Read)?;
        self.store
            .get_transaction(principal.business_account_id, id)
            .await
            .map_err(ServiceError::from_store(TRANSACTION))
    }

    /// `GET /v1/transactions`.
    pub async fn list(
        &self,
        principal: &Principal,
        filter: &TransactionFilter,
        request: &PageRequest<TransactionSortField>,
    ) -> Result<Page<Transaction>, ServiceError> {
        authorize(principal, Permission::Read)?;
        Ok(self
            .store
            .list_transactions(principal.business_account_id, filter, request)
            .await?)
    }

    /// `GET /v1/transaction-histories?transactionId=` (and, unpaged, `…/statuses`).
    pub async fn history(
        &self,
        principal: &Principal,
        id: TransactionId,
        request: &PageRequest<HistorySortField>,
    ) -> Result<Page<StatusRecord>, ServiceError> {
        authorize(principal, Permission::Read)?;
        self.store
            .transaction_history(principal.business_account_id, id, request)
            .await
            .map_err(ServiceError::from_store(TRANSACTION))
    }

    /// `GET /v1/payment-reasons`.
    pub fn payment_reasons(
        &self,
        principal: &Principal,
    ) -> Result<&'static [PaymentReason], ServiceError> {
        authorize(principal, Permission::Read)?;
        Ok(PAYMENT_REASONS)
    }

    /// `POST /v1/sandbox/transactions/{id}/simulate`.
    pub async fn simulate(
        &self,
        principal: &Principal,
        id: TransactionId,
        outcome: TransactionStatus,
    ) -> Result<Transaction, ServiceError> {
        authorize(principal, Permission::ManageTransactions)?;
        self.require_sandbox()?;
        self.store
            .simulate_transaction(
                principal.business_account_id,
                id,
                outcome,
                actor_of(principal),
                self.clock.now(),
            )
            .await
            .map_err(ServiceError::from_store(TRANSACTION))?
            .map_err(refused)
    }

    /// `POST /v1/sandbox/transactions/{id}/simulate` with `RETURNED`: the receiving bank sends
    /// a settled ACH transaction back; answers the `RETURN`.
    pub async fn simulate_return(
        &self,
        principal: &Principal,
        id: TransactionId,
        code: ReturnCode,
    ) -> Result<Transaction, ServiceError> {
        authorize(principal, Permission::ManageTransactions)?;
        self.require_sandbox()?;
        let command = ReturnTransaction {
            scope: principal.business_account_id,
            id,
            code,
            by: actor_of(principal),
            at: self.clock.now(),
        };
        self.store
            .return_transaction(&command)
            .await
            .map_err(ServiceError::from_store(TRANSACTION))?
            .map_err(refused)
    }

    /// `DELETE /v1/transactions/{id}`: cancels a NEW or PENDING ACH or wire transaction.
    pub async fn cancel(
        &self,
        principal: &Principal,
        id: TransactionId,
    ) -> Result<Transaction, ServiceError> {
        authorize(principal, Permission::ManageTransactions)?;
        self.store
            .cancel_transaction(
                principal.business_account_id,
                id,
                actor_of(principal),
                self.clock.now(),
            )
            .await
            .map_err(ServiceError::from_store(TRANSACTION))?
            .map_err(refused)
    }

    fn require_sandbox(&self) -> Result<(), ServiceError> {
        if self.settings.sandbox_endpoints {
            Ok(())
        } else {
            Err(ServiceError::Disabled(
                "the sandbox endpoints are switched off on this server (--sandbox-endpoints false)",
            ))
        }
    }
}

pub(crate) fn refused(refusal: Refusal) -> ServiceError {
    match refusal {
        Refusal::Rules(errors) => ServiceError::Unprocessable(errors),
        Refusal::InsufficientFunds(account) => ServiceError::InsufficientFunds(account),
        Refusal::IdempotencyKeyReused => ServiceError::IdempotencyKeyReused,
        Refusal::NotAllowed(why) => ServiceError::BusinessRule(why),
        Refusal::LimitExceeded(usage) => ServiceError::LimitExceeded(usage),
    }
}

/// Runs `attempt` again while it fails on a retryable conflict (a concurrent request with the
/// same key won, or a generated id clashed), at most [`CREATE_ATTEMPTS`] times: running it
/// again replays the winner's answer. A missing row is a 404 naming `what`.
pub(crate) async fn with_retries<T, F, Fut>(
    what: &'static str,
    mut attempt: F,
) -> Result<T, ServiceError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<Result<T, Refusal>, StoreError>>,
{
    let mut attempts_left = CREATE_ATTEMPTS;
    loop {
        attempts_left -= 1;
        match attempt().await {
            Err(StoreError::Conflict(constraint))
                if constraint.is_retryable() && attempts_left > 0 => {}
            Err(error) => return Err(ServiceError::from_store(what)(error)),
            Ok(outcome) => return outcome.map_err(refused),
        }
    }
}
