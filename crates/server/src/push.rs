//! Push: a device's mutations, applied in device order through the domain's `apply` with the
//! server's record of the user, each in its own transaction, exactly once.

use crate::auth::Session;
use crate::error::ApiError;
use crate::reader::PgReader;
use crate::sql::Statements;
use fairdesk_core::apply::{apply, ApplyError, Effect};
use fairdesk_core::{Envelope, Id, Lang};
use fairdesk_sync::{LostField, PushOutcome, PushRequest, PushResponse, PushResult};
use postgres::GenericClient;
use std::cell::RefCell;
use std::collections::HashMap;
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
    // The fast path: the whole batch in one transaction. Only when the database refuses some
    // mutation's data is the batch run again with a savepoint per mutation, so that one alone
    // is refused (the domain's answers are the same on the second run).
    match batch(client, session, &req.mutations, false) {
        Err(ApiError::Data(detail)) => {
            tracing::warn!(%detail, "a mutation's data was refused: the batch runs again, guarded");
            batch(client, session, &req.mutations, true)
        }
        other => other,
    }
}

/// One transaction for the batch (one commit, one fsync). Domain refusals are answers, not
/// errors; any other storage error rolls the whole batch back and the device simply retries.
/// `guarded`: each mutation in its own savepoint, data the database refuses refuses it alone.
fn batch(
    client: &mut postgres::Client,
    session: &Session,
    mutations: &[Envelope],
    guarded: bool,
) -> Result<PushResponse, ApiError> {
    let mut tx = client.transaction()?;
    // Locking the company row serialises its writers, so change numbers commit in order. NO KEY
    // UPDATE: logins and device registrations (their inserts only key-share the row for their
    // foreign key) go on meanwhile.
    tx.execute(
        "SELECT 1 FROM orgs WHERE id = $1 FOR NO KEY UPDATE",
        &[&session.org_id],
    )?;
    let sql = Statements::prepare(&mut tx, session.org_id)?;
    // Which of these were seen before (one query for the batch), and the answers given in this
    // batch (a batch may carry the same mutation twice).
    let ids: Vec<Uuid> = mutations.iter().map(|m| m.id.0).collect();
    let mut answered: HashMap<Uuid, PushResult> = HashMap::new();
    for row in tx.query(
        "SELECT id, org_id, result, lost FROM mutations WHERE org_id = $2 AND id = ANY($1)",
        &[&ids, &session.org_id],
    )? {
        let id: Uuid = row.get(0);
        answered.insert(
            id,
            PushResult {
                id: Id(id),
                outcome: serde_json::from_value(row.get(2))?,
                lost: serde_json::from_value(row.get(3))?,
                clamped: false,
            },
        );
    }
    // Unguarded, a batch's rows go to the table together (at the end, or before a read that
    // needs them); guarded, each mutation's go inside its savepoint.
    sql.buffer_writes(!guarded);
    prefetch_created(&mut tx, &sql, session.org_id, mutations)?;
    let mut results = Vec::with_capacity(mutations.len());
    let users = crate::reader::UserCache::default();
    let mut records = Vec::with_capacity(mutations.len());
    for env in mutations {
        // Seen before: the first answer again, nothing applied twice.
        if let Some(first) = answered.get(&env.id.0) {
            results.push(first.clone());
            continue;
        }
        let result = if guarded {
            let mut sp = tx.savepoint("mutation")?;
            match apply_one(&mut sp, &sql, session, &users, &mut records, env.clone()) {
                Ok(result) => {
                    sp.commit()?;
                    result
                }
                Err(ApiError::Data(detail)) => {
                    sp.rollback()?;
                    // What it wrote is gone: so is what this batch knew of those rows.
                    sql.forget();
                    users.borrow_mut().clear();
                    tracing::warn!(%detail, mutation = %env.id, "mutation refused by the database");
                    refused_data(env, &mut records)?
                }
                Err(e) => return Err(e),
            }
        } else {
            apply_one(&mut tx, &sql, session, &users, &mut records, env.clone())?
        };
        answered.insert(result.id.0, result.clone());
        results.push(result);
    }
    // Every answer of the batch recorded in one statement (a replay gets the same answer).
    tx.execute(
        &sql.record,
        &[
            &records.iter().map(|r| r.id).collect::<Vec<_>>(),
            &session.org_id,
            &records.iter().map(|r| r.device).collect::<Vec<_>>(),
            &records.iter().map(|r| r.seq).collect::<Vec<_>>(),
            &records.iter().map(|r| r.result.clone()).collect::<Vec<_>>(),
            &records.iter().map(|r| r.lost.clone()).collect::<Vec<_>>(),
        ],
    )?;
    sql.finish(&mut tx)?;
    tx.commit()?;
    Ok(PushResponse { results })
}

