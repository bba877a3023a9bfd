//! `cargo xtask bench --suite transactions`: money movement on one backend, against a release
//! `openkor serve`.
//!
//! * Book transfers (`POST /v1/transactions`, `solution: transfer`, 0.01 USD, no
//!   Idempotency-Key), which settle inside the request at full durability: spread over
//!   `TRANSFER_ACCOUNTS` internal accounts (account k pays account k + 1, round-robin) from
//!   1 client and from many, and all debiting one hot account from many clients; then the
//!   spread again under a Business Account limit, which every transfer must lock.
//! * Balance reads (`GET /v1/financial-accounts/{id}/balances`) on an account with
//!   `DEEP_POSTINGS` postings and on one with `SHALLOW_POSTINGS`, from 1 client and from many;
//!   the ledger keeps running totals, so the two should cost the same. The deep account is
//!   seeded by bulk SQL through the ledger's triggers (`seed`).
//!
//! Every account is funded the way a client would: a sandbox deposit into the USD business
//! account, then a book transfer from it. `verify` runs `openkor ledger verify` afterwards.

use super::seed::{self, Target};
use super::wrk::{self, Load, Row};
use super::{LISTEN, Options, client};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Internal accounts the spread transfers move money between.
const TRANSFER_ACCOUNTS: usize = 64;
/// Deposited into the sandbox's USD business account before anything else (the most one
/// transaction may move is 100,000,000.00).
const TREASURY_DEPOSIT_USD: &str = "10000000.00";
/// Moved from the business account into every internal account the benchmark opens.
const ACCOUNT_FUNDING_USD: &str = "100000.00";
/// Each measured transfer.
const TRANSFER_AMOUNT_USD: &str = "0.01";
const PAYMENT_REASON: &str = "loan-payouts";
/// Postings on the deep and the shallow account whose balances are read.
const DEEP_POSTINGS: u64 = 1_000_000;
const SHALLOW_POSTINGS: u64 = 10;
const WARM_UP_S: u32 = 2;

/// What one backend's run measured.
#[derive(Default)]
pub(super) struct Report {
    pub(super) rows: Vec<Row>,
    /// Lines printed under the table (ratios, seeding, the ledger check).
    pub(super) notes: Vec<String>,
}

impl Report {
    pub(super) fn extend(&mut self, other: Report) {
        self.rows.extend(other.rows);
        self.notes.extend(other.notes);
    }
}

/// The running server and what the measured requests need.
struct Context<'a> {
    backend: &'a str,
    url: &'a str,
    authorization: String,
    options: &'a Options,
    scratch: &'a Path,
    /// The `openkor` binary (its command line sets a Business Account limit).
    binary: &'a Path,
}

/// Everything the benchmark opens: the USD business account, the customer holding the
/// internal accounts.
struct World {
    scope: String,
    business: String,
    holder: String,
}

/// Measures transfers and balance reads on the server at `LISTEN`, whose database is `url`.
pub(super) fn measure(
    backend: &str,
    url: &str,
    sandbox: &Value,
    options: &Options,
    scratch: &Path,
    binary: &Path,
) -> Result<Report, String> {
    let token = super::server::bearer_token(sandbox)?;
    let context = Context {
        backend,
        url,
        authorization: format!("Bearer {token}"),
        options,
        scratch,
        binary,
    };
    let world = open_world(&context, sandbox)?;
    let load_before = load_average();
    let mut report = Report {
        rows: measure_transfers(&context, &world)?,
        notes: Vec::new(),
    };
    if options.suite.beyond_transfers() {
        report.extend(measure_balances(&context, &world)?);
    }
    report.notes.push(format!(
        "{backend}: load average (1, 5, 15 min) {load_before} before the transfers, {} after the last measurement",
        load_average()
    ));
    Ok(report)
}

/// The first three fields of `/proc/loadavg`, or `?` where there is none.
pub(super) fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg").map_or_else(
        |_| "?".into(),
        |text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        },
    )
}

