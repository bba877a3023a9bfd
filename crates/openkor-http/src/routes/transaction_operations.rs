//! Operations on an existing transaction (reference §9.4): cancel.

use crate::error::ApiError;
use crate::extract::{ApiPath, Authorized, ManageTransactions, NoQuery};
use crate::routes::transactions::TransactionPath;
use crate::state::AppState;
use crate::wire::error::ErrorBody;
use axum::extract::State;
use axum::http::StatusCode;

/// Cancel a transaction.
///
/// A NEW or PENDING ACH or wire transaction becomes CANCELLED and its hold is released, in one
/// db transaction; 204. Any other status (PROCESSING and later: sent to the provider), a
/// push-to-card payout (sent at once) or a book transfer (settled at once) is 422 saying why.
/// A cancel racing the rails' move to PROCESSING ends one way or the other, never both.
#[utoipa::path(delete, path = "/v1/transactions/{transactionId}", tag = "Transactions",
    security(("bearer" = [])),
    params(("transactionId" = String, Path, description = "The transaction's UUID")),
    responses(
        (status = NO_CONTENT, description = "Cancelled"),
        (status = BAD_REQUEST, description = "Malformed id", body = ErrorBody),
        (status = UNAUTHORIZED, description = "Missing or invalid token", body = ErrorBody),
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
