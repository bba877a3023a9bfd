//! What a create body says (`POST /v1/transactions`) and the checks that need nothing but the
//! body: required fields, enums, the amount, lengths, metadata and the ACH metadata keys.

use super::{
    AMOUNT_MINOR_MAX, MEMO_CHARS_MAX, SettlementPriority, Solution,
    TRANSACTION_DESCRIPTION_CHARS_MAX, TRANSACTION_METADATA_PAIRS_MAX, TransactionType,
    payment_reason,
};
use crate::contact::required;
use crate::ids::FinancialAccountId;
use crate::metadata::{Metadata, parse_metadata};
use crate::money::{AmountError, Currency, parse_minor};
use crate::text::bounded_text;
use crate::validation::{FieldError, FieldErrorCode, ValidationErrors};
use std::collections::BTreeMap;
use uuid::Uuid;

/// A create body as sent; enums and amounts are still text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TransactionDraft {
    /// Source account.
    pub debit_financial_account_id: Option<FinancialAccountId>,
    /// Destination account.
    pub credit_financial_account_id: Option<FinancialAccountId>,
    /// `SEND` or `REQUEST`.
    pub transaction_type: Option<String>,
    /// `ach`, `wire`, `push-to-card` or `transfer`.
    pub solution: Option<String>,
    /// A payment reason id.
    pub payment_reason_id: Option<String>,
    /// A positive decimal with at most two places (a JSON number is passed as its text).
    pub amount: Option<String>,
    /// `USD` or `CAD`; the accounts' currency when absent.
    pub currency: Option<String>,
    /// Settlement priority; the solution's default when absent.
    pub settlement_priority: Option<String>,
    /// Wire description (truncated to 100 characters, as the reference says).
    pub description: Option<String>,
    /// Memo.
    pub memo: Option<String>,
    /// Metadata.
    pub metadata: Option<BTreeMap<String, String>>,
    /// The initiating account holder.
    pub initiator_account_holder_id: Option<Uuid>,
}

/// A create body whose values are valid on their own.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidatedTransaction {
    /// Source account.
    pub debit_financial_account_id: FinancialAccountId,
    /// Destination account.
    pub credit_financial_account_id: FinancialAccountId,
    /// `SEND` or `REQUEST`.
    pub transaction_type: TransactionType,
    /// Rail.
    pub solution: Solution,
    /// Payment reason id.
    pub payment_reason_id: String,
    /// Amount in minor units, 1 to [`AMOUNT_MINOR_MAX`].
    pub amount_minor: i64,
    /// Currency, if the body named one.
    pub currency: Option<Currency>,
    /// Settlement priority, if the body named one.
    pub settlement_priority: Option<SettlementPriority>,
    /// Description.
    pub description: Option<String>,
    /// Memo.
    pub memo: Option<String>,
    /// Metadata.
    pub metadata: Metadata,
    /// Initiator.
    pub initiator_account_holder_id: Option<Uuid>,
}

