//! The local side of sync: what the outbox hands to the server, what comes back.
//! Pulled rows replace local ones in one transaction per page, together with the cursor, so a
//! crash mid-pull repeats the page instead of losing or doubling anything.

use crate::{rows, Store, StoreError};
use fairdesk_core::apply::Effect;
use fairdesk_core::{Envelope, Hlc, Id};
use rusqlite::{params, OptionalExtension, TransactionBehavior};

/// One row from the server: its current state, or `None` when the user may no longer see it.
#[derive(Clone, Debug)]
pub struct RemoteRow {
    pub entity: String,
    pub id: Id,
    pub doc: Option<Box<serde_json::value::RawValue>>,
}

pub use fairdesk_core::desk::Conflict;

/// A pulled row parsed into its effect, with a customer's search keys already built.
#[derive(Debug)]
pub struct PreparedRow {
    pub row: RemoteRow,
    effect: Option<Effect>,
    keys: Option<rows::CustomerKeys>,
}

/// Parses a page and builds its customers' search keys: CPU work that needs no database, so
/// the sync client runs it on the thread that fetches pages.
pub fn prepare_page(rows: Vec<RemoteRow>) -> Result<Vec<PreparedRow>, StoreError> {
    rows.into_iter()
        .map(|row| {
            let effect = match &row.doc {
                Some(doc) => Effect::from_doc(&row.entity, doc.get()).transpose()?,
                None => None,
            };
            let keys = match &effect {
                Some(Effect::PutCustomer(c)) => Some(rows::CustomerKeys::of(c)),
                _ => None,
            };
            Ok(PreparedRow { row, effect, keys })
        })
        .collect()
}

impl Store {
    pub fn sync_cursor(&self) -> Result<i64, StoreError> {
        Ok(self
            .setting("sync_cursor")?
            .and_then(|c| c.parse().ok())
            .unwrap_or(0))
    }

    /// The server accepted these: they leave the outbox.
    pub fn outbox_accepted(&mut self, ids: &[Id]) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        for id in ids {
            tx.execute(
                "DELETE FROM outbox WHERE mutation_id = ?1",
                [id.to_string()],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Keeps a conflict entry for a mutation (e.g. one whose field lost to a newer edit).
    pub fn record_conflict(
        &mut self,
        env: &Envelope,
        reason: &str,
        reason_en: &str,
    ) -> Result<(), StoreError> {
        let now = self.now_ms();
        insert_conflict(&self.conn, env, reason, reason_en, now)
    }

    /// The server refused this one: it leaves the outbox and is kept as a conflict with the
    /// server's reason. The server's version of the row arrives with the next pull.
    pub fn outbox_rejected(
        &mut self,
        env: &Envelope,
        reason: &str,
        reason_en: &str,
    ) -> Result<(), StoreError> {
        let now = self.now_ms();
        let tx = self.conn.transaction()?;
        insert_conflict(&tx, env, reason, reason_en, now)?;
        tx.execute(
            "DELETE FROM outbox WHERE mutation_id = ?1",
            [env.id.to_string()],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// How many conflicts there are (the top bar asks every few seconds).
    pub fn conflict_count(&self) -> Result<u64, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM sync_conflicts", [], |r| {
                r.get::<_, i64>(0)
            })? as u64)
    }

