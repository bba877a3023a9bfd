//! The expected state of a run: the four balances of each account, the payouts, transfers
//! and collections made so far.

use super::ACCOUNTS;
use super::steps::Outcome;
use openkor_domain::ids::TransactionId;
use openkor_domain::ledger::Balances;

/// A payout made during a run.
pub(super) struct Payout {
    pub(super) id: TransactionId,
    pub(super) from: usize,
    pub(super) amount_minor: i64,
    pub(super) open: bool,
    pub(super) ach: bool,
    /// Whether it ended SETTLED.
    pub(super) settled: bool,
    /// Whether the receiving bank returned it.
    pub(super) returned: bool,
}

/// An ACH collection (a cleared REQUEST from the customer's bank) made during a run.
pub(super) struct Collection {
    pub(super) id: TransactionId,
    pub(super) to: usize,
    pub(super) amount_minor: i64,
    pub(super) returned: bool,
}

/// A book transfer made during a run, and its reversal once asked for.
pub(super) struct Transfer {
    pub(super) id: TransactionId,
    pub(super) from: usize,
    pub(super) to: usize,
    pub(super) amount_minor: i64,
    /// The reversal and whether it has settled.
    pub(super) reversal: Option<(TransactionId, bool)>,
}

/// The expected state of one run.
#[derive(Default)]
pub(super) struct Model {
    pub(super) posted_minor: [i64; ACCOUNTS],
    pub(super) held_minor: [i64; ACCOUNTS],
    pub(super) incoming_minor: [i64; ACCOUNTS],
    pub(super) payouts: Vec<Payout>,
    pub(super) transfers: Vec<Transfer>,
    pub(super) collections: Vec<Collection>,
    /// Accounts a returned collection may have taken below zero.
    pub(super) may_be_overdrawn: [bool; ACCOUNTS],
}

impl Model {
    pub(super) fn available_minor(&self, account: usize) -> i64 {
        self.posted_minor[account] - self.held_minor[account]
    }

    pub(super) fn balances(&self, account: usize) -> Balances {
        Balances {
            account_balance_minor: self.posted_minor[account],
            pending_withdrawals_minor: self.held_minor[account],
            pending_deposits_minor: self.incoming_minor[account],
        }
    }

    /// Applies the settlement of a transfer's reversal.
    pub(super) fn settle_reversal(&mut self, index: usize) {
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
    pub(super) fn resolve(&mut self, index: usize, outcome: Outcome) {
        let payout = &mut self.payouts[index];
        payout.open = false;
        payout.settled = matches!(outcome, Outcome::Settled);
        self.held_minor[payout.from] -= payout.amount_minor;
        if payout.settled {
            self.posted_minor[payout.from] -= payout.amount_minor;
        }
    }
}
