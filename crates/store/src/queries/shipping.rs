//! Deliveries, return notes and payments as stored on this desk.

use super::parse_doc;
use crate::StoreError;
use fairdesk_core::ids::Id;
use fairdesk_core::receivables::Payment;
use fairdesk_core::shipping::{Delivery, ReturnNote};
use fairdesk_core::Money;
use rusqlite::{Connection, OptionalExtension};

fn docs<T: serde::de::DeserializeOwned>(
    conn: &Connection,
    sql: &str,
    key: Id,
) -> Result<Vec<T>, StoreError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([key.to_string()], |r| r.get::<_, String>(0))?;
    rows.map(|r| parse_doc(&r?)).collect()
}

/// An order's deliveries, oldest first.
pub fn deliveries_of(conn: &Connection, order: Id) -> Result<Vec<Delivery>, StoreError> {
    docs(
        conn,
        "SELECT doc FROM deliveries WHERE order_id = ?1 ORDER BY created_at, number",
        order,
    )
}

pub fn delivery(conn: &Connection, id: Id) -> Result<Option<Delivery>, StoreError> {
    let doc: Option<String> = conn
        .prepare_cached("SELECT doc FROM deliveries WHERE id = ?1")?
        .query_row([id.to_string()], |r| r.get(0))
        .optional()?;
    doc.map(|d| parse_doc(&d)).transpose()
}

pub fn returns_of(conn: &Connection, order: Id) -> Result<Vec<ReturnNote>, StoreError> {
    docs(
        conn,
        "SELECT doc FROM return_notes WHERE order_id = ?1 ORDER BY created_at, number",
        order,
    )
}

pub fn payments_of(conn: &Connection, order: Id) -> Result<Vec<Payment>, StoreError> {
    docs(
        conn,
        "SELECT doc FROM payments WHERE order_id = ?1 ORDER BY date, id",
        order,
    )
}

/// What an order's payments add up to.
pub fn paid(conn: &Connection, order: Id) -> Result<Money, StoreError> {
    let fen: i64 = conn
        .prepare_cached("SELECT coalesce(sum(amount_fen), 0) FROM payments WHERE order_id = ?1")?
        .query_row([order.to_string()], |r| r.get(0))?;
    Ok(Money::from_fen(fen))
}

/// Deliveries still on their way that the tracking service said something about, with their
/// customers' names — those the actor looks after (the rep's own customers, a manager's
/// team, all for an admin and the warehouse; finance none).
pub fn tracked_in_transit(
    conn: &Connection,
    actor: &fairdesk_core::Actor,
) -> Result<Vec<(Delivery, String)>, StoreError> {
    use fairdesk_core::Role;
    if actor.role == Role::Finance {
        return Ok(Vec::new());
    }
    let mut sql = String::from(
        "SELECT d.doc, coalesce(c.name, '') FROM deliveries d
         LEFT JOIN customers c ON c.id = d.customer_id
         WHERE d.status <> 'delivered' AND d.doc LIKE '%\"tracks\"%'",
    );
    let mut args: Vec<rusqlite::types::Value> = Vec::new();
    if actor.role != Role::Warehouse {
        super::scope_sql(actor, "c.owner_id", &mut sql, &mut args);
    }
    sql.push_str(" ORDER BY d.created_at");
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(args), |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })?;
    rows.map(|r| {
        let (doc, name) = r?;
        Ok((parse_doc(&doc)?, name))
    })
    .collect()
}

/// Orders that may owe or hold money — every one past its draft but cancelled ones (a payment
/// may arrive before approval) — of the customers the actor looks after (finance and admins
/// all), with each customer's name and its rep's name.
pub fn money_orders(
    conn: &Connection,
    actor: &fairdesk_core::Actor,
    customer: Option<Id>,
) -> Result<Vec<(fairdesk_core::order::Order, String, String)>, StoreError> {
    use fairdesk_core::Role;
    let mut sql = String::from(
        "SELECT o.doc, coalesce(c.name, ''), coalesce(u.name, '') FROM orders o
         LEFT JOIN customers c ON c.id = o.customer_id
         LEFT JOIN users u ON u.id = c.owner_id
         WHERE o.status NOT IN ('draft', 'cancelled')",
    );
    let mut args: Vec<rusqlite::types::Value> = Vec::new();
    if let Some(c) = customer {
        sql.push_str(" AND o.customer_id = ?");
        args.push(rusqlite::types::Value::Text(c.to_string()));
    }
    if actor.role != Role::Finance {
        super::scope_sql(actor, "c.owner_id", &mut sql, &mut args);
    }
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(args), |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    rows.map(|r| {
        let (doc, name, owner) = r?;
        Ok((parse_doc(&doc)?, name, owner))
    })
    .collect()
}

/// A customer's name and its rep's, if the actor may see the customer.
pub fn party_of(
    conn: &Connection,
    actor: &fairdesk_core::Actor,
    customer: Id,
) -> Result<Option<fairdesk_core::receivables::Party>, StoreError> {
    let mut sql = String::from(
        "SELECT c.name, coalesce(u.name, '') FROM customers c
         LEFT JOIN users u ON u.id = c.owner_id WHERE c.id = ?",
    );
    let mut args = vec![rusqlite::types::Value::Text(customer.to_string())];
    if actor.role != fairdesk_core::Role::Finance {
        super::scope_sql(actor, "c.owner_id", &mut sql, &mut args);
    }
    let row = conn
        .query_row(&sql, rusqlite::params_from_iter(args), |r| {
            Ok(fairdesk_core::receivables::Party {
                name: r.get(0)?,
                owner: r.get(1)?,
            })
        })
        .optional()?;
    Ok(row)
}

/// Every row of a document table (`sql` selects order id and document), grouped by order, in
/// the query's order: one read for a whole report instead of one per order.
pub fn docs_by_order<T: serde::de::DeserializeOwned>(
    conn: &Connection,
    sql: &str,
    args: &[rusqlite::types::Value],
) -> Result<std::collections::HashMap<Id, Vec<T>>, StoreError> {
    let mut out: std::collections::HashMap<Id, Vec<T>> = std::collections::HashMap::new();
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(args), |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })?;
    for row in rows {
        let (order, doc) = row?;
        out.entry(super::parse_id(&order)?)
            .or_default()
            .push(parse_doc(&doc)?);
    }
    Ok(out)
}
