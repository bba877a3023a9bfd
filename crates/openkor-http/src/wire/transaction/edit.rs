//! `PUT /v1/transactions/{id}` (reference §9.4): the edit body. It names the new debit and
//! credit accounts, amount and payment reason (and a wire's description). A client may also
//! send back the whole Transaction object its GET returned: the fields an edit cannot change
//! are then checked against the original (a different value is refused, never dropped), and
//! the ones the server keeps (status, audit, masked numbers) are ignored.

use super::request::amount_text;
use openkor_domain::ids::FinancialAccountId;
use openkor_domain::transaction::EditDraft;
use openkor_domain::validation::{FieldError, FieldErrorCode, ValidationErrors};
use serde::Deserialize;
use serde_json::Value;
use utoipa::ToSchema;

/// `PUT /v1/transactions/{transactionId}`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EditRequest {
    /// The new debit account (required).
    #[schema(required = true, value_type = Option<String>, format = Uuid)]
    pub debit_financial_account_id: Option<FinancialAccountId>,
    /// The new credit account (required).
    #[schema(required = true, value_type = Option<String>, format = Uuid)]
    pub credit_financial_account_id: Option<FinancialAccountId>,
    /// The new amount, a decimal string or number (required).
    #[serde(default, deserialize_with = "amount_text")]
    #[schema(required = true, value_type = Option<String>, example = "25.00")]
    pub amount: Option<String>,
    /// The new payment reason (required).
    #[schema(required = true, example = "bill-payment")]
    pub payment_reason_id: Option<String>,
    /// A wire's new description (at most 100 characters); the original's when absent.
    pub description: Option<String>,
    /// Must be the original's, when sent.
    #[schema(value_type = Option<Object>)]
    pub id: Option<Value>,
    /// Must be the original's, when sent.
    #[schema(value_type = Option<Object>)]
    pub business_account_id: Option<Value>,
    /// Must be the original's, when sent.
    #[schema(value_type = Option<Object>)]
    pub transaction_type: Option<Value>,
    /// Must be the original's, when sent.
    #[schema(value_type = Option<Object>)]
    pub solution: Option<Value>,
    /// Must be the original's, when sent.
    #[schema(value_type = Option<Object>)]
    pub currency: Option<Value>,
    /// Must be the original's, when sent.
    #[schema(value_type = Option<Object>)]
    pub settlement_priority: Option<Value>,
    /// Must be the original's, when sent.
    #[schema(value_type = Option<Object>)]
    pub memo: Option<Value>,
    /// Must be the original's, when sent.
    #[schema(value_type = Option<Object>)]
    pub metadata: Option<Value>,
    /// Must be the original's, when sent.
    #[schema(value_type = Option<Object>)]
    pub initiator_account_holder_id: Option<Value>,
    /// Kept by the server; ignored.
    #[schema(value_type = Option<Object>)]
    pub masked_debit_account_number: Option<Value>,
    /// Kept by the server; ignored.
    #[schema(value_type = Option<Object>)]
    pub masked_credit_account_number: Option<Value>,
    /// Kept by the server; ignored.
    #[schema(value_type = Option<Object>)]
    pub payment_reason: Option<Value>,
    /// Kept by the server; ignored.
    #[schema(value_type = Option<Object>)]
    pub latest_status: Option<Value>,
    /// Kept by the server; ignored.
    #[schema(value_type = Option<Object>)]
    pub parent_transaction_id: Option<Value>,
    /// Kept by the server; ignored.
    #[schema(value_type = Option<Object>)]
    pub reversal_reason: Option<Value>,
    /// Kept by the server; ignored.
    #[schema(value_type = Option<Object>)]
    pub created_by: Option<Value>,
    /// Kept by the server; ignored.
    #[schema(value_type = Option<Object>)]
    pub created_at: Option<Value>,
    /// Kept by the server; ignored.
    #[serde(rename = "_embedded")]
    #[schema(value_type = Option<Object>)]
    pub embedded: Option<Value>,
}

impl EditRequest {
    /// The editable values, once every unchangeable field sent equals `original` (the
    /// original's body as its GET returns it).
    pub fn checked_against(self, original: &Value) -> Result<EditDraft, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let unchangeable = [
            ("id", &self.id),
            ("businessAccountId", &self.business_account_id),
            ("transactionType", &self.transaction_type),
            ("solution", &self.solution),
            ("currency", &self.currency),
            ("settlementPriority", &self.settlement_priority),
            ("memo", &self.memo),
            ("metadata", &self.metadata),
            (
                "initiatorAccountHolderId",
                &self.initiator_account_holder_id,
            ),
        ];
        for (path, sent) in unchangeable {
            let original_value = original.get(path).unwrap_or(&Value::Null);
            if let Some(sent) = sent
                && sent != original_value
                && !(sent.is_null() && original_value.is_null())
            {
                errors.push(FieldError::new(
                    path,
                    FieldErrorCode::Inconsistent,
                    "an edit cannot change it; create a new transaction instead",
                ));
            }
        }
        errors.finish(EditDraft {
            debit_financial_account_id: self.debit_financial_account_id,
            credit_financial_account_id: self.credit_financial_account_id,
            amount: self.amount,
            payment_reason_id: self.payment_reason_id,
            description: self.description,
        })
    }
}
