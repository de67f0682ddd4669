//! Field validators shared by every form and by `apply` (the server re-checks what devices send).

use crate::error::{ErrorCode, FieldError};
use chrono::NaiveDate;

/// Characters refused in names and short identifying fields. Company and person names never
/// need them, and refusing them gives a clear message for pasted SQL or markup.
const NAME_FORBIDDEN: &[char] = &[';', '\'', '"', '\\', '<', '>', '`'];

/// Collects field errors so a form reports all its problems at once.
#[derive(Default, Debug)]
pub struct Checker {
    pub errors: Vec<FieldError>,
}

impl Checker {
    pub fn push(&mut self, field: impl Into<String>, code: ErrorCode) {
        self.errors.push(FieldError::new(field, code));
    }

    /// A name-like field: required or not, at most `max` characters, no forbidden characters.
    pub fn name(&mut self, field: &str, value: &str, required: bool, max: usize) {
        if value.trim().is_empty() {
            if required {
                self.push(field, ErrorCode::Required);
            }
            return;
        }
        if value.chars().count() > max {
            self.push(field, ErrorCode::TooLong { max });
        } else if value
            .chars()
            .any(|c| c.is_control() || NAME_FORBIDDEN.contains(&c))
        {
            self.push(field, ErrorCode::ForbiddenChars);
        }
    }

    /// Free text (notes, follow-up content): anything printable, line breaks allowed.
    pub fn text(&mut self, field: &str, value: &str, required: bool, max: usize) {
        if value.trim().is_empty() {
            if required {
                self.push(field, ErrorCode::Required);
            }
            return;
        }
        if value.chars().count() > max {
            self.push(field, ErrorCode::TooLong { max });
        } else if value
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
        {
            self.push(field, ErrorCode::ForbiddenChars);
        }
    }

    pub fn mobile(&mut self, field: &str, value: &str) {
        if !value.is_empty() && !is_mobile(value) {
            self.push(field, ErrorCode::InvalidMobile);
        }
    }

    pub fn phone(&mut self, field: &str, value: &str) {
        if !value.is_empty() && !is_phone(value) {
            self.push(field, ErrorCode::InvalidPhone);
        }
    }

    pub fn email(&mut self, field: &str, value: &str) {
        if !value.is_empty() && !is_email(value) {
            self.push(field, ErrorCode::InvalidEmail);
        }
    }

    pub fn finish(self) -> Result<(), Vec<FieldError>> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(self.errors)
        }
    }
}

/// Finishes a form parse: adds the domain's validation errors of the parsed data to the
/// parse errors (one message per field) and returns the data only when there are none.
pub fn finish_form<T>(
    mut errors: Vec<FieldError>,
    data: T,
    validation: Result<(), Vec<FieldError>>,
) -> Result<T, Vec<FieldError>> {
    for e in validation.err().unwrap_or_default() {
        if !errors.iter().any(|x| x.field == e.field) {
            errors.push(e);
        }
    }
    if errors.is_empty() {
        Ok(data)
    } else {
        Err(errors)
    }
}

/// Mainland mobile: 11 digits starting with 1[3-9]; stored normalised (no +86, no separators).
pub fn is_mobile(value: &str) -> bool {
    let b = value.as_bytes();
    b.len() == 11
        && b[0] == b'1'
        && (b'3'..=b'9').contains(&b[1])
        && b.iter().all(u8::is_ascii_digit)
}

/// Strips what people type around a mobile number: spaces, dashes, a +86 / 0086 prefix.
pub fn normalize_mobile(value: &str) -> String {
    let digits: String = value
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '(' | ')'))
        .collect();
    let digits = digits
        .strip_prefix("+86")
        .or_else(|| digits.strip_prefix("0086"))
        .unwrap_or(&digits);
    digits.to_string()
}

