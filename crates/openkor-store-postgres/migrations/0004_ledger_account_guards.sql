-- The ledger and the accounts it names stay consistent at the database level:
--  * TRUNCATE, which row triggers do not see, is refused;
--  * a transfer names live accounts only, and holds a share lock on both until it commits;
--  * an account is deleted only when its ledger balance is zero and nothing is pending.
-- The lock closes the race between the last two under READ COMMITTED: a deletion waits for a
-- transfer in flight on its account (and then sees it), and a transfer waits for a deletion in
-- flight (and then finds the account deleted).

CREATE FUNCTION ledger_transfers_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ledger transfers are never deleted';
END
$$;

CREATE TRIGGER ledger_transfers_refuse_truncate
    BEFORE TRUNCATE ON ledger_transfers
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_transfers_refuse_truncate();

CREATE FUNCTION ledger_transfers_name_live_accounts() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    live_accounts bigint;
BEGIN
    SELECT count(*) INTO live_accounts FROM (
        SELECT id FROM financial_accounts
        WHERE business_account_id = NEW.business_account_id
          AND id IN (NEW.debit_account_id, NEW.credit_account_id)
          AND deleted_at IS NULL
        ORDER BY id
        FOR SHARE) AS locked;
    IF live_accounts <> 2 THEN
        RAISE EXCEPTION 'a transfer cannot name a deleted account' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER ledger_transfers_name_live_accounts
    BEFORE INSERT ON ledger_transfers
    FOR EACH ROW EXECUTE FUNCTION ledger_transfers_name_live_accounts();

CREATE FUNCTION financial_accounts_deleted_only_when_settled() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (
           SELECT 1 FROM ledger_transfers
           WHERE business_account_id = OLD.business_account_id
             AND (debit_account_id = OLD.id OR credit_account_id = OLD.id)
             AND status = 'PENDING')
       OR coalesce((
           SELECT sum(CASE WHEN credit_account_id = OLD.id THEN amount_minor ELSE -amount_minor END)
           FROM ledger_transfers
           WHERE business_account_id = OLD.business_account_id
             AND (debit_account_id = OLD.id OR credit_account_id = OLD.id)
             AND status = 'POSTED'), 0) <> 0 THEN
        RAISE EXCEPTION 'an account can be deleted only when its balance is zero and nothing is pending' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER financial_accounts_deleted_only_when_settled
    BEFORE UPDATE OF deleted_at ON financial_accounts
    FOR EACH ROW WHEN (OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL)
    EXECUTE FUNCTION financial_accounts_deleted_only_when_settled();
