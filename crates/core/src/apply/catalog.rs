//! Catalog, stock, pricing and company mutations.

use super::{forbidden, invalid, Ctx, Effect, Outcome, R};
use crate::audit::{diff, AuditEntry, FieldChange};
use crate::catalog::{
    Category, CategoryData, CompanyProfile, Product, ProductData, Warehouse, WarehouseData,
    MAX_CATEGORY_DEPTH,
};
use crate::error::{Action, DomainError, Entity, ErrorCode};
use crate::ids::Id;
use crate::mutation::RowMeta;
use crate::permissions as perm;
use crate::pricing::{PriceRule, PriceRuleData, PriceRuleKind, PricingPolicy, Target};
use crate::settings::{CompanyDoc, PolicyDoc};
use crate::stock::{MoveKind, StockEntry, StockMove};
use crate::units::UnitTable;
use rust_decimal::Decimal;
use serde::Serialize;

fn outcome<T: Serialize>(
    entity: Entity,
    id: Id,
    action: &str,
    before: Option<&T>,
    after: &T,
    effect: Effect,
) -> Outcome {
    Outcome {
        audit: vec![AuditEntry {
            entity,
            entity_id: id,
            action: action.into(),
            changes: diff(before, after),
        }],
        effects: vec![effect],
    }
}

fn action(exists: bool) -> &'static str {
    if exists {
        "update"
    } else {
        "create"
    }
}

/// The second half of a transfer gets an id derived from the entry's, so every store
/// (desk and server) writes the same two rows.
pub fn paired_id(id: Id) -> Id {
    let mut bytes = *id.0.as_bytes();
    bytes[15] ^= 0x01;
    Id(uuid::Uuid::from_bytes(bytes))
}

/// A document that does not convert to or from JSON: treated like a failed read.
fn json_err(e: serde_json::Error) -> super::ApplyError {
    super::ApplyError::Read(super::ReadError(e.to_string()))
}

