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
use fairdesk_core::permissions::{can_view_customer, Owner};
use fairdesk_core::permissions::{customer_scope, Scope};
use fairdesk_core::search::query_words;
use fairdesk_core::{Actor, DomainError, Id};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};
use std::collections::HashMap;

pub const MAX_PAGE_SIZE: u32 = 200;

/// One page of the customers the actor may see, filtered and sorted in SQL.
pub fn list(
    conn: &Connection,
    actor: &Actor,
    q: &CustomerQuery,
) -> Result<CustomerPage, StoreError> {
    let page_size = q.page_size.clamp(1, MAX_PAGE_SIZE);
    let mut filter = String::from(" FROM customers c WHERE c.deleted = ?");
    let mut args: Vec<Value> = vec![Value::Integer(q.deleted as i64)];
    super::scope_sql(actor, "c.owner_id", &mut filter, &mut args);
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
    let words = query_words(&q.text);
    let offset = q.page as usize * page_size as usize;
    let (rids, total, more) = if words.is_empty() {
        let (rids, total) = unfiltered(conn, &filter, &args, q, page_size)?;
        (rids, total, false)
    } else {
        // The index alone says how many match only when every live customer is in view.
        let all_visible = matches!(customer_scope(actor), Scope::All)
            && q.owner_id.is_none()
            && q.tag_ids.is_empty()
            && !q.deleted;
        // Rows the token index found are read by row number: the `+` keeps SQLite from
        // walking the deleted index instead (every live row) to test each against the list.
        let by_rows = filter.replacen("c.deleted = ?", "+c.deleted = ?", 1);
        let scope = super::customer_search::Scope {
            filter: &filter,
            by_rows: &by_rows,
            args: &args,
            deleted: q.deleted,
            all_visible,
            // Deleted customers are not in the token index: the trash is searched by scan.
            indexed: !q.deleted && crate::search_index::unindexed_from(conn)?.is_none(),
        };
        let found =
            super::customer_search::find(conn, &scope, &words, q.sort, offset, page_size as usize)?;
        (found.rids, found.total, found.more)
    };
    let rows = page_rows(conn, &rids)?;
    let mut rows = rows;
    // Owner names for this page only (per-row subqueries would run for every match).
    let owners: HashMap<String, String> = conn
        .prepare_cached("SELECT id, name FROM users")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for row in &mut rows {
        row.owner_name = owners.get(&row.owner_name).cloned().unwrap_or_default();
    }
    attach_tags(conn, &mut rows)?;
    Ok(CustomerPage {
        total,
        more,
        page: q.page,
        page_size,
        rows,
    })
}

/// A page of the list without a search: the sort index is walked and stops after one page.
fn unfiltered(
    conn: &Connection,
    filter: &str,
    args: &[Value],
    q: &CustomerQuery,
    page_size: u32,
) -> Result<(Vec<i64>, u64), StoreError> {
    let order = match q.sort {
        CustomerSort::Name | CustomerSort::Relevance => "c.sort_key",
        CustomerSort::Newest => "c.created_at DESC",
        CustomerSort::RecentlyUpdated => "c.updated_at DESC",
        CustomerSort::NextFollowUp => "c.next_follow_up IS NULL, c.next_follow_up, c.sort_key",
    };
    let sql = format!("SELECT c.rid {filter} ORDER BY {order} LIMIT ? OFFSET ?");
    let mut page_args = args.to_vec();
    page_args.push(Value::Integer(page_size as i64));
    page_args.push(Value::Integer(q.page as i64 * page_size as i64));
    let rids: Vec<i64> = conn
        .prepare_cached(&sql)?
        .query_map(rusqlite::params_from_iter(page_args.iter()), |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let total: i64 = conn
        .prepare_cached(&format!("SELECT count(*){filter}"))?
        .query_row(rusqlite::params_from_iter(args.iter()), |r| r.get(0))?;
    Ok((rids, total as u64))
}

/// The list rows for these row numbers, in the given order.
fn page_rows(conn: &Connection, rids: &[i64]) -> Result<Vec<CustomerRow>, StoreError> {
    if rids.is_empty() {
        return Ok(Vec::new());
    }
    let marks = vec!["?"; rids.len()].join(",");
    let sql = format!(
        "SELECT rid, id, code, name, level, province, city, contact, mobile, owner_id,
                next_follow_up, updated_at
         FROM customers WHERE rid IN ({marks})"
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut by_rid: HashMap<i64, CustomerRow> = stmt
        .query_map(rusqlite::params_from_iter(rids.iter()), |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                CustomerRow {
                    id: Id::NIL,
                    code: r.get(2)?,
                    name: r.get(3)?,
                    level: r.get(4)?,
                    province: r.get(5)?,
                    city: r.get(6)?,
                    contact: r.get(7)?,
                    mobile: r.get(8)?,
                    // The owner's id for now; the caller puts the name in.
                    owner_name: r.get(9)?,
                    tags: Vec::new(),
                    next_follow_up: r.get::<_, Option<String>>(10)?.and_then(|d| d.parse().ok()),
                    updated_at: r.get(11)?,
                },
            ))
        })?
        .map(|r| {
            let (rid, id, mut row) = r?;
            row.id = parse_id(&id)?;
            Ok((rid, row))
        })
        .collect::<Result<_, StoreError>>()?;
    Ok(rids.iter().filter_map(|rid| by_rid.remove(rid)).collect())
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
