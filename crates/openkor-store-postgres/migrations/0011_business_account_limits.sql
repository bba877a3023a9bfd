-- Business Account limits (reference §3.4): DAILY, WEEKLY and MONTHLY caps per currency on what
-- a Business Account moves, enforced on it and on each of its descendants. A Business Account's
-- limit is a row of transaction_limits with scope_type BUSINESS_ACCOUNT whose scope is the
-- Business Account itself; none exist by default (an operator sets them). Same result as the
-- SQLite migration of the same number.

ALTER TABLE transaction_limits
    DROP CONSTRAINT transaction_limits_scope_type_check,
    ADD CONSTRAINT transaction_limits_scope_type_check
        CHECK (scope_type IN ('CUSTOMER', 'FA_KFA', 'BUSINESS_ACCOUNT')),
    ADD CONSTRAINT transaction_limits_business_account_scope
        CHECK (scope_type <> 'BUSINESS_ACCOUNT' OR (scope_id = business_account_id AND limit_type <> 'SINGLE'));

-- A transaction finds the Business Account limits it counts against by its Business Account's
-- ancestors.
CREATE INDEX business_account_tree_by_descendant ON business_account_tree (descendant_id, ancestor_id);
