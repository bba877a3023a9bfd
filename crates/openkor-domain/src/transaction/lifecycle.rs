//! The status lifecycle (reference §9.1): which moves are allowed, when the sandbox rails make
//! them, and what each move posts to the ledger.
//!
//! A rail transaction (ACH, wire, push-to-card) places a hold when it is created (NEW): the
//! amount is a pending debit of the debit side and a pending credit of the credit side. Its
//! success (SETTLED for a SEND, CLEARED for a REQUEST) releases the hold and posts the amount;
//! DECLINED, ERROR and CANCELLED release the hold only. The moves in between (PENDING,
//! PROCESSING, APPROVED) post nothing. A book transfer places no hold: it is created and
//! settled in one database transaction.

use super::{SettlementPriority, Solution, TransactionStatus, TransactionType};
use crate::ledger::{Bucket, Posting};
use crate::transaction::LedgerSide;
use TransactionStatus::{
    Approved, Cancelled, Cleared, Declined, Error, New, Pending, Processing, Reversed, Settled,
};

/// Whether no rail move follows `status`.
pub const fn is_final(status: TransactionStatus) -> bool {
    matches!(
        status,
        Settled | Cleared | Declined | Cancelled | Reversed | Error
    )
}

/// Whether `status` ends a transaction successfully (its money moved).
pub const fn is_success(status: TransactionStatus) -> bool {
    matches!(status, Settled | Cleared)
}

/// The success status of a transaction type: CLEARED for a REQUEST, SETTLED otherwise.
pub const fn success_status(transaction_type: TransactionType) -> TransactionStatus {
    match transaction_type {
        TransactionType::Request => Cleared,
        _ => Settled,
    }
}

/// A status move. `from` is `None` when the transaction is created.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Transition {
    /// The status left (`None` on creation).
    pub from: Option<TransactionStatus>,
    /// The status entered.
    pub to: TransactionStatus,
}

impl Transition {
    /// Whether the status graph allows this move (the database enforces the same graph).
    pub const fn is_allowed(self) -> bool {
        match self.from {
            None => matches!(self.to, New),
            Some(New) => matches!(
                self.to,
                Pending | Settled | Cleared | Declined | Cancelled | Error
            ),
            Some(Pending) => matches!(self.to, Processing | Declined | Cancelled | Error),
            Some(Processing) => matches!(self.to, Approved | Declined | Error),
            Some(Approved) => matches!(self.to, Settled | Cleared | Declined | Error),
            Some(Settled | Cleared) => matches!(self.to, Reversed),
            Some(Declined | Cancelled | Reversed | Error) => false,
        }
    }
}

/// The next move the sandbox rails make, and how long (at real speed) they wait before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RailStep {
    /// The status the rails move to.
    pub to: TransactionStatus,
    /// How long after entering the current status, in milliseconds at real speed.
    pub delay_ms: i64,
}

const SECOND_MS: i64 = 1_000;
const MINUTE_MS: i64 = 60 * SECOND_MS;
const HOUR_MS: i64 = 60 * MINUTE_MS;

/// The delays before PENDING, PROCESSING, APPROVED and success, per solution and priority.
const fn schedule_ms(solution: Solution, priority: SettlementPriority) -> [i64; 4] {
    match (solution, priority) {
        (Solution::PushToCard | Solution::Transfer, _) => [100, 100, 200, 200],
        (Solution::Wire, _) => [SECOND_MS, MINUTE_MS, 10 * MINUTE_MS, 20 * MINUTE_MS],
        (Solution::Ach, SettlementPriority::SameDay) => {
            [SECOND_MS, 10 * MINUTE_MS, HOUR_MS, 3 * HOUR_MS]
        }
        (Solution::Ach, _) => [SECOND_MS, HOUR_MS, 4 * HOUR_MS, 24 * HOUR_MS],
    }
}

/// The rails' next move from `status`, or `None` when the status is final.
pub const fn next_rail_step(
    solution: Solution,
    priority: SettlementPriority,
    transaction_type: TransactionType,
    status: TransactionStatus,
) -> Option<RailStep> {
    let delays = schedule_ms(solution, priority);
    let (to, delay_ms) = match status {
        New => (Pending, delays[0]),
        Pending => (Processing, delays[1]),
        Processing => (Approved, delays[2]),
        Approved => (success_status(transaction_type), delays[3]),
        _ => return None,
    };
    Some(RailStep { to, delay_ms })
}

/// The statuses a simulation writes to drive a transaction from `current` to `outcome`: a
/// success walks the remaining rail statuses; DECLINED and ERROR are entered directly.
/// `None` when `outcome` can no longer be reached.
pub fn simulation_path(
    current: TransactionStatus,
    outcome: TransactionStatus,
    transaction_type: TransactionType,
) -> Option<Vec<TransactionStatus>> {
    if is_final(current) {
        return None;
    }
    if !is_success(outcome) {
        let step = Transition {
            from: Some(current),
            to: outcome,
        };
        return step.is_allowed().then(|| vec![outcome]);
    }
    let target = success_status(transaction_type);
    let mut path = Vec::new();
    let mut at = current;
    while at != target {
        at = match at {
            New => Pending,
            Pending => Processing,
            Processing => Approved,
            _ => target,
        };
        path.push(at);
    }
    Some(path)
}

