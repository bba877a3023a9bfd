-- Recipients (reference §10): payees a Business Account credits who are not its customers.
-- Same result as the PostgreSQL migration of the same number.

CREATE TABLE recipients (
    id                     BLOB    NOT NULL PRIMARY KEY CHECK (length(id) = 16),
    business_account_id    BLOB    NOT NULL REFERENCES business_accounts (id),
    created_by_type        TEXT    NOT NULL CHECK (created_by_type IN ('employee', 'internal', 'kor_employee', 'service-account')),
    created_by_id          BLOB,
    created_at             INTEGER NOT NULL,
    business_ref_id        TEXT    CHECK (business_ref_id IS NULL OR length(business_ref_id) BETWEEN 1 AND 40),
    first_name             TEXT    NOT NULL CHECK (length(first_name) BETWEEN 1 AND 40),
    middle_name            TEXT    CHECK (middle_name IS NULL OR length(middle_name) BETWEEN 1 AND 40),
    last_name              TEXT    NOT NULL CHECK (length(last_name) BETWEEN 1 AND 40),
    second_last_name       TEXT    CHECK (second_last_name IS NULL OR length(second_last_name) BETWEEN 1 AND 40),
    email                  TEXT    NOT NULL CHECK (length(email) BETWEEN 3 AND 320),
    phone_number           TEXT    CHECK (phone_number IS NULL OR length(phone_number) BETWEEN 1 AND 40),
    nationality            TEXT    CHECK (nationality IS NULL OR nationality GLOB '[A-Z][A-Z][A-Z]'),
    date_of_birth          TEXT    CHECK (date_of_birth IS NULL OR date_of_birth GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    additional_information TEXT    CHECK (additional_information IS NULL OR length(additional_information) <= 500),
    recipient_type         TEXT    NOT NULL CHECK (recipient_type IN ('INDIVIDUAL', 'BUSINESS')),
    business_name          TEXT    CHECK (business_name IS NULL OR length(business_name) BETWEEN 1 AND 40),
    state                  TEXT    NOT NULL CHECK (state IN ('ACTIVE', 'SUSPENDED')),
    -- Set by openkor (Unicode lower case, the same on both backends): what `search` matches (the
    -- names and the e-mail), and the sort and match keys.
    search_text            TEXT    NOT NULL,
    first_name_lower       TEXT    NOT NULL,
    last_name_lower        TEXT    NOT NULL,
    email_lower            TEXT    NOT NULL,
    version                INTEGER NOT NULL CHECK (version >= 1),
    updated_by_type        TEXT    NOT NULL CHECK (updated_by_type IN ('employee', 'internal', 'kor_employee', 'service-account')),
    updated_by_id          BLOB,
    updated_at             INTEGER NOT NULL,
    deleted_at             INTEGER,
    UNIQUE (business_account_id, id),
    CHECK ((recipient_type = 'BUSINESS') = (business_name IS NOT NULL))
) STRICT;

CREATE INDEX recipients_by_created ON recipients (business_account_id, created_at, id) WHERE deleted_at IS NULL;
-- An STP call finds its payee by e-mail (then type and names).
CREATE INDEX recipients_by_email ON recipients (business_account_id, email_lower) WHERE deleted_at IS NULL;

-- A Recipient holds external bank accounts and cards only, and only its own tenant's: checked
-- when an account is opened for it.
CREATE TRIGGER financial_accounts_recipient_holder BEFORE INSERT ON financial_accounts
WHEN NEW.holder_type = 'RECIPIENT'
BEGIN
    SELECT RAISE(ABORT, 'a recipient holds external accounts only') WHERE NEW.category <> 'EXTERNAL';
    SELECT RAISE(ABORT, 'the account holder is not a recipient of this business account')
    WHERE NOT EXISTS (SELECT 1 FROM recipients WHERE business_account_id = NEW.business_account_id AND id = NEW.holder_id);
END;

CREATE INDEX financial_accounts_by_recipient ON financial_accounts (business_account_id, holder_id)
    WHERE holder_type = 'RECIPIENT';
