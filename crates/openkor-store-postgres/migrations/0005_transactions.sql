-- Money movement: a ledger of running balances, journal entries made of postings, transactions
-- with their status history, the outbox of events, and idempotency keys. Replaces the
-- transfer table (each transfer becomes a journal entry). Same result as the SQLite migration of
-- the same number.

-- One ledger account per ledgered Financial Account (business, internal, integrated; its id is
-- the account's) and one OUTSIDE (contra) account per Business Account and currency, which
-- stands for the world outside and may go negative. The running totals change only through
-- postings (trigger below); a ledgered account never goes below zero available.
CREATE TABLE ledger_accounts (
    id                    uuid        NOT NULL PRIMARY KEY,
    business_account_id   uuid        NOT NULL REFERENCES business_accounts (id),
    kind                  text        NOT NULL CHECK (kind IN ('FINANCIAL_ACCOUNT', 'OUTSIDE')),
    financial_account_id  uuid,
    currency              text        NOT NULL CHECK (currency IN ('USD', 'CAD')),
    posted_minor          bigint      NOT NULL DEFAULT 0,
    pending_debits_minor  bigint      NOT NULL DEFAULT 0 CHECK (pending_debits_minor >= 0),
    pending_credits_minor bigint      NOT NULL DEFAULT 0 CHECK (pending_credits_minor >= 0),
    postings_count        bigint      NOT NULL DEFAULT 0 CHECK (postings_count >= 0),
    UNIQUE (business_account_id, id, currency),
    FOREIGN KEY (business_account_id, financial_account_id, currency) REFERENCES financial_accounts (business_account_id, id, currency),
    CHECK ((kind = 'FINANCIAL_ACCOUNT') = (financial_account_id IS NOT NULL)),
    CHECK (financial_account_id IS NULL OR financial_account_id = id),
    CONSTRAINT ledger_accounts_no_overdraft CHECK (kind = 'OUTSIDE' OR posted_minor - pending_debits_minor >= 0)
);

CREATE UNIQUE INDEX ledger_accounts_one_outside_per_currency
    ON ledger_accounts (business_account_id, currency) WHERE kind = 'OUTSIDE';

-- Transactions (reference §9.3). The latest status is the history row `latest_status_id`.
CREATE TABLE transactions (
    id                          uuid        NOT NULL PRIMARY KEY,
    business_account_id         uuid        NOT NULL REFERENCES business_accounts (id),
    debit_financial_account_id  uuid,
    credit_financial_account_id uuid        NOT NULL,
    debit_ledger_account_id     uuid        NOT NULL,
    credit_ledger_account_id    uuid        NOT NULL,
    debit_account_tail          text        CHECK (debit_account_tail ~ '^[0-9]{4}$'),
    credit_account_tail         text        NOT NULL CHECK (credit_account_tail ~ '^[0-9]{4}$'),
    transaction_type            text        NOT NULL CHECK (transaction_type IN ('SEND', 'REQUEST', 'DEPOSIT', 'WITHDRAWAL', 'REVERSAL', 'RETURN', 'ADJUSTMENT')),
    solution                    text        NOT NULL CHECK (solution IN ('ach', 'wire', 'push-to-card', 'transfer')),
    payment_reason_id           text        NOT NULL CHECK (length(payment_reason_id) BETWEEN 1 AND 100),
    amount_minor                bigint      NOT NULL CHECK (amount_minor BETWEEN 1 AND 10000000000),
    currency                    text        NOT NULL CHECK (currency IN ('USD', 'CAD')),
    settlement_priority         text        NOT NULL CHECK (settlement_priority IN ('IMMEDIATE', 'SAME_DAY', 'NEXT_DAY', 'SCHEDULED')),
    description                 text        CHECK (description IS NULL OR length(description) BETWEEN 1 AND 100),
    memo                        text        CHECK (memo IS NULL OR length(memo) <= 255),
    metadata                    text        NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(metadata::jsonb) = 'object'),
    initiator_account_holder_id uuid,
    parent_transaction_id       uuid,
    reversal_reason             text        CHECK (reversal_reason IS NULL OR reversal_reason IN ('DUPLICATE_PAYMENT', 'INCORRECT_RECIPIENT', 'INCORRECT_AMOUNT', 'EARLY_DEBIT', 'LATE_CREDIT')),
    held                        boolean     NOT NULL,
    status                      text        NOT NULL CHECK (status IN ('NEW', 'PENDING', 'PROCESSING', 'APPROVED', 'SETTLED', 'CLEARED', 'DECLINED', 'CANCELLED', 'REVERSED', 'ERROR')),
    latest_status_id            uuid        NOT NULL,
    next_step_at                timestamptz,
    created_by_type             text        NOT NULL CHECK (created_by_type IN ('employee', 'internal', 'kor_employee', 'service-account')),
    created_by_id               uuid,
    created_at                  timestamptz NOT NULL,
    updated_at                  timestamptz NOT NULL,
    UNIQUE (business_account_id, id),
    FOREIGN KEY (business_account_id, debit_financial_account_id, currency) REFERENCES financial_accounts (business_account_id, id, currency),
    FOREIGN KEY (business_account_id, credit_financial_account_id, currency) REFERENCES financial_accounts (business_account_id, id, currency),
    FOREIGN KEY (business_account_id, debit_ledger_account_id, currency) REFERENCES ledger_accounts (business_account_id, id, currency),
    FOREIGN KEY (business_account_id, credit_ledger_account_id, currency) REFERENCES ledger_accounts (business_account_id, id, currency),
    FOREIGN KEY (business_account_id, parent_transaction_id) REFERENCES transactions (business_account_id, id),
    CHECK (debit_financial_account_id <> credit_financial_account_id),
    -- Only a deposit comes from no account of the platform.
    CHECK ((debit_financial_account_id IS NULL) = (transaction_type = 'DEPOSIT')),
    CHECK ((debit_financial_account_id IS NULL) = (debit_account_tail IS NULL)),
    CHECK (debit_ledger_account_id <> credit_ledger_account_id),
    -- Only statuses the rails move on have a next step.
    CHECK (next_step_at IS NULL OR status IN ('NEW', 'PENDING', 'PROCESSING', 'APPROVED'))
);

