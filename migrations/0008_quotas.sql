-- 库存额度: the quota ledger. Grants into a desk (+), uses by its orders and returns (−),
-- recalls (0, for the whole desk). A desk's quota of a product in a warehouse is the sum of
-- its rows; the pool excludes every desk's.
CREATE TABLE stock_quotas (
    id           TEXT PRIMARY KEY,
    device_id    TEXT NOT NULL,
    product_id   TEXT NOT NULL,
    warehouse_id TEXT NOT NULL,
    qty_milli    INTEGER NOT NULL,
    kind         TEXT NOT NULL,
    at           INTEGER NOT NULL,
    doc          TEXT NOT NULL
);
CREATE INDEX stock_quotas_desk ON stock_quotas (device_id, product_id, warehouse_id);
CREATE INDEX stock_quotas_product ON stock_quotas (product_id, warehouse_id);

-- Every desk's outstanding quota per product × warehouse, cached beside on hand and reserved
-- (kept in the same transaction as the ledger rows).
ALTER TABLE stock_levels ADD COLUMN quota_milli INTEGER NOT NULL DEFAULT 0;
