-- Money movement: a ledger of running balances, journal entries made of postings, transactions
-- with their status history, the outbox of events, and idempotency keys. Replaces the
-- transfer table (each transfer becomes a journal entry). Same result as the PostgreSQL
-- migration of the same number.

-- One ledger account per ledgered Financial Account (business, internal, integrated; its id is
-- the account's) and one OUTSIDE (contra) account per Business Account and currency, which
-- stands for the world outside and may go negative. The running totals change only through
-- postings (trigger below); a ledgered account never goes below zero available.
CREATE TABLE ledger_accounts (
    id                    BLOB    NOT NULL PRIMARY KEY CHECK (length(id) = 16),
    business_account_id   BLOB    NOT NULL REFERENCES business_accounts (id),
    kind                  TEXT    NOT NULL CHECK (kind IN ('FINANCIAL_ACCOUNT', 'OUTSIDE')),
    financial_account_id  BLOB,
    currency              TEXT    NOT NULL CHECK (currency IN ('USD', 'CAD')),
    posted_minor          INTEGER NOT NULL DEFAULT 0,
    pending_debits_minor  INTEGER NOT NULL DEFAULT 0 CHECK (pending_debits_minor >= 0),
    pending_credits_minor INTEGER NOT NULL DEFAULT 0 CHECK (pending_credits_minor >= 0),
    postings_count        INTEGER NOT NULL DEFAULT 0 CHECK (postings_count >= 0),
    UNIQUE (business_account_id, id, currency),
    FOREIGN KEY (business_account_id, financial_account_id, currency) REFERENCES financial_accounts (business_account_id, id, currency),
    CHECK ((kind = 'FINANCIAL_ACCOUNT') = (financial_account_id IS NOT NULL)),
    CHECK (financial_account_id IS NULL OR financial_account_id = id),
    CHECK (kind = 'OUTSIDE' OR posted_minor - pending_debits_minor >= 0)
) STRICT;

CREATE UNIQUE INDEX ledger_accounts_one_outside_per_currency
    ON ledger_accounts (business_account_id, currency) WHERE kind = 'OUTSIDE';

-- Transactions (reference §9.3). The latest status is the history row `latest_status_id`.
CREATE TABLE transactions (
    id                          BLOB    NOT NULL PRIMARY KEY CHECK (length(id) = 16),
    business_account_id         BLOB    NOT NULL REFERENCES business_accounts (id),
    debit_financial_account_id  BLOB,
    credit_financial_account_id BLOB    NOT NULL,
    debit_ledger_account_id     BLOB    NOT NULL,
    credit_ledger_account_id    BLOB    NOT NULL,
    debit_account_tail          TEXT    CHECK (debit_account_tail GLOB '[0-9][0-9][0-9][0-9]'),
    credit_account_tail         TEXT    NOT NULL CHECK (credit_account_tail GLOB '[0-9][0-9][0-9][0-9]'),
    transaction_type            TEXT    NOT NULL CHECK (transaction_type IN ('SEND', 'REQUEST', 'DEPOSIT', 'WITHDRAWAL', 'REVERSAL', 'RETURN', 'ADJUSTMENT')),
    solution                    TEXT    NOT NULL CHECK (solution IN ('ach', 'wire', 'push-to-card', 'transfer')),
    payment_reason_id           TEXT    NOT NULL CHECK (length(payment_reason_id) BETWEEN 1 AND 100),
    amount_minor                INTEGER NOT NULL CHECK (amount_minor BETWEEN 1 AND 10000000000),
    currency                    TEXT    NOT NULL CHECK (currency IN ('USD', 'CAD')),
    settlement_priority         TEXT    NOT NULL CHECK (settlement_priority IN ('IMMEDIATE', 'SAME_DAY', 'NEXT_DAY', 'SCHEDULED')),
    description                 TEXT    CHECK (description IS NULL OR length(description) BETWEEN 1 AND 100),
    memo                        TEXT    CHECK (memo IS NULL OR length(memo) <= 255),
    metadata                    TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(metadata) AND json_type(metadata) = 'object'),
    initiator_account_holder_id BLOB    CHECK (initiator_account_holder_id IS NULL OR length(initiator_account_holder_id) = 16),
    parent_transaction_id       BLOB,
    reversal_reason             TEXT    CHECK (reversal_reason IS NULL OR reversal_reason IN ('DUPLICATE_PAYMENT', 'INCORRECT_RECIPIENT', 'INCORRECT_AMOUNT', 'EARLY_DEBIT', 'LATE_CREDIT')),
    held                        INTEGER NOT NULL CHECK (held IN (0, 1)),
    status                      TEXT    NOT NULL CHECK (status IN ('NEW', 'PENDING', 'PROCESSING', 'APPROVED', 'SETTLED', 'CLEARED', 'DECLINED', 'CANCELLED', 'REVERSED', 'ERROR')),
    latest_status_id            BLOB    NOT NULL CHECK (length(latest_status_id) = 16),
    next_step_at                INTEGER,
    created_by_type             TEXT    NOT NULL CHECK (created_by_type IN ('employee', 'internal', 'kor_employee', 'service-account')),
    created_by_id               BLOB,
    created_at                  INTEGER NOT NULL,
    updated_at                  INTEGER NOT NULL,
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
) STRICT;

