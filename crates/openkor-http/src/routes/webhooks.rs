//! Webhook subscriptions (an openkor extension: the hosted platform manages them only in its
//! portal): create, list, read, change, delete, suspend and unsuspend, rotate the signing
//! secret, send a test event, list deliveries and redeliver one. Every route needs a role
//! that manages webhooks (Owner, Manager, Admin).

use crate::error::ApiError;
use crate::extract::query::DefaultSort;
use crate::extract::{ApiJson, ApiPath, Authorized, ManageWebhooks, NoQuery, QueryParams};
use crate::state::AppState;
use crate::wire::error::ErrorBody;
use crate::wire::page::PageBody;
use crate::wire::read_only::{refuse_on_create, same_ids, sent_code};
use crate::wire::webhook::{
    WebhookDeliveryBody, WebhookSubscriptionBody, WebhookSubscriptionRequest,
    WebhookSubscriptionWithSecretBody,
};
use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use openkor_domain::ids::{WebhookDeliveryId, WebhookSubscriptionId};
use openkor_domain::paging::{SortDirection, SortKey};
use openkor_domain::patch::Patch;
use openkor_domain::validation::{FieldError, FieldErrorCode, ValidationErrors};
use openkor_domain::webhook::{DeliveryStatus, SubscriptionState, WebhookSortField};
use serde::Deserialize;

impl DefaultSort for WebhookSortField {
    fn default_sort() -> Vec<SortKey<Self>> {
        vec![SortKey {
            field: WebhookSortField::CreatedAt,
            direction: SortDirection::Desc,
        }]
    }
}

/// The `{subscriptionId}` path parameter.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionPath {
    /// The subscription.
    pub subscription_id: WebhookSubscriptionId,
}

/// The `{subscriptionId}` and `{deliveryId}` path parameters.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeliveryPath {
    /// The subscription.
    pub subscription_id: WebhookSubscriptionId,
    /// The delivery.
    pub delivery_id: WebhookDeliveryId,
}

/// Create a webhook subscription.
///
/// It starts `ACTIVE` and receives every event of its types that happens from now on. The
/// answer holds the signing secret (`whsec_…`), shown this once: verify each delivery's
/// `webhook-signature` with it (Standard Webhooks).
#[utoipa::path(post, path = "/v1/webhook-subscriptions", tag = "Webhooks",
    security(("bearer" = [])),
    request_body = WebhookSubscriptionRequest,
    responses(
        (status = CREATED, description = "The subscription and its secret", body = WebhookSubscriptionWithSecretBody),
        (status = BAD_REQUEST, description = "Invalid body or refused URL", body = ErrorBody),
        (status = FORBIDDEN, description = "The role may not manage webhooks", body = ErrorBody),
        (status = UNPROCESSABLE_ENTITY, description = "The Business Account has 20 subscriptions already", body = ErrorBody),
    ))]
pub async fn create_subscription(
    State(state): State<AppState>,
    Authorized(principal, ..): Authorized<ManageWebhooks>,
    _query: NoQuery,
    ApiJson(request): ApiJson<WebhookSubscriptionRequest>,
) -> Result<impl IntoResponse, ApiError> {
    refuse_on_create(&request.read_only_fields()).map_err(crate::error::validation)?;
    let created = state
        .services
        .webhooks
        .create(&principal, &request.into_input())
        .await?;
    let location = format!("/v1/webhook-subscriptions/{}", created.subscription.id);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(WebhookSubscriptionWithSecretBody::from(created)),
    ))
}

/// List the caller's webhook subscriptions.
#[utoipa::path(get, path = "/v1/webhook-subscriptions", tag = "Webhooks",
    security(("bearer" = [])),
    params(
        ("page" = Option<u32>, Query, description = "Zero-based page index (default 0)"),
        ("size" = Option<u32>, Query, description = "Page size, 1–100 (default 20)"),
        ("sort" = Option<Vec<String>>, Query, description = "`createdAt,ASC|DESC` (default createdAt,DESC)"),
    ),
    responses(
        (status = OK, description = "One page of subscriptions", body = PageBody<WebhookSubscriptionBody>),
        (status = BAD_REQUEST, description = "Invalid parameter", body = ErrorBody),
        (status = FORBIDDEN, description = "The role may not manage webhooks", body = ErrorBody),
    ))]
