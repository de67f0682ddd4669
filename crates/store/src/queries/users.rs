use super::parse_doc;
use crate::StoreError;
use fairdesk_core::user::User;
use fairdesk_core::Id;
use rusqlite::{Connection, OptionalExtension};

pub fn get(conn: &Connection, id: Id) -> Result<Option<User>, StoreError> {
    let doc: Option<String> = conn
        .prepare_cached("SELECT doc FROM users WHERE id = ?1")?
        .query_row([id.to_string()], |r| r.get(0))
        .optional()?;
    doc.map(|d| parse_doc(&d)).transpose()
}

/// All users, active first, by name.
pub fn list(conn: &Connection) -> Result<Vec<User>, StoreError> {
    let mut stmt = conn.prepare_cached("SELECT doc FROM users ORDER BY active DESC, name")?;
    let docs = stmt.query_map([], |r| r.get::<_, String>(0))?;
    docs.map(|d| parse_doc(&d?)).collect()
}
