-- ACH returns (reference §9.1 `RETURN`): the receiving bank sends a settled ACH SEND or REQUEST
-- back, and the RETURN moves the money back at once, even when that takes the account below
-- zero. Same result as the SQLite migration of the same number.
--
-- The rule "a Financial Account never goes below zero available" moves from a CHECK on
-- ledger_accounts to the posting trigger, which knows the posting: a journal entry may not
-- lower an account's available balance below zero, unless its postings are flagged
-- `may_overdraw`, which only a RETURN's entries may be. An entry that lowers nothing (a
-- held payout settling: the hold released, the amount posted) is accepted on an account
-- already below zero, so a return never stalls the payouts it overtook.

ALTER TABLE ledger_accounts DROP CONSTRAINT ledger_accounts_no_overdraft;

ALTER TABLE ledger_postings ADD COLUMN may_overdraw boolean NOT NULL DEFAULT false;

-- The totals change, then: a posting that lowers available (a POSTED debit, a hold placed)
-- on a Financial Account left below zero is refused unless it may overdraw or its entry has
-- not lowered that account's available so far (releases are written before postings; the
-- entry's earlier postings are visible to this row trigger, the row itself is not yet).
CREATE OR REPLACE FUNCTION ledger_postings_before_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    account_kind text;
    available_minor bigint;
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
    WHERE id = NEW.account_id
    RETURNING kind, posted_minor - pending_debits_minor INTO account_kind, available_minor;
    IF account_kind = 'FINANCIAL_ACCOUNT' AND available_minor < 0 AND NOT NEW.may_overdraw
       AND NEW.amount_minor < 0 AND NEW.bucket IN ('POSTED', 'PENDING_DEBIT')
       AND NEW.amount_minor + coalesce((
           SELECT sum(amount_minor) FROM ledger_postings
           WHERE entry_id = NEW.entry_id AND account_id = NEW.account_id
             AND bucket IN ('POSTED', 'PENDING_DEBIT')), 0) < 0 THEN
        RAISE EXCEPTION 'a posting cannot take a Financial Account below zero available'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$;

-- Only a RETURN's entries may overdraw.
CREATE FUNCTION journal_entries_overdraw_only_by_return() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM ledger_postings WHERE entry_id = NEW.id AND may_overdraw)
       AND NOT EXISTS (
           SELECT 1 FROM transactions
           WHERE business_account_id = NEW.business_account_id AND id = NEW.transaction_id
             AND transaction_type = 'RETURN') THEN
        RAISE EXCEPTION 'only a RETURN may overdraw an account' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER journal_entries_overdraw_only_by_return
    BEFORE INSERT ON journal_entries
    FOR EACH ROW EXECUTE FUNCTION journal_entries_overdraw_only_by_return();

-- A RETURN mirrors a SETTLED or CLEARED ACH SEND or REQUEST of the same Business Account (same
-- amount and currency, ledger sides swapped) that has no RETURN and no live reversal. The
-- trigger locks the parent, so concurrent returns and reversals of one transaction are
-- checked one after the other.
CREATE FUNCTION transactions_return_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM transactions
    WHERE business_account_id = NEW.business_account_id AND id = NEW.parent_transaction_id
      AND status IN ('SETTLED', 'CLEARED') AND transaction_type IN ('SEND', 'REQUEST')
      AND solution = 'ach' AND NEW.solution = 'ach'
      AND amount_minor = NEW.amount_minor AND currency = NEW.currency
      AND debit_ledger_account_id = NEW.credit_ledger_account_id
      AND credit_ledger_account_id = NEW.debit_ledger_account_id
    FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'a return mirrors a settled ACH transaction: the same amount, its sides swapped'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF EXISTS (
        SELECT 1 FROM transactions
        WHERE business_account_id = NEW.business_account_id
          AND parent_transaction_id = NEW.parent_transaction_id
          AND (transaction_type = 'RETURN'
               OR (transaction_type = 'REVERSAL' AND status NOT IN ('DECLINED', 'ERROR', 'CANCELLED')))
    ) THEN
        RAISE EXCEPTION 'the transaction has been returned or reversed already'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER transactions_return_guard BEFORE INSERT ON transactions
FOR EACH ROW WHEN (NEW.transaction_type = 'RETURN') EXECUTE FUNCTION transactions_return_guard();

-- A transaction becomes REVERSED only once its reversal has succeeded or it has been returned.
CREATE FUNCTION transactions_reversed_only_with_cause() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM transactions
        WHERE business_account_id = NEW.business_account_id AND parent_transaction_id = NEW.id
          AND transaction_type IN ('REVERSAL', 'RETURN') AND status IN ('SETTLED', 'CLEARED')
    ) THEN
        RAISE EXCEPTION 'a transaction is REVERSED only by a settled reversal or a return'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER transactions_reversed_only_with_cause BEFORE UPDATE OF status ON transactions
FOR EACH ROW WHEN (NEW.status = 'REVERSED' AND OLD.status <> 'REVERSED')
EXECUTE FUNCTION transactions_reversed_only_with_cause();

-- With no CHECK left to catch a rewritten total, the running totals change only as a posting
-- changes them: one bucket at a time, with the postings count.
CREATE FUNCTION ledger_accounts_totals_change_only_by_postings() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.postings_count <> OLD.postings_count + 1
       OR (NEW.posted_minor <> OLD.posted_minor)::int + (NEW.pending_debits_minor <> OLD.pending_debits_minor)::int
          + (NEW.pending_credits_minor <> OLD.pending_credits_minor)::int > 1 THEN
        RAISE EXCEPTION 'running totals change only through postings' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER ledger_accounts_totals_change_only_by_postings
    BEFORE UPDATE OF posted_minor, pending_debits_minor, pending_credits_minor, postings_count ON ledger_accounts
    FOR EACH ROW EXECUTE FUNCTION ledger_accounts_totals_change_only_by_postings();

-- And the other way round: no reversal of a returned transaction.
CREATE FUNCTION transactions_no_reversal_of_a_returned_parent() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM transactions
        WHERE business_account_id = NEW.business_account_id
          AND parent_transaction_id = NEW.parent_transaction_id AND transaction_type = 'RETURN'
    ) THEN
        RAISE EXCEPTION 'the transaction has been returned' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER transactions_no_reversal_of_a_returned_parent BEFORE INSERT ON transactions
FOR EACH ROW WHEN (NEW.transaction_type = 'REVERSAL') EXECUTE FUNCTION transactions_no_reversal_of_a_returned_parent();
