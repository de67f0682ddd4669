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
    /// server's reason, its history entries go (it never happened), and every row it changed on
    /// this desk is queued to be fetched again: the next pull puts back the server's state of
    /// each (or removes the row, when the server has none).
    pub fn outbox_rejected(
        &mut self,
        env: &Envelope,
        reason: &str,
        reason_en: &str,
    ) -> Result<(), StoreError> {
        let now = self.now_ms();
        let tx = self.conn.transaction()?;
        insert_conflict(&tx, env, reason, reason_en, now)?;
        let touched: Option<String> = tx
            .query_row(
                "SELECT touched FROM outbox WHERE mutation_id = ?1",
                [env.id.to_string()],
                |r| r.get(0),
            )
            .optional()?
            .flatten();
        let mut rows: Vec<RowKey> = match touched {
            Some(json) => serde_json::from_str(&json)?,
            // Written before the outbox kept what it touched: the mutation's own row.
            None => Vec::new(),
        };
        if let Some((entity, id)) = env.mutation.created_row() {
            rows.push(RowKey {
                entity: entity.to_string(),
                id,
            });
        }
        if let Some((entity, id)) = subject(&env.mutation) {
            rows.push(RowKey {
                entity: entity.to_string(),
                id,
            });
        }
        for row in rows {
            tx.execute(
                "INSERT OR IGNORE INTO sync_refetch (entity, id) VALUES (?1, ?2)",
                [row.entity, row.id.to_string()],
            )?;
        }
        tx.execute(
            "DELETE FROM audit_log WHERE mutation_id = ?1",
            [env.id.to_string()],
        )?;
        tx.execute(
            "DELETE FROM outbox WHERE mutation_id = ?1",
            [env.id.to_string()],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Rows to fetch again from the server (a refused mutation had changed them here).
    pub fn refetch_pending(&self) -> Result<Vec<RowKey>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT entity, id FROM sync_refetch ORDER BY entity, id")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        rows.map(|r| {
            let (entity, id) = r?;
            Ok(RowKey {
                entity,
                id: crate::queries::parse_id(&id)?,
            })
        })
        .collect()
    }

    /// Puts the server's state of rows fetched again back in place, in one transaction: a row
    /// the server holds replaces this desk's, one it revoked goes as in a pull, one it has
    /// never had goes with what hangs off it. No history is written (the refused mutation's
    /// entries are gone already).
    pub fn apply_refetched(&mut self, rows_in: &[Refetched]) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        for r in rows_in {
            match &r.row.doc {
                Some(doc) => match Effect::from_doc(&r.row.entity, doc.get()).transpose()? {
                    Some(Effect::PutCustomer(c)) => {
                        let fresh: bool = tx.query_row(
                            "SELECT count(*) = 0 FROM customers WHERE id = ?1",
                            [c.id.to_string()],
                            |x| x.get(0),
                        )?;
                        rows::put_pulled_customer(
                            &tx,
                            &c,
                            doc.get(),
                            fresh,
                            &rows::CustomerKeys::of(&c),
                        )?;
                    }
                    Some(effect) => rows::put(&tx, &effect)?,
                    None => {}
                },
                None if r.exists => forget(&tx, &r.row.entity, r.row.id, Gone::Revoked)?,
                None => forget(&tx, &r.row.entity, r.row.id, Gone::Absent)?,
            }
            tx.execute(
                "DELETE FROM sync_refetch WHERE entity = ?1 AND id = ?2",
                [r.asked.entity.clone(), r.asked.id.to_string()],
            )?;
        }
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

    /// The conflicts and notices, newest first. A link goes only to a record this desk still
    /// has (a customer moved to another rep is gone from it).
    pub fn conflicts(&self) -> Result<Vec<Conflict>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT c.mutation_id, c.name, c.entity_id, c.reason, c.reason_en, c.at, c.kind,
                    CASE WHEN EXISTS (SELECT 1 FROM customers x WHERE x.id = c.entity_id) THEN 'customer'
                         WHEN EXISTS (SELECT 1 FROM orders x WHERE x.id = c.entity_id) THEN 'order'
                         WHEN EXISTS (SELECT 1 FROM quotes x WHERE x.id = c.entity_id) THEN 'quote'
                    END
             FROM sync_conflicts c ORDER BY c.id DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get::<_, Option<String>>(7)?,
            ))
        })?;
        rows.map(|r| {
            let (m, name, e, reason, reason_en, at_ms, kind, on_desk) = r?;
            Ok(Conflict {
                mutation_id: crate::queries::parse_id(&m)?,
                name,
                entity_id: e.map(|e| crate::queries::parse_id(&e)).transpose()?,
                entity: on_desk,
                kind,
                reason,
                reason_en,
                at_ms,
            })
        })
        .collect()
    }

    /// A pull ran to its end: later pages are no longer part of the first sync.
    pub fn first_pull_done(&mut self) -> Result<(), StoreError> {
        self.conn
            .execute("DELETE FROM local_settings WHERE key = 'first_pull'", [])?;
        Ok(())
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
        let from_zero = self.sync_cursor()? == 0;
        let first_big_page = rows_in.len() >= crate::search_index::DEFER_AT && from_zero;
        // A pull from zero is a first sync until a pull runs to its end (`first_pull_done`),
        // through any pages an interrupted attempt applied.
        let first_pull = from_zero || self.setting("first_pull")?.is_some();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        if from_zero {
            tx.execute(
                "INSERT OR REPLACE INTO local_settings (key, value) VALUES ('first_pull', '1')",
                [],
            )?;
        }
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
        let mut levels = rows::Levels::summed();
        for prepared in rows_in {
            let row = &prepared.row;
            match (&row.doc, &prepared.effect) {
                (Some(doc), Some(Effect::PutCustomer(c))) => {
                    seen = c
                        .clocks
                        .values()
                        .copied()
                        .filter(|h| h.ms <= now + fairdesk_core::hlc::MAX_AHEAD_MS)
                        .chain(seen)
                        .max();
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
                (Some(doc), Some(effect)) => {
                    if let Effect::PutOrder(o) = effect {
                        crate::shortage::notice(&tx, o, device, now as i64)?;
                    }
                    // A first sync brings documents this desk never had: no history for
                    // them (as for customers), their rows carry who made them.
                    if !first_pull {
                        crate::pulled_history::record(&tx, effect, device)?;
                    }
                    rows::put_as(&tx, effect, Some(doc.get()), &mut levels)?
                }
                // A newer server may send kinds this app does not know yet.
                (Some(_), None) => {}
                (None, _) => forget(&tx, &row.entity, row.id, Gone::Revoked)?,
            }
        }
        levels.write(&tx)?;
        // Later local edits must order after everything this desk has seen — but not after a
        // stamp from a clock far in the future (skipped above), which would drag this desk's
        // clock along.
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

/// A row the desk asked for again, as the server answered.
#[derive(Clone, Debug)]
pub struct Refetched {
    pub asked: RowKey,
    /// The row under the id the user knows it by (a redacted hold comes under its pool id).
    pub row: RemoteRow,
    /// Whether the server has the row at all.
    pub exists: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RowKey {
    pub entity: String,
    pub id: Id,
}

/// Why a row leaves the desk.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Gone {
    /// The user may no longer see it: an order's holds stay in the pool, redacted.
    Revoked,
    /// The server has no such row (its creation was refused): its holds and moves go too.
    Absent,
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
            subject(&env.mutation).map(|(_, id)| id.to_string()),
            reason,
            reason_en,
            now,
            serde_json::to_string(env)?,
        ],
    )?;
    Ok(())
}