/// What the batch's creates will find when they ask whether their row exists, in one query
/// (most of a batch is often new rows: without this, each asks on a round trip of its own).
fn prefetch_created(
    tx: &mut postgres::Transaction,
    sql: &Statements,
    org: Uuid,
    mutations: &[Envelope],
) -> Result<(), ApiError> {
    let created: Vec<(&str, Uuid)> = mutations
        .iter()
        .filter_map(|m| m.mutation.created_row())
        .map(|(entity, id)| (entity, id.0))
        .collect();
    if created.is_empty() {
        return Ok(());
    }
    let found = tx.query(
        "SELECT r.entity, r.id, r.doc FROM rows r
         JOIN unnest($2::text[], $3::uuid[]) AS w (entity, id) ON w.entity = r.entity AND w.id = r.id
         WHERE r.org_id = $1",
        &[
            &org,
            &created.iter().map(|c| c.0).collect::<Vec<_>>(),
            &created.iter().map(|c| c.1).collect::<Vec<_>>(),
        ],
    )?;
    for (entity, id) in &created {
        sql.remember(entity, *id, None);
    }
    for row in &found {
        sql.remember(row.get::<_, &str>(0), row.get(1), Some(row.get(2)));
    }
    Ok(())
}

/// The answer to a mutation whose data the database refused (kept like any other answer).
fn refused_data(env: &Envelope, records: &mut Vec<Record>) -> Result<PushResult, ApiError> {
    let outcome = PushOutcome::Rejected {
        reason: "服务器无法保存此修改（数据无效）".into(),
        reason_en: "The server could not store this change (invalid data)".into(),
        absent: None,
    };
    records.push(Record {
        id: env.id.0,
        device: env.actor.device_id.0,
        seq: env.device_seq as i64,
        result: serde_json::to_value(&outcome)?,
        lost: serde_json::json!([]),
    });
    Ok(PushResult {
        id: env.id,
        outcome,
        lost: Vec::new(),
        clamped: false,
    })
}

/// A mutation's first answer, kept for replays.
struct Record {
    id: Uuid,
    device: Uuid,
    seq: i64,
    result: serde_json::Value,
    lost: serde_json::Value,
}