fn open_world(context: &Context<'_>, sandbox: &Value) -> Result<World, String> {
    let authorization = context.authorization.as_str();
    let business = client::business_accounts(authorization)?
        .into_iter()
        .find_map(|(id, currency)| (currency == "USD").then_some(id))
        .ok_or("the sandbox has no USD business account")?;
    let deposit = json!({"financialAccountId": business, "amount": TREASURY_DEPOSIT_USD});
    client::http(
        "POST",
        "/v1/sandbox/deposits",
        authorization,
        Some(&deposit.to_string()),
    )?;
    Ok(World {
        scope: sandbox["businessAccountId"]
            .as_str()
            .ok_or("no businessAccountId in the sandbox")?
            .to_owned(),
        holder: client::create_customer(authorization)?,
        business,
    })
}

/// A book transfer request of `amount_usd` (a decimal string) from `debit` to `credit`.
fn transfer_body(debit: &str, credit: &str, amount_usd: &str) -> String {
    json!({"transactionType": "SEND", "solution": "transfer", "paymentReasonId": PAYMENT_REASON,
        "debitFinancialAccountId": debit, "creditFinancialAccountId": credit,
        "amount": amount_usd, "currency": "USD"})
    .to_string()
}

/// Sends one transfer; it must settle (a refused one costs far less than a commit).
fn transfer(authorization: &str, body: &str) -> Result<(), String> {
    let answer = client::http("POST", "/v1/transactions", authorization, Some(body))?;
    let answer: Value = serde_json::from_str(&answer).map_err(|e| format!("{e}: {answer}"))?;
    match answer["latestStatus"]["status"].as_str() {
        Some("SETTLED") => Ok(()),
        _ => Err(format!("a book transfer did not settle: {answer}")),
    }
}

/// Opens an internal account named `name` for `holder` and funds it from the business account.
fn open_funded_account_of(
    context: &Context<'_>,
    world: &World,
    holder: &str,
    name: &str,
) -> Result<String, String> {
    let authorization = context.authorization.as_str();
    let id = client::create_internal_account(authorization, &world.business, holder, name)?;
    transfer(
        authorization,
        &transfer_body(&world.business, &id, ACCOUNT_FUNDING_USD),
    )?;
    Ok(id)
}

/// Opens an internal account named `name` for the world's customer and funds it.
fn open_funded_account(context: &Context<'_>, world: &World, name: &str) -> Result<String, String> {
    open_funded_account_of(context, world, &world.holder, name)
}

impl Context<'_> {
    /// `wrk` on `path` with the bearer token, `script` (if any) and the given load.
    fn run(
        &self,
        path: &str,
        script: Option<&Path>,
        (threads, connections): (u32, u32),
        seconds: u32,
    ) -> Result<Row, String> {
        let header = format!("Authorization: {}", self.authorization);
        let row = wrk::run(&Load {
            url: format!("http://{LISTEN}{path}"),
            header: Some(&header),
            script,
            threads,
            connections,
            seconds,
        })?;
        Ok(Row {
            backend: self.backend.into(),
            ..row
        })
    }

    /// `(threads, connections)`: one client, and the many of the options.
    fn client_counts(&self) -> [(u32, u32); 2] {
        [(1, 1), (self.options.threads, self.options.connections)]
    }
}

/// A transfer load: what the table calls it, and the `wrk` script cycling through its bodies.
struct Scenario {
    label: String,
    script: PathBuf,
}

/// Writes the script sending `bodies`, after checking that the first one settles.
fn scenario(
    context: &Context<'_>,
    file: &str,
    label: String,
    bodies: &[String],
) -> Result<Scenario, String> {
    let first = bodies.first().ok_or("a scenario without requests")?;
    transfer(&context.authorization, first)?;
    let script = context.scratch.join(file);
    let text = wrk::post_bodies_script(bodies, context.options.threads);
    std::fs::write(&script, text).map_err(|e| e.to_string())?;
    Ok(Scenario { label, script })
}

