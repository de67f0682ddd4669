//! Today's reminders for the actor's customers: birthdays (7 days), contracts (30 days),
//! follow-ups due or overdue. The store pre-filters by indexed columns; the date rules are
//! the domain's.

use super::parse_id;
use crate::StoreError;
use chrono::{Days, NaiveDate};
use fairdesk_core::reminder::{self, Reminder};
use fairdesk_core::Actor;
use rusqlite::types::Value;
use rusqlite::Connection;

pub fn for_actor(
    conn: &Connection,
    actor: &Actor,
    today: NaiveDate,
) -> Result<Vec<Reminder>, StoreError> {
    let mut scope = String::new();
    let mut scope_args: Vec<Value> = Vec::new();
    super::scope_sql(actor, "owner_id", &mut scope, &mut scope_args);
    let mut out = Vec::new();
    let keys = reminder::birthday_keys(today);
    let marks = vec!["?"; keys.len()].join(",");
    let mut args: Vec<Value> = keys.into_iter().map(Value::Text).collect();
    args.extend(scope_args.iter().cloned());
    let sql = format!(
        "SELECT c.id, c.name, json_extract(d.doc, '$.birthday') FROM customers c
         JOIN customer_docs d ON d.id = c.id
         WHERE c.deleted = 0 AND c.birthday_md IN ({marks}){scope}"
    );
    for row in query3(conn, &sql, &args)? {
        let (id, name, date) = row;
        if let Some(r) = date
            .parse()
            .ok()
            .and_then(|b| reminder::birthday_reminder(parse_id(&id).ok()?, &name, b, today))
        {
            out.push(r);
        }
    }
    let until = (today + Days::new(reminder::CONTRACT_WINDOW_DAYS as u64)).to_string();
    let mut args = vec![Value::Text(today.to_string()), Value::Text(until)];
    args.extend(scope_args.iter().cloned());
    let sql = format!(
        "SELECT id, name, contract_expiry FROM customers
         WHERE deleted = 0 AND contract_expiry BETWEEN ? AND ?{scope}"
    );
    for (id, name, date) in query3(conn, &sql, &args)? {
        if let Some(r) = date
            .parse()
            .ok()
            .and_then(|d| reminder::contract_reminder(parse_id(&id).ok()?, &name, d, today))
        {
            out.push(r);
        }
    }
    let mut args = vec![Value::Text(today.to_string())];
    args.extend(scope_args);
    let sql = format!(
        "SELECT id, name, next_follow_up FROM customers
         WHERE deleted = 0 AND next_follow_up <= ?{scope}"
    );
    for (id, name, date) in query3(conn, &sql, &args)? {
        if let Some(r) = date
            .parse()
            .ok()
            .and_then(|d| reminder::follow_up_reminder(parse_id(&id).ok()?, &name, d, today))
        {
            out.push(r);
        }
    }
    reminder::sort(&mut out);
    Ok(out)
}

fn query3(
    conn: &Connection,
    sql: &str,
    args: &[Value],
) -> Result<Vec<(String, String, String)>, StoreError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(args.iter()), |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get::<_, Option<String>>(2)?.unwrap_or_default(),
        ))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
