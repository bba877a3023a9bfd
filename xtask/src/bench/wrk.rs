//! Running `wrk` against one URL and reading its figures; printing the table.

use super::Options;
use std::process::Command;

/// One measured request.
pub(super) struct Row {
    pub(super) backend: String,
    pub(super) endpoint: String,
    pub(super) requests_per_s: f64,
    pub(super) latency_p50: String,
    pub(super) latency_p99: String,
    pub(super) non_2xx: u64,
}

/// What `wrk` is asked to send.
pub(super) struct Load<'a> {
    pub(super) url: String,
    pub(super) header: Option<&'a str>,
    /// A Lua script (for POST bodies).
    pub(super) script: Option<&'a std::path::Path>,
    pub(super) threads: u32,
    pub(super) connections: u32,
    pub(super) seconds: u32,
}

/// A Lua script making `wrk` send `body` as a JSON POST.
pub(super) fn post_script(body: &str) -> String {
    let escaped = body.replace('\\', "\\\\").replace('"', "\\\"");
    format!(
        "wrk.method = \"POST\"\nwrk.body = \"{escaped}\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\n"
    )
}

/// Runs `wrk` with `load`; the figures of its report.
pub(super) fn run(load: &Load<'_>) -> Result<Row, String> {
    let mut command = Command::new("wrk");
    command.args([
        format!("-t{}", load.threads),
        format!("-c{}", load.connections),
        format!("-d{}s", load.seconds),
        "--latency".into(),
    ]);
    if let Some(header) = load.header {
        command.args(["-H", header]);
    }
    if let Some(script) = load.script {
        command.arg("-s").arg(script);
    }
    let output = command.arg(&load.url).output().map_err(|e| e.to_string())?;
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
        endpoint: String::new(),
        requests_per_s,
        latency_p50: field("50%").unwrap_or_default(),
        latency_p99: field("99%").unwrap_or_default(),
        non_2xx,
    })
}

/// The table; the first row is the hello-world yardstick every ratio divides by.
pub(super) fn print_table(options: &Options, rows: &[Row]) {
    println!(
        "wrk -t{} -c{} -d{}s --latency (creates also -t1 -c1), release builds, one server at a time\n",
        options.threads, options.connections, options.seconds
    );
    println!("| backend | request | req/s | p50 | p99 | non-2xx | × hello world |");
    println!("|---|---|---|---|---|---|---|");
    let hello = rows.first().map_or(f64::NAN, |row| row.requests_per_s);
    for row in rows {
        println!(
            "| {} | `{}` | {:.0} | {} | {} | {} | {:.2} |",
            row.backend,
            row.endpoint,
            row.requests_per_s,
            row.latency_p50,
            row.latency_p99,
            row.non_2xx,
            row.requests_per_s / hello
        );
    }
}
