-- Financial Accounts of customers (internal, external bank, external card, integrated bank),
-- their agreements, and the double-entry ledger. SQLite cannot change constraints in place, so
-- financial_accounts is rebuilt; its rows so far are business accounts issued by openkor.

CREATE TABLE financial_accounts_v3 (
    id                    BLOB    NOT NULL PRIMARY KEY CHECK (length(id) = 16),
    business_account_id   BLOB    NOT NULL REFERENCES business_accounts (id),
    parent_id             BLOB,
    name                  TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    search_name           TEXT    NOT NULL,
    category              TEXT    NOT NULL CHECK (category IN ('INTERNAL', 'EXTERNAL', 'INTEGRATED')),
    account_type          TEXT    NOT NULL CHECK (account_type IN ('BANK', 'CARD')),
    subtype               TEXT    NOT NULL CHECK (subtype IN ('CHECKING', 'SAVING', 'DEBIT', 'CREDIT', 'PREPAID', 'GIFT')),
    default_flag          INTEGER NOT NULL CHECK (default_flag IN (0, 1)),
    currency              TEXT    NOT NULL CHECK (currency IN ('USD', 'CAD')),
    holder_type           TEXT    NOT NULL CHECK (holder_type IN ('BUSINESS_ACCOUNT', 'CUSTOMER', 'RECIPIENT')),
    holder_id             BLOB,
    customer_id           BLOB,
    state                 TEXT    NOT NULL CHECK (state IN ('PENDING', 'ACTIVE', 'SUSPENDED')),
    account_number        TEXT    UNIQUE CHECK (account_number IS NULL OR (length(account_number) BETWEEN 4 AND 20 AND account_number NOT GLOB '*[^0-9]*')),
    account_number_tail   TEXT    NOT NULL CHECK (account_number_tail GLOB '[0-9][0-9][0-9][0-9]'),
    fingerprint           BLOB    CHECK (fingerprint IS NULL OR length(fingerprint) = 32),
    verification_status   TEXT    NOT NULL CHECK (verification_status IN ('UNVERIFIED', 'PENDING', 'PROCESSING', 'REVIEW', 'DECLINED', 'APPROVED', 'ERROR')),
    verification_method   TEXT    CHECK (verification_method IS NULL OR verification_method IN ('PRENOTE', 'AGGREGATION')),
    bank_name             TEXT    CHECK (bank_name IS NULL OR length(bank_name) BETWEEN 1 AND 100),
    routing_number        TEXT    CHECK (routing_number IS NULL OR routing_number GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'),
    name_on_account       TEXT    CHECK (name_on_account IS NULL OR length(name_on_account) BETWEEN 1 AND 40),
    bank_business_name    TEXT    CHECK (bank_business_name IS NULL OR length(bank_business_name) BETWEEN 1 AND 40),
    card_first_name       TEXT    CHECK (card_first_name IS NULL OR length(card_first_name) BETWEEN 1 AND 40),
    card_middle_name      TEXT    CHECK (card_middle_name IS NULL OR length(card_middle_name) BETWEEN 1 AND 40),
    card_last_name        TEXT    CHECK (card_last_name IS NULL OR length(card_last_name) BETWEEN 1 AND 40),
    card_expiry           TEXT    CHECK (card_expiry IS NULL OR card_expiry GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),
    billing_address_line1 TEXT    CHECK (billing_address_line1 IS NULL OR length(billing_address_line1) BETWEEN 1 AND 50),
    billing_address_line2 TEXT    CHECK (billing_address_line2 IS NULL OR length(billing_address_line2) BETWEEN 1 AND 50),
    billing_address_line3 TEXT    CHECK (billing_address_line3 IS NULL OR length(billing_address_line3) BETWEEN 1 AND 50),
    billing_city          TEXT    CHECK (billing_city IS NULL OR length(billing_city) BETWEEN 1 AND 25),
    billing_state_code    TEXT    CHECK (billing_state_code IS NULL OR length(billing_state_code) BETWEEN 2 AND 3),
    billing_country_code  TEXT    CHECK (billing_country_code IS NULL OR length(billing_country_code) = 3),
    billing_postal_code   TEXT    CHECK (billing_postal_code IS NULL OR length(billing_postal_code) BETWEEN 1 AND 10),
    created_by_type       TEXT    NOT NULL CHECK (created_by_type IN ('employee', 'internal', 'kor_employee', 'service-account')),
    created_by_id         BLOB,
    created_at            INTEGER NOT NULL,
    updated_by_type       TEXT    NOT NULL CHECK (updated_by_type IN ('employee', 'internal', 'kor_employee', 'service-account')),
    updated_by_id         BLOB,
    updated_at            INTEGER NOT NULL,
    deleted_at            INTEGER,
    UNIQUE (business_account_id, id),
    UNIQUE (business_account_id, id, currency),
    -- A parent account belongs to the same business account; a customer holder too.
    FOREIGN KEY (business_account_id, parent_id) REFERENCES financial_accounts_v3 (business_account_id, id),
    FOREIGN KEY (business_account_id, customer_id) REFERENCES customers (business_account_id, id),
    CHECK ((holder_type = 'BUSINESS_ACCOUNT') = (holder_id IS NULL)),
    CHECK ((holder_type = 'CUSTOMER') = (customer_id IS NOT NULL)),
    CHECK (customer_id IS NULL OR customer_id = holder_id),
    CHECK ((account_type = 'BANK') = (subtype IN ('CHECKING', 'SAVING'))),
    CHECK (subtype <> 'GIFT' OR category = 'INTEGRATED'),
    CHECK (parent_id IS NULL OR parent_id <> id),
    -- openkor issues (and keeps) the numbers of internal and integrated accounts; of an
    -- external account it keeps only the last four digits and a keyed fingerprint.
    CHECK ((category = 'EXTERNAL') = (account_number IS NULL)),
    CHECK ((category = 'EXTERNAL') = (fingerprint IS NOT NULL)),
    CHECK (account_number IS NULL OR substr(account_number, -4) = account_number_tail),
    -- An internal account is a bank account under a parent; a card carries its card details.
    CHECK (category <> 'INTERNAL' OR (parent_id IS NOT NULL AND account_type = 'BANK')),
    CHECK ((account_type = 'CARD') = (card_first_name IS NOT NULL AND card_last_name IS NOT NULL AND card_expiry IS NOT NULL)),
    CHECK (account_type <> 'CARD' OR (billing_address_line1 IS NOT NULL AND billing_city IS NOT NULL AND billing_country_code IS NOT NULL)),
    CHECK ((billing_address_line1 IS NULL) = (billing_city IS NULL))
) STRICT;

INSERT INTO financial_accounts_v3 (
    id, business_account_id, parent_id, name, search_name, category, account_type, subtype,
    default_flag, currency, holder_type, holder_id, customer_id, state, account_number,
    account_number_tail, fingerprint, verification_status, verification_method,
    created_by_type, created_by_id, created_at, updated_by_type, updated_by_id, updated_at, deleted_at)
SELECT
    id, business_account_id, parent_id, name, lower(name), category, account_type, subtype,
    default_flag, currency, holder_type, holder_id, CASE WHEN holder_type = 'CUSTOMER' THEN holder_id END, state,
    account_number, substr(account_number, -4), NULL, 'APPROVED',
    CASE WHEN account_type = 'BANK' THEN 'PRENOTE' END,
    created_by_type, created_by_id, created_at, updated_by_type, updated_by_id, updated_at, deleted_at
FROM financial_accounts;

DROP TABLE financial_accounts;
ALTER TABLE financial_accounts_v3 RENAME TO financial_accounts;

CREATE INDEX financial_accounts_by_business_account
    ON financial_accounts (business_account_id, created_at, id);
CREATE INDEX financial_accounts_by_customer
    ON financial_accounts (business_account_id, customer_id, created_at, id);
-- At most one default account per holder.
CREATE UNIQUE INDEX financial_accounts_one_default_per_holder
    ON financial_accounts (business_account_id, holder_id)
    WHERE default_flag = 1 AND deleted_at IS NULL AND holder_id IS NOT NULL;
-- The same external bank account or card is linked to a holder at most once.
CREATE UNIQUE INDEX financial_accounts_one_link_per_fingerprint
    ON financial_accounts (business_account_id, holder_id, fingerprint)
    WHERE fingerprint IS NOT NULL AND deleted_at IS NULL;

CREATE TABLE financial_account_agreements (
    business_account_id  BLOB    NOT NULL,
    financial_account_id BLOB    NOT NULL,
    position             INTEGER NOT NULL CHECK (position BETWEEN 0 AND 19),
    document_id          TEXT    NOT NULL CHECK (length(document_id) BETWEEN 1 AND 100),
    document_version     TEXT    NOT NULL CHECK (length(document_version) BETWEEN 1 AND 100),
    accepted             INTEGER NOT NULL CHECK (accepted = 1),
    responded_at         INTEGER NOT NULL,
    PRIMARY KEY (business_account_id, financial_account_id, position),
    FOREIGN KEY (business_account_id, financial_account_id) REFERENCES financial_accounts (business_account_id, id)
) STRICT, WITHOUT ROWID;

-- The ledger: one row per transfer, balanced by construction (the amount leaves the debit
-- account and reaches the credit account); both accounts must be of the transfer's currency.
CREATE TABLE ledger_transfers (
    id                  BLOB    NOT NULL PRIMARY KEY CHECK (length(id) = 16),
    business_account_id BLOB    NOT NULL,
    debit_account_id    BLOB    NOT NULL,
    credit_account_id   BLOB    NOT NULL,
    currency            TEXT    NOT NULL CHECK (currency IN ('USD', 'CAD')),
    amount_minor        INTEGER NOT NULL CHECK (amount_minor > 0),
    status              TEXT    NOT NULL CHECK (status IN ('PENDING', 'POSTED', 'VOIDED')),
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    FOREIGN KEY (business_account_id, debit_account_id, currency) REFERENCES financial_accounts (business_account_id, id, currency),
    FOREIGN KEY (business_account_id, credit_account_id, currency) REFERENCES financial_accounts (business_account_id, id, currency),
    CHECK (debit_account_id <> credit_account_id)
) STRICT;

CREATE INDEX ledger_transfers_by_debit ON ledger_transfers (business_account_id, debit_account_id, status);
CREATE INDEX ledger_transfers_by_credit ON ledger_transfers (business_account_id, credit_account_id, status);

-- Transfers are never deleted or rewritten; a pending one is posted or voided, once.
CREATE TRIGGER ledger_transfers_are_never_deleted BEFORE DELETE ON ledger_transfers
BEGIN
    SELECT RAISE(ABORT, 'ledger transfers are never deleted');
END;

CREATE TRIGGER ledger_transfers_are_immutable
BEFORE UPDATE OF id, business_account_id, debit_account_id, credit_account_id, currency, amount_minor, created_at
ON ledger_transfers
BEGIN
    SELECT RAISE(ABORT, 'ledger transfers are immutable');
END;

CREATE TRIGGER ledger_transfers_settle_once BEFORE UPDATE OF status ON ledger_transfers
WHEN OLD.status <> 'PENDING' OR NEW.status = 'PENDING'
BEGIN
    SELECT RAISE(ABORT, 'only a pending transfer can be posted or voided');
END;
