//! `POST /v1/api-keys/exchange`: API key and secret for a bearer token.

use crate::error::ApiError;
use crate::extract::BasicCredentials;
use crate::extract::NoQuery;
use crate::state::AppState;
use crate::wire::auth::TokenBody;
use crate::wire::error::ErrorBody;
use axum::Json;
use axum::extract::State;

/// Exchange an API key and secret for an access token.
///
/// Send `Authorization: Basic base64(apiKey:apiSecret)`; no body is needed. The token is valid
/// for `expires_in` seconds; exchange again when it expires.
#[utoipa::path(post, path = "/v1/api-keys/exchange", tag = "Authentication",
    security(("basic" = [])),
    responses(
        (status = OK, description = "A new access token", body = TokenBody),
        (status = UNAUTHORIZED, description = "Missing, malformed or wrong credentials, or a disabled service account", body = ErrorBody),
        (status = TOO_MANY_REQUESTS, description = "Too many wrong secrets for this API key: refused for up to 30 s (see Retry-After), even with the right secret", body = ErrorBody),
    ))]
pub async fn exchange(
    State(state): State<AppState>,
    credentials: BasicCredentials,
    _query: NoQuery,
) -> Result<Json<TokenBody>, ApiError> {
    let token = state
        .services
        .auth
        .exchange(&credentials.api_key, &credentials.api_secret)
        .await?;
    Ok(Json(TokenBody {
        access_token: token.access_token,
        token_type: "Bearer",
        expires_in: token.expires_in_s,
    }))
}