impl TransactionDraft {
    /// Checks every field, reporting all failures at once.
    pub fn validate(&self) -> Result<ValidatedTransaction, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let debit = errors.collect(required(
            "debitFinancialAccountId",
            self.debit_financial_account_id,
        ));
        let credit = errors.collect(required(
            "creditFinancialAccountId",
            self.credit_financial_account_id,
        ));
        let transaction_type = errors.collect(parse_type(self.transaction_type.as_deref()));
        let solution = errors.collect(parse_enum::<Solution>("solution", self.solution.as_deref()));
        let reason = errors.collect(parse_reason(self.payment_reason_id.as_deref(), solution));
        let amount_minor = errors.collect(parse_amount("amount", self.amount.as_deref()));
        let currency = errors.collect(optional_code(
            "currency",
            &self.currency,
            |code| code.parse::<Currency>().ok(),
            "USD, CAD",
        ));
        let priority = errors.collect(optional_code(
            "settlementPriority",
            &self.settlement_priority,
            SettlementPriority::from_code,
            &SettlementPriority::codes_list(),
        ));
        let memo = errors.collect(optional_text("memo", &self.memo, MEMO_CHARS_MAX));
        let metadata = self.checked_metadata(&mut errors, solution);
        if let (Some(debit), Some(credit)) = (debit, credit)
            && debit == credit
        {
            errors.push(FieldError::new(
                "creditFinancialAccountId",
                FieldErrorCode::Inconsistent,
                "must differ from debitFinancialAccountId",
            ));
        }
        let description = self.description.as_deref().and_then(truncated_description);
        let (
            Some(debit),
            Some(credit),
            Some(transaction_type),
            Some(solution),
            Some(reason),
            Some(amount_minor),
            Some(currency),
            Some(priority),
            Some(memo),
            Some(metadata),
        ) = (
            debit,
            credit,
            transaction_type,
            solution,
            reason,
            amount_minor,
            currency,
            priority,
            memo,
            metadata,
        )
        else {
            return Err(errors);
        };
        errors.finish(ValidatedTransaction {
            debit_financial_account_id: debit,
            credit_financial_account_id: credit,
            transaction_type,
            solution,
            payment_reason_id: reason,
            amount_minor,
            currency,
            settlement_priority: priority,
            description,
            memo,
            metadata,
            initiator_account_holder_id: self.initiator_account_holder_id,
        })
    }

    fn checked_metadata(
        &self,
        errors: &mut ValidationErrors,
        solution: Option<Solution>,
    ) -> Option<Metadata> {
        let empty = BTreeMap::new();
        let given = self.metadata.as_ref().unwrap_or(&empty);
        let metadata = match parse_metadata("metadata", given, TRANSACTION_METADATA_PAIRS_MAX) {
            Ok(metadata) => metadata,
            Err(found) => {
                found.into_errors().into_iter().for_each(|e| errors.push(e));
                return None;
            }
        };
        if solution == Some(Solution::Ach) {
            let before = errors.errors().len();
            check_ach_metadata(errors, &metadata);
            if errors.errors().len() > before {
                return None;
            }
        }
        Some(metadata)
    }
}

/// A decimal amount: positive, at most two places, at most [`AMOUNT_MINOR_MAX`].
pub fn parse_amount(path: &str, text: Option<&str>) -> Result<i64, FieldError> {
    let text = required(path, text)?;
    let minor = parse_minor(text).map_err(|error| {
        let code = match error {
            AmountError::Syntax => FieldErrorCode::InvalidFormat,
            AmountError::TooPrecise | AmountError::Overflow => FieldErrorCode::OutOfRange,
        };
        let message = match error {
            AmountError::Overflow => too_large_message(),
            other => other.to_string(),
        };
        FieldError::new(path, code, message)
    })?;
    if minor <= 0 {
        return Err(FieldError::new(
            path,
            FieldErrorCode::OutOfRange,
            "must be greater than 0",
        ));
    }
    if minor > AMOUNT_MINOR_MAX {
        return Err(FieldError::new(
            path,
            FieldErrorCode::OutOfRange,
            too_large_message(),
        ));
    }
    Ok(minor)
}

fn too_large_message() -> String {
    format!(
        "must be at most {}",
        crate::money::format_minor(AMOUNT_MINOR_MAX)
    )
}

fn parse_type(code: Option<&str>) -> Result<TransactionType, FieldError> {
    let parsed = parse_enum::<TransactionType>("transactionType", code)?;
    match parsed {
        TransactionType::Send | TransactionType::Request => Ok(parsed),
        _ => Err(FieldError::new(
            "transactionType",
            FieldErrorCode::InvalidValue,
            "must be one of SEND, REQUEST (reversals are made with the reverse endpoint)",
        )),
    }
}

