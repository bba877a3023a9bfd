//! The PostgreSQL yardstick: `pgbench`'s built-in TPC-B-like script (three updates, a select
//! and an insert per db transaction, committed at full durability) on the same server as the
//! openkor figures, in a scratch database `PGBENCH_DATABASE` recreated on every run and
//! dropped afterwards.

use super::Row;
use crate::postgres::BenchServer;
use std::process::Command;

const PGBENCH_DATABASE: &str = "openkor_pgbench";
/// `pgbench -i -s` scale: 10 branches, 1,000,000 accounts.
const SCALE: u32 = 10;
/// The client counts measured: one, and the many of the suggested yardstick.
const CLIENTS: [(u32, u32); 2] = [(1, 1), (16, 2)];

/// Runs `pgbench -c N -j J -T seconds` for each of `CLIENTS`; one row each.
pub(super) fn run(server: &BenchServer, seconds: u32) -> Result<Vec<Row>, String> {
    let url = server.recreate(PGBENCH_DATABASE)?;
    let measured = initialise(&url).and_then(|()| {
        CLIENTS
            .iter()
            .map(|&(clients, threads)| measure(&url, clients, threads, seconds))
            .collect::<Result<Vec<Row>, String>>()
    });
    server.drop_database(PGBENCH_DATABASE)?;
    measured
}

fn pgbench(args: &[String], url: &str) -> Result<String, String> {
    let output = Command::new("pgbench")
        .args(args)
        .arg(url)
        .output()
        .map_err(|e| format!("pgbench: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "pgbench {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

fn initialise(url: &str) -> Result<(), String> {
    pgbench(
        &["-i".into(), "-q".into(), "-s".into(), SCALE.to_string()],
        url,
    )
    .map(|_| ())
}

fn measure(url: &str, clients: u32, threads: u32, seconds: u32) -> Result<Row, String> {
    let flags = vec![
        "-c".into(),
        clients.to_string(),
        "-j".into(),
        threads.to_string(),
        "-T".into(),
        seconds.to_string(),
    ];
    let text = pgbench(&flags, url)?;
    let field = |prefix: &str| {
        text.lines()
            .find_map(|line| line.trim().strip_prefix(prefix))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|value| value.parse::<f64>().ok())
    };
    let tps = field("tps = ").ok_or(format!("no tps in pgbench output:\n{text}"))?;
    let latency_average_ms = field("latency average = ").unwrap_or(f64::NAN);
    Ok(Row {
        backend: "postgres".into(),
        endpoint: format!(
            "pgbench TPC-B-like (-s {SCALE}), {clients} client(s): pgbench {}",
            flags.join(" ")
        ),
        requests_per_s: tps,
        latency_p50: format!("{latency_average_ms:.2}ms (avg)"),
        latency_p99: String::new(),
        non_2xx: 0,
        connections: clients,
    })
}
