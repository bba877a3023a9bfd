//! The optional configuration file (`--config FILE` or `OPENKOR_CONFIG`): TOML whose keys are
//! the long flags of the subcommands (`listen = "0.0.0.0:8080"`, `database-url = "…"`,
//! `rail-engine = false`). A setting comes from, first to last: its flag, its environment
//! variable, the file, its default. A key that is no flag of any subcommand is refused (a typo
//! would otherwise be ignored); a key of another subcommand is ignored, so one file serves
//! `serve`, `migrate` and the rest.
//!
//! The file's settings are applied as flags the command line did not give and the environment
//! did not set, then the command line is parsed again, so each value passes the flag's own
//! checks.

use crate::cli::Cli;
use clap::parser::ValueSource;
use clap::{ArgMatches, CommandFactory, FromArgMatches};
use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The environment variable naming the configuration file.
pub const CONFIG_VAR: &str = "OPENKOR_CONFIG";
/// The id of the global `--config` argument.
const CONFIG_ARG: &str = "config";

/// A command line with the configuration file applied.
#[derive(Debug)]
pub struct Parsed {
    /// The command.
    pub cli: Cli,
    /// The final matches (for `config check`, which reports each setting's source).
    pub matches: ArgMatches,
    /// The ids of the arguments whose value came from the file.
    pub from_file: BTreeSet<String>,
}

/// Why the command line or the file was refused.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The command line (or a value from the file) did not parse; `exit()` prints it.
    #[error(transparent)]
    Clap(#[from] clap::Error),
    /// The file could not be read or is not valid TOML.
    #[error("configuration file {path}: {detail}")]
    File {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        detail: String,
    },
}

/// Parses `args` (the program name first), applying the configuration file if one is named.
pub fn parse(args: Vec<OsString>) -> Result<Parsed, ConfigError> {
    let first = Cli::command().try_get_matches_from(&args)?;
    let Some(path) = first.get_one::<PathBuf>(CONFIG_ARG).cloned() else {
        return finish(first, BTreeSet::new());
    };
    let settings = read(&path)?;
    let mut applied = args;
    let mut from_file = BTreeSet::new();
    let (leaf, leaf_matches) = leaf_command(&first);
    for (key, value) in &settings {
        let Some(arg) = leaf.get_arguments().find(|a| a.get_long() == Some(key)) else {
            if !is_any_flag(key) {
                return Err(unknown(&path, key));
            }
            continue;
        };
        let id = arg.get_id().as_str();
        let given = matches!(
            leaf_matches.value_source(id),
            Some(ValueSource::CommandLine | ValueSource::EnvVariable)
        );
        if !given {
            applied.push(format!("--{key}={value}").into());
            from_file.insert(id.to_owned());
        }
    }
    let matches = Cli::command().try_get_matches_from(applied)?;
    finish(matches, from_file)
}

fn finish(matches: ArgMatches, from_file: BTreeSet<String>) -> Result<Parsed, ConfigError> {
    Ok(Parsed {
        cli: Cli::from_arg_matches(&matches)?,
        matches,
        from_file,
    })
}

/// The innermost subcommand run and its matches.
fn leaf_command(matches: &ArgMatches) -> (clap::Command, &ArgMatches) {
    let mut command = Cli::command();
    let mut matches = matches;
    while let Some((name, inner)) = matches.subcommand() {
        match command.find_subcommand(name) {
            Some(sub) => command = sub.clone(),
            None => break,
        }
        matches = inner;
    }
    (command, matches)
}

/// Whether `key` is the long flag of some subcommand, at any depth.
fn is_any_flag(key: &str) -> bool {
    fn within(command: &clap::Command, key: &str) -> bool {
        command.get_arguments().any(|a| a.get_long() == Some(key))
            || command.get_subcommands().any(|sub| within(sub, key))
    }
    within(&Cli::command(), key)
}

fn unknown(path: &Path, key: &str) -> ConfigError {
    ConfigError::File {
        path: path.to_owned(),
        detail: format!(
            "`{key}` is not a setting; keys are the long flags of `openkor serve --help` \
             (and of the other subcommands), without the dashes in front"
        ),
    }
}

/// The file's settings as the text of each flag's value.
fn read(path: &Path) -> Result<BTreeMap<String, String>, ConfigError> {
    let error = |detail: String| ConfigError::File {
        path: path.to_owned(),
        detail,
    };
    let text = std::fs::read_to_string(path).map_err(|e| error(e.to_string()))?;
    let table: toml::Table = text
        .parse()
        .map_err(|e: toml::de::Error| error(e.to_string()))?;
    table
        .into_iter()
        .map(|(key, value)| {
            let text = match value {
                toml::Value::String(text) => text,
                toml::Value::Integer(number) => number.to_string(),
                toml::Value::Boolean(flag) => flag.to_string(),
                other => {
                    return Err(error(format!(
                        "`{key}` must be a string, an integer or a boolean, not {}",
                        other.type_str()
                    )));
                }
            };
            Ok((key, text))
        })
        .collect()
}

/// Where the value of argument `id` in `matches` came from, for `config check`.
pub fn source(matches: &ArgMatches, from_file: &BTreeSet<String>, id: &str) -> &'static str {
    if from_file.contains(id) {
        return "file";
    }
    match matches.value_source(id) {
        Some(ValueSource::CommandLine) => "flag",
        Some(ValueSource::EnvVariable) => "environment",
        Some(ValueSource::DefaultValue) => "default",
        _ => "unset",
    }
}

/// `openkor config check`: every setting of `serve` as TOML, each with its source, the
/// database URL's password redacted; `args` must make a configuration `serve` accepts.
pub fn check(parsed: &Parsed, args: &crate::cli::ServeArgs) -> Result<String, String> {
    args.config()?;
    let (command, matches) = leaf_command(&parsed.matches);
    let mut text = String::from("# openkor serve would run with (source after each):\n");
    if let Some(path) = parsed.matches.get_one::<PathBuf>(CONFIG_ARG) {
        text.push_str(&format!("# configuration file: {}\n", path.display()));
    }
    for arg in command.get_arguments() {
        let (Some(long), id) = (arg.get_long(), arg.get_id().as_str()) else {
            continue;
        };
        if id == CONFIG_ARG || long == "help" {
            continue;
        }
        let Some(values) = matches.get_raw(id) else {
            text.push_str(&format!("# {long} is not set\n"));
            continue;
        };
        let value: Vec<String> = values.map(|v| v.to_string_lossy().into_owned()).collect();
        let mut value = value.join(",");
        if long == "database-url" {
            value = crate::config::redact_url(&value);
        }
        let quoted = toml::Value::String(value).to_string();
        let source = source(matches, &parsed.from_file, id);
        text.push_str(&format!("{long} = {quoted}  # {source}\n"));
    }
    let signing_key = match std::env::var(crate::cli::TOKEN_SIGNING_KEY_VAR) {
        Ok(key) if !key.is_empty() => "set (redacted)",
        _ => "not set: the key stored in the database signs tokens",
    };
    text.push_str(&format!(
        "# token signing key ({}, environment only): {signing_key}\n",
        crate::cli::TOKEN_SIGNING_KEY_VAR
    ));
    Ok(text)
}
