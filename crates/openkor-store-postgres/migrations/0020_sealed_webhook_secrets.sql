-- Webhook signing secrets at rest: a subscription's secret and the one it replaced (which
-- signs alongside it until it expires) are kept sealed like the personal data of 0019,
-- XChaCha20-Poly1305 under the data key, each bound to its column and row: 45 bytes of header,
-- nonce and tag around a secret of 24 to 64 bytes. Whoever holds a copy of the database can
-- no longer sign deliveries a receiver would accept. The plaintext columns stay for what an
-- earlier release wrote; every start seals it and empties them (`SqlStore::seal_at_rest`), then
-- rewrites the table (VACUUM FULL) so that no dead copy survives in its files.

ALTER TABLE webhook_subscriptions
    ALTER COLUMN secret DROP NOT NULL,
    ADD COLUMN secret_sealed bytea
        CHECK (secret_sealed IS NULL OR octet_length(secret_sealed) BETWEEN 69 AND 109),
    ADD COLUMN previous_secret_sealed bytea
        CHECK (previous_secret_sealed IS NULL OR octet_length(previous_secret_sealed) BETWEEN 69 AND 109),
    -- Was CHECK ((previous_secret IS NULL) = (previous_secret_expires_at IS NULL)).
    DROP CONSTRAINT webhook_subscriptions_check1,
    -- One current secret, in one form.
    ADD CONSTRAINT webhook_subscriptions_secret_one_form
        CHECK ((secret IS NULL) <> (secret_sealed IS NULL)),
    -- At most one previous secret, in one form, and it expires.
    ADD CONSTRAINT webhook_subscriptions_previous_secret_one_form
        CHECK (previous_secret IS NULL OR previous_secret_sealed IS NULL),
    ADD CONSTRAINT webhook_subscriptions_previous_secret_expires
        CHECK ((previous_secret IS NULL AND previous_secret_sealed IS NULL) = (previous_secret_expires_at IS NULL));
