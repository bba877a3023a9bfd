//! `POST /v1/transactions/{id}/reverse` (reference §9.4): the reverse body and its answer.

use super::TransactionBody;
use super::request::amount_text;
use openkor_domain::ids::FinancialAccountId;
use openkor_domain::transaction::ReverseDraft;
use openkor_store::Reversed;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// `POST /v1/transactions/{transactionId}/reverse`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReverseRequest {
    /// `DUPLICATE_PAYMENT`, `INCORRECT_RECIPIENT` or `INCORRECT_AMOUNT` (required).
    #[schema(required = true, schema_with = crate::wire::codes::code_schema::<openkor_domain::transaction::ReversalReason>)]
    pub reversal_reason: Option<String>,
    /// The right amount: required for `INCORRECT_AMOUNT`, refused otherwise.
    #[serde(default, deserialize_with = "amount_text")]
    #[schema(value_type = Option<String>, example = "80.00")]
    pub correction_amount: Option<String>,
    /// The right account (credit of a SEND, debit of a REQUEST): required for
    /// `INCORRECT_RECIPIENT`, refused otherwise.
    #[schema(value_type = Option<String>, format = Uuid)]
    pub correction_financial_account_id: Option<FinancialAccountId>,
}

impl From<ReverseRequest> for ReverseDraft {
    fn from(r: ReverseRequest) -> Self {
        ReverseDraft {
            reversal_reason: r.reversal_reason,
            correction_amount: r.correction_amount,
            correction_financial_account_id: r.correction_financial_account_id,
        }
    }
}

/// The Reverse response: the reversal and, for the `INCORRECT_*` reasons, the correction.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReverseBody {
    /// The `REVERSAL` transaction.
    pub reversal_transaction: TransactionBody,
    /// The correction.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub correction_transaction: Option<TransactionBody>,
}

impl From<&Reversed> for ReverseBody {
    fn from(reversed: &Reversed) -> Self {
        Self {
            reversal_transaction: TransactionBody::from(&reversed.reversal),
            correction_transaction: reversed.correction.as_ref().map(TransactionBody::from),
        }
    }
}
