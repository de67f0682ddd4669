-- Invoices are rows like the others (following their customer). The lookup the domain makes
-- while applying them: which invoice already holds a 数电票 number (one number, one invoice).
CREATE INDEX rows_invoice_tax_number ON rows (org_id, (doc->'issued'->>'number'))
    WHERE entity = 'invoice';
