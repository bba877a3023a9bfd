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
    /// Concurrent clients (connections, or pgbench clients).
    pub(super) connections: u32,
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
    format!(
        "wrk.method = \"POST\"\nwrk.body = {}\nwrk.headers[\"Content-Type\"] = \"application/json\"\n",
        lua_string(body)
    )
}

/// A Lua string literal holding `text`.
fn lua_string(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A Lua script making `wrk` send JSON POSTs whose bodies cycle through `bodies`; each of the
/// `threads` threads starts at its own share of the list, so concurrent requests name
/// different bodies.
pub(super) fn post_bodies_script(bodies: &[String], threads: u32) -> String {
    let list: Vec<String> = bodies.iter().map(|body| lua_string(body)).collect();
    let stride = (bodies.len() / threads.max(1) as usize).max(1);
    format!(
        "wrk.method = \"POST\"\n\
         wrk.headers[\"Content-Type\"] = \"application/json\"\n\
         local bodies = {{\n{}\n}}\n\
         local threads_started = 0\n\
         function setup(thread)\n  thread:set(\"first\", threads_started * {stride})\n  threads_started = threads_started + 1\nend\n\
         local next_body = 0\n\
         function init(args)\n  next_body = first or 0\nend\n\
         function request()\n  next_body = next_body % #bodies + 1\n  return wrk.format(nil, nil, nil, bodies[next_body])\nend\n",
        list.join(",\n")
    )
}

/// A latency as `wrk` prints it (`812.00us`, `1.25ms`, `1.02s`), in milliseconds.
pub(super) fn latency_ms(text: &str) -> Option<f64> {
    let (number, scale) = if let Some(us) = text.strip_suffix("us") {
        (us, 0.001)
    } else if let Some(ms) = text.strip_suffix("ms") {
        (ms, 1.0)
    } else if let Some(m) = text.strip_suffix('m') {
        (m, 60_000.0)
    } else {
        (text.strip_suffix('s')?, 1_000.0)
    };
    number.parse::<f64>().ok().map(|value| value * scale)
}

/// Runs `wrk` with `load`; the figures of its report.
pub(super) fn run(load: &Load<'_>) -> Result<Row, String> {
    execute(load, None).map(|(row, _)| row)
}

/// Runs `wrk` with `load`, counting a request unanswered after `timeout_s` as a timeout (wrk
/// leaves those out of its latencies); the figures of its report and its socket errors
/// (connect, read, write and timeouts together).
pub(super) fn run_with_timeout(load: &Load<'_>, timeout_s: u32) -> Result<(Row, u64), String> {
    execute(load, Some(timeout_s))
}

fn execute(load: &Load<'_>, timeout_s: Option<u32>) -> Result<(Row, u64), String> {
    let mut command = Command::new("wrk");
    command.args([
        format!("-t{}", load.threads),
        format!("-c{}", load.connections),
        format!("-d{}s", load.seconds),
        "--latency".into(),
    ]);
    if let Some(timeout_s) = timeout_s {
        command.arg(format!("--timeout={timeout_s}s"));
    }
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
    let row = Row {
        backend: String::new(),
        endpoint: String::new(),
        requests_per_s,
        latency_p50: field("50%").unwrap_or_default(),
        latency_p99: field("99%").unwrap_or_default(),
        non_2xx,
        connections: load.connections,
    };
    Ok((row, socket_errors(&text)))
}

/// The sum of `Socket errors: connect 0, read 0, write 0, timeout 0` (0 when absent).
fn socket_errors(report: &str) -> u64 {
    report
        .lines()
        .find_map(|line| line.trim().strip_prefix("Socket errors:"))
        .map_or(0, |counts| {
            counts
                .split(',')
                .filter_map(|count| count.split_whitespace().last()?.parse::<u64>().ok())
                .sum()
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
