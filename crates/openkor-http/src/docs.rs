//! `GET /docs`: the interactive API reference (Swagger UI) over the server's own
//! `/openapi.json`, every asset served from the binary (vendored at build time, nothing fetched
//! from the network, so it works on a machine with no internet). **Authorize** takes a bearer
//! token from `POST /v1/api-keys/exchange`; **Try it out** then sends requests to this server.
//!
//! The UI's routes are the one thing the router serves that the OpenAPI document does not
//! describe: they are pages for people, not part of the API.

use axum::Router;
use utoipa_swagger_ui::{Config, SwaggerUi};

/// Where the reference is served.
pub const DOCS_PATH: &str = "/docs";

/// The reference's routes: `/docs` (redirecting to `/docs/`) and its assets.
pub fn docs_router<S: Clone + Send + Sync + 'static>() -> Router<S> {
    let config = Config::from("/openapi.json")
        // The default validator badge would send the document to validator.swagger.io.
        .validator_url("none")
        .try_it_out_enabled(true)
        .persist_authorization(false)
        .display_request_duration(true);
    Router::from(SwaggerUi::new(DOCS_PATH).config(config))
}
