//! Customer, tag and follow-up mutations: creating, editing, deleting and restoring customers,
//! moving them between reps, tags and tagging, and the follow-up log.

use super::{forbidden, invalid, Ctx, Effect, Outcome, R};
use crate::audit::{diff, AuditEntry, FieldChange};
use crate::customer::Customer;
use crate::error::{Action, DomainError, Entity, ErrorCode};
use crate::followup::{Channel, FollowUp};
use crate::ids::Id;
use crate::mutation::RowMeta;
use crate::permissions::{self as perm, Owner};
use crate::tag::Tag;
use std::collections::BTreeMap;

impl Ctx<'_> {
    pub(super) fn live_customer(&self, id: Id) -> R<Customer> {
        let c = self.reader.customer(id)?.ok_or(DomainError::NotFound {
            entity: Entity::Customer,
            id,
        })?;
        if c.deleted {
            return Err(DomainError::Deleted {
                entity: Entity::Customer,
                id,
            }
            .into());
        }
        Ok(c)
    }

    pub(super) fn check_tags(&self, ids: &[Id]) -> R<()> {
        for id in ids {
            match self.reader.tag(*id)? {
                Some(t) if !t.deleted => {}
                _ => return Err(DomainError::field("tag_ids", ErrorCode::UnknownTag).into()),
            }
        }
        Ok(())
    }

    pub(super) fn can_edit(&self, c: &Customer) -> R<()> {
        let (id, team) = self.owner(c.owner_id)?;
        if perm::can_edit_customer(self.actor(), Owner { id, team: &team }) {
            return Ok(());
        }
        // The former owner, editing offline after the hand-over: say to whom, by whom, when.
        match &c.moved {
            Some(m) if m.from == self.actor().user_id => {
                let name = |id: Id| -> R<String> {
                    Ok(self
                        .reader
                        .user(id)?
                        .map(|u| u.data.name)
                        .unwrap_or_default())
                };
                Err(DomainError::CustomerMoved {
                    to: name(c.owner_id)?,
                    by: name(m.by)?,
                    at_ms: m.at_ms,
                }
                .into())
            }
            _ => Err(forbidden(Action::EditCustomer)),
        }
    }

    pub(super) fn put_customer(
        &self,
        out: &mut Outcome,
        before: &Customer,
        after: Customer,
        action: &str,
    ) {
        out.audit.push(AuditEntry {
            entity: Entity::Customer,
            entity_id: after.id,
            action: action.into(),
            changes: diff(Some(before), &after),
        });
        out.effects.push(Effect::PutCustomer(Box::new(after)));
    }

    pub(super) fn create_customer(
        &self,
        id: Id,
        code: &str,
        owner_id: Id,
        data: &crate::customer::CustomerData,
    ) -> R<Outcome> {
        if self.reader.customer(id)?.is_some() {
            return Err(DomainError::AlreadyExists {
                entity: Entity::Customer,
                id,
            }
            .into());
        }
        let owner = self.active_user(owner_id, "owner_id")?;
        let owner_ref = Owner {
            id: owner.id,
            team: &owner.data.team,
        };
        if !perm::can_create_customer_for(self.actor(), owner_ref) {
            return Err(forbidden(Action::CreateCustomer));
        }
        if code.trim().is_empty() || code.len() > 40 {
            return Err(DomainError::field("code", ErrorCode::Required).into());
        }
        data.validate(self.env.local_date()).map_err(invalid)?;
        self.check_tags(&data.tag_ids)?;
        // Every field starts with the creation clock; later writes add their own key.
        let clocks: BTreeMap<String, crate::Hlc> =
            [(crate::customer::BASE_CLOCK.to_string(), self.env.hlc)].into();
        let c = Customer {
            id,
            code: code.to_string(),
            data: data.clone(),
            owner_id,
            last_follow_up: None,
            next_follow_up: None,
            deleted: false,
            meta: RowMeta::created(self.env),
            clocks,
            moved: None,
        };
        Ok(Outcome {
            audit: vec![AuditEntry {
                entity: Entity::Customer,
                entity_id: id,
                action: "create".into(),
                changes: diff(None, &c),
            }],
            effects: vec![Effect::PutCustomer(Box::new(c))],
        })
    }

    /// Field-level last-writer-wins: a change older (by HLC) than the field's last accepted
    /// write loses; the losing value is recorded in the audit trail as `lww_lost`.
    pub(super) fn update_customer(
        &self,
        id: Id,
        changes: &[crate::customer::CustomerField],
    ) -> R<Outcome> {
        let before = self.live_customer(id)?;
        self.can_edit(&before)?;
        let mut after = before.clone();
        let mut lost = Vec::new();
        for change in changes {
            let key = change.key();
            match before.field_clock(key) {
                Some(last) if *last > self.env.hlc => lost.push(FieldChange {
                    field: key.to_string(),
                    before: serde_json::to_value(change).unwrap_or_default(),
                    after: serde_json::Value::Null,
                }),
                _ => {
                    change.apply_to(&mut after.data);
                    after.clocks.insert(key.to_string(), self.env.hlc);
                }
            }
        }
        after
            .data
            .validate(self.env.local_date())
            .map_err(invalid)?;
        // Tags being added must be live; one deleted since it was assigned may stay.
        let added: Vec<Id> = after
            .data
            .tag_ids
            .iter()
            .filter(|t| !before.data.tag_ids.contains(t))
            .copied()
            .collect();
        self.check_tags(&added)?;
        after.meta = before.meta.touched(self.env);
        let mut out = Outcome::default();
        self.put_customer(&mut out, &before, after, "update");
        if !lost.is_empty() {
            out.audit.push(AuditEntry {
                entity: Entity::Customer,
                entity_id: id,
                action: "lww_lost".into(),
                changes: lost,
            });
        }
        Ok(out)
    }

    pub(super) fn set_customer_deleted(&self, id: Id, deleted: bool) -> R<Outcome> {
        let before = self.reader.customer(id)?.ok_or(DomainError::NotFound {
            entity: Entity::Customer,
            id,
        })?;
        if before.deleted == deleted {
            let e = if deleted {
                DomainError::Deleted {
                    entity: Entity::Customer,
                    id,
                }
            } else {
                DomainError::NotDeleted {
                    entity: Entity::Customer,
                    id,
                }
            };
            return Err(e.into());
        }
        self.can_edit(&before)?;
        let mut after = before.clone();
        after.deleted = deleted;
        after.meta = before.meta.touched(self.env);
        after.clocks.insert("deleted".into(), self.env.hlc);
        let mut out = Outcome::default();
        let action = if deleted { "delete" } else { "restore" };
        self.put_customer(&mut out, &before, after, action);
        Ok(out)
    }

    pub(super) fn reassign(&self, id: Id, to_owner: Id) -> R<Outcome> {
        let before = self.live_customer(id)?;
        let to = self.active_user(to_owner, "owner_id")?;
        if before.owner_id == to_owner {
            return Err(DomainError::SameOwner.into());
        }
        let (fid, fteam) = self.owner(before.owner_id)?;
        let from = Owner {
            id: fid,
            team: &fteam,
        };
        let to_ref = Owner {
            id: to.id,
            team: &to.data.team,
        };
        if !perm::can_transfer(self.actor(), from, to_ref) {
            return Err(forbidden(Action::TransferCustomers));
        }
        let mut out = Outcome::default();
        self.move_customer(&mut out, before, to_owner);
        Ok(out)
    }

    pub(super) fn move_customer(&self, out: &mut Outcome, before: Customer, to_owner: Id) {
        let mut after = before.clone();
        after.owner_id = to_owner;
        after.meta = before.meta.touched(self.env);
        after.clocks.insert("owner_id".into(), self.env.hlc);
        after.moved = Some(crate::customer::OwnerChange {
            from: before.owner_id,
            by: self.actor().user_id,
            at_ms: self.env.at_ms,
        });
        self.put_customer(out, &before, after, "transfer");
    }

    pub(super) fn transfer_all(&self, from_owner: Id, to_owner: Id) -> R<Outcome> {
        if from_owner == to_owner {
            return Err(DomainError::SameOwner.into());
        }
        let to = self.active_user(to_owner, "owner_id")?;
        let (fid, fteam) = self.owner(from_owner)?;
        let from = Owner {
            id: fid,
            team: &fteam,
        };
        let to_ref = Owner {
            id: to.id,
            team: &to.data.team,
        };
        if !perm::can_transfer(self.actor(), from, to_ref) {
            return Err(forbidden(Action::TransferCustomers));
        }
        let mut out = Outcome::default();
        for id in self.reader.customer_ids_owned_by(from_owner)? {
            if let Some(c) = self.reader.customer(id)? {
                if !c.deleted {
                    self.move_customer(&mut out, c, to_owner);
                }
            }
        }
        Ok(out)
    }

    pub(super) fn create_tag(&self, id: Id, data: &crate::tag::TagData) -> R<Outcome> {
        if !perm::can_manage_tags(self.actor()) {
            return Err(forbidden(Action::ManageTags));
        }
        data.validate().map_err(invalid)?;
        if self.reader.tag(id)?.is_some() {
            return Err(DomainError::AlreadyExists {
                entity: Entity::Tag,
                id,
            }
            .into());
        }
        let tag = Tag {
            id,
            data: data.clone(),
            deleted: false,
            meta: RowMeta::created(self.env),
        };
        Ok(tag_outcome(None, tag, "create"))
    }

    pub(super) fn live_tag(&self, id: Id) -> R<Tag> {
        if !perm::can_manage_tags(self.actor()) {
            return Err(forbidden(Action::ManageTags));
        }
        match self.reader.tag(id)? {
            None => Err(DomainError::NotFound {
                entity: Entity::Tag,
                id,
            }
            .into()),
            Some(t) if t.deleted => Err(DomainError::Deleted {
                entity: Entity::Tag,
                id,
            }
            .into()),
            Some(t) => Ok(t),
        }
    }

    pub(super) fn update_tag(&self, id: Id, data: &crate::tag::TagData) -> R<Outcome> {
        let before = self.live_tag(id)?;
        data.validate().map_err(invalid)?;
        let mut after = before.clone();
        after.data = data.clone();
        after.meta = before.meta.touched(self.env);
        Ok(tag_outcome(Some(&before), after, "update"))
    }

    pub(super) fn delete_tag(&self, id: Id) -> R<Outcome> {
        let before = self.live_tag(id)?;
        let mut after = before.clone();
        after.deleted = true;
        after.meta = before.meta.touched(self.env);
        Ok(tag_outcome(Some(&before), after, "delete"))
    }

    /// Bulk tagging: every listed customer must be editable by the actor, or nothing changes.
    /// Customers that already have (or lack) the tag are left as they are.
    pub(super) fn tag_customers(&self, tag_id: Id, ids: &[Id], add: bool) -> R<Outcome> {
        if ids.len() > crate::mutation::MAX_BULK {
            return Err(DomainError::field(
                "customer_ids",
                ErrorCode::TooMany {
                    max: crate::mutation::MAX_BULK,
                },
            )
            .into());
        }
        if add {
            self.check_tags(&[tag_id])?;
        }
        let mut out = Outcome::default();
        for id in ids {
            let before = self.live_customer(*id)?;
            self.can_edit(&before)?;
            let has = before.data.tag_ids.contains(&tag_id);
            if has == add {
                continue;
            }
            let mut after = before.clone();
            if add {
                if after.data.tag_ids.len() >= crate::customer::MAX_TAGS {
                    return Err(DomainError::field(
                        "tag_ids",
                        ErrorCode::TooMany {
                            max: crate::customer::MAX_TAGS,
                        },
                    )
                    .into());
                }
                after.data.tag_ids.push(tag_id);
            } else {
                after.data.tag_ids.retain(|t| *t != tag_id);
            }
            after.clocks.insert("tag_ids".into(), self.env.hlc);
            after.meta = before.meta.touched(self.env);
            self.put_customer(&mut out, &before, after, "update");
        }
        Ok(out)
    }

    pub(super) fn add_follow_up(&self, id: Id, data: &crate::followup::FollowUpData) -> R<Outcome> {
        let before = self.live_customer(data.customer_id)?;
        if data.channel == Channel::ReminderEmail {
            let (owner, team) = self.owner(before.owner_id)?;
            let owner = Owner {
                id: owner,
                team: &team,
            };
            if !perm::can_remind_customer(self.actor(), owner) {
                return Err(forbidden(Action::ViewReceivables));
            }
        } else {
            self.can_edit(&before)?;
        }
        if self.reader.follow_up_exists(id)? {
            return Err(DomainError::AlreadyExists {
                entity: Entity::FollowUp,
                id,
            }
            .into());
        }
        data.validate(self.env.local_date()).map_err(invalid)?;
        let entry = FollowUp {
            id,
            data: data.clone(),
            meta: RowMeta::created(self.env),
        };
        let mut out = Outcome {
            audit: vec![AuditEntry {
                entity: Entity::FollowUp,
                entity_id: id,
                action: "create".into(),
                changes: diff(None, &entry),
            }],
            effects: vec![Effect::PutFollowUp(entry)],
        };
        // The newest entry decides the customer's next follow-up date (a back-dated entry
        // does not move it).
        if before.last_follow_up.is_none_or(|last| data.date >= last) {
            let mut after = before.clone();
            after.last_follow_up = Some(data.date);
            after.next_follow_up = data.next_date;
            after.meta = before.meta.touched(self.env);
            self.put_customer(&mut out, &before, after, "follow_up");
        }
        Ok(out)
    }
}

fn tag_outcome(before: Option<&Tag>, after: Tag, action: &str) -> Outcome {
    Outcome {
        audit: vec![AuditEntry {
            entity: Entity::Tag,
            entity_id: after.id,
            action: action.into(),
            changes: diff(before, &after),
        }],
        effects: vec![Effect::PutTag(after)],
    }
}