    pub fn conflicts(&self) -> Result<Vec<Conflict>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT mutation_id, name, entity_id, reason, reason_en, at FROM sync_conflicts ORDER BY id DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })?;
        rows.map(|r| {
            let (m, name, e, reason, reason_en, at_ms) = r?;
            Ok(Conflict {
                mutation_id: crate::queries::parse_id(&m)?,
                name,
                entity_id: e.map(|e| crate::queries::parse_id(&e)).transpose()?,
                reason,
                reason_en,
                at_ms,
            })
        })
        .collect()
    }

    /// Applies one pulled page and its cursor in one transaction.
    pub fn apply_remote_page(&mut self, rows: &[RemoteRow], cursor: i64) -> Result<(), StoreError> {
        self.apply_prepared_page(&prepare_page(rows.to_vec())?, cursor)
    }

    /// Applies a page made ready by [`prepare_page`] (on another thread), in one transaction.
    pub fn apply_prepared_page(
        &mut self,
        rows_in: &[PreparedRow],
        cursor: i64,
    ) -> Result<(), StoreError> {
        let now = self.now_ms().max(0) as u64;
        let device = self.device.id;
        let first_big_page =
            rows_in.len() >= crate::search_index::DEFER_AT && self.sync_cursor()? == 0;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        // A big first pull stores the rows now and indexes them for search afterwards.
        if first_big_page {
            crate::search_index::defer(&tx)?;
        }
        // Which of the page's customers this desk already has (the others are written fresh).
        let ids: Vec<String> = rows_in
            .iter()
            .filter(|r| r.row.entity == "customer")
            .map(|r| r.row.id.to_string())
            .collect();
        let known: std::collections::HashSet<Id> = tx
            .prepare("SELECT id FROM customers WHERE id IN (SELECT value FROM json_each(?1))")?
            .query_map([serde_json::to_string(&ids)?], |r| r.get::<_, String>(0))?
            .filter_map(|r| r.ok().and_then(|s| s.parse().ok()))
            .collect();
        let mut seen: Option<Hlc> = None;
        for prepared in rows_in {
            let row = &prepared.row;
            match (&row.doc, &prepared.effect) {
                (Some(doc), Some(Effect::PutCustomer(c))) => {
                    seen = c.clocks.values().copied().chain(seen).max();
                    let fresh = !known.contains(&row.id);
                    let keys = match &prepared.keys {
                        Some(k) => k.clone(),
                        None => rows::CustomerKeys::of(c),
                    };
                    if !fresh {
                        crate::pulled_history::record_customer(&tx, c, device)?;
                    }
                    rows::put_pulled_customer(&tx, c, doc.get(), fresh, &keys)?;
                }
                (Some(_), Some(effect)) => {
                    crate::pulled_history::record(&tx, effect, device)?;
                    rows::put(&tx, effect)?
                }
                // A newer server may send kinds this app does not know yet.
                (Some(_), None) => {}
                (None, _) => forget(&tx, &row.entity, row.id)?,
            }
        }
        // Later local edits must order after everything this desk has seen.
        if let Some(remote) = seen {
            let local: String =
                tx.query_row("SELECT hlc FROM device WHERE singleton = 1", [], |r| {
                    r.get(0)
                })?;
            let local: Hlc = serde_json::from_str(&local)?;
            tx.execute(
                "UPDATE device SET hlc = ?1 WHERE singleton = 1",
                [serde_json::to_string(&local.observe(remote, now))?],
            )?;
        }
        tx.execute(
            "INSERT INTO local_settings (key, value) VALUES ('sync_cursor', ?1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [cursor.to_string()],
        )?;
        tx.commit()?;
        Ok(())
    }
}

impl Store {
    /// Removes a row the server refused to create (it will never come back in a pull), with
    /// what hangs off it: an order's stock holds, a ledger move's effect on the level.
    pub fn forget_local(&mut self, entity: &str, id: Id) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        forget(&tx, entity, id)?;
        tx.commit()?;
        Ok(())
    }
}

fn insert_conflict(
    conn: &rusqlite::Connection,
    env: &Envelope,
    reason: &str,
    reason_en: &str,
    now: i64,
) -> Result<(), StoreError> {
    conn.execute(
        "INSERT OR IGNORE INTO sync_conflicts (mutation_id, name, entity_id, reason, reason_en, at, envelope)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            env.id.to_string(),
            env.mutation.name(),
            subject(&env.mutation).map(|i| i.to_string()),
            reason,
            reason_en,
            now,
            serde_json::to_string(env)?,
        ],
    )?;
    Ok(())
}

/// Removes a row this desk may no longer see (and, for a customer, what hangs off it).
fn forget(tx: &rusqlite::Connection, entity: &str, id: Id) -> Result<(), StoreError> {
    let id = id.to_string();
    match entity {
        "customer" => {
            let rid: Option<i64> = tx
                .query_row("SELECT rid FROM customers WHERE id = ?1", [&id], |r| {
                    r.get(0)
                })
                .optional()?;
            if let Some(rid) = rid {
                tx.execute("DELETE FROM customer_grams WHERE rowid = ?1", [rid])?;
            }
            for sql in [
                "DELETE FROM customer_tags WHERE customer_id = ?1",
                "DELETE FROM customer_mobiles WHERE customer_id = ?1",
                "DELETE FROM follow_ups WHERE customer_id = ?1",
                "DELETE FROM customer_docs WHERE id = ?1",
                "DELETE FROM customers WHERE id = ?1",
            ] {
                tx.execute(sql, [&id])?;
            }
        }
        "follow_up" => drop(tx.execute("DELETE FROM follow_ups WHERE id = ?1", [&id])?),
        "tag" => drop(tx.execute("DELETE FROM tags WHERE id = ?1", [&id])?),
        "user" => drop(tx.execute("DELETE FROM users WHERE id = ?1", [&id])?),
        "quote" => {
            tx.execute("DELETE FROM quote_lines WHERE quote_id = ?1", [&id])?;
            tx.execute("DELETE FROM quotes WHERE id = ?1", [&id])?;
        }
        "order" => {
            // Its holds go back to the pool.
            tx.execute(
                "UPDATE stock_levels SET reserved_milli = reserved_milli - coalesce((
                    SELECT sum(r.qty_milli) FROM stock_reservations r
                    WHERE r.order_id = ?1 AND r.product_id = stock_levels.product_id
                      AND r.warehouse_id = stock_levels.warehouse_id), 0)
                 WHERE (product_id, warehouse_id) IN
                    (SELECT product_id, warehouse_id FROM stock_reservations WHERE order_id = ?1)",
                [&id],
            )?;
            tx.execute("DELETE FROM stock_reservations WHERE order_id = ?1", [&id])?;
            tx.execute("DELETE FROM orders WHERE id = ?1", [&id])?;
        }
        "stock_move" => {
            tx.execute(
                "UPDATE stock_levels SET on_hand_milli = on_hand_milli - (
                    SELECT m.qty_milli FROM stock_moves m WHERE m.id = ?1)
                 WHERE (product_id, warehouse_id) IN
                    (SELECT product_id, warehouse_id FROM stock_moves WHERE id = ?1)",
                [&id],
            )?;
            tx.execute("DELETE FROM stock_moves WHERE id = ?1", [&id])?;
        }
        "product" => drop(tx.execute("DELETE FROM products WHERE id = ?1", [&id])?),
        "category" => drop(tx.execute("DELETE FROM categories WHERE id = ?1", [&id])?),
        "warehouse" => drop(tx.execute("DELETE FROM warehouses WHERE id = ?1", [&id])?),
        "price_rule" => drop(tx.execute("DELETE FROM price_rules WHERE id = ?1", [&id])?),
        _ => {}
    }
    Ok(())
}

