//! Liveness and readiness probes (unauthenticated).

use crate::error::ApiError;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;

/// A probe's answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct HealthBody {
    /// `UP` when healthy.
    #[schema(example = "UP")]
    pub status: &'static str,
}

/// The process is up and serving requests.
#[utoipa::path(get, path = "/healthz", tag = "Health",
    responses((status = OK, description = "The process is up", body = HealthBody)))]
pub async fn healthz() -> Json<HealthBody> {
    Json(HealthBody { status: "UP" })
}

/// The database answers; the server can do useful work.
#[utoipa::path(get, path = "/readyz", tag = "Health",
    responses(
        (status = OK, description = "The database answers", body = HealthBody),
        (status = SERVICE_UNAVAILABLE, description = "The database does not answer", body = crate::wire::error::ErrorBody),
    ))]
pub async fn readyz(State(state): State<AppState>) -> Result<Json<HealthBody>, ApiError> {
    state.services.ready().await?;
    Ok(Json(HealthBody { status: "UP" }))
}
