//! Receivables mutations: a payment recorded against an order (never more than it still owes).

use super::{invalid, Ctx, Effect, Outcome, R};
use crate::audit::{diff, AuditEntry, FieldChange};
use crate::error::{Action, DomainError, Entity};
use crate::ids::Id;
use crate::money::Money;
use crate::mutation::RowMeta;
use crate::order::OrderStatus;
use crate::permissions as perm;
use crate::receivables::{paid_total, Payment, PaymentData, PaymentRefusal};

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
        let order = self
            .reader
            .order(data.order_id)?
            .ok_or(DomainError::NotFound {
                entity: Entity::Order,
                id: data.order_id,
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
}
