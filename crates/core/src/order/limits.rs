//! 限购: per product, a maximum quantity per customer per order and/or per period.

use crate::error::Lang;
use crate::quantity::show;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Kept on the product (`ProductData::limit`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurchaseLimit {
    /// Most one order (or quote) may carry.
    pub per_order: Option<Decimal>,
    /// Most one customer may buy within `period_days` (with this order included).
    pub per_period: Option<Decimal>,
    pub period_days: u16,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LimitBreach {
    PerOrder {
        max: Decimal,
    },
    PerPeriod {
        max: Decimal,
        days: u16,
        already: Decimal,
    },
}

impl LimitBreach {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (LimitBreach::PerOrder { max }, Lang::Zh) => format!("限购：每单最多 {}", show(*max)),
            (LimitBreach::PerOrder { max }, Lang::En) => {
                format!("Limited to {} per order", show(*max))
            }
            (LimitBreach::PerPeriod { max, days, already }, Lang::Zh) => format!(
                "限购：每位客户 {days} 天内最多 {}，已购 {}",
                show(*max),
                show(*already)
            ),
            (LimitBreach::PerPeriod { max, days, already }, Lang::En) => format!(
                "Limited to {} per customer in {days} days; {} already bought",
                show(*max),
                show(*already)
            ),
        }
    }
}

/// Checks a line's quantity against the product's limit; `already` is what this customer
/// bought of it within the period (other orders, not cancelled).
pub fn check_limit(
    limit: &PurchaseLimit,
    qty: Decimal,
    already: Decimal,
) -> Result<(), LimitBreach> {
    if let Some(max) = limit.per_order {
        if qty > max {
            return Err(LimitBreach::PerOrder { max });
        }
    }
    if let Some(max) = limit.per_period {
        if already + qty > max {
            return Err(LimitBreach::PerPeriod {
                max,
                days: limit.period_days,
                already,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_per_order_and_per_period() {
        let limit = PurchaseLimit {
            per_order: Some(Decimal::from(10)),
            per_period: Some(Decimal::from(25)),
            period_days: 30,
        };
        let d = Decimal::from;
        assert_eq!(check_limit(&limit, d(10), d(0)), Ok(()));
        let e = check_limit(&limit, d(11), d(0)).unwrap_err();
        assert_eq!(e.message(Lang::Zh), "限购：每单最多 10");
        assert_eq!(check_limit(&limit, d(5), d(20)), Ok(()));
        let e = check_limit(&limit, d(6), d(20)).unwrap_err();
        assert_eq!(
            e.message(Lang::Zh),
            "限购：每位客户 30 天内最多 25，已购 20"
        );
    }
}
