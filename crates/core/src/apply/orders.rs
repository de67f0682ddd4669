//! Order mutations: save a draft, then submit (reserve stock, check credit), approve, reject
//! (releases the stock), cancel (releases it), complete. Shipments arrive with their issue.

use super::{invalid, Ctx, Effect, Outcome, R};
use crate::audit::{diff, AuditEntry};
use crate::error::{Action, DomainError, Entity, ErrorCode};
use crate::ids::Id;
use crate::mutation::RowMeta;
use crate::order::{
    next_status, reservation_id, LineStock, Order, OrderAction, OrderData, Reservation,
};
use crate::permissions::{self as perm, Owner};
use crate::quote::QuoteStatus;
use rust_decimal::Decimal;
use std::collections::HashMap;

impl Ctx<'_> {
    /// The order's customer's owner (orders follow their customer, like quotes).
    fn order_owner(&self, customer: Id) -> R<(Id, String)> {
        let owner = self
            .reader
            .customer(customer)?
            .map(|c| c.owner_id)
            .unwrap_or(self.actor().user_id);
        self.owner(owner)
    }

    fn put_order(&self, out: &mut Outcome, before: Option<&Order>, after: Order, action: &str) {
        out.audit.push(AuditEntry {
            entity: Entity::Order,
            entity_id: after.id,
            action: action.into(),
            changes: diff(before, &after),
        });
        out.effects.push(Effect::PutOrder(Box::new(after)));
    }

    pub(super) fn save_order(&self, id: Id, number: &str, data: &OrderData) -> R<Outcome> {
        let customer = self.document_customer(data.customer_id)?;
        self.check_owner(
            self.owner(customer.owner_id)?,
            perm::can_edit_quote,
            Action::EditOrder,
        )?;
        data.validate().map_err(invalid)?;
        let mut data = data.clone();
        for (i, line) in data.lines.iter_mut().enumerate() {
            let p = self.live_product(line.product_id, &format!("lines.{i}.product"))?;
            self.check_unit(&p.data.unit, line.qty, &format!("lines.{i}.qty"))?;
            self.live_warehouse(line.warehouse_id, &format!("lines.{i}.warehouse_id"))?;
            line.sku = p.data.sku.clone();
            line.name = p.data.name.clone();
            line.spec = p.data.spec.clone();
            line.unit = p.data.unit.clone();
        }
        let lines: Vec<(Id, Decimal)> = data.lines.iter().map(|l| (l.product_id, l.qty)).collect();
        self.check_limits(data.customer_id, &lines, id)?;
        if let Some(q) = data.quote_id {
            match self.reader.quote(q)? {
                Some(quote)
                    if quote.status == QuoteStatus::Accepted
                        && quote.data.customer_id == data.customer_id => {}
                _ => return Err(DomainError::field("quote_id", ErrorCode::UnknownChoice).into()),
            }
        }
        let before = self.reader.order(id)?;
        let after = match &before {
            Some(b) => {
                if b.status != crate::order::OrderStatus::Draft {
                    return Err(DomainError::OrderTransition {
                        from: b.status,
                        action: OrderAction::Submit,
                    }
                    .into());
                }
                Order {
                    data,
                    meta: b.meta.touched(self.env),
                    ..b.clone()
                }
            }
            None => {
                if number.trim().is_empty() || number.len() > 40 {
                    return Err(DomainError::field("number", ErrorCode::Required).into());
                }
                Order {
                    id,
                    number: number.to_string(),
                    data,
                    status: crate::order::OrderStatus::Draft,
                    stock: Vec::new(),
                    over_credit: false,
                    credit: Default::default(),
                    reject_reason: None,
                    approved_by: None,
                    shipped: Vec::new(),
                    returned: Vec::new(),
                    closed: Vec::new(),
                    close_reason: None,
                    invoiced: Vec::new(),
                    meta: RowMeta::created(self.env),
                }
            }
        };
        let mut out = Outcome::default();
        let action = if before.is_some() { "update" } else { "create" };
        self.put_order(&mut out, before.as_ref(), after, action);
        Ok(out)
    }

    pub(super) fn order_act(&self, id: Id, action: OrderAction, reason: &str) -> R<Outcome> {
        let before = self.reader.order(id)?.ok_or(DomainError::NotFound {
            entity: Entity::Order,
            id,
        })?;
        let (rule, what): (fn(&crate::Actor, Owner) -> bool, _) = match action {
            OrderAction::Approve | OrderAction::Reject => (perm::can_approve, Action::ApproveOrder),
            _ => (perm::can_edit_quote, Action::EditOrder),
        };
        self.check_owner(self.order_owner(before.data.customer_id)?, rule, what)?;
        let refused = DomainError::OrderTransition {
            from: before.status,
            action,
        };
        // Goods leave with shipments (their own documents), never by a status change.
        if matches!(action, OrderAction::ShipPart | OrderAction::ShipAll) {
            return Err(refused.into());
        }
        let to = next_status(before.status, action).ok_or(refused)?;
        let mut after = before.clone();
        after.status = to;
        after.meta = before.meta.touched(self.env);
        let mut out = Outcome::default();
        match action {
            OrderAction::Submit => {
                if before.data.lines.is_empty() {
                    return Err(DomainError::EmptyOrder.into());
                }
                after.stock = self.reserve(&before, &mut out)?;
                after.reject_reason = None;
                let limit = self
                    .reader
                    .customer(before.data.customer_id)?
                    .map(|c| c.data.credit_limit)
                    .unwrap_or_default();
                let mut open = Vec::new();
                for o in self.reader.receivable_orders(before.data.customer_id)? {
                    let paid = crate::receivables::paid_total(&self.reader.payments_of(o.id)?);
                    open.push((o, paid));
                }
                let on_account: crate::Money = self
                    .reader
                    .customer_ledger(before.data.customer_id)?
                    .payments
                    .iter()
                    .filter(|p| p.data.order_id.is_none())
                    .map(|p| p.data.amount)
                    .sum();
                after.credit = crate::order::CreditCheck::new(limit, &open, on_account, &before);
                after.over_credit = after.credit.exceeded_by(before.total());
            }
            OrderAction::Approve => after.approved_by = Some(self.actor().user_id),
            OrderAction::Reject => {
                if reason.trim().is_empty() {
                    return Err(DomainError::field("reason", ErrorCode::Required).into());
                }
                self.release(&before, &mut out);
                after.stock.clear();
                after.reject_reason = Some(reason.trim().to_string());
            }
            OrderAction::Cancel => {
                let paid = crate::receivables::paid_total(&self.reader.payments_of(before.id)?);
                if paid != crate::Money::ZERO {
                    return Err(DomainError::Payment {
                        refusal: crate::receivables::PaymentRefusal::PaidOrderCancel { paid },
                    }
                    .into());
                }
                if before.status.holds_stock() {
                    self.release(&before, &mut out);
                }
                after.stock.clear();
            }
            _ => {}
        }
        let name = format!("{action:?}").to_lowercase();
        self.put_order(&mut out, Some(&before), after, &name);
        Ok(out)
    }

    /// Holds each line from this desk's quota first, then from what the pool has; the rest is
    /// 缺货 with its quantity (待确认 on a desk selling the product on quota, until the server
    /// answers — see `quota::split_line`).
    fn reserve(&self, order: &Order, out: &mut Outcome) -> R<Vec<LineStock>> {
        let live = self.reader.live_pool();
        let device = self.actor().device_id;
        // What earlier lines of this order took, per product × warehouse: (pool, quota).
        let mut taken: HashMap<(Id, Id), (Decimal, Decimal)> = HashMap::new();
        let mut stock = Vec::with_capacity(order.data.lines.len());
        for (i, line) in order.data.lines.iter().enumerate() {
            let key = (line.product_id, line.warehouse_id);
            let level = self
                .reader
                .stock_level(line.product_id, line.warehouse_id)?;
            let mut own = self
                .reader
                .desk_quota(device, line.product_id, line.warehouse_id)?;
            let (pool_taken, quota_taken) = taken.get(&key).copied().unwrap_or_default();
            own.outstanding -= quota_taken;
            let free = (level.available() - pool_taken).max(Decimal::ZERO);
            let s = crate::quota::split_line(line.qty, own, free, live);
            let t = taken.entry(key).or_default();
            t.0 += s.reserved - s.quota;
            t.1 += s.quota;
            if s.quota > Decimal::ZERO {
                self.use_quota(out, (order.id, i), key, s.quota);
            }
            self.put_reservation(out, order, i, s.reserved);
            stock.push(s);
        }
        Ok(stock)
    }

    fn release(&self, order: &Order, out: &mut Outcome) {
        for i in 0..order.data.lines.len() {
            self.put_reservation(out, order, i, Decimal::ZERO);
        }
    }

    fn put_reservation(&self, out: &mut Outcome, order: &Order, line: usize, qty: Decimal) {
        let l = &order.data.lines[line];
        out.effects.push(Effect::PutReservation(Reservation {
            id: reservation_id(order.id, line),
            order_id: order.id,
            product_id: l.product_id,
            warehouse_id: l.warehouse_id,
            qty,
            meta: RowMeta::created(self.env),
        }));
    }
}

