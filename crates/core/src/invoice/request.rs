//! An invoice request: which shipped goods of which orders go on it. Its lines take the
//! orders' names, prices and rates and the products' 税收分类编码; each order line's
//! invoiced quantity grows by what the request takes.

use super::{piece_amounts, InvoiceLine, InvoiceRefusal};
use crate::error::ErrorCode;
use crate::ids::Id;
use crate::order::Order;
use crate::validate::Checker;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Most lines one invoice takes (the platform fails above 2,000 detail rows).
pub const MAX_LINES: usize = 500;

/// `qty` of an order's line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoicePick {
    pub order_id: Id,
    pub line: usize,
    pub qty: Decimal,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceRequestData {
    pub customer_id: Id,
    pub lines: Vec<InvoicePick>,
    /// 备注 for the invoice (the batch file adds the request's number to it).
    #[serde(default)]
    pub notes: String,
}

impl InvoiceRequestData {
    /// Shape checks: some lines, positive quantities, no order line twice, a short 备注.
    pub fn validate(&self) -> Result<(), Vec<crate::FieldError>> {
        let mut c = Checker::default();
        if self.lines.is_empty() {
            c.push("lines", ErrorCode::Required);
        } else if self.lines.len() > MAX_LINES {
            c.push("lines", ErrorCode::TooMany { max: MAX_LINES });
        }
        for (i, p) in self.lines.iter().enumerate() {
            if p.qty <= Decimal::ZERO {
                c.push(format!("lines.{i}.qty"), ErrorCode::MustBePositive);
            } else if p.qty.scale() > 3 {
                c.push(
                    format!("lines.{i}.qty"),
                    ErrorCode::TooManyDecimals { max: 3 },
                );
            }
            if self.lines[..i]
                .iter()
                .any(|q| q.order_id == p.order_id && q.line == p.line)
            {
                c.push(format!("lines.{i}.line"), ErrorCode::Duplicate);
            }
        }
        // 备注 is 230 characters on the platform; the request number takes 24 of them.
        c.text("notes", &self.notes, false, 200);
        c.finish()
    }
}

/// What of each line of `order` may still be invoiced (`on_order`: the company invoices
/// ordered goods, not only shipped ones).
pub fn invoiceable(order: &Order, on_order: bool) -> Vec<Decimal> {
    (0..order.data.lines.len())
        .map(|i| order.invoiceable_on(i, on_order))
        .collect()
}

/// The lines of a request for `customer` over `orders` (each order the request names, once),
/// with `tax_code` of each product; the orders after it, with their invoiced quantities grown.
pub fn request_lines(
    customer: Id,
    orders: &[Order],
    picks: &[InvoicePick],
    on_order: bool,
    tax_code: impl Fn(Id) -> Option<String>,
) -> Result<(Vec<InvoiceLine>, Vec<Order>), InvoiceRefusal> {
    let mut after: Vec<Order> = orders.to_vec();
    for o in &after {
        if o.data.customer_id != customer {
            return Err(InvoiceRefusal::OtherCustomer {
                order: o.number.clone(),
            });
        }
    }
    if after
        .windows(2)
        .any(|w| w[0].data.tax_inclusive != w[1].data.tax_inclusive)
    {
        return Err(InvoiceRefusal::MixedPriceBasis);
    }
    let mut lines = Vec::with_capacity(picks.len());
    for p in picks {
        let Some(order) = after.iter_mut().find(|o| o.id == p.order_id) else {
            continue;
        };
        let Some(l) = order.data.lines.get(p.line).cloned() else {
            return Err(InvoiceRefusal::MoreThanInvoiceable {
                order: order.number.clone(),
                sku: String::new(),
                left: Decimal::ZERO,
            });
        };
        let left = order.invoiceable_on(p.line, on_order);
        if p.qty > left {
            return Err(InvoiceRefusal::MoreThanInvoiceable {
                order: order.number.clone(),
                sku: l.sku.clone(),
                left: left.max(Decimal::ZERO),
            });
        }
        let code = tax_code(l.product_id)
            .filter(|c| !c.trim().is_empty())
            .ok_or_else(|| InvoiceRefusal::NoTaxCode { sku: l.sku.clone() })?;
        let n = order.data.lines.len();
        if order.invoiced.len() < n {
            order.invoiced.resize(n, Decimal::ZERO);
        }
        let before = order.invoiced[p.line];
        let money = piece_amounts(
            l.qty * l.unit_price,
            l.qty,
            before,
            p.qty,
            l.tax_rate,
            order.data.tax_inclusive,
        );
        order.invoiced[p.line] = before + p.qty;
        lines.push(InvoiceLine {
            order_id: order.id,
            order_number: order.number.clone(),
            line: p.line,
            product_id: l.product_id,
            name: l.name.clone(),
            spec: l.spec.clone(),
            unit: l.unit.clone(),
            tax_code: code.trim().to_string(),
            qty: p.qty,
            unit_price: l.unit_price,
            rate: l.tax_rate,
            amount: money.net,
            tax: money.tax,
        });
    }
    Ok((lines, after))
}
