//! Start-up and shutdown: bootstrap on an empty database only, graceful stop.

use crate::on_both_backends;
use crate::support::serve_config;
use openkor_domain::clock::SystemClock;
use std::sync::Arc;

on_both_backends! {
    async fn a_second_start_on_the_same_database_creates_no_sandbox(app: TestApp) {
        let mut again = openkor_server::prepare(&serve_config(&app.database_url), Arc::new(SystemClock))
            .await
            .unwrap();
        assert!(again.take_bootstrap().is_none());
        // Both servers share the signing key kept in the database: tokens work on either.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let second_url = format!("http://{}", listener.local_addr().unwrap());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let second = tokio::spawn(again.serve(listener, async { let _ = stopped.await; }));
        let response = app
            .client
            .get(format!("{second_url}/v1/business-accounts/self"))
            .bearer_auth(&app.bootstrap.token)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        stop.send(()).unwrap();
        second.await.unwrap().unwrap();
    }

    async fn the_server_stops_gracefully_when_told(app: TestApp) {
        let url = app.url("/healthz");
        let client = app.client.clone();
        assert_eq!(client.get(&url).send().await.unwrap().status(), 200);
        app.stop().await.expect("a clean stop");
        let after = openkor_testkit::http_client().get(&url).send().await;
        assert!(after.is_err(), "the listener is closed after shutdown");
    }
}

/// An in-flight request finishes after shutdown begins. The request is held in flight by a
/// table lock taken on another connection, so no timing is involved.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_flight_requests_finish_after_shutdown_begins() {
    let Some(app) = crate::support::TestApp::start(crate::support::Backend::Postgres).await else {
        return;
    };
    let locker = openkor_testkit::connect_postgres(&app.database_url)
        .await
        .unwrap();
    locker
        .batch_execute("BEGIN; LOCK TABLE business_accounts IN ACCESS EXCLUSIVE MODE")
        .await
        .unwrap();
    let request = tokio::spawn({
        let client = app.client.clone();
        let url = app.url("/v1/business-accounts/self");
        let token = app.bootstrap.token.clone();
        async move { client.get(url).bearer_auth(token).send().await }
    });
    wait_for_a_blocked_query(&app.database_url).await;
    let stopping = tokio::spawn(app.stop());
    locker.batch_execute("ROLLBACK").await.unwrap();
    let response = request
        .await
        .unwrap()
        .expect("the in-flight request completes");
    assert_eq!(response.status(), 200);
    stopping.await.unwrap().expect("a clean stop");
}

/// Waits until some session of the test database waits on a lock (a condition, not a timer).
async fn wait_for_a_blocked_query(database_url: &str) {
    let observer = openkor_testkit::connect_postgres(database_url)
        .await
        .unwrap();
    for _ in 0..500 {
        let waiting: i64 = observer
            .query_one(
                "SELECT count(*) FROM pg_stat_activity \
                 WHERE datname = current_database() AND wait_event_type = 'Lock'",
                &[],
            )
            .await
            .unwrap()
            .get(0);
        if waiting > 0 {
            return;
        }
        tokio::task::yield_now().await;
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    panic!("the request never reached the database lock");
}
