//! Shipping and payments through `apply`: deliveries full and partial against holds, closing a
//! rest, returns, tracking numbers, the payment that releases an order, and refusals that
//! change nothing.

use super::tests::{id, World};
use super::tests_orders::{act, order_data};
use super::tests_sales::{d, setup, EAST, PRODUCT, SOUTH};
use super::*;
use crate::actor::{Actor, Role};
use crate::error::{DomainError, ErrorCode};
use crate::money::Money;
use crate::order::{OrderAction, OrderStatus, PaymentTerms};
use crate::receivables::{PaymentData, PaymentMethod, PaymentRefusal};
use crate::shipping::{Carrier, DeliveryData, ReturnData, ReturnLine, ShippingRefusal};
use chrono::NaiveDate;
use rust_decimal::Decimal;

pub(super) const ORDER: u8 = 80;

pub(super) fn staff(w: &mut World, role: Role, n: u8) -> Actor {
    let a = Actor {
        user_id: id(n),
        role,
        team: String::new(),
        device_id: id(super::tests::DEVICE_A),
    };
    let admin = w.admin.clone();
    w.ok(
        &admin,
        Mutation::SaveUser {
            id: a.user_id,
            data: crate::user::UserData {
                name: format!("员工{n}"),
                role,
                team: String::new(),
                active: true,
            },
        },
    );
    a
}

/// An approved order on `terms`: line 0 = 10 and line 1 = 5 from 华东仓 (50 on hand), line 2 =
/// 3 from 华南仓 (none there: held 0, 缺货 3).
pub(super) fn approved(w: &mut World, terms: PaymentTerms) {
    let mut data = order_data("10");
    data.terms = terms;
    let mut second = data.lines[0].clone();
    second.qty = d("5");
    let mut south = data.lines[0].clone();
    south.qty = d("3");
    south.warehouse_id = id(SOUTH);
    data.lines.push(second);
    data.lines.push(south);
    approve(w, data);
}

/// `data` as the rep's order ORDER, submitted and approved by the administrator.
fn approve(w: &mut World, data: crate::order::OrderData) {
    let (rep, admin) = (w.rep1.clone(), w.admin.clone());
    w.ok(
        &rep,
        Mutation::SaveOrder {
            id: id(ORDER),
            number: "SO-K7-202611-0001".into(),
            data,
        },
    );
    w.ok(&rep, act(OrderAction::Submit, ORDER));
    w.ok(&admin, act(OrderAction::Approve, ORDER));
}

pub(super) fn ship(n: u8, lines: &[(usize, &str)], tracking: &[&str]) -> Mutation {
    Mutation::ShipDelivery {
        id: id(n),
        number: format!("FH-K7-202611-{n:04}"),
        data: DeliveryData::new(
            id(ORDER),
            id(EAST),
            Carrier::Shunfeng,
            lines.iter().map(|(line, qty)| (*line, d(qty))),
            tracking.iter().map(|t| t.to_string()),
        ),
    }
}

fn with(m: Mutation, f: impl FnOnce(&mut DeliveryData)) -> Mutation {
    match m {
        Mutation::ShipDelivery {
            id,
            number,
            mut data,
        } => {
            f(&mut data);
            Mutation::ShipDelivery { id, number, data }
        }
        other => other,
    }
}

fn level(w: &World, wh: u8) -> crate::stock::StockLevel {
    w.mem.stock_level(id(PRODUCT), id(wh)).unwrap()
}

pub(super) fn order(w: &World) -> &crate::order::Order {
    &w.mem.orders[&id(ORDER)]
}

/// Everything a refused mutation must leave alone.
fn state(w: &World) -> String {
    let mut moves: Vec<String> = w.mem.moves.iter().map(|m| format!("{m:?}")).collect();
    moves.sort();
    let mut holds: Vec<String> = w
        .mem
        .reservations
        .values()
        .map(|r| format!("{r:?}"))
        .collect();
    holds.sort();
    format!(
        "{moves:?}{holds:?}{:?}{}{}",
        w.mem.orders.get(&id(ORDER)),
        w.mem.deliveries.len(),
        w.mem.payments.len()
    )
}

const SF1: &str = "SF1234567890123";
const SF2: &str = "SF1234567890124";

