//! The `openkor` binary's operator commands, run as a real process against SQLite and
//! PostgreSQL: stdout carries exactly one JSON document, errors go to stderr with a failing exit.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use openkor_testkit::TestDatabase;
use serde_json::Value;
use std::process::{Command, Output};

fn openkor(database: &TestDatabase, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_openkor"))
        .args(args)
        .env("OPENKOR_DATABASE_URL", database.url())
        .env(
            "OPENKOR_DATA_KEY_FILE",
            openkor_testkit::data_key_file(database.url()),
        )
        .env("RUST_LOG", "warn")
        .output()
        .expect("the binary runs")
}

/// Runs a command that must succeed and returns its one JSON document.
fn json(database: &TestDatabase, args: &[&str]) -> Value {
    let output = openkor(database, args);
    assert!(
        output.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    assert_eq!(
        stdout.lines().count(),
        1,
        "exactly one line on stdout: {stdout}"
    );
    serde_json::from_str(&stdout).expect("stdout is one JSON document")
}

fn keys(value: &Value) -> Vec<&str> {
    value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect()
}

fn sandbox_prints_one_json_object_with_its_credentials(database: &TestDatabase) {
    let sandbox = json(database, &["sandbox", "create", "--name", "Acme Sandbox"]);
    assert_eq!(
        keys(&sandbox),
        [
            "businessAccountId",
            "apiKey",
            "apiSecret",
            "financialAccounts"
        ]
    );
    assert!(sandbox["apiKey"].as_str().unwrap().starts_with("okk_"));
    assert!(sandbox["apiSecret"].as_str().unwrap().starts_with("oks_"));
    let accounts = sandbox["financialAccounts"].as_array().unwrap();
    let currencies: Vec<&str> = accounts
        .iter()
        .map(|a| a["currency"].as_str().unwrap())
        .collect();
    assert_eq!(currencies, ["USD", "CAD"]);
    assert!(
        accounts
            .iter()
            .all(|a| a["id"].as_str().unwrap().len() == 36)
    );

    let parent = sandbox["businessAccountId"].as_str().unwrap();
    let child = json(database, &["sandbox", "create", "--parent-id", parent]);
    assert_ne!(child["businessAccountId"], sandbox["businessAccountId"]);
}

fn service_accounts_are_created_listed_and_disabled(database: &TestDatabase) {
    let sandbox = json(database, &["sandbox", "create"]);
    let tenant = sandbox["businessAccountId"].as_str().unwrap();
    let created = json(
        database,
        &[
            "service-accounts",
            "create",
            "--business-account-id",
            tenant,
            "--role",
            "View Only",
            "--name",
            "reporting",
        ],
    );
    assert_eq!(created["role"], "View Only");
    assert_eq!(created["name"], "reporting");
    assert_eq!(created["enabled"], true);
    assert!(created["apiSecret"].as_str().unwrap().starts_with("oks_"));

    let listed = json(
        database,
        &["service-accounts", "list", "--business-account-id", tenant],
    );
    let listed = listed.as_array().unwrap();
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0]["role"], "Owner");
    assert!(
        listed.iter().all(|a| a.get("apiSecret").is_none()),
        "secrets are never listed"
    );

    let id = created["id"].as_str().unwrap();
    let disabled = json(
        database,
        &[
            "service-accounts",
            "disable",
            "--business-account-id",
            tenant,
            "--service-account-id",
            id,
        ],
    );
    assert_eq!(disabled["enabled"], false);
    assert!(disabled["disabledAt"].is_string());

    // Another tenant cannot disable it: not found, nothing on stdout.
    let other = json(database, &["sandbox", "create"]);
    let other_tenant = other["businessAccountId"].as_str().unwrap();
    let refused = openkor(
        database,
        &[
            "service-accounts",
            "disable",
            "--business-account-id",
            other_tenant,
            "--service-account-id",
            id,
        ],
    );
    assert!(!refused.status.success());
    assert!(refused.stdout.is_empty());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("not found"));
}

