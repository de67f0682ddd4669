//! Exact quantities, unit prices, tax rates and percentages (rust_decimal, never f64).
//! Quantities keep up to 3 decimals (kg, m), unit prices up to 4 (screws at ¥0.0125).

use crate::error::ErrorCode;
use rust_decimal::Decimal;

pub const QTY_DECIMALS: u32 = 3;
pub const PRICE_DECIMALS: u32 = 4;
/// Largest quantity on one line or move: 99,999,999.
pub fn max_qty() -> Decimal {
    Decimal::from(99_999_999)
}
/// Largest unit price: ¥99,999,999.
pub fn max_price() -> Decimal {
    Decimal::from(99_999_999)
}

/// VAT rates (增值税) the tax platform accepts, in percent.
pub const VAT_RATES: [u32; 6] = [13, 9, 6, 3, 1, 0];

pub fn is_vat_rate(rate: Decimal) -> bool {
    VAT_RATES.iter().any(|r| Decimal::from(*r) == rate)
}

/// Parses a typed number (full-width digits and thousands separators accepted).
pub fn parse_decimal(input: &str) -> Result<Decimal, ErrorCode> {
    let cleaned: String = input
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' => '.',
            '－' => '-',
            _ => c,
        })
        .filter(|c| !matches!(c, ',' | '，' | '¥' | '￥' | ' ' | '%'))
        .collect();
    if cleaned.is_empty() {
        return Err(ErrorCode::Required);
    }
    cleaned
        .parse::<Decimal>()
        .map_err(|_| ErrorCode::NotANumber)
}

/// A quantity on a line: greater than zero, at most 3 decimals.
pub fn check_qty(q: Decimal) -> Result<(), ErrorCode> {
    if q <= Decimal::ZERO {
        Err(ErrorCode::MustBePositive)
    } else {
        check_scale(q, QTY_DECIMALS, max_qty())
    }
}

/// A unit price: zero or more, at most 4 decimals.
pub fn check_price(p: Decimal) -> Result<(), ErrorCode> {
    if p < Decimal::ZERO {
        Err(ErrorCode::Negative)
    } else {
        check_scale(p, PRICE_DECIMALS, max_price())
    }
}

/// A percentage 0–100 with at most 2 decimals.
pub fn check_percent(p: Decimal) -> Result<(), ErrorCode> {
    if p < Decimal::ZERO {
        Err(ErrorCode::Negative)
    } else {
        check_scale(p, 2, Decimal::ONE_HUNDRED)
    }
}

fn check_scale(v: Decimal, decimals: u32, max: Decimal) -> Result<(), ErrorCode> {
    if v.normalize().scale() > decimals {
        Err(ErrorCode::TooManyDecimals { max: decimals })
    } else if v.abs() > max {
        Err(ErrorCode::OutOfRange)
    } else {
        Ok(())
    }
}

/// `12`, `12.5`, `0.125` — no trailing zeros.
pub fn show(q: Decimal) -> String {
    q.normalize().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn quantities_must_be_positive_and_exact() {
        assert_eq!(check_qty(d("0")), Err(ErrorCode::MustBePositive));
        assert_eq!(check_qty(d("-1")), Err(ErrorCode::MustBePositive));
        assert_eq!(
            check_qty(d("1.0005")),
            Err(ErrorCode::TooManyDecimals { max: 3 })
        );
        assert_eq!(check_qty(d("1.500")), Ok(()));
        assert_eq!(check_price(d("-0.01")), Err(ErrorCode::Negative));
        assert_eq!(check_price(d("0.0125")), Ok(()));
        assert_eq!(check_percent(d("100.5")), Err(ErrorCode::OutOfRange));
        assert_eq!(parse_decimal("１,２００．５"), Ok(d("1200.5")));
        assert_eq!(parse_decimal("abc"), Err(ErrorCode::NotANumber));
        assert_eq!(show(d("12.500")), "12.5");
    }
}
