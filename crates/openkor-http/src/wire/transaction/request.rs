//! The create, deposit and simulate request bodies, and the exact reading of `amount`.

use crate::wire::metadata::Metadata;
use openkor_domain::ids::{FinancialAccountId, parse_canonical_uuid};
use openkor_domain::transaction::{
    DepositDraft, RETURN_CODES, ReturnCode, TransactionDraft, TransactionStatus, return_code,
};
use openkor_domain::validation::{FieldError, FieldErrorCode, ValidationErrors};
use serde::Deserialize;
use serde::de::{Deserializer, Error, Visitor};
use std::fmt;
use utoipa::ToSchema;
use uuid::Uuid;

/// `POST /v1/transactions` (reference §9.2).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TransactionRequest {
    /// At most 6 pairs; keys 1–64 characters, values at most 1024. ACH needs
    /// `rkorACHEntryType` and the keys its SEC code requires.
    #[serde(default)]
    #[schema(value_type = Option<BTreeMap<String, String>>)]
    pub metadata: Option<Metadata>,
    /// The account the amount leaves (required).
    #[schema(required = true, value_type = Option<String>, format = Uuid)]
    pub debit_financial_account_id: Option<FinancialAccountId>,
    /// The account the amount reaches (required).
    #[schema(required = true, value_type = Option<String>, format = Uuid)]
    pub credit_financial_account_id: Option<FinancialAccountId>,
    /// `SEND` or `REQUEST` (required).
    #[schema(required = true, schema_with = crate::wire::codes::created_transaction_type)]
    pub transaction_type: Option<String>,
    /// `ach`, `wire`, `push-to-card` or `transfer` (required).
    #[schema(required = true, schema_with = crate::wire::codes::code_schema::<openkor_domain::transaction::Solution>)]
    pub solution: Option<String>,
    /// A payment reason id from `GET /v1/payment-reasons` (required).
    #[schema(required = true, example = "loan-payouts")]
    pub payment_reason_id: Option<String>,
    /// A positive decimal with at most two places, at most 100000000.00, as a string or a
    /// number (required).
    #[serde(default, deserialize_with = "amount_text")]
    #[schema(required = true, value_type = Option<String>, pattern = "^[0-9]{1,9}(\\.[0-9]{1,2})?$", example = "1000.00")]
    pub amount: Option<String>,
    /// `USD` or `CAD`; must be the accounts' currency (theirs when absent).
    #[schema(schema_with = crate::wire::codes::optional_currency)]
    pub currency: Option<String>,
    /// `IMMEDIATE`, `SAME_DAY`, `NEXT_DAY` or `SCHEDULED`; the solution's default when absent.
    #[schema(schema_with = crate::wire::codes::optional_code_schema::<openkor_domain::transaction::SettlementPriority>)]
    pub settlement_priority: Option<String>,
    /// Wires only; truncated to 100 characters.
    #[schema(max_length = 100)]
    pub description: Option<String>,
    /// Memo, at most 255 characters.
    #[schema(max_length = 255)]
    pub memo: Option<String>,
    /// The account holder (Business Account or customer) that initiated it.
    #[serde(default, deserialize_with = "canonical_uuid")]
    #[schema(value_type = Option<String>, format = Uuid)]
    pub initiator_account_holder_id: Option<Uuid>,
}

impl From<TransactionRequest> for TransactionDraft {
    fn from(r: TransactionRequest) -> Self {
        TransactionDraft {
            debit_financial_account_id: r.debit_financial_account_id,
            credit_financial_account_id: r.credit_financial_account_id,
            transaction_type: r.transaction_type,
            solution: r.solution,
            payment_reason_id: r.payment_reason_id,
            amount: r.amount,
            currency: r.currency,
            settlement_priority: r.settlement_priority,
            description: r.description,
            memo: r.memo,
            metadata: r.metadata.map(|metadata| metadata.0),
            initiator_account_holder_id: r.initiator_account_holder_id,
        }
    }
}

/// `POST /v1/sandbox/deposits`: money arriving from outside the platform.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DepositRequest {
    /// The account credited: an integrated or business Financial Account (required).
    #[schema(required = true, value_type = Option<String>, format = Uuid)]
    pub financial_account_id: Option<FinancialAccountId>,
    /// A positive decimal with at most two places, as a string or a number (required).
    #[serde(default, deserialize_with = "amount_text")]
    #[schema(required = true, value_type = Option<String>, pattern = "^[0-9]{1,9}(\\.[0-9]{1,2})?$", example = "1000.00")]
    pub amount: Option<String>,
    /// `USD` or `CAD`; must be the account's currency (its currency when absent).
    #[schema(schema_with = crate::wire::codes::optional_currency)]
    pub currency: Option<String>,
}

impl From<DepositRequest> for DepositDraft {
    fn from(r: DepositRequest) -> Self {
        DepositDraft {
            financial_account_id: r.financial_account_id,
            amount: r.amount,
            currency: r.currency,
        }
    }
}

