-- Fairdesk sync server, version 1. Every row carries its company (org_id).

CREATE TABLE orgs (
    id         uuid PRIMARY KEY,
    slug       text NOT NULL UNIQUE,
    name       text NOT NULL,
    -- Last change sequence number of this company. Writers lock this row (UPDATE … RETURNING)
    -- so that changes of one company commit in sequence order: a pull cursor never skips a
    -- change that commits late.
    seq        bigint NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
    id            uuid PRIMARY KEY,
    org_id        uuid NOT NULL REFERENCES orgs (id),
    login         text NOT NULL,
    password_hash text NOT NULL,
    UNIQUE (org_id, login)
);

CREATE TABLE tokens (
    hash        bytea PRIMARY KEY,          -- sha256 of the token; the token itself is never stored
    user_id     uuid NOT NULL REFERENCES users (id),
    org_id      uuid NOT NULL REFERENCES orgs (id),
    expires_at  timestamptz NOT NULL,
    revoked     boolean NOT NULL DEFAULT false
);

CREATE TABLE devices (
    id         uuid PRIMARY KEY,
    org_id     uuid NOT NULL REFERENCES orgs (id),
    user_id    uuid NOT NULL REFERENCES users (id),
    code       text NOT NULL,
    registered_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (org_id, code)
);

-- Every mutation ever pushed, with its first answer: a replay gets the same answer and
-- changes nothing.
CREATE TABLE mutations (
    id         uuid PRIMARY KEY,
    org_id     uuid NOT NULL REFERENCES orgs (id),
    device_id  uuid NOT NULL,
    device_seq bigint NOT NULL,
    result     jsonb NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
);

-- Current state of every synced row (the same JSON documents the desktop stores).
CREATE TABLE rows (
    org_id   uuid NOT NULL REFERENCES orgs (id),
    entity   text NOT NULL,
    id       uuid NOT NULL,
    owner_id uuid,                 -- whose customer (customers and their follow-ups)
    parent_id uuid,                -- the customer of a follow-up
    doc      jsonb NOT NULL,
    deleted  boolean NOT NULL DEFAULT false,
    seq      bigint NOT NULL,      -- the company change number of the last write
    PRIMARY KEY (org_id, entity, id)
);
CREATE INDEX rows_seq ON rows (org_id, seq);
CREATE INDEX rows_owner ON rows (org_id, entity, owner_id);
CREATE INDEX rows_parent ON rows (org_id, parent_id) WHERE parent_id IS NOT NULL;
