//! HTTP/2 with prior knowledge (h2c): a body over the limit gets the JSON 413 like HTTP/1.1
//! does, not a reset stream.

use crate::on_both_backends;
use bytes::Bytes;

on_both_backends! {
    async fn an_http2_body_over_the_limit_gets_the_json_413(app: TestApp) {
        let address = app.server_url.trim_start_matches("http://").to_owned();
        let tcp = tokio::net::TcpStream::connect(&address).await.unwrap();
        let (client, connection) = h2::client::handshake(tcp).await.unwrap();
        tokio::spawn(connection);
        let mut client = client.ready().await.unwrap();
        let request = http::Request::builder()
            .method("POST")
            .uri(format!("http://{address}/v1/customers"))
            .header("authorization", format!("Bearer {}", app.bootstrap.token))
            .header("content-type", "application/json")
            .body(())
            .unwrap();
        let (response, mut body) = client.send_request(request, false).unwrap();
        // 100 KiB of a JSON string: over the 64 KiB limit, declared by no content-length.
        let mut payload = br#"{"firstName": ""#.to_vec();
        payload.extend(std::iter::repeat_n(b'a', 100 * 1024));
        payload.extend(br#""}"#);
        let _ = body.send_data(Bytes::from(payload), true);
        let response = response.await.expect("an answer, not a reset stream");
        assert_eq!(response.status(), 413);
        let mut received = response.into_body();
        let mut text = Vec::new();
        while let Some(chunk) = received.data().await {
            let chunk = chunk.unwrap();
            let _ = received.flow_control().release_capacity(chunk.len());
            text.extend_from_slice(&chunk);
        }
        let error: serde_json::Value = serde_json::from_slice(&text).unwrap();
        assert_eq!(error["errorCode"], "PAYLOAD_TOO_LARGE");
    }
}
