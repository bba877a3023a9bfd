//! STP transaction bodies (reference §9.7): the request (`entity`, `financial`, the transaction
//! fields and the body's `idempotencyKey`) and the answer (the transaction with the Recipient
//! and card it paid).

use crate::wire::financial_account::{BillingAddressRequest, FinancialAccountBody};
use crate::wire::metadata::Metadata;
use crate::wire::recipient::RecipientBody;
use crate::wire::transaction::{TransactionBody, amount_text};
use openkor_domain::ids::FinancialAccountId;
use openkor_domain::transaction::{StpDraft, StpEntityDraft, StpFinancialDraft, TransactionDraft};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// `entity`: who is paid.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StpEntityRequest {
    /// `INDIVIDUAL` or `BUSINESS` (required).
    #[schema(required = true, schema_with = crate::wire::codes::code_schema::<openkor_domain::customer::CustomerType>)]
    pub category: Option<String>,
    /// At most 50 characters; a Recipient keeps at most 40 (required).
    #[schema(required = true, max_length = 50)]
    pub first_name: Option<String>,
    /// At most 50 characters; a Recipient keeps at most 40 (required).
    #[schema(required = true, max_length = 50)]
    pub last_name: Option<String>,
    /// Required for BUSINESS; at most 40 characters.
    #[schema(max_length = 50)]
    pub business_name: Option<String>,
    /// Required when `notify` is true; at most 40 characters.
    pub mobile_number: Option<String>,
    /// The Recipient's e-mail, at most 100 characters (required: a Recipient has one).
    #[schema(required = true, max_length = 100)]
    pub email: Option<String>,
}

/// `financial.cardData`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StpCardRequest {
    /// The debit card's number (required).
    #[schema(required = true)]
    pub card_number: Option<String>,
    /// `YY-MM`, as the reference writes it, or `yyyy-MM` (required).
    #[schema(required = true, example = "31-12")]
    pub expiry: Option<String>,
}

/// `financial`: the card paid.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StpFinancialRequest {
    /// The card (required).
    #[schema(required = true)]
    pub card_data: Option<StpCardRequest>,
    /// Its billing address (required).
    #[schema(required = true)]
    pub billing_address: Option<BillingAddressRequest>,
}

/// The body of `POST /v1/stp-transactions`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StpRequest {
    /// 6–255 characters: a retry with the same key and body answers what the first call did
    /// (required).
    #[schema(required = true, min_length = 6, max_length = 255)]
    pub idempotency_key: Option<String>,
    /// Who is paid (required).
    #[schema(required = true)]
    pub entity: Option<StpEntityRequest>,
    /// The card paid (required).
    #[schema(required = true)]
    pub financial: Option<StpFinancialRequest>,
    /// Whether to notify the payee (openkor sends no messages; `entity.mobileNumber` is then
    /// required).
    #[serde(default)]
    pub notify: bool,
    /// The account the amount leaves (required).
    #[schema(required = true, value_type = Option<String>, format = Uuid)]
    pub debit_financial_account_id: Option<FinancialAccountId>,
    /// A positive decimal with at most two places, as a string or a number (required).
    #[serde(default, deserialize_with = "amount_text")]
    #[schema(required = true, value_type = Option<String>, example = "25.00")]
    pub amount: Option<String>,
    /// `USD` (default) or `CAD`: the debit account's and the card's.
    #[schema(schema_with = crate::wire::codes::optional_currency)]
    pub currency: Option<String>,
    /// A payment reason id from `GET /v1/payment-reasons` (required).
    #[schema(required = true, example = "loan-payouts")]
    pub payment_reason_id: Option<String>,
    /// Memo, at most 255 characters.
    pub memo: Option<String>,
    /// At most 6 pairs.
    #[serde(default)]
    #[schema(value_type = Option<std::collections::BTreeMap<String, String>>)]
    pub metadata: Option<Metadata>,
}

impl From<StpRequest> for StpDraft {
    fn from(r: StpRequest) -> Self {
        StpDraft {
            idempotency_key: r.idempotency_key,
            entity: r.entity.map(|e| StpEntityDraft {
                category: e.category,
                first_name: e.first_name,
                last_name: e.last_name,
                business_name: e.business_name,
                mobile_number: e.mobile_number,
                email: e.email,
            }),
            financial: r.financial.map(|f| {
                let card = f.card_data.unwrap_or_default();
                StpFinancialDraft {
                    card_number: card.card_number,
                    expiry: card.expiry,
                    billing_address: f.billing_address.map(Into::into),
                }
            }),
            notify: r.notify,
            transaction: TransactionDraft {
                debit_financial_account_id: r.debit_financial_account_id,
                credit_financial_account_id: None,
                transaction_type: None,
                solution: None,
                payment_reason_id: r.payment_reason_id,
                amount: r.amount,
                currency: r.currency,
                settlement_priority: None,
                description: None,
                memo: r.memo,
                metadata: r.metadata.map(|metadata| metadata.0),
                initiator_account_holder_id: None,
            },
        }
    }
}

/// What `POST /v1/stp-transactions` answers.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct StpBody {
    /// The push-to-card SEND.
    pub transaction: TransactionBody,
    /// The Recipient paid (found or created).
    pub recipient: RecipientBody,
    /// Its debit card (found or opened).
    pub financial_account: FinancialAccountBody,
}