/// The record a mutation is about, for the conflict list's link.
fn subject(m: &fairdesk_core::Mutation) -> Option<Id> {
    use fairdesk_core::Mutation::*;
    match m {
        SaveUser { id, .. }
        | CreateCustomer { id, .. }
        | UpdateCustomer { id, .. }
        | DeleteCustomer { id }
        | RestoreCustomer { id }
        | ReassignCustomer { id, .. }
        | CreateTag { id, .. }
        | UpdateTag { id, .. }
        | DeleteTag { id } => Some(*id),
        CreateProduct { id, .. }
        | UpdateProduct { id, .. }
        | DeleteProduct { id }
        | SaveCategory { id, .. }
        | SaveWarehouse { id, .. }
        | RecordStock { id, .. }
        | SavePriceRule { id, .. }
        | DeletePriceRule { id }
        | SaveQuote { id, .. }
        | NewQuoteVersion { id, .. }
        | SetQuoteStatus { id, .. }
        | ApproveQuote { id }
        | SaveOrder { id, .. }
        | OrderAct { id, .. } => Some(*id),
        AddFollowUp { data, .. } => Some(data.customer_id),
        TransferAllCustomers { .. }
        | TagCustomers { .. }
        | SavePricingPolicy { .. }
        | SaveCompany { .. } => None,
    }
}

impl Store {
    /// Remembers the server account working at this desk and the document-number code the
    /// server confirmed (or assigned) for it; numbers already issued keep theirs.
    pub fn set_server_identity(&mut self, user: Id, code: &str) -> Result<(), StoreError> {
        self.set_setting("server_user", &user.to_string())?;
        if code != self.device.code {
            self.conn.execute(
                "UPDATE device SET device_code = ?1 WHERE singleton = 1",
                [code],
            )?;
            self.device.code = code.to_string();
        }
        Ok(())
    }

    pub fn server_user(&self) -> Result<Option<Id>, StoreError> {
        Ok(self.setting("server_user")?.and_then(|s| s.parse().ok()))
    }

    /// A desk logged in to a server works as that account: pending work recorded under a
    /// local user (before the first login, or with local roles) is pushed as the account's.
    pub fn adopt_outbox(&mut self) -> Result<usize, StoreError> {
        let Some(user) = self.server_user()? else {
            return Ok(0);
        };
        let tx = self.conn.transaction()?;
        let pending: Vec<(i64, String)> = tx
            .prepare("SELECT seq, envelope FROM outbox ORDER BY seq")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        let bootstrap: Option<Id> = tx
            .query_row(
                "SELECT value FROM local_settings WHERE key = 'bootstrap_user'",
                [],
                |r| r.get::<_, String>(0),
            )
            .optional()?
            .and_then(|s| s.parse().ok());
        let mut changed = 0;
        for (seq, json) in pending {
            let mut env: Envelope = serde_json::from_str(&json)?;
            // The administrator a fresh desk makes for itself stays on this desk.
            if matches!(env.mutation, fairdesk_core::Mutation::SaveUser { id, .. } if Some(id) == bootstrap)
            {
                tx.execute("DELETE FROM outbox WHERE seq = ?1", [seq])?;
                continue;
            }
            if env.actor.user_id != user {
                // Customers the local user created for themselves become the account's.
                if let fairdesk_core::Mutation::CreateCustomer { owner_id, .. } = &mut env.mutation
                {
                    if *owner_id == env.actor.user_id {
                        *owner_id = user;
                    }
                }
                env.actor.user_id = user;
                tx.execute(
                    "UPDATE outbox SET envelope = ?1 WHERE seq = ?2",
                    params![serde_json::to_string(&env)?, seq],
                )?;
                changed += 1;
            }
        }
        tx.commit()?;
        Ok(changed)
    }

    /// After a pull has brought the account's user row, the desk works as that user.
    pub fn use_server_user(&mut self) -> Result<(), StoreError> {
        match self.server_user()? {
            Some(user) if crate::queries::users::get(&self.conn, user)?.is_some() => {
                self.set_current_user(user)
            }
            _ => Ok(()),
        }
    }
}
