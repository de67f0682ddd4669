//! Receivables mutations: a payment recorded against an order (never more than it still owes)
//! or on a customer's account (allocated by hand or oldest due first), and allocating one again.

use super::{invalid, Ctx, Effect, Outcome, R};
use crate::audit::{diff, AuditEntry, FieldChange};
use crate::error::{Action, DomainError, Entity};
use crate::ids::Id;
use crate::money::Money;
use crate::mutation::RowMeta;
use crate::order::OrderStatus;
use crate::permissions as perm;
use crate::receivables::{paid_total, settle, Allocation, Payment, PaymentData, PaymentRefusal};

impl Ctx<'_> {
    pub(super) fn record_payment(&self, id: Id, data: &PaymentData) -> R<Outcome> {
        self.need(
            perm::can_record_payment(self.actor()),
            Action::RecordPayment,
        )?;
        if self.reader.payment_exists(id)? {
            return Err(DomainError::AlreadyExists {
                entity: Entity::Payment,
                id,
            }
            .into());
        }
        data.validate(self.env.local_date()).map_err(invalid)?;
        let Some(order_id) = data.order_id else {
            return self.payment_on_account(id, data);
        };
        let order = self.reader.order(order_id)?.ok_or(DomainError::NotFound {
            entity: Entity::Order,
            id: order_id,
        })?;
        let refuse = |refusal| DomainError::Payment { refusal };
        if matches!(order.status, OrderStatus::Draft | OrderStatus::Cancelled) {
            return Err(refuse(PaymentRefusal::OrderNotLive).into());
        }
        let paid = paid_total(&self.reader.payments_of(order.id)?);
        let open = Money::round(order.total().decimal() - paid.decimal());
        if data.amount > open {
            return Err(refuse(PaymentRefusal::MoreThanOpen { open }).into());
        }
        let payment = Payment {
            id,
            customer_id: order.data.customer_id,
            data: PaymentData {
                payer: data.payer.trim().to_string(),
                reference: data.reference.trim().to_string(),
                account_of: None,
                ..data.clone()
            },
            meta: RowMeta::created(self.env),
        };
        // The order's history says it too: paid before → after.
        let paid_after = Money::round(paid.decimal() + payment.data.amount.decimal());
        let on_order = AuditEntry {
            entity: Entity::Order,
            entity_id: order.id,
            action: "payment".into(),
            changes: vec![FieldChange {
                field: "paid".into(),
                before: serde_json::json!(paid.to_string()),
                after: serde_json::json!(paid_after.to_string()),
            }],
        };
        Ok(Outcome {
            audit: vec![
                AuditEntry {
                    entity: Entity::Payment,
                    entity_id: id,
                    action: "record".into(),
                    changes: diff(None, &payment),
                },
                on_order,
            ],
            effects: vec![Effect::PutPayment(payment)],
        })
    }

    /// 按客户收款: money on the customer's account. What it allocates by hand must be open on
    /// those receivables (of this customer) today; the rest settles oldest due first when the
    /// ledger is settled, and what exceeds everything owed is the customer's advance.
    fn payment_on_account(&self, id: Id, data: &PaymentData) -> R<Outcome> {
        let customer_id = data.account_of.unwrap_or(Id::NIL);
        let customer = self
            .reader
            .customer(customer_id)?
            .filter(|c| !c.deleted)
            .ok_or(DomainError::NotFound {
                entity: Entity::Customer,
                id: customer_id,
            })?;
        self.check_allocations(customer.id, None, &data.allocations)?;
        let payment = Payment {
            id,
            customer_id: customer.id,
            data: PaymentData {
                payer: data.payer.trim().to_string(),
                reference: data.reference.trim().to_string(),
                ..data.clone()
            },
            meta: RowMeta::created(self.env),
        };
        Ok(Outcome {
            audit: vec![AuditEntry {
                entity: Entity::Payment,
                entity_id: id,
                action: "record".into(),
                changes: diff(None, &payment),
            }],
            effects: vec![Effect::PutPayment(payment)],
        })
    }

    /// Each allocation is a delivery of `customer` with at least that much open today, not
    /// counting what `except` (a payment being re-allocated) settles now.
    fn check_allocations(
        &self,
        customer: Id,
        except: Option<Id>,
        allocations: &[Allocation],
    ) -> R<()> {
        if allocations.is_empty() {
            return Ok(());
        }
        let mut ledger = self.reader.customer_ledger(customer)?;
        ledger.payments.retain(|p| Some(p.id) != except);
        let settled = settle(
            &ledger.receivables(),
            &ledger.payments,
            self.env.local_date(),
        );
        for a in allocations {
            let item = settled
                .items
                .iter()
                .find(|i| i.receivable.id == a.receivable_id);
            let (number, open) = match item {
                Some(i) => (i.receivable.number.clone(), i.open),
                None => (a.receivable_id.to_string(), Money::ZERO),
            };
            if a.amount > open {
                return Err(DomainError::Payment {
                    refusal: PaymentRefusal::MoreThanReceivableOpen { number, open },
                }
                .into());
            }
        }
        Ok(())
    }

    /// Allocates (again) by hand what a payment on account settles: its advance goes to the
    /// receivables chosen now.
    pub(super) fn allocate_payment(&self, id: Id, allocations: &[Allocation]) -> R<Outcome> {
        self.need(
            perm::can_record_payment(self.actor()),
            Action::RecordPayment,
        )?;
        let payment = self.reader.payment(id)?.ok_or(DomainError::NotFound {
            entity: Entity::Payment,
            id,
        })?;
        let mut data = PaymentData {
            allocations: allocations.to_vec(),
            ..payment.data.clone()
        };
        if payment.data.order_id.is_some() {
            return Err(
                DomainError::field("allocations", crate::error::ErrorCode::OutOfRange).into(),
            );
        }
        data.validate(crate::mutation::local_date(payment.meta.created_at).max(data.date))
            .map_err(invalid)?;
        self.check_allocations(payment.customer_id, Some(id), allocations)?;
        data.account_of = Some(payment.customer_id);
        let after = Payment {
            data,
            meta: payment.meta.touched(self.env),
            ..payment.clone()
        };
        Ok(Outcome {
            audit: vec![AuditEntry {
                entity: Entity::Payment,
                entity_id: id,
                action: "allocate".into(),
                changes: diff(Some(&payment), &after),
            }],
            effects: vec![Effect::PutPayment(after)],
        })
    }
}