/// Opens and funds `TRANSFER_ACCOUNTS` accounts, each of its own customer (a customer's limits
/// cap its accounts together, so accounts of one customer would queue on its limit rows), and
/// a hot one; returns the spread scenario (account k pays account k + 1) and the hot one (the
/// hot account pays each of them).
fn transfer_scenarios(context: &Context<'_>, world: &World) -> Result<[Scenario; 2], String> {
    let accounts = (0..TRANSFER_ACCOUNTS)
        .map(|n| {
            let holder = client::create_customer(&context.authorization)?;
            open_funded_account_of(context, world, &holder, &format!("Transfers {n}"))
        })
        .collect::<Result<Vec<String>, String>>()?;
    let hot = open_funded_account(context, world, "Transfers hot")?;
    let spread: Vec<String> = accounts
        .iter()
        .zip(accounts.iter().cycle().skip(1))
        .map(|(debit, credit)| transfer_body(debit, credit, TRANSFER_AMOUNT_USD))
        .collect();
    let from_hot: Vec<String> = accounts
        .iter()
        .map(|credit| transfer_body(&hot, credit, TRANSFER_AMOUNT_USD))
        .collect();
    Ok([
        scenario(
            context,
            "transfers-spread.lua",
            format!("POST /v1/transactions, {TRANSFER_ACCOUNTS} accounts → next, round-robin"),
            &spread,
        )?,
        scenario(
            context,
            "transfers-hot.lua",
            format!("POST /v1/transactions, one hot account → {TRANSFER_ACCOUNTS} accounts"),
            &from_hot,
        )?,
    ])
}

/// Spread from 1 client and from many, then hot from many.
fn measure_transfers(context: &Context<'_>, world: &World) -> Result<Vec<Row>, String> {
    let [spread, hot] = transfer_scenarios(context, world)?;
    let [one, many] = context.client_counts();
    let post = |scenario: &Scenario, clients, seconds| {
        let row = context.run("/v1/transactions", Some(&scenario.script), clients, seconds)?;
        Ok(Row {
            endpoint: scenario.label.clone(),
            ..row
        })
    };
    post(&spread, many, WARM_UP_S)?;
    let mut rows = [(&spread, one), (&spread, many), (&hot, many)]
        .into_iter()
        .map(|(scenario, clients)| post(scenario, clients, context.options.seconds))
        .collect::<Result<Vec<Row>, String>>()?;
    if set_business_account_limit(context, world)? {
        let row = post(&spread, many, context.options.seconds)?;
        rows.push(Row {
            endpoint: format!("{}, under a Business Account limit", spread.label),
            ..row
        });
    }
    Ok(rows)
}

/// Gives the sandbox a MONTHLY USD limit far above what the run moves, so every transfer
/// takes its row lock (`openkor limits set`); false when the binary has no such command (a
/// build from before Business Account limits).
fn set_business_account_limit(context: &Context<'_>, world: &World) -> Result<bool, String> {
    let output = super::server::openkor(context.binary)
        .args(["limits", "set", "--business-account-id", &world.scope])
        .args([
            "--limit-type",
            "MONTHLY",
            "--currency",
            "USD",
            "--amount",
            "1000000.00",
        ])
        .args(["--database-url", context.url])
        .output()
        .map_err(|e| e.to_string())?;
    Ok(output.status.success())
}

/// Opens an account, funds it, and seeds it to `postings` postings; returns its id and count.
fn seeded_account(
    context: &Context<'_>,
    world: &World,
    partner: &str,
    postings: u64,
) -> Result<(String, u64), String> {
    let account = open_funded_account(context, world, &format!("Balances {postings}"))?;
    let target = Target {
        scope: &world.scope,
        account: &account,
        partner,
    };
    let count = seed::postings(context.url, &target, postings)?;
    Ok((account, count))
}

/// The balance read of `(account, postings)`, under `clients` for `seconds`.
fn read_balance(
    context: &Context<'_>,
    (account, postings): &(String, u64),
    clients: (u32, u32),
    seconds: u32,
) -> Result<Row, String> {
    let path = format!("/v1/financial-accounts/{account}/balances");
    let row = context.run(&path, None, clients, seconds)?;
    Ok(Row {
        endpoint: format!("GET /v1/financial-accounts/{{id}}/balances, {postings} postings"),
        ..row
    })
}

