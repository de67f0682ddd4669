//! Quote mutations: save a draft, new version, send / accept / reject, approve.

use super::{forbidden, invalid, Ctx, Effect, Outcome, R};
use crate::audit::{diff, AuditEntry};
use crate::error::{Action, DomainError, Entity};
use crate::ids::Id;
use crate::mutation::RowMeta;
use crate::permissions::{self as perm, Owner};
use crate::pricing::floor_breach;
use crate::quote::{effective_unit_price, LineBreach, Quote, QuoteData, QuoteStatus};

impl Ctx<'_> {
    /// A quote belongs to whoever owns its customer now (a reassigned customer takes its
    /// quotes along).
    fn quote_owner(&self, q: &Quote) -> R<(Id, String)> {
        let owner = self
            .reader
            .customer(q.data.customer_id)?
            .map_or(q.owner_id, |c| c.owner_id);
        self.owner(owner)
    }

    /// Refuses `action` unless `rule` lets the actor act for this owner (documents follow
    /// their customer's owner).
    pub(super) fn check_owner(
        &self,
        owner: (Id, String),
        rule: fn(&crate::Actor, Owner) -> bool,
        action: Action,
    ) -> R<()> {
        let (id, team) = owner;
        if rule(self.actor(), Owner { id, team: &team }) {
            Ok(())
        } else {
            Err(forbidden(action))
        }
    }

    /// The live customer a document is for (a field error when there is none).
    pub(super) fn document_customer(&self, id: Id) -> R<crate::customer::Customer> {
        self.live_customer(id).map_err(|_| {
            DomainError::field("customer_id", crate::error::ErrorCode::UnknownCustomer).into()
        })
    }

    fn editable_quote(&self, id: Id) -> R<Quote> {
        let q = self.reader.quote(id)?.ok_or(DomainError::NotFound {
            entity: Entity::Quote,
            id,
        })?;
        self.check_owner(
            self.quote_owner(&q)?,
            perm::can_edit_quote,
            Action::EditQuote,
        )?;
        Ok(q)
    }

    fn put_quote(&self, out: &mut Outcome, before: Option<&Quote>, after: Quote, action: &str) {
        out.audit.push(AuditEntry {
            entity: Entity::Quote,
            entity_id: after.id,
            action: action.into(),
            changes: diff(before, &after),
        });
        out.effects.push(Effect::PutQuote(Box::new(after)));
    }

    /// Checks lines against the catalog, refreshes their product snapshot and finds the lines
    /// priced below the actor's floor.
    fn checked_lines(&self, data: &QuoteData) -> R<(QuoteData, Vec<LineBreach>)> {
        data.validate().map_err(invalid)?;
        let policy = self
            .reader
            .pricing_policy()?
            .map(|p| p.policy)
            .unwrap_or_default();
        let mut data = data.clone();
        let mut breaches = Vec::new();
        let discretionary = !data.header_discount_pct.is_zero();
        for i in 0..data.lines.len() {
            let product =
                self.live_product(data.lines[i].product_id, &format!("lines.{i}.product"))?;
            if let Some(w) = data.lines[i].warehouse_id {
                self.live_warehouse(w, &format!("lines.{i}.warehouse_id"))?;
            }
            self.check_unit(
                &product.data.unit,
                data.lines[i].qty,
                &format!("lines.{i}.qty"),
            )?;
            let line = &mut data.lines[i];
            line.sku = product.data.sku.clone();
            line.name = product.data.name.clone();
            line.spec = product.data.spec.clone();
            line.unit = product.data.unit.clone();
            line.list_price = product.data.list_price;
            if discretionary || line.source.is_manual() {
                let price = effective_unit_price(&data, &data.lines[i]);
                if let Some(breach) = floor_breach(
                    &policy.floors,
                    self.actor().role,
                    product.data.list_price,
                    product.data.cost,
                    price,
                ) {
                    breaches.push(LineBreach {
                        line: i,
                        sku: product.data.sku.clone(),
                        breach,
                    });
                }
            }
        }
        Ok((data, breaches))
    }

    pub(super) fn save_quote(&self, id: Id, number: &str, data: &QuoteData) -> R<Outcome> {
        let customer = self.document_customer(data.customer_id)?;
        self.check_owner(
            self.owner(customer.owner_id)?,
            perm::can_edit_quote,
            Action::EditQuote,
        )?;
        let (data, breaches) = self.checked_lines(data)?;
        let lines: Vec<(Id, rust_decimal::Decimal)> =
            data.lines.iter().map(|l| (l.product_id, l.qty)).collect();
        self.check_limits(data.customer_id, &lines, id)?;
        let before = self.reader.quote(id)?;
        let after = match &before {
            Some(b) => {
                self.editable_quote(id)?;
                if b.status != QuoteStatus::Draft {
                    return Err(DomainError::InvalidTransition {
                        entity: Entity::Quote,
                        from: b.status,
                        to: QuoteStatus::Draft,
                    }
                    .into());
                }
                Quote {
                    data,
                    owner_id: customer.owner_id,
                    // An approval covers the prices it saw: a new breach needs a new approval.
                    approved_by: b.approved_by.filter(|_| breaches == b.breaches),
                    breaches,
                    meta: b.meta.touched(self.env),
                    ..b.clone()
                }
            }
            None => {
                if number.trim().is_empty() || number.len() > 40 {
                    return Err(
                        DomainError::field("number", crate::error::ErrorCode::Required).into(),
                    );
                }
                Quote {
                    id,
                    number: number.to_string(),
                    need_id: id,
                    version: 1,
                    data,
                    status: QuoteStatus::Draft,
                    owner_id: customer.owner_id,
                    breaches,
                    approved_by: None,
                    meta: RowMeta::created(self.env),
                }
            }
        };
        let mut out = Outcome::default();
        let action = if before.is_some() { "update" } else { "create" };
        self.put_quote(&mut out, before.as_ref(), after, action);
        Ok(out)
    }

    pub(super) fn new_quote_version(&self, id: Id, from: Id) -> R<Outcome> {
        let source = self.editable_quote(from)?;
        if self.reader.quote(id)?.is_some() {
            return Err(DomainError::AlreadyExists {
                entity: Entity::Quote,
                id,
            }
            .into());
        }
        let versions = self.reader.quote_versions(source.need_id)?;
        let next = versions.iter().map(|q| q.version).max().unwrap_or(0) + 1;
        // The copy starts today with the same validity period as the original.
        let today = self.env.local_date();
        let mut data = source.data.clone();
        let span = data.valid_until - data.date;
        data.date = today;
        data.valid_until = today + span;
        let (data, breaches) = self.checked_lines(&data)?;
        let after = Quote {
            id,
            number: source.number.clone(),
            need_id: source.need_id,
            version: next,
            data,
            status: QuoteStatus::Draft,
            owner_id: source.owner_id,
            breaches,
            approved_by: None,
            meta: RowMeta::created(self.env),
        };
        let mut out = Outcome::default();
        self.put_quote(&mut out, None, after, "new_version");
        Ok(out)
    }

    pub(super) fn set_quote_status(&self, id: Id, to: QuoteStatus) -> R<Outcome> {
        let before = self.editable_quote(id)?;
        let today = self.env.local_date();
        let shown = before.shown_status(today);
        let invalid_move = || DomainError::InvalidTransition {
            entity: Entity::Quote,
            from: shown,
            to,
        };
        match (before.status, to) {
            (QuoteStatus::Draft, QuoteStatus::Sent) => {
                if before.data.lines.is_empty() {
                    return Err(DomainError::EmptyQuote.into());
                }
                if before.needs_approval() {
                    return Err(DomainError::NeedsApproval {
                        breaches: before.breaches.clone(),
                    }
                    .into());
                }
                if shown == QuoteStatus::Expired {
                    return Err(DomainError::QuoteExpired.into());
                }
            }
            (QuoteStatus::Sent, QuoteStatus::Accepted) => {
                if shown == QuoteStatus::Expired {
                    return Err(DomainError::QuoteExpired.into());
                }
                if let Some(other) = self
                    .reader
                    .quote_versions(before.need_id)?
                    .into_iter()
                    .find(|q| q.id != id && q.status == QuoteStatus::Accepted)
                {
                    return Err(DomainError::OtherVersionAccepted {
                        number: other.number,
                        version: other.version,
                    }
                    .into());
                }
            }
            (QuoteStatus::Sent, QuoteStatus::Rejected) => {}
            _ => return Err(invalid_move().into()),
        }
        let mut after = before.clone();
        after.status = to;
        after.meta = before.meta.touched(self.env);
        let mut out = Outcome::default();
        self.put_quote(&mut out, Some(&before), after, to.as_str());
        Ok(out)
    }

    pub(super) fn approve_quote(&self, id: Id) -> R<Outcome> {
        let before = self.reader.quote(id)?.ok_or(DomainError::NotFound {
            entity: Entity::Quote,
            id,
        })?;
        self.check_owner(
            self.quote_owner(&before)?,
            perm::can_approve,
            Action::ApproveQuote,
        )?;
        if !before.needs_approval() || before.status != QuoteStatus::Draft {
            return Err(DomainError::NothingToApprove.into());
        }
        let mut after = before.clone();
        after.approved_by = Some(self.actor().user_id);
        after.meta = before.meta.touched(self.env);
        let mut out = Outcome::default();
        self.put_quote(&mut out, Some(&before), after, "approve");
        Ok(out)
    }
}
