//! 库存额度 (escrow for offline desks). A desk going to a fair takes, while online, a quota of a
//! product in a warehouse: stock set aside for that desk alone, so its orders can hold stock
//! offline without anyone else selling the same units. Quotas are a ledger of their own —
//! grants into a desk, uses by its orders, returns to the pool — never an overwritten number,
//! and the company-wide invariant is: confirmed holds + outstanding quotas ≤ on hand.

mod refusal;
mod rules;

pub use refusal::QuotaRefusal;
pub use rules::{check_level, grant, move_id, returns_due, split_line, QuotaBreach};

use crate::ids::Id;
use crate::mutation::RowMeta;
use crate::read::ReadError;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Days after which a desk gives back what it did not use, unless the company says otherwise.
pub const DEFAULT_KEEP_DAYS: u32 = 7;
/// Most a company may let a quota stay out.
pub const MAX_KEEP_DAYS: u32 = 90;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuotaKind {
    /// Stock set aside for the desk (+).
    Grant,
    /// Taken by one of the desk's orders (−): the stock moves from the quota into the order's hold.
    Use,
    /// Given back to the pool (−): by the desk, on its user's request or when it expires.
    Return,
    /// A manager asks for the desk's quota back (0): the desk returns it when it next syncs.
    Recall,
}

impl QuotaKind {
    pub fn as_str(self) -> &'static str {
        match self {
            QuotaKind::Grant => "grant",
            QuotaKind::Use => "use",
            QuotaKind::Return => "return",
            QuotaKind::Recall => "recall",
        }
    }

    pub fn label(self, lang: crate::Lang) -> &'static str {
        match self {
            QuotaKind::Grant => lang.pick("领用额度", "Granted"),
            QuotaKind::Use => lang.pick("订单占用", "Used by an order"),
            QuotaKind::Return => lang.pick("归还", "Returned"),
            QuotaKind::Recall => lang.pick("召回", "Recalled"),
        }
    }
}

/// One row of the quota ledger. Never changed after the server wrote it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuotaMove {
    pub id: Id,
    /// The desk (device) whose quota this moves.
    pub device_id: Id,
    /// That desk's user (shown beside the desk on the stock screen).
    pub holder: Id,
    /// Nil on a recall (it is for the whole desk).
    pub product_id: Id,
    pub warehouse_id: Id,
    /// Signed: + into the desk's quota, − out of it.
    pub qty: Decimal,
    pub kind: QuotaKind,
    /// A grant: what was asked for (the grant may be partial).
    #[serde(default, skip_serializing_if = "Decimal::is_zero")]
    pub asked: Decimal,
    /// A grant the server answered (a desk's own copy waits for it and grants nothing).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub answered: bool,
    /// A use: the order that took it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_id: Option<Id>,
    pub meta: RowMeta,
}

/// One line of 出差备货: how much of a product in a warehouse the desk asks for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuotaAsk {
    pub product_id: Id,
    pub warehouse_id: Id,
    pub qty: Decimal,
}

/// What a desk holds of a product in a warehouse.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskQuota {
    /// Granted less used and returned.
    pub outstanding: Decimal,
    /// The desk was granted some here (it sells this product on quota).
    pub on_quota: bool,
}

/// Reads of the quota ledger, implemented by the stores.
pub trait QuotaReader {
    /// What a desk holds of a product in a warehouse.
    fn desk_quota(&self, device: Id, product: Id, warehouse: Id) -> Result<DeskQuota, ReadError>;
    /// A desk's quota rows (for returns that are due).
    fn desk_quota_moves(&self, device: Id) -> Result<Vec<QuotaMove>, ReadError>;
    /// True where the reader sees the company's current pool (the server); a desk only knows
    /// the pool as of its last sync, so only its own quota is certain there.
    fn live_pool(&self) -> bool;
}

/// A row of the stock screen's quota panel: one desk's quota of a product in a warehouse.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuotaRow {
    pub device_id: Id,
    pub holder: String,
    pub product_id: Id,
    pub sku: String,
    pub name: String,
    pub warehouse_id: Id,
    pub warehouse: String,
    /// Granted in all (answered grants).
    pub granted: Decimal,
    /// Taken by the desk's orders.
    pub used: Decimal,
    /// Given back.
    pub returned: Decimal,
    /// Still set aside for the desk.
    pub outstanding: Decimal,
    /// Asked for and not yet answered by the server (this desk's own, offline).
    pub waiting: Decimal,
    /// A manager asked for it back; the desk returns it when it next syncs.
    pub recalled: bool,
    /// This desk.
    pub mine: bool,
    /// When the last grant was answered (Unix ms).
    pub granted_at: i64,
}

#[cfg(test)]
mod tests;