impl Ctx<'_> {
    /// The row's who/when: new, or touched by this mutation.
    fn meta_for(&self, before: Option<&RowMeta>) -> RowMeta {
        before.map_or_else(|| RowMeta::created(self.env), |m| m.touched(self.env))
    }

    pub(super) fn need(&self, allowed: bool, what: Action) -> R<()> {
        if allowed {
            Ok(())
        } else {
            Err(forbidden(what))
        }
    }

    /// SKU and barcode must not belong to another live product.
    fn check_codes(&self, id: Id, data: &ProductData) -> R<()> {
        for code in [&data.sku, &data.barcode] {
            if code.is_empty() {
                continue;
            }
            if let Some(other) = self.reader.product_by_code(code)? {
                if other != id {
                    return Err(DomainError::CodeTaken { code: code.clone() }.into());
                }
            }
        }
        if let Some(cat) = data.category_id {
            self.live_category(cat, "category_id")?;
        }
        Ok(())
    }

    fn live_category(&self, id: Id, field: &str) -> R<Category> {
        match self.reader.category(id)? {
            Some(c) if !c.deleted => Ok(c),
            _ => Err(DomainError::field(field, ErrorCode::UnknownCategory).into()),
        }
    }

    pub(super) fn live_product(&self, id: Id, field: &str) -> R<Product> {
        match self.reader.product(id)? {
            Some(p) if p.sellable() => Ok(p),
            Some(_) => Err(DomainError::field(field, ErrorCode::ProductInactive).into()),
            None => Err(DomainError::field(field, ErrorCode::UnknownProduct).into()),
        }
    }

    pub(super) fn live_warehouse(&self, id: Id, field: &str) -> R<Warehouse> {
        match self.reader.warehouse(id)? {
            Some(w) if w.data.active => Ok(w),
            _ => Err(DomainError::field(field, ErrorCode::UnknownWarehouse).into()),
        }
    }

    pub(super) fn create_product(&self, id: Id, data: &ProductData) -> R<Outcome> {
        self.need(
            perm::can_manage_catalog(self.actor()),
            Action::ManageCatalog,
        )?;
        data.validate().map_err(invalid)?;
        if self.reader.product(id)?.is_some() {
            return Err(DomainError::AlreadyExists {
                entity: Entity::Product,
                id,
            }
            .into());
        }
        self.check_codes(id, data)?;
        let p = Product {
            id,
            data: data.clone(),
            deleted: false,
            meta: RowMeta::created(self.env),
            clocks: [(crate::customer::BASE_CLOCK.to_string(), self.env.hlc)].into(),
        };
        Ok(outcome(
            Entity::Product,
            id,
            "create",
            None,
            &p,
            Effect::PutProduct(Box::new(p.clone())),
        ))
    }

    /// Per-field last-writer-wins: each named field is taken from `data` unless the stored
    /// field was written by a newer clock; losing values go to the audit trail (`lww_lost`).
    pub(super) fn update_product(
        &self,
        id: Id,
        data: &ProductData,
        changed: &[String],
    ) -> R<Outcome> {
        self.need(
            perm::can_manage_catalog(self.actor()),
            Action::ManageCatalog,
        )?;
        let before = self.reader.product(id)?.ok_or(DomainError::NotFound {
            entity: Entity::Product,
            id,
        })?;
        let incoming = serde_json::to_value(data).map_err(json_err)?;
        let mut merged = serde_json::to_value(&before.data).map_err(json_err)?;
        let mut after = before.clone();
        let mut lost = Vec::new();
        for field in changed {
            let Some(value) = incoming.get(field) else {
                return Err(DomainError::field(field, ErrorCode::UnknownChoice).into());
            };
            let last = before
                .clocks
                .get(field)
                .or_else(|| before.clocks.get(crate::customer::BASE_CLOCK));
            if last.is_some_and(|l| *l > self.env.hlc) {
                lost.push(FieldChange {
                    field: field.clone(),
                    before: value.clone(),
                    after: serde_json::Value::Null,
                });
            } else {
                merged[field.as_str()] = value.clone();
                after.clocks.insert(field.clone(), self.env.hlc);
            }
        }
        after.data = serde_json::from_value(merged).map_err(json_err)?;
        after.data.validate().map_err(invalid)?;
        self.check_codes(id, &after.data)?;
        after.meta = before.meta.touched(self.env);
        let mut out = outcome(
            Entity::Product,
            id,
            "update",
            Some(&before),
            &after,
            Effect::PutProduct(Box::new(after.clone())),
        );
        if !lost.is_empty() {
            out.audit.push(AuditEntry {
                entity: Entity::Product,
                entity_id: id,
                action: "lww_lost".into(),
                changes: lost,
            });
        }
        Ok(out)
    }

    pub(super) fn delete_product(&self, id: Id) -> R<Outcome> {
        self.need(
            perm::can_manage_catalog(self.actor()),
            Action::ManageCatalog,
        )?;
        let before = self.reader.product(id)?.ok_or(DomainError::NotFound {
            entity: Entity::Product,
            id,
        })?;
        if before.deleted {
            return Err(DomainError::Deleted {
                entity: Entity::Product,
                id,
            }
            .into());
        }
        let mut after = before.clone();
        after.deleted = true;
        after.clocks.insert("deleted".into(), self.env.hlc);
        after.meta = before.meta.touched(self.env);
        Ok(outcome(
            Entity::Product,
            id,
            "delete",
            Some(&before),
            &after,
            Effect::PutProduct(Box::new(after.clone())),
        ))
    }

    pub(super) fn save_category(&self, id: Id, data: &CategoryData) -> R<Outcome> {
        self.need(
            perm::can_manage_catalog(self.actor()),
            Action::ManageCatalog,
        )?;
        data.validate().map_err(invalid)?;
        // The parent must exist, and the tree must stay a tree (no cycles, bounded depth).
        let mut parent = data.parent_id;
        let mut depth = 0;
        while let Some(p) = parent {
            if p == id || depth >= MAX_CATEGORY_DEPTH {
                return Err(DomainError::field("parent_id", ErrorCode::OutOfRange).into());
            }
            parent = self.live_category(p, "parent_id")?.data.parent_id;
            depth += 1;
        }
        let before = self.reader.category(id)?;
        let after = Category {
            id,
            data: data.clone(),
            deleted: false,
            meta: self.meta_for(before.as_ref().map(|b| &b.meta)),
        };
        Ok(outcome(
            Entity::Category,
            id,
            action(before.is_some()),
            before.as_ref(),
            &after,
            Effect::PutCategory(after.clone()),
        ))
    }

    pub(super) fn save_warehouse(&self, id: Id, data: &WarehouseData) -> R<Outcome> {
        self.need(
            perm::can_manage_catalog(self.actor()),
            Action::ManageCatalog,
        )?;
        data.validate().map_err(invalid)?;
        let before = self.reader.warehouse(id)?;
        let after = Warehouse {
            id,
            data: data.clone(),
            meta: self.meta_for(before.as_ref().map(|b| &b.meta)),
        };
        Ok(outcome(
            Entity::Warehouse,
            id,
            action(before.is_some()),
            before.as_ref(),
            &after,
            Effect::PutWarehouse(after.clone()),
        ))
    }

    pub(super) fn record_stock(&self, id: Id, entry: &StockEntry) -> R<Outcome> {
        self.need(perm::can_record_stock(self.actor()), Action::RecordStock)?;
        entry.validate().map_err(invalid)?;
        if self.reader.stock_move_exists(id)? {
            return Err(DomainError::AlreadyExists {
                entity: Entity::StockMove,
                id,
            }
            .into());
        }
        // Products that were stopped still get counted and moved; only deleted ones don't.
        let product = match self.reader.product(entry.product_id())? {
            Some(p) if !p.deleted => p,
            _ => return Err(DomainError::field("product_id", ErrorCode::UnknownProduct).into()),
        };
        let (field, qty) = entry.quantity();
        self.check_unit(&product.data.unit, qty, field)?;
        let mv =
            |warehouse_id: Id, qty: Decimal, kind: MoveKind, note: &str, move_id: Id| StockMove {
                id: move_id,
                product_id: product.id,
                warehouse_id,
                qty,
                kind,
                note: note.to_string(),
                entry_id: id,
                meta: RowMeta::created(self.env),
            };
        let moves = match entry {
            StockEntry::Opening {
                warehouse_id, qty, ..
            } => {
                self.live_warehouse(*warehouse_id, "warehouse_id")?;
                if self.reader.has_stock_moves(product.id, *warehouse_id)? {
                    return Err(DomainError::OpeningAfterMoves.into());
                }
                vec![mv(*warehouse_id, *qty, MoveKind::Opening, "", id)]
            }
            StockEntry::Receipt {
                warehouse_id,
                qty,
                note,
                ..
            } => {
                self.live_warehouse(*warehouse_id, "warehouse_id")?;
                vec![mv(*warehouse_id, *qty, MoveKind::Receipt, note, id)]
            }
            StockEntry::Count {
                warehouse_id,
                counted,
                reason,
                ..
            } => {
                self.live_warehouse(*warehouse_id, "warehouse_id")?;
                let level = self.reader.stock_level(product.id, *warehouse_id)?;
                vec![mv(
                    *warehouse_id,
                    *counted - level.on_hand,
                    MoveKind::Adjustment,
                    reason,
                    id,
                )]
            }
            StockEntry::Transfer {
                from,
                to,
                qty,
                note,
                ..
            } => {
                self.live_warehouse(*from, "from")?;
                self.live_warehouse(*to, "to")?;
                let available = self.reader.stock_level(product.id, *from)?.available();
                if available < *qty {
                    return Err(DomainError::InsufficientStock { available }.into());
                }
                vec![
                    mv(*from, -*qty, MoveKind::TransferOut, note, id),
                    mv(*to, *qty, MoveKind::TransferIn, note, paired_id(id)),
                ]
            }
        };
        let mut out = Outcome::default();
        for m in moves {
            out.audit.push(AuditEntry {
                entity: Entity::StockMove,
                entity_id: m.id,
                action: m.kind.as_str().into(),
                changes: diff(None, &m),
            });
            out.effects.push(Effect::PutStockMove(m));
        }
        Ok(out)
    }

    pub(super) fn save_policy(&self, policy: &PricingPolicy) -> R<Outcome> {
        self.need(
            perm::can_manage_pricing(self.actor()),
            Action::ManagePricing,
        )?;
        policy.validate().map_err(invalid)?;
        let before = self.reader.pricing_policy()?;
        let after = PolicyDoc {
            policy: policy.clone(),
            meta: self.meta_for(before.as_ref().map(|b| &b.meta)),
        };
        Ok(outcome(
            Entity::PricingPolicy,
            Id::NIL,
            "update",
            before.as_ref(),
            &after,
            Effect::PutPricingPolicy(after.clone()),
        ))
    }

    pub(super) fn save_price_rule(&self, id: Id, data: &PriceRuleData) -> R<Outcome> {
        self.need(
            perm::can_manage_pricing(self.actor()),
            Action::ManagePricing,
        )?;
        data.validate(self.env.local_date()).map_err(invalid)?;
        let target = match &data.kind {
            PriceRuleKind::Contract {
                customer_id,
                product_id,
                ..
            } => {
                self.live_customer(*customer_id)
                    .map_err(|_| DomainError::field("customer_id", ErrorCode::UnknownCustomer))?;
                Target::Product(*product_id)
            }
            PriceRuleKind::Promotion { target, .. } | PriceRuleKind::Tier { target, .. } => *target,
        };
        match target {
            Target::Product(p) => drop(self.live_product(p, "product_id")?),
            Target::Category(c) => drop(self.live_category(c, "category_id")?),
        }
        let before = self.reader.price_rule(id)?;
        let after = PriceRule {
            id,
            data: data.clone(),
            deleted: false,
            meta: self.meta_for(before.as_ref().map(|b| &b.meta)),
        };
        Ok(outcome(
            Entity::PriceRule,
            id,
            action(before.is_some()),
            before.as_ref(),
            &after,
            Effect::PutPriceRule(after.clone()),
        ))
    }

    pub(super) fn delete_price_rule(&self, id: Id) -> R<Outcome> {
        self.need(
            perm::can_manage_pricing(self.actor()),
            Action::ManagePricing,
        )?;
        let before = self.reader.price_rule(id)?.ok_or(DomainError::NotFound {
            entity: Entity::PriceRule,
            id,
        })?;
        let mut after = before.clone();
        after.deleted = true;
        after.meta = before.meta.touched(self.env);
        Ok(outcome(
            Entity::PriceRule,
            id,
            "delete",
            Some(&before),
            &after,
            Effect::PutPriceRule(after.clone()),
        ))
    }

    /// The company's units of measure (default table until edited).
    pub(super) fn units(&self) -> R<UnitTable> {
        Ok(self.reader.company()?.map(|c| c.units).unwrap_or_default())
    }

    /// A quantity has no more decimals than its unit allows ("1.5 个" is refused).
    pub(super) fn check_unit(&self, unit: &str, qty: Decimal, field: &str) -> R<()> {
        self.units()?
            .check(unit, qty)
            .map_err(|code| DomainError::field(field, code).into())
    }

    pub(super) fn save_units(&self, units: &UnitTable) -> R<Outcome> {
        self.need(
            perm::can_manage_company(self.actor()),
            Action::ManageCompany,
        )?;
        units.validate().map_err(invalid)?;
        let before = self.reader.company()?;
        let mut cleaned = units.clone();
        for r in &mut cleaned.0 {
            r.unit = r.unit.trim().to_string();
        }
        let after = CompanyDoc {
            profile: before
                .as_ref()
                .map(|b| b.profile.clone())
                .unwrap_or_default(),
            units: cleaned,
            meta: self.meta_for(before.as_ref().map(|b| &b.meta)),
        };
        Ok(outcome(
            Entity::Company,
            Id::NIL,
            "update",
            before.as_ref(),
            &after,
            Effect::PutCompany(after.clone()),
        ))
    }

    pub(super) fn save_company(&self, profile: &CompanyProfile) -> R<Outcome> {
        self.need(
            perm::can_manage_company(self.actor()),
            Action::ManageCompany,
        )?;
        profile.validate().map_err(invalid)?;
        let before = self.reader.company()?;
        let after = CompanyDoc {
            profile: profile.clone(),
            units: before.as_ref().map(|b| b.units.clone()).unwrap_or_default(),
            meta: self.meta_for(before.as_ref().map(|b| &b.meta)),
        };
        Ok(outcome(
            Entity::Company,
            Id::NIL,
            "update",
            before.as_ref(),
            &after,
            Effect::PutCompany(after.clone()),
        ))
    }
}
