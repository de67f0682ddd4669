-- 库存额度: quota ledger rows are company-wide rows like stock moves. The lookups the domain
-- makes while applying: every desk's quota of a product in a warehouse (the pool), one desk's.
CREATE INDEX rows_stock_quotas ON rows (org_id, (doc->>'product_id'), (doc->>'warehouse_id'))
    WHERE entity = 'stock_quota';
CREATE INDEX rows_stock_quotas_desk ON rows (org_id, (doc->>'device_id'))
    WHERE entity = 'stock_quota';