pub async fn list_subscriptions(
    State(state): State<AppState>,
    Authorized(principal, ..): Authorized<ManageWebhooks>,
    mut params: QueryParams,
) -> Result<Json<PageBody<WebhookSubscriptionBody>>, ApiError> {
    let request = params.take_paging(&WebhookSortField::default_sort());
    params.finish()?;
    let request =
        request.ok_or_else(|| ApiError::internal("paging parsed without errors yet invalid"))?;
    let page = state.services.webhooks.list(&principal, &request).await?;
    Ok(Json(PageBody::new(
        page.map(WebhookSubscriptionBody::from),
        &request,
    )))
}

/// Retrieve a webhook subscription (without its secret).
#[utoipa::path(get, path = "/v1/webhook-subscriptions/{subscriptionId}", tag = "Webhooks",
    security(("bearer" = [])),
    params(("subscriptionId" = inline(crate::wire::ids::CanonicalUuid), Path, description = "The subscription's UUID")),
    responses(
        (status = OK, description = "The subscription", body = WebhookSubscriptionBody),
        (status = FORBIDDEN, description = "The role may not manage webhooks", body = ErrorBody),
        (status = NOT_FOUND, description = "No such subscription", body = ErrorBody),
    ))]
pub async fn get_subscription(
    State(state): State<AppState>,
    Authorized(principal, ..): Authorized<ManageWebhooks>,
    ApiPath(path): ApiPath<SubscriptionPath>,
    _query: NoQuery,
) -> Result<Json<WebhookSubscriptionBody>, ApiError> {
    let subscription = state
        .services
        .webhooks
        .get(&principal, path.subscription_id)
        .await?;
    Ok(Json(subscription.into()))
}

/// Change a webhook subscription's URL, description or event types.
///
/// An absent field keeps its value; `null` clears the description. The subscription object
/// as read may be sent back whole: its read-only fields must agree (`id`, `state`) or are
/// ignored.
#[utoipa::path(put, path = "/v1/webhook-subscriptions/{subscriptionId}", tag = "Webhooks",
    security(("bearer" = [])),
    params(("subscriptionId" = inline(crate::wire::ids::CanonicalUuid), Path, description = "The subscription's UUID")),
    request_body = WebhookSubscriptionRequest,
    responses(
        (status = OK, description = "The subscription", body = WebhookSubscriptionBody),
        (status = BAD_REQUEST, description = "Invalid body or refused URL", body = ErrorBody),
        (status = FORBIDDEN, description = "The role may not manage webhooks", body = ErrorBody),
        (status = NOT_FOUND, description = "No such subscription", body = ErrorBody),
    ))]
pub async fn update_subscription(
    State(state): State<AppState>,
    Authorized(principal, ..): Authorized<ManageWebhooks>,
    ApiPath(path): ApiPath<SubscriptionPath>,
    _query: NoQuery,
    ApiJson(request): ApiJson<WebhookSubscriptionRequest>,
) -> Result<Json<WebhookSubscriptionBody>, ApiError> {
    same_ids(&[
        ("id", &request.id, path.subscription_id.to_string()),
        (
            "businessAccountId",
            &request.business_account_id,
            principal.business_account_id.to_string(),
        ),
    ])
    .map_err(crate::error::validation)?;
    refuse_null_required(&request)?;
    let sent_state = sent_code(&request.state);
    let subscription = state
        .services
        .webhooks
        .update(
            &principal,
            path.subscription_id,
            request.into_change(),
            sent_state,
        )
        .await?;
    Ok(Json(subscription.into()))
}

/// `url` and `eventTypes` cannot be cleared.
fn refuse_null_required(request: &WebhookSubscriptionRequest) -> Result<(), ApiError> {
    let mut errors = ValidationErrors::new();
    if matches!(request.url, Patch::Null) {
        errors.push(FieldError::new(
            "url",
            FieldErrorCode::Required,
            "cannot be null",
        ));
    }
    if matches!(request.event_types, Patch::Null) {
        errors.push(FieldError::new(
            "eventTypes",
            FieldErrorCode::Required,
            "cannot be null",
        ));
    }
    errors.finish(()).map_err(crate::error::validation)
}

/// Delete a webhook subscription: nothing more is sent to it.
#[utoipa::path(delete, path = "/v1/webhook-subscriptions/{subscriptionId}", tag = "Webhooks",
    security(("bearer" = [])),
    params(("subscriptionId" = inline(crate::wire::ids::CanonicalUuid), Path, description = "The subscription's UUID")),
    responses(
        (status = NO_CONTENT, description = "Deleted"),
        (status = FORBIDDEN, description = "The role may not manage webhooks", body = ErrorBody),
        (status = NOT_FOUND, description = "No such subscription", body = ErrorBody),
    ))]
