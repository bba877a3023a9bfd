//! Conformance case: every unique constraint of the shared table ([`CONSTRAINTS`]) maps to the
//! same [`Constraint`] on every backend.
//!
//! The case builds one row (or a pair of rows) behind each constraint through the store traits,
//! then runs one raw statement per table entry that breaks exactly that constraint, written once
//! for both dialects, and checks the backend reports it as [`StoreError::Conflict`] naming the
//! entry's rule. A constraint added to the table without a violating statement here fails the
//! case, and so does a statement for a constraint the table no longer lists.

use super::fixtures::{self, T0};
use crate::db::{Backend, CONSTRAINTS, Conn, Dialect, Value};
use crate::sql_store::SqlStore;
use crate::{BootstrapOutcome, SecretName, StoreError, params};
use openkor_domain::address::AddressType;
use std::collections::BTreeMap;

/// One statement that breaks exactly one constraint, with its parameters.
struct Violation {
    sql: &'static str,
    params: Vec<Value<'static>>,
}

fn violation<const N: usize>(sql: &'static str, params: [Value<'static>; N]) -> Violation {
    Violation {
        sql,
        params: params.to_vec(),
    }
}

/// Guard triggers refuse any insert of a transaction whose id exists already (SQLite, so that
/// `INSERT OR REPLACE` cannot delete one) or whose status is not NEW, and they fire before the
/// primary key is checked: a transaction id clash reaches the unique check only without them.
/// They are switched off inside the unit of work that runs the violation, whose error rolls
/// that back with everything else.
fn transaction_guards_off(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Sqlite => {
            "DROP TRIGGER transactions_are_never_replaced; DROP TRIGGER transactions_start_new"
        }
        Dialect::Postgres => "ALTER TABLE transactions DISABLE TRIGGER transactions_guard",
    }
}

const TRANSACTION_COPY: &str = "INSERT INTO transactions (id, business_account_id, debit_financial_account_id, credit_financial_account_id, debit_ledger_account_id, credit_ledger_account_id, debit_account_tail, credit_account_tail, transaction_type, solution, payment_reason_id, amount_minor, currency, settlement_priority, description, memo, metadata, initiator_account_holder_id, parent_transaction_id, reversal_reason, held, status, latest_status_id, next_step_at, created_by_type, created_by_id, created_at, updated_at) SELECT id, $2, debit_financial_account_id, credit_financial_account_id, debit_ledger_account_id, credit_ledger_account_id, debit_account_tail, credit_account_tail, transaction_type, solution, payment_reason_id, amount_minor, currency, settlement_priority, description, memo, metadata, initiator_account_holder_id, parent_transaction_id, reversal_reason, held, status, latest_status_id, next_step_at, created_by_type, created_by_id, created_at, updated_at FROM transactions WHERE id = $1";

