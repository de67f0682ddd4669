//! Quote arithmetic: line amounts, the header discount, and VAT per line rounded half-up to
//! 0.01 (四舍五入), for prices stated with or without tax.

use super::{QuoteData, QuoteLine};
use crate::money::Money;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// 不含税金额, 税额, 价税合计 of one line or of the whole quote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Amounts {
    pub net: Money,
    pub tax: Money,
    pub gross: Money,
}

impl std::ops::Add for Amounts {
    type Output = Amounts;
    fn add(self, o: Amounts) -> Amounts {
        let sum = |a: Money, b: Money| Money::round(a.decimal() + b.decimal());
        Amounts {
            net: sum(self.net, o.net),
            tax: sum(self.tax, o.tax),
            gross: sum(self.gross, o.gross),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteTotals {
    pub lines: Vec<Amounts>,
    pub fees: Vec<Amounts>,
    pub total: Amounts,
}

/// A goods line before the header discount: quantity × price, or the sum of its bands.
pub fn line_amount(line: &QuoteLine) -> Decimal {
    if line.segments.is_empty() {
        line.qty * line.unit_price
    } else {
        line.segments.iter().map(|s| s.qty * s.price).sum()
    }
}

fn discount_factor(data: &QuoteData) -> Decimal {
    (Decimal::ONE_HUNDRED - data.header_discount_pct) / Decimal::ONE_HUNDRED
}

/// The unit price the customer really pays (after the header discount), for floor checks.
pub fn effective_unit_price(data: &QuoteData, line: &QuoteLine) -> Decimal {
    if line.qty.is_zero() {
        return Decimal::ZERO;
    }
    line_amount(line) * discount_factor(data) / line.qty
}

/// Splits an amount stated on a price basis into net, tax and gross, tax rounded per line.
pub fn split_tax(amount: Decimal, rate_pct: Decimal, tax_inclusive: bool) -> Amounts {
    let hundred = Decimal::ONE_HUNDRED;
    if tax_inclusive {
        let gross = Money::round(amount);
        let tax = Money::round(gross.decimal() * rate_pct / (hundred + rate_pct));
        Amounts {
            net: Money::round(gross.decimal() - tax.decimal()),
            tax,
            gross,
        }
    } else {
        let net = Money::round(amount);
        let tax = Money::round(net.decimal() * rate_pct / hundred);
        Amounts {
            net,
            tax,
            gross: Money::round(net.decimal() + tax.decimal()),
        }
    }
}

pub fn totals(data: &QuoteData) -> QuoteTotals {
    let f = discount_factor(data);
    let lines: Vec<Amounts> = data
        .lines
        .iter()
        .map(|l| split_tax(line_amount(l) * f, l.tax_rate, data.tax_inclusive))
        .collect();
    let fees: Vec<Amounts> = data
        .fees
        .iter()
        .map(|x| split_tax(x.amount, x.tax_rate, data.tax_inclusive))
        .collect();
    let total = lines
        .iter()
        .chain(fees.iter())
        .fold(Amounts::default(), |a, b| a + *b);
    QuoteTotals { lines, fees, total }
}
