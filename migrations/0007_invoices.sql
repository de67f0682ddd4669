-- Invoices (开票申请, 已开票, 红字) and the lookups of a customer's ledger. One row per invoice with
-- its synced JSON document; the columns are what finance's lists and the number lookup use.
CREATE TABLE invoices (
    id          TEXT PRIMARY KEY,
    number      TEXT NOT NULL,
    customer_id TEXT NOT NULL,
    status      TEXT NOT NULL,
    -- The 20-digit 数电票号码 once issued ('' before).
    tax_number  TEXT NOT NULL DEFAULT '',
    total_fen   INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    doc         TEXT NOT NULL
);
CREATE INDEX invoices_status ON invoices (status, created_at);
CREATE INDEX invoices_customer ON invoices (customer_id, created_at);
CREATE INDEX invoices_tax_number ON invoices (tax_number) WHERE tax_number <> '';

-- A customer's ledger (its deliveries, returns and payments) for payments on its account and
-- its statement, without reading the company's.
CREATE INDEX deliveries_customer ON deliveries (customer_id, created_at);
CREATE INDEX return_notes_customer ON return_notes (customer_id, created_at);
CREATE INDEX payments_customer ON payments (customer_id, date);
