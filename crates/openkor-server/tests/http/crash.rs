//! Crashes: the real binary killed with SIGKILL in the middle of a storm of book transfers and
//! push-to-card payouts, then restarted on the same database. Every acknowledged transaction is
//! there, every request whose answer was lost is replayed with its Idempotency-Key to exactly
//! one effect, the rail engine finishes every payout left in flight, the balances are exact and
//! `openkor ledger verify` is clean.

use crate::process::{ServerProcess, sandbox, verify_ledger};
use crate::transactions::{balances_of, send, world};
use crate::typed::typed;
use openkor_client::models::TransactionRequest;
use openkor_client::{Client, Error};
use openkor_testkit::TestDatabase;
use std::sync::Arc;
use std::time::Duration;

/// Concurrent clients in the storm.
const CLIENTS: usize = 12;
/// How long the storm runs before the kill.
const STORM_MS: u64 = 1_500;
/// Book transfers move 1.00, payouts 0.50; the business account starts with this much.
const FUNDS_MINOR: i64 = 100_000_000;

/// One request of the storm: its key and body, and its id if the server acknowledged it.
struct Sent {
    key: String,
    body: TransactionRequest,
    acknowledged: Option<String>,
}

/// `POST /v1/transactions` with `key`: the created transaction's id, or `None` if no answer
/// came (the request, or the token exchange before it, did not complete). Any answer other
/// than the created transaction panics. (The client answers any 2xx as a success; a replay's
/// exact 201 and `Idempotent-Replayed` header are checked raw in `transactions.rs`.)
pub async fn post_with_key(api: &Client, key: &str, body: &TransactionRequest) -> Option<String> {
    match api.create_transaction(body, Some(key)).await {
        Ok(created) => Some(created.id),
        Err(Error::Transport(_)) => None,
        Err(other) => panic!("{other}"),
    }
}

/// One client: sends until the server stops answering; every request it sent.
async fn client(api: Client, bodies: Arc<[TransactionRequest; 2]>, client: usize) -> Vec<Sent> {
    let mut sent = Vec::new();
    for n in 0.. {
        let key = format!("storm-{client}-{n}");
        let body = bodies[n % 2].clone();
        let acknowledged = post_with_key(&api, &key, &body).await;
        let lost = acknowledged.is_none();
        sent.push(Sent {
            key,
            body,
            acknowledged,
        });
        if lost {
            break;
        }
    }
    sent
}

/// `1.50` for 150 minor units.
fn decimal(minor: i64) -> String {
    format!("{}.{:02}", minor / 100, minor % 100)
}

async fn a_killed_server_loses_nothing(database: TestDatabase) {
    let url = database.url().to_owned();
    let args = ["--rail-speedup", "20"];
    let (key, secret) = sandbox(&url);
    let first = ServerProcess::start(&url, &args);
    let api = first.api(&key, &secret);
    let token = api.access_token().await.unwrap();
    let w = world(&first.http, &token, &decimal(FUNDS_MINOR)).await;
    let bodies = Arc::new([
        typed(send(&w.business, &w.internal, "transfer", "1.00")),
        typed(send(&w.business, &w.card, "push-to-card", "0.50")),
    ]);
    let clients: Vec<_> = (0..CLIENTS)
        .map(|n| tokio::spawn(client(api.clone(), bodies.clone(), n)))
        .collect();
    tokio::time::sleep(Duration::from_millis(STORM_MS)).await;
    first.kill();
    let mut sent = Vec::new();
    for handle in clients {
        sent.extend(handle.await.expect("the client finishes"));
    }

    let second = ServerProcess::start(&url, &args);
    let api = second.api(&key, &secret);
    let mut ids = std::collections::BTreeSet::new();
    let mut payouts = Vec::new();
    for request in &sent {
        let id = match &request.acknowledged {
            Some(id) => {
                api.get_transaction(id, None).await.unwrap();
                id.clone()
            }
            None => post_with_key(&api, &request.key, &request.body)
                .await
                .expect("the restarted server answers"),
        };
        assert!(ids.insert(id.clone()), "one key, one transaction");
        if request.body.solution.as_deref() == Some("push-to-card") {
            payouts.push(id);
        }
    }
    wait_until_settled(&api, &payouts).await;

    let transfers_minor = 100 * (sent.len() - payouts.len()) as i64;
    let payouts_minor = 50 * payouts.len() as i64;
    let business = decimal(FUNDS_MINOR - transfers_minor - payouts_minor);
    let internal = decimal(transfers_minor);
    let zero = "0.00".to_owned();
    assert_eq!(
        balances_of(&api, &w.business).await,
        [business.clone(), business, zero.clone(), zero.clone()]
    );
    assert_eq!(
        balances_of(&api, &w.internal).await,
        [internal.clone(), internal, zero.clone(), zero]
    );
    second.stop();
    let (consistent, report) = verify_ledger(&url);
    assert!(consistent, "{report}");
    assert!(
        sent.len() > CLIENTS,
        "the storm sent {} requests",
        sent.len()
    );
}

/// Polls until every payout is SETTLED (the restarted rail engine finishes them).
async fn wait_until_settled(api: &Client, payouts: &[String]) {
    for id in payouts {
        let mut status = String::new();
        for _ in 0..600 {
            status = api
                .get_transaction(id, None)
                .await
                .unwrap()
                .latest_status
                .status;
            if status == "SETTLED" {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert_eq!(status, "SETTLED", "payout {id}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_killed_during_a_storm_loses_nothing_sqlite() {
    a_killed_server_loses_nothing(TestDatabase::sqlite()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_killed_during_a_storm_loses_nothing_postgres() {
    let Some(database) = TestDatabase::postgres().await else {
        return;
    };
    a_killed_server_loses_nothing(database).await;
}