fn bad_input_fails_with_nothing_on_stdout(database: &TestDatabase) {
    for args in [
        vec![
            "service-accounts",
            "create",
            "--business-account-id",
            "not-a-uuid",
            "--role",
            "Owner",
        ],
        vec![
            "service-accounts",
            "create",
            "--business-account-id",
            "0192f7a4-6d1e-7c3b-9f7e-3a2b1c0d4e5f",
            "--role",
            "Root",
        ],
        vec!["sandbox", "create", "--name", ""],
        vec![
            "sandbox",
            "create",
            "--parent-id",
            "0192f7a4-6d1e-7c3b-9f7e-3a2b1c0d4e5f",
        ],
        vec![
            "service-accounts",
            "create",
            "--business-account-id",
            "0192f7a4-6d1e-7c3b-9f7e-3a2b1c0d4e5f",
            "--role",
            "Owner",
        ],
        vec!["no-such-command"],
    ] {
        let output = openkor(database, &args);
        assert!(!output.status.success(), "{args:?} must fail");
        assert!(output.stdout.is_empty(), "{args:?} wrote to stdout");
        assert!(!output.stderr.is_empty(), "{args:?} must say why");
    }
}

fn migrate_is_idempotent(database: &TestDatabase) {
    assert_eq!(json(database, &["migrate"])["migrated"], true);
    assert_eq!(json(database, &["migrate"])["migrated"], true);
}

/// A rotation: a new key file, then `data-keys rotate` with the new key as the data key and
/// the old one as the previous; afterwards the new key alone opens the database, the old one
/// no longer does.
fn data_keys_rotate_seals_everything_again_under_a_new_key(database: &TestDatabase) {
    json(database, &["sandbox", "create"]);
    let dir = tempfile::tempdir().unwrap();
    let new = dir.path().join("new.key");
    let new = new.to_str().unwrap();
    let created = json(database, &["data-keys", "create", "--file", new]);
    assert_eq!(keys(&created), ["dataKeyId", "file"]);
    let old = openkor_testkit::data_key_file(database.url());
    let old = old.to_str().unwrap();
    let rotate = ["data-keys", "rotate", "--data-key-file", new];
    let rotated = json(
        database,
        &[&rotate[..], &["--previous-data-key-file", old]].concat(),
    );
    assert_eq!(rotated["dataKeyId"], created["dataKeyId"]);
    assert_eq!(
        (&rotated["sealed"], &rotated["resealed"]),
        (&0.into(), &2.into()),
        "the two server secrets"
    );
    assert_eq!(json(database, &rotate)["resealed"], 0);
    let refused = openkor(database, &["migrate"]);
    assert!(!refused.status.success() && refused.stdout.is_empty());
    let reason = String::from_utf8_lossy(&refused.stderr);
    assert!(reason.contains("neither the data key"), "{reason}");
    let replaced = openkor(database, &["data-keys", "create", "--file", new]);
    assert!(!replaced.status.success(), "a key file was replaced");
}

macro_rules! on_both_backends {
    ($($case:ident),+ $(,)?) => {
        $(
            mod $case {
                #[test]
                fn sqlite() {
                    super::$case(&openkor_testkit::TestDatabase::sqlite());
                }

                #[tokio::test]
                async fn postgres() {
                    let Some(database) = openkor_testkit::TestDatabase::postgres().await else {
                        return;
                    };
                    tokio::task::spawn_blocking(move || super::$case(&database))
                        .await
                        .expect("the case runs");
                }
            }
        )+
    };
}

on_both_backends!(
    sandbox_prints_one_json_object_with_its_credentials,
    service_accounts_are_created_listed_and_disabled,
    bad_input_fails_with_nothing_on_stdout,
    migrate_is_idempotent,
    data_keys_rotate_seals_everything_again_under_a_new_key,
);

#[test]
fn an_unsupported_database_url_is_refused() {
    let output = Command::new(env!("CARGO_BIN_EXE_openkor"))
        .args(["migrate", "--database-url", "mysql://root@localhost/x"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(output.stdout.is_empty());
    assert!(String::from_utf8_lossy(&output.stderr).contains("unsupported database URL"));
}
