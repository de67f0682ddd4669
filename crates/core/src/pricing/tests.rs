//! The pricing rules, table-driven: each rule alone, their precedence, tiers both ways,
//! validity dates, floors.

use super::*;
use crate::actor::Role;
use crate::catalog::{Product, ProductData};
use crate::mutation::RowMeta;
use std::str::FromStr;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn id(n: u8) -> Id {
    Id::v7(1_700_000_000_000, [n; 10])
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::from_str(s).unwrap()
}

const CUSTOMER: u8 = 50;
const OTHER_CUSTOMER: u8 = 51;
const PRODUCT: u8 = 10;
const CATEGORY: u8 = 20;
const PARENT_CATEGORY: u8 = 21;

fn meta() -> RowMeta {
    RowMeta::NONE
}

fn product() -> Product {
    Product {
        id: id(PRODUCT),
        data: ProductData {
            sku: "CUP-500".into(),
            name: "保温杯".into(),
            spec: "500ml".into(),
            unit: "个".into(),
            barcode: String::new(),
            category_id: Some(id(CATEGORY)),
            brand: String::new(),
            tax_rate: d("13"),
            tax_code: String::new(),
            list_price: d("100"),
            member_price: Some(d("88")),
            cost: Some(d("60")),
            safety_stock: d("0"),
            active: true,
            limit: None,
        },
        deleted: false,
        meta: meta(),
        clocks: Default::default(),
    }
}

fn rule(n: u8, kind: PriceRuleKind, from: Option<&str>, to: Option<&str>) -> PriceRule {
    PriceRule {
        id: id(n),
        data: PriceRuleData {
            name: format!("规则{n}"),
            kind,
            valid_from: from.map(date),
            valid_to: to.map(date),
            active: true,
        },
        deleted: false,
        meta: meta(),
    }
}

fn contract(n: u8, customer: u8, price: &str, to: Option<&str>) -> PriceRule {
    rule(
        n,
        PriceRuleKind::Contract {
            customer_id: id(customer),
            product_id: id(PRODUCT),
            price: d(price),
        },
        Some("2026-01-01"),
        to,
    )
}

fn promo(n: u8, target: Target, price: RulePrice, to: &str) -> PriceRule {
    rule(
        n,
        PriceRuleKind::Promotion { target, price },
        Some("2026-11-01"),
        Some(to),
    )
}

fn tier(n: u8, target: Target, graduated: bool, steps: &[(&str, RulePrice)]) -> PriceRule {
    rule(
        n,
        PriceRuleKind::Tier {
            target,
            graduated,
            steps: steps
                .iter()
                .map(|(q, p)| TierStep {
                    min_qty: d(q),
                    price: *p,
                })
                .collect(),
        },
        None,
        None,
    )
}

fn fixed(s: &str) -> RulePrice {
    RulePrice::Fixed(d(s))
}

/// Prices `qty` for the customer at `level` on 2026-11-27.
fn run(rules: &[PriceRule], level: Level, qty: &str) -> Priced {
    let p = product();
    price(
        &PricingPolicy::default(),
        rules,
        PriceFor {
            product: &p,
            categories: &[id(CATEGORY), id(PARENT_CATEGORY)],
            customer_id: id(CUSTOMER),
            level,
            qty: d(qty),
            date: date("2026-11-27"),
        },
    )
}