/// Why a transaction of `solution` in `status` cannot be cancelled, if it cannot. Only a
/// transaction still on the platform (NEW or PENDING) can, and only on a rail that lets a
/// payment be called back before it is sent (ACH and wire); a push-to-card payout is sent at
/// once, a book transfer or deposit settles at once.
pub fn cancel_refusal(solution: Solution, status: TransactionStatus) -> Option<String> {
    if !matches!(status, New | Pending) {
        return Some(format!(
            "the transaction is {}; only a NEW or PENDING transaction can be cancelled",
            status.code()
        ));
    }
    match solution {
        Solution::Ach | Solution::Wire => None,
        Solution::PushToCard => {
            Some("a push-to-card payout is sent at once and cannot be cancelled".to_owned())
        }
        Solution::Transfer => Some("a book transfer settles at once".to_owned()),
    }
}

/// What a transaction's moves post: its two ledger accounts (`A`), its amount, and whether
/// its creation placed a hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hold<A = LedgerSide> {
    /// The debit side.
    pub debit: A,
    /// The credit side.
    pub credit: A,
    /// The amount, in minor units.
    pub amount_minor: i64,
    /// Whether the creation placed a hold (every solution but `transfer`).
    pub held: bool,
}

/// The postings of a move, releases before postings so that no running total passes through
/// a value its constraints refuse.
pub fn postings_for<A: Copy>(hold: &Hold<A>, transition: Transition) -> Vec<Posting<A>> {
    let amount = hold.amount_minor;
    let posting = |account, bucket, amount_minor| Posting {
        account,
        bucket,
        amount_minor,
    };
    let place = [
        posting(hold.debit, Bucket::PendingDebit, -amount),
        posting(hold.credit, Bucket::PendingCredit, amount),
    ];
    let release = [
        posting(hold.debit, Bucket::PendingDebit, amount),
        posting(hold.credit, Bucket::PendingCredit, -amount),
    ];
    let post = [
        posting(hold.debit, Bucket::Posted, -amount),
        posting(hold.credit, Bucket::Posted, amount),
    ];
    match (transition.from, transition.to) {
        (None, _) if hold.held => place.to_vec(),
        (Some(_), to) if is_success(to) && hold.held => [release, post].concat(),
        (Some(_), to) if is_success(to) => post.to_vec(),
        (Some(_), Declined | Error | Cancelled) if hold.held => release.to_vec(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::FinancialAccountId;

    #[test]
    fn only_new_or_pending_ach_and_wire_can_be_cancelled() {
        for status in [New, Pending] {
            assert_eq!(cancel_refusal(Solution::Ach, status), None);
            assert_eq!(cancel_refusal(Solution::Wire, status), None);
            assert!(cancel_refusal(Solution::PushToCard, status).is_some());
        }
        for status in [
            Processing, Approved, Settled, Cleared, Declined, Cancelled, Error,
        ] {
            assert!(
                cancel_refusal(Solution::Ach, status).is_some(),
                "{status:?}"
            );
        }
    }

    #[test]
    fn rails_walk_to_the_success_of_the_type() {
        let mut status = New;
        let mut seen = vec![status];
        while let Some(step) = next_rail_step(
            Solution::PushToCard,
            SettlementPriority::Immediate,
            TransactionType::Request,
            status,
        ) {
            assert!(
                Transition {
                    from: Some(status),
                    to: step.to
                }
                .is_allowed()
            );
            status = step.to;
            seen.push(status);
        }
        assert_eq!(seen, [New, Pending, Processing, Approved, Cleared]);
    }

    #[test]
    fn simulations_walk_or_jump_and_stop_at_final_statuses() {
        assert_eq!(
            simulation_path(Pending, Settled, TransactionType::Send),
            Some(vec![Processing, Approved, Settled])
        );
        assert_eq!(
            simulation_path(New, Settled, TransactionType::Request),
            Some(vec![Pending, Processing, Approved, Cleared])
        );
        assert_eq!(
            simulation_path(Processing, Declined, TransactionType::Send),
            Some(vec![Declined])
        );
        assert_eq!(simulation_path(Settled, Error, TransactionType::Send), None);
    }

    #[test]
    fn every_entry_balances_and_holds_are_released_once() {
        let hold = Hold {
            debit: LedgerSide::Account(FinancialAccountId::new()),
            credit: LedgerSide::Outside,
            amount_minor: 500,
            held: true,
        };
        let created = postings_for(
            &hold,
            Transition {
                from: None,
                to: New,
            },
        );
        let settled = postings_for(
            &hold,
            Transition {
                from: Some(Approved),
                to: Settled,
            },
        );
        for entry in [&created, &settled] {
            assert_eq!(entry.iter().map(|p| p.amount_minor).sum::<i64>(), 0);
        }
        let pending_debits: i64 = [created, settled]
            .concat()
            .iter()
            .filter(|p| p.bucket == Bucket::PendingDebit)
            .map(|p| p.amount_minor)
            .sum();
        assert_eq!(pending_debits, 0);
    }
}
