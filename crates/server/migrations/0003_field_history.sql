-- Field values that lost a last-writer-wins merge (an older edit synced after a newer one):
-- kept as history; the device that made the edit is told in its push answer.
ALTER TABLE mutations ADD COLUMN lost jsonb NOT NULL DEFAULT '[]';

CREATE TABLE lost_writes (
    org_id      uuid NOT NULL REFERENCES orgs (id),
    mutation_id uuid NOT NULL,
    entity      text NOT NULL,
    entity_id   uuid NOT NULL,
    field       text NOT NULL,
    value       jsonb NOT NULL,
    user_id     uuid NOT NULL,
    device_id   uuid NOT NULL,
    at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX lost_writes_entity ON lost_writes (org_id, entity_id);
