//! Customers: create, list and search, retrieve, update, suspend, unsuspend, delete.

use crate::error::{ApiError, validation};
use crate::extract::NoQuery;
use crate::extract::{ApiJson, ApiPath, Authorized, Caller, ManageCustomers, QueryParams};
use crate::routes::customer_filters;
use crate::state::AppState;
use crate::wire::customer::{CustomerBody, CustomerRequest};
use crate::wire::error::ErrorBody;
use crate::wire::limits::parse_given_limits;
use crate::wire::page::PageBody;
use crate::wire::read_only::{refuse_on_create, same_ids, sent_code};
use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use openkor_domain::customer::CustomerStatus;
use openkor_domain::ids::CustomerId;
use openkor_domain::patch::Patch;
use openkor_domain::validation::{FieldError, FieldErrorCode, ValidationErrors};
use serde::Deserialize;

/// The `{customerId}` path parameter.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerPath {
    /// The customer.
    pub customer_id: CustomerId,
}

/// Create a customer (individual or business).
///
/// Returns 201 with the full customer: `status` `ACTIVE`, `verificationStatus` `UNVERIFIED`, and
/// a `Location` header. Phone numbers come back in E.164; the first address of each type
/// becomes primary when none is flagged.
#[utoipa::path(post, path = "/v1/customers", tag = "Customers",
    security(("bearer" = [])),
    request_body = CustomerRequest,
    responses(
        (status = CREATED, description = "The new customer", body = CustomerBody),
        (status = BAD_REQUEST, description = "Invalid body; `errors` lists every field", body = ErrorBody),
        (status = FORBIDDEN, description = "The role may not manage customers", body = ErrorBody),
        (status = CONFLICT, description = "`externalId` already used", body = ErrorBody),
    ))]
pub async fn create_customer(
    State(state): State<AppState>,
    Authorized(principal, ..): Authorized<ManageCustomers>,
    _query: NoQuery,
    ApiJson(mut request): ApiJson<CustomerRequest>,
) -> Result<impl IntoResponse, ApiError> {
    refuse_on_create(&request.read_only_fields()).map_err(validation)?;
    let limits = match std::mem::take(&mut request.limits) {
        Patch::Value(given) => parse_given_limits(&given).map_err(validation)?,
        Patch::Absent | Patch::Null => Vec::new(),
    };
    let customer = state
        .services
        .customers
        .create(&principal, request.into(), &limits)
        .await?;
    let location = format!("/v1/customers/{}", customer.id);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(CustomerBody::from(customer)),
    ))
}

/// List and search the caller's customers.
///
/// Filters combine with AND. `search` matches a case-insensitive substring of the name or
/// primary e-mail, the digits of the primary phone, or the exact id. `name` is a
/// case-insensitive substring of the name; `primaryEmail`, `cityName` and `zipCode` match
/// case-insensitively and exactly; `primaryPhoneNumber` matches after normalising to E.164;
/// `cityName`, `countryCode` and `zipCode` must hold for the same address. `createdAtFrom` and
/// `createdAtTo` are inclusive dates in `timeZone` (default UTC).
#[utoipa::path(get, path = "/v1/customers", tag = "Customers",
    security(("bearer" = [])),
    params(
        ("search" = Option<String>, Query, description = "Name, e-mail, phone digits or id; 1–100 characters"),
        ("name" = Option<String>, Query, description = "Substring of the name, case-insensitive"),
        ("primaryEmail" = Option<String>, Query, description = "Primary e-mail, case-insensitive"),
        ("primaryPhoneNumber" = Option<String>, Query, description = "Primary phone, any accepted spelling (also `primaryPhonenumber`)"),
        ("externalId" = Option<String>, Query, description = "External id, exact"),
        ("createdAtFrom" = Option<String>, Query, description = "yyyy-MM-dd, inclusive"),
        ("createdAtTo" = Option<String>, Query, description = "yyyy-MM-dd, inclusive"),
        ("timeZone" = Option<String>, Query, description = "Z, UTC, GMT, +05:30, UTC-3, or an IANA zone; default UTC"),
        ("type" = Option<String>, Query, description = "INDIVIDUAL or BUSINESS"),
        ("status" = Option<String>, Query, description = "ACTIVE or SUSPENDED"),
        ("cityName" = Option<String>, Query, description = "City of an address, case-insensitive"),
        ("countryCode" = Option<String>, Query, description = "Country (alpha-3) of an address"),
        ("zipCode" = Option<String>, Query, description = "Postal code of an address, case-insensitive"),
        ("page" = Option<u32>, Query, description = "Zero-based page index (default 0)"),
        ("size" = Option<u32>, Query, description = "Page size, 1–100 (default 20)"),
        ("sort" = Option<Vec<String>>, Query, description = "`field,ASC|DESC`, repeatable; fields: createdAt, updatedAt, name, externalId, status, type, id; default createdAt,DESC"),
    ),
    responses(
        (status = OK, description = "One page of customers", body = PageBody<CustomerBody>),
        (status = BAD_REQUEST, description = "Invalid parameter", body = ErrorBody),
    ))]
