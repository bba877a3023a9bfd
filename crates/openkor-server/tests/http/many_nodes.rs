//! Many nodes: two openkor processes on one PostgreSQL database, both running the rail engine.
//! Each rail step is made by exactly one of them (every payout's history has each status once),
//! one Idempotency-Key sent to both at once makes one transaction, and when one process is
//! killed the other finishes everything it left in flight.

use crate::crash::post_with_key;
use crate::process::{ServerProcess, sandbox, verify_ledger};
use crate::transactions::{balances_of, send, statuses_of, world};
use crate::typed::typed;
use openkor_client::Client;
use openkor_client::models::TransactionRequest;
use openkor_testkit::TestDatabase;
use std::time::Duration;

const SETTLED_HISTORY: [&str; 5] = ["SETTLED", "APPROVED", "PROCESSING", "PENDING", "NEW"];

/// Creates `count` push-to-card payouts of 0.50, alternating between the two servers.
async fn payouts(servers: [&Client; 2], body: &TransactionRequest, count: usize) -> Vec<String> {
    let requests = (0..count).map(|n| {
        let (api, body) = (servers[n % 2].clone(), body.clone());
        tokio::spawn(async move { api.create_transaction(&body, None).await.unwrap().id })
    });
    let mut ids = Vec::new();
    for request in requests.collect::<Vec<_>>() {
        ids.push(request.await.expect("joins"));
    }
    ids
}

/// Polls until every payout's history is the full settled path, each status exactly once.
async fn wait_for_settled_histories(api: &Client, ids: &[String]) {
    for id in ids {
        let mut history = Vec::new();
        for _ in 0..600 {
            history = statuses_of(api, id).await;
            if history.first().map(String::as_str) == Some("SETTLED") {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert_eq!(history, SETTLED_HISTORY, "payout {id}");
    }
}

/// The same key sent to both servers at once: one transaction, every answer naming it.
async fn one_key_across_both_servers(servers: [&Client; 2], body: &TransactionRequest) -> String {
    let requests: Vec<_> = (0..8)
        .map(|n| {
            let (api, body) = (servers[n % 2].clone(), body.clone());
            tokio::spawn(async move {
                let answer = post_with_key(&api, "shared-across-nodes", &body).await;
                answer.expect("answer")
            })
        })
        .collect();
    let mut ids = Vec::new();
    for request in requests {
        ids.push(request.await.expect("joins"));
    }
    ids.dedup();
    assert_eq!(ids.len(), 1, "{ids:?}");
    ids.swap_remove(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_share_the_rails_and_survive_each_other() {
    let Some(database) = TestDatabase::postgres().await else {
        return;
    };
    let url = database.url().to_owned();
    let args = ["--rail-speedup", "5"];
    let (key, secret) = sandbox(&url);
    let first = ServerProcess::start(&url, &args);
    let second = ServerProcess::start(&url, &args);
    let apis = [first.api(&key, &secret), second.api(&key, &secret)];
    let token = apis[0].access_token().await.unwrap();
    let w = world(&first.http, &token, "100.00").await;
    let payout: TransactionRequest = typed(send(&w.business, &w.card, "push-to-card", "0.50"));
    let servers = [&apis[0], &apis[1]];

    let mut both_running = payouts(servers, &payout, 40).await;
    both_running.push(one_key_across_both_servers(servers, &payout).await);
    wait_for_settled_histories(&apis[1], &both_running).await;

    let left_in_flight = payouts(servers, &payout, 20).await;
    let survivor = apis[1].clone();
    first.kill();
    wait_for_settled_histories(&survivor, &left_in_flight).await;

    // 100.00 − 61 × 0.50
    let business = "69.50".to_owned();
    let zero = "0.00".to_owned();
    assert_eq!(
        balances_of(&survivor, &w.business).await,
        [business.clone(), business, zero.clone(), zero]
    );
    second.stop();
    let (consistent, report) = verify_ledger(&url);
    assert!(consistent, "{report}");
}
