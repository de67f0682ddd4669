//! Carriers (承运方) and the shape of their tracking numbers. The shapes are the ones the
//! carriers print on their waybills; they catch a number typed into the wrong carrier or with a
//! digit missing, not every impossible number (the tracking service is the final judge).

use crate::error::Lang;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Carrier {
    Shunfeng,
    Yuantong,
    Zhongtong,
    Yunda,
    Shentong,
    Ems,
    Jd,
    /// 自提: the customer collects; no parcel travels.
    Pickup,
    /// 自送: the company's own vehicle (driver and plate instead of a tracking number).
    OwnVehicle,
}

impl Carrier {
    pub const ALL: [Carrier; 9] = [
        Carrier::Shunfeng,
        Carrier::Yuantong,
        Carrier::Zhongtong,
        Carrier::Yunda,
        Carrier::Shentong,
        Carrier::Ems,
        Carrier::Jd,
        Carrier::Pickup,
        Carrier::OwnVehicle,
    ];

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Carrier::Shunfeng => lang.pick("顺丰速运", "SF Express"),
            Carrier::Yuantong => lang.pick("圆通速递", "YTO Express"),
            Carrier::Zhongtong => lang.pick("中通快递", "ZTO Express"),
            Carrier::Yunda => lang.pick("韵达快递", "Yunda Express"),
            Carrier::Shentong => lang.pick("申通快递", "STO Express"),
            Carrier::Ems => lang.pick("EMS/邮政", "EMS / China Post"),
            Carrier::Jd => lang.pick("京东物流", "JD Logistics"),
            Carrier::Pickup => lang.pick("客户自提", "Customer pickup"),
            Carrier::OwnVehicle => lang.pick("自送", "Own delivery"),
        }
    }

    /// The company code of the tracking service (快递100 `com`), the default a company can
    /// change in Settings; `None` for carriers that are not tracked.
    pub fn tracking_code(self) -> Option<&'static str> {
        Some(match self {
            Carrier::Shunfeng => "shunfeng",
            Carrier::Yuantong => "yuantong",
            Carrier::Zhongtong => "zhongtong",
            Carrier::Yunda => "yunda",
            Carrier::Shentong => "shentong",
            Carrier::Ems => "ems",
            Carrier::Jd => "jd",
            Carrier::Pickup | Carrier::OwnVehicle => return None,
        })
    }

    /// The tracking service's code the company uses for this carrier: its own from Settings
    /// (a service may rename a code, or the company uses another branch of a carrier), else
    /// the default. `None` for carriers that are not tracked.
    pub fn code_for(self, own: &std::collections::BTreeMap<Carrier, String>) -> Option<String> {
        self.tracking_code()?;
        own.get(&self)
            .map(|c| c.trim())
            .filter(|c| !c.is_empty())
            .or(self.tracking_code())
            .map(str::to_string)
    }

    /// Parcels of this carrier carry tracking numbers.
    pub fn is_tracked(self) -> bool {
        self.tracking_code().is_some()
    }

    /// Does `number` look like one of this carrier's waybill numbers?
    pub fn accepts(self, number: &str) -> bool {
        let digits =
            |s: &str, n: &[usize]| s.bytes().all(|b| b.is_ascii_digit()) && n.contains(&s.len());
        let upper_digits = |s: &str, n: &[usize]| {
            s.bytes()
                .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
                && n.contains(&s.len())
        };
        match self {
            // SF + 12 or 13 digits on current waybills, 12 digits on older ones.
            Carrier::Shunfeng => match number.strip_prefix("SF") {
                Some(rest) => digits(rest, &[12, 13]),
                None => digits(number, &[12]),
            },
            // YT + 13 to 15 digits.
            Carrier::Yuantong => number
                .strip_prefix("YT")
                .is_some_and(|rest| digits(rest, &[13, 14, 15])),
            Carrier::Zhongtong | Carrier::Shentong => digits(number, &[12, 13, 14, 15]),
            Carrier::Yunda => digits(number, &[13, 15]),
            // Domestic: 13 digits; international: UPU S10 (two letters, 9 digits, CN).
            Carrier::Ems => {
                digits(number, &[13])
                    || (number.len() == 13
                        && number[..2].bytes().all(|b| b.is_ascii_uppercase())
                        && digits(&number[2..11], &[9])
                        && number[11..].bytes().all(|b| b.is_ascii_uppercase()))
            }
            // JD + 2 letters + 11 to 13 digits or letters (JDVA12345678901).
            Carrier::Jd => number
                .strip_prefix("JD")
                .is_some_and(|rest| upper_digits(rest, &[13, 14, 15])),
            Carrier::Pickup | Carrier::OwnVehicle => false,
        }
    }

    /// An example the form shows as a placeholder.
    pub fn example(self) -> &'static str {
        match self {
            Carrier::Shunfeng => "SF1234567890123",
            Carrier::Yuantong => "YT1234567890123",
            Carrier::Zhongtong => "731234567890",
            Carrier::Yunda => "4312345678901",
            Carrier::Shentong => "773123456789012",
            Carrier::Ems => "1123456789012",
            Carrier::Jd => "JDVA12345678901",
            Carrier::Pickup | Carrier::OwnVehicle => "",
        }
    }
}

