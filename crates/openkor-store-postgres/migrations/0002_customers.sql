-- Customers, their contacts and addresses, beneficial owners; soft deletion of financial accounts.
-- Same tables, names and constraints as the SQLite migration of the same name.

ALTER TABLE financial_accounts ADD COLUMN deleted_at timestamptz;

CREATE TABLE customers (
    id                           uuid        NOT NULL PRIMARY KEY,
    business_account_id          uuid        NOT NULL REFERENCES business_accounts (id),
    customer_type                text        NOT NULL CHECK (customer_type IN ('INDIVIDUAL', 'BUSINESS')),
    status                       text        NOT NULL CHECK (status IN ('ACTIVE', 'SUSPENDED')),
    external_id                  text        CHECK (external_id IS NULL OR char_length(external_id) BETWEEN 1 AND 100),
    first_name                   text        CHECK (first_name IS NULL OR char_length(first_name) BETWEEN 1 AND 40),
    middle_name                  text        CHECK (middle_name IS NULL OR char_length(middle_name) BETWEEN 1 AND 40),
    last_name                    text        CHECK (last_name IS NULL OR char_length(last_name) BETWEEN 1 AND 40),
    phone_number                 text        CHECK (phone_number IS NULL OR phone_number ~ '^\+[1-9][0-9]*$'),
    phone_type                   text        CHECK (phone_type IS NULL OR phone_type IN ('HOME', 'MOBILE', 'WORK')),
    phone_provider               text        CHECK (phone_provider IS NULL OR char_length(phone_provider) BETWEEN 1 AND 40),
    phone_extension              text        CHECK (phone_extension IS NULL OR char_length(phone_extension) BETWEEN 1 AND 10),
    phone_verified               boolean,
    email                        text        CHECK (email IS NULL OR char_length(email) BETWEEN 3 AND 320),
    email_verified               boolean,
    date_of_birth                date,
    business_name                text        CHECK (business_name IS NULL OR char_length(business_name) BETWEEN 1 AND 100),
    website                      text        CHECK (website IS NULL OR char_length(website) BETWEEN 1 AND 255),
    metadata                     text        NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(metadata::jsonb) = 'object'),
    search_name                  text        NOT NULL,
    search_email                 text,
    search_phone                 text,
    search_phone_digits          text,
    verification_status          text        NOT NULL CHECK (verification_status IN ('UNVERIFIED', 'PROCESSING', 'APPROVED', 'REVIEW', 'DECLINED', 'RESTRICTED')),
    verification_reason          text,
    verification_updated_at      timestamptz NOT NULL,
    verification_updated_by_type text        NOT NULL CHECK (verification_updated_by_type IN ('employee', 'internal', 'kor_employee', 'service-account')),
    verification_updated_by_id   uuid,
    version                      bigint      NOT NULL CHECK (version >= 1),
    created_by_type              text        NOT NULL CHECK (created_by_type IN ('employee', 'internal', 'kor_employee', 'service-account')),
    created_by_id                uuid,
    created_at                   timestamptz NOT NULL,
    updated_by_type              text        NOT NULL CHECK (updated_by_type IN ('employee', 'internal', 'kor_employee', 'service-account')),
    updated_by_id                uuid,
    updated_at                   timestamptz NOT NULL,
    deleted_at                   timestamptz,
    UNIQUE (business_account_id, id),
    UNIQUE (business_account_id, id, customer_type),
    -- An individual has a name, a phone and an e-mail and no business fields; a business the reverse.
    CHECK ((customer_type = 'INDIVIDUAL') = (first_name IS NOT NULL AND last_name IS NOT NULL AND phone_number IS NOT NULL AND phone_type IS NOT NULL AND email IS NOT NULL)),
    CHECK ((customer_type = 'BUSINESS') = (business_name IS NOT NULL)),
    CHECK (customer_type = 'INDIVIDUAL' OR (middle_name IS NULL AND date_of_birth IS NULL AND phone_provider IS NULL AND phone_extension IS NULL)),
    CHECK (customer_type = 'BUSINESS' OR website IS NULL)
);

