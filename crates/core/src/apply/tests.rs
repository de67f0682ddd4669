//! `apply` against an in-memory reader: rules, permissions and last-writer-wins.

use super::*;
use crate::actor::{Actor, Role};
use crate::customer::{CustomerData, CustomerField, Level, Source};
use crate::error::{DomainError, Entity, ErrorCode};
use crate::followup::{Channel, FollowUpData};
use crate::hlc::Hlc;
use crate::tag::TagData;
use crate::user::UserData;
use crate::Money;
use std::collections::HashMap;

#[derive(Clone, Default)]
pub(super) struct Mem {
    pub customers: HashMap<Id, Customer>,
    pub tags: HashMap<Id, Tag>,
    pub users: HashMap<Id, User>,
    pub follow_ups: HashMap<Id, FollowUp>,
    pub products: HashMap<Id, Product>,
    pub categories: HashMap<Id, Category>,
    pub warehouses: HashMap<Id, Warehouse>,
    pub moves: Vec<StockMove>,
    pub policy: Option<PolicyDoc>,
    pub rules: HashMap<Id, PriceRule>,
    pub company: Option<CompanyDoc>,
    pub quotes: HashMap<Id, Quote>,
    pub orders: HashMap<Id, crate::order::Order>,
    pub reservations: HashMap<Id, crate::order::Reservation>,
    pub payments: HashMap<Id, crate::receivables::Payment>,
    pub deliveries: HashMap<Id, crate::shipping::Delivery>,
    pub returns: HashMap<Id, crate::shipping::ReturnNote>,
    pub invoices: HashMap<Id, crate::invoice::Invoice>,
    pub quotas: HashMap<Id, crate::quota::QuotaMove>,
    /// Reads as a desk does (its last-known pool), not as the server.
    pub desk_copy: bool,
}

impl crate::quota::QuotaReader for Mem {
    fn desk_quota(
        &self,
        device: Id,
        product: Id,
        warehouse: Id,
    ) -> Result<crate::quota::DeskQuota, ReadError> {
        let mut held = crate::quota::DeskQuota::default();
        for m in self.quotas.values().filter(|m| {
            m.device_id == device && m.product_id == product && m.warehouse_id == warehouse
        }) {
            held.outstanding += m.qty;
            held.on_quota |= m.kind == crate::quota::QuotaKind::Grant;
        }
        Ok(held)
    }
    fn desk_quota_moves(&self, device: Id) -> Result<Vec<crate::quota::QuotaMove>, ReadError> {
        let mut v: Vec<_> = self
            .quotas
            .values()
            .filter(|m| m.device_id == device)
            .cloned()
            .collect();
        v.sort_by_key(|m| m.id);
        Ok(v)
    }
    fn live_pool(&self) -> bool {
        !self.desk_copy
    }
}

impl crate::invoice::InvoiceReader for Mem {
    fn invoice(&self, id: Id) -> Result<Option<crate::invoice::Invoice>, ReadError> {
        Ok(self.invoices.get(&id).cloned())
    }
    fn invoice_with_tax_number(&self, number: &str) -> Result<Option<Id>, ReadError> {
        Ok(self
            .invoices
            .values()
            .find(|i| {
                i.status != crate::invoice::InvoiceStatus::Withdrawn
                    && i.issued.as_ref().is_some_and(|x| x.number == number)
            })
            .map(|i| i.id))
    }
}

impl crate::shipping::ShippingReader for Mem {
    fn delivery(&self, id: Id) -> Result<Option<crate::shipping::Delivery>, ReadError> {
        Ok(self.deliveries.get(&id).cloned())
    }
    fn delivery_with_tracking(&self, number: &str) -> Result<Option<(Id, String)>, ReadError> {
        Ok(self
            .deliveries
            .values()
            .find(|d| d.parcels.iter().any(|p| p.tracking_no == number))
            .map(|d| (d.id, d.number.clone())))
    }
    fn return_exists(&self, id: Id) -> Result<bool, ReadError> {
        Ok(self.returns.contains_key(&id))
    }
}

