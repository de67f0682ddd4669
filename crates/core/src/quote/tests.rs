//! Quote totals: tax per line rounded half-up, both price bases, header discount, fees.

use super::*;
use crate::Money;
use std::str::FromStr;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn line(qty: &str, price: &str, rate: &str) -> QuoteLine {
    QuoteLine {
        product_id: Id::NIL,
        sku: "X".into(),
        name: "X".into(),
        spec: String::new(),
        unit: "个".into(),
        qty: d(qty),
        warehouse_id: None,
        list_price: d(price),
        unit_price: d(price),
        segments: vec![],
        source: PriceSource::List,
        tax_rate: d(rate),
    }
}

fn quote(inclusive: bool, lines: Vec<QuoteLine>) -> QuoteData {
    let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    QuoteData {
        customer_id: Id::NIL,
        date,
        valid_until: date,
        tax_inclusive: inclusive,
        header_discount_pct: Decimal::ZERO,
        lines,
        fees: vec![],
        terms: String::new(),
        notes: String::new(),
    }
}

fn fen(s: &str) -> Money {
    Money::parse(s).unwrap()
}

#[test]
fn tax_inclusive_prices_split_per_line() {
    // 3 × 33.33 = 99.99 incl. 13 %: tax = 99.99 × 13/113 = 11.5030… → 11.50
    let t = totals(&quote(true, vec![line("3", "33.33", "13")]));
    assert_eq!(
        t.lines[0],
        Amounts {
            net: fen("88.49"),
            tax: fen("11.50"),
            gross: fen("99.99")
        }
    );
}

#[test]
fn tax_exclusive_prices_add_tax_per_line() {
    // 7 × 1.15 = 8.05 net; tax 9 % = 0.7245 → 0.72
    let t = totals(&quote(
        false,
        vec![line("7", "1.15", "9"), line("1", "0.05", "13")],
    ));
    assert_eq!(
        t.lines[0],
        Amounts {
            net: fen("8.05"),
            tax: fen("0.72"),
            gross: fen("8.77")
        }
    );
    // 0.05 × 13 % = 0.0065 → 0.01 (half-up at the line, not at the total)
    assert_eq!(t.lines[1].tax, fen("0.01"));
    assert_eq!(
        t.total,
        Amounts {
            net: fen("8.10"),
            tax: fen("0.73"),
            gross: fen("8.83")
        }
    );
}

#[test]
fn rounding_is_half_up_at_the_fen() {
    // 1 × 0.125 incl. → gross 0.13 (half-up), not banker's 0.12
    let t = totals(&quote(true, vec![line("1", "0.125", "0")]));
    assert_eq!(t.lines[0].gross, fen("0.13"));
}

#[test]
fn header_discount_applies_to_goods_not_fees() {
    let mut q = quote(true, vec![line("10", "100", "13")]);
    q.header_discount_pct = d("5");
    q.fees.push(FeeLine {
        kind: FeeKind::Freight,
        description: "顺丰".into(),
        amount: d("200"),
        tax_rate: d("9"),
    });
    let t = totals(&q);
    assert_eq!(t.lines[0].gross, fen("950.00"));
    assert_eq!(
        t.fees[0],
        Amounts {
            net: fen("183.49"),
            tax: fen("16.51"),
            gross: fen("200.00")
        }
    );
    assert_eq!(t.total.gross, fen("1150.00"));
    assert_eq!(effective_unit_price(&q, &q.lines[0]), d("95"));
}

#[test]
fn bad_lines_are_named_by_field() {
    let mut q = quote(
        true,
        vec![
            line("0", "10", "13"),
            line("-2", "10", "13"),
            line("1", "10", "7"),
        ],
    );
    q.lines[0].source = PriceSource::Manual { reason: " ".into() };
    q.valid_until = q.date.pred_opt().unwrap();
    let errs = q.validate().unwrap_err();
    let fields: Vec<(&str, &crate::ErrorCode)> =
        errs.iter().map(|e| (e.field.as_str(), &e.code)).collect();
    assert!(
        fields.contains(&("lines.0.qty", &crate::ErrorCode::MustBePositive)),
        "{fields:?}"
    );
    assert!(fields.contains(&("lines.1.qty", &crate::ErrorCode::MustBePositive)));
    assert!(fields.contains(&("lines.2.tax_rate", &crate::ErrorCode::UnknownChoice)));
    assert!(fields.contains(&("lines.0.reason", &crate::ErrorCode::Required)));
    assert!(fields.contains(&("valid_until", &crate::ErrorCode::EndBeforeStart)));
}
