-- Foundation: business accounts and their tree, service accounts, business financial accounts,
-- server secrets and the bootstrap marker. Every invariant the domain asserts is checked here
-- again. Same tables, names and constraints as the SQLite migration of the same name.

CREATE TABLE business_accounts (
    id                           uuid        NOT NULL PRIMARY KEY,
    parent_id                    uuid        REFERENCES business_accounts (id),
    name                         text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    description                  text        CHECK (description IS NULL OR char_length(description) <= 500),
    industry_code                text        CHECK (industry_code IS NULL OR industry_code ~ '^[0-9]{6}$'),
    registered_state_code        text        CHECK (registered_state_code IS NULL OR char_length(registered_state_code) BETWEEN 2 AND 3),
    contacts                     jsonb       NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(contacts) = 'array'),
    verification_status          text        NOT NULL CHECK (verification_status IN ('UNVERIFIED', 'PROCESSING', 'APPROVED', 'REVIEW', 'DECLINED', 'RESTRICTED')),
    verification_reason          text,
    verification_updated_at      timestamptz NOT NULL,
    verification_updated_by_type text        NOT NULL CHECK (verification_updated_by_type IN ('employee', 'internal', 'kor_employee', 'service-account')),
    verification_updated_by_id   uuid,
    sandbox                      boolean     NOT NULL,
    created_at                   timestamptz NOT NULL,
    updated_at                   timestamptz NOT NULL,
    CHECK (parent_id IS NULL OR parent_id <> id)
);

-- Closure table of the business account tree: one row per (ancestor, descendant) pair,
-- including (id, id) at depth 0. "Visible from X" is one primary-key range scan.
CREATE TABLE business_account_tree (
    ancestor_id   uuid    NOT NULL REFERENCES business_accounts (id),
    descendant_id uuid    NOT NULL REFERENCES business_accounts (id),
    depth         integer NOT NULL CHECK (depth >= 0),
    PRIMARY KEY (ancestor_id, descendant_id),
    CHECK ((depth = 0) = (ancestor_id = descendant_id))
);

CREATE TABLE service_accounts (
    id                  uuid        NOT NULL PRIMARY KEY,
    business_account_id uuid        NOT NULL REFERENCES business_accounts (id),
    name                text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    role                text        NOT NULL CHECK (role IN ('OWNER', 'ADMIN', 'MANAGER', 'CLERK', 'FINANCE', 'VIEW_ONLY')),
    api_key             text        NOT NULL UNIQUE CHECK (char_length(api_key) = 36 AND left(api_key, 4) = 'okk_'),
    secret_sha256       bytea       NOT NULL CHECK (octet_length(secret_sha256) = 32),
    disabled_at         timestamptz,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL
);

CREATE INDEX service_accounts_by_business_account
    ON service_accounts (business_account_id, created_at, id);

-- Grows on every change to service_accounts, so servers notice a disabled account by
-- polling one row instead of re-reading every account.
CREATE TABLE service_account_revision (
    singleton integer NOT NULL PRIMARY KEY CHECK (singleton = 1),
    revision  bigint  NOT NULL CHECK (revision >= 0)
);

INSERT INTO service_account_revision (singleton, revision) VALUES (1, 0);

CREATE FUNCTION bump_service_account_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE service_account_revision SET revision = revision + 1 WHERE singleton = 1;
    RETURN NULL;
END
$$;

CREATE TRIGGER service_accounts_bump_revision
    AFTER INSERT OR UPDATE ON service_accounts
    FOR EACH STATEMENT EXECUTE FUNCTION bump_service_account_revision();

CREATE TABLE financial_accounts (
    id                  uuid        NOT NULL PRIMARY KEY,
    business_account_id uuid        NOT NULL REFERENCES business_accounts (id),
    parent_id           uuid,
    name                text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    category            text        NOT NULL CHECK (category IN ('INTERNAL', 'EXTERNAL', 'INTEGRATED')),
    account_type        text        NOT NULL CHECK (account_type IN ('BANK', 'CARD')),
    subtype             text        NOT NULL CHECK (subtype IN ('CHECKING', 'SAVING', 'DEBIT', 'CREDIT', 'PREPAID', 'GIFT')),
    default_flag        boolean     NOT NULL,
    currency            text        NOT NULL CHECK (currency IN ('USD', 'CAD')),
    holder_type         text        NOT NULL CHECK (holder_type IN ('BUSINESS_ACCOUNT', 'CUSTOMER', 'RECIPIENT')),
    holder_id           uuid,
    state               text        NOT NULL CHECK (state IN ('PENDING', 'ACTIVE', 'SUSPENDED')),
    account_number      text        NOT NULL UNIQUE CHECK (char_length(account_number) BETWEEN 4 AND 20),
    created_by_type     text        NOT NULL CHECK (created_by_type IN ('employee', 'internal', 'kor_employee', 'service-account')),
    created_by_id       uuid,
    created_at          timestamptz NOT NULL,
    updated_by_type     text        NOT NULL CHECK (updated_by_type IN ('employee', 'internal', 'kor_employee', 'service-account')),
    updated_by_id       uuid,
    updated_at          timestamptz NOT NULL,
    UNIQUE (business_account_id, id),
    -- A parent account belongs to the same business account.
    FOREIGN KEY (business_account_id, parent_id) REFERENCES financial_accounts (business_account_id, id),
    CHECK ((holder_type = 'BUSINESS_ACCOUNT') = (holder_id IS NULL)),
    CHECK ((account_type = 'BANK') = (subtype IN ('CHECKING', 'SAVING'))),
    CHECK (subtype <> 'GIFT' OR category = 'INTEGRATED'),
    CHECK (parent_id IS NULL OR parent_id <> id)
);

CREATE INDEX financial_accounts_by_business_account
    ON financial_accounts (business_account_id, created_at, id);

CREATE TABLE server_secrets (
    name       text        NOT NULL PRIMARY KEY,
    secret     bytea       NOT NULL CHECK (octet_length(secret) = 32),
    created_at timestamptz NOT NULL
);

-- Present once the first server start created the initial sandbox.
CREATE TABLE bootstrap (
    singleton           integer     NOT NULL PRIMARY KEY CHECK (singleton = 1),
    business_account_id uuid        NOT NULL REFERENCES business_accounts (id),
    created_at          timestamptz NOT NULL
);
