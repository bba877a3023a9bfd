-- Customers, their contacts and addresses, beneficial owners; soft deletion of financial accounts.
-- Search columns (search_*) hold lower-case or digit-only forms computed by openkor, so that
-- filters compare the same way on SQLite and PostgreSQL.

ALTER TABLE financial_accounts ADD COLUMN deleted_at INTEGER;

CREATE TABLE customers (
    id                           BLOB    NOT NULL PRIMARY KEY CHECK (length(id) = 16),
    business_account_id          BLOB    NOT NULL REFERENCES business_accounts (id),
    customer_type                TEXT    NOT NULL CHECK (customer_type IN ('INDIVIDUAL', 'BUSINESS')),
    status                       TEXT    NOT NULL CHECK (status IN ('ACTIVE', 'SUSPENDED')),
    external_id                  TEXT    CHECK (external_id IS NULL OR length(external_id) BETWEEN 1 AND 100),
    first_name                   TEXT    CHECK (first_name IS NULL OR length(first_name) BETWEEN 1 AND 40),
    middle_name                  TEXT    CHECK (middle_name IS NULL OR length(middle_name) BETWEEN 1 AND 40),
    last_name                    TEXT    CHECK (last_name IS NULL OR length(last_name) BETWEEN 1 AND 40),
    phone_number                 TEXT    CHECK (phone_number IS NULL OR phone_number GLOB '+[1-9]*'),
    phone_type                   TEXT    CHECK (phone_type IS NULL OR phone_type IN ('HOME', 'MOBILE', 'WORK')),
    phone_provider               TEXT    CHECK (phone_provider IS NULL OR length(phone_provider) BETWEEN 1 AND 40),
    phone_extension              TEXT    CHECK (phone_extension IS NULL OR length(phone_extension) BETWEEN 1 AND 10),
    phone_verified               INTEGER CHECK (phone_verified IS NULL OR phone_verified IN (0, 1)),
    email                        TEXT    CHECK (email IS NULL OR length(email) BETWEEN 3 AND 320),
    email_verified               INTEGER CHECK (email_verified IS NULL OR email_verified IN (0, 1)),
    date_of_birth                TEXT    CHECK (date_of_birth IS NULL OR date_of_birth GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    business_name                TEXT    CHECK (business_name IS NULL OR length(business_name) BETWEEN 1 AND 100),
    website                      TEXT    CHECK (website IS NULL OR length(website) BETWEEN 1 AND 255),
    metadata                     TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(metadata) AND json_type(metadata) = 'object'),
    search_name                  TEXT    NOT NULL,
    search_email                 TEXT,
    search_phone                 TEXT,
    search_phone_digits          TEXT,
    verification_status          TEXT    NOT NULL CHECK (verification_status IN ('UNVERIFIED', 'PROCESSING', 'APPROVED', 'REVIEW', 'DECLINED', 'RESTRICTED')),
    verification_reason          TEXT,
    verification_updated_at      INTEGER NOT NULL,
    verification_updated_by_type TEXT    NOT NULL CHECK (verification_updated_by_type IN ('employee', 'internal', 'kor_employee', 'service-account')),
    verification_updated_by_id   BLOB,
    version                      INTEGER NOT NULL CHECK (version >= 1),
    created_by_type              TEXT    NOT NULL CHECK (created_by_type IN ('employee', 'internal', 'kor_employee', 'service-account')),
    created_by_id                BLOB,
    created_at                   INTEGER NOT NULL,
    updated_by_type              TEXT    NOT NULL CHECK (updated_by_type IN ('employee', 'internal', 'kor_employee', 'service-account')),
    updated_by_id                BLOB,
    updated_at                   INTEGER NOT NULL,
    deleted_at                   INTEGER,
    UNIQUE (business_account_id, id),
    UNIQUE (business_account_id, id, customer_type),
    -- An individual has a name, a phone and an e-mail and no business fields; a business the reverse.
    CHECK ((customer_type = 'INDIVIDUAL') = (first_name IS NOT NULL AND last_name IS NOT NULL AND phone_number IS NOT NULL AND phone_type IS NOT NULL AND email IS NOT NULL)),
    CHECK ((customer_type = 'BUSINESS') = (business_name IS NOT NULL)),
    CHECK (customer_type = 'INDIVIDUAL' OR (middle_name IS NULL AND date_of_birth IS NULL AND phone_provider IS NULL AND phone_extension IS NULL)),
    CHECK (customer_type = 'BUSINESS' OR website IS NULL)
) STRICT;