impl Ctx<'_> {
    /// 限购 on a quote's or an order's lines: per product, this document's quantity against
    /// the per-order maximum, and with the customer's other live orders in the period against
    /// the per-period maximum.
    pub(super) fn check_limits(&self, customer: Id, lines: &[(Id, Decimal)], except: Id) -> R<()> {
        let mut per_product: Vec<(Id, Decimal)> = Vec::new();
        for (product, qty) in lines {
            match per_product.iter_mut().find(|(p, _)| p == product) {
                Some((_, q)) => *q += *qty,
                None => per_product.push((*product, *qty)),
            }
        }
        for (product, qty) in per_product {
            let Some(p) = self.reader.product(product)? else {
                continue;
            };
            let Some(limit) = &p.data.limit else { continue };
            let since = self.env.at_ms - i64::from(limit.period_days) * 86_400_000;
            let already: Decimal = if limit.per_period.is_some() {
                self.reader
                    .ordered_qty(customer, product, since, except)?
                    .into_iter()
                    .sum()
            } else {
                Decimal::ZERO
            };
            crate::order::check_limit(limit, qty, already).map_err(|breach| {
                DomainError::PurchaseLimit {
                    sku: p.data.sku.clone(),
                    breach,
                }
            })?;
        }
        Ok(())
    }
}
