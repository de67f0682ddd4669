-- A customer's orders: purchase limits per period and open receivables at submit.
CREATE INDEX rows_order_customer ON rows (org_id, (doc->>'customer_id')) WHERE entity = 'order';
