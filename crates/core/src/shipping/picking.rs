//! What the warehouse sees of an order (per line: ordered, shipped, open, held) and the rules
//! a delivery, a closed rest and a return obey. Pure: the apply step reads the order and
//! delivery, these decide, and the effects follow from their answers.

use super::{Delivery, DeliveryData, ReturnData};
use crate::error::Lang;
use crate::ids::Id;
use crate::order::{next_status, LineStock, Order, OrderAction};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// One order line in the picking view.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PickLine {
    pub line: usize,
    pub product_id: Id,
    pub sku: String,
    pub name: String,
    pub spec: String,
    pub unit: String,
    pub warehouse_id: Id,
    pub ordered: Decimal,
    pub shipped: Decimal,
    pub returned: Decimal,
    /// Closed without shipping (客户不要了).
    pub closed: Decimal,
    /// Still to ship (欠货 once something has left).
    pub open: Decimal,
    /// What the order holds of it in its warehouse (never more than open).
    pub held: Decimal,
}

/// Why goods may not leave (or come back) as asked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum ShippingRefusal {
    /// The order is approved but its terms want money first (款到发货 / 预付).
    AwaitingPayment,
    UnknownLine {
        line: usize,
    },
    /// The line ships from another warehouse.
    OtherWarehouse {
        sku: String,
    },
    MoreThanOpen {
        sku: String,
        open: Decimal,
    },
    MoreThanHeld {
        sku: String,
        held: Decimal,
    },
    /// The warehouse's ledger has less than the delivery takes (a stock-take found less).
    MoreThanOnHand {
        sku: String,
        on_hand: Decimal,
    },
    /// Returning more than the delivery shipped (less what came back already).
    MoreThanShipped {
        sku: String,
        returnable: Decimal,
    },
    /// Nothing left open to close.
    NothingOpen,
    /// The tracking number is on another delivery already.
    TrackingUsed {
        number: String,
        delivery: String,
    },
}

impl ShippingRefusal {
    pub fn message(&self, lang: Lang) -> String {
        use ShippingRefusal::*;
        let n = |d: &Decimal| d.normalize().to_string();
        match (self, lang) {
            (AwaitingPayment, _) => lang
                .pick(
                    "该订单按付款条件须先收款，财务登记收款后才能发货",
                    "This order's terms want payment first; finance must record it before shipping",
                )
                .into(),
            (UnknownLine { line }, Lang::Zh) => format!("订单没有第 {} 行", line + 1),
            (UnknownLine { line }, Lang::En) => format!("The order has no line {}", line + 1),
            (OtherWarehouse { sku }, Lang::Zh) => format!("{sku} 不从这个仓库发货"),
            (OtherWarehouse { sku }, Lang::En) => {
                format!("{sku} does not ship from this warehouse")
            }
            (MoreThanOpen { sku, open }, Lang::Zh) => {
                format!("{sku} 发货数量超过未发数量 {}", n(open))
            }
            (MoreThanOpen { sku, open }, Lang::En) => {
                format!("{sku}: more than the {} still open", n(open))
            }
            (MoreThanHeld { sku, held }, Lang::Zh) => {
                format!(
                    "{sku} 发货数量超过为订单预留的 {}（缺货部分需先补货）",
                    n(held)
                )
            }
            (MoreThanHeld { sku, held }, Lang::En) => format!(
                "{sku}: more than the {} held for the order (the short part needs stock first)",
                n(held)
            ),
            (MoreThanOnHand { sku, on_hand }, Lang::Zh) => {
                format!("{sku} 仓库账面库存只有 {}，不能出库", n(on_hand))
            }
            (MoreThanOnHand { sku, on_hand }, Lang::En) => {
                format!("{sku}: the warehouse has only {} on hand", n(on_hand))
            }
            (MoreThanShipped { sku, returnable }, Lang::Zh) => {
                format!("{sku} 退货数量超过可退数量 {}", n(returnable))
            }
            (MoreThanShipped { sku, returnable }, Lang::En) => {
                format!("{sku}: at most {} can come back", n(returnable))
            }
            (NothingOpen, _) => lang
                .pick("订单没有未发的商品", "Nothing is left open on this order")
                .into(),
            (TrackingUsed { number, delivery }, Lang::Zh) => {
                format!("运单号 {number} 已用于发货单 {delivery}")
            }
            (TrackingUsed { number, delivery }, Lang::En) => {
                format!("Tracking number {number} is already on delivery {delivery}")
            }
        }
    }
}

