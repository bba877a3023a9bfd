-- Lists at any size. Every filter and sort a list serves has an index that serves it in
-- order: (tenant, column, created_at, id) on live rows, the order the list asks for when it
-- filters on the column or sorts by it (the tie-break after any sort key is created_at, then
-- id). The old indexes on (tenant, created_at, id) and (tenant, email|phone) are replaced by
-- their live, ordered forms.
-- PostgreSQL orders text by code point (COLLATE "C", as the lists sort) and NULLs first
-- ascending (as the lists order nullable columns) in these indexes.

DROP INDEX financial_accounts_by_business_account;
DROP INDEX customers_by_created;
DROP INDEX customers_by_email;
DROP INDEX customers_by_phone;

CREATE INDEX financial_accounts_live_by_created ON financial_accounts (business_account_id, created_at, id)
    WHERE deleted_at IS NULL;
CREATE INDEX financial_accounts_live_by_updated ON financial_accounts (business_account_id, updated_at, created_at, id)
    WHERE deleted_at IS NULL;
CREATE INDEX financial_accounts_live_by_name ON financial_accounts (business_account_id, search_name COLLATE "C", created_at, id)
    WHERE deleted_at IS NULL;
CREATE INDEX financial_accounts_live_by_category ON financial_accounts (business_account_id, category, created_at, id)
    WHERE deleted_at IS NULL;
CREATE INDEX financial_accounts_live_by_type ON financial_accounts (business_account_id, account_type, created_at, id)
    WHERE deleted_at IS NULL;
CREATE INDEX financial_accounts_live_by_subtype ON financial_accounts (business_account_id, subtype, created_at, id)
    WHERE deleted_at IS NULL;
CREATE INDEX financial_accounts_live_by_currency ON financial_accounts (business_account_id, currency, created_at, id)
    WHERE deleted_at IS NULL;
CREATE INDEX financial_accounts_live_by_state ON financial_accounts (business_account_id, state, created_at, id)
    WHERE deleted_at IS NULL;
CREATE INDEX financial_accounts_live_by_default_flag ON financial_accounts (business_account_id, default_flag, created_at, id)
    WHERE deleted_at IS NULL;
CREATE INDEX financial_accounts_live_by_holder_type ON financial_accounts (business_account_id, holder_type, created_at, id)
    WHERE deleted_at IS NULL;
CREATE INDEX financial_accounts_live_by_holder ON financial_accounts (business_account_id, holder_id NULLS FIRST, created_at, id)
    WHERE deleted_at IS NULL;
CREATE INDEX financial_accounts_live_by_parent ON financial_accounts (business_account_id, parent_id NULLS FIRST, created_at, id)
    WHERE deleted_at IS NULL;

CREATE INDEX customers_live_by_created ON customers (business_account_id, created_at, id)
    WHERE deleted_at IS NULL;
CREATE INDEX customers_live_by_updated ON customers (business_account_id, updated_at, created_at, id)
    WHERE deleted_at IS NULL;
CREATE INDEX customers_live_by_name ON customers (business_account_id, search_name COLLATE "C", created_at, id)
    WHERE deleted_at IS NULL;
CREATE INDEX customers_live_by_external_id ON customers (business_account_id, external_id COLLATE "C" NULLS FIRST, created_at, id)
    WHERE deleted_at IS NULL;
CREATE INDEX customers_live_by_status ON customers (business_account_id, status, created_at, id)
    WHERE deleted_at IS NULL;
CREATE INDEX customers_live_by_type ON customers (business_account_id, customer_type, created_at, id)
    WHERE deleted_at IS NULL;
CREATE INDEX customers_live_by_email ON customers (business_account_id, search_email, created_at, id)
    WHERE deleted_at IS NULL;
CREATE INDEX customers_live_by_phone ON customers (business_account_id, search_phone, created_at, id)
    WHERE deleted_at IS NULL;

CREATE INDEX recipients_live_by_updated ON recipients (business_account_id, updated_at, created_at, id)
    WHERE deleted_at IS NULL;
CREATE INDEX recipients_live_by_state ON recipients (business_account_id, state, created_at, id)
    WHERE deleted_at IS NULL;

-- Substring search (`LIKE '%…%'`) served by trigram indexes. pg_trgm ships with PostgreSQL and
-- is a trusted extension: a role that may create objects in the database may install it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX customers_live_search_name ON customers USING gin (search_name gin_trgm_ops)
    WHERE deleted_at IS NULL;
CREATE INDEX customers_live_search_email ON customers USING gin (search_email gin_trgm_ops)
    WHERE deleted_at IS NULL;
CREATE INDEX customers_live_search_phone_digits ON customers USING gin (search_phone_digits gin_trgm_ops)
    WHERE deleted_at IS NULL;
CREATE INDEX financial_accounts_live_search_name ON financial_accounts USING gin (search_name gin_trgm_ops)
    WHERE deleted_at IS NULL;
CREATE INDEX recipients_live_search_text ON recipients USING gin (search_text gin_trgm_ops)
    WHERE deleted_at IS NULL;

CREATE INDEX customer_addresses_by_country ON customer_addresses (business_account_id, country_code);
