//! Financial Accounts: open (internal, external bank, external card, integrated bank), list,
//! retrieve, suspend, unsuspend, delete, balances.

use crate::error::{ApiError, ErrorCode};
use crate::extract::NoQuery;
use crate::extract::{
    ApiJson, ApiPath, Authorized, Caller, ManageCustomerAccounts, OptionalJson, QueryParams,
};
use crate::routes::customers::CustomerPath;
use crate::routes::financial_account_embeds::{embedded, parse_embeds};
use crate::routes::financial_account_filters::{parse_customer_list, parse_list};
use crate::state::AppState;
use crate::wire::error::ErrorBody;
use crate::wire::financial_account::{
    BalancesBody, ExternalBankAccountRequest, ExternalCardRequest, FinancialAccountBody,
    FinancialAccountSummary, IntegratedBankAccountRequest, InternalAccountRequest, SuspendRequest,
    balances_body,
};
use crate::wire::page::PageBody;
use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use openkor_domain::financial_account::{AccountState, FinancialAccount};
use openkor_domain::ids::FinancialAccountId;
use openkor_domain::service_account::Principal;
use openkor_domain::validation::{FieldError, FieldErrorCode};
use serde::Deserialize;

/// The `{financialAccountId}` path parameter.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountPath {
    /// The Financial Account.
    pub financial_account_id: FinancialAccountId,
}

fn created(account: FinancialAccount) -> impl IntoResponse {
    let location = format!("/v1/financial-accounts/{}", account.id);
    (
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(FinancialAccountBody::from(&account)),
    )
}

/// Create an internal Financial Account for a customer.
///
/// It takes its currency from `parentId`, an ACTIVE business Financial Account of the caller.
/// Returns 201 with the account; only `maskedAccountNumber` of its number is ever returned.
#[utoipa::path(post, path = "/v1/internal-financial-accounts", tag = "Financial Accounts",
    security(("bearer" = [])),
    request_body = InternalAccountRequest,
    responses(
        (status = CREATED, description = "The new account", body = FinancialAccountBody),
        (status = BAD_REQUEST, description = "Invalid body", body = ErrorBody),
        (status = FORBIDDEN, description = "The role may not manage customer accounts", body = ErrorBody),
        (status = UNPROCESSABLE_ENTITY, description = "`parentId`, `accountHolderId` or `currency` cannot be used (named in `errors`)", body = ErrorBody),
    ))]
pub async fn create_internal(
    State(state): State<AppState>,
    Authorized(principal, ..): Authorized<ManageCustomerAccounts>,
    _query: NoQuery,
    ApiJson(request): ApiJson<InternalAccountRequest>,
) -> Result<impl IntoResponse, ApiError> {
    let account = state
        .services
        .financial_accounts
        .create_internal(&principal, request.into())
        .await?;
    Ok(created(account))
}

/// Link a customer's external bank account.
///
/// The routing number must pass the ABA checksum. The account number is never stored in full:
/// only its last four digits and a keyed fingerprint (to refuse linking it twice, 409).
#[utoipa::path(post, path = "/v1/external-bank-accounts", tag = "Financial Accounts",
    security(("bearer" = [])),
    request_body = ExternalBankAccountRequest,
    responses(
        (status = CREATED, description = "The new account", body = FinancialAccountBody),
        (status = BAD_REQUEST, description = "Invalid body", body = ErrorBody),
        (status = FORBIDDEN, description = "The role may not manage customer accounts", body = ErrorBody),
        (status = CONFLICT, description = "This bank account is already linked to the customer", body = ErrorBody),
        (status = UNPROCESSABLE_ENTITY, description = "`accountHolderId` cannot be used", body = ErrorBody),
    ))]
pub async fn create_external_bank(
    State(state): State<AppState>,
    Caller(principal): Caller,
    _query: NoQuery,
    ApiJson(request): ApiJson<ExternalBankAccountRequest>,
) -> Result<impl IntoResponse, ApiError> {
    let account = state
        .services
        .financial_accounts
        .create_external_bank(&principal, request.into())
        .await?;
    Ok(created(account))
}

