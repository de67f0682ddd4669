//! Push: a device's mutations, applied in device order through the domain's `apply` with the
//! server's record of the user, each in its own transaction, exactly once.

use crate::auth::Session;
use crate::error::ApiError;
use crate::reader::PgReader;
use fairdesk_core::apply::{apply, ApplyError, Effect};
use fairdesk_core::{Envelope, Lang};
use fairdesk_sync::{PushOutcome, PushRequest, PushResponse, PushResult};
use postgres::GenericClient;
use std::cell::RefCell;
use uuid::Uuid;

/// Most mutations one push may carry (a device sends its outbox in batches).
pub const MAX_BATCH: usize = 500;

pub fn push(
    client: &mut postgres::Client,
    session: &Session,
    req: PushRequest,
) -> Result<PushResponse, ApiError> {
    if req.mutations.len() > MAX_BATCH {
        return Err(ApiError::BadRequest(format!(
            "at most {MAX_BATCH} mutations per push"
        )));
    }
    let device = client.query_opt(
        "SELECT user_id FROM devices WHERE id = $1 AND org_id = $2",
        &[&req.device_id.0, &session.org_id],
    )?;
    if device.map(|r| r.get::<_, Uuid>(0)) != Some(session.user.id.0) {
        return Err(ApiError::Forbidden(
            "this device is not registered to you".into(),
        ));
    }
    // A mutation claiming another user or device is refused before anything is applied.
    if let Some(bad) = req
        .mutations
        .iter()
        .find(|m| m.actor.user_id != session.user.id || m.actor.device_id != req.device_id)
    {
        return Err(ApiError::Forbidden(format!(
            "mutation {} claims to come from another user or device",
            bad.id
        )));
    }
    // One transaction for the batch (one commit, one fsync). Domain refusals are answers, not
    // errors; a storage error rolls the whole batch back and the device simply retries.
    let mut tx = client.transaction()?;
    // Locking the company row serialises its writers, so change numbers commit in order.
    tx.execute(
        "SELECT 1 FROM orgs WHERE id = $1 FOR UPDATE",
        &[&session.org_id],
    )?;
    let mut results = Vec::with_capacity(req.mutations.len());
    for env in req.mutations {
        results.push(apply_one(&mut tx, session, env)?);
    }
    tx.commit()?;
    Ok(PushResponse { results })
}

fn apply_one(
    tx: &mut postgres::Transaction,
    session: &Session,
    mut env: Envelope,
) -> Result<PushResult, ApiError> {
    let org = session.org_id;
    if let Some(row) = tx.query_opt(
        "SELECT org_id, result FROM mutations WHERE id = $1",
        &[&env.id.0],
    )? {
        if row.get::<_, Uuid>(0) != org {
            return Err(ApiError::Forbidden(
                "mutation id belongs to another company".into(),
            ));
        }
        // Seen before: the first answer again, nothing applied twice.
        let outcome: PushOutcome = serde_json::from_value(row.get(1))?;
        return Ok(PushResult {
            id: env.id,
            outcome,
        });
    }
    // Role and team are the server's, whatever the device believed.
    env.actor.role = session.user.data.role;
    env.actor.team = session.user.data.team.clone();
    let applied = {
        let reader = PgReader {
            tx: RefCell::new(&mut *tx),
            org,
        };
        apply(&reader, &env)
    };
    let outcome = match applied {
        Ok(out) => {
            for effect in &out.effects {
                write_effect(tx, org, effect)?;
            }
            PushOutcome::Accepted
        }
        Err(ApplyError::Domain(e)) => PushOutcome::Rejected {
            reason: e.message(Lang::Zh),
            reason_en: e.message(Lang::En),
        },
        Err(ApplyError::Read(e)) => return Err(ApiError::Internal(e.0)),
    };
    tx.execute(
        "INSERT INTO mutations (id, org_id, device_id, device_seq, result) VALUES ($1, $2, $3, $4, $5)",
        &[
            &env.id.0,
            &org,
            &env.actor.device_id.0,
            &(env.device_seq as i64),
            &serde_json::to_value(&outcome)?,
        ],
    )?;
    Ok(PushResult {
        id: env.id,
        outcome,
    })
}