-- External ids are unique among the live customers of a business account.
CREATE UNIQUE INDEX customers_external_id
    ON customers (business_account_id, external_id) WHERE external_id IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX customers_by_created ON customers (business_account_id, created_at, id);
CREATE INDEX customers_by_email ON customers (business_account_id, search_email);
CREATE INDEX customers_by_phone ON customers (business_account_id, search_phone);

CREATE TABLE customer_contacts (
    business_account_id uuid    NOT NULL,
    customer_id         uuid    NOT NULL,
    position            bigint  NOT NULL CHECK (position BETWEEN 0 AND 9),
    first_name          text    NOT NULL CHECK (char_length(first_name) BETWEEN 1 AND 40),
    middle_name         text    CHECK (middle_name IS NULL OR char_length(middle_name) BETWEEN 1 AND 40),
    last_name           text    NOT NULL CHECK (char_length(last_name) BETWEEN 1 AND 40),
    is_primary          boolean NOT NULL,
    phone_number        text    NOT NULL CHECK (phone_number ~ '^\+[1-9][0-9]*$'),
    phone_type          text    NOT NULL CHECK (phone_type IN ('HOME', 'MOBILE', 'WORK')),
    phone_provider      text    CHECK (phone_provider IS NULL OR char_length(phone_provider) BETWEEN 1 AND 40),
    phone_extension     text    CHECK (phone_extension IS NULL OR char_length(phone_extension) BETWEEN 1 AND 10),
    phone_verified      boolean NOT NULL,
    email               text    NOT NULL CHECK (char_length(email) BETWEEN 3 AND 320),
    email_verified      boolean NOT NULL,
    PRIMARY KEY (business_account_id, customer_id, position),
    FOREIGN KEY (business_account_id, customer_id) REFERENCES customers (business_account_id, id)
);

-- At most one primary contact per business customer.
CREATE UNIQUE INDEX customer_contacts_one_primary
    ON customer_contacts (business_account_id, customer_id) WHERE is_primary;

CREATE TABLE customer_addresses (
    business_account_id uuid    NOT NULL,
    customer_id         uuid    NOT NULL,
    position            bigint  NOT NULL CHECK (position BETWEEN 0 AND 19),
    address_type        text    NOT NULL CHECK (address_type IN ('MAILING', 'PHYSICAL', 'SHIPPING')),
    name_first          text    CHECK (name_first IS NULL OR char_length(name_first) BETWEEN 1 AND 40),
    name_middle         text    CHECK (name_middle IS NULL OR char_length(name_middle) BETWEEN 1 AND 40),
    name_last           text    CHECK (name_last IS NULL OR char_length(name_last) BETWEEN 1 AND 40),
    street_line1        text    NOT NULL CHECK (char_length(street_line1) BETWEEN 1 AND 50),
    street_line2        text    CHECK (street_line2 IS NULL OR char_length(street_line2) BETWEEN 1 AND 50),
    street_line3        text    CHECK (street_line3 IS NULL OR char_length(street_line3) BETWEEN 1 AND 50),
    street_line4        text    CHECK (street_line4 IS NULL OR char_length(street_line4) BETWEEN 1 AND 50),
    street_line5        text    CHECK (street_line5 IS NULL OR char_length(street_line5) BETWEEN 1 AND 50),
    apartment_number    text    CHECK (apartment_number IS NULL OR char_length(apartment_number) BETWEEN 1 AND 20),
    city_name           text    CHECK (city_name IS NULL OR char_length(city_name) BETWEEN 1 AND 25),
    state_code          text    CHECK (state_code IS NULL OR char_length(state_code) BETWEEN 2 AND 3),
    country_code        text    CHECK (country_code IS NULL OR char_length(country_code) = 3),
    zip_code            text    NOT NULL CHECK (char_length(zip_code) BETWEEN 1 AND 10),
    is_primary          boolean NOT NULL,
    search_city         text,
    search_zip          text    NOT NULL,
    PRIMARY KEY (business_account_id, customer_id, position),
    FOREIGN KEY (business_account_id, customer_id) REFERENCES customers (business_account_id, id),
    -- A shipping address names its recipient; no other type has a name.
    CHECK ((address_type = 'SHIPPING') = (name_first IS NOT NULL AND name_last IS NOT NULL)),
    CHECK (address_type = 'SHIPPING' OR name_middle IS NULL),
    CHECK (country_code IS NULL OR country_code NOT IN ('USA', 'CAN') OR state_code IS NOT NULL)
);

