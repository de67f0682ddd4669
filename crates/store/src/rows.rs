//! Writes the domain's effects into tables: the full row as JSON plus the columns that
//! lists, filters and search use.

use fairdesk_core::apply::Effect;
use fairdesk_core::customer::Customer;
use fairdesk_core::pricing::{PriceRuleKind, Target};
use fairdesk_core::quote::{totals, Quote};
use fairdesk_core::search;
use fairdesk_core::stock::StockMove;
use rusqlite::{params, Connection, OptionalExtension};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

/// A quantity as integer thousandths (the scale quantities are validated to).
pub fn milli(q: Decimal) -> i64 {
    (q * Decimal::from(1000)).trunc().to_i64().unwrap_or(0)
}

pub fn from_milli(m: i64) -> Decimal {
    Decimal::new(m, 3).normalize()
}

pub fn put(tx: &Connection, effect: &Effect) -> rusqlite::Result<()> {
    put_as(tx, effect, None, &mut Levels::Now)
}

/// Writes an effect's row; `raw` is its document as pulled (stored as it came, not serialised
/// again — a first sync writes hundreds of thousands of them); ledger rows move the cached
/// stock levels through `levels`.
pub fn put_as(
    tx: &Connection,
    effect: &Effect,
    raw: Option<&str>,
    levels: &mut Levels,
) -> rusqlite::Result<()> {
    let json = |row: &dyn ErasedDoc| match raw {
        Some(doc) => doc.to_string(),
        None => row.doc(),
    };
    match effect {
        Effect::PutUser(u) => tx
            .prepare_cached(
                "INSERT INTO users (id, name, role, team, active, updated_at, doc)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (id) DO UPDATE SET name = excluded.name, role = excluded.role,
                   team = excluded.team, active = excluded.active,
                   updated_at = excluded.updated_at, doc = excluded.doc",
            )?
            .execute(params![
                u.id.to_string(),
                u.data.name,
                u.data.role.as_str(),
                u.data.team,
                u.data.active,
                u.meta.updated_at,
                json(u)
            ])
            .map(drop),
        Effect::PutCustomer(c) => put_customer(tx, c, &json(c), false, &CustomerKeys::of(c)),
        Effect::PutTag(t) => tx
            .prepare_cached(
                "INSERT INTO tags (id, name, color, deleted, doc) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (id) DO UPDATE SET name = excluded.name, color = excluded.color,
                   deleted = excluded.deleted, doc = excluded.doc",
            )?
            .execute(params![
                t.id.to_string(),
                t.data.name,
                t.data.color,
                t.deleted,
                json(t)
            ])
            .map(drop),
        Effect::PutFollowUp(f) => tx
            .prepare_cached(
                "INSERT INTO follow_ups (id, customer_id, date, created_at, doc)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (id) DO UPDATE SET customer_id = excluded.customer_id,
                   date = excluded.date, doc = excluded.doc",
            )?
            .execute(params![
                f.id.to_string(),
                f.data.customer_id.to_string(),
                f.data.date.to_string(),
                f.meta.created_at,
                json(f)
            ])
            .map(drop),
        Effect::PutProduct(p) => {
            let d = &p.data;
            tx.prepare_cached(
                "INSERT INTO products (id, sku, barcode, name, sort_key, category_id, active, deleted,
                    safety_stock_milli, search, doc)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
                 ON CONFLICT (id) DO UPDATE SET sku = excluded.sku, barcode = excluded.barcode,
                   name = excluded.name, sort_key = excluded.sort_key,
                   category_id = excluded.category_id, active = excluded.active,
                   deleted = excluded.deleted, safety_stock_milli = excluded.safety_stock_milli,
                   search = excluded.search, doc = excluded.doc",
            )?
            .execute(params![
                p.id.to_string(),
                d.sku,
                d.barcode,
                d.name,
                search::sort_key(&d.name),
                d.category_id.map(|c| c.to_string()),
                d.active,
                p.deleted,
                milli(d.safety_stock),
                search::product_search_text(p),
                json(p)
            ])
            .map(drop)
        }
        Effect::PutCategory(c) => tx
            .prepare_cached(
                "INSERT INTO categories (id, name, parent_id, deleted, doc) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (id) DO UPDATE SET name = excluded.name, parent_id = excluded.parent_id,
                   deleted = excluded.deleted, doc = excluded.doc",
            )?
            .execute(params![
                c.id.to_string(),
                c.data.name,
                c.data.parent_id.map(|p| p.to_string()),
                c.deleted,
                json(c)
            ])
            .map(drop),
        Effect::PutWarehouse(w) => tx
            .prepare_cached(
                "INSERT INTO warehouses (id, name, province, city, active, doc) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (id) DO UPDATE SET name = excluded.name, province = excluded.province,
                   city = excluded.city, active = excluded.active, doc = excluded.doc",
            )?
            .execute(params![
                w.id.to_string(),
                w.data.name,
                w.data.province,
                w.data.city,
                w.data.active,
                json(w)
            ])
            .map(drop),
        Effect::PutStockMove(m) => put_move(tx, m, raw, levels),
        Effect::PutPricingPolicy(p) => put_singleton(tx, "pricing_policy", &json(p)),
        Effect::PutCompany(c) => put_singleton(tx, "company", &json(c)),
        Effect::PutPriceRule(r) => {
            let (customer, product, category) = match &r.data.kind {
                PriceRuleKind::Contract { customer_id, product_id, .. } => {
                    (Some(*customer_id), Some(*product_id), None)
                }
                PriceRuleKind::Promotion { target, .. } | PriceRuleKind::Tier { target, .. } => {
                    match target {
                        Target::Product(p) => (None, Some(*p), None),
                        Target::Category(c) => (None, None, Some(*c)),
                    }
                }
            };
            let kind = serde_json::to_value(&r.data.kind)
                .ok()
                .and_then(|v| v["kind"].as_str().map(str::to_string))
                .unwrap_or_default();
            tx.prepare_cached(
                "INSERT INTO price_rules (id, kind, customer_id, product_id, category_id, deleted, doc)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, customer_id = excluded.customer_id,
                   product_id = excluded.product_id, category_id = excluded.category_id,
                   deleted = excluded.deleted, doc = excluded.doc",
            )?
            .execute(params![
                r.id.to_string(),
                kind,
                customer.map(|c| c.to_string()),
                product.map(|c| c.to_string()),
                category.map(|c| c.to_string()),
                r.deleted,
                json(r)
            ])
            .map(drop)
        }
        Effect::PutQuote(q) => put_quote(tx, q, raw),
        Effect::PutOrder(o) => tx
            .prepare_cached(
                "INSERT INTO orders (id, number, customer_id, status, total_fen, updated_at, doc)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (id) DO UPDATE SET customer_id = excluded.customer_id,
                   status = excluded.status, total_fen = excluded.total_fen,
                   updated_at = excluded.updated_at, doc = excluded.doc",
            )?
            .execute(params![
                o.id.to_string(),
                o.number,
                o.data.customer_id.to_string(),
                serde_json::to_value(o.status)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default(),
                o.total().to_fen().unwrap_or(0),
                o.meta.updated_at,
                json(o)
            ])
            .map(drop),
        Effect::PutReservation(r) => put_reservation(tx, r, raw, levels),
        Effect::PutPayment(p) => tx
            .prepare_cached(
                "INSERT INTO payments (id, order_id, customer_id, amount_fen, date, doc)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (id) DO UPDATE SET order_id = excluded.order_id,
                   customer_id = excluded.customer_id, amount_fen = excluded.amount_fen,
                   date = excluded.date, doc = excluded.doc",
            )?
            .execute(params![
                p.id.to_string(),
                p.data.order_id.map(|o| o.to_string()).unwrap_or_default(),
                p.customer_id.to_string(),
                p.data.amount.to_fen().unwrap_or(0),
                p.data.date.to_string(),
                json(p)
            ])
            .map(drop),
        Effect::PutDelivery(d) => put_delivery(tx, d, raw),
        Effect::PutReturn(r) => tx
            .prepare_cached(
                "INSERT INTO return_notes (id, number, order_id, delivery_id, customer_id, created_at, doc)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (id) DO UPDATE SET customer_id = excluded.customer_id, doc = excluded.doc",
            )?
            .execute(params![
                r.id.to_string(),
                r.number,
                r.order_id.to_string(),
                r.data.delivery_id.to_string(),
                r.customer_id.to_string(),
                r.meta.created_at,
                json(r)
            ])
            .map(drop),
        Effect::PutInvoice(i) => tx
            .prepare_cached(
                "INSERT INTO invoices (id, number, customer_id, status, tax_number, total_fen, created_at, doc)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                 ON CONFLICT (id) DO UPDATE SET customer_id = excluded.customer_id,
                   status = excluded.status, tax_number = excluded.tax_number,
                   total_fen = excluded.total_fen, doc = excluded.doc",
            )?
            .execute(params![
                i.id.to_string(),
                i.number,
                i.customer_id.to_string(),
                i.status.as_str(),
                i.issued.as_ref().map(|x| x.number.as_str()).unwrap_or(""),
                i.total().to_fen().unwrap_or(0),
                i.meta.created_at,
                json(i)
            ])
            .map(drop),
        Effect::PutQuotaMove(m) => put_quota_move(tx, m, raw, levels),
    }
}

