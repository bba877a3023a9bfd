//! `openkor`: parse the command line, set up logging, run the subcommand, exit.

use openkor_domain::clock::SystemClock;
use openkor_server::cli::{Command, ConfigCommand, LogFormat, ServeArgs};
use openkor_server::commands::{self, print_json, sandbox_json};
use openkor_server::config_file::{self, ConfigError, Parsed};
use openkor_server::{ServerError, prepare, shutdown_signal};
use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;
use tracing_subscriber::EnvFilter;

/// mimalloc: a request allocates many small short-lived values (rows, JSON, headers); glibc's
/// allocator cost about a tenth of a read's CPU (docs/BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Logs go to stderr (stdout carries only command output) through a background writer thread, so
/// a request never waits on the terminal or the log pipe. The returned guard flushes on drop.
fn init_logging(format: LogFormat) -> tracing_appender::non_blocking::WorkerGuard {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    // Not lossy: under a burst the writer applies back-pressure rather than dropping lines.
    let (writer, guard) = tracing_appender::non_blocking::NonBlockingBuilder::default()
        .lossy(false)
        .finish(std::io::stderr());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()));
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().init(),
    }
    guard
}

async fn serve(args: ServeArgs) -> Result<(), ServerError> {
    let config = args.config().map_err(|message| {
        ServerError::Io(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            message,
        ))
    })?;
    tracing::info!(?config, "starting openkor");
    let mut prepared = prepare(&config, Arc::new(SystemClock)).await?;
    if let Some(credentials) = prepared.take_bootstrap() {
        tracing::warn!(
            credentials = %sandbox_json(&credentials),
            "the database was empty: created a sandbox Business Account; keep these credentials, \
             the secret is shown only this once"
        );
    }
    let shutdown = shutdown_signal()?;
    let listener = tokio::net::TcpListener::bind(config.listen).await?;
    let address = listener.local_addr()?;
    let metrics = prepared.metrics_address().map_or_else(
        || format!("http://{address}/metrics"),
        |at| format!("http://{at}/metrics"),
    );
    let docs = format!("http://{address}/docs");
    tracing::info!(listen = %address, %docs, %metrics, "listening");
    prepared.serve(listener, shutdown).await
}

#[tokio::main]
async fn main() -> ExitCode {
    let parsed = match config_file::parse(std::env::args_os().collect()) {
        Ok(parsed) => parsed,
        Err(ConfigError::Clap(error)) => error.exit(),
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    if let Command::Config(ConfigCommand::Check(args)) = &parsed.cli.command {
        return config_check(&parsed, args);
    }
    let cli = parsed.cli;
    let log_format = match &cli.command {
        Command::Serve(args) => args.log_format,
        _ => LogFormat::Text,
    };
    let _log_guard = init_logging(log_format);
    let outcome = match cli.command {
        Command::Serve(args) => serve(args).await.map(|()| None),
        Command::Migrate(database) => commands::migrate(&database).await.map(Some),
        Command::Sandbox(command) => commands::sandbox(command).await.map(Some),
        Command::ServiceAccounts(command) => commands::service_accounts(command).await.map(Some),
        Command::Limits(command) => commands::limits(command).await.map(Some),
        Command::DataKeys(command) => commands::data_keys(command).await.map(Some),
        Command::Config(_) => Ok(None),
        Command::Ledger(command) => match commands::ledger(command).await {
            Ok((document, true)) => Ok(Some(document)),
            Ok((document, false)) => {
                let _ = print_json(&document);
                tracing::error!("the ledger is inconsistent; see the report");
                return ExitCode::FAILURE;
            }
            Err(error) => Err(error),
        },
    };
    match outcome {
        Ok(Some(document)) => match print_json(&document) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                tracing::error!(%error, "could not write the result");
                ExitCode::FAILURE
            }
        },
        Ok(None) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(%error, "openkor failed");
            ExitCode::FAILURE
        }
    }
}

/// `openkor config check`: the effective settings on stdout, or why they are refused.
fn config_check(parsed: &Parsed, args: &ServeArgs) -> ExitCode {
    let written = config_file::check(parsed, args).and_then(|text| {
        let mut stdout = std::io::stdout().lock();
        stdout
            .write_all(text.as_bytes())
            .and_then(|()| stdout.flush())
            .map_err(|error| error.to_string())
    });
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