#[test]
fn each_rule_and_the_precedence_between_them() {
    let product_tier = tier(
        3,
        Target::Product(id(PRODUCT)),
        false,
        &[("100", fixed("80"))],
    );
    /// (case, rules, level, qty, expected price, expected label)
    type Case<'a> = (&'a str, Vec<PriceRule>, Level, &'a str, &'a str, &'a str);
    let cases: Vec<Case> = vec![
        // (case, rules, level, qty, expected price, expected label)
        (
            "no rule, level C: list price",
            vec![],
            Level::C,
            "1",
            "100",
            "标准价",
        ),
        (
            "level B gets 5 % off list",
            vec![],
            Level::B,
            "1",
            "95",
            "等级折扣 B级 -5%",
        ),
        (
            "level A is a member level",
            vec![],
            Level::A,
            "1",
            "88",
            "会员价",
        ),
        (
            "tier below its first step does not apply",
            vec![product_tier.clone()],
            Level::C,
            "99",
            "100",
            "标准价",
        ),
        (
            "tier at its step applies",
            vec![product_tier.clone()],
            Level::C,
            "100",
            "80",
            "阶梯价 ≥100",
        ),
        (
            "tier beats member price",
            vec![product_tier.clone()],
            Level::A,
            "150",
            "80",
            "阶梯价 ≥100",
        ),
        (
            "promotion beats tier",
            vec![
                product_tier.clone(),
                promo(4, Target::Product(id(PRODUCT)), fixed("85"), "2026-11-30"),
            ],
            Level::C,
            "150",
            "85",
            "促销价 规则4",
        ),
        (
            "contract beats promotion",
            vec![
                promo(4, Target::Product(id(PRODUCT)), fixed("85"), "2026-11-30"),
                contract(5, CUSTOMER, "90", None),
            ],
            Level::C,
            "1",
            "90",
            "合同价",
        ),
        (
            "another customer's contract does not apply",
            vec![contract(5, OTHER_CUSTOMER, "70", None)],
            Level::C,
            "1",
            "100",
            "标准价",
        ),
        (
            "an expired contract does not apply",
            vec![contract(5, CUSTOMER, "70", Some("2026-11-26"))],
            Level::C,
            "1",
            "100",
            "标准价",
        ),
        (
            "a contract valid through today applies",
            vec![contract(5, CUSTOMER, "70", Some("2026-11-27"))],
            Level::C,
            "1",
            "70",
            "合同价",
        ),
        (
            "an ended promotion does not apply",
            vec![promo(
                4,
                Target::Product(id(PRODUCT)),
                fixed("85"),
                "2026-11-26",
            )],
            Level::C,
            "1",
            "100",
            "标准价",
        ),
        (
            "category promotion as a discount",
            vec![promo(
                6,
                Target::Category(id(PARENT_CATEGORY)),
                RulePrice::DiscountPct(d("12.5")),
                "2026-12-31",
            )],
            Level::C,
            "1",
            "87.5",
            "促销价 规则6",
        ),
        (
            "the product's own promotion beats its category's, even if dearer",
            vec![
                promo(6, Target::Category(id(CATEGORY)), fixed("70"), "2026-12-31"),
                promo(7, Target::Product(id(PRODUCT)), fixed("90"), "2026-12-31"),
            ],
            Level::C,
            "1",
            "90",
            "促销价 规则7",
        ),
        (
            "among equal promotions the lowest price wins",
            vec![
                promo(6, Target::Product(id(PRODUCT)), fixed("92"), "2026-12-31"),
                promo(7, Target::Product(id(PRODUCT)), fixed("91"), "2026-12-31"),
            ],
            Level::C,
            "1",
            "91",
            "促销价 规则7",
        ),
        (
            "an unrelated category's rule does not apply",
            vec![promo(6, Target::Category(id(99)), fixed("1"), "2026-12-31")],
            Level::C,
            "1",
            "100",
            "标准价",
        ),
    ];
    for (case, rules, level, qty, want, label) in cases {
        let got = run(&rules, level, qty);
        assert_eq!(got.unit_price, d(want), "{case}");
        assert_eq!(got.source.label(crate::Lang::Zh), label, "{case}");
    }
}

#[test]
fn all_units_tiers_price_every_unit_at_the_step_reached() {
    let t = tier(
        3,
        Target::Category(id(CATEGORY)),
        false,
        &[("1", fixed("10")), ("100", fixed("9")), ("500", fixed("8"))],
    );
    for (qty, want) in [
        ("1", "10"),
        ("99", "10"),
        ("100", "9"),
        ("499.5", "9"),
        ("500", "8"),
        ("10000", "8"),
    ] {
        let got = run(std::slice::from_ref(&t), Level::C, qty);
        assert_eq!(got.unit_price, d(want), "qty {qty}");
        assert!(got.segments.is_empty());
    }
}