/// Link a customer's external card.
///
/// The card number must be 11–19 digits passing the Luhn check and the expiry not in the past.
/// The number is never stored in full: only its last four digits and a keyed fingerprint.
#[utoipa::path(post, path = "/v1/external-cards", tag = "Financial Accounts",
    security(("bearer" = [])),
    request_body = ExternalCardRequest,
    responses(
        (status = CREATED, description = "The new account", body = FinancialAccountBody),
        (status = BAD_REQUEST, description = "Invalid body", body = ErrorBody),
        (status = FORBIDDEN, description = "The role may not manage customer accounts", body = ErrorBody),
        (status = CONFLICT, description = "This card is already linked to the customer", body = ErrorBody),
        (status = UNPROCESSABLE_ENTITY, description = "`accountHolderId` cannot be used", body = ErrorBody),
    ))]
pub async fn create_external_card(
    State(state): State<AppState>,
    Caller(principal): Caller,
    _query: NoQuery,
    ApiJson(request): ApiJson<ExternalCardRequest>,
) -> Result<impl IntoResponse, ApiError> {
    let account = state
        .services
        .financial_accounts
        .create_external_card(&principal, request.into())
        .await?;
    Ok(created(account))
}

/// Issue an integrated bank account to an ACTIVE customer.
///
/// Every acceptance agreement must be accepted; they are stored with the account. The account
/// hangs under the caller's business Financial Account of its currency.
#[utoipa::path(post, path = "/v1/integrated-bank-accounts", tag = "Financial Accounts",
    security(("bearer" = [])),
    request_body = IntegratedBankAccountRequest,
    responses(
        (status = CREATED, description = "The new account", body = FinancialAccountBody),
        (status = BAD_REQUEST, description = "Invalid body", body = ErrorBody),
        (status = FORBIDDEN, description = "The role may not manage customer accounts", body = ErrorBody),
        (status = UNPROCESSABLE_ENTITY, description = "`accountHolderId` cannot be used, or no business account in the currency", body = ErrorBody),
    ))]
pub async fn create_integrated_bank(
    State(state): State<AppState>,
    Authorized(principal, ..): Authorized<ManageCustomerAccounts>,
    _query: NoQuery,
    ApiJson(request): ApiJson<IntegratedBankAccountRequest>,
) -> Result<impl IntoResponse, ApiError> {
    let account = state
        .services
        .financial_accounts
        .create_integrated_bank(&principal, request.into())
        .await?;
    Ok(created(account))
}

/// List the caller's Financial Accounts: its own (business), its customers'.
///
/// A mix of internal, bank-account and card summaries. Filters combine with AND; list filters
/// (comma-separated) match any of their values; `name` is a case-insensitive substring;
/// `accountHolderId` set to the caller's Business Account id selects its business accounts.
#[utoipa::path(get, path = "/v1/financial-accounts", tag = "Financial Accounts",
    security(("bearer" = [])),
    params(
        ("accountHolderTypes" = Option<String>, Query, description = "Comma list of BUSINESS_ACCOUNT, CUSTOMER, RECIPIENT (or the parameter repeated)"),
        ("accountHolderId" = Option<String>, Query, description = "The holder's UUID"),
        ("categories" = Option<String>, Query, description = "Comma list of INTERNAL, EXTERNAL, INTEGRATED (or the parameter repeated)"),
        ("name" = Option<String>, Query, description = "Substring of the name, case-insensitive; 1–100 characters"),
        ("defaultFlag" = Option<bool>, Query, description = "true or false, in any case"),
        ("parentId" = Option<String>, Query, description = "The parent account's UUID"),
        ("type" = Option<String>, Query, description = "BANK or CARD"),
        ("state" = Option<String>, Query, description = "PENDING, ACTIVE or SUSPENDED"),
        ("cardStartingNumbers" = Option<String>, Query, description = "Comma list of BIN and card-program prefixes (1–11 digits) of issued cards; openkor issues no cards, so no account matches"),
        ("page" = Option<u32>, Query, description = "Zero-based page index (default 0)"),
        ("size" = Option<u32>, Query, description = "Page size, 1–100 (default 20)"),
        ("sort" = Option<Vec<String>>, Query, description = "`field,ASC|DESC`, repeatable; fields: createdAt, updatedAt, name, category, type, subtype, currency, state, defaultFlag, accountHolderType, accountHolderId, parentId, id; default createdAt,DESC"),
    ),
    responses(
        (status = OK, description = "One page of accounts", body = PageBody<FinancialAccountSummary>),
        (status = BAD_REQUEST, description = "Invalid parameter", body = ErrorBody),
    ))]