/// A quota ledger row, and every desk's outstanding quota beside on hand and reserved moved by
/// the difference to what this desk had for the row (the server's answer to a desk's own
/// grant replaces it; a replay counts once).
fn put_quota_move(
    tx: &Connection,
    m: &fairdesk_core::quota::QuotaMove,
    raw: Option<&str>,
    levels: &mut Levels,
) -> rusqlite::Result<()> {
    let id = m.id.to_string();
    let qty = milli(m.qty);
    let doc = raw_or(raw, m);
    let fresh = tx
        .prepare_cached(
            "INSERT INTO stock_quotas (id, device_id, product_id, warehouse_id, qty_milli, kind, at, doc)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (id) DO NOTHING",
        )?
        .execute(params![
            id,
            m.device_id.to_string(),
            m.product_id.to_string(),
            m.warehouse_id.to_string(),
            qty,
            m.kind.as_str(),
            m.meta.created_at,
            doc
        ])?
        == 1;
    let old = if fresh {
        0
    } else {
        let old: i64 = tx
            .prepare_cached("SELECT qty_milli FROM stock_quotas WHERE id = ?1")?
            .query_row([&id], |r| r.get(0))?;
        tx.prepare_cached("UPDATE stock_quotas SET qty_milli = ?2, doc = ?3 WHERE id = ?1")?
            .execute(params![id, qty, doc])?;
        old
    };
    if m.product_id == fairdesk_core::Id::NIL {
        return Ok(());
    }
    levels.shift(tx, Level::Quota, m.product_id, m.warehouse_id, qty - old)
}

