//! 应收 (receivables): money that comes in for an order. Payments (收款) against an order
//! release it on 款到发货 or 预付 terms to the warehouse; each delivery is a receivable due by
//! the order's terms and each return a credit (`receivable`); payments and credits settle them
//! oldest due first, and what is open is aged as of any day (`aging`).

mod aging;
#[cfg(test)]
mod allocation_tests;
pub mod dunning;
#[cfg(test)]
mod fixtures;
mod payment;
mod receivable;
mod report;
mod statement;

pub use aging::{
    aging, bucket_labels, bucket_of, check_edges, settle, Aging, AgingBasis, OpenItem, Settlement,
    DEFAULT_EDGES,
};
pub use payment::{paid_total, Allocation, Payment, PaymentData, PaymentMethod, PaymentRefusal};
pub use receivable::{due_date, order_receivables, Receivable, ReceivableKind};
pub use report::{report, CustomerAging, OpenLine, Party, ReceivablesReport, RepAging};
pub use statement::{statement, EntryKind, Statement, StatementEntry, StatementRefusal};

use crate::ids::Id;
use crate::money::Money;
use serde::{Deserialize, Serialize};

/// An order's money as finance sees it: total, paid, still open, and each payment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderPayments {
    pub order_id: Id,
    pub total: Money,
    /// Its own payments plus what payments on the customer's account settled of its goods.
    pub paid: Money,
    pub open: Money,
    /// Of `paid`: settled by payments on the customer's account.
    #[serde(default)]
    pub on_account: Money,
    /// Paid as far as the terms want before shipping (款到发货 / 预付).
    pub released: bool,
    pub payments: Vec<Payment>,
}
use crate::read::ReadError;

/// Everything of one customer that money is owed or paid for.
#[derive(Clone, Debug, Default)]
pub struct CustomerLedger {
    pub orders: Vec<crate::order::Order>,
    pub deliveries: Vec<crate::shipping::Delivery>,
    pub returns: Vec<crate::shipping::ReturnNote>,
    pub payments: Vec<Payment>,
}

impl CustomerLedger {
    /// The customer's receivables (each order's deliveries and returns).
    pub fn receivables(&self) -> Vec<Receivable> {
        let mut out = Vec::new();
        for o in &self.orders {
            let d: Vec<_> = self
                .deliveries
                .iter()
                .filter(|d| d.order_id == o.id)
                .cloned()
                .collect();
            let r: Vec<_> = self
                .returns
                .iter()
                .filter(|r| r.order_id == o.id)
                .cloned()
                .collect();
            out.extend(order_receivables(o, &d, &r));
        }
        out
    }
}

/// What the payment rules read of current state.
pub trait PaymentReader {
    /// Every payment recorded against an order, oldest first.
    fn payments_of(&self, order: Id) -> Result<Vec<Payment>, ReadError>;
    fn payment(&self, id: Id) -> Result<Option<Payment>, ReadError>;
    fn payment_exists(&self, id: Id) -> Result<bool, ReadError> {
        Ok(self.payment(id)?.is_some())
    }
    /// A customer's orders (past their draft), deliveries, returns and payments.
    fn customer_ledger(&self, customer: Id) -> Result<CustomerLedger, ReadError>;
}
