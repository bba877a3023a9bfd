//! Webhook delivery across processes: the real binary killed with SIGKILL while receivers hold
//! its requests, restarted on the same database, stopped gracefully and restarted again,
//! delivers every event at least once (duplicates allowed and counted); two processes on one
//! PostgreSQL database deliver each event exactly once between them when nothing fails.

use crate::customers::sarah;
use crate::process::{ServerProcess, sandbox};
use crate::receiver::{Receiver, Reply};
use crate::typed::typed;
use crate::webhooks::{CUSTOMER_STATUS, subscribed, toggle};
use openkor_client::Client;
use openkor_client::models::CustomerRequest;
use openkor_testkit::TestDatabase;
use std::collections::BTreeMap;

/// Every process: development targets (the receiver is on loopback), a short deadline.
const ARGS: [&str; 4] = [
    "--webhook-allow-private-targets",
    "true",
    "--webhook-timeout-ms",
    "1000",
];

/// Suspends `count` new customers: one event each, for `count` resources.
async fn events(api: &Client, count: usize) {
    for _ in 0..count {
        let body = typed::<CustomerRequest>(sarah());
        let holder = api.create_customer(&body).await.unwrap();
        toggle(api, holder.id(), "suspend").await;
    }
}

/// How many times the receiver got each event id.
fn receipts(receiver: &Receiver) -> BTreeMap<String, usize> {
    let mut seen = BTreeMap::new();
    for request in receiver.received() {
        if request.answered == 200 {
            *seen.entry(request.header("webhook-id")).or_insert(0) += 1;
        }
    }
    seen
}

/// Waits until `count` distinct events were accepted (a liveness guard of `guard_s` seconds).
async fn wait_for_events(
    receiver: &Receiver,
    count: usize,
    guard_s: u64,
) -> BTreeMap<String, usize> {
    for _ in 0..guard_s * 10 {
        let seen = receipts(receiver);
        if seen.len() >= count {
            return seen;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!(
        "{count} events expected, {} accepted",
        receipts(receiver).len()
    );
}

async fn a_killed_and_restarted_server_delivers_every_event(database: TestDatabase) {
    let url = database.url().to_owned();
    let (key, secret) = sandbox(&url);
    let receiver = Receiver::start().await;
    // The first three requests are held: the process dies with them in flight.
    receiver.script([Reply::Hang, Reply::Hang, Reply::Hang]);
    let first = ServerProcess::start(&url, &ARGS);
    let api = first.api(&key, &secret);
    subscribed(&api, &receiver.url, &[CUSTOMER_STATUS]).await;
    events(&api, 6).await;
    receiver.wait_for(3, 30).await;
    first.kill();

    let second = ServerProcess::start(&url, &ARGS);
    let api = second.api(&key, &secret);
    wait_for_events(&receiver, 6, 60).await;
    events(&api, 3).await;
    second.stop();

    let third = ServerProcess::start(&url, &ARGS);
    let api = third.api(&key, &secret);
    events(&api, 3).await;
    let seen = wait_for_events(&receiver, 12, 60).await;
    assert_eq!(seen.len(), 12, "every event, none invented: {seen:?}");
    let duplicates: usize = seen.values().map(|n| n - 1).sum();
    eprintln!("12 events accepted, {duplicates} of them more than once");
    assert!(
        third
            .log()
            .iter()
            .any(|line| line.contains("webhook delivered"))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_and_restarted_server_delivers_every_event_sqlite() {
    a_killed_and_restarted_server_delivers_every_event(TestDatabase::sqlite()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_and_restarted_server_delivers_every_event_postgres() {
    if let Some(database) = TestDatabase::postgres().await {
        a_killed_and_restarted_server_delivers_every_event(database).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_on_one_database_deliver_each_event_once() {
    let Some(database) = TestDatabase::postgres().await else {
        return;
    };
    let url = database.url().to_owned();
    let (key, secret) = sandbox(&url);
    let receiver = Receiver::start().await;
    let servers = [
        ServerProcess::start(&url, &ARGS),
        ServerProcess::start(&url, &ARGS),
    ];
    let apis = servers.each_ref().map(|server| server.api(&key, &secret));
    subscribed(&apis[0], &receiver.url, &[CUSTOMER_STATUS]).await;
    let writers: Vec<_> = apis
        .iter()
        .map(|api| {
            let api = api.clone();
            tokio::spawn(async move { events(&api, 15).await })
        })
        .collect();
    for writer in writers {
        writer.await.expect("the writer finishes");
    }
    let seen = wait_for_events(&receiver, 30, 60).await;
    // Let any second copy arrive before counting.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let seen_again = receipts(&receiver);
    assert_eq!(seen.len(), 30);
    assert!(
        seen_again.values().all(|n| *n == 1),
        "each event exactly once: {seen_again:?}"
    );
    let delivered_by = |server: &ServerProcess| {
        server
            .log()
            .iter()
            .filter(|line| line.contains("webhook delivered"))
            .count()
    };
    assert_eq!(delivered_by(&servers[0]) + delivered_by(&servers[1]), 30);
}
