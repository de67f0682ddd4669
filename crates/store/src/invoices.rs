//! 发票 on this desk: the 待开票 queue, the invoice list, requests under the next KP number,
//! issuing, withdrawing and red-letter (the rules are `fairdesk_core::invoice`).

use crate::queries::{orders, shipping};
use crate::{Store, StoreError};
use fairdesk_core::docnumber::prefix;
use fairdesk_core::error::{Action, DomainError, Entity};
use fairdesk_core::ids::Id;
use fairdesk_core::invoice::shudian::{match_platform_rows, PlatformRow, RowMatch};
use fairdesk_core::invoice::{
    red_proposal, Invoice, InvoiceAction, InvoiceRequestData, InvoiceRow, InvoiceStatus,
    InvoiceView, QueueOrder, RedLetterData,
};
use fairdesk_core::{Mutation, Role};

impl Store {
    fn may_see_invoices(&self) -> Result<fairdesk_core::Actor, StoreError> {
        let actor = self.current_actor()?;
        if actor.role == Role::Warehouse {
            return Err(DomainError::Forbidden {
                action: Action::ViewReceivables,
            }
            .into());
        }
        Ok(actor)
    }

    /// 待开票: the orders (of the customers the user looks after; finance all) with shipped goods
    /// not yet invoiced, or invoiced beyond what was kept after a return.
    pub fn invoice_queue(&self) -> Result<Vec<QueueOrder>, StoreError> {
        let actor = self.may_see_invoices()?;
        let on_order = self.company()?.invoice_on_order;
        let mut out: Vec<QueueOrder> = shipping::money_orders(self.conn(), &actor, None)?
            .into_iter()
            .filter_map(|(o, name, rep)| QueueOrder::of(&o, name, rep, on_order))
            .collect();
        out.sort_by(|a, b| {
            (a.customer_name.as_str(), a.order_number.as_str())
                .cmp(&(b.customer_name.as_str(), b.order_number.as_str()))
        });
        Ok(out)
    }

