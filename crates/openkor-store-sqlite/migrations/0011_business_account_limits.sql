-- Business Account limits (reference §3.4): DAILY, WEEKLY and MONTHLY caps per currency on what
-- a Business Account moves, enforced on it and on each of its descendants. A Business Account's
-- limit is a row of transaction_limits with scope_type BUSINESS_ACCOUNT whose scope is the
-- Business Account itself; none exist by default (an operator sets them). Same result as the
-- PostgreSQL migration of the same number.

-- SQLite cannot change a CHECK: the table is rebuilt (migrations run with foreign keys off and
-- checked before commit). The legacy rename leaves the triggers and foreign keys that name the
-- table as they are: they name the rebuilt one once it has the old name.
PRAGMA legacy_alter_table = ON;

CREATE TABLE transaction_limits_rebuilt (
    id                  BLOB    NOT NULL PRIMARY KEY CHECK (length(id) = 16),
    business_account_id BLOB    NOT NULL REFERENCES business_accounts (id),
    scope_type          TEXT    NOT NULL CHECK (scope_type IN ('CUSTOMER', 'FA_KFA', 'BUSINESS_ACCOUNT')),
    scope_id            BLOB    NOT NULL CHECK (length(scope_id) = 16),
    limit_type          TEXT    NOT NULL CHECK (limit_type IN ('SINGLE', 'DAILY', 'WEEKLY', 'MONTHLY')),
    currency            TEXT    NOT NULL CHECK (currency IN ('USD', 'CAD')),
    amount_minor        INTEGER NOT NULL CHECK (amount_minor BETWEEN 0 AND 100000000000000),
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    UNIQUE (business_account_id, scope_type, scope_id, limit_type, currency),
    CHECK (scope_type <> 'BUSINESS_ACCOUNT' OR (scope_id = business_account_id AND limit_type <> 'SINGLE'))
) STRICT;

INSERT INTO transaction_limits_rebuilt
SELECT id, business_account_id, scope_type, scope_id, limit_type, currency, amount_minor,
       created_at, updated_at
FROM transaction_limits;

DROP TABLE transaction_limits;
ALTER TABLE transaction_limits_rebuilt RENAME TO transaction_limits;
PRAGMA legacy_alter_table = OFF;

CREATE INDEX transaction_limits_by_scope ON transaction_limits (business_account_id, scope_id, currency);

-- A transaction finds the Business Account limits it counts against by its Business Account's
-- ancestors.
CREATE INDEX business_account_tree_by_descendant ON business_account_tree (descendant_id, ancestor_id);
