//! Transactions: create, edit and reverse bodies, the transaction, its statuses and history, payment reasons, STP, and the sandbox's deposits and simulations.

use super::*;

/// A transaction (the SLT object, reference §9.3). Optional fields with no value are omitted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Transaction {
    /// Id.
    pub id: String,
    /// Owning Business Account.
    pub business_account_id: String,
    /// Client metadata (`{}` when none).
    pub metadata: BTreeMap<String, String>,
    /// The account the amount leaves; omitted for a deposit from outside the platform.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub debit_financial_account_id: Option<String>,
    /// The account the amount reaches.
    pub credit_financial_account_id: String,
    /// `******` and the debit account's last four digits; omitted for a deposit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub masked_debit_account_number: Option<String>,
    /// `******` and the credit account's last four digits.
    pub masked_credit_account_number: String,
    /// `SEND`, `REQUEST`, `DEPOSIT`, `WITHDRAWAL`, `REVERSAL`, `RETURN` or `ADJUSTMENT`.
    pub transaction_type: String,
    /// `ach`, `wire`, `push-to-card` or `transfer`.
    pub solution: String,
    /// The payment reason's id.
    pub payment_reason_id: String,
    /// The payment reason's display text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_reason: Option<String>,
    /// Decimal string with two places.
    pub amount: Amount,
    /// `USD` or `CAD`.
    pub currency: String,
    /// `IMMEDIATE`, `SAME_DAY`, `NEXT_DAY` or `SCHEDULED`.
    pub settlement_priority: String,
    /// The newest status.
    pub latest_status: TransactionStatus,
    /// Wire description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Memo.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memo: Option<String>,
    /// The account holder that initiated it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initiator_account_holder_id: Option<String>,
    /// The transaction this one reverses or corrects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_transaction_id: Option<String>,
    /// `DUPLICATE_PAYMENT`, `INCORRECT_RECIPIENT`, `INCORRECT_AMOUNT`, `EARLY_DEBIT` or
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reversal_reason: Option<String>,
    /// Creator.
    pub created_by: Actor,
    /// Creation time.
    pub created_at: String,
    #[serde(rename = "_embedded")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub embedded: Option<TransactionEmbedded>,
    /// Members this client does not model, kept as received.
    #[serde(flatten, serialize_with = "unmodelled::write")]
    pub extra: Map<String, Value>,
}

/// Sub-resources of a transaction (`embed=`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TransactionEmbedded {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit_financial_account: Option<FinancialAccount>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub debit_financial_account: Option<FinancialAccount>,
    /// Members this client does not model, kept as received.
    #[serde(flatten, serialize_with = "unmodelled::write")]
    pub extra: Map<String, Value>,
}

/// One status of a transaction: `latestStatus`, and the items of `…/statuses`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TransactionStatus {
    /// `NEW`, `PENDING`, `PROCESSING`, `APPROVED`, `SETTLED`, `CLEARED`, `DECLINED`,
    pub status: String,
    /// Why.
    pub message: String,
    /// Who.
    pub created_by: Actor,
    /// When.
    pub created_at: String,
    /// Members this client does not model, kept as received.
    #[serde(flatten, serialize_with = "unmodelled::write")]
    pub extra: Map<String, Value>,
}

/// One entry of a transaction's history (the SLT Status object).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TransactionHistory {
    /// Id of the entry.
    pub id: String,
    /// The transaction.
    pub transaction_id: String,
    /// The transaction's parent; omitted when it has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_transaction_id: Option<String>,
    /// `CREATE`, `STATUS_CHANGE`, `REVERSAL`, `PROVIDER_VALIDATION_ISSUE`, `EDIT`, `CANCEL` or
    pub event_type: String,
    /// The status entered.
    pub status: String,
    /// What happened, in words.
    pub description: String,
    /// Who.
    pub created_by: Actor,
    /// When.
    pub created_at: String,
    /// Members this client does not model, kept as received.
    #[serde(flatten, serialize_with = "unmodelled::write")]
    pub extra: Map<String, Value>,
}

/// A payment reason (`GET /v1/payment-reasons`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentReason {
    /// The id, as `paymentReasonId` takes it.
    pub reason: String,
    /// Its display text.
    pub description: String,
    /// Members this client does not model, kept as received.
    #[serde(flatten, serialize_with = "unmodelled::write")]
    pub extra: Map<String, Value>,
}

