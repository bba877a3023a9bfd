//! The token exchange response.

use serde::Serialize;
use utoipa::ToSchema;

/// An access token (reference §2.1).
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenBody {
    /// The bearer token to send as `Authorization: Bearer <access_token>`.
    pub access_token: String,
    /// Always `Bearer`.
    #[schema(example = "Bearer")]
    pub token_type: &'static str,
    /// Lifetime of the token in seconds.
    #[schema(example = 3600)]
    pub expires_in: i64,
}
