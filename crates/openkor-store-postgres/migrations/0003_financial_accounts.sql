-- Financial Accounts of customers (internal, external bank, external card, integrated bank),
-- their agreements, and the double-entry ledger. Same result as the SQLite migration of the
-- same name (which rebuilds the table).

ALTER TABLE financial_accounts
    ALTER COLUMN account_number DROP NOT NULL,
    ADD COLUMN search_name           text,
    ADD COLUMN customer_id           uuid,
    ADD COLUMN account_number_tail   text,
    ADD COLUMN fingerprint           bytea       CHECK (fingerprint IS NULL OR octet_length(fingerprint) = 32),
    ADD COLUMN verification_status   text,
    ADD COLUMN verification_method   text        CHECK (verification_method IS NULL OR verification_method IN ('PRENOTE', 'AGGREGATION')),
    ADD COLUMN bank_name             text        CHECK (bank_name IS NULL OR char_length(bank_name) BETWEEN 1 AND 100),
    ADD COLUMN routing_number        text        CHECK (routing_number IS NULL OR routing_number ~ '^[0-9]{9}$'),
    ADD COLUMN name_on_account       text        CHECK (name_on_account IS NULL OR char_length(name_on_account) BETWEEN 1 AND 40),
    ADD COLUMN bank_business_name    text        CHECK (bank_business_name IS NULL OR char_length(bank_business_name) BETWEEN 1 AND 40),
    ADD COLUMN card_first_name       text        CHECK (card_first_name IS NULL OR char_length(card_first_name) BETWEEN 1 AND 40),
    ADD COLUMN card_middle_name      text        CHECK (card_middle_name IS NULL OR char_length(card_middle_name) BETWEEN 1 AND 40),
    ADD COLUMN card_last_name        text        CHECK (card_last_name IS NULL OR char_length(card_last_name) BETWEEN 1 AND 40),
    ADD COLUMN card_expiry           text        CHECK (card_expiry IS NULL OR card_expiry ~ '^[0-9]{4}-[01][0-9]$'),
    ADD COLUMN billing_address_line1 text        CHECK (billing_address_line1 IS NULL OR char_length(billing_address_line1) BETWEEN 1 AND 50),
    ADD COLUMN billing_address_line2 text        CHECK (billing_address_line2 IS NULL OR char_length(billing_address_line2) BETWEEN 1 AND 50),
    ADD COLUMN billing_address_line3 text        CHECK (billing_address_line3 IS NULL OR char_length(billing_address_line3) BETWEEN 1 AND 50),
    ADD COLUMN billing_city          text        CHECK (billing_city IS NULL OR char_length(billing_city) BETWEEN 1 AND 25),
    ADD COLUMN billing_state_code    text        CHECK (billing_state_code IS NULL OR char_length(billing_state_code) BETWEEN 2 AND 3),
    ADD COLUMN billing_country_code  text        CHECK (billing_country_code IS NULL OR char_length(billing_country_code) = 3),
    ADD COLUMN billing_postal_code   text        CHECK (billing_postal_code IS NULL OR char_length(billing_postal_code) BETWEEN 1 AND 10);

UPDATE financial_accounts SET
    search_name = lower(name),
    customer_id = CASE WHEN holder_type = 'CUSTOMER' THEN holder_id END,
    account_number_tail = right(account_number, 4),
    verification_status = 'APPROVED',
    verification_method = CASE WHEN account_type = 'BANK' THEN 'PRENOTE' END;

ALTER TABLE financial_accounts
    ALTER COLUMN search_name SET NOT NULL,
    ALTER COLUMN account_number_tail SET NOT NULL,
    ALTER COLUMN verification_status SET NOT NULL,
    ADD CONSTRAINT financial_accounts_account_number_digits CHECK (account_number IS NULL OR account_number ~ '^[0-9]{4,20}$'),
    ADD CONSTRAINT financial_accounts_tail_digits CHECK (account_number_tail ~ '^[0-9]{4}$'),
    ADD CONSTRAINT financial_accounts_verification_status CHECK (verification_status IN ('UNVERIFIED', 'PENDING', 'PROCESSING', 'REVIEW', 'DECLINED', 'APPROVED', 'ERROR')),
    ADD CONSTRAINT financial_accounts_business_id_currency UNIQUE (business_account_id, id, currency),
    ADD CONSTRAINT financial_accounts_customer FOREIGN KEY (business_account_id, customer_id) REFERENCES customers (business_account_id, id),
    ADD CONSTRAINT financial_accounts_customer_is_holder CHECK ((holder_type = 'CUSTOMER') = (customer_id IS NOT NULL) AND (customer_id IS NULL OR customer_id = holder_id)),
    -- openkor issues (and keeps) the numbers of internal and integrated accounts; of an
    -- external account it keeps only the last four digits and a keyed fingerprint.
    ADD CONSTRAINT financial_accounts_external_has_no_number CHECK ((category = 'EXTERNAL') = (account_number IS NULL)),
    ADD CONSTRAINT financial_accounts_external_has_fingerprint CHECK ((category = 'EXTERNAL') = (fingerprint IS NOT NULL)),
    ADD CONSTRAINT financial_accounts_tail_matches CHECK (account_number IS NULL OR right(account_number, 4) = account_number_tail),
    -- An internal account is a bank account under a parent; a card carries its card details.
    ADD CONSTRAINT financial_accounts_internal_under_parent CHECK (category <> 'INTERNAL' OR (parent_id IS NOT NULL AND account_type = 'BANK')),
    ADD CONSTRAINT financial_accounts_card_details CHECK ((account_type = 'CARD') = (card_first_name IS NOT NULL AND card_last_name IS NOT NULL AND card_expiry IS NOT NULL)),
    ADD CONSTRAINT financial_accounts_card_billing CHECK (account_type <> 'CARD' OR (billing_address_line1 IS NOT NULL AND billing_city IS NOT NULL AND billing_country_code IS NOT NULL)),
    ADD CONSTRAINT financial_accounts_billing_complete CHECK ((billing_address_line1 IS NULL) = (billing_city IS NULL));