/// `POST /v1/transactions` (reference §9.2).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TransactionRequest {
    /// At most 6 pairs; keys 1–64 characters, values at most 1024. ACH needs
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<BTreeMap<String, String>>,
    /// The account the amount leaves (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub debit_financial_account_id: Option<String>,
    /// The account the amount reaches (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit_financial_account_id: Option<String>,
    /// `SEND` or `REQUEST` (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction_type: Option<String>,
    /// `ach`, `wire`, `push-to-card` or `transfer` (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub solution: Option<String>,
    /// A payment reason id from `GET /v1/payment-reasons` (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_reason_id: Option<String>,
    /// A positive decimal with at most two places, at most 100000000.00, as a string or a
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
    /// `USD` or `CAD`; must be the accounts' currency (theirs when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// `IMMEDIATE`, `SAME_DAY`, `NEXT_DAY` or `SCHEDULED`; the solution's default when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settlement_priority: Option<String>,
    /// Wires only; truncated to 100 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Memo, at most 255 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memo: Option<String>,
    /// The account holder (Business Account or customer) that initiated it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initiator_account_holder_id: Option<String>,
}

/// `PUT /v1/transactions/{transactionId}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EditRequest {
    /// The new debit account (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub debit_financial_account_id: Option<String>,
    /// The new credit account (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit_financial_account_id: Option<String>,
    /// The new amount, a decimal string or number (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
    /// The new payment reason (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_reason_id: Option<String>,
    /// A wire's new description (at most 100 characters); the original's when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// `POST /v1/transactions/{transactionId}/reverse`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReverseRequest {
    /// `DUPLICATE_PAYMENT`, `INCORRECT_RECIPIENT` or `INCORRECT_AMOUNT` (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reversal_reason: Option<String>,
    /// The right amount: required for `INCORRECT_AMOUNT`, refused otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correction_amount: Option<Amount>,
    /// The right account (credit of a SEND, debit of a REQUEST): required for
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correction_financial_account_id: Option<String>,
}

/// The Reverse response: the reversal and, for the `INCORRECT_*` reasons, the correction.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Reversal {
    /// The `REVERSAL` transaction.
    pub reversal_transaction: Transaction,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correction_transaction: Option<Transaction>,
    /// Members this client does not model, kept as received.
    #[serde(flatten, serialize_with = "unmodelled::write")]
    pub extra: Map<String, Value>,
}

/// The body of `POST /v1/stp-transactions`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StpRequest {
    /// 6–255 characters: a retry with the same key and body answers what the first call did
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idempotency_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity: Option<StpEntityRequest>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub financial: Option<StpFinancialRequest>,
    /// Whether to notify the payee (openkor sends no messages; `entity.mobileNumber` is then
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notify: Option<bool>,
    /// The account the amount leaves (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub debit_financial_account_id: Option<String>,
    /// A positive decimal with at most two places, as a string or a number (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
    /// `USD` (default) or `CAD`: the debit account's and the card's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// A payment reason id from `GET /v1/payment-reasons` (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_reason_id: Option<String>,
    /// Memo, at most 255 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memo: Option<String>,
    /// At most 6 pairs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<BTreeMap<String, String>>,
}

/// `entity`: who is paid.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StpEntityRequest {
    /// `INDIVIDUAL` or `BUSINESS` (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// At most 50 characters; a Recipient keeps at most 40 (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// At most 50 characters; a Recipient keeps at most 40 (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// Required for BUSINESS; at most 40 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_name: Option<String>,
    /// Required when `notify` is true; at most 40 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobile_number: Option<String>,
    /// The Recipient's e-mail, at most 100 characters (required: a Recipient has one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// `financial`: the card paid.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StpFinancialRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card_data: Option<StpCardRequest>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billing_address: Option<BillingAddressRequest>,
}

/// `financial.cardData`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StpCardRequest {
    /// The debit card's number (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card_number: Option<String>,
    /// `YY-MM`, as the reference writes it, or `yyyy-MM` (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiry: Option<String>,
}

/// What `POST /v1/stp-transactions` answers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Stp {
    /// The push-to-card SEND.
    pub transaction: Transaction,
    /// The Recipient paid (found or created).
    pub recipient: Recipient,
    /// Its debit card (found or opened).
    pub financial_account: FinancialAccount,
    /// Members this client does not model, kept as received.
    #[serde(flatten, serialize_with = "unmodelled::write")]
    pub extra: Map<String, Value>,
}

/// `POST /v1/sandbox/deposits`: money arriving from outside the platform.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DepositRequest {
    /// The account credited: an integrated or business Financial Account (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub financial_account_id: Option<String>,
    /// A positive decimal with at most two places, as a string or a number (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
    /// `USD` or `CAD`; must be the account's currency (its currency when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
}

/// `POST /v1/sandbox/transactions/{transactionId}/simulate`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SimulateRequest {
    /// `SETTLED`, `CLEARED`, `DECLINED`, `ERROR` or `RETURNED` (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    /// The NACHA return reason code of a `RETURNED` outcome, e.g. `R01` (required for it, and
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_code: Option<String>,
}
