//! `cargo xtask bench`: authenticated reads against `GET /healthz` on one release server per
//! backend, under the same `wrk` load; prints a Markdown table. The reads: `GET
//! /v1/business-accounts/self`, one Financial Account by id, and a filtered page of the
//! Financial Account list over `SEEDED_ACCOUNTS` accounts created through the API first.
//!
//! Options: `--seconds N` (default 10), `--connections N` (default 64), `--threads N`
//! (default 2), `--backend sqlite|postgres|both` (default both). PostgreSQL uses a database
//! `openkor_bench` on the server named by `OPENKOR_BENCH_POSTGRES_URL` (default: the local one),
//! recreated with `psql` on every run.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

const BENCH_DATABASE: &str = "openkor_bench";
const ADMIN_URL_DEFAULT: &str = "postgres://postgres@127.0.0.1:5432/postgres";
const LISTEN: &str = "127.0.0.1:18181";
const STARTUP_TIMEOUT_MS: u64 = 30_000;
/// Internal Financial Accounts created (for one customer) before the list is measured.
const SEEDED_ACCOUNTS: usize = 200;
/// The measured page of the Financial Account list.
const ACCOUNT_PAGE: &str =
    "/v1/financial-accounts?accountHolderTypes=CUSTOMER&categories=INTERNAL&size=20";

struct Options {
    seconds: u32,
    connections: u32,
    threads: u32,
    backends: Vec<&'static str>,
}

fn options(args: &[String]) -> Result<Options, String> {
    let mut options = Options {
        seconds: 10,
        connections: 64,
        threads: 2,
        backends: vec!["sqlite", "postgres"],
    };
    let mut iter = args.iter();
    while let Some(flag) = iter.next() {
        let value = iter.next().ok_or(format!("{flag} needs a value"))?;
        let number = || value.parse::<u32>().map_err(|e| format!("{flag}: {e}"));
        match flag.as_str() {
            "--seconds" => options.seconds = number()?,
            "--connections" => options.connections = number()?,
            "--threads" => options.threads = number()?,
            "--backend" => {
                options.backends = match value.as_str() {
                    "sqlite" => vec!["sqlite"],
                    "postgres" => vec!["postgres"],
                    "both" => vec!["sqlite", "postgres"],
                    other => return Err(format!("unknown backend {other}")),
                }
            }
            other => return Err(format!("unknown option {other}")),
        }
    }
    Ok(options)
}

/// Runs the benchmark.
pub fn run(args: Vec<String>) -> ExitCode {
    match bench(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("xtask bench: {error}");
            ExitCode::FAILURE
        }
    }
}

