//! 信用额度: at submit, what the customer already owes plus this order against its credit
//! limit. Until invoices and payments exist (a later issue), what a customer owes is the total
//! of its orders that were approved and not yet completed — goods promised or sent, not paid.

use super::{Order, OrderStatus};
use crate::money::Money;
use serde::{Deserialize, Serialize};

/// States whose order total counts as open receivables.
pub const RECEIVABLE: [OrderStatus; 3] = [
    OrderStatus::Approved,
    OrderStatus::PartiallyShipped,
    OrderStatus::Shipped,
];

/// The figures the approver sees next to 超信用额度.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditCheck {
    /// Open receivables before this order.
    pub open: Money,
    pub limit: Money,
}

impl CreditCheck {
    /// Sums the open orders of the customer (the order itself never counts twice).
    pub fn new(limit: Money, others: &[Order], this: &Order) -> CreditCheck {
        let open = others
            .iter()
            .filter(|o| o.id != this.id && RECEIVABLE.contains(&o.status))
            .fold(Money::ZERO, |a, o| {
                Money::round(a.decimal() + o.total().decimal())
            });
        CreditCheck { open, limit }
    }

    /// A limit of 0 means no limit.
    pub fn exceeded_by(&self, order_total: Money) -> bool {
        !self.limit.decimal().is_zero()
            && self.open.decimal() + order_total.decimal() > self.limit.decimal()
    }
}
