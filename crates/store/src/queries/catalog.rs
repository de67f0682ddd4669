//! Products, categories, warehouses, stock levels and moves, price rules.

use super::{parse_doc, parse_id};
use crate::rows::from_milli;
use crate::search_fn::words_arg;
use crate::StoreError;
use fairdesk_core::catalog::{Category, Product, Warehouse};
use fairdesk_core::ids::Id;
use fairdesk_core::pricing::PriceRule;
use fairdesk_core::quote::WarehouseStock;
use fairdesk_core::stock::{MoveRow, StockRow};
use rusqlite::{params, Connection, OptionalExtension};

fn docs<T: serde::de::DeserializeOwned>(
    conn: &Connection,
    sql: &str,
    args: impl rusqlite::Params,
) -> Result<Vec<T>, StoreError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(args, |r| r.get::<_, String>(0))?;
    rows.map(|r| parse_doc(&r?)).collect()
}

/// Live products matching every word of `query` (SKU, barcode, name, pinyin, initials, spec,
/// brand), best matches first (exact SKU, barcode or name, then prefix, word start,
/// elsewhere), then by pinyin order. An empty query lists them all.
pub fn search_products(
    conn: &Connection,
    query: &str,
    include_inactive: bool,
    limit: u32,
) -> Result<Vec<Product>, StoreError> {
    let words = words_arg(query);
    let active = if include_inactive {
        ""
    } else {
        "AND active = 1"
    };
    docs(
        conn,
        &format!(
            "SELECT doc FROM products
             WHERE deleted = 0 {active} AND (?1 = '' OR fd_score(search, ?1) IS NOT NULL)
             ORDER BY fd_score(search, ?1), sort_key, sku LIMIT ?2"
        ),
        params![words, limit],
    )
}

/// The live product whose SKU or barcode is exactly `code` (what a scanner types).
pub fn product_by_code(conn: &Connection, code: &str) -> Result<Option<Product>, StoreError> {
    let code = code.trim();
    let doc: Option<String> = conn
        .prepare_cached(
            "SELECT doc FROM products WHERE deleted = 0
             AND (lower(sku) = lower(?1) OR (barcode = ?1 AND barcode <> '')) LIMIT 1",
        )?
        .query_row([code], |r| r.get(0))
        .optional()?;
    doc.map(|d| parse_doc(&d)).transpose()
}

pub fn product(conn: &Connection, id: Id) -> Result<Option<Product>, StoreError> {
    Ok(docs(
        conn,
        "SELECT doc FROM products WHERE id = ?1",
        [id.to_string()],
    )?
    .into_iter()
    .next())
}

pub fn categories(conn: &Connection) -> Result<Vec<Category>, StoreError> {
    docs(
        conn,
        "SELECT doc FROM categories WHERE deleted = 0 ORDER BY name",
        [],
    )
}

/// A category and its ancestors, nearest first (what category rules are matched against).
pub fn category_chain(conn: &Connection, start: Option<Id>) -> Result<Vec<Id>, StoreError> {
    let mut out = Vec::new();
    let mut next = start;
    while let Some(id) = next {
        if out.contains(&id) || out.len() >= fairdesk_core::catalog::MAX_CATEGORY_DEPTH {
            break;
        }
        out.push(id);
        next = conn
            .prepare_cached("SELECT parent_id FROM categories WHERE id = ?1")?
            .query_row([id.to_string()], |r| r.get::<_, Option<String>>(0))
            .optional()?
            .flatten()
            .map(|s| parse_id(&s))
            .transpose()?;
    }
    Ok(out)
}

pub fn warehouses(conn: &Connection) -> Result<Vec<Warehouse>, StoreError> {
    docs(
        conn,
        "SELECT doc FROM warehouses ORDER BY active DESC, name",
        [],
    )
}

/// On hand and available of one product in every active warehouse (zero where none), and what
/// this desk holds there as its quota.
pub fn product_stock(conn: &Connection, product: Id) -> Result<Vec<WarehouseStock>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT w.id, fd_warehouse_label(w.name, w.province, w.city),
                coalesce(l.on_hand_milli, 0),
                coalesce(l.reserved_milli, 0) + coalesce(l.quota_milli, 0),
                (SELECT coalesce(sum(q.qty_milli), 0) FROM stock_quotas q
                 WHERE q.product_id = ?1 AND q.warehouse_id = w.id
                   AND q.device_id = (SELECT device_id FROM device WHERE singleton = 1))
         FROM warehouses w
         LEFT JOIN stock_levels l ON l.warehouse_id = w.id AND l.product_id = ?1
         WHERE w.active = 1 ORDER BY w.name",
    )?;
    let rows = stmt.query_map([product.to_string()], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, i64>(3)?,
            r.get::<_, i64>(4)?,
        ))
    })?;
    rows.map(|r| {
        let (id, name, on_hand, committed, mine) = r?;
        Ok(WarehouseStock {
            warehouse_id: parse_id(&id)?,
            warehouse: name,
            on_hand: from_milli(on_hand),
            available: from_milli(on_hand - committed),
            mine: from_milli(mine),
        })
    })
    .collect()
}