fn parse_enum<T: crate::codes::CodeEnum>(path: &str, code: Option<&str>) -> Result<T, FieldError> {
    let code = required(path, code)?;
    T::parse_code(code).ok_or_else(|| {
        FieldError::new(
            path,
            FieldErrorCode::InvalidValue,
            format!("must be one of {}", T::accepted_codes()),
        )
    })
}

/// Absent (or `""`) is `None`; an unknown value is an error naming the field.
fn optional_code<T>(
    path: &str,
    value: &Option<String>,
    parse: impl FnOnce(&str) -> Option<T>,
    accepted: &str,
) -> Result<Option<T>, FieldError> {
    match value.as_deref() {
        None | Some("") => Ok(None),
        Some(code) => parse(code).map(Some).ok_or_else(|| {
            FieldError::new(
                path,
                FieldErrorCode::InvalidValue,
                format!("must be one of {accepted}"),
            )
        }),
    }
}

fn parse_reason(code: Option<&str>, solution: Option<Solution>) -> Result<String, FieldError> {
    let code = required("paymentReasonId", code)?;
    let reason = payment_reason(code).ok_or_else(|| {
        FieldError::new(
            "paymentReasonId",
            FieldErrorCode::InvalidValue,
            "must be a payment reason id listed by GET /v1/payment-reasons",
        )
    })?;
    if solution == Some(Solution::Wire) && !reason.wire {
        return Err(FieldError::new(
            "paymentReasonId",
            FieldErrorCode::Inconsistent,
            "a wire needs a payment reason from the wire list",
        ));
    }
    Ok(reason.id.to_owned())
}

fn optional_text(
    path: &str,
    value: &Option<String>,
    max_chars: usize,
) -> Result<Option<String>, FieldError> {
    match value.as_deref() {
        None | Some("") => Ok(None),
        Some(text) => bounded_text(path, text, 0, max_chars).map(Some),
    }
}

/// The reference truncates a wire description to 100 characters; control characters are
/// dropped rather than stored.
fn truncated_description(text: &str) -> Option<String> {
    let kept: String = text
        .chars()
        .filter(|c| !c.is_control())
        .take(TRANSACTION_DESCRIPTION_CHARS_MAX)
        .collect();
    (!kept.is_empty()).then_some(kept)
}

const ACH_ENTRY_TYPES: &[&str] = &[
    "ARC", "BOC", "CCD", "CIE", "CTX", "IAT", "POP", "PPD", "RCK", "TEL", "WEB",
];

