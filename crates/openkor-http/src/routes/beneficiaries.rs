//! Beneficial owners of business customers: create, list, retrieve, update.

use crate::error::{ApiError, validation};
use crate::extract::NoQuery;
use crate::extract::{ApiJson, ApiPath, Authorized, Caller, ManageCustomers, QueryParams};
use crate::routes::customers::CustomerPath;
use crate::state::AppState;
use crate::wire::beneficiary::{BeneficiaryBody, BeneficiaryRequest, BeneficiarySummaryBody};
use crate::wire::error::ErrorBody;
use crate::wire::read_only::{refuse_on_create, same_ids};
use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use openkor_domain::ids::{BeneficiaryId, CustomerId};
use serde::Deserialize;

/// The `{customerId}/beneficiaries/{beneficiaryId}` path parameters.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BeneficiaryPath {
    /// The business customer.
    pub customer_id: CustomerId,
    /// The beneficial owner.
    pub beneficiary_id: BeneficiaryId,
}

/// Create a beneficial owner of a business customer.
///
/// Refused with 422 for an individual customer. `socialId` is stored and only ever returned
/// truncated.
#[utoipa::path(post, path = "/v1/customers/{customerId}/beneficiaries", tag = "Beneficial owners",
    security(("bearer" = [])),
    params(("customerId" = inline(crate::wire::ids::CanonicalUuid), Path, description = "The business customer's UUID")),
    request_body = BeneficiaryRequest,
    responses(
        (status = CREATED, description = "The new beneficial owner", body = BeneficiaryBody),
        (status = BAD_REQUEST, description = "Invalid body or id", body = ErrorBody),
        (status = FORBIDDEN, description = "The role may not manage customers", body = ErrorBody),
        (status = NOT_FOUND, description = "No such customer", body = ErrorBody),
        (status = UNPROCESSABLE_ENTITY, description = "The customer is not a business, or has 20 owners already", body = ErrorBody),
    ))]
pub async fn create_beneficiary(
    State(state): State<AppState>,
    Authorized(principal, ..): Authorized<ManageCustomers>,
    ApiPath(path): ApiPath<CustomerPath>,
    _query: NoQuery,
    ApiJson(request): ApiJson<BeneficiaryRequest>,
) -> Result<impl IntoResponse, ApiError> {
    refuse_on_create(&request.read_only_fields()).map_err(validation)?;
    let owner = state
        .services
        .beneficiaries
        .create(&principal, path.customer_id, request.into())
        .await?;
    let location = format!(
        "/v1/customers/{}/beneficiaries/{}",
        owner.customer_id, owner.id
    );
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(BeneficiaryBody::from(owner)),
    ))
}

/// List the beneficial owners of a customer: a plain array, oldest first (empty for an
/// individual customer).
#[utoipa::path(get, path = "/v1/customers/{customerId}/beneficiaries", tag = "Beneficial owners",
    security(("bearer" = [])),
    params(("customerId" = inline(crate::wire::ids::CanonicalUuid), Path, description = "The customer's UUID")),
    responses(
        (status = OK, description = "The beneficial owners", body = [BeneficiarySummaryBody]),
        (status = NOT_FOUND, description = "No such customer", body = ErrorBody),
    ))]
pub async fn list_beneficiaries(
    State(state): State<AppState>,
    Caller(principal): Caller,
    ApiPath(path): ApiPath<CustomerPath>,
    params: QueryParams,
) -> Result<Json<Vec<BeneficiarySummaryBody>>, ApiError> {
    params.finish()?;
    let owners = state
        .services
        .beneficiaries
        .list(&principal, path.customer_id)
        .await?;
    Ok(Json(owners.into_iter().map(Into::into).collect()))
}

/// Retrieve a beneficial owner.
#[utoipa::path(get, path = "/v1/customers/{customerId}/beneficiaries/{beneficiaryId}", tag = "Beneficial owners",
    security(("bearer" = [])),
    params(
        ("customerId" = inline(crate::wire::ids::CanonicalUuid), Path, description = "The customer's UUID"),
        ("beneficiaryId" = inline(crate::wire::ids::CanonicalUuid), Path, description = "The beneficial owner's UUID"),
    ),
    responses(
        (status = OK, description = "The beneficial owner", body = BeneficiaryBody),
        (status = NOT_FOUND, description = "No such customer or owner", body = ErrorBody),
    ))]
pub async fn get_beneficiary(
    State(state): State<AppState>,
    Caller(principal): Caller,
    ApiPath(path): ApiPath<BeneficiaryPath>,
    params: QueryParams,
) -> Result<Json<BeneficiaryBody>, ApiError> {
    params.finish()?;
    let owner = state
        .services
        .beneficiaries
        .get(&principal, path.customer_id, path.beneficiary_id)
        .await?;
    Ok(Json(owner.into()))
}

/// Update a beneficial owner: absent fields keep their value, `null` clears, `addresses`
/// entries merge into the stored addresses like a customer's (an address the update does not
/// name stays; `"addresses": null` removes every address).
#[utoipa::path(put, path = "/v1/customers/{customerId}/beneficiaries/{beneficiaryId}", tag = "Beneficial owners",
    security(("bearer" = [])),
    params(
        ("customerId" = inline(crate::wire::ids::CanonicalUuid), Path, description = "The customer's UUID"),
        ("beneficiaryId" = inline(crate::wire::ids::CanonicalUuid), Path, description = "The beneficial owner's UUID"),
    ),
    request_body = BeneficiaryRequest,
    responses(
        (status = OK, description = "The updated beneficial owner", body = BeneficiaryBody),
        (status = BAD_REQUEST, description = "Invalid body or id", body = ErrorBody),
        (status = FORBIDDEN, description = "The role may not manage customers", body = ErrorBody),
        (status = NOT_FOUND, description = "No such customer or owner", body = ErrorBody),
    ))]
pub async fn update_beneficiary(
    State(state): State<AppState>,
    Authorized(principal, ..): Authorized<ManageCustomers>,
    ApiPath(path): ApiPath<BeneficiaryPath>,
    _query: NoQuery,
    ApiJson(request): ApiJson<BeneficiaryRequest>,
) -> Result<Json<BeneficiaryBody>, ApiError> {
    same_ids(&[
        ("id", &request.id, path.beneficiary_id.to_string()),
        ("parentId", &request.parent_id, path.customer_id.to_string()),
    ])
    .map_err(validation)?;
    let owner = state
        .services
        .beneficiaries
        .update(
            &principal,
            path.customer_id,
            path.beneficiary_id,
            request.into(),
        )
        .await?;
    Ok(Json(owner.into()))
}
