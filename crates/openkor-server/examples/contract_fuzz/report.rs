//! What a run found: requests per operation by status class, every violation, and whether the
//! run passed.

use crate::run::Outcome;
use crate::target::Backend;
use openkor_testkit::contract::Violation;
use std::collections::BTreeMap;
use std::fmt::Write;

/// Creates of which at least one per group must succeed for the run to count: customers, and
/// Financial Accounts of any kind. (Transactions are not required: a valid one needs funded
/// accounts of one currency and rules per solution the schema cannot state, such as ACH's
/// `metadata.rkorACHEntryType`; the run reports how its attempts fared.)
const MUST_CREATE: [&[&str]; 2] = [
    &["create_customer"],
    &[
        "create_internal",
        "create_external_bank",
        "create_external_card",
        "create_integrated_bank",
    ],
];

/// Counts of one operation's responses.
#[derive(Default)]
struct Counts {
    sent: usize,
    success: usize,
    client_error: usize,
    server_error: usize,
    broken: usize,
}

/// The summary of one backend's run.
pub struct Report {
    by_operation: BTreeMap<String, Counts>,
    violations: Vec<Violation>,
    setup_error: Option<String>,
}

impl Report {
    /// The report of `outcome`.
    pub fn of(outcome: &Outcome) -> Self {
        let mut by_operation: BTreeMap<String, Counts> = BTreeMap::new();
        for exchange in &outcome.exchanges {
            let counts = by_operation.entry(exchange.operation.clone()).or_default();
            counts.sent += 1;
            counts.broken += usize::from(exchange.broken);
            match exchange.status {
                200..=299 => counts.success += 1,
                400..=499 => counts.client_error += 1,
                _ => counts.server_error += 1,
            }
        }
        Self {
            by_operation,
            violations: outcome.violations.clone(),
            setup_error: outcome.setup_error.clone(),
        }
    }

    /// No 5xx, no violation, and every create of [`MUST_CREATE`] succeeded at least once.
    pub fn passed(&self) -> bool {
        self.setup_error.is_none()
            && self.violations.is_empty()
            && self.by_operation.values().all(|c| c.server_error == 0)
            && self.missing_creates().is_empty()
    }

    fn missing_creates(&self) -> Vec<String> {
        MUST_CREATE
            .into_iter()
            .filter(|group| {
                group
                    .iter()
                    .all(|id| self.by_operation.get(*id).is_none_or(|c| c.success == 0))
            })
            .map(|group| group.join(" or "))
            .collect()
    }

    /// The report as text.
    pub fn render(&self, backend: Backend, seed: u64) -> String {
        let mut text = String::new();
        let sent: usize = self.by_operation.values().map(|c| c.sent).sum();
        let _ = writeln!(
            text,
            "contract_fuzz on {backend:?}, seed {seed}: {sent} requests"
        );
        let _ = writeln!(
            text,
            "{:<40} {:>5} {:>5} {:>5} {:>5} {:>7}",
            "operation", "sent", "2xx", "4xx", "5xx", "broken"
        );
        for (operation, c) in &self.by_operation {
            let _ = writeln!(
                text,
                "{operation:<40} {:>5} {:>5} {:>5} {:>5} {:>7}",
                c.sent, c.success, c.client_error, c.server_error, c.broken
            );
        }
        if let Some(error) = &self.setup_error {
            let _ = writeln!(text, "SETUP FAILED: {error}");
        }
        for violation in self.violations.iter().take(20) {
            let _ = writeln!(text, "VIOLATION {violation}");
        }
        for missing in self.missing_creates() {
            let _ = writeln!(text, "NO SUCCESSFUL {missing}");
        }
        let verdict = if self.passed() { "PASSED" } else { "FAILED" };
        let server_errors: usize = self.by_operation.values().map(|c| c.server_error).sum();
        let _ = writeln!(
            text,
            "{verdict}: {} violations, {server_errors} server errors",
            self.violations.len()
        );
        text
    }
}
