-- Addresses (of customers and beneficial owners) and business customers' contacts get ids: an
-- update names the address or contact it replaces or removes by its id, and keeps every one it
-- does not name. Rows an earlier release wrote get random ids. A NOT NULL column can only be
-- added to a filled table by rebuilding it on SQLite; the indexes are made again under their
-- names. Same result as the PostgreSQL migration of the same number.

CREATE TABLE customer_addresses_0022 (
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
    id                  BLOB    NOT NULL CHECK (length(id) = 16),
    PRIMARY KEY (business_account_id, customer_id, position),
    UNIQUE (business_account_id, customer_id, id),
    FOREIGN KEY (business_account_id, customer_id) REFERENCES customers (business_account_id, id),
    -- A shipping address names its recipient; no other type has a name.
    CHECK ((address_type = 'SHIPPING') = (name_first IS NOT NULL AND name_last IS NOT NULL)),
    CHECK (address_type = 'SHIPPING' OR name_middle IS NULL),
    CHECK (country_code NOT IN ('USA', 'CAN') OR state_code IS NOT NULL)
) STRICT, WITHOUT ROWID;
INSERT INTO customer_addresses_0022
    SELECT business_account_id, customer_id, position, address_type, name_first, name_middle,
           name_last, street_line1, street_line2, street_line3, street_line4, street_line5,
           apartment_number, city_name, state_code, country_code, zip_code, is_primary,
           search_city, search_zip, randomblob(16)
    FROM customer_addresses;
DROP TABLE customer_addresses;
ALTER TABLE customer_addresses_0022 RENAME TO customer_addresses;

-- At most one primary address per type and customer.
CREATE UNIQUE INDEX customer_addresses_one_primary_per_type
    ON customer_addresses (business_account_id, customer_id, address_type) WHERE is_primary = 1;
CREATE INDEX customer_addresses_by_city ON customer_addresses (business_account_id, search_city);
CREATE INDEX customer_addresses_by_zip ON customer_addresses (business_account_id, search_zip);
CREATE INDEX customer_addresses_by_country ON customer_addresses (business_account_id, country_code);

CREATE TABLE beneficiary_addresses_0022 (
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
    id                  BLOB    NOT NULL CHECK (length(id) = 16),
    PRIMARY KEY (business_account_id, beneficiary_id, position),
    UNIQUE (business_account_id, beneficiary_id, id),
    FOREIGN KEY (business_account_id, beneficiary_id) REFERENCES beneficiaries (business_account_id, id),
    CHECK ((address_type = 'SHIPPING') = (name_first IS NOT NULL AND name_last IS NOT NULL)),
    CHECK (address_type = 'SHIPPING' OR name_middle IS NULL),
    CHECK (country_code NOT IN ('USA', 'CAN') OR state_code IS NOT NULL)
) STRICT, WITHOUT ROWID;
INSERT INTO beneficiary_addresses_0022
    SELECT business_account_id, beneficiary_id, position, address_type, name_first, name_middle,
           name_last, street_line1, street_line2, street_line3, street_line4, street_line5,
           apartment_number, city_name, state_code, country_code, zip_code, is_primary,
           search_city, search_zip, randomblob(16)
    FROM beneficiary_addresses;
DROP TABLE beneficiary_addresses;
ALTER TABLE beneficiary_addresses_0022 RENAME TO beneficiary_addresses;

CREATE UNIQUE INDEX beneficiary_addresses_one_primary_per_type
    ON beneficiary_addresses (business_account_id, beneficiary_id, address_type) WHERE is_primary = 1;

CREATE TABLE customer_contacts_0022 (
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
    id                  BLOB    NOT NULL CHECK (length(id) = 16),
    PRIMARY KEY (business_account_id, customer_id, position),
    UNIQUE (business_account_id, customer_id, id),
    FOREIGN KEY (business_account_id, customer_id) REFERENCES customers (business_account_id, id)
) STRICT, WITHOUT ROWID;
INSERT INTO customer_contacts_0022
    SELECT business_account_id, customer_id, position, first_name, middle_name, last_name,
           is_primary, phone_number, phone_type, phone_provider, phone_extension, phone_verified,
           email, email_verified, randomblob(16)
    FROM customer_contacts;
DROP TABLE customer_contacts;
ALTER TABLE customer_contacts_0022 RENAME TO customer_contacts;

-- At most one primary contact per business customer.
CREATE UNIQUE INDEX customer_contacts_one_primary
    ON customer_contacts (business_account_id, customer_id) WHERE is_primary = 1;
