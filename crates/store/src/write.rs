//! The write path: one mutation = one SQLite transaction holding the row changes, the outbox
//! row (gapless device sequence) and the audit rows. Either all of it is there, or none.

use crate::device::{Device, Numbering};
use crate::reader::TxReader;
use crate::{rows, Store, StoreError};
use chrono::NaiveDate;
use fairdesk_core::apply::ApplyError;
use fairdesk_core::{apply, Actor, Envelope, Hlc, Id, Mutation, SCHEMA_VERSION};
use rusqlite::{Connection, TransactionBehavior};

/// What a committed mutation left behind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Receipt {
    pub mutation_id: Id,
    pub device_seq: u64,
    pub hlc: Hlc,
}

impl Store {
    /// Applies a mutation as the current user.
    pub fn submit(&mut self, mutation: Mutation) -> Result<Receipt, StoreError> {
        let actor = self.current_actor()?;
        self.submit_as(&actor, |_| mutation)
    }

    /// Applies the mutation that `build` makes; `build` may allocate document numbers, which
    /// are only consumed if the mutation commits.
    pub fn submit_as(
        &mut self,
        actor: &Actor,
        build: impl FnOnce(&mut Numbering) -> Mutation,
    ) -> Result<Receipt, StoreError> {
        let (now, today, device) = (self.now_ms(), self.today(), self.device.clone());
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let receipt = write_one(&tx, &device, actor, now, today, build)?;
        tx.commit()?;
        Ok(receipt)
    }

    /// Applies several mutations in one transaction (imports, the demo company): each still
    /// gets its own outbox and audit rows, and if any is refused none is stored.
    pub fn submit_many(
        &mut self,
        actor: &Actor,
        builders: impl IntoIterator<Item = Box<dyn FnOnce(&mut Numbering) -> Mutation>>,
    ) -> Result<Vec<Receipt>, StoreError> {
        let (now, today, device) = (self.now_ms(), self.today(), self.device.clone());
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let receipts = builders
            .into_iter()
            .map(|b| write_one(&tx, &device, actor, now, today, b))
            .collect::<Result<Vec<_>, _>>()?;
        tx.commit()?;
        Ok(receipts)
    }
}

fn write_one(
    tx: &Connection,
    device: &Device,
    actor: &Actor,
    now: i64,
    today: NaiveDate,
    build: impl FnOnce(&mut Numbering) -> Mutation,
) -> Result<Receipt, StoreError> {
    let (seq, last_hlc): (i64, String) = tx
        .prepare_cached("SELECT next_seq, hlc FROM device WHERE singleton = 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let hlc = serde_json::from_str::<Hlc>(&last_hlc)?.tick(now.max(0) as u64);
    let mut numbering = Numbering {
        tx,
        device_code: &device.code,
        today,
        error: None,
    };
    let mutation = build(&mut numbering);
    if let Some(e) = numbering.error {
        return Err(e.into());
    }
    let env = Envelope {
        id: crate::new_id(now),
        schema: SCHEMA_VERSION,
        device_seq: seq as u64,
        actor: actor.clone(),
        hlc,
        at_ms: now,
        mutation,
    };
    let outcome = apply(&TxReader(tx), &env).map_err(|e| match e {
        ApplyError::Domain(d) => StoreError::Domain(d),
        ApplyError::Read(r) => StoreError::Corrupt(r.0),
    })?;
    for effect in &outcome.effects {
        rows::put(tx, effect)?;
    }
    // What this mutation changed here: put back to the server's state if the server refuses it.
    let mut touched: Vec<serde_json::Value> = Vec::new();
    for effect in &outcome.effects {
        let row = serde_json::json!({"entity": effect.entity(), "id": effect.row_id()});
        if !touched.contains(&row) {
            touched.push(row);
        }
    }
    tx.prepare_cached(
        "INSERT INTO outbox (seq, mutation_id, name, envelope, created_at, touched)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(rusqlite::params![
        seq,
        env.id.to_string(),
        env.mutation.name(),
        serde_json::to_string(&env)?,
        now,
        serde_json::to_string(&touched)?
    ])?;
    let mut audit = tx.prepare_cached(
        "INSERT INTO audit_log (mutation_id, at, user_id, device_id, entity, entity_id, action, changes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for entry in &outcome.audit {
        audit.execute(rusqlite::params![
            env.id.to_string(),
            now,
            actor.user_id.to_string(),
            actor.device_id.to_string(),
            serde_json::to_value(entry.entity)?
                .as_str()
                .unwrap_or_default(),
            entry.entity_id.to_string(),
            entry.action,
            serde_json::to_string(&entry.changes)?,
        ])?;
    }
    tx.prepare_cached("UPDATE device SET next_seq = ?1, hlc = ?2 WHERE singleton = 1")?
        .execute(rusqlite::params![seq + 1, serde_json::to_string(&hlc)?])?;
    Ok(Receipt {
        mutation_id: env.id,
        device_seq: seq as u64,
        hlc,
    })
}
