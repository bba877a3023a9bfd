//! `POST /v1/financial-accounts:verify`: ACH prenote verification of external bank accounts
//! (reference §6.7).

use crate::error::{ApiError, validation};
use crate::extract::{ApiJson, Authorized, ManageCustomerAccounts, NoQuery};
use crate::state::AppState;
use crate::wire::error::ErrorBody;
use crate::wire::verification::{VerificationBody, VerifyRequest};
use axum::Json;
use axum::extract::State;

/// Verify external bank accounts by ACH prenote.
///
/// Starts a $0 prenote for each account named: an ACTIVE external checking bank account of the
/// caller. Each becomes `PENDING` and, about three days of rail time later (`--rail-speedup`
/// divides it), `APPROVED`; an approved account can be the debit side of an ACH `REQUEST`. An
/// account already `PENDING`, `PROCESSING` or `APPROVED` is left as it is. All or nothing: one
/// account that cannot be verified refuses the request, naming it.
#[utoipa::path(post, path = "/v1/financial-accounts:verify", tag = "Financial Accounts",
    security(("bearer" = [])),
    request_body = VerifyRequest,
    responses(
        (status = OK, description = "Each account's verification status", body = VerificationBody),
        (status = BAD_REQUEST, description = "Invalid body", body = ErrorBody),
        (status = FORBIDDEN, description = "The role may not manage customer accounts", body = ErrorBody),
        (status = NOT_FOUND, description = "An account does not exist", body = ErrorBody),
        (status = UNPROCESSABLE_ENTITY, description = "An account cannot be verified by prenote (named in `errors`)", body = ErrorBody),
    ))]
pub async fn verify(
    State(state): State<AppState>,
    Authorized(principal, ..): Authorized<ManageCustomerAccounts>,
    _query: NoQuery,
    ApiJson(request): ApiJson<VerifyRequest>,
) -> Result<Json<VerificationBody>, ApiError> {
    let ids = request.validate().map_err(validation)?;
    let accounts = state
        .services
        .verifications
        .request_prenotes(&principal, ids)
        .await?;
    Ok(Json(VerificationBody::of(&accounts)))
}