/// The outcome a sandbox simulation drives a transaction to.
#[derive(Debug, ToSchema)]
#[schema(rename_all = "UPPERCASE")]
pub enum SimulateOutcome {
    /// Succeed: `SETTLED` for a SEND, `CLEARED` for a REQUEST (either name means success).
    Settled,
    /// Succeed, as `SETTLED`.
    Cleared,
    /// The provider declines it.
    Declined,
    /// It cannot be processed.
    Error,
    /// The receiving bank sends a settled ACH SEND or REQUEST back (needs `reasonCode`).
    Returned,
}

/// `POST /v1/sandbox/transactions/{transactionId}/simulate`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SimulateRequest {
    /// `SETTLED`, `CLEARED`, `DECLINED`, `ERROR` or `RETURNED` (required).
    #[schema(required = true, value_type = SimulateOutcome)]
    pub outcome: Option<String>,
    /// The NACHA return reason code of a `RETURNED` outcome, e.g. `R01` (required for it, and
    /// only for it).
    #[schema(value_type = Option<String>, example = "R01")]
    pub reason_code: Option<String>,
}

/// What a simulation does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Simulation {
    /// Drive the transaction to this status (`SETTLED` meaning success, whatever the type).
    Outcome(TransactionStatus),
    /// The receiving bank returns the settled ACH transaction with this code.
    Return(ReturnCode),
}

const OUTCOME: &str = "outcome";
const REASON_CODE: &str = "reasonCode";

impl SimulateRequest {
    /// The simulation asked for. `CLEARED` and `SETTLED` both mean success and are passed as
    /// `SETTLED`: the store enters the one the transaction's type ends in.
    pub fn simulation(&self) -> Result<Simulation, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let outcome = match self.outcome.as_deref() {
            None => Err(FieldError::required(OUTCOME)),
            Some("SETTLED" | "CLEARED") => Ok(Some(TransactionStatus::Settled)),
            Some("DECLINED") => Ok(Some(TransactionStatus::Declined)),
            Some("ERROR") => Ok(Some(TransactionStatus::Error)),
            Some("RETURNED") => Ok(None),
            Some(_) => Err(FieldError::new(
                OUTCOME,
                FieldErrorCode::InvalidValue,
                "must be one of SETTLED, CLEARED, DECLINED, ERROR, RETURNED",
            )),
        };
        let simulation = match (errors.collect(outcome), self.reason_code.as_deref()) {
            (Some(Some(status)), None) => Some(Simulation::Outcome(status)),
            (Some(Some(_)), Some(_)) => {
                errors.push(FieldError::new(
                    REASON_CODE,
                    FieldErrorCode::Inconsistent,
                    "applies only to the RETURNED outcome",
                ));
                None
            }
            (Some(None), code) => errors
                .collect(parse_return_code(code))
                .map(Simulation::Return),
            (None, _) => None,
        };
        match simulation {
            Some(simulation) => errors.finish(simulation),
            None => Err(errors),
        }
    }
}

fn parse_return_code(code: Option<&str>) -> Result<ReturnCode, FieldError> {
    let code = code.ok_or_else(|| FieldError::required(REASON_CODE))?;
    return_code(code).ok_or_else(|| {
        let known: Vec<&str> = RETURN_CODES.iter().map(|known| known.code).collect();
        FieldError::new(
            REASON_CODE,
            FieldErrorCode::InvalidValue,
            format!("must be a NACHA return reason code: {}", known.join(", ")),
        )
    })
}

/// A string or a number, as decimal text; `null` is absent.
pub(crate) fn amount_text<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    deserializer.deserialize_any(AmountVisitor)
}

struct AmountVisitor;

impl Visitor<'_> for AmountVisitor {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The JSON extractor turns this into "must be a string" (a number is accepted too).
        f.write_str("a string")
    }

    fn visit_str<E: Error>(self, text: &str) -> Result<Self::Value, E> {
        Ok(Some(text.to_owned()))
    }

    fn visit_u64<E: Error>(self, number: u64) -> Result<Self::Value, E> {
        Ok(Some(number.to_string()))
    }

    fn visit_i64<E: Error>(self, number: i64) -> Result<Self::Value, E> {
        Ok(Some(number.to_string()))
    }

    fn visit_f64<E: Error>(self, number: f64) -> Result<Self::Value, E> {
        Ok(Some(format!("{number}")))
    }

    fn visit_unit<E: Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}

/// A UUID in its canonical spelling; `null` is absent.
fn canonical_uuid<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Uuid>, D::Error> {
    let Some(text) = Option::<String>::deserialize(deserializer)? else {
        return Ok(None);
    };
    parse_canonical_uuid(&text)
        .map(Some)
        .ok_or_else(|| D::Error::custom("must be a UUID"))
}