/// Removes a row this desk may no longer see or the server never had (and, for a customer,
/// what hangs off it).
fn forget(tx: &rusqlite::Connection, entity: &str, id: Id, gone: Gone) -> Result<(), StoreError> {
    let key = id.to_string();
    let id_str = &key;
    match entity {
        "customer" => {
            let rid: Option<i64> = tx
                .query_row("SELECT rid FROM customers WHERE id = ?1", [id_str], |r| {
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
                tx.execute(sql, [id_str])?;
            }
        }
        "follow_up" => drop(tx.execute("DELETE FROM follow_ups WHERE id = ?1", [id_str])?),
        "tag" => drop(tx.execute("DELETE FROM tags WHERE id = ?1", [id_str])?),
        "user" => drop(tx.execute("DELETE FROM users WHERE id = ?1", [id_str])?),
        "quote" => {
            tx.execute("DELETE FROM quote_lines WHERE quote_id = ?1", [id_str])?;
            tx.execute("DELETE FROM quotes WHERE id = ?1", [id_str])?;
        }
        "order" => {
            match gone {
                // Every desk keeps the pool right: the holds stay, without their order.
                Gone::Revoked => rows::redact_holds(tx, id)?,
                Gone::Absent => rows::drop_holds(tx, rows::HoldsOf::Order, id)?,
            }
            tx.execute("DELETE FROM orders WHERE id = ?1", [id_str])?;
        }
        // Holds are never revoked (they come redacted instead); one the server lacks goes.
        "reservation" => {
            rows::drop_holds(tx, rows::HoldsOf::Pool, fairdesk_core::order::pool_id(id))?
        }
        "stock_move" => {
            tx.execute(
                "UPDATE stock_levels SET on_hand_milli = on_hand_milli - (
                    SELECT m.qty_milli FROM stock_moves m WHERE m.id = ?1)
                 WHERE (product_id, warehouse_id) IN
                    (SELECT product_id, warehouse_id FROM stock_moves WHERE id = ?1)",
                [id_str],
            )?;
            tx.execute("DELETE FROM stock_moves WHERE id = ?1", [id_str])?;
        }
        "payment" => drop(tx.execute("DELETE FROM payments WHERE id = ?1", [id_str])?),
        "stock_quota" => rows::drop_quota_move(tx, id)?,
        "delivery" => {
            tx.execute(
                "DELETE FROM delivery_parcels WHERE delivery_id = ?1",
                [id_str],
            )?;
            tx.execute("DELETE FROM deliveries WHERE id = ?1", [id_str])?;
        }
        "return_note" => drop(tx.execute("DELETE FROM return_notes WHERE id = ?1", [id_str])?),
        "invoice" => drop(tx.execute("DELETE FROM invoices WHERE id = ?1", [id_str])?),
        "product" => drop(tx.execute("DELETE FROM products WHERE id = ?1", [id_str])?),
        "category" => drop(tx.execute("DELETE FROM categories WHERE id = ?1", [id_str])?),
        "warehouse" => drop(tx.execute("DELETE FROM warehouses WHERE id = ?1", [id_str])?),
        "price_rule" => drop(tx.execute("DELETE FROM price_rules WHERE id = ?1", [id_str])?),
        "pricing_policy" | "company" => {
            tx.execute("DELETE FROM singletons WHERE entity = ?1", [entity])?;
        }
        _ => {}
    }
    Ok(())
}