#[test]
fn graduated_tiers_price_each_band_separately() {
    let t = tier(
        3,
        Target::Product(id(PRODUCT)),
        true,
        &[("1", fixed("10")), ("100", fixed("9")), ("500", fixed("8"))],
    );
    for (qty, total) in [
        ("50", "500"),
        ("99", "990"),
        ("100", "999"),          // 99×10 + 1×9
        ("150", "1449"),         // 99×10 + 51×9
        ("600", "990+3600+808"), // 99×10 + 400×9 + 101×8
    ] {
        let got = run(std::slice::from_ref(&t), Level::C, qty);
        let sum: Decimal = got.segments.iter().map(|s| s.qty * s.price).sum();
        let want: Decimal = total.split('+').map(d).sum();
        assert_eq!(sum, want, "qty {qty}");
        let qty_sum: Decimal = got.segments.iter().map(|s| s.qty).sum();
        assert_eq!(qty_sum, d(qty), "bands cover the quantity");
        assert_eq!(got.unit_price, round_price(want / d(qty)));
        assert_eq!(got.source.label(crate::Lang::Zh), "阶梯价(累进)");
    }
}

#[test]
fn graduated_tiers_starting_above_one_price_the_first_units_at_the_base_price() {
    let t = tier(
        3,
        Target::Product(id(PRODUCT)),
        true,
        &[("11", fixed("90"))],
    );
    // Level B: the first 10 units at 95 (level price), the rest at 90.
    let got = run(&[t], Level::B, "20");
    assert_eq!(
        got.segments,
        vec![
            Segment {
                qty: d("10"),
                price: d("95")
            },
            Segment {
                qty: d("10"),
                price: d("90")
            }
        ]
    );
}

#[test]
fn floors_limit_discount_and_margin_per_role() {
    let floors = PricingPolicy::default().floors;
    let check = |role, price: &str| floor_breach(&floors, role, d("100"), Some(d("60")), d(price));
    // Rep: at most 10 % off, margin at least 10 %.
    assert_eq!(check(Role::Rep, "90"), None);
    assert_eq!(
        check(Role::Rep, "89.99"),
        Some(FloorBreach::Discount {
            given_pct: d("10.01"),
            max_pct: d("10")
        })
    );
    // Manager: 30 % off is fine, 31 % is not.
    assert_eq!(check(Role::Manager, "70"), None);
    assert!(matches!(
        check(Role::Manager, "69"),
        Some(FloorBreach::Discount { .. })
    ));
    // Admin has no floor.
    assert_eq!(check(Role::Admin, "1"), None);
    // Margin: with a 40 % allowance the margin floor bites first.
    let margin_only = vec![RoleFloor {
        role: Role::Rep,
        max_discount_pct: Some(d("50")),
        min_margin_pct: Some(d("10")),
    }];
    let b = floor_breach(&margin_only, Role::Rep, d("100"), Some(d("60")), d("65")).unwrap();
    assert!(matches!(b, FloorBreach::Margin { .. }), "{b:?}");
    assert!(b.message(crate::Lang::Zh).contains("毛利率"));
    assert_eq!(
        floor_breach(&margin_only, Role::Rep, d("100"), Some(d("60")), d("67")),
        None
    );
}

#[test]
fn rules_that_are_over_or_inconsistent_are_refused() {
    let today = date("2026-11-27");
    let expired = contract(5, CUSTOMER, "70", Some("2026-11-26"));
    let errs = expired.data.validate(today).unwrap_err();
    assert_eq!(errs[0].field, "valid_to");
    assert_eq!(errs[0].code, crate::ErrorCode::Expired);
    let mut backwards = contract(5, CUSTOMER, "70", Some("2026-12-31"));
    backwards.data.valid_from = Some(date("2027-01-01"));
    assert_eq!(
        backwards.data.validate(today).unwrap_err()[0].code,
        crate::ErrorCode::EndBeforeStart
    );
    let dup = tier(
        3,
        Target::Product(id(PRODUCT)),
        false,
        &[("10", fixed("9")), ("10", fixed("8"))],
    );
    assert_eq!(
        dup.data.validate(today).unwrap_err()[0].code,
        crate::ErrorCode::Duplicate
    );
    let negative = contract(5, CUSTOMER, "-1", None);
    assert_eq!(
        negative.data.validate(today).unwrap_err()[0].code,
        crate::ErrorCode::Negative
    );
}