fn apply_one(
    tx: &mut postgres::Transaction,
    sql: &Statements,
    session: &Session,
    users: &crate::reader::UserCache,
    records: &mut Vec<Record>,
    mut env: Envelope,
) -> Result<PushResult, ApiError> {
    let org = session.org_id;
    // Role and team are the server's, whatever the device believed.
    env.actor.role = session.user.data.role;
    env.actor.team = session.user.data.team.clone();
    // A clock far ahead would win every later edit of what it touches: record it at the
    // server's time instead, and say so.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0);
    let latest = now + fairdesk_core::hlc::MAX_AHEAD_MS;
    let clamped = env.hlc.ms > latest || env.at_ms > latest as i64;
    if clamped {
        tracing::warn!(mutation = %env.id, hlc = env.hlc.ms, at = env.at_ms, "device clock ahead: clamped");
        env.hlc.ms = env.hlc.ms.min(now);
        env.at_ms = env.at_ms.min(now as i64);
    }
    let applied = {
        let reader = PgReader {
            tx: RefCell::new(&mut *tx),
            sql,
            org,
            users,
        };
        apply(&reader, &env)
    };
    let mut lost = Vec::new();
    let outcome = match applied {
        Ok(out) => {
            let keys = commitment_keys(&out.effects);
            let before = levels(tx, sql, org, users, &keys)?;
            for effect in &out.effects {
                if let Effect::PutUser(u) = effect {
                    users.borrow_mut().remove(&u.id);
                }
                write_effect(tx, sql, org, effect, moves_owner(&env.mutation))?;
            }
            // The escrow invariant, checked on every push: no change may raise holds and
            // quotas above what is on hand. The rules never do; if one did, it is refused
            // alone (the batch runs again with a savepoint per mutation) rather than stored.
            let after = levels(tx, sql, org, users, &keys)?;
            for ((key, b), a) in keys.iter().zip(&before).zip(&after) {
                let raised = a.reserved + a.quota > b.reserved + b.quota;
                if raised && fairdesk_core::quota::check_level(a).is_err() {
                    tracing::error!(mutation = %env.id, ?key, ?a, "the quota invariant would break");
                    return Err(ApiError::Data(format!(
                        "holds and quotas above on hand for {key:?}"
                    )));
                }
            }
            // Values that lost to a newer edit: kept as history, reported to the device.
            for entry in out.audit.iter().filter(|a| a.action == "lww_lost") {
                let entity = serde_json::to_value(entry.entity)?;
                for change in &entry.changes {
                    tx.execute(
                        &sql.lost,
                        &[
                            &org,
                            &env.id.0,
                            &entity.as_str().unwrap_or_default(),
                            &entry.entity_id.0,
                            &change.field,
                            &change.before,
                            &env.actor.user_id.0,
                            &env.actor.device_id.0,
                        ],
                    )?;
                    lost.push(LostField {
                        field: change.field.clone(),
                        value: change.before.clone(),
                    });
                }
            }
            PushOutcome::Accepted
        }
        Err(ApplyError::Domain(e)) => {
            // A refused create leaves the row only on the desk that made it: say so.
            let absent = match env.mutation.created_row() {
                Some((entity, id)) => match sql.known_doc(entity, id.0) {
                    Some(doc) => doc,
                    None => tx
                        .query_opt(&sql.doc, &[&org, &entity, &id.0])?
                        .map(|r| r.get(0)),
                }
                .is_none()
                .then(|| fairdesk_sync::AbsentRow {
                    entity: entity.to_string(),
                    id,
                }),
                None => None,
            };
            PushOutcome::Rejected {
                reason: e.message(Lang::Zh),
                reason_en: e.message(Lang::En),
                absent,
            }
        }
        Err(ApplyError::Read(e)) => return Err(ApiError::Internal(e.0)),
    };
    records.push(Record {
        id: env.id.0,
        device: env.actor.device_id.0,
        seq: env.device_seq as i64,
        result: serde_json::to_value(&outcome)?,
        lost: serde_json::to_value(&lost)?,
    });
    Ok(PushResult {
        id: env.id,
        outcome,
        lost,
        clamped,
    })
}

