use crate::StoreError;
use fairdesk_core::Envelope;
use rusqlite::Connection;

/// Mutations waiting to be pushed to the sync server.
pub fn pending_count(conn: &Connection) -> Result<u64, StoreError> {
    Ok(conn.query_row("SELECT count(*) FROM outbox", [], |r| r.get::<_, i64>(0))? as u64)
}

/// The outbox in device order.
pub fn pending(conn: &Connection, limit: u32) -> Result<Vec<Envelope>, StoreError> {
    let mut stmt = conn.prepare_cached("SELECT envelope FROM outbox ORDER BY seq LIMIT ?1")?;
    let rows = stmt.query_map([limit], |r| r.get::<_, String>(0))?;
    rows.map(|r| super::parse_doc(&r?)).collect()
}
