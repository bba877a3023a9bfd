//! Slow and idle clients against the real binary: a connection that sends nothing, or its
//! headers a byte at a time, or stays idle after a response, is closed after the header-read
//! timeout; connections beyond the cap wait until one frees instead of being served at once.

use crate::process::ServerProcess;
use openkor_testkit::TestDatabase;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// Generous: the server's timeout in these tests is half a second.
const CLIENT_WAIT_S: u64 = 20;

fn connect(server: &ServerProcess) -> TcpStream {
    let address = server
        .http
        .base_url
        .trim_start_matches("http://")
        .to_owned();
    let stream = TcpStream::connect(address).expect("connects");
    stream
        .set_read_timeout(Some(Duration::from_secs(CLIENT_WAIT_S)))
        .expect("read timeout");
    stream
}

/// Reads until the server closes the connection; what it sent before.
fn read_until_closed(stream: &mut TcpStream) -> String {
    let mut received = Vec::new();
    match stream.read_to_end(&mut received) {
        Ok(_) => {}
        Err(error) if error.kind() == std::io::ErrorKind::ConnectionReset => {}
        Err(error) => panic!("the server kept the connection open: {error}"),
    }
    String::from_utf8_lossy(&received).into_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn slow_and_idle_connections_are_closed() {
    let database = TestDatabase::sqlite();
    let server = ServerProcess::start(database.url(), &["--header-read-timeout-ms", "500"]);

    let mut silent = connect(&server);
    assert_eq!(
        read_until_closed(&mut silent),
        "",
        "a connection that sends nothing"
    );

    let mut trickle = connect(&server);
    let request = b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: ";
    let mut closed = false;
    for byte in request.iter().chain(b"abcdefghijklmnopqrstuvwxyz".iter()) {
        if trickle.write_all(&[*byte]).is_err() {
            closed = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    if !closed {
        let answer = read_until_closed(&mut trickle);
        assert!(
            answer.is_empty() || answer.contains(" 408 ") || answer.contains(" 400 "),
            "{answer}"
        );
    }

    let mut idle = connect(&server);
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .expect("writes");
    let answer = read_until_closed(&mut idle);
    assert!(
        answer.starts_with("HTTP/1.1 200"),
        "answered, then closed when idle: {answer}"
    );
    server.stop();
}

#[tokio::test(flavor = "multi_thread")]
async fn connections_beyond_the_cap_wait_for_a_free_one() {
    let database = TestDatabase::sqlite();
    let server = ServerProcess::start(
        database.url(),
        &[
            "--max-connections",
            "1",
            "--header-read-timeout-ms",
            "60000",
        ],
    );
    let holder = connect(&server);
    // Give the server the moment it needs to accept the first connection.
    std::thread::sleep(Duration::from_millis(200));
    let client = openkor_testkit::http_client_builder()
        .timeout(Duration::from_secs(1))
        .build()
        .expect("client");
    let waiting = client.get(server.http.url("/healthz")).send().await;
    assert!(
        waiting.is_err(),
        "the only connection is taken: {waiting:?}"
    );
    drop(holder);
    let client = openkor_testkit::http_client();
    let served = client
        .get(server.http.url("/healthz"))
        .send()
        .await
        .expect("served");
    assert_eq!(served.status(), 200);
    server.stop();
}
