//! Deferred search index. Writing a customer's search tokens into the FTS5 index costs more
//! than the rest of the row, so a first sync that brings thousands of customers stores the rows
//! first and indexes them afterwards, in batches (`Store::build_search_index`). Until then the
//! rows are listed and found by a plain scan of their search keys; nothing is missing, search
//! is just slower for a while.

use crate::{Store, StoreError};
use rusqlite::{Connection, OptionalExtension};

const KEY: &str = "search_unindexed_from";

/// A first pull at least this large defers indexing.
pub const DEFER_AT: usize = 1000;

/// Customers from this row number on are not indexed yet; `None` when the index is complete.
pub fn unindexed_from(conn: &Connection) -> rusqlite::Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT value FROM local_settings WHERE key = ?1")?
        .query_row([KEY], |r| r.get::<_, String>(0))
        .optional()?
        .and_then(|v| v.parse().ok()))
}

/// Rows written from now on wait for the batch indexer (existing ones are indexed already).
pub fn defer(conn: &Connection) -> rusqlite::Result<()> {
    if unindexed_from(conn)?.is_none() {
        conn.execute(
            "INSERT OR IGNORE INTO local_settings (key, value)
             SELECT ?1, coalesce(max(rid), 0) + 1 FROM customers",
            [KEY],
        )?;
    }
    Ok(())
}

impl Store {
    /// Indexes up to `batch` waiting customers in one transaction; `true` when none wait.
    pub fn build_search_index(&mut self, batch: usize) -> Result<bool, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let Some(from) = unindexed_from(&tx)? else {
            return Ok(true);
        };
        let rows: Vec<(i64, String, bool)> = tx
            .prepare(
                "SELECT rid, search, deleted FROM customers WHERE rid >= ?1 ORDER BY rid LIMIT ?2",
            )?
            .query_map(rusqlite::params![from, batch as i64], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?
            .collect::<Result<_, _>>()?;
        {
            let mut del = tx.prepare_cached("DELETE FROM customer_grams WHERE rowid = ?1")?;
            let mut ins =
                tx.prepare_cached("INSERT INTO customer_grams (rowid, grams) VALUES (?1, ?2)")?;
            for (rid, search, deleted) in &rows {
                del.execute([rid])?;
                if !deleted {
                    ins.execute(rusqlite::params![rid, fairdesk_core::search::grams(search)])?;
                }
            }
        }
        let done = rows.len() < batch;
        match (done, rows.last()) {
            (false, Some((last, _, _))) => tx.execute(
                "UPDATE local_settings SET value = ?2 WHERE key = ?1",
                rusqlite::params![KEY, (last + 1).to_string()],
            )?,
            _ => tx.execute("DELETE FROM local_settings WHERE key = ?1", [KEY])?,
        };
        tx.commit()?;
        Ok(done)
    }
}

/// Version of the search keys' layout (`fairdesk_core::search::key`). A desk whose keys were
/// built by an older version rebuilds them, and the token index, when it opens. (4: deleted
/// customers left out of the index; 5: other readings only around their character.)
pub const KEYS_VERSION: &str = "5";
const KEYS_VERSION_KEY: &str = "search_keys_version";

/// Rebuilds every customer's and product's search and sort keys and the token index when
/// they are of an older layout (once, at the first start after an upgrade).
pub fn rekey_if_stale(conn: &mut Connection) -> Result<(), StoreError> {
    let current: Option<String> = conn
        .query_row(
            "SELECT value FROM local_settings WHERE key = ?1",
            [KEYS_VERSION_KEY],
            |r| r.get(0),
        )
        .optional()?;
    // Keys of this layout, or of a newer app's (left as they are): nothing to do.
    let (have, want) = (
        current.and_then(|v| v.parse::<u32>().ok()).unwrap_or(0),
        KEYS_VERSION.parse::<u32>().unwrap_or(0),
    );
    if have >= want {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    {
        let customers: Vec<(i64, String, bool)> = tx
            .prepare(
                "SELECT c.rid, coalesce(d.doc, ''), c.deleted
                 FROM customers c LEFT JOIN customer_docs d ON d.id = c.id",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<_, _>>()?;
        let mut update =
            tx.prepare("UPDATE customers SET search = ?2, sort_key = ?3 WHERE rid = ?1")?;
        let mut index = tx.prepare("INSERT INTO customer_grams (rowid, grams) VALUES (?1, ?2)")?;
        tx.execute("DELETE FROM customer_grams", [])?;
        for (rid, doc, deleted) in customers {
            // A document this app can't read keeps its old key (and the app still starts).
            let search = match serde_json::from_str::<fairdesk_core::customer::Customer>(&doc) {
                Ok(c) => {
                    let keys = crate::rows::CustomerKeys::of(&c);
                    update.execute(rusqlite::params![rid, keys.search_text(), keys.sort_text()])?;
                    keys.search_text().to_string()
                }
                Err(_) => {
                    tx.query_row("SELECT search FROM customers WHERE rid = ?1", [rid], |r| {
                        r.get(0)
                    })?
                }
            };
            // Deleted customers are not indexed (see `rows::put_customer`).
            if !deleted {
                index.execute(rusqlite::params![
                    rid,
                    fairdesk_core::search::grams(&search)
                ])?;
            }
        }
        let products: Vec<(String, String)> = tx
            .prepare("SELECT id, doc FROM products")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        let mut update =
            tx.prepare("UPDATE products SET search = ?2, sort_key = ?3 WHERE id = ?1")?;
        for (id, doc) in products {
            let Ok(p) = serde_json::from_str::<fairdesk_core::catalog::Product>(&doc) else {
                continue;
            };
            update.execute(rusqlite::params![
                id,
                fairdesk_core::search::product_search_text(&p),
                fairdesk_core::search::sort_key(&p.data.name)
            ])?;
        }
        tx.execute("DELETE FROM local_settings WHERE key = ?1", [KEY])?;
        tx.execute(
            "INSERT INTO local_settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [KEYS_VERSION_KEY, KEYS_VERSION],
        )?;
    }
    tx.commit()?;
    Ok(())
}
