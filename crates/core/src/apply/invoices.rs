//! Invoice mutations: a request from shipped goods (each order line's invoiced quantity
//! grows), issuing or withdrawing it, and red-letter reversals of an issued invoice.

use super::{invalid, Ctx, Effect, Outcome, R};
use crate::audit::diff;
use crate::error::{Action, DomainError, Entity, ErrorCode};
use crate::ids::Id;
use crate::invoice::{
    red_lines, request_lines, tax_number_ok, Invoice, InvoiceAction, InvoiceRefusal,
    InvoiceRequestData, InvoiceStatus, Issued, RedLetterData, RedOf,
};
use crate::mutation::RowMeta;
use crate::order::{Order, OrderStatus};
use crate::permissions as perm;
use crate::validate::Checker;
use rust_decimal::Decimal;

fn refused(refusal: InvoiceRefusal) -> super::ApplyError {
    DomainError::Invoice { refusal }.into()
}

/// The platform's 发票流水号 is at most 20 characters.
fn check_number(number: &str) -> R<()> {
    if number.trim().is_empty() {
        return Err(DomainError::field("number", ErrorCode::Required).into());
    }
    if number.chars().count() > 20 {
        return Err(refused(InvoiceRefusal::NumberTooLong));
    }
    Ok(())
}

