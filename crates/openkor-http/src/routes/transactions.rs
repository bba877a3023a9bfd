//! Transactions (reference §9): create, retrieve (with embedded accounts), search, the status
//! history in its two forms, and payment reasons.

use crate::error::ApiError;
use crate::extract::idempotency::IDEMPOTENT_REPLAYED;
use crate::extract::query::DefaultSort;
use crate::extract::{
    ApiJsonBytes, ApiPath, Authorized, Caller, IdempotencyHeader, ManageTransactions, NoQuery,
    QueryParams,
};
use crate::routes::transaction_filters::{parse_history, parse_list};
use crate::state::AppState;
use crate::wire::error::ErrorBody;
use crate::wire::financial_account::{
    FinancialAccountBody, FinancialAccountEmbedded, balances_body,
};
use crate::wire::page::PageBody;
use crate::wire::transaction::{
    PaymentReasonBody, TransactionBody, TransactionEmbedded, TransactionHistoryBody,
    TransactionRequest, TransactionStatusBody,
};
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use openkor_domain::ids::{FinancialAccountId, TransactionId};
use openkor_domain::limits::PAGE_SIZE_MAX;
use openkor_domain::paging::PageRequest;
use openkor_domain::service_account::Principal;
use openkor_domain::transaction::{HistorySortField, Transaction};
use openkor_domain::validation::{FieldError, FieldErrorCode};
use openkor_service::ServiceError;
use openkor_store::Created;
use serde::Deserialize;

/// The `{transactionId}` path parameter.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TransactionPath {
    /// The transaction.
    pub transaction_id: TransactionId,
}

/// 201 with the transaction and its `Location`; a replayed answer (an `Idempotency-Key` seen
/// before with the same request) also carries `Idempotent-Replayed: true`.
pub(crate) fn created(created: &Created) -> Response {
    let transaction = &created.transaction;
    let location = format!("/v1/transactions/{}", transaction.id);
    let mut response = (
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(TransactionBody::from(transaction)),
    )
        .into_response();
    if created.replayed {
        response.headers_mut().insert(
            IDEMPOTENT_REPLAYED.clone(),
            HeaderValue::from_static("true"),
        );
    }
    response
}

/// Create a transaction (an SLT): move `amount` from the debit to the credit Financial Account.
///
/// `amount` is a decimal string or a JSON number. With an `Idempotency-Key`, a retry of the
/// same request (same body, keys in any order) answers the first answer again, with
/// `Idempotent-Replayed: true`; the key with a different request is 409.
#[utoipa::path(post, path = "/v1/transactions", tag = "Transactions",
    security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "6–255 characters; makes retries safe")),
    request_body = TransactionRequest,
    responses(
        (status = CREATED, description = "The new (or, with a used Idempotency-Key, the replayed) transaction", body = TransactionBody,
            headers(
                ("Location" = String, description = "/v1/transactions/{id}"),
                ("Idempotent-Replayed" = Option<String>, description = "`true` when an earlier request with this key created it"),
            )),
        (status = BAD_REQUEST, description = "Invalid body or Idempotency-Key", body = ErrorBody),
        (status = FORBIDDEN, description = "The role may not manage transactions", body = ErrorBody),
        (status = CONFLICT, description = "The Idempotency-Key was used with a different request", body = ErrorBody),
        (status = UNPROCESSABLE_ENTITY, description = "The accounts do not allow it (named in `errors`), or insufficient funds", body = ErrorBody),
    ))]
pub async fn create_transaction(
    State(state): State<AppState>,
    Authorized(principal, ..): Authorized<ManageTransactions>,
    _query: NoQuery,
    idempotency: IdempotencyHeader,
    ApiJsonBytes(request, bytes): ApiJsonBytes<TransactionRequest>,
) -> Result<Response, ApiError> {
    let key = idempotency.key_for(&bytes)?;
    let outcome = state
        .services
        .transactions
        .create(&principal, &request.into(), key)
        .await?;
    Ok(created(&outcome))
}

