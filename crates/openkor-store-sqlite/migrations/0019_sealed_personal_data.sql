-- Personal data at rest: a beneficial owner's social id and the server's secrets (the token
-- signing key, the key of account-number fingerprints) are kept sealed, XChaCha20-Poly1305
-- under a data key that is not in the database (openkor-store's `sealing`): 45 bytes of
-- header, nonce and tag around the value. The plaintext columns stay for what an earlier
-- release wrote; every start seals it and empties them (`SqlStore::seal_at_rest`), then
-- vacuums so that no copy survives in free pages or the WAL.

-- A social id is 1 to 50 characters: 1 to 200 bytes of UTF-8.
ALTER TABLE beneficiaries ADD COLUMN social_id_sealed BLOB
    CHECK (social_id_sealed IS NULL
        OR (length(social_id_sealed) BETWEEN 46 AND 245 AND social_id_country_code IS NOT NULL));

-- The secret's column may now be empty, which only rebuilding the table allows on SQLite.
CREATE TABLE server_secrets_0019 (
    name       TEXT    NOT NULL PRIMARY KEY,
    secret     BLOB    CHECK (secret IS NULL OR length(secret) = 32),
    sealed     BLOB    CHECK (sealed IS NULL OR length(sealed) = 77),
    created_at INTEGER NOT NULL,
    CHECK ((secret IS NULL) <> (sealed IS NULL))
) STRICT;
INSERT INTO server_secrets_0019 (name, secret, created_at)
    SELECT name, secret, created_at FROM server_secrets;
DROP TABLE server_secrets;
ALTER TABLE server_secrets_0019 RENAME TO server_secrets;