CREATE INDEX financial_accounts_by_customer
    ON financial_accounts (business_account_id, customer_id, created_at, id);
-- At most one default account per holder.
CREATE UNIQUE INDEX financial_accounts_one_default_per_holder
    ON financial_accounts (business_account_id, holder_id)
    WHERE default_flag AND deleted_at IS NULL AND holder_id IS NOT NULL;
-- The same external bank account or card is linked to a holder at most once.
CREATE UNIQUE INDEX financial_accounts_one_link_per_fingerprint
    ON financial_accounts (business_account_id, holder_id, fingerprint)
    WHERE fingerprint IS NOT NULL AND deleted_at IS NULL;

CREATE TABLE financial_account_agreements (
    business_account_id  uuid        NOT NULL,
    financial_account_id uuid        NOT NULL,
    position             bigint      NOT NULL CHECK (position BETWEEN 0 AND 19),
    document_id          text        NOT NULL CHECK (char_length(document_id) BETWEEN 1 AND 100),
    document_version     text        NOT NULL CHECK (char_length(document_version) BETWEEN 1 AND 100),
    accepted             boolean     NOT NULL CHECK (accepted),
    responded_at         timestamptz NOT NULL,
    PRIMARY KEY (business_account_id, financial_account_id, position),
    FOREIGN KEY (business_account_id, financial_account_id) REFERENCES financial_accounts (business_account_id, id)
);

-- The ledger: one row per transfer, balanced by construction (the amount leaves the debit
-- account and reaches the credit account); both accounts must be of the transfer's currency.
CREATE TABLE ledger_transfers (
    id                  uuid        NOT NULL PRIMARY KEY,
    business_account_id uuid        NOT NULL,
    debit_account_id    uuid        NOT NULL,
    credit_account_id   uuid        NOT NULL,
    currency            text        NOT NULL CHECK (currency IN ('USD', 'CAD')),
    amount_minor        bigint      NOT NULL CHECK (amount_minor > 0),
    status              text        NOT NULL CHECK (status IN ('PENDING', 'POSTED', 'VOIDED')),
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    FOREIGN KEY (business_account_id, debit_account_id, currency) REFERENCES financial_accounts (business_account_id, id, currency),
    FOREIGN KEY (business_account_id, credit_account_id, currency) REFERENCES financial_accounts (business_account_id, id, currency),
    CHECK (debit_account_id <> credit_account_id)
);

CREATE INDEX ledger_transfers_by_debit ON ledger_transfers (business_account_id, debit_account_id, status);
CREATE INDEX ledger_transfers_by_credit ON ledger_transfers (business_account_id, credit_account_id, status);

-- Transfers are never deleted or rewritten; a pending one is posted or voided, once.
CREATE FUNCTION ledger_transfers_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'ledger transfers are never deleted';
    END IF;
    IF (NEW.id, NEW.business_account_id, NEW.debit_account_id, NEW.credit_account_id, NEW.currency, NEW.amount_minor, NEW.created_at)
       IS DISTINCT FROM
       (OLD.id, OLD.business_account_id, OLD.debit_account_id, OLD.credit_account_id, OLD.currency, OLD.amount_minor, OLD.created_at) THEN
        RAISE EXCEPTION 'ledger transfers are immutable';
    END IF;
    IF NEW.status IS DISTINCT FROM OLD.status AND (OLD.status <> 'PENDING' OR NEW.status = 'PENDING') THEN
        RAISE EXCEPTION 'only a pending transfer can be posted or voided';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER ledger_transfers_guard
    BEFORE UPDATE OR DELETE ON ledger_transfers
    FOR EACH ROW EXECUTE FUNCTION ledger_transfers_guard();