/// Which accounts to embed, and whether with their balances.
#[derive(Clone, Copy, Debug, Default)]
struct AccountEmbed {
    account: bool,
    balances: bool,
}

#[derive(Debug, Default)]
struct Embeds {
    credit: AccountEmbed,
    debit: AccountEmbed,
}

const EMBEDS: &str = "creditFinancialAccount, creditFinancialAccount.balances, \
    debitFinancialAccount, debitFinancialAccount.balances, transactionProviderDetails";

fn parse_embeds(params: &mut QueryParams) -> Embeds {
    let mut embeds = Embeds::default();
    let Some(items) = params.take_list("embed") else {
        return embeds;
    };
    let with_balances = AccountEmbed {
        account: true,
        balances: true,
    };
    for item in items {
        match item.as_str() {
            "creditFinancialAccount" => embeds.credit.account = true,
            "creditFinancialAccount.balances" => embeds.credit = with_balances,
            "debitFinancialAccount" => embeds.debit.account = true,
            "debitFinancialAccount.balances" => embeds.debit = with_balances,
            // Provider details come from a card network's answer to a push-to-card; openkor
            // settles on its own ledger and has no network, so there is nothing to add.
            "transactionProviderDetails" => {}
            "debitFinancialAccount.recipient" => params.error(FieldError::new(
                "embed",
                FieldErrorCode::InvalidValue,
                format!(
                    "debitFinancialAccount.recipient is not available: Recipients are not implemented; each item must be one of {EMBEDS}"
                ),
            )),
            _ => params.error(FieldError::new(
                "embed",
                FieldErrorCode::InvalidValue,
                format!("each item must be one of {EMBEDS}"),
            )),
        }
    }
    embeds
}

/// The Financial Account `id` as its own GET returns it, with `_embedded.balances` when asked
/// and it has a ledger. `None` when not asked, when there is no such side (a deposit's debit)
/// or when the account was deleted since (it is gone from every read).
async fn embedded_account(
    state: &AppState,
    principal: &Principal,
    id: Option<FinancialAccountId>,
    embed: AccountEmbed,
) -> Result<Option<FinancialAccountBody>, ApiError> {
    let Some(id) = id.filter(|_| embed.account) else {
        return Ok(None);
    };
    let accounts = &state.services.financial_accounts;
    let account = match accounts.get(principal, id).await {
        Ok(account) => account,
        Err(ServiceError::NotFound(_)) => return Ok(None),
        Err(error) => return Err(error.into()),
    };
    let mut body = FinancialAccountBody::from(&account);
    if embed.balances {
        match accounts.balances(principal, id).await {
            Ok((account, balances)) => {
                body.embedded = Some(FinancialAccountEmbedded {
                    balances: Some(balances_body(&account, &balances)),
                    ..FinancialAccountEmbedded::default()
                });
            }
            // No ledger (external, integrated and business accounts): no balances to show.
            Err(ServiceError::BusinessRule(_) | ServiceError::NotFound(_)) => {}
            Err(error) => return Err(error.into()),
        }
    }
    Ok(Some(body))
}

async fn embedded(
    state: &AppState,
    principal: &Principal,
    transaction: &Transaction,
    embeds: &Embeds,
) -> Result<Option<TransactionEmbedded>, ApiError> {
    let credit = Some(transaction.credit_financial_account_id);
    let credit = embedded_account(state, principal, credit, embeds.credit).await?;
    let debit = transaction.debit_financial_account_id;
    let debit = embedded_account(state, principal, debit, embeds.debit).await?;
    if credit.is_none() && debit.is_none() {
        return Ok(None);
    }
    Ok(Some(TransactionEmbedded {
        credit_financial_account: credit,
        debit_financial_account: debit,
    }))
}

