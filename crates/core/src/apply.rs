//! The pure heart of every write: `apply` reads current state through [`StateReader`],
//! checks permissions and rules, and returns the effects to persist plus the audit entries.
//! The desktop store and the sync server both call it and each writes the effects in one
//! transaction of its own database.

mod catalog;
mod customers;
mod invoices;
mod orders;
mod quotas;
mod receivables;
mod sales;
mod shipping;

use crate::audit::{diff, AuditEntry};
use crate::catalog::{Category, Product, Warehouse};
use crate::customer::Customer;
use crate::error::{Action, DomainError, Entity, ErrorCode};
use crate::followup::FollowUp;
use crate::ids::Id;
use crate::invoice::Invoice;
use crate::mutation::{Envelope, Mutation, RowMeta, SCHEMA_VERSION};
use crate::order::{Order, Reservation};
use crate::permissions as perm;
use crate::pricing::PriceRule;
use crate::quote::Quote;
use crate::receivables::Payment;
use crate::settings::{CompanyDoc, PolicyDoc};
use crate::shipping::{Delivery, ReturnNote};
use crate::stock::{StockLevel, StockMove};
use crate::tag::Tag;
use crate::user::User;

pub use crate::read::ReadError;

/// Read access to current state. Implemented by the SQLite store and the server's store.
/// Newer areas bring their reads in traits of their own (shipping, payments).
pub trait StateReader:
    crate::shipping::ShippingReader
    + crate::receivables::PaymentReader
    + crate::invoice::InvoiceReader
    + crate::quota::QuotaReader
{
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
    PutInvoice(Box<Invoice>),
    PutQuotaMove(crate::quota::QuotaMove),
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
            Effect::PutInvoice(_) => "invoice",
            Effect::PutQuotaMove(_) => "stock_quota",
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
            Effect::PutInvoice(x) => x.id,
            Effect::PutQuotaMove(x) => x.id,
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
            Effect::PutInvoice(x) => v(x),
            Effect::PutQuotaMove(x) => v(x),
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
            "invoice" => v(doc).map(|i| Effect::PutInvoice(Box::new(i))),
            "stock_quota" => v(doc).map(Effect::PutQuotaMove),
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
        Mutation::AllocatePayment { id, allocations } => ctx.allocate_payment(*id, allocations),
        Mutation::ShipDelivery { id, number, data } => ctx.ship_delivery(*id, number, data),
        Mutation::CloseOrderRest { id, reason } => ctx.close_order_rest(*id, reason),
        Mutation::CloseTrackAlert {
            delivery_id,
            key,
            note,
        } => ctx.close_track_alert(*delivery_id, key, note),
        Mutation::ReturnGoods { id, number, data } => ctx.return_goods(*id, number, data),
        Mutation::RequestInvoice { id, number, data } => ctx.request_invoice(*id, number, data),
        Mutation::RedLetterInvoice { id, number, data } => ctx.red_letter(*id, number, data),
        Mutation::InvoiceAct { id, action } => ctx.invoice_act(*id, action),
        Mutation::TakeQuota { id, lines } => ctx.take_quota(*id, lines),
        Mutation::ReturnQuota { id, keys } => ctx.return_quota(*id, keys),
        Mutation::RecallQuota { id, device_id } => ctx.recall_quota(*id, *device_id),
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
}

mod guard;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_invoices;
#[cfg(test)]
mod tests_orders;
#[cfg(test)]
mod tests_payments;
#[cfg(test)]
mod tests_quotas;
#[cfg(test)]
mod tests_sales;
#[cfg(test)]
mod tests_shipping;
