//! The statements of the write path, prepared once per transaction: each use is then one
//! round trip instead of two (prepare + execute).

use postgres::{GenericClient, Statement};

pub struct Statements {
    /// The answers of a batch, as arrays.
    pub record: Statement,
    /// A field value that lost a last-writer-wins merge.
    pub lost: Statement,
    /// doc of (org, entity, id).
    pub doc: Statement,
    /// Live customers of an owner.
    pub owned: Statement,
    /// Writes a row under the company's next change number.
    pub put: Statement,
    pub owner_of: Statement,
    /// Owner and customer of an order (its holds are stored under them).
    pub order_owner: Statement,
    /// Moves a customer's follow-ups, quotes, orders and holds to its new owner, each under a new change number
    /// (then `bump` the company's counter by the number moved).
    pub move_follow_ups: Statement,
    pub bump: Statement,
    /// On hand (as text) and the number of moves of a product in a warehouse.
    pub stock: Statement,
    pub product_by_code: Statement,
    /// What order lines hold of a product in a warehouse (as text).
    pub reserved: Statement,
    /// Every version of a quote's need.
    pub versions: Statement,
    /// Every desk's outstanding quota of a product in a warehouse (as text).
    pub quota: Statement,
    /// One desk's outstanding quota of a product in a warehouse (as text), and whether it was
    /// ever granted some there.
    pub desk_quota: Statement,
}

impl Statements {
    pub fn prepare(c: &mut impl GenericClient) -> Result<Statements, postgres::Error> {
        Ok(Statements {
            record: c.prepare(
                "INSERT INTO mutations (id, org_id, device_id, device_seq, result, lost)
                 SELECT m.id, $2, m.device_id, m.device_seq, m.result, m.lost
                 FROM unnest($1::uuid[], $3::uuid[], $4::bigint[], $5::jsonb[], $6::jsonb[])
                   AS m (id, device_id, device_seq, result, lost)",
            )?,
            lost: c.prepare(
                "INSERT INTO lost_writes (org_id, mutation_id, entity, entity_id, field, value, user_id, device_id)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )?,
            doc: c.prepare("SELECT doc FROM rows WHERE org_id = $1 AND entity = $2 AND id = $3")?,
            owned: c.prepare(
                "SELECT id FROM rows WHERE org_id = $1 AND entity = 'customer' AND owner_id = $2
                 AND NOT deleted ORDER BY id",
            )?,
            put: c.prepare(
                "WITH s AS (UPDATE orgs SET seq = seq + 1 WHERE id = $1 RETURNING seq)
                 INSERT INTO rows (org_id, entity, id, owner_id, parent_id, doc, deleted, seq)
                 SELECT $1, $2, $3, $4, $5, $6, $7, s.seq FROM s
                 ON CONFLICT (org_id, entity, id) DO UPDATE SET owner_id = excluded.owner_id,
                   parent_id = excluded.parent_id, doc = excluded.doc, deleted = excluded.deleted,
                   seq = excluded.seq",
            )?,
            owner_of: c.prepare(
                "SELECT owner_id FROM rows WHERE org_id = $1 AND entity = 'customer' AND id = $2",
            )?,
            order_owner: c.prepare(
                "SELECT owner_id, parent_id FROM rows WHERE org_id = $1 AND entity = 'order' AND id = $2",
            )?,
            move_follow_ups: c.prepare(
                "WITH f AS (SELECT entity, id FROM rows WHERE org_id = $1
                            AND entity IN ('follow_up', 'quote', 'order', 'reservation',
                                           'payment', 'delivery', 'return_note', 'invoice')
                            AND parent_id = $2 ORDER BY id)
                 UPDATE rows r SET owner_id = $3,
                   seq = (SELECT seq FROM orgs WHERE id = $1) + n.rn
                 FROM (SELECT entity, id, row_number() OVER () AS rn FROM f) n
                 WHERE r.org_id = $1 AND r.entity = n.entity AND r.id = n.id",
            )?,
            bump: c.prepare("UPDATE orgs SET seq = seq + $2 WHERE id = $1")?,
            stock: c.prepare(
                "SELECT coalesce(sum((doc->>'qty')::numeric), 0)::text, count(*) FROM rows
                 WHERE org_id = $1 AND entity = 'stock_move'
                   AND doc->>'product_id' = $2 AND doc->>'warehouse_id' = $3",
            )?,
            reserved: c.prepare(
                "SELECT coalesce(sum((doc->>'qty')::numeric), 0)::text FROM rows
                 WHERE org_id = $1 AND entity = 'reservation'
                   AND doc->>'product_id' = $2 AND doc->>'warehouse_id' = $3",
            )?,
            product_by_code: c.prepare(
                "SELECT id FROM rows WHERE org_id = $1 AND entity = 'product' AND NOT deleted
                   AND (doc->>'sku' = $2 OR (doc->>'barcode' = $2 AND $2 <> '')) LIMIT 1",
            )?,
            versions: c.prepare(
                "SELECT doc FROM rows WHERE org_id = $1 AND entity = 'quote' AND doc->>'need_id' = $2
                 ORDER BY (doc->>'version')::int",
            )?,
            quota: c.prepare(
                "SELECT coalesce(sum((doc->>'qty')::numeric), 0)::text FROM rows
                 WHERE org_id = $1 AND entity = 'stock_quota'
                   AND doc->>'product_id' = $2 AND doc->>'warehouse_id' = $3",
            )?,
            desk_quota: c.prepare(
                "SELECT coalesce(sum((doc->>'qty')::numeric), 0)::text,
                        coalesce(bool_or(doc->>'kind' = 'grant'), false)
                 FROM rows WHERE org_id = $1 AND entity = 'stock_quota'
                   AND doc->>'product_id' = $2 AND doc->>'warehouse_id' = $3
                   AND doc->>'device_id' = $4",
            )?,
        })
    }
}
