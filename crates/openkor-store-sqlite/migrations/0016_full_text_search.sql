-- Substring search served by an index. A list's `search` and `name` filters are substring
-- matches (`LIKE '%…%'`), which no b-tree serves; PostgreSQL serves them with pg_trgm indexes
-- (its 0014). Here each searched table gets an FTS5 table with the trigram tokenizer, whose
-- phrase queries find every row containing a string of three or more characters. A list
-- reads its candidates from it and keeps the exact `LIKE` as the final test.
--
-- FTS5 rows are keyed by integers and these tables are WITHOUT ROWID, so `search_keys` gives
-- each searched row a stable integer key (an implicit rowid could change on VACUUM). The
-- full-text tables are contentless (they keep only the index; the text stays in its table)
-- and allow deletes (`contentless_delete`). Triggers keep them in the same db transaction as
-- the rows they index, rewriting an entry only when its text changed.

CREATE TABLE search_keys (
    search_key INTEGER NOT NULL PRIMARY KEY,
    entity_id  BLOB    NOT NULL UNIQUE CHECK (length(entity_id) = 16)
) STRICT;

CREATE VIRTUAL TABLE customer_search USING fts5 (
    search_name, search_email, search_phone_digits,
    content = '', contentless_delete = 1, tokenize = 'trigram'
);
CREATE VIRTUAL TABLE financial_account_search USING fts5 (
    search_name,
    content = '', contentless_delete = 1, tokenize = 'trigram'
);
CREATE VIRTUAL TABLE recipient_search USING fts5 (
    search_text,
    content = '', contentless_delete = 1, tokenize = 'trigram'
);

INSERT INTO search_keys (entity_id) SELECT id FROM customers ORDER BY created_at, id;
INSERT INTO search_keys (entity_id) SELECT id FROM financial_accounts ORDER BY created_at, id;
INSERT INTO search_keys (entity_id) SELECT id FROM recipients ORDER BY created_at, id;

INSERT INTO customer_search (rowid, search_name, search_email, search_phone_digits)
    SELECT k.search_key, c.search_name, c.search_email, c.search_phone_digits
    FROM customers c JOIN search_keys k ON k.entity_id = c.id;
INSERT INTO financial_account_search (rowid, search_name)
    SELECT k.search_key, fa.search_name
    FROM financial_accounts fa JOIN search_keys k ON k.entity_id = fa.id;
INSERT INTO recipient_search (rowid, search_text)
    SELECT k.search_key, r.search_text
    FROM recipients r JOIN search_keys k ON k.entity_id = r.id;

CREATE TRIGGER customers_enter_search AFTER INSERT ON customers
BEGIN
    INSERT INTO search_keys (entity_id) VALUES (new.id);
    INSERT INTO customer_search (rowid, search_name, search_email, search_phone_digits)
        SELECT search_key, new.search_name, new.search_email, new.search_phone_digits
        FROM search_keys WHERE entity_id = new.id;
END;

CREATE TRIGGER customers_change_search
AFTER UPDATE OF search_name, search_email, search_phone_digits ON customers
WHEN old.search_name IS NOT new.search_name OR old.search_email IS NOT new.search_email
    OR old.search_phone_digits IS NOT new.search_phone_digits
BEGIN
    DELETE FROM customer_search
        WHERE rowid = (SELECT search_key FROM search_keys WHERE entity_id = old.id);
    INSERT INTO customer_search (rowid, search_name, search_email, search_phone_digits)
        SELECT search_key, new.search_name, new.search_email, new.search_phone_digits
        FROM search_keys WHERE entity_id = new.id;
END;

CREATE TRIGGER customers_leave_search AFTER DELETE ON customers
BEGIN
    DELETE FROM customer_search
        WHERE rowid = (SELECT search_key FROM search_keys WHERE entity_id = old.id);
    DELETE FROM search_keys WHERE entity_id = old.id;
END;

CREATE TRIGGER financial_accounts_enter_search AFTER INSERT ON financial_accounts
BEGIN
    INSERT INTO search_keys (entity_id) VALUES (new.id);
    INSERT INTO financial_account_search (rowid, search_name)
        SELECT search_key, new.search_name FROM search_keys WHERE entity_id = new.id;
END;

CREATE TRIGGER financial_accounts_change_search AFTER UPDATE OF search_name ON financial_accounts
WHEN old.search_name IS NOT new.search_name
BEGIN
    DELETE FROM financial_account_search
        WHERE rowid = (SELECT search_key FROM search_keys WHERE entity_id = old.id);
    INSERT INTO financial_account_search (rowid, search_name)
        SELECT search_key, new.search_name FROM search_keys WHERE entity_id = new.id;
END;

CREATE TRIGGER financial_accounts_leave_search AFTER DELETE ON financial_accounts
BEGIN
    DELETE FROM financial_account_search
        WHERE rowid = (SELECT search_key FROM search_keys WHERE entity_id = old.id);
    DELETE FROM search_keys WHERE entity_id = old.id;
END;

CREATE TRIGGER recipients_enter_search AFTER INSERT ON recipients
BEGIN
    INSERT INTO search_keys (entity_id) VALUES (new.id);
    INSERT INTO recipient_search (rowid, search_text)
        SELECT search_key, new.search_text FROM search_keys WHERE entity_id = new.id;
END;

CREATE TRIGGER recipients_change_search AFTER UPDATE OF search_text ON recipients
WHEN old.search_text IS NOT new.search_text
BEGIN
    DELETE FROM recipient_search
        WHERE rowid = (SELECT search_key FROM search_keys WHERE entity_id = old.id);
    INSERT INTO recipient_search (rowid, search_text)
        SELECT search_key, new.search_text FROM search_keys WHERE entity_id = new.id;
END;

CREATE TRIGGER recipients_leave_search AFTER DELETE ON recipients
BEGIN
    DELETE FROM recipient_search
        WHERE rowid = (SELECT search_key FROM search_keys WHERE entity_id = old.id);
    DELETE FROM search_keys WHERE entity_id = old.id;
END;
