//! Editing a transaction (reference §9.4, `PUT /v1/transactions/{id}`): while NEW or PENDING
//! the original is cancelled and a new transaction with the new values is created. The body
//! names the debit and credit accounts, the amount and the payment reason (all required) and,
//! for a wire, the description; everything else is the original's.

use super::{Transaction, TransactionDraft, ValidatedTransaction};
use crate::ids::FinancialAccountId;
use crate::validation::{FieldError, ValidationErrors};

/// An edit body's editable values, as sent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EditDraft {
    /// The new debit account (required).
    pub debit_financial_account_id: Option<FinancialAccountId>,
    /// The new credit account (required).
    pub credit_financial_account_id: Option<FinancialAccountId>,
    /// The new amount (required; a JSON number is passed as its text).
    pub amount: Option<String>,
    /// The new payment reason (required).
    pub payment_reason_id: Option<String>,
    /// The new wire description; the original's when absent.
    pub description: Option<String>,
}

impl EditDraft {
    /// The create this edit makes of `original`, every field checked as on a create.
    pub fn apply(&self, original: &Transaction) -> Result<ValidatedTransaction, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let present = [
            (
                "debitFinancialAccountId",
                self.debit_financial_account_id.is_some(),
            ),
            (
                "creditFinancialAccountId",
                self.credit_financial_account_id.is_some(),
            ),
            ("amount", self.amount.is_some()),
            ("paymentReasonId", self.payment_reason_id.is_some()),
        ];
        for (path, given) in present {
            if !given {
                errors.push(FieldError::required(path));
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        TransactionDraft {
            debit_financial_account_id: self.debit_financial_account_id,
            credit_financial_account_id: self.credit_financial_account_id,
            transaction_type: Some(original.transaction_type.code().to_owned()),
            solution: Some(original.solution.code().to_owned()),
            payment_reason_id: self.payment_reason_id.clone(),
            amount: self.amount.clone(),
            currency: Some(original.currency.code().to_owned()),
            settlement_priority: Some(original.settlement_priority.code().to_owned()),
            description: self
                .description
                .clone()
                .or_else(|| original.description.clone()),
            memo: original.memo.clone(),
            metadata: Some(original.metadata.clone()),
            initiator_account_holder_id: original.initiator_account_holder_id,
        }
        .validate()
    }
}