impl crate::receivables::PaymentReader for Mem {
    fn payments_of(&self, order: Id) -> Result<Vec<crate::receivables::Payment>, ReadError> {
        Ok(self
            .payments
            .values()
            .filter(|p| p.data.order_id == Some(order))
            .cloned()
            .collect())
    }
    fn payment(&self, id: Id) -> Result<Option<crate::receivables::Payment>, ReadError> {
        Ok(self.payments.get(&id).cloned())
    }
    fn customer_ledger(
        &self,
        customer: Id,
    ) -> Result<crate::receivables::CustomerLedger, ReadError> {
        let orders: Vec<_> = self
            .orders
            .values()
            .filter(|o| o.data.customer_id == customer)
            .cloned()
            .collect();
        Ok(crate::receivables::CustomerLedger {
            deliveries: self
                .deliveries
                .values()
                .filter(|d| d.customer_id == customer)
                .cloned()
                .collect(),
            returns: self
                .returns
                .values()
                .filter(|r| r.customer_id == customer)
                .cloned()
                .collect(),
            payments: self
                .payments
                .values()
                .filter(|p| p.customer_id == customer)
                .cloned()
                .collect(),
            orders,
        })
    }
}

impl StateReader for Mem {
    fn customer(&self, id: Id) -> Result<Option<Customer>, ReadError> {
        Ok(self.customers.get(&id).cloned())
    }
    fn customer_ids_owned_by(&self, owner: Id) -> Result<Vec<Id>, ReadError> {
        let mut ids: Vec<Id> = self
            .customers
            .values()
            .filter(|c| c.owner_id == owner && !c.deleted)
            .map(|c| c.id)
            .collect();
        ids.sort();
        Ok(ids)
    }
    fn tag(&self, id: Id) -> Result<Option<Tag>, ReadError> {
        Ok(self.tags.get(&id).cloned())
    }
    fn user(&self, id: Id) -> Result<Option<User>, ReadError> {
        Ok(self.users.get(&id).cloned())
    }
    fn follow_up_exists(&self, id: Id) -> Result<bool, ReadError> {
        Ok(self.follow_ups.contains_key(&id))
    }
    fn product(&self, id: Id) -> Result<Option<Product>, ReadError> {
        Ok(self.products.get(&id).cloned())
    }
    fn product_by_code(&self, code: &str) -> Result<Option<Id>, ReadError> {
        Ok(self
            .products
            .values()
            .find(|p| !p.deleted && (p.data.sku == code || p.data.barcode == code))
            .map(|p| p.id))
    }
    fn category(&self, id: Id) -> Result<Option<Category>, ReadError> {
        Ok(self.categories.get(&id).cloned())
    }
    fn warehouse(&self, id: Id) -> Result<Option<Warehouse>, ReadError> {
        Ok(self.warehouses.get(&id).cloned())
    }
    fn stock_level(&self, product: Id, warehouse: Id) -> Result<StockLevel, ReadError> {
        Ok(StockLevel {
            on_hand: self
                .moves
                .iter()
                .filter(|m| m.product_id == product && m.warehouse_id == warehouse)
                .map(|m| m.qty)
                .sum(),
            reserved: self
                .reservations
                .values()
                .filter(|r| r.product_id == product && r.warehouse_id == warehouse)
                .map(|r| r.qty)
                .sum(),
            quota: self
                .quotas
                .values()
                .filter(|m| m.product_id == product && m.warehouse_id == warehouse)
                .map(|m| m.qty)
                .sum(),
        })
    }
    fn has_stock_moves(&self, product: Id, warehouse: Id) -> Result<bool, ReadError> {
        Ok(self
            .moves
            .iter()
            .any(|m| m.product_id == product && m.warehouse_id == warehouse))
    }
    fn stock_move_exists(&self, id: Id) -> Result<bool, ReadError> {
        Ok(self.moves.iter().any(|m| m.id == id))
    }
    fn pricing_policy(&self) -> Result<Option<PolicyDoc>, ReadError> {
        Ok(self.policy.clone())
    }
    fn price_rule(&self, id: Id) -> Result<Option<PriceRule>, ReadError> {
        Ok(self.rules.get(&id).cloned())
    }
    fn company(&self) -> Result<Option<CompanyDoc>, ReadError> {
        Ok(self.company.clone())
    }
    fn quote(&self, id: Id) -> Result<Option<Quote>, ReadError> {
        Ok(self.quotes.get(&id).cloned())
    }
    fn ordered_qty(
        &self,
        customer: Id,
        product: Id,
        since_ms: i64,
        except: Id,
    ) -> Result<Vec<rust_decimal::Decimal>, ReadError> {
        use crate::order::OrderStatus as S;
        Ok(self
            .orders
            .values()
            .filter(|o| o.id != except && o.data.customer_id == customer)
            .filter(|o| {
                !matches!(o.status, S::Draft | S::Cancelled) && o.meta.updated_at >= since_ms
            })
            .flat_map(|o| {
                o.data
                    .lines
                    .iter()
                    .filter(|l| l.product_id == product)
                    .map(|l| l.qty)
            })
            .collect())
    }
    fn order(&self, id: Id) -> Result<Option<crate::order::Order>, ReadError> {
        Ok(self.orders.get(&id).cloned())
    }
    fn receivable_orders(&self, customer: Id) -> Result<Vec<crate::order::Order>, ReadError> {
        Ok(self
            .orders
            .values()
            .filter(|o| o.data.customer_id == customer)
            .filter(|o| crate::order::RECEIVABLE.contains(&o.status))
            .cloned()
            .collect())
    }
    fn quote_versions(&self, need_id: Id) -> Result<Vec<Quote>, ReadError> {
        Ok(self
            .quotes
            .values()
            .filter(|q| q.need_id == need_id)
            .cloned()
            .collect())
    }
}

