//! Conformance case: a property test of money movement. Random interleavings of deposits, book
//! transfers, push-to-card and ACH payouts, simulated outcomes, cancels, reversals and
//! rail-engine passes over three accounts are run against the store and against a model of the
//! four balances; after every step the store must agree with the model, and at the end
//! `ledger verify` must be clean.
//!
//! The model is the specification in miniature: a deposit adds to the posted balance, a
//! transfer moves posted money at once, a payout holds its amount (pending withdrawal) until it
//! settles (the hold becomes a posted debit) or is declined, errs or (ACH only) is cancelled
//! (the hold is released); a reversal of a transfer holds its amount on the account that
//! received it and gives it back to the sender when it settles, once per transfer; a debit
//! beyond the available balance is refused and changes nothing; an operation the status no
//! longer allows is refused and changes nothing.

use super::financial_accounts::tenant_with_customer;
use super::fixtures::{self, T0};
use crate::{NewTransaction, Store, StoreError};
use openkor_domain::actor::Actor;
use openkor_domain::clock::Timestamp;
use openkor_domain::financial_account::FinancialAccount;
use openkor_domain::ids::{BusinessAccountId, FinancialAccountId, TransactionId};
use openkor_domain::ledger::Balances;
use openkor_domain::transaction::{
    Origin, Refusal, ReversalReason, Solution, TransactionStatus, TransactionType,
    ValidatedDeposit, ValidatedReversal, ValidatedTransaction,
};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use std::sync::atomic::{AtomicI64, Ordering};

/// Ledgered accounts in the model: the business account and two customer wallets.
const ACCOUNTS: usize = 3;

/// One step of a run.
#[derive(Clone, Copy, Debug)]
enum Step {
    /// A sandbox deposit into the business account.
    Deposit { amount_minor: i64 },
    /// A book transfer between two different ledgered accounts.
    Transfer {
        from: usize,
        to: usize,
        amount_minor: i64,
    },
    /// A payout to the customer's card (push-to-card) or bank account (ACH, which can be
    /// cancelled): a hold until it resolves.
    Payout {
        from: usize,
        amount_minor: i64,
        ach: bool,
    },
    /// A cancel of one of the payouts made so far.
    Cancel { pick: usize },
    /// An edit of one of the payouts made so far: the same accounts, a new amount.
    Edit { pick: usize, amount_minor: i64 },
    /// A reversal (duplicate payment) of one of the book transfers made so far.
    Reverse { pick: usize },
    /// A simulated outcome for one of the payouts made so far (open or not).
    Resolve { pick: usize, outcome: Outcome },
    /// Time jumps a minute and the rail engine runs until nothing is due.
    RailPass,
}

#[derive(Clone, Copy, Debug)]
enum Outcome {
    Settled,
    Declined,
    Error,
}

impl Outcome {
    fn status(self) -> TransactionStatus {
        match self {
            Self::Settled => TransactionStatus::Settled,
            Self::Declined => TransactionStatus::Declined,
            Self::Error => TransactionStatus::Error,
        }
    }
}

fn amount() -> impl Strategy<Value = i64> {
    prop_oneof![1_i64..=500, 500_i64..=20_000]
}

fn step() -> impl Strategy<Value = Step> {
    let account = 0..ACCOUNTS;
    let outcome = prop_oneof![
        Just(Outcome::Settled),
        Just(Outcome::Declined),
        Just(Outcome::Error)
    ];
    prop_oneof![
        2 => amount().prop_map(|amount_minor| Step::Deposit { amount_minor }),
        4 => (account.clone(), 1..ACCOUNTS, amount()).prop_map(|(from, shift, amount_minor)| {
            Step::Transfer { from, to: (from + shift) % ACCOUNTS, amount_minor }
        }),
        3 => (account, amount(), any::<bool>())
            .prop_map(|(from, amount_minor, ach)| Step::Payout { from, amount_minor, ach }),
        3 => (any::<usize>(), outcome).prop_map(|(pick, outcome)| Step::Resolve { pick, outcome }),
        1 => any::<usize>().prop_map(|pick| Step::Cancel { pick }),
        1 => (any::<usize>(), amount()).prop_map(|(pick, amount_minor)| Step::Edit { pick, amount_minor }),
        2 => any::<usize>().prop_map(|pick| Step::Reverse { pick }),
        1 => Just(Step::RailPass),
    ]
}

