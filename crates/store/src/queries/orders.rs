//! Orders as stored on this desk.

use super::parse_doc;
use crate::StoreError;
use fairdesk_core::ids::Id;
use fairdesk_core::order::{released, Order, OrderQueue, OrderRow};
use fairdesk_core::{Money, Role};
use rusqlite::{Connection, OptionalExtension};

pub fn get(conn: &Connection, id: Id) -> Result<Option<Order>, StoreError> {
    let doc: Option<String> = conn
        .prepare_cached("SELECT doc FROM orders WHERE id = ?1")?
        .query_row([id.to_string()], |r| r.get(0))
        .optional()?;
    doc.map(|d| parse_doc(&d)).transpose()
}

/// Orders the actor may see (their customers' owners, as for quotes), newest first, in a
/// role queue.
pub fn list(
    conn: &Connection,
    actor: &fairdesk_core::Actor,
    queue: OrderQueue,
    limit: u32,
) -> Result<Vec<OrderRow>, StoreError> {
    let mut sql = String::from(
        "SELECT o.doc, coalesce(c.name, ''),
           (SELECT coalesce(sum(p.amount_fen), 0) FROM payments p WHERE p.order_id = o.id)
         FROM orders o LEFT JOIN customers c ON c.id = o.customer_id WHERE 1 = 1",
    );
    let mut args: Vec<rusqlite::types::Value> = Vec::new();
    // Warehouse and finance see every order; the others by customer ownership.
    if !matches!(actor.role, Role::Warehouse | Role::Finance) {
        super::scope_sql(actor, "c.owner_id", &mut sql, &mut args);
    }
    // 待发货 holds approved orders released by payment and the backorders of partly shipped
    // ones; awaiting payment, approved orders that are not released yet.
    let status: &[&str] = match queue {
        OrderQueue::All => &[],
        OrderQueue::ToApprove => &["submitted"],
        OrderQueue::ToShip => &["approved", "partially_shipped"],
        OrderQueue::AwaitingPayment => &["approved"],
    };
    if !status.is_empty() {
        sql.push_str(" AND o.status IN (");
        sql.push_str(&vec!["?"; status.len()].join(", "));
        sql.push(')');
        for s in status {
            args.push(rusqlite::types::Value::Text(s.to_string()));
        }
    }
    sql.push_str(" ORDER BY o.updated_at DESC LIMIT ?");
    args.push(rusqlite::types::Value::Integer(limit as i64));
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(args), |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (doc, name, paid) = row?;
        let o: Order = parse_doc(&doc)?;
        let paid = Money::from_fen(paid);
        let keep = match queue {
            OrderQueue::ToShip => released(&o, paid),
            OrderQueue::AwaitingPayment => !released(&o, paid),
            _ => true,
        };
        if keep {
            out.push(OrderRow::of(&o, name, paid));
        }
    }
    Ok(out)
}

/// Which orders hold a product in a warehouse, and how much each.
pub fn holders(
    conn: &Connection,
    product: Id,
    warehouse: Id,
) -> Result<Vec<(String, rust_decimal::Decimal)>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT o.number, r.qty_milli FROM stock_reservations r JOIN orders o ON o.id = r.order_id
         WHERE r.product_id = ?1 AND r.warehouse_id = ?2 AND r.qty_milli > 0 ORDER BY o.number",
    )?;
    let rows = stmt.query_map([product.to_string(), warehouse.to_string()], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
    })?;
    rows.map(|r| {
        let (n, q) = r?;
        Ok((n, crate::rows::from_milli(q)))
    })
    .collect()
}