impl Mem {
    pub(super) fn commit(&mut self, out: Outcome) {
        for e in out.effects {
            match e {
                Effect::PutUser(u) => drop(self.users.insert(u.id, u)),
                Effect::PutCustomer(c) => drop(self.customers.insert(c.id, *c)),
                Effect::PutTag(t) => drop(self.tags.insert(t.id, t)),
                Effect::PutFollowUp(f) => drop(self.follow_ups.insert(f.id, f)),
                Effect::PutProduct(p) => drop(self.products.insert(p.id, *p)),
                Effect::PutCategory(c) => drop(self.categories.insert(c.id, c)),
                Effect::PutWarehouse(w) => drop(self.warehouses.insert(w.id, w)),
                Effect::PutStockMove(m) => self.moves.push(m),
                Effect::PutPricingPolicy(p) => self.policy = Some(p),
                Effect::PutPriceRule(r) => drop(self.rules.insert(r.id, r)),
                Effect::PutCompany(c) => self.company = Some(c),
                Effect::PutQuote(q) => drop(self.quotes.insert(q.id, *q)),
                Effect::PutOrder(o) => drop(self.orders.insert(o.id, *o)),
                Effect::PutReservation(r) => drop(self.reservations.insert(r.id, r)),
                Effect::PutPayment(p) => drop(self.payments.insert(p.id, p)),
                Effect::PutDelivery(d) => drop(self.deliveries.insert(d.id, *d)),
                Effect::PutReturn(r) => drop(self.returns.insert(r.id, *r)),
                Effect::PutInvoice(i) => drop(self.invoices.insert(i.id, *i)),
                Effect::PutQuotaMove(m) => drop(self.quotas.insert(m.id, m)),
            }
        }
    }
}

pub(super) fn id(n: u8) -> Id {
    Id::v7(1_700_000_000_000, [n; 10])
}

pub(super) const DEVICE_A: u8 = 200;
const DEVICE_B: u8 = 201;
// 2026-11-27 10:00 Asia/Shanghai
pub(super) const NOW: i64 = 1_795_744_800_000;

pub(super) struct World {
    pub mem: Mem,
    pub admin: Actor,
    pub rep1: Actor,
    pub rep2: Actor,
    pub clock: u64,
}

impl World {
    pub(super) fn new() -> World {
        let mut w = World {
            mem: Mem::default(),
            admin: Actor {
                user_id: id(1),
                role: Role::Admin,
                team: String::new(),
                device_id: id(DEVICE_A),
            },
            rep1: Actor {
                user_id: id(2),
                role: Role::Rep,
                team: "华东组".into(),
                device_id: id(DEVICE_A),
            },
            rep2: Actor {
                user_id: id(3),
                role: Role::Rep,
                team: "华南组".into(),
                device_id: id(DEVICE_B),
            },
            clock: 0,
        };
        for (a, name) in [
            (w.admin.clone(), "老板"),
            (w.rep1.clone(), "李娜"),
            (w.rep2.clone(), "王强"),
        ] {
            let admin = w.admin.clone();
            w.ok(
                &admin,
                Mutation::SaveUser {
                    id: a.user_id,
                    data: UserData {
                        name: name.into(),
                        role: a.role,
                        team: a.team.clone(),
                        active: true,
                    },
                },
            );
        }
        w
    }