/// Every constraint of [`CONSTRAINTS`] is reported as the same [`crate::db::Constraint`] on
/// this backend, from a raw statement that breaks exactly that constraint.
pub async fn every_listed_constraint_maps_alike<B: Backend>(store: &SqlStore<B>) {
    // Bootstrapping needs an empty database: the bootstrapped tenant is the first of two.
    let acme = fixtures::provisioning("Acme", None, T0);
    assert_eq!(
        crate::ProvisioningStore::provision_bootstrap(store, &acme)
            .await
            .expect("bootstrap"),
        BootstrapOutcome::Provisioned
    );
    let other = fixtures::provisioning("Other", None, T0);
    crate::ProvisioningStore::provision(store, &other)
        .await
        .expect("provision");
    crate::SecretStore::secret_or_insert(store, SecretName::FingerprintKey, [7; 32])
        .await
        .expect("secret");
    let (acme_id, other_id) = (acme.business_account.id, other.business_account.id);

    // Customers of Acme: an individual with two MAILING addresses (one primary), and a business
    // with two contacts (one primary), each with an external id.
    let mut sarah = fixtures::individual(acme_id, "Sarah", T0);
    sarah.data.external_id = Some("ext-sarah".into());
    let acme_corp = fixtures::business(acme_id, "ACME", T0);
    // A business customer of the other tenant: rows of two tenants share no composite key.
    let beta = fixtures::business(other_id, "Beta", T0);
    for customer in [&sarah, &acme_corp, &beta] {
        crate::CustomerStore::create_customer(store, customer, &[])
            .await
            .expect("customer");
    }

    // Beneficial owners: Acme's owns two PHYSICAL addresses, one primary.
    let mut ada = fixtures::beneficiary(&acme_corp, "Ada", T0);
    ada.data
        .addresses
        .push(fixtures::address(AddressType::Physical, false));
    let grace = fixtures::beneficiary(&beta, "Grace", T0);
    for owner in [&ada, &grace] {
        crate::BeneficiaryStore::create_beneficiary(store, owner, 20)
            .await
            .expect("beneficiary");
    }

    // Sarah's accounts: a default internal one, another internal one, an external bank account
    // and an external card of different fingerprints.
    let usd = &acme.financial_accounts[0];
    let mut default_wallet = fixtures::internal_account(&sarah, usd, T0);
    default_wallet.default_flag = true;
    let wallet = fixtures::internal_account(&sarah, usd, T0.plus_ms(1));
    let bank = fixtures::external_bank_account(&sarah, 1, T0.plus_ms(2));
    let card = fixtures::external_card(&sarah, 2, T0.plus_ms(3));
    for account in [&default_wallet, &wallet, &bank, &card] {
        crate::FinancialAccountStore::create_financial_account(store, account, &[])
            .await
            .expect("account");
    }
    let deposit = crate::NewTransaction {
        scope: acme_id,
        origin: openkor_domain::transaction::Origin::Deposit(
            openkor_domain::transaction::ValidatedDeposit {
                financial_account_id: usd.id,
                amount_minor: 1_000,
                currency: None,
            },
        ),
        idempotency: Some(openkor_domain::transaction::IdempotencyKey {
            key: "deposit-1".to_owned(),
            request_hash: [7; 32],
        }),
        by: openkor_domain::actor::Actor::INTERNAL,
        at: T0,
        rail_speedup: 1,
    };
    let deposit = crate::TransactionStore::create_transaction(store, &deposit)
        .await
        .expect("stored")
        .expect("accepted")
        .transaction;

    // Keyed by the PostgreSQL name. A primary key is broken by giving a row of the other tenant
    // the id of a row of Acme; a unique value by copying it from one row onto another.
    let violations: BTreeMap<&'static str, Violation> = BTreeMap::from([
        (
            "business_accounts_pkey",
            violation(
                "UPDATE business_accounts SET id = $1 WHERE id = $2",
                params![acme_id.as_uuid(), other_id.as_uuid()],
            ),
        ),
        (
            "service_accounts_pkey",
            violation(
                "UPDATE service_accounts SET id = $1 WHERE id = $2",
                params![
                    acme.service_account.id.as_uuid(),
                    other.service_account.id.as_uuid()
                ],
            ),
        ),
        (
            "customers_pkey",
            violation(
                "UPDATE customers SET id = $1 WHERE id = $2",
                params![acme_corp.id.as_uuid(), beta.id.as_uuid()],
            ),
        ),
        (
            "beneficiaries_pkey",
            violation(
                "UPDATE beneficiaries SET id = $1 WHERE id = $2",
                params![ada.id.as_uuid(), grace.id.as_uuid()],
            ),
        ),
        (
            "financial_accounts_pkey",
            violation(
                "UPDATE financial_accounts SET id = $1 WHERE id = $2",
                params![usd.id.as_uuid(), other.financial_accounts[0].id.as_uuid()],
            ),
        ),
        (
            // Transactions are never updated that way (a guard trigger refuses it): insert a copy.
            "transactions_pkey",
            // A copy under the other tenant breaks only the primary key (not the unique
            // (business account, id) pair, which SQLite might report instead).
            violation(
                TRANSACTION_COPY,
                params![deposit.id.as_uuid(), other.business_account.id.as_uuid()],
            ),
        ),
        (
            "idempotency_keys_pkey",
            violation(
                "INSERT INTO idempotency_keys SELECT * FROM idempotency_keys WHERE transaction_id = $1",
                params![deposit.id.as_uuid()],
            ),
        ),
        (
            "customers_external_id",
            violation(
                "UPDATE customers SET external_id = \
                 (SELECT external_id FROM customers WHERE id = $1) WHERE id = $2",
                params![acme_corp.id.as_uuid(), sarah.id.as_uuid()],
            ),
        ),
        (
            "customer_contacts_one_primary",
            violation(
                "UPDATE customer_contacts SET is_primary = TRUE \
                 WHERE customer_id = $1 AND is_primary = FALSE",
                params![acme_corp.id.as_uuid()],
            ),
        ),
        (
            "customer_addresses_one_primary_per_type",
            violation(
                "UPDATE customer_addresses SET is_primary = TRUE \
                 WHERE customer_id = $1 AND is_primary = FALSE AND address_type = 'MAILING'",
                params![sarah.id.as_uuid()],
            ),
        ),
        (
            "beneficiary_addresses_one_primary_per_type",
            violation(
                "UPDATE beneficiary_addresses SET is_primary = TRUE \
                 WHERE beneficiary_id = $1 AND is_primary = FALSE AND address_type = 'PHYSICAL'",
                params![ada.id.as_uuid()],
            ),
        ),
        (
            "financial_accounts_account_number_key",
            violation(
                "UPDATE financial_accounts SET \
                 account_number = (SELECT account_number FROM financial_accounts WHERE id = $1), \
                 account_number_tail = (SELECT account_number_tail FROM financial_accounts WHERE id = $1) \
                 WHERE id = $2",
                params![default_wallet.id.as_uuid(), wallet.id.as_uuid()],
            ),
        ),
        (
            "financial_accounts_one_default_per_holder",
            violation(
                "UPDATE financial_accounts SET default_flag = TRUE WHERE id = $1",
                params![wallet.id.as_uuid()],
            ),
        ),
        (
            "financial_accounts_one_link_per_fingerprint",
            violation(
                "UPDATE financial_accounts SET \
                 fingerprint = (SELECT fingerprint FROM financial_accounts WHERE id = $1) \
                 WHERE id = $2",
                params![bank.id.as_uuid(), card.id.as_uuid()],
            ),
        ),
        (
            "service_accounts_api_key_key",
            violation(
                "UPDATE service_accounts SET \
                 api_key = (SELECT api_key FROM service_accounts WHERE id = $1) WHERE id = $2",
                params![
                    acme.service_account.id.as_uuid(),
                    other.service_account.id.as_uuid()
                ],
            ),
        ),
        (
            "bootstrap_pkey",
            violation("INSERT INTO bootstrap SELECT * FROM bootstrap", params![]),
        ),
        (
            "server_secrets_pkey",
            violation(
                "INSERT INTO server_secrets SELECT * FROM server_secrets",
                params![],
            ),
        ),
    ]);

    let untested: Vec<&str> = CONSTRAINTS
        .iter()
        .map(|entry| entry.postgres)
        .filter(|name| !violations.contains_key(name))
        .collect();
    assert!(
        untested.is_empty(),
        "constraints without a violating statement: {untested:?}"
    );
    let unlisted: Vec<&str> = violations
        .keys()
        .copied()
        .filter(|name| !CONSTRAINTS.iter().any(|entry| entry.postgres == *name))
        .collect();
    assert!(
        unlisted.is_empty(),
        "statements for constraints the table does not list: {unlisted:?}"
    );

    for entry in CONSTRAINTS {
        let Violation { sql, params } = &violations[entry.postgres];
        let (sql, params) = (*sql, params.clone());
        let guarded = entry.postgres == "transactions_pkey";
        let result = store
            .backend()
            .write(move |conn| {
                Box::pin(async move {
                    if guarded {
                        conn.execute_batch(transaction_guards_off(conn.dialect()))
                            .await?;
                    }
                    conn.execute(sql, &params).await
                })
            })
            .await;
        assert!(
            matches!(result, Err(StoreError::Conflict(constraint)) if constraint == entry.constraint),
            "{} ({}): expected a conflict naming {:?}, got {result:?} from {sql}",
            entry.postgres,
            entry.sqlite,
            entry.constraint,
        );
    }

    // Every violation rolled back: SQLite's guard trigger is back, the data reads as written.
    let guard_kept = store
        .backend()
        .read(|conn| {
            Box::pin(async move {
                if conn.dialect() != Dialect::Sqlite {
                    return Ok(true);
                }
                crate::sql_store::exists(
                    conn,
                    "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = $1",
                    &params!["transactions_are_never_replaced"],
                )
                .await
            })
        })
        .await
        .expect("read the schema");
    assert!(
        guard_kept,
        "the guard trigger dropped for the transaction violation must be back"
    );
    assert_eq!(
        crate::CustomerStore::get_customer(store, acme_id, sarah.id)
            .await
            .expect("sarah"),
        sarah
    );
    assert_eq!(
        crate::FinancialAccountStore::get_financial_account(store, acme_id, wallet.id)
            .await
            .expect("wallet"),
        wallet
    );
}
