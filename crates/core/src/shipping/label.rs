//! The parcel label's size: the usual 电子面单 rolls, chosen once for the company in Settings.

use crate::error::Lang;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LabelSize {
    /// 76 × 130 mm
    Small,
    /// 100 × 150 mm
    #[default]
    Medium,
    /// 100 × 180 mm
    Large,
}

impl LabelSize {
    pub const ALL: [LabelSize; 3] = [LabelSize::Small, LabelSize::Medium, LabelSize::Large];

    /// Width × height in millimetres.
    pub fn mm(self) -> (u32, u32) {
        match self {
            LabelSize::Small => (76, 130),
            LabelSize::Medium => (100, 150),
            LabelSize::Large => (100, 180),
        }
    }

    pub fn label(self, lang: Lang) -> String {
        let (w, h) = self.mm();
        format!("{w} × {h} mm{}", lang.pick("（面单）", " label"))
    }
}
