-- Default transaction limits are derived when read (openkor_domain::default_limits) instead of
-- being stored for every new Customer and account: a limit is stored when a client sets it or a
-- transaction first counts against it, under the id it was read with. Limits stored by earlier
-- releases stay as they are. Same result as the PostgreSQL migration of the same number.

DROP TRIGGER customers_get_default_limits;
DROP TRIGGER financial_accounts_get_default_limits;

-- The defaults become versioned: a Customer or account has the defaults in force when it was
-- created, so an operator who changes them (a new row from now on) changes them only for what is
-- created afterwards, as before. The earlier amounts apply from the beginning.
CREATE TABLE default_transaction_limits_versioned (
    limit_type     TEXT    NOT NULL CHECK (limit_type IN ('SINGLE', 'DAILY', 'WEEKLY', 'MONTHLY')),
    effective_from INTEGER NOT NULL,
    amount_minor   INTEGER NOT NULL CHECK (amount_minor BETWEEN 0 AND 100000000000000),
    PRIMARY KEY (limit_type, effective_from)
) STRICT, WITHOUT ROWID;

INSERT INTO default_transaction_limits_versioned (limit_type, effective_from, amount_minor)
SELECT limit_type, 0, amount_minor FROM default_transaction_limits;

DROP TABLE default_transaction_limits;
ALTER TABLE default_transaction_limits_versioned RENAME TO default_transaction_limits;

-- The unique key (business account, scope type, scope, limit type, currency) serves every lookup
-- by scope; this index only cost writes.
DROP INDEX transaction_limits_by_scope;
