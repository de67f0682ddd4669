-- How many devices a user may register (an administrator raises it, or retires old devices).
ALTER TABLE users ADD COLUMN device_limit integer NOT NULL DEFAULT 10;

-- Mutation and device ids are per company: another company's id is simply unknown here, so
-- no answer can confirm that it exists elsewhere (and the keys stay distributable by org_id).
ALTER TABLE mutations DROP CONSTRAINT mutations_pkey, ADD PRIMARY KEY (org_id, id);
ALTER TABLE devices DROP CONSTRAINT devices_pkey, ADD PRIMARY KEY (org_id, id);

-- Who owned a row until which change: a pull sends a revoke only for a row the device could
-- see at its cursor (its owner then was visible to the user), never ids of rows it never had.
CREATE TABLE row_owners (
    org_id    uuid NOT NULL,
    entity    text NOT NULL,
    id        uuid NOT NULL,
    owner_id  uuid,
    until_seq bigint NOT NULL,
    PRIMARY KEY (org_id, entity, id, until_seq)
);

CREATE FUNCTION remember_owner() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO row_owners (org_id, entity, id, owner_id, until_seq)
    VALUES (OLD.org_id, OLD.entity, OLD.id, OLD.owner_id, NEW.seq)
    ON CONFLICT DO NOTHING;
    RETURN NEW;
END $$;

CREATE TRIGGER rows_owner_history BEFORE UPDATE OF owner_id ON rows
    FOR EACH ROW WHEN (OLD.owner_id IS DISTINCT FROM NEW.owner_id)
    EXECUTE FUNCTION remember_owner();
