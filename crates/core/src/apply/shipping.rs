//! Shipping mutations: a delivery leaves (holds consumed and ledger moves out, in one step), an
//! open rest is closed (holds released), goods come back (ledger moves in). The rules are in
//! `crate::shipping`; this turns their answers into rows.

use super::{invalid, Ctx, Effect, Outcome, R};
use crate::audit::{diff, AuditEntry};
use crate::error::{Action, DomainError, Entity, ErrorCode};
use crate::ids::Id;
use crate::mutation::RowMeta;
use crate::order::{reservation_id, Order, OrderAction, OrderStatus, Reservation};
use crate::permissions as perm;
use crate::shipping::{
    self as ship, Delivery, DeliveryData, DeliveryLine, DeliveryStatus, ReturnData, ReturnNote,
    ShippingRefusal,
};
use crate::stock::{MoveKind, StockMove};
use rust_decimal::Decimal;
use std::collections::HashMap;

fn refused(refusal: ShippingRefusal) -> super::ApplyError {
    DomainError::Shipping { refusal }.into()
}

impl Ctx<'_> {
    fn order_for_shipping(&self, id: Id) -> R<Order> {
        self.reader.order(id)?.ok_or_else(|| {
            DomainError::NotFound {
                entity: Entity::Order,
                id,
            }
            .into()
        })
    }

    pub(super) fn audit(
        &self,
        out: &mut Outcome,
        entity: Entity,
        id: Id,
        action: &str,
        changes: Vec<crate::audit::FieldChange>,
    ) {
        out.audit.push(AuditEntry {
            entity,
            entity_id: id,
            action: action.into(),
            changes,
        });
    }

    /// A ledger move of a shipping document's line.
    fn document_move(
        &self,
        document: Id,
        line: usize,
        (product_id, warehouse_id): (Id, Id),
        qty: Decimal,
        kind: MoveKind,
        note: &str,
    ) -> StockMove {
        StockMove {
            id: ship::line_move_id(document, line),
            product_id,
            warehouse_id,
            qty,
            kind,
            note: note.to_string(),
            entry_id: document,
            meta: RowMeta::created(self.env),
        }
    }

    fn hold_of(&self, order: &Order, line: usize) -> Reservation {
        let l = &order.data.lines[line];
        Reservation {
            id: reservation_id(order.id, line),
            order_id: order.id,
            product_id: l.product_id,
            warehouse_id: l.warehouse_id,
            qty: order
                .stock
                .get(line)
                .map(|s| s.reserved)
                .unwrap_or_default(),
            meta: RowMeta::created(self.env),
        }
    }

    pub(super) fn ship_delivery(&self, id: Id, number: &str, data: &DeliveryData) -> R<Outcome> {
        self.need(perm::can_ship(self.actor()), Action::Ship)?;
        if self.reader.delivery(id)?.is_some() {
            return Err(DomainError::AlreadyExists {
                entity: Entity::Delivery,
                id,
            }
            .into());
        }
        if number.trim().is_empty() || number.len() > 40 {
            return Err(DomainError::field("number", ErrorCode::Required).into());
        }
        data.validate().map_err(invalid)?;
        let order = self.order_for_shipping(data.order_id)?;
        match order.status {
            OrderStatus::Approved => {
                let paid = crate::receivables::paid_total(&self.reader.payments_of(order.id)?);
                if !crate::order::released(&order, paid) {
                    return Err(refused(ShippingRefusal::AwaitingPayment));
                }
            }
            OrderStatus::PartiallyShipped => {}
            from => {
                return Err(DomainError::OrderTransition {
                    from,
                    action: OrderAction::ShipPart,
                }
                .into())
            }
        }
        self.live_warehouse(data.warehouse_id, "warehouse_id")?;
        ship::check_delivery(&order, data).map_err(refused)?;
        for p in &data.parcels {
            if let Some((other, number)) = self.reader.delivery_with_tracking(&p.tracking_no)? {
                if other != id {
                    return Err(refused(ShippingRefusal::TrackingUsed {
                        number: p.tracking_no.clone(),
                        delivery: number,
                    }));
                }
            }
        }
        // The ledger must have the goods too (the company's pool, re-checked on the server).
        let mut taking: HashMap<Id, Decimal> = HashMap::new();
        for (i, s) in data.lines.iter().enumerate() {
            let l = &order.data.lines[s.line];
            self.check_unit(&l.unit, s.qty, &format!("lines.{i}.qty"))?;
            *taking.entry(l.product_id).or_default() += s.qty;
            let on_hand = self
                .reader
                .stock_level(l.product_id, data.warehouse_id)?
                .on_hand;
            if taking[&l.product_id] > on_hand {
                return Err(refused(ShippingRefusal::MoreThanOnHand {
                    sku: l.sku.clone(),
                    on_hand,
                }));
            }
        }
        let after = ship::after_delivery(&order, data);
        let delivery = Delivery {
            id,
            number: number.to_string(),
            order_id: order.id,
            order_number: order.number.clone(),
            customer_id: order.data.customer_id,
            warehouse_id: data.warehouse_id,
            address: order.data.address.clone(),
            lines: data
                .lines
                .iter()
                .map(|s| {
                    let l = &order.data.lines[s.line];
                    DeliveryLine {
                        line: s.line,
                        product_id: l.product_id,
                        sku: l.sku.clone(),
                        name: l.name.clone(),
                        spec: l.spec.clone(),
                        unit: l.unit.clone(),
                        qty: s.qty,
                        returned: Decimal::ZERO,
                    }
                })
                .collect(),
            carrier: data.carrier,
            parcels: data
                .parcels
                .iter()
                .map(|p| ship::Parcel {
                    tracking_no: p.tracking_no.trim().to_string(),
                })
                .collect(),
            driver: data.driver.trim().to_string(),
            plate: data.plate.trim().to_string(),
            notes: data.notes.trim().to_string(),
            status: DeliveryStatus::Shipped,
            tracks: Vec::new(),
            alert_notes: Vec::new(),
            meta: RowMeta::created(self.env),
        };
        let mut out = Outcome::default();
        self.audit(
            &mut out,
            Entity::Delivery,
            id,
            "ship",
            diff(None, &delivery),
        );
        for (i, s) in data.lines.iter().enumerate() {
            let l = &order.data.lines[s.line];
            let mv = self.document_move(
                id,
                i,
                (l.product_id, data.warehouse_id),
                -s.qty,
                MoveKind::Shipment,
                number,
            );
            out.effects.push(Effect::PutStockMove(mv));
            out.effects
                .push(Effect::PutReservation(self.hold_of(&after, s.line)));
        }
        out.effects.push(Effect::PutDelivery(Box::new(delivery)));
        self.audit(
            &mut out,
            Entity::Order,
            order.id,
            "ship",
            diff(Some(&order), &after),
        );
        let mut after = after;
        after.meta = order.meta.touched(self.env);
        out.effects.push(Effect::PutOrder(Box::new(after)));
        Ok(out)
    }

    pub(super) fn close_order_rest(&self, id: Id, reason: &str) -> R<Outcome> {
        let order = self.order_for_shipping(id)?;
        let owner = self
            .reader
            .customer(order.data.customer_id)?
            .map(|c| c.owner_id)
            .unwrap_or(order.meta.created_by);
        // Whoever may change the order (its rep, their manager, an admin) or the warehouse.
        if !perm::can_ship(self.actor()) {
            self.check_owner(self.owner(owner)?, perm::can_edit_quote, Action::EditOrder)?;
        }
        if order.status != OrderStatus::PartiallyShipped {
            return Err(DomainError::OrderTransition {
                from: order.status,
                action: OrderAction::ShipAll,
            }
            .into());
        }
        if reason.trim().is_empty() {
            return Err(DomainError::field("reason", ErrorCode::Required).into());
        }
        let mut c = crate::validate::Checker::default();
        c.text("reason", reason, true, 200);
        c.finish().map_err(invalid)?;
        let mut after = ship::after_closing(&order, reason).map_err(refused)?;
        after.meta = order.meta.touched(self.env);
        let mut out = Outcome::default();
        for line in 0..order.data.lines.len() {
            out.effects
                .push(Effect::PutReservation(self.hold_of(&after, line)));
        }
        self.audit(
            &mut out,
            Entity::Order,
            id,
            "close_rest",
            diff(Some(&order), &after),
        );
        out.effects.push(Effect::PutOrder(Box::new(after)));
        Ok(out)
    }

    pub(super) fn return_goods(&self, id: Id, number: &str, data: &ReturnData) -> R<Outcome> {
        self.need(perm::can_ship(self.actor()), Action::Ship)?;
        if self.reader.return_exists(id)? {
            return Err(DomainError::AlreadyExists {
                entity: Entity::ReturnNote,
                id,
            }
            .into());
        }
        if number.trim().is_empty() || number.len() > 40 {
            return Err(DomainError::field("number", ErrorCode::Required).into());
        }
        data.validate().map_err(invalid)?;
        let delivery = self
            .reader
            .delivery(data.delivery_id)?
            .ok_or(DomainError::NotFound {
                entity: Entity::Delivery,
                id: data.delivery_id,
            })?;
        self.live_warehouse(data.warehouse_id, "warehouse_id")?;
        ship::check_return(&delivery, data).map_err(refused)?;
        let order = self.order_for_shipping(delivery.order_id)?;
        let mut after_delivery = delivery.clone();
        let mut after_order = order.clone();
        after_order
            .returned
            .resize(order.data.lines.len(), Decimal::ZERO);
        let mut out = Outcome::default();
        for (i, r) in data.lines.iter().enumerate() {
            let l = &mut after_delivery.lines[r.line];
            self.check_unit(&l.unit, r.qty, &format!("lines.{i}.qty"))?;
            l.returned += r.qty;
            if let Some(x) = after_order.returned.get_mut(l.line) {
                *x += r.qty;
            }
            let mv = self.document_move(
                id,
                i,
                (l.product_id, data.warehouse_id),
                r.qty,
                MoveKind::Return,
                number,
            );
            out.effects.push(Effect::PutStockMove(mv));
        }
        after_delivery.meta = delivery.meta.touched(self.env);
        after_order.meta = order.meta.touched(self.env);
        let note = ReturnNote {
            id,
            number: number.to_string(),
            order_id: order.id,
            customer_id: order.data.customer_id,
            data: ReturnData {
                reason: data.reason.trim().to_string(),
                ..data.clone()
            },
            meta: RowMeta::created(self.env),
        };
        self.audit(
            &mut out,
            Entity::ReturnNote,
            id,
            "return",
            diff(None, &note),
        );
        self.audit(
            &mut out,
            Entity::Order,
            order.id,
            "return",
            diff(Some(&order), &after_order),
        );
        out.effects.push(Effect::PutReturn(Box::new(note)));
        out.effects
            .push(Effect::PutDelivery(Box::new(after_delivery)));
        out.effects.push(Effect::PutOrder(Box::new(after_order)));
        Ok(out)
    }

    /// A note of what was done about a tracking alert closes it (whoever may act on the order
    /// or the warehouse). The key must name one of the delivery's parcels; a closed alert
    /// can't be closed twice.
    pub(super) fn close_track_alert(&self, delivery_id: Id, key: &str, note: &str) -> R<Outcome> {
        let delivery = self
            .reader
            .delivery(delivery_id)?
            .ok_or(DomainError::NotFound {
                entity: Entity::Delivery,
                id: delivery_id,
            })?;
        let order = self.order_for_shipping(delivery.order_id)?;
        if !perm::can_ship(self.actor()) {
            let owner = self
                .reader
                .customer(order.data.customer_id)?
                .map(|c| c.owner_id)
                .unwrap_or(order.meta.created_by);
            self.check_owner(self.owner(owner)?, perm::can_edit_quote, Action::EditOrder)?;
        }
        let mut c = crate::validate::Checker::default();
        c.text("note", note, true, ship::MAX_ALERT_NOTE);
        let parcel = ship::alert_parcel(&delivery, key)
            .unwrap_or_default()
            .to_string();
        if parcel.is_empty() {
            c.push("key", ErrorCode::UnknownChoice);
        } else if delivery.alert_notes.iter().any(|n| n.key == key) {
            c.push("key", ErrorCode::Duplicate);
        }
        c.finish().map_err(invalid)?;
        let mut after = delivery.clone();
        after.alert_notes.push(ship::AlertNote {
            key: key.to_string(),
            note: note.trim().to_string(),
            by: self.actor().user_id,
            at: crate::mutation::local_time(self.env.at_ms),
        });
        after.meta = delivery.meta.touched(self.env);
        let mut out = Outcome::default();
        self.audit(
            &mut out,
            Entity::Order,
            order.id,
            "alert_closed",
            vec![crate::audit::FieldChange {
                field: "alert".into(),
                before: parcel.into(),
                after: note.trim().into(),
            }],
        );
        out.effects.push(Effect::PutDelivery(Box::new(after)));
        Ok(out)
    }
}
