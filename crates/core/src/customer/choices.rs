//! Fixed choices on the customer profile, stored as stable codes and shown in the UI language.

use crate::error::Lang;
use serde::{Deserialize, Serialize};

/// 客户等级. Pricing by level arrives with the quotes issue.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub enum Level {
    A,
    B,
    #[default]
    C,
    D,
}

impl Level {
    pub const ALL: [Level; 4] = [Level::A, Level::B, Level::C, Level::D];

    pub fn code(self) -> &'static str {
        match self {
            Level::A => "A",
            Level::B => "B",
            Level::C => "C",
            Level::D => "D",
        }
    }

    pub fn parse(s: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.code() == s)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Level::A => lang.pick("A 级（重点）", "A (key account)"),
            Level::B => lang.pick("B 级（重要）", "B (important)"),
            Level::C => lang.pick("C 级（普通）", "C (regular)"),
            Level::D => lang.pick("D 级（潜在）", "D (prospect)"),
        }
    }
}

/// 客户来源.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    #[default]
    Unknown,
    Fair,
    Referral,
    Online,
    ColdCall,
    Existing,
    Other,
}

impl Source {
    pub const ALL: [Source; 7] = [
        Source::Unknown,
        Source::Fair,
        Source::Referral,
        Source::Online,
        Source::ColdCall,
        Source::Existing,
        Source::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Source::Unknown => "unknown",
            Source::Fair => "fair",
            Source::Referral => "referral",
            Source::Online => "online",
            Source::ColdCall => "cold_call",
            Source::Existing => "existing",
            Source::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Source> {
        Source::ALL.into_iter().find(|l| l.code() == s)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Source::Unknown => lang.pick("未填写", "Not given"),
            Source::Fair => lang.pick("展会", "Trade fair"),
            Source::Referral => lang.pick("转介绍", "Referral"),
            Source::Online => lang.pick("网络", "Online"),
            Source::ColdCall => lang.pick("电话开发", "Cold call"),
            Source::Existing => lang.pick("老客户", "Existing customer"),
            Source::Other => lang.pick("其他", "Other"),
        }
    }
}

/// Mainland provinces, municipalities and autonomous regions, plus HK, Macau and Taiwan, as
/// clerks write them (offered as suggestions in the form; any text is accepted).
pub const PROVINCES: [&str; 34] = [
    "北京",
    "天津",
    "上海",
    "重庆",
    "河北",
    "山西",
    "辽宁",
    "吉林",
    "黑龙江",
    "江苏",
    "浙江",
    "安徽",
    "福建",
    "江西",
    "山东",
    "河南",
    "湖北",
    "湖南",
    "广东",
    "海南",
    "四川",
    "贵州",
    "云南",
    "陕西",
    "甘肃",
    "青海",
    "台湾",
    "内蒙古",
    "广西",
    "西藏",
    "宁夏",
    "新疆",
    "香港",
    "澳门",
];