    pub(super) fn env(&mut self, actor: &Actor, m: Mutation) -> Envelope {
        self.clock += 1;
        Envelope {
            id: Id::v7(NOW as u64, [self.clock as u8; 10]),
            schema: SCHEMA_VERSION,
            device_seq: self.clock,
            actor: actor.clone(),
            hlc: Hlc {
                ms: NOW as u64 + self.clock,
                counter: 0,
                node: actor.device_id,
            },
            at_ms: NOW,
            mutation: m,
        }
    }

    pub(super) fn run(&mut self, actor: &Actor, m: Mutation) -> Result<Outcome, ApplyError> {
        let env = self.env(actor, m);
        apply(&self.mem, &env)
    }

    pub(super) fn ok(&mut self, actor: &Actor, m: Mutation) -> Outcome {
        let out = self.run(actor, m).expect("mutation accepted");
        self.mem.commit(out.clone());
        out
    }

    pub(super) fn err(&mut self, actor: &Actor, m: Mutation) -> DomainError {
        match self.run(actor, m) {
            Err(ApplyError::Domain(e)) => e,
            other => panic!("expected a domain error, got {other:?}"),
        }
    }

    pub(super) fn create(&mut self, actor: &Actor, cid: Id, owner: Id) -> Outcome {
        self.ok(
            actor,
            Mutation::CreateCustomer {
                id: cid,
                code: format!("KH-K7-202611-{:04}", self.clock),
                owner_id: owner,
                data: data("厦门海湾贸易有限公司"),
            },
        )
    }
}

pub(super) fn data(name: &str) -> CustomerData {
    CustomerData {
        name: name.into(),
        short_name: String::new(),
        contacts: vec![],
        industry: "贸易".into(),
        province: "福建".into(),
        city: "厦门".into(),
        address: String::new(),
        level: Level::B,
        tag_ids: vec![],
        birthday: None,
        contract_expiry: None,
        credit_limit: Money::from_fen(1_000_000),
        notes: String::new(),
        source: Source::Fair,
        ship_to: vec![],
        payment_terms: None,
        invoice: None,
    }
}

#[test]
fn create_records_the_profile_meta_and_an_audit_entry() {
    let mut w = World::new();
    let rep1 = w.rep1.clone();
    let out = w.create(&rep1, id(10), rep1.user_id);
    let c = &w.mem.customers[&id(10)];
    assert_eq!(c.owner_id, rep1.user_id);
    assert_eq!(c.meta.created_by, rep1.user_id);
    assert_eq!(c.meta.created_device, id(DEVICE_A));
    assert_eq!(out.audit[0].action, "create");
    assert!(out.audit[0].changes.iter().any(|ch| ch.field == "name"));
    assert_eq!(
        w.err(
            &rep1,
            Mutation::CreateCustomer {
                id: id(10),
                code: "X".into(),
                owner_id: rep1.user_id,
                data: data("x")
            }
        ),
        DomainError::AlreadyExists {
            entity: Entity::Customer,
            id: id(10)
        }
    );
}

#[test]
fn invalid_data_is_refused_even_when_it_skips_the_form() {
    let mut w = World::new();
    let rep1 = w.rep1.clone();
    let mut bad = data("");
    bad.credit_limit = Money::from_fen(-1);
    let e = w.err(
        &rep1,
        Mutation::CreateCustomer {
            id: id(11),
            code: "X".into(),
            owner_id: rep1.user_id,
            data: bad,
        },
    );
    let fields: Vec<&str> = e.field_errors().iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, vec!["name", "credit_limit"]);
    assert!(w.mem.customers.is_empty());
}

#[test]
fn reps_cannot_create_for_or_edit_other_reps_customers() {
    let mut w = World::new();
    let (rep1, rep2) = (w.rep1.clone(), w.rep2.clone());
    assert_eq!(
        w.err(
            &rep1,
            Mutation::CreateCustomer {
                id: id(12),
                code: "X".into(),
                owner_id: rep2.user_id,
                data: data("x")
            }
        ),
        DomainError::Forbidden {
            action: crate::error::Action::CreateCustomer
        }
    );
    w.create(&rep2, id(12), rep2.user_id);
    let e = w.err(
        &rep1,
        Mutation::UpdateCustomer {
            id: id(12),
            changes: vec![CustomerField::City("上海".into())],
        },
    );
    assert_eq!(
        e,
        DomainError::Forbidden {
            action: crate::error::Action::EditCustomer
        }
    );
    assert_eq!(w.mem.customers[&id(12)].data.city, "厦门");
}

