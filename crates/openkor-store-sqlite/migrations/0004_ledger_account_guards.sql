-- The ledger and the accounts it names stay consistent at the database level:
--  * a transfer id is never reused: INSERT OR REPLACE would otherwise delete the old row
--    without firing the delete trigger (recursive triggers are off);
--  * a transfer names live accounts only;
--  * an account is deleted only when its ledger balance is zero and nothing is pending.
-- SQLite runs one writer at a time, so each check sees every committed transfer.

CREATE TRIGGER ledger_transfers_are_never_replaced BEFORE INSERT ON ledger_transfers
WHEN EXISTS (SELECT 1 FROM ledger_transfers WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'ledger transfers are never replaced');
END;

CREATE TRIGGER ledger_transfers_name_live_accounts BEFORE INSERT ON ledger_transfers
WHEN EXISTS (
    SELECT 1 FROM financial_accounts
    WHERE business_account_id = NEW.business_account_id
      AND id IN (NEW.debit_account_id, NEW.credit_account_id)
      AND deleted_at IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'a transfer cannot name a deleted account');
END;

CREATE TRIGGER financial_accounts_deleted_only_when_settled
BEFORE UPDATE OF deleted_at ON financial_accounts
WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL AND (
    EXISTS (
        SELECT 1 FROM ledger_transfers
        WHERE business_account_id = OLD.business_account_id
          AND (debit_account_id = OLD.id OR credit_account_id = OLD.id)
          AND status = 'PENDING')
    OR coalesce((
        SELECT sum(CASE WHEN credit_account_id = OLD.id THEN amount_minor ELSE -amount_minor END)
        FROM ledger_transfers
        WHERE business_account_id = OLD.business_account_id
          AND (debit_account_id = OLD.id OR credit_account_id = OLD.id)
          AND status = 'POSTED'), 0) <> 0)
BEGIN
    SELECT RAISE(ABORT, 'an account can be deleted only when its balance is zero and nothing is pending');
END;
