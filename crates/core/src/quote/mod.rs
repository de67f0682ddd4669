//! 销售报价: a quote is one version (方案) of a customer's need; versions share a number
//! (QT-K7-202611-0042 v2). Totals follow Chinese invoices: tax per line, rounded half-up to 0.01.

#[cfg(test)]
mod tests;
mod totals;
mod view;

pub use totals::{effective_unit_price, line_amount, split_tax, totals, Amounts, QuoteTotals};
pub use view::{compare, CompareRow, Comparison, LineInfo, QuoteRow, QuoteView, WarehouseStock};

use crate::error::ErrorCode;
use crate::ids::Id;
use crate::mutation::RowMeta;
use crate::pricing::{FloorBreach, PriceSource, Segment};
use crate::quantity::{check_percent, check_price, check_qty, is_vat_rate};
use crate::validate::Checker;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Most lines on one quote (and on one order).
pub const MAX_LINES: usize = 500;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteLine {
    pub product_id: Id,
    /// Snapshot of the product as quoted (the printed quote never changes afterwards).
    pub sku: String,
    pub name: String,
    pub spec: String,
    pub unit: String,
    pub qty: Decimal,
    /// The warehouse the goods would come from (stock shown per warehouse).
    pub warehouse_id: Option<Id>,
    pub list_price: Decimal,
    pub unit_price: Decimal,
    /// Graduated tiers: the bands (then the amount is their sum).
    pub segments: Vec<Segment>,
    pub source: PriceSource,
    pub tax_rate: Decimal,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeeKind {
    /// 定制费
    Customization,
    /// 运费
    Freight,
    /// 安装费
    Installation,
    Other,
}

impl FeeKind {
    pub const ALL: [FeeKind; 4] = [
        FeeKind::Customization,
        FeeKind::Freight,
        FeeKind::Installation,
        FeeKind::Other,
    ];

    pub fn label(self, lang: crate::Lang) -> &'static str {
        match self {
            FeeKind::Customization => lang.pick("定制费", "Customisation"),
            FeeKind::Freight => lang.pick("运费", "Freight"),
            FeeKind::Installation => lang.pick("安装费", "Installation"),
            FeeKind::Other => lang.pick("其他费用", "Other fee"),
        }
    }

    /// The usual VAT rate of the service (freight 9 %, installation 9 %, customisation 13 %).
    pub fn default_tax_rate(self) -> Decimal {
        match self {
            FeeKind::Freight | FeeKind::Installation => Decimal::from(9),
            FeeKind::Customization | FeeKind::Other => Decimal::from(13),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeLine {
    pub kind: FeeKind,
    pub description: String,
    /// On the quote's price basis (含税 or 不含税).
    pub amount: Decimal,
    pub tax_rate: Decimal,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteData {
    pub customer_id: Id,
    pub date: NaiveDate,
    pub valid_until: NaiveDate,
    /// Prices on this quote include VAT (含税).
    pub tax_inclusive: bool,
    /// 整单折扣, percent off every goods line (not off fees).
    pub header_discount_pct: Decimal,
    pub lines: Vec<QuoteLine>,
    pub fees: Vec<FeeLine>,
    pub terms: String,
    pub notes: String,
}

/// How long a new quote is valid unless the clerk says otherwise.
pub const DEFAULT_VALIDITY_DAYS: u64 = 30;

impl QuoteData {
    /// A new quote dated `today`: valid for `DEFAULT_VALIDITY_DAYS`, no discount, fees, terms
    /// or notes.
    pub fn new(
        customer_id: Id,
        today: NaiveDate,
        tax_inclusive: bool,
        lines: Vec<QuoteLine>,
    ) -> Self {
        QuoteData {
            customer_id,
            date: today,
            valid_until: today + chrono::Days::new(DEFAULT_VALIDITY_DAYS),
            tax_inclusive,
            header_discount_pct: Decimal::ZERO,
            lines,
            fees: Vec::new(),
            terms: String::new(),
            notes: String::new(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuoteStatus {
    /// 草稿
    Draft,
    /// 已发送
    Sent,
    /// 已接受
    Accepted,
    /// 已拒绝
    Rejected,
    /// 已过期: never stored; a draft or sent quote past its validity shows as expired.
    Expired,
}

impl QuoteStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteStatus::Draft => "draft",
            QuoteStatus::Sent => "sent",
            QuoteStatus::Accepted => "accepted",
            QuoteStatus::Rejected => "rejected",
            QuoteStatus::Expired => "expired",
        }
    }

    pub fn label(self, lang: crate::Lang) -> &'static str {
        match self {
            QuoteStatus::Draft => lang.pick("草稿", "Draft"),
            QuoteStatus::Sent => lang.pick("已发送", "Sent"),
            QuoteStatus::Accepted => lang.pick("已接受", "Accepted"),
            QuoteStatus::Rejected => lang.pick("已拒绝", "Rejected"),
            QuoteStatus::Expired => lang.pick("已过期", "Expired"),
        }
    }
}

/// A line whose price is below the floor of the person who set it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineBreach {
    /// 0-based line index.
    pub line: usize,
    pub sku: String,
    pub breach: FloorBreach,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    pub id: Id,
    /// Shared by every version of the same need.
    pub number: String,
    /// The first version's id: all versions of one need carry it.
    pub need_id: Id,
    pub version: u32,
    #[serde(flatten)]
    pub data: QuoteData,
    pub status: QuoteStatus,
    /// The customer's owner when last saved (who sees the quote).
    pub owner_id: Id,
    /// Lines below the floor of whoever priced them; non-empty means 需审批.
    pub breaches: Vec<LineBreach>,
    pub approved_by: Option<Id>,
    pub meta: RowMeta,
}

impl Quote {
    pub fn needs_approval(&self) -> bool {
        !self.breaches.is_empty() && self.approved_by.is_none()
    }

    /// The status a user sees on `today` (expiry is automatic).
    pub fn shown_status(&self, today: NaiveDate) -> QuoteStatus {
        match self.status {
            QuoteStatus::Draft | QuoteStatus::Sent if self.data.valid_until < today => {
                QuoteStatus::Expired
            }
            s => s,
        }
    }

    /// `QT-K7-202611-0042 v2`
    pub fn display_number(&self) -> String {
        format!("{} v{}", self.number, self.version)
    }
}

impl QuoteData {
    pub fn validate(&self) -> Result<(), Vec<crate::FieldError>> {
        let mut c = Checker::default();
        if self.valid_until < self.date {
            c.push("valid_until", ErrorCode::EndBeforeStart);
        }
        if let Err(e) = check_percent(self.header_discount_pct) {
            c.push("header_discount_pct", e);
        }
        if self.lines.len() > MAX_LINES {
            c.push("lines", ErrorCode::TooMany { max: MAX_LINES });
        }
        for (i, l) in self.lines.iter().enumerate() {
            check_line(&mut c, i, l.qty, l.unit_price, l.tax_rate);
            if let PriceSource::Manual { reason } = &l.source {
                c.text(&format!("lines.{i}.reason"), reason, true, 100);
            }
            if !l.segments.is_empty() && l.segments.iter().map(|s| s.qty).sum::<Decimal>() != l.qty
            {
                c.push(format!("lines.{i}.qty"), ErrorCode::OutOfRange);
            }
        }
        for (i, f) in self.fees.iter().enumerate() {
            match check_price(f.amount) {
                Err(e) => c.push(format!("fees.{i}.amount"), e),
                Ok(()) if f.amount.is_zero() => {
                    c.push(format!("fees.{i}.amount"), ErrorCode::MustBePositive)
                }
                Ok(()) => {}
            }
            if !is_vat_rate(f.tax_rate) {
                c.push(format!("fees.{i}.tax_rate"), ErrorCode::UnknownChoice);
            }
            c.text(&format!("fees.{i}.description"), &f.description, false, 60);
        }
        c.text("terms", &self.terms, false, 2000);
        c.text("notes", &self.notes, false, 2000);
        c.finish()
    }
}

/// A document line's quantity, unit price and VAT rate (quotes and orders alike).
pub(crate) fn check_line(c: &mut Checker, i: usize, qty: Decimal, price: Decimal, rate: Decimal) {
    if let Err(e) = check_qty(qty) {
        c.push(format!("lines.{i}.qty"), e);
    }
    if let Err(e) = check_price(price) {
        c.push(format!("lines.{i}.unit_price"), e);
    }
    if !is_vat_rate(rate) {
        c.push(format!("lines.{i}.tax_rate"), ErrorCode::UnknownChoice);
    }
}
