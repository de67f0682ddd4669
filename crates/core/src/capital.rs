//! 大写金额: amounts in Chinese capital figures as printed on quotes and invoices,
//! following the accounting rules for zeros (壹仟零壹元, 壹拾万元整, 壹拾元零伍分).

use crate::money::Money;

const DIGITS: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
const PLACES: [&str; 4] = ["", "拾", "佰", "仟"];
/// Sections of four digits: 元, 万, 亿, 万亿 (money tops out below 1 万亿).
const SECTIONS: [&str; 4] = ["", "万", "亿", "万亿"];

/// `189432.90` → `壹拾捌万玖仟肆佰叁拾贰元玖角整`; negative amounts start with 负.
pub fn capital(amount: Money) -> String {
    let fen = amount.to_fen().unwrap_or(0);
    let sign = if fen < 0 { "负" } else { "" };
    let fen = fen.unsigned_abs();
    let (yuan, jiao, fen) = (fen / 100, (fen / 10 % 10) as usize, (fen % 10) as usize);
    let mut out = String::from(sign);
    if yuan > 0 {
        out.push_str(&integer(yuan));
        out.push('元');
    }
    match (jiao, fen) {
        (0, 0) if yuan == 0 => out.push_str("零元整"),
        (0, 0) => out.push('整'),
        (j, 0) => {
            out.push(DIGITS[j]);
            out.push_str("角整");
        }
        (0, f) => {
            if yuan > 0 {
                out.push('零');
            }
            out.push(DIGITS[f]);
            out.push('分');
        }
        (j, f) => {
            out.push(DIGITS[j]);
            out.push('角');
            out.push(DIGITS[f]);
            out.push('分');
        }
    }
    out
}

/// A positive whole number of yuan in capital figures, without the 元.
fn integer(mut n: u64) -> String {
    let mut sections = Vec::new();
    while n > 0 {
        sections.push((n % 10_000) as usize);
        n /= 10_000;
    }
    let mut out = String::new();
    let mut gap = false;
    for (i, &sec) in sections.iter().enumerate().rev() {
        if sec == 0 {
            gap = !out.is_empty();
            continue;
        }
        // A zero between sections is read once: 壹万零壹拾, 壹亿零壹.
        if !out.is_empty() && (gap || sec < 1000) {
            out.push('零');
        }
        out.push_str(&section(sec));
        out.push_str(SECTIONS[i.min(3)]);
        gap = false;
    }
    out
}

/// Up to four digits; zeros inside are read once (壹仟零壹), trailing zeros are silent.
fn section(sec: usize) -> String {
    let mut out = String::new();
    let mut zero = false;
    for place in (0..4).rev() {
        let d = sec / 10usize.pow(place as u32) % 10;
        if d == 0 {
            zero = !out.is_empty();
            continue;
        }
        if zero {
            out.push('零');
            zero = false;
        }
        out.push(DIGITS[d]);
        out.push_str(PLACES[place]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cap(s: &str) -> String {
        capital(Money::parse(s).unwrap())
    }

    #[test]
    fn amounts_read_as_on_an_invoice() {
        for (amount, words) in [
            ("10.05", "壹拾元零伍分"),
            ("100000", "壹拾万元整"),
            ("0.50", "伍角整"),
            ("1000000000.01", "壹拾亿元零壹分"),
            ("189432.90", "壹拾捌万玖仟肆佰叁拾贰元玖角整"),
            ("0", "零元整"),
            ("0.05", "伍分"),
            ("1", "壹元整"),
            ("1.23", "壹元贰角叁分"),
            ("1001", "壹仟零壹元整"),
            ("10010", "壹万零壹拾元整"),
            ("100100", "壹拾万零壹佰元整"),
            ("100000001", "壹亿零壹元整"),
            ("2003000000", "贰拾亿零叁佰万元整"),
            ("1010101", "壹佰零壹万零壹佰零壹元整"),
            ("120000", "壹拾贰万元整"),
            (
                "999999999999.99",
                "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分",
            ),
            ("-12.30", "负壹拾贰元叁角整"),
        ] {
            assert_eq!(cap(amount), words, "{amount}");
        }
    }
}
