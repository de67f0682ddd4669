//! 应收 (receivables): money that comes in for an order. This first part records payments
//! (收款) against an order, which is what releases an order on 款到发货 or 预付 terms to the
//! warehouse; allocation, ageing, statements and invoices build on the payment entity.

mod payment;

pub use payment::{paid_total, Payment, PaymentData, PaymentMethod, PaymentRefusal};

use crate::ids::Id;
use crate::money::Money;
use serde::{Deserialize, Serialize};

/// An order's money as finance sees it: total, paid, still open, and each payment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderPayments {
    pub order_id: Id,
    pub total: Money,
    pub paid: Money,
    pub open: Money,
    /// Paid as far as the terms want before shipping (款到发货 / 预付).
    pub released: bool,
    pub payments: Vec<Payment>,
}
use crate::read::ReadError;

/// What the payment rules read of current state.
pub trait PaymentReader {
    /// Every payment recorded against an order, oldest first.
    fn payments_of(&self, order: Id) -> Result<Vec<Payment>, ReadError>;
    fn payment_exists(&self, id: Id) -> Result<bool, ReadError>;
}
