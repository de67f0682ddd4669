-- Catalog, stock ledger, pricing and quotes. Quantities are stored as integer thousandths
-- (`*_milli`) and amounts as integer fen so that SQL sums stay exact; each row also keeps
-- its full JSON document (`doc`), the same one that syncs.

CREATE TABLE products (
    id          TEXT PRIMARY KEY,
    sku         TEXT NOT NULL,
    barcode     TEXT NOT NULL,
    name        TEXT NOT NULL,
    sort_key    TEXT NOT NULL,
    category_id TEXT,
    active      INTEGER NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0,
    safety_stock_milli INTEGER NOT NULL,
    search      TEXT NOT NULL,     -- SKU, barcode, name, pinyin, initials, spec, brand
    doc         TEXT NOT NULL
);
CREATE INDEX products_sku ON products (sku);
CREATE INDEX products_barcode ON products (barcode) WHERE barcode <> '';
CREATE INDEX products_sort ON products (deleted, sort_key);

CREATE TABLE categories (
    id        TEXT PRIMARY KEY,
    name      TEXT NOT NULL,
    parent_id TEXT,
    deleted   INTEGER NOT NULL DEFAULT 0,
    doc       TEXT NOT NULL
);

CREATE TABLE warehouses (
    id       TEXT PRIMARY KEY,
    name     TEXT NOT NULL,
    province TEXT NOT NULL,
    city     TEXT NOT NULL,
    active   INTEGER NOT NULL,
    doc      TEXT NOT NULL
);

-- The stock ledger: moves are written once and never changed by the desk.
CREATE TABLE stock_moves (
    id           TEXT PRIMARY KEY,
    product_id   TEXT NOT NULL,
    warehouse_id TEXT NOT NULL,
    qty_milli    INTEGER NOT NULL,
    kind         TEXT NOT NULL,
    at           INTEGER NOT NULL,
    doc          TEXT NOT NULL
);
CREATE INDEX stock_moves_product ON stock_moves (product_id, warehouse_id, at);

-- On hand and reserved per product × warehouse: a cache of the sums, updated in the same
-- transaction as the moves and reservations (never written on its own).
CREATE TABLE stock_levels (
    product_id     TEXT NOT NULL,
    warehouse_id   TEXT NOT NULL,
    on_hand_milli  INTEGER NOT NULL DEFAULT 0,
    reserved_milli INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (product_id, warehouse_id)
) WITHOUT ROWID;

-- Stock held for order lines (filled by orders).
CREATE TABLE stock_reservations (
    id            TEXT PRIMARY KEY,
    product_id    TEXT NOT NULL,
    warehouse_id  TEXT NOT NULL,
    order_id      TEXT NOT NULL,
    qty_milli     INTEGER NOT NULL,
    doc           TEXT NOT NULL
);
CREATE INDEX stock_reservations_product ON stock_reservations (product_id, warehouse_id);

CREATE TABLE price_rules (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,      -- contract, promotion, tier
    customer_id TEXT,
    product_id  TEXT,
    category_id TEXT,
    deleted     INTEGER NOT NULL DEFAULT 0,
    doc         TEXT NOT NULL
);
CREATE INDEX price_rules_product ON price_rules (product_id) WHERE product_id IS NOT NULL;
CREATE INDEX price_rules_category ON price_rules (category_id) WHERE category_id IS NOT NULL;

-- Company-wide documents stored once: pricing_policy, company.
CREATE TABLE singletons (
    entity TEXT PRIMARY KEY,
    doc    TEXT NOT NULL
);

CREATE TABLE quotes (
    id             TEXT PRIMARY KEY,
    number         TEXT NOT NULL,
    need_id        TEXT NOT NULL,
    version        INTEGER NOT NULL,
    customer_id    TEXT NOT NULL,
    owner_id       TEXT NOT NULL,
    status         TEXT NOT NULL,
    date           TEXT NOT NULL,
    valid_until    TEXT NOT NULL,
    gross_fen      INTEGER NOT NULL,
    needs_approval INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    doc            TEXT NOT NULL
);
CREATE INDEX quotes_need ON quotes (need_id, version);
CREATE INDEX quotes_customer ON quotes (customer_id, date);
CREATE INDEX quotes_updated ON quotes (updated_at);

-- One row per goods line, for "this customer's last price" lookups.
CREATE TABLE quote_lines (
    quote_id    TEXT NOT NULL,
    line        INTEGER NOT NULL,
    customer_id TEXT NOT NULL,
    product_id  TEXT NOT NULL,
    unit_price  TEXT NOT NULL,
    status      TEXT NOT NULL,
    date        TEXT NOT NULL,
    PRIMARY KEY (quote_id, line)
) WITHOUT ROWID;
CREATE INDEX quote_lines_last ON quote_lines (customer_id, product_id, date);
