//! The pure heart of every write: `apply` reads current state through [`StateReader`],
//! checks permissions and rules, and returns the effects to persist plus the audit entries.
//! The desktop store and the sync server both call it and each writes the effects in one
//! transaction of its own database.

mod catalog;
mod orders;
mod receivables;
mod sales;
mod shipping;

use crate::audit::{diff, AuditEntry, FieldChange};
use crate::catalog::{Category, Product, Warehouse};
use crate::customer::Customer;
use crate::error::{Action, DomainError, Entity, ErrorCode};
use crate::followup::FollowUp;
use crate::ids::Id;
use crate::mutation::{Envelope, Mutation, RowMeta, SCHEMA_VERSION};
use crate::order::{Order, Reservation};
use crate::permissions::{self as perm, Owner};
use crate::pricing::PriceRule;
use crate::quote::Quote;
use crate::receivables::Payment;
use crate::settings::{CompanyDoc, PolicyDoc};
use crate::shipping::{Delivery, ReturnNote};
use crate::stock::{StockLevel, StockMove};
use crate::tag::Tag;
use crate::user::User;
use std::collections::BTreeMap;

pub use crate::read::ReadError;

/// Read access to current state. Implemented by the SQLite store and the server's store.
/// Newer areas bring their reads in traits of their own (shipping, payments).
pub trait StateReader: crate::shipping::ShippingReader + crate::receivables::PaymentReader {
    fn customer(&self, id: Id) -> Result<Option<Customer>, ReadError>;
    /// Ids of the live (not deleted) customers a user owns.
    fn customer_ids_owned_by(&self, owner: Id) -> Result<Vec<Id>, ReadError>;
    fn tag(&self, id: Id) -> Result<Option<Tag>, ReadError>;
    fn user(&self, id: Id) -> Result<Option<User>, ReadError>;
    fn follow_up_exists(&self, id: Id) -> Result<bool, ReadError>;
    fn product(&self, id: Id) -> Result<Option<Product>, ReadError>;
    /// The live product whose SKU or barcode is `code`.
    fn product_by_code(&self, code: &str) -> Result<Option<Id>, ReadError>;
    fn category(&self, id: Id) -> Result<Option<Category>, ReadError>;
    fn warehouse(&self, id: Id) -> Result<Option<Warehouse>, ReadError>;
    fn stock_level(&self, product: Id, warehouse: Id) -> Result<StockLevel, ReadError>;
    fn has_stock_moves(&self, product: Id, warehouse: Id) -> Result<bool, ReadError>;
    fn stock_move_exists(&self, id: Id) -> Result<bool, ReadError>;
    fn pricing_policy(&self) -> Result<Option<PolicyDoc>, ReadError>;
    fn price_rule(&self, id: Id) -> Result<Option<PriceRule>, ReadError>;
    fn company(&self) -> Result<Option<CompanyDoc>, ReadError>;
    fn quote(&self, id: Id) -> Result<Option<Quote>, ReadError>;
    /// Every version of one need (quotes sharing `need_id`).
    fn quote_versions(&self, need_id: Id) -> Result<Vec<Quote>, ReadError>;
    fn order(&self, id: Id) -> Result<Option<Order>, ReadError>;
    /// Quantities of a product in a customer's live orders (submitted or later, not
    /// cancelled) changed since `since_ms`, leaving out order `except`.
    fn ordered_qty(
        &self,
        customer: Id,
        product: Id,
        since_ms: i64,
        except: Id,
    ) -> Result<Vec<rust_decimal::Decimal>, ReadError>;
    /// The customer's orders in one of the [`crate::order::RECEIVABLE`] states.
    fn receivable_orders(&self, customer: Id) -> Result<Vec<crate::order::Order>, ReadError>;
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApplyError {
    #[error(transparent)]
    Domain(#[from] DomainError),
    #[error("storage read failed: {}", .0 .0)]
    Read(ReadError),
}

impl From<ReadError> for ApplyError {
    fn from(e: ReadError) -> Self {
        ApplyError::Read(e)
    }
}

/// A row to write. Rows are written whole; soft-deleted rows are written with `deleted = true`.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    PutUser(User),
    PutCustomer(Box<Customer>),
    PutTag(Tag),
    PutFollowUp(FollowUp),
    PutProduct(Box<Product>),
    PutCategory(Category),
    PutWarehouse(Warehouse),
    PutStockMove(StockMove),
    PutPricingPolicy(PolicyDoc),
    PutPriceRule(PriceRule),
    PutCompany(CompanyDoc),
    PutQuote(Box<Quote>),
    PutOrder(Box<Order>),
    PutReservation(Reservation),
    PutPayment(Payment),
    PutDelivery(Box<Delivery>),
    PutReturn(Box<ReturnNote>),
}

impl Effect {
    /// The entity name rows travel under (sync and storage).
    pub fn entity(&self) -> &'static str {
        match self {
            Effect::PutUser(_) => "user",
            Effect::PutCustomer(_) => "customer",
            Effect::PutTag(_) => "tag",
            Effect::PutFollowUp(_) => "follow_up",
            Effect::PutProduct(_) => "product",
            Effect::PutCategory(_) => "category",
            Effect::PutWarehouse(_) => "warehouse",
            Effect::PutStockMove(_) => "stock_move",
            Effect::PutPricingPolicy(_) => "pricing_policy",
            Effect::PutPriceRule(_) => "price_rule",
            Effect::PutCompany(_) => "company",
            Effect::PutQuote(_) => "quote",
            Effect::PutOrder(_) => "order",
            Effect::PutReservation(_) => "reservation",
            Effect::PutPayment(_) => "payment",
            Effect::PutDelivery(_) => "delivery",
            Effect::PutReturn(_) => "return_note",
        }
    }