CREATE INDEX transactions_by_created ON transactions (business_account_id, created_at, id);
CREATE INDEX transactions_by_debit ON transactions (business_account_id, debit_financial_account_id, created_at);
CREATE INDEX transactions_by_credit ON transactions (business_account_id, credit_financial_account_id, created_at);
CREATE INDEX transactions_due ON transactions (next_step_at) WHERE next_step_at IS NOT NULL;

-- Every transaction starts NEW and moves only along the status graph; its parties and amount
-- never change and it is never deleted.
CREATE FUNCTION transactions_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'transactions are never deleted' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'INSERT' THEN
        IF NEW.status <> 'NEW' THEN
            RAISE EXCEPTION 'a transaction starts NEW' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END IF;
    IF (NEW.id, NEW.business_account_id, NEW.debit_financial_account_id, NEW.credit_financial_account_id,
        NEW.debit_ledger_account_id, NEW.credit_ledger_account_id, NEW.transaction_type, NEW.solution,
        NEW.amount_minor, NEW.currency, NEW.held, NEW.created_at)
       IS DISTINCT FROM
       (OLD.id, OLD.business_account_id, OLD.debit_financial_account_id, OLD.credit_financial_account_id,
        OLD.debit_ledger_account_id, OLD.credit_ledger_account_id, OLD.transaction_type, OLD.solution,
        OLD.amount_minor, OLD.currency, OLD.held, OLD.created_at) THEN
        RAISE EXCEPTION 'a transaction''s parties and amount never change' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF NEW.status <> OLD.status AND NOT (
           (OLD.status = 'NEW' AND NEW.status IN ('PENDING', 'SETTLED', 'CLEARED', 'DECLINED', 'CANCELLED', 'ERROR'))
        OR (OLD.status = 'PENDING' AND NEW.status IN ('PROCESSING', 'DECLINED', 'CANCELLED', 'ERROR'))
        OR (OLD.status = 'PROCESSING' AND NEW.status IN ('APPROVED', 'DECLINED', 'ERROR'))
        OR (OLD.status = 'APPROVED' AND NEW.status IN ('SETTLED', 'CLEARED', 'DECLINED', 'ERROR'))
        OR (OLD.status IN ('SETTLED', 'CLEARED') AND NEW.status = 'REVERSED')) THEN
        RAISE EXCEPTION 'this status change is not allowed' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER transactions_guard
    BEFORE INSERT OR UPDATE OR DELETE ON transactions
    FOR EACH ROW EXECUTE FUNCTION transactions_guard();

