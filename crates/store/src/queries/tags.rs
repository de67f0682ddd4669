use super::parse_doc;
use crate::StoreError;
use fairdesk_core::tag::Tag;
use rusqlite::Connection;

/// Live tags with how many live customers carry each, by name.
pub fn list(conn: &Connection) -> Result<Vec<(Tag, u64)>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT t.doc, (SELECT count(*) FROM customer_tags ct WHERE ct.tag_id = t.id)
         FROM tags t WHERE t.deleted = 0 ORDER BY t.name",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
    rows.map(|row| {
        let (doc, n) = row?;
        Ok((parse_doc(&doc)?, n as u64))
    })
    .collect()
}
