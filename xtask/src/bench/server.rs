//! The `openkor` server under measure: the release build, the run's scratch directory and data
//! key file, a fresh database per suite, and a server started on it with a sandbox's
//! credentials, stopped afterwards.

use super::{BENCH_DATABASE, LISTEN, client};
use crate::postgres::BenchServer;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Where a run keeps its databases, logs and data key file.
pub(super) fn scratch_dir() -> PathBuf {
    std::env::temp_dir().join(format!("openkor-bench-{}", std::process::id()))
}

/// The data key file every database of the run is sealed under (PostgreSQL needs one given).
fn data_key_file() -> PathBuf {
    scratch_dir().join("data.key")
}

/// Makes [`data_key_file`] with the binary just built (a `--binary` from before data keys
/// ignores it).
pub(super) fn create_data_key_file(built: &Path) -> Result<(), String> {
    let output = Command::new(built)
        .args(["data-keys", "create", "--file"])
        .arg(data_key_file())
        .output()
        .map_err(|e| e.to_string())?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "data-keys create: {}",
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

/// The `openkor` binary at `binary`, with the run's data key file.
pub(in crate::bench) fn openkor(binary: &Path) -> Command {
    let mut command = Command::new(binary);
    command.env("OPENKOR_DATA_KEY_FILE", data_key_file());
    command
}

/// A fresh database for one suite on `backend`: a new SQLite file `name.db` in `scratch`, or
/// the PostgreSQL database `BENCH_DATABASE` recreated.
pub(super) fn database_url(
    backend: &str,
    name: &str,
    scratch: &Path,
    postgres: &BenchServer,
) -> Result<String, String> {
    match backend {
        "sqlite" => Ok(format!(
            "sqlite://{}",
            scratch.join(format!("{name}.db")).display()
        )),
        _ => postgres.recreate(BENCH_DATABASE),
    }
}

/// Builds `openkor` and the hello-world yardstick; returns both paths.
pub(super) fn build_release() -> Result<(PathBuf, PathBuf), String> {
    let status = Command::new(env!("CARGO"))
        .args(["build", "--release", "--quiet", "-p", "openkor-server"])
        .args(["--bin", "openkor", "--example", "hello_world"])
        .status()
        .map_err(|e| e.to_string())?;
    if !status.success() {
        return Err("the release build failed".into());
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(
            || Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"),
            PathBuf::from,
        )
        .join("release");
    Ok((target.join("openkor"), target.join("examples/hello_world")))
}

/// Creates a sandbox in `url`, runs `openkor serve` on it, and runs `work` on the sandbox's
/// credentials while it serves; stops it afterwards.
pub(super) fn with_server<T>(
    binary: &Path,
    backend: &str,
    url: &str,
    scratch: &Path,
    work: impl FnOnce(&Value) -> Result<T, String>,
) -> Result<T, String> {
    with_server_process(binary, backend, url, scratch, |sandbox, _| work(sandbox))
}

/// [`with_server`], also handing `work` the server's process id.
pub(super) fn with_server_process<T>(
    binary: &Path,
    backend: &str,
    url: &str,
    scratch: &Path,
    work: impl FnOnce(&Value, u32) -> Result<T, String>,
) -> Result<T, String> {
    let output = openkor(binary)
        .args([
            "sandbox",
            "create",
            "--name",
            "Bench",
            "--database-url",
            url,
        ])
        .output()
        .map_err(|e| e.to_string())?;
    if !output.status.success() {
        return Err(format!(
            "sandbox create: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let sandbox: Value = serde_json::from_slice(&output.stdout).map_err(|e| e.to_string())?;
    let log =
        std::fs::File::create(scratch.join(format!("{backend}.log"))).map_err(|e| e.to_string())?;
    let mut server = openkor(binary)
        .args(["serve", "--listen", LISTEN, "--database-url", url])
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .map_err(|e| e.to_string())?;
    let pid = server.id();
    let measured = client::wait_until_ready(LISTEN).and_then(|()| work(&sandbox, pid));
    stop(&mut server);
    measured
}

pub(super) fn bearer_token(sandbox: &Value) -> Result<String, String> {
    let credentials = format!(
        "{}:{}",
        sandbox["apiKey"].as_str().unwrap_or_default(),
        sandbox["apiSecret"].as_str().unwrap_or_default()
    );
    let token_body = client::http(
        "POST",
        "/v1/api-keys/exchange",
        &format!("Basic {}", STANDARD.encode(credentials)),
        None,
    )?;
    let token: Value =
        serde_json::from_str(&token_body).map_err(|e| format!("{e}: {token_body}"))?;
    token["access_token"]
        .as_str()
        .map(str::to_owned)
        .ok_or("no access_token".into())
}

pub(super) fn stop(server: &mut Child) {
    let _ = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status();
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = server.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = server.kill();
    let _ = server.wait();
}
