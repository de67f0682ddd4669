//! Writes the domain's effects into tables: the full row as JSON plus the columns that
//! lists, filters and search use.

use fairdesk_core::apply::Effect;
use fairdesk_core::customer::Customer;
use fairdesk_core::search;
use rusqlite::{params, Connection};

pub fn put(tx: &Connection, effect: &Effect) -> rusqlite::Result<()> {
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
        Effect::PutCustomer(c) => put_customer(tx, c),
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
    }
}

fn put_customer(tx: &Connection, c: &Customer) -> rusqlite::Result<()> {
    let d = &c.data;
    let id = c.id.to_string();
    let key = d.contacts.first();
    let key_text = search::customer_search_text(c);
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
        search::sort_key(&d.name),
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
    tx.prepare_cached("DELETE FROM customer_grams WHERE rowid = ?1")?
        .execute([rid])?;
    tx.prepare_cached("INSERT INTO customer_grams (rowid, grams) VALUES (?1, ?2)")?
        .execute(params![rid, search::grams(&key_text)])?;
    tx.prepare_cached(
        "INSERT INTO customer_docs (id, doc) VALUES (?1, ?2)
         ON CONFLICT (id) DO UPDATE SET doc = excluded.doc",
    )?
    .execute(params![id, json(c)])?;
    tx.prepare_cached("DELETE FROM customer_tags WHERE customer_id = ?1")?
        .execute([&id])?;
    tx.prepare_cached("DELETE FROM customer_mobiles WHERE customer_id = ?1")?
        .execute([&id])?;
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
