//! The steps of a run and how proptest draws them.

use super::ACCOUNTS;
use openkor_domain::transaction::TransactionStatus;
use proptest::prelude::*;

/// One step of a run.
#[derive(Clone, Copy, Debug)]
pub(super) enum Step {
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
    /// An ACH REQUEST from the customer's (prenote-verified) bank account into a ledgered
    /// account, cleared at once.
    Collect { to: usize, amount_minor: i64 },
    /// The receiving bank returns one of the collections (which may overdraw the account it
    /// credited) or one of the payouts (only a settled ACH one can come back).
    Return { pick: usize, collection: bool },
    /// A simulated outcome for one of the payouts made so far (open or not).
    Resolve { pick: usize, outcome: Outcome },
    /// Time jumps a minute and the rail engine runs until nothing is due.
    RailPass,
}

#[derive(Clone, Copy, Debug)]
pub(super) enum Outcome {
    Settled,
    Declined,
    Error,
}

impl Outcome {
    pub(super) fn status(self) -> TransactionStatus {
        match self {
            Self::Settled => TransactionStatus::Settled,
            Self::Declined => TransactionStatus::Declined,
            Self::Error => TransactionStatus::Error,
        }
    }
}

pub(super) fn amount() -> impl Strategy<Value = i64> {
    prop_oneof![1_i64..=500, 500_i64..=20_000]
}

pub(super) fn step() -> impl Strategy<Value = Step> {
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
        2 => (0..ACCOUNTS, amount()).prop_map(|(to, amount_minor)| Step::Collect { to, amount_minor }),
        2 => (any::<usize>(), any::<bool>())
            .prop_map(|(pick, collection)| Step::Return { pick, collection }),
        1 => Just(Step::RailPass),
    ]
}