#[test]
fn concurrent_edits_of_different_fields_both_survive_and_same_field_newest_wins() {
    let mut w = World::new();
    let admin = w.admin.clone();
    w.create(&admin, id(13), w.rep1.user_id);
    // Two devices edit offline; B's edit of `city` is older (by HLC) than A's but syncs later.
    let mut a = w.env(
        &admin,
        Mutation::UpdateCustomer {
            id: id(13),
            changes: vec![
                CustomerField::City("上海".into()),
                CustomerField::Notes("A".into()),
            ],
        },
    );
    let mut b = w.env(
        &admin,
        Mutation::UpdateCustomer {
            id: id(13),
            changes: vec![
                CustomerField::City("广州".into()),
                CustomerField::Industry("制造".into()),
            ],
        },
    );
    a.hlc.ms += 100;
    b.hlc.node = id(DEVICE_B);
    w.mem.commit(apply(&w.mem, &a).unwrap());
    let out = apply(&w.mem, &b).unwrap();
    w.mem.commit(out.clone());
    let c = &w.mem.customers[&id(13)];
    assert_eq!(c.data.city, "上海", "newer edit wins the same field");
    assert_eq!(c.data.notes, "A");
    assert_eq!(c.data.industry, "制造", "a different field survives");
    let lost = out
        .audit
        .iter()
        .find(|e| e.action == "lww_lost")
        .expect("loser kept");
    assert_eq!(lost.changes[0].field, "city");
    assert!(lost.changes[0].before.to_string().contains("广州"));
}

#[test]
fn delete_restore_and_editing_a_deleted_customer() {
    let mut w = World::new();
    let rep1 = w.rep1.clone();
    w.create(&rep1, id(14), rep1.user_id);
    w.ok(&rep1, Mutation::DeleteCustomer { id: id(14) });
    assert!(w.mem.customers[&id(14)].deleted);
    assert_eq!(
        w.err(&rep1, Mutation::DeleteCustomer { id: id(14) }),
        DomainError::Deleted {
            entity: Entity::Customer,
            id: id(14)
        }
    );
    assert!(matches!(
        w.err(
            &rep1,
            Mutation::UpdateCustomer {
                id: id(14),
                changes: vec![CustomerField::Notes("x".into())]
            }
        ),
        DomainError::Deleted { .. }
    ));
    w.ok(&rep1, Mutation::RestoreCustomer { id: id(14) });
    assert!(!w.mem.customers[&id(14)].deleted);
    assert!(matches!(
        w.err(&rep1, Mutation::RestoreCustomer { id: id(14) }),
        DomainError::NotDeleted { .. }
    ));
}

#[test]
fn transfer_all_moves_every_live_customer_of_a_leaving_rep() {
    let mut w = World::new();
    let (admin, rep1, rep2) = (w.admin.clone(), w.rep1.clone(), w.rep2.clone());
    for n in 20..25 {
        w.create(&rep1, id(n), rep1.user_id);
    }
    w.create(&rep2, id(30), rep2.user_id);
    assert!(matches!(
        w.err(
            &rep1,
            Mutation::TransferAllCustomers {
                from_owner: rep1.user_id,
                to_owner: rep2.user_id
            }
        ),
        DomainError::Forbidden { .. }
    ));
    let out = w.ok(
        &admin,
        Mutation::TransferAllCustomers {
            from_owner: rep1.user_id,
            to_owner: rep2.user_id,
        },
    );
    assert_eq!(out.effects.len(), 5);
    assert!(w.mem.customers.values().all(|c| c.owner_id == rep2.user_id));
    assert!(out
        .audit
        .iter()
        .all(|a| a.action == "transfer" && a.changes.iter().any(|c| c.field == "owner_id")));
    assert_eq!(
        w.err(
            &admin,
            Mutation::TransferAllCustomers {
                from_owner: rep2.user_id,
                to_owner: rep2.user_id
            }
        ),
        DomainError::SameOwner
    );
}

