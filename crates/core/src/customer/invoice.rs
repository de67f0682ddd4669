//! 开票信息: what a customer's VAT invoices are made out to — the buyer's name, 纳税人识别号,
//! address and phone, bank and account — and which kind it takes.

use crate::error::ErrorCode;
use crate::validate::Checker;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvoiceKind {
    /// 增值税普通发票
    #[default]
    Normal,
    /// 增值税专用发票: the buyer deducts its input tax, so every field must be there.
    Special,
}

impl InvoiceKind {
    pub const ALL: [InvoiceKind; 2] = [InvoiceKind::Normal, InvoiceKind::Special];

    pub fn label(self, lang: crate::Lang) -> &'static str {
        match self {
            InvoiceKind::Normal => lang.pick("增值税普通发票", "VAT ordinary invoice"),
            InvoiceKind::Special => lang.pick("增值税专用发票", "VAT special invoice"),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceInfo {
    /// 发票抬头: the buyer's registered name.
    pub title: String,
    /// 纳税人识别号 (统一社会信用代码 for most companies).
    pub tax_id: String,
    /// 地址、电话
    #[serde(default)]
    pub address_phone: String,
    /// 开户行及账号
    #[serde(default)]
    pub bank_account: String,
    #[serde(default)]
    pub kind: InvoiceKind,
}

/// The 31 characters of a 统一社会信用代码 (GB 32100-2015: digits and capitals without I, O,
/// S, V, Z) and the weights of its first 17.
const USCC_CHARS: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// A 纳税人识别号 as the tax platform takes it: the 18-character 统一社会信用代码 with its check
/// character right, or an older number of 15, 17 or 20 letters and digits.
pub fn tax_id_ok(id: &str) -> bool {
    let id = id.trim();
    match id.len() {
        18 => {
            let values: Option<Vec<u32>> = id
                .chars()
                .map(|c| USCC_CHARS.find(c).map(|i| i as u32))
                .collect();
            let Some(v) = values else {
                return false;
            };
            let sum: u32 = v[..17].iter().zip(USCC_WEIGHTS).map(|(a, w)| a * w).sum();
            (31 - sum % 31) % 31 == v[17]
        }
        15 | 17 | 20 => id
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase()),
        _ => false,
    }
}

impl InvoiceInfo {
    /// Title and tax id always; a special invoice also needs address, phone, bank and account.
    pub fn check(&self, c: &mut Checker) {
        c.name("invoice.buyer", &self.title, true, 100);
        if self.tax_id.trim().is_empty() {
            c.push("invoice.tax_id", ErrorCode::Required);
        } else if !tax_id_ok(&self.tax_id) {
            c.push("invoice.tax_id", ErrorCode::InvalidTaxCode);
        }
        let special = self.kind == InvoiceKind::Special;
        c.text("invoice.address_phone", &self.address_phone, special, 200);
        c.text("invoice.bank_account", &self.bank_account, special, 200);
    }

    /// Nothing filled in (the form's empty section).
    pub fn is_empty(&self) -> bool {
        self.title.trim().is_empty()
            && self.tax_id.trim().is_empty()
            && self.address_phone.trim().is_empty()
            && self.bank_account.trim().is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tax_ids_by_length_and_the_check_character() {
        // 18: the standard's example and codes of well-known companies (as printed on their
        // invoices); the check character was computed independently of this code.
        for good in [
            "91350100M000100Y43",
            "91330100799655058B",
            "9144030071526726XG",
            "91110000802100433B",
            "91440300708461136T",
            // Older numbers: 15, 17 and 20 characters.
            "110108716821567",
            "11010871682156711",
            "11010871682156711A01",
        ] {
            assert!(tax_id_ok(good), "{good}");
        }
        for bad in [
            "91350100M000100Y44", // wrong check character
            "91350100M000100I43", // I is not in the code's alphabet
            "91350100m000100Y43", // lower case
            "9135010",
            "1101087168215671",   // 16
            "1101087168215671-A", // punctuation
            "",
        ] {
            assert!(!tax_id_ok(bad), "{bad}");
        }
    }

    #[test]
    fn a_special_invoice_needs_every_field() {
        let mut info = InvoiceInfo {
            title: "重庆山城火锅食品有限公司".into(),
            tax_id: "91330100799655058B".into(),
            ..Default::default()
        };
        let errors = |i: &InvoiceInfo| {
            let mut c = Checker::default();
            i.check(&mut c);
            c.finish()
                .err()
                .unwrap_or_default()
                .into_iter()
                .map(|e| e.field)
                .collect::<Vec<_>>()
        };
        assert!(errors(&info).is_empty());
        info.kind = InvoiceKind::Special;
        assert_eq!(
            errors(&info),
            ["invoice.address_phone", "invoice.bank_account"]
        );
        info.tax_id = "91330100799655058C".into();
        info.address_phone = "重庆市渝中区解放碑 1 号 023-63000000".into();
        info.bank_account = "中国工商银行重庆分行 3100020109024567890".into();
        assert_eq!(errors(&info), ["invoice.tax_id"]);
    }
}
