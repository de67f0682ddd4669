//! Why a quota was not taken, returned or recalled.

use crate::error::Lang;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum QuotaRefusal {
    /// The same product and warehouse twice in one request.
    DuplicateLine { sku: String },
    /// Nothing of what was asked is held by this desk.
    NothingHeld,
    /// A recall of a desk that holds no quota.
    DeskHoldsNone,
    /// The server found holds and quotas promising more than is on hand (never expected: the
    /// rules keep it; the change is refused rather than stored).
    Breach { sku: String },
}

impl QuotaRefusal {
    pub fn message(&self, lang: Lang) -> String {
        use QuotaRefusal::*;
        match (self, lang) {
            (DuplicateLine { sku }, Lang::Zh) => format!("{sku} 在同一仓库重复出现，请合并为一行"),
            (DuplicateLine { sku }, Lang::En) => {
                format!("{sku} appears twice for the same warehouse; merge the lines")
            }
            (NothingHeld, _) => lang
                .pick("本机没有可归还的额度", "This desk holds no quota to return")
                .into(),
            (DeskHoldsNone, _) => lang
                .pick("该设备没有额度可召回", "That desk holds no quota to recall")
                .into(),
            (Breach { sku }, Lang::Zh) => {
                format!("{sku}：预留加额度将超过现有库存，服务器拒绝了此修改")
            }
            (Breach { sku }, Lang::En) => format!(
                "{sku}: holds and quotas would exceed the stock on hand; the server refused this change"
            ),
        }
    }
}
