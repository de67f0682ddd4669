//! The 20-digit 数电票号码 and the reasons a red-letter invoice may give.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// A 数电票号码: 20 digits, the first two the year it was issued (`26…` in 2026). Digits 3–4
/// (the province) and the rest are the platform's and are not checked further.
pub fn tax_number_ok(number: &str, issued: NaiveDate) -> bool {
    let yy = format!("{:02}", issued.year() % 100);
    number.len() == 20 && number.bytes().all(|b| b.is_ascii_digit()) && number.starts_with(&yy)
}

/// 冲红原因, as the platform names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RedReason {
    /// 开票有误: only the whole invoice can be reversed.
    WrongInvoice,
    /// 销货退回
    GoodsReturned,
    /// 服务中止
    ServiceStopped,
    /// 销售折让
    Allowance,
}

impl RedReason {
    pub const ALL: [RedReason; 4] = [
        RedReason::WrongInvoice,
        RedReason::GoodsReturned,
        RedReason::ServiceStopped,
        RedReason::Allowance,
    ];

    pub fn label(self, lang: crate::Lang) -> &'static str {
        match self {
            RedReason::WrongInvoice => lang.pick("开票有误", "Invoice was wrong"),
            RedReason::GoodsReturned => lang.pick("销货退回", "Goods returned"),
            RedReason::ServiceStopped => lang.pick("服务中止", "Service stopped"),
            RedReason::Allowance => lang.pick("销售折让", "Sales allowance"),
        }
    }

    /// The platform lets 开票有误 and 服务中止 reverse only the whole invoice.
    pub fn allows_part(self) -> bool {
        matches!(self, RedReason::GoodsReturned | RedReason::Allowance)
    }
}
