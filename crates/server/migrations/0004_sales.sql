-- Lookups the domain makes while applying catalog, stock and quote mutations.
CREATE INDEX rows_stock_moves ON rows (org_id, (doc->>'product_id'), (doc->>'warehouse_id'))
    WHERE entity = 'stock_move';
CREATE INDEX rows_product_codes ON rows (org_id, (doc->>'sku')) WHERE entity = 'product';
CREATE INDEX rows_quote_need ON rows (org_id, (doc->>'need_id')) WHERE entity = 'quote';
CREATE INDEX rows_reservations ON rows (org_id, (doc->>'product_id'), (doc->>'warehouse_id'))
    WHERE entity = 'reservation';