CREATE TABLE transaction_statuses (
    id                    uuid        NOT NULL PRIMARY KEY,
    business_account_id   uuid        NOT NULL,
    transaction_id        uuid        NOT NULL,
    parent_transaction_id uuid,
    status                text        NOT NULL CHECK (status IN ('NEW', 'PENDING', 'PROCESSING', 'APPROVED', 'SETTLED', 'CLEARED', 'DECLINED', 'CANCELLED', 'REVERSED', 'ERROR')),
    event_type            text        NOT NULL CHECK (event_type IN ('CREATE', 'STATUS_CHANGE', 'REVERSAL', 'PROVIDER_VALIDATION_ISSUE', 'EDIT', 'CANCEL', 'RETURN')),
    message               text        NOT NULL CHECK (length(message) BETWEEN 1 AND 255),
    description           text        NOT NULL CHECK (length(description) BETWEEN 1 AND 255),
    created_by_type       text        NOT NULL CHECK (created_by_type IN ('employee', 'internal', 'kor_employee', 'service-account')),
    created_by_id         uuid,
    created_at            timestamptz NOT NULL,
    FOREIGN KEY (business_account_id, transaction_id) REFERENCES transactions (business_account_id, id)
);

CREATE INDEX transaction_statuses_by_transaction
    ON transaction_statuses (business_account_id, transaction_id, created_at, id);

-- Journal entries and their postings. A posting changes one bucket of one ledger account by a
-- signed amount (credits positive). The postings of an entry are written first, then the
-- entry, whose insertion checks that they sum to zero per currency and closes it: no posting
-- can join an entry that exists. (`ledger verify` also reports postings without an entry.)
CREATE TABLE ledger_postings (
    entry_id            uuid        NOT NULL,
    position            integer     NOT NULL CHECK (position BETWEEN 0 AND 15),
    business_account_id uuid        NOT NULL,
    account_id          uuid        NOT NULL,
    currency            text        NOT NULL CHECK (currency IN ('USD', 'CAD')),
    bucket              text        NOT NULL CHECK (bucket IN ('POSTED', 'PENDING_DEBIT', 'PENDING_CREDIT')),
    amount_minor        bigint      NOT NULL CHECK (amount_minor <> 0),
    PRIMARY KEY (entry_id, position),
    FOREIGN KEY (business_account_id, account_id, currency) REFERENCES ledger_accounts (business_account_id, id, currency)
);

CREATE TABLE journal_entries (
    id                  uuid        NOT NULL PRIMARY KEY,
    business_account_id uuid        NOT NULL REFERENCES business_accounts (id),
    transaction_id      uuid,
    status              text        CHECK (status IS NULL OR status IN ('NEW', 'PENDING', 'PROCESSING', 'APPROVED', 'SETTLED', 'CLEARED', 'DECLINED', 'CANCELLED', 'REVERSED', 'ERROR')),
    description         text        NOT NULL CHECK (length(description) BETWEEN 1 AND 255),
    created_at          timestamptz NOT NULL,
    FOREIGN KEY (business_account_id, transaction_id) REFERENCES transactions (business_account_id, id)
);

CREATE INDEX journal_entries_by_transaction ON journal_entries (transaction_id) WHERE transaction_id IS NOT NULL;

