-- ACH returns (reference §9.1 `RETURN`): the receiving bank sends a settled ACH SEND or REQUEST
-- back, and the RETURN moves the money back at once, even when that takes the account below
-- zero. Same result as the PostgreSQL migration of the same number.
--
-- The rule "a Financial Account never goes below zero available" moves from a CHECK on
-- ledger_accounts to the posting trigger, which knows the posting: a journal entry may not
-- lower an account's available balance below zero, unless its postings are flagged
-- `may_overdraw`, which only a RETURN's entries may be. An entry that lowers nothing (a
-- held payout settling: the hold released, the amount posted) is accepted on an account
-- already below zero, so a return never stalls the payouts it overtook.

-- SQLite cannot drop a CHECK: the table is rebuilt (migrations run with foreign keys off and
-- checked before commit). The legacy rename leaves the triggers that name the table as they
-- are: they name the rebuilt one once it has the old name.
PRAGMA legacy_alter_table = ON;

CREATE TABLE ledger_accounts_rebuilt (
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
    CHECK (financial_account_id IS NULL OR financial_account_id = id)
) STRICT;

INSERT INTO ledger_accounts_rebuilt
SELECT id, business_account_id, kind, financial_account_id, currency, posted_minor,
       pending_debits_minor, pending_credits_minor, postings_count
FROM ledger_accounts;

DROP TABLE ledger_accounts;
ALTER TABLE ledger_accounts_rebuilt RENAME TO ledger_accounts;
PRAGMA legacy_alter_table = OFF;

CREATE UNIQUE INDEX ledger_accounts_one_outside_per_currency
    ON ledger_accounts (business_account_id, currency) WHERE kind = 'OUTSIDE';

ALTER TABLE ledger_postings
    ADD COLUMN may_overdraw INTEGER NOT NULL DEFAULT 0 CHECK (may_overdraw IN (0, 1));

-- The totals change, then: a posting that lowers available (a POSTED debit, a hold placed)
-- on a Financial Account left below zero is refused unless it may overdraw or its entry has
-- not lowered that account's available so far (releases are written before postings).
DROP TRIGGER ledger_postings_update_totals;
CREATE TRIGGER ledger_postings_update_totals AFTER INSERT ON ledger_postings
BEGIN
    UPDATE ledger_accounts SET
        posted_minor = posted_minor + (CASE WHEN NEW.bucket = 'POSTED' THEN NEW.amount_minor ELSE 0 END),
        pending_debits_minor = pending_debits_minor - (CASE WHEN NEW.bucket = 'PENDING_DEBIT' THEN NEW.amount_minor ELSE 0 END),
        pending_credits_minor = pending_credits_minor + (CASE WHEN NEW.bucket = 'PENDING_CREDIT' THEN NEW.amount_minor ELSE 0 END),
        postings_count = postings_count + 1
    WHERE id = NEW.account_id;
    SELECT RAISE(ABORT, 'a posting cannot take a Financial Account below zero available')
    WHERE NEW.may_overdraw = 0 AND NEW.amount_minor < 0 AND NEW.bucket IN ('POSTED', 'PENDING_DEBIT')
      AND EXISTS (
          SELECT 1 FROM ledger_accounts
          WHERE id = NEW.account_id AND kind = 'FINANCIAL_ACCOUNT'
            AND posted_minor - pending_debits_minor < 0)
      AND (SELECT sum(amount_minor) FROM ledger_postings
           WHERE entry_id = NEW.entry_id AND account_id = NEW.account_id
             AND bucket IN ('POSTED', 'PENDING_DEBIT')) < 0;
END;

-- Only a RETURN's entries may overdraw.
CREATE TRIGGER journal_entries_overdraw_only_by_return BEFORE INSERT ON journal_entries
WHEN EXISTS (SELECT 1 FROM ledger_postings WHERE entry_id = NEW.id AND may_overdraw = 1)
 AND NOT EXISTS (
    SELECT 1 FROM transactions
    WHERE business_account_id = NEW.business_account_id AND id = NEW.transaction_id
      AND transaction_type = 'RETURN')