/// Removes a quota row the server never had (the mutation that made it was refused).
pub(crate) fn drop_quota_move(tx: &Connection, id: fairdesk_core::Id) -> rusqlite::Result<()> {
    let id = id.to_string();
    tx.execute(
        "UPDATE stock_levels SET quota_milli = quota_milli - (
            SELECT q.qty_milli FROM stock_quotas q WHERE q.id = ?1)
         WHERE (product_id, warehouse_id) IN
            (SELECT product_id, warehouse_id FROM stock_quotas WHERE id = ?1)",
        [&id],
    )?;
    tx.execute("DELETE FROM stock_quotas WHERE id = ?1", [&id])?;
    Ok(())
}

/// A delivery note and one row per parcel (its tracking number).
fn put_delivery(
    tx: &Connection,
    d: &fairdesk_core::shipping::Delivery,
    raw: Option<&str>,
) -> rusqlite::Result<()> {
    let id = d.id.to_string();
    tx.prepare_cached(
        "INSERT INTO deliveries (id, number, order_id, customer_id, warehouse_id, status, created_at, doc)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (id) DO UPDATE SET customer_id = excluded.customer_id,
           status = excluded.status, doc = excluded.doc",
    )?
    .execute(params![
        id,
        d.number,
        d.order_id.to_string(),
        d.customer_id.to_string(),
        d.warehouse_id.to_string(),
        serde_json::to_value(d.status)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default(),
        d.meta.created_at,
        raw_or(raw, d)
    ])?;
    tx.prepare_cached("DELETE FROM delivery_parcels WHERE delivery_id = ?1")?
        .execute([&id])?;
    let mut insert = tx.prepare_cached(
        "INSERT OR IGNORE INTO delivery_parcels (tracking_no, delivery_id) VALUES (?1, ?2)",
    )?;
    for p in d.parcels.iter().filter(|p| !p.tracking_no.is_empty()) {
        insert.execute([&p.tracking_no, &id])?;
    }
    Ok(())
}

