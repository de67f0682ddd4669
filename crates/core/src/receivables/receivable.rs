//! 应收: what a customer owes for goods that left. Every delivery is a receivable worth the
//! goods it shipped (tax included, on the order's prices), due by the order's terms; every
//! return is a credit (a negative receivable) of the same order.
//!
//! Receivables are derived from the deliveries and returns themselves, not stored apart: a
//! receivable's id is its document's id, so a desk and the server derive the same ones from
//! the same synced rows and nothing can drift between a document and what it is owed for.

use crate::ids::Id;
use crate::money::Money;
use crate::mutation::local_date;
use crate::order::{Order, PaymentTerms};
use crate::shipping::{Delivery, ReturnNote};
use chrono::{Datelike, Days, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReceivableKind {
    /// Goods shipped by a delivery (发货单).
    Delivery,
    /// Goods taken back by a return note (退货单): a credit.
    Return,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receivable {
    /// The delivery's or return note's id.
    pub id: Id,
    pub kind: ReceivableKind,
    /// FH-… or TH-…
    pub number: String,
    pub order_id: Id,
    pub order_number: String,
    pub customer_id: Id,
    /// The document's day (Asia/Shanghai).
    pub date: NaiveDate,
    pub due: NaiveDate,
    /// Negative for a return.
    pub amount: Money,
}

/// When goods shipped on `shipped` must be paid for under `terms`.
///
/// 月结 N 天 is the end of the month of shipping plus N days (what 月结 means to finance: the
/// month's deliveries are settled together). 货到付款 is due on delivery, and the day it
/// ships is the day it is due as far as the books know. 款到发货 and 预付 wanted the money
/// before shipping: whatever is still open when the goods leave is due at once (overdue the
/// next day).
pub fn due_date(terms: PaymentTerms, shipped: NaiveDate) -> NaiveDate {
    match terms {
        PaymentTerms::Net { days } => end_of_month(shipped)
            .checked_add_days(Days::new(days as u64))
            .unwrap_or(shipped),
        PaymentTerms::PayBeforeShipping
        | PaymentTerms::Prepay { .. }
        | PaymentTerms::CashOnDelivery => shipped,
    }
}

fn end_of_month(d: NaiveDate) -> NaiveDate {
    let (y, m) = if d.month() == 12 {
        (d.year() + 1, 1)
    } else {
        (d.year(), d.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)
        .and_then(|first| first.pred_opt())
        .unwrap_or(d)
}

/// The value of `qty` of an order line worth `gross` for `ordered`, rounded half-up to the
/// fen.
fn value(gross: Money, ordered: Decimal, qty: Decimal) -> Money {
    if ordered.is_zero() {
        return Money::ZERO;
    }
    Money::round(gross.decimal() * qty / ordered)
}

/// The receivables of one order: each delivery (oldest first) and each return. A line's
/// value is split by cumulative quantity — each document is worth the value of everything
/// shipped (or returned) up to it less the value before it — so the deliveries of a fully
/// shipped line add up to exactly its amount, whatever the rounding of each.
pub fn order_receivables(
    order: &Order,
    deliveries: &[Delivery],
    returns: &[ReturnNote],
) -> Vec<Receivable> {
    let gross = order.line_amounts();
    let ordered: Vec<Decimal> = order.data.lines.iter().map(|l| l.qty).collect();
    let worth =
        |line: usize, before: Decimal, now: Decimal| match (gross.get(line), ordered.get(line)) {
            (Some(g), Some(o)) => value(*g, *o, before + now) - value(*g, *o, before),
            _ => Money::ZERO,
        };
    let mut sorted: Vec<&Delivery> = deliveries.iter().collect();
    sorted.sort_by_key(|d| (d.meta.created_at, d.number.clone()));
    let mut out = Vec::new();
    let mut shipped: HashMap<usize, Decimal> = HashMap::new();
    for d in &sorted {
        let mut amount = Money::ZERO;
        for l in &d.lines {
            let before = shipped.get(&l.line).copied().unwrap_or_default();
            amount = amount + worth(l.line, before, l.qty);
            shipped.insert(l.line, before + l.qty);
        }
        let date = local_date(d.meta.created_at);
        out.push(Receivable {
            id: d.id,
            kind: ReceivableKind::Delivery,
            number: d.number.clone(),
            order_id: order.id,
            order_number: order.number.clone(),
            customer_id: order.data.customer_id,
            date,
            due: due_date(order.data.terms, date),
            amount,
        });
    }
    let mut sorted: Vec<&ReturnNote> = returns.iter().collect();
    sorted.sort_by_key(|r| (r.meta.created_at, r.number.clone()));
    let mut returned: HashMap<usize, Decimal> = HashMap::new();
    for r in sorted {
        let Some(d) = deliveries.iter().find(|d| d.id == r.data.delivery_id) else {
            continue;
        };
        let mut amount = Money::ZERO;
        for l in &r.data.lines {
            let Some(line) = d.lines.get(l.line).map(|dl| dl.line) else {
                continue;
            };
            let before = returned.get(&line).copied().unwrap_or_default();
            amount = amount + worth(line, before, l.qty);
            returned.insert(line, before + l.qty);
        }
        let date = local_date(r.meta.created_at);
        out.push(Receivable {
            id: r.id,
            kind: ReceivableKind::Return,
            number: r.number.clone(),
            order_id: order.id,
            order_number: order.number.clone(),
            customer_id: order.data.customer_id,
            date,
            due: date,
            amount: -amount,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_dates_of_every_term_template() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let table = [
            (PaymentTerms::Net { days: 30 }, "2026-11-05", "2026-12-30"),
            (PaymentTerms::Net { days: 30 }, "2026-11-30", "2026-12-30"),
            (PaymentTerms::Net { days: 60 }, "2026-12-31", "2027-03-01"),
            (PaymentTerms::Net { days: 30 }, "2028-02-10", "2028-03-30"),
            (PaymentTerms::CashOnDelivery, "2026-11-05", "2026-11-05"),
            (PaymentTerms::PayBeforeShipping, "2026-11-05", "2026-11-05"),
            (
                PaymentTerms::Prepay { percent: 30 },
                "2026-11-05",
                "2026-11-05",
            ),
        ];
        for (terms, shipped, due) in table {
            assert_eq!(due_date(terms, d(shipped)), d(due), "{terms:?} {shipped}");
        }
        for t in PaymentTerms::TEMPLATES {
            assert!(due_date(t, d("2026-11-05")) >= d("2026-11-05"), "{t:?}");
        }
    }
}