/// Retrieve a transaction.
///
/// `embed` adds the credit and debit Financial Accounts (`_embedded.creditFinancialAccount`,
/// `_embedded.debitFinancialAccount`) as their own GET returns them, optionally with their
/// balances (`….balances`, accounts with a ledger only). A deposit has no debit account.
/// `transactionProviderDetails` is accepted and adds nothing: openkor has no card network.
#[utoipa::path(get, path = "/v1/transactions/{transactionId}", tag = "Transactions",
    security(("bearer" = [])),
    params(
        ("transactionId" = inline(crate::wire::ids::CanonicalUuid), Path, description = "The transaction's UUID"),
        ("embed" = Option<String>, Query, description = "Comma list of creditFinancialAccount, creditFinancialAccount.balances, debitFinancialAccount, debitFinancialAccount.balances, transactionProviderDetails"),
    ),
    responses(
        (status = OK, description = "The transaction", body = TransactionBody),
        (status = BAD_REQUEST, description = "Malformed id or embed", body = ErrorBody),
        (status = NOT_FOUND, description = "No such transaction in the caller's Business Account", body = ErrorBody),
    ))]
pub async fn get_transaction(
    State(state): State<AppState>,
    Caller(principal): Caller,
    ApiPath(path): ApiPath<TransactionPath>,
    mut params: QueryParams,
) -> Result<Json<TransactionBody>, ApiError> {
    let embeds = parse_embeds(&mut params);
    params.finish()?;
    let transaction = state
        .services
        .transactions
        .get(&principal, path.transaction_id)
        .await?;
    let mut body = TransactionBody::from(&transaction);
    body.embedded = embedded(&state, &principal, &transaction, &embeds).await?;
    Ok(Json(body))
}

/// Search the caller's transactions.
///
/// Filters combine with AND. Dates are inclusive, in `timeZone`; amounts are inclusive
/// decimal strings; masked numbers match the last four digits.
#[utoipa::path(get, path = "/v1/transactions", tag = "Transactions",
    security(("bearer" = [])),
    params(
        ("createdDateFrom" = Option<String>, Query, description = "yyyy-MM-dd, inclusive"),
        ("createdDateTo" = Option<String>, Query, description = "yyyy-MM-dd, inclusive"),
        ("timeZone" = Option<String>, Query, description = "Z, UTC, GMT, +05:30, UTC-3, or an IANA zone; default UTC"),
        ("amountFrom" = Option<String>, Query, description = "Decimal, at least 0, at most 2 places; inclusive"),
        ("amountTo" = Option<String>, Query, description = "Decimal, at least amountFrom; inclusive"),
        ("latestStatus" = Option<String>, Query, description = "NEW, PENDING, PROCESSING, APPROVED, SETTLED, CLEARED, DECLINED, CANCELLED, REVERSED or ERROR"),
        ("maskedDebitAccountNumber" = Option<String>, Query, description = "Last four digits, optionally after asterisks (******1234)"),
        ("maskedCreditAccountNumber" = Option<String>, Query, description = "Last four digits, optionally after asterisks"),
        ("debitFinancialAccountId" = Option<String>, Query, description = "The debit account's UUID"),
        ("creditFinancialAccountId" = Option<String>, Query, description = "The credit account's UUID"),
        ("transactionType" = Option<String>, Query, description = "SEND, REQUEST, DEPOSIT, WITHDRAWAL, REVERSAL, RETURN or ADJUSTMENT"),
        ("solution" = Option<String>, Query, description = "ach, wire, push-to-card or transfer"),
        ("requestorId" = Option<String>, Query, description = "The creator's UUID (older name: createdById)"),
        ("requestorType" = Option<String>, Query, description = "employee, internal, kor_employee or service-account (older name: createdByType, with EMPLOYEE, SERVICE_ACCOUNT)"),
        ("createdById" = Option<String>, Query, description = "Older name of requestorId", deprecated),
        ("createdByType" = Option<String>, Query, description = "Older name of requestorType: EMPLOYEE or SERVICE_ACCOUNT", deprecated),
        ("page" = Option<u32>, Query, description = "Zero-based page index (default 0)"),
        ("size" = Option<u32>, Query, description = "Page size, 1–100 (default 20)"),
        ("sort" = Option<Vec<String>>, Query, description = "`field,ASC|DESC`, repeatable; fields: createdAt, amount, latestStatus, transactionType, solution, id; default createdAt,DESC"),
    ),
    responses(
        (status = OK, description = "One page of transactions", body = PageBody<TransactionBody>),
        (status = BAD_REQUEST, description = "Invalid parameter", body = ErrorBody),
    ))]