CREATE FUNCTION ledger_postings_before_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM journal_entries WHERE id = NEW.entry_id) THEN
        RAISE EXCEPTION 'a journal entry is closed once written' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF EXISTS (SELECT 1 FROM financial_accounts WHERE id = NEW.account_id AND deleted_at IS NOT NULL) THEN
        RAISE EXCEPTION 'a posting cannot name a deleted account' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    UPDATE ledger_accounts SET
        posted_minor = posted_minor + (CASE WHEN NEW.bucket = 'POSTED' THEN NEW.amount_minor ELSE 0 END),
        pending_debits_minor = pending_debits_minor - (CASE WHEN NEW.bucket = 'PENDING_DEBIT' THEN NEW.amount_minor ELSE 0 END),
        pending_credits_minor = pending_credits_minor + (CASE WHEN NEW.bucket = 'PENDING_CREDIT' THEN NEW.amount_minor ELSE 0 END),
        postings_count = postings_count + 1
    WHERE id = NEW.account_id;
    RETURN NEW;
END
$$;

CREATE TRIGGER ledger_postings_before_insert
    BEFORE INSERT ON ledger_postings
    FOR EACH ROW EXECUTE FUNCTION ledger_postings_before_insert();

CREATE FUNCTION journal_entries_balance() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (
           SELECT 1 FROM ledger_postings WHERE entry_id = NEW.id
           GROUP BY currency HAVING sum(amount_minor) <> 0)
       OR EXISTS (
           SELECT 1 FROM ledger_postings WHERE entry_id = NEW.id AND business_account_id <> NEW.business_account_id) THEN
        RAISE EXCEPTION 'a journal entry must balance in each currency, within one Business Account' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER journal_entries_balance
    BEFORE INSERT ON journal_entries
    FOR EACH ROW EXECUTE FUNCTION journal_entries_balance();

-- History, postings and entries are immutable.
CREATE FUNCTION ledger_rows_are_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% rows are immutable', TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
END
$$;

CREATE TRIGGER transaction_statuses_are_immutable BEFORE UPDATE OR DELETE ON transaction_statuses
    FOR EACH ROW EXECUTE FUNCTION ledger_rows_are_immutable();
CREATE TRIGGER ledger_postings_are_immutable BEFORE UPDATE OR DELETE ON ledger_postings
    FOR EACH ROW EXECUTE FUNCTION ledger_rows_are_immutable();
CREATE TRIGGER journal_entries_are_immutable BEFORE UPDATE OR DELETE ON journal_entries
    FOR EACH ROW EXECUTE FUNCTION ledger_rows_are_immutable();
CREATE TRIGGER ledger_tables_are_never_truncated BEFORE TRUNCATE ON ledger_postings
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_rows_are_immutable();
CREATE TRIGGER journal_entries_are_never_truncated BEFORE TRUNCATE ON journal_entries
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_rows_are_immutable();
CREATE TRIGGER transactions_are_never_truncated BEFORE TRUNCATE ON transactions
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_rows_are_immutable();

-- Events for webhook delivery, written in the same db transaction as the change they report.
CREATE TABLE outbox_events (
    id                  uuid        NOT NULL PRIMARY KEY,
    business_account_id uuid        NOT NULL REFERENCES business_accounts (id),
    event_type          text        NOT NULL CHECK (event_type IN ('transactions.status-changed', 'ledger.balance-updated')),
    payload             text        NOT NULL CHECK (jsonb_typeof(payload::jsonb) = 'object'),
    created_at          timestamptz NOT NULL
);

CREATE INDEX outbox_events_by_business_account ON outbox_events (business_account_id, created_at, id);

-- Idempotency keys: the first request's hash and the history row its answer showed, stored
-- with the effect.
CREATE TABLE idempotency_keys (
    business_account_id uuid        NOT NULL REFERENCES business_accounts (id),
    idempotency_key     text        NOT NULL CHECK (length(idempotency_key) BETWEEN 6 AND 255),
    request_hash        bytea       NOT NULL CHECK (length(request_hash) = 32),
    transaction_id      uuid        NOT NULL,
    response_status_id  uuid        NOT NULL,
    created_at          timestamptz NOT NULL,
    PRIMARY KEY (business_account_id, idempotency_key),
    FOREIGN KEY (business_account_id, transaction_id) REFERENCES transactions (business_account_id, id)
);

