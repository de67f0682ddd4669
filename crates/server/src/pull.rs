//! Pull: the rows changed after a cursor that the user may see, in change order, paged.
//! Rows the user may no longer see come as revokes, so devices drop them.

use crate::auth::Session;
use crate::error::ApiError;
use crate::visibility::Teams;
use fairdesk_core::{Actor, Id};
use fairdesk_sync::{Change, PullResponse};

pub const MAX_PAGE: i64 = 5000;

pub fn pull(
    client: &mut postgres::Client,
    session: &Session,
    cursor: i64,
    limit: i64,
) -> Result<PullResponse, ApiError> {
    if cursor < 0 || !(1..=MAX_PAGE).contains(&limit) {
        return Err(ApiError::BadRequest(format!(
            "cursor >= 0 and 1 <= limit <= {MAX_PAGE}"
        )));
    }
    let org = session.org_id;
    // One snapshot for the page, its visibility rules and the total.
    let mut tx = client
        .build_transaction()
        .isolation_level(postgres::IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()?;
    let teams = Teams::load(&mut tx, org)?;
    let actor = Actor {
        user_id: session.user.id,
        role: session.user.data.role,
        team: session.user.data.team.clone(),
        device_id: Id::NIL,
    };
    let rows = tx.query(
        "SELECT entity, id, owner_id, doc::text, seq FROM rows
         WHERE org_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
        &[&org, &cursor, &(limit + 1)],
    )?;
    let has_more = rows.len() as i64 > limit;
    let mut next = cursor;
    let mut changes = Vec::new();
    for row in rows.iter().take(limit as usize) {
        let entity: String = row.get(0);
        let id = Id(row.get(1));
        let owner: Option<uuid::Uuid> = row.get(2);
        next = row.get(4);
        if teams.visible(&actor, &entity, owner.map(Id)) {
            // The stored JSON goes out as it is: no tree is built on the way.
            let doc = serde_json::value::RawValue::from_string(row.get(3))?;
            changes.push(Change {
                entity,
                id,
                doc: Some(doc),
            });
        } else if cursor > 0 {
            // From zero the device has none of them; later it may have had this one.
            changes.push(Change {
                entity,
                id,
                doc: None,
            });
        }
    }
    let total = if cursor == 0 {
        let mut n = 0u64;
        for row in tx.query(
            "SELECT entity, owner_id, count(*) FROM rows WHERE org_id = $1 GROUP BY entity, owner_id",
            &[&org],
        )? {
            let owner: Option<uuid::Uuid> = row.get(1);
            if teams.visible(&actor, row.get::<_, &str>(0), owner.map(Id)) {
                n += row.get::<_, i64>(2) as u64;
            }
        }
        Some(n)
    } else {
        None
    };
    tx.commit()?;
    Ok(PullResponse {
        changes,
        cursor: next,
        has_more,
        total,
    })
}