fn next_seq(tx: &mut impl GenericClient, org: Uuid) -> Result<i64, postgres::Error> {
    Ok(tx
        .query_one(
            "UPDATE orgs SET seq = seq + 1 WHERE id = $1 RETURNING seq",
            &[&org],
        )?
        .get(0))
}

/// One synced row as stored: what it is, whose it is, its document.
pub struct RowWrite<'a> {
    pub entity: &'a str,
    pub id: Uuid,
    /// Whose customer (customers and their follow-ups).
    pub owner: Option<Uuid>,
    /// The customer of a follow-up.
    pub parent: Option<Uuid>,
    pub doc: serde_json::Value,
    pub deleted: bool,
}

/// Writes one row under a fresh change number.
pub fn put_row(
    tx: &mut impl GenericClient,
    org: Uuid,
    row: RowWrite,
) -> Result<(), postgres::Error> {
    let seq = next_seq(tx, org)?;
    tx.execute(
        "INSERT INTO rows (org_id, entity, id, owner_id, parent_id, doc, deleted, seq)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (org_id, entity, id) DO UPDATE SET owner_id = excluded.owner_id,
           parent_id = excluded.parent_id, doc = excluded.doc, deleted = excluded.deleted,
           seq = excluded.seq",
        &[
            &org,
            &row.entity,
            &row.id,
            &row.owner,
            &row.parent,
            &row.doc,
            &row.deleted,
            &seq,
        ],
    )?;
    Ok(())
}

/// A row that nobody owns (users, tags).
pub fn shared(entity: &str, id: Uuid, doc: serde_json::Value, deleted: bool) -> RowWrite<'_> {
    RowWrite {
        entity,
        id,
        owner: None,
        parent: None,
        doc,
        deleted,
    }
}

fn write_effect(
    tx: &mut postgres::Transaction,
    org: Uuid,
    effect: &Effect,
) -> Result<(), ApiError> {
    match effect {
        Effect::PutUser(u) => put_row(
            tx,
            org,
            shared("user", u.id.0, serde_json::to_value(u)?, !u.data.active),
        )?,
        Effect::PutTag(t) => put_row(
            tx,
            org,
            shared("tag", t.id.0, serde_json::to_value(t)?, t.deleted),
        )?,
        Effect::PutCustomer(c) => {
            let old_owner: Option<Uuid> = tx
                .query_opt(
                    "SELECT owner_id FROM rows WHERE org_id = $1 AND entity = 'customer' AND id = $2",
                    &[&org, &c.id.0],
                )?
                .and_then(|r| r.get(0));
            let row = RowWrite {
                entity: "customer",
                id: c.id.0,
                owner: Some(c.owner_id.0),
                parent: None,
                doc: serde_json::to_value(c)?,
                deleted: c.deleted,
            };
            put_row(tx, org, row)?;
            // A customer that changes hands takes its follow-ups along (they replicate with it).
            if old_owner.is_some_and(|o| o != c.owner_id.0) {
                let ids: Vec<Uuid> = tx
                    .query(
                        "SELECT id FROM rows WHERE org_id = $1 AND entity = 'follow_up' AND parent_id = $2",
                        &[&org, &c.id.0],
                    )?
                    .iter()
                    .map(|r| r.get(0))
                    .collect();
                for id in ids {
                    let seq = next_seq(tx, org)?;
                    tx.execute(
                        "UPDATE rows SET owner_id = $1, seq = $2 WHERE org_id = $3 AND entity = 'follow_up' AND id = $4",
                        &[&c.owner_id.0, &seq, &org, &id],
                    )?;
                }
            }
        }
        Effect::PutFollowUp(f) => {
            let owner: Option<Uuid> = tx
                .query_opt(
                    "SELECT owner_id FROM rows WHERE org_id = $1 AND entity = 'customer' AND id = $2",
                    &[&org, &f.data.customer_id.0],
                )?
                .and_then(|r| r.get(0));
            let row = RowWrite {
                entity: "follow_up",
                id: f.id.0,
                owner,
                parent: Some(f.data.customer_id.0),
                doc: serde_json::to_value(f)?,
                deleted: false,
            };
            put_row(tx, org, row)?;
        }
    }
    Ok(())
}