-- At most one primary address per type and customer.
CREATE UNIQUE INDEX customer_addresses_one_primary_per_type
    ON customer_addresses (business_account_id, customer_id, address_type) WHERE is_primary;
CREATE INDEX customer_addresses_by_city ON customer_addresses (business_account_id, search_city);
CREATE INDEX customer_addresses_by_zip ON customer_addresses (business_account_id, search_zip);

CREATE TABLE beneficiaries (
    id                           uuid        NOT NULL PRIMARY KEY,
    business_account_id          uuid        NOT NULL,
    customer_id                  uuid        NOT NULL,
    -- Only business customers have beneficial owners: the foreign key includes the type.
    customer_type                text        NOT NULL DEFAULT 'BUSINESS' CHECK (customer_type = 'BUSINESS'),
    first_name                   text        NOT NULL CHECK (char_length(first_name) BETWEEN 1 AND 40),
    middle_name                  text        CHECK (middle_name IS NULL OR char_length(middle_name) BETWEEN 1 AND 40),
    last_name                    text        NOT NULL CHECK (char_length(last_name) BETWEEN 1 AND 40),
    sex                          text        CHECK (sex IS NULL OR sex IN ('MALE', 'FEMALE', 'NONBINARY')),
    phone_number                 text        CHECK (phone_number IS NULL OR phone_number ~ '^\+[1-9][0-9]*$'),
    phone_type                   text        CHECK (phone_type IS NULL OR phone_type IN ('HOME', 'MOBILE', 'WORK')),
    phone_provider               text        CHECK (phone_provider IS NULL OR char_length(phone_provider) BETWEEN 1 AND 40),
    phone_extension              text        CHECK (phone_extension IS NULL OR char_length(phone_extension) BETWEEN 1 AND 10),
    phone_verified               boolean,
    email                        text        CHECK (email IS NULL OR char_length(email) BETWEEN 3 AND 320),
    email_verified               boolean,
    date_of_birth                date,
    has_place_of_birth           boolean     NOT NULL,
    place_of_birth_city          text        CHECK (place_of_birth_city IS NULL OR char_length(place_of_birth_city) BETWEEN 1 AND 60),
    place_of_birth_country_code  text        CHECK (place_of_birth_country_code IS NULL OR char_length(place_of_birth_country_code) = 3),
    social_id                    text        CHECK (social_id IS NULL OR char_length(social_id) BETWEEN 1 AND 50),
    social_id_country_code       text        CHECK (social_id_country_code IS NULL OR char_length(social_id_country_code) = 3),
    citizenship_country_code     text        CHECK (citizenship_country_code IS NULL OR char_length(citizenship_country_code) = 3),
    title                        text        CHECK (title IS NULL OR char_length(title) BETWEEN 1 AND 100),
    ownership_percentage         text        CHECK (ownership_percentage IS NULL OR char_length(ownership_percentage) BETWEEN 1 AND 6),
    controller                   boolean     NOT NULL,
    verification_status          text        NOT NULL CHECK (verification_status IN ('UNVERIFIED', 'PROCESSING', 'APPROVED', 'REVIEW', 'DECLINED', 'RESTRICTED')),
    verification_reason          text,
    verification_updated_at      timestamptz NOT NULL,
    verification_updated_by_type text        NOT NULL CHECK (verification_updated_by_type IN ('employee', 'internal', 'kor_employee', 'service-account')),
    verification_updated_by_id   uuid,
    version                      bigint      NOT NULL CHECK (version >= 1),
    created_by_type              text        NOT NULL CHECK (created_by_type IN ('employee', 'internal', 'kor_employee', 'service-account')),
    created_by_id                uuid,
    created_at                   timestamptz NOT NULL,
    updated_by_type              text        NOT NULL CHECK (updated_by_type IN ('employee', 'internal', 'kor_employee', 'service-account')),
    updated_by_id                uuid,
    updated_at                   timestamptz NOT NULL,
    UNIQUE (business_account_id, id),
    FOREIGN KEY (business_account_id, customer_id, customer_type) REFERENCES customers (business_account_id, id, customer_type),
    CHECK ((phone_number IS NULL) = (phone_type IS NULL)),
    CHECK ((email IS NULL) = (email_verified IS NULL)),
    CHECK (social_id IS NULL OR social_id_country_code IS NOT NULL)
);