fn at(v: &[Decimal], i: usize) -> Decimal {
    v.get(i).copied().unwrap_or_default()
}

/// Every line of the order as the warehouse sees it.
pub fn picking(order: &Order) -> Vec<PickLine> {
    order
        .data
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| PickLine {
            line: i,
            product_id: l.product_id,
            sku: l.sku.clone(),
            name: l.name.clone(),
            spec: l.spec.clone(),
            unit: l.unit.clone(),
            warehouse_id: l.warehouse_id,
            ordered: l.qty,
            shipped: at(&order.shipped, i),
            returned: at(&order.returned, i),
            closed: at(&order.closed, i),
            open: order.open(i),
            held: order.stock.get(i).map(|s| s.reserved).unwrap_or_default(),
        })
        .collect()
}

/// Checks a delivery against the order: each line exists, ships from the delivery's warehouse,
/// and takes no more than is open and held.
pub fn check_delivery(order: &Order, data: &DeliveryData) -> Result<(), ShippingRefusal> {
    let lines = picking(order);
    for s in &data.lines {
        let l = lines
            .get(s.line)
            .ok_or(ShippingRefusal::UnknownLine { line: s.line })?;
        if l.warehouse_id != data.warehouse_id {
            return Err(ShippingRefusal::OtherWarehouse { sku: l.sku.clone() });
        }
        if s.qty > l.open {
            return Err(ShippingRefusal::MoreThanOpen {
                sku: l.sku.clone(),
                open: l.open,
            });
        }
        if s.qty > l.held {
            return Err(ShippingRefusal::MoreThanHeld {
                sku: l.sku.clone(),
                held: l.held,
            });
        }
    }
    Ok(())
}

/// The order after a checked delivery: shipped figures up, holds down by the same quantities,
/// 部分发货 while any line is open, 已发货 when none is.
pub fn after_delivery(order: &Order, data: &DeliveryData) -> Order {
    let mut after = order.clone();
    let n = order.data.lines.len();
    after.shipped.resize(n, Decimal::ZERO);
    after.stock.resize(n, LineStock::default());
    for s in &data.lines {
        after.shipped[s.line] += s.qty;
        after.stock[s.line].reserved -= s.qty;
    }
    after.status = settled_status(&after);
    after
}

/// The order after its open rest is closed: nothing open, nothing held, 已发货.
pub fn after_closing(order: &Order, reason: &str) -> Result<Order, ShippingRefusal> {
    let n = order.data.lines.len();
    if (0..n).all(|i| order.open(i).is_zero()) {
        return Err(ShippingRefusal::NothingOpen);
    }
    let mut after = order.clone();
    after.closed.resize(n, Decimal::ZERO);
    after.stock.resize(n, LineStock::default());
    for i in 0..n {
        after.closed[i] += order.open(i);
        after.stock[i] = LineStock::default();
    }
    after.close_reason = Some(reason.trim().to_string());
    after.status = settled_status(&after);
    Ok(after)
}

/// 已发货 when no line is open, 部分发货 otherwise (from 已审核 or 部分发货).
fn settled_status(o: &Order) -> crate::order::OrderStatus {
    let open = (0..o.data.lines.len()).any(|i| !o.open(i).is_zero());
    let action = if open {
        OrderAction::ShipPart
    } else {
        OrderAction::ShipAll
    };
    next_status(o.status, action).unwrap_or(o.status)
}

/// Checks a return against its delivery: each line exists and comes back at most as much as
/// left with the delivery, less earlier returns.
pub fn check_return(delivery: &Delivery, data: &ReturnData) -> Result<(), ShippingRefusal> {
    for r in &data.lines {
        let l = delivery
            .lines
            .get(r.line)
            .ok_or(ShippingRefusal::UnknownLine { line: r.line })?;
        let returnable = l.qty - l.returned;
        if r.qty > returnable {
            return Err(ShippingRefusal::MoreThanShipped {
                sku: l.sku.clone(),
                returnable,
            });
        }
    }
    Ok(())
}
