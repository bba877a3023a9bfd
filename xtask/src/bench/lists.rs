//! `cargo xtask bench --suite lists`: whether list requests cost the same at every tenant
//! size, on one backend, against a release `openkor serve`.
//!
//! Through the API (`world`): a template customer (with an address) and an internal Financial Account
//! of it, a minority customer and an account of it. Then, for each size of `--sizes`, the
//! tenant grows by bulk SQL (`grow`) to that many Financial Accounts and customers (one in
//! `MINORITY_EVERY` accounts the minority customer's), the copies are read back through the
//! API (a broken copy fails the run), and under `wrk -t1 -c4` (after a warm-up) the suite
//! measures pages of the Financial Account list (first page, by holder, by holder type and
//! category, sorted by name, by state, page 500), one account by id, the customer list (first
//! page, a search matching few customers, by e-mail) and creates of internal accounts; and a
//! walk of the list in order on one connection (`walk`). The server's memory is sampled
//! meanwhile (`memory`), the planner's statistics noted before and after.

mod grow;
mod memory;
mod report;
mod walk;
mod world;

pub(super) use report::{Report, print};

use super::wrk::{self, Load};
use super::{LISTEN, Options, client};
use grow::MINORITY_EVERY;
use memory::{Peak, Sampler};
use report::{Compared, ListRow, SizeRow};
use serde_json::{Value, json};
use std::path::Path;
use world::{
    Api, Copies, Probe, World, copy_email_query, grow_to, open_world, probe, search_fragment,
};

const WARM_UP_S: u32 = 2;
/// wrk counts a request unanswered this long as a timeout (the server's own limit is 10 s).
const WRK_TIMEOUT_S: u32 = 10;
const WRK_CONNECTIONS: u32 = 4;
/// Rows of a measured page.
const PAGE_ROWS: u64 = 20;
/// The page of the measured deep jump (offset 10,000).
const JUMP_PAGE: u64 = 500;
/// The name of the measured creates.
const CREATED_NAME: &str = "Bench create";

/// The running server and the size being measured.
struct Context<'a> {
    backend: &'a str,
    size: u64,
    authorization: String,
    options: &'a Options,
    scratch: &'a Path,
}

impl Context<'_> {
    /// `wrk -t1 -c4` on `path` (with `script`, if any) after a warm-up.
    fn wrk(
        &self,
        request: &str,
        path: &str,
        script: Option<&Path>,
        compared: Compared,
    ) -> Result<ListRow, String> {
        let header = format!("Authorization: {}", self.authorization);
        let load = |seconds| Load {
            url: format!("http://{LISTEN}{path}"),
            header: Some(&header),
            script,
            threads: 1,
            connections: WRK_CONNECTIONS,
            seconds,
        };
        wrk::run_with_timeout(&load(WARM_UP_S), WRK_TIMEOUT_S)?;
        let (row, socket_errors) =
            wrk::run_with_timeout(&load(self.options.seconds), WRK_TIMEOUT_S)?;
        Ok(ListRow {
            backend: self.backend.into(),
            size: self.size,
            request: request.into(),
            requests_per_s: row.requests_per_s,
            p50_ms: wrk::latency_ms(&row.latency_p50),
            p99_ms: wrk::latency_ms(&row.latency_p99),
            errors: row.non_2xx + socket_errors,
            compared,
        })
    }
}

/// The measured reads: what the table calls each, and its path.
fn reads(world: &World, probe: &Probe) -> Vec<(String, String)> {
    let list = "/v1/financial-accounts";
    let mut reads = vec![
        (
            "FA list, first page".to_owned(),
            format!("{list}?size={PAGE_ROWS}"),
        ),
        (
            format!("FA list, accountHolderId (1 in {MINORITY_EVERY})"),
            format!("{list}?accountHolderId={}&size={PAGE_ROWS}", world.minority),
        ),
        (
            "FA list, accountHolderTypes=CUSTOMER&categories=INTERNAL".to_owned(),
            format!("{list}?accountHolderTypes=CUSTOMER&categories=INTERNAL&size={PAGE_ROWS}"),
        ),
        (
            "FA list, sort=name,ASC".to_owned(),
            format!("{list}?sort=name,ASC&size={PAGE_ROWS}"),
        ),
        (
            "FA list, state=ACTIVE".to_owned(),
            format!("{list}?state=ACTIVE&size={PAGE_ROWS}"),
        ),
    ];
    if probe.accounts > JUMP_PAGE * PAGE_ROWS {
        reads.push((
            format!(
                "FA list, page={JUMP_PAGE} (offset {})",
                JUMP_PAGE * PAGE_ROWS
            ),
            format!("{list}?page={JUMP_PAGE}&size={PAGE_ROWS}"),
        ));
    }
    reads.extend([
        (
            "FA by id".to_owned(),
            format!("{list}/{}", probe.account_id),
        ),
        (
            "customer list, first page".to_owned(),
            format!("/v1/customers?size={PAGE_ROWS}"),
        ),
        (
            format!("customer list, search={}", search_fragment()),
            format!(
                "/v1/customers?search={}&size={PAGE_ROWS}",
                search_fragment()
            ),
        ),
        (
            "customer list, primaryEmail".to_owned(),
            format!(
                "/v1/customers?primaryEmail={}&size={PAGE_ROWS}",
                copy_email_query()
            ),
        ),
    ]);
    reads
}

