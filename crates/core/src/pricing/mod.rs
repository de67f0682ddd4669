//! 价格策略: which price a customer gets for a product, and why.
//!
//! Precedence (first that applies wins; docs/DECISIONS.md):
//! 手工价 (manual, with a reason) > 合同价 (customer contract, valid on the quote date) >
//! 促销价 (promotion, valid on the date) > 阶梯价 (volume tier) > 会员价 (member price for
//! member levels) > 等级折扣 (customer level discount off list) > 标准价 (list price).
//! A rule aimed at the product beats one aimed at its category. Among several promotions the
//! lowest price wins. Every price keeps its source, shown on the quote line.

mod floor;
mod rules;
#[cfg(test)]
mod tests;

pub use floor::{floor_breach, FloorBreach, RoleFloor};
pub use rules::{
    LevelRule, PriceRule, PriceRuleData, PriceRuleKind, PricingPolicy, RulePrice, Target, TierStep,
};

use crate::catalog::Product;
use crate::customer::Level;
use crate::ids::Id;
use crate::quantity::PRICE_DECIMALS;
use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// Where a line's price came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PriceSource {
    List,
    Level {
        level: Level,
        discount_pct: Decimal,
    },
    Member,
    Tier {
        min_qty: Decimal,
        graduated: bool,
    },
    Promotion {
        rule_id: Id,
        name: String,
    },
    Contract {
        rule_id: Id,
        valid_to: Option<NaiveDate>,
    },
    Manual {
        reason: String,
    },
}

impl PriceSource {
    /// What the quote line shows: 会员价, 阶梯价 ≥100, 合同价 …
    pub fn label(&self, lang: crate::Lang) -> String {
        use crate::Lang::*;
        match (self, lang) {
            (PriceSource::List, _) => lang.pick("标准价", "List price").into(),
            (
                PriceSource::Level {
                    level,
                    discount_pct,
                },
                Zh,
            ) => {
                format!("等级折扣 {}级 -{}%", level.code(), discount_pct.normalize())
            }
            (
                PriceSource::Level {
                    level,
                    discount_pct,
                },
                En,
            ) => {
                format!("Level {} -{}%", level.code(), discount_pct.normalize())
            }
            (PriceSource::Member, _) => lang.pick("会员价", "Member price").into(),
            (
                PriceSource::Tier {
                    graduated: true, ..
                },
                _,
            ) => lang.pick("阶梯价(累进)", "Graduated tiers").into(),
            (PriceSource::Tier { min_qty, .. }, Zh) => format!("阶梯价 ≥{}", min_qty.normalize()),
            (PriceSource::Tier { min_qty, .. }, En) => format!("Tier ≥{}", min_qty.normalize()),
            (PriceSource::Promotion { name, .. }, Zh) => format!("促销价 {name}"),
            (PriceSource::Promotion { name, .. }, En) => format!("Promotion {name}"),
            (PriceSource::Contract { .. }, _) => lang.pick("合同价", "Contract price").into(),
            (PriceSource::Manual { reason }, Zh) => format!("手工价：{reason}"),
            (PriceSource::Manual { reason }, En) => format!("Manual: {reason}"),
        }
    }

    pub fn is_manual(&self) -> bool {
        matches!(self, PriceSource::Manual { .. })
    }
}

/// Part of a line's quantity at one price (graduated tiers price each band separately).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    pub qty: Decimal,
    pub price: Decimal,
}

/// The engine's answer for one line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Priced {
    /// The unit price (for graduated tiers, the average, rounded to 4 decimals).
    pub unit_price: Decimal,
    /// Non-empty only for graduated tiers; then the amount is the sum of the segments.
    pub segments: Vec<Segment>,
    pub source: PriceSource,
}

/// Who the price is for.
#[derive(Clone, Copy, Debug)]
pub struct PriceFor<'a> {
    pub product: &'a Product,
    /// The product's category and its ancestors, nearest first.
    pub categories: &'a [Id],
    pub customer_id: Id,
    pub level: Level,
    pub qty: Decimal,
    pub date: NaiveDate,
}