fn put_singleton(tx: &Connection, entity: &str, doc: &str) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO singletons (entity, doc) VALUES (?1, ?2)
         ON CONFLICT (entity) DO UPDATE SET doc = excluded.doc",
    )?
    .execute([entity, doc])
    .map(drop)
}

/// Writes a ledger move and moves the cached level by the difference to what this desk had
/// for it before (nothing when the same move arrives again; the server's figure when a
/// stock-take was recomputed there).
fn put_move(
    tx: &Connection,
    m: &StockMove,
    raw: Option<&str>,
    levels: &mut Levels,
) -> rusqlite::Result<()> {
    let id = m.id.to_string();
    let qty = milli(m.qty);
    let doc = raw_or(raw, m);
    // Most moves are new to this desk: one insert; a move it has is updated by the difference.
    let fresh =
        tx.prepare_cached(
            "INSERT INTO stock_moves (id, product_id, warehouse_id, qty_milli, kind, at, doc)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (id) DO NOTHING",
        )?
        .execute(params![
            id,
            m.product_id.to_string(),
            m.warehouse_id.to_string(),
            qty,
            m.kind.as_str(),
            m.meta.created_at,
            doc
        ])? == 1;
    let old = if fresh {
        0
    } else {
        let old: i64 = tx
            .prepare_cached("SELECT qty_milli FROM stock_moves WHERE id = ?1")?
            .query_row([&id], |r| r.get(0))?;
        tx.prepare_cached("UPDATE stock_moves SET qty_milli = ?2, doc = ?3 WHERE id = ?1")?
            .execute(params![id, qty, doc])?;
        old
    };
    levels.shift(tx, Level::OnHand, m.product_id, m.warehouse_id, qty - old)
}

/// Where ledger rows move the cached stock levels: at once, or summed per product ×
/// warehouse and written once (a pulled page of thousands of holds and moves touches a few
/// hundred levels). Every change to a level is a difference added, so the order is free.
pub enum Levels {
    Now,
    Summed(std::collections::HashMap<(fairdesk_core::Id, fairdesk_core::Id), [i64; 3]>),
}

impl Levels {
    pub fn summed() -> Levels {
        Levels::Summed(Default::default())
    }

    fn shift(
        &mut self,
        tx: &Connection,
        level: Level,
        product: fairdesk_core::Id,
        warehouse: fairdesk_core::Id,
        delta: i64,
    ) -> rusqlite::Result<()> {
        match self {
            Levels::Now => shift_level(tx, level, product, warehouse, delta),
            Levels::Summed(sums) => {
                sums.entry((product, warehouse)).or_default()[level as usize] += delta;
                Ok(())
            }
        }
    }

    /// Writes the summed differences (nothing to do for `Now`).
    pub fn write(self, tx: &Connection) -> rusqlite::Result<()> {
        let Levels::Summed(sums) = self else {
            return Ok(());
        };
        let mut stmt = tx.prepare_cached(
            "INSERT INTO stock_levels (product_id, warehouse_id, on_hand_milli, reserved_milli, quota_milli)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (product_id, warehouse_id) DO UPDATE SET
               on_hand_milli = on_hand_milli + ?3, reserved_milli = reserved_milli + ?4,
               quota_milli = quota_milli + ?5",
        )?;
        for ((product, warehouse), [on_hand, reserved, quota]) in sums {
            stmt.execute(params![
                product.to_string(),
                warehouse.to_string(),
                on_hand,
                reserved,
                quota
            ])?;
        }
        Ok(())
    }
}

/// Which cached figure of `stock_levels` a ledger row moves.
#[derive(Clone, Copy)]
enum Level {
    OnHand = 0,
    Reserved = 1,
    Quota = 2,
}