#[test]
fn tags_must_exist_and_only_managers_and_admins_manage_them() {
    let mut w = World::new();
    let (admin, rep1) = (w.admin.clone(), w.rep1.clone());
    let tag = TagData {
        name: "高潜力客户".into(),
        color: "#d9363e".into(),
    };
    assert!(matches!(
        w.err(
            &rep1,
            Mutation::CreateTag {
                id: id(40),
                data: tag.clone()
            }
        ),
        DomainError::Forbidden { .. }
    ));
    w.ok(
        &admin,
        Mutation::CreateTag {
            id: id(40),
            data: tag,
        },
    );
    w.create(&rep1, id(41), rep1.user_id);
    w.ok(
        &rep1,
        Mutation::UpdateCustomer {
            id: id(41),
            changes: vec![CustomerField::TagIds(vec![id(40)])],
        },
    );
    assert_eq!(w.mem.customers[&id(41)].data.tag_ids, vec![id(40)]);
    let e = w.err(
        &rep1,
        Mutation::UpdateCustomer {
            id: id(41),
            changes: vec![CustomerField::TagIds(vec![id(99)])],
        },
    );
    assert_eq!(e.field_errors()[0].code, ErrorCode::UnknownTag);
    let bad = TagData {
        name: "x".into(),
        color: "red".into(),
    };
    assert_eq!(
        w.err(
            &admin,
            Mutation::UpdateTag {
                id: id(40),
                data: bad
            }
        )
        .field_errors()[0]
            .code,
        ErrorCode::InvalidColor
    );
}

#[test]
fn follow_ups_move_the_next_date_only_when_newest() {
    let mut w = World::new();
    let rep1 = w.rep1.clone();
    w.create(&rep1, id(50), rep1.user_id);
    let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    let entry = |date: &str, next: Option<&str>| FollowUpData {
        customer_id: id(50),
        date: d(date),
        channel: Channel::Phone,
        content: "报价已发，客户考虑中".into(),
        next_date: next.map(d),
    };
    w.ok(
        &rep1,
        Mutation::AddFollowUp {
            id: id(51),
            data: entry("2026-11-20", Some("2026-11-25")),
        },
    );
    assert_eq!(
        w.mem.customers[&id(50)].next_follow_up,
        Some(d("2026-11-25"))
    );
    w.ok(
        &rep1,
        Mutation::AddFollowUp {
            id: id(52),
            data: entry("2026-11-10", Some("2026-12-30")),
        },
    );
    assert_eq!(
        w.mem.customers[&id(50)].next_follow_up,
        Some(d("2026-11-25")),
        "back-dated entry"
    );
    let e = w.err(
        &rep1,
        Mutation::AddFollowUp {
            id: id(53),
            data: entry("2026-11-28", None),
        },
    );
    assert_eq!(e.field_errors()[0].code, ErrorCode::DateInFuture);
    let e = w.err(
        &rep1,
        Mutation::AddFollowUp {
            id: id(53),
            data: entry("2026-11-27", Some("2026-11-01")),
        },
    );
    assert_eq!(e.field_errors()[0].field, "next_date");
    assert!(matches!(
        w.err(
            &rep1,
            Mutation::AddFollowUp {
                id: id(51),
                data: entry("2026-11-27", None)
            }
        ),
        DomainError::AlreadyExists { .. }
    ));
}

/// A payment reminder is logged by whoever may chase the money: finance (which may not edit
/// customers) and the owner rep, not another rep nor the warehouse. Any other follow-up still
/// needs the right to edit the customer.
#[test]
fn finance_logs_reminders_on_any_customer_but_nothing_else() {
    let mut w = World::new();
    let rep1 = w.rep1.clone();
    let admin = w.admin.clone();
    w.create(&rep1, id(50), rep1.user_id);
    let mut people = Vec::new();
    for (n, role) in [(60u8, Role::Finance), (61, Role::Warehouse)] {
        let actor = Actor {
            user_id: id(n),
            role,
            team: String::new(),
            device_id: id(DEVICE_A),
        };
        w.ok(
            &admin,
            Mutation::SaveUser {
                id: actor.user_id,
                data: UserData {
                    name: format!("员工{n}"),
                    role,
                    team: String::new(),
                    active: true,
                },
            },
        );
        people.push(actor);
    }
    let (finance, keeper, rep2) = (people[0].clone(), people[1].clone(), w.rep2.clone());
    let entry = |channel: Channel| FollowUpData {
        customer_id: id(50),
        date: "2026-11-27".parse().unwrap(),
        channel,
        content: "已发送催款邮件".into(),
        next_date: None,
    };
    let add = |n: u8, channel: Channel| Mutation::AddFollowUp {
        id: id(n),
        data: entry(channel),
    };
    w.ok(&finance, add(70, Channel::ReminderEmail));
    w.ok(&rep1, add(71, Channel::ReminderEmail));
    for (who, n) in [(&keeper, 72), (&rep2, 73)] {
        assert!(matches!(
            w.err(who, add(n, Channel::ReminderEmail)),
            DomainError::Forbidden { .. }
        ));
    }
    assert!(matches!(
        w.err(&finance, add(74, Channel::Phone)),
        DomainError::Forbidden { .. }
    ));
}

