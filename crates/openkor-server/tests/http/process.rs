//! openkor as a separate process: the real binary on a loopback port, so a test can kill it
//! with SIGKILL, restart it on the same database, or run two of them side by side.

use crate::support::Http;
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};

/// A running `openkor serve`.
pub struct ServerProcess {
    child: Child,
    /// A client of its loopback address.
    pub http: Http,
    log: Arc<Mutex<Vec<String>>>,
}

/// The binary under test, on the database at `database_url` with its data key file.
fn openkor(database_url: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_openkor"));
    command.env(
        "OPENKOR_DATA_KEY_FILE",
        openkor_testkit::data_key_file(database_url),
    );
    command
}

/// `openkor sandbox create` on `database_url`: its (API key, API secret).
pub fn sandbox(database_url: &str) -> (String, String) {
    let output = openkor(database_url)
        .args(["sandbox", "create", "--database-url", database_url])
        .output()
        .expect("openkor runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let created: Value = serde_json::from_slice(&output.stdout).expect("a JSON document");
    let field = |name: &str| created[name].as_str().expect(name).to_owned();
    (field("apiKey"), field("apiSecret"))
}

/// `openkor <args> --database-url <database_url>`: its exit status and JSON document.
pub fn run(database_url: &str, args: &[&str]) -> (bool, Value) {
    let output = openkor(database_url)
        .args(args)
        .args(["--database-url", database_url])
        .output()
        .expect("openkor runs");
    let document = serde_json::from_slice(&output.stdout).unwrap_or(Value::Null);
    (output.status.success(), document)
}

/// `openkor ledger verify` on `database_url`: its exit status and report.
pub fn verify_ledger(database_url: &str) -> (bool, Value) {
    let output = openkor(database_url)
        .args(["ledger", "verify", "--database-url", database_url])
        .output()
        .expect("openkor runs");
    let report = serde_json::from_slice(&output.stdout).unwrap_or(Value::Null);
    (output.status.success(), report)
}

impl ServerProcess {
    /// Starts `openkor serve` on `database_url` with `args`, once it reports listening.
    pub fn start(database_url: &str, args: &[&str]) -> Self {
        let mut child = openkor(database_url)
            .args([
                "serve",
                "--listen",
                "127.0.0.1:0",
                "--database-url",
                database_url,
            ])
            .args(args)
            .env("RUST_LOG", "info")
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("openkor starts");
        let mut lines = BufReader::new(child.stderr.take().expect("stderr")).lines();
        let mut log = Vec::new();
        let address = lines.by_ref().map_while(Result::ok).find_map(|line| {
            let address = line
                .split_once("listening listen=")
                .and_then(|(_, rest)| rest.split_whitespace().next())
                .map(str::to_owned);
            log.push(line);
            address
        });
        let Some(address) = address else {
            panic!("the server never reported listening: {log:?}");
        };
        let log = Arc::new(Mutex::new(log));
        let sink = log.clone();
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                sink.lock().expect("log").push(line);
            }
        });
        Self {
            child,
            http: Http::new(openkor_testkit::http_client(), &format!("http://{address}")),
            log,
        }
    }

    /// A typed client of this process for the credentials: it exchanges its own token on
    /// first use.
    pub fn api(&self, api_key: &str, api_secret: &str) -> openkor_client::Client {
        openkor_client::Client::with_http_client(
            self.http.client.clone(),
            &self.http.base_url,
            api_key,
            api_secret,
        )
        .expect("the process's base URL is valid")
    }

    /// Everything the server has logged so far.
    pub fn log(&self) -> Vec<String> {
        self.log.lock().expect("log").clone()
    }

    /// Kills the process with SIGKILL: no shutdown, no flush, nothing finishes.
    pub fn kill(mut self) {
        self.child.kill().expect("SIGKILL");
        self.child.wait().expect("the process is reaped");
    }

    /// Stops the process with SIGTERM and expects a clean exit.
    pub fn stop(mut self) {
        let sent = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(sent.success());
        let status = self.child.wait().expect("the process is reaped");
        assert!(
            status.success(),
            "exit status {status}; log: {:?}",
            self.log()
        );
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