/// The product × warehouse pairs whose holds or quotas these effects change.
fn commitment_keys(effects: &[Effect]) -> Vec<(Id, Id)> {
    let mut keys: Vec<(Id, Id)> = effects
        .iter()
        .filter_map(|e| match e {
            Effect::PutReservation(r) => Some((r.product_id, r.warehouse_id)),
            Effect::PutQuotaMove(m) if m.product_id != Id::NIL => {
                Some((m.product_id, m.warehouse_id))
            }
            _ => None,
        })
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

/// The stock levels of these pairs as the transaction sees them now.
fn levels(
    tx: &mut postgres::Transaction,
    sql: &Statements,
    org: Uuid,
    users: &crate::reader::UserCache,
    keys: &[(Id, Id)],
) -> Result<Vec<fairdesk_core::stock::StockLevel>, ApiError> {
    use fairdesk_core::apply::StateReader;
    let reader = PgReader {
        tx: RefCell::new(&mut *tx),
        sql,
        org,
        users,
    };
    keys.iter()
        .map(|(p, w)| {
            reader
                .stock_level(*p, *w)
                .map_err(|e| ApiError::Internal(e.0))
        })
        .collect()
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

/// Writes one row under a fresh change number (see [`Statements::write`]).
pub fn put_row(
    tx: &mut impl GenericClient,
    sql: &Statements,
    org: Uuid,
    row: RowWrite,
) -> Result<(), postgres::Error> {
    sql.write(
        tx,
        org,
        crate::sql::Pending {
            entity: row.entity.to_string(),
            id: row.id,
            owner: row.owner,
            parent: row.parent,
            doc: row.doc,
            deleted: row.deleted,
            seq: sql.next_seq(),
        },
    )
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

/// Rows the server itself changes (tracking news on a delivery, the order it completes), in the
/// caller's transaction, under fresh change numbers like any push. The caller holds the
/// company's row lock.
pub fn write_server_effects(
    tx: &mut postgres::Transaction,
    org: Uuid,
    effects: &[Effect],
) -> Result<(), ApiError> {
    let sql = Statements::prepare(tx, org)?;
    for effect in effects {
        write_effect(tx, &sql, org, effect, false)?;
    }
    sql.finish(tx)?;
    Ok(())
}

/// Only these mutations change a customer's owner (then its follow-ups move along).
fn moves_owner(m: &fairdesk_core::Mutation) -> bool {
    use fairdesk_core::Mutation::*;
    matches!(m, ReassignCustomer { .. } | TransferAllCustomers { .. })
}

fn write_effect(
    tx: &mut postgres::Transaction,
    sql: &Statements,
    org: Uuid,
    effect: &Effect,
    moves_owner: bool,
) -> Result<(), ApiError> {
    // A customer's owner: its document says (the row's owner is always its owner_id), when
    // the transaction knows it; else the table, once pending writes are in it.
    let owner_of =
        |tx: &mut postgres::Transaction, customer: Uuid| -> Result<Option<Uuid>, ApiError> {
            if let Some(doc) = sql.known_doc("customer", customer) {
                return Ok(doc
                    .and_then(|d| {
                        d.get("owner_id")
                            .and_then(|o| o.as_str())
                            .map(str::to_owned)
                    })
                    .and_then(|o| o.parse().ok()));
            }
            sql.flush(tx)?;
            Ok(tx
                .query_opt(&sql.owner_of, &[&org, &customer])?
                .and_then(|r| r.get(0)))
        };
    match effect {
        Effect::PutUser(u) => put_row(
            tx,
            sql,
            org,
            shared("user", u.id.0, serde_json::to_value(u)?, !u.data.active),
        )?,
        Effect::PutTag(t) => put_row(
            tx,
            sql,
            org,
            shared("tag", t.id.0, serde_json::to_value(t)?, t.deleted),
        )?,
        Effect::PutCustomer(c) => {
            let old_owner = if moves_owner {
                owner_of(tx, c.id.0)?
            } else {
                None
            };
            let row = RowWrite {
                entity: "customer",
                id: c.id.0,
                owner: Some(c.owner_id.0),
                parent: None,
                doc: serde_json::to_value(c)?,
                deleted: c.deleted,
            };
            put_row(tx, sql, org, row)?;
            // A customer that changes hands takes its follow-ups along (they replicate with it).
            if old_owner.is_some_and(|o| o != c.owner_id.0) {
                sql.flush(tx)?;
                let moved = tx.execute(
                    &sql.move_follow_ups,
                    &[&org, &c.id.0, &c.owner_id.0, &sql.last_seq()],
                )?;
                sql.skip_seq(moved);
            }
        }
        // Documents follow their customer: its owner sees them, and they move with it.
        Effect::PutOrder(_)
        | Effect::PutQuote(_)
        | Effect::PutPayment(_)
        | Effect::PutDelivery(_)
        | Effect::PutReturn(_)
        | Effect::PutInvoice(_) => {
            let (id, customer) = match effect {
                Effect::PutOrder(o) => (o.id.0, o.data.customer_id.0),
                Effect::PutQuote(q) => (q.id.0, q.data.customer_id.0),
                Effect::PutPayment(p) => (p.id.0, p.customer_id.0),
                Effect::PutDelivery(d) => (d.id.0, d.customer_id.0),
                Effect::PutReturn(r) => (r.id.0, r.customer_id.0),
                Effect::PutInvoice(i) => (i.id.0, i.customer_id.0),
                _ => unreachable!("matched above"),
            };
            let row = RowWrite {
                entity: effect.entity(),
                id,
                owner: owner_of(tx, customer)?,
                parent: Some(customer),
                doc: effect.doc()?,
                deleted: false,
            };
            put_row(tx, sql, org, row)?;
        }
        // Company-wide rows every user receives.
        Effect::PutProduct(_)
        | Effect::PutCategory(_)
        | Effect::PutWarehouse(_)
        | Effect::PutStockMove(_)
        | Effect::PutQuotaMove(_)
        | Effect::PutPricingPolicy(_)
        | Effect::PutPriceRule(_)
        | Effect::PutCompany(_) => {
            let (id, deleted) = match effect {
                Effect::PutProduct(p) => (p.id, p.deleted),
                Effect::PutCategory(c) => (c.id, c.deleted),
                Effect::PutWarehouse(w) => (w.id, false),
                Effect::PutStockMove(m) => (m.id, false),
                Effect::PutQuotaMove(m) => (m.id, false),
                Effect::PutPriceRule(r) => (r.id, r.deleted),
                _ => (fairdesk_core::Id::NIL, false),
            };
            let doc = effect.doc()?;
            put_row(tx, sql, org, shared(effect.entity(), id.0, doc, deleted))?;
        }
        // A hold belongs with its order: whole to those who may see the order, redacted to the
        // rest (see `visibility::Sent`), and it moves with the order's customer.
        Effect::PutReservation(r) => {
            // The order's owner is its customer's (they move together).
            let (owner, parent) = match sql.known_doc("order", r.order_id.0) {
                Some(None) => (None, None),
                Some(Some(order)) => {
                    let customer: Option<Uuid> = order
                        .get("customer_id")
                        .and_then(|c| c.as_str())
                        .and_then(|c| c.parse().ok());
                    match customer {
                        Some(c) => (owner_of(tx, c)?, Some(c)),
                        None => (None, None),
                    }
                }
                None => {
                    sql.flush(tx)?;
                    let order = tx.query_opt(&sql.order_owner, &[&org, &r.order_id.0])?;
                    (
                        order.as_ref().and_then(|o| o.get(0)),
                        order.as_ref().and_then(|o| o.get(1)),
                    )
                }
            };
            let row = RowWrite {
                entity: "reservation",
                id: r.id.0,
                owner,
                parent,
                doc: serde_json::to_value(r)?,
                deleted: false,
            };
            put_row(tx, sql, org, row)?;
        }
        Effect::PutFollowUp(f) => {
            let row = RowWrite {
                entity: "follow_up",
                id: f.id.0,
                owner: owner_of(tx, f.data.customer_id.0)?,
                parent: Some(f.data.customer_id.0),
                doc: serde_json::to_value(f)?,
                deleted: false,
            };
            put_row(tx, sql, org, row)?;
        }
    }
    Ok(())
}
