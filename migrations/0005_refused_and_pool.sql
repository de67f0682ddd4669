-- Holds are keyed in the pool by `pool_id` (fd_pool_id of the hold's id): a desk that may not
-- see an order keeps its holds redacted under that key, and a hold seen whole later replaces
-- its redacted twin instead of counting twice.
ALTER TABLE stock_reservations ADD COLUMN pool_id TEXT;
UPDATE stock_reservations SET pool_id = fd_pool_id(id);
CREATE UNIQUE INDEX stock_reservations_pool ON stock_reservations (pool_id);

-- The rows a pending mutation changed on this desk (JSON [{entity, id}]): if the server refuses
-- it, exactly these are put back to the server's state.
ALTER TABLE outbox ADD COLUMN touched TEXT;

-- Rows to fetch again from the server after a refusal, at the start of the next pull.
CREATE TABLE sync_refetch (
    entity TEXT NOT NULL,
    id     TEXT NOT NULL,
    PRIMARY KEY (entity, id)
) WITHOUT ROWID;

-- Conflicts and notices: `kind` is 'refused' (a mutation the server refused or whose field
-- lost), or 'short' (an order this desk took came back 缺货 from the server).
ALTER TABLE sync_conflicts ADD COLUMN kind TEXT NOT NULL DEFAULT 'refused';
