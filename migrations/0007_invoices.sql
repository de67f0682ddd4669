-- Invoices (开票申请, 已开票, 红字): one row per invoice with its synced JSON document; the
-- columns are what finance's lists and the number lookup use.
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
