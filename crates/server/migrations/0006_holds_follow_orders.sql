-- Stock holds are stored under their order's owner and customer, so a user who may not see
-- the order receives them redacted (the pool's figures only) and they move with the customer.
UPDATE rows h SET owner_id = o.owner_id, parent_id = o.parent_id
FROM rows o
WHERE h.entity = 'reservation' AND o.entity = 'order' AND o.org_id = h.org_id
  AND o.id = (h.doc->>'order_id')::uuid;
