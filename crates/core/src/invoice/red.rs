//! Red-letter (红字) invoices: all or part of an issued invoice reversed, with a reason. The
//! reversal is a negative invoice request pointing to the original; the original's lines count
//! what red-letter requests took, so nothing is reversed twice.

use super::{piece_amounts, Invoice, InvoiceLine, InvoiceRefusal, InvoiceStatus, RedReason};
use crate::error::ErrorCode;
use crate::ids::Id;
use crate::money::Money;
use crate::validate::Checker;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// `qty` of the original invoice's line `line` (0-based), reversed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RedPick {
    pub line: usize,
    pub qty: Decimal,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RedLetterData {
    pub invoice_id: Id,
    pub reason: RedReason,
    pub lines: Vec<RedPick>,
}

impl RedLetterData {
    pub fn validate(&self) -> Result<(), Vec<crate::FieldError>> {
        let mut c = Checker::default();
        if self.lines.is_empty() {
            c.push("lines", ErrorCode::Required);
        }
        for (i, p) in self.lines.iter().enumerate() {
            if p.qty <= Decimal::ZERO {
                c.push(format!("lines.{i}.qty"), ErrorCode::MustBePositive);
            }
            if self.lines[..i].iter().any(|q| q.line == p.line) {
                c.push(format!("lines.{i}.line"), ErrorCode::Duplicate);
            }
        }
        c.finish()
    }
}

/// The lines of a red-letter invoice reversing `picks` of `original`, and the original with
/// what is reversed grown.
pub fn red_lines(
    original: &Invoice,
    reason: RedReason,
    picks: &[RedPick],
) -> Result<(Vec<InvoiceLine>, Invoice), InvoiceRefusal> {
    if original.status != InvoiceStatus::Issued || original.is_red() {
        return Err(InvoiceRefusal::WrongState {
            state: original.state_label(crate::Lang::Zh).into(),
        });
    }
    let mut after = original.clone();
    after.reversed.resize(original.lines.len(), Decimal::ZERO);
    if !reason.allows_part() {
        let whole = original.reversed.iter().all(|q| q.is_zero())
            && original
                .lines
                .iter()
                .enumerate()
                .all(|(i, l)| picks.iter().any(|p| p.line == i && p.qty == l.qty));
        if !whole {
            return Err(InvoiceRefusal::WholeOnly);
        }
    }
    let mut lines = Vec::with_capacity(picks.len());
    for p in picks {
        let Some(l) = original.lines.get(p.line) else {
            return Err(InvoiceRefusal::MoreThanReversible {
                name: String::new(),
                left: Decimal::ZERO,
            });
        };
        let before = after.reversed[p.line];
        let left = l.qty - before;
        if p.qty > left {
            return Err(InvoiceRefusal::MoreThanReversible {
                name: l.name.clone(),
                left,
            });
        }
        let whole = l.stated_amount(original.tax_inclusive).decimal();
        let money = piece_amounts(whole, l.qty, before, p.qty, l.rate, original.tax_inclusive);
        after.reversed[p.line] = before + p.qty;
        lines.push(InvoiceLine {
            qty: -p.qty,
            amount: Money::round(-money.net.decimal()),
            tax: Money::round(-money.tax.decimal()),
            ..l.clone()
        });
    }
    Ok((lines, after))
}

/// What a return proposes to reverse on `invoice` (销货退回): of each of its lines from
/// `order`, what the order now has invoiced beyond what it shipped less returned, as far as
/// the invoice still has it unreversed.
pub fn red_proposal(
    order: &crate::order::Order,
    invoice: &Invoice,
    on_order: bool,
) -> Vec<RedPick> {
    let mut over: Vec<Decimal> = (0..order.data.lines.len())
        .map(|i| (-order.invoiceable_on(i, on_order)).max(Decimal::ZERO))
        .collect();
    let mut out = Vec::new();
    for (i, l) in invoice.lines.iter().enumerate() {
        if l.order_id != order.id {
            continue;
        }
        let left = l.qty - invoice.reversed.get(i).copied().unwrap_or_default();
        let Some(o) = over.get_mut(l.line) else {
            continue;
        };
        let qty = left.min(*o);
        if qty > Decimal::ZERO {
            *o -= qty;
            out.push(RedPick { line: i, qty });
        }
    }
    out
}