pub async fn list_transactions(
    State(state): State<AppState>,
    Caller(principal): Caller,
    params: QueryParams,
) -> Result<Json<PageBody<TransactionBody>>, ApiError> {
    let (filter, request) = parse_list(params)?;
    let page = state
        .services
        .transactions
        .list(&principal, &filter, &request)
        .await?;
    Ok(Json(PageBody::new(
        page.map(|t| TransactionBody::from(&t)),
        &request,
    )))
}

/// The status history of a transaction, newest first (a plain array).
///
/// A transaction passes through a handful of statuses; the newest 100 are returned.
#[utoipa::path(get, path = "/v1/transactions/{transactionId}/statuses", tag = "Transactions",
    security(("bearer" = [])),
    params(("transactionId" = inline(crate::wire::ids::CanonicalUuid), Path, description = "The transaction's UUID")),
    responses(
        (status = OK, description = "Its statuses, newest first", body = Vec<TransactionStatusBody>),
        (status = NOT_FOUND, description = "No such transaction", body = ErrorBody),
    ))]
pub async fn list_statuses(
    State(state): State<AppState>,
    Caller(principal): Caller,
    ApiPath(path): ApiPath<TransactionPath>,
    params: QueryParams,
) -> Result<Json<Vec<TransactionStatusBody>>, ApiError> {
    params.finish()?;
    let request = PageRequest::new(0, PAGE_SIZE_MAX, HistorySortField::default_sort())
        .ok_or_else(|| ApiError::internal("the statuses page request is invalid"))?;
    let page = state
        .services
        .transactions
        .history(&principal, path.transaction_id, &request)
        .await?;
    Ok(Json(
        page.items.iter().map(TransactionStatusBody::from).collect(),
    ))
}

/// The history of a transaction (SLT Status objects), paginated.
#[utoipa::path(get, path = "/v1/transaction-histories", tag = "Transactions",
    security(("bearer" = [])),
    params(
        ("transactionId" = String, Query, description = "The transaction's UUID (required)"),
        ("page" = Option<u32>, Query, description = "Zero-based page index (default 0)"),
        ("size" = Option<u32>, Query, description = "Page size, 1–100 (default 20)"),
        ("sort" = Option<Vec<String>>, Query, description = "`createdAt,ASC|DESC`; default createdAt,DESC"),
    ),
    responses(
        (status = OK, description = "One page of history entries", body = PageBody<TransactionHistoryBody>),
        (status = BAD_REQUEST, description = "Missing or invalid parameter", body = ErrorBody),
        (status = NOT_FOUND, description = "No such transaction", body = ErrorBody),
    ))]
pub async fn list_histories(
    State(state): State<AppState>,
    Caller(principal): Caller,
    params: QueryParams,
) -> Result<Json<PageBody<TransactionHistoryBody>>, ApiError> {
    let (id, request) = parse_history(params)?;
    let page = state
        .services
        .transactions
        .history(&principal, id, &request)
        .await?;
    Ok(Json(PageBody::new(
        page.map(|record| TransactionHistoryBody::from(&record)),
        &request,
    )))
}

/// The payment reasons a transaction may give (`paymentReasonId` takes `reason`).
#[utoipa::path(get, path = "/v1/payment-reasons", tag = "Transactions",
    security(("bearer" = [])),
    responses(
        (status = OK, description = "Every payment reason", body = Vec<PaymentReasonBody>),
    ))]
pub async fn list_payment_reasons(
    State(state): State<AppState>,
    Caller(principal): Caller,
    params: QueryParams,
) -> Result<Json<Vec<PaymentReasonBody>>, ApiError> {
    params.finish()?;
    let reasons = state.services.transactions.payment_reasons(&principal)?;
    Ok(Json(
        reasons
            .iter()
            .map(|reason| PaymentReasonBody {
                reason: reason.id,
                description: reason.description,
            })
            .collect(),
    ))
}
