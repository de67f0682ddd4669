-- Fairdesk local store, version 1: device identity, users, customers, tags, follow-ups,
-- the outbox of pending mutations and the audit log.
-- Synced rows keep their full state as JSON in `doc` (what the domain reads back) plus the
-- columns that lists, filters and search need.

CREATE TABLE device (
    singleton   INTEGER PRIMARY KEY CHECK (singleton = 1),
    device_id   TEXT NOT NULL,
    device_code TEXT NOT NULL,
    next_seq    INTEGER NOT NULL DEFAULT 1,   -- gapless per-device mutation sequence
    hlc         TEXT NOT NULL,                -- last issued hybrid logical clock (JSON)
    created_at  INTEGER NOT NULL
);

-- Settings of this desk only (current user, language); never synced.
CREATE TABLE local_settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE users (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    role       TEXT NOT NULL,
    team       TEXT NOT NULL,
    active     INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    doc        TEXT NOT NULL
);
CREATE INDEX users_team ON users (team);

CREATE TABLE customers (
    rid            INTEGER PRIMARY KEY,  -- stable local row number (search index key)
    id             TEXT NOT NULL UNIQUE,
    code           TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    sort_key       TEXT NOT NULL,
    level          TEXT NOT NULL,
    province       TEXT NOT NULL,
    city           TEXT NOT NULL,
    contact        TEXT NOT NULL,
    mobile         TEXT NOT NULL,
    owner_id       TEXT NOT NULL,
    birthday_md    TEXT,             -- 'MM-DD' of the key contact's birthday, for reminders
    contract_expiry TEXT,
    next_follow_up TEXT,
    deleted        INTEGER NOT NULL DEFAULT 0,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    search         TEXT NOT NULL     -- characters, pinyin, initials, phones ('|'-separated)
);
CREATE INDEX customers_sort ON customers (deleted, sort_key);
CREATE INDEX customers_owner ON customers (owner_id, deleted);
CREATE INDEX customers_created ON customers (deleted, created_at);
CREATE INDEX customers_updated ON customers (deleted, updated_at);
CREATE INDEX customers_follow_up ON customers (next_follow_up) WHERE next_follow_up IS NOT NULL;
CREATE INDEX customers_expiry ON customers (contract_expiry) WHERE contract_expiry IS NOT NULL;
CREATE INDEX customers_birthday ON customers (birthday_md) WHERE birthday_md IS NOT NULL;

-- Inverted index over `customers.search`: bigrams and single Chinese characters
-- (core::search::grams), keyed by customers.rid. Turns substring search into an index lookup.
CREATE VIRTUAL TABLE customer_grams USING fts5(
    grams, content = '', contentless_delete = 1, detail = none,
    tokenize = 'unicode61 remove_diacritics 0'
);

-- Full customer state, kept apart so list scans stay on narrow rows.
CREATE TABLE customer_docs (
    id  TEXT PRIMARY KEY REFERENCES customers (id),
    doc TEXT NOT NULL
);

-- Mobile numbers of all contacts, for the duplicate check.
CREATE TABLE customer_mobiles (
    mobile      TEXT NOT NULL,
    customer_id TEXT NOT NULL,
    PRIMARY KEY (mobile, customer_id)
) WITHOUT ROWID;
CREATE INDEX customer_mobiles_customer ON customer_mobiles (customer_id);

CREATE TABLE customer_tags (
    customer_id TEXT NOT NULL,
    tag_id      TEXT NOT NULL,
    PRIMARY KEY (customer_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX customer_tags_tag ON customer_tags (tag_id, customer_id);

CREATE TABLE tags (
    id      TEXT PRIMARY KEY,
    name    TEXT NOT NULL,
    color   TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0,
    doc     TEXT NOT NULL
);

CREATE TABLE follow_ups (
    id          TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL,
    date        TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    doc         TEXT NOT NULL
);
CREATE INDEX follow_ups_customer ON follow_ups (customer_id, date);

-- Per-device, per-prefix, per-month document number series.
CREATE TABLE doc_series (
    prefix TEXT NOT NULL,
    period TEXT NOT NULL,
    next   INTEGER NOT NULL,
    PRIMARY KEY (prefix, period)
) WITHOUT ROWID;

-- Mutations not yet acknowledged by the sync server, in device order.
CREATE TABLE outbox (
    seq         INTEGER PRIMARY KEY,     -- the envelope's device_seq
    mutation_id TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    envelope    TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    mutation_id TEXT NOT NULL,
    at          INTEGER NOT NULL,
    user_id     TEXT NOT NULL,
    device_id   TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    action      TEXT NOT NULL,
    changes     TEXT NOT NULL
);
CREATE INDEX audit_entity ON audit_log (entity_id, id);
CREATE INDEX audit_mutation ON audit_log (mutation_id);