-- External ids are unique among the live customers of a business account.
CREATE UNIQUE INDEX customers_external_id
    ON customers (business_account_id, external_id) WHERE external_id IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX customers_by_created ON customers (business_account_id, created_at, id);
CREATE INDEX customers_by_email ON customers (business_account_id, search_email);
CREATE INDEX customers_by_phone ON customers (business_account_id, search_phone);

CREATE TABLE customer_contacts (
    business_account_id BLOB    NOT NULL,
    customer_id         BLOB    NOT NULL,
    position            INTEGER NOT NULL CHECK (position BETWEEN 0 AND 9),
    first_name          TEXT    NOT NULL CHECK (length(first_name) BETWEEN 1 AND 40),
    middle_name         TEXT    CHECK (middle_name IS NULL OR length(middle_name) BETWEEN 1 AND 40),
    last_name           TEXT    NOT NULL CHECK (length(last_name) BETWEEN 1 AND 40),
    is_primary          INTEGER NOT NULL CHECK (is_primary IN (0, 1)),
    phone_number        TEXT    NOT NULL CHECK (phone_number GLOB '+[1-9]*'),
    phone_type          TEXT    NOT NULL CHECK (phone_type IN ('HOME', 'MOBILE', 'WORK')),
    phone_provider      TEXT    CHECK (phone_provider IS NULL OR length(phone_provider) BETWEEN 1 AND 40),
    phone_extension     TEXT    CHECK (phone_extension IS NULL OR length(phone_extension) BETWEEN 1 AND 10),
    phone_verified      INTEGER NOT NULL CHECK (phone_verified IN (0, 1)),
    email               TEXT    NOT NULL CHECK (length(email) BETWEEN 3 AND 320),
    email_verified      INTEGER NOT NULL CHECK (email_verified IN (0, 1)),
    PRIMARY KEY (business_account_id, customer_id, position),
    FOREIGN KEY (business_account_id, customer_id) REFERENCES customers (business_account_id, id)
) STRICT, WITHOUT ROWID;

-- At most one primary contact per business customer.
CREATE UNIQUE INDEX customer_contacts_one_primary
    ON customer_contacts (business_account_id, customer_id) WHERE is_primary = 1;

CREATE TABLE customer_addresses (
    business_account_id BLOB    NOT NULL,
    customer_id         BLOB    NOT NULL,
    position            INTEGER NOT NULL CHECK (position BETWEEN 0 AND 19),
    address_type        TEXT    NOT NULL CHECK (address_type IN ('MAILING', 'PHYSICAL', 'SHIPPING')),
    name_first          TEXT    CHECK (name_first IS NULL OR length(name_first) BETWEEN 1 AND 40),
    name_middle         TEXT    CHECK (name_middle IS NULL OR length(name_middle) BETWEEN 1 AND 40),
    name_last           TEXT    CHECK (name_last IS NULL OR length(name_last) BETWEEN 1 AND 40),
    street_line1        TEXT    NOT NULL CHECK (length(street_line1) BETWEEN 1 AND 50),
    street_line2        TEXT    CHECK (street_line2 IS NULL OR length(street_line2) BETWEEN 1 AND 50),
    street_line3        TEXT    CHECK (street_line3 IS NULL OR length(street_line3) BETWEEN 1 AND 50),
    street_line4        TEXT    CHECK (street_line4 IS NULL OR length(street_line4) BETWEEN 1 AND 50),
    street_line5        TEXT    CHECK (street_line5 IS NULL OR length(street_line5) BETWEEN 1 AND 50),
    apartment_number    TEXT    CHECK (apartment_number IS NULL OR length(apartment_number) BETWEEN 1 AND 20),
    city_name           TEXT    CHECK (city_name IS NULL OR length(city_name) BETWEEN 1 AND 25),
    state_code          TEXT    CHECK (state_code IS NULL OR length(state_code) BETWEEN 2 AND 3),
    country_code        TEXT    CHECK (country_code IS NULL OR length(country_code) = 3),
    zip_code            TEXT    NOT NULL CHECK (length(zip_code) BETWEEN 1 AND 10),
    is_primary          INTEGER NOT NULL CHECK (is_primary IN (0, 1)),
    search_city         TEXT,
    search_zip          TEXT    NOT NULL,
    PRIMARY KEY (business_account_id, customer_id, position),
    FOREIGN KEY (business_account_id, customer_id) REFERENCES customers (business_account_id, id),
    -- A shipping address names its recipient; no other type has a name.
    CHECK ((address_type = 'SHIPPING') = (name_first IS NOT NULL AND name_last IS NOT NULL)),
    CHECK (address_type = 'SHIPPING' OR name_middle IS NULL),
    CHECK (country_code NOT IN ('USA', 'CAN') OR state_code IS NOT NULL)
) STRICT, WITHOUT ROWID;

