//! Everything this desk holds of the synced tables, row by row, and what it should hold given a
//! set of server documents: documents, the pool's holds and levels, tags, phones and search
//! keys. Sync tests compare the two for every desk after every sync (DESIGN §6: a desk equals
//! the server's state for what its user may see, plus its own pending writes).

use crate::{rows, Store, StoreError};
use fairdesk_core::apply::Effect;
use fairdesk_core::Id;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Replica {
    /// (entity, id) → document, for every synced table.
    pub docs: BTreeMap<(String, Id), serde_json::Value>,
    /// (product, warehouse) → (on hand, reserved, desks' quotas) in thousandths; all-zero
    /// pools left out.
    pub levels: BTreeMap<(Id, Id), (i64, i64, i64)>,
    /// (customer, tag) of live customers.
    pub tags: BTreeSet<(Id, Id)>,
    /// (customer, mobile) of live customers.
    pub mobiles: BTreeSet<(Id, String)>,
    /// customer → its search key text.
    pub search: BTreeMap<Id, String>,
    /// (quote, line) → product of each quote line.
    pub quote_lines: BTreeMap<(Id, i64), Id>,
}

/// The synced tables and the entity their rows travel under.
const TABLES: &[(&str, &str)] = &[
    ("user", "SELECT id, doc FROM users"),
    ("customer", "SELECT id, doc FROM customer_docs"),
    ("tag", "SELECT id, doc FROM tags"),
    ("follow_up", "SELECT id, doc FROM follow_ups"),
    ("product", "SELECT id, doc FROM products"),
    ("category", "SELECT id, doc FROM categories"),
    ("warehouse", "SELECT id, doc FROM warehouses"),
    ("stock_move", "SELECT id, doc FROM stock_moves"),
    ("reservation", "SELECT id, doc FROM stock_reservations"),
    ("price_rule", "SELECT id, doc FROM price_rules"),
    ("quote", "SELECT id, doc FROM quotes"),
    ("order", "SELECT id, doc FROM orders"),
    ("payment", "SELECT id, doc FROM payments"),
    ("delivery", "SELECT id, doc FROM deliveries"),
    ("return_note", "SELECT id, doc FROM return_notes"),
    ("invoice", "SELECT id, doc FROM invoices"),
    ("stock_quota", "SELECT id, doc FROM stock_quotas"),
];

impl Store {
    /// What this desk holds, read from its tables (not from the screens' queries).
    pub fn replica(&self) -> Result<Replica, StoreError> {
        let conn = &self.conn;
        let mut r = Replica::default();
        let id = |s: String| crate::queries::parse_id(&s);
        for (entity, sql) in TABLES {
            let mut stmt = conn.prepare(sql)?;
            let rows =
                stmt.query_map([], |x| Ok((x.get::<_, String>(0)?, x.get::<_, String>(1)?)))?;
            for row in rows {
                let (key, doc) = row?;
                r.docs
                    .insert((entity.to_string(), id(key)?), serde_json::from_str(&doc)?);
            }
        }
        // The administrator a fresh desk makes for itself never leaves it (not a synced row).
        if let Some(local) = self.setting("bootstrap_user")? {
            r.docs.remove(&("user".to_string(), id(local)?));
        }
        let mut stmt = conn.prepare("SELECT entity, doc FROM singletons")?;
        for row in stmt.query_map([], |x| Ok((x.get::<_, String>(0)?, x.get::<_, String>(1)?)))? {
            let (entity, doc) = row?;
            r.docs
                .insert((entity, Id::NIL), serde_json::from_str(&doc)?);
        }
        let mut stmt = conn.prepare(
            "SELECT product_id, warehouse_id, on_hand_milli, reserved_milli, quota_milli
             FROM stock_levels
             WHERE on_hand_milli <> 0 OR reserved_milli <> 0 OR quota_milli <> 0",
        )?;
        for row in stmt.query_map([], |x| {
            Ok((
                x.get::<_, String>(0)?,
                x.get::<_, String>(1)?,
                (x.get(2)?, x.get(3)?, x.get(4)?),
            ))
        })? {
            let (p, w, level) = row?;
            r.levels.insert((id(p)?, id(w)?), level);
        }
        let mut stmt = conn.prepare("SELECT customer_id, tag_id FROM customer_tags")?;
        for row in stmt.query_map([], |x| Ok((x.get::<_, String>(0)?, x.get::<_, String>(1)?)))? {
            let (c, t) = row?;
            r.tags.insert((id(c)?, id(t)?));
        }
        let mut stmt = conn.prepare("SELECT customer_id, mobile FROM customer_mobiles")?;
        for row in stmt.query_map([], |x| Ok((x.get::<_, String>(0)?, x.get::<_, String>(1)?)))? {
            let (c, m) = row?;
            r.mobiles.insert((id(c)?, m));
        }
        let mut stmt = conn.prepare("SELECT id, search FROM customers")?;
        for row in stmt.query_map([], |x| Ok((x.get::<_, String>(0)?, x.get::<_, String>(1)?)))? {
            let (c, s) = row?;
            r.search.insert(id(c)?, s);
        }
        let mut stmt = conn.prepare("SELECT quote_id, line, product_id FROM quote_lines")?;
        for row in stmt.query_map([], |x| {
            Ok((
                x.get::<_, String>(0)?,
                x.get::<_, i64>(1)?,
                x.get::<_, String>(2)?,
            ))
        })? {
            let (q, line, p) = row?;
            r.quote_lines.insert((id(q)?, line), id(p)?);
        }
        Ok(r)
    }
}

