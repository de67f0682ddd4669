-- When each parcel was last asked about at the tracking service, kept apart from the synced
-- delivery (asking is not news: the desks hear only of changes). It survives a restart, so the
-- service's limit (one query per number per 30 minutes) holds across them; `done` once signed
-- for or returned, when nothing more will happen.
CREATE TABLE parcel_polls (
    org_id      uuid   NOT NULL REFERENCES orgs (id),
    tracking_no text   NOT NULL,
    checked_at  bigint NOT NULL,
    done        boolean NOT NULL DEFAULT false,
    PRIMARY KEY (org_id, tracking_no)
);
-- The deliveries still on their way, for the poller's round.
CREATE INDEX rows_deliveries_shipped ON rows (org_id, seq)
    WHERE entity = 'delivery' AND doc->>'status' = 'shipped';
