//! The statements of the write path, prepared once per transaction: each use is then one
//! round trip instead of two (prepare + execute). They also hand out the company's change
//! numbers for the transaction (see [`Statements::next_seq`]).

use postgres::{GenericClient, Statement};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;

pub struct Statements {
    /// The company whose change numbers these statements hand out.
    org: uuid::Uuid,
    /// The last change number handed out, and the one `orgs.seq` holds.
    seq: Cell<i64>,
    stored: Cell<i64>,
    /// Rows written but not yet sent (see [`Statements::write`]), and the documents this
    /// transaction knows: written by it, or looked up before (`None`: no such row).
    pending: RefCell<Vec<Pending>>,
    known: RefCell<HashMap<(String, uuid::Uuid), Option<serde_json::Value>>>,
    /// Whether writes wait for the next flush (a batch without savepoints) or go at once.
    buffering: Cell<bool>,
    /// The answers of a batch, as arrays.
    pub record: Statement,
    /// A field value that lost a last-writer-wins merge.
    pub lost: Statement,
    /// doc of (org, entity, id).
    pub doc: Statement,
    /// Live customers of an owner.
    pub owned: Statement,
    /// Writes a row under a change number ([`Statements::next_seq`]).
    pub put: Statement,
    /// Writes many rows (the pending ones) in one statement.
    put_many: Statement,
    pub owner_of: Statement,
    /// Owner and customer of an order (its holds are stored under them).
    pub order_owner: Statement,
    /// Moves a customer's follow-ups, quotes, orders and holds to its new owner, each under a
    /// new change number after `$4` (then [`Statements::skip_seq`] by the number moved).
    pub move_follow_ups: Statement,
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
    /// Prepares the statements in a transaction that holds the company's row lock (`SELECT …
    /// FOR NO KEY UPDATE`): the change numbers it hands out follow the last one committed.
    pub fn prepare(
        c: &mut impl GenericClient,
        org: uuid::Uuid,
    ) -> Result<Statements, postgres::Error> {
        let seq: i64 = c
            .query_one("SELECT seq FROM orgs WHERE id = $1", &[&org])?
            .get(0);
        Ok(Statements {
            org,
            seq: Cell::new(seq),
            stored: Cell::new(seq),
            pending: RefCell::new(Vec::new()),
            known: RefCell::new(HashMap::new()),
            buffering: Cell::new(false),
            put_many: c.prepare(
                "INSERT INTO rows (org_id, entity, id, owner_id, parent_id, doc, deleted, seq)
                 SELECT $1, r.entity, r.id, r.owner, r.parent, r.doc, r.deleted, r.seq
                 FROM unnest($2::text[], $3::uuid[], $4::uuid[], $5::uuid[], $6::jsonb[],
                             $7::bool[], $8::bigint[])
                      AS r (entity, id, owner, parent, doc, deleted, seq)
                 ON CONFLICT (org_id, entity, id) DO UPDATE SET owner_id = excluded.owner_id,
                   parent_id = excluded.parent_id, doc = excluded.doc, deleted = excluded.deleted,
                   seq = excluded.seq",
            )?,
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
                "INSERT INTO rows (org_id, entity, id, owner_id, parent_id, doc, deleted, seq)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
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
                 UPDATE rows r SET owner_id = $3, seq = $4 + n.rn
                 FROM (SELECT entity, id, row_number() OVER () AS rn FROM f) n
                 WHERE r.org_id = $1 AND r.entity = n.entity AND r.id = n.id",
            )?,
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

impl Statements {
    /// The next change number of the company. Counted here rather than by updating `orgs`
    /// for each row: one row updated hundreds of times in a transaction leaves a chain of
    /// versions PostgreSQL walks on every update (the push's profile showed it). The caller
    /// holds the company's row lock, so numbers still commit in order; [`Statements::finish`]
    /// stores the last one before the commit.
    pub fn next_seq(&self) -> i64 {
        self.seq.set(self.seq.get() + 1);
        self.seq.get()
    }

    /// The last change number handed out.
    pub fn last_seq(&self) -> i64 {
        self.seq.get()
    }

    /// `n` numbers used by a statement that numbered its rows after [`Statements::last_seq`].
    pub fn skip_seq(&self, n: u64) {
        self.seq.set(self.seq.get() + n as i64);
    }

    /// Sends the pending rows and stores the last change number handed out (call before
    /// committing any write).
    pub fn finish(&self, c: &mut impl GenericClient) -> Result<(), postgres::Error> {
        self.flush(c)?;
        if self.seq.get() != self.stored.get() {
            c.execute(
                "UPDATE orgs SET seq = $2 WHERE id = $1",
                &[&self.org, &self.seq.get()],
            )?;
            self.stored.set(self.seq.get());
        }
        Ok(())
    }

    /// Lets writes wait for the next [`Statements::flush`]: a batch's rows then go to the
    /// database in one statement instead of one round trip each (the push's profile: half the
    /// time both cores waited on round trips, the company's writers being one at a time).
    pub fn buffer_writes(&self, on: bool) {
        self.buffering.set(on);
    }

    /// Writes a row under the next change number: at once, or with the next flush. Either way
    /// the transaction reads it back through [`Statements::known_doc`] at once.
    pub fn write(
        &self,
        c: &mut impl GenericClient,
        org: uuid::Uuid,
        row: Pending,
    ) -> Result<(), postgres::Error> {
        self.known
            .borrow_mut()
            .insert((row.entity.clone(), row.id), Some(row.doc.clone()));
        if !self.buffering.get() {
            c.execute(
                &self.put,
                &[
                    &org,
                    &row.entity,
                    &row.id,
                    &row.owner,
                    &row.parent,
                    &row.doc,
                    &row.deleted,
                    &row.seq,
                ],
            )?;
            return Ok(());
        }
        let mut pending = self.pending.borrow_mut();
        // One statement can't write a row twice: the later write (later number) stands.
        pending.retain(|p| !(p.entity == row.entity && p.id == row.id));
        pending.push(row);
        Ok(())
    }

    /// Sends the pending rows in one statement, before anything reads the table by other
    /// means than a row's id.
    pub fn flush(&self, c: &mut impl GenericClient) -> Result<(), postgres::Error> {
        let rows = std::mem::take(&mut *self.pending.borrow_mut());
        if rows.is_empty() {
            return Ok(());
        }
        c.execute(
            &self.put_many,
            &[
                &self.org,
                &rows.iter().map(|r| r.entity.as_str()).collect::<Vec<_>>(),
                &rows.iter().map(|r| r.id).collect::<Vec<_>>(),
                &rows.iter().map(|r| r.owner).collect::<Vec<_>>(),
                &rows.iter().map(|r| r.parent).collect::<Vec<_>>(),
                &rows.iter().map(|r| &r.doc).collect::<Vec<_>>(),
                &rows.iter().map(|r| r.deleted).collect::<Vec<_>>(),
                &rows.iter().map(|r| r.seq).collect::<Vec<_>>(),
            ],
        )?;
        Ok(())
    }

    /// The document of (entity, id) if this transaction knows it: `Some(None)` when it looked
    /// and there is none.
    pub fn known_doc(&self, entity: &str, id: uuid::Uuid) -> Option<Option<serde_json::Value>> {
        self.known.borrow().get(&(entity.to_string(), id)).cloned()
    }

    /// Remembers what a lookup by id found (or that it found nothing).
    pub fn remember(&self, entity: &str, id: uuid::Uuid, doc: Option<serde_json::Value>) {
        self.known
            .borrow_mut()
            .insert((entity.to_string(), id), doc);
    }

    /// Forgets everything not yet written and every document known (a savepoint rolled back).
    pub fn forget(&self) {
        self.pending.borrow_mut().clear();
        self.known.borrow_mut().clear();
    }
}

/// A row to write: what it is, whose it is, its document, its change number.
pub struct Pending {
    pub entity: String,
    pub id: uuid::Uuid,
    pub owner: Option<uuid::Uuid>,
    pub parent: Option<uuid::Uuid>,
    pub doc: serde_json::Value,
    pub deleted: bool,
    pub seq: i64,
}
