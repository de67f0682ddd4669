//! Customer list, search, detail and the duplicate check.

use super::{parse_doc, parse_id};
use crate::StoreError;
use fairdesk_core::audit::FieldChange;
use fairdesk_core::customer::view::{
    CustomerDetail, CustomerPage, CustomerQuery, CustomerRow, CustomerSort, DuplicateHit,
    HistoryEntry, TagRef,
};
use fairdesk_core::customer::Customer;
use fairdesk_core::error::{Action, Entity};
use fairdesk_core::permissions::{can_view_customer, customer_scope, Owner, Scope};
use fairdesk_core::search::normalize_query;
use fairdesk_core::{Actor, DomainError, Id};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};
use std::collections::HashMap;

pub const MAX_PAGE_SIZE: u32 = 200;

/// The visibility rule of the domain, as SQL over `customers c`.
fn scope_sql(actor: &Actor, sql: &mut String, args: &mut Vec<Value>) {
    match customer_scope(actor) {
        Scope::All => {}
        Scope::Own(me) => {
            sql.push_str(" AND c.owner_id = ?");
            args.push(Value::Text(me.to_string()));
        }
        Scope::Team { team, me } => {
            sql.push_str(
                " AND (c.owner_id = ? OR c.owner_id IN (SELECT id FROM users WHERE team = ?))",
            );
            args.push(Value::Text(me.to_string()));
            args.push(Value::Text(team));
        }
    }
}

fn like_pattern(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// One page of the customers the actor may see, filtered and sorted in SQL.
pub fn list(
    conn: &Connection,
    actor: &Actor,
    q: &CustomerQuery,
) -> Result<CustomerPage, StoreError> {
    let page_size = q.page_size.clamp(1, MAX_PAGE_SIZE);
    let mut filter = String::from(" FROM customers c WHERE c.deleted = ?");
    let mut args: Vec<Value> = vec![Value::Integer(q.deleted as i64)];
    scope_sql(actor, &mut filter, &mut args);
    let text = normalize_query(&q.text);
    if !text.is_empty() {
        filter.push_str(" AND c.search LIKE ? ESCAPE '\\'");
        args.push(Value::Text(like_pattern(&text)));
    }
    if let Some(owner) = q.owner_id {
        filter.push_str(" AND c.owner_id = ?");
        args.push(Value::Text(owner.to_string()));
    }
    if !q.tag_ids.is_empty() {
        let marks = vec!["?"; q.tag_ids.len()].join(",");
        filter.push_str(&format!(
            " AND c.id IN (SELECT customer_id FROM customer_tags WHERE tag_id IN ({marks})
               GROUP BY customer_id HAVING count(*) = ?)"
        ));
        args.extend(q.tag_ids.iter().map(|t| Value::Text(t.to_string())));
        args.push(Value::Integer(q.tag_ids.len() as i64));
    }
    let total: i64 = conn
        .prepare_cached(&format!("SELECT count(*){filter}"))?
        .query_row(rusqlite::params_from_iter(args.iter()), |r| r.get(0))?;
    let order = match q.sort {
        CustomerSort::Name => "c.sort_key",
        CustomerSort::Newest => "c.created_at DESC",
        CustomerSort::RecentlyUpdated => "c.updated_at DESC",
        CustomerSort::NextFollowUp => "c.next_follow_up IS NULL, c.next_follow_up, c.sort_key",
    };
    let sql = format!(
        "SELECT c.id, c.code, c.name, c.level, c.province, c.city, c.contact, c.mobile,
                coalesce((SELECT u.name FROM users u WHERE u.id = c.owner_id), ''),
                c.next_follow_up, c.updated_at
         {filter} ORDER BY {order} LIMIT ? OFFSET ?"
    );
    args.push(Value::Integer(page_size as i64));
    args.push(Value::Integer(q.page as i64 * page_size as i64));
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt
        .query_map(rusqlite::params_from_iter(args.iter()), |r| {
            Ok((
                r.get::<_, String>(0)?,
                CustomerRow {
                    id: Id::NIL,
                    code: r.get(1)?,
                    name: r.get(2)?,
                    level: r.get(3)?,
                    province: r.get(4)?,
                    city: r.get(5)?,
                    contact: r.get(6)?,
                    mobile: r.get(7)?,
                    owner_name: r.get(8)?,
                    tags: Vec::new(),
                    next_follow_up: r.get::<_, Option<String>>(9)?.and_then(|d| d.parse().ok()),
                    updated_at: r.get(10)?,
                },
            ))
        })?
        .map(|r| {
            let (id, mut row) = r?;
            row.id = parse_id(&id)?;
            Ok(row)
        })
        .collect::<Result<Vec<CustomerRow>, StoreError>>()?;
    attach_tags(conn, &mut rows)?;
    Ok(CustomerPage {
        total: total as u64,
        page: q.page,
        page_size,
        rows,
    })
}

