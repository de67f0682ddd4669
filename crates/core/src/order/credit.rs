//! 信用额度: at submit, what the customer already owes plus this order against its credit
//! limit. What a customer owes is, over its live orders: goods shipped and not paid (the open
//! receivables) plus goods approved and not yet shipped, less what it paid in advance. Goods
//! closed without shipping or sent back are owed by nobody.

use super::{Order, OrderStatus};
use crate::money::Money;
use serde::{Deserialize, Serialize};

/// States whose orders can owe money: approved and on, signed for included (signed for is not
/// paid).
pub const RECEIVABLE: [OrderStatus; 4] = [
    OrderStatus::Approved,
    OrderStatus::PartiallyShipped,
    OrderStatus::Shipped,
    OrderStatus::Completed,
];

/// The figures the approver sees next to 超信用额度.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditCheck {
    /// Open receivables and approved, unshipped orders before this order, less advances.
    pub open: Money,
    pub limit: Money,
}

/// What one order still stands to be owed: its goods less those closed without shipping or
/// returned, valued at the order's prices (each line rounded like a receivable), less what
/// was paid for it. Negative when it was paid for more than it keeps (an advance).
pub fn exposure(order: &Order, paid: Money) -> Money {
    let at = |v: &[rust_decimal::Decimal], i: usize| v.get(i).copied().unwrap_or_default();
    let kept: Money = order
        .line_amounts()
        .into_iter()
        .enumerate()
        .map(|(i, gross)| {
            let ordered = order.data.lines[i].qty;
            let gone = at(&order.closed, i) + at(&order.returned, i);
            if ordered.is_zero() {
                Money::ZERO
            } else {
                gross - Money::round(gross.decimal() * gone / ordered)
            }
        })
        .sum();
    kept - paid
}

impl CreditCheck {
    /// Sums what the customer's live orders stand to be owed (`others`, each with what was
    /// paid for it; the order itself never counts twice), less what it paid on its account
    /// (`on_account`). Advances lower it, never below 0.
    pub fn new(
        limit: Money,
        others: &[(Order, Money)],
        on_account: Money,
        this: &Order,
    ) -> CreditCheck {
        let open: Money = others
            .iter()
            .filter(|(o, _)| o.id != this.id && RECEIVABLE.contains(&o.status))
            .map(|(o, paid)| exposure(o, *paid))
            .sum();
        CreditCheck {
            open: (open - on_account).max(Money::ZERO),
            limit,
        }
    }

    /// A limit of 0 means no limit.
    pub fn exceeded_by(&self, order_total: Money) -> bool {
        !self.limit.decimal().is_zero()
            && self.open.decimal() + order_total.decimal() > self.limit.decimal()
    }
}
