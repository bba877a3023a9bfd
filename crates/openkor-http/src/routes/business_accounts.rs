//! Business Accounts: retrieve (`{id|self}`, with `embed`), list children, and list every
//! account visible to the caller (an openkor extension, paginated).

use crate::error::ApiError;
use crate::extract::path::{invalid, parse_id};
use crate::extract::query::DefaultSort;
use crate::extract::{ApiPath, Caller, Paging, QueryParams};
use crate::state::AppState;
use crate::wire::business_account::{
    BusinessAccountBody, BusinessAccountEmbedded, BusinessAccountSummaryBody,
    VerificationStatusHistoryBody,
};
use crate::wire::error::ErrorBody;
use crate::wire::limits::BusinessAccountLimitsBody;
use crate::wire::page::PageBody;
use axum::Json;
use axum::extract::State;
use openkor_domain::business_account::BusinessAccountSortField;
use openkor_domain::paging::{SortDirection, SortKey};
use openkor_domain::validation::{FieldError, FieldErrorCode};
use openkor_service::business_accounts::AccountRef;

const ID_PARAMETER: &str = "businessAccountId";

impl DefaultSort for BusinessAccountSortField {
    fn default_sort() -> Vec<SortKey<Self>> {
        vec![SortKey {
            field: BusinessAccountSortField::CreatedAt,
            direction: SortDirection::Desc,
        }]
    }
}

pub(crate) fn account_ref(raw: &str) -> Result<AccountRef, ApiError> {
    if raw == "self" {
        return Ok(AccountRef::Caller);
    }
    parse_id(ID_PARAMETER, raw)
        .map(AccountRef::Id)
        .map_err(|_| invalid(ID_PARAMETER, "must be a UUID or 'self'"))
}

/// What `embed` asked for.
#[derive(Debug, Default)]
struct Embeds {
    children: bool,
    verification_status: bool,
    limits: bool,
}

fn parse_embeds(params: &mut QueryParams) -> Embeds {
    let mut embeds = Embeds::default();
    let Some(items) = params.take_list("embed") else {
        return embeds;
    };
    for item in items {
        match item.as_str() {
            "children" => embeds.children = true,
            "verification-status" => embeds.verification_status = true,
            "limits" => embeds.limits = true,
            _ => params.error(FieldError::new(
                "embed",
                FieldErrorCode::InvalidValue,
                "each item must be children, verification-status or limits",
            )),
        }
    }
    embeds
}

/// Retrieve a Business Account.
///
/// `businessAccountId` is a UUID or `self` (the caller's own Business Account). The caller sees
/// its own account and its descendants; any other id is 404.
#[utoipa::path(get, path = "/v1/business-accounts/{businessAccountId}", tag = "Business Accounts",
    security(("bearer" = [])),
    params(
        ("businessAccountId" = inline(crate::wire::ids::BusinessAccountIdOrSelf), Path, description = "A Business Account UUID, or `self`"),
        ("embed" = Option<String>, Query, description = "Comma list of `children`, `verification-status`, `limits`; returned under `_embedded`"),
    ),
    responses(
        (status = OK, description = "The Business Account", body = BusinessAccountBody),
        (status = BAD_REQUEST, description = "Malformed id or embed", body = ErrorBody),
        (status = NOT_FOUND, description = "No such Business Account visible to the caller", body = ErrorBody),
    ))]
pub async fn get_business_account(
    State(state): State<AppState>,
    Caller(principal): Caller,
    ApiPath(raw_id): ApiPath<String>,
    mut params: QueryParams,
) -> Result<Json<BusinessAccountBody>, ApiError> {
    let target = account_ref(&raw_id);
    let embeds = parse_embeds(&mut params);
    params.finish()?;
    let service = &state.services.business_accounts;
    let account = service.get(&principal, target?).await?;
    let id = account.id;
    let verification = account.verification.clone();
    let mut body = BusinessAccountBody::from(account);
    if embeds.children || embeds.verification_status || embeds.limits {
        let mut embedded = BusinessAccountEmbedded::default();
        if embeds.children {
            let children = service.children(&principal, AccountRef::Id(id)).await?;
            embedded.children = Some(
                children
                    .into_iter()
                    .map(BusinessAccountBody::from)
                    .collect(),
            );
        }
        if embeds.verification_status {
            embedded.verification_status = Some(VerificationStatusHistoryBody {
                verification_status_history: vec![verification.into()],
            });
        }
        if embeds.limits {
            let limits = &state.services.limits;
            let at = limits.now();
            let lineage = limits
                .business_account_limits(&principal, AccountRef::Id(id), Some(at))
                .await?;
            embedded.limits = Some(BusinessAccountLimitsBody::list(&lineage, at));
        }
        body.embedded = Some(embedded);
    }
    Ok(Json(body))
}

/// List the direct children of a Business Account.
///
/// A plain array (not paginated), oldest first, as the reference specifies.
#[utoipa::path(get, path = "/v1/business-accounts/{businessAccountId}/children", tag = "Business Accounts",
    security(("bearer" = [])),
    params(("businessAccountId" = inline(crate::wire::ids::BusinessAccountIdOrSelf), Path, description = "A Business Account UUID, or `self`")),
    responses(
        (status = OK, description = "The direct children", body = [BusinessAccountSummaryBody]),
        (status = BAD_REQUEST, description = "Malformed id", body = ErrorBody),
        (status = NOT_FOUND, description = "No such Business Account visible to the caller", body = ErrorBody),
    ))]
pub async fn list_children(
    State(state): State<AppState>,
    Caller(principal): Caller,
    ApiPath(raw_id): ApiPath<String>,
    params: QueryParams,
) -> Result<Json<Vec<BusinessAccountSummaryBody>>, ApiError> {
    let target = account_ref(&raw_id)?;
    params.finish()?;
    let children = state
        .services
        .business_accounts
        .children(&principal, target)
        .await?;
    Ok(Json(children.into_iter().map(Into::into).collect()))
}

/// List the caller's Business Account and all its descendants (openkor extension).
///
/// Paginated; sortable on `name`, `createdAt`, `id` (default `createdAt,DESC`, ties broken by
/// `id`).
#[utoipa::path(get, path = "/v1/business-accounts", tag = "Business Accounts",
    security(("bearer" = [])),
    params(
        ("page" = Option<u32>, Query, description = "Zero-based page index (default 0)"),
        ("size" = Option<u32>, Query, description = "Page size, 1–100 (default 20)"),
        ("sort" = Option<Vec<String>>, Query, description = "`field,ASC|DESC`, repeatable; fields: name, createdAt, id"),
    ),
    responses(
        (status = OK, description = "One page", body = PageBody<BusinessAccountBody>),
        (status = BAD_REQUEST, description = "Invalid paging or sort", body = ErrorBody),
    ))]
pub async fn list_business_accounts(
    State(state): State<AppState>,
    Caller(principal): Caller,
    Paging(request): Paging<BusinessAccountSortField>,
) -> Result<Json<PageBody<BusinessAccountBody>>, ApiError> {
    let page = state
        .services
        .business_accounts
        .list(&principal, &request)
        .await?;
    Ok(Json(PageBody::new(
        page.map(BusinessAccountBody::from),
        &request,
    )))
}