pub async fn list_customers(
    State(state): State<AppState>,
    Caller(principal): Caller,
    params: QueryParams,
) -> Result<Json<PageBody<CustomerBody>>, ApiError> {
    let (filter, request) = customer_filters::parse(params)?;
    let page = state
        .services
        .customers
        .list(&principal, &filter, &request)
        .await?;
    Ok(Json(PageBody::new(page.map(CustomerBody::from), &request)))
}

/// Retrieve a customer.
#[utoipa::path(get, path = "/v1/customers/{customerId}", tag = "Customers",
    security(("bearer" = [])),
    params(("customerId" = inline(crate::wire::ids::CanonicalUuid), Path, description = "The customer's UUID")),
    responses(
        (status = OK, description = "The customer", body = CustomerBody),
        (status = BAD_REQUEST, description = "Malformed id", body = ErrorBody),
        (status = NOT_FOUND, description = "No such customer in the caller's Business Account", body = ErrorBody),
    ))]
pub async fn get_customer(
    State(state): State<AppState>,
    Caller(principal): Caller,
    ApiPath(path): ApiPath<CustomerPath>,
    params: QueryParams,
) -> Result<Json<CustomerBody>, ApiError> {
    params.finish()?;
    let customer = state
        .services
        .customers
        .get(&principal, path.customer_id)
        .await?;
    Ok(Json(customer.into()))
}

/// Update a customer.
///
/// Absent fields keep their value; `null` clears an optional field. Nothing the update does not
/// name is lost: `addresses` and `contacts` entries merge into the stored lists (an entry with
/// an `id` replaces that entry, or removes it with `"remove": true`; an entry equal to a stored
/// one is that one; any other is added), `metadata` merges key by key (`null` deletes a key).
/// `"addresses": null` removes every address, `"metadata": null` every key. The type cannot
/// change.
#[utoipa::path(put, path = "/v1/customers/{customerId}", tag = "Customers",
    security(("bearer" = [])),
    params(("customerId" = inline(crate::wire::ids::CanonicalUuid), Path, description = "The customer's UUID")),
    request_body = CustomerRequest,
    responses(
        (status = OK, description = "The updated customer", body = CustomerBody),
        (status = BAD_REQUEST, description = "Invalid body or id", body = ErrorBody),
        (status = FORBIDDEN, description = "The role may not manage customers", body = ErrorBody),
        (status = NOT_FOUND, description = "No such customer", body = ErrorBody),
        (status = CONFLICT, description = "`externalId` already used", body = ErrorBody),
    ))]
