//! A bounded, schema-driven fuzz run against a real server: `cargo xtask fuzz`.
//!
//! It starts openkor in process on a fresh database (SQLite, and PostgreSQL when reachable),
//! reads the server's own `/openapi.json`, and sends `--requests` requests built from it: an
//! operation picked at random (creates weighted up so objects accumulate), its path ids drawn
//! from the objects earlier responses returned, its query parameters and JSON body generated
//! from their schemas (mostly valid, sometimes deliberately broken). Every response is checked
//! against the document. The run fails on any 5xx or any response the document does not
//! describe, and when no create of customers, Financial Accounts or transactions succeeded
//! (the generator would then not be exercising anything real).
//!
//! `--seed` makes the request sequence repeatable.

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "a command-line tool reporting its run"
)]

mod generate;
mod pools;
mod report;
mod run;
mod target;

use std::process::ExitCode;

/// The command line: `--requests N --seed S --backend sqlite|postgres|both`.
struct Arguments {
    requests: usize,
    seed: u64,
    backends: Vec<target::Backend>,
}

fn arguments() -> Result<Arguments, String> {
    let mut parsed = Arguments {
        requests: 2_000,
        seed: 1,
        backends: vec![target::Backend::Sqlite, target::Backend::Postgres],
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().ok_or(format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--requests" => parsed.requests = value.parse().map_err(|_| "--requests: a number")?,
            "--seed" => parsed.seed = value.parse().map_err(|_| "--seed: a number")?,
            "--backend" => parsed.backends = target::Backend::parse_list(&value)?,
            other => return Err(format!("unknown flag {other}")),
        }
    }
    Ok(parsed)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> ExitCode {
    let arguments = match arguments() {
        Ok(arguments) => arguments,
        Err(error) => {
            eprintln!(
                "contract_fuzz: {error}\nusage: contract_fuzz [--requests N] [--seed S] [--backend sqlite|postgres|both]"
            );
            return ExitCode::from(2);
        }
    };
    let mut failed = false;
    for backend in &arguments.backends {
        let Some(server) = target::Server::start(*backend).await else {
            eprintln!("contract_fuzz: {backend:?} skipped (no PostgreSQL server reachable)");
            continue;
        };
        let outcome = run::run(&server, arguments.requests, arguments.seed).await;
        let report = report::Report::of(&outcome);
        println!("{}", report.render(*backend, arguments.seed));
        failed |= !report.passed();
        server.stop().await;
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