CREATE INDEX transactions_by_created ON transactions (business_account_id, created_at, id);
CREATE INDEX transactions_by_debit ON transactions (business_account_id, debit_financial_account_id, created_at);
CREATE INDEX transactions_by_credit ON transactions (business_account_id, credit_financial_account_id, created_at);
CREATE INDEX transactions_due ON transactions (next_step_at) WHERE next_step_at IS NOT NULL;

-- Every transaction starts NEW and moves only along the status graph.
CREATE TRIGGER transactions_start_new BEFORE INSERT ON transactions
WHEN NEW.status <> 'NEW'
BEGIN
    SELECT RAISE(ABORT, 'a transaction starts NEW');
END;

CREATE TRIGGER transactions_status_graph BEFORE UPDATE OF status ON transactions
WHEN NEW.status <> OLD.status AND NOT (
       (OLD.status = 'NEW' AND NEW.status IN ('PENDING', 'SETTLED', 'CLEARED', 'DECLINED', 'CANCELLED', 'ERROR'))
    OR (OLD.status = 'PENDING' AND NEW.status IN ('PROCESSING', 'DECLINED', 'CANCELLED', 'ERROR'))
    OR (OLD.status = 'PROCESSING' AND NEW.status IN ('APPROVED', 'DECLINED', 'ERROR'))
    OR (OLD.status = 'APPROVED' AND NEW.status IN ('SETTLED', 'CLEARED', 'DECLINED', 'ERROR'))
    OR (OLD.status IN ('SETTLED', 'CLEARED') AND NEW.status = 'REVERSED'))
BEGIN
    SELECT RAISE(ABORT, 'this status change is not allowed');
END;

CREATE TRIGGER transactions_are_immutable
BEFORE UPDATE OF id, business_account_id, debit_financial_account_id, credit_financial_account_id,
    debit_ledger_account_id, credit_ledger_account_id, transaction_type, solution, amount_minor,
    currency, held, created_at
ON transactions
BEGIN
    SELECT RAISE(ABORT, 'a transaction''s parties and amount never change');
END;

CREATE TRIGGER transactions_are_never_deleted BEFORE DELETE ON transactions
BEGIN
    SELECT RAISE(ABORT, 'transactions are never deleted');
END;

CREATE TABLE transaction_statuses (
    id                    BLOB    NOT NULL PRIMARY KEY CHECK (length(id) = 16),
    business_account_id   BLOB    NOT NULL,
    transaction_id        BLOB    NOT NULL,
    parent_transaction_id BLOB,
    status                TEXT    NOT NULL CHECK (status IN ('NEW', 'PENDING', 'PROCESSING', 'APPROVED', 'SETTLED', 'CLEARED', 'DECLINED', 'CANCELLED', 'REVERSED', 'ERROR')),
    event_type            TEXT    NOT NULL CHECK (event_type IN ('CREATE', 'STATUS_CHANGE', 'REVERSAL', 'PROVIDER_VALIDATION_ISSUE', 'EDIT', 'CANCEL', 'RETURN')),
    message               TEXT    NOT NULL CHECK (length(message) BETWEEN 1 AND 255),
    description           TEXT    NOT NULL CHECK (length(description) BETWEEN 1 AND 255),
    created_by_type       TEXT    NOT NULL CHECK (created_by_type IN ('employee', 'internal', 'kor_employee', 'service-account')),
    created_by_id         BLOB,
    created_at            INTEGER NOT NULL,
    FOREIGN KEY (business_account_id, transaction_id) REFERENCES transactions (business_account_id, id)
) STRICT;

CREATE INDEX transaction_statuses_by_transaction
    ON transaction_statuses (business_account_id, transaction_id, created_at, id);

CREATE TRIGGER transaction_statuses_are_immutable BEFORE UPDATE ON transaction_statuses
BEGIN
    SELECT RAISE(ABORT, 'status history is immutable');