/// Moves a cached stock figure of a product in a warehouse by `delta` thousandths.
fn shift_level(
    tx: &Connection,
    level: Level,
    product: fairdesk_core::Id,
    warehouse: fairdesk_core::Id,
    delta: i64,
) -> rusqlite::Result<()> {
    let sql = match level {
        Level::OnHand => {
            "INSERT INTO stock_levels (product_id, warehouse_id, on_hand_milli) VALUES (?1, ?2, ?3)
             ON CONFLICT (product_id, warehouse_id) DO UPDATE SET on_hand_milli = on_hand_milli + ?3"
        }
        Level::Reserved => {
            "INSERT INTO stock_levels (product_id, warehouse_id, reserved_milli) VALUES (?1, ?2, ?3)
             ON CONFLICT (product_id, warehouse_id) DO UPDATE SET reserved_milli = reserved_milli + ?3"
        }
        Level::Quota => {
            "INSERT INTO stock_levels (product_id, warehouse_id, quota_milli) VALUES (?1, ?2, ?3)
             ON CONFLICT (product_id, warehouse_id) DO UPDATE SET quota_milli = quota_milli + ?3"
        }
    };
    tx.prepare_cached(sql)?
        .execute(params![product.to_string(), warehouse.to_string(), delta])
        .map(drop)
}

/// Writes an order line's hold and moves the cached reserved figure by the difference to what
/// this desk had for it (a replay counts once; a release brings it back to zero). Holds are
/// keyed by their pool id, so a hold arriving whole replaces its redacted twin and the other
/// way round (a customer moved to or away from this desk's user).
fn put_reservation(
    tx: &Connection,
    r: &fairdesk_core::order::Reservation,
    raw: Option<&str>,
    levels: &mut Levels,
) -> rusqlite::Result<()> {
    let pool = r.pool_id().to_string();
    let qty = milli(r.qty);
    let doc = raw_or(raw, r);
    let fresh = tx
        .prepare_cached(
            "INSERT INTO stock_reservations (id, pool_id, product_id, warehouse_id, order_id, qty_milli, doc)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (pool_id) DO NOTHING",
        )?
        .execute(params![
            r.id.to_string(),
            pool,
            r.product_id.to_string(),
            r.warehouse_id.to_string(),
            r.order_id.to_string(),
            qty,
            doc
        ])?
        == 1;
    let old = if fresh {
        0
    } else {
        let old: i64 = tx
            .prepare_cached("SELECT qty_milli FROM stock_reservations WHERE pool_id = ?1")?
            .query_row([&pool], |row| row.get(0))?;
        tx.prepare_cached(
            "UPDATE stock_reservations SET id = ?2, order_id = ?3, qty_milli = ?4, doc = ?5
             WHERE pool_id = ?1",
        )?
        .execute(params![
            pool,
            r.id.to_string(),
            r.order_id.to_string(),
            qty,
            doc
        ])?;
        old
    };
    levels.shift(tx, Level::Reserved, r.product_id, r.warehouse_id, qty - old)
}

/// Keeps an order's holds in the pool but without the order: what a desk that may no longer
/// see the order receives of them (`Reservation::redacted`).
pub(crate) fn redact_holds(tx: &Connection, order: fairdesk_core::Id) -> rusqlite::Result<()> {
    let holds: Vec<String> = tx
        .prepare_cached("SELECT doc FROM stock_reservations WHERE order_id = ?1")?
        .query_map([order.to_string()], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    for doc in holds {
        let hold: fairdesk_core::order::Reservation = serde_json::from_str(&doc)
            .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
        put_reservation(tx, &hold.redacted(), None, &mut Levels::Now)?;
    }
    Ok(())
}

/// Which holds [`drop_holds`] removes.
pub(crate) enum HoldsOf {
    /// All of an order's.
    Order,
    /// The one under a pool id.
    Pool,
}

/// Removes holds the server has none of (their order's creation was refused), with their share
/// of the cached reserved figure.
pub(crate) fn drop_holds(
    tx: &Connection,
    which: HoldsOf,
    key: fairdesk_core::Id,
) -> rusqlite::Result<()> {
    let where_sql = match which {
        HoldsOf::Order => "order_id",
        HoldsOf::Pool => "pool_id",
    };
    let key = key.to_string();
    tx.execute(
        &format!(
            "UPDATE stock_levels SET reserved_milli = reserved_milli - coalesce((
                SELECT sum(r.qty_milli) FROM stock_reservations r
                WHERE r.{where_sql} = ?1 AND r.product_id = stock_levels.product_id
                  AND r.warehouse_id = stock_levels.warehouse_id), 0)
             WHERE (product_id, warehouse_id) IN
                (SELECT product_id, warehouse_id FROM stock_reservations WHERE {where_sql} = ?1)"
        ),
        [&key],
    )?;
    tx.execute(
        &format!("DELETE FROM stock_reservations WHERE {where_sql} = ?1"),
        [&key],
    )?;
    Ok(())
}