/// A payout made during a run.
struct Payout {
    id: TransactionId,
    from: usize,
    amount_minor: i64,
    open: bool,
    ach: bool,
}

/// A book transfer made during a run, and its reversal once asked for.
struct Transfer {
    id: TransactionId,
    from: usize,
    to: usize,
    amount_minor: i64,
    /// The reversal and whether it has settled.
    reversal: Option<(TransactionId, bool)>,
}

/// The expected state of one run.
#[derive(Default)]
struct Model {
    posted_minor: [i64; ACCOUNTS],
    held_minor: [i64; ACCOUNTS],
    incoming_minor: [i64; ACCOUNTS],
    payouts: Vec<Payout>,
    transfers: Vec<Transfer>,
}

impl Model {
    fn available_minor(&self, account: usize) -> i64 {
        self.posted_minor[account] - self.held_minor[account]
    }

    fn balances(&self, account: usize) -> Balances {
        Balances {
            account_balance_minor: self.posted_minor[account],
            pending_withdrawals_minor: self.held_minor[account],
            pending_deposits_minor: self.incoming_minor[account],
        }
    }

    /// Applies the settlement of a transfer's reversal.
    fn settle_reversal(&mut self, index: usize) {
        let transfer = &mut self.transfers[index];
        if let Some((_, settled)) = &mut transfer.reversal {
            *settled = true;
        }
        let (from, to, amount) = (transfer.from, transfer.to, transfer.amount_minor);
        self.held_minor[to] -= amount;
        self.posted_minor[to] -= amount;
        self.incoming_minor[from] -= amount;
        self.posted_minor[from] += amount;
    }

    /// Applies the end of an open payout.
    fn resolve(&mut self, index: usize, outcome: Outcome) {
        let payout = &mut self.payouts[index];
        payout.open = false;
        self.held_minor[payout.from] -= payout.amount_minor;
        if matches!(outcome, Outcome::Settled) {
            self.posted_minor[payout.from] -= payout.amount_minor;
        }
    }
}

/// The accounts of one run, in the store.
struct World {
    scope: BusinessAccountId,
    accounts: [FinancialAccountId; ACCOUNTS],
    card: FinancialAccountId,
    bank: FinancialAccountId,
}

async fn world(store: &dyn Store) -> World {
    let (tenant, customer) = tenant_with_customer(store).await;
    let business = &tenant.financial_accounts[0];
    let mut wallets = Vec::new();
    for offset_ms in 1..=2 {
        let wallet = fixtures::internal_account(&customer, business, T0.plus_ms(offset_ms));
        store
            .create_financial_account(&wallet, &[])
            .await
            .expect("wallet");
        wallets.push(wallet.id);
    }
    let card: FinancialAccount = fixtures::external_card(&customer, 4, T0.plus_ms(3));
    store
        .create_financial_account(&card, &[])
        .await
        .expect("card");
    let bank = fixtures::external_bank_account(&customer, 5, T0.plus_ms(4));
    store
        .create_financial_account(&bank, &[])
        .await
        .expect("bank");
    World {
        scope: tenant.business_account.id,
        accounts: [business.id, wallets[0], wallets[1]],
        card: card.id,
        bank: bank.id,
    }
}

fn send(
    from: FinancialAccountId,
    to: FinancialAccountId,
    solution: Solution,
    amount_minor: i64,
) -> Origin {
    Origin::Request(ValidatedTransaction {
        debit_financial_account_id: from,
        credit_financial_account_id: to,
        transaction_type: TransactionType::Send,
        solution,
        payment_reason_id: "loan-payouts".to_owned(),
        amount_minor,
        currency: None,
        settlement_priority: None,
        description: None,
        memo: None,
        metadata: match solution {
            Solution::Ach => [("rkorACHEntryType".to_owned(), "CCD".to_owned())].into(),
            _ => Default::default(),
        },
        initiator_account_holder_id: None,
    })
}

/// A run's store, world, model and clock.
struct Run<'a> {
    store: &'a dyn Store,
    world: World,
    model: Model,
    clock: &'a AtomicI64,
}

