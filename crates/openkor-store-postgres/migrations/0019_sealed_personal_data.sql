-- Personal data at rest: a beneficial owner's social id and the server's secrets (the token
-- signing key, the key of account-number fingerprints) are kept sealed, XChaCha20-Poly1305
-- under a data key that is not in the database (openkor-store's `sealing`): 45 bytes of
-- header, nonce and tag around the value. The plaintext columns stay for what an earlier
-- release wrote; every start seals it and empties them (`SqlStore::seal_at_rest`), then
-- rewrites the tables (VACUUM FULL) so that no dead copy survives in their files.

-- A social id is 1 to 50 characters: 1 to 200 bytes of UTF-8.
ALTER TABLE beneficiaries
    ADD COLUMN social_id_sealed bytea,
    ADD CONSTRAINT beneficiaries_social_id_sealed CHECK (social_id_sealed IS NULL
        OR (octet_length(social_id_sealed) BETWEEN 46 AND 245 AND social_id_country_code IS NOT NULL));

ALTER TABLE server_secrets
    ALTER COLUMN secret DROP NOT NULL,
    ADD COLUMN sealed bytea CHECK (sealed IS NULL OR octet_length(sealed) = 77),
    ADD CONSTRAINT server_secrets_one_form CHECK ((secret IS NULL) <> (sealed IS NULL));