    /// The row's id (singletons — pricing policy, company — have none of their own).
    pub fn row_id(&self) -> Id {
        match self {
            Effect::PutUser(x) => x.id,
            Effect::PutCustomer(x) => x.id,
            Effect::PutTag(x) => x.id,
            Effect::PutFollowUp(x) => x.id,
            Effect::PutProduct(x) => x.id,
            Effect::PutCategory(x) => x.id,
            Effect::PutWarehouse(x) => x.id,
            Effect::PutStockMove(x) => x.id,
            Effect::PutPriceRule(x) => x.id,
            Effect::PutQuote(x) => x.id,
            Effect::PutOrder(x) => x.id,
            Effect::PutReservation(x) => x.id,
            Effect::PutPayment(x) => x.id,
            Effect::PutDelivery(x) => x.id,
            Effect::PutReturn(x) => x.id,
            Effect::PutPricingPolicy(_) | Effect::PutCompany(_) => Id::NIL,
        }
    }

    /// The row's document as it syncs.
    pub fn doc(&self) -> serde_json::Result<serde_json::Value> {
        use serde_json::to_value as v;
        match self {
            Effect::PutUser(x) => v(x),
            Effect::PutCustomer(x) => v(x),
            Effect::PutTag(x) => v(x),
            Effect::PutFollowUp(x) => v(x),
            Effect::PutProduct(x) => v(x),
            Effect::PutCategory(x) => v(x),
            Effect::PutWarehouse(x) => v(x),
            Effect::PutStockMove(x) => v(x),
            Effect::PutPricingPolicy(x) => v(x),
            Effect::PutPriceRule(x) => v(x),
            Effect::PutCompany(x) => v(x),
            Effect::PutQuote(x) => v(x),
            Effect::PutOrder(x) => v(x),
            Effect::PutReservation(x) => v(x),
            Effect::PutPayment(x) => v(x),
            Effect::PutDelivery(x) => v(x),
            Effect::PutReturn(x) => v(x),
        }
    }

    /// Rebuilds an effect from a synced row; `None` for kinds this version does not know.
    /// Reads the document in place (a first sync rebuilds every row it receives).
    pub fn from_doc(entity: &str, doc: &str) -> Option<serde_json::Result<Effect>> {
        fn v<'a, T: serde::Deserialize<'a>>(doc: &'a str) -> serde_json::Result<T> {
            serde_json::from_str(doc)
        }
        Some(match entity {
            "user" => v(doc).map(Effect::PutUser),
            "customer" => v(doc).map(|c| Effect::PutCustomer(Box::new(c))),
            "tag" => v(doc).map(Effect::PutTag),
            "follow_up" => v(doc).map(Effect::PutFollowUp),
            "product" => v(doc).map(|p| Effect::PutProduct(Box::new(p))),
            "category" => v(doc).map(Effect::PutCategory),
            "warehouse" => v(doc).map(Effect::PutWarehouse),
            "stock_move" => v(doc).map(Effect::PutStockMove),
            "pricing_policy" => v(doc).map(Effect::PutPricingPolicy),
            "price_rule" => v(doc).map(Effect::PutPriceRule),
            "company" => v(doc).map(Effect::PutCompany),
            "quote" => v(doc).map(|q| Effect::PutQuote(Box::new(q))),
            "order" => v(doc).map(|o| Effect::PutOrder(Box::new(o))),
            "reservation" => v(doc).map(Effect::PutReservation),
            "payment" => v(doc).map(Effect::PutPayment),
            "delivery" => v(doc).map(|d| Effect::PutDelivery(Box::new(d))),
            "return_note" => v(doc).map(|r| Effect::PutReturn(Box::new(r))),
            _ => return None,
        })
    }
}

