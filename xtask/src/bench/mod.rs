//! `cargo xtask bench`: measures release builds under `wrk` load, one server at a time.
//!
//! * `--suite storage` (the default): an axum hello-world server (the yardstick), then for
//!   each backend a release `openkor serve`: `GET /healthz`, `GET /v1/business-accounts/self`,
//!   one Financial Account by id, a filtered page of the Financial Account list over
//!   `SEEDED_ACCOUNTS` accounts, and concurrent creates (`POST /v1/customers`) from 1 client
//!   and from many, at full durability. Prints a Markdown table with req/s, p50, p99 and the
//!   ratio to hello-world.
//! * `--suite transactions`: money movement (`money`): book transfers from 1 client and from
//!   many, spread or on one hot account, and balance reads on an account with 1,000,000
//!   postings against one with 10; then `openkor ledger verify`, and on PostgreSQL `pgbench`'s
//!   TPC-B-like rate on the same server as a yardstick (`pgbench`).
//! * `--suite transfers`: the transfers of the transactions suite alone, then `openkor ledger
//!   verify` (a minute per backend: for comparing builds on the write path).
//! * `--suite all`: storage and transactions.
//! * `--suite lists` (`lists`): whether list requests cost the same at every tenant size. One
//!   tenant grows by bulk SQL (copies of a template customer and its internal Financial
//!   Accounts) through each size of `--sizes`; at each size, under `wrk -t1 -c4`, pages of the
//!   Financial Account list (first, filtered, sorted by name, by holder, by state, page 500),
//!   one account by id, the customer list (first page, search, by e-mail), creates, and a walk
//!   of 100-row pages in order on one connection. Prints each request's ratio to its cost at
//!   the first size, the growth times and the server's peak memory. Takes `--sizes N,N,…`
//!   (default `1000,100000,1000000`) and `--analyze` (run `ANALYZE` after each growth, `VACUUM ANALYZE` on PostgreSQL; by
//!   default the bench leaves statistics to the server and reports what they are).
//!
//! Options: `--seconds N` (default 10), `--connections N` (default 64), `--threads N`
//! (default 2), `--backend sqlite|postgres|both` (default both), `--binary PATH` (measure
//! another build of `openkor`, e.g. an older release, instead of building this tree).
//! PostgreSQL uses a database `openkor_bench` on the server named by
//! `OPENKOR_BENCH_POSTGRES_URL` (default: the local one), recreated with `psql` before each
//! suite. The release build goes to `CARGO_TARGET_DIR` when it is set.

mod client;
mod lists;
mod money;
mod pgbench;
mod seed;
mod server;
mod wrk;

use crate::postgres::BenchServer;
use serde_json::Value;
use server::{
    bearer_token, build_release, create_data_key_file, database_url, scratch_dir, stop,
    with_server, with_server_process,
};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use wrk::{Load, Row};

const BENCH_DATABASE: &str = "openkor_bench";
const LISTEN: &str = "127.0.0.1:18181";
const HELLO_LISTEN: &str = "127.0.0.1:18180";
const STARTUP_TIMEOUT_MS: u64 = 30_000;
/// Internal Financial Accounts created (for one customer) before the list is measured.
const SEEDED_ACCOUNTS: usize = 200;
/// The measured page of the Financial Account list.
const ACCOUNT_PAGE: &str =
    "/v1/financial-accounts?accountHolderTypes=CUSTOMER&categories=INTERNAL&size=20";
/// The body of the measured create.
const CREATE_BODY: &str = r#"{"type":"INDIVIDUAL","firstName":"Bench","lastName":"Write","primaryPhoneNumber":{"number":"+14155550100","type":"MOBILE"},"primaryEmail":{"value":"write@example.com"}}"#;

/// Which measurements a run makes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Suite {
    Storage,
    Transactions,
    /// The transfers of the transactions suite alone (no deep ledger, no pgbench).
    Transfers,
    All,
    /// List requests at growing tenant sizes (`lists`).
    Lists,
}