-- At most one primary address per type and customer.
CREATE UNIQUE INDEX customer_addresses_one_primary_per_type
    ON customer_addresses (business_account_id, customer_id, address_type) WHERE is_primary = 1;
CREATE INDEX customer_addresses_by_city ON customer_addresses (business_account_id, search_city);
CREATE INDEX customer_addresses_by_zip ON customer_addresses (business_account_id, search_zip);

CREATE TABLE beneficiaries (
    id                           BLOB    NOT NULL PRIMARY KEY CHECK (length(id) = 16),
    business_account_id          BLOB    NOT NULL,
    customer_id                  BLOB    NOT NULL,
    -- Only business customers have beneficial owners: the foreign key includes the type.
    customer_type                TEXT    NOT NULL DEFAULT 'BUSINESS' CHECK (customer_type = 'BUSINESS'),
    first_name                   TEXT    NOT NULL CHECK (length(first_name) BETWEEN 1 AND 40),
    middle_name                  TEXT    CHECK (middle_name IS NULL OR length(middle_name) BETWEEN 1 AND 40),
    last_name                    TEXT    NOT NULL CHECK (length(last_name) BETWEEN 1 AND 40),
    sex                          TEXT    CHECK (sex IS NULL OR sex IN ('MALE', 'FEMALE', 'NONBINARY')),
    phone_number                 TEXT    CHECK (phone_number IS NULL OR phone_number GLOB '+[1-9]*'),
    phone_type                   TEXT    CHECK (phone_type IS NULL OR phone_type IN ('HOME', 'MOBILE', 'WORK')),
    phone_provider               TEXT    CHECK (phone_provider IS NULL OR length(phone_provider) BETWEEN 1 AND 40),
    phone_extension              TEXT    CHECK (phone_extension IS NULL OR length(phone_extension) BETWEEN 1 AND 10),
    phone_verified               INTEGER CHECK (phone_verified IS NULL OR phone_verified IN (0, 1)),
    email                        TEXT    CHECK (email IS NULL OR length(email) BETWEEN 3 AND 320),
    email_verified               INTEGER CHECK (email_verified IS NULL OR email_verified IN (0, 1)),
    date_of_birth                TEXT    CHECK (date_of_birth IS NULL OR date_of_birth GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    has_place_of_birth           INTEGER NOT NULL CHECK (has_place_of_birth IN (0, 1)),
    place_of_birth_city          TEXT    CHECK (place_of_birth_city IS NULL OR length(place_of_birth_city) BETWEEN 1 AND 60),
    place_of_birth_country_code  TEXT    CHECK (place_of_birth_country_code IS NULL OR length(place_of_birth_country_code) = 3),
    social_id                    TEXT    CHECK (social_id IS NULL OR length(social_id) BETWEEN 1 AND 50),
    social_id_country_code       TEXT    CHECK (social_id_country_code IS NULL OR length(social_id_country_code) = 3),
    citizenship_country_code     TEXT    CHECK (citizenship_country_code IS NULL OR length(citizenship_country_code) = 3),
    title                        TEXT    CHECK (title IS NULL OR length(title) BETWEEN 1 AND 100),
    ownership_percentage         TEXT    CHECK (ownership_percentage IS NULL OR length(ownership_percentage) BETWEEN 1 AND 6),
    controller                   INTEGER NOT NULL CHECK (controller IN (0, 1)),
    verification_status          TEXT    NOT NULL CHECK (verification_status IN ('UNVERIFIED', 'PROCESSING', 'APPROVED', 'REVIEW', 'DECLINED', 'RESTRICTED')),
    verification_reason          TEXT,
    verification_updated_at      INTEGER NOT NULL,
    verification_updated_by_type TEXT    NOT NULL CHECK (verification_updated_by_type IN ('employee', 'internal', 'kor_employee', 'service-account')),
    verification_updated_by_id   BLOB,
    version                      INTEGER NOT NULL CHECK (version >= 1),
    created_by_type              TEXT    NOT NULL CHECK (created_by_type IN ('employee', 'internal', 'kor_employee', 'service-account')),
    created_by_id                BLOB,
    created_at                   INTEGER NOT NULL,
    updated_by_type              TEXT    NOT NULL CHECK (updated_by_type IN ('employee', 'internal', 'kor_employee', 'service-account')),
    updated_by_id                BLOB,
    updated_at                   INTEGER NOT NULL,
    UNIQUE (business_account_id, id),
    FOREIGN KEY (business_account_id, customer_id, customer_type) REFERENCES customers (business_account_id, id, customer_type),
    CHECK ((phone_number IS NULL) = (phone_type IS NULL)),
    CHECK ((email IS NULL) = (email_verified IS NULL)),
    CHECK (social_id IS NULL OR social_id_country_code IS NOT NULL)
) STRICT;

CREATE INDEX beneficiaries_by_customer ON beneficiaries (business_account_id, customer_id, created_at, id);

CREATE TABLE beneficiary_addresses (
    business_account_id BLOB    NOT NULL,
    beneficiary_id      BLOB    NOT NULL,
    position            INTEGER NOT NULL CHECK (position BETWEEN 0 AND 19),
    address_type        TEXT    NOT NULL CHECK (address_type IN ('MAILING', 'PHYSICAL', 'SHIPPING')),
    name_first          TEXT    CHECK (name_first IS NULL OR length(name_first) BETWEEN 1 AND 40),
    name_middle         TEXT    CHECK (name_middle IS NULL OR length(name_middle) BETWEEN 1 AND 40),
    name_last           TEXT    CHECK (name_last IS NULL OR length(name_last) BETWEEN 1 AND 40),
    street_line1        TEXT    NOT NULL CHECK (length(street_line1) BETWEEN 1 AND 50),
    street_line2        TEXT    CHECK (street_line2 IS NULL OR length(street_line2) BETWEEN 1 AND 50),
    street_line3        TEXT    CHECK (street_line3 IS NULL OR length(street_line3) BETWEEN 1 AND 50),
    street_line4        TEXT    CHECK (street_line4 IS NULL OR length(street_line4) BETWEEN 1 AND 50),
    street_line5        TEXT    CHECK (street_line5 IS NULL OR length(street_line5) BETWEEN 1 AND 50),
    apartment_number    TEXT    CHECK (apartment_number IS NULL OR length(apartment_number) BETWEEN 1 AND 20),
    city_name           TEXT    CHECK (city_name IS NULL OR length(city_name) BETWEEN 1 AND 25),
    state_code          TEXT    CHECK (state_code IS NULL OR length(state_code) BETWEEN 2 AND 3),
    country_code        TEXT    CHECK (country_code IS NULL OR length(country_code) = 3),
    zip_code            TEXT    NOT NULL CHECK (length(zip_code) BETWEEN 1 AND 10),
    is_primary          INTEGER NOT NULL CHECK (is_primary IN (0, 1)),
    search_city         TEXT,
    search_zip          TEXT    NOT NULL,
    PRIMARY KEY (business_account_id, beneficiary_id, position),
    FOREIGN KEY (business_account_id, beneficiary_id) REFERENCES beneficiaries (business_account_id, id),
    CHECK ((address_type = 'SHIPPING') = (name_first IS NOT NULL AND name_last IS NOT NULL)),
    CHECK (address_type = 'SHIPPING' OR name_middle IS NULL),
    CHECK (country_code NOT IN ('USA', 'CAN') OR state_code IS NOT NULL)
) STRICT, WITHOUT ROWID;

CREATE UNIQUE INDEX beneficiary_addresses_one_primary_per_type
    ON beneficiary_addresses (business_account_id, beneficiary_id, address_type) WHERE is_primary = 1;
