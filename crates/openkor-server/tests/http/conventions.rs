//! Conventions every endpoint shares: the error envelope, trace ids, limits, probes, OpenAPI.

use crate::on_both_backends;
use crate::support::{Backend, TestApp, assert_error};
use serde_json::Value;

on_both_backends! {
    async fn probes_answer_without_authentication(app: TestApp) {
        for path in ["/healthz", "/readyz"] {
            let response = app.client.get(app.url(path)).send().await.unwrap();
            assert_eq!(response.status(), 200, "{path}");
            assert!(response.headers().contains_key("x-trace-id"));
            let body: Value = response.json().await.unwrap();
            assert_eq!(body["status"], "UP");
        }
    }

    async fn unknown_routes_and_wrong_methods_get_the_envelope(app: TestApp) {
        let token = &app.bootstrap.token;
        let missing = app.get("/v1/nothing-here", token).await;
        let body = assert_error(missing, 404, "ROUTE_NOT_FOUND").await;
        assert_eq!(body["message"], "no route for GET /v1/nothing-here");
        let root = app.client.get(app.url("/")).send().await.unwrap();
        assert_error(root, 404, "ROUTE_NOT_FOUND").await;
        for (method, path) in [
            (reqwest::Method::DELETE, "/v1/business-accounts/self"),
            (reqwest::Method::GET, "/v1/api-keys/exchange"),
            (reqwest::Method::POST, "/healthz"),
            (reqwest::Method::PUT, "/v1/business-accounts"),
        ] {
            let response = app.client.request(method.clone(), app.url(path)).bearer_auth(token).send().await.unwrap();
            assert_error(response, 405, "METHOD_NOT_ALLOWED").await;
        }
    }

    async fn every_response_carries_a_fresh_trace_id(app: TestApp) {
        let token = &app.bootstrap.token;
        let first = app.get("/v1/business-accounts/self", token).await;
        let second = app.get("/v1/business-accounts/self", token).await;
        let id = |r: &reqwest::Response| r.headers()["x-trace-id"].to_str().unwrap().to_owned();
        let (first_id, second_id) = (id(&first), id(&second));
        assert_eq!(first_id.len(), 32);
        assert_ne!(first_id, second_id);
        // Unpredictable: consecutive ids share no prefix and no counter-like suffix.
        assert_ne!(first_id[..16], second_id[..16]);
        assert_ne!(first_id[16..], second_id[16..]);
        let failed = app.get("/v1/business-accounts/nope", token).await;
        let header = id(&failed);
        let body = assert_error(failed, 400, "INVALID_PATH_PARAMETER").await;
        assert_eq!(body["traceId"], header.as_str());
    }

    async fn no_response_may_be_stored_by_a_cache(app: TestApp) {
        let token = &app.bootstrap.token;
        let exchange = app
            .client
            .post(app.url("/v1/api-keys/exchange"))
            .basic_auth(&app.bootstrap.api_key, Some(&app.bootstrap.api_secret))
            .send()
            .await
            .unwrap();
        let customers = app.get("/v1/customers", token).await;
        let refused = app.get("/v1/customers/nope", token).await;
        let unknown = app.get("/v1/nowhere", token).await;
        for response in [exchange, customers, refused, unknown] {
            assert_eq!(
                response.headers()["cache-control"],
                "no-store",
                "{}",
                response.url()
            );
        }
    }

    async fn transport_limits_are_refused_with_the_envelope(app: TestApp) {
        // Straight to the server: what is tested is its connection handling.
        let direct = |path: &str| format!("{}{path}", app.server_url);
        let exchange = direct("/v1/api-keys/exchange");
        let big_body = app
            .client
            .post(&exchange)
            .basic_auth(&app.bootstrap.api_key, Some(&app.bootstrap.api_secret))
            .header("content-type", "application/json")
            .body(vec![b' '; 65 * 1024])
            .send()
            .await
            .unwrap();
        assert_eq!(big_body.headers()["connection"], "close", "the unread body ends the connection");
        assert_error(big_body, 413, "PAYLOAD_TOO_LARGE").await;
        let big_headers = app
            .client
            .get(direct("/v1/business-accounts/self"))
            .bearer_auth(&app.bootstrap.token)
            .header("x-padding", "p".repeat(17 * 1024))
            .send()
            .await
            .unwrap();
        assert_error(big_headers, 431, "HEADERS_TOO_LARGE").await;
        let long_query = format!("/v1/business-accounts?{}", "sort=name&".repeat(500));
        let response = app.client.get(direct(&long_query)).bearer_auth(&app.bootstrap.token).send().await.unwrap();
        assert_error(response, 414, "URI_TOO_LONG").await;
    }

    async fn the_openapi_document_covers_every_route(app: TestApp) {
        let response = app.client.get(app.url("/openapi.json")).send().await.unwrap();
        assert_eq!(response.status(), 200);
        let document: Value = response.json().await.unwrap();
        assert!(document["openapi"].as_str().unwrap().starts_with("3.1"));
        let mut documented: Vec<String> = Vec::new();
        for (path, item) in document["paths"].as_object().unwrap() {
            for method in item.as_object().unwrap().keys() {
                documented.push(format!("{} {path}", method.to_uppercase()));
            }
        }
        documented.sort_by(|a, b| {
            let key = |r: &String| {
                let (method, path) = r.split_once(' ').unwrap();
                (["GET", "POST", "DELETE", "PUT"].iter().position(|m| *m == method).unwrap(), path.to_owned())
            };
            key(a).cmp(&key(b))
        });
        let expected = [
            "GET /healthz",
            "GET /metrics",
            "GET /openapi.json",
            "GET /readyz",
            "GET /v1/business-accounts",
            "GET /v1/business-accounts/{businessAccountId}",
            "GET /v1/business-accounts/{businessAccountId}/children",
            "GET /v1/business-accounts/{businessAccountId}/limits",
            "GET /v1/customers",
            "GET /v1/customers/{customerId}",
            "GET /v1/customers/{customerId}/beneficiaries",
            "GET /v1/customers/{customerId}/beneficiaries/{beneficiaryId}",
            "GET /v1/customers/{customerId}/financial-accounts",
            "GET /v1/financial-accounts",
            "GET /v1/financial-accounts/{financialAccountId}",
            "GET /v1/financial-accounts/{financialAccountId}/balances",
            "GET /v1/financial-accounts/{financialAccountId}/limits",
            "GET /v1/limits",
            "GET /v1/limits/utilisation",
            "GET /v1/payment-reasons",
            "GET /v1/recipients",
            "GET /v1/recipients/{recipientId}",
            "GET /v1/transaction-histories",
            "GET /v1/transactions",
            "GET /v1/transactions/{transactionId}",
            "GET /v1/transactions/{transactionId}/statuses",
            "GET /v1/webhook-subscriptions",
            "GET /v1/webhook-subscriptions/{subscriptionId}",
            "GET /v1/webhook-subscriptions/{subscriptionId}/deliveries",
            "POST /v1/api-keys/exchange",
            "POST /v1/customers",
            "POST /v1/customers/{customerId}/beneficiaries",
            "POST /v1/external-bank-accounts",
            "POST /v1/external-cards",
            "POST /v1/financial-accounts/{financialAccountId}/suspend",
            "POST /v1/financial-accounts:verify",
            "POST /v1/integrated-bank-accounts",
            "POST /v1/internal-financial-accounts",
            "POST /v1/recipients",
            "POST /v1/sandbox/deposits",
            "POST /v1/sandbox/transactions/{transactionId}/simulate",
            "POST /v1/stp-transactions",
            "POST /v1/transactions",
            "POST /v1/transactions/{transactionId}/reverse",
            "POST /v1/webhook-subscriptions",
            "POST /v1/webhook-subscriptions/{subscriptionId}/deliveries/{deliveryId}/redeliver",
            "POST /v1/webhook-subscriptions/{subscriptionId}/rotate-secret",
            "POST /v1/webhook-subscriptions/{subscriptionId}/suspend",
            "POST /v1/webhook-subscriptions/{subscriptionId}/test",
            "POST /v1/webhook-subscriptions/{subscriptionId}/unsuspend",
            "DELETE /v1/customers/{customerId}",
            "DELETE /v1/financial-accounts/{financialAccountId}",
            "DELETE /v1/recipients/{recipientId}",
            "DELETE /v1/transactions/{transactionId}",
            "DELETE /v1/webhook-subscriptions/{subscriptionId}",
            "PUT /v1/customers/{customerId}",
            "PUT /v1/customers/{customerId}/beneficiaries/{beneficiaryId}",
            "PUT /v1/customers/{customerId}/suspend",
            "PUT /v1/customers/{customerId}/unsuspend",
            "PUT /v1/financial-accounts/{financialAccountId}/suspend",
            "PUT /v1/financial-accounts/{financialAccountId}/unsuspend",
            "PUT /v1/limits",
            "PUT /v1/recipients/{recipientId}",
            "PUT /v1/transactions/{transactionId}",
            "PUT /v1/webhook-subscriptions/{subscriptionId}",
        ];
        assert_eq!(documented, expected);
        for (path, item) in document["paths"].as_object().unwrap() {
            for (method, operation) in item.as_object().unwrap() {
                if path.starts_with("/v1/") {
                    assert!(operation["responses"]["401"].is_object(), "{method} {path} documents 401");
                }
            }
        }
        for security in ["bearer", "basic"] {
            assert!(document["components"]["securitySchemes"][security].is_object());
        }
        // Every documented route is served: none answers ROUTE_NOT_FOUND or METHOD_NOT_ALLOWED.
        for route in &documented {
            let (method, path) = route.split_once(' ').unwrap();
            let path = path
                .replace("{businessAccountId}", "self")
                .replace("{customerId}", &uuid::Uuid::now_v7().to_string())
                .replace("{beneficiaryId}", &uuid::Uuid::now_v7().to_string())
                .replace("{financialAccountId}", &uuid::Uuid::now_v7().to_string())
                .replace("{recipientId}", &uuid::Uuid::now_v7().to_string())
                .replace("{subscriptionId}", &uuid::Uuid::now_v7().to_string())
                .replace("{deliveryId}", &uuid::Uuid::now_v7().to_string());
            let response = app
                .client
                .request(method.parse().unwrap(), app.url(&path))
                .bearer_auth(&app.bootstrap.token)
                .send()
                .await
                .unwrap();
let body: Value = response.json().await.unwrap_or(Value::Null);
            let code = body["errorCode"].as_str().unwrap_or_default();
            assert!(
                !["ROUTE_NOT_FOUND", "METHOD_NOT_ALLOWED"].contains(&code),
                "{route} is documented but not served"
            );
        }
    }

    async fn write_endpoints_refuse_query_parameters(app: TestApp) {
        let token = &app.bootstrap.token;
        let document = app.get_json("/openapi.json", token).await;
        let id = uuid::Uuid::now_v7().to_string();
        let mut writes = 0;
        for (path, item) in document["paths"].as_object().unwrap() {
            for method in item.as_object().unwrap().keys().filter(|m| ["post", "put", "delete"].contains(&m.as_str())) {
                let concrete: String = path.split('/').map(|segment| if segment.starts_with('{') { id.as_str() } else { segment }).collect::<Vec<_>>().join("/");
                let url = app.url(&format!("{concrete}?unexpected=1"));
                let request = app.client.request(method.to_uppercase().parse().unwrap(), url);
                let request = if path == "/v1/api-keys/exchange" {
                    request.basic_auth(&app.bootstrap.api_key, Some(&app.bootstrap.api_secret))
                } else {
                    request.bearer_auth(token)
                };
                let body = assert_error(request.send().await.unwrap(), 400, "INVALID_QUERY_PARAMETER").await;
                assert_eq!(body["errors"][0]["path"], "unexpected", "{method} {path}");
                assert_eq!(body["errors"][0]["errorCode"], "UNKNOWN_FIELD", "{method} {path}");
                writes += 1;
            }
        }
        assert!(writes >= 16, "{writes} write operations");
        let anonymous = app.client.put(app.url(&format!("/v1/customers/{id}/suspend?unexpected=1"))).send().await.unwrap();
        assert_error(anonymous, 401, "UNAUTHENTICATED").await;
        let bad_path = app.send(reqwest::Method::PUT, "/v1/customers/nope/suspend?unexpected=1", token, None).await;
        assert_error(bad_path, 400, "INVALID_PATH_PARAMETER").await;
    }

    async fn garbage_never_causes_a_500(app: TestApp) {
        let token = &app.bootstrap.token;
        for path in [
            "/v1/business-accounts/%FF%FE",
            "/v1/business-accounts/self?embed=%FF",
            "/v1/business-accounts?page=%00",
            "/v1/business-accounts?sort=%2C%2C%2C",
            "/v1/business-accounts?&&&=&",
            "/v1/business-accounts/self/children/extra",
            "/v1/business-accounts//children",
        ] {
            let response = app.get(path, token).await;
            let status = response.status().as_u16();
            assert!((400..500).contains(&status), "{path} answered {status}");
            let body: Value = response.json().await.unwrap();
            assert!(body["errorCode"].is_string(), "{path}: {body}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readyz_is_503_and_reveals_nothing_when_postgres_is_gone() {
    let Some(app) = TestApp::start(Backend::Postgres).await else {
        return;
    };
    app.drop_database().await;
    let response = app.client.get(app.url("/readyz")).send().await.unwrap();
    let body = assert_error(response, 503, "SERVICE_UNAVAILABLE").await;
    let text = body.to_string();
    assert!(
        !text.contains("postgres") && !text.contains("database \""),
        "{text}"
    );
    let reads = app.get("/v1/business-accounts", &app.bootstrap.token).await;
    assert_error(reads, 503, "SERVICE_UNAVAILABLE").await;
}

/// A PostgreSQL database that stops accepting connections (its sessions cut) is an outage: 503
/// with the error body while it lasts, and the same server answers again once it is back, with
/// no restart.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_postgres_outage_is_503_and_the_server_recovers_without_a_restart() {
    let Some(app) = TestApp::start(Backend::Postgres).await else {
        return;
    };
    let token = &app.bootstrap.token;
    assert_eq!(app.get("/v1/business-accounts", token).await.status(), 200);
    let name = app
        .database_url
        .rsplit('/')
        .next()
        .and_then(|tail| tail.split('?').next())
        .unwrap()
        .to_owned();
    let admin_url = app.database_url.replace(&format!("/{name}"), "/postgres");
    let admin = openkor_testkit::connect_postgres(&admin_url).await.unwrap();
    // The ALTER commits on its own first: a multi-statement batch is one implicit db
    // transaction, and a session reconnecting (the server's background workers poll) between
    // the termination and that commit would still be let in.
    admin
        .batch_execute(&format!(
            "ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS false"
        ))
        .await
        .unwrap();
    // pg_terminate_backend only signals: terminate until every session of the database has
    // ended, or a request could still be answered by a backend that is shutting down.
    let mut sessions = i64::MAX;
    for _ in 0..500 {
        sessions = admin
            .query_one(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity \
                 WHERE datname = $1 AND pid <> pg_backend_pid()",
                &[&name],
            )
            .await
            .unwrap()
            .get(0);
        if sessions == 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    assert_eq!(sessions, 0, "the database's sessions did not end");
    // Every pooled connection was cut: requests fail until the database is back.
    for _ in 0..3 {
        let response = app.get("/v1/business-accounts", token).await;
        let retry_after = response.headers().get("retry-after").cloned();
        assert_error(response, 503, "SERVICE_UNAVAILABLE").await;
        assert_eq!(retry_after.unwrap(), "1");
    }
    let ready = app.client.get(app.url("/readyz")).send().await.unwrap();
    assert_error(ready, 503, "SERVICE_UNAVAILABLE").await;
    admin
        .batch_execute(&format!("ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS true"))
        .await
        .unwrap();
    assert_eq!(app.get("/v1/business-accounts", token).await.status(), 200);
    let ready = app.client.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), 200);
}

/// One object, one spelling: a UUID in paths, query strings and bodies is accepted only as
/// openkor writes it (lower-case, hyphenated); other spellings of the same id are refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_canonical_spelling_of_an_id_is_accepted() {
    let app = TestApp::start(Backend::Sqlite).await.unwrap();
    let token = &app.bootstrap.token;
    let created = app.create_customer(token, &crate::customers::sarah()).await;
    let id = created["id"].as_str().unwrap().to_owned();
    assert_eq!(
        app.get(&format!("/v1/customers/{id}"), token)
            .await
            .status(),
        200
    );
    let spellings = [
        id.to_uppercase(),
        format!("%7B{id}%7D"),
        format!("urn:uuid:{id}"),
        id.replace('-', ""),
    ];
    for spelling in &spellings {
        let path = app.get(&format!("/v1/customers/{spelling}"), token).await;
        assert_error(path, 400, "INVALID_PATH_PARAMETER").await;
        let query = app
            .get(
                &format!("/v1/financial-accounts?accountHolderId={spelling}"),
                token,
            )
            .await;
        assert_error(query, 400, "INVALID_QUERY_PARAMETER").await;
    }
    let body = serde_json::json!({"name": "Upper", "parentId": id.to_uppercase(),
        "accountHolderId": id, "accountHolderType": "CUSTOMER"});
    let refused = app
        .post("/v1/internal-financial-accounts", token, &body)
        .await;
    assert_error(refused, 400, "VALIDATION_FAILED").await;
}