/// The ACH metadata keys each SEC code needs (reference §9.1).
fn check_ach_metadata(errors: &mut ValidationErrors, metadata: &Metadata) {
    let Some(entry_type) = metadata.get("rkorACHEntryType") else {
        errors.push(FieldError::required("metadata.rkorACHEntryType"));
        return;
    };
    if !ACH_ENTRY_TYPES.contains(&entry_type.as_str()) {
        errors.push(FieldError::new(
            "metadata.rkorACHEntryType",
            FieldErrorCode::InvalidValue,
            format!("must be one of {}", ACH_ENTRY_TYPES.join(", ")),
        ));
        return;
    }
    let needs: &[&str] = match entry_type.as_str() {
        "CIE" | "PPD" | "TEL" => &["rkorACHIndividualId"],
        "ARC" | "BOC" | "RCK" => &["rkorACHCheckSerialNumber"],
        "POP" => &[
            "rkorACHCheckSerialNumber",
            "rkorACHTerminalCity",
            "rkorACHTerminalState",
        ],
        _ => &[],
    };
    for key in needs {
        if metadata.get(*key).is_none_or(|value| value.is_empty()) {
            errors.push(FieldError::new(
                format!("metadata.{key}"),
                FieldErrorCode::Required,
                format!("is required for rkorACHEntryType {entry_type}"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> TransactionDraft {
        TransactionDraft {
            debit_financial_account_id: Some(FinancialAccountId::new()),
            credit_financial_account_id: Some(FinancialAccountId::new()),
            transaction_type: Some("SEND".into()),
            solution: Some("push-to-card".into()),
            payment_reason_id: Some("loan-payouts".into()),
            amount: Some("10.50".into()),
            ..TransactionDraft::default()
        }
    }

    fn paths(errors: ValidationErrors) -> Vec<(String, FieldErrorCode)> {
        errors
            .into_errors()
            .into_iter()
            .map(|e| (e.path, e.code))
            .collect()
    }

    #[test]
    fn a_minimal_body_is_valid() {
        let valid = draft().validate().expect("valid");
        assert_eq!(valid.amount_minor, 1_050);
        assert_eq!(valid.currency, None);
        assert_eq!(valid.settlement_priority, None);
    }

    #[test]
    fn amounts_must_be_positive_exact_and_bounded() {
        for (amount, code) in [
            ("0", FieldErrorCode::OutOfRange),
            ("-1.00", FieldErrorCode::OutOfRange),
            ("1.001", FieldErrorCode::OutOfRange),
            ("100000000.01", FieldErrorCode::OutOfRange),
            ("99999999999999999999", FieldErrorCode::OutOfRange),
            ("1e3", FieldErrorCode::InvalidFormat),
        ] {
            let body = TransactionDraft {
                amount: Some(amount.into()),
                ..draft()
            };
            assert_eq!(
                paths(body.validate().expect_err(amount)),
                [("amount".to_owned(), code)]
            );
        }
        let largest = TransactionDraft {
            amount: Some("100000000.00".into()),
            ..draft()
        };
        assert_eq!(
            largest.validate().expect("max").amount_minor,
            AMOUNT_MINOR_MAX
        );
    }

    #[test]
    fn ach_needs_the_keys_of_its_sec_code() {
        let body = |pairs: &[(&str, &str)]| TransactionDraft {
            solution: Some("ach".into()),
            metadata: Some(
                pairs
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                    .collect(),
            ),
            ..draft()
        };
        assert_eq!(
            paths(body(&[]).validate().expect_err("no SEC code")),
            [(
                "metadata.rkorACHEntryType".to_owned(),
                FieldErrorCode::Required
            )]
        );
        assert_eq!(
            paths(
                body(&[("rkorACHEntryType", "POP")])
                    .validate()
                    .expect_err("POP")
            )
            .len(),
            3
        );
        assert!(body(&[("rkorACHEntryType", "CCD")]).validate().is_ok());
        assert!(
            body(&[("rkorACHEntryType", "PPD"), ("rkorACHIndividualId", "A1")])
                .validate()
                .is_ok()
        );
    }

    #[test]
    fn wires_need_a_wire_reason_and_descriptions_are_truncated() {
        let body = TransactionDraft {
            solution: Some("wire".into()),
            payment_reason_id: Some("funds_transfer".into()),
            description: Some("x".repeat(150)),
            ..draft()
        };
        assert_eq!(
            paths(body.validate().expect_err("reason")),
            [("paymentReasonId".to_owned(), FieldErrorCode::Inconsistent)]
        );
        let body = TransactionDraft {
            payment_reason_id: Some("bill-payment".into()),
            ..body
        };
        assert_eq!(
            body.validate().expect("valid").description.map(|d| d.len()),
            Some(100)
        );
    }

    #[test]
    fn reversals_and_unknown_values_are_refused() {
        let body = TransactionDraft {
            transaction_type: Some("REVERSAL".into()),
            currency: Some("EUR".into()),
            settlement_priority: Some("SOON".into()),
            debit_financial_account_id: None,
            ..draft()
        };
        assert_eq!(
            paths(body.validate().expect_err("refused")),
            [
                (
                    "debitFinancialAccountId".to_owned(),
                    FieldErrorCode::Required
                ),
                ("transactionType".to_owned(), FieldErrorCode::InvalidValue),
                ("currency".to_owned(), FieldErrorCode::InvalidValue),
                (
                    "settlementPriority".to_owned(),
                    FieldErrorCode::InvalidValue
                ),
            ]
        );
    }
}