BEGIN
    SELECT RAISE(ABORT, 'only a RETURN may overdraw an account');
END;

-- A RETURN mirrors a SETTLED or CLEARED ACH SEND or REQUEST of the same Business Account (same
-- amount and currency, ledger sides swapped) that has no RETURN and no live reversal.
CREATE TRIGGER transactions_return_mirrors_a_settled_ach_parent BEFORE INSERT ON transactions
WHEN NEW.transaction_type = 'RETURN' AND NOT EXISTS (
    SELECT 1 FROM transactions p
    WHERE p.business_account_id = NEW.business_account_id AND p.id = NEW.parent_transaction_id
      AND p.status IN ('SETTLED', 'CLEARED') AND p.transaction_type IN ('SEND', 'REQUEST')
      AND p.solution = 'ach' AND NEW.solution = 'ach'
      AND p.amount_minor = NEW.amount_minor AND p.currency = NEW.currency
      AND p.debit_ledger_account_id = NEW.credit_ledger_account_id
      AND p.credit_ledger_account_id = NEW.debit_ledger_account_id
)
BEGIN
    SELECT RAISE(ABORT, 'a return mirrors a settled ACH transaction: the same amount, its sides swapped');
END;

CREATE TRIGGER transactions_one_return_and_no_live_reversal BEFORE INSERT ON transactions
WHEN NEW.transaction_type = 'RETURN' AND EXISTS (
    SELECT 1 FROM transactions r
    WHERE r.business_account_id = NEW.business_account_id
      AND r.parent_transaction_id = NEW.parent_transaction_id
      AND (r.transaction_type = 'RETURN'
           OR (r.transaction_type = 'REVERSAL' AND r.status NOT IN ('DECLINED', 'ERROR', 'CANCELLED')))
)
BEGIN
    SELECT RAISE(ABORT, 'the transaction has been returned or reversed already');
END;

-- A transaction becomes REVERSED only once its reversal has succeeded or it has been returned.
CREATE TRIGGER transactions_reversed_only_by_a_reversal_or_return BEFORE UPDATE OF status ON transactions
WHEN NEW.status = 'REVERSED' AND OLD.status <> 'REVERSED' AND NOT EXISTS (
    SELECT 1 FROM transactions c
    WHERE c.business_account_id = NEW.business_account_id AND c.parent_transaction_id = NEW.id
      AND c.transaction_type IN ('REVERSAL', 'RETURN') AND c.status IN ('SETTLED', 'CLEARED')
)
BEGIN
    SELECT RAISE(ABORT, 'a transaction is REVERSED only by a settled reversal or a return');
END;

-- With no CHECK left to catch a rewritten total, the running totals change only as a posting
-- changes them: one bucket at a time, with the postings count.
CREATE TRIGGER ledger_accounts_totals_change_only_by_postings
BEFORE UPDATE OF posted_minor, pending_debits_minor, pending_credits_minor, postings_count ON ledger_accounts
WHEN NEW.postings_count <> OLD.postings_count + 1
  OR (NEW.posted_minor <> OLD.posted_minor) + (NEW.pending_debits_minor <> OLD.pending_debits_minor)
     + (NEW.pending_credits_minor <> OLD.pending_credits_minor) > 1
BEGIN
    SELECT RAISE(ABORT, 'running totals change only through postings');
END;

-- And the other way round: no reversal of a returned transaction.
CREATE TRIGGER transactions_no_reversal_of_a_returned_parent BEFORE INSERT ON transactions
WHEN NEW.transaction_type = 'REVERSAL' AND EXISTS (
    SELECT 1 FROM transactions r
    WHERE r.business_account_id = NEW.business_account_id
      AND r.parent_transaction_id = NEW.parent_transaction_id AND r.transaction_type = 'RETURN')
BEGIN
    SELECT RAISE(ABORT, 'the transaction has been returned');
END;
