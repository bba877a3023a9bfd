//! Reversing a settled transaction (reference §9.4): the reverse body and its validation,
//! which transactions can be reversed, and the correction a reversal may carry.
//!
//! A `REVERSAL` is identical to the original but for its type, its settlement priority
//! (`NEXT_DAY`), its parent and its reason; its money moves the other way, from the original's
//! credit account back to its debit account. An `INCORRECT_RECIPIENT` or `INCORRECT_AMOUNT`
//! reversal also creates a correction: the original again with the right credit account (a
//! SEND) or debit account (a REQUEST), or the right amount.

use super::{
    ReversalReason, Solution, Transaction, TransactionStatus, TransactionType,
    ValidatedTransaction, parse_amount,
};
use crate::contact::required;
use crate::ids::FinancialAccountId;
use crate::validation::{FieldError, FieldErrorCode, ValidationErrors};

/// A reverse body as sent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReverseDraft {
    /// `DUPLICATE_PAYMENT`, `INCORRECT_RECIPIENT` or `INCORRECT_AMOUNT` (required).
    pub reversal_reason: Option<String>,
    /// The right amount (required for, and only for, `INCORRECT_AMOUNT`).
    pub correction_amount: Option<String>,
    /// The right account (required for, and only for, `INCORRECT_RECIPIENT`).
    pub correction_financial_account_id: Option<FinancialAccountId>,
}

/// What the correction changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Correction {
    /// The right credit account of a SEND, or debit account of a REQUEST.
    Recipient(FinancialAccountId),
    /// The right amount, in minor units.
    Amount(i64),
}

/// A checked reverse request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ValidatedReversal {
    /// Why.
    pub reason: ReversalReason,
    /// The correction, for the two `INCORRECT_*` reasons.
    pub correction: Option<Correction>,
}

const REASON: &str = "reversalReason";
const AMOUNT: &str = "correctionAmount";
const ACCOUNT: &str = "correctionFinancialAccountId";

fn not_for(path: &str, reason: ReversalReason) -> FieldError {
    FieldError::new(
        path,
        FieldErrorCode::Inconsistent,
        format!("does not apply to {}", reason.code()),
    )
}

impl ReverseDraft {
    /// Checks every field, reporting all failures at once.
    pub fn validate(&self) -> Result<ValidatedReversal, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let reason = errors.collect(parse_reason(self.reversal_reason.as_deref()));
        let amount = self.correction_amount.as_deref();
        let account = self.correction_financial_account_id;
        let correction = match reason {
            Some(ReversalReason::IncorrectAmount) => {
                if account.is_some() {
                    errors.push(not_for(ACCOUNT, ReversalReason::IncorrectAmount));
                }
                errors
                    .collect(parse_amount(AMOUNT, amount))
                    .map(Correction::Amount)
            }
            Some(ReversalReason::IncorrectRecipient) => {
                if amount.is_some() {
                    errors.push(not_for(AMOUNT, ReversalReason::IncorrectRecipient));
                }
                errors
                    .collect(required(ACCOUNT, account))
                    .map(Correction::Recipient)
            }
            Some(other) => {
                if amount.is_some() {
                    errors.push(not_for(AMOUNT, other));
                }
                if account.is_some() {
                    errors.push(not_for(ACCOUNT, other));
                }
                None
            }
            None => None,
        };
        let Some(reason) = reason else {
            return Err(errors);
        };
        errors.finish(ValidatedReversal { reason, correction })
    }
}

fn parse_reason(text: Option<&str>) -> Result<ReversalReason, FieldError> {
    let text = required(REASON, text)?;
    match ReversalReason::from_code(text) {
        Some(
            reason @ (ReversalReason::DuplicatePayment
            | ReversalReason::IncorrectRecipient
            | ReversalReason::IncorrectAmount),
        ) => Ok(reason),
        _ => Err(FieldError::new(
            REASON,
            FieldErrorCode::InvalidValue,
            "must be DUPLICATE_PAYMENT, INCORRECT_RECIPIENT or INCORRECT_AMOUNT",
        )),
    }
}

