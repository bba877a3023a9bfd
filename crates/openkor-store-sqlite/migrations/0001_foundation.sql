-- Foundation: business accounts and their tree, service accounts, business financial accounts,
-- server secrets and the bootstrap marker. Times are Unix milliseconds (INTEGER); ids are
-- 16-byte UUIDs (BLOB). Every invariant the domain asserts is checked here again.

CREATE TABLE business_accounts (
    id                           BLOB    NOT NULL PRIMARY KEY CHECK (length(id) = 16),
    parent_id                    BLOB    REFERENCES business_accounts (id),
    name                         TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    description                  TEXT    CHECK (description IS NULL OR length(description) <= 500),
    industry_code                TEXT    CHECK (industry_code IS NULL OR industry_code GLOB '[0-9][0-9][0-9][0-9][0-9][0-9]'),
    registered_state_code        TEXT    CHECK (registered_state_code IS NULL OR length(registered_state_code) BETWEEN 2 AND 3),
    contacts                     TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(contacts) AND json_type(contacts) = 'array'),
    verification_status          TEXT    NOT NULL CHECK (verification_status IN ('UNVERIFIED', 'PROCESSING', 'APPROVED', 'REVIEW', 'DECLINED', 'RESTRICTED')),
    verification_reason          TEXT,
    verification_updated_at      INTEGER NOT NULL,
    verification_updated_by_type TEXT    NOT NULL CHECK (verification_updated_by_type IN ('employee', 'internal', 'kor_employee', 'service-account')),
    verification_updated_by_id   BLOB,
    sandbox                      INTEGER NOT NULL CHECK (sandbox IN (0, 1)),
    created_at                   INTEGER NOT NULL,
    updated_at                   INTEGER NOT NULL,
    CHECK (parent_id IS NULL OR parent_id <> id)
) STRICT;

-- Closure table of the business account tree: one row per (ancestor, descendant) pair,
-- including (id, id) at depth 0. "Visible from X" is one primary-key range scan.
CREATE TABLE business_account_tree (
    ancestor_id   BLOB    NOT NULL REFERENCES business_accounts (id),
    descendant_id BLOB    NOT NULL REFERENCES business_accounts (id),
    depth         INTEGER NOT NULL CHECK (depth >= 0),
    PRIMARY KEY (ancestor_id, descendant_id),
    CHECK ((depth = 0) = (ancestor_id = descendant_id))
) STRICT, WITHOUT ROWID;

CREATE TABLE service_accounts (
    id                  BLOB    NOT NULL PRIMARY KEY CHECK (length(id) = 16),
    business_account_id BLOB    NOT NULL REFERENCES business_accounts (id),
    name                TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    role                TEXT    NOT NULL CHECK (role IN ('OWNER', 'ADMIN', 'MANAGER', 'CLERK', 'FINANCE', 'VIEW_ONLY')),
    api_key             TEXT    NOT NULL UNIQUE CHECK (length(api_key) = 36 AND substr(api_key, 1, 4) = 'okk_'),
    secret_sha256       BLOB    NOT NULL CHECK (length(secret_sha256) = 32),
    disabled_at         INTEGER,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL
) STRICT;

CREATE INDEX service_accounts_by_business_account
    ON service_accounts (business_account_id, created_at, id);

-- Grows on every change to service_accounts, so servers notice a disabled account by
-- polling one row instead of re-reading every account.
CREATE TABLE service_account_revision (
    singleton INTEGER NOT NULL PRIMARY KEY CHECK (singleton = 1),
    revision  INTEGER NOT NULL CHECK (revision >= 0)
) STRICT;

INSERT INTO service_account_revision (singleton, revision) VALUES (1, 0);

CREATE TRIGGER service_accounts_bump_revision_on_insert AFTER INSERT ON service_accounts
BEGIN
    UPDATE service_account_revision SET revision = revision + 1 WHERE singleton = 1;
END;

CREATE TRIGGER service_accounts_bump_revision_on_update AFTER UPDATE ON service_accounts
BEGIN
    UPDATE service_account_revision SET revision = revision + 1 WHERE singleton = 1;
END;

CREATE TABLE financial_accounts (
    id                  BLOB    NOT NULL PRIMARY KEY CHECK (length(id) = 16),
    business_account_id BLOB    NOT NULL REFERENCES business_accounts (id),
    parent_id           BLOB,
    name                TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    category            TEXT    NOT NULL CHECK (category IN ('INTERNAL', 'EXTERNAL', 'INTEGRATED')),
    account_type        TEXT    NOT NULL CHECK (account_type IN ('BANK', 'CARD')),
    subtype             TEXT    NOT NULL CHECK (subtype IN ('CHECKING', 'SAVING', 'DEBIT', 'CREDIT', 'PREPAID', 'GIFT')),
    default_flag        INTEGER NOT NULL CHECK (default_flag IN (0, 1)),
    currency            TEXT    NOT NULL CHECK (currency IN ('USD', 'CAD')),
    holder_type         TEXT    NOT NULL CHECK (holder_type IN ('BUSINESS_ACCOUNT', 'CUSTOMER', 'RECIPIENT')),
    holder_id           BLOB,
    state               TEXT    NOT NULL CHECK (state IN ('PENDING', 'ACTIVE', 'SUSPENDED')),
    account_number      TEXT    NOT NULL UNIQUE CHECK (length(account_number) BETWEEN 4 AND 20),
    created_by_type     TEXT    NOT NULL CHECK (created_by_type IN ('employee', 'internal', 'kor_employee', 'service-account')),
    created_by_id       BLOB,
    created_at          INTEGER NOT NULL,
    updated_by_type     TEXT    NOT NULL CHECK (updated_by_type IN ('employee', 'internal', 'kor_employee', 'service-account')),
    updated_by_id       BLOB,
    updated_at          INTEGER NOT NULL,
    UNIQUE (business_account_id, id),
    -- A parent account belongs to the same business account.
    FOREIGN KEY (business_account_id, parent_id) REFERENCES financial_accounts (business_account_id, id),
    CHECK ((holder_type = 'BUSINESS_ACCOUNT') = (holder_id IS NULL)),
    CHECK ((account_type = 'BANK') = (subtype IN ('CHECKING', 'SAVING'))),
    CHECK (subtype <> 'GIFT' OR category = 'INTEGRATED'),
    CHECK (parent_id IS NULL OR parent_id <> id)
) STRICT;

CREATE INDEX financial_accounts_by_business_account
    ON financial_accounts (business_account_id, created_at, id);

CREATE TABLE server_secrets (
    name       TEXT    NOT NULL PRIMARY KEY,
    secret     BLOB    NOT NULL CHECK (length(secret) = 32),
    created_at INTEGER NOT NULL
) STRICT;

-- Present once the first server start created the initial sandbox.
CREATE TABLE bootstrap (
    singleton           INTEGER NOT NULL PRIMARY KEY CHECK (singleton = 1),
    business_account_id BLOB    NOT NULL REFERENCES business_accounts (id),
    created_at          INTEGER NOT NULL
) STRICT;
