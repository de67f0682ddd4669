//! 发票: VAT invoices made from a customer's shipped goods. A request (待开票) takes goods of one
//! or more orders of one customer; finance issues it on the tax platform and enters (or
//! imports) its 20-digit 数电票 number (已开票); a red-letter invoice (红字) reverses all or
//! part of an issued one (已红冲).
//!
//! Each order line carries its invoiced quantity (`Order::invoiced`), so the same goods are
//! never invoiced twice: a request beyond what is shipped and not yet invoiced is refused, on
//! the desk and again on the server when two finance desks invoiced the same goods offline.

mod line;
mod number;
mod red;
mod refusal;
mod request;
pub mod shudian;
mod view;

pub use line::{piece_amounts, InvoiceLine};
pub use number::{tax_number_ok, RedReason};
pub use red::{red_lines, red_proposal, RedLetterData, RedPick};
pub use refusal::InvoiceRefusal;
pub use request::{invoiceable, request_lines, InvoicePick, InvoiceRequestData};
pub use view::{InvoiceRow, InvoiceView, QueueLine, QueueOrder};

use crate::customer::{InvoiceInfo, InvoiceKind};
use crate::ids::Id;
use crate::money::Money;
use crate::mutation::RowMeta;
use crate::read::ReadError;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvoiceStatus {
    /// 待开票: requested, not yet issued on the tax platform.
    Requested,
    /// 已开票: issued, with its 数电票 number and date.
    Issued,
    /// 已撤回: a request withdrawn before it was issued (its goods may be invoiced again).
    Withdrawn,
}

impl InvoiceStatus {
    pub fn label(self, lang: crate::Lang) -> &'static str {
        match self {
            InvoiceStatus::Requested => lang.pick("待开票", "To issue"),
            InvoiceStatus::Issued => lang.pick("已开票", "Issued"),
            InvoiceStatus::Withdrawn => lang.pick("已撤回", "Withdrawn"),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            InvoiceStatus::Requested => "requested",
            InvoiceStatus::Issued => "issued",
            InvoiceStatus::Withdrawn => "withdrawn",
        }
    }
}

/// The platform's number and day of an issued invoice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issued {
    /// The 20-digit 数电票号码.
    pub number: String,
    pub date: NaiveDate,
}

/// What a red-letter invoice reverses.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RedOf {
    pub invoice_id: Id,
    /// The original request's own number (KP-…).
    pub request_number: String,
    /// The original's 数电票号码 (what the platform's 红字确认单 asks for).
    pub tax_number: String,
    pub reason: RedReason,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invoice {
    pub id: Id,
    /// `KP-K7-202612-0001`: the request's number, also the 发票流水号 of the batch file (≤ 20).
    pub number: String,
    pub customer_id: Id,
    pub kind: InvoiceKind,
    /// The customer's 开票信息 when requested (later edits don't change a request).
    pub buyer: InvoiceInfo,
    /// Prices and 金额 include VAT (是否含税 = 是): the orders' price basis.
    pub tax_inclusive: bool,
    pub lines: Vec<InvoiceLine>,
    /// The orders its lines come from, once each (the server's lookup key).
    pub order_ids: Vec<Id>,
    pub status: InvoiceStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued: Option<Issued>,
    /// Set on a red-letter invoice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub red_of: Option<RedOf>,
    /// On an issued blue invoice: per line, the quantity reversed by issued red-letter invoices.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reversed: Vec<Decimal>,
    #[serde(default)]
    pub notes: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdraw_reason: Option<String>,
    pub meta: RowMeta,
}

/// How much of an issued invoice red-letter invoices reversed (已红冲).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reversal {
    None,
    Part,
    Full,
}

impl Invoice {
    pub fn net(&self) -> Money {
        sum(self.lines.iter().map(|l| l.amount))
    }

    pub fn tax(&self) -> Money {
        sum(self.lines.iter().map(|l| l.tax))
    }

    /// 价税合计: the sum of its lines (never a tax computed on the total).
    pub fn total(&self) -> Money {
        sum(self.lines.iter().map(|l| l.gross()))
    }

    pub fn is_red(&self) -> bool {
        self.red_of.is_some()
    }

    pub fn reversal(&self) -> Reversal {
        let at = |i: usize| self.reversed.get(i).copied().unwrap_or_default();
        if self.reversed.iter().all(|q| q.is_zero()) {
            Reversal::None
        } else if self.lines.iter().enumerate().all(|(i, l)| at(i) >= l.qty) {
            Reversal::Full
        } else {
            Reversal::Part
        }
    }

    /// The state finance reads: 待开票, 已开票, 已红冲(部分), 已红冲, 已撤回.
    pub fn state_label(&self, lang: crate::Lang) -> &'static str {
        match (self.status, self.reversal()) {
            (InvoiceStatus::Issued, Reversal::Full) => lang.pick("已红冲", "Reversed"),
            (InvoiceStatus::Issued, Reversal::Part) => lang.pick("部分红冲", "Partly reversed"),
            (s, _) => s.label(lang),
        }
    }
}

fn sum(it: impl Iterator<Item = Money>) -> Money {
    it.fold(Money::ZERO, |a, b| Money::round(a.decimal() + b.decimal()))
}

/// What finance does to a request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "act", rename_all = "snake_case")]
pub enum InvoiceAction {
    /// 已开票: the platform issued it under this number on this day.
    Issue { number: String, date: NaiveDate },
    /// Withdraw a request that was not issued (开错了, 客户不要了).
    Withdraw { reason: String },
}

/// What the invoice rules read of current state.
pub trait InvoiceReader {
    fn invoice(&self, id: Id) -> Result<Option<Invoice>, ReadError>;
    /// The invoice (not withdrawn) already holding a 数电票 number, if any.
    fn invoice_with_tax_number(&self, number: &str) -> Result<Option<Id>, ReadError>;
}

#[cfg(test)]
mod tests;
