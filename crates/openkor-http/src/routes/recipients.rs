//! Recipients (reference §10): create, list and search, retrieve, update or suspend, delete.

use crate::error::ApiError;
use crate::extract::query::DefaultSort;
use crate::extract::{
    ApiJson, ApiPath, Authorized, Caller, ManageRecipients, NoQuery, QueryParams,
};
use crate::state::AppState;
use crate::wire::error::ErrorBody;
use crate::wire::page::PageBody;
use crate::wire::read_only::{refuse_on_create, same_ids};
use crate::wire::recipient::{RecipientBody, RecipientRequest};
use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use openkor_domain::ids::RecipientId;
use openkor_domain::limits::SEARCH_CHARS_MAX;
use openkor_domain::paging::{SortDirection, SortKey};
use openkor_domain::recipient::{RecipientFilter, RecipientSortField, RecipientState};
use openkor_domain::text::bounded_text;
use openkor_domain::validation::{FieldError, FieldErrorCode};
use serde::Deserialize;

impl DefaultSort for RecipientSortField {
    fn default_sort() -> Vec<SortKey<Self>> {
        vec![SortKey {
            field: RecipientSortField::CreatedAt,
            direction: SortDirection::Desc,
        }]
    }
}

/// The `{recipientId}` path parameter.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecipientPath {
    /// The Recipient.
    pub recipient_id: RecipientId,
}

/// Create a Recipient.
///
/// It starts `ACTIVE`. A Recipient is only ever credited; its bank accounts and cards are
/// created with `accountHolderType: RECIPIENT`.
#[utoipa::path(post, path = "/v1/recipients", tag = "Recipients",
    security(("bearer" = [])),
    request_body = RecipientRequest,
    responses(
        (status = CREATED, description = "The Recipient", body = RecipientBody),
        (status = BAD_REQUEST, description = "Invalid body", body = ErrorBody),
        (status = FORBIDDEN, description = "The role may not manage recipients", body = ErrorBody),
    ))]
pub async fn create_recipient(
    State(state): State<AppState>,
    Authorized(principal, ..): Authorized<ManageRecipients>,
    _query: NoQuery,
    ApiJson(request): ApiJson<RecipientRequest>,
) -> Result<impl IntoResponse, ApiError> {
    refuse_on_create(&request.read_only_fields()).map_err(crate::error::validation)?;
    let update = request.into_update();
    if !matches!(update.state, openkor_domain::patch::Patch::Absent) {
        return Err(crate::error::validation(
            FieldError::new(
                "state",
                FieldErrorCode::UnknownField,
                "a Recipient starts ACTIVE; suspend it with PUT /v1/recipients/{recipientId}",
            )
            .into(),
        ));
    }
    let recipient = state
        .services
        .recipients
        .create(&principal, update.draft)
        .await?;
    let location = format!("/v1/recipients/{}", recipient.id);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(RecipientBody::from(recipient)),
    ))
}

/// List and search the caller's Recipients.
///
/// `search` matches a case-insensitive substring of the first, middle or last name or the
/// e-mail; `state` is `ACTIVE` or `SUSPENDED`.
#[utoipa::path(get, path = "/v1/recipients", tag = "Recipients",
    security(("bearer" = [])),
    params(
        ("state" = Option<String>, Query, description = "ACTIVE or SUSPENDED"),
        ("search" = Option<String>, Query, description = "Substring of a name or the e-mail, 1–100 characters"),
        ("page" = Option<u32>, Query, description = "Zero-based page index (default 0)"),
        ("size" = Option<u32>, Query, description = "Page size, 1–100 (default 20)"),
        ("sort" = Option<Vec<String>>, Query, description = "`field,ASC|DESC`, repeatable; fields: createdAt, updatedAt, firstName, lastName, email, state, id; default createdAt,DESC"),
    ),
    responses(
        (status = OK, description = "One page of Recipients", body = PageBody<RecipientBody>),
        (status = BAD_REQUEST, description = "Invalid parameter", body = ErrorBody),
    ))]
