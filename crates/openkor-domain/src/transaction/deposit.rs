//! What a sandbox deposit body says (`POST /v1/sandbox/deposits`) and its validation: the
//! credited account, the amount (as for a transaction) and an optional currency.

use super::{ValidatedDeposit, parse_amount};
use crate::contact::required;
use crate::ids::FinancialAccountId;
use crate::money::Currency;
use crate::validation::{FieldError, FieldErrorCode, ValidationErrors};

/// A deposit body as sent; the amount and currency are still text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DepositDraft {
    /// The account credited (required).
    pub financial_account_id: Option<FinancialAccountId>,
    /// A positive decimal with at most two places (a JSON number is passed as its text).
    pub amount: Option<String>,
    /// `USD` or `CAD`; the account's currency when absent.
    pub currency: Option<String>,
}

impl DepositDraft {
    /// Checks every field, reporting all failures at once.
    pub fn validate(&self) -> Result<ValidatedDeposit, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let account = errors.collect(required("financialAccountId", self.financial_account_id));
        let amount_minor = errors.collect(parse_amount("amount", self.amount.as_deref()));
        let currency = errors.collect(parse_currency(self.currency.as_deref()));
        let (Some(financial_account_id), Some(amount_minor), Some(currency)) =
            (account, amount_minor, currency)
        else {
            return Err(errors);
        };
        errors.finish(ValidatedDeposit {
            financial_account_id,
            amount_minor,
            currency,
        })
    }
}

/// Absent (or `""`) is `None`, as on a transaction; otherwise `USD` or `CAD`.
fn parse_currency(code: Option<&str>) -> Result<Option<Currency>, FieldError> {
    match code {
        None | Some("") => Ok(None),
        Some(code) => code.parse::<Currency>().map(Some).map_err(|_| {
            FieldError::new(
                "currency",
                FieldErrorCode::InvalidValue,
                "must be one of USD, CAD",
            )
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(errors: ValidationErrors) -> Vec<(String, FieldErrorCode)> {
        errors
            .into_errors()
            .into_iter()
            .map(|e| (e.path, e.code))
            .collect()
    }

    #[test]
    fn a_deposit_needs_an_account_and_a_positive_amount() {
        let account = FinancialAccountId::new();
        let valid = DepositDraft {
            financial_account_id: Some(account),
            amount: Some("250.5".into()),
            currency: Some("CAD".into()),
        }
        .validate()
        .expect("valid");
        assert_eq!(
            valid,
            ValidatedDeposit {
                financial_account_id: account,
                amount_minor: 25_050,
                currency: Some(Currency::Cad),
            }
        );
        let no_currency = DepositDraft {
            financial_account_id: Some(account),
            amount: Some("1".into()),
            currency: Some(String::new()),
        };
        assert_eq!(no_currency.validate().expect("valid").currency, None);
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let errors = DepositDraft {
            financial_account_id: None,
            amount: Some("0".into()),
            currency: Some("EUR".into()),
        }
        .validate()
        .expect_err("invalid");
        assert_eq!(
            paths(errors),
            [
                ("financialAccountId".to_owned(), FieldErrorCode::Required),
                ("amount".to_owned(), FieldErrorCode::OutOfRange),
                ("currency".to_owned(), FieldErrorCode::InvalidValue),
            ]
        );
        let errors = DepositDraft::default().validate().expect_err("empty");
        assert_eq!(
            paths(errors),
            [
                ("financialAccountId".to_owned(), FieldErrorCode::Required),
                ("amount".to_owned(), FieldErrorCode::Required),
            ]
        );
    }
}