pub async fn update_customer(
    State(state): State<AppState>,
    Authorized(principal, ..): Authorized<ManageCustomers>,
    ApiPath(path): ApiPath<CustomerPath>,
    _query: NoQuery,
    ApiJson(request): ApiJson<CustomerRequest>,
) -> Result<Json<CustomerBody>, ApiError> {
    same_ids(&[("id", &request.id, path.customer_id.to_string())]).map_err(validation)?;
    let sent_status = sent_code(&request.status);
    if !matches!(request.limits, Patch::Absent) {
        return Err(validation(ValidationErrors::from(FieldError::new(
            "limits",
            FieldErrorCode::UnknownField,
            "is given at creation only; change a Customer's limits with PUT /v1/limits",
        ))));
    }
    let customer = state
        .services
        .customers
        .update(&principal, path.customer_id, request.into(), sent_status)
        .await?;
    Ok(Json(customer.into()))
}

/// Suspend a customer: its Financial Accounts cannot be used in transactions.
///
/// Returns the customer with `status` `SUSPENDED`; suspending a suspended customer is a no-op.
#[utoipa::path(put, path = "/v1/customers/{customerId}/suspend", tag = "Customers",
    security(("bearer" = [])),
    params(("customerId" = inline(crate::wire::ids::CanonicalUuid), Path, description = "The customer's UUID")),
    responses(
        (status = OK, description = "The suspended customer", body = CustomerBody),
        (status = FORBIDDEN, description = "The role may not manage customers", body = ErrorBody),
        (status = NOT_FOUND, description = "No such customer", body = ErrorBody),
    ))]
pub async fn suspend_customer(
    State(state): State<AppState>,
    Authorized(principal, ..): Authorized<ManageCustomers>,
    ApiPath(path): ApiPath<CustomerPath>,
    _query: NoQuery,
) -> Result<Json<CustomerBody>, ApiError> {
    let service = &state.services.customers;
    let customer = service
        .set_status(&principal, path.customer_id, CustomerStatus::Suspended)
        .await?;
    Ok(Json(customer.into()))
}

/// Reactivate a suspended customer (openkor extension; the reference has no such page).
///
/// Returns the customer with `status` `ACTIVE`; unsuspending an active customer is a no-op.
#[utoipa::path(put, path = "/v1/customers/{customerId}/unsuspend", tag = "Customers",
    security(("bearer" = [])),
    params(("customerId" = inline(crate::wire::ids::CanonicalUuid), Path, description = "The customer's UUID")),
    responses(
        (status = OK, description = "The active customer", body = CustomerBody),
        (status = FORBIDDEN, description = "The role may not manage customers", body = ErrorBody),
        (status = NOT_FOUND, description = "No such customer", body = ErrorBody),
    ))]
pub async fn unsuspend_customer(
    State(state): State<AppState>,
    Authorized(principal, ..): Authorized<ManageCustomers>,
    ApiPath(path): ApiPath<CustomerPath>,
    _query: NoQuery,
) -> Result<Json<CustomerBody>, ApiError> {
    let service = &state.services.customers;
    let customer = service
        .set_status(&principal, path.customer_id, CustomerStatus::Active)
        .await?;
    Ok(Json(customer.into()))
}

/// Delete a customer and all its Financial Accounts.
///
/// They disappear from every read; the rows are kept for audit. Suspending is usually the
/// better choice.
#[utoipa::path(delete, path = "/v1/customers/{customerId}", tag = "Customers",
    security(("bearer" = [])),
    params(("customerId" = inline(crate::wire::ids::CanonicalUuid), Path, description = "The customer's UUID")),
    responses(
        (status = NO_CONTENT, description = "Deleted"),
        (status = FORBIDDEN, description = "The role may not manage customers", body = ErrorBody),
        (status = NOT_FOUND, description = "No such customer", body = ErrorBody),
        (status = UNPROCESSABLE_ENTITY, description = "A Financial Account of the customer holds money", body = ErrorBody),
    ))]
pub async fn delete_customer(
    State(state): State<AppState>,
    Authorized(principal, ..): Authorized<ManageCustomers>,
    ApiPath(path): ApiPath<CustomerPath>,
    _query: NoQuery,
) -> Result<StatusCode, ApiError> {
    state
        .services
        .customers
        .delete(&principal, path.customer_id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
