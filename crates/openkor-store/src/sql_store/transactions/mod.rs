//! Transactions: creation with its hold or settlement, reads, the rails' steps, simulations
//! and the ledger check.
//!
//! - `create.rs`: the create unit of work (idempotency, rules, funds, writes).
//! - `state.rs`: a status move (history, journal entry, events, row).
//! - `ledger.rs`: locking ledger accounts and writing journal entries.
//! - `events.rs`: the outbox payloads.
//! - `views.rs`: the accounts as the rules see them.
//! - `read.rs`, `rows.rs`: reads and row mapping.
//! - `rail.rs`: the rails' steps and simulations.
//! - `operations.rs`, `reverse.rs`, `returns.rs`: cancel and edit, reverse, ACH returns.
//! - `limits.rs`: transaction limits: the check, the charges, the give-back.
//! - `verify.rs`: `ledger verify`.

mod create;
mod events;
pub(crate) mod ledger;
pub(crate) mod limits;
mod operations;
mod rail;
pub(crate) mod read;
mod returns;
mod reverse;
pub(crate) mod rows;
mod state;
mod stp;
mod verify;
mod views;

use super::SqlStore;
use super::cursors::PageTurn;
use crate::db::{Backend, Conn};
use crate::{
    Created, EditTransaction, LedgerReport, NewTransaction, ReturnTransaction, ReverseTransaction,
    Reversed, StoreError, StpCommand, TransactionStore,
};
use openkor_domain::actor::Actor;
use openkor_domain::clock::Timestamp;
use openkor_domain::ids::{BusinessAccountId, TransactionId};
use openkor_domain::paging::{Page, PageRequest};
use openkor_domain::transaction::{
    HistorySortField, IdempotencyKey, Refusal, StatusRecord, Transaction, TransactionFilter,
    TransactionSortField, TransactionStatus,
};

#[async_trait::async_trait]
impl<B: Backend> TransactionStore for SqlStore<B> {
    async fn create_transaction(
        &self,
        command: &NewTransaction,
    ) -> Result<Result<Created, Refusal>, StoreError> {
        let command = command.clone();
        self.backend
            .write(move |conn| Box::pin(async move { create::create(conn, &command).await }))
            .await
    }

    async fn replay_transaction(
        &self,
        scope: BusinessAccountId,
        key: &IdempotencyKey,
    ) -> Result<Option<Result<Created, Refusal>>, StoreError> {
        let key = key.clone();
        self.backend
            .read(move |conn| Box::pin(async move { create::replay(conn, scope, &key).await }))
            .await
    }

    async fn create_stp_transaction(
        &self,
        command: &StpCommand,
    ) -> Result<Result<Created, Refusal>, StoreError> {
        let command = command.clone();
        self.backend
            .write(move |conn| Box::pin(async move { stp::create(conn, &command).await }))
            .await
    }

    async fn get_transaction(
        &self,
        scope: BusinessAccountId,
        id: TransactionId,
    ) -> Result<Transaction, StoreError> {
        self.backend
            .read(move |conn| Box::pin(async move { read::get(conn, scope, id).await }))
            .await
    }

    async fn list_transactions(
        &self,
        scope: BusinessAccountId,
        filter: &TransactionFilter,
        request: &PageRequest<TransactionSortField>,
    ) -> Result<Page<Transaction>, StoreError> {
        let (filter, request) = (filter.clone(), request.clone());
        let turn = PageTurn::new(&self.cursors);
        let page_turn = turn.clone();
        self.paged(&turn, move |conn| {
            Box::pin(async move { read::list(conn, scope, &filter, &request, &page_turn).await })
        })
        .await
    }

    async fn transaction_history(
        &self,
        scope: BusinessAccountId,
        id: TransactionId,
        request: &PageRequest<HistorySortField>,
    ) -> Result<Page<StatusRecord>, StoreError> {
        let request = request.clone();
        let turn = PageTurn::new(&self.cursors);
        let page_turn = turn.clone();
        self.paged(&turn, move |conn| {
            Box::pin(async move { read::history(conn, scope, id, &request, &page_turn).await })
        })
        .await
    }

    async fn due_transactions(
        &self,
        now: Timestamp,
        limit: u32,
    ) -> Result<Vec<TransactionId>, StoreError> {
        self.backend
            .read(move |conn| Box::pin(async move { rail::due(conn, now, limit).await }))
            .await
    }

    async fn advance_transaction(
        &self,
        id: TransactionId,
        now: Timestamp,
        rail_speedup: i64,
    ) -> Result<bool, StoreError> {
        self.backend
            .write(move |conn| {
                Box::pin(async move { rail::advance(conn, id, now, rail_speedup).await })
            })
            .await
    }

    async fn simulate_transaction(
        &self,
        scope: BusinessAccountId,
        id: TransactionId,
        outcome: TransactionStatus,
        by: Actor,
        at: Timestamp,
    ) -> Result<Result<Transaction, Refusal>, StoreError> {
        self.backend
            .write(move |conn| {
                Box::pin(async move { rail::simulate(conn, scope, id, outcome, by, at).await })
            })
            .await
    }

    async fn cancel_transaction(
        &self,
        scope: BusinessAccountId,
        id: TransactionId,
        by: Actor,
        at: Timestamp,
    ) -> Result<Result<Transaction, Refusal>, StoreError> {
        self.backend
            .write(move |conn| {
                Box::pin(async move { operations::cancel(conn, scope, id, by, at).await })
            })
            .await
    }

    async fn reverse_transaction(
        &self,
        command: &ReverseTransaction,
    ) -> Result<Result<Reversed, Refusal>, StoreError> {
        let command = command.clone();
        self.backend
            .write(move |conn| Box::pin(async move { reverse::reverse(conn, &command).await }))
            .await
    }

    async fn return_transaction(
        &self,
        command: &ReturnTransaction,
    ) -> Result<Result<Transaction, Refusal>, StoreError> {
        let command = *command;
        self.backend
            .write(move |conn| Box::pin(async move { returns::return_ach(conn, &command).await }))
            .await
    }

    async fn edit_transaction(
        &self,
        command: &EditTransaction,
    ) -> Result<Result<Created, Refusal>, StoreError> {
        let command = command.clone();
        self.backend
            .write(move |conn| Box::pin(async move { operations::edit(conn, &command).await }))
            .await
    }

    async fn verify_ledger(&self) -> Result<LedgerReport, StoreError> {
        self.backend
            .snapshot(|conn| Box::pin(async move { verify::verify(conn).await }))
            .await
    }

    async fn purge_idempotency_keys(
        &self,
        created_before: Timestamp,
        limit: u32,
    ) -> Result<u64, StoreError> {
        self.backend
            .write(move |conn| {
                Box::pin(async move {
                    conn.execute(
                        "DELETE FROM idempotency_keys WHERE (business_account_id, idempotency_key) IN \
                         (SELECT business_account_id, idempotency_key FROM idempotency_keys \
                         WHERE created_at < $1 ORDER BY created_at LIMIT $2)",
                        &crate::params![created_before, i64::from(limit)],
                    )
                    .await
                })
            })
            .await
    }
}
