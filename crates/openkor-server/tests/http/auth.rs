//! Token exchange, bearer tokens and roles.

use crate::on_both_backends;
use crate::support::{TOKEN_LIFETIME_S, TestApp, assert_error};
use crate::typed::refused;
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use openkor_client::{Client, PageQuery};
use openkor_domain::clock::SystemClock;
use openkor_domain::role::Role;
use openkor_server::build_services;
use openkor_server::database::Database;
use serde_json::Value;
use std::sync::Arc;

/// A typed client of the server with these credentials (it exchanges them on first use).
fn client_of(app: &TestApp, api_key: &str, api_secret: &str) -> Client {
    Client::with_http_client(app.client.clone(), &app.base_url, api_key, api_secret).unwrap()
}

/// `api` reads its Business Account with `token`, the token it held before (a 401 would have
/// made it exchange another).
async fn reads_self_with(api: &Client, token: &str, what: &str) {
    let account = api.get_business_account("self", None).await;
    account.unwrap_or_else(|e| panic!("{what}: {e}"));
    assert_eq!(
        api.access_token().await.unwrap(),
        token,
        "{what}: the same token"
    );
}

on_both_backends! {
    async fn exchange_returns_a_bearer_token_that_works(app: TestApp) {
        let tenant = &app.bootstrap;
        let response = app.exchange(&tenant.api_key, &tenant.api_secret).await;
        assert_eq!(response.status(), 200);
        assert!(response.headers().contains_key("x-trace-id"));
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["token_type"], "Bearer");
        assert_eq!(body["expires_in"], TOKEN_LIFETIME_S);
        let token = body["access_token"].as_str().unwrap();
        // Raw: this token, from the exchange above (the client sends only the tokens it
        // exchanges itself).
        let account = app.get_json("/v1/business-accounts/self", token).await;
        assert_eq!(account["id"], tenant.id.as_str());
    }

    async fn a_wrong_secret_or_unknown_key_is_401(app: TestApp) {
        let tenant = &app.bootstrap;
        let wrong_secret = app.exchange(&tenant.api_key, "oks_not-the-secret").await;
        let body = assert_error(wrong_secret, 401, "UNAUTHENTICATED").await;
        assert_eq!(body["message"], "invalid API key or secret");
        let unknown_key = app.exchange(&format!("okk_{}", "0".repeat(32)), &tenant.api_secret).await;
        let same = assert_error(unknown_key, 401, "UNAUTHENTICATED").await;
        assert_eq!(same["message"], body["message"], "no hint which half was wrong");
        let garbage_key = app.exchange("not-a-key", &tenant.api_secret).await;
        assert_error(garbage_key, 401, "UNAUTHENTICATED").await;
        let other_tenants_secret = app.tenant("Other", None).await.api_secret;
        let crossed = app.exchange(&tenant.api_key, &other_tenants_secret).await;
        assert_error(crossed, 401, "UNAUTHENTICATED").await;
    }

    async fn repeated_wrong_secrets_lock_the_key_briefly_even_for_the_right_secret(app: TestApp) {
        let tenant = &app.bootstrap;
        for attempt in 0..5 {
            let wrong = app.exchange(&tenant.api_key, "oks_not-the-secret").await;
            assert_eq!(wrong.status(), 401, "attempt {attempt}");
        }
        let locked = app.exchange(&tenant.api_key, &tenant.api_secret).await;
        let retry_after: u64 = locked.headers()["retry-after"].to_str().unwrap().parse().unwrap();
        assert!((1..=30).contains(&retry_after), "{retry_after}");
        assert_error(locked, 429, "TOO_MANY_REQUESTS").await;
        // Another key of the same tenant is not affected.
        let other = app.tenant("Other", None).await;
        assert_eq!(app.exchange(&other.api_key, &other.api_secret).await.status(), 200);
    }

    async fn malformed_basic_credentials_are_401(app: TestApp) {
        let url = app.url("/v1/api-keys/exchange");
        for header in [
            None,
            Some("Bearer abc".to_owned()),
            Some("Basic".to_owned()),
            Some("Basic !!!not-base64!!!".to_owned()),
            Some(format!("Basic {}", STANDARD.encode("no-colon"))),
            Some(format!("Basic {}", STANDARD.encode([0xff, 0xfe, b':', b'x']))),
            Some(format!("Basic {}", STANDARD.encode(format!("okk_{}:{}", "a".repeat(32), "x".repeat(10_000))))),
        ] {
            let mut request = app.client.post(&url);
            if let Some(header) = &header {
                request = request.header("authorization", header);
            }
            let response = request.send().await.unwrap();
            assert_error(response, 401, "UNAUTHENTICATED").await;
        }
    }

    async fn a_disabled_account_can_no_longer_exchange_and_its_tokens_stop_working(app: TestApp) {
        let tenant = &app.bootstrap;
        let (key, secret) = app.service_account(tenant, Role::Clerk).await;
        let api = client_of(&app, &key, &secret);
        let token = api.access_token().await.unwrap();
        reads_self_with(&api, &token, "before").await;
        let owner = app.api(tenant);
        let owner_token = owner.access_token().await.unwrap();
        let id = first_account_with_key(&app, &tenant.id, &key).await;
        app.services
            .provisioning
            .disable_service_account(tenant.id.parse().unwrap(), id)
            .await
            .unwrap();
        // Raw: this token's own refusal (the client exchanges again after a 401).
        let refused_token = app.get("/v1/business-accounts/self", &token).await;
        let body = assert_error(refused_token, 401, "UNAUTHENTICATED").await;
        assert_eq!(body["message"], "the service account is disabled");
        // The client, refused too, exchanges again and is refused the exchange.
        let error = refused(api.get_business_account("self", None).await, 401, "UNAUTHENTICATED");
        assert_eq!(error.message, "the service account is disabled");
        let exchange = app.exchange(&key, &secret).await;
        let body = assert_error(exchange, 401, "UNAUTHENTICATED").await;
        assert_eq!(body["message"], "the service account is disabled");
        let wrong_secret = app.exchange(&key, "oks_wrong").await;
        let body = assert_error(wrong_secret, 401, "UNAUTHENTICATED").await;
        assert_eq!(body["message"], "invalid API key or secret", "no hint without the secret");
        reads_self_with(&owner, &owner_token, "other accounts unaffected").await;
    }

    async fn an_account_disabled_by_another_process_is_refused_after_the_next_refresh(app: TestApp) {
        let tenant = &app.bootstrap;
        let (key, secret) = app.service_account(tenant, Role::Manager).await;
        let api = client_of(&app, &key, &secret);
        let token = api.access_token().await.unwrap();
        let id = first_account_with_key(&app, &tenant.id, &key).await;
        // Another process (the CLI) disables the account through its own connection.
        let other = Database::open(&crate::support::database_config(&app.database_url)).await.unwrap();
        let other_services = build_services(other.store.clone(), Arc::new(SystemClock), 60, None, Default::default())
            .await
            .unwrap();
        other_services
            .provisioning
            .disable_service_account(tenant.id.parse().unwrap(), id)
            .await
            .unwrap();
        other.close().await;
        // The server's periodic refresh (every auth_refresh_interval_ms) picks it up.
        let reloaded = app.services.auth.directory().refresh().await.unwrap();
        assert!(reloaded);
        // The token, sent by the client, is refused (and so is the exchange it tries next).
        assert_eq!(api.access_token().await.unwrap(), token);
        refused(api.get_business_account("self", None).await, 401, "UNAUTHENTICATED");
        assert!(!app.services.auth.directory().refresh().await.unwrap(), "nothing new");
    }

    async fn an_account_created_by_another_process_can_exchange_at_once(app: TestApp) {
        let tenant = &app.bootstrap;
        let other = Database::open(&crate::support::database_config(&app.database_url)).await.unwrap();
        let other_services = build_services(other.store.clone(), Arc::new(SystemClock), 60, None, Default::default())
            .await
            .unwrap();
        let created = other_services
            .provisioning
            .create_service_account(tenant.id.parse().unwrap(), "cli-made", Role::Finance)
            .await
            .unwrap();
        other.close().await;
        let api = client_of(&app, created.account.api_key.as_str(), created.api_secret.expose());
        api.get_business_account("self", None).await.unwrap();
    }

    async fn an_expired_token_is_401_and_a_fresh_exchange_works_again(app: TestApp) {
        let api = app.api(&app.bootstrap);
        let token = api.access_token().await.unwrap();
        app.clock.advance_ms((TOKEN_LIFETIME_S - 1) * 1_000);
        // The server's clock moved, not the client's: it still sends `token`.
        reads_self_with(&api, &token, "valid until the last second").await;
        app.clock.advance_ms(1_000);
        // Raw: this token's own refusal (the client exchanges again after a 401).
        let expired = app.get("/v1/business-accounts/self", &token).await;
        let body = assert_error(expired, 401, "UNAUTHENTICATED").await;
        assert_eq!(body["message"], "the access token has expired");
        // The client is refused the same, exchanges a fresh token and is answered.
        api.get_business_account("self", None).await.unwrap();
        assert_ne!(api.access_token().await.unwrap(), token);
    }

    async fn forged_and_malformed_bearer_tokens_are_401(app: TestApp) {
        let genuine = app.bootstrap.token.clone();
        let (signed, _tag) = genuine.rsplit_once('.').unwrap();
        let (_, payload) = signed.split_once('.').unwrap();
        let mut claims = URL_SAFE_NO_PAD.decode(payload).unwrap();
        claims[32] ^= 0x01; // push the expiry
        let tampered = format!("okt.{}.{}", URL_SAFE_NO_PAD.encode(&claims), genuine.rsplit_once('.').unwrap().1);
        let resigned = format!("{signed}.{}", URL_SAFE_NO_PAD.encode([0u8; 32]));
        for token in [
            tampered.as_str(),
            resigned.as_str(),
            "okt.AAAA.BBBB",
            "garbage",
            &genuine[..genuine.len() - 2],
            &"x".repeat(500),
        ] {
            let response = app.get("/v1/business-accounts/self", token).await;
            let body = assert_error(response, 401, "UNAUTHENTICATED").await;
            assert_eq!(body["message"], "the access token is invalid", "{token}");
        }
        for header in ["", "Bearer", "Bearer ", "Basic abc", "bearer", "Token abc"] {
            let response = app
                .client
                .get(app.url("/v1/business-accounts/self"))
                .header("authorization", header)
                .send()
                .await
                .unwrap();
            assert_error(response, 401, "UNAUTHENTICATED").await;
        }
        let lower_case_scheme = app
            .client
            .get(app.url("/v1/business-accounts/self"))
            .header("authorization", format!("bearer {genuine}"))
            .send()
            .await
            .unwrap();
        assert_eq!(lower_case_scheme.status(), 200, "the scheme is case-insensitive");
    }

    async fn a_token_signed_by_another_server_key_is_401(app: TestApp) {
        let other = TestApp::start(app.backend).await.unwrap();
        let foreign = other.bootstrap.token.clone();
        // Raw: another server's token, which no client of this server holds.
        let response = app.get("/v1/business-accounts/self", &foreign).await;
        assert_error(response, 401, "UNAUTHENTICATED").await;
    }

    async fn every_role_can_read(app: TestApp) {
        let tenant = &app.bootstrap;
        for role in Role::ALL {
            let api = app.api_with_role(tenant, role).await;
            let account = api.get_business_account("self", None).await;
            account.unwrap_or_else(|e| panic!("{role} GET /v1/business-accounts/self: {e}"));
            let children = api.list_children("self").await;
            children.unwrap_or_else(|e| panic!("{role} GET /v1/business-accounts/self/children: {e}"));
            let list = api.list_business_accounts(&PageQuery::default()).await;
            list.unwrap_or_else(|e| panic!("{role} GET /v1/business-accounts: {e}"));
        }
    }

    async fn every_v1_route_requires_a_bearer_token(app: TestApp) {
        let id = &app.bootstrap.id;
        for path in [
            "/v1/business-accounts/self".to_owned(),
            format!("/v1/business-accounts/{id}"),
            format!("/v1/business-accounts/{id}/children"),
            "/v1/business-accounts".to_owned(),
        ] {
            let response = app.client.get(app.url(&path)).send().await.unwrap();
            assert!(response.headers().contains_key("www-authenticate"));
            assert_error(response, 401, "UNAUTHENTICATED").await;
        }
    }
}

async fn first_account_with_key(
    app: &TestApp,
    tenant_id: &str,
    key: &str,
) -> openkor_domain::ids::ServiceAccountId {
    app.services
        .provisioning
        .list_service_accounts(tenant_id.parse().unwrap())
        .await
        .unwrap()
        .into_iter()
        .find(|account| account.api_key.as_str() == key)
        .unwrap()
        .id
}