fn attach_tags(conn: &Connection, rows: &mut [CustomerRow]) -> Result<(), StoreError> {
    if rows.is_empty() {
        return Ok(());
    }
    let marks = vec!["?"; rows.len()].join(",");
    let sql = format!(
        "SELECT ct.customer_id, t.id, t.name, t.color FROM customer_tags ct
         JOIN tags t ON t.id = ct.tag_id AND t.deleted = 0
         WHERE ct.customer_id IN ({marks}) ORDER BY t.name"
    );
    let mut stmt = conn.prepare(&sql)?;
    let ids: Vec<String> = rows.iter().map(|r| r.id.to_string()).collect();
    let mut by_customer: HashMap<String, Vec<TagRef>> = HashMap::new();
    let found = stmt.query_map(rusqlite::params_from_iter(ids.iter()), |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    for f in found {
        let (cid, tid, name, color) = f?;
        by_customer.entry(cid).or_default().push(TagRef {
            id: parse_id(&tid)?,
            name,
            color,
        });
    }
    for row in rows {
        row.tags = by_customer.remove(&row.id.to_string()).unwrap_or_default();
    }
    Ok(())
}

pub fn get(conn: &Connection, id: Id) -> Result<Option<Customer>, StoreError> {
    let doc: Option<String> = conn
        .prepare_cached("SELECT doc FROM customer_docs WHERE id = ?1")?
        .query_row([id.to_string()], |r| r.get(0))
        .optional()?;
    doc.map(|d| parse_doc(&d)).transpose()
}

/// The detail page: profile, owner, tags, follow-ups (newest first) and history.
pub fn detail(conn: &Connection, actor: &Actor, id: Id) -> Result<CustomerDetail, StoreError> {
    let customer = get(conn, id)?.ok_or(DomainError::NotFound {
        entity: Entity::Customer,
        id,
    })?;
    let owner = super::users::get(conn, customer.owner_id)?;
    let team = owner.as_ref().map(|o| o.data.team.as_str()).unwrap_or("");
    if !can_view_customer(
        actor,
        Owner {
            id: customer.owner_id,
            team,
        },
    ) {
        return Err(DomainError::Forbidden {
            action: Action::ViewCustomer,
        }
        .into());
    }
    let mut tags = Vec::new();
    for t in &customer.data.tag_ids {
        let doc: Option<String> = conn
            .prepare_cached("SELECT doc FROM tags WHERE id = ?1 AND deleted = 0")?
            .query_row([t.to_string()], |r| r.get(0))
            .optional()?;
        if let Some(doc) = doc {
            tags.push(parse_doc(&doc)?);
        }
    }
    let mut stmt = conn.prepare_cached(
        "SELECT doc FROM follow_ups WHERE customer_id = ?1 ORDER BY date DESC, created_at DESC",
    )?;
    let follow_ups = stmt
        .query_map([id.to_string()], |r| r.get::<_, String>(0))?
        .map(|d| parse_doc(&d?))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(CustomerDetail {
        owner_name: owner.map(|o| o.data.name).unwrap_or_default(),
        tags,
        follow_ups,
        history: history(conn, id)?,
        customer,
    })
}

/// Audit entries of one record, newest first.
pub fn history(conn: &Connection, entity_id: Id) -> Result<Vec<HistoryEntry>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.at, coalesce(u.name, ''), a.device_id, a.action, a.changes
         FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
         WHERE a.entity_id = ?1 ORDER BY a.id DESC LIMIT 200",
    )?;
    let rows = stmt.query_map([entity_id.to_string()], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
        ))
    })?;
    rows.map(|row| {
        let (at_ms, user_name, device, action, changes) = row?;
        Ok(HistoryEntry {
            at_ms,
            user_name,
            device_id: parse_id(&device)?,
            action,
            changes: parse_doc::<Vec<FieldChange>>(&changes)?,
        })
    })
    .collect()
}

/// Live customers with the same name or sharing a mobile number, for the duplicate warning.
pub fn duplicates(
    conn: &Connection,
    name: &str,
    mobiles: &[String],
    except: Option<Id>,
) -> Result<Vec<DuplicateHit>, StoreError> {
    let except = except.map(|e| e.to_string()).unwrap_or_default();
    let mut hits: Vec<DuplicateHit> = Vec::new();
    let mut by_name = conn.prepare_cached(
        "SELECT c.id, c.code, c.name, coalesce(u.name, '') FROM customers c
         LEFT JOIN users u ON u.id = c.owner_id
         WHERE c.deleted = 0 AND c.name = ?1 AND c.id <> ?2 LIMIT 10",
    )?;
    let mut by_mobile = conn.prepare_cached(
        "SELECT c.id, c.code, c.name, coalesce(u.name, '') FROM customer_mobiles m
         JOIN customers c ON c.id = m.customer_id
         LEFT JOIN users u ON u.id = c.owner_id
         WHERE m.mobile = ?1 AND c.deleted = 0 AND c.id <> ?2 LIMIT 10",
    )?;
    let mut collect = |stmt: &mut rusqlite::CachedStatement, key: &str, reason: &str| {
        let found = stmt.query_map([key, except.as_str()], |r| {
            Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?;
        for f in found {
            let (id, code, name, owner_name) = f?;
            let id = parse_id(&id)?;
            if !hits.iter().any(|h| h.id == id) {
                hits.push(DuplicateHit {
                    id,
                    code,
                    name,
                    owner_name,
                    reason: reason.into(),
                });
            }
        }
        Ok::<(), StoreError>(())
    };
    if !name.trim().is_empty() {
        collect(&mut by_name, name.trim(), "name")?;
    }
    for m in mobiles.iter().filter(|m| !m.is_empty()) {
        collect(&mut by_mobile, m, "mobile")?;
    }
    Ok(hits)
}
