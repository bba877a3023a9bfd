-- Default transaction limits are derived when read (openkor_domain::default_limits) instead of
-- being stored for every new Customer and account: a limit is stored when a client sets it or a
-- transaction first counts against it, under the id it was read with. Limits stored by earlier
-- releases stay as they are. Same result as the SQLite migration of the same number.

DROP TRIGGER customers_get_default_limits ON customers;
DROP FUNCTION customers_get_default_limits();
DROP TRIGGER financial_accounts_get_default_limits ON financial_accounts;
DROP FUNCTION financial_accounts_get_default_limits();

-- The defaults become versioned: a Customer or account has the defaults in force when it was
-- created, so an operator who changes them (a new row from now on) changes them only for what is
-- created afterwards, as before. The earlier amounts apply from the beginning.
ALTER TABLE default_transaction_limits
    ADD COLUMN effective_from timestamptz NOT NULL DEFAULT '1970-01-01T00:00:00Z';
ALTER TABLE default_transaction_limits ALTER COLUMN effective_from DROP DEFAULT;
ALTER TABLE default_transaction_limits DROP CONSTRAINT default_transaction_limits_pkey;
ALTER TABLE default_transaction_limits ADD PRIMARY KEY (limit_type, effective_from);

-- The unique key (business account, scope type, scope, limit type, currency) serves every lookup
-- by scope; this index only cost writes.
DROP INDEX transaction_limits_by_scope;
