-- Recipients (reference §10): payees a Business Account credits who are not its customers.
-- Same result as the SQLite migration of the same number.

CREATE TABLE recipients (
    id                     uuid        NOT NULL PRIMARY KEY,
    business_account_id    uuid        NOT NULL REFERENCES business_accounts (id),
    created_by_type        text        NOT NULL CHECK (created_by_type IN ('employee', 'internal', 'kor_employee', 'service-account')),
    created_by_id          uuid,
    created_at             timestamptz NOT NULL,
    business_ref_id        text        CHECK (business_ref_id IS NULL OR char_length(business_ref_id) BETWEEN 1 AND 40),
    first_name             text        NOT NULL CHECK (char_length(first_name) BETWEEN 1 AND 40),
    middle_name            text        CHECK (middle_name IS NULL OR char_length(middle_name) BETWEEN 1 AND 40),
    last_name              text        NOT NULL CHECK (char_length(last_name) BETWEEN 1 AND 40),
    second_last_name       text        CHECK (second_last_name IS NULL OR char_length(second_last_name) BETWEEN 1 AND 40),
    email                  text        NOT NULL CHECK (char_length(email) BETWEEN 3 AND 320),
    phone_number           text        CHECK (phone_number IS NULL OR char_length(phone_number) BETWEEN 1 AND 40),
    nationality            text        CHECK (nationality IS NULL OR nationality ~ '^[A-Z]{3}$'),
    date_of_birth          date,
    additional_information text        CHECK (additional_information IS NULL OR char_length(additional_information) <= 500),
    recipient_type         text        NOT NULL CHECK (recipient_type IN ('INDIVIDUAL', 'BUSINESS')),
    business_name          text        CHECK (business_name IS NULL OR char_length(business_name) BETWEEN 1 AND 40),
    state                  text        NOT NULL CHECK (state IN ('ACTIVE', 'SUSPENDED')),
    -- Set by openkor (Unicode lower case, the same on both backends): what `search` matches (the
    -- names and the e-mail), and the sort and match keys.
    search_text            text        NOT NULL,
    first_name_lower       text        NOT NULL,
    last_name_lower        text        NOT NULL,
    email_lower            text        NOT NULL,
    version                bigint      NOT NULL CHECK (version >= 1),
    updated_by_type        text        NOT NULL CHECK (updated_by_type IN ('employee', 'internal', 'kor_employee', 'service-account')),
    updated_by_id          uuid,
    updated_at             timestamptz NOT NULL,
    deleted_at             timestamptz,
    UNIQUE (business_account_id, id),
    CHECK ((recipient_type = 'BUSINESS') = (business_name IS NOT NULL))
);

CREATE INDEX recipients_by_created ON recipients (business_account_id, created_at, id) WHERE deleted_at IS NULL;
-- An STP call finds its payee by e-mail (then type and names).
CREATE INDEX recipients_by_email ON recipients (business_account_id, email_lower) WHERE deleted_at IS NULL;

-- A Recipient holds external bank accounts and cards only, and only its own tenant's: checked
-- when an account is opened for it.
CREATE FUNCTION financial_accounts_recipient_holder() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.category <> 'EXTERNAL' THEN
        RAISE EXCEPTION 'a recipient holds external accounts only' USING ERRCODE = 'check_violation';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM recipients WHERE business_account_id = NEW.business_account_id AND id = NEW.holder_id) THEN
        RAISE EXCEPTION 'the account holder is not a recipient of this business account' USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER financial_accounts_recipient_holder BEFORE INSERT ON financial_accounts
    FOR EACH ROW WHEN (NEW.holder_type = 'RECIPIENT')
    EXECUTE FUNCTION financial_accounts_recipient_holder();

CREATE INDEX financial_accounts_by_recipient ON financial_accounts (business_account_id, holder_id)
    WHERE holder_type = 'RECIPIENT';
