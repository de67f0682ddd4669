//! Quote lists, versions and the last price a customer paid.

use super::{parse_doc, scope_sql};
use crate::StoreError;
use chrono::NaiveDate;
use fairdesk_core::ids::Id;
use fairdesk_core::quote::{Quote, QuoteRow};
use fairdesk_core::Actor;
use rusqlite::types::Value;
use rusqlite::{params, Connection, OptionalExtension};
use rust_decimal::Decimal;

/// Quotes the actor may see, newest first; `customer` narrows to one customer.
pub fn list(
    conn: &Connection,
    actor: &Actor,
    customer: Option<Id>,
    today: NaiveDate,
    limit: u32,
) -> Result<Vec<QuoteRow>, StoreError> {
    let mut sql = String::from(
        "SELECT q.doc, coalesce(c.name, '') FROM quotes q LEFT JOIN customers c ON c.id = q.customer_id WHERE 1 = 1",
    );
    let mut args: Vec<Value> = Vec::new();
    scope_sql(actor, "c.owner_id", &mut sql, &mut args);
    if let Some(c) = customer {
        sql.push_str(" AND q.customer_id = ?");
        args.push(Value::Text(c.to_string()));
    }
    sql.push_str(" ORDER BY q.updated_at DESC LIMIT ?");
    args.push(Value::Integer(limit as i64));
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(args), |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })?;
    rows.map(|r| {
        let (doc, name) = r?;
        Ok(row(parse_doc(&doc)?, name, today))
    })
    .collect()
}

pub fn row(q: Quote, customer_name: String, today: NaiveDate) -> QuoteRow {
    QuoteRow {
        id: q.id,
        number: q.number.clone(),
        version: q.version,
        customer_id: q.data.customer_id,
        customer_name,
        date: q.data.date,
        valid_until: q.data.valid_until,
        status: q.shown_status(today),
        gross: fairdesk_core::quote::totals(&q.data).total.gross,
        needs_approval: q.needs_approval(),
    }
}

pub fn get(conn: &Connection, id: Id) -> Result<Option<Quote>, StoreError> {
    let doc: Option<String> = conn
        .prepare_cached("SELECT doc FROM quotes WHERE id = ?1")?
        .query_row([id.to_string()], |r| r.get(0))
        .optional()?;
    doc.map(|d| parse_doc(&d)).transpose()
}

pub fn versions(conn: &Connection, need_id: Id) -> Result<Vec<Quote>, StoreError> {
    let mut stmt =
        conn.prepare_cached("SELECT doc FROM quotes WHERE need_id = ?1 ORDER BY version")?;
    let rows = stmt.query_map([need_id.to_string()], |r| r.get::<_, String>(0))?;
    rows.map(|r| parse_doc(&r?)).collect()
}

/// The customer's last price for a product: from accepted quotes, else sent ones (orders will
/// take their place when they exist). `None` if never quoted.
pub fn last_price(
    conn: &Connection,
    customer: Id,
    product: Id,
) -> Result<Option<(Decimal, NaiveDate)>, StoreError> {
    let found: Option<(String, String)> = conn
        .prepare_cached(
            "SELECT unit_price, date FROM quote_lines
             WHERE customer_id = ?1 AND product_id = ?2 AND status IN ('accepted', 'sent')
             ORDER BY status = 'accepted' DESC, date DESC LIMIT 1",
        )?
        .query_row(params![customer.to_string(), product.to_string()], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    found
        .map(|(p, d)| {
            let price = p
                .parse::<Decimal>()
                .map_err(|e| StoreError::Corrupt(e.to_string()))?;
            let date = d
                .parse::<NaiveDate>()
                .map_err(|e| StoreError::Corrupt(e.to_string()))?;
            Ok((price, date))
        })
        .transpose()
}