END;

CREATE TRIGGER transaction_statuses_are_never_deleted BEFORE DELETE ON transaction_statuses
BEGIN
    SELECT RAISE(ABORT, 'status history is immutable');
END;

-- Journal entries and their postings. A posting changes one bucket of one ledger account by a
-- signed amount (credits positive). The postings of an entry are written first, then the
-- entry, whose insertion checks that they sum to zero per currency and closes it: no posting
-- can join an entry that exists. (`ledger verify` also reports postings without an entry.)
CREATE TABLE ledger_postings (
    entry_id            BLOB    NOT NULL CHECK (length(entry_id) = 16),
    position            INTEGER NOT NULL CHECK (position BETWEEN 0 AND 15),
    business_account_id BLOB    NOT NULL,
    account_id          BLOB    NOT NULL,
    currency            TEXT    NOT NULL CHECK (currency IN ('USD', 'CAD')),
    bucket              TEXT    NOT NULL CHECK (bucket IN ('POSTED', 'PENDING_DEBIT', 'PENDING_CREDIT')),
    amount_minor        INTEGER NOT NULL CHECK (amount_minor <> 0),
    PRIMARY KEY (entry_id, position),
    FOREIGN KEY (business_account_id, account_id, currency) REFERENCES ledger_accounts (business_account_id, id, currency)
) STRICT, WITHOUT ROWID;

CREATE TABLE journal_entries (
    id                  BLOB    NOT NULL PRIMARY KEY CHECK (length(id) = 16),
    business_account_id BLOB    NOT NULL REFERENCES business_accounts (id),
    transaction_id      BLOB,
    status              TEXT    CHECK (status IS NULL OR status IN ('NEW', 'PENDING', 'PROCESSING', 'APPROVED', 'SETTLED', 'CLEARED', 'DECLINED', 'CANCELLED', 'REVERSED', 'ERROR')),
    description         TEXT    NOT NULL CHECK (length(description) BETWEEN 1 AND 255),
    created_at          INTEGER NOT NULL,
    FOREIGN KEY (business_account_id, transaction_id) REFERENCES transactions (business_account_id, id)
) STRICT;

CREATE INDEX journal_entries_by_transaction ON journal_entries (transaction_id) WHERE transaction_id IS NOT NULL;

CREATE TRIGGER ledger_postings_only_into_open_entries BEFORE INSERT ON ledger_postings
WHEN EXISTS (SELECT 1 FROM journal_entries WHERE id = NEW.entry_id)
BEGIN
    SELECT RAISE(ABORT, 'a journal entry is closed once written');
END;

CREATE TRIGGER ledger_postings_name_live_accounts BEFORE INSERT ON ledger_postings
WHEN EXISTS (SELECT 1 FROM financial_accounts WHERE id = NEW.account_id AND deleted_at IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'a posting cannot name a deleted account');
END;

CREATE TRIGGER ledger_postings_update_totals AFTER INSERT ON ledger_postings
BEGIN
    UPDATE ledger_accounts SET
        posted_minor = posted_minor + (CASE WHEN NEW.bucket = 'POSTED' THEN NEW.amount_minor ELSE 0 END),
        pending_debits_minor = pending_debits_minor - (CASE WHEN NEW.bucket = 'PENDING_DEBIT' THEN NEW.amount_minor ELSE 0 END),
        pending_credits_minor = pending_credits_minor + (CASE WHEN NEW.bucket = 'PENDING_CREDIT' THEN NEW.amount_minor ELSE 0 END),
        postings_count = postings_count + 1
    WHERE id = NEW.account_id;
END;

CREATE TRIGGER journal_entries_balance BEFORE INSERT ON journal_entries
WHEN EXISTS (
    SELECT 1 FROM ledger_postings WHERE entry_id = NEW.id
    GROUP BY currency HAVING sum(amount_minor) <> 0)
  OR EXISTS (
    SELECT 1 FROM ledger_postings WHERE entry_id = NEW.id AND business_account_id <> NEW.business_account_id)
BEGIN
    SELECT RAISE(ABORT, 'a journal entry must balance in each currency, within one Business Account');
END;

-- INSERT OR REPLACE would delete the old row without firing its delete trigger (recursive
-- triggers are off): a reused id is refused instead.
CREATE TRIGGER journal_entries_are_never_replaced BEFORE INSERT ON journal_entries
WHEN EXISTS (SELECT 1 FROM journal_entries WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'journal entries are immutable');
END;

CREATE TRIGGER transactions_are_never_replaced BEFORE INSERT ON transactions
WHEN EXISTS (SELECT 1 FROM transactions WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'transactions are never deleted');
END;

