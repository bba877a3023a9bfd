-- Rows inserted into a GIN index wait in its pending list until a vacuum, or the list's
-- reaching `gin_pending_list_limit` (4 MB by default), merges them into the index, and every
-- search reads the whole pending list. Measured on a trigram index of 100,000 names: a
-- substring search took 1.7 ms with 30,000 rows pending under the default limit, 0.3 ms with
-- the limit at 128 kB; in the lists benchmark at 100k rows, without vacuums, a customer search
-- took 37 ms. A small limit keeps a search's cost bounded between vacuums; an insert now and
-- then merges the short list into the index.
ALTER INDEX customers_live_search_name SET (gin_pending_list_limit = 128);
ALTER INDEX customers_live_search_email SET (gin_pending_list_limit = 128);
ALTER INDEX customers_live_search_phone_digits SET (gin_pending_list_limit = 128);
ALTER INDEX financial_accounts_live_search_name SET (gin_pending_list_limit = 128);
ALTER INDEX recipients_live_search_text SET (gin_pending_list_limit = 128);