/// Landline or other phone: digits with optional -, spaces, brackets, a leading +; 7–20 long.
pub fn is_phone(value: &str) -> bool {
    let len = value.chars().count();
    let digits = value.chars().filter(char::is_ascii_digit).count();
    (7..=20).contains(&len)
        && digits >= 7
        && value.chars().enumerate().all(|(i, c)| {
            c.is_ascii_digit() || matches!(c, '-' | ' ' | '(' | ')') || (c == '+' && i == 0)
        })
}

pub fn is_email(value: &str) -> bool {
    let Some((local, domain)) = value.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && value.len() <= 254
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "@._+-".contains(c))
}

/// Parses `2026-11-27` (also `2026/11/27`, `2026.11.27`); impossible dates fail.
/// A date as clerks type it, whatever the computer's locale: 2026-12-03, 2026/12/3,
/// 2026.12.3, 20261203, 2026年12月3日 (full-width digits too).
pub fn parse_date(value: &str) -> Option<NaiveDate> {
    let v: String = value
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '/' | '.' | '年' | '月' | '－' | '／' => '-',
            c => c,
        })
        .filter(|c| *c != '日')
        .collect();
    let parsed = if v.len() == 8 && v.bytes().all(|b| b.is_ascii_digit()) {
        NaiveDate::parse_from_str(&v, "%Y%m%d")
    } else {
        NaiveDate::parse_from_str(&v, "%Y-%m-%d")
    };
    parsed
        .ok()
        .filter(|d| (1900..=2200).contains(&chrono::Datelike::year(d)))
}

pub fn is_color(value: &str) -> bool {
    value.len() == 7 && value.starts_with('#') && value[1..].chars().all(|c| c.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_clerks_type_them() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 3);
        for typed in [
            "2026-12-03",
            "2026/12/3",
            "2026.12.3",
            "20261203",
            " 2026-12-3 ",
            "2026年12月3日",
            "２０２６－１２－０３",
        ] {
            assert_eq!(parse_date(typed), d, "{typed}");
        }
        for bad in [
            "12/03/2026",
            "2026-13-01",
            "2026-02-30",
            "202612",
            "abc",
            "1800-01-01",
            "",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn mobiles() {
        assert!(is_mobile("13812345678"));
        assert!(!is_mobile("12812345678"));
        assert!(!is_mobile("1381234567"));
        assert!(!is_mobile("1381234567x"));
        assert_eq!(normalize_mobile("+86 138-1234-5678"), "13812345678");
        assert_eq!(normalize_mobile("0086 13812345678"), "13812345678");
    }

    #[test]
    fn phones_and_emails() {
        assert!(is_phone("021-6543 2100"));
        assert!(is_phone("(0755)88886666"));
        assert!(!is_phone("12345"));
        assert!(!is_phone("021-6543'; drop"));
        assert!(is_email("li.na@example.cn"));
        assert!(!is_email("li.na@"));
        assert!(!is_email("a@b"));
    }

    #[test]
    fn dates_must_be_real() {
        assert_eq!(
            parse_date("2026-11-27"),
            NaiveDate::from_ymd_opt(2026, 11, 27)
        );
        assert_eq!(
            parse_date("2024/02/29"),
            NaiveDate::from_ymd_opt(2024, 2, 29)
        );
        assert_eq!(parse_date("2026-02-30"), None);
        assert_eq!(parse_date("2025-02-29"), None);
        assert_eq!(parse_date("2026-13-01"), None);
        assert_eq!(parse_date("0001-01-01"), None);
        assert_eq!(parse_date("tomorrow"), None);
    }

    #[test]
    fn names_refuse_sql_and_markup_characters() {
        let mut c = Checker::default();
        c.name("name", "x'); DROP TABLE customers;--", true, 100);
        c.name("short_name", "华为（深圳）技术·有限公司 & Co.", true, 100);
        c.name("industry", "", true, 10);
        let errors = c.finish().unwrap_err();
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].code, ErrorCode::ForbiddenChars);
        assert_eq!(errors[1].code, ErrorCode::Required);
    }
}