/// Seeds the deep and the shallow account, then reads both balances from 1 client and from
/// many, the shallow one first each time.
fn measure_balances(context: &Context<'_>, world: &World) -> Result<Report, String> {
    let partner = open_funded_account(context, world, "Balances partner")?;
    let started = Instant::now();
    let deep = seeded_account(context, world, &partner, DEEP_POSTINGS)?;
    let seed_s = started.elapsed().as_secs_f64();
    let shallow = seeded_account(context, world, &partner, SHALLOW_POSTINGS)?;
    let [_, many] = context.client_counts();
    for account in [&shallow, &deep] {
        read_balance(context, account, many, WARM_UP_S)?;
    }
    let mut report = Report::default();
    for clients in context.client_counts() {
        let pair = [&shallow, &deep]
            .into_iter()
            .map(|account| read_balance(context, account, clients, context.options.seconds))
            .collect::<Result<Vec<Row>, String>>()?;
        report.notes.push(ratio_note(context.backend, &pair));
        report.rows.extend(pair);
    }
    report.notes.push(format!(
        "{}: the deep account holds {} postings after seeding by bulk SQL ({seed_s:.1} s)",
        context.backend, deep.1
    ));
    Ok(report)
}

/// `deep ÷ shallow` for p50, p99 and req/s of `[shallow, deep]`.
fn ratio_note(backend: &str, pair: &[Row]) -> String {
    let [shallow, deep] = pair else {
        return format!("{backend}: no balance pair measured");
    };
    let ratio = |deep: Option<f64>, shallow: Option<f64>| match (deep, shallow) {
        (Some(deep), Some(shallow)) if shallow > 0.0 => format!("{:.2}", deep / shallow),
        _ => "?".into(),
    };
    format!(
        "{backend}, {} client(s): balance read on the deep account ÷ the shallow one: p50 {}, p99 {}, req/s {}",
        deep.connections,
        ratio(
            wrk::latency_ms(&deep.latency_p50),
            wrk::latency_ms(&shallow.latency_p50)
        ),
        ratio(
            wrk::latency_ms(&deep.latency_p99),
            wrk::latency_ms(&shallow.latency_p99)
        ),
        ratio(Some(deep.requests_per_s), Some(shallow.requests_per_s)),
    )
}

/// `openkor ledger verify` on `url`: a note when consistent, an error otherwise.
pub(super) fn verify(binary: &Path, backend: &str, url: &str) -> Result<String, String> {
    let output = super::server::openkor(binary)
        .args(["ledger", "verify", "--database-url", url])
        .output()
        .map_err(|e| e.to_string())?;
    let report: Value = serde_json::from_slice(&output.stdout).map_err(|e| {
        format!(
            "ledger verify: {e}: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    })?;
    if !output.status.success() || report["consistent"] != Value::Bool(true) {
        return Err(format!("ledger verify failed on {backend}: {report}"));
    }
    Ok(format!(
        "{backend}: `openkor ledger verify` consistent after the run ({} ledger accounts, {} journal entries)",
        report["accountsChecked"], report["entriesChecked"]
    ))
}

/// The table of every backend's rows, then the notes.
pub(super) fn print(options: &Options, report: &Report) {
    println!(
        "wrk -t{} -c{} -d{}s --latency (also -t1 -c1), release build, one server at a time\n",
        options.threads, options.connections, options.seconds
    );
    println!("| backend | request | clients | req/s | p50 | p99 | non-2xx |");
    println!("|---|---|---|---|---|---|---|");
    for row in &report.rows {
        println!(
            "| {} | {} | {} | {:.0} | {} | {} | {} |",
            row.backend,
            row.endpoint,
            row.connections,
            row.requests_per_s,
            row.latency_p50,
            row.latency_p99,
            row.non_2xx
        );
    }
    println!();
    for note in &report.notes {
        println!("- {note}");
    }
}