#[test]
fn envelopes_from_a_newer_schema_are_refused() {
    let mut w = World::new();
    let admin = w.admin.clone();
    let mut env = w.env(&admin, Mutation::DeleteTag { id: id(1) });
    env.schema = SCHEMA_VERSION + 1;
    assert!(matches!(
        apply(&w.mem, &env),
        Err(ApplyError::Domain(DomainError::UnsupportedSchema { .. }))
    ));
}

#[test]
fn only_admins_manage_users() {
    let mut w = World::new();
    let rep1 = w.rep1.clone();
    let e = w.err(
        &rep1,
        Mutation::SaveUser {
            id: id(60),
            data: UserData {
                name: "x".into(),
                role: Role::Admin,
                team: String::new(),
                active: true,
            },
        },
    );
    assert!(matches!(e, DomainError::Forbidden { .. }));
}

#[test]
fn bulk_tagging_is_all_or_nothing_and_skips_customers_already_tagged() {
    let mut w = World::new();
    let (admin, rep1, rep2) = (w.admin.clone(), w.rep1.clone(), w.rep2.clone());
    let tag = TagData {
        name: "复购客户".into(),
        color: "#389e0d".into(),
    };
    w.ok(
        &admin,
        Mutation::CreateTag {
            id: id(70),
            data: tag,
        },
    );
    for n in 71..74 {
        w.create(&rep1, id(n), rep1.user_id);
    }
    w.create(&rep2, id(74), rep2.user_id);
    // Rep 1 may not tag rep 2's customer: nothing is tagged.
    let e = w.err(
        &rep1,
        Mutation::TagCustomers {
            tag_id: id(70),
            customer_ids: vec![id(71), id(74)],
            add: true,
        },
    );
    assert!(matches!(e, DomainError::Forbidden { .. }));
    assert!(w.mem.customers[&id(71)].data.tag_ids.is_empty());
    w.ok(
        &rep1,
        Mutation::UpdateCustomer {
            id: id(72),
            changes: vec![CustomerField::TagIds(vec![id(70)])],
        },
    );
    let out = w.ok(
        &rep1,
        Mutation::TagCustomers {
            tag_id: id(70),
            customer_ids: vec![id(71), id(72), id(73)],
            add: true,
        },
    );
    assert_eq!(out.effects.len(), 2, "72 already had the tag");
    assert!((71..74).all(|n| w.mem.customers[&id(n)].data.tag_ids == vec![id(70)]));
    w.ok(
        &rep1,
        Mutation::TagCustomers {
            tag_id: id(70),
            customer_ids: vec![id(71)],
            add: false,
        },
    );
    assert!(w.mem.customers[&id(71)].data.tag_ids.is_empty());
    let e = w.err(
        &rep1,
        Mutation::TagCustomers {
            tag_id: id(99),
            customer_ids: vec![id(71)],
            add: true,
        },
    );
    assert_eq!(e.field_errors()[0].code, ErrorCode::UnknownTag);
}

