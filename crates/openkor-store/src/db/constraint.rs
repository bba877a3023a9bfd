//! Which rule refused a write: one enum, mapped from one table of constraint names that both
//! backends share, so a conflict never travels as a string.

/// A uniqueness rule or a state rule that refused a write ([`crate::StoreError::Conflict`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Constraint {
    /// An id generated for a new row is already taken (a UUID clash: retry with a new id).
    DuplicateId,
    /// A live customer of the Business Account already has this external id.
    CustomerExternalId,
    /// A customer has more than one primary contact.
    CustomerPrimaryContact,
    /// A customer or beneficial owner has two primary addresses of one type.
    PrimaryAddress,
    /// An issued Financial Account number is already taken (retry with a new number).
    AccountNumber,
    /// The holder already has a default Financial Account (a concurrent create won; retry).
    DefaultAccount,
    /// This external bank account or card is already linked to the holder.
    ExternalAccountLinked,
    /// The API key is already taken (retry with a new key).
    ApiKey,
    /// The database was bootstrapped already.
    Bootstrap,
    /// A server secret of this name exists already.
    ServerSecret,
    /// The customer is not ACTIVE (checked by the store, not an index).
    CustomerNotActive,
    /// The business customer has the most beneficial owners allowed (checked by the store).
    BeneficialOwnersFull,
    /// The Business Account already used this idempotency key (a concurrent request won; the
    /// request is answered with that one's result).
    IdempotencyKey,
}

/// One database constraint: its name on PostgreSQL, and what SQLite (which reports a unique
/// violation by its columns, not its index name) says after `UNIQUE constraint failed: `.
#[derive(Clone, Copy, Debug)]
pub struct ConstraintEntry {
    /// The rule.
    pub constraint: Constraint,
    /// The PostgreSQL constraint or unique index name.
    pub postgres: &'static str,
    /// SQLite's column list.
    pub sqlite: &'static str,
}

const fn entry(
    constraint: Constraint,
    postgres: &'static str,
    sqlite: &'static str,
) -> ConstraintEntry {
    ConstraintEntry {
        constraint,
        postgres,
        sqlite,
    }
}

/// Every unique constraint of the schema. A test writes a violation of each on both backends
/// and checks it maps to the same [`Constraint`].
pub const CONSTRAINTS: &[ConstraintEntry] = &[
    entry(
        Constraint::DuplicateId,
        "business_accounts_pkey",
        "business_accounts.id",
    ),
    entry(
        Constraint::DuplicateId,
        "service_accounts_pkey",
        "service_accounts.id",
    ),
    entry(Constraint::DuplicateId, "customers_pkey", "customers.id"),
    entry(
        Constraint::DuplicateId,
        "beneficiaries_pkey",
        "beneficiaries.id",
    ),
    entry(
        Constraint::DuplicateId,
        "financial_accounts_pkey",
        "financial_accounts.id",
    ),
    entry(
        Constraint::DuplicateId,
        "transactions_pkey",
        "transactions.id",
    ),
    entry(
        Constraint::IdempotencyKey,
        "idempotency_keys_pkey",
        "idempotency_keys.business_account_id, idempotency_keys.idempotency_key",
    ),
    entry(
        Constraint::CustomerExternalId,
        "customers_external_id",
        "customers.business_account_id, customers.external_id",
    ),
    entry(
        Constraint::CustomerPrimaryContact,
        "customer_contacts_one_primary",
        "customer_contacts.business_account_id, customer_contacts.customer_id",
    ),
    entry(
        Constraint::PrimaryAddress,
        "customer_addresses_one_primary_per_type",
        "customer_addresses.business_account_id, customer_addresses.customer_id, customer_addresses.address_type",
    ),
    entry(
        Constraint::PrimaryAddress,
        "beneficiary_addresses_one_primary_per_type",
        "beneficiary_addresses.business_account_id, beneficiary_addresses.beneficiary_id, beneficiary_addresses.address_type",
    ),
    entry(
        Constraint::AccountNumber,
        "financial_accounts_account_number_key",
        "financial_accounts.account_number",
    ),
    entry(
        Constraint::DefaultAccount,
        "financial_accounts_one_default_per_holder",
        "financial_accounts.business_account_id, financial_accounts.holder_id",
    ),
    entry(
        Constraint::ExternalAccountLinked,
        "financial_accounts_one_link_per_fingerprint",
        "financial_accounts.business_account_id, financial_accounts.holder_id, financial_accounts.fingerprint",
    ),
    entry(
        Constraint::ApiKey,
        "service_accounts_api_key_key",
        "service_accounts.api_key",
    ),
    entry(
        Constraint::Bootstrap,
        "bootstrap_pkey",
        "bootstrap.singleton",
    ),
    entry(
        Constraint::ServerSecret,
        "server_secrets_pkey",
        "server_secrets.name",
    ),
];

impl Constraint {
    /// What went wrong, for clients (no table or index names).
    pub const fn message(self) -> &'static str {
        match self {
            Constraint::DuplicateId => "a generated id was already taken; retry the request",
            Constraint::CustomerExternalId => {
                "the external id is already used by another customer of this business account"
            }
            Constraint::CustomerPrimaryContact => "only one contact can be primary",
            Constraint::PrimaryAddress => "only one address of each type can be primary",
            Constraint::AccountNumber => {
                "an issued account number was already taken; retry the request"
            }
            Constraint::DefaultAccount => {
                "another default account was set at the same time; retry the request"
            }
            Constraint::ExternalAccountLinked => {
                "this external account is already linked to the holder"
            }
            Constraint::ApiKey => "a generated API key was already taken; retry the request",
            Constraint::Bootstrap => "the database was already initialised",
            Constraint::ServerSecret => "the server secret exists already",
            Constraint::CustomerNotActive => "the customer is not ACTIVE",
            Constraint::BeneficialOwnersFull => {
                "the customer has the most beneficial owners allowed"
            }
            Constraint::IdempotencyKey => {
                "a request with this Idempotency-Key is being processed; retry it"
            }
        }
    }

    /// Whether retrying the same request with newly generated ids, numbers or keys may succeed.
    pub const fn is_retryable(self) -> bool {
        matches!(
            self,
            Constraint::DuplicateId
                | Constraint::AccountNumber
                | Constraint::DefaultAccount
                | Constraint::ApiKey
                | Constraint::IdempotencyKey
        )
    }

    /// The rule a PostgreSQL constraint or unique index name stands for.
    pub fn from_postgres(name: &str) -> Option<Constraint> {
        CONSTRAINTS
            .iter()
            .find(|entry| entry.postgres == name)
            .map(|entry| entry.constraint)
    }

    /// The rule a SQLite unique-violation message (`UNIQUE constraint failed: t.a, t.b`) names.
    pub fn from_sqlite(message: &str) -> Option<Constraint> {
        let columns = message
            .strip_prefix("UNIQUE constraint failed: ")
            .unwrap_or(message);
        CONSTRAINTS
            .iter()
            .find(|entry| entry.sqlite == columns)
            .map(|entry| entry.constraint)
    }
}
