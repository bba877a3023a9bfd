//! Project automation, run as `cargo xtask <task>`:
//!
//! * `cargo xtask test [cargo test args…]` — the whole test suite on SQLite and PostgreSQL.
//!   PostgreSQL is the server named by `OPENKOR_TEST_POSTGRES_URL` (default: the local one on
//!   127.0.0.1:5432); when it is unreachable the PostgreSQL suite is skipped and a banner says
//!   so loudly, before and after the run. Under `CI=true` an unreachable server fails the run.
//! * `cargo xtask bench [--suite storage|transactions|transfers|lists|all] [--seconds N] [--connections N]` —
//!   the HTTP benchmarks of `docs/BENCHMARKS.md` (needs `wrk`; the transactions suite also
//!   `psql` and, for its PostgreSQL yardstick, `pgbench`).
//! * `cargo xtask fuzz [--requests N] [--seed S]` — the bounded schema-driven fuzz run
//!   (`crates/openkor-server/examples/contract_fuzz`): requests built from the server's OpenAPI
//!   document against a real server on SQLite and PostgreSQL; fails on any 5xx or any response
//!   the document does not describe.

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "a command-line tool"
)]

mod bench;
mod postgres;

use std::process::{Command, ExitCode};

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    match args.next().as_deref() {
        Some("test") => test(args.collect()),
        Some("bench") => bench::run(args.collect()),
        Some("fuzz") => fuzz(args.collect()),
        _ => {
            eprintln!(
                "usage: cargo xtask test [cargo test args…] | cargo xtask bench [--suite storage|transactions|transfers|lists|all] [--seconds N] [--sizes N,N,…] | cargo xtask fuzz [--requests N] [--seed S]"
            );
            ExitCode::from(2)
        }
    }
}

/// Runs the contract fuzz example on SQLite, and on PostgreSQL when it is reachable (under
/// `CI=true` it must be).
fn fuzz(extra: Vec<String>) -> ExitCode {
    let url = postgres::test_url();
    let in_ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
    let mut command = Command::new(env!("CARGO"));
    command.args([
        "run",
        "--quiet",
        "-p",
        "openkor-server",
        "--example",
        "contract_fuzz",
    ]);
    command.arg("--");
    // A `--backend` among `extra` comes later and wins.
    if postgres::reachable(&url) {
        command.env(postgres::TEST_URL_VAR, &url);
        command.args(["--backend", "both"]);
    } else if in_ci {
        banner(&["PostgreSQL is unreachable and CI=true: the fuzz run needs it."]);
        return ExitCode::FAILURE;
    } else {
        banner(&["PostgreSQL unreachable: the fuzz run covers SQLite only."]);
        command.args(["--backend", "sqlite"]);
    }
    command.args(&extra);
    match command.status() {
        Ok(status) if status.success() => ExitCode::SUCCESS,
        _ => ExitCode::FAILURE,
    }
}

fn banner(lines: &[&str]) {
    let width = lines.iter().map(|l| l.len()).max().unwrap_or(0) + 4;
    eprintln!("\n{}", "!".repeat(width));
    for line in lines {
        eprintln!("! {line:<w$} !", w = width - 4);
    }
    eprintln!("{}\n", "!".repeat(width));
}

fn test(extra: Vec<String>) -> ExitCode {
    let url = postgres::test_url();
    let in_ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
    let reachable = postgres::reachable(&url);
    let mut command = Command::new(env!("CARGO"));
    command.args(["test", "--workspace"]).args(&extra);
    if reachable {
        eprintln!(
            "xtask: PostgreSQL suite runs against {}",
            postgres::redacted(&url)
        );
        command.env(postgres::TEST_URL_VAR, &url);
    } else if in_ci {
        banner(&[
            "PostgreSQL is unreachable and CI=true: refusing to skip the PostgreSQL suite.",
            &format!("Tried {}", postgres::redacted(&url)),
        ]);
        return ExitCode::FAILURE;
    } else {
        banner(&[
            "PostgreSQL suite SKIPPED: no server reachable.",
            &format!(
                "Tried {} ({} to change).",
                postgres::redacted(&url),
                postgres::TEST_URL_VAR
            ),
            "Only the SQLite suite runs.",
        ]);
        command.env(postgres::TEST_URL_VAR, "skip");
    }
    let status = command.status();
    if !reachable {
        banner(&["Reminder: the PostgreSQL suite was SKIPPED."]);
    }
    match status {
        Ok(status) if status.success() => ExitCode::SUCCESS,
        Ok(_) => ExitCode::FAILURE,
        Err(error) => {
            eprintln!("xtask: could not run cargo test: {error}");
            ExitCode::FAILURE
        }
    }
}