impl Suite {
    fn parse(value: &str) -> Result<Self, String> {
        match value {
            "storage" => Ok(Self::Storage),
            "transactions" => Ok(Self::Transactions),
            "transfers" => Ok(Self::Transfers),
            "all" => Ok(Self::All),
            "lists" => Ok(Self::Lists),
            other => Err(format!(
                "unknown suite {other} (storage, transactions, transfers, all or lists)"
            )),
        }
    }

    fn storage(self) -> bool {
        matches!(self, Self::Storage | Self::All)
    }

    fn transactions(self) -> bool {
        matches!(self, Self::Transactions | Self::Transfers | Self::All)
    }

    /// Whether the transactions suite goes on past the transfers (balances, pgbench).
    fn beyond_transfers(self) -> bool {
        self != Self::Transfers
    }
}

struct Options {
    seconds: u32,
    connections: u32,
    threads: u32,
    backends: Vec<&'static str>,
    binary: Option<PathBuf>,
    suite: Suite,
    /// Tenant sizes of the lists suite, in rows, ascending.
    sizes: Vec<u64>,
    /// Whether the lists suite runs `ANALYZE` after each growth.
    analyze: bool,
}

/// `1000,100000` as sizes (ascending, distinct, at least 1).
fn sizes(value: &str) -> Result<Vec<u64>, String> {
    let mut sizes = value
        .split(',')
        .map(|size| {
            size.trim()
                .parse::<u64>()
                .map_err(|e| format!("--sizes {size}: {e}"))
        })
        .collect::<Result<Vec<u64>, String>>()?;
    sizes.sort_unstable();
    sizes.dedup();
    match sizes.first() {
        Some(&smallest) if smallest > 0 => Ok(sizes),
        _ => Err("--sizes needs sizes of at least 1".into()),
    }
}