fn put_quote(tx: &Connection, q: &Quote, raw: Option<&str>) -> rusqlite::Result<()> {
    let id = q.id.to_string();
    let gross = totals(&q.data).total.gross.to_fen().unwrap_or(0);
    tx.prepare_cached(
        "INSERT INTO quotes (id, number, need_id, version, customer_id, owner_id, status, date,
            valid_until, gross_fen, needs_approval, updated_at, doc)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
         ON CONFLICT (id) DO UPDATE SET customer_id = excluded.customer_id,
            owner_id = excluded.owner_id, status = excluded.status, date = excluded.date,
            valid_until = excluded.valid_until, gross_fen = excluded.gross_fen,
            needs_approval = excluded.needs_approval, updated_at = excluded.updated_at,
            doc = excluded.doc",
    )?
    .execute(params![
        id,
        q.number,
        q.need_id.to_string(),
        q.version,
        q.data.customer_id.to_string(),
        q.owner_id.to_string(),
        q.status.as_str(),
        q.data.date.to_string(),
        q.data.valid_until.to_string(),
        gross,
        q.needs_approval(),
        q.meta.updated_at,
        raw_or(raw, q)
    ])?;
    tx.prepare_cached("DELETE FROM quote_lines WHERE quote_id = ?1")?
        .execute([&id])?;
    let mut line = tx.prepare_cached(
        "INSERT INTO quote_lines (quote_id, line, customer_id, product_id, unit_price, status, date)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (i, l) in q.data.lines.iter().enumerate() {
        line.execute(params![
            id,
            i as i64,
            q.data.customer_id.to_string(),
            l.product_id.to_string(),
            l.unit_price.to_string(),
            q.status.as_str(),
            q.data.date.to_string()
        ])?;
    }
    Ok(())
}

/// A customer's search and sort keys (pinyin readings): pure CPU work, so a first sync builds
/// them on the fetching thread while the writing thread stores the previous page.
#[derive(Clone, Debug)]
pub struct CustomerKeys {
    search: String,
    sort: String,
}

impl CustomerKeys {
    pub fn of(c: &Customer) -> CustomerKeys {
        CustomerKeys {
            search: search::customer_search_text(c),
            sort: search::sort_key(&c.data.name),
        }
    }

    pub fn search_text(&self) -> &str {
        &self.search
    }

    pub fn sort_text(&self) -> &str {
        &self.sort
    }
}

/// A customer as pulled: its JSON is stored as received, and a customer this desk has never
/// had (`fresh`) has no tags, phones or tokens to clear first — a first sync writes 100k.
pub fn put_pulled_customer(
    tx: &Connection,
    c: &Customer,
    doc: &str,
    fresh: bool,
    keys: &CustomerKeys,
) -> rusqlite::Result<()> {
    put_customer(tx, c, doc, fresh, keys)
}

