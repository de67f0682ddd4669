//! Order states: 草稿 → 待审核 (submit) → 已审核 (approve) or back to 草稿 (reject with a
//! reason) → 部分发货 / 已发货 (set by shipments) → 已完成; 已取消 from any state before
//! anything shipped.

use crate::error::Lang;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    Draft,
    Submitted,
    Approved,
    PartiallyShipped,
    Shipped,
    Completed,
    Cancelled,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderAction {
    Submit,
    Approve,
    Reject,
    /// A shipment left with part of the goods.
    ShipPart,
    /// The last goods left.
    ShipAll,
    Complete,
    Cancel,
}

impl OrderStatus {
    pub const ALL: [OrderStatus; 7] = [
        OrderStatus::Draft,
        OrderStatus::Submitted,
        OrderStatus::Approved,
        OrderStatus::PartiallyShipped,
        OrderStatus::Shipped,
        OrderStatus::Completed,
        OrderStatus::Cancelled,
    ];

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            OrderStatus::Draft => lang.pick("草稿", "Draft"),
            OrderStatus::Submitted => lang.pick("待审核", "Awaiting approval"),
            OrderStatus::Approved => lang.pick("已审核", "Approved"),
            OrderStatus::PartiallyShipped => lang.pick("部分发货", "Partly shipped"),
            OrderStatus::Shipped => lang.pick("已发货", "Shipped"),
            OrderStatus::Completed => lang.pick("已完成", "Completed"),
            OrderStatus::Cancelled => lang.pick("已取消", "Cancelled"),
        }
    }

    /// Stock is held for the order (reserved at submit, consumed by shipments).
    pub fn holds_stock(self) -> bool {
        matches!(
            self,
            OrderStatus::Submitted | OrderStatus::Approved | OrderStatus::PartiallyShipped
        )
    }
}

impl OrderAction {
    pub const ALL: [OrderAction; 7] = [
        OrderAction::Submit,
        OrderAction::Approve,
        OrderAction::Reject,
        OrderAction::ShipPart,
        OrderAction::ShipAll,
        OrderAction::Complete,
        OrderAction::Cancel,
    ];

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            OrderAction::Submit => lang.pick("提交审核", "submit"),
            OrderAction::Approve => lang.pick("审核通过", "approve"),
            OrderAction::Reject => lang.pick("驳回", "reject"),
            OrderAction::ShipPart => lang.pick("部分发货", "ship part"),
            OrderAction::ShipAll => lang.pick("发货", "ship"),
            OrderAction::Complete => lang.pick("完成", "complete"),
            OrderAction::Cancel => lang.pick("取消", "cancel"),
        }
    }
}

/// The state an action leads to, or `None` when it is not allowed from `from`.
pub fn next_status(from: OrderStatus, action: OrderAction) -> Option<OrderStatus> {
    use OrderAction as A;
    use OrderStatus as S;
    match (from, action) {
        (S::Draft, A::Submit) => Some(S::Submitted),
        (S::Submitted, A::Approve) => Some(S::Approved),
        (S::Submitted, A::Reject) => Some(S::Draft),
        (S::Approved | S::PartiallyShipped, A::ShipPart) => Some(S::PartiallyShipped),
        (S::Approved | S::PartiallyShipped, A::ShipAll) => Some(S::Shipped),
        (S::Shipped, A::Complete) => Some(S::Completed),
        // Before anything left the warehouse.
        (S::Draft | S::Submitted | S::Approved, A::Cancel) => Some(S::Cancelled),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use OrderAction as A;
    use OrderStatus as S;

    /// Every (state, action) pair: the allowed ones and where they lead; all others refused.
    #[test]
    fn every_transition_valid_and_invalid() {
        let allowed = [
            (S::Draft, A::Submit, S::Submitted),
            (S::Draft, A::Cancel, S::Cancelled),
            (S::Submitted, A::Approve, S::Approved),
            (S::Submitted, A::Reject, S::Draft),
            (S::Submitted, A::Cancel, S::Cancelled),
            (S::Approved, A::ShipPart, S::PartiallyShipped),
            (S::Approved, A::ShipAll, S::Shipped),
            (S::Approved, A::Cancel, S::Cancelled),
            (S::PartiallyShipped, A::ShipPart, S::PartiallyShipped),
            (S::PartiallyShipped, A::ShipAll, S::Shipped),
            (S::Shipped, A::Complete, S::Completed),
        ];
        let mut checked = 0;
        for from in S::ALL {
            for action in A::ALL {
                let want = allowed
                    .iter()
                    .find(|(f, a, _)| *f == from && *a == action)
                    .map(|t| t.2);
                assert_eq!(next_status(from, action), want, "{from:?} + {action:?}");
                checked += 1;
            }
        }
        assert_eq!(checked, 49);
        // Shipped goods can't be cancelled; finished and cancelled orders are final.
        assert_eq!(next_status(S::PartiallyShipped, A::Cancel), None);
        assert_eq!(next_status(S::Shipped, A::Cancel), None);
        assert!(A::ALL
            .iter()
            .all(|a| next_status(S::Completed, *a).is_none()));
        assert!(A::ALL
            .iter()
            .all(|a| next_status(S::Cancelled, *a).is_none()));
    }

    #[test]
    fn stock_is_held_from_submit_until_everything_shipped() {
        let holding: Vec<S> = S::ALL.into_iter().filter(|s| s.holds_stock()).collect();
        assert_eq!(
            holding,
            vec![S::Submitted, S::Approved, S::PartiallyShipped]
        );
    }
}
