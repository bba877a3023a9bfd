-- Transaction limits (reference §8): SINGLE, DAILY, WEEKLY and MONTHLY caps on what the debit
-- side of a transaction sends, per currency, at Customer scope and at Financial Account scope
-- (FA_KFA). Same result as the PostgreSQL migration of the same number.

-- The limits a new Customer (in USD and CAD) and a new internal or integrated Financial Account
-- of a Customer (in its currency) get. An operator may change these rows; existing limits stay.
CREATE TABLE default_transaction_limits (
    limit_type   TEXT    NOT NULL PRIMARY KEY CHECK (limit_type IN ('SINGLE', 'DAILY', 'WEEKLY', 'MONTHLY')),
    amount_minor INTEGER NOT NULL CHECK (amount_minor BETWEEN 0 AND 100000000000000)
) STRICT;

INSERT INTO default_transaction_limits (limit_type, amount_minor)
VALUES ('SINGLE', 2500000), ('DAILY', 5000000), ('WEEKLY', 10000000), ('MONTHLY', 25000000);

CREATE TABLE transaction_limits (
    id                  BLOB    NOT NULL PRIMARY KEY CHECK (length(id) = 16),
    business_account_id BLOB    NOT NULL REFERENCES business_accounts (id),
    scope_type          TEXT    NOT NULL CHECK (scope_type IN ('CUSTOMER', 'FA_KFA')),
    scope_id            BLOB    NOT NULL CHECK (length(scope_id) = 16),
    limit_type          TEXT    NOT NULL CHECK (limit_type IN ('SINGLE', 'DAILY', 'WEEKLY', 'MONTHLY')),
    currency            TEXT    NOT NULL CHECK (currency IN ('USD', 'CAD')),
    amount_minor        INTEGER NOT NULL CHECK (amount_minor BETWEEN 0 AND 100000000000000),
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    UNIQUE (business_account_id, scope_type, scope_id, limit_type, currency)
) STRICT;

-- What the transactions of one window have used of a limit: the sum of their charges, kept by
-- the triggers below.
CREATE TABLE transaction_limit_usage (
    limit_id    BLOB    NOT NULL REFERENCES transaction_limits (id),
    window_from INTEGER NOT NULL,
    window_to   INTEGER NOT NULL CHECK (window_to > window_from),
    used_minor  INTEGER NOT NULL DEFAULT 0 CHECK (used_minor >= 0),
    PRIMARY KEY (limit_id, window_from)
) STRICT, WITHOUT ROWID;

-- One row per transaction and windowed limit it counts against; deleted when the transaction
-- gives its usage back (declined, failed, cancelled, reversed), so it is given back once.
CREATE TABLE transaction_limit_charges (
    transaction_id BLOB    NOT NULL REFERENCES transactions (id),
    limit_id       BLOB    NOT NULL,
    window_from    INTEGER NOT NULL,
    amount_minor   INTEGER NOT NULL CHECK (amount_minor > 0),
    PRIMARY KEY (transaction_id, limit_id),
    FOREIGN KEY (limit_id, window_from) REFERENCES transaction_limit_usage (limit_id, window_from)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER transaction_limit_charges_add AFTER INSERT ON transaction_limit_charges
BEGIN
    UPDATE transaction_limit_usage SET used_minor = used_minor + NEW.amount_minor
    WHERE limit_id = NEW.limit_id AND window_from = NEW.window_from;
    SELECT RAISE(ABORT, 'a transaction limit would be exceeded')
    WHERE (SELECT used_minor FROM transaction_limit_usage
           WHERE limit_id = NEW.limit_id AND window_from = NEW.window_from)
        > (SELECT amount_minor FROM transaction_limits WHERE id = NEW.limit_id);
END;

CREATE TRIGGER transaction_limit_charges_give_back AFTER DELETE ON transaction_limit_charges
BEGIN
    UPDATE transaction_limit_usage SET used_minor = used_minor - OLD.amount_minor
    WHERE limit_id = OLD.limit_id AND window_from = OLD.window_from;
END;

CREATE TRIGGER transaction_limit_charges_are_immutable BEFORE UPDATE ON transaction_limit_charges
BEGIN
    SELECT RAISE(ABORT, 'a limit charge is never rewritten');
END;

CREATE TRIGGER customers_get_default_limits AFTER INSERT ON customers
BEGIN
    INSERT INTO transaction_limits (id, business_account_id, scope_type, scope_id, limit_type, currency, amount_minor, created_at, updated_at)
    SELECT randomblob(16), NEW.business_account_id, 'CUSTOMER', NEW.id, d.limit_type, c.currency, d.amount_minor, NEW.created_at, NEW.created_at
    FROM default_transaction_limits d CROSS JOIN (SELECT 'USD' AS currency UNION ALL SELECT 'CAD') c;
END;

CREATE TRIGGER financial_accounts_get_default_limits AFTER INSERT ON financial_accounts
WHEN NEW.category IN ('INTERNAL', 'INTEGRATED') AND NEW.holder_type = 'CUSTOMER'
BEGIN
    INSERT INTO transaction_limits (id, business_account_id, scope_type, scope_id, limit_type, currency, amount_minor, created_at, updated_at)
    SELECT randomblob(16), NEW.business_account_id, 'FA_KFA', NEW.id, d.limit_type, NEW.currency, d.amount_minor, NEW.created_at, NEW.created_at
    FROM default_transaction_limits d;
END;

-- Customers and accounts created before limits existed get the defaults too.
INSERT INTO transaction_limits (id, business_account_id, scope_type, scope_id, limit_type, currency, amount_minor, created_at, updated_at)
SELECT randomblob(16), k.business_account_id, 'CUSTOMER', k.id, d.limit_type, c.currency, d.amount_minor, k.created_at, k.created_at
FROM customers k CROSS JOIN default_transaction_limits d CROSS JOIN (SELECT 'USD' AS currency UNION ALL SELECT 'CAD') c;

INSERT INTO transaction_limits (id, business_account_id, scope_type, scope_id, limit_type, currency, amount_minor, created_at, updated_at)
SELECT randomblob(16), f.business_account_id, 'FA_KFA', f.id, d.limit_type, f.currency, d.amount_minor, f.created_at, f.created_at
FROM financial_accounts f CROSS JOIN default_transaction_limits d
WHERE f.category IN ('INTERNAL', 'INTEGRATED') AND f.holder_type = 'CUSTOMER';

CREATE INDEX transaction_limits_by_scope ON transaction_limits (business_account_id, scope_id, currency);
