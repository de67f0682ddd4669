-- Payments, deliveries and return notes are rows like the others (following their customer).
-- Lookups the domain makes while applying them:
-- an order's payments (what it still owes; whether it is released to the warehouse),
CREATE INDEX rows_payment_order ON rows (org_id, (doc->>'order_id')) WHERE entity = 'payment';
-- and which delivery a tracking number is on (one number, one delivery).
CREATE INDEX rows_delivery_parcels ON rows USING gin ((doc->'parcels') jsonb_path_ops)
    WHERE entity = 'delivery';