#[derive(Debug, Default, Clone, PartialEq)]
pub struct Outcome {
    pub effects: Vec<Effect>,
    pub audit: Vec<AuditEntry>,
}

type R<T> = Result<T, ApplyError>;

pub fn apply(reader: &dyn StateReader, env: &Envelope) -> R<Outcome> {
    if env.schema > SCHEMA_VERSION {
        return Err(DomainError::UnsupportedSchema {
            found: env.schema,
            supported: SCHEMA_VERSION,
        }
        .into());
    }
    guard::strings(&env.mutation)?;
    if env.at_ms < guard::EARLIEST_MS {
        return Err(DomainError::field("at_ms", ErrorCode::InvalidDate).into());
    }
    let ctx = Ctx { reader, env };
    match &env.mutation {
        Mutation::SaveUser { id, data } => ctx.save_user(*id, data),
        Mutation::CreateCustomer {
            id,
            code,
            owner_id,
            data,
        } => ctx.create_customer(*id, code, *owner_id, data),
        Mutation::UpdateCustomer { id, changes } => ctx.update_customer(*id, changes),
        Mutation::DeleteCustomer { id } => ctx.set_customer_deleted(*id, true),
        Mutation::RestoreCustomer { id } => ctx.set_customer_deleted(*id, false),
        Mutation::ReassignCustomer { id, to_owner } => ctx.reassign(*id, *to_owner),
        Mutation::TransferAllCustomers {
            from_owner,
            to_owner,
        } => ctx.transfer_all(*from_owner, *to_owner),
        Mutation::CreateTag { id, data } => ctx.create_tag(*id, data),
        Mutation::UpdateTag { id, data } => ctx.update_tag(*id, data),
        Mutation::DeleteTag { id } => ctx.delete_tag(*id),
        Mutation::AddFollowUp { id, data } => ctx.add_follow_up(*id, data),
        Mutation::TagCustomers {
            tag_id,
            customer_ids,
            add,
        } => ctx.tag_customers(*tag_id, customer_ids, *add),
        Mutation::CreateProduct { id, data } => ctx.create_product(*id, data),
        Mutation::UpdateProduct { id, data, changed } => ctx.update_product(*id, data, changed),
        Mutation::DeleteProduct { id } => ctx.delete_product(*id),
        Mutation::SaveCategory { id, data } => ctx.save_category(*id, data),
        Mutation::SaveWarehouse { id, data } => ctx.save_warehouse(*id, data),
        Mutation::RecordStock { id, entry } => ctx.record_stock(*id, entry),
        Mutation::SavePricingPolicy { policy } => ctx.save_policy(policy),
        Mutation::SavePriceRule { id, data } => ctx.save_price_rule(*id, data),
        Mutation::DeletePriceRule { id } => ctx.delete_price_rule(*id),
        Mutation::SaveCompany { profile } => ctx.save_company(profile),
        Mutation::SaveUnits { units } => ctx.save_units(units),
        Mutation::SaveQuote { id, number, data } => ctx.save_quote(*id, number, data),
        Mutation::NewQuoteVersion { id, from } => ctx.new_quote_version(*id, *from),
        Mutation::SetQuoteStatus { id, to } => ctx.set_quote_status(*id, *to),
        Mutation::ApproveQuote { id } => ctx.approve_quote(*id),
        Mutation::SaveOrder { id, number, data } => ctx.save_order(*id, number, data),
        Mutation::OrderAct { id, action, reason } => ctx.order_act(*id, *action, reason),
        Mutation::RecordPayment { id, data } => ctx.record_payment(*id, data),
        Mutation::ShipDelivery { id, number, data } => ctx.ship_delivery(*id, number, data),
        Mutation::CloseOrderRest { id, reason } => ctx.close_order_rest(*id, reason),
        Mutation::CloseTrackAlert {
            delivery_id,
            key,
            note,
        } => ctx.close_track_alert(*delivery_id, key, note),
        Mutation::ReturnGoods { id, number, data } => ctx.return_goods(*id, number, data),
    }
}

