//! The benchmark's yardstick: an axum "hello world" on the same runtime as `openkor serve`
//! (multi-threaded tokio, HTTP/1.1), so `cargo xtask bench` can report every request as a ratio
//! of the cheapest answer this machine can give in the same run.
//!
//! `cargo run --release -p openkor-server --example hello_world -- 127.0.0.1:18180`

#![allow(clippy::print_stderr, reason = "a benchmark helper")]

use axum::Router;
use axum::routing::get;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let listen = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:18180".into());
    let app = Router::new().route("/", get(|| async { "Hello, World!" }));
    let listener = tokio::net::TcpListener::bind(&listen).await?;
    eprintln!("hello_world listening on {listen}");
    axum::serve(listener, app).await
}
