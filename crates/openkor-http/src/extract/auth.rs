//! Credentials: [`Caller`] (a verified bearer token) and [`BasicCredentials`] (API key and
//! secret for the token exchange). Every failure is 401 `UNAUTHENTICATED`.

use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use openkor_domain::role::Permission;
use openkor_domain::service_account::Principal;
use openkor_service::auth::authorize;
use std::marker::PhantomData;

/// The authenticated caller of a `/v1` endpoint.
#[derive(Clone, Copy, Debug)]
pub struct Caller(pub Principal);

fn unauthenticated(message: &str) -> ApiError {
    ApiError::new(ErrorCode::Unauthenticated, message)
}

/// The value after `scheme ` in the Authorization header (scheme compared case-insensitively).
fn credentials<'a>(parts: &'a Parts, scheme: &str) -> Result<&'a str, ApiError> {
    let header = parts.headers.get(AUTHORIZATION).ok_or_else(|| {
        unauthenticated(&format!("the Authorization: {scheme} header is missing"))
    })?;
    let header = header
        .to_str()
        .map_err(|_| unauthenticated("the Authorization header is not valid text"))?;
    match header.split_once(' ') {
        Some((given, value)) if given.eq_ignore_ascii_case(scheme) && !value.trim().is_empty() => {
            Ok(value.trim())
        }
        _ => Err(unauthenticated(&format!(
            "the Authorization header must use the {scheme} scheme"
        ))),
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = credentials(parts, "Bearer")?;
        let principal = state.services.auth.authenticate(token).await?;
        Ok(Caller(principal))
    }
}

/// A permission an endpoint requires, as a type, so that [`Authorized`] can check it before the
/// path and body are read (401, then 403, then 400).
pub trait RequiredPermission: Send + Sync + 'static {
    /// The permission.
    const PERMISSION: Permission;
}

/// Create, update, suspend and delete customers and their beneficial owners.
#[derive(Debug)]
pub struct ManageCustomers;

impl RequiredPermission for ManageCustomers {
    const PERMISSION: Permission = Permission::ManageCustomers;
}

/// Create, suspend and delete the Financial Accounts of customers.
#[derive(Debug)]
pub struct ManageCustomerAccounts;

impl RequiredPermission for ManageCustomerAccounts {
    const PERMISSION: Permission = Permission::ManageCustomerAccounts;
}

/// Create, edit, cancel and reverse transactions (and the sandbox's deposits and simulations).
#[derive(Debug)]
pub struct ManageTransactions;

impl RequiredPermission for ManageTransactions {
    const PERMISSION: Permission = Permission::ManageTransactions;
}

/// Create, update, suspend and delete Recipients and their Financial Accounts.
#[derive(Debug)]
pub struct ManageRecipients;

impl RequiredPermission for ManageRecipients {
    const PERMISSION: Permission = Permission::ManageRecipients;
}

/// Change transaction limits.
#[derive(Debug)]
pub struct ManageLimits;

impl RequiredPermission for ManageLimits {
    const PERMISSION: Permission = Permission::ManageLimits;
}

/// Manage webhook subscriptions.
#[derive(Debug)]
pub struct ManageWebhooks;

impl RequiredPermission for ManageWebhooks {
    const PERMISSION: Permission = Permission::ManageWebhooks;
}

/// An authenticated caller whose role grants `P`.
#[derive(Debug)]
pub struct Authorized<P>(pub Principal, pub PhantomData<P>);

impl<P: RequiredPermission> FromRequestParts<AppState> for Authorized<P> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let Caller(principal) = Caller::from_request_parts(parts, state).await?;
        authorize(&principal, P::PERMISSION)?;
        Ok(Authorized(principal, PhantomData))
    }
}

/// `Authorization: Basic base64(apiKey:apiSecret)`.
#[derive(Debug)]
pub struct BasicCredentials {
    /// The API key.
    pub api_key: String,
    /// The API secret.
    pub api_secret: String,
}

impl<S: Send + Sync> FromRequestParts<S> for BasicCredentials {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        let encoded = credentials(parts, "Basic")?;
        let malformed = || unauthenticated("Basic credentials must be base64(apiKey:apiSecret)");
        let decoded = STANDARD.decode(encoded).map_err(|_| malformed())?;
        let decoded = String::from_utf8(decoded).map_err(|_| malformed())?;
        let (api_key, api_secret) = decoded.split_once(':').ok_or_else(malformed)?;
        Ok(BasicCredentials {
            api_key: api_key.to_owned(),
            api_secret: api_secret.to_owned(),
        })
    }
}
