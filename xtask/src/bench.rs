//! Placeholder; filled in with the benchmark.

use std::process::ExitCode;

pub fn run(_args: Vec<String>) -> ExitCode {
    ExitCode::FAILURE
}
