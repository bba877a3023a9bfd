//! The configuration file, through the real binary: its settings are used, environment
//! variables beat it and flags beat both, a key that is no setting is refused, and `config
//! check` prints every setting with its source and the database password redacted.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use std::path::Path;
use std::process::{Command, Output};

fn openkor(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_openkor"));
    command.args(args).env("RUST_LOG", "warn");
    for variable in ["OPENKOR_CONFIG", "OPENKOR_LISTEN", "OPENKOR_DATABASE_URL"] {
        command.env_remove(variable);
    }
    for (name, value) in env {
        command.env(name, value);
    }
    command.output().expect("the binary runs")
}

fn write(dir: &Path, text: &str) -> String {
    let path = dir.join("openkor.toml");
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

/// The line of `key` in `config check`'s output.
fn setting(output: &Output, key: &str) -> String {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout.clone()).unwrap();
    text.lines()
        .find(|line| line.starts_with(&format!("{key} = ")))
        .unwrap_or_else(|| panic!("no {key} in\n{text}"))
        .to_owned()
}

#[test]
fn flags_beat_the_environment_which_beats_the_file_which_beats_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "listen = \"127.0.0.1:9001\"\nmax-connections = 77\nrail-engine = false\n\
         request-timeout-ms = 1234\n",
    );
    let check = |args: &[&str], env: &[(&str, &str)]| {
        let mut all = vec!["--config", file.as_str(), "config", "check"];
        all.extend(args);
        openkor(&all, env)
    };
    let from_file = check(&[], &[]);
    assert_eq!(
        setting(&from_file, "listen"),
        "listen = \"127.0.0.1:9001\"  # file"
    );
    assert_eq!(
        setting(&from_file, "rail-engine"),
        "rail-engine = \"false\"  # file"
    );
    assert_eq!(
        setting(&from_file, "token-lifetime-s"),
        "token-lifetime-s = \"3600\"  # default"
    );
    let environment = [("OPENKOR_LISTEN", "127.0.0.1:9002")];
    let from_env = check(&[], &environment);
    assert_eq!(
        setting(&from_env, "listen"),
        "listen = \"127.0.0.1:9002\"  # environment"
    );
    let from_flag = check(&["--listen", "127.0.0.1:9003"], &environment);
    assert_eq!(
        setting(&from_flag, "listen"),
        "listen = \"127.0.0.1:9003\"  # flag"
    );
    assert_eq!(
        setting(&from_flag, "request-timeout-ms"),
        "request-timeout-ms = \"1234\"  # file"
    );
}

#[test]
fn the_file_is_named_by_the_environment_too_and_feeds_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("from-file.db");
    let file = write(
        dir.path(),
        &format!(
            "database-url = \"sqlite://{}\"\nlisten = \"127.0.0.1:9004\"\n",
            database.display()
        ),
    );
    // `listen` is a setting of `serve`, not of `migrate`: ignored there.
    let migrated = openkor(&["migrate"], &[("OPENKOR_CONFIG", file.as_str())]);
    assert!(
        migrated.status.success(),
        "{}",
        String::from_utf8_lossy(&migrated.stderr)
    );
    assert!(database.exists(), "the file's database was migrated");
}

#[test]
fn check_redacts_the_database_password() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "database-url = \"postgres://app:hunter2@db/openkor\"\n",
    );
    let output = openkor(&["--config", &file, "config", "check"], &[]);
    let line = setting(&output, "database-url");
    assert!(!line.contains("hunter2"), "{line}");
    assert!(!String::from_utf8_lossy(&output.stdout).contains("hunter2"));
}

#[test]
fn what_is_not_a_setting_is_refused_with_the_key_named() {
    let dir = tempfile::tempdir().unwrap();
    for (text, named) in [
        ("lisen = \"127.0.0.1:1\"\n", "`lisen` is not a setting"),
        ("listen = [\"a\"]\n", "`listen` must be a string"),
        ("listen = \n", "openkor.toml"),
        ("max-connections = 0\n", "max-connections"),
    ] {
        let file = write(dir.path(), text);
        let output = openkor(&["--config", &file, "config", "check"], &[]);
        assert!(!output.status.success(), "{text}");
        assert!(output.stdout.is_empty(), "{text}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(named), "{text}: {stderr}");
    }
}
