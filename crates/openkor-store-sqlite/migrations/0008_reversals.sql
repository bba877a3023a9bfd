-- Reversals (reference §9.4): a REVERSAL mirrors a SETTLED or CLEARED SEND or REQUEST of the
-- same Business Account (same amount and currency, its two ledger sides swapped), and a
-- transaction has at most one reversal that has not failed.

CREATE TRIGGER transactions_reversal_mirrors_a_settled_parent BEFORE INSERT ON transactions
WHEN NEW.transaction_type = 'REVERSAL' AND NOT EXISTS (
    SELECT 1 FROM transactions p
    WHERE p.business_account_id = NEW.business_account_id AND p.id = NEW.parent_transaction_id
      AND p.status IN ('SETTLED', 'CLEARED') AND p.transaction_type IN ('SEND', 'REQUEST')
      AND p.amount_minor = NEW.amount_minor AND p.currency = NEW.currency
      AND p.debit_ledger_account_id = NEW.credit_ledger_account_id
      AND p.credit_ledger_account_id = NEW.debit_ledger_account_id
)
BEGIN
    SELECT RAISE(ABORT, 'a reversal mirrors a settled transaction: the same amount, its sides swapped');
END;

CREATE TRIGGER transactions_one_live_reversal BEFORE INSERT ON transactions
WHEN NEW.transaction_type = 'REVERSAL' AND EXISTS (
    SELECT 1 FROM transactions r
    WHERE r.business_account_id = NEW.business_account_id
      AND r.parent_transaction_id = NEW.parent_transaction_id AND r.transaction_type = 'REVERSAL'
      AND r.status NOT IN ('DECLINED', 'ERROR', 'CANCELLED')
)
BEGIN
    SELECT RAISE(ABORT, 'the transaction has a reversal already');
END;

-- Reversals and corrections are found by their parent.
CREATE INDEX transactions_by_parent ON transactions (business_account_id, parent_transaction_id)
WHERE parent_transaction_id IS NOT NULL;
