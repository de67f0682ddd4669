//! 库存额度 on this desk: taking quotas (出差备货), giving them back (by hand, when a manager
//! recalled them, or when the company's days are up), and the quota panel of the stock screen.
//! The rules are `fairdesk_core::quota`.

use crate::queries::parse_doc;
use crate::{Store, StoreError};
use fairdesk_core::ids::Id;
use fairdesk_core::quota::{
    move_id, returns_due, QuotaAsk, QuotaKind, QuotaMove, QuotaRow, DEFAULT_KEEP_DAYS,
};
use fairdesk_core::Mutation;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

impl Store {
    /// Asks the pool for quotas for this desk. The grant comes with the server's answer (the
    /// rows of [`Store::quota_grants`] say how much); until then this desk holds nothing new.
    pub fn take_quota(&mut self, lines: Vec<QuotaAsk>) -> Result<Id, StoreError> {
        let id = self.new_id();
        self.submit(Mutation::TakeQuota { id, lines })?;
        Ok(id)
    }

    /// The grant rows of one take, in line order: asked, granted, answered.
    pub fn quota_grants(&self, take: Id) -> Result<Vec<QuotaMove>, StoreError> {
        let mut out = Vec::new();
        for i in 0.. {
            let doc: Option<String> = rusqlite::OptionalExtension::optional(self.conn.query_row(
                "SELECT doc FROM stock_quotas WHERE id = ?1",
                [move_id(take, i).to_string()],
                |r| r.get(0),
            ))?;
            match doc {
                Some(doc) => out.push(parse_doc(&doc)?),
                None => break,
            }
        }
        Ok(out)
    }

    /// Gives back what is left of this desk's quotas of these pairs (all when empty).
    pub fn return_quota(&mut self, keys: Vec<(Id, Id)>) -> Result<(), StoreError> {
        let id = self.new_id();
        self.submit(Mutation::ReturnQuota { id, keys })?;
        Ok(())
    }

    /// A manager asks for another desk's quotas back.
    pub fn recall_quota(&mut self, device: Id) -> Result<(), StoreError> {
        let id = self.new_id();
        self.submit(Mutation::RecallQuota {
            id,
            device_id: device,
        })?;
        Ok(())
    }

    /// What this desk owes back now: recalled by a manager, or past the company's days.
    pub fn quota_returns_due(&self) -> Result<Vec<(Id, Id)>, StoreError> {
        let moves = self.desk_moves(self.device.id)?;
        let days = self.company()?.quota_days.unwrap_or(DEFAULT_KEEP_DAYS);
        Ok(returns_due(&moves, self.now_ms(), days))
    }

    /// Queues the return of what is due (the sync loop calls this after each pull, so a recall
    /// or an expiry takes effect at the desk's next sync). How many quotas went back.
    pub fn return_due_quotas(&mut self) -> Result<usize, StoreError> {
        let due = self.quota_returns_due()?;
        if !due.is_empty() {
            self.return_quota(due.clone())?;
        }
        Ok(due.len())
    }

    /// What this desk still holds in all (the top bar says it sells on quota).
    pub fn quota_held(&self) -> Result<Decimal, StoreError> {
        let m: i64 = self.conn.query_row(
            "SELECT coalesce(sum(qty_milli), 0) FROM stock_quotas WHERE device_id = ?1",
            [self.device.id.to_string()],
            |r| r.get(0),
        )?;
        Ok(crate::rows::from_milli(m))
    }

    fn desk_moves(&self, device: Id) -> Result<Vec<QuotaMove>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT doc FROM stock_quotas WHERE device_id = ?1 ORDER BY id")?;
        let docs = stmt.query_map([device.to_string()], |r| r.get::<_, String>(0))?;
        docs.map(|d| parse_doc(&d?)).collect()
    }

    /// The quota panel: each desk's quota of each product in each warehouse — granted, used,
    /// returned, outstanding, waiting for the server — this desk's first.
    pub fn quota_rows(&self) -> Result<Vec<QuotaRow>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT q.doc, coalesce(u.name, ''), coalesce(p.doc, ''),
                    coalesce(fd_warehouse_label(w.name, w.province, w.city), '')
             FROM stock_quotas q
             LEFT JOIN users u ON u.id = json_extract(q.doc, '$.holder')
             LEFT JOIN products p ON p.id = q.product_id
             LEFT JOIN warehouses w ON w.id = q.warehouse_id
             ORDER BY q.at, q.id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        let mut recalled: BTreeMap<Id, i64> = BTreeMap::new();
        let mut panel: BTreeMap<(Id, Id, Id), QuotaRow> = BTreeMap::new();
        for row in rows {
            let (doc, holder, product, warehouse) = row?;
            let m: QuotaMove = parse_doc(&doc)?;
            if m.kind == QuotaKind::Recall {
                let at = recalled.entry(m.device_id).or_default();
                *at = (*at).max(m.meta.created_at);
                continue;
            }
            let r = panel
                .entry((m.device_id, m.product_id, m.warehouse_id))
                .or_insert_with(|| {
                    let (sku, name) = match parse_doc::<fairdesk_core::catalog::Product>(&product) {
                        Ok(p) => (p.data.sku, p.data.name),
                        Err(_) => (String::new(), String::new()),
                    };
                    QuotaRow {
                        device_id: m.device_id,
                        holder: holder.clone(),
                        product_id: m.product_id,
                        sku,
                        name,
                        warehouse_id: m.warehouse_id,
                        warehouse,
                        granted: Decimal::ZERO,
                        used: Decimal::ZERO,
                        returned: Decimal::ZERO,
                        outstanding: Decimal::ZERO,
                        waiting: Decimal::ZERO,
                        recalled: false,
                        mine: m.device_id == self.device.id,
                        granted_at: 0,
                    }
                });
            r.outstanding += m.qty;
            match m.kind {
                QuotaKind::Grant if !m.answered => r.waiting += m.asked,
                QuotaKind::Grant => {
                    r.granted += m.qty;
                    r.granted_at = r.granted_at.max(m.meta.created_at);
                    r.holder = holder;
                }
                QuotaKind::Use => r.used -= m.qty,
                QuotaKind::Return => r.returned -= m.qty,
                QuotaKind::Recall => {}
            }
        }
        let mut out: Vec<QuotaRow> = panel
            .into_values()
            .map(|mut r| {
                r.recalled = recalled
                    .get(&r.device_id)
                    .is_some_and(|at| *at >= r.granted_at && r.outstanding > Decimal::ZERO);
                r
            })
            .collect();
        out.sort_by(|a, b| {
            b.mine
                .cmp(&a.mine)
                .then(a.holder.cmp(&b.holder))
                .then(a.sku.cmp(&b.sku))
                .then(a.warehouse.cmp(&b.warehouse))
        });
        Ok(out)
    }
}
