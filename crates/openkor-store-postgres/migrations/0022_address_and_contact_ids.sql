-- Addresses (of customers and beneficial owners) and business customers' contacts get ids: an
-- update names the address or contact it replaces or removes by its id, and keeps every one it
-- does not name. Rows an earlier release wrote get random ids (a volatile default is computed
-- for each row); openkor gives every new one its id, so the default goes. Same result as the
-- SQLite migration of the same number.

ALTER TABLE customer_addresses ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid();
ALTER TABLE customer_addresses ALTER COLUMN id DROP DEFAULT;
ALTER TABLE customer_addresses
    ADD CONSTRAINT customer_addresses_id_key UNIQUE (business_account_id, customer_id, id);

ALTER TABLE beneficiary_addresses ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid();
ALTER TABLE beneficiary_addresses ALTER COLUMN id DROP DEFAULT;
ALTER TABLE beneficiary_addresses
    ADD CONSTRAINT beneficiary_addresses_id_key UNIQUE (business_account_id, beneficiary_id, id);

ALTER TABLE customer_contacts ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid();
ALTER TABLE customer_contacts ALTER COLUMN id DROP DEFAULT;
ALTER TABLE customer_contacts
    ADD CONSTRAINT customer_contacts_id_key UNIQUE (business_account_id, customer_id, id);
