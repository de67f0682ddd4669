//! What the order screens show: list rows and the role queues they are grouped into.

use super::{Order, OrderStatus, PaymentTerms};
use crate::ids::Id;
use crate::money::Money;
use serde::{Deserialize, Serialize};

/// Who looks at which orders: 待审核 for managers, 待发货 for the warehouse, orders waiting for
/// a prepayment for finance, and each rep's own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderQueue {
    All,
    ToApprove,
    ToShip,
    AwaitingPayment,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderRow {
    pub id: Id,
    pub number: String,
    pub customer_name: String,
    pub status: OrderStatus,
    pub terms: PaymentTerms,
    pub total: Money,
    pub over_credit: bool,
    /// Some line could not be fully reserved (缺货).
    pub short: bool,
    /// Some line waits for the server (待确认: taken offline beyond this desk's quota).
    #[serde(default)]
    pub pending: bool,
    /// What payments against it add up to (the rep sees whether the customer paid).
    #[serde(default)]
    pub paid: Money,
}

/// How far an order is paid, as its list shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaidState {
    Unpaid,
    Part,
    Paid,
}

impl PaidState {
    pub fn label(self, lang: crate::Lang) -> &'static str {
        match self {
            PaidState::Unpaid => lang.pick("未收款", "Unpaid"),
            PaidState::Part => lang.pick("部分收款", "Part paid"),
            PaidState::Paid => lang.pick("已收齐", "Paid"),
        }
    }
}

impl OrderRow {
    pub fn paid_state(&self) -> PaidState {
        if self.paid == Money::ZERO {
            PaidState::Unpaid
        } else if self.paid < self.total {
            PaidState::Part
        } else {
            PaidState::Paid
        }
    }

    pub fn of(o: &Order, customer_name: String, paid: Money) -> OrderRow {
        OrderRow {
            id: o.id,
            number: o.number.clone(),
            customer_name,
            status: o.status,
            terms: o.data.terms,
            total: o.total(),
            over_credit: o.over_credit,
            short: o.stock.iter().any(|s| !s.short.is_zero()),
            pending: o.stock.iter().any(|s| !s.pending.is_zero()),
            paid,
        }
    }
}

/// Is the order with the warehouse? Approved and paid as far as its terms require before
/// shipping (`paid`: what payments add up to); an order that has started shipping stays there.
pub fn released(o: &Order, paid: Money) -> bool {
    let date = crate::mutation::local_date(o.meta.created_at);
    match o.status {
        OrderStatus::Approved => o.data.terms.may_release(o.total(), paid, date),
        OrderStatus::PartiallyShipped => true,
        _ => false,
    }
}

/// One order as its screen shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrderView {
    pub order: Order,
    pub customer_name: String,
    /// Released to the warehouse (approved, and paid as far as the terms require).
    pub released: bool,
    /// What payments against it add up to (a paid order can't simply be cancelled).
    #[serde(default)]
    pub paid: crate::Money,
    pub history: Vec<crate::customer::view::HistoryEntry>,
    pub approved_by_name: Option<String>,
    /// Where the customer takes deliveries (registered address first).
    pub addresses: Vec<crate::customer::ShipTo>,
    /// What is due when under the order's terms (预付款 / 尾款 …).
    pub schedule: Vec<super::Installment>,
    /// Stock per warehouse for each line's product, in line order.
    pub stock: Vec<Vec<crate::quote::WarehouseStock>>,
}
