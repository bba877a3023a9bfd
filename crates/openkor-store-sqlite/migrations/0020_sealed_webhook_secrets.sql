-- Webhook signing secrets at rest: a subscription's secret and the one it replaced (which
-- signs alongside it until it expires) are kept sealed like the personal data of 0019,
-- XChaCha20-Poly1305 under the data key, each bound to its column and row: 45 bytes of header,
-- nonce and tag around a secret of 24 to 64 bytes. Whoever holds a copy of the database can
-- no longer sign deliveries a receiver would accept. The plaintext columns stay for what an
-- earlier release wrote; every start seals it and empties them (`SqlStore::seal_at_rest`), then
-- vacuums so that no copy survives in free pages or the WAL. Same result as the PostgreSQL
-- migration of the same number.

-- The secret's column may now be empty, which only rebuilding the table allows on SQLite
-- (foreign keys are off while migrations run; webhook_deliveries refers to it by name).
CREATE TABLE webhook_subscriptions_0020 (
    id                  BLOB    NOT NULL PRIMARY KEY CHECK (length(id) = 16),
    business_account_id BLOB    NOT NULL REFERENCES business_accounts (id),
    url                 TEXT    NOT NULL CHECK (length(url) BETWEEN 8 AND 2048),
    description         TEXT    CHECK (description IS NULL OR length(description) BETWEEN 1 AND 255),
    -- A JSON array of event types, at least one.
    event_types         TEXT    NOT NULL CHECK (json_valid(event_types) AND json_type(event_types) = 'array' AND json_array_length(event_types) >= 1),
    state               TEXT    NOT NULL CHECK (state IN ('ACTIVE', 'SUSPENDED', 'DISABLED')),
    disabled_reason     TEXT    CHECK (disabled_reason IS NULL OR length(disabled_reason) <= 500),
    secret              BLOB    CHECK (secret IS NULL OR length(secret) BETWEEN 24 AND 64),
    secret_sealed       BLOB    CHECK (secret_sealed IS NULL OR length(secret_sealed) BETWEEN 69 AND 109),
    -- The secret before the last rotation, still signing alongside the new one until it expires.
    previous_secret     BLOB    CHECK (previous_secret IS NULL OR length(previous_secret) BETWEEN 24 AND 64),
    previous_secret_sealed BLOB CHECK (previous_secret_sealed IS NULL OR length(previous_secret_sealed) BETWEEN 69 AND 109),
    previous_secret_expires_at INTEGER,
    -- The first failed attempt since the last success; NULL while deliveries succeed.
    failing_since       INTEGER,
    version             INTEGER NOT NULL CHECK (version >= 1),
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    deleted_at          INTEGER,
    UNIQUE (business_account_id, id),
    CHECK ((state = 'DISABLED') = (disabled_reason IS NOT NULL)),
    -- One current secret, in one form.
    CHECK ((secret IS NULL) <> (secret_sealed IS NULL)),
    -- At most one previous secret, in one form, and it expires.
    CHECK (previous_secret IS NULL OR previous_secret_sealed IS NULL),
    CHECK ((previous_secret IS NULL AND previous_secret_sealed IS NULL) = (previous_secret_expires_at IS NULL))
) STRICT;

INSERT INTO webhook_subscriptions_0020 (id, business_account_id, url, description, event_types,
    state, disabled_reason, secret, previous_secret, previous_secret_expires_at, failing_since,
    version, created_at, updated_at, deleted_at)
SELECT id, business_account_id, url, description, event_types, state, disabled_reason, secret,
    previous_secret, previous_secret_expires_at, failing_since, version, created_at, updated_at,
    deleted_at
FROM webhook_subscriptions;

DROP TABLE webhook_subscriptions;
ALTER TABLE webhook_subscriptions_0020 RENAME TO webhook_subscriptions;

CREATE INDEX webhook_subscriptions_by_business_account ON webhook_subscriptions (business_account_id, created_at, id)
    WHERE deleted_at IS NULL;
