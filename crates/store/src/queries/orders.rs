//! Orders as stored on this desk.

use super::parse_doc;
use crate::StoreError;
use fairdesk_core::ids::Id;
use fairdesk_core::order::Order;
use rusqlite::{Connection, OptionalExtension};

pub fn get(conn: &Connection, id: Id) -> Result<Option<Order>, StoreError> {
    let doc: Option<String> = conn
        .prepare_cached("SELECT doc FROM orders WHERE id = ?1")?
        .query_row([id.to_string()], |r| r.get(0))
        .optional()?;
    doc.map(|d| parse_doc(&d)).transpose()
}
