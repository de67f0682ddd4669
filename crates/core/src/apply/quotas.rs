//! Quota mutations (库存额度): a desk takes quotas from the pool (出差备货), gives back what it
//! did not use, and a manager recalls a desk's quotas. Orders use them in `orders.rs`.

use super::{forbidden, Ctx, Effect, Outcome, R};
use crate::audit::{diff, AuditEntry};
use crate::error::{Action, DomainError, Entity, ErrorCode};
use crate::ids::Id;
use crate::mutation::RowMeta;
use crate::permissions as perm;
use crate::quota::{self, QuotaAsk, QuotaKind, QuotaMove, QuotaRefusal};
use rust_decimal::Decimal;
use std::collections::BTreeSet;

fn refused(refusal: QuotaRefusal) -> super::ApplyError {
    DomainError::Quota { refusal }.into()
}

impl Ctx<'_> {
    fn put_quota_move(&self, out: &mut Outcome, m: QuotaMove, action: &str) {
        out.audit.push(AuditEntry {
            entity: Entity::StockQuota,
            entity_id: m.id,
            action: action.into(),
            changes: diff(None, &m),
        });
        out.effects.push(Effect::PutQuotaMove(m));
    }

    fn quota_move(&self, id: Id, (product, warehouse): (Id, Id), qty: Decimal) -> QuotaMove {
        QuotaMove {
            id,
            device_id: self.actor().device_id,
            holder: self.actor().user_id,
            product_id: product,
            warehouse_id: warehouse,
            qty,
            kind: QuotaKind::Use,
            asked: Decimal::ZERO,
            answered: false,
            order_id: None,
            meta: RowMeta::created(self.env),
        }
    }

    /// Grants each line what the pool has (all, part or nothing, and the row says which). Only
    /// the server sees the pool as it is: a desk's own copy grants nothing until it answers.
    pub(super) fn take_quota(&self, id: Id, lines: &[QuotaAsk]) -> R<Outcome> {
        if !perm::can_take_quota(self.actor()) {
            return Err(forbidden(Action::TakeQuota));
        }
        if lines.is_empty() {
            return Err(DomainError::field("lines", ErrorCode::Required).into());
        }
        if lines.len() > crate::quote::MAX_LINES {
            let max = crate::quote::MAX_LINES;
            return Err(DomainError::field("lines", ErrorCode::TooMany { max }).into());
        }
        let live = self.reader.live_pool();
        let mut seen = BTreeSet::new();
        let mut out = Outcome::default();
        for (i, l) in lines.iter().enumerate() {
            let field = |f: &str| format!("lines.{i}.{f}");
            let p = self.live_product(l.product_id, &field("product"))?;
            self.live_warehouse(l.warehouse_id, &field("warehouse_id"))?;
            crate::quantity::check_qty(l.qty)
                .map_err(|code| DomainError::field(&field("qty"), code))?;
            self.check_unit(&p.data.unit, l.qty, &field("qty"))?;
            if !seen.insert((l.product_id, l.warehouse_id)) {
                return Err(refused(QuotaRefusal::DuplicateLine { sku: p.data.sku }));
            }
            let granted = if live {
                let level = self.reader.stock_level(l.product_id, l.warehouse_id)?;
                quota::grant(l.qty, &level)
            } else {
                Decimal::ZERO
            };
            let mut m = self.quota_move(
                quota::move_id(id, i),
                (l.product_id, l.warehouse_id),
                granted,
            );
            m.kind = QuotaKind::Grant;
            m.asked = l.qty;
            m.answered = live;
            self.put_quota_move(&mut out, m, "grant");
        }
        Ok(out)
    }

    /// What is left of this desk's quotas goes back to the pool (the keys asked, or all).
    pub(super) fn return_quota(&self, id: Id, keys: &[(Id, Id)]) -> R<Outcome> {
        let device = self.actor().device_id;
        let keys: BTreeSet<(Id, Id)> = if keys.is_empty() {
            self.reader
                .desk_quota_moves(device)?
                .into_iter()
                .filter(|m| m.kind != QuotaKind::Recall)
                .map(|m| (m.product_id, m.warehouse_id))
                .collect()
        } else {
            keys.iter().copied().collect()
        };
        let mut out = Outcome::default();
        for (i, (product, warehouse)) in keys.into_iter().enumerate() {
            let held = self.reader.desk_quota(device, product, warehouse)?;
            if held.outstanding > Decimal::ZERO {
                let mut m = self.quota_move(
                    quota::move_id(id, i),
                    (product, warehouse),
                    -held.outstanding,
                );
                m.kind = QuotaKind::Return;
                self.put_quota_move(&mut out, m, "return");
            }
        }
        if out.effects.is_empty() {
            return Err(refused(QuotaRefusal::NothingHeld));
        }
        Ok(out)
    }

    /// Marks a desk's quotas recalled. They stay set aside for it — it may have sold on them
    /// offline — until the desk, at its next sync, gives back what is left.
    pub(super) fn recall_quota(&self, id: Id, device: Id) -> R<Outcome> {
        if !perm::can_recall_quota(self.actor()) {
            return Err(forbidden(Action::RecallQuota));
        }
        let moves = self.reader.desk_quota_moves(device)?;
        let mut left: std::collections::BTreeMap<(Id, Id), Decimal> = Default::default();
        for m in moves.iter().filter(|m| m.kind != QuotaKind::Recall) {
            *left.entry((m.product_id, m.warehouse_id)).or_default() += m.qty;
        }
        if !left.values().any(|q| *q > Decimal::ZERO) {
            return Err(refused(QuotaRefusal::DeskHoldsNone));
        }
        let holder = moves
            .iter()
            .filter(|m| m.kind == QuotaKind::Grant)
            .max_by_key(|m| m.meta.created_at)
            .map(|m| m.holder)
            .unwrap_or(Id::NIL);
        let mut m = self.quota_move(quota::move_id(id, 0), (Id::NIL, Id::NIL), Decimal::ZERO);
        m.kind = QuotaKind::Recall;
        m.device_id = device;
        m.holder = holder;
        let mut out = Outcome::default();
        self.put_quota_move(&mut out, m, "recall");
        Ok(out)
    }

    /// The quota move of an order line held from the submitting desk's quota.
    pub(super) fn use_quota(
        &self,
        out: &mut Outcome,
        (order, line): (Id, usize),
        key: (Id, Id),
        qty: Decimal,
    ) {
        let mut m = self.quota_move(quota::move_id(self.env.id, line), key, -qty);
        m.order_id = Some(order);
        out.effects.push(Effect::PutQuotaMove(m));
    }
}
