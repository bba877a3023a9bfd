-- ACH prenote verification of external bank accounts (reference §6.7). A request sets the
-- account's verification_status to PENDING and records here when the sandbox's prenote
-- completes; the rail engine claims due rows and approves the account. The outbox learns the
-- event that reports it.

CREATE TABLE prenote_verifications (
    financial_account_id BLOB    NOT NULL PRIMARY KEY REFERENCES financial_accounts (id),
    business_account_id  BLOB    NOT NULL REFERENCES business_accounts (id),
    requested_at         INTEGER NOT NULL,
    due_at               INTEGER NOT NULL CHECK (due_at >= requested_at),
    completed_at         INTEGER CHECK (completed_at IS NULL OR completed_at >= requested_at),
    requested_by_type    TEXT    NOT NULL CHECK (requested_by_type IN ('employee', 'internal', 'kor_employee', 'service-account')),
    requested_by_id      BLOB
) STRICT;

CREATE INDEX prenote_verifications_due ON prenote_verifications (due_at) WHERE completed_at IS NULL;

-- Only an external checking bank account of the same Business Account is ever verified by
-- prenote (an upsert fires the insert trigger too).
CREATE TRIGGER prenote_verifications_only_external_checking BEFORE INSERT ON prenote_verifications
WHEN NOT EXISTS (
    SELECT 1 FROM financial_accounts
    WHERE id = NEW.financial_account_id AND business_account_id = NEW.business_account_id
      AND category = 'EXTERNAL' AND account_type = 'BANK' AND subtype = 'CHECKING'
)
BEGIN
    SELECT RAISE(ABORT, 'a prenote verifies only an external checking bank account');
END;

CREATE TRIGGER prenote_verifications_are_never_deleted BEFORE DELETE ON prenote_verifications
BEGIN
    SELECT RAISE(ABORT, 'prenote verifications are never deleted');
END;

CREATE TABLE outbox_events_v6 (
    id                  BLOB    NOT NULL PRIMARY KEY CHECK (length(id) = 16),
    business_account_id BLOB    NOT NULL REFERENCES business_accounts (id),
    event_type          TEXT    NOT NULL CHECK (event_type IN ('transactions.status-changed', 'ledger.balance-updated', 'account.verification-status-updated')),
    payload             TEXT    NOT NULL CHECK (json_valid(payload) AND json_type(payload) = 'object'),
    created_at          INTEGER NOT NULL
) STRICT;

INSERT INTO outbox_events_v6 (id, business_account_id, event_type, payload, created_at)
SELECT id, business_account_id, event_type, payload, created_at FROM outbox_events;

DROP TABLE outbox_events;

ALTER TABLE outbox_events_v6 RENAME TO outbox_events;

CREATE INDEX outbox_events_by_business_account ON outbox_events (business_account_id, created_at, id);