/// A phone as carriers print it on labels: the middle hidden (138****5678); short numbers keep
/// only their last four digits visible.
pub fn mask_phone(phone: &str) -> String {
    let mut digits: Vec<char> = phone.chars().filter(|c| c.is_ascii_digit()).collect();
    // +86 138 … : the country code is not part of the number.
    if digits.len() == 13 && digits.starts_with(&['8', '6']) {
        digits.drain(..2);
    }
    match digits.len() {
        0 => String::new(),
        n if n >= 11 => {
            let head: String = digits[..3].iter().collect();
            let tail: String = digits[n - 4..].iter().collect();
            format!("{head}****{tail}")
        }
        n if n > 4 => {
            let tail: String = digits[n - 4..].iter().collect();
            format!("{}{tail}", "*".repeat(n - 4))
        }
        _ => digits.iter().collect(),
    }
}

/// A tracking number as the public page shows it: first and last four characters.
pub fn mask_tracking(number: &str) -> String {
    let chars: Vec<char> = number.chars().collect();
    if chars.len() <= 8 {
        return number.to_string();
    }
    let head: String = chars[..4].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}****{tail}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_companys_own_code_wins_over_the_default() {
        let mut own = std::collections::BTreeMap::new();
        assert_eq!(
            Carrier::Yuantong.code_for(&own).as_deref(),
            Some("yuantong")
        );
        own.insert(Carrier::Yuantong, " yuantongguoji ".to_string());
        own.insert(Carrier::Pickup, "ziti".to_string());
        assert_eq!(
            Carrier::Yuantong.code_for(&own).as_deref(),
            Some("yuantongguoji")
        );
        assert_eq!(Carrier::Pickup.code_for(&own), None, "not tracked");
        // A blank own code falls back to the default; a wrong shape or an untracked carrier's
        // code is refused when the company details are saved.
        own.insert(Carrier::Yuantong, "  ".to_string());
        assert_eq!(
            Carrier::Yuantong.code_for(&own).as_deref(),
            Some("yuantong")
        );
        let mut profile = crate::catalog::CompanyProfile {
            name: "杭州示范贸易有限公司".into(),
            ..Default::default()
        };
        profile
            .carrier_codes
            .insert(Carrier::Shunfeng, "shunfengkuaiyun".into());
        assert!(profile.validate().is_ok());
        profile
            .carrier_codes
            .insert(Carrier::Jd, "JD Logistics".into());
        assert!(profile.validate().is_err());
        profile.carrier_codes.remove(&Carrier::Jd);
        profile
            .carrier_codes
            .insert(Carrier::OwnVehicle, "car".into());
        assert!(profile.validate().is_err());
    }

    use super::*;
    use Carrier as C;

    #[test]
    fn tracking_numbers_are_checked_per_carrier() {
        let cases = [
            (C::Shunfeng, "SF1234567890123", true),
            (C::Shunfeng, "SF123456789012", true),
            (C::Shunfeng, "123456789012", true),
            (C::Shunfeng, "SF12345678901", false),
            (C::Shunfeng, "sf1234567890123", false),
            (C::Yuantong, "YT1234567890123", true),
            (C::Yuantong, "1234567890123", false),
            (C::Zhongtong, "731234567890", true),
            (C::Zhongtong, "73123456789", false),
            (C::Zhongtong, "73123456789A", false),
            (C::Yunda, "4312345678901", true),
            (C::Yunda, "43123456789012", false),
            (C::Shentong, "773123456789012", true),
            (C::Ems, "1123456789012", true),
            (C::Ems, "EA123456789CN", true),
            (C::Ems, "EA12345678CN", false),
            (C::Jd, "JDVA12345678901", true),
            (C::Jd, "JD", false),
            (C::Pickup, "123456789012", false),
        ];
        for (carrier, number, ok) in cases {
            assert_eq!(carrier.accepts(number), ok, "{carrier:?} {number}");
        }
        for c in C::ALL {
            assert_eq!(c.is_tracked(), !c.example().is_empty(), "{c:?}");
            if c.is_tracked() {
                assert!(c.accepts(c.example()), "{c:?} accepts its own example");
            }
        }
    }

    #[test]
    fn phones_and_numbers_are_masked_like_carriers_print_them() {
        assert_eq!(mask_phone("13812345678"), "138****5678");
        assert_eq!(mask_phone("+86 138 1234 5678"), "138****5678");
        assert_eq!(mask_phone("0592-5551234"), "059****1234");
        assert_eq!(mask_phone("5551234"), "***1234");
        assert_eq!(mask_phone("1234"), "1234");
        assert_eq!(mask_tracking("SF1234567890123"), "SF12****0123");
        assert_eq!(mask_tracking("12345678"), "12345678");
    }
}
