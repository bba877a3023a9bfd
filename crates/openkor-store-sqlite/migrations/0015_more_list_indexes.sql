-- Lists at any size, continued: the transaction, status-history, Recipient and webhook lists.
-- As in 0014, every filter and sort a list serves has an index (tenant, column, created_at, id)
-- that serves it in order (the tie-break after any sort key is created_at, then id); tables
-- without deleted_at get no partial predicate. Indexes that serve already are kept:
-- transactions_by_created (createdAt, createdFrom/createdBefore), the unique (tenant, id) (sort
-- by id), transaction_statuses_by_transaction (a history), recipients_by_created,
-- recipients_live_by_updated and recipients_live_by_state, webhook_subscriptions_by_business_account
-- and webhook_deliveries_by_subscription (a subscription's deliveries).
-- The debit and credit account indexes of 0005, (tenant, account, created_at), are replaced by
-- ones that end with the id as the order does: they serve every statement the old ones served.
-- A Recipient search (a substring of search_text) scans the tenant's live Recipients here until
-- SQLite's full-text tables serve it.

DROP INDEX transactions_by_debit;
DROP INDEX transactions_by_credit;

CREATE INDEX transactions_by_debit_account ON transactions (business_account_id, debit_financial_account_id, created_at, id);
CREATE INDEX transactions_by_credit_account ON transactions (business_account_id, credit_financial_account_id, created_at, id);
CREATE INDEX transactions_by_amount ON transactions (business_account_id, amount_minor, created_at, id);
CREATE INDEX transactions_by_status ON transactions (business_account_id, status, created_at, id);
CREATE INDEX transactions_by_debit_tail ON transactions (business_account_id, debit_account_tail, created_at, id);
CREATE INDEX transactions_by_credit_tail ON transactions (business_account_id, credit_account_tail, created_at, id);
CREATE INDEX transactions_by_type ON transactions (business_account_id, transaction_type, created_at, id);
CREATE INDEX transactions_by_solution ON transactions (business_account_id, solution, created_at, id);
CREATE INDEX transactions_by_requestor ON transactions (business_account_id, created_by_id, created_at, id);
CREATE INDEX transactions_by_requestor_type ON transactions (business_account_id, created_by_type, created_at, id);

-- Recipients sort by their names and e-mail case-insensitively: by the lower-case forms 0012
-- stores (Unicode lower case, alike on both backends; SQLite's lower() folds only ASCII).
CREATE INDEX recipients_live_by_first_name ON recipients (business_account_id, first_name_lower, created_at, id)
    WHERE deleted_at IS NULL;
CREATE INDEX recipients_live_by_last_name ON recipients (business_account_id, last_name_lower, created_at, id)
    WHERE deleted_at IS NULL;
CREATE INDEX recipients_live_by_email ON recipients (business_account_id, email_lower, created_at, id)
    WHERE deleted_at IS NULL;

-- A subscription's deliveries filtered by status.
CREATE INDEX webhook_deliveries_by_status ON webhook_deliveries (business_account_id, subscription_id, status, created_at, id);
