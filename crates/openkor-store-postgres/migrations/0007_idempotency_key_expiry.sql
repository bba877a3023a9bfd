-- Idempotency keys are forgotten once older than the server's retention (24 hours at least):
-- the purge reads them oldest first.

CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