pub async fn delete_subscription(
    State(state): State<AppState>,
    Authorized(principal, ..): Authorized<ManageWebhooks>,
    ApiPath(path): ApiPath<SubscriptionPath>,
    _query: NoQuery,
) -> Result<StatusCode, ApiError> {
    state
        .services
        .webhooks
        .delete(&principal, path.subscription_id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Suspend a webhook subscription: it receives nothing until unsuspended, and its pending
/// deliveries wait.
#[utoipa::path(post, path = "/v1/webhook-subscriptions/{subscriptionId}/suspend", tag = "Webhooks",
    security(("bearer" = [])),
    params(("subscriptionId" = inline(crate::wire::ids::CanonicalUuid), Path, description = "The subscription's UUID")),
    responses(
        (status = OK, description = "The suspended subscription", body = WebhookSubscriptionBody),
        (status = FORBIDDEN, description = "The role may not manage webhooks", body = ErrorBody),
        (status = NOT_FOUND, description = "No such subscription", body = ErrorBody),
    ))]
pub async fn suspend_subscription(
    State(state): State<AppState>,
    Authorized(principal, ..): Authorized<ManageWebhooks>,
    ApiPath(path): ApiPath<SubscriptionPath>,
    _query: NoQuery,
) -> Result<Json<WebhookSubscriptionBody>, ApiError> {
    let subscription = state
        .services
        .webhooks
        .set_state(
            &principal,
            path.subscription_id,
            SubscriptionState::Suspended,
        )
        .await?;
    Ok(Json(subscription.into()))
}

/// Unsuspend a webhook subscription, also one openkor disabled: its pending deliveries
/// resume.
#[utoipa::path(post, path = "/v1/webhook-subscriptions/{subscriptionId}/unsuspend", tag = "Webhooks",
    security(("bearer" = [])),
    params(("subscriptionId" = inline(crate::wire::ids::CanonicalUuid), Path, description = "The subscription's UUID")),
    responses(
        (status = OK, description = "The active subscription", body = WebhookSubscriptionBody),
        (status = FORBIDDEN, description = "The role may not manage webhooks", body = ErrorBody),
        (status = NOT_FOUND, description = "No such subscription", body = ErrorBody),
    ))]
pub async fn unsuspend_subscription(
    State(state): State<AppState>,
    Authorized(principal, ..): Authorized<ManageWebhooks>,
    ApiPath(path): ApiPath<SubscriptionPath>,
    _query: NoQuery,
) -> Result<Json<WebhookSubscriptionBody>, ApiError> {
    let subscription = state
        .services
        .webhooks
        .set_state(&principal, path.subscription_id, SubscriptionState::Active)
        .await?;
    Ok(Json(subscription.into()))
}

/// Rotate the signing secret.
///
/// The answer holds the new secret, shown this once. For 24 hours deliveries carry a
/// signature under each secret, so a receiver can switch without dropping one.
#[utoipa::path(post, path = "/v1/webhook-subscriptions/{subscriptionId}/rotate-secret", tag = "Webhooks",
    security(("bearer" = [])),
    params(("subscriptionId" = inline(crate::wire::ids::CanonicalUuid), Path, description = "The subscription's UUID")),
    responses(
        (status = OK, description = "The subscription and its new secret", body = WebhookSubscriptionWithSecretBody),
        (status = FORBIDDEN, description = "The role may not manage webhooks", body = ErrorBody),
        (status = NOT_FOUND, description = "No such subscription", body = ErrorBody),
    ))]
pub async fn rotate_secret(
    State(state): State<AppState>,
    Authorized(principal, ..): Authorized<ManageWebhooks>,
    ApiPath(path): ApiPath<SubscriptionPath>,
    _query: NoQuery,
) -> Result<Json<WebhookSubscriptionWithSecretBody>, ApiError> {
    let rotated = state
        .services
        .webhooks
        .rotate_secret(&principal, path.subscription_id)
        .await?;
    Ok(Json(rotated.into()))
}

/// Send a test event (`webhook.test`) to this subscription only.
///
/// Answers 202 with its delivery, due at once; follow it in the deliveries list.
#[utoipa::path(post, path = "/v1/webhook-subscriptions/{subscriptionId}/test", tag = "Webhooks",
    security(("bearer" = [])),
    params(("subscriptionId" = inline(crate::wire::ids::CanonicalUuid), Path, description = "The subscription's UUID")),
    responses(
        (status = ACCEPTED, description = "The test event's delivery", body = WebhookDeliveryBody),
        (status = FORBIDDEN, description = "The role may not manage webhooks", body = ErrorBody),
        (status = NOT_FOUND, description = "No such subscription", body = ErrorBody),
    ))]
