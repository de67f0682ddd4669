//! An invoice line and its money. A piece of an order line is worth the value of everything
//! invoiced up to it less the value before it (on the order's price basis), so the pieces of a
//! fully invoiced line add up to exactly the order line; tax is then computed per invoice line
//! the way the tax platform computes it from 金额 and 税率 (half-up to the fen).

use crate::ids::Id;
use crate::money::Money;
use crate::quote::{split_tax, Amounts};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceLine {
    pub order_id: Id,
    pub order_number: String,
    /// The order's line (0-based).
    pub line: usize,
    pub product_id: Id,
    /// 项目名称
    pub name: String,
    /// 规格型号
    #[serde(default)]
    pub spec: String,
    pub unit: String,
    /// 商品和服务税收分类编码 (19 digits).
    pub tax_code: String,
    /// Negative on a red-letter invoice.
    pub qty: Decimal,
    /// The order's unit price, on the invoice's basis (含税 or 不含税).
    pub unit_price: Decimal,
    /// 税率 in percent (13 for 13%).
    pub rate: Decimal,
    /// 金额 without tax.
    pub amount: Money,
    /// 税额
    pub tax: Money,
}

impl InvoiceLine {
    /// 价税合计 of the line.
    pub fn gross(&self) -> Money {
        Money::round(self.amount.decimal() + self.tax.decimal())
    }

    /// 金额 as the batch file states it: with tax when the invoice is 含税.
    pub fn stated_amount(&self, tax_inclusive: bool) -> Money {
        if tax_inclusive {
            self.gross()
        } else {
            self.amount
        }
    }
}

/// The money of `qty` of a line worth `whole` (on its price basis, not rounded) for `of`,
/// after `before` of it went on earlier invoices. Negative `qty` reverses.
pub fn piece_amounts(
    whole: Decimal,
    of: Decimal,
    before: Decimal,
    qty: Decimal,
    rate: Decimal,
    tax_inclusive: bool,
) -> Amounts {
    let upto = |q: Decimal| {
        if of.is_zero() {
            Money::ZERO
        } else {
            Money::round(whole * q / of)
        }
    };
    let stated = upto(before + qty).decimal() - upto(before).decimal();
    split_tax(stated, rate, tax_inclusive)
}
