-- Sync with the company server: mutations the server refused, kept for the user to see
-- (同步冲突). The server's state of the row comes back with the next pull.
CREATE TABLE sync_conflicts (
    id          INTEGER PRIMARY KEY,
    mutation_id TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,        -- mutation name, e.g. update_customer
    entity_id   TEXT,                 -- the record it was about, for a link
    reason      TEXT NOT NULL,        -- the server's reason, Chinese
    reason_en   TEXT NOT NULL,
    at          INTEGER NOT NULL,
    envelope    TEXT NOT NULL
);
