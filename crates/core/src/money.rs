//! Exact money in CNY. Amounts are `rust_decimal` in code and integer 分 (fen) in storage,
//! so that SQL sums stay exact. Rounding is 四舍五入 (half away from zero) to 0.01.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Money(Decimal);

/// Why a typed amount was not accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MoneyParseError {
    NotANumber,
    TooManyDecimals,
    OutOfRange,
}

/// Largest amount we accept anywhere: ¥ 999,999,999,999.99 (fits i64 fen with room to sum).
const MAX_FEN: i64 = 99_999_999_999_999;

impl Money {
    pub const ZERO: Money = Money(Decimal::ZERO);

    pub fn from_fen(fen: i64) -> Money {
        Money(Decimal::new(fen, 2))
    }

    /// Rounds half-up to the fen, the way Chinese invoices round each line.
    pub fn round(value: Decimal) -> Money {
        Money(value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero))
    }

    pub fn decimal(self) -> Decimal {
        self.0
    }

    /// The amount in integer fen; `None` if it does not fit (callers validate first).
    pub fn to_fen(self) -> Option<i64> {
        (self.0 * Decimal::ONE_HUNDRED).trunc().to_i64()
    }

    pub fn is_negative(self) -> bool {
        self.0.is_sign_negative() && !self.0.is_zero()
    }

    /// Parses what a clerk types: `1234.5`, `1,234.50`, `¥1,234.50`, `１２３` (full-width).
    pub fn parse(input: &str) -> Result<Money, MoneyParseError> {
        let cleaned: String = input
            .trim()
            .chars()
            .map(full_width_to_ascii)
            .filter(|c| !matches!(c, ',' | '¥' | '￥' | ' '))
            .collect();
        if cleaned.is_empty() {
            return Err(MoneyParseError::NotANumber);
        }
        let value: Decimal = cleaned.parse().map_err(|_| MoneyParseError::NotANumber)?;
        if value.normalize().scale() > 2 {
            return Err(MoneyParseError::TooManyDecimals);
        }
        let money = Money(value.round_dp(2));
        match money.to_fen() {
            Some(fen) if fen.abs() <= MAX_FEN => Ok(money),
            _ => Err(MoneyParseError::OutOfRange),
        }
    }

    /// Plain form for inputs: `1234.50`.
    pub fn plain(self) -> String {
        format!("{:.2}", self.0)
    }
}

fn full_width_to_ascii(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        '．' => '.',
        '，' => ',',
        '－' => '-',
        _ => c,
    }
}

/// Sums and differences of amounts in fen are exact: no rounding.
impl std::ops::Add for Money {
    type Output = Money;
    fn add(self, other: Money) -> Money {
        Money(self.0 + other.0)
    }
}

impl std::ops::Sub for Money {
    type Output = Money;
    fn sub(self, other: Money) -> Money {
        Money(self.0 - other.0)
    }
}

impl std::ops::Neg for Money {
    type Output = Money;
    fn neg(self) -> Money {
        Money(-self.0)
    }
}

impl std::iter::Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, |a, b| a + b)
    }
}

/// `¥1,234.56`, `-¥12.00`.
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = format!("{:.2}", self.0.abs());
        let (int, frac) = s.split_once('.').unwrap_or((&s, "00"));
        let mut grouped = String::with_capacity(int.len() + int.len() / 3);
        for (i, ch) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(ch);
        }
        let sign = if self.is_negative() { "-" } else { "" };
        write!(f, "{sign}¥{grouped}.{frac}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn formats_with_grouping_and_two_decimals() {
        assert_eq!(Money::from_fen(123456).to_string(), "¥1,234.56");
        assert_eq!(Money::from_fen(0).to_string(), "¥0.00");
        assert_eq!(Money::from_fen(-1200).to_string(), "-¥12.00");
        assert_eq!(Money::from_fen(100_000_000).to_string(), "¥1,000,000.00");
    }

    #[test]
    fn parses_what_clerks_type() {
        assert_eq!(Money::parse("1,234.5").unwrap(), Money::from_fen(123450));
        assert_eq!(Money::parse("¥ 20").unwrap(), Money::from_fen(2000));
        assert_eq!(Money::parse("１２３．４").unwrap(), Money::from_fen(12340));
        assert_eq!(Money::parse("abc"), Err(MoneyParseError::NotANumber));
        assert_eq!(Money::parse(""), Err(MoneyParseError::NotANumber));
        assert_eq!(Money::parse("1.234"), Err(MoneyParseError::TooManyDecimals));
        assert_eq!(Money::parse("1e30"), Err(MoneyParseError::NotANumber));
        assert_eq!(
            Money::parse("99999999999999999"),
            Err(MoneyParseError::OutOfRange)
        );
    }

    #[test]
    fn rounds_half_up_at_the_fen() {
        let r = |s: &str| Money::round(Decimal::from_str(s).unwrap());
        assert_eq!(r("0.005"), Money::from_fen(1));
        assert_eq!(r("0.004"), Money::from_fen(0));
        assert_eq!(r("2.675"), Money::from_fen(268));
        assert_eq!(r("-0.005"), Money::from_fen(-1));
    }

    #[test]
    fn fen_round_trip_is_exact() {
        for fen in [0, 1, 99, 100, 123_456_789, -5] {
            assert_eq!(Money::from_fen(fen).to_fen(), Some(fen));
        }
    }
}
