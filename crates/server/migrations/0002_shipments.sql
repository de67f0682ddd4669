-- Shipments as the public tracking page sees them. Filled by the shipping issue; the page and
-- its access rule (order number + last four digits of the receiver's phone) exist now.
CREATE TABLE shipments (
    org_id       uuid NOT NULL REFERENCES orgs (id),
    order_no     text NOT NULL,
    phone_last4  text NOT NULL,
    carrier      text NOT NULL,
    tracking_no  text NOT NULL,
    status       text NOT NULL,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, order_no)
);