pub async fn list_financial_accounts(
    State(state): State<AppState>,
    Caller(principal): Caller,
    params: QueryParams,
) -> Result<Json<PageBody<FinancialAccountSummary>>, ApiError> {
    let (filter, request) = parse_list(params)?;
    let page = state
        .services
        .financial_accounts
        .list(&principal, &filter, &request)
        .await?;
    Ok(Json(PageBody::new(
        page.map(|a| FinancialAccountSummary::from(&a)),
        &request,
    )))
}

/// List the Financial Accounts of one customer.
#[utoipa::path(get, path = "/v1/customers/{customerId}/financial-accounts", tag = "Financial Accounts",
    security(("bearer" = [])),
    params(
        ("customerId" = inline(crate::wire::ids::CanonicalUuid), Path, description = "The customer's UUID"),
        ("type" = Option<String>, Query, description = "BANK or CARD"),
        ("state" = Option<String>, Query, description = "PENDING, ACTIVE or SUSPENDED"),
        ("page" = Option<u32>, Query, description = "Zero-based page index"),
        ("size" = Option<u32>, Query, description = "Page size, 1–100"),
        ("sort" = Option<Vec<String>>, Query, description = "As for /v1/financial-accounts; default createdAt,DESC"),
    ),
    responses(
        (status = OK, description = "One page of accounts", body = PageBody<FinancialAccountSummary>),
        (status = NOT_FOUND, description = "No such customer", body = ErrorBody),
    ))]
pub async fn list_customer_financial_accounts(
    State(state): State<AppState>,
    Caller(principal): Caller,
    ApiPath(path): ApiPath<CustomerPath>,
    params: QueryParams,
) -> Result<Json<PageBody<FinancialAccountSummary>>, ApiError> {
    let (filter, request) = parse_customer_list(params)?;
    let page = state
        .services
        .financial_accounts
        .list_for_customer(&principal, path.customer_id, filter, &request)
        .await?;
    Ok(Json(PageBody::new(
        page.map(|a| FinancialAccountSummary::from(&a)),
        &request,
    )))
}

/// Retrieve a Financial Account.
///
/// `embed=balances` adds `_embedded.balances` for internal accounts (the only ones with a
/// ledger); `embed=accountHolder` adds `_embedded.customer` (or `_embedded.businessAccount`);
/// `embed=limits` adds `_embedded.limits`, the Financial Account Limits object now.
#[utoipa::path(get, path = "/v1/financial-accounts/{financialAccountId}", tag = "Financial Accounts",
    security(("bearer" = [])),
    params(
        ("financialAccountId" = inline(crate::wire::ids::CanonicalUuid), Path, description = "The account's UUID"),
        ("embed" = Option<String>, Query, description = "Comma list of balances, accountHolder, limits"),
    ),
    responses(
        (status = OK, description = "The account", body = FinancialAccountBody),
        (status = BAD_REQUEST, description = "Malformed id or embed", body = ErrorBody),
        (status = NOT_FOUND, description = "No such account in the caller's Business Account", body = ErrorBody),
    ))]