impl Ctx<'_> {
    fn new_invoice_id(&self, id: Id) -> R<()> {
        if self.reader.invoice(id)?.is_some() {
            return Err(DomainError::AlreadyExists {
                entity: Entity::Invoice,
                id,
            }
            .into());
        }
        Ok(())
    }

    fn existing_invoice(&self, id: Id) -> R<Invoice> {
        Ok(self.reader.invoice(id)?.ok_or(DomainError::NotFound {
            entity: Entity::Invoice,
            id,
        })?)
    }

    pub(super) fn request_invoice(
        &self,
        id: Id,
        number: &str,
        data: &InvoiceRequestData,
    ) -> R<Outcome> {
        self.need(perm::can_invoice(self.actor()), Action::Invoice)?;
        self.new_invoice_id(id)?;
        check_number(number)?;
        data.validate().map_err(invalid)?;
        let customer = self
            .reader
            .customer(data.customer_id)?
            .filter(|c| !c.deleted)
            .ok_or(DomainError::NotFound {
                entity: Entity::Customer,
                id: data.customer_id,
            })?;
        let buyer = customer
            .data
            .invoice
            .clone()
            .ok_or(refused(InvoiceRefusal::NoBuyerDetails))?;
        if buyer.title.trim().is_empty()
            || (buyer.kind == crate::customer::InvoiceKind::Special
                && buyer.tax_id.trim().is_empty())
        {
            return Err(refused(InvoiceRefusal::NoBuyerDetails));
        }
        let mut orders: Vec<Order> = Vec::new();
        for p in &data.lines {
            if orders.iter().any(|o| o.id == p.order_id) {
                continue;
            }
            let order = self
                .reader
                .order(p.order_id)?
                .ok_or(DomainError::NotFound {
                    entity: Entity::Order,
                    id: p.order_id,
                })?;
            if matches!(order.status, OrderStatus::Draft | OrderStatus::Cancelled) {
                return Err(DomainError::OrderTransition {
                    from: order.status,
                    action: crate::order::OrderAction::ShipPart,
                }
                .into());
            }
            orders.push(order);
        }
        let mut codes = std::collections::HashMap::new();
        for o in &orders {
            for l in &o.data.lines {
                if let Some(p) = self.reader.product(l.product_id)? {
                    codes.insert(l.product_id, p.data.tax_code.clone());
                }
            }
        }
        let on_order = self
            .reader
            .company()?
            .is_some_and(|c| c.profile.invoice_on_order);
        let (lines, after) = request_lines(customer.id, &orders, &data.lines, on_order, |p| {
            codes.get(&p).cloned()
        })
        .map_err(refused)?;
        let mut order_ids: Vec<Id> = Vec::new();
        for l in &lines {
            if !order_ids.contains(&l.order_id) {
                order_ids.push(l.order_id);
            }
        }
        let invoice = Invoice {
            id,
            number: number.trim().to_string(),
            customer_id: customer.id,
            kind: buyer.kind,
            buyer,
            tax_inclusive: orders.first().is_some_and(|o| o.data.tax_inclusive),
            lines,
            order_ids,
            status: InvoiceStatus::Requested,
            issued: None,
            red_of: None,
            reversed: Vec::new(),
            notes: data.notes.trim().to_string(),
            withdraw_reason: None,
            meta: RowMeta::created(self.env),
        };
        let mut out = Outcome::default();
        self.audit(
            &mut out,
            Entity::Invoice,
            id,
            "request",
            diff(None, &invoice),
        );
        self.put_orders(&mut out, &orders, after, "invoice");
        out.effects.push(Effect::PutInvoice(Box::new(invoice)));
        Ok(out)
    }

    /// The orders whose invoiced quantities changed, each once, with their history.
    fn put_orders(&self, out: &mut Outcome, before: &[Order], after: Vec<Order>, what: &str) {
        for mut o in after {
            let Some(b) = before.iter().find(|b| b.id == o.id) else {
                continue;
            };
            if b.invoiced == o.invoiced {
                continue;
            }
            self.audit(out, Entity::Order, o.id, what, diff(Some(b), &o));
            o.meta = b.meta.touched(self.env);
            out.effects.push(Effect::PutOrder(Box::new(o)));
        }
    }

    /// Gives back (or takes again) `qty` of each line of `invoice` on its orders.
    fn orders_less(&self, invoice: &Invoice, sign: Decimal) -> R<(Vec<Order>, Vec<Order>)> {
        let mut before: Vec<Order> = Vec::new();
        for oid in &invoice.order_ids {
            if let Some(o) = self.reader.order(*oid)? {
                before.push(o);
            }
        }
        let mut after = before.clone();
        for l in &invoice.lines {
            if let Some(o) = after.iter_mut().find(|o| o.id == l.order_id) {
                let n = o.data.lines.len();
                if o.invoiced.len() < n {
                    o.invoiced.resize(n, Decimal::ZERO);
                }
                if let Some(q) = o.invoiced.get_mut(l.line) {
                    *q = (*q + sign * l.qty).max(Decimal::ZERO);
                }
            }
        }
        Ok((before, after))
    }

    pub(super) fn red_letter(&self, id: Id, number: &str, data: &RedLetterData) -> R<Outcome> {
        self.need(perm::can_invoice(self.actor()), Action::Invoice)?;
        self.new_invoice_id(id)?;
        check_number(number)?;
        data.validate().map_err(invalid)?;
        let original = self.existing_invoice(data.invoice_id)?;
        let (lines, original_after) =
            red_lines(&original, data.reason, &data.lines).map_err(refused)?;
        let red = Invoice {
            id,
            number: number.trim().to_string(),
            lines,
            status: InvoiceStatus::Requested,
            issued: None,
            red_of: Some(RedOf {
                invoice_id: original.id,
                request_number: original.number.clone(),
                tax_number: original
                    .issued
                    .as_ref()
                    .map(|i| i.number.clone())
                    .unwrap_or_default(),
                reason: data.reason,
            }),
            reversed: Vec::new(),
            notes: String::new(),
            withdraw_reason: None,
            meta: RowMeta::created(self.env),
            ..original.clone()
        };
        let mut out = Outcome::default();
        self.audit(
            &mut out,
            Entity::Invoice,
            id,
            "red_letter",
            diff(None, &red),
        );
        self.audit(
            &mut out,
            Entity::Invoice,
            original.id,
            "reversed",
            diff(Some(&original), &original_after),
        );
        let mut original_after = original_after;
        original_after.meta = original.meta.touched(self.env);
        out.effects
            .push(Effect::PutInvoice(Box::new(original_after)));
        out.effects.push(Effect::PutInvoice(Box::new(red)));
        Ok(out)
    }

    pub(super) fn invoice_act(&self, id: Id, action: &InvoiceAction) -> R<Outcome> {
        self.need(perm::can_invoice(self.actor()), Action::Invoice)?;
        let invoice = self.existing_invoice(id)?;
        if invoice.status != InvoiceStatus::Requested {
            return Err(refused(InvoiceRefusal::WrongState {
                state: invoice.state_label(crate::Lang::Zh).into(),
            }));
        }
        let mut after = invoice.clone();
        after.meta = invoice.meta.touched(self.env);
        let mut out = Outcome::default();
        match action {
            InvoiceAction::Issue { number, date } => {
                let number = number.trim();
                if !tax_number_ok(number, *date) {
                    return Err(DomainError::field("tax_number", ErrorCode::InvalidTaxCode).into());
                }
                if *date > self.env.local_date() {
                    return Err(DomainError::field("date", ErrorCode::DateInFuture).into());
                }
                if *date < crate::mutation::local_date(invoice.meta.created_at) {
                    return Err(DomainError::field("date", ErrorCode::OutOfRange).into());
                }
                if let Some(other) = self.reader.invoice_with_tax_number(number)? {
                    if other != id {
                        return Err(refused(InvoiceRefusal::NumberUsed {
                            number: number.into(),
                        }));
                    }
                }
                after.status = InvoiceStatus::Issued;
                after.issued = Some(Issued {
                    number: number.into(),
                    date: *date,
                });
                // A red-letter invoice gives its goods back to the orders once issued.
                if invoice.is_red() {
                    let (before, orders) = self.orders_less(&invoice, Decimal::ONE)?;
                    self.put_orders(&mut out, &before, orders, "invoice_reversed");
                }
            }
            InvoiceAction::Withdraw { reason } => {
                let mut c = Checker::default();
                c.text("reason", reason, true, 200);
                c.finish().map_err(invalid)?;
                after.status = InvoiceStatus::Withdrawn;
                after.withdraw_reason = Some(reason.trim().to_string());
                if let Some(red) = &invoice.red_of {
                    // The original's lines may be reversed again.
                    let original = self.existing_invoice(red.invoice_id)?;
                    let mut o = original.clone();
                    for l in &invoice.lines {
                        let at = original
                            .lines
                            .iter()
                            .position(|x| x.order_id == l.order_id && x.line == l.line);
                        if let Some(q) = at.and_then(|i| o.reversed.get_mut(i)) {
                            *q = (*q + l.qty).max(Decimal::ZERO);
                        }
                    }
                    o.meta = original.meta.touched(self.env);
                    out.effects.push(Effect::PutInvoice(Box::new(o)));
                } else {
                    let (before, orders) = self.orders_less(&invoice, -Decimal::ONE)?;
                    self.put_orders(&mut out, &before, orders, "invoice_withdrawn");
                }
            }
        }
        self.audit(
            &mut out,
            Entity::Invoice,
            id,
            match action {
                InvoiceAction::Issue { .. } => "issue",
                InvoiceAction::Withdraw { .. } => "withdraw",
            },
            diff(Some(&invoice), &after),
        );
        out.effects.push(Effect::PutInvoice(Box::new(after)));
        Ok(out)
    }
}
