-- ACH prenote verification of external bank accounts (reference §6.7). A request sets the
-- account's verification_status to PENDING and records here when the sandbox's prenote
-- completes; the rail engine claims due rows (FOR UPDATE SKIP LOCKED) and approves the
-- account. The outbox learns the event that reports it.

CREATE TABLE prenote_verifications (
    financial_account_id uuid        NOT NULL PRIMARY KEY REFERENCES financial_accounts (id),
    business_account_id  uuid        NOT NULL REFERENCES business_accounts (id),
    requested_at         timestamptz NOT NULL,
    due_at               timestamptz NOT NULL CHECK (due_at >= requested_at),
    completed_at         timestamptz CHECK (completed_at IS NULL OR completed_at >= requested_at),
    requested_by_type    text        NOT NULL CHECK (requested_by_type IN ('employee', 'internal', 'kor_employee', 'service-account')),
    requested_by_id      uuid
);

CREATE INDEX prenote_verifications_due ON prenote_verifications (due_at) WHERE completed_at IS NULL;

-- Only an external checking bank account of the same Business Account is ever verified by
-- prenote; rows are never deleted.
CREATE FUNCTION prenote_verifications_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'prenote verifications are never deleted' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF NOT EXISTS (
        SELECT 1 FROM financial_accounts
        WHERE id = NEW.financial_account_id AND business_account_id = NEW.business_account_id
          AND category = 'EXTERNAL' AND account_type = 'BANK' AND subtype = 'CHECKING'
    ) THEN
        RAISE EXCEPTION 'a prenote verifies only an external checking bank account' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER prenote_verifications_guard BEFORE INSERT OR UPDATE OR DELETE ON prenote_verifications
FOR EACH ROW EXECUTE FUNCTION prenote_verifications_guard();

ALTER TABLE outbox_events DROP CONSTRAINT outbox_events_event_type_check;
ALTER TABLE outbox_events ADD CONSTRAINT outbox_events_event_type_check CHECK (event_type IN (
    'transactions.status-changed', 'ledger.balance-updated', 'account.verification-status-updated'));