type Outcomes = Result<(), TestCaseError>;

impl Run<'_> {
    fn tick(&self, ms: i64) -> Timestamp {
        T0.plus_ms(self.clock.fetch_add(ms, Ordering::SeqCst) + ms)
    }

    async fn create(&self, origin: Origin) -> Result<Result<TransactionId, Refusal>, StoreError> {
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

    async fn apply(&mut self, step: Step) -> Outcomes {
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
            Step::RailPass => self.rail_pass().await,
        }
    }

    async fn deposit(&mut self, amount_minor: i64) -> Outcomes {
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

    async fn transfer(&mut self, from: usize, to: usize, amount_minor: i64) -> Outcomes {
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
    async fn reverse(&mut self, pick: usize) -> Outcomes {
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
    async fn edit(&mut self, pick: usize, amount_minor: i64) -> Outcomes {
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
        });
        Ok(())
    }

    /// A cancel: only an open ACH payout can be; its hold is released.
    async fn cancel(&mut self, pick: usize) -> Outcomes {
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

    async fn payout(&mut self, from: usize, amount_minor: i64, ach: bool) -> Outcomes {
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
        });
        Ok(())
    }

    async fn resolve(&mut self, pick: usize, outcome: Outcome) -> Outcomes {
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
    async fn rail_pass(&mut self) -> Outcomes {
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

    async fn expect_status(&self, id: TransactionId, status: TransactionStatus) -> Outcomes {
        let transaction = self
            .store
            .get_transaction(self.world.scope, id)
            .await
            .map_err(store_failure)?;
        prop_assert_eq!(transaction.latest_status.status, status);
        Ok(())
    }

    /// The store's balances equal the model's, and no account is overdrawn.
    async fn check_balances(&self) -> Outcomes {
        for (index, account) in self.world.accounts.iter().enumerate() {
            let stored = self
                .store
                .balances(self.world.scope, *account)
                .await
                .map_err(store_failure)?;
            prop_assert_eq!(stored, self.model.balances(index), "account {}", index);
            prop_assert!(stored.available_balance_minor() >= 0);
        }
        Ok(())
    }
}

fn store_failure(error: StoreError) -> TestCaseError {
    fail(format!("store error: {error}"))
}

fn fail(reason: String) -> TestCaseError {
    TestCaseError::fail(reason)
}

async fn run_case(store: &dyn Store, steps: Vec<Step>, clock: &AtomicI64) -> Outcomes {
    let world = world(store).await;
    let mut run = Run {
        store,
        world,
        model: Model::default(),
        clock,
    };
    for step in steps {
        run.apply(step).await?;
        run.check_balances().await?;
    }
    // Every hold is released exactly once: after a last pass and the open ACH payouts
    // settled, nothing is held anywhere.
    run.rail_pass().await?;
    for index in 0..run.model.payouts.len() {
        if run.model.payouts[index].open {
            run.resolve(index, Outcome::Settled).await?;
        }
    }
    run.check_balances().await?;
    prop_assert_eq!(run.model.held_minor, [0; ACCOUNTS]);
    prop_assert_eq!(run.model.incoming_minor, [0; ACCOUNTS]);
    let report = store.verify_ledger().await.map_err(store_failure)?;
    prop_assert!(report.problems.is_empty(), "{:?}", report.problems);
    Ok(())
}

/// Random interleavings of money movement keep every balance equal to the model's, never
/// overdraw an account, release each hold exactly once and leave a ledger `verify` finds clean
/// (every entry sums to zero, every running total equals its postings).
pub async fn random_money_movement_keeps_every_invariant(store: &dyn Store) {
    let handle = tokio::runtime::Handle::current();
    // One clock for every case: the rail engine sees every tenant's transactions.
    let clock = AtomicI64::new(0);
    let config = Config {
        cases: 24,
        failure_persistence: None,
        ..Config::default()
    };
    let mut runner = TestRunner::new(config);
    let steps = proptest::collection::vec(step(), 1..40);
    let result = runner.run(&steps, |steps| {
        tokio::task::block_in_place(|| handle.block_on(run_case(store, steps, &clock)))
    });
    if let Err(failure) = result {
        panic!("{failure}");
    }
}