/// The record a mutation is about (entity, id): the conflict list's link, and a row to put
/// back when the server refuses the mutation.
fn subject(m: &fairdesk_core::Mutation) -> Option<(&'static str, Id)> {
    use fairdesk_core::Mutation::*;
    Some(match m {
        SaveUser { id, .. } => ("user", *id),
        CreateCustomer { id, .. }
        | UpdateCustomer { id, .. }
        | DeleteCustomer { id }
        | RestoreCustomer { id }
        | ReassignCustomer { id, .. } => ("customer", *id),
        AddFollowUp { data, .. } => ("customer", data.customer_id),
        CreateTag { id, .. } | UpdateTag { id, .. } | DeleteTag { id } => ("tag", *id),
        CreateProduct { id, .. } | UpdateProduct { id, .. } | DeleteProduct { id } => {
            ("product", *id)
        }
        SaveCategory { id, .. } => ("category", *id),
        SaveWarehouse { id, .. } => ("warehouse", *id),
        RecordStock { id, .. } => ("stock_move", *id),
        SavePriceRule { id, .. } | DeletePriceRule { id } => ("price_rule", *id),
        SaveQuote { id, .. }
        | NewQuoteVersion { id, .. }
        | SetQuoteStatus { id, .. }
        | ApproveQuote { id } => ("quote", *id),
        SaveOrder { id, .. } | OrderAct { id, .. } | CloseOrderRest { id, .. } => ("order", *id),
        RecordPayment { id, data } => match data.order_id {
            Some(order) => ("order", order),
            None => ("payment", *id),
        },
        AllocatePayment { id, .. } => ("payment", *id),
        ShipDelivery { id, .. }
        | CloseTrackAlert {
            delivery_id: id, ..
        } => ("delivery", *id),
        ReturnGoods { id, .. } => ("return_note", *id),
        RequestInvoice { id, .. } | RedLetterInvoice { id, .. } | InvoiceAct { id, .. } => {
            ("invoice", *id)
        }
        TakeQuota { id, .. } | ReturnQuota { id, .. } | RecallQuota { id, .. } => {
            ("stock_quota", fairdesk_core::quota::move_id(*id, 0))
        }
        TransferAllCustomers { .. }
        | TagCustomers { .. }
        | SavePricingPolicy { .. }
        | SaveCompany { .. }
        | SaveUnits { .. } => return None,
    })
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