CREATE TRIGGER transaction_statuses_are_never_replaced BEFORE INSERT ON transaction_statuses
WHEN EXISTS (SELECT 1 FROM transaction_statuses WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'status history is immutable');
END;

CREATE TRIGGER ledger_postings_are_immutable BEFORE UPDATE ON ledger_postings
BEGIN
    SELECT RAISE(ABORT, 'ledger postings are immutable');
END;

CREATE TRIGGER ledger_postings_are_never_deleted BEFORE DELETE ON ledger_postings
BEGIN
    SELECT RAISE(ABORT, 'ledger postings are immutable');
END;

CREATE TRIGGER journal_entries_are_immutable BEFORE UPDATE ON journal_entries
BEGIN
    SELECT RAISE(ABORT, 'journal entries are immutable');
END;

CREATE TRIGGER journal_entries_are_never_deleted BEFORE DELETE ON journal_entries
BEGIN
    SELECT RAISE(ABORT, 'journal entries are immutable');
END;

-- Events for webhook delivery, written in the same db transaction as the change they report.
CREATE TABLE outbox_events (
    id                  BLOB    NOT NULL PRIMARY KEY CHECK (length(id) = 16),
    business_account_id BLOB    NOT NULL REFERENCES business_accounts (id),
    event_type          TEXT    NOT NULL CHECK (event_type IN ('transactions.status-changed', 'ledger.balance-updated')),
    payload             TEXT    NOT NULL CHECK (json_valid(payload) AND json_type(payload) = 'object'),
    created_at          INTEGER NOT NULL
) STRICT;

CREATE INDEX outbox_events_by_business_account ON outbox_events (business_account_id, created_at, id);

-- Idempotency keys: the first request's hash and the history row its answer showed, stored
-- with the effect.
CREATE TABLE idempotency_keys (
    business_account_id BLOB    NOT NULL REFERENCES business_accounts (id),
    idempotency_key     TEXT    NOT NULL CHECK (length(idempotency_key) BETWEEN 6 AND 255),
    request_hash        BLOB    NOT NULL CHECK (length(request_hash) = 32),
    transaction_id      BLOB    NOT NULL,
    response_status_id  BLOB    NOT NULL CHECK (length(response_status_id) = 16),
    created_at          INTEGER NOT NULL,
    PRIMARY KEY (business_account_id, idempotency_key),
    FOREIGN KEY (business_account_id, transaction_id) REFERENCES transactions (business_account_id, id)
) STRICT, WITHOUT ROWID;

-- Ledger accounts for what exists, and for what will be created.
INSERT INTO ledger_accounts (id, business_account_id, kind, financial_account_id, currency)
SELECT id, business_account_id, 'FINANCIAL_ACCOUNT', id, currency
FROM financial_accounts WHERE category <> 'EXTERNAL';

INSERT INTO ledger_accounts (id, business_account_id, kind, currency)
SELECT randomblob(16), business_accounts.id, 'OUTSIDE', currencies.code
FROM business_accounts, (SELECT 'USD' AS code UNION ALL SELECT 'CAD') AS currencies;

CREATE TRIGGER financial_accounts_get_a_ledger_account AFTER INSERT ON financial_accounts
WHEN NEW.category <> 'EXTERNAL'
BEGIN
    INSERT INTO ledger_accounts (id, business_account_id, kind, financial_account_id, currency)
    VALUES (NEW.id, NEW.business_account_id, 'FINANCIAL_ACCOUNT', NEW.id, NEW.currency);
END;

CREATE TRIGGER business_accounts_get_outside_accounts AFTER INSERT ON business_accounts
BEGIN
    INSERT INTO ledger_accounts (id, business_account_id, kind, currency)
    VALUES (randomblob(16), NEW.id, 'OUTSIDE', 'USD'), (randomblob(16), NEW.id, 'OUTSIDE', 'CAD');
END;

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

DROP TRIGGER financial_accounts_deleted_only_when_settled;
DROP TABLE ledger_transfers;

-- An account is deleted only when its balance is zero and nothing is pending.
CREATE TRIGGER financial_accounts_deleted_only_when_settled
BEFORE UPDATE OF deleted_at ON financial_accounts
WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL AND EXISTS (
    SELECT 1 FROM ledger_accounts
    WHERE id = OLD.id
      AND (posted_minor <> 0 OR pending_debits_minor <> 0 OR pending_credits_minor <> 0))
BEGIN
    SELECT RAISE(ABORT, 'an account can be deleted only when its balance is zero and nothing is pending');
END;
