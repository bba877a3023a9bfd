//! Operations on an existing transaction (reference §9.4): cancel, edit and reverse.

use crate::error::{ApiError, validation};
use crate::extract::idempotency::IDEMPOTENT_REPLAYED;
use crate::extract::{
    ApiJsonBytes, ApiPath, Authorized, IdempotencyHeader, ManageTransactions, NoQuery,
};
use crate::routes::transactions::{TransactionPath, created};
use crate::state::AppState;
use crate::wire::error::ErrorBody;
use crate::wire::transaction::{EditRequest, ReverseBody, ReverseRequest, TransactionBody};
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use openkor_domain::transaction::ReverseDraft;
use openkor_service::ServiceError;

/// Cancel a transaction.
///
/// A NEW or PENDING ACH or wire transaction becomes CANCELLED and its hold is released, in one
/// db transaction; 204. Any other status (PROCESSING and later: sent to the provider), a
/// push-to-card payout (sent at once) or a book transfer (settled at once) is 422 saying why.
/// A cancel racing the rails' move to PROCESSING ends one way or the other, never both.
#[utoipa::path(delete, path = "/v1/transactions/{transactionId}", tag = "Transactions",
    security(("bearer" = [])),
    params(("transactionId" = inline(crate::wire::ids::CanonicalUuid), Path, description = "The transaction's UUID")),
    responses(
        (status = NO_CONTENT, description = "Cancelled"),
        (status = BAD_REQUEST, description = "Malformed id", body = ErrorBody),
        (status = FORBIDDEN, description = "The role may not manage transactions", body = ErrorBody),
        (status = NOT_FOUND, description = "No such transaction in the caller's Business Account", body = ErrorBody),
        (status = UNPROCESSABLE_ENTITY, description = "The transaction can no longer be cancelled", body = ErrorBody),
    ))]
pub async fn cancel_transaction(
    State(state): State<AppState>,
    Authorized(principal, ..): Authorized<ManageTransactions>,
    ApiPath(path): ApiPath<TransactionPath>,
    _query: NoQuery,
) -> Result<StatusCode, ApiError> {
    state
        .services
        .transactions
        .cancel(&principal, path.transaction_id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Reverse a settled transaction.
///
/// A SETTLED or CLEARED ACH or book-transfer SEND or REQUEST gets a `REVERSAL` transaction:
/// identical but for its type, `NEXT_DAY`, `parentTransactionId` and `reversalReason`, moving
/// the amount back from the credit account (held there at once) to the debit account. When it
/// settles, the original becomes REVERSED. `INCORRECT_RECIPIENT` (with
/// `correctionFinancialAccountId`) and `INCORRECT_AMOUNT` (with `correctionAmount`) also
/// create the correction: the original again with the right account or amount, under the rules
/// and funds check of a create. A transaction is reversed once (422 after). 201.
#[utoipa::path(post, path = "/v1/transactions/{transactionId}/reverse", tag = "Transactions",
    security(("bearer" = [])),
    params(
        ("transactionId" = inline(crate::wire::ids::CanonicalUuid), Path, description = "The transaction's UUID"),
        ("Idempotency-Key" = Option<String>, Header, description = "6–255 characters; makes retries safe"),
    ),
    request_body = ReverseRequest,
    responses(
        (status = CREATED, description = "The reversal and its correction", body = ReverseBody,
            headers(("Idempotent-Replayed" = Option<String>, description = "`true` when an earlier request with this key created them"))),
        (status = BAD_REQUEST, description = "Invalid body or Idempotency-Key", body = ErrorBody),
        (status = FORBIDDEN, description = "The role may not manage transactions", body = ErrorBody),
        (status = NOT_FOUND, description = "No such transaction in the caller's Business Account", body = ErrorBody),
        (status = CONFLICT, description = "The Idempotency-Key was used with a different request", body = ErrorBody),
        (status = UNPROCESSABLE_ENTITY, description = "Not reversible (not settled, reversed already, card or wire), funds, or a correction the rules refuse", body = ErrorBody),
    ))]
pub async fn reverse_transaction(
    State(state): State<AppState>,
    Authorized(principal, ..): Authorized<ManageTransactions>,
    ApiPath(path): ApiPath<TransactionPath>,
    _query: NoQuery,
    idempotency: IdempotencyHeader,
    ApiJsonBytes(request, bytes): ApiJsonBytes<ReverseRequest>,
) -> Result<Response, ApiError> {
    let key = idempotency.key_for(&bytes)?;
    let reversed = state
        .services
        .transactions
        .reverse(
            &principal,
            path.transaction_id,
            &ReverseDraft::from(request),
            key,
        )
        .await?;
    let mut response = (StatusCode::CREATED, Json(ReverseBody::from(&reversed))).into_response();
    if reversed.replayed {
        response.headers_mut().insert(
            IDEMPOTENT_REPLAYED.clone(),
            HeaderValue::from_static("true"),
        );
    }
    Ok(response)
}

/// Edit a transaction.
///
/// While a transaction is NEW or PENDING (ACH or wire, as for a cancel), the original becomes
/// CANCELLED (history `eventType` EDIT) and a new transaction with the new accounts, amount,
/// payment reason (and a wire's description) is created, under every rule and the funds check
/// of a create, its `parentTransactionId` the original; or neither happens. 200 with the new
/// transaction. The whole object a GET returned may be sent back: fields an edit cannot change
/// must keep their values.
#[utoipa::path(put, path = "/v1/transactions/{transactionId}", tag = "Transactions",
    security(("bearer" = [])),
    params(
        ("transactionId" = inline(crate::wire::ids::CanonicalUuid), Path, description = "The transaction's UUID"),
        ("Idempotency-Key" = Option<String>, Header, description = "6–255 characters; makes retries safe"),
    ),
    request_body = EditRequest,
    responses(
        (status = OK, description = "The new transaction", body = TransactionBody,
            headers(
                ("Location" = String, description = "/v1/transactions/{id} of the new transaction"),
                ("Idempotent-Replayed" = Option<String>, description = "`true` when an earlier request with this key made the edit"),
            )),
        (status = BAD_REQUEST, description = "Invalid body, or a field an edit cannot change", body = ErrorBody),
        (status = FORBIDDEN, description = "The role may not manage transactions", body = ErrorBody),
        (status = NOT_FOUND, description = "No such transaction in the caller's Business Account", body = ErrorBody),
        (status = CONFLICT, description = "The Idempotency-Key was used with a different request", body = ErrorBody),
        (status = UNPROCESSABLE_ENTITY, description = "No longer editable, funds, or rules the new values break", body = ErrorBody),
    ))]
pub async fn edit_transaction(
    State(state): State<AppState>,
    Authorized(principal, ..): Authorized<ManageTransactions>,
    ApiPath(path): ApiPath<TransactionPath>,
    _query: NoQuery,
    idempotency: IdempotencyHeader,
    ApiJsonBytes(request, bytes): ApiJsonBytes<EditRequest>,
) -> Result<Response, ApiError> {
    let key = idempotency.key_for(&bytes)?;
    let transactions = &state.services.transactions;
    let original = transactions.get(&principal, path.transaction_id).await?;
    let original_body = serde_json::to_value(TransactionBody::from(&original))
        .map_err(|error| ApiError::from(ServiceError::Internal(error.to_string())))?;
    let draft = request
        .checked_against(&original_body)
        .map_err(validation)?;
    let edited = transactions
        .edit(&principal, &original, &draft, key)
        .await?;
    let mut response = created(&edited);
    *response.status_mut() = StatusCode::OK;
    Ok(response)
}