-- Ledger accounts for what exists, and for what will be created.
INSERT INTO ledger_accounts (id, business_account_id, kind, financial_account_id, currency)
SELECT id, business_account_id, 'FINANCIAL_ACCOUNT', id, currency
FROM financial_accounts WHERE category <> 'EXTERNAL';

INSERT INTO ledger_accounts (id, business_account_id, kind, currency)
SELECT gen_random_uuid(), business_accounts.id, 'OUTSIDE', currencies.code
FROM business_accounts, (VALUES ('USD'), ('CAD')) AS currencies (code);

CREATE FUNCTION financial_accounts_get_a_ledger_account() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO ledger_accounts (id, business_account_id, kind, financial_account_id, currency)
    VALUES (NEW.id, NEW.business_account_id, 'FINANCIAL_ACCOUNT', NEW.id, NEW.currency);
    RETURN NEW;
END
$$;

CREATE TRIGGER financial_accounts_get_a_ledger_account
    AFTER INSERT ON financial_accounts
    FOR EACH ROW WHEN (NEW.category <> 'EXTERNAL')
    EXECUTE FUNCTION financial_accounts_get_a_ledger_account();

CREATE FUNCTION business_accounts_get_outside_accounts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO ledger_accounts (id, business_account_id, kind, currency)
    VALUES (gen_random_uuid(), NEW.id, 'OUTSIDE', 'USD'), (gen_random_uuid(), NEW.id, 'OUTSIDE', 'CAD');
    RETURN NEW;
END
$$;

CREATE TRIGGER business_accounts_get_outside_accounts
    AFTER INSERT ON business_accounts
    FOR EACH ROW EXECUTE FUNCTION business_accounts_get_outside_accounts();

-- Each transfer of the old table becomes a journal entry (posted, or held while pending).
INSERT INTO ledger_postings (entry_id, position, business_account_id, account_id, currency, bucket, amount_minor)
SELECT id, 0, business_account_id, debit_account_id, currency,
       CASE status WHEN 'POSTED' THEN 'POSTED' ELSE 'PENDING_DEBIT' END, -amount_minor
FROM ledger_transfers WHERE status <> 'VOIDED';
INSERT INTO ledger_postings (entry_id, position, business_account_id, account_id, currency, bucket, amount_minor)
SELECT id, 1, business_account_id, credit_account_id, currency,
       CASE status WHEN 'POSTED' THEN 'POSTED' ELSE 'PENDING_CREDIT' END, amount_minor
FROM ledger_transfers WHERE status <> 'VOIDED';
INSERT INTO journal_entries (id, business_account_id, transaction_id, status, description, created_at)
SELECT id, business_account_id, NULL, NULL, 'transfer recorded before transactions existed', created_at
FROM ledger_transfers WHERE status <> 'VOIDED';

DROP TRIGGER financial_accounts_deleted_only_when_settled ON financial_accounts;
DROP FUNCTION financial_accounts_deleted_only_when_settled();
DROP TABLE ledger_transfers;
DROP FUNCTION ledger_transfers_guard();
DROP FUNCTION ledger_transfers_refuse_truncate();
DROP FUNCTION ledger_transfers_name_live_accounts();

-- An account is deleted only when its balance is zero and nothing is pending. Its ledger row
-- is locked, so a concurrent transaction holding it finishes first (and the deletion then sees
-- its hold), or waits and then finds the account deleted.
CREATE FUNCTION financial_accounts_deleted_only_when_settled() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    totals record;
BEGIN
    SELECT posted_minor, pending_debits_minor, pending_credits_minor INTO totals
    FROM ledger_accounts WHERE id = OLD.id FOR UPDATE;
    IF FOUND AND (totals.posted_minor <> 0 OR totals.pending_debits_minor <> 0 OR totals.pending_credits_minor <> 0) THEN
        RAISE EXCEPTION 'an account can be deleted only when its balance is zero and nothing is pending' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER financial_accounts_deleted_only_when_settled
    BEFORE UPDATE OF deleted_at ON financial_accounts
    FOR EACH ROW WHEN (OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL)
    EXECUTE FUNCTION financial_accounts_deleted_only_when_settled();