pub async fn get_financial_account(
    State(state): State<AppState>,
    Caller(principal): Caller,
    ApiPath(path): ApiPath<AccountPath>,
    mut params: QueryParams,
) -> Result<Json<FinancialAccountBody>, ApiError> {
    let embeds = parse_embeds(&mut params);
    params.finish()?;
    let account = state
        .services
        .financial_accounts
        .get(&principal, path.financial_account_id)
        .await?;
    let mut body = FinancialAccountBody::from(&account);
    if embeds.any() {
        body.embedded = Some(embedded(&state, &principal, &account, &embeds).await?);
    }
    Ok(Json(body))
}

/// The balances of an internal Financial Account, keyed by currency.
#[utoipa::path(get, path = "/v1/financial-accounts/{financialAccountId}/balances", tag = "Financial Accounts",
    security(("bearer" = [])),
    params(("financialAccountId" = inline(crate::wire::ids::CanonicalUuid), Path, description = "The account's UUID")),
    responses(
        (status = OK, description = "Balances by currency", body = BTreeMap<String, crate::wire::financial_account::BalanceBody>),
        (status = NOT_FOUND, description = "No such account", body = ErrorBody),
        (status = UNPROCESSABLE_ENTITY, description = "Not an internal account", body = ErrorBody),
    ))]
pub async fn get_balances(
    State(state): State<AppState>,
    Caller(principal): Caller,
    ApiPath(path): ApiPath<AccountPath>,
    params: QueryParams,
) -> Result<Json<BalancesBody>, ApiError> {
    params.finish()?;
    let (account, balances) = state
        .services
        .financial_accounts
        .balances(&principal, path.financial_account_id)
        .await?;
    Ok(Json(balances_body(&account, &balances)))
}

/// Suspend a customer's Financial Account: it cannot be used in transactions.
///
/// 204. The optional body's `stateReason` applies to issued cards only, which openkor does not
/// issue yet, so it is refused. Suspending a suspended account is a no-op.
#[utoipa::path(post, path = "/v1/financial-accounts/{financialAccountId}/suspend", tag = "Financial Accounts",
    security(("bearer" = [])),
    params(("financialAccountId" = inline(crate::wire::ids::CanonicalUuid), Path, description = "The account's UUID")),
    request_body(content = Option<SuspendRequest>, description = "Optional"),
    responses(
        (status = NO_CONTENT, description = "Suspended"),
        (status = FORBIDDEN, description = "The role may not manage customer accounts", body = ErrorBody),
        (status = NOT_FOUND, description = "No such account", body = ErrorBody),
        (status = UNPROCESSABLE_ENTITY, description = "A business Financial Account", body = ErrorBody),
    ))]
pub async fn suspend(
    State(state): State<AppState>,
    Authorized(principal, ..): Authorized<ManageCustomerAccounts>,
    ApiPath(path): ApiPath<AccountPath>,
    _query: NoQuery,
    OptionalJson(body): OptionalJson<SuspendRequest>,
) -> Result<StatusCode, ApiError> {
    suspended(&state, &principal, &path, body).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Suspend a customer's Financial Account (the older form): returns it.
///
/// The same as `POST …/suspend`, kept for clients of the older API: 200 with the account.
#[utoipa::path(put, path = "/v1/financial-accounts/{financialAccountId}/suspend", tag = "Financial Accounts",
    security(("bearer" = [])),
    params(("financialAccountId" = inline(crate::wire::ids::CanonicalUuid), Path, description = "The account's UUID")),
    request_body(content = Option<SuspendRequest>, description = "Optional"),
    responses(
        (status = OK, description = "The suspended account", body = FinancialAccountBody),
        (status = FORBIDDEN, description = "The role may not manage customer accounts", body = ErrorBody),
        (status = NOT_FOUND, description = "No such account", body = ErrorBody),
        (status = UNPROCESSABLE_ENTITY, description = "A business Financial Account", body = ErrorBody),
    ))]
