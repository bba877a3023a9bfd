//! The real binary stops cleanly on SIGTERM and SIGINT.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]
#![cfg(unix)]

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

fn stops_cleanly_on(signal: &str) {
    let database = openkor_testkit::TestDatabase::sqlite();
    let mut server = Command::new(env!("CARGO_BIN_EXE_openkor"))
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--database-url",
            database.url(),
        ])
        .env("RUST_LOG", "info")
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(server.stderr.take().unwrap()).lines();
    let listening = lines
        .by_ref()
        .map_while(Result::ok)
        .any(|line| line.contains("listening"));
    assert!(listening, "the server never reported listening");
    let sent = Command::new("kill")
        .args([signal, &server.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    let status = server.wait().unwrap();
    assert!(status.success(), "exit status {status}; log: {rest:?}");
    assert!(
        rest.iter().any(|line| line.contains("shutting down")),
        "{rest:?}"
    );
}

#[test]
fn the_server_exits_zero_on_sigterm() {
    stops_cleanly_on("-TERM");
}

#[test]
fn the_server_exits_zero_on_sigint() {
    stops_cleanly_on("-INT");
}
