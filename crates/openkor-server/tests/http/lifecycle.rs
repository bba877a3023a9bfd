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
        let after = reqwest::Client::new().get(&url).send().await;
        assert!(after.is_err(), "the listener is closed after shutdown");
    }
}
