-- Where recent list pages ended, kept where every process on this database finds them: a
-- client walking `page=0, 1, 2, …` behind a load balancer gets each page as the continuation
-- of the one before, whichever process served that one (keyset paging behind page/size).
--
-- `position` is a hash of the tenant, the list's query, the page size and the page number;
-- `after_keys` the sort key of the page before's last row (a JSON array). The rows are
-- disposable: the table is UNLOGGED (not written to the WAL, so keeping a page end never waits
-- for a disk flush; emptied after a crash, when walks fall back to offsets) and each row
-- expires five minutes after it was written.
CREATE UNLOGGED TABLE page_ends (
    position uuid PRIMARY KEY,
    after_keys text NOT NULL CHECK (length(after_keys) <= 65536),
    expires_at timestamptz NOT NULL
);

CREATE INDEX page_ends_by_expiry ON page_ends (expires_at);
