//! The sandbox's money movement: deposits from outside the platform and simulated outcomes of
//! transactions. Both can be switched off on a server (`--sandbox-endpoints false`), which is
//! 403 `DISABLED` right after the role check, before the path or body is read.

use crate::error::{ApiError, validation};
use crate::extract::{
    ApiJson, ApiJsonBytes, ApiPath, Authorized, IdempotencyHeader, ManageTransactions, NoQuery,
};
use crate::routes::transactions::{TransactionPath, created};
use crate::state::AppState;
use crate::wire::error::ErrorBody;
use crate::wire::transaction::{DepositRequest, SimulateRequest, Simulation, TransactionBody};
use axum::Json;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use openkor_domain::transaction::DepositDraft;
use openkor_service::ServiceError;
use openkor_store::Created;

/// Admits the request only while the server serves the sandbox endpoints.
#[derive(Debug)]
pub struct SandboxEnabled;

impl FromRequestParts<AppState> for SandboxEnabled {
    type Rejection = ApiError;

    async fn from_request_parts(_parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        if state.services.transactions.settings().sandbox_endpoints {
            return Ok(SandboxEnabled);
        }
        Err(ServiceError::Disabled(
            "the sandbox endpoints are switched off on this server (--sandbox-endpoints false)",
        )
        .into())
    }
}

/// Deposit money from outside the platform into a ledgered Financial Account (sandbox).
///
/// Credits an integrated or business Financial Account at once and returns the DEPOSIT
/// transaction (it has no debit account). `Idempotency-Key` works as on `POST /v1/transactions`.
#[utoipa::path(post, path = "/v1/sandbox/deposits", tag = "Sandbox",
    security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "6–255 characters; makes retries safe")),
    request_body = DepositRequest,
    responses(
        (status = CREATED, description = "The deposit", body = TransactionBody,
            headers(
                ("Location" = String, description = "/v1/transactions/{id}"),
                ("Idempotent-Replayed" = Option<String>, description = "`true` when an earlier request with this key created it"),
            )),
        (status = BAD_REQUEST, description = "Invalid body or Idempotency-Key", body = ErrorBody),
        (status = FORBIDDEN, description = "The role may not manage transactions, or the sandbox endpoints are switched off (DISABLED)", body = ErrorBody),
        (status = CONFLICT, description = "The Idempotency-Key was used with a different request", body = ErrorBody),
        (status = UNPROCESSABLE_ENTITY, description = "The account cannot take deposits (named in `errors`)", body = ErrorBody),
    ))]
pub async fn create_deposit(
    State(state): State<AppState>,
    Authorized(principal, ..): Authorized<ManageTransactions>,
    _sandbox: SandboxEnabled,
    _query: NoQuery,
    idempotency: IdempotencyHeader,
    ApiJsonBytes(request, bytes): ApiJsonBytes<DepositRequest>,
) -> Result<Response, ApiError> {
    let deposit = DepositDraft::from(request).validate().map_err(validation)?;
    let key = idempotency.key_for(&bytes)?;
    let outcome = state
        .services
        .transactions
        .deposit(&principal, deposit, key)
        .await?;
    Ok(created(&outcome))
}

/// Drive a transaction to an outcome at once (sandbox).
///
/// `SETTLED` and `CLEARED` both mean success: the transaction ends in `SETTLED` or `CLEARED`
/// as its type does. `DECLINED` and `ERROR` fail it, releasing any hold; 200 with the
/// transaction. A transaction already in a final status is 422. `RETURNED` with a NACHA
/// `reasonCode` (e.g. `R01`) makes the receiving bank send a SETTLED or CLEARED ACH SEND or
/// REQUEST back: 201 with the new `RETURN` transaction, settled at once (it may overdraw the
/// account the money comes back from); the original becomes REVERSED.
#[utoipa::path(post, path = "/v1/sandbox/transactions/{transactionId}/simulate", tag = "Sandbox",
    security(("bearer" = [])),
    params(("transactionId" = inline(crate::wire::ids::CanonicalUuid), Path, description = "The transaction's UUID")),
    request_body = SimulateRequest,
    responses(
        (status = OK, description = "The transaction in its new status", body = TransactionBody),
        (status = CREATED, description = "RETURNED: the RETURN transaction", body = TransactionBody,
            headers(("Location" = String, description = "/v1/transactions/{id} of the RETURN"))),
        (status = BAD_REQUEST, description = "Invalid body", body = ErrorBody),
        (status = FORBIDDEN, description = "The role may not manage transactions, or the sandbox endpoints are switched off (DISABLED)", body = ErrorBody),
        (status = NOT_FOUND, description = "No such transaction", body = ErrorBody),
        (status = UNPROCESSABLE_ENTITY, description = "Its status, type or rail does not allow the outcome", body = ErrorBody),
    ))]
pub async fn simulate(
    State(state): State<AppState>,
    Authorized(principal, ..): Authorized<ManageTransactions>,
    _sandbox: SandboxEnabled,
    ApiPath(path): ApiPath<TransactionPath>,
    _query: NoQuery,
    ApiJson(request): ApiJson<SimulateRequest>,
) -> Result<Response, ApiError> {
    let transactions = &state.services.transactions;
    let simulation = match request.simulation() {
        Ok(simulation) => simulation,
        Err(errors) => {
            // Existence is checked before the body's values: an unknown transaction is 404 first.
            transactions.get(&principal, path.transaction_id).await?;
            return Err(validation(errors));
        }
    };
    match simulation {
        Simulation::Outcome(outcome) => {
            let transaction = transactions
                .simulate(&principal, path.transaction_id, outcome)
                .await?;
            Ok(Json(TransactionBody::from(&transaction)).into_response())
        }
        Simulation::Return(code) => {
            let transaction = transactions
                .simulate_return(&principal, path.transaction_id, code)
                .await?;
            Ok(created(&Created {
                transaction,
                replayed: false,
            }))
        }
    }
}
