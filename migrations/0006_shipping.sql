-- Payments against orders, delivery notes with their parcels, and return notes. Each row keeps
-- its synced JSON document (`doc`); the columns are what lists and lookups use.
CREATE TABLE payments (
    id          TEXT PRIMARY KEY,
    order_id    TEXT NOT NULL,
    customer_id TEXT NOT NULL,
    amount_fen  INTEGER NOT NULL,
    date        TEXT NOT NULL,
    doc         TEXT NOT NULL
);
CREATE INDEX payments_order ON payments (order_id);

CREATE TABLE deliveries (
    id           TEXT PRIMARY KEY,
    number       TEXT NOT NULL,
    order_id     TEXT NOT NULL,
    customer_id  TEXT NOT NULL,
    warehouse_id TEXT NOT NULL,
    status       TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    doc          TEXT NOT NULL
);
CREATE INDEX deliveries_order ON deliveries (order_id, created_at);

-- One row per parcel: a tracking number is on one delivery only (checked by the domain).
CREATE TABLE delivery_parcels (
    tracking_no TEXT NOT NULL,
    delivery_id TEXT NOT NULL,
    PRIMARY KEY (tracking_no, delivery_id)
) WITHOUT ROWID;
CREATE INDEX delivery_parcels_delivery ON delivery_parcels (delivery_id);

CREATE TABLE return_notes (
    id          TEXT PRIMARY KEY,
    number      TEXT NOT NULL,
    order_id    TEXT NOT NULL,
    delivery_id TEXT NOT NULL,
    customer_id TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    doc         TEXT NOT NULL
);
CREATE INDEX return_notes_order ON return_notes (order_id, created_at);