#[test]
fn a_tag_deleted_after_assignment_does_not_block_later_edits() {
    let mut w = World::new();
    let (admin, rep1) = (w.admin.clone(), w.rep1.clone());
    for (n, name) in [(80, "展会获客"), (81, "重点跟进")] {
        w.ok(
            &admin,
            Mutation::CreateTag {
                id: id(n),
                data: TagData {
                    name: name.into(),
                    color: "#1677ff".into(),
                },
            },
        );
    }
    w.create(&rep1, id(82), rep1.user_id);
    w.ok(
        &rep1,
        Mutation::UpdateCustomer {
            id: id(82),
            changes: vec![CustomerField::TagIds(vec![id(80)])],
        },
    );
    w.ok(&admin, Mutation::DeleteTag { id: id(80) });
    // Adding another tag keeps the deleted one; adding the deleted one again is refused.
    w.ok(
        &rep1,
        Mutation::UpdateCustomer {
            id: id(82),
            changes: vec![CustomerField::TagIds(vec![id(80), id(81)])],
        },
    );
    assert_eq!(w.mem.customers[&id(82)].data.tag_ids, vec![id(80), id(81)]);
    w.ok(
        &rep1,
        Mutation::UpdateCustomer {
            id: id(82),
            changes: vec![CustomerField::TagIds(vec![id(81)])],
        },
    );
    let e = w.err(
        &rep1,
        Mutation::UpdateCustomer {
            id: id(82),
            changes: vec![CustomerField::TagIds(vec![id(81), id(80)])],
        },
    );
    assert_eq!(e.field_errors()[0].code, ErrorCode::UnknownTag);
}

#[test]
fn a_former_owner_is_told_who_moved_the_customer_to_whom_and_when() {
    let mut w = World::new();
    let (admin, rep1, rep2) = (w.admin.clone(), w.rep1.clone(), w.rep2.clone());
    w.create(&rep1, id(40), rep1.user_id);
    w.ok(
        &admin,
        Mutation::ReassignCustomer {
            id: id(40),
            to_owner: rep2.user_id,
        },
    );
    let moved = w.mem.customers[&id(40)].moved.clone().unwrap();
    assert_eq!((moved.from, moved.by), (rep1.user_id, admin.user_id));
    let e = w.err(
        &rep1,
        Mutation::UpdateCustomer {
            id: id(40),
            changes: vec![CustomerField::City("上海".into())],
        },
    );
    assert_eq!(
        e.message(crate::Lang::Zh),
        "该客户已于 11-27 由 老板 转给 王强，您不能再修改它"
    );
    assert_eq!(
        e.message(crate::Lang::En),
        "This customer was moved to 王强 on 11-27 by 老板; you can no longer change it"
    );
    // Someone who never owned it gets the plain refusal.
    w.create(&rep2, id(41), rep2.user_id);
    assert_eq!(
        w.err(
            &rep1,
            Mutation::UpdateCustomer {
                id: id(41),
                changes: vec![CustomerField::City("上海".into())],
            },
        ),
        DomainError::Forbidden {
            action: crate::error::Action::EditCustomer
        }
    );
    // The hand-over's bookkeeping is not a field in the history.
    let history = crate::audit::diff(Some(&w.mem.customers[&id(41)]), &w.mem.customers[&id(40)]);
    assert!(history.iter().all(|c| c.field != "moved"));
}

#[test]
fn a_redacted_hold_keeps_the_pool_figures_and_nothing_else() {
    use crate::order::{pool_id, reservation_id, Reservation};
    let order = id(50);
    let hold = Reservation {
        id: reservation_id(order, 0),
        order_id: order,
        product_id: id(51),
        warehouse_id: id(52),
        qty: rust_decimal::Decimal::from(11),
        meta: crate::mutation::RowMeta::created(&w_env()),
    };
    let r = hold.redacted();
    assert_eq!(
        (r.product_id, r.warehouse_id, r.qty),
        (id(51), id(52), hold.qty)
    );
    assert_eq!(r.order_id, Id::NIL);
    assert_eq!(r.meta.created_by, Id::NIL);
    // One key in the pool for both forms, stable, and not the order's id in disguise.
    assert_eq!(r.id, pool_id(hold.id));
    assert_eq!(r.pool_id(), hold.pool_id());
    assert_eq!(r.redacted(), r);
    assert_ne!(r.id.0.as_bytes()[..12], order.0.as_bytes()[..12]);
    assert_eq!(
        pool_id(hold.id).to_string(),
        pool_id(reservation_id(order, 0)).to_string()
    );
    assert_ne!(pool_id(reservation_id(order, 1)), r.id);
}

fn w_env() -> Envelope {
    let mut w = World::new();
    let admin = w.admin.clone();
    w.env(&admin, Mutation::DeleteTag { id: id(99) })
}