CREATE INDEX beneficiaries_by_customer ON beneficiaries (business_account_id, customer_id, created_at, id);

CREATE TABLE beneficiary_addresses (
    business_account_id uuid    NOT NULL,
    beneficiary_id      uuid    NOT NULL,
    position            bigint  NOT NULL CHECK (position BETWEEN 0 AND 19),
    address_type        text    NOT NULL CHECK (address_type IN ('MAILING', 'PHYSICAL', 'SHIPPING')),
    name_first          text    CHECK (name_first IS NULL OR char_length(name_first) BETWEEN 1 AND 40),
    name_middle         text    CHECK (name_middle IS NULL OR char_length(name_middle) BETWEEN 1 AND 40),
    name_last           text    CHECK (name_last IS NULL OR char_length(name_last) BETWEEN 1 AND 40),
    street_line1        text    NOT NULL CHECK (char_length(street_line1) BETWEEN 1 AND 50),
    street_line2        text    CHECK (street_line2 IS NULL OR char_length(street_line2) BETWEEN 1 AND 50),
    street_line3        text    CHECK (street_line3 IS NULL OR char_length(street_line3) BETWEEN 1 AND 50),
    street_line4        text    CHECK (street_line4 IS NULL OR char_length(street_line4) BETWEEN 1 AND 50),
    street_line5        text    CHECK (street_line5 IS NULL OR char_length(street_line5) BETWEEN 1 AND 50),
    apartment_number    text    CHECK (apartment_number IS NULL OR char_length(apartment_number) BETWEEN 1 AND 20),
    city_name           text    CHECK (city_name IS NULL OR char_length(city_name) BETWEEN 1 AND 25),
    state_code          text    CHECK (state_code IS NULL OR char_length(state_code) BETWEEN 2 AND 3),
    country_code        text    CHECK (country_code IS NULL OR char_length(country_code) = 3),
    zip_code            text    NOT NULL CHECK (char_length(zip_code) BETWEEN 1 AND 10),
    is_primary          boolean NOT NULL,
    search_city         text,
    search_zip          text    NOT NULL,
    PRIMARY KEY (business_account_id, beneficiary_id, position),
    FOREIGN KEY (business_account_id, beneficiary_id) REFERENCES beneficiaries (business_account_id, id),
    CHECK ((address_type = 'SHIPPING') = (name_first IS NOT NULL AND name_last IS NOT NULL)),
    CHECK (address_type = 'SHIPPING' OR name_middle IS NULL),
    CHECK (country_code IS NULL OR country_code NOT IN ('USA', 'CAN') OR state_code IS NOT NULL)
);

CREATE UNIQUE INDEX beneficiary_addresses_one_primary_per_type
    ON beneficiary_addresses (business_account_id, beneficiary_id, address_type) WHERE is_primary;
