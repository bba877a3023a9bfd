//! A run: each step applied to the store and to the model, and the store checked against
//! the model.

use super::super::fixtures::T0;
use super::model::{Model, Payout, Transfer};
use super::steps::{Outcome, Step};
use super::{World, send};
use crate::{NewTransaction, Store, StoreError};
use openkor_domain::actor::Actor;
use openkor_domain::clock::Timestamp;
use openkor_domain::ids::TransactionId;
use openkor_domain::transaction::{
    Origin, Refusal, ReversalReason, Solution, TransactionStatus, ValidatedDeposit,
    ValidatedReversal,
};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use std::sync::atomic::{AtomicI64, Ordering};

/// A run's store, world, model and clock.
pub(super) struct Run<'a> {
    pub(super) store: &'a dyn Store,
    pub(super) world: World,
    pub(super) model: Model,
    pub(super) clock: &'a AtomicI64,
}

pub(super) type Outcomes = Result<(), TestCaseError>;

impl Run<'_> {
    pub(super) fn tick(&self, ms: i64) -> Timestamp {
        T0.plus_ms(self.clock.fetch_add(ms, Ordering::SeqCst) + ms)
    }

    pub(super) async fn create(
        &self,
        origin: Origin,
    ) -> Result<Result<TransactionId, Refusal>, StoreError> {
        let command = NewTransaction {
            scope: self.world.scope,
            origin,
            idempotency: None,
            by: Actor::INTERNAL,
            at: self.tick(1),
            rail_speedup: 1,
        };
        Ok(self
            .store
            .create_transaction(&command)
            .await?
            .map(|created| created.transaction.id))
    }

    pub(super) async fn apply(&mut self, step: Step) -> Outcomes {
        match step {
            Step::Deposit { amount_minor } => self.deposit(amount_minor).await,
            Step::Transfer {
                from,
                to,
                amount_minor,
            } => self.transfer(from, to, amount_minor).await,
            Step::Payout {
                from,
                amount_minor,
                ach,
            } => self.payout(from, amount_minor, ach).await,
            Step::Resolve { pick, outcome } => self.resolve(pick, outcome).await,
            Step::Cancel { pick } => self.cancel(pick).await,
            Step::Edit { pick, amount_minor } => self.edit(pick, amount_minor).await,
            Step::Reverse { pick } => self.reverse(pick).await,
            Step::Collect { to, amount_minor } => self.collect(to, amount_minor).await,
            Step::Return { pick, collection } => self.return_payment(pick, collection).await,
            Step::RailPass => self.rail_pass().await,
        }
    }

    pub(super) async fn deposit(&mut self, amount_minor: i64) -> Outcomes {
        let origin = Origin::Deposit(ValidatedDeposit {
            financial_account_id: self.world.accounts[0],
            amount_minor,
            currency: None,
        });
        let created = self.create(origin).await.map_err(store_failure)?;
        prop_assert!(created.is_ok(), "deposit refused: {created:?}");
        self.model.posted_minor[0] += amount_minor;
        Ok(())
    }

    pub(super) async fn transfer(&mut self, from: usize, to: usize, amount_minor: i64) -> Outcomes {
        let accounts = self.world.accounts;
        let origin = send(
            accounts[from],
            accounts[to],
            Solution::Transfer,
            amount_minor,
        );
        let created = self.create(origin).await.map_err(store_failure)?;
        if self.model.available_minor(from) < amount_minor {
            prop_assert_eq!(created, Err(Refusal::InsufficientFunds(accounts[from])));
            return Ok(());
        }
        let id = created.map_err(|refusal| fail(format!("transfer refused: {refusal:?}")))?;
        self.expect_status(id, TransactionStatus::Settled).await?;
        self.model.posted_minor[from] -= amount_minor;
        self.model.posted_minor[to] += amount_minor;
        self.model.transfers.push(Transfer {
            id,
            from,
            to,
            amount_minor,
            reversal: None,
        });
        Ok(())
    }

    /// A duplicate-payment reversal: refused once reversed, or when the receiver spent it.
    pub(super) async fn reverse(&mut self, pick: usize) -> Outcomes {
        if self.model.transfers.is_empty() {
            return Ok(());
        }
        let index = pick % self.model.transfers.len();
        let (id, to, amount) = {
            let transfer = &self.model.transfers[index];
            (transfer.id, transfer.to, transfer.amount_minor)
        };
        let command = crate::ReverseTransaction {
            scope: self.world.scope,
            id,
            reversal: ValidatedReversal {
                reason: ReversalReason::DuplicatePayment,
                correction: None,
            },
            idempotency: None,
            by: Actor::INTERNAL,
            at: self.tick(1),
            rail_speedup: 1,
        };
        let result = self
            .store
            .reverse_transaction(&command)
            .await
            .map_err(store_failure)?;
        if self.model.transfers[index].reversal.is_some() {
            prop_assert!(
                matches!(result, Err(Refusal::NotAllowed(_))),
                "reversed twice: {result:?}"
            );
            return Ok(());
        }
        if self.model.available_minor(to) < amount {
            prop_assert_eq!(
                result.map(|r| r.reversal.id),
                Err(Refusal::InsufficientFunds(self.world.accounts[to]))
            );
            return Ok(());
        }
        let reversed = result.map_err(|refusal| fail(format!("reverse refused: {refusal:?}")))?;
        let from = self.model.transfers[index].from;
        self.model.transfers[index].reversal = Some((reversed.reversal.id, false));
        self.model.held_minor[to] += amount;
        self.model.incoming_minor[from] += amount;
        Ok(())
    }

    /// An edit: only an open ACH payout can be; its hold is released and the new amount held,
    /// or, when the account cannot cover the new amount even with the old hold released,
    /// nothing changes.
    pub(super) async fn edit(&mut self, pick: usize, amount_minor: i64) -> Outcomes {
        if self.model.payouts.is_empty() {
            return Ok(());
        }
        let index = pick % self.model.payouts.len();
        let (id, from, old_minor, open, ach) = {
            let p = &self.model.payouts[index];
            (p.id, p.from, p.amount_minor, p.open, p.ach)
        };
        let debit = self.world.accounts[from];
        let Origin::Request(request) = send(debit, self.world.bank, Solution::Ach, amount_minor)
        else {
            return Err(fail("an edit is a request".to_owned()));
        };
        let command = crate::EditTransaction {
            scope: self.world.scope,
            id,
            request,
            idempotency: None,
            by: Actor::INTERNAL,
            at: self.tick(1),
            rail_speedup: 1,
        };
        let result = self
            .store
            .edit_transaction(&command)
            .await
            .map_err(store_failure)?
            .map(|created| created.transaction.id);
        if !(open && ach) {
            prop_assert!(
                matches!(result, Err(Refusal::NotAllowed(_))),
                "edited: {result:?}"
            );
            return Ok(());
        }
        if self.model.available_minor(from) + old_minor < amount_minor {
            prop_assert_eq!(result, Err(Refusal::InsufficientFunds(debit)));
            let unchanged = self
                .store
                .get_transaction(self.world.scope, id)
                .await
                .map_err(store_failure)?;
            prop_assert!(
                matches!(
                    unchanged.latest_status.status,
                    TransactionStatus::New | TransactionStatus::Pending
                ),
                "a refused edit left {:?}",
                unchanged.latest_status.status
            );
            return Ok(());
        }
        let new_id = result.map_err(|refusal| fail(format!("edit: {refusal:?}")))?;
        self.expect_status(id, TransactionStatus::Cancelled).await?;
        self.model.resolve(index, Outcome::Declined);
        self.model.held_minor[from] += amount_minor;
        self.model.payouts.push(Payout {
            id: new_id,
            from,
            amount_minor,
            open: true,
            ach: true,
            settled: false,
            returned: false,
        });
        Ok(())
    }

    /// A cancel: only an open ACH payout can be; its hold is released.
    pub(super) async fn cancel(&mut self, pick: usize) -> Outcomes {
        if self.model.payouts.is_empty() {
            return Ok(());
        }
        let index = pick % self.model.payouts.len();
        let (id, open, ach) = {
            let payout = &self.model.payouts[index];
            (payout.id, payout.open, payout.ach)
        };
        let at = self.tick(1);
        let result = self
            .store
            .cancel_transaction(self.world.scope, id, Actor::INTERNAL, at)
            .await
            .map_err(store_failure)?;
        if !(open && ach) {
            prop_assert!(
                matches!(result, Err(Refusal::NotAllowed(_))),
                "cancelled: {result:?}"
            );
            return Ok(());
        }
        let transaction = result.map_err(|refusal| fail(format!("cancel: {refusal:?}")))?;
        prop_assert_eq!(
            transaction.latest_status.status,
            TransactionStatus::Cancelled
        );
        self.model.resolve(index, Outcome::Declined);
        Ok(())
    }

    pub(super) async fn payout(&mut self, from: usize, amount_minor: i64, ach: bool) -> Outcomes {
        let debit = self.world.accounts[from];
        let origin = if ach {
            send(debit, self.world.bank, Solution::Ach, amount_minor)
        } else {
            send(debit, self.world.card, Solution::PushToCard, amount_minor)
        };
        let created = self.create(origin).await.map_err(store_failure)?;
        if self.model.available_minor(from) < amount_minor {
            prop_assert_eq!(created, Err(Refusal::InsufficientFunds(debit)));
            return Ok(());
        }
        let id = created.map_err(|refusal| fail(format!("payout refused: {refusal:?}")))?;
        self.expect_status(id, TransactionStatus::New).await?;
        self.model.held_minor[from] += amount_minor;
        self.model.payouts.push(Payout {
            id,
            from,
            amount_minor,
            open: true,
            ach,
            settled: false,
            returned: false,
        });
        Ok(())
    }

    pub(super) async fn resolve(&mut self, pick: usize, outcome: Outcome) -> Outcomes {
        if self.model.payouts.is_empty() {
            return Ok(());
        }
        let index = pick % self.model.payouts.len();
        let (id, open) = (self.model.payouts[index].id, self.model.payouts[index].open);
        let at = self.tick(1);
        let result = self
            .store
            .simulate_transaction(self.world.scope, id, outcome.status(), Actor::INTERNAL, at)
            .await
            .map_err(store_failure)?;
        if !open {
            prop_assert!(
                matches!(result, Err(Refusal::NotAllowed(_))),
                "a finished payout accepted {outcome:?}: {result:?}"
            );
            return Ok(());
        }
        let transaction = result.map_err(|refusal| fail(format!("{outcome:?}: {refusal:?}")))?;
        prop_assert_eq!(transaction.latest_status.status, outcome.status());
        self.model.resolve(index, outcome);
        Ok(())
    }

    /// The engine schedules each step from the time of the one before, so a push-to-card
    /// payout needs one pass per step: a pass a minute for five minutes walks every open
    /// push-to-card payout and every reversal to SETTLED (their originals to REVERSED), and an
    /// ACH payout to PENDING (it is sent an hour later).
    pub(super) async fn rail_pass(&mut self) -> Outcomes {
        for _ in 0..5 {
            let now = self.tick(60_000);
            let due = self
                .store
                .due_transactions(now, 1_000)
                .await
                .map_err(store_failure)?;
            for id in due {
                self.store
                    .advance_transaction(id, now, 1)
                    .await
                    .map_err(store_failure)?;
            }
        }
        for index in 0..self.model.payouts.len() {
            let payout = &self.model.payouts[index];
            if payout.open && payout.ach {
                self.expect_status(payout.id, TransactionStatus::Pending)
                    .await?;
            } else if payout.open {
                self.expect_status(payout.id, TransactionStatus::Settled)
                    .await?;
                self.model.resolve(index, Outcome::Settled);
            }
        }
        for index in 0..self.model.transfers.len() {
            let transfer = &self.model.transfers[index];
            if let Some((reversal, false)) = transfer.reversal {
                self.expect_status(reversal, TransactionStatus::Settled)
                    .await?;
                self.expect_status(transfer.id, TransactionStatus::Reversed)
                    .await?;
                self.model.settle_reversal(index);
            }
        }
        Ok(())
    }

    pub(super) async fn expect_status(
        &self,
        id: TransactionId,
        status: TransactionStatus,
    ) -> Outcomes {
        let transaction = self
            .store
            .get_transaction(self.world.scope, id)
            .await
            .map_err(store_failure)?;
        prop_assert_eq!(transaction.latest_status.status, status);
        Ok(())
    }

    /// The store's balances equal the model's, and no account is overdrawn but by a return.
    pub(super) async fn check_balances(&self) -> Outcomes {
        for (index, account) in self.world.accounts.iter().enumerate() {
            let stored = self
                .store
                .balances(self.world.scope, *account)
                .await
                .map_err(store_failure)?;
            prop_assert_eq!(stored, self.model.balances(index), "account {}", index);
            prop_assert!(
                stored.available_balance_minor() >= 0 || self.model.may_be_overdrawn[index],
                "account {} overdrawn without a return",
                index
            );
        }
        Ok(())
    }
}

pub(super) fn store_failure(error: StoreError) -> TestCaseError {
    fail(format!("store error: {error}"))
}

pub(super) fn fail(reason: String) -> TestCaseError {
    TestCaseError::fail(reason)
}