pub async fn suspend_older(
    State(state): State<AppState>,
    Authorized(principal, ..): Authorized<ManageCustomerAccounts>,
    ApiPath(path): ApiPath<AccountPath>,
    _query: NoQuery,
    OptionalJson(body): OptionalJson<SuspendRequest>,
) -> Result<Json<FinancialAccountBody>, ApiError> {
    let account = suspended(&state, &principal, &path, body).await?;
    Ok(Json(FinancialAccountBody::from(&account)))
}

/// Suspends the account; a `stateReason` is refused once the account is known to exist.
async fn suspended(
    state: &AppState,
    principal: &Principal,
    path: &AccountPath,
    body: Option<SuspendRequest>,
) -> Result<FinancialAccount, ApiError> {
    let accounts = &state.services.financial_accounts;
    if body.and_then(|b| b.state_reason).is_some() {
        // Existence is checked before the body's values: an unknown account is 404 first.
        accounts.get(principal, path.financial_account_id).await?;
        return Err(ApiError::with_errors(
            ErrorCode::ValidationFailed,
            "the request is invalid; see errors",
            vec![FieldError::new(
                "stateReason",
                FieldErrorCode::Inconsistent,
                "applies only to issued cards, which openkor does not issue",
            )],
        ));
    }
    Ok(accounts
        .set_state(
            principal,
            path.financial_account_id,
            AccountState::Suspended,
        )
        .await?)
}

/// Reactivate a suspended Financial Account; returns it.
#[utoipa::path(put, path = "/v1/financial-accounts/{financialAccountId}/unsuspend", tag = "Financial Accounts",
    security(("bearer" = [])),
    params(("financialAccountId" = inline(crate::wire::ids::CanonicalUuid), Path, description = "The account's UUID")),
    responses(
        (status = OK, description = "The active account", body = FinancialAccountBody),
        (status = FORBIDDEN, description = "The role may not manage customer accounts", body = ErrorBody),
        (status = NOT_FOUND, description = "No such account", body = ErrorBody),
        (status = UNPROCESSABLE_ENTITY, description = "A business Financial Account", body = ErrorBody),
    ))]
pub async fn unsuspend(
    State(state): State<AppState>,
    Authorized(principal, ..): Authorized<ManageCustomerAccounts>,
    ApiPath(path): ApiPath<AccountPath>,
    _query: NoQuery,
) -> Result<Json<FinancialAccountBody>, ApiError> {
    let account = state
        .services
        .financial_accounts
        .set_state(&principal, path.financial_account_id, AccountState::Active)
        .await?;
    Ok(Json(FinancialAccountBody::from(&account)))
}

/// Delete a customer's Financial Account.
///
/// 204; it disappears from every read. An internal account must have a zero balance and
/// nothing pending (422 otherwise).
#[utoipa::path(delete, path = "/v1/financial-accounts/{financialAccountId}", tag = "Financial Accounts",
    security(("bearer" = [])),
    params(("financialAccountId" = inline(crate::wire::ids::CanonicalUuid), Path, description = "The account's UUID")),
    responses(
        (status = NO_CONTENT, description = "Deleted"),
        (status = FORBIDDEN, description = "The role may not manage customer accounts", body = ErrorBody),
        (status = NOT_FOUND, description = "No such account", body = ErrorBody),
        (status = UNPROCESSABLE_ENTITY, description = "A business account, or money is still in it", body = ErrorBody),
    ))]
pub async fn delete(
    State(state): State<AppState>,
    Authorized(principal, ..): Authorized<ManageCustomerAccounts>,
    ApiPath(path): ApiPath<AccountPath>,
    _query: NoQuery,
) -> Result<StatusCode, ApiError> {
    state
        .services
        .financial_accounts
        .delete(&principal, path.financial_account_id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