#[test]
fn delivery_rules_table() {
    use ShippingRefusal as R;
    let refusal = |r: ShippingRefusal| Err(DomainError::Shipping { refusal: r });
    let field = |f: &str, code| Err(DomainError::field(f, code));
    type Case = (&'static str, Mutation, Result<OrderStatus, DomainError>);
    let cases: Vec<Case> = vec![
        (
            "everything in 华东仓",
            ship(1, &[(0, "10"), (1, "5")], &[SF1]),
            Ok(OrderStatus::PartiallyShipped),
        ),
        (
            "part of one line",
            ship(1, &[(0, "4")], &[SF1]),
            Ok(OrderStatus::PartiallyShipped),
        ),
        (
            "more than ordered",
            ship(1, &[(0, "11")], &[SF1]),
            refusal(R::MoreThanOpen {
                sku: "CUP-500".into(),
                open: d("10"),
            }),
        ),
        (
            "no such line",
            ship(1, &[(7, "1")], &[SF1]),
            refusal(R::UnknownLine { line: 7 }),
        ),
        (
            "a line of another warehouse",
            ship(1, &[(2, "1")], &[SF1]),
            refusal(R::OtherWarehouse {
                sku: "CUP-500".into(),
            }),
        ),
        (
            "unheld goods (缺货 in 华南仓)",
            with(ship(1, &[(2, "1")], &[SF1]), |d| d.warehouse_id = id(SOUTH)),
            refusal(R::MoreThanHeld {
                sku: "CUP-500".into(),
                held: d("0"),
            }),
        ),
        (
            "zero",
            ship(1, &[(0, "0")], &[SF1]),
            field("lines.0.qty", ErrorCode::MustBePositive),
        ),
        (
            "the same line twice",
            ship(1, &[(0, "1"), (0, "1")], &[SF1]),
            field("lines.1.line", ErrorCode::Duplicate),
        ),
        (
            "no lines",
            ship(1, &[], &[SF1]),
            field("lines", ErrorCode::Required),
        ),
        (
            "no tracking number",
            ship(1, &[(0, "1")], &[]),
            field("parcels", ErrorCode::Required),
        ),
        (
            "a 中通 number on 顺丰",
            ship(1, &[(0, "1")], &["773123456789012"]),
            field("parcels.0.tracking_no", ErrorCode::InvalidTrackingNo),
        ),
        (
            "one number on two parcels",
            ship(1, &[(0, "1")], &[SF1, SF1]),
            field("parcels.1.tracking_no", ErrorCode::Duplicate),
        ),
        (
            "自送 without a driver",
            with(ship(1, &[(0, "1")], &[]), |d| {
                d.carrier = Carrier::OwnVehicle;
                d.plate = "浙A12345".into();
            }),
            field("driver", ErrorCode::Required),
        ),
        (
            "自送 with driver and plate",
            with(ship(1, &[(0, "10"), (1, "5")], &[]), |d| {
                d.carrier = Carrier::OwnVehicle;
                d.driver = "张师傅".into();
                d.plate = "浙A12345".into();
            }),
            Ok(OrderStatus::PartiallyShipped),
        ),
        (
            "自提",
            with(ship(1, &[(0, "1")], &[]), |d| d.carrier = Carrier::Pickup),
            Ok(OrderStatus::PartiallyShipped),
        ),
    ];
    for (what, m, want) in cases {
        let mut w = setup();
        approved(&mut w, PaymentTerms::Net { days: 30 });
        let keeper = staff(&mut w, Role::Warehouse, 20);
        let before = state(&w);
        let (on_hand, reserved) = (level(&w, EAST).on_hand, level(&w, EAST).reserved);
        match (w.run(&keeper, m.clone()), want) {
            (Ok(out), Ok(status)) => {
                w.mem.commit(out);
                let Mutation::ShipDelivery { data, .. } = &m else {
                    unreachable!()
                };
                let shipped: Decimal = data.lines.iter().map(|l| l.qty).sum();
                assert_eq!(order(&w).status, status, "{what}");
                assert_eq!(
                    level(&w, EAST).on_hand,
                    on_hand - shipped,
                    "{what}: ledger out"
                );
                assert_eq!(
                    level(&w, EAST).reserved,
                    reserved - shipped,
                    "{what}: holds consumed"
                );
                assert_eq!(w.mem.deliveries.len(), 1, "{what}");
            }
            (Err(ApplyError::Domain(e)), Err(want)) => {
                assert_eq!(e, want, "{what}");
                assert_eq!(state(&w), before, "{what}: a refusal changes nothing");
            }
            (got, want) => panic!("{what}: got {got:?}, want {want:?}"),
        }
    }
}

#[test]
fn partial_delivery_keeps_the_rest_held_until_shipped_or_closed() {
    let mut w = setup();
    approved(&mut w, PaymentTerms::CashOnDelivery);
    let keeper = staff(&mut w, Role::Warehouse, 20);
    let rep = w.rep1.clone();
    assert_eq!(level(&w, EAST).reserved, d("15"));
    w.ok(&keeper, ship(1, &[(0, "4")], &[SF1]));
    let o = order(&w);
    assert_eq!(o.status, OrderStatus::PartiallyShipped);
    assert_eq!(
        (o.open(0), o.stock[0].reserved),
        (d("6"), d("6")),
        "the rest of line 1 stays held (欠货)"
    );
    assert_eq!(level(&w, EAST).reserved, d("11"));
    // A tracking number belongs to one delivery.
    assert_eq!(
        w.err(&keeper, ship(2, &[(0, "6")], &[SF1])),
        DomainError::Shipping {
            refusal: ShippingRefusal::TrackingUsed {
                number: SF1.into(),
                delivery: "FH-K7-202611-0001".into()
            }
        }
    );
    // Replaying the same delivery is refused (it exists), never shipped twice.
    assert!(matches!(
        w.err(&keeper, ship(1, &[(0, "4")], &[SF1])),
        DomainError::AlreadyExists { .. }
    ));
    w.ok(&keeper, ship(2, &[(0, "6"), (1, "5")], &[SF2]));
    // Line 3 (华南仓, 缺货) is still open: not 已发货.
    assert_eq!(order(&w).status, OrderStatus::PartiallyShipped);
    assert_eq!(order(&w).open(2), d("3"));
    assert_eq!(level(&w, EAST).reserved, d("0"));
    assert_eq!(level(&w, EAST).on_hand, d("35"));
    // Closing the rest needs a reason and the right to change the order.
    assert!(matches!(
        w.err(
            &rep,
            Mutation::CloseOrderRest {
                id: id(ORDER),
                reason: " ".into()
            }
        ),
        DomainError::Validation { .. }
    ));
    let other_rep = w.rep2.clone();
    assert!(matches!(
        w.err(
            &other_rep,
            Mutation::CloseOrderRest {
                id: id(ORDER),
                reason: "客户不要了".into()
            }
        ),
        DomainError::Forbidden { .. }
    ));
    w.ok(
        &rep,
        Mutation::CloseOrderRest {
            id: id(ORDER),
            reason: "客户不要了".into(),
        },
    );
    let o = order(&w);
    assert_eq!(o.status, OrderStatus::Shipped);
    assert_eq!(o.closed, vec![d("0"), d("0"), d("3")]);
    assert_eq!(o.close_reason.as_deref(), Some("客户不要了"));
    assert!(o
        .stock
        .iter()
        .all(|s| s.reserved.is_zero() && s.short.is_zero()));
    assert!(
        w.mem.reservations.values().all(|r| r.qty.is_zero()),
        "nothing stays reserved"
    );
    assert!(matches!(
        w.err(
            &rep,
            Mutation::CloseOrderRest {
                id: id(ORDER),
                reason: "再关一次".into()
            }
        ),
        DomainError::OrderTransition { .. }
    ));
    assert!(matches!(
        w.err(&keeper, ship(3, &[(0, "1")], &["SF1234567890125"])),
        DomainError::OrderTransition { .. }
    ));
}

#[test]
fn a_rest_can_only_be_closed_after_a_partial_delivery() {
    let mut w = setup();
    approved(&mut w, PaymentTerms::CashOnDelivery);
    let rep = w.rep1.clone();
    // Nothing shipped yet: that is a cancellation, not a closed rest.
    assert!(matches!(
        w.err(
            &rep,
            Mutation::CloseOrderRest {
                id: id(ORDER),
                reason: "不要了".into()
            }
        ),
        DomainError::OrderTransition {
            from: OrderStatus::Approved,
            ..
        }
    ));
}

pub(super) fn give_back(n: u8, delivery: u8, lines: &[(usize, &str)], wh: u8) -> Mutation {
    Mutation::ReturnGoods {
        id: id(n),
        number: format!("TH-K7-202611-{n:04}"),
        data: ReturnData {
            delivery_id: id(delivery),
            warehouse_id: id(wh),
            lines: lines
                .iter()
                .map(|(line, qty)| ReturnLine {
                    line: *line,
                    qty: d(qty),
                })
                .collect(),
            reason: "包装破损".into(),
        },
    }
}

#[test]
fn returns_put_stock_back_and_never_more_than_shipped() {
    let mut w = setup();
    approved(&mut w, PaymentTerms::CashOnDelivery);
    let keeper = staff(&mut w, Role::Warehouse, 20);
    w.ok(&keeper, ship(1, &[(0, "4"), (1, "5")], &[SF1]));
    let before = state(&w);
    assert_eq!(
        w.err(&keeper, give_back(50, 1, &[(0, "5")], SOUTH)),
        DomainError::Shipping {
            refusal: ShippingRefusal::MoreThanShipped {
                sku: "CUP-500".into(),
                returnable: d("4")
            }
        }
    );
    assert_eq!(state(&w), before);
    assert!(matches!(
        w.err(&keeper, give_back(50, 9, &[(0, "1")], SOUTH)),
        DomainError::NotFound { .. }
    ));
    let rep = w.rep1.clone();
    assert!(matches!(
        w.err(&rep, give_back(50, 1, &[(0, "1")], SOUTH)),
        DomainError::Forbidden { .. }
    ));
    // One unit back into 华南仓 (not where it left from).
    w.ok(&keeper, give_back(50, 1, &[(0, "1")], SOUTH));
    assert_eq!(level(&w, SOUTH).on_hand, d("1"));
    assert_eq!(level(&w, EAST).on_hand, d("41"));
    assert_eq!(w.mem.deliveries[&id(1)].lines[0].returned, d("1"));
    assert_eq!(order(&w).returned, vec![d("1"), d("0"), d("0")]);
    assert_eq!(
        order(&w).open(0),
        d("6"),
        "a return does not reopen the line"
    );
    w.ok(&keeper, give_back(51, 1, &[(0, "3"), (1, "5")], EAST));
    assert!(matches!(
        w.err(&keeper, give_back(52, 1, &[(0, "1")], EAST)),
        DomainError::Shipping {
            refusal: ShippingRefusal::MoreThanShipped { .. }
        }
    ));
}

fn pay(n: u8, amount: &str, date: NaiveDate) -> Mutation {
    Mutation::RecordPayment {
        id: id(n),
        data: PaymentData {
            order_id: Some(id(ORDER)),
            account_of: None,
            allocations: Vec::new(),
            amount: Money::parse(amount).unwrap(),
            date,
            method: PaymentMethod::BankTransfer,
            payer: String::new(),
            reference: "回单 2026112700123".into(),
        },
    }
}

#[test]
fn payment_before_shipping_releases_the_order_to_the_warehouse() {
    let mut w = setup();
    approved(&mut w, PaymentTerms::PayBeforeShipping);
    let keeper = staff(&mut w, Role::Warehouse, 20);
    let finance = staff(&mut w, Role::Finance, 21);
    let rep = w.rep1.clone();
    let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let total = order(&w).total();
    assert_eq!(
        total,
        Money::parse("1800").unwrap(),
        "18 × 100, tax included"
    );
    assert_eq!(
        w.err(&keeper, ship(1, &[(0, "1")], &[SF1])),
        DomainError::Shipping {
            refusal: ShippingRefusal::AwaitingPayment
        }
    );
    let before = state(&w);
    assert!(matches!(
        w.err(&rep, pay(70, "100", today)),
        DomainError::Forbidden { .. }
    ));
    assert_eq!(
        w.err(&finance, pay(70, "1800.01", today)),
        DomainError::Payment {
            refusal: PaymentRefusal::MoreThanOpen { open: total }
        }
    );
    assert_eq!(
        w.err(&finance, pay(70, "100", today.succ_opt().unwrap())),
        DomainError::field("date", ErrorCode::DateInFuture)
    );
    assert_eq!(
        w.err(&finance, pay(70, "0", today)),
        DomainError::field("amount", ErrorCode::MustBePositive)
    );
    let mut long_payer = pay(70, "100", today);
    if let Mutation::RecordPayment { data, .. } = &mut long_payer {
        data.payer = "付".repeat(101);
    }
    assert_eq!(w.err(&finance, long_payer).field_errors()[0].field, "payer");
    assert_eq!(state(&w), before, "refused payments change nothing");
    // Part of it, paid by the customer's boss: still with finance.
    let mut by_boss = pay(70, "1000", today);
    if let Mutation::RecordPayment { data, .. } = &mut by_boss {
        data.payer = " 张总（个人账户） ".into();
    }
    w.ok(&finance, by_boss);
    assert_eq!(
        w.mem.payments[&id(70)].data.payer,
        "张总（个人账户）",
        "kept trimmed"
    );
    // Money was received: the order can't simply be cancelled any more (refund first).
    let before = state(&w);
    assert_eq!(
        w.err(&w.admin.clone(), act(OrderAction::Cancel, ORDER)),
        DomainError::Payment {
            refusal: PaymentRefusal::PaidOrderCancel {
                paid: Money::parse("1000").unwrap()
            }
        }
    );
    assert_eq!(state(&w), before);
    assert!(matches!(
        w.err(&keeper, ship(1, &[(0, "1")], &[SF1])),
        DomainError::Shipping {
            refusal: ShippingRefusal::AwaitingPayment
        }
    ));
    assert_eq!(
        w.err(&finance, pay(71, "800.01", today)),
        DomainError::Payment {
            refusal: PaymentRefusal::MoreThanOpen {
                open: Money::parse("800").unwrap()
            }
        }
    );
    w.ok(&finance, pay(71, "800", today));
    w.ok(&keeper, ship(1, &[(0, "10")], &[SF1]));
    assert_eq!(order(&w).status, OrderStatus::PartiallyShipped);
    // Nothing is left to pay.
    assert!(matches!(
        w.err(&finance, pay(72, "0.01", today)),
        DomainError::Payment {
            refusal: PaymentRefusal::MoreThanOpen { .. }
        }
    ));
}

#[test]
fn a_prepayment_releases_a_prepay_order_and_drafts_take_no_money() {
    let mut w = setup();
    let finance = staff(&mut w, Role::Finance, 21);
    let keeper = staff(&mut w, Role::Warehouse, 20);
    let rep = w.rep1.clone();
    let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    w.ok(
        &rep,
        Mutation::SaveOrder {
            id: id(ORDER),
            number: "SO-1".into(),
            data: order_data("10"),
        },
    );
    assert_eq!(
        w.err(&finance, pay(70, "100", today)),
        DomainError::Payment {
            refusal: PaymentRefusal::OrderNotLive
        }
    );
    w.ok(&rep, act(OrderAction::Submit, ORDER));
    let admin = w.admin.clone();
    w.ok(&admin, act(OrderAction::Approve, ORDER));
    // 30% of 1000 = 300.
    w.ok(&finance, pay(70, "299.99", today));
    assert!(w.run(&keeper, ship(1, &[(0, "10")], &[SF1])).is_err());
    w.ok(&finance, pay(71, "0.01", today));
    w.ok(&keeper, ship(1, &[(0, "10")], &[SF1]));
    assert_eq!(order(&w).status, OrderStatus::Shipped);
}

#[test]
fn the_ledger_must_have_what_leaves() {
    // A stock-take found less than the order holds: the delivery is refused, with the figure.
    let mut w = setup();
    approved(&mut w, PaymentTerms::CashOnDelivery);
    let keeper = staff(&mut w, Role::Warehouse, 20);
    let admin = w.admin.clone();
    w.ok(
        &admin,
        Mutation::RecordStock {
            id: id(91),
            entry: crate::stock::StockEntry::Count {
                product_id: id(PRODUCT),
                warehouse_id: id(EAST),
                counted: d("12"),
                reason: "盘亏".into(),
            },
        },
    );
    assert_eq!(
        w.err(&keeper, ship(1, &[(0, "10"), (1, "5")], &[SF1])),
        DomainError::Shipping {
            refusal: ShippingRefusal::MoreThanOnHand {
                sku: "CUP-500".into(),
                on_hand: d("12")
            }
        }
    );
    w.ok(&keeper, ship(1, &[(0, "10")], &[SF1]));
}

#[test]
fn a_tracking_alert_is_closed_by_a_note_of_whoever_looks_after_the_order() {
    use crate::shipping::{open_alerts, ParcelTrack, TrackEvent, TrackState, Tracking};
    let mut w = setup();
    approved(&mut w, PaymentTerms::CashOnDelivery);
    let keeper = staff(&mut w, Role::Warehouse, 20);
    let cashier = staff(&mut w, Role::Finance, 21);
    let (rep, other_rep) = (w.rep1.clone(), w.rep2.clone());
    w.ok(&keeper, ship(1, &[(0, "4")], &[SF1]));
    // The company server heard the parcel was refused (as its tracking round writes it).
    let at = NaiveDate::from_ymd_opt(2026, 11, 20)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap();
    let delivery = w.mem.deliveries.get_mut(&id(1)).unwrap();
    delivery.tracks.push(ParcelTrack {
        tracking_no: SF1.into(),
        tracking: Tracking {
            state: TrackState::Refused,
            events: vec![TrackEvent {
                at,
                context: "收件人拒收".into(),
                location: String::new(),
            }],
        },
    });
    let alerts = open_alerts(&w.mem.deliveries[&id(1)], at, 3);
    assert_eq!(alerts.len(), 1);
    let key = alerts[0].key.clone();
    let close = |key: &str, note: &str| Mutation::CloseTrackAlert {
        delivery_id: id(1),
        key: key.into(),
        note: note.into(),
    };
    // Refused, changing nothing: another rep's order, finance, no note, a key of no parcel.
    assert!(matches!(
        w.err(&other_rep, close(&key, "已联系")),
        DomainError::Forbidden { .. }
    ));
    assert!(matches!(
        w.err(&cashier, close(&key, "已联系")),
        DomainError::Forbidden { .. }
    ));
    assert_eq!(
        w.err(&rep, close(&key, "  ")),
        DomainError::Validation {
            errors: vec![crate::FieldError::new("note", ErrorCode::Required)]
        }
    );
    assert_eq!(
        w.err(&rep, close("SF0000000000000:refused", "已联系")),
        DomainError::Validation {
            errors: vec![crate::FieldError::new("key", ErrorCode::UnknownChoice)]
        }
    );
    assert_eq!(open_alerts(&w.mem.deliveries[&id(1)], at, 3).len(), 1);
    // The rep notes what was done: the alert is closed, the note kept on the delivery and in
    // the order's history.
    let out = w.ok(&rep, close(&key, "已联系客户，明天重新派送"));
    let d = &w.mem.deliveries[&id(1)];
    assert!(open_alerts(d, at, 3).is_empty());
    assert_eq!(d.alert_notes.len(), 1);
    assert_eq!(d.alert_notes[0].note, "已联系客户，明天重新派送");
    assert_eq!(d.alert_notes[0].by, rep.user_id);
    assert!(out
        .audit
        .iter()
        .any(|a| a.action == "alert_closed" && a.entity_id == id(ORDER)));
    // Closed once; the warehouse may close the next one.
    assert_eq!(
        w.err(&keeper, close(&key, "再次")),
        DomainError::Validation {
            errors: vec![crate::FieldError::new("key", ErrorCode::Duplicate)]
        }
    );
}

#[test]
fn each_delivery_is_a_receivable_and_a_return_a_credit_adding_up_to_the_order() {
    use crate::receivables::{order_receivables, settle, ReceivableKind};
    let mut w = setup();
    let keeper = staff(&mut w, Role::Warehouse, 20);
    // 3 at ¥33.3333 (tax included): ¥100.00 for the line, not a whole fen per unit.
    let mut data = order_data("3");
    data.terms = PaymentTerms::Net { days: 30 };
    data.lines[0].unit_price = d("33.3333");
    approve(&mut w, data);
    assert_eq!(order(&w).total(), Money::parse("100").unwrap());
    for (n, tracking) in [(1, SF1), (2, SF2), (3, "SF1234567890125")] {
        w.ok(&keeper, ship(n, &[(0, "1")], &[tracking]));
    }
    w.ok(&keeper, give_back(10, 2, &[(0, "1")], EAST));
    let deliveries: Vec<_> = w.mem.deliveries.values().cloned().collect();
    let returns: Vec<_> = w.mem.returns.values().cloned().collect();
    let rs = order_receivables(order(&w), &deliveries, &returns);
    let amounts = |kind| {
        let mut v: Vec<String> = rs
            .iter()
            .filter(|r| r.kind == kind)
            .map(|r| r.amount.plain())
            .collect();
        v.sort();
        v
    };
    // One delivery takes the fen the others round away; together exactly the order.
    assert_eq!(
        amounts(ReceivableKind::Delivery),
        ["33.33", "33.33", "33.34"]
    );
    assert_eq!(amounts(ReceivableKind::Return), ["-33.33"]);
    let sum: Money = rs
        .iter()
        .filter(|r| r.kind == ReceivableKind::Delivery)
        .map(|r| r.amount)
        .sum();
    assert_eq!(sum, Money::parse("100").unwrap());
    // 月结30天: due at the end of the shipping month plus 30 days.
    let shipped = crate::mutation::local_date(super::tests::NOW);
    let first = rs.iter().find(|r| r.id == id(1)).unwrap();
    assert_eq!(first.date, shipped);
    assert_eq!(
        first.due,
        crate::receivables::due_date(PaymentTerms::Net { days: 30 }, shipped)
    );
    assert!(first.due > shipped);
    // Nothing paid: open is what was shipped less what came back.
    let s = settle(&rs, &[], shipped);
    assert_eq!(s.open(), Money::parse("66.67").unwrap());
}

#[test]
fn the_credit_check_counts_what_is_shipped_or_promised_and_not_paid() {
    use super::tests_orders::order_data;
    let mut w = setup();
    // The first order: ¥1,800 on 月结30天, approved (¥10,000 limit).
    approved(&mut w, PaymentTerms::Net { days: 30 });
    let (rep, admin) = (w.rep1.clone(), w.admin.clone());
    let keeper = staff(&mut w, Role::Warehouse, 20);
    let finance = staff(&mut w, Role::Finance, 21);
    let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    // A second order of ¥8,500: with ¥1,800 owed it is over the limit by ¥300.
    const NEXT: u8 = 90;
    w.ok(
        &rep,
        Mutation::SaveOrder {
            id: id(NEXT),
            number: "SO-K7-202611-0002".into(),
            data: order_data("85"),
        },
    );
    let check = |w: &mut World| {
        w.ok(&rep, act(OrderAction::Submit, NEXT));
        let o = w.mem.orders[&id(NEXT)].clone();
        w.ok(
            &admin,
            Mutation::OrderAct {
                id: id(NEXT),
                action: OrderAction::Reject,
                reason: "再看".into(),
            },
        );
        (o.credit.open.plain(), o.over_credit)
    };
    assert_eq!(check(&mut w), ("1800.00".into(), true));
    // Paid ¥500: ¥1,300 still owed, the second order fits.
    w.ok(&finance, pay(70, "500", today));
    assert_eq!(check(&mut w), ("1300.00".into(), false));
    // Shipped goods stay owed until paid; two that come back are owed by nobody.
    w.ok(&keeper, ship(1, &[(0, "10"), (1, "5")], &[SF1]));
    assert_eq!(check(&mut w), ("1300.00".into(), false));
    w.ok(&keeper, give_back(10, 1, &[(0, "2")], EAST));
    assert_eq!(check(&mut w), ("1100.00".into(), false));
    // The rest the customer no longer wants (3 from 华南仓) is not owed either.
    w.ok(
        &rep,
        Mutation::CloseOrderRest {
            id: id(ORDER),
            reason: "客户不要了".into(),
        },
    );
    assert_eq!(check(&mut w), ("800.00".into(), false));
    // Paid for more than it kept: an advance, and nothing owed (never below zero).
    w.ok(&finance, pay(71, "1300", today));
    assert_eq!(check(&mut w), ("0.00".into(), false));
}
