//! The client against a real server: the README example, token refresh after a 401, typed
//! errors, paging helpers and `Idempotency-Key` replays, on SQLite and PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod support;

#[path = "../examples/create_customer.rs"]
#[allow(dead_code, reason = "the example's main is not called here")]
mod example;

use openkor_client::models::*;
use openkor_client::{Client, CustomerQuery, Error, PageQuery, Sort};
use support::fixtures;

async fn business_usd(client: &Client) -> String {
    let query = openkor_client::FinancialAccountQuery {
        account_holder_types: Some("BUSINESS_ACCOUNT".into()),
        ..Default::default()
    };
    let page = client.list_financial_accounts(&query).await.unwrap();
    page.content
        .into_iter()
        .find(|a| a.currency == "USD")
        .unwrap()
        .id
}

on_both_backends! {
    async fn the_readme_example_creates_a_customer_and_reads_it_back(server: Server) {
        let id = example::create_and_read_back(&server.client()).await.unwrap();
        assert!(uuid::Uuid::parse_str(&id).is_ok());
    }

    async fn an_expired_token_is_exchanged_again_and_the_request_retried(server: Server) {
        let client = server.client();
        let first = client.access_token().await.unwrap();
        let created = client.create_customer(&fixtures::sarah()).await.unwrap();
        server.clock.advance_ms(2 * 3_600 * 1_000);
        let read = client.get_customer(created.id()).await.unwrap();
        assert_eq!(read.id(), created.id());
        assert_ne!(client.access_token().await.unwrap(), first, "a new token was exchanged");
    }

    async fn concurrent_first_calls_share_one_exchange(server: Server) {
        let client = server.client();
        let calls: Vec<_> = (0..8)
            .map(|_| {
                let client = client.clone();
                tokio::spawn(async move { client.list_payment_reasons().await })
            })
            .collect();
        for call in calls {
            assert!(call.await.unwrap().is_ok());
        }
        let token = client.access_token().await.unwrap();
        assert_eq!(client.access_token().await.unwrap(), token);
    }

    async fn refusals_are_typed_errors_with_code_trace_and_fields(server: Server) {
        let client = server.client();
        let body = CustomerRequest { r#type: Some("INDIVIDUAL".into()), ..Default::default() };
        let Err(Error::Api(error)) = client.create_customer(&body).await else {
            panic!("an invalid customer is refused");
        };
        assert_eq!((error.status, error.error_code.as_str()), (400, "VALIDATION_FAILED"));
        assert!(!error.trace_id.is_empty() && error.timestamp.ends_with('Z'));
        assert!(error.field_codes().contains(&("firstName", "REQUIRED")), "{error:?}");
        let missing = client.get_customer(&uuid::Uuid::now_v7().to_string()).await.unwrap_err();
        assert_eq!(missing.api().map(|e| e.error_code.as_str()), Some("NOT_FOUND"));
        let wrong = Client::with_http_client(server.http.clone(), &server.base_url, &server.api_key, "nope").unwrap();
        let refused = wrong.list_payment_reasons().await.unwrap_err();
        assert_eq!(refused.status(), Some(401));
    }

    async fn list_all_walks_every_page_and_stops_at_the_last(server: Server) {
        let client = server.client();
        for n in 0..5 {
            let mut body = fixtures::sarah();
            body.external_id = Some(format!("ext-{n}"));
            client.create_customer(&body).await.unwrap();
        }
        let query = CustomerQuery {
            paging: PageQuery { size: Some(2), sort: vec![Sort::asc("createdAt")], ..Default::default() },
            ..Default::default()
        };
        let first = client.list_customers(&query).await.unwrap();
        assert_eq!((first.total_elements, first.content.len(), first.has_next), (5, 2, true));
        let all = client.list_all_customers(query).await.unwrap();
        let ids: Vec<_> = all.iter().map(|c| c.as_individual().unwrap().external_id.clone().unwrap()).collect();
        assert_eq!(ids, ["ext-0", "ext-1", "ext-2", "ext-3", "ext-4"]);
    }

    async fn an_idempotency_key_replays_the_first_answer(server: Server) {
        let client = server.client();
        let usd = business_usd(&client).await;
        let deposit = fixtures::deposit(&usd, "50.00");
        let first = client.create_deposit(&deposit, Some("deposit-key-1")).await.unwrap();
        let again = client.create_deposit(&deposit, Some("deposit-key-1")).await.unwrap();
        assert_eq!(first.id, again.id);
        let other = client.create_deposit(&deposit, None).await.unwrap();
        assert_ne!(first.id, other.id);
        let balances = client.get_balances(&usd).await.unwrap();
        assert_eq!(balances["USD"].extra.len(), 0);
        let _ = balances["USD"].account_balance.as_str();
    }
}
