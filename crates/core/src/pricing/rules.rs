//! The pricing policy (levels, floors, price basis) and the price rules a company keeps.

use super::floor::RoleFloor;
use crate::customer::Level;
use crate::error::ErrorCode;
use crate::ids::Id;
use crate::mutation::RowMeta;
use crate::quantity::{check_price, check_qty};
use crate::validate::Checker;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The company's pricing settings (one per company).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PricingPolicy {
    pub levels: Vec<LevelRule>,
    pub floors: Vec<RoleFloor>,
    /// Prices (list, rules, quotes) are stated tax-inclusive (含税); otherwise tax-exclusive.
    pub tax_inclusive: bool,
}

impl Default for PricingPolicy {
    /// Out of the box: A members get member prices, B 5 % off; reps may give at most 10 %
    /// by hand with a 10 % margin, managers 30 %; admins are not limited.
    fn default() -> Self {
        use crate::actor::Role;
        let pct = Decimal::from;
        PricingPolicy {
            levels: vec![
                LevelRule {
                    level: Level::A,
                    discount_pct: pct(0),
                    member: true,
                },
                LevelRule {
                    level: Level::B,
                    discount_pct: pct(5),
                    member: false,
                },
            ],
            floors: vec![
                RoleFloor {
                    role: Role::Rep,
                    max_discount_pct: Some(pct(10)),
                    min_margin_pct: Some(pct(10)),
                },
                RoleFloor {
                    role: Role::Manager,
                    max_discount_pct: Some(pct(30)),
                    min_margin_pct: Some(pct(0)),
                },
            ],
            tax_inclusive: true,
        }
    }
}

impl PricingPolicy {
    pub fn validate(&self) -> Result<(), Vec<crate::FieldError>> {
        let mut c = Checker::default();
        for (i, l) in self.levels.iter().enumerate() {
            crate::catalog::percent(&mut c, &format!("levels.{i}.discount_pct"), l.discount_pct);
        }
        for (i, f) in self.floors.iter().enumerate() {
            for (name, v) in [
                ("max_discount_pct", f.max_discount_pct),
                ("min_margin_pct", f.min_margin_pct),
            ] {
                if let Some(v) = v {
                    crate::catalog::percent(&mut c, &format!("floors.{i}.{name}"), v);
                }
            }
        }
        c.finish()
    }
}

/// A customer level's terms.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelRule {
    pub level: Level,
    /// Percent off the list price.
    pub discount_pct: Decimal,
    /// Member levels get the product's member price.
    pub member: bool,
}

/// What a rule is aimed at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Target {
    Product(Id),
    Category(Id),
}

/// A rule's price: a fixed unit price, or a percentage off the list price.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum RulePrice {
    Fixed(Decimal),
    DiscountPct(Decimal),
}

impl RulePrice {
    pub fn resolve(self, list: Decimal) -> Decimal {
        match self {
            RulePrice::Fixed(p) => p,
            RulePrice::DiscountPct(d) => {
                super::round_price(list * (Decimal::ONE_HUNDRED - d) / Decimal::ONE_HUNDRED)
            }
        }
    }

    fn check(self, c: &mut Checker, field: &str) {
        match self {
            RulePrice::Fixed(p) => {
                if let Err(e) = check_price(p) {
                    c.push(field, e);
                }
            }
            RulePrice::DiscountPct(d) => crate::catalog::percent(c, field, d),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TierStep {
    pub min_qty: Decimal,
    pub price: RulePrice,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PriceRuleKind {
    /// 合同价: this customer pays this for this product.
    Contract {
        customer_id: Id,
        product_id: Id,
        price: Decimal,
    },
    /// 促销价
    Promotion { target: Target, price: RulePrice },
    /// 阶梯价: by quantity on the line; `graduated` prices each band separately, otherwise
    /// all units get the price of the highest step reached.
    Tier {
        target: Target,
        graduated: bool,
        steps: Vec<TierStep>,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceRuleData {
    pub name: String,
    pub kind: PriceRuleKind,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
    pub active: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceRule {
    pub id: Id,
    #[serde(flatten)]
    pub data: PriceRuleData,
    pub deleted: bool,
    pub meta: RowMeta,
}

impl PriceRule {
    /// Active, not deleted, and the date within its validity (both ends inclusive).
    pub fn in_force(&self, date: NaiveDate) -> bool {
        self.data.active
            && !self.deleted
            && self.data.valid_from.is_none_or(|f| f <= date)
            && self.data.valid_to.is_none_or(|t| date <= t)
    }
}

impl PriceRuleData {
    /// `today` refuses rules that are over before they are saved (an expired contract price).
    pub fn validate(&self, today: NaiveDate) -> Result<(), Vec<crate::FieldError>> {
        let mut c = Checker::default();
        c.name("name", &self.name, true, 60);
        if let (Some(f), Some(t)) = (self.valid_from, self.valid_to) {
            if t < f {
                c.push("valid_to", ErrorCode::EndBeforeStart);
            }
        }
        if self.valid_to.is_some_and(|t| t < today) {
            c.push("valid_to", ErrorCode::Expired);
        }
        match &self.kind {
            PriceRuleKind::Contract { price, .. } => {
                if let Err(e) = check_price(*price) {
                    c.push("price", e);
                }
            }
            PriceRuleKind::Promotion { price, .. } => price.check(&mut c, "price"),
            PriceRuleKind::Tier { steps, .. } => {
                if steps.is_empty() {
                    c.push("steps", ErrorCode::Required);
                }
                for (i, s) in steps.iter().enumerate() {
                    if let Err(e) = check_qty(s.min_qty) {
                        c.push(format!("steps.{i}.min_qty"), e);
                    }
                    s.price.check(&mut c, &format!("steps.{i}.price"));
                }
                let mut mins: Vec<Decimal> = steps.iter().map(|s| s.min_qty).collect();
                mins.sort();
                mins.dedup();
                if mins.len() != steps.len() {
                    c.push("steps", ErrorCode::Duplicate);
                }
            }
        }
        c.finish()
    }
}