struct Ctx<'a> {
    reader: &'a dyn StateReader,
    env: &'a Envelope,
}

fn invalid(errors: Vec<crate::FieldError>) -> ApplyError {
    DomainError::Validation { errors }.into()
}

fn forbidden(action: Action) -> ApplyError {
    DomainError::Forbidden { action }.into()
}

impl Ctx<'_> {
    fn actor(&self) -> &crate::Actor {
        &self.env.actor
    }

    /// An owner's id and team; an unknown user has no team.
    fn owner(&self, id: Id) -> R<(Id, String)> {
        let team = self
            .reader
            .user(id)?
            .map(|u| u.data.team)
            .unwrap_or_default();
        Ok((id, team))
    }

    fn active_user(&self, id: Id, field: &str) -> R<User> {
        match self.reader.user(id)? {
            Some(u) if u.data.active => Ok(u),
            _ => Err(DomainError::field(field, ErrorCode::UnknownUser).into()),
        }
    }

    fn live_customer(&self, id: Id) -> R<Customer> {
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

    fn check_tags(&self, ids: &[Id]) -> R<()> {
        for id in ids {
            match self.reader.tag(*id)? {
                Some(t) if !t.deleted => {}
                _ => return Err(DomainError::field("tag_ids", ErrorCode::UnknownTag).into()),
            }
        }
        Ok(())
    }

    fn can_edit(&self, c: &Customer) -> R<()> {
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

    fn put_customer(&self, out: &mut Outcome, before: &Customer, after: Customer, action: &str) {
        out.audit.push(AuditEntry {
            entity: Entity::Customer,
            entity_id: after.id,
            action: action.into(),
            changes: diff(Some(before), &after),
        });
        out.effects.push(Effect::PutCustomer(Box::new(after)));
    }

    fn save_user(&self, id: Id, data: &crate::user::UserData) -> R<Outcome> {
        if !perm::can_manage_users(self.actor()) {
            return Err(forbidden(Action::ManageUsers));
        }
        data.validate().map_err(invalid)?;
        let before = self.reader.user(id)?;
        let meta = match &before {
            Some(u) => u.meta.touched(self.env),
            None => RowMeta::created(self.env),
        };
        let after = User {
            id,
            data: data.clone(),
            meta,
        };
        let action = if before.is_some() { "update" } else { "create" };
        Ok(Outcome {
            audit: vec![AuditEntry {
                entity: Entity::User,
                entity_id: id,
                action: action.into(),
                changes: diff(before.as_ref(), &after),
            }],
            effects: vec![Effect::PutUser(after)],
        })
    }

    fn create_customer(
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
    fn update_customer(&self, id: Id, changes: &[crate::customer::CustomerField]) -> R<Outcome> {
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

    fn set_customer_deleted(&self, id: Id, deleted: bool) -> R<Outcome> {
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

    fn reassign(&self, id: Id, to_owner: Id) -> R<Outcome> {
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

    fn move_customer(&self, out: &mut Outcome, before: Customer, to_owner: Id) {
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

    fn transfer_all(&self, from_owner: Id, to_owner: Id) -> R<Outcome> {
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

    fn create_tag(&self, id: Id, data: &crate::tag::TagData) -> R<Outcome> {
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

    fn live_tag(&self, id: Id) -> R<Tag> {
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

    fn update_tag(&self, id: Id, data: &crate::tag::TagData) -> R<Outcome> {
        let before = self.live_tag(id)?;
        data.validate().map_err(invalid)?;
        let mut after = before.clone();
        after.data = data.clone();
        after.meta = before.meta.touched(self.env);
        Ok(tag_outcome(Some(&before), after, "update"))
    }

    fn delete_tag(&self, id: Id) -> R<Outcome> {
        let before = self.live_tag(id)?;
        let mut after = before.clone();
        after.deleted = true;
        after.meta = before.meta.touched(self.env);
        Ok(tag_outcome(Some(&before), after, "delete"))
    }

    /// Bulk tagging: every listed customer must be editable by the actor, or nothing changes.
    /// Customers that already have (or lack) the tag are left as they are.
    fn tag_customers(&self, tag_id: Id, ids: &[Id], add: bool) -> R<Outcome> {
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

    fn add_follow_up(&self, id: Id, data: &crate::followup::FollowUpData) -> R<Outcome> {
        let before = self.live_customer(data.customer_id)?;
        self.can_edit(&before)?;
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

mod guard;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_orders;
#[cfg(test)]
mod tests_sales;
#[cfg(test)]
mod tests_shipping;
