-- Sales orders. Their stock holds are rows of `stock_reservations` (one per order line),
-- summed into `stock_levels.reserved_milli` in the same transaction.
CREATE TABLE orders (
    id          TEXT PRIMARY KEY,
    number      TEXT NOT NULL,
    customer_id TEXT NOT NULL,
    status      TEXT NOT NULL,
    total_fen   INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    doc         TEXT NOT NULL
);
CREATE INDEX orders_customer ON orders (customer_id, updated_at);
CREATE INDEX orders_status ON orders (status, updated_at);
CREATE INDEX stock_reservations_order ON stock_reservations (order_id);