fn put_customer(
    tx: &Connection,
    c: &Customer,
    doc: &str,
    fresh: bool,
    keys: &CustomerKeys,
) -> rusqlite::Result<()> {
    let d = &c.data;
    let id = c.id.to_string();
    let key = d.contacts.first();
    let key_text = &keys.search;
    // The token index changes only when the key or the deleted mark does (most edits — notes,
    // levels, follow-up dates — leave both alone, and re-indexing costs more than the row).
    let before: Option<(String, bool)> = if fresh {
        None
    } else {
        tx.prepare_cached("SELECT search, deleted FROM customers WHERE id = ?1")?
            .query_row([&id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
    };
    let reindex = before
        .as_ref()
        .is_none_or(|(search, deleted)| search != key_text || *deleted != c.deleted);
    tx.prepare_cached(
        "INSERT INTO customers (id, code, name, sort_key, level, province, city, contact, mobile,
            owner_id, birthday_md, contract_expiry, next_follow_up, deleted, created_at,
            updated_at, search)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)
         ON CONFLICT (id) DO UPDATE SET code = excluded.code, name = excluded.name,
            sort_key = excluded.sort_key, level = excluded.level, province = excluded.province,
            city = excluded.city, contact = excluded.contact, mobile = excluded.mobile,
            owner_id = excluded.owner_id, birthday_md = excluded.birthday_md,
            contract_expiry = excluded.contract_expiry, next_follow_up = excluded.next_follow_up,
            deleted = excluded.deleted, updated_at = excluded.updated_at, search = excluded.search",
    )?
    .execute(params![
        id,
        c.code,
        d.name,
        keys.sort,
        d.level.code(),
        d.province,
        d.city,
        key.map(|k| k.name.as_str()).unwrap_or(""),
        key.map(|k| k.mobile.as_str()).unwrap_or(""),
        c.owner_id.to_string(),
        d.birthday.map(|b| b.format("%m-%d").to_string()),
        d.contract_expiry.map(|x| x.to_string()),
        c.next_follow_up.map(|x| x.to_string()),
        c.deleted,
        c.meta.created_at,
        c.meta.updated_at,
        key_text,
    ])?;
    let rid: i64 = tx
        .prepare_cached("SELECT rid FROM customers WHERE id = ?1")?
        .query_row([&id], |r| r.get(0))?;
    // Rows past the deferred-index mark are indexed later, in batches. Deleted customers are
    // not in the index: its matches are exactly the live rows (the trash is searched by scan).
    if reindex && crate::search_index::unindexed_from(tx)?.is_none_or(|from| rid < from) {
        if before.as_ref().is_some_and(|(_, deleted)| !deleted) {
            tx.prepare_cached("DELETE FROM customer_grams WHERE rowid = ?1")?
                .execute([rid])?;
        }
        if !c.deleted {
            tx.prepare_cached("INSERT INTO customer_grams (rowid, grams) VALUES (?1, ?2)")?
                .execute(params![rid, search::grams(key_text)])?;
        }
    }
    tx.prepare_cached(
        "INSERT INTO customer_docs (id, doc) VALUES (?1, ?2)
         ON CONFLICT (id) DO UPDATE SET doc = excluded.doc",
    )?
    .execute(params![id, doc])?;
    if !fresh {
        tx.prepare_cached("DELETE FROM customer_tags WHERE customer_id = ?1")?
            .execute([&id])?;
        tx.prepare_cached("DELETE FROM customer_mobiles WHERE customer_id = ?1")?
            .execute([&id])?;
    }
    if !c.deleted {
        let mut tag = tx.prepare_cached(
            "INSERT OR IGNORE INTO customer_tags (customer_id, tag_id) VALUES (?1, ?2)",
        )?;
        for t in &d.tag_ids {
            tag.execute([&id, &t.to_string()])?;
        }
        let mut mobile = tx.prepare_cached(
            "INSERT OR IGNORE INTO customer_mobiles (mobile, customer_id) VALUES (?1, ?2)",
        )?;
        for m in d.mobiles() {
            mobile.execute([m, &id])?;
        }
    }
    Ok(())
}

fn json<T: serde::Serialize>(row: &T) -> String {
    serde_json::to_string(row).unwrap_or_default()
}

/// A pulled document as it came, or the row serialised.
fn raw_or<T: serde::Serialize>(raw: Option<&str>, row: &T) -> String {
    raw.map(str::to_string).unwrap_or_else(|| json(row))
}

/// Any row that serialises to its document (lets `put_as` pick the pulled text or the row).
trait ErasedDoc {
    fn doc(&self) -> String;
}

impl<T: serde::Serialize> ErasedDoc for T {
    fn doc(&self) -> String {
        json(self)
    }
}
