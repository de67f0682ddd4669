//! The audit log as administrators search it: who changed what, when, with before/after.

use super::{parse_doc, parse_id};
use crate::StoreError;
use fairdesk_core::audit::{AuditRow, FieldChange};
use fairdesk_core::{Actor, DomainError, Role};
use rusqlite::Connection;

/// Newest first; `text` matches the user, the record kind or id, the action or any changed
/// value (a substring). Administrators only.
pub fn search(
    conn: &Connection,
    actor: &Actor,
    text: &str,
    limit: u32,
) -> Result<Vec<AuditRow>, StoreError> {
    if actor.role != Role::Admin {
        return Err(DomainError::Forbidden {
            action: fairdesk_core::error::Action::ManageUsers,
        }
        .into());
    }
    let mut stmt = conn.prepare_cached(
        "SELECT a.at, coalesce(u.name, ''), a.entity, a.entity_id, a.action, a.changes
         FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
         WHERE ?1 = '' OR instr(coalesce(u.name, ''), ?1) > 0 OR instr(a.entity, ?1) > 0
            OR instr(a.entity_id, ?1) > 0 OR instr(a.action, ?1) > 0 OR instr(a.changes, ?1) > 0
         ORDER BY a.id DESC LIMIT ?2",
    )?;
    let rows = stmt.query_map(rusqlite::params![text.trim(), limit], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
        ))
    })?;
    rows.map(|r| {
        let (at_ms, user_name, entity, id, action, changes) = r?;
        Ok(AuditRow {
            at_ms,
            user_name,
            entity,
            entity_id: parse_id(&id)?,
            action,
            changes: parse_doc::<Vec<FieldChange>>(&changes)?,
        })
    })
    .collect()
}
