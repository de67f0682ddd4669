//! Price floors per role: the largest discount off list and the smallest margin a role may
//! give by hand. Below the floor a quote needs a manager's approval before it is sent.
//! Rule prices (contract, promotion, tiers, member, level) are company policy and are not
//! checked; manual prices and a header discount are.

use crate::actor::Role;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleFloor {
    pub role: Role,
    /// Most percent off the list price.
    pub max_discount_pct: Option<Decimal>,
    /// Least margin over cost, percent of the selling price.
    pub min_margin_pct: Option<Decimal>,
}

/// Why a price is below the actor's floor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FloorBreach {
    Discount {
        given_pct: Decimal,
        max_pct: Decimal,
    },
    Margin {
        margin_pct: Decimal,
        min_pct: Decimal,
    },
}

impl FloorBreach {
    pub fn message(&self, lang: crate::Lang) -> String {
        let r = |d: &Decimal| d.round_dp(2).normalize();
        match (self, lang) {
            (FloorBreach::Discount { given_pct, max_pct }, crate::Lang::Zh) => {
                format!("折扣 {}% 超出权限（最多 {}%）", r(given_pct), r(max_pct))
            }
            (FloorBreach::Discount { given_pct, max_pct }, crate::Lang::En) => {
                format!(
                    "Discount {}% above your limit of {}%",
                    r(given_pct),
                    r(max_pct)
                )
            }
            (
                FloorBreach::Margin {
                    margin_pct,
                    min_pct,
                },
                crate::Lang::Zh,
            ) => {
                format!("毛利率 {}% 低于下限 {}%", r(margin_pct), r(min_pct))
            }
            (
                FloorBreach::Margin {
                    margin_pct,
                    min_pct,
                },
                crate::Lang::En,
            ) => {
                format!(
                    "Margin {}% below the minimum of {}%",
                    r(margin_pct),
                    r(min_pct)
                )
            }
        }
    }
}

/// Checks an effective unit price (after any header discount) against a role's floor.
/// A role without a floor (admin by default) is never limited.
pub fn floor_breach(
    floors: &[RoleFloor],
    role: Role,
    list: Decimal,
    cost: Option<Decimal>,
    price: Decimal,
) -> Option<FloorBreach> {
    let floor = floors.iter().find(|f| f.role == role)?;
    let hundred = Decimal::ONE_HUNDRED;
    if let Some(max) = floor.max_discount_pct {
        if list > Decimal::ZERO {
            let given = (list - price) / list * hundred;
            if given > max {
                return Some(FloorBreach::Discount {
                    given_pct: given,
                    max_pct: max,
                });
            }
        }
    }
    if let (Some(min), Some(cost)) = (floor.min_margin_pct, cost) {
        let margin = if price > Decimal::ZERO {
            (price - cost) / price * hundred
        } else if cost > Decimal::ZERO {
            -hundred
        } else {
            Decimal::ZERO
        };
        if margin < min {
            return Some(FloorBreach::Margin {
                margin_pct: margin,
                min_pct: min,
            });
        }
    }
    None
}
