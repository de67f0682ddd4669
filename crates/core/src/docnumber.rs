//! Document numbers (客户编号, 报价单号, 订单号 …): human-readable, valid offline and unique
//! across devices because each carries the device's code: `SO-K7-202611-0042`.

use chrono::{Datelike, NaiveDate};

/// Letters and digits that can't be confused when read aloud or handwritten (no I, O, 0, 1).
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/// A device code from random bytes, one character each: two for `K7`, more when a company has
/// used up the short ones.
pub fn device_code(random: impl AsRef<[u8]>) -> String {
    let random = random.as_ref();
    random
        .iter()
        .map(|b| CODE_ALPHABET[*b as usize % CODE_ALPHABET.len()] as char)
        .collect()
}

pub fn is_device_code(code: &str) -> bool {
    (2..=4).contains(&code.len()) && code.bytes().all(|b| CODE_ALPHABET.contains(&b))
}

/// The numbering period of a date: numbers restart each month.
pub fn period(date: NaiveDate) -> String {
    format!("{:04}{:02}", date.year(), date.month())
}

/// `PREFIX-DEVICE-YYYYMM-NNNN` (at least four digits; more when a month needs them).
pub fn format(prefix: &str, device: &str, period: &str, n: u64) -> String {
    format!("{prefix}-{device}-{period}-{n:04}")
}

/// Prefixes per document kind.
pub mod prefix {
    pub const CUSTOMER: &str = "KH";
    pub const QUOTE: &str = "QT";
    pub const ORDER: &str = "SO";
    /// 发货单
    pub const DELIVERY: &str = "FH";
    /// 退货单
    pub const RETURN: &str = "TH";
    /// 开票申请 (also the 发票流水号 of the tax platform's batch file, ≤ 20 characters)
    pub const INVOICE: &str = "KP";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_carry_device_and_month() {
        let p = period(NaiveDate::from_ymd_opt(2026, 11, 27).unwrap());
        assert_eq!(format("SO", "K7", &p, 42), "SO-K7-202611-0042");
        assert_eq!(format("SO", "K7", &p, 12345), "SO-K7-202611-12345");
    }

    #[test]
    fn device_codes_avoid_confusable_characters() {
        for a in 0..=255u8 {
            let c = device_code([a, a.wrapping_mul(7)]);
            assert!(is_device_code(&c), "{c}");
            assert!(!c.contains(['0', '1', 'I', 'O']));
        }
        assert!(!is_device_code("K0"));
    }
}
