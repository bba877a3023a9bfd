//! Transaction limits (reference §8): list a Customer's or Financial Account's limits, change
//! their amounts in bulk, their utilisation, and a Financial Account's and a Business Account's
//! limits by period.

use crate::error::{ApiError, validation};
use crate::extract::{ApiJson, ApiPath, Authorized, Caller, ManageLimits, NoQuery, QueryParams};
use crate::routes::business_accounts::account_ref;
use crate::routes::financial_accounts::AccountPath;
use crate::routes::transaction_filters::uuid;
use crate::state::AppState;
use crate::wire::error::ErrorBody;
use crate::wire::limits::{
    AccountLimitsBody, BusinessAccountLimitsBody, LimitBody, LimitUpdate, UtilisationBody,
    parse_updates,
};
use axum::Json;
use axum::extract::State;
use openkor_domain::clock::Timestamp;
use openkor_domain::time_zone::parse_date;
use openkor_domain::transaction_limits::{LimitScope, eastern_noon, parse_instant};
use openkor_domain::validation::{FieldError, FieldErrorCode};
use std::collections::BTreeMap;
use uuid::Uuid;

/// `scopeId` and `scopeType` (both required).
fn take_scope(params: &mut QueryParams) -> Option<(LimitScope, Uuid)> {
    for name in ["scopeId", "scopeType"] {
        if !params.has(name) {
            params.error(FieldError::required(name));
        }
    }
    let id = params.take_parsed("scopeId", uuid("scopeId"));
    let scope = params.take_parsed("scopeType", |value| {
        LimitScope::from_code(value)
            .filter(|scope| scope.is_public())
            .ok_or_else(|| {
                FieldError::new(
                    "scopeType",
                    FieldErrorCode::InvalidValue,
                    "must be CUSTOMER or FA_KFA",
                )
            })
    });
    Some((scope?, id?))
}

/// `ts`: an ISO 8601 instant with an offset.
fn take_ts(params: &mut QueryParams) -> Option<Timestamp> {
    params.take_parsed("ts", |value| {
        parse_instant(value).ok_or_else(|| {
            FieldError::new(
                "ts",
                FieldErrorCode::InvalidFormat,
                "must be an ISO 8601 instant with an offset",
            )
        })
    })
}

fn parsed<T>(value: Option<T>) -> Result<T, ApiError> {
    value.ok_or_else(|| ApiError::internal("limit parameters parsed without errors yet missing"))
}

/// List the transaction limits of a Customer or a Financial Account.
///
/// A new Customer has SINGLE, DAILY, WEEKLY and MONTHLY limits in USD and in CAD; a new
/// internal or integrated account of a Customer has them in its currency. Business and
/// external accounts have none (an empty array).
#[utoipa::path(get, path = "/v1/limits", tag = "Transaction Limits",
    security(("bearer" = [])),
    params(
        ("scopeId" = String, Query, description = "The Customer's or Financial Account's UUID"),
        ("scopeType" = String, Query, description = "CUSTOMER or FA_KFA"),
    ),
    responses(
        (status = OK, description = "The limits", body = Vec<LimitBody>),
        (status = BAD_REQUEST, description = "Missing or invalid parameter", body = ErrorBody),
        (status = NOT_FOUND, description = "No such Customer or Financial Account", body = ErrorBody),
    ))]
pub async fn list_limits(
    State(state): State<AppState>,
    Caller(principal): Caller,
    mut params: QueryParams,
) -> Result<Json<Vec<LimitBody>>, ApiError> {
    let scope = take_scope(&mut params);
    params.finish()?;
    let (scope_type, scope_id) = parsed(scope)?;
    let limits = state
        .services
        .limits
        .list(&principal, scope_type, scope_id)
        .await?;
    Ok(Json(limits.iter().map(LimitBody::from).collect()))
}

/// Change the amounts of several limits at once.
///
/// The body maps limit ids to `{"amount": "99.99"}`; limits of different Customers and accounts
/// may be mixed. All or nothing: an id that is not the caller's is 404 and changes nothing.
/// Lowering a limit below what its window has used refuses further transactions until the
/// window turns; it changes none already made.
#[utoipa::path(put, path = "/v1/limits", tag = "Transaction Limits",
    security(("bearer" = [])),
    request_body = BTreeMap<String, LimitUpdate>,
    responses(
        (status = OK, description = "The updated limits, ordered by id", body = Vec<LimitBody>),
        (status = BAD_REQUEST, description = "Invalid body", body = ErrorBody),
        (status = FORBIDDEN, description = "The role may not change limits", body = ErrorBody),
        (status = NOT_FOUND, description = "A limit does not exist", body = ErrorBody),
    ))]
pub async fn update_limits(
    State(state): State<AppState>,
    Authorized(principal, ..): Authorized<ManageLimits>,
    _query: NoQuery,
    ApiJson(body): ApiJson<BTreeMap<String, LimitUpdate>>,
) -> Result<Json<Vec<LimitBody>>, ApiError> {
    let updates = parse_updates(&body).map_err(validation)?;
    let limits = state.services.limits.update(&principal, &updates).await?;
    Ok(Json(limits.iter().map(LimitBody::from).collect()))
}

