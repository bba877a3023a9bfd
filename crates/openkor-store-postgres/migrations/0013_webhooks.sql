-- Webhooks: the outbox learns the order of its events, the resource each reports and whether
-- it was handed to the subscriptions; subscriptions and their deliveries. Same result as the
-- SQLite migration of the same number.

-- Events are numbered in commit order per resource (a resource's changes are made under its
-- lock), which is the order a subscription receives them in.
ALTER TABLE outbox_events ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;
ALTER TABLE outbox_events ADD CONSTRAINT outbox_events_seq_key UNIQUE (seq);
-- The resource an event reports (a transaction, a Financial Account, a Customer).
ALTER TABLE outbox_events ADD COLUMN resource_id uuid;
UPDATE outbox_events SET resource_id = CASE event_type
    WHEN 'transactions.status-changed' THEN (payload::jsonb ->> 'transactionId')::uuid
    WHEN 'ledger.balance-updated' THEN (payload::jsonb ->> 'financialAccountId')::uuid
    ELSE coalesce((payload::jsonb ->> 'financialAccountId')::uuid, id) END;
ALTER TABLE outbox_events ALTER COLUMN resource_id SET NOT NULL;
-- When the dispatcher made the event's deliveries; events written before webhooks existed
-- had no subscription to go to.
ALTER TABLE outbox_events ADD COLUMN dispatched_at timestamptz;
UPDATE outbox_events SET dispatched_at = created_at;
CREATE INDEX outbox_events_undispatched ON outbox_events (seq) WHERE dispatched_at IS NULL;
ALTER TABLE outbox_events ADD CONSTRAINT outbox_events_business_account_id_id_key UNIQUE (business_account_id, id);

ALTER TABLE outbox_events DROP CONSTRAINT outbox_events_event_type_check;
ALTER TABLE outbox_events ADD CONSTRAINT outbox_events_event_type_check CHECK (event_type IN (
    'transactions.status-changed', 'ledger.balance-updated', 'account.verification-status-updated',
    'customer.status-updated', 'financial-account.state-updated', 'webhook.test'));

-- When a Customer's status and a Financial Account's state last changed (the events'
-- previousDateTime); NULL until the first change, which means "since creation".
ALTER TABLE customers ADD COLUMN status_changed_at timestamptz;
ALTER TABLE financial_accounts ADD COLUMN state_changed_at timestamptz;

CREATE TABLE webhook_subscriptions (
    id                  uuid        NOT NULL PRIMARY KEY,
    business_account_id uuid        NOT NULL REFERENCES business_accounts (id),
    url                 text        NOT NULL CHECK (length(url) BETWEEN 8 AND 2048),
    description         text        CHECK (description IS NULL OR length(description) BETWEEN 1 AND 255),
    -- A JSON array of event types, at least one.
    event_types         text        NOT NULL CHECK (jsonb_typeof(event_types::jsonb) = 'array' AND jsonb_array_length(event_types::jsonb) >= 1),
    state               text        NOT NULL CHECK (state IN ('ACTIVE', 'SUSPENDED', 'DISABLED')),
    disabled_reason     text        CHECK (disabled_reason IS NULL OR length(disabled_reason) <= 500),
    secret              bytea       NOT NULL CHECK (length(secret) BETWEEN 24 AND 64),
    -- The secret before the last rotation, still signing alongside the new one until it expires.
    previous_secret     bytea       CHECK (previous_secret IS NULL OR length(previous_secret) BETWEEN 24 AND 64),
    previous_secret_expires_at timestamptz,
    -- The first failed attempt since the last success; NULL while deliveries succeed.
    failing_since       timestamptz,
    version             bigint      NOT NULL CHECK (version >= 1),
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    deleted_at          timestamptz,
    UNIQUE (business_account_id, id),
    CHECK ((state = 'DISABLED') = (disabled_reason IS NOT NULL)),
    CHECK ((previous_secret IS NULL) = (previous_secret_expires_at IS NULL))
);

CREATE INDEX webhook_subscriptions_by_business_account ON webhook_subscriptions (business_account_id, created_at, id)
    WHERE deleted_at IS NULL;

-- One delivery of one event to one subscription, with its last attempt. A worker claims a due
-- delivery by setting its lease; a lease that runs out (its process died) makes it due again.
CREATE TABLE webhook_deliveries (
    id                  uuid        NOT NULL PRIMARY KEY,
    business_account_id uuid        NOT NULL,
    subscription_id     uuid        NOT NULL,
    event_id            uuid        NOT NULL,
    event_seq           bigint      NOT NULL REFERENCES outbox_events (seq),
    resource_id         uuid        NOT NULL,
    status              text        NOT NULL CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED')),
    attempt_count       integer     NOT NULL CHECK (attempt_count >= 0),
    -- Attempts made before the current retry schedule began (a redelivery starts a new one).
    schedule_start      integer     NOT NULL CHECK (schedule_start BETWEEN 0 AND attempt_count),
    next_attempt_at     timestamptz,
    lease_id            uuid,
    lease_until         timestamptz,
    last_attempt_at     timestamptz,
    last_status_code    integer     CHECK (last_status_code IS NULL OR last_status_code BETWEEN 100 AND 599),
    last_latency_ms     bigint      CHECK (last_latency_ms IS NULL OR last_latency_ms >= 0),
    last_error          text        CHECK (last_error IS NULL OR length(last_error) <= 500),
    created_at          timestamptz NOT NULL,
    delivered_at        timestamptz,
    FOREIGN KEY (business_account_id, subscription_id) REFERENCES webhook_subscriptions (business_account_id, id),
    FOREIGN KEY (business_account_id, event_id) REFERENCES outbox_events (business_account_id, id),
    UNIQUE (subscription_id, event_id),
    CHECK ((status = 'PENDING') = (next_attempt_at IS NOT NULL)),
    CHECK ((status = 'DELIVERED') = (delivered_at IS NOT NULL)),
    CHECK ((lease_id IS NULL) = (lease_until IS NULL)),
    CHECK (status = 'PENDING' OR lease_id IS NULL)
);

CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX webhook_deliveries_in_order ON webhook_deliveries (subscription_id, resource_id, event_seq)
    WHERE status = 'PENDING';
CREATE INDEX webhook_deliveries_by_subscription ON webhook_deliveries (business_account_id, subscription_id, created_at, id);

-- One row whose lock the dispatcher holds while it turns events into deliveries: one process
-- dispatches at a time, in event order.
CREATE TABLE webhook_dispatcher (
    id integer NOT NULL PRIMARY KEY CHECK (id = 1)
);
INSERT INTO webhook_dispatcher (id) VALUES (1);
