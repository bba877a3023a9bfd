-- Reversals (reference §9.4): a REVERSAL mirrors a SETTLED or CLEARED SEND or REQUEST of the
-- same Business Account (same amount and currency, its two ledger sides swapped), and a
-- transaction has at most one reversal that has not failed. The trigger locks the parent, so
-- concurrent reversals of one transaction are checked one after the other.

CREATE FUNCTION transactions_reversal_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM transactions
    WHERE business_account_id = NEW.business_account_id AND id = NEW.parent_transaction_id
      AND status IN ('SETTLED', 'CLEARED') AND transaction_type IN ('SEND', 'REQUEST')
      AND amount_minor = NEW.amount_minor AND currency = NEW.currency
      AND debit_ledger_account_id = NEW.credit_ledger_account_id
      AND credit_ledger_account_id = NEW.debit_ledger_account_id
    FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'a reversal mirrors a settled transaction: the same amount, its sides swapped'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF EXISTS (
        SELECT 1 FROM transactions
        WHERE business_account_id = NEW.business_account_id
          AND parent_transaction_id = NEW.parent_transaction_id AND transaction_type = 'REVERSAL'
          AND status NOT IN ('DECLINED', 'ERROR', 'CANCELLED')
    ) THEN
        RAISE EXCEPTION 'the transaction has a reversal already'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER transactions_reversal_guard BEFORE INSERT ON transactions
FOR EACH ROW WHEN (NEW.transaction_type = 'REVERSAL') EXECUTE FUNCTION transactions_reversal_guard();

-- Reversals and corrections are found by their parent.
CREATE INDEX transactions_by_parent ON transactions (business_account_id, parent_transaction_id)
WHERE parent_transaction_id IS NOT NULL;