fn options(args: &[String]) -> Result<Options, String> {
    let mut options = Options {
        seconds: 10,
        connections: 64,
        threads: 2,
        backends: vec!["sqlite", "postgres"],
        binary: None,
        suite: Suite::Storage,
        sizes: vec![1_000, 100_000, 1_000_000],
        analyze: false,
    };
    let mut iter = args.iter();
    while let Some(flag) = iter.next() {
        if flag == "--analyze" {
            options.analyze = true;
            continue;
        }
        let value = iter.next().ok_or(format!("{flag} needs a value"))?;
        let number = || value.parse::<u32>().map_err(|e| format!("{flag}: {e}"));
        match flag.as_str() {
            "--seconds" => options.seconds = number()?,
            "--connections" => options.connections = number()?,
            "--threads" => options.threads = number()?,
            "--binary" => options.binary = Some(PathBuf::from(value)),
            "--suite" => options.suite = Suite::parse(value)?,
            "--sizes" => options.sizes = sizes(value)?,
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
    let (built, hello) = build_release()?;
    let scratch = scratch_dir();
    std::fs::create_dir_all(&scratch).map_err(|e| e.to_string())?;
    create_data_key_file(&built)?;
    let binary = options.binary.clone().unwrap_or(built);
    let postgres = BenchServer::from_env();
    let mut storage = Vec::new();
    let mut money = money::Report::default();
    let mut lists = lists::Report::default();
    if options.suite.storage() {
        storage.push(measure_hello(&hello, &options)?);
    }
    for backend in &options.backends {
        if options.suite.storage() {
            let url = database_url(backend, "bench", &scratch, &postgres)?;
            storage.extend(with_server(&binary, backend, &url, &scratch, |sandbox| {
                measure(backend, sandbox, &options, &scratch)
            })?);
        }
        if options.suite.transactions() {
            money.extend(money_suite(
                &binary, backend, &options, &scratch, &postgres,
            )?);
        }
        if options.suite == Suite::Lists {
            let url = database_url(backend, "lists", &scratch, &postgres)?;
            lists.extend(with_server_process(
                &binary,
                backend,
                &url,
                &scratch,
                |sandbox, pid| lists::measure(backend, &url, sandbox, pid, &options, &scratch),
            )?);
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
    if options.suite.storage() {
        wrk::print_table(&options, &storage);
    }
    if options.suite.transactions() {
        println!();
        money::print(&options, &money);
    }
    if options.suite == Suite::Lists {
        lists::print(&options, &lists);
    }
    Ok(())
}

/// The transactions suite on `backend`, the ledger check after it, and on PostgreSQL the
/// `pgbench` yardstick once the server has stopped.
fn money_suite(
    binary: &Path,
    backend: &str,
    options: &Options,
    scratch: &Path,
    postgres: &BenchServer,
) -> Result<money::Report, String> {
    let url = database_url(backend, "money", scratch, postgres)?;
    let mut report = with_server(binary, backend, &url, scratch, |sandbox| {
        money::measure(backend, &url, sandbox, options, scratch, binary)
    })?;
    report.notes.push(money::verify(binary, backend, &url)?);
    if backend == "postgres" && options.suite.beyond_transfers() {
        if which("pgbench").is_some() {
            report.rows.extend(pgbench::run(postgres, options.seconds)?);
        } else {
            report
                .notes
                .push("pgbench is not installed: no PostgreSQL yardstick".into());
        }
    }
    Ok(report)
}

fn which(program: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|dir| Path::new(dir).join(program))
        .find(|path| path.is_file())
}

fn measure_hello(hello: &Path, options: &Options) -> Result<Row, String> {
    let mut server = Command::new(hello)
        .arg(HELLO_LISTEN)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| e.to_string())?;
    let measured = client::wait_until_ready(HELLO_LISTEN).and_then(|()| {
        let load = |seconds| Load {
            url: format!("http://{HELLO_LISTEN}/"),
            header: None,
            script: None,
            threads: options.threads,
            connections: options.connections,
            seconds,
        };
        wrk::run(&load(2))?;
        wrk::run(&load(options.seconds))
    });
    stop(&mut server);
    Ok(Row {
        backend: "—".into(),
        endpoint: "axum hello world".into(),
        ..measured?
    })
}

fn measure(
    backend: &str,
    sandbox: &Value,
    options: &Options,
    scratch: &Path,
) -> Result<Vec<Row>, String> {
    let token = bearer_token(sandbox)?;
    let bearer = format!("Authorization: Bearer {token}");
    let account_id = client::seed_accounts(&format!("Bearer {token}"))?;
    let one_account = format!("/v1/financial-accounts/{account_id}");
    let reads: [(&str, &str); 4] = [
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
    let load = |path: &str, seconds| Load {
        url: format!("http://{LISTEN}{path}"),
        header: (path != "/healthz").then_some(bearer.as_str()),
        script: None,
        threads: options.threads,
        connections: options.connections,
        seconds,
    };
    // Warm up every path (connection pools, statement caches).
    for (_, path) in reads {
        wrk::run(&load(path, 2))?;
    }
    let mut rows = Vec::with_capacity(reads.len() + 2);
    for (endpoint, path) in reads {
        let row = wrk::run(&load(path, options.seconds))?;
        rows.push(Row {
            backend: backend.into(),
            endpoint: endpoint.into(),
            ..row
        });
    }
    // The measured create must succeed (a refused one costs far less than a commit).
    client::http(
        "POST",
        "/v1/customers",
        &format!("Bearer {token}"),
        Some(CREATE_BODY),
    )?;
    let script = scratch.join("create.lua");
    std::fs::write(&script, wrk::post_script(CREATE_BODY)).map_err(|e| e.to_string())?;
    for (threads, connections) in [(1, 1), (options.threads, options.connections)] {
        let create = Load {
            script: Some(&script),
            threads,
            connections,
            ..load("/v1/customers", options.seconds)
        };
        let row = wrk::run(&create)?;
        rows.push(Row {
            backend: backend.into(),
            endpoint: format!("POST /v1/customers, {connections} client(s)"),
            ..row
        });
    }
    Ok(rows)
}
