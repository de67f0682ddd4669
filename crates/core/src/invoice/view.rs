//! What finance's invoice screens show: the 待开票 queue (orders with shipped goods not yet
//! invoiced) and the invoice list.

use super::{Invoice, InvoiceStatus, RedPick};
use crate::customer::InvoiceKind;
use crate::ids::Id;
use crate::money::Money;
use crate::order::Order;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// One order line in the 待开票 queue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueLine {
    pub line: usize,
    pub sku: String,
    pub name: String,
    pub spec: String,
    pub unit: String,
    /// Shipped less returned.
    pub shipped: Decimal,
    pub invoiced: Decimal,
    /// May still be invoiced (negative: invoiced beyond what was kept — a red-letter is due).
    pub left: Decimal,
    pub unit_price: Decimal,
}

/// An order with shipped goods not (or over-) invoiced.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueOrder {
    pub order_id: Id,
    pub order_number: String,
    pub customer_id: Id,
    pub customer_name: String,
    pub rep_name: String,
    pub tax_inclusive: bool,
    pub lines: Vec<QueueLine>,
    /// The value of what is left to invoice, on the order's price basis (to the fen).
    pub value_left: Money,
}

impl QueueOrder {
    /// The queue's row of `order`, or `None` when everything shipped is invoiced.
    pub fn of(
        order: &Order,
        customer_name: String,
        rep_name: String,
        on_order: bool,
    ) -> Option<QueueOrder> {
        let lines: Vec<QueueLine> = order
            .data
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let at = |v: &[Decimal]| v.get(i).copied().unwrap_or_default();
                QueueLine {
                    line: i,
                    sku: l.sku.clone(),
                    name: l.name.clone(),
                    spec: l.spec.clone(),
                    unit: l.unit.clone(),
                    shipped: at(&order.shipped) - at(&order.returned),
                    invoiced: at(&order.invoiced),
                    left: order.invoiceable_on(i, on_order),
                    unit_price: l.unit_price,
                }
            })
            .filter(|l| !l.left.is_zero())
            .collect();
        if lines.is_empty() {
            return None;
        }
        let value_left = lines.iter().fold(Money::ZERO, |a, l| {
            Money::round(a.decimal() + l.left * l.unit_price)
        });
        Some(QueueOrder {
            order_id: order.id,
            order_number: order.number.clone(),
            customer_id: order.data.customer_id,
            customer_name,
            rep_name,
            tax_inclusive: order.data.tax_inclusive,
            lines,
            value_left,
        })
    }
}

/// A row of the invoice list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceRow {
    pub id: Id,
    pub number: String,
    pub customer_id: Id,
    pub customer_name: String,
    pub kind: InvoiceKind,
    pub status: InvoiceStatus,
    /// 待开票 / 已开票 / 部分红冲 / 已红冲 / 已撤回, in the user's language.
    pub state: String,
    pub tax_number: String,
    pub issued_on: Option<NaiveDate>,
    pub total: Money,
    /// On a red-letter invoice: the original's request number and the reason.
    pub red_of: Option<String>,
    pub red_reason: Option<String>,
    pub orders: Vec<String>,
}

impl InvoiceRow {
    pub fn of(i: &Invoice, customer_name: String, lang: crate::Lang) -> InvoiceRow {
        let mut orders: Vec<String> = Vec::new();
        for l in &i.lines {
            if !orders.contains(&l.order_number) {
                orders.push(l.order_number.clone());
            }
        }
        InvoiceRow {
            id: i.id,
            number: i.number.clone(),
            customer_id: i.customer_id,
            customer_name,
            kind: i.kind,
            status: i.status,
            state: i.state_label(lang).into(),
            tax_number: i
                .issued
                .as_ref()
                .map(|x| x.number.clone())
                .unwrap_or_default(),
            issued_on: i.issued.as_ref().map(|x| x.date),
            total: i.total(),
            red_of: i.red_of.as_ref().map(|r| r.request_number.clone()),
            red_reason: i.red_of.as_ref().map(|r| r.reason.label(lang).into()),
            orders,
        }
    }
}

/// One invoice with what hangs off it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceView {
    pub invoice: Invoice,
    pub row: InvoiceRow,
    /// Red-letter invoices of it.
    pub reds: Vec<InvoiceRow>,
    /// What returns of its orders propose to reverse (销货退回), line by line.
    pub proposal: Vec<RedPick>,
}
