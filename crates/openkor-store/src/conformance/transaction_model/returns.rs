//! The steps of a run that involve the customer's bank: collections (ACH REQUESTs, cleared at
//! once) and returns of collections and payouts.

use super::model::Collection;
use super::run::{Outcomes, Run, fail, store_failure};
use crate::ReturnTransaction;
use openkor_domain::actor::Actor;
use openkor_domain::transaction::{
    Origin, Refusal, TransactionStatus, TransactionType, ValidatedTransaction, return_code,
};
use proptest::prelude::*;

impl Run<'_> {
    /// An ACH REQUEST from the bank account into account `to`, then cleared.
    pub(super) async fn collect(&mut self, to: usize, amount_minor: i64) -> Outcomes {
        let origin = Origin::Request(ValidatedTransaction {
            debit_financial_account_id: self.world.bank,
            credit_financial_account_id: self.world.accounts[to],
            transaction_type: TransactionType::Request,
            solution: openkor_domain::transaction::Solution::Ach,
            payment_reason_id: "bill-payment".to_owned(),
            amount_minor,
            currency: None,
            settlement_priority: None,
            description: None,
            memo: None,
            metadata: [("rkorACHEntryType".to_owned(), "CCD".to_owned())].into(),
            initiator_account_holder_id: None,
        });
        let created = self.create(origin).await.map_err(store_failure)?;
        let id = created.map_err(|refusal| fail(format!("collection refused: {refusal:?}")))?;
        let cleared = self
            .store
            .simulate_transaction(
                self.world.scope,
                id,
                TransactionStatus::Settled,
                Actor::INTERNAL,
                self.tick(1),
            )
            .await
            .map_err(store_failure)?
            .map_err(|refusal| fail(format!("collection not cleared: {refusal:?}")))?;
        prop_assert_eq!(cleared.latest_status.status, TransactionStatus::Cleared);
        self.model.posted_minor[to] += amount_minor;
        self.model.collections.push(Collection {
            id,
            to,
            amount_minor,
            returned: false,
        });
        Ok(())
    }

    /// The bank returns a collection (R01: the money leaves the account it credited, even
    /// below zero) or a payout (R02: only a settled ACH payout comes back, giving its amount
    /// back). Anything else, or a second return, is refused and changes nothing.
    pub(super) async fn return_payment(&mut self, pick: usize, collection: bool) -> Outcomes {
        let picked = if collection {
            let count = self.model.collections.len();
            (count > 0).then(|| {
                let c = &self.model.collections[pick % count];
                (c.id, !c.returned)
            })
        } else {
            let count = self.model.payouts.len();
            (count > 0).then(|| {
                let p = &self.model.payouts[pick % count];
                (p.id, p.ach && p.settled && !p.returned)
            })
        };
        let Some((id, returnable)) = picked else {
            return Ok(());
        };
        let code = if collection { "R01" } else { "R02" };
        let command = ReturnTransaction {
            scope: self.world.scope,
            id,
            code: return_code(code).ok_or_else(|| fail(format!("{code} unknown")))?,
            by: Actor::INTERNAL,
            at: self.tick(1),
        };
        let result = self
            .store
            .return_transaction(&command)
            .await
            .map_err(store_failure)?;
        if !returnable {
            prop_assert!(
                matches!(result, Err(Refusal::NotAllowed(_))),
                "returned: {result:?}"
            );
            return Ok(());
        }
        let returned = result.map_err(|refusal| fail(format!("return refused: {refusal:?}")))?;
        prop_assert_eq!(returned.latest_status.status, TransactionStatus::Settled);
        self.expect_status(id, TransactionStatus::Reversed).await?;
        if collection {
            let count = self.model.collections.len();
            let c = &mut self.model.collections[pick % count];
            c.returned = true;
            let (to, amount) = (c.to, c.amount_minor);
            self.model.posted_minor[to] -= amount;
            self.model.may_be_overdrawn[to] = true;
        } else {
            let count = self.model.payouts.len();
            let p = &mut self.model.payouts[pick % count];
            p.returned = true;
            let (from, amount) = (p.from, p.amount_minor);
            self.model.posted_minor[from] += amount;
        }
        Ok(())
    }
}