/// The stock list: every product × warehouse that has moves, filtered by a product query and
/// optionally one warehouse; `below_safety` keeps products whose total available is below
/// their safety stock.
pub fn stock_list(
    conn: &Connection,
    query: &str,
    warehouse: Option<Id>,
    limit: u32,
    offset: u32,
) -> Result<Vec<StockRow>, StoreError> {
    let words = words_arg(query);
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, p.doc, w.id, fd_warehouse_label(w.name, w.province, w.city),
                l.on_hand_milli, l.reserved_milli, l.quota_milli
         FROM stock_levels l
         JOIN products p ON p.id = l.product_id
         JOIN warehouses w ON w.id = l.warehouse_id
         WHERE p.deleted = 0 AND (?1 = '' OR fd_score(p.search, ?1) IS NOT NULL)
           AND (?2 IS NULL OR w.id = ?2)
         ORDER BY p.sort_key, w.name LIMIT ?3 OFFSET ?4",
    )?;
    let rows = stmt.query_map(
        params![words, warehouse.map(|w| w.to_string()), limit, offset],
        |r| {
            Ok((
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, i64>(5)?,
                r.get::<_, i64>(6)?,
            ))
        },
    )?;
    rows.map(|r| {
        let (doc, wid, wname, on_hand, reserved, quota) = r?;
        let p: Product = parse_doc(&doc)?;
        Ok(StockRow {
            product_id: p.id,
            sku: p.data.sku,
            name: p.data.name,
            spec: p.data.spec,
            unit: p.data.unit,
            warehouse_id: parse_id(&wid)?,
            warehouse: wname,
            on_hand: from_milli(on_hand),
            reserved: from_milli(reserved),
            quota: from_milli(quota),
            available: from_milli(on_hand - reserved - quota),
            safety_stock: p.data.safety_stock,
        })
    })
    .collect()
}

/// A product's ledger, newest first.
pub fn moves(conn: &Connection, product: Id, limit: u32) -> Result<Vec<MoveRow>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT m.doc, w.name, coalesce(u.name, '')
         FROM stock_moves m JOIN warehouses w ON w.id = m.warehouse_id
         LEFT JOIN users u ON u.id = json_extract(m.doc, '$.meta.created_by')
         WHERE m.product_id = ?1 ORDER BY m.at DESC, m.id DESC LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![product.to_string(), limit], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    rows.map(|r| {
        let (doc, warehouse, by) = r?;
        let m: fairdesk_core::stock::StockMove = parse_doc(&doc)?;
        Ok(MoveRow {
            at_ms: m.meta.created_at,
            kind: m.kind,
            warehouse,
            qty: m.qty,
            note: m.note,
            by,
        })
    })
    .collect()
}

/// Sum of a product's moves in a warehouse straight from the ledger (checks the cache).
pub fn ledger_sum(
    conn: &Connection,
    product: Id,
    warehouse: Id,
) -> Result<rust_decimal::Decimal, StoreError> {
    let m: i64 = conn.query_row(
        "SELECT coalesce(sum(qty_milli), 0) FROM stock_moves WHERE product_id = ?1 AND warehouse_id = ?2",
        [product.to_string(), warehouse.to_string()],
        |r| r.get(0),
    )?;
    Ok(from_milli(m))
}

/// Rules that can price `product` for `customer`: its own, its categories', the customer's
/// contracts for it. Validity is checked by the pricing engine.
pub fn rules_for(
    conn: &Connection,
    product: Id,
    categories: &[Id],
    customer: Id,
) -> Result<Vec<PriceRule>, StoreError> {
    let cats =
        serde_json::to_string(&categories.iter().map(|c| c.to_string()).collect::<Vec<_>>())?;
    docs(
        conn,
        "SELECT doc FROM price_rules WHERE deleted = 0 AND (
            (product_id = ?1 AND (kind <> 'contract' OR customer_id = ?3))
            OR category_id IN (SELECT value FROM json_each(?2)))",
        params![product.to_string(), cats, customer.to_string()],
    )
}

pub fn all_rules(conn: &Connection) -> Result<Vec<PriceRule>, StoreError> {
    docs(
        conn,
        "SELECT doc FROM price_rules WHERE deleted = 0 ORDER BY kind, id",
        [],
    )
}

/// 低于安全库存: active products whose available stock over all warehouses is below their
/// safety stock, with the suggested quantity to buy; the most urgent first.
pub fn below_safety(
    conn: &Connection,
) -> Result<Vec<fairdesk_core::stock::SafetyAlert>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.doc, coalesce(sum(l.on_hand_milli - l.reserved_milli - l.quota_milli), 0) AS avail
         FROM products p LEFT JOIN stock_levels l ON l.product_id = p.id
         WHERE p.deleted = 0 AND p.active = 1 AND p.safety_stock_milli > 0
         GROUP BY p.id HAVING avail < p.safety_stock_milli
         ORDER BY avail - p.safety_stock_milli, p.sort_key",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
    rows.map(|r| {
        let (doc, avail) = r?;
        let p: Product = parse_doc(&doc)?;
        let available = from_milli(avail);
        Ok(fairdesk_core::stock::SafetyAlert {
            product_id: p.id,
            sku: p.data.sku,
            name: p.data.name,
            unit: p.data.unit,
            available,
            suggested: fairdesk_core::stock::suggested_replenishment(
                available,
                p.data.safety_stock,
            ),
            safety_stock: p.data.safety_stock,
        })
    })
    .collect()
}