fn bench(args: &[String]) -> Result<(), String> {
    let options = options(args)?;
    which("wrk").ok_or("wrk is not installed (apt install wrk)")?;
    let binary = build_release()?;
    let scratch = std::env::temp_dir().join(format!("openkor-bench-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).map_err(|e| e.to_string())?;
    let mut rows = Vec::new();
    for backend in &options.backends {
        let url = match *backend {
            "sqlite" => format!("sqlite://{}", scratch.join("bench.db").display()),
            _ => recreate_postgres_database()?,
        };
        rows.extend(bench_backend(&binary, backend, &url, &options, &scratch)?);
    }
    let _ = std::fs::remove_dir_all(&scratch);
    print_table(&options, &rows);
    Ok(())
}

fn which(program: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|dir| Path::new(dir).join(program))
        .find(|path| path.is_file())
}

fn build_release() -> Result<PathBuf, String> {
    let status = Command::new(env!("CARGO"))
        .args(["build", "--release", "--quiet", "-p", "openkor-server"])
        .status()
        .map_err(|e| e.to_string())?;
    if !status.success() {
        return Err("the release build failed".into());
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    Ok(root.join("target/release/openkor"))
}

fn recreate_postgres_database() -> Result<String, String> {
    let admin =
        std::env::var("OPENKOR_BENCH_POSTGRES_URL").unwrap_or_else(|_| ADMIN_URL_DEFAULT.into());
    for statement in [
        format!("DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)"),
        format!("CREATE DATABASE {BENCH_DATABASE}"),
    ] {
        let status = Command::new("psql")
            .args([admin.as_str(), "-q", "-c", &statement])
            .status()
            .map_err(|e| format!("psql: {e}"))?;
        if !status.success() {
            return Err(format!("psql failed: {statement}"));
        }
    }
    let server = admin
        .rsplit_once('/')
        .map_or(admin.as_str(), |(server, _)| server);
    Ok(format!("{server}/{BENCH_DATABASE}?sslmode=disable"))
}

struct Row {
    backend: String,
    endpoint: &'static str,
    requests_per_s: f64,
    latency_p50: String,
    latency_p99: String,
    non_2xx: u64,
}

fn bench_backend(
    binary: &Path,
    backend: &str,
    url: &str,
    options: &Options,
    scratch: &Path,
) -> Result<Vec<Row>, String> {
    let output = Command::new(binary)
        .args([
            "sandbox",
            "create",
            "--name",
            "Bench",
            "--database-url",
            url,
        ])
        .output()
        .map_err(|e| e.to_string())?;
    if !output.status.success() {
        return Err(format!(
            "sandbox create: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let sandbox: Value = serde_json::from_slice(&output.stdout).map_err(|e| e.to_string())?;
    let log =
        std::fs::File::create(scratch.join(format!("{backend}.log"))).map_err(|e| e.to_string())?;
    let mut server = Command::new(binary)
        .args(["serve", "--listen", LISTEN, "--database-url", url])
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .map_err(|e| e.to_string())?;
    let measured = measure(backend, &sandbox, options);
    stop(&mut server);
    measured
}

fn measure(backend: &str, sandbox: &Value, options: &Options) -> Result<Vec<Row>, String> {
    wait_until_ready()?;
    let credentials = format!(
        "{}:{}",
        sandbox["apiKey"].as_str().unwrap_or_default(),
        sandbox["apiSecret"].as_str().unwrap_or_default()
    );
    let token_body = http(
        "POST",
        "/v1/api-keys/exchange",
        &format!("Basic {}", STANDARD.encode(credentials)),
        None,
    )?;
    let token: Value =
        serde_json::from_str(&token_body).map_err(|e| format!("{e}: {token_body}"))?;
    let token = token["access_token"]
        .as_str()
        .ok_or("no access_token")?
        .to_owned();
    let bearer = format!("Authorization: Bearer {token}");
    let account_id = seed_accounts(&format!("Bearer {token}"))?;
    let one_account = format!("/v1/financial-accounts/{account_id}");
    let reads: [(&'static str, &str); 4] = [
        ("GET /healthz", "/healthz"),
        (
            "GET /v1/business-accounts/self",
            "/v1/business-accounts/self",
        ),
        ("GET /v1/financial-accounts/{id}", &one_account),
        (
            "GET /v1/financial-accounts?… (page of 20 of 200)",
            ACCOUNT_PAGE,
        ),
    ];
    let header = |path: &str| (path != "/healthz").then_some(bearer.as_str());
    // Warm up every path (connection pools, statement caches).
    for (_, path) in reads {
        wrk(path, header(path), 2, options)?;
    }
    let mut rows = Vec::with_capacity(reads.len());
    for (endpoint, path) in reads {
        let row = wrk(path, header(path), options.seconds, options)?;
        rows.push(Row {
            backend: backend.into(),
            endpoint,
            ..row
        });
    }
    Ok(rows)
}

/// Creates a customer and `SEEDED_ACCOUNTS` internal accounts for it under the sandbox's
/// business accounts; returns the id of the last account.
fn seed_accounts(authorization: &str) -> Result<String, String> {
    let id_of = |body: &str| -> Result<String, String> {
        let value: Value = serde_json::from_str(body).map_err(|e| format!("{e}: {body}"))?;
        value["id"]
            .as_str()
            .map(str::to_owned)
            .ok_or(format!("no id in {body}"))
    };
    let customer = json!({"type": "INDIVIDUAL", "firstName": "Bench", "lastName": "Mark",
        "primaryPhoneNumber": {"number": "+14155550100", "type": "MOBILE"},
        "primaryEmail": {"value": "bench@example.com"}});
    let customer = id_of(&http(
        "POST",
        "/v1/customers",
        authorization,
        Some(&customer.to_string()),
    )?)?;
    let parents = http(
        "GET",
        "/v1/financial-accounts?accountHolderTypes=BUSINESS_ACCOUNT",
        authorization,
        None,
    )?;
    let parents: Value = serde_json::from_str(&parents).map_err(|e| e.to_string())?;
    let parents: Vec<&str> = parents["content"]
        .as_array()
        .ok_or("no business accounts")?
        .iter()
        .filter_map(|account| account["id"].as_str())
        .collect();
    if parents.is_empty() {
        return Err("the sandbox has no business Financial Accounts".into());
    }
    let mut last = String::new();
    for n in 0..SEEDED_ACCOUNTS {
        let account = json!({"name": format!("Account {n}"), "parentId": parents[n % parents.len()],
            "accountHolderId": customer, "accountHolderType": "CUSTOMER"});
        last = id_of(&http(
            "POST",
            "/v1/internal-financial-accounts",
            authorization,
            Some(&account.to_string()),
        )?)?;
    }
    Ok(last)
}

fn wait_until_ready() -> Result<(), String> {
    let started = Instant::now();
    while started.elapsed() < Duration::from_millis(STARTUP_TIMEOUT_MS) {
        if http("GET", "/readyz", "", None).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Err("the server did not become ready".into())
}

/// One HTTP/1.1 request with `Connection: close` and an optional JSON body; the body on 2xx.
fn http(
    method: &str,
    path: &str,
    authorization: &str,
    json: Option<&str>,
) -> Result<String, String> {
    let mut stream = TcpStream::connect(LISTEN).map_err(|e| e.to_string())?;
    let auth = if authorization.is_empty() {
        String::new()
    } else {
        format!("Authorization: {authorization}\r\n")
    };
    let body = json.unwrap_or_default();
    let content_type = if json.is_some() {
        "Content-Type: application/json\r\n"
    } else {
        ""
    };
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {LISTEN}\r\n{auth}{content_type}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .map_err(|e| e.to_string())?;
    let mut response = String::new();
    stream
        .read_to_string(&mut response)
        .map_err(|e| e.to_string())?;
    let (head, body) = response
        .split_once("\r\n\r\n")
        .ok_or("malformed response")?;
    if !head.starts_with("HTTP/1.1 2") {
        return Err(head.lines().next().unwrap_or_default().to_owned());
    }
    Ok(body.to_owned())
}

fn wrk(path: &str, header: Option<&str>, seconds: u32, options: &Options) -> Result<Row, String> {
    let mut command = Command::new("wrk");
    command.args([
        format!("-t{}", options.threads),
        format!("-c{}", options.connections),
        format!("-d{seconds}s"),
        "--latency".into(),
    ]);
    if let Some(header) = header {
        command.args(["-H", header]);
    }
    let output = command
        .arg(format!("http://{LISTEN}{path}"))
        .output()
        .map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    let field = |prefix: &str| {
        text.lines()
            .map(str::trim)
            .find_map(|line| line.strip_prefix(prefix))
            .map(|rest| {
                rest.split_whitespace()
                    .next()
                    .unwrap_or_default()
                    .to_owned()
            })
    };
    let requests_per_s = field("Requests/sec:")
        .and_then(|v| v.parse::<f64>().ok())
        .ok_or(format!("no Requests/sec in wrk output:\n{text}"))?;
    let non_2xx = field("Non-2xx or 3xx responses:")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    Ok(Row {
        backend: String::new(),
        endpoint: "",
        requests_per_s,
        latency_p50: field("50%").unwrap_or_default(),
        latency_p99: field("99%").unwrap_or_default(),
        non_2xx,
    })
}

fn stop(server: &mut Child) {
    let _ = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status();
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = server.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = server.kill();
    let _ = server.wait();
}

fn print_table(options: &Options, rows: &[Row]) {
    println!(
        "wrk -t{} -c{} -d{}s --latency, one release server per backend on {LISTEN}\n",
        options.threads, options.connections, options.seconds
    );
    println!("| backend | endpoint | req/s | p50 | p99 | non-2xx | ratio to /healthz |");
    println!("|---|---|---|---|---|---|---|");
    let mut health = f64::NAN;
    for row in rows {
        // Each backend's rows start with its `/healthz` row.
        if row.endpoint == "GET /healthz" {
            health = row.requests_per_s;
        }
        println!(
            "| {} | `{}` | {:.0} | {} | {} | {} | {:.2} |",
            row.backend,
            row.endpoint,
            row.requests_per_s,
            row.latency_p50,
            row.latency_p99,
            row.non_2xx,
            row.requests_per_s / health
        );
    }
}