/// The walk as a row: the latencies of its last pages, and their rate one after another.
fn walk_row(context: &Context<'_>, probe: &Probe) -> Result<(ListRow, String), String> {
    let walk = walk::walk(&context.authorization, probe.accounts)?;
    let mean_ms = walk.latencies_ms.iter().sum::<f64>() / walk.latencies_ms.len().max(1) as f64;
    let note = format!(
        "{} {}: the walk requested {} pages of {}; its row measures the last {} (rows beyond 50,000 when the list has them)",
        context.backend,
        context.size,
        walk.pages,
        walk::WALK_PAGE_ROWS,
        walk.latencies_ms.len()
    );
    let row = ListRow {
        backend: context.backend.into(),
        size: context.size,
        request: format!(
            "FA walk, size={}, page=0,1,2,… on one connection",
            walk::WALK_PAGE_ROWS
        ),
        requests_per_s: if mean_ms > 0.0 {
            1_000.0 / mean_ms
        } else {
            0.0
        },
        p50_ms: walk::percentile(&walk.latencies_ms, 50.0),
        p99_ms: walk::percentile(&walk.latencies_ms, 99.0),
        errors: walk.non_2xx,
        compared: Compared::Latency,
    };
    Ok((row, note))
}

/// Creates of internal accounts for the template customer; one must succeed first.
fn create_row(context: &Context<'_>, world: &World) -> Result<ListRow, String> {
    client::create_internal_account(
        &context.authorization,
        &world.parent,
        &world.customer,
        CREATED_NAME,
    )?;
    let body = json!({"name": CREATED_NAME, "parentId": world.parent,
        "accountHolderId": world.customer, "accountHolderType": "CUSTOMER"})
    .to_string();
    let script = context.scratch.join("lists-create.lua");
    std::fs::write(&script, wrk::post_script(&body)).map_err(|e| e.to_string())?;
    context.wrk(
        "POST /v1/internal-financial-accounts",
        "/v1/internal-financial-accounts",
        Some(&script),
        Compared::Throughput,
    )
}

/// Every request at one size: the reads, the walk, the creates (last: they add accounts).
fn measure_size(
    context: &Context<'_>,
    world: &World,
    probe: &Probe,
) -> Result<(Vec<ListRow>, String), String> {
    let mut rows = reads(world, probe)
        .into_iter()
        .map(|(request, path)| context.wrk(&request, &path, None, Compared::Latency))
        .collect::<Result<Vec<ListRow>, String>>()?;
    let (walk, note) = walk_row(context, probe)?;
    rows.push(walk);
    rows.push(create_row(context, world)?);
    Ok((rows, note))
}

/// Measures every request at `context.size` while sampling the server's memory; the rows,
/// the peak and the notes (the walk, the tenant, the planner's statistics before and after).
fn measure_at(
    context: &Context<'_>,
    (url, pid): (&str, u32),
    world: &World,
    probe: &Probe,
) -> Result<(Vec<ListRow>, Peak, Vec<String>), String> {
    let (backend, size) = (context.backend, context.size);
    let before = grow::statistics(url)?;
    let sampler = Sampler::start(pid);
    let measured = measure_size(context, world, probe);
    let peak = sampler.finish();
    let (rows, walk_note) = measured?;
    let notes = vec![
        walk_note,
        format!(
            "{backend} {size}: {} accounts and {} customers in the tenant; totalElements of the unfiltered lists {} and {}",
            probe.accounts, probe.customers, probe.listed.0, probe.listed.1
        ),
        format!(
            "{backend} {size}: statistics after growth: {before}; after the measurements: {}",
            grow::statistics(url)?
        ),
        format!(
            "{backend} {size}: load average (1, 5, 15 min) {} after the measurements",
            super::money::load_average()
        ),
    ];
    Ok((rows, peak, notes))
}

/// Grows the tenant through every size of the options and measures at each.
pub(super) fn measure(
    backend: &str,
    url: &str,
    sandbox: &Value,
    pid: u32,
    options: &Options,
    scratch: &Path,
) -> Result<Report, String> {
    let api = Api {
        authorization: format!("Bearer {}", super::server::bearer_token(sandbox)?),
    };
    let world = open_world(&api, sandbox)?;
    let mut copies = Copies::default();
    let mut report = Report::default();
    for &size in &options.sizes {
        let (growth_s, warnings) = grow_to(url, &world, &mut copies, (size, options.analyze))?;
        for warning in warnings.into_iter().map(|w| format!("{backend}: {w}")) {
            if !report.notes.contains(&warning) {
                report.notes.push(warning);
            }
        }
        let probe = probe(&api, url, &world, size)?;
        let context = Context {
            backend,
            size,
            authorization: api.authorization.clone(),
            options,
            scratch,
        };
        let (rows, peak, notes) = measure_at(&context, (url, pid), &world, &probe)?;
        report.rows.extend(rows);
        report.notes.extend(notes);
        report.sizes.push(SizeRow {
            backend: backend.into(),
            size,
            growth_s,
            accounts: probe.accounts,
            customers: probe.customers,
            peak,
        });
    }
    Ok(report)
}
