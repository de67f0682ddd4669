//! The quota rules: what a grant gives, how an order line is held (quota first, then the pool),
//! the invariant, and which quotas a desk owes back.

use super::{DeskQuota, QuotaKind, QuotaMove};
use crate::ids::Id;
use crate::order::LineStock;
use crate::stock::StockLevel;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

const DAY_MS: i64 = 86_400_000;

/// What the pool grants of `asked`: all of it, or what is available (a partial grant), never
/// less than nothing. The pool is on hand less holds less every desk's outstanding quota.
pub fn grant(asked: Decimal, level: &StockLevel) -> Decimal {
    asked.min(level.available()).max(Decimal::ZERO)
}

/// How one order line is held. The desk's own quota comes first (certain wherever the order is
/// submitted: nobody else can take it). The rest comes from the pool — on the server, which
/// sees the pool as it is now. A desk that sells the product on quota does not guess from its
/// last-known pool: the rest is 待确认 until the server answers (`pending`).
pub fn split_line(need: Decimal, own: DeskQuota, pool_free: Decimal, live: bool) -> LineStock {
    let quota = need.min(own.outstanding).max(Decimal::ZERO);
    let rest = need - quota;
    if !live && own.on_quota {
        return LineStock {
            reserved: quota,
            short: rest,
            quota,
            pending: rest,
        };
    }
    let pool = rest.min(pool_free).max(Decimal::ZERO);
    LineStock {
        reserved: quota + pool,
        short: rest - pool,
        quota,
        pending: Decimal::ZERO,
    }
}

/// The invariant broken: holds and quotas promise more than is on hand.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuotaBreach {
    pub over: Decimal,
}

/// For one product in one warehouse: confirmed holds + outstanding quotas ≤ on hand.
pub fn check_level(level: &StockLevel) -> Result<(), QuotaBreach> {
    let over = level.reserved + level.quota - level.on_hand;
    if over > Decimal::ZERO {
        Err(QuotaBreach { over })
    } else {
        Ok(())
    }
}

/// Row ids of a mutation's quota moves: the mutation's id with the line number (and a tag, so
/// they never meet an order's hold ids) mixed into its random bits. Desk and server derive the
/// same id, so the server's row replaces the desk's own copy.
pub fn move_id(mutation: Id, line: usize) -> Id {
    let mut bytes = *mutation.0.as_bytes();
    bytes[11] ^= 0x5a;
    for (i, b) in (line as u32 + 1).to_be_bytes().iter().enumerate() {
        bytes[12 + i] ^= b;
    }
    Id(uuid::Uuid::from_bytes(bytes))
}

/// The (product, warehouse) quotas a desk owes back now: those with something left whose last
/// grant is `keep_days` old, or that a manager recalled after their last grant.
pub fn returns_due(moves: &[QuotaMove], now_ms: i64, keep_days: u32) -> Vec<(Id, Id)> {
    let recalled_at = moves
        .iter()
        .filter(|m| m.kind == QuotaKind::Recall)
        .map(|m| m.meta.created_at)
        .max();
    let mut keys: BTreeMap<(Id, Id), (Decimal, i64)> = BTreeMap::new();
    for m in moves.iter().filter(|m| m.kind != QuotaKind::Recall) {
        let k = keys.entry((m.product_id, m.warehouse_id)).or_default();
        k.0 += m.qty;
        if m.kind == QuotaKind::Grant {
            k.1 = k.1.max(m.meta.created_at);
        }
    }
    keys.into_iter()
        .filter(|(_, (left, granted_at))| {
            *left > Decimal::ZERO
                && (now_ms - granted_at >= i64::from(keep_days) * DAY_MS
                    || recalled_at.is_some_and(|r| r >= *granted_at))
        })
        .map(|(k, _)| k)
        .collect()
}
