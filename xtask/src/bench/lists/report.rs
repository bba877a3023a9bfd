//! The figures of the lists suite and their tables: every request at every size with its
//! ratio to the first size, then each size's growth time and the server's peak memory.

use super::super::Options;
use super::memory::Peak;

/// What a row's ratio to the first size compares.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Compared {
    /// p50 latency (reads).
    Latency,
    /// Requests per second (creates).
    Throughput,
}

/// One request measured at one size.
pub(super) struct ListRow {
    pub(super) backend: String,
    pub(super) size: u64,
    pub(super) request: String,
    pub(super) requests_per_s: f64,
    pub(super) p50_ms: Option<f64>,
    pub(super) p99_ms: Option<f64>,
    /// Answers other than 2xx, and socket errors (timeouts included).
    pub(super) errors: u64,
    pub(super) compared: Compared,
}

/// One size of one backend.
pub(super) struct SizeRow {
    pub(super) backend: String,
    pub(super) size: u64,
    pub(super) growth_s: f64,
    /// Rows in the tenant when measured.
    pub(super) accounts: u64,
    pub(super) customers: u64,
    pub(super) peak: Peak,
}

/// What every backend's run measured.
#[derive(Default)]
pub(in crate::bench) struct Report {
    pub(super) rows: Vec<ListRow>,
    pub(super) sizes: Vec<SizeRow>,
    /// Lines printed under the tables.
    pub(super) notes: Vec<String>,
}

impl Report {
    pub(in crate::bench) fn extend(&mut self, other: Report) {
        self.rows.extend(other.rows);
        self.sizes.extend(other.sizes);
        self.notes.extend(other.notes);
    }
}

fn milliseconds(value: Option<f64>) -> String {
    value.map_or_else(|| "?".into(), |ms| format!("{ms:.2} ms"))
}

/// `row` against the same request of the same backend at the first size measured.
fn ratio(rows: &[ListRow], row: &ListRow) -> String {
    let Some(first) = rows
        .iter()
        .find(|other| other.backend == row.backend && other.request == row.request)
    else {
        return "?".into();
    };
    let (now, then, what) = match row.compared {
        Compared::Latency => (row.p50_ms, first.p50_ms, "p50"),
        Compared::Throughput => (
            Some(row.requests_per_s),
            Some(first.requests_per_s),
            "req/s",
        ),
    };
    match (now, then) {
        (Some(now), Some(then)) if then > 0.0 => format!("{:.2} ({what})", now / then),
        _ => "?".into(),
    }
}

fn mib(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1_024.0)
}

/// The tables, then the notes.
pub(in crate::bench) fn print(options: &Options, report: &Report) {
    println!(
        "wrk -t1 -c4 -d{}s --latency --timeout {}s after a {} s warm-up per request (the walk: one connection, in order), release build, one server at a time{}\n",
        options.seconds,
        super::WRK_TIMEOUT_S,
        super::WARM_UP_S,
        if options.analyze {
            ", ANALYZE (PostgreSQL: VACUUM ANALYZE) after each growth"
        } else {
            ""
        }
    );
    println!("| backend | size | request | req/s | p50 | p99 | errors | ÷ first size |");
    println!("|---|---:|---|---:|---:|---:|---:|---:|");
    for row in &report.rows {
        let errors = if row.errors > 0 {
            format!("**{} ⚠**", row.errors)
        } else {
            "0".into()
        };
        println!(
            "| {} | {} | `{}` | {:.0} | {} | {} | {} | {} |",
            row.backend,
            row.size,
            row.request,
            row.requests_per_s,
            milliseconds(row.p50_ms),
            milliseconds(row.p99_ms),
            errors,
            ratio(&report.rows, row)
        );
    }
    println!();
    println!(
        "| backend | size | growth (bulk SQL) | accounts | customers | peak VmRSS | peak RssAnon |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for size in &report.sizes {
        println!(
            "| {} | {} | {:.1} s | {} | {} | {} | {} |",
            size.backend,
            size.size,
            size.growth_s,
            size.accounts,
            size.customers,
            mib(size.peak.vm_rss_kib),
            mib(size.peak.rss_anon_kib)
        );
    }
    println!();
    for note in &report.notes {
        println!("- {note}");
    }
}
