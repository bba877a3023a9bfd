//! The OpenAPI 3.1 document, generated from the handlers' annotations.

mod creates;
mod shared;

use crate::routes;
use crate::state::AppState;
use axum::http::header;
use axum::response::IntoResponse;
use std::sync::LazyLock;
use utoipa::Modify;
use utoipa::OpenApi;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "openkor",
        description = "Self-hostable banking-as-a-service core implementing the KOR platform API.",
        license(name = "Apache-2.0")
    ),
    modifiers(&SecuritySchemes),
    // Referenced from `BusinessAccountBody._embedded`, whose recursion (`children`) keeps the
    // derive from collecting it.
    components(schemas(crate::wire::business_account::BusinessAccountEmbedded)),
    tags(
        (name = "Authentication", description = "API key exchange"),
        (name = "Business Accounts", description = "The caller's Business Account and its children"),
        (name = "Customers", description = "Individuals and businesses the client does business with"),
        (name = "Beneficial owners", description = "Owners and controllers of business customers"),
        (name = "Financial Accounts", description = "Internal, external and integrated accounts, and balances"),
        (name = "Recipients", description = "Payees who are not customers: only ever credited"),
        (name = "Transactions", description = "Money movement between Financial Accounts, its status history and payment reasons"),
        (name = "Transaction Limits", description = "Caps on what a Customer, a Financial Account or a Business Account may send"),
        (name = "Webhooks", description = "Subscriptions to the events of §12, signed deliveries and their attempts (openkor extension)"),
        (name = "Sandbox", description = "Deposits from outside the platform and simulated transaction outcomes"),
        (name = "Health", description = "Probes"),
        (name = "Meta", description = "This document"),
    )
)]
struct ApiDoc;

struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
        components.add_security_scheme(
            "basic",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Basic)),
        );
    }
}

/// Every documented route; the router is built from this, so nothing is served undocumented.
pub(crate) fn api_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(routes::auth::exchange))
        .routes(routes!(routes::business_accounts::list_business_accounts))
        .routes(routes!(routes::business_accounts::get_business_account))
        .routes(routes!(routes::business_accounts::list_children))
        .routes(routes!(
            routes::customers::create_customer,
            routes::customers::list_customers
        ))
        .routes(routes!(
            routes::customers::get_customer,
            routes::customers::update_customer,
            routes::customers::delete_customer
        ))
        .routes(routes!(routes::customers::suspend_customer))
        .routes(routes!(routes::customers::unsuspend_customer))
        .routes(routes!(
            routes::beneficiaries::create_beneficiary,
            routes::beneficiaries::list_beneficiaries
        ))
        .routes(routes!(
            routes::beneficiaries::get_beneficiary,
            routes::beneficiaries::update_beneficiary
        ))
        .routes(routes!(routes::financial_accounts::create_internal))
        .routes(routes!(routes::financial_accounts::create_external_bank))
        .routes(routes!(routes::financial_accounts::create_external_card))
        .routes(routes!(routes::financial_accounts::create_integrated_bank))
        .routes(routes!(routes::financial_accounts::list_financial_accounts))
        .routes(routes!(
            routes::financial_accounts::get_financial_account,
            routes::financial_accounts::delete
        ))
        .routes(routes!(routes::financial_accounts::get_balances))
        .routes(routes!(routes::financial_accounts::suspend))
        .routes(routes!(routes::financial_accounts::suspend_older))
        .routes(routes!(routes::financial_accounts::unsuspend))
        .routes(routes!(routes::verifications::verify))
        .routes(routes!(
            routes::financial_accounts::list_customer_financial_accounts
        ))
        .routes(routes!(
            routes::transactions::create_transaction,
            routes::transactions::list_transactions
        ))
        .routes(routes!(
            routes::transactions::get_transaction,
            routes::transaction_operations::cancel_transaction,
            routes::transaction_operations::edit_transaction
        ))
        .routes(routes!(routes::transaction_operations::reverse_transaction))
        .routes(routes!(routes::stp::create_stp_transaction))
        .routes(routes!(routes::transactions::list_statuses))
        .routes(routes!(routes::transactions::list_histories))
        .routes(routes!(routes::transactions::list_payment_reasons))
        .routes(routes!(
            routes::limits::list_limits,
            routes::limits::update_limits
        ))
        .routes(routes!(routes::limits::utilisation))
        .routes(routes!(routes::limits::account_limits))
        .routes(routes!(routes::limits::business_account_limits))
        .routes(routes!(
            routes::recipients::create_recipient,
            routes::recipients::list_recipients
        ))
        .routes(routes!(
            routes::recipients::get_recipient,
            routes::recipients::update_recipient,
            routes::recipients::delete_recipient
        ))
        .routes(routes!(
            routes::webhooks::create_subscription,
            routes::webhooks::list_subscriptions
        ))
        .routes(routes!(
            routes::webhooks::get_subscription,
            routes::webhooks::update_subscription,
            routes::webhooks::delete_subscription
        ))
        .routes(routes!(routes::webhooks::suspend_subscription))
        .routes(routes!(routes::webhooks::unsuspend_subscription))
        .routes(routes!(routes::webhooks::rotate_secret))
        .routes(routes!(routes::webhooks::test_subscription))
        .routes(routes!(routes::webhooks::list_deliveries))
        .routes(routes!(routes::webhooks::redeliver))
        .routes(routes!(routes::sandbox::create_deposit))
        .routes(routes!(routes::sandbox::simulate))
        .routes(routes!(routes::health::healthz))
        .routes(routes!(routes::health::readyz))
        .routes(routes!(routes::metrics::metrics))
        .routes(routes!(openapi_json))
}