/// Why `original` cannot be reversed, if it cannot: only a SETTLED or CLEARED SEND or REQUEST,
/// on ACH (the rail the reference reverses) or a book transfer (all on the ledger). Card and
/// wire payouts cannot be pulled back.
pub fn reverse_refusal(original: &Transaction) -> Option<String> {
    let status = original.latest_status.status;
    if !matches!(
        status,
        TransactionStatus::Settled | TransactionStatus::Cleared
    ) {
        return Some(format!(
            "the transaction is {}; only a SETTLED or CLEARED transaction can be reversed",
            status.code()
        ));
    }
    if !matches!(
        original.transaction_type,
        TransactionType::Send | TransactionType::Request
    ) {
        return Some(format!(
            "a {} transaction cannot be reversed",
            original.transaction_type.code()
        ));
    }
    match original.solution {
        Solution::Ach | Solution::Transfer => None,
        other => Some(format!("a {} payment cannot be pulled back", other.code())),
    }
}

/// The correction of `original`: the same payment with the right account or amount.
pub fn correction_request(
    original: &Transaction,
    correction: Correction,
) -> Option<ValidatedTransaction> {
    let mut debit = original.debit_financial_account_id?;
    let mut credit = original.credit_financial_account_id;
    let mut amount_minor = original.amount_minor;
    match correction {
        Correction::Amount(amount) => amount_minor = amount,
        Correction::Recipient(account) if original.transaction_type == TransactionType::Request => {
            debit = account;
        }
        Correction::Recipient(account) => credit = account,
    }
    Some(ValidatedTransaction {
        debit_financial_account_id: debit,
        credit_financial_account_id: credit,
        transaction_type: original.transaction_type,
        solution: original.solution,
        payment_reason_id: original.payment_reason_id.clone(),
        amount_minor,
        currency: Some(original.currency),
        settlement_priority: Some(original.settlement_priority),
        description: original.description.clone(),
        memo: original.memo.clone(),
        metadata: original.metadata.clone(),
        initiator_account_holder_id: original.initiator_account_holder_id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(draft: ReverseDraft) -> Vec<(String, FieldErrorCode)> {
        match draft.validate() {
            Ok(_) => Vec::new(),
            Err(errors) => errors
                .into_errors()
                .into_iter()
                .map(|e| (e.path, e.code))
                .collect(),
        }
    }

    fn draft(reason: &str, amount: Option<&str>, account: bool) -> ReverseDraft {
        ReverseDraft {
            reversal_reason: Some(reason.to_owned()),
            correction_amount: amount.map(str::to_owned),
            correction_financial_account_id: account.then(FinancialAccountId::new),
        }
    }

    #[test]
    fn each_reason_takes_exactly_its_correction() {
        assert!(fields(draft("DUPLICATE_PAYMENT", None, false)).is_empty());
        assert!(fields(draft("INCORRECT_AMOUNT", Some("1.50"), false)).is_empty());
        assert!(fields(draft("INCORRECT_RECIPIENT", None, true)).is_empty());
        let field = |path: &str, code| (path.to_owned(), code);
        assert_eq!(
            fields(draft("INCORRECT_AMOUNT", None, true)),
            [
                field(ACCOUNT, FieldErrorCode::Inconsistent),
                field(AMOUNT, FieldErrorCode::Required)
            ]
        );
        assert_eq!(
            fields(draft("INCORRECT_RECIPIENT", Some("1"), false)),
            [
                field(AMOUNT, FieldErrorCode::Inconsistent),
                field(ACCOUNT, FieldErrorCode::Required)
            ]
        );
        assert_eq!(
            fields(draft("DUPLICATE_PAYMENT", Some("1"), true)),
            [
                field(AMOUNT, FieldErrorCode::Inconsistent),
                field(ACCOUNT, FieldErrorCode::Inconsistent)
            ]
        );
        assert_eq!(
            fields(draft("LATE_CREDIT", None, false)),
            [field(REASON, FieldErrorCode::InvalidValue)]
        );
        assert_eq!(
            fields(ReverseDraft::default()),
            [field(REASON, FieldErrorCode::Required)]
        );
    }
}
