//! STP transactions (reference §9.7): pay a Recipient's debit card in one call.

use crate::error::ApiError;
use crate::extract::idempotency::{IDEMPOTENT_REPLAYED, request_hash};
use crate::extract::{ApiJsonBytes, Caller, NoQuery};
use crate::state::AppState;
use crate::wire::error::ErrorBody;
use crate::wire::stp::{StpBody, StpRequest};
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// Pay a Recipient's debit card, finding or creating the Recipient and the card.
///
/// A live Recipient of the same type, first and last name and e-mail (case-insensitively) is
/// paid, else one is created; its card with the same number is paid, else one is opened (a
/// DEBIT card named `Debit card <last four>`); then a push-to-card SEND is created, all in one
/// database transaction (a refused SEND leaves no Recipient or card behind). The body's
/// `idempotencyKey` makes a retry with the same body answer what the first call did and create
/// nothing more (`Idempotent-Replayed: true`); the same key with another body is 409. Needs a
/// role that manages both transactions and Recipients.
#[utoipa::path(post, path = "/v1/stp-transactions", tag = "Transactions",
    security(("bearer" = [])),
    request_body = StpRequest,
    responses(
        (status = CREATED, description = "The SEND, with the Recipient and card it pays", body = StpBody),
        (status = BAD_REQUEST, description = "Invalid body", body = ErrorBody),
        (status = FORBIDDEN, description = "The role may not manage transactions and recipients", body = ErrorBody),
        (status = CONFLICT, description = "The idempotencyKey was used with a different request", body = ErrorBody),
        (status = UNPROCESSABLE_ENTITY, description = "The accounts do not allow it, or insufficient funds", body = ErrorBody),
    ))]
pub async fn create_stp_transaction(
    State(state): State<AppState>,
    Caller(principal): Caller,
    _query: NoQuery,
    ApiJsonBytes(request, bytes): ApiJsonBytes<StpRequest>,
) -> Result<Response, ApiError> {
    let hash = request_hash("/v1/stp-transactions", &bytes)?;
    let outcome = state
        .services
        .stp
        .create(&principal, &request.into(), hash)
        .await?;
    let transaction = &outcome.created.transaction;
    let location = format!("/v1/transactions/{}", transaction.id);
    let body = StpBody {
        transaction: transaction.into(),
        recipient: outcome.recipient.into(),
        financial_account: (&outcome.card).into(),
    };
    let mut response = (
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(body),
    )
        .into_response();
    if outcome.created.replayed {
        response.headers_mut().insert(
            IDEMPOTENT_REPLAYED.clone(),
            HeaderValue::from_static("true"),
        );
    }
    Ok(response)
}