/// What the windows of a reference date have used of each DAILY, WEEKLY and MONTHLY limit.
#[utoipa::path(get, path = "/v1/limits/utilisation", tag = "Transaction Limits",
    security(("bearer" = [])),
    params(
        ("scopeId" = String, Query, description = "The Customer's or Financial Account's UUID"),
        ("scopeType" = String, Query, description = "CUSTOMER or FA_KFA"),
        ("referenceDate" = Option<String>, Query, description = "yyyy-MM-dd, a US Eastern date (default today)"),
    ),
    responses(
        (status = OK, description = "The usage of each windowed limit", body = Vec<UtilisationBody>),
        (status = BAD_REQUEST, description = "Missing or invalid parameter", body = ErrorBody),
        (status = NOT_FOUND, description = "No such Customer or Financial Account", body = ErrorBody),
    ))]
pub async fn utilisation(
    State(state): State<AppState>,
    Caller(principal): Caller,
    mut params: QueryParams,
) -> Result<Json<Vec<UtilisationBody>>, ApiError> {
    let scope = take_scope(&mut params);
    let at = params.take_parsed("referenceDate", |value| {
        let date = parse_date("referenceDate", value)?;
        eastern_noon(date).ok_or_else(|| {
            FieldError::new(
                "referenceDate",
                FieldErrorCode::OutOfRange,
                "is out of range",
            )
        })
    });
    params.finish()?;
    let (scope_type, scope_id) = parsed(scope)?;
    let usages = state
        .services
        .limits
        .usage(&principal, scope_type, scope_id, at)
        .await?;
    Ok(Json(
        usages.iter().filter_map(UtilisationBody::of).collect(),
    ))
}

/// The limits of a Financial Account by period, with what each period has used.
#[utoipa::path(get, path = "/v1/financial-accounts/{financialAccountId}/limits", tag = "Transaction Limits",
    security(("bearer" = [])),
    params(
        ("financialAccountId" = inline(crate::wire::ids::CanonicalUuid), Path, description = "The account's UUID"),
        ("ts" = Option<String>, Query, description = "ISO 8601 instant with offset; the periods containing it (default now)"),
    ),
    responses(
        (status = OK, description = "The account's daily, weekly and monthly limits and usage", body = AccountLimitsBody),
        (status = BAD_REQUEST, description = "Invalid parameter", body = ErrorBody),
        (status = NOT_FOUND, description = "No such account", body = ErrorBody),
    ))]
pub async fn account_limits(
    State(state): State<AppState>,
    Caller(principal): Caller,
    ApiPath(path): ApiPath<AccountPath>,
    mut params: QueryParams,
) -> Result<Json<AccountLimitsBody>, ApiError> {
    let at = take_ts(&mut params);
    params.finish()?;
    let account = path.financial_account_id.as_uuid();
    let limits = &state.services.limits;
    let usages = limits
        .usage(&principal, LimitScope::FinancialAccount, account, at)
        .await?;
    let at = at.unwrap_or_else(|| limits.now());
    Ok(Json(AccountLimitsBody::of(account, &usages, at)))
}

/// The limits of a Business Account and of each of its ancestors, by period, with what each
/// period has used.
///
/// `businessAccountId` is a UUID or `self`; the caller sees its own Business Account and its
/// descendants. The first entry is the requested account's (`businessAccountId`), then one per
/// ancestor, nearest first (`parentBusinessAccountId`). A Business Account's limits cap what it
/// and its descendants move together; an operator sets them (`openkor limits set`).
#[utoipa::path(get, path = "/v1/business-accounts/{businessAccountId}/limits", tag = "Business Accounts",
    security(("bearer" = [])),
    params(
        ("businessAccountId" = inline(crate::wire::ids::BusinessAccountIdOrSelf), Path, description = "A Business Account UUID, or `self`"),
        ("ts" = Option<String>, Query, description = "ISO 8601 instant with offset; the periods containing it (default now)"),
    ),
    responses(
        (status = OK, description = "The account's limits, then its ancestors'", body = Vec<BusinessAccountLimitsBody>),
        (status = BAD_REQUEST, description = "Malformed id or parameter", body = ErrorBody),
        (status = NOT_FOUND, description = "No such Business Account visible to the caller", body = ErrorBody),
    ))]
pub async fn business_account_limits(
    State(state): State<AppState>,
    Caller(principal): Caller,
    ApiPath(raw_id): ApiPath<String>,
    mut params: QueryParams,
) -> Result<Json<Vec<BusinessAccountLimitsBody>>, ApiError> {
    let target = account_ref(&raw_id);
    let at = take_ts(&mut params);
    params.finish()?;
    let limits = &state.services.limits;
    let at = at.unwrap_or_else(|| limits.now());
    let lineage = limits
        .business_account_limits(&principal, target?, Some(at))
        .await?;
    Ok(Json(BusinessAccountLimitsBody::list(&lineage, at)))
}
