//! The operator subcommands. Each prints exactly one JSON document on stdout (nothing else goes
//! there) and reports failures on stderr.

use crate::cli::{
    DataKeysCommand, DatabaseArgs, LedgerCommand, LimitsCommand, SandboxCommand,
    ServiceAccountCommand,
};
use crate::database::{Database, DatabaseError};
use crate::server::{ServerError, build_services};
use openkor_domain::clock::{Clock, SystemClock};
use openkor_domain::service_account::ServiceAccount;
use openkor_domain::transaction_limits::{LimitAmount, TransactionLimit};
use openkor_service::Services;
use openkor_service::auth::TOKEN_LIFETIME_S_DEFAULT;
use openkor_service::provisioning::SandboxCredentials;
use serde_json::{Value, json};
use std::io::Write;
use std::sync::Arc;

async fn with_services<F, Fut>(database: &DatabaseArgs, work: F) -> Result<Value, ServerError>
where
    F: FnOnce(Services) -> Fut,
    Fut: std::future::Future<Output = Result<Value, ServerError>>,
{
    let database = Database::open(&database.config()).await?;
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let outcome = match build_services(
        database.store.clone(),
        clock,
        TOKEN_LIFETIME_S_DEFAULT,
        None,
        openkor_service::transactions::RailSettings::default(),
    )
    .await
    {
        Ok(services) => work(services).await,
        Err(error) => Err(error.into()),
    };
    database.close().await;
    outcome
}

/// Writes one JSON document and a newline to stdout.
pub fn print_json(value: &Value) -> std::io::Result<()> {
    let mut stdout = std::io::stdout().lock();
    serde_json::to_writer(&mut stdout, value)?;
    writeln!(stdout)?;
    stdout.flush()
}

/// The sandbox credentials document.
pub fn sandbox_json(credentials: &SandboxCredentials) -> Value {
    json!({
        "businessAccountId": credentials.business_account_id.to_string(),
        "apiKey": credentials.api_key.as_str(),
        "apiSecret": credentials.api_secret.expose(),
        "financialAccounts": credentials
            .financial_accounts
            .iter()
            .map(|(id, currency)| json!({"id": id.to_string(), "currency": currency.code()}))
            .collect::<Vec<_>>(),
    })
}

fn service_account_json(account: &ServiceAccount) -> Value {
    json!({
        "id": account.id.to_string(),
        "businessAccountId": account.business_account_id.to_string(),
        "name": account.name,
        "role": account.role.display_name(),
        "apiKey": account.api_key.as_str(),
        "enabled": account.is_enabled(),
        "createdAt": account.created_at.to_string(),
        "disabledAt": account.disabled_at.map(|at| at.to_string()),
    })
}

/// `openkor data-keys …`.
pub async fn data_keys(command: DataKeysCommand) -> Result<Value, ServerError> {
    match command {
        DataKeysCommand::Create { file } => {
            let key = crate::data_keys::create_key_file(&file).map_err(DatabaseError::from)?;
            Ok(json!({"dataKeyId": key.id().to_string(), "file": file.display().to_string()}))
        }
        DataKeysCommand::Rotate(database) => {
            let opened = Database::open(&database.config()).await?;
            opened.close().await;
            Ok(json!({
                "dataKeyId": opened.data_key_id.to_string(),
                "sealed": opened.sealed_at_rest.sealed,
                "resealed": opened.sealed_at_rest.resealed,
            }))
        }
    }
}

/// `openkor migrate`.
pub async fn migrate(database: &DatabaseArgs) -> Result<Value, ServerError> {
    let opened = Database::open(&database.config()).await?;
    opened.close().await;
    Ok(json!({"migrated": true}))
}

/// `openkor sandbox …`.
pub async fn sandbox(command: SandboxCommand) -> Result<Value, ServerError> {
    match command {
        SandboxCommand::Create {
            name,
            parent_id,
            database,
        } => {
            with_services(&database, |services| async move {
                let credentials = services
                    .provisioning
                    .create_sandbox(name.as_deref(), parent_id)
                    .await?;
                Ok(sandbox_json(&credentials))
            })
            .await
        }
    }
}

/// `openkor service-accounts …`.
pub async fn service_accounts(command: ServiceAccountCommand) -> Result<Value, ServerError> {
    match command {
        ServiceAccountCommand::Create {
            business_account_id,
            role,
            name,
            database,
        } => {
            with_services(&database, |services| async move {
                let created = services
                    .provisioning
                    .create_service_account(business_account_id, &name, role)
                    .await?;
                let mut value = service_account_json(&created.account);
                value["apiSecret"] = json!(created.api_secret.expose());
                Ok(value)
            })
            .await
        }
        ServiceAccountCommand::List {
            business_account_id,
            database,
        } => {
            with_services(&database, |services| async move {
                let accounts = services
                    .provisioning
                    .list_service_accounts(business_account_id)
                    .await?;
                Ok(Value::Array(
                    accounts.iter().map(service_account_json).collect(),
                ))
            })
            .await
        }
        ServiceAccountCommand::Disable {
            business_account_id,
            service_account_id,
            database,
        } => {
            with_services(&database, |services| async move {
                let account = services
                    .provisioning
                    .disable_service_account(business_account_id, service_account_id)
                    .await?;
                Ok(service_account_json(&account))
            })
            .await
        }
    }
}

fn limit_json(limit: &TransactionLimit) -> Value {
    json!({
        "id": limit.id.to_string(),
        "businessAccountId": limit.scope_id.to_string(),
        "limitType": limit.limit_type.code(),
        "currency": limit.currency.code(),
        "amount": openkor_domain::money::format_minor(limit.amount_minor),
    })
}

/// `openkor limits …`.
pub async fn limits(command: LimitsCommand) -> Result<Value, ServerError> {
    match command {
        LimitsCommand::Set {
            limit,
            amount,
            database,
        } => {
            let amount = LimitAmount {
                limit_type: limit.limit_type,
                currency: limit.currency,
                amount_minor: amount,
            };
            with_services(&database, |services| async move {
                let set = services
                    .limits
                    .set_business_account_limit(limit.business_account_id, amount)
                    .await?;
                Ok(limit_json(&set))
            })
            .await
        }
        LimitsCommand::Remove { limit, database } => {
            with_services(&database, |services| async move {
                services
                    .limits
                    .remove_business_account_limit(
                        limit.business_account_id,
                        limit.limit_type,
                        limit.currency,
                    )
                    .await?;
                Ok(json!({"removed": true}))
            })
            .await
        }
    }
}

/// `openkor ledger verify`: the report, and whether the ledger is consistent.
pub async fn ledger(command: LedgerCommand) -> Result<(Value, bool), ServerError> {
    match command {
        LedgerCommand::Verify(database) => {
            let opened = Database::open(&database.config()).await?;
            let report = opened.store.verify_ledger().await;
            opened.close().await;
            let report = report.map_err(openkor_service::ServiceError::from)?;
            let consistent = report.problems.is_empty();
            let document = json!({
                "consistent": consistent,
                "accountsChecked": report.accounts_checked,
                "entriesChecked": report.entries_checked,
                "problems": report.problems,
            });
            Ok((document, consistent))
        }
    }
}
