//! Conformance case: a property test of money movement. Random interleavings of deposits, book
//! transfers, push-to-card and ACH payouts, simulated outcomes, cancels, edits, reversals and
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
//! longer allows is refused and changes nothing. An ACH collection clears into an account at
//! once; when the bank returns it, the amount leaves that account even below zero, and a
//! returned settled ACH payout gives its amount back; a payment comes back at most once.

mod model;
mod returns;
mod run;
mod steps;

use super::financial_accounts::tenant_with_customer;
use super::fixtures::{self, T0};
use crate::Store;
use model::Model;
use openkor_domain::financial_account::FinancialAccount;
use openkor_domain::ids::{BusinessAccountId, FinancialAccountId};
use openkor_domain::transaction::{Origin, Solution, TransactionType, ValidatedTransaction};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use run::{Outcomes, Run, store_failure};
use std::sync::atomic::AtomicI64;
use steps::{Outcome, Step, step};

/// Ledgered accounts in the model: the business account and two customer wallets.
const ACCOUNTS: usize = 3;

/// The accounts of one run, in the store.
pub(super) struct World {
    pub(super) scope: BusinessAccountId,
    pub(super) accounts: [FinancialAccountId; ACCOUNTS],
    pub(super) card: FinancialAccountId,
    pub(super) bank: FinancialAccountId,
}

pub(super) async fn world(store: &dyn Store) -> World {
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
    verify(store, tenant.business_account.id, bank.id).await;
    World {
        scope: tenant.business_account.id,
        accounts: [business.id, wallets[0], wallets[1]],
        card: card.id,
        bank: bank.id,
    }
}

/// Passes the bank account's prenote, so collections can pull from it.
async fn verify(store: &dyn Store, scope: BusinessAccountId, bank: FinancialAccountId) {
    let request = crate::PrenoteRequest {
        scope,
        ids: vec![bank],
        by: openkor_domain::actor::Actor::INTERNAL,
        at: T0,
        due_at: T0,
    };
    let started = store.request_prenotes(&request).await.expect("prenote");
    assert!(started.is_ok(), "{started:?}");
    let completed = store.complete_prenote(bank, T0).await.expect("prenote");
    assert!(completed, "the prenote completes");
}

pub(super) fn send(
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
