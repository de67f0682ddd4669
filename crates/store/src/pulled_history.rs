//! Other desks' changes in this desk's history. The audit log is written where a mutation is
//! made; when a pull brings a document another desk changed (the manager's approval, a
//! colleague's edit), its difference to what this desk had goes into the log under the user,
//! device and time the row carries — so every desk shows who did what to a document.
//!
//! Our own changes coming back are skipped (their entries exist already), and so is a
//! customer this desk never had: a first sync of 100,000 customers writes no history.

use crate::StoreError;
use fairdesk_core::apply::Effect;
use fairdesk_core::audit::diff;
use fairdesk_core::customer::Customer;
use fairdesk_core::mutation::RowMeta;
use fairdesk_core::order::{Order, OrderStatus};
use fairdesk_core::quote::Quote;
use fairdesk_core::Id;
use rusqlite::{Connection, OptionalExtension};
use serde::de::DeserializeOwned;

/// Records `effect` (about to replace this desk's row) if another desk made it.
pub(crate) fn record(tx: &Connection, effect: &Effect, this_device: Id) -> Result<(), StoreError> {
    match effect {
        Effect::PutOrder(o) => {
            let before: Option<Order> = local(tx, "SELECT doc FROM orders WHERE id = ?1", o.id)?;
            let action = match &before {
                Some(b) => order_action(b, o),
                None => "create",
            };
            let entry = Entry::new("order", o.id, &o.meta, action);
            entry.write(tx, before.as_ref(), o.as_ref(), this_device)
        }
        Effect::PutQuote(q) => {
            let before: Option<Quote> = local(tx, "SELECT doc FROM quotes WHERE id = ?1", q.id)?;
            let action = match &before {
                Some(b) if b.status != q.status => q.status.as_str(),
                Some(_) => "update",
                None => "create",
            };
            let entry = Entry::new("quote", q.id, &q.meta, action);
            entry.write(tx, before.as_ref(), q.as_ref(), this_device)
        }
        _ => Ok(()),
    }
}

/// A pulled customer this desk already had, changed elsewhere.
pub(crate) fn record_customer(
    tx: &Connection,
    c: &Customer,
    this_device: Id,
) -> Result<(), StoreError> {
    let before: Option<Customer> = local(tx, "SELECT doc FROM customer_docs WHERE id = ?1", c.id)?;
    let Some(b) = before else { return Ok(()) };
    let action = if b.deleted != c.deleted {
        if c.deleted {
            "delete"
        } else {
            "restore"
        }
    } else if b.owner_id != c.owner_id {
        "transfer"
    } else {
        "update"
    };
    Entry::new("customer", c.id, &c.meta, action).write(tx, Some(&b), c, this_device)
}

fn local<T: DeserializeOwned>(tx: &Connection, sql: &str, id: Id) -> Result<Option<T>, StoreError> {
    let doc: Option<String> = tx
        .prepare_cached(sql)?
        .query_row([id.to_string()], |r| r.get(0))
        .optional()?;
    // A local copy this version can't read is treated as absent.
    Ok(doc.and_then(|d| serde_json::from_str(&d).ok()))
}

/// What a status change means, for the history line.
fn order_action(before: &Order, after: &Order) -> &'static str {
    use OrderStatus::*;
    if before.closed != after.closed {
        return "close_rest";
    }
    if before.shipped != after.shipped {
        return "ship";
    }
    if before.returned != after.returned {
        return "return";
    }
    let (from, to) = (before.status, after.status);
    match (from, to) {
        (Draft, Submitted) => "submit",
        (Submitted, Approved) => "approve",
        (Submitted, Draft) => "reject",
        (_, Cancelled) if from != Cancelled => "cancel",
        (_, Completed) if from != Completed => "complete",
        _ => "update",
    }
}

/// One history line about a row.
struct Entry<'a> {
    entity: &'a str,
    id: Id,
    meta: &'a RowMeta,
    action: &'a str,
}

impl<'a> Entry<'a> {
    fn new(entity: &'a str, id: Id, meta: &'a RowMeta, action: &'a str) -> Entry<'a> {
        Entry {
            entity,
            id,
            meta,
            action,
        }
    }

    fn write<T: serde::Serialize>(
        &self,
        tx: &Connection,
        before: Option<&T>,
        after: &T,
        this_device: Id,
    ) -> Result<(), StoreError> {
        let meta = self.meta;
        let (user, device, at) = match before {
            Some(_) => (meta.updated_by, meta.updated_device, meta.updated_at),
            None => (meta.created_by, meta.created_device, meta.created_at),
        };
        if device == this_device {
            return Ok(());
        }
        let changes = diff(before, after);
        if before.is_some() && changes.is_empty() {
            return Ok(());
        }
        tx.prepare_cached(
            "INSERT INTO audit_log (mutation_id, at, user_id, device_id, entity, entity_id, action, changes)
             VALUES ('pulled', ?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(rusqlite::params![
            at,
            user.to_string(),
            device.to_string(),
            self.entity,
            self.id.to_string(),
            self.action,
            serde_json::to_string(&changes)?,
        ])?;
        Ok(())
    }
}