/// Prices one line. `rules` may hold any rules; those that don't apply are skipped.
pub fn price(policy: &PricingPolicy, rules: &[PriceRule], at: PriceFor) -> Priced {
    let list = at.product.data.list_price;
    let live: Vec<&PriceRule> = rules.iter().filter(|r| r.in_force(at.date)).collect();
    // 合同价
    if let Some(r) = live.iter().find(|r| {
        matches!(&r.data.kind, PriceRuleKind::Contract { customer_id, product_id, .. }
            if *customer_id == at.customer_id && *product_id == at.product.id)
    }) {
        if let PriceRuleKind::Contract { price, .. } = &r.data.kind {
            return single(
                *price,
                PriceSource::Contract {
                    rule_id: r.id,
                    valid_to: r.data.valid_to,
                },
            );
        }
    }
    // 促销价: the most specific target, then the lowest price.
    let promo = best_by_target(&live, &at, |r| match &r.data.kind {
        PriceRuleKind::Promotion { target, price } => Some((target, price.resolve(list))),
        _ => None,
    })
    .min_by_key(|(_, p)| *p);
    if let Some((r, p)) = promo {
        return single(
            p,
            PriceSource::Promotion {
                rule_id: r.id,
                name: r.data.name.clone(),
            },
        );
    }
    let fallback = base_price(policy, &at);
    // 阶梯价
    let tier = best_by_target(&live, &at, |r| match &r.data.kind {
        PriceRuleKind::Tier { target, .. } => Some((target, Decimal::ZERO)),
        _ => None,
    })
    .next();
    if let Some((r, _)) = tier {
        if let PriceRuleKind::Tier {
            graduated, steps, ..
        } = &r.data.kind
        {
            if let Some(p) = tiered(steps, *graduated, at.qty, list, &fallback) {
                return p;
            }
        }
    }
    fallback
}

/// 会员价, else 等级折扣, else 标准价.
fn base_price(policy: &PricingPolicy, at: &PriceFor) -> Priced {
    let list = at.product.data.list_price;
    let level = policy.levels.iter().find(|l| l.level == at.level);
    if let (Some(l), Some(member)) = (level, at.product.data.member_price) {
        if l.member {
            return single(member, PriceSource::Member);
        }
    }
    match level {
        Some(l) if l.discount_pct > Decimal::ZERO => single(
            round_price(list * (Decimal::ONE_HUNDRED - l.discount_pct) / Decimal::ONE_HUNDRED),
            PriceSource::Level {
                level: at.level,
                discount_pct: l.discount_pct,
            },
        ),
        _ => single(list, PriceSource::List),
    }
}

fn tiered(
    steps: &[TierStep],
    graduated: bool,
    qty: Decimal,
    list: Decimal,
    fallback: &Priced,
) -> Option<Priced> {
    let mut steps: Vec<&TierStep> = steps.iter().collect();
    steps.sort_by_key(|s| s.min_qty);
    if !graduated {
        let step = steps.iter().rev().find(|s| s.min_qty <= qty)?;
        return Some(single(
            step.price.resolve(list),
            PriceSource::Tier {
                min_qty: step.min_qty,
                graduated: false,
            },
        ));
    }
    if steps.first()?.min_qty > qty {
        return None;
    }
    // Step i prices the units numbered min_qty(i) up to the next step's min_qty − 1; units
    // below the first step get the price the customer would have had without tiers.
    let starts: Vec<Decimal> = steps
        .iter()
        .map(|s| (s.min_qty - Decimal::ONE).max(Decimal::ZERO))
        .collect();
    let mut segments = Vec::new();
    if starts[0] > Decimal::ZERO {
        segments.push(crate::pricing::Segment {
            qty: starts[0].min(qty),
            price: fallback.unit_price,
        });
    }
    for (i, step) in steps.iter().enumerate() {
        let lo = starts[i];
        let hi = starts.get(i + 1).copied().unwrap_or(qty).min(qty);
        if hi > lo {
            segments.push(Segment {
                qty: hi - lo,
                price: step.price.resolve(list),
            });
        }
    }
    let total: Decimal = segments.iter().map(|s| s.qty * s.price).sum();
    Some(Priced {
        unit_price: round_price(total / qty),
        segments,
        source: PriceSource::Tier {
            min_qty: steps[0].min_qty,
            graduated: true,
        },
    })
}

/// Rules of one kind that match the product, those aimed at the product first, then those
/// aimed at the nearest category.
fn best_by_target<'r>(
    live: &[&'r PriceRule],
    at: &PriceFor,
    pick: impl Fn(&PriceRule) -> Option<(&Target, Decimal)>,
) -> impl Iterator<Item = (&'r PriceRule, Decimal)> {
    let rank = |t: &Target| match t {
        Target::Product(p) if *p == at.product.id => Some(0),
        Target::Category(c) => at.categories.iter().position(|x| x == c).map(|i| i + 1),
        _ => None,
    };
    let mut found: Vec<(usize, &'r PriceRule, Decimal)> = live
        .iter()
        .filter_map(|r| {
            let (t, p) = pick(r)?;
            Some((rank(t)?, *r, p))
        })
        .collect();
    let best = found.iter().map(|f| f.0).min();
    found.retain(|f| Some(f.0) == best);
    found.into_iter().map(|(_, r, p)| (r, p))
}

fn single(p: Decimal, source: PriceSource) -> Priced {
    Priced {
        unit_price: p,
        segments: Vec::new(),
        source,
    }
}

/// Unit prices keep 4 decimals, half-up.
pub fn round_price(p: Decimal) -> Decimal {
    p.round_dp_with_strategy(PRICE_DECIMALS, RoundingStrategy::MidpointAwayFromZero)
}