static DOCUMENT: LazyLock<String> = LazyLock::new(|| {
    document()
        .to_json()
        .unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
});

/// The OpenAPI document.
pub fn document() -> utoipa::openapi::OpenApi {
    let mut openapi = api_router().into_openapi();
    shared::declare(&mut openapi);
    creates::exact_customer_create(openapi)
}

/// This API's OpenAPI 3.1 document.
#[utoipa::path(get, path = "/openapi.json", tag = "Meta",
    responses((status = OK, description = "The OpenAPI document", content_type = "application/json")))]
pub async fn openapi_json() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        DOCUMENT.as_str(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_transaction_routes_and_schemas_are_documented() {
        let json = document().to_json().expect("a document");
        for needle in [
            "\"/v1/transactions\"",
            "\"/v1/transactions/{transactionId}\"",
            "\"/v1/transactions/{transactionId}/statuses\"",
            "\"/v1/transaction-histories\"",
            "\"/v1/payment-reasons\"",
            "\"/v1/sandbox/deposits\"",
            "\"/v1/sandbox/transactions/{transactionId}/simulate\"",
            "\"TransactionBody\"",
            "\"TransactionRequest\"",
            "\"TransactionHistoryBody\"",
            "\"SimulateOutcome\"",
            "\"Idempotency-Key\"",
            "\"Idempotent-Replayed\"",
        ] {
            assert!(json.contains(needle), "the document lacks {needle}");
        }
    }

    fn document_json() -> serde_json::Value {
        serde_json::to_value(document()).expect("a document")
    }

    /// Every `$ref` anywhere in `value`.
    fn references(value: &serde_json::Value, found: &mut Vec<String>) {
        match value {
            serde_json::Value::Object(fields) => {
                if let Some(target) = fields.get("$ref").and_then(|t| t.as_str()) {
                    found.push(target.to_owned());
                }
                fields.values().for_each(|field| references(field, found));
            }
            serde_json::Value::Array(items) => items.iter().for_each(|i| references(i, found)),
            _ => {}
        }
    }

    #[test]
    fn every_reference_resolves() {
        let json = document_json();
        let mut found = Vec::new();
        references(&json, &mut found);
        assert!(
            found
                .iter()
                .any(|r| r.ends_with("/BusinessAccountEmbedded"))
        );
        for target in found {
            let pointer = target.trim_start_matches('#');
            assert!(json.pointer(pointer).is_some(), "dangling {target}");
        }
    }

    #[test]
    fn every_path_id_is_a_canonical_uuid() {
        let json = document_json();
        for (path, item) in json["paths"].as_object().expect("paths") {
            for operation in item.as_object().expect("item").values() {
                let parameters = operation["parameters"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
                for parameter in parameters.iter().filter(|p| p["in"] == "path") {
                    let schema = &parameter["schema"];
                    let uuid = schema.get("oneOf").map_or(schema, |variants| &variants[0]);
                    assert_eq!(uuid["format"], "uuid", "{path} {}", parameter["name"]);
                    assert_eq!(
                        uuid["pattern"],
                        crate::wire::ids::CANONICAL_UUID_PATTERN,
                        "{path}"
                    );
                }
            }
        }
    }

    #[test]
    fn shared_responses_are_declared_once_and_referenced_where_they_apply() {
        let json = document_json();
        let shared = json["components"]["responses"]
            .as_object()
            .expect("responses");
        assert_eq!(shared.len(), 6);
        let reference =
            |name: &str| serde_json::json!({"$ref": format!("#/components/responses/{name}")});
        let mut bodies = 0;
        for (path, item) in json["paths"].as_object().expect("paths") {
            for (method, operation) in item.as_object().expect("item") {
                let responses = &operation["responses"];
                let authenticated = operation["security"]
                    .as_array()
                    .is_some_and(|s| !s.is_empty());
                if authenticated {
                    for status in ["400", "401", "503"] {
                        assert!(responses.get(status).is_some(), "{method} {path} {status}");
                    }
                }
                if operation.get("requestBody").is_some() {
                    bodies += 1;
                    assert_eq!(
                        responses["413"],
                        reference("PayloadTooLarge"),
                        "{method} {path}"
                    );
                    assert_eq!(
                        responses["415"],
                        reference("UnsupportedMediaType"),
                        "{method} {path}"
                    );
                }
            }
        }
        assert!(bodies > 20, "{bodies} operations with a body");
    }
}