    /// The invoices the user may see, newest first; `status` narrows them.
    pub fn invoices(&self, status: Option<InvoiceStatus>) -> Result<Vec<InvoiceRow>, StoreError> {
        let actor = self.may_see_invoices()?;
        let mut sql = String::from(
            "SELECT i.doc, coalesce(c.name, '') FROM invoices i
             LEFT JOIN customers c ON c.id = i.customer_id WHERE 1 = 1",
        );
        let mut args: Vec<rusqlite::types::Value> = Vec::new();
        if let Some(s) = status {
            sql.push_str(" AND i.status = ?");
            args.push(rusqlite::types::Value::Text(s.as_str().into()));
        }
        if actor.role != Role::Finance {
            crate::queries::scope_sql(&actor, "c.owner_id", &mut sql, &mut args);
        }
        sql.push_str(" ORDER BY i.created_at DESC, i.number DESC");
        let lang = self.lang();
        let mut stmt = self.conn().prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args), |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        rows.map(|r| {
            let (doc, name) = r?;
            let inv: Invoice = serde_json::from_str(&doc)?;
            Ok(InvoiceRow::of(&inv, name, lang))
        })
        .collect()
    }

    fn invoice_doc(&self, id: Id) -> Result<Invoice, StoreError> {
        let doc: Option<String> = rusqlite::OptionalExtension::optional(self.conn().query_row(
            "SELECT doc FROM invoices WHERE id = ?1",
            [id.to_string()],
            |r| r.get(0),
        ))?;
        let doc = doc.ok_or(DomainError::NotFound {
            entity: Entity::Invoice,
            id,
        })?;
        Ok(serde_json::from_str(&doc)?)
    }

    /// One invoice, its red-letter invoices and what returns propose to reverse.
    pub fn invoice_view(&self, id: Id) -> Result<InvoiceView, StoreError> {
        self.may_see_invoices()?;
        let invoice = self.invoice_doc(id)?;
        let rows = self.invoices(None)?;
        let row = rows
            .iter()
            .find(|r| r.id == id)
            .cloned()
            .ok_or(DomainError::NotFound {
                entity: Entity::Invoice,
                id,
            })?;
        let reds = rows
            .iter()
            .filter(|r| r.red_of.as_deref() == Some(invoice.number.as_str()))
            .cloned()
            .collect();
        let mut proposal = Vec::new();
        if invoice.status == InvoiceStatus::Issued && !invoice.is_red() {
            let on_order = self.company()?.invoice_on_order;
            for oid in &invoice.order_ids {
                if let Some(o) = orders::get(self.conn(), *oid)? {
                    proposal.extend(red_proposal(&o, &invoice, on_order));
                }
            }
        }
        Ok(InvoiceView {
            invoice,
            row,
            reds,
            proposal,
        })
    }

    /// 开票申请 under the next KP number of this desk.
    pub fn request_invoice(
        &mut self,
        data: InvoiceRequestData,
    ) -> Result<(Id, String), StoreError> {
        let actor = self.current_actor()?;
        let id = self.new_id();
        let mut number = String::new();
        self.submit_as(&actor, |n| {
            number = n.next(prefix::INVOICE);
            Mutation::RequestInvoice {
                id,
                number: number.clone(),
                data,
            }
        })?;
        Ok((id, number))
    }

    /// 红字: reverses all or part of an issued invoice under the next KP number.
    pub fn red_letter_invoice(&mut self, data: RedLetterData) -> Result<(Id, String), StoreError> {
        let actor = self.current_actor()?;
        let id = self.new_id();
        let mut number = String::new();
        self.submit_as(&actor, |n| {
            number = n.next(prefix::INVOICE);
            Mutation::RedLetterInvoice {
                id,
                number: number.clone(),
                data,
            }
        })?;
        Ok((id, number))
    }

    /// Issues (with the platform's number) or withdraws a request.
    pub fn invoice_act(&mut self, id: Id, action: InvoiceAction) -> Result<(), StoreError> {
        self.submit(Mutation::InvoiceAct { id, action }).map(drop)
    }

    /// The requests waiting for the tax platform (blue, 待开票), oldest first: the batch file.
    pub fn invoices_to_issue(&self) -> Result<Vec<Invoice>, StoreError> {
        let actor = self.may_see_invoices()?;
        if !fairdesk_core::permissions::can_invoice(&actor) {
            return Err(DomainError::Forbidden {
                action: Action::Invoice,
            }
            .into());
        }
        let mut stmt = self.conn().prepare(
            "SELECT doc FROM invoices WHERE status = 'requested' ORDER BY created_at, number",
        )?;
        let docs = stmt.query_map([], |r| r.get::<_, String>(0))?;
        let mut out = Vec::new();
        for doc in docs {
            let inv: Invoice = serde_json::from_str(&doc?)?;
            if !inv.is_red() {
                out.push(inv);
            }
        }
        Ok(out)
    }

    /// Marks requests 已开票 from the platform's list: each row that names a request (by
    /// 流水号 or in 备注) with a well-formed number and the same total is issued, one mutation
    /// each; the others come back with the reason they were skipped.
    pub fn import_platform_rows(
        &mut self,
        rows: &[PlatformRow],
    ) -> Result<Vec<RowMatch>, StoreError> {
        let actor = self.may_see_invoices()?;
        if !fairdesk_core::permissions::can_invoice(&actor) {
            return Err(DomainError::Forbidden {
                action: Action::Invoice,
            }
            .into());
        }
        let mut stmt = self
            .conn()
            .prepare("SELECT doc FROM invoices WHERE status <> 'withdrawn'")?;
        let docs: Vec<String> = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<Result<_, _>>()?;
        drop(stmt);
        let invoices: Vec<Invoice> = docs
            .iter()
            .map(|d| serde_json::from_str(d))
            .collect::<Result<_, _>>()?;
        let mut out = Vec::new();
        for m in match_platform_rows(rows, &invoices) {
            if let RowMatch::Issue {
                row,
                invoice_id,
                ref number,
                date,
                ..
            } = m
            {
                let act = InvoiceAction::Issue {
                    number: number.clone(),
                    date,
                };
                if let Err(e) = self.invoice_act(invoice_id, act) {
                    let (zh, en) = (
                        e.message(fairdesk_core::Lang::Zh),
                        e.message(fairdesk_core::Lang::En),
                    );
                    out.push(RowMatch::Skip {
                        row,
                        why_zh: zh,
                        why_en: en,
                    });
                    continue;
                }
            }
            out.push(m);
        }
        Ok(out)
    }
}
