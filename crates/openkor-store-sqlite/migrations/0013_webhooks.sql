-- Webhooks: the outbox learns the order of its events, the resource each reports and whether
-- it was handed to the subscriptions; subscriptions and their deliveries. Same result as the
-- PostgreSQL migration of the same number.

-- Events are numbered in commit order (`seq`, never reused), which is the order a
-- subscription receives one resource's events in.
CREATE TABLE outbox_events_v13 (
    seq                 INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    id                  BLOB    NOT NULL UNIQUE CHECK (length(id) = 16),
    business_account_id BLOB    NOT NULL REFERENCES business_accounts (id),
    event_type          TEXT    NOT NULL CHECK (event_type IN (
        'transactions.status-changed', 'ledger.balance-updated', 'account.verification-status-updated',
        'customer.status-updated', 'financial-account.state-updated', 'webhook.test')),
    payload             TEXT    NOT NULL CHECK (json_valid(payload) AND json_type(payload) = 'object'),
    -- The resource an event reports (a transaction, a Financial Account, a Customer).
    resource_id         BLOB    NOT NULL CHECK (length(resource_id) = 16),
    created_at          INTEGER NOT NULL,
    -- When the dispatcher made the event's deliveries.
    dispatched_at       INTEGER,
    UNIQUE (business_account_id, id)
) STRICT;

-- Events written before webhooks existed had no subscription to go to: dispatched.
INSERT INTO outbox_events_v13 (id, business_account_id, event_type, payload, resource_id, created_at, dispatched_at)
SELECT id, business_account_id, event_type, payload,
       coalesce(unhex(replace(CASE event_type
           WHEN 'transactions.status-changed' THEN json_extract(payload, '$.transactionId')
           ELSE json_extract(payload, '$.financialAccountId') END, '-', '')), id),
       created_at, created_at
FROM outbox_events ORDER BY created_at, id;

DROP TABLE outbox_events;

ALTER TABLE outbox_events_v13 RENAME TO outbox_events;

CREATE INDEX outbox_events_by_business_account ON outbox_events (business_account_id, created_at, id);
CREATE INDEX outbox_events_undispatched ON outbox_events (seq) WHERE dispatched_at IS NULL;

-- When a Customer's status and a Financial Account's state last changed (the events'
-- previousDateTime); NULL until the first change, which means "since creation".
ALTER TABLE customers ADD COLUMN status_changed_at INTEGER;
ALTER TABLE financial_accounts ADD COLUMN state_changed_at INTEGER;

CREATE TABLE webhook_subscriptions (
    id                  BLOB    NOT NULL PRIMARY KEY CHECK (length(id) = 16),
    business_account_id BLOB    NOT NULL REFERENCES business_accounts (id),
    url                 TEXT    NOT NULL CHECK (length(url) BETWEEN 8 AND 2048),
    description         TEXT    CHECK (description IS NULL OR length(description) BETWEEN 1 AND 255),
    -- A JSON array of event types, at least one.
    event_types         TEXT    NOT NULL CHECK (json_valid(event_types) AND json_type(event_types) = 'array' AND json_array_length(event_types) >= 1),
    state               TEXT    NOT NULL CHECK (state IN ('ACTIVE', 'SUSPENDED', 'DISABLED')),
    disabled_reason     TEXT    CHECK (disabled_reason IS NULL OR length(disabled_reason) <= 500),
    secret              BLOB    NOT NULL CHECK (length(secret) BETWEEN 24 AND 64),
    -- The secret before the last rotation, still signing alongside the new one until it expires.
    previous_secret     BLOB    CHECK (previous_secret IS NULL OR length(previous_secret) BETWEEN 24 AND 64),
    previous_secret_expires_at INTEGER,
    -- The first failed attempt since the last success; NULL while deliveries succeed.
    failing_since       INTEGER,
    version             INTEGER NOT NULL CHECK (version >= 1),
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    deleted_at          INTEGER,
    UNIQUE (business_account_id, id),
    CHECK ((state = 'DISABLED') = (disabled_reason IS NOT NULL)),
    CHECK ((previous_secret IS NULL) = (previous_secret_expires_at IS NULL))
) STRICT;

CREATE INDEX webhook_subscriptions_by_business_account ON webhook_subscriptions (business_account_id, created_at, id)
    WHERE deleted_at IS NULL;

-- One delivery of one event to one subscription, with its last attempt. A worker claims a due
-- delivery by setting its lease; a lease that runs out (its process died) makes it due again.
CREATE TABLE webhook_deliveries (
    id                  BLOB    NOT NULL PRIMARY KEY CHECK (length(id) = 16),
    business_account_id BLOB    NOT NULL,
    subscription_id     BLOB    NOT NULL,
    event_id            BLOB    NOT NULL,
    event_seq           INTEGER NOT NULL REFERENCES outbox_events (seq),
    resource_id         BLOB    NOT NULL CHECK (length(resource_id) = 16),
    status              TEXT    NOT NULL CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED')),
    attempt_count       INTEGER NOT NULL CHECK (attempt_count >= 0),
    -- Attempts made before the current retry schedule began (a redelivery starts a new one).
    schedule_start      INTEGER NOT NULL CHECK (schedule_start BETWEEN 0 AND attempt_count),
    next_attempt_at     INTEGER,
    lease_id            BLOB    CHECK (lease_id IS NULL OR length(lease_id) = 16),
    lease_until         INTEGER,
    last_attempt_at     INTEGER,
    last_status_code    INTEGER CHECK (last_status_code IS NULL OR last_status_code BETWEEN 100 AND 599),
    last_latency_ms     INTEGER CHECK (last_latency_ms IS NULL OR last_latency_ms >= 0),
    last_error          TEXT    CHECK (last_error IS NULL OR length(last_error) <= 500),
    created_at          INTEGER NOT NULL,
    delivered_at        INTEGER,
    FOREIGN KEY (business_account_id, subscription_id) REFERENCES webhook_subscriptions (business_account_id, id),
    FOREIGN KEY (business_account_id, event_id) REFERENCES outbox_events (business_account_id, id),
    UNIQUE (subscription_id, event_id),
    CHECK ((status = 'PENDING') = (next_attempt_at IS NOT NULL)),
    CHECK ((status = 'DELIVERED') = (delivered_at IS NOT NULL)),
    CHECK ((lease_id IS NULL) = (lease_until IS NULL)),
    CHECK (status = 'PENDING' OR lease_id IS NULL)
) STRICT;

CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX webhook_deliveries_in_order ON webhook_deliveries (subscription_id, resource_id, event_seq)
    WHERE status = 'PENDING';
CREATE INDEX webhook_deliveries_by_subscription ON webhook_deliveries (business_account_id, subscription_id, created_at, id);

-- One row whose lock the dispatcher holds while it turns events into deliveries: one process
-- dispatches at a time, in event order.
CREATE TABLE webhook_dispatcher (
    id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1)
) STRICT;
INSERT INTO webhook_dispatcher (id) VALUES (1);