pub async fn test_subscription(
    State(state): State<AppState>,
    Authorized(principal, ..): Authorized<ManageWebhooks>,
    ApiPath(path): ApiPath<SubscriptionPath>,
    _query: NoQuery,
) -> Result<(StatusCode, Json<WebhookDeliveryBody>), ApiError> {
    let delivery = state
        .services
        .webhooks
        .test(&principal, path.subscription_id)
        .await?;
    Ok((StatusCode::ACCEPTED, Json(delivery.into())))
}

/// List a subscription's deliveries, newest first: each event sent to it, with its last
/// attempt (status code, latency, error) and, while pending, its next attempt.
#[utoipa::path(get, path = "/v1/webhook-subscriptions/{subscriptionId}/deliveries", tag = "Webhooks",
    security(("bearer" = [])),
    params(
        ("subscriptionId" = inline(crate::wire::ids::CanonicalUuid), Path, description = "The subscription's UUID"),
        ("status" = Option<String>, Query, description = "PENDING, DELIVERED or FAILED"),
        ("page" = Option<u32>, Query, description = "Zero-based page index (default 0)"),
        ("size" = Option<u32>, Query, description = "Page size, 1–100 (default 20)"),
        ("sort" = Option<Vec<String>>, Query, description = "`createdAt,ASC|DESC` (default createdAt,DESC)"),
    ),
    responses(
        (status = OK, description = "One page of deliveries", body = PageBody<WebhookDeliveryBody>),
        (status = BAD_REQUEST, description = "Invalid parameter", body = ErrorBody),
        (status = FORBIDDEN, description = "The role may not manage webhooks", body = ErrorBody),
        (status = NOT_FOUND, description = "No such subscription", body = ErrorBody),
    ))]
pub async fn list_deliveries(
    State(state): State<AppState>,
    Authorized(principal, ..): Authorized<ManageWebhooks>,
    ApiPath(path): ApiPath<SubscriptionPath>,
    mut params: QueryParams,
) -> Result<Json<PageBody<WebhookDeliveryBody>>, ApiError> {
    let status = params.take_parsed("status", |value| {
        DeliveryStatus::from_code(value).ok_or_else(|| {
            FieldError::new(
                "status",
                FieldErrorCode::InvalidValue,
                format!("must be one of {}", DeliveryStatus::codes_list()),
            )
        })
    });
    let request = params.take_paging(&WebhookSortField::default_sort());
    params.finish()?;
    let request =
        request.ok_or_else(|| ApiError::internal("paging parsed without errors yet invalid"))?;
    let page = state
        .services
        .webhooks
        .deliveries(&principal, path.subscription_id, status, &request)
        .await?;
    Ok(Json(PageBody::new(
        page.map(WebhookDeliveryBody::from),
        &request,
    )))
}

/// Send a delivery again, now, with a fresh retry schedule (a pending one is moved up).
#[utoipa::path(post, path = "/v1/webhook-subscriptions/{subscriptionId}/deliveries/{deliveryId}/redeliver", tag = "Webhooks",
    security(("bearer" = [])),
    params(
        ("subscriptionId" = inline(crate::wire::ids::CanonicalUuid), Path, description = "The subscription's UUID"),
        ("deliveryId" = inline(crate::wire::ids::CanonicalUuid), Path, description = "The delivery's UUID"),
    ),
    responses(
        (status = ACCEPTED, description = "The delivery, due now", body = WebhookDeliveryBody),
        (status = FORBIDDEN, description = "The role may not manage webhooks", body = ErrorBody),
        (status = NOT_FOUND, description = "No such subscription or delivery", body = ErrorBody),
    ))]
pub async fn redeliver(
    State(state): State<AppState>,
    Authorized(principal, ..): Authorized<ManageWebhooks>,
    ApiPath(path): ApiPath<DeliveryPath>,
    _query: NoQuery,
) -> Result<(StatusCode, Json<WebhookDeliveryBody>), ApiError> {
    let delivery = state
        .services
        .webhooks
        .redeliver(&principal, path.subscription_id, path.delivery_id)
        .await?;
    Ok((StatusCode::ACCEPTED, Json(delivery.into())))
}