impl Replica {
    /// What a desk holding exactly these documents should have in every table: the derived
    /// ones (levels, tags, phones, search keys, quote lines) are recomputed from the documents.
    pub fn expected(
        docs: impl IntoIterator<Item = (String, Id, serde_json::Value)>,
    ) -> Result<Replica, StoreError> {
        let mut r = Replica::default();
        for (entity, id, doc) in docs {
            let text = doc.to_string();
            match Effect::from_doc(&entity, &text).transpose()? {
                Some(Effect::PutCustomer(c)) => {
                    if !c.deleted {
                        r.tags.extend(c.data.tag_ids.iter().map(|t| (c.id, *t)));
                        r.mobiles
                            .extend(c.data.mobiles().map(|m| (c.id, m.to_string())));
                    }
                    r.search
                        .insert(c.id, rows::CustomerKeys::of(&c).search_text().into());
                }
                Some(Effect::PutStockMove(m)) => {
                    r.levels
                        .entry((m.product_id, m.warehouse_id))
                        .or_default()
                        .0 += rows::milli(m.qty);
                }
                Some(Effect::PutReservation(h)) => {
                    r.levels
                        .entry((h.product_id, h.warehouse_id))
                        .or_default()
                        .1 += rows::milli(h.qty);
                }
                Some(Effect::PutQuotaMove(m)) if m.product_id != Id::NIL => {
                    r.levels
                        .entry((m.product_id, m.warehouse_id))
                        .or_default()
                        .2 += rows::milli(m.qty);
                }
                Some(Effect::PutQuote(q)) => {
                    for (i, l) in q.data.lines.iter().enumerate() {
                        r.quote_lines.insert((q.id, i as i64), l.product_id);
                    }
                }
                _ => {}
            }
            r.docs.insert((entity, id), doc);
        }
        r.levels.retain(|_, v| *v != (0, 0, 0));
        Ok(r)
    }

    /// The first differences to `expected`, one line each (empty when equal).
    pub fn differences(&self, expected: &Replica, most: usize) -> Vec<String> {
        let mut out = Vec::new();
        diff_maps("doc", &self.docs, &expected.docs, &mut out);
        diff_maps("stock level", &self.levels, &expected.levels, &mut out);
        diff_sets("tag", &self.tags, &expected.tags, &mut out);
        diff_sets("mobile", &self.mobiles, &expected.mobiles, &mut out);
        diff_maps("search key", &self.search, &expected.search, &mut out);
        diff_maps(
            "quote line",
            &self.quote_lines,
            &expected.quote_lines,
            &mut out,
        );
        out.truncate(most);
        out
    }
}

fn diff_maps<K: Ord + std::fmt::Debug, V: PartialEq + std::fmt::Debug>(
    what: &str,
    desk: &BTreeMap<K, V>,
    server: &BTreeMap<K, V>,
    out: &mut Vec<String>,
) {
    for (k, v) in desk {
        match server.get(k) {
            None => out.push(format!("{what} {k:?}: only on the desk ({v:?})")),
            Some(s) if s != v => out.push(format!("{what} {k:?}: desk {v:?}, server {s:?}")),
            _ => {}
        }
    }
    for (k, v) in server {
        if !desk.contains_key(k) {
            out.push(format!("{what} {k:?}: missing on the desk (server {v:?})"));
        }
    }
}

fn diff_sets<K: Ord + std::fmt::Debug>(
    what: &str,
    desk: &BTreeSet<K>,
    server: &BTreeSet<K>,
    out: &mut Vec<String>,
) {
    for k in desk.difference(server) {
        out.push(format!("{what} {k:?}: only on the desk"));
    }
    for k in server.difference(desk) {
        out.push(format!("{what} {k:?}: missing on the desk"));
    }
}
