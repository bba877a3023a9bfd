-- Transaction limits (reference §8): SINGLE, DAILY, WEEKLY and MONTHLY caps on what the debit
-- side of a transaction sends, per currency, at Customer scope and at Financial Account scope
-- (FA_KFA). Same result as the SQLite migration of the same number.

-- The limits a new Customer (in USD and CAD) and a new internal or integrated Financial Account
-- of a Customer (in its currency) get. An operator may change these rows; existing limits stay.
CREATE TABLE default_transaction_limits (
    limit_type   text   NOT NULL PRIMARY KEY CHECK (limit_type IN ('SINGLE', 'DAILY', 'WEEKLY', 'MONTHLY')),
    amount_minor bigint NOT NULL CHECK (amount_minor BETWEEN 0 AND 100000000000000)
);

INSERT INTO default_transaction_limits (limit_type, amount_minor)
VALUES ('SINGLE', 2500000), ('DAILY', 5000000), ('WEEKLY', 10000000), ('MONTHLY', 25000000);

CREATE TABLE transaction_limits (
    id                  uuid        NOT NULL PRIMARY KEY,
    business_account_id uuid        NOT NULL REFERENCES business_accounts (id),
    scope_type          text        NOT NULL CHECK (scope_type IN ('CUSTOMER', 'FA_KFA')),
    scope_id            uuid        NOT NULL,
    limit_type          text        NOT NULL CHECK (limit_type IN ('SINGLE', 'DAILY', 'WEEKLY', 'MONTHLY')),
    currency            text        NOT NULL CHECK (currency IN ('USD', 'CAD')),
    amount_minor        bigint      NOT NULL CHECK (amount_minor BETWEEN 0 AND 100000000000000),
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    UNIQUE (business_account_id, scope_type, scope_id, limit_type, currency)
);

-- What the transactions of one window have used of a limit: the sum of their charges, kept by
-- the triggers below.
CREATE TABLE transaction_limit_usage (
    limit_id    uuid        NOT NULL REFERENCES transaction_limits (id),
    window_from timestamptz NOT NULL,
    window_to   timestamptz NOT NULL CHECK (window_to > window_from),
    used_minor  bigint      NOT NULL DEFAULT 0 CHECK (used_minor >= 0),
    PRIMARY KEY (limit_id, window_from)
);

-- One row per transaction and windowed limit it counts against; deleted when the transaction
-- gives its usage back (declined, failed, cancelled, reversed), so it is given back once.
CREATE TABLE transaction_limit_charges (
    transaction_id uuid        NOT NULL REFERENCES transactions (id),
    limit_id       uuid        NOT NULL,
    window_from    timestamptz NOT NULL,
    amount_minor   bigint      NOT NULL CHECK (amount_minor > 0),
    PRIMARY KEY (transaction_id, limit_id),
    FOREIGN KEY (limit_id, window_from) REFERENCES transaction_limit_usage (limit_id, window_from)
);

CREATE FUNCTION transaction_limit_charges_count() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    used bigint;
    cap bigint;
BEGIN
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION 'a limit charge is never rewritten' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        UPDATE transaction_limit_usage SET used_minor = used_minor - OLD.amount_minor
        WHERE limit_id = OLD.limit_id AND window_from = OLD.window_from;
        RETURN OLD;
    END IF;
    UPDATE transaction_limit_usage SET used_minor = used_minor + NEW.amount_minor
    WHERE limit_id = NEW.limit_id AND window_from = NEW.window_from
    RETURNING used_minor INTO used;
    SELECT amount_minor INTO cap FROM transaction_limits WHERE id = NEW.limit_id;
    IF used > cap THEN
        RAISE EXCEPTION 'a transaction limit would be exceeded' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER transaction_limit_charges_count
    AFTER INSERT OR UPDATE OR DELETE ON transaction_limit_charges
    FOR EACH ROW EXECUTE FUNCTION transaction_limit_charges_count();

CREATE FUNCTION customers_get_default_limits() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO transaction_limits (id, business_account_id, scope_type, scope_id, limit_type, currency, amount_minor, created_at, updated_at)
    SELECT gen_random_uuid(), NEW.business_account_id, 'CUSTOMER', NEW.id, d.limit_type, c.currency, d.amount_minor, NEW.created_at, NEW.created_at
    FROM default_transaction_limits d CROSS JOIN (VALUES ('USD'), ('CAD')) AS c (currency);
    RETURN NEW;
END
$$;

CREATE TRIGGER customers_get_default_limits AFTER INSERT ON customers
    FOR EACH ROW EXECUTE FUNCTION customers_get_default_limits();

CREATE FUNCTION financial_accounts_get_default_limits() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO transaction_limits (id, business_account_id, scope_type, scope_id, limit_type, currency, amount_minor, created_at, updated_at)
    SELECT gen_random_uuid(), NEW.business_account_id, 'FA_KFA', NEW.id, d.limit_type, NEW.currency, d.amount_minor, NEW.created_at, NEW.created_at
    FROM default_transaction_limits d;
    RETURN NEW;
END
$$;

CREATE TRIGGER financial_accounts_get_default_limits AFTER INSERT ON financial_accounts
    FOR EACH ROW WHEN (NEW.category IN ('INTERNAL', 'INTEGRATED') AND NEW.holder_type = 'CUSTOMER')
    EXECUTE FUNCTION financial_accounts_get_default_limits();

-- Customers and accounts created before limits existed get the defaults too.
INSERT INTO transaction_limits (id, business_account_id, scope_type, scope_id, limit_type, currency, amount_minor, created_at, updated_at)
SELECT gen_random_uuid(), k.business_account_id, 'CUSTOMER', k.id, d.limit_type, c.currency, d.amount_minor, k.created_at, k.created_at
FROM customers k CROSS JOIN default_transaction_limits d CROSS JOIN (VALUES ('USD'), ('CAD')) AS c (currency);

INSERT INTO transaction_limits (id, business_account_id, scope_type, scope_id, limit_type, currency, amount_minor, created_at, updated_at)
SELECT gen_random_uuid(), f.business_account_id, 'FA_KFA', f.id, d.limit_type, f.currency, d.amount_minor, f.created_at, f.created_at
FROM financial_accounts f CROSS JOIN default_transaction_limits d
WHERE f.category IN ('INTERNAL', 'INTEGRATED') AND f.holder_type = 'CUSTOMER';

CREATE INDEX transaction_limits_by_scope ON transaction_limits (business_account_id, scope_id, currency);