pub async fn list_recipients(
    State(state): State<AppState>,
    Caller(principal): Caller,
    mut params: QueryParams,
) -> Result<Json<PageBody<RecipientBody>>, ApiError> {
    let recipient_state = params.take_parsed("state", |value| {
        RecipientState::from_code(value).ok_or_else(|| {
            FieldError::new(
                "state",
                FieldErrorCode::InvalidValue,
                "must be ACTIVE or SUSPENDED",
            )
        })
    });
    let search = params.take_parsed("search", |value| {
        bounded_text("search", value, 1, SEARCH_CHARS_MAX)
    });
    let request = params.take_paging(&RecipientSortField::default_sort());
    params.finish()?;
    let request =
        request.ok_or_else(|| ApiError::internal("paging parsed without errors yet invalid"))?;
    let filter = RecipientFilter {
        state: recipient_state,
        search: search.map(|text| text.to_lowercase()),
    };
    let page = state
        .services
        .recipients
        .list(&principal, &filter, &request)
        .await?;
    Ok(Json(PageBody::new(page.map(RecipientBody::from), &request)))
}

/// Retrieve a Recipient.
#[utoipa::path(get, path = "/v1/recipients/{recipientId}", tag = "Recipients",
    security(("bearer" = [])),
    params(("recipientId" = inline(crate::wire::ids::CanonicalUuid), Path, description = "The Recipient's UUID")),
    responses(
        (status = OK, description = "The Recipient", body = RecipientBody),
        (status = BAD_REQUEST, description = "Malformed id", body = ErrorBody),
        (status = NOT_FOUND, description = "No such Recipient in the caller's Business Account", body = ErrorBody),
    ))]
pub async fn get_recipient(
    State(state): State<AppState>,
    Caller(principal): Caller,
    ApiPath(path): ApiPath<RecipientPath>,
    _query: NoQuery,
) -> Result<Json<RecipientBody>, ApiError> {
    let recipient = state
        .services
        .recipients
        .get(&principal, path.recipient_id)
        .await?;
    Ok(Json(recipient.into()))
}

/// Update a Recipient, or suspend or unsuspend it.
///
/// Both documented uses: a partial profile update (absent fields keep their value, `null`
/// clears an optional one) and `{"state": "SUSPENDED"}` or `{"state": "ACTIVE"}`; one body may
/// do both. A suspended Recipient's accounts cannot be used.
#[utoipa::path(put, path = "/v1/recipients/{recipientId}", tag = "Recipients",
    security(("bearer" = [])),
    params(("recipientId" = inline(crate::wire::ids::CanonicalUuid), Path, description = "The Recipient's UUID")),
    request_body = RecipientRequest,
    responses(
        (status = OK, description = "The Recipient", body = RecipientBody),
        (status = BAD_REQUEST, description = "Invalid body", body = ErrorBody),
        (status = FORBIDDEN, description = "The role may not manage recipients", body = ErrorBody),
        (status = NOT_FOUND, description = "No such Recipient", body = ErrorBody),
        (status = CONFLICT, description = "Changed concurrently too often; retry", body = ErrorBody),
    ))]
pub async fn update_recipient(
    State(state): State<AppState>,
    Authorized(principal, ..): Authorized<ManageRecipients>,
    ApiPath(path): ApiPath<RecipientPath>,
    _query: NoQuery,
    ApiJson(request): ApiJson<RecipientRequest>,
) -> Result<Json<RecipientBody>, ApiError> {
    same_ids(&[
        ("id", &request.id, path.recipient_id.to_string()),
        (
            "businessAccountId",
            &request.business_account_id,
            principal.business_account_id.to_string(),
        ),
    ])
    .map_err(crate::error::validation)?;
    let recipient = state
        .services
        .recipients
        .update(&principal, path.recipient_id, request.into_update())
        .await?;
    Ok(Json(recipient.into()))
}

/// Delete a Recipient and all its Financial Accounts.
///
/// Refused (422) while a transaction to one of its accounts is not final. They disappear from
/// every read; the rows are kept for audit.
#[utoipa::path(delete, path = "/v1/recipients/{recipientId}", tag = "Recipients",
    security(("bearer" = [])),
    params(("recipientId" = inline(crate::wire::ids::CanonicalUuid), Path, description = "The Recipient's UUID")),
    responses(
        (status = NO_CONTENT, description = "Deleted"),
        (status = FORBIDDEN, description = "The role may not manage recipients", body = ErrorBody),
        (status = NOT_FOUND, description = "No such Recipient", body = ErrorBody),
        (status = UNPROCESSABLE_ENTITY, description = "Money is on its way to one of its accounts", body = ErrorBody),
    ))]
pub async fn delete_recipient(
    State(state): State<AppState>,
    Authorized(principal, ..): Authorized<ManageRecipients>,
    ApiPath(path): ApiPath<RecipientPath>,
    _query: NoQuery,
) -> Result<StatusCode, ApiError> {
    state
        .services
        .recipients
        .delete(&principal, path.recipient_id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
